//! Subscribers that consume the event log through jobs, each from its own
//! cursor (the `event_cursors` table): notifications, automation rules
//! and, as they arrive, webhooks plug in here.
//!
//! - Whenever a process's reader sees new events it queues one
//!   `events.deliver` job per subscriber (keyed by the newest id, so all
//!   processes together queue it once); each process also queues one at
//!   start, so events committed just before a crash are delivered after
//!   the restart.
//! - A job takes the subscriber's cursor (locked: two jobs of one
//!   subscriber never deliver the same event), hands the next events to
//!   the subscriber within the job's transaction, moves the cursor and
//!   completes, all in that one commit: a subscriber's database effects
//!   happen exactly once. A failing subscriber is retried with the job
//!   queue's backoff while the others go on.
//! - A subscriber starts at the end of the log when it first runs.

use atende_core::jobs::JobStatus;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseTransaction, DbErr,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, Statement,
};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{StoredEvent, entity};
use crate::{
    jobs::{
        NewJob, enqueue,
        worker::{JobContext, JobError},
    },
    state::AppState,
};

/// The job kind.
pub const KIND: &str = "events.deliver";

pub mod cursor {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "event_cursors")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub subscriber: String,
        pub last_id: i64,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The subscribers of this installation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subscriber {
    /// Debug builds with the setting `test_event_subscriber`: records the
    /// ids it is handed (in `system_settings`), failing its first
    /// `test_event_subscriber_failures` attempts, so tests can watch the
    /// mechanism deliver exactly once.
    TestRecorder,
    /// Automation rules ([`crate::automation::engine`]).
    Automation,
    /// In-app and e-mail notifications ([`crate::notifications::subscriber`]).
    Notifications,
    /// Outbound webhooks ([`crate::webhooks::delivery`]).
    Webhooks,
}

impl Subscriber {
    /// Events handed to the subscriber per transaction. Automation acts
    /// on tickets inside the transaction, which holds SQLite's one write
    /// lock: small batches keep ticket writers from waiting behind it.
    fn batch(self) -> u64 {
        match self {
            Subscriber::TestRecorder => 200,
            Subscriber::Automation => 16,
            Subscriber::Notifications => 100,
            Subscriber::Webhooks => 200,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Subscriber::TestRecorder => "test.recorder",
            Subscriber::Automation => "automation",
            Subscriber::Notifications => "notifications",
            Subscriber::Webhooks => "webhooks",
        }
    }

    fn parse(name: &str) -> Option<Subscriber> {
        [
            Subscriber::TestRecorder,
            Subscriber::Automation,
            Subscriber::Notifications,
            Subscriber::Webhooks,
        ]
        .into_iter()
        .find(|s| s.name() == name)
    }

    /// Handles `events` inside the delivery's transaction.
    async fn handle(
        self,
        ctx: &JobContext<'_>,
        txn: &DatabaseTransaction,
        events: &[StoredEvent],
    ) -> Result<(), JobError> {
        match self {
            Subscriber::Automation => crate::automation::engine::handle(ctx, txn, events).await,
            Subscriber::Notifications => {
                Ok(crate::notifications::subscriber::handle(txn, events).await?)
            }
            Subscriber::Webhooks => {
                Ok(crate::webhooks::delivery::handle(txn, events, ctx.state.clock.now()).await?)
            }
            Subscriber::TestRecorder => {
                let failures = ctx.state.settings.test_event_subscriber_failures;
                if ctx.job.attempts <= i32::try_from(failures).unwrap_or(i32::MAX) {
                    return Err(JobError::Failed(format!(
                        "failing as asked (attempt {})",
                        ctx.job.attempts
                    )));
                }
                let key = TEST_RECORDER_KEY;
                let mut seen = crate::system::setting::get(txn, key)
                    .await?
                    .unwrap_or_default();
                for event in events {
                    if !seen.is_empty() {
                        seen.push(',');
                    }
                    seen.push_str(&event.id.to_string());
                }
                crate::system::setting::put(txn, key, &seen, ctx.state.clock.now()).await?;
                Ok(())
            }
        }
    }
}

/// Where the test recorder keeps the ids it was handed.
pub const TEST_RECORDER_KEY: &str = "test.recorder.delivered";

/// The subscribers running in this installation.
pub fn active(state: &AppState) -> Vec<Subscriber> {
    let mut all = vec![
        Subscriber::Notifications,
        Subscriber::Automation,
        Subscriber::Webhooks,
    ];
    if cfg!(debug_assertions) && state.settings.test_event_subscriber {
        all.push(Subscriber::TestRecorder);
    }
    all
}

#[derive(Debug, Serialize, Deserialize)]
struct Payload {
    subscriber: String,
}

/// At start: every active subscriber has a cursor (a new one starts at
/// the end of the log) and a delivery queued, which catches up on events
/// committed before a crash.
pub async fn start(state: &AppState) -> Result<(), DbErr> {
    let now = state.clock.now();
    for subscriber in active(state) {
        let txn = crate::db::begin_write(&state.db).await?;
        take_cursor(&txn, subscriber.name(), now).await?;
        txn.commit().await?;
        let name = subscriber.name();
        enqueue(
            &state.db,
            NewJob::now(
                KIND,
                json!(Payload {
                    subscriber: name.to_owned()
                }),
                now,
            )
            .keyed(format!("{KIND}:{name}:start:{}", now.timestamp_micros())),
            now,
        )
        .await?;
    }
    Ok(())
}

