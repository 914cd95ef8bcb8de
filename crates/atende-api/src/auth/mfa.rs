//! TOTP multi-factor authentication (RFC 6238: SHA-1, 6 digits, 30 s, ±1
//! step — what every authenticator app does), recovery codes, enrollment.

use actix_web::{HttpResponse, delete, post, web};
use atende_core::sign_in::totp_step_is_fresh;
use atende_types::auth::{MfaCode, MfaEnabled, MfaEnrollment, PasswordConfirmation};
use base64::{Engine, engine::general_purpose::STANDARD};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
    sea_query::Expr, sea_query::ExprTrait,
};
use totp_rs::{Builder, Secret, Totp};
use uuid::Uuid;

use super::{actor::SignedIn, secret, session};
use crate::secrets::{SecretBox, mfa_place};
use crate::{
    audit::{self, Change},
    db::begin_write,
    error::ApiError,
    extract::ApiJson,
    identity::user,
    roles::matrix,
    state::AppState,
};

/// How many recovery codes a user gets.
pub const RECOVERY_CODES: usize = 10;
const ISSUER: &str = "Atende";

pub mod recovery_codes {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "mfa_recovery_codes")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub user_id: Uuid,
        pub code_hash: String,
        pub used_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The TOTP generator for a base32 secret and account.
fn totp(secret_base32: &str, account: &str) -> Option<Totp> {
    let secret = Secret::try_from_base32(secret_base32).ok()?;
    Builder::new()
        .with_secret(secret)
        .with_account_name(account.replace(':', ""))
        .with_issuer(Some(ISSUER))
        .build()
        .ok()
}

/// The time step a correct code matches, if it does.
fn matching_step(secret_base32: &str, code: &str, now: DateTime<Utc>) -> Option<u64> {
    let code = code.trim();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let totp = totp(secret_base32, "user")?;
    let seconds = u64::try_from(now.timestamp()).ok()?;
    totp.check(code, seconds)
}

/// Checks a sign-in code: a TOTP code for a step later than the last one
/// accepted, or an unused recovery code. Consumes what it accepts and
/// returns which it was.
pub async fn check_code(
    db: &impl ConnectionTrait,
    secrets: &SecretBox,
    user: &user::Model,
    code: &str,
    now: DateTime<Utc>,
) -> Result<Option<&'static str>, ApiError> {
    let Some(sealed) = &user.mfa_secret else {
        return Ok(None);
    };
    let secret_base32 = secrets
        .open(&mfa_place("mfa_secret", user.id), sealed)
        .map_err(ApiError::internal)?;
    if let Some(step) = matching_step(&secret_base32, code, now) {
        let last = user.mfa_last_step.and_then(|s| u64::try_from(s).ok());
        if !totp_step_is_fresh(step, last) {
            return Ok(None);
        }
        let step = i64::try_from(step).unwrap_or(i64::MAX);
        // Conditional: of two concurrent uses of one code, one wins.
        let updated = user::Entity::update_many()
            .col_expr(user::Column::MfaLastStep, Expr::value(step))
            .filter(user::Column::Id.eq(user.id))
            .filter(
                user::Column::MfaLastStep
                    .is_null()
                    .or(user::Column::MfaLastStep.lt(step)),
            )
            .exec(db)
            .await?;
        return Ok((updated.rows_affected == 1).then_some("totp"));
    }
    let normalized = secret::normalize_recovery_code(code);
    if normalized.len() != 16 {
        return Ok(None);
    }
    let used = recovery_codes::Entity::update_many()
        .col_expr(recovery_codes::Column::UsedAt, Expr::value(now))
        .filter(recovery_codes::Column::UserId.eq(user.id))
        .filter(recovery_codes::Column::CodeHash.eq(secret::digest(&normalized)))
        .filter(recovery_codes::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok((used.rows_affected == 1).then_some("recovery_code"))
}

