//! User management (`/api/v1/users`): by default administrators only, as
//! the spec table says. A role given `users.*` on linked companies only
//! manages users linked to those companies and cannot create admins.

use std::collections::BTreeSet;

use actix_web::{HttpResponse, delete, get, patch, post, web};
use atende_core::{
    access::Reach,
    locale::Locale,
    permissions::{Permission, Role},
};
use atende_types::{
    Page,
    auth::Invitation,
    users::{User, UserCreate, UserInvited, UserUpdate},
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
    sea_query::ExprTrait,
    sea_query::{Expr, Func},
};
use serde::Deserialize;
use uuid::Uuid;

use super::{user, user_company};
use crate::{
    audit::{self, Change},
    auth::{
        Actor, invitation, mfa,
        session::{self, RevokeReason},
    },
    companies::entity as company,
    db::begin_write,
    error::ApiError,
    extract::ApiJson,
    pagination::{PageQuery, page},
    state::AppState,
};

/// The wire form of a user.
pub fn to_wire(user: user::Model, company_ids: Vec<Uuid>) -> User {
    User {
        mfa_enabled: user.mfa_enabled(),
        has_password: user.password_hash.is_some(),
        id: user.id,
        name: user.name,
        email: user.email,
        role: user.role,
        active: user.active,
        locale: user.locale,
        time_zone: user.time_zone,
        locked_until: user.locked_until,
        company_ids,
        created_at: user.created_at,
        updated_at: user.updated_at,
    }
}

/// The companies a user is linked to.
pub async fn linked_company_ids(
    db: &impl ConnectionTrait,
    user_id: Uuid,
) -> Result<Vec<Uuid>, DbErr> {
    Ok(user_company::Entity::find()
        .filter(user_company::Column::UserId.eq(user_id))
        .all(db)
        .await?
        .into_iter()
        .map(|l| l.company_id)
        .collect())
}

/// A trimmed, non-empty name of at most 200 characters.
pub fn validate_name(name: &str) -> Result<String, ApiError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(ApiError::validation("name", "must not be empty"));
    }
    if name.chars().count() > 200 {
        return Err(ApiError::validation(
            "name",
            "must have at most 200 characters",
        ));
    }
    // A name travels into e-mail headers and one-line displays.
    if name.chars().any(char::is_control) {
        return Err(ApiError::validation(
            "name",
            "must be a single line, without control characters",
        ));
    }
    Ok(name.to_owned())
}

/// A plausible e-mail address (one `@`, something on each side, no
/// spaces, at most 254 characters); the invitation proves it works.
pub fn validate_email(email: &str) -> Result<String, ApiError> {
    let email = email.trim();
    let valid = email.len() <= 254
        && !email.chars().any(char::is_whitespace)
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && domain.contains('.') && !domain.contains('@')
        });
    if valid {
        Ok(email.to_owned())
    } else {
        Err(ApiError::validation("email", "is not an e-mail address"))
    }
}

/// An IANA time zone name known to the tz database.
pub fn validate_time_zone(zone: &str) -> Result<String, ApiError> {
    zone.parse::<chrono_tz::Tz>()
        .map(|tz| tz.name().to_owned())
        .map_err(|_| {
            ApiError::validation(
                "time_zone",
                "is not an IANA time zone such as `America/Sao_Paulo`",
            )
        })
}

fn parse_role(role: &str) -> Result<Role, ApiError> {
    Role::parse(role).ok_or_else(|| {
        ApiError::validation(
            "role",
            "must be one of admin, supervisor, agent, client_supervisor, client",
        )
    })
}

/// A manager limited to some companies may only give client roles: every
/// staff role reaches beyond the companies it is linked to.
fn check_grantable(role: Role, reach: &Reach) -> Result<(), ApiError> {
    if reach.is_everywhere() || role.is_client() {
        Ok(())
    } else {
        Err(ApiError::validation(
            "role",
            "managing users of some companies only allows the roles client and client_supervisor",
        ))
    }
}

