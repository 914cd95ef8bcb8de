//! `/api/v1/webhooks`: parse, authorize (in the service), answer.

use actix_web::{HttpResponse, delete, get, post, put, web};
use atende_core::webhooks::DeliveryStatus;
use atende_types::{
    Page,
    webhooks::{
        RedeliverRange, Redelivered, WebhookDelivery, WebhookEndpoint, WebhookEndpointInput,
        WebhookEndpointWithSecret,
    },
};
use serde::Deserialize;
use uuid::Uuid;

use super::service;
use crate::{
    auth::Actor, error::ApiError, extract::ApiJson, pagination::PageQuery, state::AppState,
};

/// The endpoints the caller manages.
#[utoipa::path(get, path = "/api/v1/webhooks", tag = "webhooks",
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "Oldest first", body = Vec<WebhookEndpoint>)))]
#[get("/webhooks")]
pub async fn list(state: web::Data<AppState>, actor: Actor) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(service::list(&state, &actor).await?))
}

/// Adds an endpoint. The answer carries its signing secret (`whsec_…`),
/// shown this once.
#[utoipa::path(post, path = "/api/v1/webhooks", tag = "webhooks", request_body = WebhookEndpointInput,
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 201, description = "Created, with its secret", body = WebhookEndpointWithSecret)))]
#[post("/webhooks")]
pub async fn create(
    state: web::Data<AppState>,
    actor: Actor,
    ApiJson(body): ApiJson<WebhookEndpointInput>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(service::create(&state, &actor, body).await?))
}

/// One endpoint.
#[utoipa::path(get, path = "/api/v1/webhooks/{id}", tag = "webhooks", params(("id" = Uuid, Path)),
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "The endpoint", body = WebhookEndpoint)))]
#[get("/webhooks/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(service::show(&state, &actor, id.into_inner()).await?))
}

/// Replaces an endpoint's settings; switching it on again sends what
/// waited.
#[utoipa::path(put, path = "/api/v1/webhooks/{id}", tag = "webhooks", params(("id" = Uuid, Path)),
    request_body = WebhookEndpointInput, security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "Updated", body = WebhookEndpoint)))]
#[put("/webhooks/{id}")]
pub async fn replace(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
    ApiJson(body): ApiJson<WebhookEndpointInput>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(service::replace(&state, &actor, id.into_inner(), body).await?))
}

/// Removes an endpoint and its delivery log.
#[utoipa::path(delete, path = "/api/v1/webhooks/{id}", tag = "webhooks", params(("id" = Uuid, Path)),
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 204, description = "Removed")))]
#[delete("/webhooks/{id}")]
pub async fn delete(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    service::delete(&state, &actor, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A new signing secret, shown this once; the previous one keeps signing
/// beside it for 24 hours.
#[utoipa::path(post, path = "/api/v1/webhooks/{id}/rotate-secret", tag = "webhooks", params(("id" = Uuid, Path)),
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "The endpoint and its new secret", body = WebhookEndpointWithSecret)))]
#[post("/webhooks/{id}/rotate-secret")]
pub async fn rotate_secret(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(service::rotate_secret(&state, &actor, id.into_inner()).await?))
}

/// Sends a `webhook.test` message now.
#[utoipa::path(post, path = "/api/v1/webhooks/{id}/test", tag = "webhooks", params(("id" = Uuid, Path)),
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 202, description = "Queued", body = WebhookDelivery)))]
#[post("/webhooks/{id}/test")]
pub async fn send_test(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Accepted().json(service::send_test(&state, &actor, id.into_inner()).await?))
}

/// Which deliveries to list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeliveriesQuery {
    /// Only deliveries in this state.
    pub status: Option<DeliveryStatus>,
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

/// The delivery log: newest first, each with its attempts (request
/// headers and body, answer status, latency, the first 4 KB of the
/// answer), kept 30 days.
#[utoipa::path(get, path = "/api/v1/webhooks/{id}/deliveries", tag = "webhooks",
    params(("id" = Uuid, Path), DeliveriesQuery),
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "A page of deliveries", body = Page<WebhookDelivery>)))]
#[get("/webhooks/{id}/deliveries")]
pub async fn deliveries(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
    query: web::Query<DeliveriesQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let page = PageQuery {
        limit: query.limit,
        cursor: query.cursor,
    };
    Ok(HttpResponse::Ok()
        .json(service::deliveries(&state, &actor, id.into_inner(), query.status, &page).await?))
}

/// Sends one delivery again now.
#[utoipa::path(post, path = "/api/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver", tag = "webhooks",
    params(("id" = Uuid, Path), ("delivery_id" = Uuid, Path)),
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 202, description = "Queued", body = WebhookDelivery)))]
#[post("/webhooks/{id}/deliveries/{delivery_id}/redeliver")]
pub async fn redeliver(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (id, delivery_id) = path.into_inner();
    Ok(HttpResponse::Accepted().json(service::redeliver(&state, &actor, id, delivery_id).await?))
}

/// Sends again every failed (dead) delivery created within a time range.
#[utoipa::path(post, path = "/api/v1/webhooks/{id}/redeliver", tag = "webhooks", params(("id" = Uuid, Path)),
    request_body = RedeliverRange, security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 202, description = "How many were queued", body = Redelivered)))]
#[post("/webhooks/{id}/redeliver")]
pub async fn redeliver_range(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
    ApiJson(body): ApiJson<RedeliverRange>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Accepted()
        .json(service::redeliver_range(&state, &actor, id.into_inner(), body).await?))
}
