//! What every request handler can reach.

use std::sync::Arc;

use atende_core::clock::Clock;
use sea_orm::DatabaseConnection;

use crate::{config::Settings, db::DatabaseKind};

/// Shared application state, cloned into each worker.
#[derive(Debug, Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub database_kind: DatabaseKind,
    pub settings: Arc<Settings>,
    pub clock: Arc<dyn Clock>,
}

/// The real clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        chrono::Utc::now()
    }
}
