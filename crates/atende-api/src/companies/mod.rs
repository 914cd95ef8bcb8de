//! Companies: consultancies (the spec's "Grupo") and their client companies.

pub mod entity;
mod routes;
pub mod segment;

use actix_web::web;
use utoipa::OpenApi;

/// Routes under `/api/v1/companies`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::scope("/companies").service(routes::check_cnpj));
}

#[derive(OpenApi)]
#[openapi(paths(routes::check_cnpj))]
pub struct CompaniesApi;
