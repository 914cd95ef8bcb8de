//! `GET /api/v1/reports/sla`: SLA met vs breached and average first-response
//! and resolution times (business and calendar), by period and by company,
//! consultancy, category, agent, priority or month.
//!
//! One pass over the period's tickets joined to their clocks: business
//! times come from the clocks themselves (the business time counted when a
//! target was met), so no calendar is recomputed.

use std::collections::BTreeMap;

use actix_web::{HttpResponse, get, web};
use atende_core::{
    permissions::Permission,
    sla::{SlaOutcome, TargetClock, outcome},
};
use atende_types::reports::{SlaReport, SlaReportRow};
use chrono::{DateTime, Duration, Utc};
use chrono_tz::America::Sao_Paulo;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    sea_query::{Alias, Condition, Expr, ExprTrait, JoinType, Query},
};
use serde::Deserialize;
use uuid::Uuid;

use crate::{
    auth::Actor,
    companies::entity as company,
    error::ApiError,
    identity::user,
    sla::{clocks::Clocks, entity::ticket_sla},
    state::AppState,
    tickets::{catalog::category, entity::ticket},
};

/// Query of the SLA report.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SlaReportQuery {
    /// Tickets created from this instant (default: 30 days before `to`).
    pub from: Option<DateTime<Utc>>,
    /// …until this one, excluded (default: now). At most 366 days.
    pub to: Option<DateTime<Utc>>,
    /// `company` (default), `consultancy`, `category`, `agent`,
    /// `priority` or `month`.
    pub group_by: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum GroupBy {
    Company,
    Consultancy,
    Category,
    Agent,
    Priority,
    Month,
}

impl GroupBy {
    fn parse(text: &str) -> Option<GroupBy> {
        Some(match text {
            "company" => GroupBy::Company,
            "consultancy" => GroupBy::Consultancy,
            "category" => GroupBy::Category,
            "agent" => GroupBy::Agent,
            "priority" => GroupBy::Priority,
            "month" => GroupBy::Month,
            _ => return None,
        })
    }

    fn as_str(self) -> &'static str {
        match self {
            GroupBy::Company => "company",
            GroupBy::Consultancy => "consultancy",
            GroupBy::Category => "category",
            GroupBy::Agent => "agent",
            GroupBy::Priority => "priority",
            GroupBy::Month => "month",
        }
    }
}

/// Running sums of one group.
#[derive(Debug, Default)]
struct Tally {
    tickets: u64,
    met: u64,
    breached: u64,
    in_progress: u64,
    first_business: (f64, u64),
    first_calendar: (f64, u64),
    resolution_business: (f64, u64),
    resolution_calendar: (f64, u64),
}

fn average((sum, count): (f64, u64)) -> Option<f64> {
    (count > 0).then(|| (sum / count as f64 * 10.0).round() / 10.0)
}

impl Tally {
    fn add(&mut self, t: &TicketFacts) {
        self.tickets += 1;
        match t.outcome {
            Some(SlaOutcome::Met) => self.met += 1,
            Some(SlaOutcome::Breached) => self.breached += 1,
            Some(SlaOutcome::InProgress) => self.in_progress += 1,
            None => {}
        }
        let push = |slot: &mut (f64, u64), minutes: Option<f64>| {
            if let Some(m) = minutes {
                slot.0 += m;
                slot.1 += 1;
            }
        };
        push(&mut self.first_business, t.first_business);
        push(&mut self.first_calendar, t.first_calendar);
        push(&mut self.resolution_business, t.resolution_business);
        push(&mut self.resolution_calendar, t.resolution_calendar);
    }

    fn merge(&mut self, other: &Tally) {
        self.tickets += other.tickets;
        self.met += other.met;
        self.breached += other.breached;
        self.in_progress += other.in_progress;
        for (a, b) in [
            (&mut self.first_business, other.first_business),
            (&mut self.first_calendar, other.first_calendar),
            (&mut self.resolution_business, other.resolution_business),
            (&mut self.resolution_calendar, other.resolution_calendar),
        ] {
            a.0 += b.0;
            a.1 += b.1;
        }
    }

