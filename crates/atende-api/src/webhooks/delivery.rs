//! Delivering: the webhooks subscriber of the event log turns each event
//! into one delivery per endpoint that wants it (in the subscriber's
//! transaction, with its first `webhooks.deliver` job), and each job makes
//! one signed attempt, records it, and decides with core what comes next:
//! done, another try later (about 3 days of them), dead, or — for 410
//! Gone or too many failures in a row — the endpoint switched off.
//!
//! At least once: the HTTP call happens outside any transaction; a process
//! that dies after the call and before recording it calls again when the
//! job's lease runs out, with the same `webhook-id`, so receivers dedupe.

use std::{
    collections::BTreeMap,
    time::{Duration as StdDuration, Instant},
};

use atende_core::{
    events::EventKind,
    jobs::JobStatus,
    webhooks::{self as decide, AttemptOutcome, DeliveryStatus, EndpointFilter, EndpointLevel},
};
use chrono::{DateTime, Utc};
use rand::Rng;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait,
    QueryFilter, sea_query::Expr,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use uuid::Uuid;

use super::entity::{attempt, delivery, endpoint};
use crate::{
    companies::entity::{self as company, CompanyKind},
    events::StoredEvent,
    jobs::{
        self, NewJob,
        worker::{JobContext, JobError},
    },
    state::AppState,
};

/// The job kind of one attempt.
pub const KIND: &str = "webhooks.deliver";

/// How much of an answer the log keeps.
const RESPONSE_KEPT: usize = 4096;

/// How long a receiver may take to answer.
const TIMEOUT: StdDuration = StdDuration::from_secs(15);

#[derive(Debug, Serialize, Deserialize)]
struct Payload {
    delivery_id: Uuid,
}

/// The endpoint's filter, as core reads it.
pub fn filter_of(row: &endpoint::Model) -> EndpointFilter {
    EndpointFilter {
        event_types: serde_json::from_str::<Vec<String>>(&row.event_types)
            .unwrap_or_default()
            .iter()
            .filter_map(|t| EventKind::parse(t))
            .collect(),
        level: EndpointLevel::parse(&row.level).unwrap_or(EndpointLevel::Public),
        company: row.company_id,
        consultancy: row.consultancy_id,
    }
}

/// The subscriber: one delivery per endpoint wanting each event.
pub async fn handle(
    txn: &DatabaseTransaction,
    events: &[StoredEvent],
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let endpoints: Vec<(endpoint::Model, EndpointFilter)> = endpoint::Entity::find()
        .filter(endpoint::Column::Enabled.eq(true))
        .all(txn)
        .await?
        .into_iter()
        .map(|row| {
            let filter = filter_of(&row);
            (row, filter)
        })
        .collect();
    if endpoints.is_empty() {
        return Ok(());
    }
    let mut consultancy_of: BTreeMap<Uuid, Option<Uuid>> = BTreeMap::new();
    for event in events {
        let consultancy = match event.company_id {
            Some(id) => match consultancy_of.get(&id) {
                Some(known) => *known,
                None => {
                    let found = company::Entity::find_by_id(id)
                        .one(txn)
                        .await?
                        .and_then(|c| {
                            if c.kind == CompanyKind::Consultancy {
                                Some(c.id)
                            } else {
                                c.consultancy_id
                            }
                        });
                    consultancy_of.insert(id, found);
                    found
                }
            },
            None => None,
        };
        let domain = event.domain();
        for (row, filter) in &endpoints {
            if decide::wants(filter, &domain, consultancy) {
                let body = decide::payload(&domain, event.id, &snapshot(&event.data));
                queue(txn, row.id, Some(event.id), event.kind.as_str(), &body, now).await?;
            }
        }
    }
    Ok(())
}

/// What the subject looked like after the event (the log's data without
/// its bookkeeping).
fn snapshot(data: &Value) -> Value {
    let mut data = data.clone();
    if let Value::Object(map) = &mut data {
        map.remove("changes");
        map.remove("change");
    }
    data
}

