//! Tickets (chamados): the client panel and the support workspace.

pub(crate) mod assignment;
pub mod attachments;
pub mod catalog;
pub mod desk;
pub mod entity;
pub mod followers;
pub mod live;
pub mod markdown;
pub mod query;
mod routes;
pub mod search;
pub mod seed;
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
            .service(routes::reopen)
            .service(routes::solve)
            .service(attachments::upload)
            .service(attachments::list)
            .service(desk::render_canned)
            .service(followers::list)
            .service(followers::follow)
            .service(followers::unfollow)
            .service(crate::sla::ticket_sla),
    )
    .service(catalog::list_categories)
    .service(catalog::create_category)
    .service(catalog::update_category)
    .service(catalog::list_teams)
    .service(catalog::create_team)
    .service(catalog::update_team)
    .service(desk::staff)
    .service(desk::list_canned)
    .service(desk::create_canned)
    .service(desk::update_canned)
    .service(desk::delete_canned)
    .service(desk::list_views)
    .service(desk::create_view)
    .service(desk::delete_view)
    .service(desk::notifications)
    .service(desk::unread_count)
    .service(desk::mark_all_read)
    .service(desk::mark_read)
    .service(live::stream_token)
    .service(live::event_stream)
    .service(attachments::download);
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
    routes::solve,
    catalog::list_categories,
    catalog::create_category,
    catalog::update_category,
    catalog::list_teams,
    catalog::create_team,
    catalog::update_team,
    desk::staff,
    followers::list,
    followers::follow,
    followers::unfollow,
    desk::list_canned,
    desk::create_canned,
    desk::update_canned,
    desk::delete_canned,
    desk::render_canned,
    desk::list_views,
    desk::create_view,
    desk::delete_view,
    desk::notifications,
    desk::unread_count,
    desk::mark_read,
    desk::mark_all_read,
    live::stream_token,
    live::event_stream,
    attachments::upload,
    attachments::list,
    attachments::download
))]
pub struct TicketsApi;
