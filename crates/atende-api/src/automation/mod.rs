//! Automation rules (spec §9): routing, escalation, automatic replies and
//! business hours. The rule model and every decision are in
//! [`atende_core::automation`]; [`service`] manages rules, [`engine`]
//! runs them as a subscriber of the event log and from time-rule timers.

pub mod engine;
pub mod entity;
mod routes;
pub mod service;

use actix_web::web;
use utoipa::OpenApi;

/// Routes under `/api/v1`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(routes::list)
        .service(routes::create)
        .service(routes::reorder)
        .service(routes::show)
        .service(routes::replace)
        .service(routes::switch)
        .service(routes::delete)
        .service(routes::dry_run);
}

#[derive(OpenApi)]
#[openapi(paths(
    routes::list,
    routes::create,
    routes::reorder,
    routes::show,
    routes::replace,
    routes::switch,
    routes::delete,
    routes::dry_run
))]
pub struct AutomationApi;