/// Queues a delivery for every subscriber, once per `newest` event id
/// whichever process asks.
pub async fn nudge(state: &AppState, newest: i64, now: DateTime<Utc>) -> Result<(), DbErr> {
    for subscriber in active(state) {
        let name = subscriber.name();
        enqueue(
            &state.db,
            NewJob::now(
                KIND,
                json!(Payload {
                    subscriber: name.to_owned()
                }),
                now,
            )
            .keyed(format!("{KIND}:{name}:{newest}")),
            now,
        )
        .await?;
    }
    Ok(())
}

/// Delivers the next batch to one subscriber and queues the rest.
pub async fn run(ctx: &JobContext<'_>) -> Result<(), JobError> {
    let payload: Payload = ctx.payload()?;
    let state = ctx.state;
    let now = state.clock.now();
    let txn = crate::db::begin_write(&state.db).await?;
    let Some(subscriber) =
        Subscriber::parse(&payload.subscriber).filter(|s| active(state).contains(s))
    else {
        ctx.complete(&txn, JobStatus::Cancelled).await?;
        txn.commit().await?;
        return Ok(());
    };
    let after = take_cursor(&txn, subscriber.name(), now).await?;
    let mut rows = entity::Entity::find()
        .filter(entity::Column::Id.gt(after))
        .order_by_asc(entity::Column::Id)
        .limit(subscriber.batch())
        .all(&txn)
        .await?;
    let full = rows.len() as u64 == subscriber.batch();
    if full {
        finish_change(&txn, &mut rows).await?;
    }
    if let Some(last) = rows.last().map(|r| r.id) {
        let events: Vec<StoredEvent> = rows.into_iter().filter_map(StoredEvent::of).collect();
        subscriber.handle(ctx, &txn, &events).await?;
        cursor::Entity::update_many()
            .col_expr(
                cursor::Column::LastId,
                sea_orm::sea_query::Expr::value(last),
            )
            .col_expr(
                cursor::Column::UpdatedAt,
                sea_orm::sea_query::Expr::value(now),
            )
            .filter(cursor::Column::Subscriber.eq(subscriber.name()))
            .exec(&txn)
            .await?;
        if full {
            let name = subscriber.name();
            enqueue(
                &txn,
                NewJob::now(
                    KIND,
                    json!(Payload {
                        subscriber: name.to_owned()
                    }),
                    now,
                )
                .keyed(format!("{KIND}:{name}:after:{last}")),
                now,
            )
            .await?;
        }
    }
    ctx.complete(&txn, JobStatus::Done).await?;
    txn.commit().await?;
    // What the subscriber changed (rules acting) is news for the others.
    state.events.committed();
    Ok(())
}

/// A batch never ends inside one change (the events a service step
/// recorded together): subscribers decide on whole changes, e.g. one notice
/// per person for a reply that also moved the status.
async fn finish_change(
    txn: &DatabaseTransaction,
    rows: &mut Vec<entity::Model>,
) -> Result<(), DbErr> {
    let Some(last) = rows.last().cloned() else {
        return Ok(());
    };
    let change = |r: &entity::Model| {
        serde_json::from_str::<serde_json::Value>(&r.data)
            .ok()
            .and_then(|d| d.get("change").cloned())
    };
    let last_change = change(&last);
    let same = |r: &entity::Model| {
        r.subject_id == last.subject_id
            && r.created_at == last.created_at
            && r.performer_kind == last.performer_kind
            && r.performer_id == last.performer_id
            && change(r) == last_change
    };
    let next = entity::Entity::find()
        .filter(entity::Column::Id.gt(last.id))
        .order_by_asc(entity::Column::Id)
        .limit(64)
        .all(txn)
        .await?;
    rows.extend(next.into_iter().take_while(same));
    Ok(())
}

/// The subscriber's cursor, locked for this transaction; created at the
/// end of the log the first time.
async fn take_cursor(
    txn: &DatabaseTransaction,
    name: &str,
    now: DateTime<Utc>,
) -> Result<i64, DbErr> {
    let newest = entity::Entity::find()
        .select_only()
        .column_as(entity::Column::Id.max(), "max")
        .into_tuple::<Option<i64>>()
        .one(txn)
        .await?
        .flatten()
        .unwrap_or(0);
    cursor::Entity::insert(cursor::ActiveModel {
        subscriber: Set(name.to_owned()),
        last_id: Set(newest),
        updated_at: Set(now),
    })
    .on_conflict_do_nothing_on([cursor::Column::Subscriber])
    .exec(txn)
    .await?;
    let backend = txn.get_database_backend();
    let lock = if backend == DatabaseBackend::Postgres {
        " FOR UPDATE"
    } else {
        ""
    };
    let sql = match backend {
        DatabaseBackend::Postgres => {
            format!("SELECT last_id FROM event_cursors WHERE subscriber = $1{lock}")
        }
        _ => "SELECT last_id FROM event_cursors WHERE subscriber = ?".to_owned(),
    };
    let row = txn
        .query_one_raw(Statement::from_sql_and_values(backend, sql, [name.into()]))
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(format!("the cursor of {name}")))?;
    row.try_get::<i64>("", "last_id")
}
