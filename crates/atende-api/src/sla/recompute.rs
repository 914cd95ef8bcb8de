//! A calendar changed (a holiday declared, hours moved): the stored SLA
//! state of its tickets — what lists, the board, the `sla=` filter and the
//! panel counters read — is recomputed, with their alerts rescheduled.
//!
//! It runs as a job in batches of [`BATCH`] tickets, each batch in its own
//! transaction with the job that hands on to the next, so a large
//! installation never holds one long transaction and a crash resumes at the
//! last committed batch.

use atende_core::{jobs::JobStatus, sla::SlaState};
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde_json::json;
use uuid::Uuid;

use super::{
    clocks::{Clocks, calendar_of, save},
    entity::{calendar, ticket_sla},
};
use crate::jobs::{
    NewJob, enqueue,
    worker::{JobContext, JobError},
};

/// The job kind.
pub const KIND: &str = "sla.recompute_calendar";

/// Tickets per transaction.
const BATCH: u64 = 500;

/// Queues the recomputation of the tickets on `calendar_id` (within the
/// transaction that changed the calendar).
pub async fn schedule(
    db: &impl ConnectionTrait,
    calendar_id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    enqueue(
        db,
        NewJob::now(KIND, json!({ "calendar_id": calendar_id }), now)
            .keyed(format!("{KIND}:{calendar_id}:{}", now.timestamp_micros())),
        now,
    )
    .await
}

/// Recomputes one batch, then hands the rest to a follow-up job.
pub async fn run(ctx: &JobContext<'_>) -> Result<(), JobError> {
    let payload: serde_json::Value = ctx.payload()?;
    let calendar_id: Uuid = payload["calendar_id"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| JobError::Failed("no calendar_id".into()))?;
    let after: Option<Uuid> = payload["after"].as_str().and_then(|s| s.parse().ok());
    let state = ctx.state;
    let now = state.clock.now();
    let txn = crate::db::begin_write(&state.db).await?;
    let Some(cal) = calendar::Entity::find_by_id(calendar_id)
        .one(&txn)
        .await?
        .as_ref()
        .and_then(calendar_of)
    else {
        ctx.complete(&txn, JobStatus::Cancelled).await?;
        txn.commit().await?;
        return Ok(());
    };
    let mut query = ticket_sla::Entity::find()
        .filter(ticket_sla::Column::CalendarId.eq(calendar_id))
        // Met SLAs are decided; everything else (a breach included, which
        // a declared holiday may undo) is computed afresh.
        .filter(ticket_sla::Column::State.ne(SlaState::Met.as_str()));
    if let Some(after) = after {
        query = query.filter(ticket_sla::Column::TicketId.gt(after));
    }
    let rows = query
        .order_by_asc(ticket_sla::Column::TicketId)
        .limit(BATCH)
        .all(&txn)
        .await?;
    for row in &rows {
        let clocks: Clocks = serde_json::from_str(&row.clocks).unwrap_or_default();
        let timeline: Vec<atende_types::sla::SlaPeriod> =
            serde_json::from_str(&row.timeline).unwrap_or_default();
        save(
            &txn,
            row.ticket_id,
            (row.policy_id, row.calendar_id),
            &clocks,
            &timeline,
            &cal,
            now,
        )
        .await?;
    }
    if let Some(last) = rows.last().filter(|_| rows.len() as u64 == BATCH) {
        enqueue(
            &txn,
            NewJob::now(
                KIND,
                json!({ "calendar_id": calendar_id, "after": last.ticket_id }),
                now,
            )
            .keyed(format!("{KIND}:{calendar_id}:after:{}", last.ticket_id)),
            now,
        )
        .await?;
    }
    ctx.complete(&txn, JobStatus::Done).await?;
    txn.commit().await?;
    Ok(())
}
