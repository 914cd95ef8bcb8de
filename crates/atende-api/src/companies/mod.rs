//! Companies: consultancies (the spec's "Grupo") and their client companies,
//! and the segments they are grouped by.

pub mod entity;
pub mod manage;
mod routes;
pub mod segment;
mod segments;

use actix_web::web;
use utoipa::OpenApi;

/// Routes under `/api/v1/companies` and `/api/v1/segments`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/companies")
            .service(routes::check_cnpj)
            .service(manage::list)
            .service(manage::create)
            .service(manage::show)
            .service(manage::update)
            .service(manage::remove),
    )
    .service(
        web::scope("/segments")
            .service(segments::list)
            .service(segments::create)
            .service(segments::update)
            .service(segments::remove),
    );
}

#[derive(OpenApi)]
#[openapi(paths(
    routes::check_cnpj,
    manage::list,
    manage::create,
    manage::show,
    manage::update,
    manage::remove,
    segments::list,
    segments::create,
    segments::update,
    segments::remove
))]
pub struct CompaniesApi;
