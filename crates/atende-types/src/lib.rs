//! Atende's wire types: what the REST API accepts and returns.
//!
//! Shared by the server (which derives OpenAPI schemas from them with the
//! `openapi` feature) and the SPA (which decodes responses into them), so the
//! two can never disagree about a field's name or shape.

pub mod companies;
pub mod error;
pub mod system;

pub use error::{ErrorBody, FieldError};
