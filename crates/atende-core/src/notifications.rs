//! Who is notified of what: the notifications subscriber reads the event
//! log, loads the people a change involves, and asks these functions who
//! hears of it and as what kind of notice.
//!
//! One change (the events one service step recorded together) gives each person at most one notice,
//! the most specific one: a newly assigned agent hears "assigned to you",
//! not also "status changed" (an SLA breach outranks even that); a reply that reopens a ticket is "reopened"
//! for its assignee and "replied" for everyone else involved. Nobody is
//! notified of their own change, except the requester's confirmation of a
//! new ticket (an e-mail "we received your ticket").

use uuid::Uuid;

use crate::events::{DomainEvent, EventKind, PerformerKind};
use crate::pending::PendingStatus;

named_enum! {
    /// The kinds of notice a user can receive, each switchable per user
    /// for e-mail and for the app.
    NotificationKind {
        /// The confirmation of one's own new ticket.
        Created = "created",
        Assigned = "assigned",
        Replied = "replied",
        /// `@handle` in an internal note.
        Mentioned = "mentioned",
        StatusChanged = "status_changed",
        Reopened = "reopened",
        SlaWarning = "sla_warning",
        SlaBreach = "sla_breach",
        /// A pending item awaits a supervisor's approval.
        PendingSubmitted = "pending_submitted",
        /// A pending item awaits the client's answer.
        PendingAwaitingClient = "pending_awaiting_client",
        PendingRefused = "pending_refused",
        PendingAnswered = "pending_answered",
        /// A pending item's answer is due soon (a scheduled reminder).
        PendingDueSoon = "pending_due_soon",
        /// An automation rule's "notify" action.
        Automation = "automation",
    }
}

/// Whether a user who chose nothing gets a kind by e-mail and in the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Switches {
    pub email: bool,
    pub in_app: bool,
}

impl NotificationKind {
    /// The kinds a user can switch (an automation's notice is the rule
    /// writer's choice, not the reader's).
    pub fn switchable() -> impl Iterator<Item = NotificationKind> {
        NotificationKind::ALL
            .iter()
            .copied()
            .filter(|k| *k != NotificationKind::Automation)
    }

    /// The defaults. The confirmation of one's own new ticket is an e-mail
    /// only: in the app the ticket is already on screen.
    pub fn default_switches(self) -> Switches {
        match self {
            NotificationKind::Created => Switches {
                email: true,
                in_app: false,
            },
            _ => Switches {
                email: true,
                in_app: true,
            },
        }
    }

    /// Which notice wins when one change would give a person several.
    fn rank(self) -> u8 {
        match self {
            NotificationKind::Created => 0,
            NotificationKind::SlaBreach => 1,
            NotificationKind::SlaWarning => 2,
            NotificationKind::Assigned => 3,
            NotificationKind::Reopened => 4,
            NotificationKind::Replied => 5,
            NotificationKind::Mentioned => 6,
            NotificationKind::StatusChanged => 7,
            _ => 8,
        }
    }
}

/// One person to notify.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Notice {
    pub user_id: Uuid,
    pub kind: NotificationKind,
}

/// The people a ticket involves, as they are when the change is read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TicketParties {
    pub requester: Option<Uuid>,
    pub assignee: Option<Uuid>,
    pub followers: Vec<Uuid>,
    /// Active staff named by `@handle` in the change's internal note.
    pub mentioned: Vec<Uuid>,
    /// Active supervisors of the company (and of its consultancy).
    pub supervisors: Vec<Uuid>,
    /// The ticket's SLA policy escalates a breach to the supervisors.
    pub breach_notifies_supervisors: bool,
}

/// The people a pending item involves.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PendingParties {
    pub operator: Option<Uuid>,
    /// Active supervisors of the company (and of its consultancy).
    pub supervisors: Vec<Uuid>,
    /// Active client users of the company.
    pub clients: Vec<Uuid>,
}

