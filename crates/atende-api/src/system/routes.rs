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
