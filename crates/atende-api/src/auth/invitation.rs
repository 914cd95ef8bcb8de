//! One-time invitation links: how a new user sets their first password.
//! Until e-mail sending exists the link is returned to the administrator
//! (and logged) to pass on.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use atende_core::sign_in;
use atende_types::auth::{Invitation, InvitationAccept, InvitationInfo};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
    sea_query::Expr,
};

use super::{actor::anonymous_context, secret, session};
use crate::{
    audit::{self, Change},
    db::begin_write,
    error::ApiError,
    extract::ApiJson,
    identity::{password, user},
    state::AppState,
};

pub mod entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "invitations")]
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

/// The SPA route that accepts invitations.
pub const SPA_PATH: &str = "/convite/";

/// Issues a new invitation for `user_id`; earlier unused ones stop working.
pub async fn issue(
    db: &impl ConnectionTrait,
    user: &user::Model,
    now: DateTime<Utc>,
) -> Result<Invitation, DbErr> {
    entity::Entity::update_many()
        .col_expr(entity::Column::UsedAt, Expr::value(now))
        .filter(entity::Column::UserId.eq(user.id))
        .filter(entity::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    let token = secret::token("", 32);
    let expires_at = now + sign_in::invitation_lifetime();
    entity::Entity::insert(entity::ActiveModel {
        token_hash: Set(secret::digest(&token)),
        user_id: Set(user.id),
        created_at: Set(now),
        expires_at: Set(expires_at),
        used_at: Set(None),
    })
    .exec_without_returning(db)
    .await?;
    let url = format!("{SPA_PATH}{token}");
    // The link is a credential: the log gets only enough to recognise it,
    // never enough to use it.
    let hint: String = token.chars().take(4).collect();
    tracing::info!(user = %user.id, email = %user.email, link = %format!("{SPA_PATH}{hint}…"), "invitation issued");
    Ok(Invitation {
        url,
        token,
        expires_at,
    })
}

async fn live(
    db: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<(entity::Model, user::Model)>, DbErr> {
    let Some(invitation) = entity::Entity::find_by_id(secret::digest(token))
        .one(db)
        .await?
        .filter(|i| i.used_at.is_none() && i.expires_at > now)
    else {
        return Ok(None);
    };
    let user = user::Entity::find_by_id(invitation.user_id)
        .one(db)
        .await?
        .filter(|u| u.active);
    Ok(user.map(|u| (invitation, u)))
}

/// Who an invitation is for, so the page can greet them.
#[utoipa::path(
    get,
    path = "/api/v1/auth/invitations/{token}",
    tag = "auth",
    params(("token" = String, Path, description = "The token from the invitation link")),
    responses(
        (status = 200, description = "A valid invitation", body = InvitationInfo),
        (status = 404, description = "Unknown, used or expired", body = atende_types::ErrorBody, content_type = "application/problem+json"),
    )
)]
#[get("/invitations/{token}")]
pub async fn show(
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let (invitation, user) = live(&state.db, &token, state.clock.now())
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(HttpResponse::Ok().json(InvitationInfo {
        name: user.name,
        email: user.email,
        expires_at: invitation.expires_at,
    }))
}

/// Accepts an invitation by choosing a password. The link then stops
/// working; the user signs in normally.
#[utoipa::path(
    post,
    path = "/api/v1/auth/invitations/{token}",
    tag = "auth",
    params(("token" = String, Path, description = "The token from the invitation link")),
    request_body = InvitationAccept,
    responses(
        (status = 204, description = "Password set"),
        (status = 404, description = "Unknown, used or expired", body = atende_types::ErrorBody, content_type = "application/problem+json"),
        (status = 422, description = "A weak password (`field` is `password`)", body = atende_types::ErrorBody, content_type = "application/problem+json"),
    )
)]
#[post("/invitations/{token}")]
pub async fn accept(
    state: web::Data<AppState>,
    req: HttpRequest,
    token: web::Path<String>,
    ApiJson(body): ApiJson<InvitationAccept>,
) -> Result<HttpResponse, ApiError> {
    let now = state.clock.now();
    let (invitation, user) = live(&state.db, &token, now)
        .await?
        .ok_or(ApiError::NotFound)?;
    password::check_strength(&body.password, &[&user.name, &user.email])
        .map_err(|message| ApiError::validation("password", message))?;
    let hash = hash_password(body.password).await?;
    let txn = begin_write(&state.db).await?;
    let used = entity::Entity::update_many()
        .col_expr(entity::Column::UsedAt, Expr::value(now))
        .filter(entity::Column::TokenHash.eq(invitation.token_hash))
        .filter(entity::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if used.rows_affected != 1 {
        return Err(ApiError::NotFound);
    }
    user::Entity::update_many()
        .col_expr(user::Column::PasswordHash, Expr::value(hash))
        .col_expr(user::Column::UpdatedAt, Expr::value(now))
        .filter(user::Column::Id.eq(user.id))
        .exec(&txn)
        .await?;
    // A new password (a re-invitation after a lost one, say) ends every
    // session opened with the old one.
    session::revoke_all(&txn, user.id, session::RevokeReason::PasswordChanged, now).await?;
    let mut context = anonymous_context(&req, &user.email);
    context.actor_user_id = Some(user.id);
    audit::record(
        &txn,
        &context,
        Change::new("user.invitation_accepted", "user", user.id),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}

/// argon2 off the async workers.
pub async fn hash_password(password: String) -> Result<String, ApiError> {
    tokio::task::spawn_blocking(move || password::hash(&password))
        .await
        .map_err(ApiError::internal)?
        .map_err(|e| ApiError::internal(anyhow::anyhow!("hashing a password: {e}")))
}
