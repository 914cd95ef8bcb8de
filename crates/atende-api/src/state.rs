//! What every request handler can reach.

use std::sync::Arc;

use atende_core::clock::Clock;
use sea_orm::DatabaseConnection;

use crate::{
    auth::{jwt::JwtKeys, rate_limit::AuthRateLimiter},
    config::Settings,
    db::DatabaseKind,
};

/// Shared application state, cloned into each worker.
#[derive(Debug, Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub database_kind: DatabaseKind,
    pub settings: Arc<Settings>,
    pub clock: Arc<dyn Clock>,
    /// Signs and checks access tokens and MFA challenges.
    pub jwt: JwtKeys,
    /// Seals and opens secrets at rest (TOTP secrets, the JWT key).
    pub secrets: Arc<crate::secrets::SecretBox>,
    /// Per-address limit on sign-in and MFA attempts.
    pub auth_limiter: AuthRateLimiter,
    /// Per-user limit on confirming one's password (a new password, MFA
    /// off), beside the account lock those attempts count towards.
    pub confirm_limiter: AuthRateLimiter<uuid::Uuid>,
    /// Per-API-token budget of requests a minute.
    pub token_limiter: crate::auth::token_rate::TokenRateLimiter,
    /// An argon2id hash of a random password: sign-in verifies against it
    /// when the e-mail is unknown, so that answer takes as long as a wrong
    /// password.
    pub dummy_hash: Arc<str>,
    /// This process's reader of the domain event log, feeding open
    /// streams.
    pub events: crate::events::EventFeed,
    /// The one client for calls to URLs users give (SSRF-safe).
    pub outbound: crate::outbound::Outbound,
    /// Attachment bytes.
    pub blobs: Arc<dyn crate::storage::BlobStore>,
    /// The movable clock of setting `test_clock` (debug builds only).
    pub test_clock: Option<ShiftedClock>,
    /// Each role's permission grants, as recently read.
    pub grants: crate::roles::matrix::GrantCache,
    /// How far running import commits have got.
    pub import_progress: crate::imports::progress::Progress,
}

/// The real time plus an offset that only moves forward: the clock of
/// setting `test_clock`, so browser tests can jump to "two hours later".
#[derive(Debug, Clone, Default)]
pub struct ShiftedClock {
    offset_seconds: Arc<std::sync::atomic::AtomicI64>,
}

impl ShiftedClock {
    /// Moves the clock `by` forward (a negative `by` is ignored).
    pub fn advance(&self, by: chrono::Duration) {
        self.offset_seconds
            .fetch_add(by.num_seconds().max(0), std::sync::atomic::Ordering::SeqCst);
    }
}

impl Clock for ShiftedClock {
    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        let offset = self
            .offset_seconds
            .load(std::sync::atomic::Ordering::SeqCst);
        chrono::Utc::now() + chrono::Duration::seconds(offset)
    }
}

/// The real clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        chrono::Utc::now()
    }
}
