//! Demo data: loaded by `atende seed --demo` and on the first start of an
//! empty database (setting `demo_data`), so a fresh install has something to
//! look at. Idempotent: a marker in `system_settings` records that it ran.
//!
//! The set: two segments, two consultancies with five client companies
//! between them, and one user per role, all signing in with
//! [`DEMO_PASSWORD`] (see [`demo_logins`]).

use anyhow::Context;
use atende_core::{cnpj::Cnpj, locale::Locale, permissions::Role};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait, PaginatorTrait};
use uuid::Uuid;

use crate::{
    audit,
    companies::{
        entity::{self as company, CompanyKind},
        segment,
    },
    identity::{password, user, user_company},
    state::AppState,
    system::setting,
};

const SEEDED_MARKER: &str = "demo_data_seeded_at";

/// The password of every demo user. Public on purpose: it is printed at
/// start-up and in the README, and demo data is for trying Atende out.
pub const DEMO_PASSWORD: &str = "Atende#Demo2026";

/// The time zone of the demo users (and Atende's default).
const TIME_ZONE: &str = "America/Sao_Paulo";

struct DemoSegment {
    name: &'static str,
    description: &'static str,
}

const SEGMENTS: [DemoSegment; 2] = [
    DemoSegment {
        name: "Contabilidade",
        description: "Clientes atendidos em contabilidade, fiscal e folha de pagamento.",
    },
    DemoSegment {
        name: "Tecnologia",
        description: "Clientes atendidos em suporte de TI, infraestrutura e sistemas.",
    },
];

struct DemoCompany {
    legal_name: &'static str,
    trade_name: &'static str,
    /// Valid check digits (a unit test parses every one).
    cnpj: &'static str,
    /// Index into [`SEGMENTS`].
    segment: usize,
    /// Index into [`CONSULTANCIES`]; `None` for a consultancy.
    consultancy: Option<usize>,
}

const CONSULTANCIES: [DemoCompany; 2] = [
    DemoCompany {
        legal_name: "Contábil Horizonte Assessoria Ltda",
        trade_name: "Contábil Horizonte",
        cnpj: "47.120.358/0001-11",
        segment: 0,
        consultancy: None,
    },
    DemoCompany {
        legal_name: "Núcleo TI Consultoria Ltda",
        trade_name: "Núcleo TI",
        cnpj: "58.391.426/0001-01",
        segment: 1,
        consultancy: None,
    },
];

const CLIENTS: [DemoCompany; 5] = [
    DemoCompany {
        legal_name: "Padaria Pão Dourado Ltda",
        trade_name: "Pão Dourado",
        cnpj: "61.204.837/0001-47",
        segment: 0,
        consultancy: Some(0),
    },
    DemoCompany {
        legal_name: "Mercado Bom Preço Comércio de Alimentos Ltda",
        trade_name: "Mercado Bom Preço",
        cnpj: "70.518.294/0001-23",
        segment: 0,
        consultancy: Some(0),
    },
    DemoCompany {
        legal_name: "Construtora Alicerce Engenharia Ltda",
        trade_name: "Alicerce Engenharia",
        cnpj: "82.463.015/0001-50",
        segment: 1,
        consultancy: Some(0),
    },
    DemoCompany {
        legal_name: "Clínica Vida Plena Serviços Médicos Ltda",
        trade_name: "Clínica Vida Plena",
        cnpj: "93.627.541/0001-25",
        segment: 1,
        consultancy: Some(1),
    },
    DemoCompany {
        legal_name: "Transportadora Rota Sul Ltda",
        trade_name: "Rota Sul",
        // An alphanumeric CNPJ, as issued since July 2026.
        cnpj: "4N.7KQ.2Z8/0001-83",
        segment: 0,
        consultancy: Some(1),
    },
];

/// A company a demo user is linked to.
enum Link {
    /// Index into [`CONSULTANCIES`]: covers all of its clients.
    Consultancy(usize),
    /// Index into [`CLIENTS`].
    Client(usize),
}

struct DemoUser {
    role: Role,
    name: &'static str,
    email: &'static str,
    links: &'static [Link],
}

