//! Background job rules: the states a job goes through and when a failed
//! one is tried again.

use chrono::Duration;

/// Where a job is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobStatus {
    /// Waiting for its `run_at`.
    Queued,
    /// Claimed by a worker until its lease ends.
    Running,
    /// Finished; never runs again.
    Done,
    /// No longer needed (e.g. an SLA alert for a target already met); an
    /// equal job enqueued later runs again.
    Cancelled,
    /// Failed `max_attempts` times: kept with its last error for a person
    /// to look at (the dead letter).
    Dead,
}

impl JobStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            JobStatus::Queued => "queued",
            JobStatus::Running => "running",
            JobStatus::Done => "done",
            JobStatus::Cancelled => "cancelled",
            JobStatus::Dead => "dead",
        }
    }

    pub fn parse(text: &str) -> Option<JobStatus> {
        [
            JobStatus::Queued,
            JobStatus::Running,
            JobStatus::Done,
            JobStatus::Cancelled,
            JobStatus::Dead,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }
}

/// Attempts before a job goes to the dead letter.
pub const DEFAULT_MAX_ATTEMPTS: i32 = 8;

/// The first retry's delay; each later one doubles it.
const FIRST_RETRY: Duration = Duration::seconds(30);

/// No retry waits longer than this.
const LONGEST_RETRY: Duration = Duration::hours(1);

/// The wait before the next try of a job that has failed `attempts` times
/// (30 s, 1 min, 2 min, … capped at one hour): quick recovery from a blip,
/// no hammering of a server that is down.
pub fn backoff(attempts: i32) -> Duration {
    let doublings = attempts.saturating_sub(1).clamp(0, 20);
    let wait = FIRST_RETRY * 2_i32.pow(doublings.unsigned_abs());
    wait.min(LONGEST_RETRY)
}

/// What to do with a job that failed its `attempts`-th try.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterFailure {
    RetryIn(Duration),
    GiveUp,
}

pub fn after_failure(attempts: i32, max_attempts: i32) -> AfterFailure {
    if attempts >= max_attempts {
        AfterFailure::GiveUp
    } else {
        AfterFailure::RetryIn(backoff(attempts))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_thirty_seconds_up_to_an_hour() {
        assert_eq!(backoff(1), Duration::seconds(30));
        assert_eq!(backoff(2), Duration::seconds(60));
        assert_eq!(backoff(3), Duration::seconds(120));
        assert_eq!(backoff(7), Duration::seconds(30 * 64));
        assert_eq!(backoff(8), Duration::hours(1));
        assert_eq!(backoff(1_000), Duration::hours(1));
        assert_eq!(backoff(0), Duration::seconds(30));
        assert_eq!(backoff(-5), Duration::seconds(30));
    }

    #[test]
    fn backoff_never_shrinks() {
        for attempts in 1..50 {
            assert!(backoff(attempts + 1) >= backoff(attempts), "{attempts}");
        }
    }

    #[test]
    fn a_job_gives_up_after_its_last_attempt() {
        assert_eq!(
            after_failure(1, 3),
            AfterFailure::RetryIn(Duration::seconds(30))
        );
        assert_eq!(
            after_failure(2, 3),
            AfterFailure::RetryIn(Duration::seconds(60))
        );
        assert_eq!(after_failure(3, 3), AfterFailure::GiveUp);
        assert_eq!(after_failure(9, 3), AfterFailure::GiveUp);
    }

    #[test]
    fn statuses_round_trip() {
        for s in ["queued", "running", "done", "cancelled", "dead"] {
            assert_eq!(JobStatus::parse(s).map(JobStatus::as_str), Some(s));
        }
        assert_eq!(JobStatus::parse("finished"), None);
    }
}