/// Checks the links a user with `role` may have, within `reach`.
async fn validate_links(
    db: &impl ConnectionTrait,
    role: Role,
    company_ids: &[Uuid],
    reach: &Reach,
) -> Result<Vec<Uuid>, ApiError> {
    let ids: BTreeSet<Uuid> = company_ids.iter().copied().collect();
    let companies = company::Entity::find()
        .filter(company::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?;
    if companies.len() != ids.len() || !ids.iter().all(|id| reach.covers(*id)) {
        return Err(ApiError::validation(
            "company_ids",
            "names a company that does not exist",
        ));
    }
    if role.is_client() {
        // A client-side lead may be linked to a consultancy (the spec's
        // "Grupo"): they then reach every client of it, including clients
        // added later, as a consultancy link does for staff.
        if ids.is_empty() {
            return Err(ApiError::validation(
                "company_ids",
                "a client user must be linked to at least one company",
            ));
        }
    }
    Ok(ids.into_iter().collect())
}

/// Finds a user the actor may manage; anything else is 404.
async fn find_managed(
    db: &impl ConnectionTrait,
    reach: &Reach,
    id: Uuid,
) -> Result<(user::Model, Vec<Uuid>), ApiError> {
    let user = user::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)?;
    let links = linked_company_ids(db, id).await?;
    if let Reach::Companies(_) = reach {
        // A limited manager sees only client-role users wholly inside its
        // companies: staff accounts reach beyond any company, and a user
        // also linked elsewhere belongs partly to someone else — managing
        // either (the e-mail, the invitation) would be a way out.
        let manageable = user.role().is_some_and(Role::is_client) && reach.covers_all(&links);
        if !manageable {
            return Err(ApiError::NotFound);
        }
    }
    Ok((user, links))
}

async fn replace_links(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    company_ids: &[Uuid],
) -> Result<(), DbErr> {
    user_company::Entity::delete_many()
        .filter(user_company::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    if !company_ids.is_empty() {
        user_company::Entity::insert_many(company_ids.iter().map(|c| user_company::ActiveModel {
            user_id: Set(user_id),
            company_id: Set(*c),
        }))
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}

async fn email_taken(
    db: &impl ConnectionTrait,
    email: &str,
    except: Option<Uuid>,
) -> Result<bool, DbErr> {
    let mut query = user::Entity::find().filter(user::Column::EmailKey.eq(user::email_key(email)));
    if let Some(id) = except {
        query = query.filter(user::Column::Id.ne(id));
    }
    Ok(query.one(db).await?.is_some())
}

/// Filters of the user list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserFilter {
    /// Part of the name or e-mail, any case.
    pub q: Option<String>,
    pub role: Option<String>,
    pub active: Option<bool>,
    /// Users linked to this company.
    pub company_id: Option<Uuid>,
}

/// Users, by e-mail.
#[utoipa::path(
    get, path = "/api/v1/users", tag = "users",
    params(UserFilter, PageQuery), security(("bearer_jwt" = []), ("api_token" = [])),
    responses(
        (status = 200, description = "A page of users", body = Page<User>),
        (status = 403, description = "Not allowed to manage users", body = atende_types::ErrorBody, content_type = "application/problem+json"),
    )
)]
#[get("")]
pub async fn list(
    state: web::Data<AppState>,
    actor: Actor,
    web::Query(filter): web::Query<UserFilter>,
    web::Query(paging): web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let reach = actor.authorize(Permission::UsersEdit)?;
    let limit = paging.limit()?;
    let after: Option<String> = paging.after()?;
    let mut condition = Condition::all();
    if let Some(scope) = reach.company_ids() {
        condition = condition
            .add(user::Column::Id.in_subquery(user_company::users_wholly_within(scope)))
            .add(
                user::Column::Role.is_in([Role::ClientSupervisor.as_str(), Role::Client.as_str()]),
            );
    }
    if let Some(company_id) = filter.company_id {
        let ids: Vec<Uuid> = user_company::Entity::find()
            .filter(user_company::Column::CompanyId.eq(company_id))
            .all(&state.db)
            .await?
            .into_iter()
            .map(|l| l.user_id)
            .collect();
        condition = condition.add(user::Column::Id.is_in(ids));
    }
    if let Some(q) = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        let pattern = format!("%{}%", q.to_lowercase());
        condition = condition.add(
            Condition::any()
                .add(user::Column::EmailKey.like(pattern.clone()))
                .add(Expr::expr(Func::lower(Expr::col(user::Column::Name))).like(pattern)),
        );
    }
    if let Some(role) = filter.role {
        condition = condition.add(user::Column::Role.eq(parse_role(&role)?.as_str()));
    }
    if let Some(active) = filter.active {
        condition = condition.add(user::Column::Active.eq(active));
    }
    if let Some(after) = after {
        condition = condition.add(user::Column::EmailKey.gt(after));
    }
    let rows = user::Entity::find()
        .filter(condition)
        .order_by_asc(user::Column::EmailKey)
        .limit(limit + 1)
        .all(&state.db)
        .await?;
    let ids: Vec<Uuid> = rows.iter().map(|u| u.id).collect();
    let links = user_company::Entity::find()
        .filter(user_company::Column::UserId.is_in(ids))
        .all(&state.db)
        .await?;
    let page = page(
        rows,
        limit,
        |u| u.email_key.clone(),
        |u| {
            let companies = links
                .iter()
                .filter(|l| l.user_id == u.id)
                .map(|l| l.company_id)
                .collect();
            to_wire(u, companies)
        },
    );
    Ok(HttpResponse::Ok().json(page))
}

