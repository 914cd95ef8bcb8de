//! The one pagination shape of every list endpoint: keyset ("cursor")
//! pagination, stable under inserts and fast at any depth.

use serde::{Deserialize, Serialize};

/// A page of `T`. Ask for the next page with `?cursor=<next_cursor>`; there
/// is none when `next_cursor` is absent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Opaque; pass it back unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}
