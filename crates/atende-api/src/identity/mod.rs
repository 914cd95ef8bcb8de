//! Identity: users, their roles and the companies they are linked to, how
//! their passwords are kept, the signed-in user's own account (`/me`) and
//! user management (`/users`).

pub mod me;
pub mod password;
pub mod user;
pub mod user_company;
pub mod users;

use actix_web::web;
use utoipa::OpenApi;

/// Routes under `/api/v1/me` and `/api/v1/users`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/me")
            .configure(crate::notifications::configure_me)
            .service(me::show)
            .service(me::update)
            .service(me::change_password)
            .service(crate::auth::mfa::start_enrollment)
            .service(crate::auth::mfa::confirm_enrollment)
            .service(crate::auth::mfa::disable),
    )
    .service(
        web::scope("/users")
            .service(users::list)
            .service(users::create)
            .service(users::show)
            .service(users::update)
            .service(users::remove)
            .service(users::reinvite)
            .service(users::reset_mfa),
    );
}

#[derive(OpenApi)]
#[openapi(paths(
    me::show,
    me::update,
    me::change_password,
    users::list,
    users::create,
    users::show,
    users::update,
    users::remove,
    users::reinvite,
    users::reset_mfa
))]
pub struct IdentityApi;
