//! Signing in and out: password, MFA step, refresh, logout.

use actix_web::{HttpRequest, HttpResponse, post, web};
use atende_core::sign_in::{self, Attempts};
use atende_types::auth::{
    LoginRequest, LoginResponse, MfaVerifyRequest, RefreshRequest, TokenPair,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait,
    IntoActiveModel, QueryFilter,
};
use uuid::Uuid;

use super::{
    actor::{SignedIn, anonymous_context, origin},
    jwt::{self, Purpose},
    mfa,
    session::{self, Exchange, RevokeReason},
};
use crate::{
    audit::{self, AuditContext, Change},
    db::begin_write,
    error::ApiError,
    extract::ApiJson,
    identity::{password, user},
    roles::matrix,
    state::AppState,
};

/// Signs in with e-mail and password. Answers the tokens, or an MFA
/// challenge when the user has MFA. Unknown e-mail, wrong password,
/// inactive or locked account: all the same 401, in about the same time.
#[utoipa::path(
    post,
    path = "/api/v1/auth/login",
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in, or an MFA challenge", body = LoginResponse),
        (status = 401, description = "Wrong e-mail or password (`invalid-credentials`)", body = atende_types::ErrorBody, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts from this address; see `Retry-After`", body = atende_types::ErrorBody, content_type = "application/problem+json"),
    )
)]
#[post("/login")]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    ApiJson(body): ApiJson<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    state.auth_limiter.check(req.peer_addr().map(|a| a.ip()))?;
    let now = state.clock.now();
    let candidate = user::Entity::find()
        .filter(user::Column::EmailKey.eq(user::email_key(&body.email)))
        .one(&state.db)
        .await?;
    // Every path below verifies one argon2 hash, so the answer takes about
    // as long whether or not the e-mail exists.
    let stored_hash = candidate
        .as_ref()
        .filter(|u| u.active && !u.attempts().is_locked(now))
        .and_then(|u| u.password_hash.clone());
    let hash_to_check = stored_hash
        .clone()
        .unwrap_or_else(|| state.dummy_hash.to_string());
    let password_matches = verify_password(body.password, hash_to_check).await?;
    let Some(user) = candidate else {
        return Err(ApiError::InvalidCredentials);
    };
    let context = anonymous_context(&req, &user.email);
    if stored_hash.is_none() {
        // Inactive, locked, or never set a password: refuse like a wrong
        // password, without counting (a locked account stays as locked).
        return Err(ApiError::InvalidCredentials);
    }
    if !password_matches {
        record_failure(&state, &user, &context, "password", now).await?;
        return Err(ApiError::InvalidCredentials);
    }
    if user.mfa_enabled() {
        let claims = jwt::claims(
            user.id,
            &user.role,
            Uuid::new_v4(),
            Purpose::MfaChallenge,
            now,
            sign_in::mfa_challenge_lifetime(),
        );
        let challenge = state.jwt.encode(&claims).map_err(ApiError::internal)?;
        return Ok(HttpResponse::Ok().json(LoginResponse::MfaRequired {
            challenge,
            expires_in: sign_in::mfa_challenge_lifetime().num_seconds(),
        }));
    }
    let tokens = sign_in_user(&state, &req, user, "password", now).await?;
    Ok(HttpResponse::Ok().json(LoginResponse::SignedIn { tokens }))
}

/// The second step: a TOTP code or a recovery code for the challenge.
#[utoipa::path(
    post,
    path = "/api/v1/auth/mfa/verify",
    tag = "auth",
    request_body = MfaVerifyRequest,
    responses(
        (status = 200, description = "Signed in", body = TokenPair),
        (status = 401, description = "Wrong, reused or expired code, or an invalid challenge", body = atende_types::ErrorBody, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts from this address", body = atende_types::ErrorBody, content_type = "application/problem+json"),
    )
)]
#[post("/mfa/verify")]
pub async fn verify_mfa(
    state: web::Data<AppState>,
    req: HttpRequest,
    ApiJson(body): ApiJson<MfaVerifyRequest>,
) -> Result<HttpResponse, ApiError> {
    state.auth_limiter.check(req.peer_addr().map(|a| a.ip()))?;
    let now = state.clock.now();
    let claims = state
        .jwt
        .decode(&body.challenge, Purpose::MfaChallenge, now)
        .ok_or(ApiError::InvalidMfaCode)?;
    let user = user::Entity::find_by_id(claims.sub)
        .one(&state.db)
        .await?
        .filter(|u| u.active && u.role == claims.role)
        .ok_or(ApiError::InvalidMfaCode)?;
    if user.attempts().is_locked(now) {
        return Err(ApiError::InvalidMfaCode);
    }
    let context = anonymous_context(&req, &user.email);
    let txn = begin_write(&state.db).await?;
    let method = mfa::check_code(&txn, &state.secrets, &user, &body.code, now).await?;
    let Some(method) = method else {
        drop(txn);
        record_failure(&state, &user, &context, "mfa", now).await?;
        return Err(ApiError::InvalidMfaCode);
    };
    txn.commit().await?;
    let tokens = sign_in_user(&state, &req, user, method, now).await?;
    Ok(HttpResponse::Ok().json(tokens))
}

