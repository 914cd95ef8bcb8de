//! The one way lists are paged: `?limit=&cursor=` in, [`Page`] out.
//!
//! Keyset pagination: the cursor carries the sort key of the last row sent
//! (as base64url JSON), and the next page starts after it. Unlike
//! `OFFSET`, a deep page costs the same as the first, and rows inserted
//! meanwhile neither repeat nor vanish.

use atende_types::Page;
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use serde::{Deserialize, Serialize, de::DeserializeOwned};

use crate::error::ApiError;

/// Rows per page unless `limit` says otherwise.
pub const DEFAULT_LIMIT: u64 = 50;
/// The most rows one page may hold.
pub const MAX_LIMIT: u64 = 200;

/// The paging part of a list request's query string.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Rows per page, 1–200 (default 50).
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl PageQuery {
    /// The validated page size.
    pub fn limit(&self) -> Result<u64, ApiError> {
        match self.limit {
            None => Ok(DEFAULT_LIMIT),
            Some(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
            Some(_) => Err(ApiError::validation(
                "limit",
                format!("must be between 1 and {MAX_LIMIT}"),
            )),
        }
    }

    /// The decoded cursor, if any.
    pub fn after<K: DeserializeOwned>(&self) -> Result<Option<K>, ApiError> {
        let Some(cursor) = &self.cursor else {
            return Ok(None);
        };
        let invalid = || ApiError::validation("cursor", "is not a cursor this list handed out");
        let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| invalid())?;
        serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|_| invalid())
    }
}

/// The opaque cursor for a sort key.
pub fn encode_cursor<K: Serialize>(key: &K) -> Option<String> {
    serde_json::to_vec(key)
        .ok()
        .map(|json| URL_SAFE_NO_PAD.encode(json))
}

/// Builds a page from up to `limit + 1` rows fetched in order: the extra
/// row only tells that there is a next page.
pub fn page<R, T, K: Serialize>(
    mut rows: Vec<R>,
    limit: u64,
    key: impl Fn(&R) -> K,
    item: impl Fn(R) -> T,
) -> Page<T> {
    let has_more = rows.len() as u64 > limit;
    rows.truncate(limit as usize);
    let next_cursor = if has_more {
        rows.last().and_then(|last| encode_cursor(&key(last)))
    } else {
        None
    };
    Page {
        items: rows.into_iter().map(item).collect(),
        next_cursor,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_page_hands_out_a_cursor_that_decodes_to_the_last_key() {
        let page = page(vec![1, 2, 3], 2, |n| *n, |n| n * 10);
        assert_eq!(page.items, vec![10, 20]);
        let query = PageQuery {
            limit: None,
            cursor: page.next_cursor,
        };
        assert_eq!(query.after::<i32>().unwrap(), Some(2));
    }

    #[test]
    fn the_last_page_has_no_cursor() {
        let page = page(vec![1, 2], 2, |n| *n, |n| n);
        assert_eq!(page.next_cursor, None);
    }

    #[test]
    fn bad_limits_and_cursors_name_their_parameter() {
        let query = PageQuery {
            limit: Some(0),
            cursor: Some("!!".into()),
        };
        assert!(
            matches!(query.limit(), Err(ApiError::Validation { field, .. }) if field == "limit")
        );
        assert!(
            matches!(query.after::<i32>(), Err(ApiError::Validation { field, .. }) if field == "cursor")
        );
        assert_eq!(PageQuery::default().limit().unwrap(), DEFAULT_LIMIT);
    }
}
