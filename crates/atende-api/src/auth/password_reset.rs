//! "Esqueci minha senha": a single-use, short-lived link by e-mail.
//!
//! - The request answers the same 204 whether or not the address belongs
//!   to anyone, so the form tells nobody who has an account.
//! - The link's token is stored only as a digest; on its way to the mail
//!   job it is sealed with the installation's secret key, so the jobs
//!   table never holds a usable credential either.
//! - A new link voids the older ones; using one voids them all, ends every
//!   session (a stolen session must not outlive the reset) and lifts a
//!   sign-in lock.
//! - Requests are limited per address (the sign-in limiter) and per
//!   account ([`sign_in::may_send_password_reset`]).

use actix_web::{HttpRequest, HttpResponse, post, web};
use atende_core::{jobs::JobStatus, locale::Locale, sign_in};
use atende_types::auth::{PasswordResetConfirm, PasswordResetRequest};
use chrono::{DateTime, Utc};
use lettre::{
    AsyncTransport, Message,
    message::{Mailbox, MultiPart},
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    sea_query::Expr,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use super::{actor::anonymous_context, invitation::hash_password, secret, session};
use crate::{
    audit::{self, Change},
    db::begin_write,
    error::ApiError,
    extract::ApiJson,
    identity::{password, user},
    jobs::{
        NewJob, enqueue,
        worker::{JobContext, JobError},
    },
    notifications::{email, templates},
    state::AppState,
};

pub mod entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "password_resets")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub token_hash: String,
        pub user_id: Uuid,
        pub created_at: DateTimeUtc,
        pub expires_at: DateTimeUtc,
        pub used_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The SPA route that sets the new password.
pub const SPA_PATH: &str = "/redefinir-senha/";

/// The job that mails the link.
pub const KIND: &str = "auth.password_reset_mail";

/// Where the sealed token is bound to (AAD), so it opens nowhere else.
const SEALED_FOR: &str = "password_reset";

#[derive(Debug, Serialize, Deserialize)]
struct MailPayload {
    user_id: Uuid,
    /// The token, sealed with the secret key.
    token: String,
}