/// Exchanges a refresh token for a new pair. A refresh token works once;
/// presenting it again revokes the session.
#[utoipa::path(
    post,
    path = "/api/v1/auth/refresh",
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "A new pair", body = TokenPair),
        (status = 401, description = "Unknown, used, revoked or expired", body = atende_types::ErrorBody, content_type = "application/problem+json"),
    )
)]
#[post("/refresh")]
pub async fn refresh(
    state: web::Data<AppState>,
    req: HttpRequest,
    ApiJson(body): ApiJson<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let session = match session::exchange(&txn, &body.refresh_token, now).await? {
        Exchange::Rotated(session) => session,
        Exchange::Reused(session) => {
            let email = user::Entity::find_by_id(session.user_id)
                .one(&txn)
                .await?
                .map(|u| u.email)
                .unwrap_or_default();
            let mut context = anonymous_context(&req, &email);
            context.actor_user_id = Some(session.user_id);
            audit::record(
                &txn,
                &context,
                Change::new("auth.refresh_reused", "session", session.id),
                now,
            )
            .await?;
            txn.commit().await?;
            tracing::warn!(session = %session.id, "a used refresh token was presented again; session revoked");
            return Err(ApiError::Unauthenticated);
        }
        Exchange::Invalid => return Err(ApiError::Unauthenticated),
    };
    let user = user::Entity::find_by_id(session.user_id)
        .one(&txn)
        .await?
        .filter(|u| u.active)
        .ok_or(ApiError::Unauthenticated)?;
    let refresh_token = session::issue_refresh(&txn, session.id, now).await?;
    txn.commit().await?;
    let tokens = token_pair(&state, &user, &session, refresh_token, now)?;
    Ok(HttpResponse::Ok().json(tokens))
}