const USERS: [DemoUser; 5] = [
    // Administrators see every company; they need no link.
    DemoUser {
        role: Role::Admin,
        name: "Ana Souza",
        email: "admin@atende.demo",
        links: &[],
    },
    DemoUser {
        role: Role::Supervisor,
        name: "Bruno Carvalho",
        email: "supervisor@atende.demo",
        links: &[Link::Consultancy(0)],
    },
    DemoUser {
        role: Role::Agent,
        name: "Camila Ribeiro",
        email: "agente@atende.demo",
        links: &[Link::Consultancy(0)],
    },
    DemoUser {
        role: Role::ClientSupervisor,
        name: "Daniela Martins",
        email: "cliente.supervisor@atende.demo",
        links: &[Link::Client(0), Link::Client(1)],
    },
    DemoUser {
        role: Role::Client,
        name: "Eduardo Lima",
        email: "cliente@atende.demo",
        links: &[Link::Client(0)],
    },
];

/// The e-mail address of the demo user of each role, in role order. They
/// all sign in with [`DEMO_PASSWORD`].
pub fn demo_logins() -> Vec<(Role, &'static str)> {
    USERS.iter().map(|u| (u.role, u.email)).collect()
}

/// The start-up variant (setting `demo_data`): seeds only a database that
/// has no users yet, so demo accounts never land among real ones.
pub async fn seed_on_first_start(state: &AppState) -> anyhow::Result<bool> {
    if user::Entity::find().count(&state.db).await? > 0 {
        return Ok(false);
    }
    seed(state).await
}

/// Loads the demo data set unless it was loaded before. Returns whether it
/// loaded anything. Everything is written in one transaction.
pub async fn seed(state: &AppState) -> anyhow::Result<bool> {
    if setting::get(&state.db, SEEDED_MARKER).await?.is_some() {
        tracing::info!("demo data already present");
        return Ok(false);
    }
    // Hash before the transaction opens, so it stays short; argon2 is slow
    // on purpose and belongs off the async workers.
    let hashes = tokio::task::spawn_blocking(|| {
        USERS
            .iter()
            .map(|_| password::hash(DEMO_PASSWORD))
            .collect::<Result<Vec<_>, _>>()
    })
    .await
    .context("hashing the demo password")?
    .context("hashing the demo password")?;
    let now = state.clock.now();
    let txn = crate::db::begin_write(&state.db).await?;
    // The marker first: another replica seeding at the same moment waits
    // here for this transaction, then finds the marker and stops.
    if !setting::insert_if_absent(&txn, SEEDED_MARKER, &now.to_rfc3339(), now).await? {
        tracing::info!("demo data already present");
        return Ok(false);
    }
    let segment_ids = insert_segments(&txn, now).await?;
    let consultancy_ids = insert_companies(&txn, &CONSULTANCIES, &segment_ids, &[], now).await?;
    let client_ids = insert_companies(&txn, &CLIENTS, &segment_ids, &consultancy_ids, now).await?;
    insert_users(&txn, &hashes, &consultancy_ids, &client_ids, now).await?;
    let summary = serde_json::json!({
        "segments": segment_ids.len(),
        "companies": consultancy_ids.len() + client_ids.len(),
        "users": USERS.len(),
    });
    audit::record(
        &txn,
        &audit::AuditContext::system(),
        audit::Change {
            action: "demo.seeded",
            entity_type: "installation",
            after: Some(summary),
            ..audit::Change::default()
        },
        now,
    )
    .await?;
    txn.commit().await?;
    tracing::info!("demo data loaded");
    for (role, email) in demo_logins() {
        tracing::info!(
            role = role.as_str(),
            email,
            password = DEMO_PASSWORD,
            "demo login"
        );
    }
    Ok(true)
}

