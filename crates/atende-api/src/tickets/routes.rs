use actix_web::{HttpResponse, get, patch, post, web};
use atende_core::tickets::TicketKey;
use atende_types::{
    Page,
    tickets::{
        Board, Ticket, TicketBulkResult, TicketBulkUpdate, TicketCounters, TicketCreate,
        TicketEvent, TicketMessage, TicketMessageCreate, TicketReopen, TicketUpdate,
    },
};
use serde::Deserialize;
use uuid::Uuid;

use super::{
    query::{self, TicketFilter, TicketSort},
    service,
};
use crate::{
    auth::Actor, error::ApiError, extract::ApiJson, pagination::PageQuery, state::AppState,
};

/// Opens a ticket.
#[utoipa::path(post, path = "/api/v1/tickets", tag = "tickets", request_body = TicketCreate,
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses(
        (status = 201, description = "Opened", body = Ticket),
        (status = 403, description = "No `tickets.create`", body = atende_types::ErrorBody, content_type = "application/problem+json"),
        (status = 422, description = "A bad value, named in `field`", body = atende_types::ErrorBody, content_type = "application/problem+json"),
    ))]
#[post("")]
pub async fn create(
    state: web::Data<AppState>,
    actor: Actor,
    ApiJson(body): ApiJson<TicketCreate>,
) -> Result<HttpResponse, ApiError> {
    let ticket = service::create(&state, &actor, body).await?;
    Ok(HttpResponse::Created().json(ticket))
}

/// Tickets in reach: filter, sort, cursor pages.
#[utoipa::path(get, path = "/api/v1/tickets", tag = "tickets", params(TicketFilter, TicketSort, PageQuery),
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses(
        (status = 200, description = "A page of tickets", body = Page<Ticket>),
        (status = 422, description = "A bad filter, named in `field`", body = atende_types::ErrorBody, content_type = "application/problem+json"),
    ))]
#[get("")]
pub async fn list(
    state: web::Data<AppState>,
    actor: Actor,
    web::Query(filter): web::Query<TicketFilter>,
    web::Query(sort): web::Query<TicketSort>,
    web::Query(paging): web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(query::list(&state, &actor, &filter, &sort, &paging).await?))
}

/// Counters for the client panel (open, closed, total; SLA when it exists).
#[utoipa::path(get, path = "/api/v1/tickets/counters", tag = "tickets", params(TicketFilter),
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "The counters", body = TicketCounters)))]
#[get("/counters")]
pub async fn counters(
    state: web::Data<AppState>,
    actor: Actor,
    web::Query(filter): web::Query<TicketFilter>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(query::counters(&state, &actor, &filter).await?))
}

/// Cards per column of the board.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BoardQuery {
    /// Cards per column, 1–100 (default 20).
    pub per_column: Option<u64>,
}

/// The Kanban board: one column per status with its count and first cards.
#[utoipa::path(get, path = "/api/v1/tickets/board", tag = "tickets", params(TicketFilter, BoardQuery),
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "The board", body = Board)))]
#[get("/board")]
pub async fn board(
    state: web::Data<AppState>,
    actor: Actor,
    web::Query(filter): web::Query<TicketFilter>,
    web::Query(board): web::Query<BoardQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok()
        .json(query::board(&state, &actor, &filter, board.per_column.unwrap_or(20)).await?))
}

/// One change applied to many tickets.
#[utoipa::path(post, path = "/api/v1/tickets/bulk", tag = "tickets", request_body = TicketBulkUpdate,
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "What changed and what did not", body = TicketBulkResult)))]
#[post("/bulk")]
pub async fn bulk(
    state: web::Data<AppState>,
    actor: Actor,
    ApiJson(body): ApiJson<TicketBulkUpdate>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(query::bulk(&state, &actor, body).await?))
}

