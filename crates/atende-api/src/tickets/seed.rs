//! `atende seed --tickets N`: realistic Portuguese tickets with threads
//! across the demo companies, for trying the product at volume and for the
//! load benchmark.
//!
//! Rows are written in multi-row batches inside one transaction per batch,
//! bypassing the per-ticket service (which takes the write lock, renders
//! Markdown and records audit entries once per ticket): a million tickets
//! take minutes, not hours. The numbers are reserved up front from the
//! same counter the service uses, so seeded and live tickets never collide,
//! and seeding can run against a server that is serving.

use std::time::{Duration, Instant};

use anyhow::Context;
use atende_core::permissions::Role;
use chrono::{DateTime, Utc};
use rand::{Rng, SeedableRng, rngs::StdRng, seq::IndexedRandom};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter,
    Statement, TransactionTrait,
};
use serde_json::json;
use uuid::Uuid;

use super::{
    entity::{event, message, ticket},
    markdown, search,
};
use crate::{
    companies::entity::{self as company, CompanyKind},
    identity::{user, user_company},
    state::AppState,
};

/// Tickets per transaction: small enough for SQLite's limit on bound
/// parameters (tickets have 22 columns), large enough to amortise commits.
const BATCH: usize = 500;

/// What a seeding run wrote.
#[derive(Debug, Clone, Copy)]
pub struct Seeded {
    pub tickets: u64,
    pub messages: u64,
    pub elapsed: Duration,
}

/// What tickets are sorted into.
struct Sorting {
    categories: Vec<Uuid>,
    teams: Vec<Uuid>,
}

/// A client company with the people who may open its tickets.
struct Requesters {
    company_id: Uuid,
    users: Vec<(Uuid, String)>,
}

/// Seeds `count` tickets opened over the last `span` (after making sure
/// the demo data exists), calling `progress` with the number written so far
/// after each batch. Tickets fall into the active categories and teams
/// there are.
pub async fn seed_tickets(
    state: &AppState,
    count: u64,
    span: chrono::Duration,
    mut progress: impl FnMut(u64),
) -> anyhow::Result<Seeded> {
    let started = Instant::now();
    crate::demo::seed(state).await.context("demo data")?;
    let db = &state.db;
    let companies = requesters(db).await?;
    anyhow::ensure!(!companies.is_empty(), "there are no client companies");
    let staff: Vec<(Uuid, String)> = user::Entity::find()
        .filter(user::Column::Role.is_in([Role::Agent.as_str(), Role::Supervisor.as_str()]))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let sorting = Sorting {
        categories: super::catalog::category::Entity::find()
            .filter(super::catalog::category::Column::Active.eq(true))
            .all(db)
            .await?
            .into_iter()
            .map(|c| c.id)
            .collect(),
        teams: super::catalog::team::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|t| t.id)
            .collect(),
    };
    let first_number = reserve_numbers(db, count).await?;
    let now = state.clock.now();
    // Oldest first, so numbers follow creation.
    let span_seconds = span.num_seconds().max(3600);
    let mut rng = StdRng::seed_from_u64(first_number.unsigned_abs());
    let mut written = 0_u64;
    let mut messages = 0_u64;
    while written < count {
        let size = usize::try_from((count - written).min(BATCH as u64)).unwrap_or(BATCH);
        let mut batch = Batch::default();
        for i in 0..size {
            let offset = written + i as u64;
            let number = first_number + i64::try_from(offset).unwrap_or(i64::MAX);
            let age = span_seconds
                - span_seconds * i64::try_from(offset).unwrap_or(0)
                    / i64::try_from(count).unwrap_or(1).max(1);
            let created_at = now - chrono::Duration::seconds(age.max(60));
            batch.push(
                &mut rng,
                number,
                (created_at, now),
                &companies,
                &staff,
                &sorting,
            );
        }
        messages += batch.messages.len() as u64;
        batch.write(db).await?;
        written += size as u64;
        progress(written);
    }
    analyze(db).await?;
    Ok(Seeded {
        tickets: written,
        messages,
        elapsed: started.elapsed(),
    })
}

async fn requesters(db: &impl ConnectionTrait) -> anyhow::Result<Vec<Requesters>> {
    let clients = company::Entity::find()
        .filter(company::Column::Kind.eq(CompanyKind::Client.as_str()))
        .filter(company::Column::Active.eq(true))
        .all(db)
        .await?;
    let mut out = Vec::with_capacity(clients.len());
    for client in clients {
        let links = user_company::Entity::find()
            .filter(user_company::Column::CompanyId.eq(client.id))
            .all(db)
            .await?;
        let ids: Vec<Uuid> = links.iter().map(|l| l.user_id).collect();
        let users = user::Entity::find()
            .filter(user::Column::Id.is_in(ids))
            .filter(
                user::Column::Role.is_in([Role::Client.as_str(), Role::ClientSupervisor.as_str()]),
            )
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u.name))
            .collect();
        out.push(Requesters {
            company_id: client.id,
            users,
        });
    }
    Ok(out)
}