async fn insert_segments(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> anyhow::Result<Vec<Uuid>> {
    let ids: Vec<Uuid> = SEGMENTS.iter().map(|_| Uuid::now_v7()).collect();
    let rows = SEGMENTS
        .iter()
        .zip(&ids)
        .map(|(s, id)| segment::ActiveModel {
            id: Set(*id),
            name: Set(s.name.to_owned()),
            name_key: Set(segment::name_key(s.name)),
            description: Set(Some(s.description.to_owned())),
            created_at: Set(now),
            updated_at: Set(now),
        });
    segment::Entity::insert_many(rows)
        .exec_without_returning(db)
        .await?;
    Ok(ids)
}

/// Inserts `companies`; clients name their consultancy by index into
/// `consultancy_ids`. Returns the new ids in order.
async fn insert_companies(
    db: &impl ConnectionTrait,
    companies: &[DemoCompany],
    segment_ids: &[Uuid],
    consultancy_ids: &[Uuid],
    now: DateTime<Utc>,
) -> anyhow::Result<Vec<Uuid>> {
    let mut ids = Vec::with_capacity(companies.len());
    let mut rows = Vec::with_capacity(companies.len());
    for c in companies {
        let cnpj = Cnpj::parse(c.cnpj)
            .with_context(|| format!("the demo CNPJ {} of {}", c.cnpj, c.legal_name))?;
        let consultancy_id = c
            .consultancy
            .map(|i| consultancy_ids.get(i).copied())
            .map(|id| id.context("a demo client names a missing consultancy"))
            .transpose()?;
        let id = Uuid::now_v7();
        ids.push(id);
        rows.push(company::ActiveModel {
            id: Set(id),
            kind: Set(if consultancy_id.is_some() {
                CompanyKind::Client
            } else {
                CompanyKind::Consultancy
            }),
            consultancy_id: Set(consultancy_id),
            legal_name: Set(c.legal_name.to_owned()),
            trade_name: Set(Some(c.trade_name.to_owned())),
            cnpj: Set(cnpj.as_str().to_owned()),
            segment_id: Set(segment_ids.get(c.segment).copied()),
            active: Set(true),
            created_at: Set(now),
            updated_at: Set(now),
        });
    }
    company::Entity::insert_many(rows)
        .exec_without_returning(db)
        .await?;
    Ok(ids)
}

async fn insert_users(
    db: &impl ConnectionTrait,
    hashes: &[String],
    consultancy_ids: &[Uuid],
    client_ids: &[Uuid],
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let mut users = Vec::with_capacity(USERS.len());
    let mut links = Vec::new();
    for (u, hash) in USERS.iter().zip(hashes) {
        let id = Uuid::now_v7();
        users.push(user::ActiveModel {
            id: Set(id),
            name: Set(u.name.to_owned()),
            email: Set(u.email.to_owned()),
            email_key: Set(user::email_key(u.email)),
            password_hash: Set(Some(hash.clone())),
            role: Set(u.role.as_str().to_owned()),
            active: Set(true),
            locale: Set(Locale::PtBr.tag().to_owned()),
            time_zone: Set(TIME_ZONE.to_owned()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        });
        for link in u.links {
            let company_id = match link {
                Link::Consultancy(i) => consultancy_ids.get(*i),
                Link::Client(i) => client_ids.get(*i),
            }
            .copied()
            .context("a demo user is linked to a missing company")?;
            links.push(user_company::ActiveModel {
                user_id: Set(id),
                company_id: Set(company_id),
            });
        }
    }
    user::Entity::insert_many(users)
        .exec_without_returning(db)
        .await?;
    user_company::Entity::insert_many(links)
        .exec_without_returning(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_cnpj_is_valid_and_distinct() {
        let mut seen = std::collections::HashSet::new();
        for c in CONSULTANCIES.iter().chain(&CLIENTS) {
            let cnpj = Cnpj::parse(c.cnpj).unwrap_or_else(|e| panic!("{}: {e}", c.cnpj));
            assert_eq!(cnpj.formatted(), c.cnpj, "written in the usual form");
            assert!(seen.insert(cnpj), "{} is repeated", c.cnpj);
        }
    }

    #[test]
    fn there_is_one_demo_login_per_role() {
        let roles: Vec<Role> = demo_logins().into_iter().map(|(r, _)| r).collect();
        assert_eq!(roles, Role::ALL);
    }

    #[test]
    fn the_demo_password_is_not_a_weak_one() {
        assert!(DEMO_PASSWORD.chars().count() >= 10);
        assert!(DEMO_PASSWORD.chars().any(|c| c.is_ascii_digit()));
        assert!(DEMO_PASSWORD.chars().any(|c| !c.is_alphanumeric()));
    }

    #[test]
    fn demo_links_point_at_existing_companies_and_clients_stay_in_clients() {
        for u in &USERS {
            for link in u.links {
                match link {
                    Link::Consultancy(i) => {
                        assert!(*i < CONSULTANCIES.len());
                        assert!(!u.role.is_client(), "{:?} linked to a consultancy", u.role);
                    }
                    Link::Client(i) => assert!(*i < CLIENTS.len()),
                }
            }
        }
        assert!(
            CLIENTS
                .iter()
                .all(|c| c.consultancy.is_some_and(|i| i < CONSULTANCIES.len()))
        );
    }
}

/// Sample work on top of the demo data (setting `demo_samples`, on the
/// start that loads the demo data): a few dozen tickets with their threads
/// and pending items in every step of the workflow, written through the
/// same services as the API, so a first look at the lists, boards,
/// dashboards and reports is not at empty screens.
pub async fn seed_samples(state: &AppState) -> anyhow::Result<()> {
    use atende_types::pending::{PendingItemCreate, PendingItemStep};
    use sea_orm::{ColumnTrait, QueryFilter};

    use crate::pending_items::service as pending;

    let actor_of = |email: &'static str| async move {
        let found = user::Entity::find()
            .filter(user::Column::EmailKey.eq(user::email_key(email)))
            .one(&state.db)
            .await?
            .with_context(|| format!("demo user {email}"))?;
        crate::auth::actor::for_user(state, found.id)
            .await
            .map_err(|e| anyhow::anyhow!("acting as {email}: {e}"))
    };
    let admin = actor_of("admin@atende.demo").await?;
    let operator = actor_of("agente@atende.demo").await?;
    let supervisor = actor_of("supervisor@atende.demo").await?;
    let client = actor_of("cliente@atende.demo").await?;
    seed_desk_setup(state, &admin, &supervisor, &operator)
        .await
        .context("sample calendar, SLA policies, categories and teams")?;
    // A week of tickets: against the policies above, the open ones
    // show every SLA state (on track, at risk, breached), as they would
    // in an office that has run Atende for a while.
    crate::tickets::seed::seed_tickets(state, SAMPLE_TICKETS, chrono::Duration::days(7), |_| {})
        .await
        .context("sample tickets")?;
    backfill_sla(state).await.context("sample SLA clocks")?;
    seed_desk_shortcuts(state, &supervisor, &operator)
        .await
        .context("sample canned responses and saved views")?;
    seed_automation(state, &supervisor)
        .await
        .context("sample automation rules")?;
    seed_webhook(state, &admin)
        .await
        .context("sample webhook endpoint")?;
    let company_id = |trade_name: &str| {
        let trade_name = trade_name.to_owned();
        async move {
            company::Entity::find()
                .filter(company::Column::TradeName.eq(trade_name.as_str()))
                .one(&state.db)
                .await?
                .map(|c| c.id)
                .with_context(|| format!("demo company {trade_name}"))
        }
    };
    let today = state
        .clock
        .now()
        .with_timezone(&chrono_tz::America::Sao_Paulo)
        .date_naive();
    let step = |action: &str, reason: Option<&str>| PendingItemStep {
        action: action.to_owned(),
        reason: reason.map(str::to_owned),
    };
    for sample in SAMPLE_PENDING {
        let item = pending::create(
            state,
            &operator,
            PendingItemCreate {
                title: sample.title.to_owned(),
                description: sample.description.to_owned(),
                company_id: company_id(sample.company).await?,
                category: Some(sample.category.to_owned()),
                due_date: today.checked_add_signed(chrono::Duration::days(sample.due_in_days)),
                document_number: sample.document.map(str::to_owned),
                reference_date: None,
                amount_cents: sample.amount_cents,
                submit: sample.stage != SampleStage::Draft,
            },
        )
        .await
        .map_err(|e| anyhow::anyhow!("sample item {}: {e}", sample.title))?;
        let mut steps: Vec<(&crate::auth::Actor, PendingItemStep)> = Vec::new();
        match sample.stage {
            SampleStage::Draft | SampleStage::Submitted => {}
            SampleStage::Refused => steps.push((
                &supervisor,
                step(
                    "refuse",
                    Some("Falta o número do documento; confira e reenvie."),
                ),
            )),
            SampleStage::AwaitingClient | SampleStage::Answered | SampleStage::Resolved => {
                steps.push((&supervisor, step("approve", None)));
            }
        }
        for (actor, input) in steps {
            pending::step(state, actor, item.id, input)
                .await
                .map_err(|e| anyhow::anyhow!("sample step on {}: {e}", sample.title))?;
        }
        if matches!(sample.stage, SampleStage::Answered | SampleStage::Resolved) {
            pending::answer(
                state,
                &client,
                item.id,
                "Segue o documento solicitado. Qualquer dúvida, estou à disposição.",
            )
            .await
            .map_err(|e| anyhow::anyhow!("sample answer on {}: {e}", sample.title))?;
        }
        if sample.stage == SampleStage::Resolved {
            for (actor, action) in [(&operator, "start"), (&supervisor, "resolve")] {
                pending::step(state, actor, item.id, step(action, None))
                    .await
                    .map_err(|e| anyhow::anyhow!("sample {action} on {}: {e}", sample.title))?;
            }
        }
    }
    tracing::info!(
        tickets = SAMPLE_TICKETS,
        pending_items = SAMPLE_PENDING.len(),
        "demo samples loaded"
    );
    Ok(())
}

/// The office's calendar, the SLA policies on it, the category tree and
/// the teams: what an administrator sets up on the first day.
async fn seed_desk_setup(
    state: &AppState,
    admin: &crate::auth::Actor,
    supervisor: &crate::auth::Actor,
    operator: &crate::auth::Actor,
) -> anyhow::Result<()> {
    use atende_types::sla::{
        CalendarInput, Escalation, HoursInterval, PolicyConditions, PolicyInput,
    };
    use atende_types::tickets::TicketCategoryInput;

    use crate::tickets::catalog::{self, TeamInput, TeamMember};

    let fail = |what: &'static str| move |e: crate::error::ApiError| anyhow::anyhow!("{what}: {e}");
    let hours = |start: &str, end: &str| HoursInterval {
        start: start.to_owned(),
        end: end.to_owned(),
    };
    let office_day = vec![hours("08:00", "12:00"), hours("13:00", "18:00")];
    let calendar = crate::sla::routes::store_calendar(
        state,
        admin,
        None,
        CalendarInput {
            name: "Expediente comercial (São Paulo)".to_owned(),
            time_zone: Some(TIME_ZONE.to_owned()),
            week: vec![
                office_day.clone(),
                office_day.clone(),
                office_day.clone(),
                office_day.clone(),
                office_day,
                Vec::new(),
                Vec::new(),
            ],
            national_holidays: true,
            carnival: true,
            states: vec!["SP".to_owned()],
            custom_holidays: Vec::new(),
            is_default: true,
        },
    )
    .await
    .map_err(fail("calendar"))?;
    let category = |name: &'static str, parent: Option<Uuid>| {
        catalog::store_category(
            state,
            admin,
            None,
            TicketCategoryInput {
                name: name.to_owned(),
                parent_id: parent,
                active: None,
                position: None,
            },
        )
    };
    for (parent, children) in CATEGORIES {
        let parent = category(parent, None).await.map_err(fail("category"))?;
        for child in *children {
            category(child, Some(parent.id))
                .await
                .map_err(fail("subcategory"))?;
        }
    }
    let member = |actor: &crate::auth::Actor| -> anyhow::Result<TeamMember> {
        Ok(TeamMember {
            user_id: actor.user().map_err(|e| anyhow::anyhow!("{e}"))?.id,
            available: true,
        })
    };
    for (name, assignment) in [
        ("Fiscal e contábil", "round_robin"),
        ("Suporte de TI", "least_open"),
    ] {
        catalog::add_team(
            state,
            admin,
            TeamInput {
                name: name.to_owned(),
                assignment: assignment.to_owned(),
                members: vec![member(operator)?, member(supervisor)?],
            },
        )
        .await
        .map_err(fail("team"))?;
    }
    let policy = |name: &str, priorities: &[&str], first: i64, resolution: i64| PolicyInput {
        name: name.to_owned(),
        position: None,
        conditions: PolicyConditions {
            priorities: priorities.iter().map(|p| (*p).to_owned()).collect(),
            ..PolicyConditions::default()
        },
        calendar_id: calendar.id,
        first_response_minutes: Some(first),
        next_response_minutes: None,
        resolution_minutes: Some(resolution),
        warn_percent: Some(75),
        escalation: Escalation {
            notify_supervisors: true,
            ..Escalation::default()
        },
    };
    // Business minutes on a nine-hour day.
    for input in [
        policy("Urgente e alta", &["urgent", "high"], 120, 9 * 60 * 2),
        policy("Padrão", &[], 9 * 60, 9 * 60 * 5),
    ] {
        crate::sla::routes::add_policy(state, admin, input)
            .await
            .map_err(fail("policy"))?;
    }
    Ok(())
}

/// Automation rules a consultancy starts with: routing by text, an
/// out-of-hours reply naming the next opening, an escalation before the
/// resolution target and closing tickets left waiting on the client.
/// A webhook endpoint to show the Integrações screen: switched off, as its
/// address is an example (switch it on with a real receiver's URL).
async fn seed_webhook(state: &AppState, admin: &crate::auth::Actor) -> anyhow::Result<()> {
    use atende_core::events::EventKind;
    use atende_types::webhooks::WebhookEndpointInput;
    use sea_orm::{ColumnTrait, QueryFilter};

    let consultancy = company::Entity::find()
        .filter(company::Column::TradeName.eq("Contábil Horizonte"))
        .one(&state.db)
        .await?
        .context("the demo consultancy")?;
    crate::webhooks::service::create(
        state,
        admin,
        WebhookEndpointInput {
            name: "CRM da Contábil Horizonte (exemplo)".into(),
            url: "https://crm.exemplo.com.br/webhooks/atende".into(),
            event_types: vec![
                EventKind::TicketCreated,
                EventKind::TicketPublicReply,
                EventKind::TicketStatusChanged,
                EventKind::TicketSolved,
            ],
            company_id: None,
            level: None,
            consultancy_id: Some(consultancy.id),
            enabled: false,
        },
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(())
}

async fn seed_automation(state: &AppState, supervisor: &crate::auth::Actor) -> anyhow::Result<()> {
    use atende_types::automation::AutomationRuleInput;
    use sea_orm::{ColumnTrait, QueryFilter};
    use serde_json::json;

    let team = crate::tickets::catalog::team::Entity::find()
        .filter(crate::tickets::catalog::team::Column::Name.eq("Fiscal e contábil"))
        .one(&state.db)
        .await?
        .context("the sample team")?;
    let calendar = crate::sla::entity::calendar::Entity::find()
        .one(&state.db)
        .await?
        .context("the sample calendar")?;
    let rules = [
        json!({
            "name": "Folha de pagamento para a equipe Fiscal e contábil",
            "when": { "on": "created", "by": ["client"] },
            "conditions": {
                "all": [ { "field": "team", "operator": "is_empty" } ],
                "any": [
                    { "field": "text", "operator": "contains", "value": "folha de pagamento" },
                    { "field": "text", "operator": "contains", "value": "holerite" }
                ]
            },
            "actions": [
                { "type": "assign_team", "value": { "team_id": team.id, "assignment": "round_robin" } },
                { "type": "add_tags", "value": ["folha"] }
            ]
        }),
        json!({
            "name": "Resposta fora do expediente",
            "when": { "on": "created", "by": ["client"] },
            "conditions": { "all": [
                { "field": "business_hours", "operator": "outside", "value": calendar.id }
            ] },
            "actions": [ { "type": "reply", "value": { "body":
                "Olá, {{cliente.nome}}! Recebemos o chamado {{chamado.numero}} fora do nosso horário de atendimento. Retornaremos a partir de {{atendimento.proxima_abertura}}." } } ]
        }),
        json!({
            "name": "Escalar 2 horas úteis antes do prazo de solução",
            "when": { "on": "time", "minutes": 120, "direction": "before", "anchor": "resolution_due", "calendar_id": calendar.id },
            "conditions": { "all": [
                { "field": "status", "operator": "is", "value": ["new", "open"] },
                { "field": "tags", "operator": "contains_none", "value": ["escalado"] }
            ] },
            "actions": [
                { "type": "escalate" },
                { "type": "add_tags", "value": ["escalado"] }
            ]
        }),
        json!({
            "name": "Resolver pendentes sem resposta do cliente em 48 horas",
            "when": { "on": "time", "minutes": 2880, "direction": "after", "anchor": "status_changed" },
            "conditions": { "all": [ { "field": "status", "operator": "is", "value": ["pending"] } ] },
            "actions": [
                { "type": "add_note", "value": "Resolvido automaticamente: 48 horas sem resposta do cliente." },
                { "type": "set_status", "value": "solved" }
            ]
        }),
    ];
    for rule in rules {
        let input: AutomationRuleInput = serde_json::from_value(rule)?;
        crate::automation::service::create(state, supervisor, input)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    Ok(())
}

/// The category tree of the demo office: an accounting and an IT
/// consultancy share the installation.
const CATEGORIES: &[(&str, &[&str])] = &[
    ("Fiscal", &["Nota fiscal", "Impostos e guias"]),
    ("Folha de pagamento", &["Admissão e demissão", "Férias"]),
    ("Contábil", &["Lançamentos", "Balancetes"]),
    (
        "Tecnologia",
        &["Acesso e senhas", "Rede e internet", "Sistemas"],
    ),
    ("Financeiro", &[]),
];

/// Starts the SLA clocks of the sample tickets as if the policies had
/// been there when they were opened.
async fn backfill_sla(state: &AppState) -> anyhow::Result<()> {
    let now = state.clock.now();
    let txn = crate::db::begin_write(&state.db).await?;
    let tickets = crate::tickets::entity::ticket::Entity::find()
        .all(&txn)
        .await?;
    for ticket in &tickets {
        crate::sla::clocks::backfill(&txn, ticket, now).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Shared canned responses and saved views, and one personal view.
async fn seed_desk_shortcuts(
    state: &AppState,
    supervisor: &crate::auth::Actor,
    operator: &crate::auth::Actor,
) -> anyhow::Result<()> {
    use atende_types::tickets::{CannedResponseInput, SavedViewInput};

    let fail = |what: &'static str| move |e: crate::error::ApiError| anyhow::anyhow!("{what}: {e}");
    for (title, body) in CANNED {
        crate::tickets::desk::add_canned(
            state,
            supervisor,
            CannedResponseInput {
                title: (*title).to_owned(),
                body: (*body).to_owned(),
                shared: true,
            },
        )
        .await
        .map_err(fail("canned response"))?;
    }
    let me = operator.user().map_err(|e| anyhow::anyhow!("{e}"))?.id;
    /// Owner, name, shared, filter.
    type View<'a> = (
        &'a crate::auth::Actor,
        &'a str,
        bool,
        &'a [(&'a str, String)],
    );
    let views: [View; 3] = [
        (
            supervisor,
            "Urgentes em aberto",
            true,
            &[
                ("open", "true".to_owned()),
                ("priority", "urgent".to_owned()),
            ],
        ),
        (
            supervisor,
            "SLA em risco ou violado",
            true,
            &[
                ("open", "true".to_owned()),
                ("sla", "at_risk,breached".to_owned()),
            ],
        ),
        (
            operator,
            "Meus chamados em aberto",
            false,
            &[("open", "true".to_owned()), ("assignee_id", me.to_string())],
        ),
    ];
    for (owner, name, shared, filter) in views {
        crate::tickets::desk::add_view(
            state,
            owner,
            SavedViewInput {
                name: name.to_owned(),
                shared,
                filter: filter
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), v.clone()))
                    .collect(),
            },
        )
        .await
        .map_err(fail("saved view"))?;
    }
    Ok(())
}

