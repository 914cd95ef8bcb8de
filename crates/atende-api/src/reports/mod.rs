//! Reports: read-only aggregates over the caller's companies.

mod sla;

use actix_web::web;
use utoipa::OpenApi;

/// Routes under `/api/v1`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::scope("/reports").service(sla::sla_report));
}

#[derive(OpenApi)]
#[openapi(paths(sla::sla_report))]
pub struct ReportsApi;
