//! The error body of every failed request: RFC 9457 "Problem Details",
//! served as `application/problem+json`.

use serde::{Deserialize, Serialize};

/// Media type of [`ErrorBody`] responses.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// A problem report (RFC 9457). `type` and `code` are stable and meant for
/// programs; `title` and `detail` are meant for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "type": "urn:atende:problem:validation",
    "title": "Validation failed",
    "status": 422,
    "detail": "`subject` must not be empty.",
    "code": "validation",
    "field": "subject"
})))]
pub struct ErrorBody {
    /// A URI identifying the kind of problem, e.g. `urn:atende:problem:not-found`.
    #[serde(rename = "type")]
    pub kind: String,
    /// A short, human-readable summary of the kind of problem.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// A human-readable explanation of this occurrence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// A stable machine-readable code, the last segment of `type`.
    pub code: String,
    /// For validation problems: the request field that failed (a JSON path
    /// such as `items[2].amount`, or a query parameter name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// For validation problems that concern several fields at once.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

/// One field that failed validation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The request field, as a JSON path.
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}