/// Moves the ticket counter past `count` numbers and returns the first.
async fn reserve_numbers(db: &sea_orm::DatabaseConnection, count: u64) -> anyhow::Result<i64> {
    let txn = crate::db::begin_write(db).await?;
    let count = i64::try_from(count).context("too many tickets")?;
    let first = crate::db::reserve_counter(&txn, "ticket_number", count).await?;
    txn.commit().await?;
    Ok(first)
}

async fn analyze(db: &impl ConnectionTrait) -> anyhow::Result<()> {
    let sql = match db.get_database_backend() {
        DatabaseBackend::Postgres => {
            "ANALYZE tickets; ANALYZE ticket_messages; ANALYZE ticket_events"
        }
        _ => "ANALYZE",
    };
    db.execute_unprepared(sql).await?;
    Ok(())
}

#[derive(Default)]
struct Batch {
    tickets: Vec<ticket::ActiveModel>,
    messages: Vec<message::ActiveModel>,
    events: Vec<event::ActiveModel>,
    index: Vec<(i64, String)>,
}

impl Batch {
    fn push(
        &mut self,
        rng: &mut StdRng,
        number: i64,
        (created_at, now): (DateTime<Utc>, DateTime<Utc>),
        companies: &[Requesters],
        staff: &[(Uuid, String)],
        sorting: &Sorting,
    ) {
        let id = Uuid::now_v7();
        let company = &companies[rng.random_range(0..companies.len())];
        let requester = company.users.choose(rng);
        let agent = staff.choose(rng);
        let topic = TOPICS.choose(rng).copied().unwrap_or(TOPICS[0]);
        let subject = format!(
            "{} — {}",
            topic.subject,
            OBJECTS.choose(rng).unwrap_or(&OBJECTS[0])
        );
        let description = format!(
            "{} {} {}",
            OPENINGS.choose(rng).unwrap_or(&OPENINGS[0]),
            topic.detail,
            CLOSINGS.choose(rng).unwrap_or(&CLOSINGS[0])
        );
        let status = weighted(rng, STATUSES);
        let priority = weighted(rng, PRIORITIES);
        let channel = weighted(rng, CHANNELS);
        let minutes =
            |rng: &mut StdRng, max: i64| chrono::Duration::minutes(rng.random_range(5..max));
        let answered = status != "new";
        let first_response_at = answered.then(|| (created_at + minutes(rng, 240)).min(now));
        let solved_at = matches!(status, "solved" | "closed")
            .then(|| (created_at + minutes(rng, 60 * 24 * 5)).min(now));
        let closed_at = (status == "closed")
            .then(|| solved_at.unwrap_or(created_at))
            .map(|s| (s + chrono::Duration::days(7)).min(now));
        let updated_at = closed_at
            .or(solved_at)
            .or(first_response_at)
            .unwrap_or(created_at);

        let mut public_replies = Vec::new();
        if let Some(at) = first_response_at {
            let reply = format!(
                "{} {}",
                topic.reply,
                SIGN_OFFS.choose(rng).unwrap_or(&SIGN_OFFS[0])
            );
            self.messages
                .push(message_row(id, agent.map(|a| a.0), false, &reply, at));
            public_replies.push(reply);
            if rng.random_bool(0.3) {
                let note = NOTES.choose(rng).unwrap_or(&NOTES[0]);
                self.messages
                    .push(message_row(id, agent.map(|a| a.0), true, note, at));
            }
            if rng.random_bool(0.5) {
                let answer = FOLLOW_UPS.choose(rng).unwrap_or(&FOLLOW_UPS[0]).to_string();
                let at = (at + minutes(rng, 180)).min(updated_at.max(at));
                self.messages
                    .push(message_row(id, requester.map(|r| r.0), false, &answer, at));
                public_replies.push(answer);
            }
        }
        let replies: Vec<&str> = public_replies.iter().map(String::as_str).collect();
        let search_text = search::text(&subject, &description, &replies);
        self.index.push((number, search_text.clone()));
        self.events.push(event::ActiveModel {
            id: Set(Uuid::now_v7()),
            ticket_id: Set(id),
            actor_id: Set(requester.map(|r| r.0)),
            actor: Set(requester.map_or_else(|| "sistema".to_owned(), |r| r.1.clone())),
            kind: Set("created".to_owned()),
            internal: Set(false),
            data: Set(json!({ "channel": channel, "priority": priority }).to_string()),
            created_at: Set(created_at),
        });
        self.tickets.push(ticket::ActiveModel {
            id: Set(id),
            number: Set(number),
            company_id: Set(company.company_id),
            requester_id: Set(requester.map(|r| r.0)),
            assignee_id: Set(answered.then(|| agent.map(|a| a.0)).flatten()),
            team_id: Set(sorting.teams.choose(rng).copied()),
            category_id: Set(sorting.categories.choose(rng).copied()),
            description_html: Set(markdown::render(&description)),
            subject: Set(subject),
            description: Set(description),
            status: Set(status.to_owned()),
            priority: Set(priority.to_owned()),
            channel: Set(channel.to_owned()),
            created_by: Set(requester.map(|r| r.0)),
            created_at: Set(created_at),
            updated_at: Set(updated_at),
            first_response_at: Set(first_response_at),
            solved_at: Set(solved_at),
            closed_at: Set(closed_at),
            reopen_count: Set(0),
            version: Set(1),
            updated_by: Set(agent.map(|a| a.0)),
            search_text: Set(search_text),
            auto_submitted: Set(false),
        });
    }