/// Starts (or restarts) enrollment: a new secret, not active until
/// confirmed with a code.
#[utoipa::path(
    post,
    path = "/api/v1/me/mfa/enrollment",
    tag = "me",
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses(
        (status = 200, description = "A new secret to add to an authenticator app", body = MfaEnrollment),
        (status = 401, description = "Not signed in", body = atende_types::ErrorBody, content_type = "application/problem+json"),
        (status = 409, description = "MFA is already on", body = atende_types::ErrorBody, content_type = "application/problem+json"),
    )
)]
#[post("/mfa/enrollment")]
pub async fn start_enrollment(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
) -> Result<HttpResponse, ApiError> {
    let user = actor.user()?;
    if user.mfa_enabled() {
        return Err(ApiError::conflict(
            "mfa",
            "MFA is already on; turn it off first to enroll another device",
        ));
    }
    let secret = Secret::generate().to_base32();
    let totp = totp(&secret, &user.email)
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("cannot build a TOTP")))?;
    let otpauth_uri = totp
        .to_url()
        .map_err(|e| ApiError::internal(anyhow::anyhow!("{e}")))?;
    let qr_code = qr_data_url(&otpauth_uri)?;
    let sealed = state
        .secrets
        .seal(&mfa_place("mfa_pending_secret", user.id), &secret)
        .map_err(ApiError::internal)?;
    user::Entity::update_many()
        .col_expr(user::Column::MfaPendingSecret, Expr::value(sealed))
        .filter(user::Column::Id.eq(user.id))
        .exec(&state.db)
        .await?;
    Ok(HttpResponse::Ok().json(MfaEnrollment {
        secret,
        otpauth_uri,
        qr_code,
    }))
}

