//! Atende's wire types: what the REST API accepts and returns.
//!
//! Shared by the server (which derives OpenAPI schemas from them with the
//! `openapi` feature) and the SPA (which decodes responses into them), so the
//! two can never disagree about a field's name or shape.

pub mod api_tokens;
pub mod audit;
pub mod auth;
pub mod automation;
pub mod companies;
pub mod error;
pub mod imports;
pub mod notifications;
mod nullable;
pub mod page;
pub mod pending;
pub mod reports;
pub mod roles;
pub mod sla;
pub mod system;
pub mod tickets;
pub mod users;
pub mod webhooks;

pub use error::{ErrorBody, FieldError};
pub use page::Page;
