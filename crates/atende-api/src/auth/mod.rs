//! Authentication: sign-in with password and MFA, sessions with rotating
//! refresh tokens, invitations, and the [`Actor`] extractor every
//! authenticated endpoint starts from.

pub mod actor;
pub mod invitation;
pub mod jwt;
pub mod login;
pub mod mfa;
pub mod password_reset;
pub mod rate_limit;
pub mod secret;
pub mod session;
pub mod token_rate;

pub use actor::{Actor, SignedIn};

use actix_web::web;
use utoipa::OpenApi;

/// Routes under `/api/v1/auth`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/auth")
            .service(login::login)
            .service(login::verify_mfa)
            .service(login::refresh)
            .service(login::logout)
            .service(invitation::show)
            .service(invitation::accept)
            .service(password_reset::request)
            .service(password_reset::confirm),
    );
}

#[derive(OpenApi)]
#[openapi(paths(
    login::login,
    login::verify_mfa,
    login::refresh,
    login::logout,
    invitation::show,
    invitation::accept,
    password_reset::request,
    password_reset::confirm,
    mfa::start_enrollment,
    mfa::confirm_enrollment,
    mfa::disable
))]
pub struct AuthApi;
