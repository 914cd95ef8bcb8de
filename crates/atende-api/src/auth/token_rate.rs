//! A budget of requests per API token and minute, so one integrator's
//! runaway loop cannot starve the others: every answer to a token carries
//! `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` (seconds
//! until the budget is full again), and a request over budget is a 429
//! with `Retry-After`. Sessions of people in the browser are not counted.
//! The budget is per process (each replica of a multi-process
//! installation counts its own).

use std::{num::NonZeroU32, sync::Arc};

use actix_web::{
    Error,
    body::{EitherBody, MessageBody},
    dev::{ServiceRequest, ServiceResponse},
    http::header::{self, HeaderName, HeaderValue},
    middleware::Next,
    web,
};
use governor::{
    Quota, RateLimiter,
    clock::{Clock, DefaultClock},
    middleware::StateInformationMiddleware,
    state::keyed::DefaultKeyedStateStore,
};
use sha2::{Digest, Sha256};

use super::actor::API_TOKEN_PREFIX;
use crate::{error::ApiError, state::AppState};

type Limiter = RateLimiter<
    [u8; 32],
    DefaultKeyedStateStore<[u8; 32]>,
    DefaultClock,
    StateInformationMiddleware,
>;

/// The per-token budgets of this process.
#[derive(Clone)]
pub struct TokenRateLimiter {
    limiter: Arc<Limiter>,
    per_minute: u32,
}

impl std::fmt::Debug for TokenRateLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TokenRateLimiter({}/min)", self.per_minute)
    }
}

impl TokenRateLimiter {
    pub fn new(per_minute: u32) -> Self {
        let per_minute = NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN);
        Self {
            limiter: Arc::new(
                RateLimiter::keyed(Quota::per_minute(per_minute))
                    .with_middleware::<StateInformationMiddleware>(),
            ),
            per_minute: per_minute.get(),
        }
    }

    /// Seconds until `used` requests of the budget have come back.
    fn refill_secs(&self, used: u32) -> u64 {
        (u64::from(used) * 60).div_ceil(u64::from(self.per_minute))
    }
}

fn set(headers: &mut header::HeaderMap, name: &'static str, value: u64) {
    if let Ok(value) = HeaderValue::from_str(&value.to_string()) {
        headers.insert(HeaderName::from_static(name), value);
    }
}

/// The middleware.
pub async fn limit_api_tokens(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    let token = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .filter(|t| t.starts_with(API_TOKEN_PREFIX))
        .map(|t| <[u8; 32]>::from(Sha256::digest(t.as_bytes())));
    let limiter = req
        .app_data::<web::Data<AppState>>()
        .map(|s| s.token_limiter.clone());
    let (Some(key), Some(limiter)) = (token, limiter) else {
        return Ok(next.call(req).await?.map_into_left_body());
    };
    if limiter.limiter.len() > 10_000 {
        limiter.limiter.retain_recent();
    }
    let limit = u64::from(limiter.per_minute);
    match limiter.limiter.check_key(&key) {
        Ok(snapshot) => {
            let remaining = snapshot.remaining_burst_capacity();
            let mut response = next.call(req).await?;
            let headers = response.headers_mut();
            set(headers, "ratelimit-limit", limit);
            set(headers, "ratelimit-remaining", u64::from(remaining));
            set(
                headers,
                "ratelimit-reset",
                limiter.refill_secs(limiter.per_minute - remaining),
            );
            Ok(response.map_into_left_body())
        }
        Err(not_until) => {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            let retry_after_secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            let mut response = req.error_response(ApiError::TooManyRequests { retry_after_secs });
            let headers = response.headers_mut();
            set(headers, "ratelimit-limit", limit);
            set(headers, "ratelimit-remaining", 0);
            set(headers, "ratelimit-reset", retry_after_secs);
            Ok(response.map_into_right_body())
        }
    }
}
