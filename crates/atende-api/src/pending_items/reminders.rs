//! Due-date reminders: `pending_reminder_days` before an item's due date
//! (09:00 São Paulo), everyone responsible for it hears about it — the
//! operator, the approving supervisor and, while it waits on them, the
//! client's users — once, through a job scheduled when the item reaches
//! the client.

use atende_core::{
    jobs::JobStatus, notifications::NotificationKind, pending::PendingStatus, permissions::Role,
};
use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use chrono_tz::America::Sao_Paulo;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait};
use serde_json::json;
use uuid::Uuid;

use super::{entity::item, service};
use crate::{
    jobs::{
        self, NewJob,
        worker::{JobContext, JobError},
    },
    notifications,
};

/// The job kind.
pub const KIND: &str = "pending.reminder";

/// When the reminder of `row` is due, if it has a due date.
fn remind_at(row: &item::Model, days: u32) -> Option<DateTime<Utc>> {
    let day = row.due_date? - Duration::days(i64::from(days));
    Sao_Paulo
        .from_local_datetime(&day.and_time(NaiveTime::from_hms_opt(9, 0, 0)?))
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

/// Schedules (or moves) the reminder of `row`.
pub async fn schedule(
    db: &impl ConnectionTrait,
    row: &item::Model,
    days: u32,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let Some(at) = remind_at(row, days) else {
        return Ok(());
    };
    let job = NewJob {
        kind: KIND,
        payload: json!({ "pending_item_id": row.id }),
        run_at: at.max(now),
        idempotency_key: Some(format!("{KIND}:{}", row.id)),
    };
    jobs::schedule(db, job, now).await
}

/// Runs one reminder.
pub async fn run(ctx: &JobContext<'_>) -> Result<(), JobError> {
    let state = ctx.state;
    let id: Uuid = ctx.payload::<serde_json::Value>()?["pending_item_id"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| JobError::Failed("no pending_item_id".into()))?;
    let now = state.clock.now();
    let txn = crate::db::begin_write(&state.db).await?;
    let Some(row) = item::Entity::find_by_id(id).one(&txn).await? else {
        ctx.complete(&txn, JobStatus::Cancelled).await?;
        txn.commit().await?;
        return Ok(());
    };
    let status = service::status_of(&row);
    if !matches!(
        status,
        PendingStatus::AwaitingClient | PendingStatus::Answered | PendingStatus::InProgress
    ) {
        ctx.complete(&txn, JobStatus::Cancelled).await?;
        txn.commit().await?;
        return Ok(());
    }
    let mut people: Vec<Uuid> = row.operator_id.into_iter().chain(row.approver_id).collect();
    if status == PendingStatus::AwaitingClient {
        people.extend(
            crate::identity::user_company::active_users_of(
                &txn,
                row.company_id,
                &[Role::Client, Role::ClientSupervisor],
                false,
            )
            .await?,
        );
    }
    people.sort();
    people.dedup();
    let data = json!({
        "pending_item_id": row.id,
        "number": row.number,
        "title": row.title,
        "due_date": row.due_date,
        "by": "Atende",
    });
    let mut notified = Vec::new();
    for user_id in people {
        if notifications::deliver(
            &txn,
            user_id,
            NotificationKind::PendingDueSoon,
            None,
            data.clone(),
            now,
        )
        .await?
        {
            notified.push(user_id);
        }
    }
    ctx.complete(&txn, JobStatus::Done).await?;
    txn.commit().await?;
    state.events.committed();
    Ok(())
}
