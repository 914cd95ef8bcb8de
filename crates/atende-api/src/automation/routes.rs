//! `/api/v1/automation`: parse, authorize (in the service), answer.

use actix_web::{HttpResponse, delete, get, post, put, web};
use atende_types::automation::{
    AutomationRule, AutomationRuleInput, DryRun, DryRunRequest, RuleOrder, RuleSwitch,
};
use uuid::Uuid;

use super::service;
use crate::{auth::Actor, error::ApiError, extract::ApiJson, state::AppState};

/// The rules the caller manages, in the order they run, with their
/// 7-day counts.
#[utoipa::path(get, path = "/api/v1/automation/rules", tag = "automation",
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "In position order", body = Vec<AutomationRule>)))]
#[get("/automation/rules")]
pub async fn list(state: web::Data<AppState>, actor: Actor) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(service::list(&state, &actor).await?))
}

/// Creates a rule (last in order). Invalid parts answer 422 naming their
/// path, e.g. `conditions.all[2].value`.
#[utoipa::path(post, path = "/api/v1/automation/rules", tag = "automation", request_body = AutomationRuleInput,
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 201, description = "Created", body = AutomationRule)))]
#[post("/automation/rules")]
pub async fn create(
    state: web::Data<AppState>,
    actor: Actor,
    ApiJson(body): ApiJson<AutomationRuleInput>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(service::create(&state, &actor, body).await?))
}

/// Puts the caller's rules in a new order (every one of them, once).
#[utoipa::path(put, path = "/api/v1/automation/rules/order", tag = "automation", request_body = RuleOrder,
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "The rules in their new order", body = Vec<AutomationRule>)))]
#[put("/automation/rules/order")]
pub async fn reorder(
    state: web::Data<AppState>,
    actor: Actor,
    ApiJson(body): ApiJson<RuleOrder>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(service::reorder(&state, &actor, body.ids).await?))
}

/// One rule.
#[utoipa::path(get, path = "/api/v1/automation/rules/{id}", tag = "automation", params(("id" = Uuid, Path)),
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "The rule", body = AutomationRule)))]
#[get("/automation/rules/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(service::show(&state, &actor, id.into_inner()).await?))
}

/// Replaces a rule's name, switch and definition.
#[utoipa::path(put, path = "/api/v1/automation/rules/{id}", tag = "automation", params(("id" = Uuid, Path)),
    request_body = AutomationRuleInput, security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "Updated", body = AutomationRule)))]
#[put("/automation/rules/{id}")]
pub async fn replace(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
    ApiJson(body): ApiJson<AutomationRuleInput>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(service::replace(&state, &actor, id.into_inner(), body).await?))
}

/// Switches a rule on or off.
#[utoipa::path(put, path = "/api/v1/automation/rules/{id}/enabled", tag = "automation", params(("id" = Uuid, Path)),
    request_body = RuleSwitch, security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "Switched", body = AutomationRule)))]
#[put("/automation/rules/{id}/enabled")]
pub async fn switch(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
    ApiJson(body): ApiJson<RuleSwitch>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok()
        .json(service::switch(&state, &actor, id.into_inner(), body.enabled).await?))
}

/// Deletes a rule (its past firings stay on the tickets' timelines).
#[utoipa::path(delete, path = "/api/v1/automation/rules/{id}", tag = "automation", params(("id" = Uuid, Path)),
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 204, description = "Deleted")))]
#[delete("/automation/rules/{id}")]
pub async fn delete(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    service::delete(&state, &actor, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Which rules would fire on a ticket now: for each, every condition's
/// outcome and what the ticket had, and a time rule's moment.
#[utoipa::path(post, path = "/api/v1/automation/dry-run", tag = "automation", request_body = DryRunRequest,
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "Each rule's outcome", body = DryRun)))]
#[post("/automation/dry-run")]
pub async fn dry_run(
    state: web::Data<AppState>,
    actor: Actor,
    ApiJson(body): ApiJson<DryRunRequest>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(service::dry_run(&state, &actor, body).await?))
}
