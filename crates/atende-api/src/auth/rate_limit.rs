//! Per-address rate limit of sign-in and MFA attempts (GCRA, `governor`).
//! It complements the per-account lockout: the lockout stops guessing one
//! account's password, this stops one address from trying many accounts.

use std::{hash::Hash, net::IpAddr, num::NonZeroU32, sync::Arc};

use governor::{
    DefaultKeyedRateLimiter, Quota, RateLimiter,
    clock::{Clock, DefaultClock},
};

use crate::error::ApiError;

/// Attempts per key (an address; a user for password confirmations);
/// shared by all workers.
#[derive(Clone)]
pub struct AuthRateLimiter<K: Hash + Eq + Clone = IpAddr> {
    limiter: Arc<DefaultKeyedRateLimiter<K>>,
}

impl<K: Hash + Eq + Clone> std::fmt::Debug for AuthRateLimiter<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuthRateLimiter(..)")
    }
}

impl<K: Hash + Eq + Clone> AuthRateLimiter<K> {
    /// Allows `per_minute` attempts a minute, all of them in a burst.
    pub fn new(per_minute: u32) -> Self {
        let per_minute = NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN);
        Self {
            limiter: Arc::new(RateLimiter::keyed(Quota::per_minute(per_minute))),
        }
    }

    /// Counts one attempt from `key`, or answers 429 with the wait.
    pub fn check(&self, key: Option<K>) -> Result<(), ApiError> {
        // No peer address (a Unix socket): nothing to key on.
        let Some(ip) = key else { return Ok(()) };
        if self.limiter.len() > 10_000 {
            self.shrink();
        }
        self.limiter.check_key(&ip).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            ApiError::TooManyRequests {
                retry_after_secs: wait.as_secs() + u64::from(wait.subsec_nanos() > 0),
            }
        })
    }

    /// Forgets addresses that are back to a full allowance.
    fn shrink(&self) {
        self.limiter.retain_recent();
    }
}
