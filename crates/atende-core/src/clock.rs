//! Time as a dependency.
//!
//! Anything that depends on "now" (SLA due dates, lockouts, token expiry,
//! reopen windows) asks a [`Clock`] instead of reading the system time, so
//! tests can set the time instead of sleeping.

use std::sync::{Arc, RwLock};

use chrono::{DateTime, Duration, Utc};

/// A source of the current instant.
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// The current instant, in UTC.
    fn now(&self) -> DateTime<Utc>;
}

/// A clock that only moves when told to. Used by tests and by the test-only
/// clock setting; cheap to clone, every clone shares the same time.
#[derive(Debug, Clone)]
pub struct ManualClock {
    now: Arc<RwLock<DateTime<Utc>>>,
}

impl ManualClock {
    /// A clock frozen at `start`.
    pub fn new(start: DateTime<Utc>) -> Self {
        Self {
            now: Arc::new(RwLock::new(start)),
        }
    }

    /// Sets the clock to `instant` (it may move backwards, as a test needs).
    pub fn set(&self, instant: DateTime<Utc>) {
        // A poisoned lock only means another test thread panicked while
        // holding it; the stored instant is still a valid value.
        let mut guard = self.now.write().unwrap_or_else(|e| e.into_inner());
        *guard = instant;
    }

    /// Moves the clock forward by `by`.
    pub fn advance(&self, by: Duration) {
        let mut guard = self.now.write().unwrap_or_else(|e| e.into_inner());
        *guard += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.now.read().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn start() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 2, 16, 11, 0, 0)
            .single()
            .unwrap_or_default()
    }

    #[test]
    fn a_manual_clock_stays_where_it_was_set() {
        let clock = ManualClock::new(start());
        assert_eq!(clock.now(), start());
        assert_eq!(clock.now(), start());
    }

    #[test]
    fn advancing_a_clone_moves_every_clone() {
        let clock = ManualClock::new(start());
        let other = clock.clone();
        other.advance(Duration::minutes(90));
        assert_eq!(clock.now(), start() + Duration::minutes(90));
        clock.set(start());
        assert_eq!(other.now(), start());
    }
}
