//! Tickets (chamados): the client panel and the support workspace.

mod assignment;
pub mod catalog;
pub mod entity;
pub mod markdown;
pub mod query;
mod routes;
pub mod search;
pub mod service;

use actix_web::web;
use utoipa::OpenApi;

/// Routes under `/api/v1`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/tickets")
            .service(routes::create)
            .service(routes::list)
            .service(routes::counters)
            .service(routes::board)
            .service(routes::bulk)
            .service(routes::show)
            .service(routes::update)
            .service(routes::messages)
            .service(routes::add_message)
            .service(routes::events)
            .service(routes::reopen),
    )
    .service(catalog::list_categories)
    .service(catalog::create_category)
    .service(catalog::list_teams)
    .service(catalog::create_team)
    .service(catalog::update_team);
}

#[derive(OpenApi)]
#[openapi(paths(
    routes::create,
    routes::list,
    routes::counters,
    routes::board,
    routes::bulk,
    routes::show,
    routes::update,
    routes::messages,
    routes::add_message,
    routes::events,
    routes::reopen,
    catalog::list_categories,
    catalog::create_category,
    catalog::list_teams,
    catalog::create_team,
    catalog::update_team
))]
pub struct TicketsApi;
