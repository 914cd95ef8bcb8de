//! Outbound webhooks: which endpoint gets which event, what it is sent,
//! and what happens after each attempt. The server signs and sends (per
//! the Standard Webhooks specification); these functions decide.

use chrono::Duration;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::events::{DomainEvent, EventKind, Visibility};

named_enum! {
    /// What an endpoint may be told.
    EndpointLevel {
        /// Only what the company's clients could see themselves.
        Public = "public",
        /// Staff-only events too (internal notes, SLA alerts, internal
        /// changes): an explicit choice for the consultancy's own tools.
        Staff = "staff",
    }
}

named_enum! {
    /// Where a delivery stands.
    DeliveryStatus {
        /// Waiting for its first or next attempt.
        Pending = "pending",
        /// The receiver answered 2xx.
        Delivered = "delivered",
        /// Every attempt failed (about 3 days), or the endpoint is gone.
        Dead = "dead",
    }
}

/// The type of the test message an administrator sends from the screen.
pub const TEST_EVENT_TYPE: &str = "webhook.test";

/// The event types an endpoint may subscribe to: every kind but a user's
/// own notifications.
pub fn subscribable() -> impl Iterator<Item = EventKind> {
    EventKind::ALL
        .iter()
        .copied()
        .filter(|k| *k != EventKind::NotificationsChanged)
}

/// What an endpoint listens to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointFilter {
    pub event_types: Vec<EventKind>,
    pub level: EndpointLevel,
    /// Only this company's events.
    pub company: Option<Uuid>,
    /// The consultancy owning the endpoint: only its companies' events.
    /// `None` for an installation-wide endpoint (an administrator's).
    pub consultancy: Option<Uuid>,
}

/// Whether the endpoint gets `event`, whose company belongs to
/// `event_consultancy` (the company's consultancy, or itself when it is
/// one). Events of no company (user changes) reach installation-wide
/// endpoints only.
pub fn wants(
    filter: &EndpointFilter,
    event: &DomainEvent,
    event_consultancy: Option<Uuid>,
) -> bool {
    let visible = match event.visibility {
        Visibility::Public => true,
        Visibility::Staff => filter.level == EndpointLevel::Staff,
        Visibility::Recipient => false,
    };
    visible
        && filter.event_types.contains(&event.kind)
        && filter
            .company
            .is_none_or(|company| event.company_id == Some(company))
        && filter
            .consultancy
            .is_none_or(|consultancy| event_consultancy == Some(consultancy))
}

/// The versioned payload (`{type, timestamp, data}`): thin — ids, the
/// changed fields, and what the subject looks like now (`snapshot`, e.g.
/// a ticket's number, status, assignee and version).
pub fn payload(event: &DomainEvent, event_id: i64, snapshot: &Value) -> Value {
    let mut data = json!({
        "event_id": event_id,
        "subject": { "type": event.subject.as_str(), "id": event.subject_id },
        "company_id": event.company_id,
        "performer": { "kind": event.performer.kind.as_str(), "id": event.performer.id },
        "changes": event.changes.iter().map(|c| json!({
            "field": c.field, "old": c.old, "new": c.new,
        })).collect::<Vec<_>>(),
    });
    if let (Value::Object(data), Value::Object(extra)) = (&mut data, snapshot) {
        for (key, value) in extra {
            data.entry(key.clone()).or_insert_with(|| value.clone());
        }
    }
    json!({
        "type": event.kind.as_str(),
        "timestamp": event.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "version": 1,
        "data": data,
    })
}

/// The waits between attempts: 10 attempts over about three days.
pub const RETRY_DELAYS: [i64; 9] = [10, 60, 300, 1_800, 7_200, 21_600, 43_200, 86_400, 86_400];

/// What an attempt's answer means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttemptOutcome {
    Delivered,
    /// Try again later (any other status, a timeout, no connection).
    Retry,
    /// 410 Gone: the receiver asks never to be called again.
    Gone,
}

pub fn outcome(status: Option<u16>) -> AttemptOutcome {
    match status {
        Some(200..=299) => AttemptOutcome::Delivered,
        Some(410) => AttemptOutcome::Gone,
        _ => AttemptOutcome::Retry,
    }
}

/// When to try again after `attempts` failed attempts, with `jitter` in
/// [0, 1) spreading retries ±20% so a receiver coming back is not hit by
/// every delivery at once; `None` when the delivery is dead.
pub fn next_attempt(attempts: u32, jitter: f64) -> Option<Duration> {
    let index = usize::try_from(attempts.checked_sub(1)?).ok()?;
    let base = *RETRY_DELAYS.get(index)?;
    let factor = 0.8 + 0.4 * jitter.clamp(0.0, 1.0);
    Some(Duration::milliseconds(
        (base as f64 * 1000.0 * factor) as i64,
    ))
}

/// Consecutive failed attempts (across deliveries) after which an endpoint
/// is paused until its owner looks at it.
pub const BREAKER_THRESHOLD: i32 = 25;

/// Whether an endpoint with `consecutive_failures` must be paused.
pub fn breaks(consecutive_failures: i32) -> bool {
    consecutive_failures >= BREAKER_THRESHOLD
}

