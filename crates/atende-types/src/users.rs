//! Users, the signed-in user (`/me`) and company scope.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A user as administrators see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct User {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    /// `admin`, `supervisor`, `agent`, `client_supervisor` or `client`.
    pub role: String,
    pub active: bool,
    /// `pt-BR` or `en`.
    pub locale: String,
    /// IANA zone, e.g. `America/Sao_Paulo`.
    pub time_zone: String,
    pub mfa_enabled: bool,
    /// False until the invitation is accepted.
    pub has_password: bool,
    /// Set while sign-in is locked after repeated failures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locked_until: Option<DateTime<Utc>>,
    /// The companies the user is linked to.
    pub company_ids: Vec<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `POST /api/v1/users`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UserCreate {
    pub name: String,
    pub email: String,
    pub role: String,
    #[serde(default)]
    pub company_ids: Vec<Uuid>,
    #[serde(default)]
    pub locale: Option<String>,
    #[serde(default)]
    pub time_zone: Option<String>,
}

/// `PATCH /api/v1/users/{id}`: absent fields stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UserUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_ids: Option<Vec<Uuid>>,
}

/// A new user and the invitation to send them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserInvited {
    pub user: User,
    pub invitation: crate::auth::Invitation,
}

/// A company as it appears in a scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompanyRef {
    pub id: Uuid,
    /// `consultancy` or `client`.
    pub kind: String,
    /// Trade name when there is one, else the legal name.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consultancy_id: Option<Uuid>,
}

/// One effective permission of the signed-in user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EffectivePermission {
    /// E.g. `pending_items.approve`.
    pub permission: String,
    /// `all` (any company) or `linked` (only the companies in `scope`).
    pub reach: String,
}

/// Which companies the user reaches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Scope {
    /// Linked companies, with the clients of linked consultancies.
    pub companies: Vec<CompanyRef>,
}

/// `GET /api/v1/me`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub user: User,
    /// Only the permissions the user has; absent means denied.
    pub permissions: Vec<EffectivePermission>,
    pub scope: Scope,
    /// The MFA policy applies and the user has not enrolled yet.
    pub mfa_enrollment_required: bool,
}

/// `PATCH /api/v1/me`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MeUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
}