/// Splits a run of events from the log into changes: consecutive events
/// with the same `key` (the change they were recorded by).
pub fn split_changes<E, K: PartialEq>(events: &[E], key: impl Fn(&E) -> K) -> Vec<&[E]> {
    let mut groups = Vec::new();
    let mut start = 0;
    for i in 1..=events.len() {
        if i == events.len() || key(&events[i]) != key(&events[start]) {
            groups.push(&events[start..i]);
            start = i;
        }
    }
    groups
}

/// The user who made the change, if a person did.
fn performer_user(change: &[DomainEvent]) -> Option<Uuid> {
    change.first().and_then(|e| match e.performer.kind {
        PerformerKind::Agent | PerformerKind::Client => e.performer.id,
        _ => None,
    })
}

fn uuid_of(text: Option<&String>) -> Option<Uuid> {
    text.and_then(|t| Uuid::parse_str(t).ok())
}

/// Keeps each person's most specific notice, never the performer's own
/// (but the requester's confirmation).
fn settle(candidates: Vec<Notice>, me: Option<Uuid>) -> Vec<Notice> {
    let mut settled: Vec<Notice> = Vec::new();
    for notice in candidates {
        if Some(notice.user_id) == me && notice.kind != NotificationKind::Created {
            continue;
        }
        match settled.iter_mut().find(|n| n.user_id == notice.user_id) {
            Some(held) if notice.kind.rank() < held.kind.rank() => *held = notice,
            Some(_) => {}
            None => settled.push(notice),
        }
    }
    settled
}

/// The notices one change of a ticket gives.
pub fn ticket_notices(change: &[DomainEvent], parties: &TicketParties) -> Vec<Notice> {
    let me = performer_user(change);
    let mut involved: Vec<Uuid> = parties.requester.into_iter().collect();
    involved.extend(parties.assignee);
    involved.extend(parties.followers.iter().copied());
    let to = |people: &[Uuid], kind| {
        people
            .iter()
            .map(move |&user_id| Notice { user_id, kind })
            .collect::<Vec<_>>()
    };
    let mut candidates = Vec::new();
    for event in change {
        match event.kind {
            EventKind::TicketCreated => {
                candidates.extend(parties.requester.map(|user_id| Notice {
                    user_id,
                    kind: NotificationKind::Created,
                }));
            }
            EventKind::TicketAssigned => {
                let new = event
                    .changes
                    .iter()
                    .find(|c| c.field == "assignee_id")
                    .and_then(|c| uuid_of(c.new.as_ref()));
                candidates.extend(new.map(|user_id| Notice {
                    user_id,
                    kind: NotificationKind::Assigned,
                }));
            }
            EventKind::TicketReopened => {
                candidates.extend(to(
                    &parties.assignee.into_iter().collect::<Vec<_>>(),
                    NotificationKind::Reopened,
                ));
            }
            EventKind::TicketPublicReply => {
                candidates.extend(to(&involved, NotificationKind::Replied));
            }
            EventKind::TicketInternalNote => {
                candidates.extend(to(&parties.mentioned, NotificationKind::Mentioned));
            }
            EventKind::TicketStatusChanged => {
                // A reply or reopening already tells of the new status.
                let told = change.iter().any(|e| {
                    matches!(
                        e.kind,
                        EventKind::TicketPublicReply | EventKind::TicketReopened
                    )
                });
                if !told {
                    candidates.extend(to(&involved, NotificationKind::StatusChanged));
                }
            }
            EventKind::TicketSlaWarning | EventKind::TicketSlaBreach => {
                let breach = event.kind == EventKind::TicketSlaBreach;
                let kind = if breach {
                    NotificationKind::SlaBreach
                } else {
                    NotificationKind::SlaWarning
                };
                // An escalation that took the ticket from its agent still
                // tells that agent.
                let previous = change
                    .iter()
                    .filter(|e| e.kind == EventKind::TicketAssigned)
                    .flat_map(|e| &e.changes)
                    .find(|c| c.field == "assignee_id")
                    .and_then(|c| uuid_of(c.old.as_ref()));
                let mut people: Vec<Uuid> = previous.into_iter().collect();
                people.extend(parties.assignee);
                if people.is_empty() || (breach && parties.breach_notifies_supervisors) {
                    people.extend(parties.supervisors.iter().copied());
                }
                candidates.extend(to(&people, kind));
            }
            _ => {}
        }
    }
    settle(candidates, me)
}