/// Canned responses every agent of the demo office can use.
const CANNED: &[(&str, &str)] = &[
    (
        "Saudação inicial",
        "Olá, {{cliente.nome}}!\n\nRecebemos o chamado {{chamado.numero}} e já estamos analisando. Retornamos em breve.\n\nAtenciosamente,\n{{agente.nome}}",
    ),
    (
        "Solicitar documentos",
        "Olá, {{cliente.nome}}.\n\nPara darmos andamento ao chamado {{chamado.numero}}, por favor envie os documentos abaixo em PDF:\n\n- \n\nObrigado,\n{{agente.nome}}",
    ),
    (
        "Encerramento",
        "Olá, {{cliente.nome}}.\n\nConsideramos o chamado {{chamado.numero}} resolvido. Se algo ainda não estiver certo, é só responder a esta mensagem que ele será reaberto.\n\nAtenciosamente,\n{{agente.nome}}",
    ),
];

const SAMPLE_TICKETS: u64 = 40;

/// How far a sample pending item gets through the workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SampleStage {
    Draft,
    Submitted,
    Refused,
    AwaitingClient,
    Answered,
    Resolved,
}

struct SamplePending {
    title: &'static str,
    description: &'static str,
    company: &'static str,
    category: &'static str,
    due_in_days: i64,
    document: Option<&'static str>,
    amount_cents: Option<i64>,
    stage: SampleStage,
}

