//! Authentication, in one place: the [`Actor`] extractor turns the
//! `Authorization: Bearer` header (a JWT access token or an API token) into
//! who is acting, with their permissions and company scope, or answers 401.
//!
//! Authorization then happens in each service's first statement:
//! `let reach = actor.authorize(Permission::X)?;`.

use std::{collections::BTreeSet, future::Future, pin::Pin};

use actix_web::{FromRequest, HttpMessage, HttpRequest, dev::Payload, http::header, web};
use atende_core::{
    access::{Access, Bounds, Denied, Reach},
    permissions::{Grant, Permission, Role},
};
use chrono::Duration;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect,
    sea_query::{Expr, ExprTrait, Func, Query},
};
use tracing_actix_web::RequestId;
use uuid::Uuid;

use super::{
    jwt::Purpose,
    secret,
    session::{Origin, sessions},
};
use crate::{
    api_tokens::entity as api_token,
    audit::AuditContext,
    companies::entity as company,
    error::ApiError,
    identity::{user, user_company},
    state::AppState,
};

/// Prefix of API tokens, telling them apart from JWTs at a glance.
pub const API_TOKEN_PREFIX: &str = "atd_";

/// Who is making the request.
#[derive(Debug, Clone)]
pub struct Actor {
    /// The signed-in user; `None` for an API token.
    pub user: Option<user::Model>,
    /// The API token acting, if any.
    pub token_id: Option<Uuid>,
    /// The session of a signed-in user.
    pub session_id: Option<Uuid>,
    pub role: Option<Role>,
    pub access: Access,
    pub audit: AuditContext,
    /// Signed in under an MFA policy without MFA: may only enroll.
    pub enrollment_only: bool,
    /// An automation rule acting (with its own reach): the event log
    /// names the rule as the performer.
    pub rule: Option<Uuid>,
}

impl Actor {
    /// Who this actor is, as the event log names performers.
    pub fn performer(&self) -> atende_core::events::Performer {
        use atende_core::events::{Performer, PerformerKind};
        if let Some(rule) = self.rule {
            return Performer {
                kind: PerformerKind::Rule,
                id: Some(rule),
            };
        }
        match (&self.user, self.token_id) {
            (Some(user), _) => Performer {
                kind: if self.role.is_some_and(|r| r.is_client()) {
                    PerformerKind::Client
                } else {
                    PerformerKind::Agent
                },
                id: Some(user.id),
            },
            (None, Some(token)) => Performer {
                kind: PerformerKind::ApiToken,
                id: Some(token),
            },
            (None, None) => Performer::SYSTEM,
        }
    }

    /// How far `permission` reaches for this actor, or 403.
    pub fn authorize(&self, permission: Permission) -> Result<Reach, ApiError> {
        Ok(self.access.authorize(permission)?)
    }

    /// How far a write (`permission`) reaches on rows read through
    /// `view`, or 403 without `permission`.
    pub fn authorize_visible(
        &self,
        permission: Permission,
        view: Permission,
    ) -> Result<Reach, ApiError> {
        Ok(self.access.authorize_visible(permission, view)?)
    }

    /// Like [`Self::authorize`], for actions that need the permission
    /// everywhere (e.g. managing users).
    pub fn authorize_everywhere(&self, permission: Permission) -> Result<(), ApiError> {
        match self.authorize(permission)? {
            Reach::Everywhere => Ok(()),
            Reach::Companies(_) => Err(Denied(permission).into()),
        }
    }

    /// The signed-in user, or 403 for API tokens (e.g. on `/me`).
    pub fn user(&self) -> Result<&user::Model, ApiError> {
        self.user
            .as_ref()
            .ok_or(ApiError::Forbidden(Denied(Permission::UsersEdit)))
    }
}

/// Where the request came from. The peer address is used, not
/// `X-Forwarded-For`, which any client can forge.
pub fn origin(req: &HttpRequest) -> Origin {
    Origin {
        ip: req.peer_addr().map(|a| a.ip().to_string()),
        user_agent: req
            .headers()
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(|ua| ua.chars().take(512).collect()),
    }
}

/// An audit context for a request with no actor yet (sign-in).
pub fn anonymous_context(req: &HttpRequest, actor: &str) -> AuditContext {
    let origin = origin(req);
    AuditContext {
        actor: actor.chars().take(254).collect(),
        ip: origin.ip,
        user_agent: origin.user_agent,
        request_id: request_id(req),
        ..AuditContext::default()
    }
}

fn request_id(req: &HttpRequest) -> Option<String> {
    req.extensions().get::<RequestId>().map(|id| id.to_string())
}

/// Every authenticated endpoint but MFA enrollment takes an `Actor`.
impl FromRequest for Actor {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let actor = authenticate(&req).await?;
            if actor.enrollment_only {
                return Err(ApiError::MfaEnrollmentRequired);
            }
            Ok(actor)
        })
    }
}

/// A signed-in user who may still have to enroll in MFA: for `/me`, MFA
/// enrollment and logout.
#[derive(Debug, Clone)]
pub struct SignedIn(pub Actor);

