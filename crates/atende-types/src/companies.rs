//! Companies: consultancies and their client companies.

use serde::{Deserialize, Serialize};

/// A CNPJ to check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CnpjCheckRequest {
    /// The CNPJ as typed, with or without punctuation; numeric or
    /// alphanumeric (the format issued since July 2026).
    #[cfg_attr(feature = "openapi", schema(example = "11.222.333/0001-81"))]
    pub cnpj: String,
}

/// A valid CNPJ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CnpjCheck {
    /// The 14 characters without punctuation, as stored.
    #[cfg_attr(feature = "openapi", schema(example = "11222333000181"))]
    pub normalized: String,
    /// The usual written form.
    #[cfg_attr(feature = "openapi", schema(example = "11.222.333/0001-81"))]
    pub formatted: String,
}
