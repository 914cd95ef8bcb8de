//! Health and build information.

use serde::{Deserialize, Serialize};

/// Answer of the health probes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HealthStatus {
    /// `ok` when the probe passed.
    pub status: String,
    /// For the readiness probe: the database backend that answered
    /// (`sqlite` or `postgres`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database: Option<String>,
}

/// What this server is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServerInfo {
    /// Product name, `Atende`.
    pub name: String,
    /// Server version (semver).
    pub version: String,
    /// The database backend in use (`sqlite` or `postgres`).
    pub database: String,
    /// The interface languages the server offers, default first.
    pub locales: Vec<String>,
}
