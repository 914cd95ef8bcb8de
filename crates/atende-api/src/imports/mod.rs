//! Spreadsheet imports of pending items ("Importar planilhas") and their
//! history ("Ver histórico importação").
//!
//! An upload is read and checked at once and kept as a *preview*: counts
//! and row-level errors, nothing created. Committing creates every row's
//! item in one transaction — all or nothing — and only for a file with no
//! rejected rows that was not imported before. Large files commit in a
//! background job.

pub mod entity;
pub mod progress;
mod routes;
pub mod service;

use actix_web::web;
use utoipa::OpenApi;

/// Routes under `/api/v1`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/imports")
            .service(routes::upload)
            .service(routes::history)
            .service(routes::show)
            .service(routes::commit)
            .service(routes::original),
    )
    .service(
        web::scope("/import-templates")
            .service(routes::list_templates)
            .service(routes::create_template),
    );
}

#[derive(OpenApi)]
#[openapi(paths(
    routes::upload,
    routes::history,
    routes::show,
    routes::commit,
    routes::original,
    routes::list_templates,
    routes::create_template
))]
pub struct ImportsApi;