/// Confirms enrollment with a code from the app: MFA is on, and the ten
/// recovery codes are shown this once.
#[utoipa::path(
    post,
    path = "/api/v1/me/mfa/enrollment/confirm",
    tag = "me",
    request_body = MfaCode,
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses(
        (status = 200, description = "MFA is on", body = MfaEnabled),
        (status = 401, description = "Not signed in", body = atende_types::ErrorBody, content_type = "application/problem+json"),
        (status = 409, description = "No enrollment was started", body = atende_types::ErrorBody, content_type = "application/problem+json"),
        (status = 422, description = "Wrong code (`field` is `code`)", body = atende_types::ErrorBody, content_type = "application/problem+json"),
    )
)]
#[post("/mfa/enrollment/confirm")]
pub async fn confirm_enrollment(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    ApiJson(body): ApiJson<MfaCode>,
) -> Result<HttpResponse, ApiError> {
    let now = state.clock.now();
    let user = actor.user()?;
    let txn = begin_write(&state.db).await?;
    let current = user::Entity::find_by_id(user.id)
        .one(&txn)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    let Some(pending) = current.mfa_pending_secret.clone() else {
        return Err(ApiError::conflict(
            "code",
            "start an enrollment first (POST /api/v1/me/mfa/enrollment)",
        ));
    };
    let pending = state
        .secrets
        .open(&mfa_place("mfa_pending_secret", user.id), &pending)
        .map_err(ApiError::internal)?;
    let Some(step) = matching_step(&pending, &body.code, now) else {
        return Err(ApiError::validation(
            "code",
            "does not match; check the phone's clock and type the current code",
        ));
    };
    user::Entity::update_many()
        .col_expr(
            user::Column::MfaSecret,
            Expr::value(
                state
                    .secrets
                    .seal(&mfa_place("mfa_secret", user.id), &pending)
                    .map_err(ApiError::internal)?,
            ),
        )
        .col_expr(
            user::Column::MfaPendingSecret,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            user::Column::MfaLastStep,
            Expr::value(i64::try_from(step).unwrap_or(i64::MAX)),
        )
        .filter(user::Column::Id.eq(user.id))
        .exec(&txn)
        .await?;
    let recovery_codes = replace_recovery_codes(&txn, user.id).await?;
    session::clear_enrollment_requirement(&txn, user.id).await?;
    audit::record(
        &txn,
        &actor.audit,
        Change::new("mfa.enabled", "user", user.id),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(HttpResponse::Ok().json(MfaEnabled { recovery_codes }))
}

/// Turns one's own MFA off (password required). Refused while the role's
/// policy requires MFA.
#[utoipa::path(
    delete,
    path = "/api/v1/me/mfa",
    tag = "me",
    request_body = PasswordConfirmation,
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses(
        (status = 204, description = "MFA is off"),
        (status = 401, description = "Not signed in", body = atende_types::ErrorBody, content_type = "application/problem+json"),
        (status = 422, description = "Wrong password, or the policy requires MFA", body = atende_types::ErrorBody, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts to confirm the password; retry after `Retry-After` seconds", body = atende_types::ErrorBody, content_type = "application/problem+json"),
    )
)]
#[delete("/mfa")]
pub async fn disable(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    ApiJson(body): ApiJson<PasswordConfirmation>,
) -> Result<HttpResponse, ApiError> {
    let now = state.clock.now();
    let user = actor.user()?;
    super::login::confirm_current_password(&state, user, &actor.audit, body.password, "password")
        .await?;
    if let Some(role) = actor.role
        && matrix::mfa_required(&state.db, role).await?
    {
        return Err(ApiError::validation(
            "mfa",
            "your role requires MFA; an administrator can reset it instead",
        ));
    }
    let txn = begin_write(&state.db).await?;
    clear(&txn, user.id).await?;
    audit::record(
        &txn,
        &actor.audit,
        Change::new("mfa.disabled", "user", user.id),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Removes a user's MFA (secret, pending enrollment, recovery codes).
pub async fn clear(db: &impl ConnectionTrait, user_id: Uuid) -> Result<(), DbErr> {
    user::Entity::update_many()
        .col_expr(user::Column::MfaSecret, Expr::value(Option::<String>::None))
        .col_expr(
            user::Column::MfaPendingSecret,
            Expr::value(Option::<String>::None),
        )
        .col_expr(user::Column::MfaLastStep, Expr::value(Option::<i64>::None))
        .filter(user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    recovery_codes::Entity::delete_many()
        .filter(recovery_codes::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

async fn replace_recovery_codes(
    db: &impl ConnectionTrait,
    user_id: Uuid,
) -> Result<Vec<String>, DbErr> {
    recovery_codes::Entity::delete_many()
        .filter(recovery_codes::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    let codes: Vec<String> = (0..RECOVERY_CODES)
        .map(|_| secret::recovery_code())
        .collect();
    let rows = codes.iter().map(|code| recovery_codes::ActiveModel {
        id: Set(Uuid::now_v7()),
        user_id: Set(user_id),
        code_hash: Set(secret::digest(&secret::normalize_recovery_code(code))),
        used_at: Set(None),
    });
    recovery_codes::Entity::insert_many(rows)
        .exec_without_returning(db)
        .await?;
    Ok(codes)
}

/// The `otpauth://` URI as an SVG QR code in a `data:` URL (allowed by the
/// CSP's `img-src data:`), so the SPA shows it with a plain `<img>`.
fn qr_data_url(uri: &str) -> Result<String, ApiError> {
    let code = qrcode::QrCode::new(uri.as_bytes()).map_err(ApiError::internal)?;
    let svg = code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(240, 240)
        .quiet_zone(true)
        .build();
    Ok(format!(
        "data:image/svg+xml;base64,{}",
        STANDARD.encode(svg.as_bytes())
    ))
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn a_code_matches_its_own_step_and_its_neighbours_only() {
        let secret = Secret::generate().to_base32();
        let now = Utc.with_ymd_and_hms(2026, 3, 2, 12, 0, 10).unwrap();
        let generator = totp(&secret, "a@b.c").unwrap();
        let seconds = now.timestamp() as u64;
        let code = generator.generate(seconds).to_string();
        let step = seconds / 30;
        assert_eq!(matching_step(&secret, &code, now), Some(step));
        let next = now + chrono::Duration::seconds(30);
        assert_eq!(matching_step(&secret, &code, next), Some(step));
        let later = now + chrono::Duration::seconds(90);
        assert_eq!(matching_step(&secret, &code, later), None);
        assert_eq!(matching_step(&secret, "12345", now), None);
        assert_eq!(matching_step(&secret, "abcdef", now), None);
    }

    #[test]
    fn the_qr_code_is_an_svg_data_url() {
        let url = qr_data_url("otpauth://totp/Atende:a@b.c?secret=ABC").unwrap();
        assert!(url.starts_with("data:image/svg+xml;base64,"));
        let svg = STANDARD
            .decode(url.trim_start_matches("data:image/svg+xml;base64,"))
            .unwrap();
        assert!(String::from_utf8(svg).unwrap().contains("<svg"));
    }
}
