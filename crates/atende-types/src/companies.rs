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

/// A company: a consultancy or one of its clients.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Company {
    pub id: uuid::Uuid,
    /// `consultancy` or `client`.
    pub kind: String,
    /// The consultancy a client belongs to; absent for consultancies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consultancy_id: Option<uuid::Uuid>,
    /// Razão social.
    pub legal_name: String,
    /// Nome fantasia.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trade_name: Option<String>,
    /// Formatted (`11.222.333/0001-81`).
    pub cnpj: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment_id: Option<uuid::Uuid>,
    pub active: bool,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// `POST /api/v1/companies`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CompanyCreate {
    /// `consultancy` or `client`.
    pub kind: String,
    /// Required for a client, absent for a consultancy.
    #[serde(default)]
    pub consultancy_id: Option<uuid::Uuid>,
    pub legal_name: String,
    #[serde(default)]
    pub trade_name: Option<String>,
    pub cnpj: String,
    #[serde(default)]
    pub segment_id: Option<uuid::Uuid>,
}

/// `PATCH /api/v1/companies/{id}`: absent fields stay; `null` clears an
/// optional one. `kind` and `consultancy_id` cannot change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CompanyUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_name: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::nullable"
    )]
    pub trade_name: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cnpj: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::nullable"
    )]
    pub segment_id: Option<Option<uuid::Uuid>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
}

/// A segment (segmento): a line of business companies are grouped by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Segment {
    pub id: uuid::Uuid,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// `POST /api/v1/segments` and `PATCH /api/v1/segments/{id}` (absent
/// fields stay as they are on PATCH).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SegmentInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::nullable"
    )]
    pub description: Option<Option<String>>,
}
