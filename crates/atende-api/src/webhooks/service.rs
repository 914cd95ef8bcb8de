//! Managing endpoints: each service authorizes `integrations.manage`,
//! loads, validates, persists with its audit entry and answers.
//!
//! Tenancy: an endpoint belongs to a consultancy (or, an administrator's,
//! to the whole installation) and hears only that consultancy's events;
//! a manager sees and changes only endpoints of their own consultancies
//! (others answer 404), and may filter only by a company within reach.

use std::collections::BTreeSet;

use atende_core::{
    access::Reach,
    permissions::Permission,
    webhooks::{self as decide, DeliveryStatus, EndpointLevel, TEST_EVENT_TYPE},
};
use atende_types::{
    Page,
    webhooks::{
        RedeliverRange, Redelivered, WebhookAttempt, WebhookDelivery, WebhookEndpoint,
        WebhookEndpointInput, WebhookEndpointWithSecret,
    },
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, sea_query::Expr,
};
use serde_json::json;
use uuid::Uuid;

use super::{
    delivery::{self, filter_of},
    entity::{attempt, delivery as delivery_row, endpoint},
    signature,
};
use crate::{
    audit::{self, Change},
    auth::Actor,
    companies::entity::{self as company, CompanyKind},
    db::begin_write,
    error::ApiError,
    pagination::{PageQuery, page},
    state::AppState,
};

/// Who manages endpoints, and which.
struct Manager {
    reach: Reach,
    /// The consultancies within reach (none for an administrator).
    consultancies: BTreeSet<Uuid>,
}

impl Manager {
    async fn of(db: &impl ConnectionTrait, actor: &Actor) -> Result<Manager, ApiError> {
        let reach = actor.authorize(Permission::IntegrationsManage)?;
        let consultancies = match &reach {
            Reach::Everywhere => BTreeSet::new(),
            Reach::Companies(ids) => company::Entity::find()
                .filter(company::Column::Id.is_in(ids.iter().copied()))
                .filter(company::Column::Kind.eq(CompanyKind::Consultancy))
                .all(db)
                .await?
                .into_iter()
                .map(|c| c.id)
                .collect(),
        };
        if !matches!(reach, Reach::Everywhere) && consultancies.is_empty() {
            return Err(ApiError::Forbidden(atende_core::access::Denied(
                Permission::IntegrationsManage,
            )));
        }
        Ok(Manager {
            reach,
            consultancies,
        })
    }

    fn manages(&self, row: &endpoint::Model) -> bool {
        match self.reach {
            Reach::Everywhere => true,
            Reach::Companies(_) => row
                .consultancy_id
                .is_some_and(|c| self.consultancies.contains(&c)),
        }
    }
}

async fn managed(
    db: &impl ConnectionTrait,
    manager: &Manager,
    id: Uuid,
) -> Result<endpoint::Model, ApiError> {
    endpoint::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|row| manager.manages(row))
        .ok_or(ApiError::NotFound)
}

fn wire(row: &endpoint::Model) -> WebhookEndpoint {
    let filter = filter_of(row);
    WebhookEndpoint {
        id: row.id,
        name: row.name.clone(),
        url: row.url.clone(),
        event_types: filter.event_types,
        company_id: row.company_id,
        level: filter.level,
        consultancy_id: row.consultancy_id,
        enabled: row.enabled,
        disabled_reason: row.disabled_reason.clone(),
        consecutive_failures: row.consecutive_failures,
        previous_secret_until: row.previous_secret_until,
        created_at: row.created_at,
        updated_at: row.updated_at,
    }
}

fn summary(row: &endpoint::Model) -> serde_json::Value {
    json!({ "name": row.name, "url": row.url, "enabled": row.enabled,
            "event_types": serde_json::from_str::<serde_json::Value>(&row.event_types).unwrap_or_default() })
}

/// The checked parts of an input.
struct Checked {
    name: String,
    url: String,
    event_types: String,
    level: EndpointLevel,
    company_id: Option<Uuid>,
    consultancy_id: Option<Uuid>,
}

