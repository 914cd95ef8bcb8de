//! The signed-in user's own account: `/api/v1/me`.

use actix_web::{HttpResponse, get, patch, post, web};
use atende_core::{access::Reach, locale::Locale, permissions::Grant};
use atende_types::{
    auth::{PasswordChange, TokenPair},
    users::{CompanyRef, EffectivePermission, Me, MeUpdate, Scope},
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, sea_query::Expr};

use super::{
    password, user,
    users::{linked_company_ids, to_wire, validate_time_zone},
};
use crate::{
    audit::{self, Change},
    auth::{
        Actor, SignedIn,
        actor::origin,
        invitation::hash_password,
        login::{confirm_current_password, token_pair},
        session::{self, RevokeReason},
    },
    companies::entity as company,
    db::begin_write,
    error::ApiError,
    extract::ApiJson,
    state::AppState,
};

/// Who is signed in, what they may do and on which companies — the SPA
/// builds its navigation from this.
#[utoipa::path(
    get,
    path = "/api/v1/me",
    tag = "me",
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses(
        (status = 200, description = "The signed-in user", body = Me),
        (status = 401, description = "Not signed in", body = atende_types::ErrorBody, content_type = "application/problem+json"),
    )
)]
#[get("")]
pub async fn show(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(me(&state, &actor).await?))
}

async fn me(state: &AppState, actor: &crate::auth::Actor) -> Result<Me, ApiError> {
    let user = actor.user()?;
    let companies = company::Entity::find()
        .filter(company::Column::Id.is_in(actor.access.scope().iter().copied()))
        .order_by_asc(company::Column::LegalName)
        .all(&state.db)
        .await?
        .into_iter()
        .map(|c| CompanyRef {
            id: c.id,
            kind: c.kind.as_str().to_owned(),
            name: c.trade_name.clone().unwrap_or(c.legal_name.clone()),
            consultancy_id: c.consultancy_id,
        })
        .collect();
    let permissions = actor
        .access
        .effective()
        .into_iter()
        .map(|(permission, reach)| EffectivePermission {
            permission: permission.name().to_owned(),
            // The matrix cell as the table reads it: ✅ is "all" (for staff
            // below ADM, all of their tenant), ⚠️ and anything of a
            // confined actor "linked".
            reach: match reach {
                Reach::Everywhere => "all",
                Reach::Companies(_)
                    if actor.access.grant(permission) == Grant::All
                        && !actor.access.is_confined() =>
                {
                    "all"
                }
                Reach::Companies(_) => "linked",
            }
            .to_owned(),
        })
        .collect();
    let company_ids = linked_company_ids(&state.db, user.id).await?;
    Ok(Me {
        user: to_wire(user.clone(), company_ids),
        permissions,
        scope: Scope { companies },
        mfa_enrollment_required: actor.enrollment_only,
    })
}

/// Changes one's own name, language or time zone.
#[utoipa::path(
    patch,
    path = "/api/v1/me",
    tag = "me",
    request_body = MeUpdate,
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses(
        (status = 200, description = "The updated user", body = Me),
        (status = 422, description = "A bad value, named in `field`", body = atende_types::ErrorBody, content_type = "application/problem+json"),
    )
)]
#[patch("")]
pub async fn update(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    ApiJson(body): ApiJson<MeUpdate>,
) -> Result<HttpResponse, ApiError> {
    let user = actor.user()?;
    let now = state.clock.now();
    let mut changed = user.clone();
    if let Some(name) = body.name {
        changed.name = super::users::validate_name(&name)?;
    }
    if let Some(locale) = body.locale {
        changed.locale = Locale::from_tag(&locale)
            .ok_or_else(|| ApiError::validation("locale", "must be `pt-BR` or `en`"))?
            .tag()
            .to_owned();
    }
    if let Some(zone) = body.time_zone {
        changed.time_zone = validate_time_zone(&zone)?;
    }
    let txn = begin_write(&state.db).await?;
    user::Entity::update_many()
        .col_expr(user::Column::Name, Expr::value(changed.name.clone()))
        .col_expr(user::Column::Locale, Expr::value(changed.locale.clone()))
        .col_expr(
            user::Column::TimeZone,
            Expr::value(changed.time_zone.clone()),
        )
        .col_expr(user::Column::UpdatedAt, Expr::value(now))
        .filter(user::Column::Id.eq(user.id))
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        &actor.audit,
        Change::new("user.profile_updated", "user", user.id)
            .before(profile(user))
            .after(profile(&changed)),
        now,
    )
    .await?;
    txn.commit().await?;
    // Re-read: the actor still holds the old profile.
    let mut actor = actor;
    actor.user = user::Entity::find_by_id(changed.id).one(&state.db).await?;
    Ok(HttpResponse::Ok().json(me(&state, &actor).await?))
}

fn profile(user: &user::Model) -> serde_json::Value {
    serde_json::json!({ "name": user.name, "locale": user.locale, "time_zone": user.time_zone })
}

/// Changes one's password. Every session of the user ends (a thief with a
/// stolen session is out); this client gets a fresh pair to carry on.
#[utoipa::path(
    post,
    path = "/api/v1/me/password",
    tag = "me",
    request_body = PasswordChange,
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses(
        (status = 200, description = "Changed; new credentials for this client", body = TokenPair),
        (status = 422, description = "Wrong current password or a weak new one", body = atende_types::ErrorBody, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts to confirm the password; retry after `Retry-After` seconds", body = atende_types::ErrorBody, content_type = "application/problem+json"),
    )
)]
#[post("/password")]
pub async fn change_password(
    state: web::Data<AppState>,
    req: actix_web::HttpRequest,
    actor: Actor,
    ApiJson(body): ApiJson<PasswordChange>,
) -> Result<HttpResponse, ApiError> {
    let user = actor.user()?.clone();
    confirm_current_password(
        &state,
        &user,
        &actor.audit,
        body.current_password,
        "current_password",
    )
    .await?;
    password::check_strength(&body.new_password, &[&user.name, &user.email])
        .map_err(|message| ApiError::validation("new_password", message))?;
    let hash = hash_password(body.new_password).await?;
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    user::Entity::update_many()
        .col_expr(user::Column::PasswordHash, Expr::value(hash))
        .col_expr(user::Column::UpdatedAt, Expr::value(now))
        .filter(user::Column::Id.eq(user.id))
        .exec(&txn)
        .await?;
    session::revoke_all(&txn, user.id, RevokeReason::PasswordChanged, now).await?;
    let (session, refresh_token) = session::open(&txn, user.id, false, &origin(&req), now).await?;
    audit::record(
        &txn,
        &actor.audit,
        Change::new("user.password_changed", "user", user.id),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(HttpResponse::Ok().json(token_pair(&state, &user, &session, refresh_token, now)?))
}