/// How long a rotated-out secret keeps signing beside the new one.
pub fn rotation_overlap() -> Duration {
    Duration::hours(24)
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::events::{self, Performer, TicketFields};
    use crate::tickets::TicketStatus;

    fn ticket(company: u128) -> TicketFields {
        TicketFields {
            id: Uuid::from_u128(1),
            company_id: Uuid::from_u128(company),
            subject: "Boleto".into(),
            status: TicketStatus::Open,
            priority: "normal".into(),
            assignee_id: None,
            team_id: None,
            category_id: None,
            tags: Vec::new(),
        }
    }

    fn at() -> chrono::DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, 12, 0, 0).unwrap()
    }

    fn filter(level: EndpointLevel) -> EndpointFilter {
        EndpointFilter {
            event_types: vec![EventKind::TicketPublicReply, EventKind::TicketInternalNote],
            level,
            company: None,
            consultancy: Some(Uuid::from_u128(50)),
        }
    }

    #[test]
    fn internal_notes_reach_only_staff_level_endpoints() {
        let t = ticket(10);
        let note = events::ticket_message(&t, Uuid::nil(), true, Performer::SYSTEM, at());
        let reply = events::ticket_message(&t, Uuid::nil(), false, Performer::SYSTEM, at());
        let ours = Some(Uuid::from_u128(50));
        assert!(!wants(&filter(EndpointLevel::Public), &note, ours));
        assert!(wants(&filter(EndpointLevel::Public), &reply, ours));
        assert!(wants(&filter(EndpointLevel::Staff), &note, ours));
    }

    #[test]
    fn an_endpoint_hears_only_its_consultancy_its_company_and_its_types() {
        let t = ticket(10);
        let reply = events::ticket_message(&t, Uuid::nil(), false, Performer::SYSTEM, at());
        let f = filter(EndpointLevel::Staff);
        assert!(
            !wants(&f, &reply, Some(Uuid::from_u128(60))),
            "another consultancy"
        );
        assert!(!wants(&f, &reply, None), "a company of no consultancy");
        let mut only = f.clone();
        only.company = Some(Uuid::from_u128(11));
        assert!(
            !wants(&only, &reply, Some(Uuid::from_u128(50))),
            "another company"
        );
        only.company = Some(Uuid::from_u128(10));
        assert!(wants(&only, &reply, Some(Uuid::from_u128(50))));
        let created = events::ticket_created(&t, Performer::SYSTEM, at());
        assert!(
            !wants(&f, &created[0], Some(Uuid::from_u128(50))),
            "not subscribed"
        );
        let everywhere = EndpointFilter {
            consultancy: None,
            ..f
        };
        assert!(wants(&everywhere, &reply, Some(Uuid::from_u128(60))));
        let mine = events::notifications_changed(Uuid::from_u128(7), at());
        let all = EndpointFilter {
            event_types: EventKind::ALL.to_vec(),
            level: EndpointLevel::Staff,
            company: None,
            consultancy: None,
        };
        assert!(
            !wants(&all, &mine, None),
            "a user's notifications are theirs"
        );
        assert!(subscribable().all(|k| k != EventKind::NotificationsChanged));
    }

    #[test]
    fn the_payload_is_thin_and_versioned() {
        let t = ticket(10);
        let mut after = t.clone();
        after.status = TicketStatus::Pending;
        let changed = events::ticket_changed(&t, &after, Performer::SYSTEM, at());
        let snapshot = json!({ "ticket": { "number": 7 }, "subject": "overridden?" });
        let body = payload(&changed[0], 42, &snapshot);
        assert_eq!(body["type"], "ticket.updated");
        assert_eq!(body["timestamp"], "2026-03-02T12:00:00Z");
        assert_eq!(body["version"], 1);
        assert_eq!(body["data"]["event_id"], 42);
        assert_eq!(
            body["data"]["subject"]["id"],
            Uuid::from_u128(1).to_string()
        );
        assert_eq!(body["data"]["changes"][0]["field"], "status");
        assert_eq!(body["data"]["changes"][0]["new"], "pending");
        assert_eq!(body["data"]["ticket"]["number"], 7);
        assert_eq!(
            body["data"]["subject"]["type"], "ticket",
            "the snapshot adds, never replaces"
        );
    }

    #[test]
    fn attempts_retry_with_growing_jittered_waits_for_about_three_days_then_die() {
        assert_eq!(outcome(Some(204)), AttemptOutcome::Delivered);
        assert_eq!(outcome(Some(410)), AttemptOutcome::Gone);
        assert_eq!(outcome(Some(500)), AttemptOutcome::Retry);
        assert_eq!(outcome(Some(301)), AttemptOutcome::Retry);
        assert_eq!(outcome(None), AttemptOutcome::Retry);
        assert_eq!(next_attempt(1, 0.5), Some(Duration::seconds(10)));
        assert_eq!(next_attempt(1, 0.0), Some(Duration::seconds(8)));
        assert_eq!(next_attempt(1, 1.0), Some(Duration::seconds(12)));
        let total: i64 = (1..=9)
            .map(|n| next_attempt(n, 0.5).unwrap().num_seconds())
            .sum();
        assert!((2 * 86_400..4 * 86_400).contains(&total), "{total}");
        assert_eq!(next_attempt(10, 0.5), None);
        assert_eq!(next_attempt(0, 0.5), None);
        assert!(!breaks(BREAKER_THRESHOLD - 1));
        assert!(breaks(BREAKER_THRESHOLD));
    }
}
