//! The role → permission matrix.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A permission of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PermissionInfo {
    /// E.g. `companies.view`.
    pub name: String,
    /// The section it is listed under (`users`, `companies`, …).
    pub group: String,
}

/// `GET /api/v1/roles`: every role's grant of every permission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleMatrix {
    /// Role names in the spec table's order.
    pub roles: Vec<String>,
    pub permissions: Vec<PermissionInfo>,
    /// role → permission → `all`, `linked` or `none`.
    pub grants: BTreeMap<String, BTreeMap<String, String>>,
}

/// `PUT /api/v1/roles/{role}/permissions/{permission}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct GrantUpdate {
    /// `all`, `linked` or `none`.
    pub grant: String,
}