/// Ends the current session: its access and refresh tokens stop working.
#[utoipa::path(
    post,
    path = "/api/v1/auth/logout",
    tag = "auth",
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses(
        (status = 204, description = "Signed out"),
        (status = 401, description = "Not signed in", body = atende_types::ErrorBody, content_type = "application/problem+json"),
    )
)]
#[post("/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
) -> Result<HttpResponse, ApiError> {
    let Some(session_id) = actor.session_id else {
        // API tokens have no session; they are revoked by an admin.
        return Ok(HttpResponse::NoContent().finish());
    };
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    session::revoke(&txn, session_id, RevokeReason::Logout, now).await?;
    audit::record(
        &txn,
        &actor.audit,
        Change::new("auth.logout", "session", session_id),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Checks a signed-in user's current password before a sensitive change
/// (a new password, turning MFA off), with the same defences as sign-in:
/// a rate limit (per user, as the caller is known), the account lock (429 while locked), and a
/// wrong password counting towards it. A right one clears the count.
pub async fn confirm_current_password(
    state: &AppState,
    user: &user::Model,
    audit: &AuditContext,
    password: String,
    field: &str,
) -> Result<(), ApiError> {
    state.confirm_limiter.check(Some(user.id))?;
    let now = state.clock.now();
    let current = user::Entity::find_by_id(user.id)
        .one(&state.db)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    if let Some(until) = current
        .locked_until
        .filter(|_| current.attempts().is_locked(now))
    {
        let seconds = (until - now).num_seconds().max(1);
        return Err(ApiError::TooManyRequests {
            retry_after_secs: u64::try_from(seconds).unwrap_or(1),
        });
    }
    let hash = current.password_hash.clone().unwrap_or_default();
    if !verify_password(password, hash).await? {
        record_failure(state, &current, audit, "password_confirmation", now).await?;
        return Err(ApiError::validation(field, "is not your current password"));
    }
    let txn = begin_write(&state.db).await?;
    reset_attempts(&txn, &current).await?;
    txn.commit().await?;
    Ok(())
}

/// argon2 off the async workers.
pub async fn verify_password(password: String, hash: String) -> Result<bool, ApiError> {
    tokio::task::spawn_blocking(move || password::verify(&password, &hash))
        .await
        .map_err(ApiError::internal)
}

/// Counts a failed attempt; the one that locks the account is audited.
async fn record_failure(
    state: &AppState,
    user: &user::Model,
    context: &AuditContext,
    factor: &str,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let txn = begin_write(&state.db).await?;
    // Re-read inside the write lock: concurrent failures all count.
    let Some(current) = user::Entity::find_by_id(user.id).one(&txn).await? else {
        return Ok(());
    };
    let before = current.attempts();
    let after = before.after_failure(now);
    let mut row = current.into_active_model();
    row.failed_logins = Set(after.failures);
    row.locked_until = Set(after.locked_until);
    row.update(&txn).await?;
    let mut context = context.clone();
    context.actor_user_id = Some(user.id);
    audit::record(
        &txn,
        &context,
        Change::new("auth.login_failed", "user", user.id)
            .after(serde_json::json!({ "factor": factor, "failures": after.failures })),
        now,
    )
    .await?;
    if Attempts::just_locked(before, after, now) {
        audit::record(
            &txn,
            &context,
            Change::new("auth.locked", "user", user.id)
                .after(serde_json::json!({ "locked_until": after.locked_until })),
            now,
        )
        .await?;
        tracing::warn!(user = %user.id, "account locked after repeated sign-in failures");
    }
    txn.commit().await?;
    Ok(())
}

/// Opens a session for a user who proved who they are.
async fn sign_in_user(
    state: &AppState,
    req: &HttpRequest,
    user: user::Model,
    method: &str,
    now: DateTime<Utc>,
) -> Result<TokenPair, ApiError> {
    let role = user.role().ok_or(ApiError::InvalidCredentials)?;
    let txn = begin_write(&state.db).await?;
    let enrollment_required = !user.mfa_enabled() && matrix::mfa_required(&txn, role).await?;
    let (session, refresh_token) =
        session::open(&txn, user.id, enrollment_required, &origin(req), now).await?;
    reset_attempts(&txn, &user).await?;
    let mut context = anonymous_context(req, &user.email);
    context.actor_user_id = Some(user.id);
    audit::record(
        &txn,
        &context,
        Change::new("auth.login", "session", session.id)
            .after(serde_json::json!({ "method": method })),
        now,
    )
    .await?;
    txn.commit().await?;
    token_pair(state, &user, &session, refresh_token, now)
}

async fn reset_attempts(db: &DatabaseTransaction, user: &user::Model) -> Result<(), ApiError> {
    if user.failed_logins != 0 || user.locked_until.is_some() {
        let fresh = Attempts::after_success();
        user::Entity::update_many()
            .col_expr(user::Column::FailedLogins, fresh.failures.into())
            .col_expr(
                user::Column::LockedUntil,
                sea_orm::sea_query::Expr::value(Option::<DateTime<Utc>>::None),
            )
            .filter(user::Column::Id.eq(user.id))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// The credentials of `session`, with a fresh access token.
pub fn token_pair(
    state: &AppState,
    user: &user::Model,
    session: &session::sessions::Model,
    refresh_token: String,
    now: DateTime<Utc>,
) -> Result<TokenPair, ApiError> {
    let lifetime = sign_in::access_token_lifetime();
    let claims = jwt::claims(
        user.id,
        &user.role,
        session.id,
        Purpose::Access,
        now,
        lifetime,
    );
    Ok(TokenPair {
        access_token: state.jwt.encode(&claims).map_err(ApiError::internal)?,
        token_type: "Bearer".into(),
        expires_in: lifetime.num_seconds(),
        refresh_token,
        mfa_enrollment_required: session.mfa_enrollment_required,
    })
}
