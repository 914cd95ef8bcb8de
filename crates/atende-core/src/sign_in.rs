//! Sign-in rules: when repeated failures lock an account, how long tokens
//! and challenges live, and which TOTP steps may still be accepted.

use chrono::{DateTime, Duration, Utc};

/// Failed attempts (password or MFA code) that lock the account.
pub const MAX_FAILURES: i32 = 5;

/// How long a locked account stays locked.
pub fn lock_duration() -> Duration {
    Duration::minutes(15)
}

/// Lifetime of an access token (JWT). Short, because the session behind it
/// is checked on every request anyway; it bounds what a leaked token is
/// worth.
pub fn access_token_lifetime() -> Duration {
    Duration::minutes(15)
}

/// Absolute lifetime of a session, however often it is refreshed.
pub fn session_lifetime() -> Duration {
    Duration::days(30)
}

/// Lifetime of the MFA challenge handed out after a correct password.
pub fn mfa_challenge_lifetime() -> Duration {
    Duration::minutes(5)
}

/// Lifetime of an invitation link.
pub fn invitation_lifetime() -> Duration {
    Duration::days(7)
}

/// Lifetime of a password-reset link: long enough to reach the mailbox,
/// short enough that an old e-mail found later is worth nothing.
pub fn password_reset_lifetime() -> Duration {
    Duration::minutes(30)
}

/// A second reset link for the same account within this time is not sent:
/// the button pressed twice, or someone filling a stranger's mailbox.
pub fn password_reset_resend_interval() -> Duration {
    Duration::minutes(2)
}

/// Whether a reset link may be sent now, given when the last one went out.
pub fn may_send_password_reset(last_sent: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    last_sent.is_none_or(|at| now - at >= password_reset_resend_interval())
}

/// The state kept per account between attempts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attempts {
    pub failures: i32,
    pub locked_until: Option<DateTime<Utc>>,
}

impl Attempts {
    /// Whether sign-in is refused outright at `now`.
    pub fn is_locked(&self, now: DateTime<Utc>) -> bool {
        self.locked_until.is_some_and(|until| now < until)
    }

    /// The state after one more failure at `now`. The fifth consecutive
    /// failure locks the account and starts counting afresh.
    pub fn after_failure(self, now: DateTime<Utc>) -> Attempts {
        // A lock that has run out no longer counts.
        let failures = if self.locked_until.is_some_and(|until| now >= until) {
            1
        } else {
            self.failures + 1
        };
        if failures >= MAX_FAILURES {
            Attempts {
                failures: 0,
                locked_until: Some(now + lock_duration()),
            }
        } else {
            Attempts {
                failures,
                locked_until: self.locked_until.filter(|until| now < *until),
            }
        }
    }

    /// Whether this failure is the one that locked the account.
    pub fn just_locked(before: Attempts, after: Attempts, now: DateTime<Utc>) -> bool {
        !before.is_locked(now) && after.is_locked(now)
    }

    /// The state after a success.
    pub fn after_success() -> Attempts {
        Attempts {
            failures: 0,
            locked_until: None,
        }
    }
}

/// Whether a TOTP code matched at `step` may be accepted, given the last
/// step accepted for this user: each step at most once, and never an older
/// one (RFC 6238 §5.2).
pub fn totp_step_is_fresh(step: u64, last_accepted: Option<u64>) -> bool {
    last_accepted.is_none_or(|last| step > last)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_reset_link_is_not_sent_twice_within_the_interval() {
        let now = chrono::Utc::now();
        assert!(super::may_send_password_reset(None, now));
        assert!(!super::may_send_password_reset(
            Some(now - chrono::Duration::seconds(30)),
            now
        ));
        assert!(super::may_send_password_reset(
            Some(now - super::password_reset_resend_interval()),
            now
        ));
    }

    use chrono::TimeZone;

    use super::*;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, 12, 0, 0).unwrap()
    }

    #[test]
    fn the_fifth_failure_locks_for_fifteen_minutes() {
        let mut attempts = Attempts::after_success();
        for n in 1..MAX_FAILURES {
            let next = attempts.after_failure(t0());
            assert!(!next.is_locked(t0()), "locked after {n} failures");
            assert!(!Attempts::just_locked(attempts, next, t0()));
            attempts = next;
        }
        let locked = attempts.after_failure(t0());
        assert!(Attempts::just_locked(attempts, locked, t0()));
        assert!(locked.is_locked(t0() + Duration::minutes(14)));
        assert!(!locked.is_locked(t0() + Duration::minutes(15)));
    }

    #[test]
    fn failures_after_the_lock_expired_count_from_one() {
        let locked = Attempts {
            failures: 0,
            locked_until: Some(t0()),
        };
        let next = locked.after_failure(t0() + Duration::minutes(1));
        assert_eq!(next.failures, 1);
        assert_eq!(next.locked_until, None);
    }

    #[test]
    fn a_success_clears_the_count() {
        assert_eq!(Attempts::after_success().failures, 0);
        assert_eq!(Attempts::after_success().locked_until, None);
    }

    #[test]
    fn a_totp_step_is_accepted_once_and_never_an_older_one() {
        assert!(totp_step_is_fresh(100, None));
        assert!(totp_step_is_fresh(101, Some(100)));
        assert!(!totp_step_is_fresh(100, Some(100)));
        assert!(!totp_step_is_fresh(99, Some(100)));
    }
}