const SAMPLE_PENDING: [SamplePending; 8] = [
    SamplePending {
        title: "Extrato bancário de outubro",
        description: "Precisamos do extrato completo da conta corrente do Banco do Brasil para conciliar o mês.",
        company: "Pão Dourado",
        category: "Documento",
        due_in_days: 5,
        document: None,
        amount_cents: None,
        stage: SampleStage::AwaitingClient,
    },
    SamplePending {
        title: "TED sem identificação",
        description: "Entrada de TED sem identificação do pagador no dia 14. Informe a origem para o lançamento.",
        company: "Pão Dourado",
        category: "Lançamento bancário",
        due_in_days: -2,
        document: None,
        amount_cents: Some(123_456),
        stage: SampleStage::AwaitingClient,
    },
    SamplePending {
        title: "Nota fiscal de compra de farinha",
        description: "A nota fiscal do fornecedor não veio com o XML. Envie o arquivo para escrituração.",
        company: "Pão Dourado",
        category: "Fiscal",
        due_in_days: 10,
        document: Some("NF 48.211"),
        amount_cents: Some(895_000),
        stage: SampleStage::Answered,
    },
    SamplePending {
        title: "Comprovante do pagamento do aluguel",
        description: "O aluguel de setembro saiu da conta, mas não recebemos o recibo do locador.",
        company: "Mercado Bom Preço",
        category: "Documento",
        due_in_days: 7,
        document: None,
        amount_cents: Some(650_000),
        stage: SampleStage::Submitted,
    },
    SamplePending {
        title: "Guia do FGTS de setembro",
        description: "Confirme se a guia do FGTS de setembro foi paga e envie o comprovante.",
        company: "Mercado Bom Preço",
        category: "Folha",
        due_in_days: 3,
        document: None,
        amount_cents: Some(231_040),
        stage: SampleStage::Refused,
    },
    SamplePending {
        title: "Contrato social atualizado",
        description: "Para a alteração cadastral precisamos da última alteração do contrato social registrada.",
        company: "Alicerce Engenharia",
        category: "Societário",
        due_in_days: 15,
        document: None,
        amount_cents: None,
        stage: SampleStage::Draft,
    },
    SamplePending {
        title: "Boleto de fornecedor em duplicidade",
        description: "Dois pagamentos do mesmo boleto em 02/10. Confirme se houve estorno.",
        company: "Pão Dourado",
        category: "Lançamento bancário",
        due_in_days: 4,
        document: Some("Boleto 34191.79001"),
        amount_cents: Some(187_590),
        stage: SampleStage::Resolved,
    },
    SamplePending {
        title: "Notas de serviço de setembro",
        description: "Envie as notas fiscais de serviço emitidas em setembro para a apuração do ISS.",
        company: "Mercado Bom Preço",
        category: "Fiscal",
        due_in_days: 12,
        document: None,
        amount_cents: None,
        stage: SampleStage::AwaitingClient,
    },
];
