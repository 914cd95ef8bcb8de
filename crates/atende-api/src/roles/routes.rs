use std::collections::BTreeMap;

use actix_web::{HttpResponse, get, put, web};
use atende_core::permissions::{Grant, Permission, Role};
use atende_types::{
    auth::MfaPolicy,
    roles::{GrantUpdate, PermissionInfo, RoleMatrix},
};
use sea_orm::ConnectionTrait;

use super::matrix;
use crate::{
    audit::{self, Change},
    auth::Actor,
    db::begin_write,
    error::ApiError,
    extract::ApiJson,
    state::AppState,
};

async fn load(db: &impl ConnectionTrait) -> Result<RoleMatrix, ApiError> {
    let mut grants = BTreeMap::new();
    for role in Role::ALL {
        let row = matrix::grants(db, role)
            .await?
            .into_iter()
            .map(|(p, g)| (p.name().to_owned(), g.as_str().to_owned()))
            .collect();
        grants.insert(role.as_str().to_owned(), row);
    }
    Ok(RoleMatrix {
        roles: Role::ALL.iter().map(|r| r.as_str().to_owned()).collect(),
        permissions: Permission::ALL
            .iter()
            .map(|p| PermissionInfo {
                name: p.name().to_owned(),
                group: p.group().to_owned(),
            })
            .collect(),
        grants,
    })
}

/// The whole matrix: every role's grant of every permission.
#[utoipa::path(
    get, path = "/api/v1/roles", tag = "roles", security(("bearer_jwt" = []), ("api_token" = [])),
    responses(
        (status = 200, description = "The matrix", body = RoleMatrix),
        (status = 403, description = "No `roles.manage`", body = atende_types::ErrorBody, content_type = "application/problem+json"),
    )
)]
#[get("/roles")]
pub async fn show_matrix(
    state: web::Data<AppState>,
    actor: Actor,
) -> Result<HttpResponse, ApiError> {
    actor.authorize_everywhere(Permission::RolesManage)?;
    Ok(HttpResponse::Ok().json(load(&state.db).await?))
}

/// Sets one cell of the matrix (audited). The administrator role always
/// keeps `roles.manage`, so the matrix can never lock everyone out.
#[utoipa::path(
    put, path = "/api/v1/roles/{role}/permissions/{permission}", tag = "roles",
    params(("role" = String, Path), ("permission" = String, Path)),
    request_body = GrantUpdate, security(("bearer_jwt" = []), ("api_token" = [])),
    responses(
        (status = 200, description = "The updated matrix", body = RoleMatrix),
        (status = 403, description = "No `roles.manage`", body = atende_types::ErrorBody, content_type = "application/problem+json"),
        (status = 404, description = "Unknown role or permission", body = atende_types::ErrorBody, content_type = "application/problem+json"),
        (status = 422, description = "Unknown grant, or removing the admins' `roles.manage`", body = atende_types::ErrorBody, content_type = "application/problem+json"),
    )
)]
#[put("/roles/{role}/permissions/{permission}")]
pub async fn set_grant(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(String, String)>,
    ApiJson(body): ApiJson<GrantUpdate>,
) -> Result<HttpResponse, ApiError> {
    actor.authorize_everywhere(Permission::RolesManage)?;
    let (role, permission) = path.into_inner();
    let role = Role::parse(&role).ok_or(ApiError::NotFound)?;
    let permission = Permission::parse(&permission).ok_or(ApiError::NotFound)?;
    let grant = Grant::parse(&body.grant)
        .ok_or_else(|| ApiError::validation("grant", "must be `all`, `linked` or `none`"))?;
    if role == Role::Admin && permission == Permission::RolesManage && grant != Grant::All {
        return Err(ApiError::validation(
            "grant",
            "administrators always keep `roles.manage` on every company",
        ));
    }
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let before = matrix::grants(&txn, role)
        .await?
        .get(&permission)
        .copied()
        .unwrap_or(Grant::None);
    matrix::set(&txn, role, permission, grant).await?;
    audit::record(
        &txn,
        &actor.audit,
        Change::new(
            "role.permission_changed",
            "role",
            format!("{}/{}", role.as_str(), permission.name()),
        )
        .before(before.as_str())
        .after(grant.as_str()),
        now,
    )
    .await?;
    let matrix = load(&txn).await?;
    txn.commit().await?;
    state.grants.invalidate();
    Ok(HttpResponse::Ok().json(matrix))
}

/// Which roles must use MFA.
#[utoipa::path(
    get, path = "/api/v1/security/mfa-policy", tag = "roles", security(("bearer_jwt" = []), ("api_token" = [])),
    responses(
        (status = 200, description = "The policy", body = MfaPolicy),
        (status = 403, description = "No `roles.manage`", body = atende_types::ErrorBody, content_type = "application/problem+json"),
    )
)]
#[get("/security/mfa-policy")]
pub async fn show_mfa_policy(
    state: web::Data<AppState>,
    actor: Actor,
) -> Result<HttpResponse, ApiError> {
    actor.authorize_everywhere(Permission::RolesManage)?;
    let roles = matrix::mfa_required_roles(&state.db).await?;
    Ok(HttpResponse::Ok().json(policy(&roles)))
}

fn policy(roles: &[Role]) -> MfaPolicy {
    MfaPolicy {
        required_roles: roles.iter().map(|r| r.as_str().to_owned()).collect(),
    }
}

/// Sets which roles must use MFA — client roles included. Users of those
/// roles without MFA can only enroll after their next sign-in.
#[utoipa::path(
    put, path = "/api/v1/security/mfa-policy", tag = "roles",
    request_body = MfaPolicy, security(("bearer_jwt" = []), ("api_token" = [])),
    responses(
        (status = 200, description = "The new policy", body = MfaPolicy),
        (status = 422, description = "An unknown role", body = atende_types::ErrorBody, content_type = "application/problem+json"),
    )
)]
#[put("/security/mfa-policy")]
pub async fn set_mfa_policy(
    state: web::Data<AppState>,
    actor: Actor,
    ApiJson(body): ApiJson<MfaPolicy>,
) -> Result<HttpResponse, ApiError> {
    actor.authorize_everywhere(Permission::RolesManage)?;
    let mut roles = Vec::new();
    for (i, name) in body.required_roles.iter().enumerate() {
        let role = Role::parse(name)
            .ok_or_else(|| ApiError::validation(format!("required_roles[{i}]"), "is not a role"))?;
        if !roles.contains(&role) {
            roles.push(role);
        }
    }
    roles.sort();
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let before = matrix::mfa_required_roles(&txn).await?;
    matrix::set_mfa_required_roles(&txn, &roles, now).await?;
    audit::record(
        &txn,
        &actor.audit,
        Change::new("security.mfa_policy_changed", "setting", "mfa_policy")
            .before(policy(&before))
            .after(policy(&roles)),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(HttpResponse::Ok().json(policy(&roles)))
}
