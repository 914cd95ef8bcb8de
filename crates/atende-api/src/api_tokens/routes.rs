use actix_web::{HttpResponse, delete, get, post, web};
use atende_core::permissions::Permission;
use atende_types::{
    Page,
    api_tokens::{ApiToken, ApiTokenCreate, ApiTokenCreated},
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::Expr,
};
use uuid::Uuid;

use super::entity::{company, token};
use crate::{
    audit::{self, Change},
    auth::{Actor, actor::API_TOKEN_PREFIX, secret},
    companies::entity as companies,
    db::begin_write,
    error::ApiError,
    extract::ApiJson,
    pagination::{PageQuery, page},
    state::AppState,
};

fn to_wire(row: token::Model, company_ids: Vec<Uuid>) -> ApiToken {
    ApiToken {
        permissions: row.permission_names(),
        id: row.id,
        name: row.name,
        prefix: row.prefix,
        company_ids,
        created_at: row.created_at,
        expires_at: row.expires_at,
        last_used_at: row.last_used_at,
        revoked_at: row.revoked_at,
    }
}

/// API tokens, newest first.
#[utoipa::path(
    get, path = "/api/v1/api-tokens", tag = "api-tokens",
    params(PageQuery), security(("bearer_jwt" = []), ("api_token" = [])),
    responses(
        (status = 200, description = "A page of tokens (never their secrets)", body = Page<ApiToken>),
        (status = 403, description = "No `api_tokens.manage`", body = atende_types::ErrorBody, content_type = "application/problem+json"),
    )
)]
#[get("")]
pub async fn list(
    state: web::Data<AppState>,
    actor: Actor,
    web::Query(paging): web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    actor.authorize_everywhere(Permission::ApiTokensManage)?;
    let limit = paging.limit()?;
    let after: Option<Uuid> = paging.after()?;
    let mut query = token::Entity::find();
    if let Some(id) = after {
        query = query.filter(token::Column::Id.lt(id));
    }
    let rows = query
        .order_by_desc(token::Column::Id)
        .limit(limit + 1)
        .all(&state.db)
        .await?;
    let links = company::Entity::find()
        .filter(company::Column::TokenId.is_in(rows.iter().map(|r| r.id)))
        .all(&state.db)
        .await?;
    Ok(HttpResponse::Ok().json(page(
        rows,
        limit,
        |r| r.id,
        |r| {
            let ids = links
                .iter()
                .filter(|l| l.token_id == r.id)
                .map(|l| l.company_id)
                .collect();
            to_wire(r, ids)
        },
    )))
}

/// Creates a token. Its secret is in this answer only.
#[utoipa::path(
    post, path = "/api/v1/api-tokens", tag = "api-tokens",
    request_body = ApiTokenCreate, security(("bearer_jwt" = []), ("api_token" = [])),
    responses(
        (status = 201, description = "Created; copy `token` now", body = ApiTokenCreated),
        (status = 422, description = "A bad value, named in `field`", body = atende_types::ErrorBody, content_type = "application/problem+json"),
    )
)]
#[post("")]
pub async fn create(
    state: web::Data<AppState>,
    actor: Actor,
    ApiJson(body): ApiJson<ApiTokenCreate>,
) -> Result<HttpResponse, ApiError> {
    actor.authorize_everywhere(Permission::ApiTokensManage)?;
    let name = body.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 120 {
        return Err(ApiError::validation(
            "name",
            "must have 1 to 120 characters",
        ));
    }
    if body.permissions.is_empty() {
        return Err(ApiError::validation(
            "permissions",
            "must name at least one permission",
        ));
    }
    let mut permissions = Vec::new();
    for (i, name) in body.permissions.iter().enumerate() {
        let permission = Permission::parse(name).ok_or_else(|| {
            ApiError::validation(format!("permissions[{i}]"), "is not a permission")
        })?;
        // A token must not mint tokens, rewrite the matrix or manage
        // accounts (an invitation link doubles as a password reset).
        if matches!(
            permission,
            Permission::ApiTokensManage
                | Permission::RolesManage
                | Permission::UsersCreate
                | Permission::UsersEdit
                | Permission::UsersDelete
        ) {
            return Err(ApiError::validation(
                format!("permissions[{i}]"),
                "cannot be given to an API token",
            ));
        }
        permissions.push(permission.name().to_owned());
    }
    permissions.sort();
    permissions.dedup();
    let now = state.clock.now();
    if body.expires_at.is_some_and(|at| at <= now) {
        return Err(ApiError::validation("expires_at", "must be in the future"));
    }
    let txn = begin_write(&state.db).await?;
    let mut company_ids = body.company_ids.clone();
    company_ids.sort();
    company_ids.dedup();
    let found = companies::Entity::find()
        .filter(companies::Column::Id.is_in(company_ids.iter().copied()))
        .all(&txn)
        .await?;
    if found.len() != company_ids.len() {
        return Err(ApiError::validation(
            "company_ids",
            "names a company that does not exist",
        ));
    }
    let secret_token = secret::token(API_TOKEN_PREFIX, 32);
    let row = token::Model {
        id: Uuid::now_v7(),
        name,
        prefix: secret_token.chars().take(12).collect(),
        token_hash: secret::digest(&secret_token),
        permissions: serde_json::to_string(&permissions).map_err(ApiError::internal)?,
        created_by: actor.user.as_ref().map(|u| u.id),
        created_at: now,
        expires_at: body.expires_at,
        last_used_at: None,
        revoked_at: None,
    };
    token::Entity::insert(token::ActiveModel {
        id: Set(row.id),
        name: Set(row.name.clone()),
        prefix: Set(row.prefix.clone()),
        token_hash: Set(row.token_hash.clone()),
        permissions: Set(row.permissions.clone()),
        created_by: Set(row.created_by),
        created_at: Set(now),
        expires_at: Set(row.expires_at),
        last_used_at: Set(None),
        revoked_at: Set(None),
    })
    .exec_without_returning(&txn)
    .await?;
    if !company_ids.is_empty() {
        company::Entity::insert_many(company_ids.iter().map(|c| company::ActiveModel {
            token_id: Set(row.id),
            company_id: Set(*c),
        }))
        .exec_without_returning(&txn)
        .await?;
    }
    let wire = to_wire(row, company_ids);
    audit::record(
        &txn,
        &actor.audit,
        Change::new("api_token.created", "api_token", wire.id).after(&wire),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(ApiTokenCreated {
        api_token: wire,
        token: secret_token,
    }))
}

/// Revokes a token: the next request with it is 401.
#[utoipa::path(
    delete, path = "/api/v1/api-tokens/{id}", tag = "api-tokens",
    params(("id" = Uuid, Path)), security(("bearer_jwt" = []), ("api_token" = [])),
    responses(
        (status = 204, description = "Revoked"),
        (status = 404, description = "No such token", body = atende_types::ErrorBody, content_type = "application/problem+json"),
    )
)]
#[delete("/{id}")]
pub async fn revoke(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    actor.authorize_everywhere(Permission::ApiTokensManage)?;
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let row = token::Entity::find_by_id(*id)
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound)?;
    token::Entity::update_many()
        .col_expr(token::Column::RevokedAt, Expr::value(now))
        .filter(token::Column::Id.eq(row.id))
        .filter(token::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        &actor.audit,
        Change::new("api_token.revoked", "api_token", row.id),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
