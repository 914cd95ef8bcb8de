//! SLA alerts: the warning at the policy's share of a target and the
//! breach at its due time, each fired once per ticket and target.
//!
//! Whenever a ticket's clocks are saved, [`schedule`] puts (or moves) one
//! `sla.alert` job per target and alert at the instant it falls due, keyed
//! by ticket, target and alert. When the job runs, [`run`] looks at the
//! clock again: a target met or paused in the meantime cancels the job
//! (a later resume schedules it again); a due time that moved later
//! re-schedules it; otherwise the alert fires — a timeline entry, at
//! breach the policy's escalation, and the alert's event (from which the
//! notifications subscriber tells the people responsible) — in the same
//! transaction that marks the job done. The key then never fires again.

use atende_core::{
    calendar::BusinessCalendar, jobs::JobStatus, sla::TargetClock, tickets::Priority,
};
use atende_types::sla::Escalation;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, sea_query::Expr};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use super::{
    clocks::{self, Clocks},
    entity::{calendar, policy, ticket_sla},
};
use crate::{
    identity::user,
    jobs::{
        self, NewJob,
        worker::{JobContext, JobError},
    },
    tickets::entity::ticket,
};

/// The job kind.
pub const KIND: &str = "sla.alert";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Alert {
    Warning,
    Breach,
}

