//! The Atende server.
//!
//! `startup` builds the application that both the binary and the test
//! harness run; `error` holds the one error type mapped to HTTP; each
//! feature lives in its own module with its routes, services and queries.

pub mod api_tokens;
pub mod audit;
pub mod auth;
pub mod automation;
pub mod cli;
pub mod companies;
pub mod config;
pub mod db;
pub mod demo;
pub mod error;
pub mod events;
pub mod extract;
pub mod files;
pub mod idempotency;
pub mod identity;
pub mod imports;
pub mod jobs;
pub mod middleware;
pub mod notifications;
pub mod openapi;
pub mod outbound;
pub mod pagination;
pub mod pending_items;
pub mod reports;
pub mod roles;
pub mod secrets;
pub mod sla;
pub mod spa;
pub mod startup;
pub mod state;
pub mod storage;
pub mod system;
pub mod telemetry;
pub mod tickets;
pub mod webhooks;

pub use config::Settings;
pub use error::ApiError;
pub use startup::Application;