/// One user.
#[utoipa::path(
    get, path = "/api/v1/users/{id}", tag = "users",
    params(("id" = Uuid, Path)), security(("bearer_jwt" = []), ("api_token" = [])),
    responses(
        (status = 200, description = "The user", body = User),
        (status = 404, description = "No such user in reach", body = atende_types::ErrorBody, content_type = "application/problem+json"),
    )
)]
#[get("/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let reach = actor.authorize(Permission::UsersEdit)?;
    let (user, links) = find_managed(&state.db, &reach, *id).await?;
    Ok(HttpResponse::Ok().json(to_wire(user, links)))
}

/// Creates a user and returns a one-time invitation link to pass on.
#[utoipa::path(
    post, path = "/api/v1/users", tag = "users",
    request_body = UserCreate, security(("bearer_jwt" = []), ("api_token" = [])),
    responses(
        (status = 201, description = "Created; send the invitation link", body = UserInvited),
        (status = 403, description = "Not allowed to create users", body = atende_types::ErrorBody, content_type = "application/problem+json"),
        (status = 409, description = "The e-mail is taken", body = atende_types::ErrorBody, content_type = "application/problem+json"),
        (status = 422, description = "A bad value, named in `field`", body = atende_types::ErrorBody, content_type = "application/problem+json"),
    )
)]
#[post("")]
pub async fn create(
    state: web::Data<AppState>,
    actor: Actor,
    ApiJson(body): ApiJson<UserCreate>,
) -> Result<HttpResponse, ApiError> {
    let reach = actor.authorize(Permission::UsersCreate)?;
    let name = validate_name(&body.name)?;
    let email = validate_email(&body.email)?;
    let role = parse_role(&body.role)?;
    check_grantable(role, &reach)?;
    let locale = match body.locale.as_deref() {
        None => Locale::default(),
        Some(tag) => Locale::from_tag(tag)
            .ok_or_else(|| ApiError::validation("locale", "must be `pt-BR` or `en`"))?,
    };
    let time_zone = validate_time_zone(body.time_zone.as_deref().unwrap_or("America/Sao_Paulo"))?;
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let company_ids = validate_links(&txn, role, &body.company_ids, &reach).await?;
    if email_taken(&txn, &email, None).await? {
        return Err(ApiError::conflict(
            "email",
            "another user already has this e-mail",
        ));
    }
    let user = user::Model {
        id: Uuid::now_v7(),
        name,
        email_key: user::email_key(&email),
        email,
        password_hash: None,
        role: role.as_str().to_owned(),
        active: true,
        locale: locale.tag().to_owned(),
        time_zone,
        created_at: now,
        updated_at: now,
        mfa_secret: None,
        mfa_pending_secret: None,
        mfa_last_step: None,
        failed_logins: 0,
        locked_until: None,
    };
    user::Entity::insert(user::ActiveModel {
        id: Set(user.id),
        name: Set(user.name.clone()),
        email: Set(user.email.clone()),
        email_key: Set(user.email_key.clone()),
        password_hash: Set(None),
        role: Set(user.role.clone()),
        active: Set(true),
        locale: Set(user.locale.clone()),
        time_zone: Set(user.time_zone.clone()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .exec_without_returning(&txn)
    .await?;
    replace_links(&txn, user.id, &company_ids).await?;
    let invitation = invitation::issue(&txn, &user, now).await?;
    let wire = to_wire(user, company_ids);
    audit::record(
        &txn,
        &actor.audit,
        Change::new("user.created", "user", wire.id).after(&wire),
        now,
    )
    .await?;
    crate::events::record(
        &txn,
        &[atende_core::events::user_changed(
            wire.id,
            "created",
            actor.performer(),
            now,
        )],
        serde_json::json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(UserInvited {
        user: wire,
        invitation,
    }))
}

/// Changes a user. A new role or deactivation ends their sessions at once.
#[utoipa::path(
    patch, path = "/api/v1/users/{id}", tag = "users",
    params(("id" = Uuid, Path)), request_body = UserUpdate, security(("bearer_jwt" = []), ("api_token" = [])),
    responses(
        (status = 200, description = "The updated user", body = User),
        (status = 404, description = "No such user in reach", body = atende_types::ErrorBody, content_type = "application/problem+json"),
        (status = 409, description = "The e-mail is taken", body = atende_types::ErrorBody, content_type = "application/problem+json"),
        (status = 422, description = "A bad value, named in `field`", body = atende_types::ErrorBody, content_type = "application/problem+json"),
    )
)]
#[patch("/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
    ApiJson(body): ApiJson<UserUpdate>,
) -> Result<HttpResponse, ApiError> {
    let reach = actor.authorize(Permission::UsersEdit)?;
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let (before, links) = find_managed(&txn, &reach, *id).await?;
    let is_self = actor.user.as_ref().is_some_and(|u| u.id == before.id);
    let mut after = before.clone();
    if let Some(name) = &body.name {
        after.name = validate_name(name)?;
    }
    if let Some(email) = &body.email {
        after.email = validate_email(email)?;
        after.email_key = user::email_key(&after.email);
        if email_taken(&txn, &after.email, Some(before.id)).await? {
            return Err(ApiError::conflict(
                "email",
                "another user already has this e-mail",
            ));
        }
    }
    let role = match &body.role {
        Some(role) => parse_role(role)?,
        None => before.role().ok_or(ApiError::NotFound)?,
    };
    check_grantable(role, &reach)?;
    if is_self && role.as_str() != before.role {
        return Err(ApiError::validation(
            "role",
            "you cannot change your own role",
        ));
    }
    after.role = role.as_str().to_owned();
    if let Some(active) = body.active {
        if is_self && !active {
            return Err(ApiError::validation(
                "active",
                "you cannot deactivate yourself",
            ));
        }
        after.active = active;
    }
    if let Some(tag) = &body.locale {
        after.locale = Locale::from_tag(tag)
            .ok_or_else(|| ApiError::validation("locale", "must be `pt-BR` or `en`"))?
            .tag()
            .to_owned();
    }
    if let Some(zone) = &body.time_zone {
        after.time_zone = validate_time_zone(zone)?;
    }
    let company_ids = match &body.company_ids {
        Some(ids) => validate_links(&txn, role, ids, &reach).await?,
        None => validate_links(&txn, role, &links, &Reach::Everywhere).await?,
    };
    after.updated_at = now;
    user::Entity::update_many()
        .col_expr(user::Column::Name, Expr::value(after.name.clone()))
        .col_expr(user::Column::Email, Expr::value(after.email.clone()))
        .col_expr(user::Column::EmailKey, Expr::value(after.email_key.clone()))
        .col_expr(user::Column::Role, Expr::value(after.role.clone()))
        .col_expr(user::Column::Active, Expr::value(after.active))
        .col_expr(user::Column::Locale, Expr::value(after.locale.clone()))
        .col_expr(user::Column::TimeZone, Expr::value(after.time_zone.clone()))
        .col_expr(user::Column::UpdatedAt, Expr::value(now))
        .filter(user::Column::Id.eq(before.id))
        .exec(&txn)
        .await?;
    replace_links(&txn, before.id, &company_ids).await?;
    if after.role != before.role {
        session::revoke_all(&txn, before.id, RevokeReason::RoleChanged, now).await?;
    }
    if before.active && !after.active {
        session::revoke_all(&txn, before.id, RevokeReason::Deactivated, now).await?;
    }
    let before_wire = to_wire(before, links);
    let after_wire = to_wire(after, company_ids);
    audit::record(
        &txn,
        &actor.audit,
        Change::new("user.updated", "user", after_wire.id)
            .before(&before_wire)
            .after(&after_wire),
        now,
    )
    .await?;
    crate::events::record(
        &txn,
        &[atende_core::events::user_changed(
            after_wire.id,
            "updated",
            actor.performer(),
            now,
        )],
        serde_json::json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(HttpResponse::Ok().json(after_wire))
}

/// Deletes a user; their sessions and links go with them.
#[utoipa::path(
    delete, path = "/api/v1/users/{id}", tag = "users",
    params(("id" = Uuid, Path)), security(("bearer_jwt" = []), ("api_token" = [])),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such user in reach", body = atende_types::ErrorBody, content_type = "application/problem+json"),
        (status = 422, description = "Deleting oneself", body = atende_types::ErrorBody, content_type = "application/problem+json"),
    )
)]
#[delete("/{id}")]
pub async fn remove(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let reach = actor.authorize(Permission::UsersDelete)?;
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let (user, links) = find_managed(&txn, &reach, *id).await?;
    if actor.user.as_ref().is_some_and(|u| u.id == user.id) {
        return Err(ApiError::validation("id", "you cannot delete yourself"));
    }
    let deleted_id = user.id;
    user::Entity::delete_by_id(user.id).exec(&txn).await?;
    audit::record(
        &txn,
        &actor.audit,
        Change::new("user.deleted", "user", user.id).before(to_wire(user, links)),
        now,
    )
    .await?;
    crate::events::record(
        &txn,
        &[atende_core::events::user_changed(
            deleted_id,
            "deleted",
            actor.performer(),
            now,
        )],
        serde_json::json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Issues a new invitation link (the previous one stops working). For a
/// user who already has a password it works as a password reset.
#[utoipa::path(
    post, path = "/api/v1/users/{id}/invitation", tag = "users",
    params(("id" = Uuid, Path)), security(("bearer_jwt" = []), ("api_token" = [])),
    responses(
        (status = 200, description = "A new link", body = Invitation),
        (status = 404, description = "No such user in reach", body = atende_types::ErrorBody, content_type = "application/problem+json"),
    )
)]
#[post("/{id}/invitation")]
pub async fn reinvite(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let reach = actor.authorize(Permission::UsersEdit)?;
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let (user, _) = find_managed(&txn, &reach, *id).await?;
    let invitation = invitation::issue(&txn, &user, now).await?;
    audit::record(
        &txn,
        &actor.audit,
        Change::new("user.invited", "user", user.id),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(HttpResponse::Ok().json(invitation))
}

/// Resets a user's MFA (lost phone): they enroll again at next sign-in if
/// their role requires it. Their sessions end.
#[utoipa::path(
    delete, path = "/api/v1/users/{id}/mfa", tag = "users",
    params(("id" = Uuid, Path)), security(("bearer_jwt" = []), ("api_token" = [])),
    responses(
        (status = 204, description = "MFA removed"),
        (status = 404, description = "No such user in reach", body = atende_types::ErrorBody, content_type = "application/problem+json"),
    )
)]
#[delete("/{id}/mfa")]
pub async fn reset_mfa(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let reach = actor.authorize(Permission::UsersEdit)?;
    let now: DateTime<Utc> = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let (user, _) = find_managed(&txn, &reach, *id).await?;
    mfa::clear(&txn, user.id).await?;
    session::revoke_all(&txn, user.id, RevokeReason::MfaReset, now).await?;
    audit::record(
        &txn,
        &actor.audit,
        Change::new("user.mfa_reset", "user", user.id),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