impl Alert {
    fn event(self) -> &'static str {
        match self {
            Alert::Warning => "sla_warning",
            Alert::Breach => "sla_breach",
        }
    }

    /// When this alert of `clock` falls due, if the clock runs.
    fn due(
        self,
        clock: &TargetClock,
        cal: &BusinessCalendar,
        warn_percent: u8,
    ) -> Option<DateTime<Utc>> {
        if clock.met_at.is_some() {
            return None;
        }
        match self {
            Alert::Warning => clock.warn_at(cal, warn_percent),
            Alert::Breach => clock.due(cal),
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct Payload {
    ticket_id: Uuid,
    target: String,
    alert: Alert,
}

fn job(ticket_id: Uuid, target: &str, alert: Alert, run_at: DateTime<Utc>) -> NewJob {
    let key = format!("sla.{}:{ticket_id}:{target}", alert.event());
    NewJob {
        kind: KIND,
        payload: json!(Payload {
            ticket_id,
            target: target.to_owned(),
            alert
        }),
        run_at,
        idempotency_key: Some(key),
    }
}

/// Schedules (or moves) the alerts of every running target of a ticket.
pub async fn schedule(
    db: &impl ConnectionTrait,
    ticket_id: Uuid,
    clocks: &Clocks,
    cal: &BusinessCalendar,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    for (name, clock) in clocks.named() {
        let target = clocks.alert_target(name);
        for alert in [Alert::Warning, Alert::Breach] {
            if let Some(at) = alert.due(clock, cal, clocks.warn_percent) {
                jobs::schedule(db, job(ticket_id, &target, alert, at), now).await?;
            }
        }
    }
    Ok(())
}

/// Runs one `sla.alert` job.
pub async fn run(ctx: &JobContext<'_>) -> Result<(), JobError> {
    let state = ctx.state;
    let payload: Payload = ctx.payload()?;
    let now = state.clock.now();
    let txn = crate::db::begin_write(&state.db).await?;
    match check(&txn, &payload, now).await? {
        Check::Fire(row) => {
            fire(&txn, &payload, &row, now).await?;
            ctx.complete(&txn, JobStatus::Done).await?;
            txn.commit().await?;
            state.events.committed();
        }
        Check::Later(at) => {
            // Cancelled first, so the schedule below re-queues this key.
            ctx.complete(&txn, JobStatus::Cancelled).await?;
            let again = job(payload.ticket_id, &payload.target, payload.alert, at);
            jobs::schedule(&txn, again, now).await?;
            txn.commit().await?;
        }
        Check::Obsolete => {
            ctx.complete(&txn, JobStatus::Cancelled).await?;
            txn.commit().await?;
        }
    }
    Ok(())
}

enum Check {
    Fire(ticket_sla::Model),
    Later(DateTime<Utc>),
    Obsolete,
}

/// Whether the alert is due now, later, or no longer.
async fn check(db: &impl ConnectionTrait, p: &Payload, now: DateTime<Utc>) -> Result<Check, DbErr> {
    let Some(row) = ticket_sla::Entity::find_by_id(p.ticket_id).one(db).await? else {
        return Ok(Check::Obsolete);
    };
    let cal = match row.calendar_id {
        Some(id) => calendar::Entity::find_by_id(id)
            .one(db)
            .await?
            .as_ref()
            .and_then(clocks::calendar_of),
        None => None,
    };
    let Some(cal) = cal else {
        return Ok(Check::Obsolete);
    };
    let clocks: Clocks = serde_json::from_str(&row.clocks).unwrap_or_default();
    let due = clocks
        .by_alert_target(&p.target)
        .and_then(|clock| p.alert.due(clock, &cal, clocks.warn_percent));
    Ok(match due {
        Some(at) if at <= now => Check::Fire(row),
        Some(at) => Check::Later(at),
        None => Check::Obsolete,
    })
}

/// Notes the alert on the timeline and, at breach, escalates; the event
/// it records tells the people responsible (the notifications subscriber
/// decides who). Returns the ticket as it now is.
async fn fire(
    db: &impl ConnectionTrait,
    p: &Payload,
    row: &ticket_sla::Model,
    now: DateTime<Utc>,
) -> Result<ticket::Model, JobError> {
    let Some(mut current) = ticket::Entity::find_by_id(p.ticket_id).one(db).await? else {
        return Err(JobError::Failed("the ticket is gone".into()));
    };
    let escalation = escalation_of_policy(db, row.policy_id).await?;
    crate::tickets::service::staff_entry(
        db,
        current.id,
        "Atende",
        p.alert.event(),
        &json!({ "target": p.target }),
        now,
    )
    .await?;
    let original = current.clone();
    if p.alert == Alert::Breach {
        current = escalate(db, current, &escalation, now).await?;
    }
    let fields = |t: &ticket::Model| crate::tickets::service::event_fields(t, Vec::new());
    let mut events = vec![atende_core::events::ticket_sla_alert(
        &fields(&current),
        p.alert == Alert::Breach,
        &p.target,
        now,
    )];
    // An escalation (priority up, another agent) is a change like any.
    events.extend(atende_core::events::ticket_changed(
        &fields(&original),
        &fields(&current),
        atende_core::events::Performer::SYSTEM,
        now,
    ));
    crate::tickets::service::publish(db, &events, &current).await?;
    Ok(current)
}

/// The escalation of the policy a ticket's SLA follows (none without one).
pub async fn escalation_of(
    db: &impl ConnectionTrait,
    ticket_id: Uuid,
) -> Result<Escalation, DbErr> {
    let policy_id = ticket_sla::Entity::find_by_id(ticket_id)
        .one(db)
        .await?
        .and_then(|row| row.policy_id);
    escalation_of_policy(db, policy_id).await
}

async fn escalation_of_policy(
    db: &impl ConnectionTrait,
    policy_id: Option<Uuid>,
) -> Result<Escalation, DbErr> {
    Ok(match policy_id {
        Some(id) => policy::Entity::find_by_id(id)
            .one(db)
            .await?
            .and_then(|p| p.escalation)
            .and_then(|e| serde_json::from_str(&e).ok())
            .unwrap_or_default(),
        None => Escalation::default(),
    })
}

/// The policy's escalation at breach: a higher priority, another agent.
async fn escalate(
    db: &impl ConnectionTrait,
    before: ticket::Model,
    escalation: &Escalation,
    now: DateTime<Utc>,
) -> Result<ticket::Model, JobError> {
    let mut after = before.clone();
    let mut changes = serde_json::Map::new();
    if escalation.raise_priority
        && let Some(priority) = Priority::parse(&before.priority)
        && let Some(higher) = raised(priority)
    {
        after.priority = higher.as_str().to_owned();
        changes.insert(
            "priority".into(),
            json!({ "from": before.priority, "to": after.priority }),
        );
    }
    if let Some(agent) = escalation.reassign_to
        && before.assignee_id != Some(agent)
        && user::Entity::find_by_id(agent)
            .one(db)
            .await?
            .is_some_and(|u| u.active)
    {
        after.assignee_id = Some(agent);
        changes.insert(
            "assignee_id".into(),
            json!({ "from": before.assignee_id, "to": agent }),
        );
    }
    if changes.is_empty() {
        return Ok(before);
    }
    after.version = before.version + 1;
    after.updated_at = now;
    ticket::Entity::update_many()
        .col_expr(
            ticket::Column::Priority,
            Expr::value(after.priority.clone()),
        )
        .col_expr(ticket::Column::AssigneeId, Expr::value(after.assignee_id))
        .col_expr(ticket::Column::Version, Expr::value(after.version))
        .col_expr(ticket::Column::UpdatedAt, Expr::value(now))
        .filter(ticket::Column::Id.eq(after.id))
        .exec(db)
        .await?;
    crate::tickets::service::staff_entry(
        db,
        after.id,
        "Atende",
        "escalated",
        &serde_json::Value::Object(changes),
        now,
    )
    .await?;
    // A new priority may pick another policy's targets.
    clocks::on_changed(db, &before, &after, now).await?;
    Ok(after)
}

fn raised(priority: Priority) -> Option<Priority> {
    match priority {
        Priority::Low => Some(Priority::Normal),
        Priority::Normal => Some(Priority::High),
        Priority::High => Some(Priority::Urgent),
        Priority::Urgent => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priority_rises_one_step_and_stops_at_urgent() {
        assert_eq!(raised(Priority::Low), Some(Priority::Normal));
        assert_eq!(raised(Priority::High), Some(Priority::Urgent));
        assert_eq!(raised(Priority::Urgent), None);
    }

    #[test]
    fn keys_name_the_alert_the_ticket_and_the_target() {
        let id = Uuid::from_u128(7);
        let j = job(id, "resolution", Alert::Breach, Utc::now());
        assert_eq!(
            j.idempotency_key.as_deref(),
            Some("sla.sla_breach:00000000-0000-0000-0000-000000000007:resolution")
        );
    }
}
