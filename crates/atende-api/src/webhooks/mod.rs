//! Outbound webhooks (spec §8): endpoints that hear chosen events of the
//! domain event log, signed per the Standard Webhooks specification,
//! delivered at least once with retries for about three days, with a
//! delivery log and redelivery. Which endpoint gets what, the payload and
//! the retry schedule are core's ([`atende_core::webhooks`]); every call
//! goes through the SSRF-safe [`crate::outbound`] client.

pub mod delivery;
pub mod entity;
mod routes;
pub mod service;
pub mod signature;

use actix_web::web;
use utoipa::OpenApi;

/// Routes under `/api/v1`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(routes::list)
        .service(routes::create)
        .service(routes::show)
        .service(routes::replace)
        .service(routes::delete)
        .service(routes::rotate_secret)
        .service(routes::send_test)
        .service(routes::deliveries)
        .service(routes::redeliver)
        .service(routes::redeliver_range);
}

#[derive(OpenApi)]
#[openapi(paths(
    routes::list,
    routes::create,
    routes::show,
    routes::replace,
    routes::delete,
    routes::rotate_secret,
    routes::send_test,
    routes::deliveries,
    routes::redeliver,
    routes::redeliver_range
))]
pub struct WebhooksApi;