impl FromRequest for SignedIn {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { authenticate(&req).await.map(SignedIn) })
    }
}

/// The token of the `Authorization: Bearer …` header, or 401.
fn bearer(req: &HttpRequest) -> Result<&str, ApiError> {
    req.headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .ok_or(ApiError::Unauthenticated)
}

/// Authenticates a request from its `Authorization` header.
pub async fn authenticate(req: &HttpRequest) -> Result<Actor, ApiError> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("no application state")))?;
    let bearer = bearer(req)?;
    let origin = origin(req);
    let mut actor = if bearer.starts_with(API_TOKEN_PREFIX) {
        from_api_token(state, bearer).await?
    } else {
        from_access_token(state, bearer).await?
    };
    actor.audit.ip = origin.ip;
    actor.audit.user_agent = origin.user_agent;
    actor.audit.request_id = request_id(req);
    Ok(actor)
}

async fn from_access_token(state: &AppState, token: &str) -> Result<Actor, ApiError> {
    let claims = state
        .jwt
        .decode(token, Purpose::Access, state.clock.now())
        .ok_or(ApiError::Unauthenticated)?;
    from_claims(state, claims).await
}

/// The actor behind a stream token (`/api/v1/events/stream-token`): the
/// same session checks as an access token.
pub async fn from_stream_token(state: &AppState, token: &str) -> Result<Actor, ApiError> {
    let claims = state
        .jwt
        .decode(token, Purpose::Stream, state.clock.now())
        .ok_or(ApiError::Unauthenticated)?;
    from_claims(state, claims).await
}

/// What a long-lived connection (the event stream) proves its authority
/// with again before each thing it sends: the session behind the token it
/// opened with, or the API token.
#[derive(Debug, Clone)]
pub enum Credential {
    Session(super::jwt::Claims),
    ApiToken(String),
}

impl Credential {
    /// The credential of a stream opened with `?token=` (a stream token)
    /// or the `Authorization` header.
    pub fn of_stream(
        state: &AppState,
        req: &HttpRequest,
        stream_token: Option<&str>,
    ) -> Result<Credential, ApiError> {
        let now = state.clock.now();
        if let Some(token) = stream_token {
            return state
                .jwt
                .decode(token, Purpose::Stream, now)
                .map(Credential::Session)
                .ok_or(ApiError::Unauthenticated);
        }
        let bearer = bearer(req)?;
        if bearer.starts_with(API_TOKEN_PREFIX) {
            return Ok(Credential::ApiToken(bearer.to_owned()));
        }
        state
            .jwt
            .decode(bearer, Purpose::Access, now)
            .map(Credential::Session)
            .ok_or(ApiError::Unauthenticated)
    }

    /// The actor as of now: 401 once the session ended, the user was
    /// deactivated or changed role, or the token was revoked; the reach
    /// reflects the links as they are now.
    pub async fn actor(&self, state: &AppState) -> Result<Actor, ApiError> {
        match self {
            Credential::Session(claims) => from_claims(state, claims.clone()).await,
            Credential::ApiToken(token) => from_api_token(state, token).await,
        }
    }
}

async fn from_claims(state: &AppState, claims: super::jwt::Claims) -> Result<Actor, ApiError> {
    let now = state.clock.now();
    let (session, user) = sessions::Entity::find_by_id(claims.sid)
        .find_also_related(user::Entity)
        .one(&state.db)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    let user = user.ok_or(ApiError::Unauthenticated)?;
    let live = session.revoked_at.is_none()
        && session.expires_at > now
        && session.user_id == claims.sub
        && user.active
        && user.role == claims.role;
    if !live {
        return Err(ApiError::Unauthenticated);
    }
    let enrollment_only = session.mfa_enrollment_required;
    user_actor(state, user, Some(session.id), enrollment_only).await
}

/// The actor of `user` with its role's grants and its companies.
async fn user_actor(
    state: &AppState,
    user: user::Model,
    session_id: Option<Uuid>,
    enrollment_only: bool,
) -> Result<Actor, ApiError> {
    let role = user.role().ok_or(ApiError::Unauthenticated)?;
    let grants = state.grants.grants(&state.db, role).await?;
    let reach = reach_of_user(&state.db, user.id).await?;
    Ok(Actor {
        token_id: None,
        session_id,
        role: Some(role),
        access: Access::new(grants, reach.scope, Access::bounds_of(role, reach.tenant)),
        audit: AuditContext {
            actor_user_id: Some(user.id),
            actor: user.email.clone(),
            ..AuditContext::default()
        },
        enrollment_only,
        rule: None,
        user: Some(user),
    })
}

/// Acts as an active user outside a request (background work done on
/// their behalf, e.g. a large import they started), with their rights as
/// they are now.
pub async fn for_user(state: &AppState, user_id: Uuid) -> Result<Actor, ApiError> {
    let user = user::Entity::find_by_id(user_id)
        .one(&state.db)
        .await?
        .filter(|u| u.active)
        .ok_or(ApiError::Unauthenticated)?;
    user_actor(state, user, None, false).await
}

