//! Per-address rate limit of sign-in and MFA attempts (GCRA, `governor`).
//! It complements the per-account lockout: the lockout stops guessing one
//! account's password, this stops one address from trying many accounts.

use std::{net::IpAddr, num::NonZeroU32, sync::Arc};

use governor::{
    DefaultKeyedRateLimiter, Quota, RateLimiter,
    clock::{Clock, DefaultClock},
};

use crate::error::ApiError;

/// Attempts per address; shared by all workers.
#[derive(Clone)]
pub struct AuthRateLimiter {
    limiter: Arc<DefaultKeyedRateLimiter<IpAddr>>,
}

impl std::fmt::Debug for AuthRateLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuthRateLimiter(..)")
    }
}

impl AuthRateLimiter {
    /// Allows `per_minute` attempts a minute, all of them in a burst.
    pub fn new(per_minute: u32) -> Self {
        let per_minute = NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN);
        Self {
            limiter: Arc::new(RateLimiter::keyed(Quota::per_minute(per_minute))),
        }
    }

    /// Counts one attempt from `ip`, or answers 429 with the wait.
    pub fn check(&self, ip: Option<IpAddr>) -> Result<(), ApiError> {
        // No peer address (a Unix socket): nothing to key on.
        let Some(ip) = ip else { return Ok(()) };
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
