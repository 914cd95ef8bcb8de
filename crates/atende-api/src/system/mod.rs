//! Health probes and server information.

mod routes;
pub mod setting;

use actix_web::web;
use utoipa::OpenApi;

pub use routes::{info, live, ready};

/// Routes under `/health` (for load balancers and orchestrators; outside
/// `/api` so they are never rate limited or authenticated).
pub fn configure_health(cfg: &mut web::ServiceConfig) {
    cfg.service(live).service(ready);
}

/// Routes under `/api/v1`.
pub fn configure_api(cfg: &mut web::ServiceConfig) {
    cfg.service(info).service(routes::advance_test_clock);
}

#[derive(OpenApi)]
#[openapi(paths(routes::live, routes::ready, routes::info))]
pub struct SystemApi;