/// One ticket, by id or by number (`41`, `%23000041`).
#[utoipa::path(get, path = "/api/v1/tickets/{id}", tag = "tickets", params(("id" = String, Path, description = "The ticket's id, or its number")),
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses(
        (status = 200, description = "The ticket", body = Ticket),
        (status = 404, description = "No such ticket in reach", body = atende_types::ErrorBody, content_type = "application/problem+json"),
    ))]
#[get("/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let key = TicketKey::parse(&id).ok_or(ApiError::NotFound)?;
    Ok(HttpResponse::Ok().json(service::show(&state, &actor, key).await?))
}

/// Changes status, priority, assignee, team, category, tags or subject,
/// based on `version` (409 when someone else changed it meanwhile).
#[utoipa::path(patch, path = "/api/v1/tickets/{id}", tag = "tickets", params(("id" = Uuid, Path)), request_body = TicketUpdate,
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses(
        (status = 200, description = "The updated ticket", body = Ticket),
        (status = 404, description = "No such ticket in reach", body = atende_types::ErrorBody, content_type = "application/problem+json"),
        (status = 409, description = "Changed meanwhile; the detail says by whom", body = atende_types::ErrorBody, content_type = "application/problem+json"),
        (status = 422, description = "A forbidden transition or a bad value", body = atende_types::ErrorBody, content_type = "application/problem+json"),
    ))]
#[patch("/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
    ApiJson(body): ApiJson<TicketUpdate>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(service::update(&state, &actor, *id, body).await?))
}

/// The thread (internal notes only for staff).
#[utoipa::path(get, path = "/api/v1/tickets/{id}/messages", tag = "tickets", params(("id" = Uuid, Path)),
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "The thread, oldest first", body = Vec<TicketMessage>)))]
#[get("/{id}/messages")]
pub async fn messages(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(service::messages(&state, &actor, *id).await?))
}

/// Adds a public reply or (staff) an internal note.
#[utoipa::path(post, path = "/api/v1/tickets/{id}/messages", tag = "tickets", params(("id" = Uuid, Path)), request_body = TicketMessageCreate,
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses(
        (status = 201, description = "Added", body = TicketMessage),
        (status = 403, description = "Clients cannot write internal notes", body = atende_types::ErrorBody, content_type = "application/problem+json"),
    ))]
#[post("/{id}/messages")]
pub async fn add_message(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
    ApiJson(body): ApiJson<TicketMessageCreate>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(service::add_message(&state, &actor, *id, body).await?))
}

/// The timeline of changes (internal ones only for staff).
#[utoipa::path(get, path = "/api/v1/tickets/{id}/events", tag = "tickets", params(("id" = Uuid, Path)),
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "The timeline, oldest first", body = Vec<TicketEvent>)))]
#[get("/{id}/events")]
pub async fn events(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(service::events(&state, &actor, *id).await?))
}

/// Reopens a solved ticket within 7 days, with a reason.
#[utoipa::path(post, path = "/api/v1/tickets/{id}/reopen", tag = "tickets", params(("id" = Uuid, Path)), request_body = TicketReopen,
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses(
        (status = 200, description = "Reopened", body = Ticket),
        (status = 422, description = "Not solved, or the window passed", body = atende_types::ErrorBody, content_type = "application/problem+json"),
    ))]
#[post("/{id}/reopen")]
pub async fn reopen(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
    ApiJson(body): ApiJson<TicketReopen>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(service::reopen(&state, &actor, *id, &body.reason).await?))
}

/// Marks the ticket solved (for clients: "resolvido"); staff may also
/// `PATCH` the status.
#[utoipa::path(post, path = "/api/v1/tickets/{id}/solve", tag = "tickets", params(("id" = Uuid, Path)),
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses(
        (status = 200, description = "Solved", body = Ticket),
        (status = 404, description = "No such ticket in reach", body = atende_types::ErrorBody, content_type = "application/problem+json"),
        (status = 422, description = "Not a transition from the current status", body = atende_types::ErrorBody, content_type = "application/problem+json"),
    ))]
#[post("/{id}/solve")]
pub async fn solve(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(service::solve(&state, &actor, *id).await?))
}
