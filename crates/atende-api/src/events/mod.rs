//! The domain event log: one append-only table that live updates (and,
//! as they arrive, webhooks and automation) read to learn what happened.
//!
//! - A service asks core which events its change produces
//!   ([`atende_core::events`]) and [`record`]s them in the change's own
//!   transaction: a rolled-back change leaves no event, a committed one
//!   always has its events.
//! - Ids grow in commit order. On PostgreSQL two transactions could take
//!   ids in one order and commit in the other, and a reader between the
//!   two commits would skip the smaller id for good; so writers take a
//!   transaction-scoped advisory lock before inserting, which holds from
//!   the insert to the commit. Events are recorded last in a transaction,
//!   so the serialised stretch is short. SQLite serialises writers anyway.
//! - After the commit the service calls [`EventFeed::committed`]: the
//!   process's own reader wakes, and on PostgreSQL a `NOTIFY` (outside the
//!   writing transaction) wakes every other process's ([`feed`]).
//! - Subscribers that must not miss an event (webhooks, automation) read
//!   the log through jobs, each from its own cursor ([`subscribers`]).
//! - Events older than the setting `event_retention_days` are pruned by a
//!   daily job ([`prune`]).

pub mod feed;
pub mod prune;
pub mod subscribers;

use atende_core::events::{DomainEvent, FieldChange};
use sea_orm::{ActiveValue::Set, ConnectionTrait, DatabaseBackend, DbErr, EntityTrait, Statement};
use serde_json::{Value, json};

pub use feed::{EventFeed, StoredEvent};

pub mod entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "domain_events")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub kind: String,
        pub subject_type: String,
        pub subject_id: Uuid,
        pub company_id: Option<Uuid>,
        pub visibility: String,
        pub performer_kind: String,
        pub performer_id: Option<Uuid>,
        pub recipient_id: Option<Uuid>,
        /// `{"changes": [...], ...}` plus what the subject looked like
        /// after the change (for a ticket: number, status, assignee,
        /// version).
        pub data: String,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The advisory lock key that orders event writers on PostgreSQL.
const ORDER_LOCK: i64 = 0x6174_656e_6465_7631; // "atendev1"

/// Appends `events` to the log within the caller's transaction. `snapshot`
/// is merged into each event's data (what the subject looks like now).
pub async fn record(
    db: &impl ConnectionTrait,
    events: &[DomainEvent],
    snapshot: Value,
) -> Result<(), DbErr> {
    if events.is_empty() {
        return Ok(());
    }
    if db.get_database_backend() == DatabaseBackend::Postgres {
        db.execute_raw(Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "SELECT pg_advisory_xact_lock($1)",
            [ORDER_LOCK.into()],
        ))
        .await?;
    }
    // The events of one call are one change: subscribers decide on whole
    // changes (one notice per person for a reply that also moved the
    // status), and two changes may share subject, moment and performer.
    let change = uuid::Uuid::now_v7();
    let rows = events.iter().map(|event| {
        let mut data = json!({ "changes": changes_json(&event.changes), "change": change });
        if let (Value::Object(data), Value::Object(extra)) = (&mut data, &snapshot) {
            for (key, value) in extra {
                data.insert(key.clone(), value.clone());
            }
        }
        entity::ActiveModel {
            kind: Set(event.kind.as_str().to_owned()),
            subject_type: Set(event.subject.as_str().to_owned()),
            subject_id: Set(event.subject_id),
            company_id: Set(event.company_id),
            visibility: Set(event.visibility.as_str().to_owned()),
            performer_kind: Set(event.performer.kind.as_str().to_owned()),
            performer_id: Set(event.performer.id),
            recipient_id: Set(event.recipient),
            data: Set(data.to_string()),
            created_at: Set(event.at),
            ..Default::default()
        }
    });
    entity::Entity::insert_many(rows)
        .exec_without_returning(db)
        .await?;
    Ok(())
}

fn changes_json(changes: &[FieldChange]) -> Value {
    Value::Array(
        changes
            .iter()
            .map(|c| json!({ "field": c.field, "old": c.old, "new": c.new }))
            .collect(),
    )
}
