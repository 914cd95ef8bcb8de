//! SLA policies and the per-ticket SLA clock.
//!
//! A policy is chosen once per ticket: the first, in the administrator's
//! order, whose conditions all match. Its targets (first response,
//! next response, resolution) are business minutes on a calendar. Each
//! target has a [`TargetClock`] that runs while the ticket is worked and
//! pauses while it waits on the customer; a priority or category change
//! picks the policy again and keeps the business time already elapsed.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{
    calendar::BusinessCalendar,
    sla_clock::{add_business_minutes, business_duration},
    tickets::Priority,
};

/// When a policy applies. Empty lists and `None` match anything.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Conditions {
    /// `consultancy`'s clients of these consultancies…
    #[serde(default)]
    pub consultancy_ids: Vec<Uuid>,
    /// …or these companies…
    #[serde(default)]
    pub company_ids: Vec<Uuid>,
    /// …in these segments (the client type).
    #[serde(default)]
    pub segment_ids: Vec<Uuid>,
    #[serde(default)]
    pub category_ids: Vec<Uuid>,
    #[serde(default)]
    pub priorities: Vec<Priority>,
}

/// What a ticket is, for matching.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TicketFacts {
    pub company_id: Uuid,
    pub consultancy_id: Option<Uuid>,
    pub segment_id: Option<Uuid>,
    pub category_id: Option<Uuid>,
    pub priority: Priority,
}

fn matches_one<T: PartialEq>(allowed: &[T], value: Option<&T>) -> bool {
    allowed.is_empty() || value.is_some_and(|v| allowed.contains(v))
}

impl Conditions {
    /// Whether every condition holds for `facts`.
    pub fn matches(&self, facts: &TicketFacts) -> bool {
        matches_one(&self.consultancy_ids, facts.consultancy_id.as_ref())
            && matches_one(&self.company_ids, Some(&facts.company_id))
            && matches_one(&self.segment_ids, facts.segment_id.as_ref())
            && matches_one(&self.category_ids, facts.category_id.as_ref())
            && matches_one(&self.priorities, Some(&facts.priority))
    }
}

/// The targets of a policy, in business minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Targets {
    pub first_response: Option<i64>,
    pub next_response: Option<i64>,
    pub resolution: Option<i64>,
}

/// The first policy (in order) whose conditions match.
pub fn select<'a, P>(
    policies: &'a [P],
    conditions: impl Fn(&P) -> &Conditions,
    facts: &TicketFacts,
) -> Option<&'a P> {
    policies.iter().find(|p| conditions(p).matches(facts))
}

/// Where a target stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlaState {
    /// Running, below the warning share.
    Ok,
    /// Running, past the warning share.
    AtRisk,
    /// Past the target.
    Breached,
    /// Done in time.
    Met,
    /// Waiting on the customer.
    Paused,
}

impl SlaState {
    pub fn as_str(self) -> &'static str {
        match self {
            SlaState::Ok => "ok",
            SlaState::AtRisk => "at_risk",
            SlaState::Breached => "breached",
            SlaState::Met => "met",
            SlaState::Paused => "paused",
        }
    }
}

/// One target's clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetClock {
    pub target_minutes: i64,
    /// Business time counted before `running_since` (or in total when
    /// paused or stopped).
    pub elapsed_seconds: i64,
    /// Running since this instant; `None` when paused or stopped.
    pub running_since: Option<DateTime<Utc>>,
    /// When the target was met (stopped for good).
    pub met_at: Option<DateTime<Utc>>,
    /// Whether the target was missed when it stopped.
    pub breached_when_met: bool,
}

impl TargetClock {
    /// A clock for `target_minutes`, running from `now`.
    pub fn start(target_minutes: i64, now: DateTime<Utc>) -> Self {
        Self {
            target_minutes,
            elapsed_seconds: 0,
            running_since: Some(now),
            met_at: None,
            breached_when_met: false,
        }
    }

    /// Business time counted up to `now`.
    pub fn elapsed(&self, calendar: &BusinessCalendar, now: DateTime<Utc>) -> Duration {
        let before = Duration::seconds(self.elapsed_seconds);
        match self.running_since {
            Some(since) if now > since => before + business_duration(calendar, since, now),
            _ => before,
        }
    }

    /// The instant the target falls due if the clock keeps running; `None`
    /// while paused or once met.
    pub fn due(&self, calendar: &BusinessCalendar) -> Option<DateTime<Utc>> {
        let since = self.running_since?;
        let left = Duration::minutes(self.target_minutes) - Duration::seconds(self.elapsed_seconds);
        if left <= Duration::zero() {
            // Already past: the due instant was when it crossed the target.
            return Some(since);
        }
        let whole = left.num_minutes();
        let rest = left - Duration::minutes(whole);
        Some(add_business_minutes(calendar, since, whole) + rest)
    }

