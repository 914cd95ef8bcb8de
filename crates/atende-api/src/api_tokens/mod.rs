//! API tokens for integrators (`/api/v1/api-tokens`): created by
//! administrators with a name, permissions and company scope; the secret is
//! shown once and stored as a digest; revocable; last use recorded.

pub mod entity;
mod routes;

use actix_web::web;
use utoipa::OpenApi;

/// Routes under `/api/v1/api-tokens`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/api-tokens")
            .service(routes::list)
            .service(routes::create)
            .service(routes::revoke),
    );
}

#[derive(OpenApi)]
#[openapi(paths(routes::list, routes::create, routes::revoke))]
pub struct ApiTokensApi;
