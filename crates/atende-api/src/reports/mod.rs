//! Reports: read-only aggregates over the caller's companies.

mod sla;

use actix_web::web;
use utoipa::OpenApi;

/// Routes under `/api/v1`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/reports")
            .service(sla::sla_report)
            .service(crate::pending_items::insights::monthly)
            .service(crate::pending_items::insights::operators),
    );
}

#[derive(OpenApi)]
#[openapi(paths(sla::sla_report))]
pub struct ReportsApi;