async fn from_api_token(state: &AppState, token: &str) -> Result<Actor, ApiError> {
    let now = state.clock.now();
    let row = api_token::token::Entity::find()
        .filter(api_token::token::Column::TokenHash.eq(secret::digest(token)))
        .one(&state.db)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    if row.revoked_at.is_some() || row.expires_at.is_some_and(|at| at <= now) {
        return Err(ApiError::Unauthenticated);
    }
    // Recording every use would turn each read into a write; once a minute
    // is precise enough to tell a live integration from a dead one.
    if row
        .last_used_at
        .is_none_or(|at| now - at >= Duration::minutes(1))
    {
        api_token::token::Entity::update_many()
            .col_expr(api_token::token::Column::LastUsedAt, Expr::value(now))
            .filter(api_token::token::Column::Id.eq(row.id))
            .exec(&state.db)
            .await?;
    }
    let companies = api_token::company::Entity::find()
        .filter(api_token::company::Column::TokenId.eq(row.id))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|link| link.company_id)
        .collect::<Vec<_>>();
    // A token an administrator left unscoped acts like an administrator;
    // one with companies stops at them.
    let bounds = if companies.is_empty() {
        Bounds::Unbounded
    } else {
        Bounds::Scope
    };
    let scope = expand_scope(&state.db, &companies).await?;
    let grants = row
        .permission_names()
        .iter()
        .filter_map(|name| Permission::parse(name))
        .map(|p| (p, Grant::All))
        .collect();
    Ok(Actor {
        user: None,
        token_id: Some(row.id),
        session_id: None,
        role: None,
        access: Access::new(grants, scope, bounds),
        audit: AuditContext {
            actor_token_id: Some(row.id),
            actor: format!("api-token:{}", row.name),
            ..AuditContext::default()
        },
        enrollment_only: false,
        rule: None,
    })
}

/// The companies a user's links reach.
#[derive(Debug, Clone, Default)]
pub struct UserReach {
    /// The companies linked to the user and, for linked consultancies,
    /// all their clients (a ⚠️ reaches these).
    pub scope: BTreeSet<Uuid>,
    /// The whole tenant of the links: each linked consultancy, or the
    /// consultancy of a linked client, with all its clients (a staff ✅
    /// reaches these).
    pub tenant: BTreeSet<Uuid>,
}

/// The scope and tenant of a user — in one query, as it runs on every
/// request.
pub async fn reach_of_user(db: &impl ConnectionTrait, user_id: Uuid) -> Result<UserReach, DbErr> {
    let linked = Query::select()
        .column(user_company::Column::CompanyId)
        .from(user_company::Entity)
        .and_where(user_company::Column::UserId.eq(user_id))
        .to_owned();
    // The tenant roots: a linked consultancy itself, a linked client's
    // consultancy (or the client, when it has none).
    let roots = Query::select()
        .expr(Func::coalesce([
            Expr::col(company::Column::ConsultancyId),
            Expr::col(company::Column::Id),
        ]))
        .from(company::Entity)
        .and_where(company::Column::Id.in_subquery(linked.clone()))
        .to_owned();
    let rows: Vec<(Uuid, Option<Uuid>, bool)> = company::Entity::find()
        .select_only()
        .column(company::Column::Id)
        .column(company::Column::ConsultancyId)
        .expr(Expr::col(company::Column::Id).in_subquery(linked))
        .filter(
            company::Column::Id
                .in_subquery(roots.clone())
                .or(company::Column::ConsultancyId.in_subquery(roots)),
        )
        .into_tuple()
        .all(db)
        .await?;
    let linked: BTreeSet<Uuid> = rows
        .iter()
        .filter(|(_, _, linked)| *linked)
        .map(|(id, _, _)| *id)
        .collect();
    let scope = rows
        .iter()
        .filter(|(id, consultancy, _)| {
            linked.contains(id) || consultancy.is_some_and(|c| linked.contains(&c))
        })
        .map(|(id, _, _)| *id)
        .collect();
    let tenant = rows.into_iter().map(|(id, _, _)| id).collect();
    Ok(UserReach { scope, tenant })
}

/// What another user may do (an assignee, a colleague to mention): the
/// same rule as for the signed-in actor, from the stored matrix.
pub async fn access_of_user(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    role: Role,
) -> Result<Access, DbErr> {
    let grants = crate::roles::matrix::grants(db, role).await?;
    let reach = reach_of_user(db, user_id).await?;
    Ok(Access::new(
        grants,
        reach.scope,
        Access::bounds_of(role, reach.tenant),
    ))
}

/// The companies `linked` ids reach: themselves and, for consultancies,
/// all their clients.
pub async fn expand_scope(
    db: &impl ConnectionTrait,
    linked: &[Uuid],
) -> Result<BTreeSet<Uuid>, DbErr> {
    if linked.is_empty() {
        return Ok(BTreeSet::new());
    }
    let ids = company::Entity::find()
        .filter(
            company::Column::Id
                .is_in(linked.iter().copied())
                .or(company::Column::ConsultancyId.is_in(linked.iter().copied())),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect();
    Ok(ids)
}