/// Sends a password-reset link to the address, if it belongs to an active
/// account. The answer is the same either way.
#[utoipa::path(
    post,
    path = "/api/v1/auth/password-reset",
    tag = "auth",
    request_body = PasswordResetRequest,
    responses(
        (status = 204, description = "Taken: if the address belongs to an active account, a link is on its way"),
        (status = 422, description = "Not an e-mail address (`field` is `email`)", body = atende_types::ErrorBody, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this address", body = atende_types::ErrorBody, content_type = "application/problem+json"),
    )
)]
#[post("/password-reset")]
pub async fn request(
    state: web::Data<AppState>,
    req: HttpRequest,
    ApiJson(body): ApiJson<PasswordResetRequest>,
) -> Result<HttpResponse, ApiError> {
    state.auth_limiter.check(req.peer_addr().map(|a| a.ip()))?;
    let email = body.email.trim();
    if email.is_empty() || email.chars().count() > 254 || !email.contains('@') {
        return Err(ApiError::validation("email", "must be an e-mail address"));
    }
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let account = user::Entity::find()
        .filter(user::Column::EmailKey.eq(user::email_key(email)))
        .one(&txn)
        .await?
        .filter(|u| u.active);
    if let Some(account) = account {
        let last_sent = entity::Entity::find()
            .filter(entity::Column::UserId.eq(account.id))
            .order_by_desc(entity::Column::CreatedAt)
            .one(&txn)
            .await?
            .map(|r| r.created_at);
        if sign_in::may_send_password_reset(last_sent, now) {
            let token = issue(&txn, account.id, now).await?;
            let sealed = state
                .secrets
                .seal(SEALED_FOR, &token)
                .map_err(ApiError::internal)?;
            enqueue(
                &txn,
                NewJob::now(
                    KIND,
                    json!(MailPayload {
                        user_id: account.id,
                        token: sealed,
                    }),
                    now,
                ),
                now,
            )
            .await?;
            let mut context = anonymous_context(&req, &account.email);
            context.actor_user_id = Some(account.id);
            audit::record(
                &txn,
                &context,
                Change::new("user.password_reset_requested", "user", account.id),
                now,
            )
            .await?;
        }
    }
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Stores a new link for `user_id`, voiding the unused older ones, and
/// returns its token.
async fn issue(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> Result<String, DbErr> {
    void_unused(db, user_id, now).await?;
    let token = secret::token("", 32);
    entity::Entity::insert(entity::ActiveModel {
        token_hash: Set(secret::digest(&token)),
        user_id: Set(user_id),
        created_at: Set(now),
        expires_at: Set(now + sign_in::password_reset_lifetime()),
        used_at: Set(None),
    })
    .exec_without_returning(db)
    .await?;
    Ok(token)
}

async fn void_unused(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    entity::Entity::update_many()
        .col_expr(entity::Column::UsedAt, Expr::value(now))
        .filter(entity::Column::UserId.eq(user_id))
        .filter(entity::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Sets a new password with the token from the link. The link then stops
/// working, every session of the account ends and a sign-in lock lifts.
#[utoipa::path(
    post,
    path = "/api/v1/auth/password-reset/confirm",
    tag = "auth",
    request_body = PasswordResetConfirm,
    responses(
        (status = 204, description = "Password set; every session ended"),
        (status = 422, description = "An unknown, used or expired link (`field` is `token`) or a weak password (`password`)", body = atende_types::ErrorBody, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this address", body = atende_types::ErrorBody, content_type = "application/problem+json"),
    )
)]
#[post("/password-reset/confirm")]
pub async fn confirm(
    state: web::Data<AppState>,
    req: HttpRequest,
    ApiJson(body): ApiJson<PasswordResetConfirm>,
) -> Result<HttpResponse, ApiError> {
    state.auth_limiter.check(req.peer_addr().map(|a| a.ip()))?;
    let now = state.clock.now();
    let invalid = || ApiError::validation("token", "the link is unknown, used or expired");
    let digest = secret::digest(body.token.trim());
    let reset = entity::Entity::find_by_id(digest.clone())
        .one(&state.db)
        .await?
        .filter(|r| r.used_at.is_none() && r.expires_at > now)
        .ok_or_else(invalid)?;
    let account = user::Entity::find_by_id(reset.user_id)
        .one(&state.db)
        .await?
        .filter(|u| u.active)
        .ok_or_else(invalid)?;
    password::check_strength(&body.password, &[&account.name, &account.email])
        .map_err(|message| ApiError::validation("password", message))?;
    let hash = hash_password(body.password).await?;
    let txn = begin_write(&state.db).await?;
    // Spend the link first: of two requests racing with it, one wins.
    let spent = entity::Entity::update_many()
        .col_expr(entity::Column::UsedAt, Expr::value(now))
        .filter(entity::Column::TokenHash.eq(digest))
        .filter(entity::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if spent.rows_affected != 1 {
        return Err(invalid());
    }
    void_unused(&txn, account.id, now).await?;
    let unlocked = sign_in::Attempts::after_success();
    user::Entity::update_many()
        .col_expr(user::Column::PasswordHash, Expr::value(hash))
        .col_expr(user::Column::FailedLogins, Expr::value(unlocked.failures))
        .col_expr(
            user::Column::LockedUntil,
            Expr::value(unlocked.locked_until),
        )
        .col_expr(user::Column::UpdatedAt, Expr::value(now))
        .filter(user::Column::Id.eq(account.id))
        .exec(&txn)
        .await?;
    session::revoke_all(
        &txn,
        account.id,
        session::RevokeReason::PasswordChanged,
        now,
    )
    .await?;
    let mut context = anonymous_context(&req, &account.email);
    context.actor_user_id = Some(account.id);
    audit::record(
        &txn,
        &context,
        Change::new("user.password_reset", "user", account.id),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Runs one mail job: opens the token and sends the link in the account's
/// language. Cancelled when e-mail is off or the account went away.
pub async fn run(ctx: &JobContext<'_>) -> Result<(), JobError> {
    let state = ctx.state;
    let payload: MailPayload = ctx.payload()?;
    let account = user::Entity::find_by_id(payload.user_id)
        .one(&state.db)
        .await?
        .filter(|u| u.active);
    let outcome = match (&state.settings.smtp_host, account) {
        (Some(host), Some(account)) => {
            let token = state
                .secrets
                .open(SEALED_FOR, &payload.token)
                .map_err(|e| JobError::Failed(format!("the sealed token: {e}")))?;
            let message = compose(state, &account, &token)?;
            email::transport(host, &state.settings)?
                .send(message)
                .await
                .map_err(|e| JobError::Failed(format!("SMTP: {e}")))?;
            JobStatus::Done
        }
        (None, Some(_)) => {
            tracing::warn!(
                "a password-reset link was asked for, but e-mail is off (setting smtp_host)"
            );
            JobStatus::Cancelled
        }
        _ => JobStatus::Cancelled,
    };
    let txn = crate::db::begin_write(&state.db).await?;
    ctx.complete(&txn, outcome).await?;
    txn.commit().await?;
    Ok(())
}

fn compose(state: &AppState, account: &user::Model, token: &str) -> Result<Message, JobError> {
    let bad = |what: &str, e: &dyn std::fmt::Display| JobError::Failed(format!("{what}: {e}"));
    let from: Mailbox = state
        .settings
        .mail_from
        .parse()
        .map_err(|e| bad("setting mail_from", &e))?;
    let to = account
        .email
        .parse()
        .map_err(|e| bad("recipient address", &e))?;
    let link = format!(
        "{}{SPA_PATH}{token}",
        state.settings.public_url.trim_end_matches('/')
    );
    let locale = Locale::from_tag(&account.locale).unwrap_or_default();
    let rendered = templates::password_reset(
        locale,
        &account.name,
        &link,
        sign_in::password_reset_lifetime().num_minutes(),
    );
    Message::builder()
        .from(Mailbox::new(
            from.name.as_deref().map(email::header_text),
            from.email,
        ))
        .to(Mailbox::new(Some(email::header_text(&account.name)), to))
        .subject(email::header_text(&rendered.subject))
        .multipart(MultiPart::alternative_plain_html(
            rendered.text,
            rendered.html,
        ))
        .map_err(|e| bad("message", &e))
}
