//! Retention: events older than the setting `event_retention_days`
//! (default 90) are deleted by a daily job, which schedules the next day's
//! run as it finishes. Streams replay by `Last-Event-ID` within it. The
//! same job forgets webhook attempts and finished deliveries after 30 days
//! and `Idempotency-Key` answers after a day.

use atende_core::jobs::JobStatus;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use serde_json::json;

use super::entity;
use crate::jobs::{
    NewJob, enqueue,
    worker::{JobContext, JobError},
};

/// The job kind.
pub const KIND: &str = "events.prune";

/// Queues the run of the day `now` falls in (once per day, whoever asks).
pub async fn schedule(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<(), DbErr> {
    let day = now.date_naive();
    enqueue(
        db,
        NewJob::now(KIND, json!({}), now).keyed(format!("{KIND}:{day}")),
        now,
    )
    .await
}

/// Deletes what is past retention and queues tomorrow's run.
pub async fn run(ctx: &JobContext<'_>) -> Result<(), JobError> {
    let state = ctx.state;
    let now = state.clock.now();
    let cutoff = now - Duration::days(i64::from(state.settings.event_retention_days));
    let txn = crate::db::begin_write(&state.db).await?;
    let pruned = entity::Entity::delete_many()
        .filter(entity::Column::CreatedAt.lt(cutoff))
        .exec(&txn)
        .await?
        .rows_affected;
    crate::webhooks::service::prune(&txn, now).await?;
    crate::idempotency::prune(&txn, now).await?;
    let tomorrow = now + Duration::days(1);
    let day = tomorrow.date_naive();
    enqueue(
        &txn,
        NewJob {
            kind: KIND,
            payload: json!({}),
            run_at: tomorrow,
            idempotency_key: Some(format!("{KIND}:{day}")),
        },
        now,
    )
    .await?;
    ctx.complete(&txn, JobStatus::Done).await?;
    txn.commit().await?;
    if pruned > 0 {
        tracing::info!(pruned, "pruned events past retention");
    }
    Ok(())
}
