//! The role → permission matrix (`/api/v1/roles`) and the MFA policy
//! (`/api/v1/security/mfa-policy`), both administered by `roles.manage`.

pub mod matrix;
mod routes;

use actix_web::web;
use utoipa::OpenApi;

/// Routes under `/api/v1`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(routes::show_matrix)
        .service(routes::set_grant)
        .service(routes::show_mfa_policy)
        .service(routes::set_mfa_policy);
}

#[derive(OpenApi)]
#[openapi(paths(
    routes::show_matrix,
    routes::set_grant,
    routes::show_mfa_policy,
    routes::set_mfa_policy
))]
pub struct RolesApi;
