use actix_web::{HttpResponse, get, web};
use atende_core::locale::Locale;
use atende_types::system::{HealthStatus, ServerInfo};

use crate::{error::ApiError, state::AppState};

/// Liveness: the process is up and serving HTTP.
#[utoipa::path(
    get,
    path = "/health/live",
    tag = "system",
    responses((status = 200, description = "The process is alive", body = HealthStatus))
)]
#[get("/live")]
pub async fn live() -> HttpResponse {
    HttpResponse::Ok().json(HealthStatus {
        status: "ok".into(),
        database: None,
    })
}

/// Readiness: the database answers, so requests can be served.
#[utoipa::path(
    get,
    path = "/health/ready",
    tag = "system",
    responses(
        (status = 200, description = "Ready to serve", body = HealthStatus),
        (status = 503, description = "The database does not answer", body = atende_types::ErrorBody,
         content_type = "application/problem+json")
    )
)]
#[get("/ready")]
pub async fn ready(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    state
        .db
        .ping()
        .await
        .map_err(|e| ApiError::Unavailable(e.into()))?;
    Ok(HttpResponse::Ok().json(HealthStatus {
        status: "ok".into(),
        database: Some(state.database_kind.name().into()),
    }))
}

/// What this server is: product, version, database backend, languages.
#[utoipa::path(
    get,
    path = "/api/v1/info",
    tag = "system",
    responses((status = 200, description = "Server information", body = ServerInfo))
)]
#[get("/info")]
pub async fn info(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().json(ServerInfo {
        name: "Atende".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        database: state.database_kind.name().into(),
        locales: Locale::ALL.iter().map(|l| l.tag().to_owned()).collect(),
    })
}

/// How far `POST /api/v1/test/clock` moves the test clock.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClockAdvance {
    pub advance_minutes: i64,
}

/// Moves the test clock forward (setting `test_clock`, debug builds only;
/// otherwise this route does not exist). Administrators only. Not part of
/// the public API document.
#[actix_web::post("/test/clock")]
pub async fn advance_test_clock(
    state: web::Data<AppState>,
    actor: crate::auth::actor::Actor,
    crate::extract::ApiJson(body): crate::extract::ApiJson<ClockAdvance>,
) -> Result<HttpResponse, ApiError> {
    let Some(clock) = &state.test_clock else {
        return Err(ApiError::NotFound);
    };
    actor.authorize(atende_core::permissions::Permission::RolesManage)?;
    if !(1..=60 * 24 * 366).contains(&body.advance_minutes) {
        return Err(ApiError::validation(
            "advance_minutes",
            "must be between 1 and 527,040 (a year)",
        ));
    }
    clock.advance(chrono::Duration::minutes(body.advance_minutes));
    Ok(HttpResponse::Ok().json(serde_json::json!({ "now": state.clock.now() })))
}