    async fn write(self, db: &sea_orm::DatabaseConnection) -> anyhow::Result<()> {
        let txn = db.begin().await?;
        ticket::Entity::insert_many(self.tickets)
            .exec_without_returning(&txn)
            .await?;
        // Messages have fewer columns; SQLite still caps bound parameters.
        for chunk in self.messages.chunks(BATCH * 2) {
            message::Entity::insert_many(chunk.to_vec())
                .exec_without_returning(&txn)
                .await?;
        }
        for chunk in self.events.chunks(BATCH) {
            event::Entity::insert_many(chunk.to_vec())
                .exec_without_returning(&txn)
                .await?;
        }
        if txn.get_database_backend() == DatabaseBackend::Sqlite {
            let placeholders = vec!["(?, ?)"; self.index.len()].join(", ");
            let values = self
                .index
                .into_iter()
                .flat_map(|(number, text)| [number.into(), text.into()]);
            txn.execute_raw(Statement::from_sql_and_values(
                DatabaseBackend::Sqlite,
                format!("INSERT INTO ticket_fts (rowid, search_text) VALUES {placeholders}"),
                values,
            ))
            .await?;
        }
        txn.commit().await?;
        Ok(())
    }
}

fn message_row(
    ticket_id: Uuid,
    author_id: Option<Uuid>,
    internal: bool,
    body: &str,
    at: DateTime<Utc>,
) -> message::ActiveModel {
    message::ActiveModel {
        id: Set(Uuid::now_v7()),
        ticket_id: Set(ticket_id),
        author_id: Set(author_id),
        internal: Set(internal),
        body: Set(body.to_owned()),
        body_html: Set(markdown::render(body)),
        created_at: Set(at),
        auto_submitted: Set(false),
    }
}