async fn check(
    state: &AppState,
    db: &impl ConnectionTrait,
    manager: &Manager,
    input: &WebhookEndpointInput,
) -> Result<Checked, ApiError> {
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > 120 {
        return Err(ApiError::validation(
            "name",
            "must have 1 to 120 characters",
        ));
    }
    if input.url.len() > 2048 {
        return Err(ApiError::validation(
            "url",
            "must have at most 2048 characters",
        ));
    }
    let url = state
        .outbound
        .check(&input.url)
        .map_err(|e| ApiError::validation("url", e.to_string()))?;
    if input.event_types.is_empty() {
        return Err(ApiError::validation(
            "event_types",
            "name at least one event type",
        ));
    }
    if let Some(kind) = input
        .event_types
        .iter()
        .find(|k| !decide::subscribable().any(|s| s == **k))
    {
        return Err(ApiError::validation(
            "event_types",
            format!("{} cannot be subscribed to", kind.as_str()),
        ));
    }
    let types: BTreeSet<&str> = input.event_types.iter().map(|k| k.as_str()).collect();
    let consultancy_id = match (&manager.reach, input.consultancy_id) {
        (Reach::Everywhere, None) => None,
        (Reach::Everywhere, Some(id)) => Some(
            company::Entity::find_by_id(id)
                .one(db)
                .await?
                .filter(|c| c.kind == CompanyKind::Consultancy)
                .map(|c| c.id)
                .ok_or_else(|| ApiError::validation("consultancy_id", "is not a consultancy"))?,
        ),
        (Reach::Companies(_), Some(id)) if manager.consultancies.contains(&id) => Some(id),
        (Reach::Companies(_), Some(_)) => {
            return Err(ApiError::validation(
                "consultancy_id",
                "is not a consultancy of yours",
            ));
        }
        (Reach::Companies(_), None) if manager.consultancies.len() == 1 => {
            manager.consultancies.first().copied()
        }
        (Reach::Companies(_), None) => {
            return Err(ApiError::validation(
                "consultancy_id",
                "name which of your consultancies owns the endpoint",
            ));
        }
    };
    if let Some(id) = input.company_id {
        let found = company::Entity::find_by_id(id)
            .one(db)
            .await?
            .filter(|c| manager.reach.covers(c.id))
            .filter(|c| {
                consultancy_id.is_none_or(|owner| c.id == owner || c.consultancy_id == Some(owner))
            });
        if found.is_none() {
            return Err(ApiError::validation(
                "company_id",
                "is not a company of the endpoint's consultancy within your reach",
            ));
        }
    }
    Ok(Checked {
        name: name.to_owned(),
        url: url.to_string(),
        event_types: serde_json::to_string(&types).unwrap_or_else(|_| "[]".into()),
        level: input.level.unwrap_or(EndpointLevel::Public),
        company_id: input.company_id,
        consultancy_id,
    })
}

fn place(column: &str, id: Uuid) -> String {
    format!("webhook_endpoints.{column}:{id}")
}

fn seal(state: &AppState, column: &str, id: Uuid, plain: &str) -> Result<String, ApiError> {
    state
        .secrets
        .seal(&place(column, id), plain)
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("{e}")))
}

fn fresh_secret() -> Result<String, ApiError> {
    signature::new_secret()
        .map_err(|_| ApiError::Internal(anyhow::anyhow!("no randomness for a secret")))
}

/// Every endpoint the caller manages.
pub async fn list(state: &AppState, actor: &Actor) -> Result<Vec<WebhookEndpoint>, ApiError> {
    let manager = Manager::of(&state.db, actor).await?;
    Ok(endpoint::Entity::find()
        .order_by_asc(endpoint::Column::CreatedAt)
        .all(&state.db)
        .await?
        .iter()
        .filter(|row| manager.manages(row))
        .map(wire)
        .collect())
}

