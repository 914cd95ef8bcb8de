//! `/api/v1/pending-items`.

use actix_web::{HttpResponse, get, patch, post, web};
use atende_types::{
    Page,
    pending::{
        PendingItem, PendingItemAnswer, PendingItemBulkResult, PendingItemBulkStep,
        PendingItemCreate, PendingItemEvent, PendingItemMessage, PendingItemStep,
        PendingItemUpdate,
    },
};
use uuid::Uuid;

use super::service::{self, PendingFilter};
use crate::{
    auth::Actor, error::ApiError, extract::ApiJson, pagination::PageQuery, state::AppState,
};

/// Creates a pending item (a draft, or submitted with `submit: true`).
#[utoipa::path(post, path = "/api/v1/pending-items", tag = "pending-items", request_body = PendingItemCreate,
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 201, description = "Created", body = PendingItem),
        (status = 403, description = "No `pending_items.create`", body = atende_types::ErrorBody, content_type = "application/problem+json"),
        (status = 422, description = "A bad value, named in `field`", body = atende_types::ErrorBody, content_type = "application/problem+json")))]
#[post("")]
pub async fn create(
    state: web::Data<AppState>,
    actor: Actor,
    ApiJson(body): ApiJson<PendingItemCreate>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(service::create(&state, &actor, body).await?))
}

/// The pending items the caller may see, newest first.
#[utoipa::path(get, path = "/api/v1/pending-items", tag = "pending-items", params(PendingFilter, PageQuery),
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "A page of items", body = Page<PendingItem>)))]
#[get("")]
pub async fn list(
    state: web::Data<AppState>,
    actor: Actor,
    web::Query(filter): web::Query<PendingFilter>,
    web::Query(paging): web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(service::list(&state, &actor, &filter, &paging).await?))
}

/// The same workflow step on many items.
#[utoipa::path(post, path = "/api/v1/pending-items/bulk", tag = "pending-items", request_body = PendingItemBulkStep,
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "What happened to each", body = PendingItemBulkResult)))]
#[post("/bulk")]
pub async fn bulk(
    state: web::Data<AppState>,
    actor: Actor,
    ApiJson(body): ApiJson<PendingItemBulkStep>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(service::bulk(&state, &actor, body).await?))
}

/// One item.
#[utoipa::path(get, path = "/api/v1/pending-items/{id}", tag = "pending-items", params(("id" = Uuid, Path)),
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "The item", body = PendingItem),
        (status = 404, description = "No such item in reach", body = atende_types::ErrorBody, content_type = "application/problem+json")))]
#[get("/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(service::show(&state, &actor, *id).await?))
}

/// Edits a draft or refused item.
#[utoipa::path(patch, path = "/api/v1/pending-items/{id}", tag = "pending-items", params(("id" = Uuid, Path)),
    request_body = PendingItemUpdate, security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "The item", body = PendingItem),
        (status = 409, description = "A stale version", body = atende_types::ErrorBody, content_type = "application/problem+json"),
        (status = 422, description = "Not editable now, or a bad value", body = atende_types::ErrorBody, content_type = "application/problem+json")))]
#[patch("/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
    ApiJson(body): ApiJson<PendingItemUpdate>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(service::update(&state, &actor, *id, body).await?))
}

/// A workflow step: submit, approve, refuse (with a reason), start,
/// return to the client, resolve, return to draft.
#[utoipa::path(post, path = "/api/v1/pending-items/{id}/steps", tag = "pending-items", params(("id" = Uuid, Path)),
    request_body = PendingItemStep, security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "The item after the step", body = PendingItem),
        (status = 403, description = "The role may not take this step", body = atende_types::ErrorBody, content_type = "application/problem+json"),
        (status = 422, description = "Not allowed from the current status, or no reason", body = atende_types::ErrorBody, content_type = "application/problem+json")))]
#[post("/{id}/steps")]
pub async fn step(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
    ApiJson(body): ApiJson<PendingItemStep>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(service::step(&state, &actor, *id, body).await?))
}

/// The thread of answers.
#[utoipa::path(get, path = "/api/v1/pending-items/{id}/messages", tag = "pending-items", params(("id" = Uuid, Path)),
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "Answers, oldest first", body = Vec<PendingItemMessage>)))]
#[get("/{id}/messages")]
pub async fn messages(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(service::messages(&state, &actor, *id).await?))
}

/// Answers the item.
#[utoipa::path(post, path = "/api/v1/pending-items/{id}/messages", tag = "pending-items", params(("id" = Uuid, Path)),
    request_body = PendingItemAnswer, security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 201, description = "The answer", body = PendingItemMessage),
        (status = 422, description = "Not awaiting an answer, or empty", body = atende_types::ErrorBody, content_type = "application/problem+json")))]
#[post("/{id}/messages")]
pub async fn answer(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
    ApiJson(body): ApiJson<PendingItemAnswer>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(service::answer(&state, &actor, *id, &body.body).await?))
}

/// The item's history.
#[utoipa::path(get, path = "/api/v1/pending-items/{id}/events", tag = "pending-items", params(("id" = Uuid, Path)),
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "Events, oldest first", body = Vec<PendingItemEvent>)))]
#[get("/{id}/events")]
pub async fn events(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(service::events(&state, &actor, *id).await?))
}