    /// The instant the clock reaches `warn_percent` of its target if it
    /// keeps running (already past: when it was crossed, at the latest
    /// `running_since`); `None` while paused or once met.
    pub fn warn_at(&self, calendar: &BusinessCalendar, warn_percent: u8) -> Option<DateTime<Utc>> {
        let since = self.running_since?;
        let warn_seconds = self.target_minutes * 60 * i64::from(warn_percent) / 100;
        let left = warn_seconds - self.elapsed_seconds;
        if left <= 0 {
            return Some(since);
        }
        let whole = left / 60;
        Some(add_business_minutes(calendar, since, whole) + Duration::seconds(left % 60))
    }

    /// Business time left at `now` (negative once breached).
    pub fn remaining(&self, calendar: &BusinessCalendar, now: DateTime<Utc>) -> Duration {
        Duration::minutes(self.target_minutes) - self.elapsed(calendar, now)
    }

    /// The state at `now`, warning at `warn_percent` of the target.
    pub fn state(
        &self,
        calendar: &BusinessCalendar,
        now: DateTime<Utc>,
        warn_percent: u8,
    ) -> SlaState {
        if self.met_at.is_some() {
            return if self.breached_when_met {
                SlaState::Breached
            } else {
                SlaState::Met
            };
        }
        let elapsed = self.elapsed(calendar, now);
        let target = Duration::minutes(self.target_minutes);
        if elapsed >= target {
            SlaState::Breached
        } else if self.running_since.is_none() {
            SlaState::Paused
        } else if elapsed * 100 >= target * i32::from(warn_percent) {
            SlaState::AtRisk
        } else {
            SlaState::Ok
        }
    }

    /// Stops counting (the ticket waits on the customer).
    pub fn pause(&mut self, calendar: &BusinessCalendar, now: DateTime<Utc>) {
        if self.running_since.is_some() {
            self.elapsed_seconds = self.elapsed(calendar, now).num_seconds();
            self.running_since = None;
        }
    }

    /// Counts again from `now`.
    pub fn resume(&mut self, now: DateTime<Utc>) {
        if self.running_since.is_none() && self.met_at.is_none() {
            self.running_since = Some(now);
        }
    }

    /// The target is done (first response sent, ticket solved).
    pub fn meet(&mut self, calendar: &BusinessCalendar, now: DateTime<Utc>) {
        if self.met_at.is_none() {
            let elapsed = self.elapsed(calendar, now);
            self.breached_when_met = elapsed > Duration::minutes(self.target_minutes);
            self.elapsed_seconds = elapsed.num_seconds();
            self.running_since = None;
            self.met_at = Some(now);
        }
    }

    /// A new target (another policy after a priority or category change),
    /// keeping the business time already elapsed.
    pub fn retarget(&mut self, target_minutes: i64) {
        self.target_minutes = target_minutes;
    }
}

/// Where a ticket stands against its SLA, for reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlaOutcome {
    /// Every target met in time.
    Met,
    /// A target missed (met late, or past due and still open).
    Breached,
    /// Targets still running within their time.
    InProgress,
}

