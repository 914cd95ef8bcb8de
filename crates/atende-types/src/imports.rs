//! Spreadsheet imports of pending items.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::tickets::PersonRef;

/// One upload: its preview, then its outcome, kept as import history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportRecord {
    pub id: Uuid,
    pub file_name: String,
    /// `xlsx`, `xls`, `ods` or `csv`.
    pub format: String,
    pub size_bytes: i64,
    /// `previewed` (nothing stored yet), `committing` (a background job is
    /// writing the items), `committed`, `failed` (the job gave up; nothing
    /// was stored).
    pub status: String,
    /// What the created items start as: `draft` or `awaiting_approval`.
    pub target_status: String,
    /// Field → column header used. Fields: `title` and `company_cnpj`
    /// (required), `description`, `category`, `due_date`,
    /// `document_number`, `reference_date`, `amount`.
    pub mapping: BTreeMap<String, String>,
    /// The sheet's own column headers, in order: what a mapping may name.
    #[serde(default)]
    pub headers: Vec<String>,
    /// Data rows read (empty rows not counted).
    pub rows_total: i32,
    pub rows_accepted: i32,
    pub rows_rejected: i32,
    /// While `committing` in the background: rows written so far (of
    /// `rows_accepted`). Absent otherwise, or when another server runs the
    /// job.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows_committed: Option<i32>,
    /// Row-level problems, in sheet order (at most 1,000 listed); every
    /// problem of a row is listed, not only the first.
    pub errors: Vec<ImportRowError>,
    /// The first accepted rows (up to 10) as they will be stored, to check
    /// before committing.
    #[serde(default)]
    pub preview: Vec<ImportPreviewRow>,
    /// An earlier committed import of the very same file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uploaded_by: Option<PersonRef>,
    pub created_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub committed_at: Option<DateTime<Utc>>,
}

/// An accepted row as it will become a pending item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportPreviewRow {
    /// The row number as the spreadsheet shows it.
    pub row: u32,
    pub title: String,
    /// The client company the CNPJ names.
    pub company_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_date: Option<chrono::NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_cents: Option<i64>,
}

/// A problem in one cell (or row) of the sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportRowError {
    /// The row number as the spreadsheet shows it; 0 for a problem of the
    /// whole sheet (a required field no column was mapped to, or a
    /// background commit that failed).
    pub row: u32,
    /// The column header.
    pub column: String,
    /// The target field.
    pub field: String,
    /// What is wrong, in Portuguese then English.
    pub message: String,
}

/// A saved column mapping, reusable for the next upload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportTemplate {
    pub id: Uuid,
    pub name: String,
    /// Field (`title`, `company_cnpj`, `description`, `category`,
    /// `due_date`, `document_number`, `reference_date`, `amount`) →
    /// column header.
    pub mapping: BTreeMap<String, String>,
}

/// Saving a mapping under a name (unique).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ImportTemplateInput {
    pub name: String,
    pub mapping: BTreeMap<String, String>,
}