    fn row(&self, key: String, label: String) -> SlaReportRow {
        let decided = self.met + self.breached;
        SlaReportRow {
            key,
            label,
            tickets: self.tickets,
            met: self.met,
            breached: self.breached,
            in_progress: self.in_progress,
            met_percent: (decided > 0)
                .then(|| (self.met as f64 * 1000.0 / decided as f64).round() / 10.0),
            first_response_business_minutes: average(self.first_business),
            first_response_minutes: average(self.first_calendar),
            resolution_business_minutes: average(self.resolution_business),
            resolution_minutes: average(self.resolution_calendar),
        }
    }
}

/// What the report needs of one ticket.
struct TicketFacts {
    outcome: Option<SlaOutcome>,
    first_business: Option<f64>,
    first_calendar: Option<f64>,
    resolution_business: Option<f64>,
    resolution_calendar: Option<f64>,
}

fn met_minutes(clock: Option<&TargetClock>) -> Option<f64> {
    clock
        .filter(|c| c.met_at.is_some())
        .map(|c| c.elapsed_seconds as f64 / 60.0)
}

/// SLA met vs breached and average response and resolution times.
#[utoipa::path(get, path = "/api/v1/reports/sla", tag = "reports", params(SlaReportQuery),
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "One row per group, and the total", body = SlaReport),
        (status = 403, description = "No `reports.helpdesk`", body = atende_types::ErrorBody, content_type = "application/problem+json"),
        (status = 422, description = "A bad period or grouping, named in `field`", body = atende_types::ErrorBody, content_type = "application/problem+json")))]
