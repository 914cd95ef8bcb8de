//! SLA: business calendars, ordered policies, and each ticket's clocks
//! (the arithmetic lives in `atende-core::{calendar, sla_clock, sla}`).

pub mod alerts;
pub mod clocks;
pub mod entity;
pub mod recompute;
pub(crate) mod routes;

use actix_web::web;
use utoipa::OpenApi;

pub use routes::ticket_sla;

/// Routes under `/api/v1/sla`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/sla")
            .service(routes::list_calendars)
            .service(routes::create_calendar)
            .service(routes::update_calendar)
            .service(routes::list_policies)
            .service(routes::create_policy)
            .service(routes::delete_policy),
    );
}

#[derive(OpenApi)]
#[openapi(paths(
    routes::list_calendars,
    routes::create_calendar,
    routes::update_calendar,
    routes::list_policies,
    routes::create_policy,
    routes::delete_policy,
    routes::ticket_sla
))]
pub struct SlaApi;