/// Picks a value with the given weights.
fn weighted(rng: &mut StdRng, table: &[(&'static str, u32)]) -> &'static str {
    let total: u32 = table.iter().map(|(_, w)| w).sum();
    let mut pick = rng.random_range(0..total.max(1));
    for (value, weight) in table {
        if pick < *weight {
            return value;
        }
        pick -= weight;
    }
    table.first().map_or("", |(v, _)| v)
}

// Mostly closed history, a live backlog on top, as in a real desk.
const STATUSES: &[(&str, u32)] = &[
    ("new", 6),
    ("open", 12),
    ("pending", 7),
    ("on_hold", 3),
    ("solved", 12),
    ("closed", 60),
];
const PRIORITIES: &[(&str, u32)] = &[("low", 20), ("normal", 55), ("high", 20), ("urgent", 5)];
const CHANNELS: &[(&str, u32)] = &[
    ("portal", 55),
    ("email", 30),
    ("api", 5),
    ("chat", 5),
    ("phone", 5),
];

#[derive(Clone, Copy)]
struct Topic {
    subject: &'static str,
    detail: &'static str,
    reply: &'static str,
}

const TOPICS: &[Topic] = &[
    Topic {
        subject: "Erro ao emitir nota fiscal de serviço",
        detail: "A emissão da NFS-e retorna erro de validação no código do serviço.",
        reply: "Ajustamos o código de serviço no cadastro; a nota já pode ser emitida.",
    },
    Topic {
        subject: "Boleto com vencimento errado",
        detail: "O boleto gerado este mês saiu com a data de vencimento anterior.",
        reply: "Reemitimos o boleto com o vencimento correto e enviamos por e-mail.",
    },
    Topic {
        subject: "Dúvida sobre a folha de pagamento",
        detail: "O desconto de vale-transporte apareceu em dobro no holerite.",
        reply: "Corrigimos o lançamento e a folha foi reprocessada.",
    },
    Topic {
        subject: "Certidão negativa vencida",
        detail: "Precisamos da certidão negativa de débitos atualizada para uma licitação.",
        reply: "A certidão foi emitida e está anexada ao processo.",
    },
    Topic {
        subject: "Ação trabalhista: documentos solicitados",
        detail: "O advogado pediu os recibos de férias e o termo de rescisão do ex-funcionário.",
        reply: "Separamos os documentos pedidos e enviamos ao escritório.",
    },
    Topic {
        subject: "Cálculo de férias",
        detail: "Gostaríamos de conferir o cálculo das férias coletivas de dezembro.",
        reply: "Enviamos a memória de cálculo das férias coletivas.",
    },
    Topic {
        subject: "Imposto pago em duplicidade",
        detail: "O DARF do mês passado foi pago duas vezes pelo banco.",
        reply: "Abrimos o pedido de restituição e acompanharemos o andamento.",
    },
    Topic {
        subject: "Impressora não imprime",
        detail: "A impressora do financeiro parou de imprimir depois da atualização.",
        reply: "Reinstalamos o driver da impressora; os testes de impressão funcionaram.",
    },
    Topic {
        subject: "Acesso ao sistema bloqueado",
        detail: "Não consigo entrar no sistema; aparece a mensagem de senha expirada.",
        reply: "Redefinimos a senha; use o link enviado por e-mail para criar uma nova.",
    },
    Topic {
        subject: "Backup do servidor falhou",
        detail: "O relatório diário informa que o backup noturno não foi concluído.",
        reply: "O disco de destino estava cheio; liberamos espaço e o backup rodou.",
    },
    Topic {
        subject: "Balanço patrimonial do trimestre",
        detail: "Precisamos do balanço do trimestre para apresentar ao banco.",
        reply: "O balanço do trimestre está pronto e segue em anexo.",
    },
    Topic {
        subject: "Contrato de prestação de serviços",
        detail: "Pedimos a revisão da cláusula de reajuste do contrato.",
        reply: "Revisamos a cláusula e sugerimos o índice IPCA para o reajuste.",
    },
];

const OBJECTS: &[&str] = &[
    "filial centro",
    "matriz",
    "setor financeiro",
    "departamento pessoal",
    "loja 2",
    "competência anterior",
    "urgente para hoje",
    "conforme combinado",
];

const OPENINGS: &[&str] = &[
    "Bom dia, equipe.",
    "Boa tarde!",
    "Olá, tudo bem?",
    "Prezados,",
];

const CLOSINGS: &[&str] = &[
    "Aguardo retorno.",
    "Podem verificar, por favor?",
    "Obrigado desde já.",
    "É importante resolver ainda esta semana.",
];

const SIGN_OFFS: &[&str] = &[
    "Qualquer dúvida, estamos à disposição.",
    "Pode confirmar se está tudo certo?",
    "Atenciosamente, equipe de atendimento.",
];

const FOLLOW_UPS: &[&str] = &[
    "Obrigado, deu certo.",
    "Ainda não funcionou, podem verificar de novo?",
    "Perfeito, recebemos os documentos.",
];

const NOTES: &[&str] = &[
    "Cliente recorrente com esse problema; verificar o cadastro.",
    "Conferir com o fiscal antes de responder.",
    "Aguardando retorno do fornecedor do sistema.",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weighted_picks_follow_the_table() {
        let mut rng = StdRng::seed_from_u64(7);
        let mut closed = 0;
        for _ in 0..10_000 {
            if weighted(&mut rng, STATUSES) == "closed" {
                closed += 1;
            }
        }
        // 60% of the weight: allow sampling noise.
        assert!((5_500..6_500).contains(&closed), "{closed}");
    }

    #[test]
    fn every_status_and_priority_is_a_real_one() {
        use atende_core::tickets::{Priority, TicketStatus};
        for (status, _) in STATUSES {
            assert!(TicketStatus::parse(status).is_some(), "{status}");
        }
        for (priority, _) in PRIORITIES {
            assert!(Priority::parse(priority).is_some(), "{priority}");
        }
    }
}