#[get("/sla")]
pub async fn sla_report(
    state: web::Data<AppState>,
    actor: Actor,
    web::Query(query): web::Query<SlaReportQuery>,
) -> Result<HttpResponse, ApiError> {
    let reach = actor.authorize(Permission::ReportsHelpdesk)?;
    let now = state.clock.now();
    let group_by = match query.group_by.as_deref() {
        None => GroupBy::Company,
        Some(text) => GroupBy::parse(text).ok_or_else(|| {
            ApiError::validation(
                "group_by",
                "one of company, consultancy, category, agent, priority, month",
            )
        })?,
    };
    let to = query.to.unwrap_or(now);
    let from = query.from.unwrap_or(to - Duration::days(30));
    if from >= to {
        return Err(ApiError::validation("to", "must be after `from`"));
    }
    if to - from > Duration::days(366) {
        return Err(ApiError::validation(
            "from",
            "the period spans at most 366 days",
        ));
    }
    let db = &state.db;
    let mut condition = Condition::all()
        .add(Expr::col((ticket::Entity, ticket::Column::CreatedAt)).gte(from))
        .add(Expr::col((ticket::Entity, ticket::Column::CreatedAt)).lt(to));
    if let Some(ids) = reach.company_ids() {
        condition = condition
            .add(Expr::col((ticket::Entity, ticket::Column::CompanyId)).is_in(ids.iter().copied()));
    }
    let select = Query::select()
        .columns([
            (ticket::Entity, ticket::Column::CompanyId),
            (ticket::Entity, ticket::Column::CategoryId),
            (ticket::Entity, ticket::Column::AssigneeId),
            (ticket::Entity, ticket::Column::Priority),
            (ticket::Entity, ticket::Column::CreatedAt),
            (ticket::Entity, ticket::Column::FirstResponseAt),
            (ticket::Entity, ticket::Column::SolvedAt),
        ])
        .expr_as(
            Expr::col((ticket_sla::Entity, ticket_sla::Column::Clocks)),
            Alias::new("clocks"),
        )
        .expr_as(
            Expr::col((ticket_sla::Entity, ticket_sla::Column::State)),
            Alias::new("sla_state"),
        )
        .expr_as(
            Expr::col((ticket_sla::Entity, ticket_sla::Column::NextDueAt)),
            Alias::new("next_due_at"),
        )
        .from(ticket::Entity)
        .join(
            JoinType::LeftJoin,
            ticket_sla::Entity,
            Expr::col((ticket_sla::Entity, ticket_sla::Column::TicketId))
                .equals((ticket::Entity, ticket::Column::Id)),
        )
        .cond_where(condition)
        .to_owned();
    let rows = db.query_all(&select).await?;
    let mut groups: BTreeMap<String, Tally> = BTreeMap::new();
    let companies: BTreeMap<Uuid, company::Model> = company::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    for row in rows {
        let company_id: Uuid = row.try_get("", "company_id")?;
        let created_at: DateTime<Utc> = row.try_get("", "created_at")?;
        let first_response_at: Option<DateTime<Utc>> = row.try_get("", "first_response_at")?;
        let solved_at: Option<DateTime<Utc>> = row.try_get("", "solved_at")?;
        let clocks: Option<String> = row.try_get("", "clocks")?;
        let sla_state: Option<String> = row.try_get("", "sla_state")?;
        let next_due_at: Option<DateTime<Utc>> = row.try_get("", "next_due_at")?;
        let clocks: Option<Clocks> = clocks.and_then(|c| serde_json::from_str(&c).ok());
        let facts = TicketFacts {
            outcome: clocks.as_ref().map(|c| {
                let targets: Vec<TargetClock> = c
                    .first_response
                    .iter()
                    .chain(c.next_response.iter())
                    .chain(c.resolution.iter())
                    .copied()
                    .collect();
                let past_due = matches!(sla_state.as_deref(), Some("ok" | "at_risk"))
                    && next_due_at.is_some_and(|d| d <= now);
                outcome(
                    &targets,
                    sla_state.as_deref() == Some("breached") || past_due,
                )
            }),
            first_business: clocks
                .as_ref()
                .and_then(|c| met_minutes(c.first_response.as_ref())),
            first_calendar: first_response_at
                .map(|at| (at - created_at).num_seconds() as f64 / 60.0),
            resolution_business: clocks
                .as_ref()
                .and_then(|c| met_minutes(c.resolution.as_ref())),
            resolution_calendar: solved_at.map(|at| (at - created_at).num_seconds() as f64 / 60.0),
        };
        let key = match group_by {
            GroupBy::Company => company_id.to_string(),
            GroupBy::Consultancy => companies
                .get(&company_id)
                .and_then(|c| c.consultancy_id)
                .map(|id| id.to_string())
                .unwrap_or_default(),
            GroupBy::Category => row
                .try_get::<Option<Uuid>>("", "category_id")?
                .map(|id| id.to_string())
                .unwrap_or_default(),
            GroupBy::Agent => row
                .try_get::<Option<Uuid>>("", "assignee_id")?
                .map(|id| id.to_string())
                .unwrap_or_default(),
            GroupBy::Priority => row.try_get("", "priority")?,
            GroupBy::Month => created_at
                .with_timezone(&Sao_Paulo)
                .format("%Y-%m")
                .to_string(),
        };
        groups.entry(key).or_default().add(&facts);
    }
    let labels = labels(db, group_by, &groups, &companies).await?;
    let mut total = Tally::default();
    let rows: Vec<SlaReportRow> = groups
        .iter()
        .map(|(key, tally)| {
            total.merge(tally);
            let label = labels.get(key).cloned().unwrap_or_else(|| key.clone());
            tally.row(key.clone(), label)
        })
        .collect();
    Ok(HttpResponse::Ok().json(SlaReport {
        from,
        to,
        group_by: group_by.as_str().into(),
        total: total.row(String::new(), String::new()),
        rows,
    }))
}

/// What people read for each group key.
async fn labels(
    db: &impl ConnectionTrait,
    group_by: GroupBy,
    groups: &BTreeMap<String, Tally>,
    companies: &BTreeMap<Uuid, company::Model>,
) -> Result<BTreeMap<String, String>, ApiError> {
    let ids: Vec<Uuid> = groups.keys().filter_map(|k| k.parse().ok()).collect();
    let named: Vec<(Uuid, String)> = match group_by {
        GroupBy::Company | GroupBy::Consultancy => ids
            .iter()
            .filter_map(|id| {
                companies.get(id).map(|c| {
                    (
                        *id,
                        c.trade_name.clone().unwrap_or_else(|| c.legal_name.clone()),
                    )
                })
            })
            .collect(),
        GroupBy::Category => category::Entity::find()
            .filter(category::Column::Id.is_in(ids))
            .all(db)
            .await?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect(),
        GroupBy::Agent => user::Entity::find()
            .filter(user::Column::Id.is_in(ids))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u.name))
            .collect(),
        GroupBy::Priority | GroupBy::Month => Vec::new(),
    };
    Ok(named
        .into_iter()
        .map(|(id, name)| (id.to_string(), name))
        .collect())
}
