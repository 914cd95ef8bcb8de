//! Pending items (pendências): the UP380 approval workflow.

mod attachments;
pub mod entity;
pub mod insights;
pub mod reminders;
mod routes;
pub mod service;

use actix_web::web;
use utoipa::OpenApi;

/// Routes under `/api/v1`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/pending-items")
            .service(routes::create)
            .service(routes::list)
            .service(routes::bulk)
            .service(insights::dashboard)
            .service(insights::export)
            .service(routes::show)
            .service(routes::update)
            .service(routes::step)
            .service(routes::messages)
            .service(routes::answer)
            .service(routes::events)
            .service(attachments::upload)
            .service(attachments::list)
            .service(attachments::download),
    );
}

#[derive(OpenApi)]
#[openapi(paths(
    routes::create,
    routes::list,
    routes::bulk,
    routes::show,
    routes::update,
    routes::step,
    routes::messages,
    routes::answer,
    routes::events,
    attachments::upload,
    attachments::list,
    attachments::download,
    insights::dashboard,
    insights::export,
    insights::monthly,
    insights::operators
))]
pub struct PendingItemsApi;