/// The outcome of a ticket with these target clocks; `past_due` says a
/// running target is past its due instant now (known from the stored due
/// time, so no calendar is needed).
pub fn outcome(targets: &[TargetClock], past_due: bool) -> SlaOutcome {
    if past_due || targets.iter().any(|t| t.breached_when_met) {
        SlaOutcome::Breached
    } else if targets.iter().all(|t| t.met_at.is_some()) {
        SlaOutcome::Met
    } else {
        SlaOutcome::InProgress
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn sp(d: u32, h: u32, m: u32) -> DateTime<Utc> {
        chrono_tz::America::Sao_Paulo
            .with_ymd_and_hms(2026, 3, d, h, m, 0)
            .single()
            .unwrap()
            .with_timezone(&Utc)
    }

    fn facts(priority: Priority) -> TicketFacts {
        TicketFacts {
            company_id: Uuid::from_u128(1),
            consultancy_id: Some(Uuid::from_u128(10)),
            segment_id: Some(Uuid::from_u128(20)),
            category_id: None,
            priority,
        }
    }

    #[test]
    fn the_first_matching_policy_wins() {
        let urgent = Conditions {
            priorities: vec![Priority::Urgent],
            ..Conditions::default()
        };
        let segment = Conditions {
            segment_ids: vec![Uuid::from_u128(20)],
            ..Conditions::default()
        };
        let category = Conditions {
            category_ids: vec![Uuid::from_u128(99)],
            ..Conditions::default()
        };
        let fallback = Conditions::default();
        let policies = [
            ("urgent", urgent),
            ("category", category),
            ("segment", segment),
            ("fallback", fallback),
        ];
        let pick = |p: Priority| select(&policies, |(_, c)| c, &facts(p)).map(|(n, _)| *n);
        assert_eq!(pick(Priority::Urgent), Some("urgent"));
        // No category: a category condition does not match.
        assert_eq!(pick(Priority::Low), Some("segment"));
        assert_eq!(
            select(&policies[1..2], |(_, c)| c, &facts(Priority::Low)),
            None
        );
    }

    #[test]
    fn a_running_clock_warns_then_breaches() {
        let cal = BusinessCalendar::brazil_office();
        let clock = TargetClock::start(240, sp(2, 9, 0));
        assert_eq!(clock.due(&cal), Some(sp(2, 14, 0)), "lunch skipped");
        assert_eq!(clock.state(&cal, sp(2, 11, 0), 80), SlaState::Ok);
        assert_eq!(clock.state(&cal, sp(2, 13, 15), 80), SlaState::AtRisk);
        assert_eq!(clock.state(&cal, sp(2, 14, 0), 80), SlaState::Breached);
        assert_eq!(clock.remaining(&cal, sp(2, 15, 0)), Duration::minutes(-60));
    }

    #[test]
    fn the_warning_instant_is_the_share_of_the_target_in_business_time() {
        let cal = BusinessCalendar::brazil_office();
        let mut clock = TargetClock::start(240, sp(2, 9, 0));
        // 80% of 4 h = 192 min: 09:00–12:00 is 180, then 12 min after lunch.
        assert_eq!(clock.warn_at(&cal, 80), Some(sp(2, 13, 12)));
        assert_eq!(clock.state(&cal, sp(2, 13, 11), 80), SlaState::Ok);
        assert_eq!(clock.state(&cal, sp(2, 13, 12), 80), SlaState::AtRisk);
        clock.pause(&cal, sp(2, 10, 0));
        assert_eq!(clock.warn_at(&cal, 80), None);
        clock.resume(sp(3, 9, 0));
        // 60 min used; 132 more from 09:00 on the 3rd.
        assert_eq!(clock.warn_at(&cal, 80), Some(sp(3, 11, 12)));
        clock.meet(&cal, sp(3, 10, 0));
        assert_eq!(clock.warn_at(&cal, 80), None);
    }

    #[test]
    fn outcomes_for_reports() {
        let cal = BusinessCalendar::brazil_office();
        let mut on_time = TargetClock::start(60, sp(2, 9, 0));
        on_time.meet(&cal, sp(2, 9, 30));
        let mut late = TargetClock::start(60, sp(2, 9, 0));
        late.meet(&cal, sp(2, 11, 0));
        let running = TargetClock::start(240, sp(2, 9, 0));
        assert_eq!(outcome(&[on_time], false), SlaOutcome::Met);
        assert_eq!(outcome(&[on_time, late], false), SlaOutcome::Breached);
        assert_eq!(outcome(&[on_time, running], false), SlaOutcome::InProgress);
        assert_eq!(outcome(&[on_time, running], true), SlaOutcome::Breached);
    }

    #[test]
    fn a_warning_already_passed_is_due_at_once() {
        let cal = BusinessCalendar::brazil_office();
        let mut clock = TargetClock::start(60, sp(2, 9, 0));
        clock.pause(&cal, sp(2, 9, 55));
        clock.resume(sp(2, 10, 30));
        assert_eq!(clock.warn_at(&cal, 80), Some(sp(2, 10, 30)));
    }

    #[test]
    fn pausing_stops_the_clock_and_resuming_pushes_the_due_date() {
        let cal = BusinessCalendar::brazil_office();
        let mut clock = TargetClock::start(240, sp(2, 9, 0));
        clock.pause(&cal, sp(2, 10, 0));
        assert_eq!(clock.state(&cal, sp(3, 17, 0), 80), SlaState::Paused);
        assert_eq!(clock.due(&cal), None);
        clock.resume(sp(3, 9, 0));
        // One hour used on the 2nd, three left from 09:00 on the 3rd.
        assert_eq!(clock.due(&cal), Some(sp(3, 12, 0)));
        assert_eq!(clock.elapsed(&cal, sp(3, 10, 0)), Duration::hours(2));
    }

    #[test]
    fn a_new_priority_keeps_the_elapsed_business_time() {
        let cal = BusinessCalendar::brazil_office();
        let mut clock = TargetClock::start(480, sp(2, 9, 0));
        // Two business hours later the priority rises: 4 h target.
        clock.retarget(240);
        assert_eq!(clock.due(&cal), Some(sp(2, 14, 0)));
        assert_eq!(clock.state(&cal, sp(2, 11, 0), 80), SlaState::Ok);
    }

    #[test]
    fn meeting_freezes_the_outcome() {
        let cal = BusinessCalendar::brazil_office();
        let mut on_time = TargetClock::start(60, sp(2, 9, 0));
        on_time.meet(&cal, sp(2, 9, 30));
        assert_eq!(on_time.state(&cal, sp(9, 9, 0), 80), SlaState::Met);
        let mut late = TargetClock::start(60, sp(2, 9, 0));
        late.meet(&cal, sp(2, 11, 0));
        assert_eq!(late.state(&cal, sp(2, 11, 0), 80), SlaState::Breached);
        assert_eq!(late.due(&cal), None);
    }
}