/// The notices one change of a pending item gives: supervisors hear of a
/// submission, the client of an item awaiting them, the operator of a
/// refusal and of an answer.
pub fn pending_notices(change: &[DomainEvent], parties: &PendingParties) -> Vec<Notice> {
    let me = performer_user(change);
    let operator: Vec<Uuid> = parties.operator.into_iter().collect();
    let mut candidates = Vec::new();
    for event in change {
        let (people, kind) = match event.kind {
            EventKind::PendingItemAnswered => (&operator, NotificationKind::PendingAnswered),
            EventKind::PendingItemStep => {
                let to = event
                    .changes
                    .iter()
                    .find(|c| c.field == "status")
                    .and_then(|c| c.new.as_deref())
                    .and_then(PendingStatus::parse);
                match to {
                    Some(PendingStatus::AwaitingApproval) => {
                        (&parties.supervisors, NotificationKind::PendingSubmitted)
                    }
                    Some(PendingStatus::AwaitingClient) => {
                        (&parties.clients, NotificationKind::PendingAwaitingClient)
                    }
                    Some(PendingStatus::Refused) => (&operator, NotificationKind::PendingRefused),
                    _ => continue,
                }
            }
            _ => continue,
        };
        candidates.extend(people.iter().map(|&user_id| Notice { user_id, kind }));
    }
    settle(candidates, me)
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::events::{self, Performer, TicketFields};
    use crate::tickets::TicketStatus;

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    const REQUESTER: u128 = 1;
    const AGENT: u128 = 2;
    const FOLLOWER: u128 = 3;
    const SUPERVISOR: u128 = 4;
    const OTHER_AGENT: u128 = 5;

    fn agent(n: u128) -> Performer {
        Performer {
            kind: PerformerKind::Agent,
            id: Some(id(n)),
        }
    }

    fn client() -> Performer {
        Performer {
            kind: PerformerKind::Client,
            id: Some(id(REQUESTER)),
        }
    }

    fn ticket(status: TicketStatus, assignee: Option<u128>) -> TicketFields {
        TicketFields {
            id: id(100),
            company_id: id(200),
            subject: "Nota fiscal".into(),
            status,
            priority: "normal".into(),
            assignee_id: assignee.map(id),
            team_id: None,
            category_id: None,
            tags: Vec::new(),
        }
    }

    fn parties(assignee: Option<u128>) -> TicketParties {
        TicketParties {
            requester: Some(id(REQUESTER)),
            assignee: assignee.map(id),
            followers: vec![id(FOLLOWER)],
            mentioned: Vec::new(),
            supervisors: vec![id(SUPERVISOR)],
            breach_notifies_supervisors: false,
        }
    }

    fn sorted(mut notices: Vec<Notice>) -> Vec<(u128, NotificationKind)> {
        notices.sort_by_key(|n| n.user_id);
        notices
            .into_iter()
            .map(|n| (n.user_id.as_u128(), n.kind))
            .collect()
    }

    fn now() -> chrono::DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, 12, 0, 0).unwrap()
    }

    #[test]
    fn a_new_ticket_confirms_to_its_requester_even_their_own_and_tells_the_assignee() {
        let t = ticket(TicketStatus::New, Some(AGENT));
        let change = events::ticket_created(&t, client(), now());
        assert_eq!(
            sorted(ticket_notices(&change, &parties(Some(AGENT)))),
            vec![
                (REQUESTER, NotificationKind::Created),
                (AGENT, NotificationKind::Assigned)
            ]
        );
    }

    #[test]
    fn assigning_tells_the_new_assignee_once_and_not_of_the_status_too() {
        let before = ticket(TicketStatus::New, None);
        let after = ticket(TicketStatus::Open, Some(OTHER_AGENT));
        let change = events::ticket_changed(&before, &after, agent(AGENT), now());
        let mut p = parties(Some(OTHER_AGENT));
        p.followers.clear();
        assert_eq!(
            sorted(ticket_notices(&change, &p)),
            vec![
                (REQUESTER, NotificationKind::StatusChanged),
                (OTHER_AGENT, NotificationKind::Assigned)
            ]
        );
    }

    #[test]
    fn nobody_hears_of_their_own_change() {
        let before = ticket(TicketStatus::Open, None);
        let after = ticket(TicketStatus::Open, Some(AGENT));
        let change = events::ticket_changed(&before, &after, agent(AGENT), now());
        assert!(ticket_notices(&change, &parties(Some(AGENT))).is_empty());
    }

    #[test]
    fn a_reply_tells_everyone_involved_but_its_author_and_not_of_the_status() {
        let before = ticket(TicketStatus::Pending, Some(AGENT));
        let after = ticket(TicketStatus::Open, Some(AGENT));
        let mut change = vec![events::ticket_message(
            &after,
            id(400),
            false,
            client(),
            now(),
        )];
        change.extend(events::ticket_changed(&before, &after, client(), now()));
        assert_eq!(
            sorted(ticket_notices(&change, &parties(Some(AGENT)))),
            vec![
                (AGENT, NotificationKind::Replied),
                (FOLLOWER, NotificationKind::Replied)
            ]
        );
    }

    #[test]
    fn a_reopening_reply_is_reopened_for_the_assignee_and_a_reply_for_the_rest() {
        let before = ticket(TicketStatus::Solved, Some(AGENT));
        let after = ticket(TicketStatus::Open, Some(AGENT));
        let mut change = events::ticket_changed(&before, &after, client(), now());
        change.push(events::ticket_message(
            &after,
            id(400),
            false,
            client(),
            now(),
        ));
        assert_eq!(
            sorted(ticket_notices(&change, &parties(Some(AGENT)))),
            vec![
                (AGENT, NotificationKind::Reopened),
                (FOLLOWER, NotificationKind::Replied)
            ]
        );
    }

    #[test]
    fn an_internal_note_tells_only_the_colleagues_it_mentions() {
        let t = ticket(TicketStatus::Open, Some(AGENT));
        let change = vec![events::ticket_message(
            &t,
            id(400),
            true,
            agent(AGENT),
            now(),
        )];
        let mut p = parties(Some(AGENT));
        p.mentioned = vec![id(OTHER_AGENT), id(AGENT)];
        assert_eq!(
            sorted(ticket_notices(&change, &p)),
            vec![(OTHER_AGENT, NotificationKind::Mentioned)]
        );
    }

    #[test]
    fn a_status_change_by_a_rule_tells_everyone_involved() {
        let before = ticket(TicketStatus::Open, Some(AGENT));
        let after = ticket(TicketStatus::Solved, Some(AGENT));
        let rule = Performer {
            kind: PerformerKind::Rule,
            id: Some(id(900)),
        };
        let change = events::ticket_changed(&before, &after, rule, now());
        assert_eq!(
            sorted(ticket_notices(&change, &parties(Some(AGENT)))),
            vec![
                (REQUESTER, NotificationKind::StatusChanged),
                (AGENT, NotificationKind::StatusChanged),
                (FOLLOWER, NotificationKind::StatusChanged)
            ]
        );
    }

    #[test]
    fn an_sla_warning_goes_to_the_assignee_or_else_the_supervisors() {
        let assigned = ticket(TicketStatus::Open, Some(AGENT));
        let change = vec![events::ticket_sla_alert(
            &assigned,
            false,
            "resolution",
            now(),
        )];
        assert_eq!(
            sorted(ticket_notices(&change, &parties(Some(AGENT)))),
            vec![(AGENT, NotificationKind::SlaWarning)]
        );
        let nobody = ticket(TicketStatus::Open, None);
        let change = vec![events::ticket_sla_alert(
            &nobody,
            false,
            "resolution",
            now(),
        )];
        assert_eq!(
            sorted(ticket_notices(&change, &parties(None))),
            vec![(SUPERVISOR, NotificationKind::SlaWarning)]
        );
    }

    #[test]
    fn a_breach_escalated_to_another_agent_tells_both_agents_and_the_supervisors() {
        let before = ticket(TicketStatus::Open, Some(AGENT));
        let after = ticket(TicketStatus::Open, Some(OTHER_AGENT));
        let mut change = vec![events::ticket_sla_alert(&after, true, "resolution", now())];
        change.extend(events::ticket_changed(
            &before,
            &after,
            Performer::SYSTEM,
            now(),
        ));
        let mut p = parties(Some(OTHER_AGENT));
        p.breach_notifies_supervisors = true;
        assert_eq!(
            sorted(ticket_notices(&change, &p)),
            vec![
                (AGENT, NotificationKind::SlaBreach),
                (SUPERVISOR, NotificationKind::SlaBreach),
                (OTHER_AGENT, NotificationKind::SlaBreach)
            ]
        );
    }

    fn pending_parties() -> PendingParties {
        PendingParties {
            operator: Some(id(AGENT)),
            supervisors: vec![id(SUPERVISOR)],
            clients: vec![id(REQUESTER)],
        }
    }

    fn step(from: &str, to: &str, performer: Performer) -> Vec<DomainEvent> {
        vec![events::pending_item_step(
            id(300),
            id(200),
            (from, to),
            performer,
            now(),
        )]
    }

    #[test]
    fn each_pending_step_tells_the_next_people_in_the_flow() {
        let p = pending_parties();
        let cases = [
            (
                step("draft", "awaiting_approval", agent(AGENT)),
                vec![(SUPERVISOR, NotificationKind::PendingSubmitted)],
            ),
            (
                step("awaiting_approval", "awaiting_client", agent(SUPERVISOR)),
                vec![(REQUESTER, NotificationKind::PendingAwaitingClient)],
            ),
            (
                step("awaiting_approval", "refused", agent(SUPERVISOR)),
                vec![(AGENT, NotificationKind::PendingRefused)],
            ),
            (step("answered", "in_progress", agent(AGENT)), Vec::new()),
        ];
        for (change, expected) in cases {
            assert_eq!(sorted(pending_notices(&change, &p)), expected, "{change:?}");
        }
        let mut answered = vec![events::pending_item_answered(
            id(300),
            id(200),
            client(),
            now(),
        )];
        answered.extend(step("awaiting_client", "answered", client()));
        assert_eq!(
            sorted(pending_notices(&answered, &p)),
            vec![(AGENT, NotificationKind::PendingAnswered)]
        );
    }

    #[test]
    fn a_run_of_events_splits_into_changes_by_their_key() {
        let t = ticket(TicketStatus::Open, Some(AGENT));
        let mut run = events::ticket_created(&t, client(), now());
        run.push(events::ticket_message(&t, id(400), false, client(), now()));
        run.push(events::ticket_message(
            &t,
            id(400),
            false,
            agent(AGENT),
            now(),
        ));
        run.extend(step("draft", "awaiting_approval", agent(AGENT)));
        let groups = split_changes(&run, |e| (e.subject_id, e.at, e.performer));
        assert_eq!(
            groups.iter().map(|g| g.len()).collect::<Vec<_>>(),
            vec![3, 1, 1]
        );
    }

    #[test]
    fn every_switchable_kind_has_defaults_and_the_confirmation_is_email_only() {
        assert_eq!(
            NotificationKind::Created.default_switches(),
            Switches {
                email: true,
                in_app: false
            }
        );
        assert!(NotificationKind::switchable().all(|k| k != NotificationKind::Automation));
        assert_eq!(NotificationKind::switchable().count(), 13);
    }
}