pub async fn show(state: &AppState, actor: &Actor, id: Uuid) -> Result<WebhookEndpoint, ApiError> {
    let manager = Manager::of(&state.db, actor).await?;
    Ok(wire(&managed(&state.db, &manager, id).await?))
}

/// Creates an endpoint; its secret is answered now and never again.
pub async fn create(
    state: &AppState,
    actor: &Actor,
    input: WebhookEndpointInput,
) -> Result<WebhookEndpointWithSecret, ApiError> {
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let manager = Manager::of(&txn, actor).await?;
    let checked = check(state, &txn, &manager, &input).await?;
    let id = Uuid::now_v7();
    let secret = fresh_secret()?;
    let row = endpoint::Model {
        id,
        consultancy_id: checked.consultancy_id,
        name: checked.name,
        url: checked.url,
        event_types: checked.event_types,
        company_id: checked.company_id,
        level: checked.level.as_str().to_owned(),
        secret: seal(state, "secret", id, &secret)?,
        previous_secret: None,
        previous_secret_until: None,
        enabled: input.enabled,
        disabled_reason: None,
        consecutive_failures: 0,
        created_by: actor.user.as_ref().map(|u| u.id),
        created_at: now,
        updated_at: now,
    };
    endpoint::Entity::insert(endpoint::ActiveModel::from(row.clone()))
        .exec_without_returning(&txn)
        .await?;
    audit::record(
        &txn,
        &actor.audit,
        Change::new("webhook_endpoint.created", "webhook_endpoint", id)
            .company(row.consultancy_id)
            .after(summary(&row)),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(WebhookEndpointWithSecret {
        endpoint: wire(&row),
        secret,
    })
}

/// Replaces an endpoint's settings (not its secret). Switching it on
/// again queues the deliveries that waited.
pub async fn replace(
    state: &AppState,
    actor: &Actor,
    id: Uuid,
    input: WebhookEndpointInput,
) -> Result<WebhookEndpoint, ApiError> {
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let manager = Manager::of(&txn, actor).await?;
    let before = managed(&txn, &manager, id).await?;
    let checked = check(state, &txn, &manager, &input).await?;
    let mut after = before.clone();
    after.name = checked.name;
    after.url = checked.url;
    after.event_types = checked.event_types;
    after.level = checked.level.as_str().to_owned();
    after.company_id = checked.company_id;
    after.consultancy_id = checked.consultancy_id;
    after.enabled = input.enabled;
    if input.enabled {
        after.disabled_reason = None;
        after.consecutive_failures = 0;
    }
    after.updated_at = now;
    endpoint::Entity::update(endpoint::ActiveModel::from(after.clone()).reset_all())
        .exec(&txn)
        .await?;
    if input.enabled && !before.enabled {
        let waiting = delivery_row::Entity::find()
            .filter(delivery_row::Column::EndpointId.eq(id))
            .filter(delivery_row::Column::Status.eq(DeliveryStatus::Pending.as_str()))
            .all(&txn)
            .await?;
        for row in waiting {
            delivery::schedule(&txn, row.id, row.attempts, now, now).await?;
        }
    }
    audit::record(
        &txn,
        &actor.audit,
        Change::new("webhook_endpoint.updated", "webhook_endpoint", id)
            .company(after.consultancy_id)
            .before(summary(&before))
            .after(summary(&after)),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(wire(&after))
}

pub async fn delete(state: &AppState, actor: &Actor, id: Uuid) -> Result<(), ApiError> {
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let manager = Manager::of(&txn, actor).await?;
    let row = managed(&txn, &manager, id).await?;
    attempt::Entity::delete_many()
        .filter(attempt::Column::EndpointId.eq(id))
        .exec(&txn)
        .await?;
    delivery_row::Entity::delete_many()
        .filter(delivery_row::Column::EndpointId.eq(id))
        .exec(&txn)
        .await?;
    endpoint::Entity::delete_by_id(id).exec(&txn).await?;
    audit::record(
        &txn,
        &actor.audit,
        Change::new("webhook_endpoint.deleted", "webhook_endpoint", id)
            .company(row.consultancy_id)
            .before(summary(&row)),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// A new secret; the previous one keeps signing beside it for a day so
/// receivers can switch without losing a message.
pub async fn rotate_secret(
    state: &AppState,
    actor: &Actor,
    id: Uuid,
) -> Result<WebhookEndpointWithSecret, ApiError> {
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let manager = Manager::of(&txn, actor).await?;
    let mut row = managed(&txn, &manager, id).await?;
    let previous = state
        .secrets
        .open(&place("secret", id), &row.secret)
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("{e}")))?;
    let secret = fresh_secret()?;
    row.previous_secret = Some(seal(state, "previous_secret", id, &previous)?);
    row.previous_secret_until = Some(now + decide::rotation_overlap());
    row.secret = seal(state, "secret", id, &secret)?;
    row.updated_at = now;
    endpoint::Entity::update(endpoint::ActiveModel::from(row.clone()).reset_all())
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        &actor.audit,
        Change::new("webhook_endpoint.secret_rotated", "webhook_endpoint", id)
            .company(row.consultancy_id)
            .after(json!({ "previous_secret_until": row.previous_secret_until })),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(WebhookEndpointWithSecret {
        endpoint: wire(&row),
        secret,
    })
}

/// Sends a `webhook.test` message now (switched-off endpoints too).
pub async fn send_test(
    state: &AppState,
    actor: &Actor,
    id: Uuid,
) -> Result<WebhookDelivery, ApiError> {
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let manager = Manager::of(&txn, actor).await?;
    let row = managed(&txn, &manager, id).await?;
    if !row.enabled {
        return Err(ApiError::validation(
            "enabled",
            "switch the endpoint on before testing it",
        ));
    }
    let body = json!({
        "type": TEST_EVENT_TYPE,
        "timestamp": now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "version": 1,
        "data": { "endpoint_id": id, "message": "Teste do Atende / Atende test message" },
    });
    let delivery_id = delivery::queue(&txn, id, None, TEST_EVENT_TYPE, &body, now).await?;
    txn.commit().await?;
    one_delivery(state, id, delivery_id).await
}

/// The endpoint's deliveries, newest first, each with its attempts.
pub async fn deliveries(
    state: &AppState,
    actor: &Actor,
    id: Uuid,
    status: Option<DeliveryStatus>,
    query: &PageQuery,
) -> Result<Page<WebhookDelivery>, ApiError> {
    let manager = Manager::of(&state.db, actor).await?;
    managed(&state.db, &manager, id).await?;
    let limit = query.limit()?;
    let mut select = delivery_row::Entity::find()
        .filter(delivery_row::Column::EndpointId.eq(id))
        .order_by_desc(delivery_row::Column::Id);
    if let Some(after) = query.after::<Uuid>()? {
        select = select.filter(delivery_row::Column::Id.lt(after));
    }
    if let Some(status) = status {
        select = select.filter(delivery_row::Column::Status.eq(status.as_str()));
    }
    let rows = select.limit(limit + 1).all(&state.db).await?;
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let attempts = attempt::Entity::find()
        .filter(attempt::Column::DeliveryId.is_in(ids))
        .order_by_desc(attempt::Column::AttemptedAt)
        .all(&state.db)
        .await?;
    Ok(page(rows, limit, |r| r.id, |r| delivery_wire(r, &attempts)))
}

async fn one_delivery(
    state: &AppState,
    endpoint_id: Uuid,
    id: Uuid,
) -> Result<WebhookDelivery, ApiError> {
    let row = delivery_row::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .filter(|d| d.endpoint_id == endpoint_id)
        .ok_or(ApiError::NotFound)?;
    let attempts = attempt::Entity::find()
        .filter(attempt::Column::DeliveryId.eq(id))
        .order_by_desc(attempt::Column::AttemptedAt)
        .all(&state.db)
        .await?;
    Ok(delivery_wire(row, &attempts))
}

fn delivery_wire(row: delivery_row::Model, attempts: &[attempt::Model]) -> WebhookDelivery {
    WebhookDelivery {
        id: row.id,
        message_id: delivery::message_id(row.id),
        event_type: row.event_type,
        event_id: row.event_id,
        status: DeliveryStatus::parse(&row.status).unwrap_or(DeliveryStatus::Pending),
        attempts: row.attempts,
        next_attempt_at: row.next_attempt_at,
        last_status: row.last_status,
        created_at: row.created_at,
        updated_at: row.updated_at,
        attempts_log: attempts
            .iter()
            .filter(|a| a.delivery_id == row.id)
            .map(|a| WebhookAttempt {
                attempted_at: a.attempted_at,
                request_headers: serde_json::from_str(&a.request_headers).unwrap_or_default(),
                request_body: a.request_body.clone(),
                response_status: a.response_status,
                response_body: a.response_body.clone(),
                error: a.error.clone(),
                latency_ms: a.latency_ms,
            })
            .collect(),
    }
}

/// Sends one delivery again now, whatever became of it.
pub async fn redeliver(
    state: &AppState,
    actor: &Actor,
    endpoint_id: Uuid,
    id: Uuid,
) -> Result<WebhookDelivery, ApiError> {
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let manager = Manager::of(&txn, actor).await?;
    managed(&txn, &manager, endpoint_id).await?;
    let row = delivery_row::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .filter(|d| d.endpoint_id == endpoint_id)
        .ok_or(ApiError::NotFound)?;
    again(&txn, &row, now).await?;
    txn.commit().await?;
    one_delivery(state, endpoint_id, id).await
}

/// Sends again every dead delivery created within `range`.
pub async fn redeliver_range(
    state: &AppState,
    actor: &Actor,
    endpoint_id: Uuid,
    range: RedeliverRange,
) -> Result<Redelivered, ApiError> {
    if range.to < range.from {
        return Err(ApiError::validation("to", "must not be before from"));
    }
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let manager = Manager::of(&txn, actor).await?;
    managed(&txn, &manager, endpoint_id).await?;
    let dead = delivery_row::Entity::find()
        .filter(delivery_row::Column::EndpointId.eq(endpoint_id))
        .filter(delivery_row::Column::Status.eq(DeliveryStatus::Dead.as_str()))
        .filter(delivery_row::Column::CreatedAt.gte(range.from))
        .filter(delivery_row::Column::CreatedAt.lte(range.to))
        .all(&txn)
        .await?;
    for row in &dead {
        again(&txn, row, now).await?;
    }
    txn.commit().await?;
    Ok(Redelivered {
        queued: dead.len() as u64,
    })
}

async fn again(
    db: &impl ConnectionTrait,
    row: &delivery_row::Model,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    delivery_row::Entity::update_many()
        .col_expr(
            delivery_row::Column::Status,
            Expr::value(DeliveryStatus::Pending.as_str()),
        )
        .col_expr(delivery_row::Column::NextAttemptAt, Expr::value(Some(now)))
        .col_expr(delivery_row::Column::UpdatedAt, Expr::value(now))
        .filter(delivery_row::Column::Id.eq(row.id))
        .exec(db)
        .await?;
    delivery::schedule(db, row.id, row.attempts, now, now).await?;
    Ok(())
}

/// Forgets attempts and finished deliveries older than 30 days.
pub async fn prune(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<u64, sea_orm::DbErr> {
    let before = now - chrono::Duration::days(30);
    let attempts = attempt::Entity::delete_many()
        .filter(attempt::Column::AttemptedAt.lt(before))
        .exec(db)
        .await?
        .rows_affected;
    delivery_row::Entity::delete_many()
        .filter(delivery_row::Column::UpdatedAt.lt(before))
        .filter(delivery_row::Column::Status.ne(DeliveryStatus::Pending.as_str()))
        .exec(db)
        .await?;
    Ok(attempts)
}