/// Adds a delivery (once per endpoint and event) and its first attempt.
pub async fn queue(
    db: &impl ConnectionTrait,
    endpoint_id: Uuid,
    event_id: Option<i64>,
    event_type: &str,
    body: &Value,
    now: DateTime<Utc>,
) -> Result<Uuid, DbErr> {
    let id = Uuid::now_v7();
    delivery::Entity::insert(delivery::ActiveModel {
        id: Set(id),
        endpoint_id: Set(endpoint_id),
        event_id: Set(event_id),
        event_type: Set(event_type.to_owned()),
        payload: Set(body.to_string()),
        status: Set(DeliveryStatus::Pending.as_str().to_owned()),
        attempts: Set(0),
        next_attempt_at: Set(Some(now)),
        last_status: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .on_conflict_do_nothing_on([delivery::Column::EndpointId, delivery::Column::EventId])
    .exec_without_returning(db)
    .await?;
    schedule(db, id, 0, now, now).await?;
    Ok(id)
}

/// Queues the attempt after `attempts` of a delivery at `at`.
pub async fn schedule(
    db: &impl ConnectionTrait,
    delivery_id: Uuid,
    attempts: i32,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let mut job = NewJob::now(KIND, json!(Payload { delivery_id }), at).keyed(format!(
        "{KIND}:{delivery_id}:{attempts}:{}",
        at.timestamp_micros()
    ));
    job.run_at = at;
    jobs::enqueue(db, job, now).await
}

/// One attempt.
pub async fn run(ctx: &JobContext<'_>) -> Result<(), JobError> {
    let payload: Payload = ctx.payload()?;
    let state = ctx.state;
    let Some(row) = delivery::Entity::find_by_id(payload.delivery_id)
        .one(&state.db)
        .await?
    else {
        return cancel(ctx, state).await;
    };
    let endpoint = endpoint::Entity::find_by_id(row.endpoint_id)
        .one(&state.db)
        .await?;
    let Some(endpoint) = endpoint.filter(|e| e.enabled) else {
        // Switched off or deleted: the delivery waits (switching the
        // endpoint on again queues what waits).
        return cancel(ctx, state).await;
    };
    if row.status != DeliveryStatus::Pending.as_str() {
        return cancel(ctx, state).await;
    }
    let now = state.clock.now();
    let sent = send(state, &endpoint, &row, now).await;
    let txn = crate::db::begin_write(&state.db).await?;
    record(&txn, &endpoint, &row, &sent, now).await?;
    ctx.complete(&txn, JobStatus::Done).await?;
    txn.commit().await?;
    Ok(())
}

async fn cancel(ctx: &JobContext<'_>, state: &AppState) -> Result<(), JobError> {
    let txn = crate::db::begin_write(&state.db).await?;
    ctx.complete(&txn, JobStatus::Cancelled).await?;
    txn.commit().await?;
    Ok(())
}

/// What one attempt sent and got.
struct Sent {
    headers: Value,
    status: Option<u16>,
    body: Option<String>,
    error: Option<String>,
    latency_ms: i32,
}

/// The endpoint's secrets that sign now: the current one, and the
/// previous one during its overlap.
fn signing_secrets(
    state: &AppState,
    endpoint: &endpoint::Model,
    now: DateTime<Utc>,
) -> Vec<String> {
    let place = |column: &str| format!("webhook_endpoints.{column}:{}", endpoint.id);
    let mut secrets = Vec::new();
    if let Ok(current) = state.secrets.open(&place("secret"), &endpoint.secret) {
        secrets.push(current);
    }
    if let (Some(previous), Some(until)) =
        (&endpoint.previous_secret, endpoint.previous_secret_until)
        && until > now
        && let Ok(previous) = state.secrets.open(&place("previous_secret"), previous)
    {
        secrets.push(previous);
    }
    secrets
}

async fn send(
    state: &AppState,
    endpoint: &endpoint::Model,
    row: &delivery::Model,
    now: DateTime<Utc>,
) -> Sent {
    let message_id = message_id(row.id);
    let timestamp = now.timestamp();
    let secrets = signing_secrets(state, endpoint, now);
    let refs: Vec<&str> = secrets.iter().map(String::as_str).collect();
    let signature = super::signature::header(&refs, &message_id, timestamp, &row.payload);
    let headers = json!({
        "content-type": "application/json",
        "webhook-id": message_id,
        "webhook-timestamp": timestamp.to_string(),
        "webhook-signature": signature,
    });
    let started = Instant::now();
    let request = state
        .outbound
        .request(reqwest::Method::POST, &endpoint.url)
        .map(|r| {
            r.timeout(TIMEOUT)
                .header("content-type", "application/json")
                .header("webhook-id", &message_id)
                .header("webhook-timestamp", timestamp.to_string())
                .header("webhook-signature", &signature)
                .body(row.payload.clone())
        });
    let result = match request {
        Ok(request) => state.outbound.send(request).await,
        Err(e) => Err(e),
    };
    let (status, body, error) = match result {
        Ok(response) => {
            let status = response.status().as_u16();
            let text = response.text().await.unwrap_or_default();
            let kept: String = text.chars().take(RESPONSE_KEPT).collect();
            (Some(status), Some(kept), None)
        }
        Err(e) => (None, None, Some(e.to_string())),
    };
    Sent {
        headers,
        status,
        body,
        error,
        latency_ms: i32::try_from(started.elapsed().as_millis()).unwrap_or(i32::MAX),
    }
}

/// The `webhook-id` of a delivery.
pub fn message_id(delivery_id: Uuid) -> String {
    format!("msg_{}", delivery_id.simple())
}

async fn record(
    txn: &DatabaseTransaction,
    endpoint: &endpoint::Model,
    row: &delivery::Model,
    sent: &Sent,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    attempt::Entity::insert(attempt::ActiveModel {
        id: Set(Uuid::now_v7()),
        delivery_id: Set(row.id),
        endpoint_id: Set(endpoint.id),
        attempted_at: Set(now),
        request_headers: Set(sent.headers.to_string()),
        request_body: Set(row.payload.clone()),
        response_status: Set(sent.status.map(i32::from)),
        response_body: Set(sent.body.clone()),
        error: Set(sent.error.clone()),
        latency_ms: Set(sent.latency_ms),
    })
    .exec_without_returning(txn)
    .await?;
    let attempts = row.attempts + 1;
    let outcome = decide::outcome(sent.status);
    let (status, next) = match outcome {
        AttemptOutcome::Delivered => (DeliveryStatus::Delivered, None),
        AttemptOutcome::Gone => (DeliveryStatus::Dead, None),
        AttemptOutcome::Retry => {
            let jitter: f64 = rand::rng().random();
            match decide::next_attempt(u32::try_from(attempts).unwrap_or(u32::MAX), jitter) {
                Some(wait) => (DeliveryStatus::Pending, Some(now + wait)),
                None => (DeliveryStatus::Dead, None),
            }
        }
    };
    delivery::Entity::update_many()
        .col_expr(delivery::Column::Status, Expr::value(status.as_str()))
        .col_expr(delivery::Column::Attempts, Expr::value(attempts))
        .col_expr(delivery::Column::NextAttemptAt, Expr::value(next))
        .col_expr(
            delivery::Column::LastStatus,
            Expr::value(sent.status.map(i32::from)),
        )
        .col_expr(delivery::Column::UpdatedAt, Expr::value(now))
        .filter(delivery::Column::Id.eq(row.id))
        .exec(txn)
        .await?;
    if let Some(at) = next {
        schedule(txn, row.id, attempts, at, now).await?;
    }
    let failures = match outcome {
        AttemptOutcome::Delivered => 0,
        _ => endpoint.consecutive_failures + 1,
    };
    let disabled = match outcome {
        AttemptOutcome::Gone => Some("410 Gone: o receptor pediu para não receber mais".to_owned()),
        AttemptOutcome::Retry if decide::breaks(failures) => {
            Some(format!("pausado após {failures} falhas seguidas"))
        }
        _ => None,
    };
    let mut update = endpoint::Entity::update_many()
        .col_expr(endpoint::Column::ConsecutiveFailures, Expr::value(failures))
        .filter(endpoint::Column::Id.eq(endpoint.id));
    if let Some(reason) = &disabled {
        update = update
            .col_expr(endpoint::Column::Enabled, Expr::value(false))
            .col_expr(
                endpoint::Column::DisabledReason,
                Expr::value(reason.clone()),
            )
            .col_expr(endpoint::Column::UpdatedAt, Expr::value(now));
        tracing::warn!(endpoint = %endpoint.id, reason, "webhook endpoint switched off");
    }
    update.exec(txn).await?;
    Ok(())
}
