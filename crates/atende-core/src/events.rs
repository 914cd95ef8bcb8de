//! Domain events: what happened, as every subscriber (live updates,
//! notifications, webhooks, automation) reads it from the one event log.
//!
//! Each event carries the company it belongs to (which decides who may
//! see it), whether a client may see it at all, who did it and when. The
//! functions here decide which events a change produces, so no service
//! assembles them by hand.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::tickets::TicketStatus;

named_enum! {
    /// The kinds of event the log records.
    EventKind {
        #[serde(rename = "ticket.created")]
        TicketCreated = "ticket.created",
        /// Fields changed (the event lists them, old and new).
        #[serde(rename = "ticket.updated")]
        TicketUpdated = "ticket.updated",
        #[serde(rename = "ticket.public_reply")]
        TicketPublicReply = "ticket.public_reply",
        #[serde(rename = "ticket.internal_note")]
        TicketInternalNote = "ticket.internal_note",
        #[serde(rename = "ticket.assigned")]
        TicketAssigned = "ticket.assigned",
        #[serde(rename = "ticket.status_changed")]
        TicketStatusChanged = "ticket.status_changed",
        #[serde(rename = "ticket.reopened")]
        TicketReopened = "ticket.reopened",
        #[serde(rename = "ticket.solved")]
        TicketSolved = "ticket.solved",
        #[serde(rename = "ticket.sla_warning")]
        TicketSlaWarning = "ticket.sla_warning",
        #[serde(rename = "ticket.sla_breach")]
        TicketSlaBreach = "ticket.sla_breach",
        /// A pending item moved one step of its workflow.
        #[serde(rename = "pending_item.step")]
        PendingItemStep = "pending_item.step",
        #[serde(rename = "pending_item.answered")]
        PendingItemAnswered = "pending_item.answered",
        #[serde(rename = "import.committed")]
        ImportCommitted = "import.committed",
        #[serde(rename = "user.changed")]
        UserChanged = "user.changed",
        #[serde(rename = "company.changed")]
        CompanyChanged = "company.changed",
        /// A user's in-app notifications changed (one arrived, or some
        /// were read): only that user hears of it.
        #[serde(rename = "notifications.changed")]
        NotificationsChanged = "notifications.changed",
    }
}

named_enum! {
    /// Who may see an event.
    Visibility {
        /// Anyone who can see the company's tickets, clients included.
        Public = "public",
        /// Staff only (internal notes, SLA alerts, internal changes).
        Staff = "staff",
        /// Only the user the event names (their notifications).
        Recipient = "recipient",
    }
}

named_enum! {
    /// What kind of party made a change.
    PerformerKind {
        /// A staff member.
        Agent = "agent",
        /// A client user.
        Client = "client",
        ApiToken = "api_token",
        System = "system",
        /// An automation rule.
        Rule = "rule",
    }
}

named_enum! {
    /// What an event is about.
    SubjectKind {
        Ticket = "ticket",
        PendingItem = "pending_item",
        Import = "import",
        User = "user",
        Company = "company",
    }
}

/// Who made a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Performer {
    pub kind: PerformerKind,
    /// The user, token or rule; none for the system.
    pub id: Option<Uuid>,
}

impl Performer {
    pub const SYSTEM: Performer = Performer {
        kind: PerformerKind::System,
        id: None,
    };
}

/// One field of a change, as text (ids, statuses and names alike).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// A change that happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainEvent {
    pub kind: EventKind,
    pub subject: SubjectKind,
    pub subject_id: Uuid,
    /// The company the subject belongs to; decides who may see the event.
    pub company_id: Option<Uuid>,
    pub visibility: Visibility,
    pub performer: Performer,
    pub at: DateTime<Utc>,
    /// The changed fields, for `ticket.updated` and the like.
    pub changes: Vec<FieldChange>,
    /// The user a `recipient` event is for.
    pub recipient: Option<Uuid>,
}

/// The fields of a ticket that events report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketFields {
    pub id: Uuid,
    pub company_id: Uuid,
    pub subject: String,
    pub status: TicketStatus,
    pub priority: String,
    pub assignee_id: Option<Uuid>,
    pub team_id: Option<Uuid>,
    pub category_id: Option<Uuid>,
    /// Sorted.
    pub tags: Vec<String>,
}

fn ticket_event(
    kind: EventKind,
    t: &TicketFields,
    visibility: Visibility,
    performer: Performer,
    at: DateTime<Utc>,
) -> DomainEvent {
    DomainEvent {
        kind,
        subject: SubjectKind::Ticket,
        subject_id: t.id,
        company_id: Some(t.company_id),
        visibility,
        performer,
        at,
        changes: Vec::new(),
        recipient: None,
    }
}

/// A new ticket: `ticket.created`, and `ticket.assigned` when it was
/// assigned at once.
pub fn ticket_created(
    t: &TicketFields,
    performer: Performer,
    at: DateTime<Utc>,
) -> Vec<DomainEvent> {
    let mut events = vec![ticket_event(
        EventKind::TicketCreated,
        t,
        Visibility::Public,
        performer,
        at,
    )];
    if t.assignee_id.is_some() {
        let mut assigned = ticket_event(
            EventKind::TicketAssigned,
            t,
            Visibility::Staff,
            performer,
            at,
        );
        assigned.changes = vec![change(
            "assignee_id",
            None,
            t.assignee_id.map(|a| a.to_string()),
        )];
        events.push(assigned);
    }
    events
}

fn change(field: &str, old: Option<String>, new: Option<String>) -> FieldChange {
    FieldChange {
        field: field.to_owned(),
        old,
        new,
    }
}

/// What a change of a ticket's fields produces: `ticket.updated` listing
/// every changed field (none when nothing changed), then the specific
/// events a subscriber may wait for: `ticket.assigned`,
/// `ticket.status_changed`, `ticket.solved`, `ticket.reopened`.
pub fn ticket_changed(
    before: &TicketFields,
    after: &TicketFields,
    performer: Performer,
    at: DateTime<Utc>,
) -> Vec<DomainEvent> {
    let id = |v: Option<Uuid>| v.map(|v| v.to_string());
    let mut changes = Vec::new();
    if before.subject != after.subject {
        changes.push(change(
            "subject",
            Some(before.subject.clone()),
            Some(after.subject.clone()),
        ));
    }
    if before.status != after.status {
        changes.push(change(
            "status",
            Some(before.status.as_str().to_owned()),
            Some(after.status.as_str().to_owned()),
        ));
    }
    if before.priority != after.priority {
        changes.push(change(
            "priority",
            Some(before.priority.clone()),
            Some(after.priority.clone()),
        ));
    }
    if before.assignee_id != after.assignee_id {
        changes.push(change(
            "assignee_id",
            id(before.assignee_id),
            id(after.assignee_id),
        ));
    }
    if before.team_id != after.team_id {
        changes.push(change("team_id", id(before.team_id), id(after.team_id)));
    }
    if before.category_id != after.category_id {
        changes.push(change(
            "category_id",
            id(before.category_id),
            id(after.category_id),
        ));
    }
    if before.tags != after.tags {
        changes.push(change(
            "tags",
            Some(before.tags.join(",")),
            Some(after.tags.join(",")),
        ));
    }
    if changes.is_empty() {
        return Vec::new();
    }
    let mut updated = ticket_event(
        EventKind::TicketUpdated,
        after,
        Visibility::Public,
        performer,
        at,
    );
    updated.changes = changes.clone();
    let mut events = vec![updated];
    let only = |field: &str| -> Vec<FieldChange> {
        changes
            .iter()
            .filter(|c| c.field == field)
            .cloned()
            .collect()
    };
    if before.assignee_id != after.assignee_id {
        let mut e = ticket_event(
            EventKind::TicketAssigned,
            after,
            Visibility::Staff,
            performer,
            at,
        );
        e.changes = only("assignee_id");
        events.push(e);
    }
    if before.status != after.status {
        let mut e = ticket_event(
            EventKind::TicketStatusChanged,
            after,
            Visibility::Public,
            performer,
            at,
        );
        e.changes = only("status");
        events.push(e);
        let was_done = matches!(before.status, TicketStatus::Solved | TicketStatus::Closed);
        if after.status == TicketStatus::Solved {
            events.push(ticket_event(
                EventKind::TicketSolved,
                after,
                Visibility::Public,
                performer,
                at,
            ));
        } else if was_done && !matches!(after.status, TicketStatus::Closed) {
            events.push(ticket_event(
                EventKind::TicketReopened,
                after,
                Visibility::Public,
                performer,
                at,
            ));
        }
    }
    events
}

/// A message on a ticket: a public reply, or an internal note only staff
/// may see. The event names the message (`message_id`), so a subscriber
/// can read it (mentions in a note, the reply a webhook carries).
pub fn ticket_message(
    t: &TicketFields,
    message_id: Uuid,
    internal: bool,
    performer: Performer,
    at: DateTime<Utc>,
) -> DomainEvent {
    let (kind, visibility) = if internal {
        (EventKind::TicketInternalNote, Visibility::Staff)
    } else {
        (EventKind::TicketPublicReply, Visibility::Public)
    };
    let mut event = ticket_event(kind, t, visibility, performer, at);
    event.changes = vec![change("message_id", None, Some(message_id.to_string()))];
    event
}

/// An SLA alert (warning or breach) on a ticket: staff only.
pub fn ticket_sla_alert(
    t: &TicketFields,
    breach: bool,
    target: &str,
    at: DateTime<Utc>,
) -> DomainEvent {
    let kind = if breach {
        EventKind::TicketSlaBreach
    } else {
        EventKind::TicketSlaWarning
    };
    let mut e = ticket_event(kind, t, Visibility::Staff, Performer::SYSTEM, at);
    e.changes = vec![change("target", None, Some(target.to_owned()))];
    e
}

/// A pending item moved from `from` to `to` (status names): visible to
/// the client only once it reaches them (any status but draft, awaiting
/// approval and refused, which are the consultancy's own business).
pub fn pending_item_step(
    item_id: Uuid,
    company_id: Uuid,
    (from, to): (&str, &str),
    performer: Performer,
    at: DateTime<Utc>,
) -> DomainEvent {
    let internal = matches!(to, "draft" | "awaiting_approval" | "refused");
    DomainEvent {
        kind: EventKind::PendingItemStep,
        subject: SubjectKind::PendingItem,
        subject_id: item_id,
        company_id: Some(company_id),
        visibility: if internal {
            Visibility::Staff
        } else {
            Visibility::Public
        },
        performer,
        at,
        changes: vec![change("status", Some(from.to_owned()), Some(to.to_owned()))],
        recipient: None,
    }
}

/// A client answered a pending item: public, like the answer itself.
pub fn pending_item_answered(
    item_id: Uuid,
    company_id: Uuid,
    performer: Performer,
    at: DateTime<Utc>,
) -> DomainEvent {
    DomainEvent {
        kind: EventKind::PendingItemAnswered,
        subject: SubjectKind::PendingItem,
        subject_id: item_id,
        company_id: Some(company_id),
        visibility: Visibility::Public,
        performer,
        at,
        changes: Vec::new(),
        recipient: None,
    }
}

/// A change of a record that is not a ticket or pending item (`action`:
/// `created`, `updated`, `deleted`…), staff only.
fn record_changed(
    kind: EventKind,
    (subject, subject_id): (SubjectKind, Uuid),
    company_id: Option<Uuid>,
    action: &str,
    performer: Performer,
    at: DateTime<Utc>,
) -> DomainEvent {
    DomainEvent {
        kind,
        subject,
        subject_id,
        company_id,
        visibility: Visibility::Staff,
        performer,
        at,
        changes: vec![change("action", None, Some(action.to_owned()))],
        recipient: None,
    }
}

/// A company was created, changed or deleted.
pub fn company_changed(
    company_id: Uuid,
    action: &str,
    performer: Performer,
    at: DateTime<Utc>,
) -> DomainEvent {
    record_changed(
        EventKind::CompanyChanged,
        (SubjectKind::Company, company_id),
        Some(company_id),
        action,
        performer,
        at,
    )
}

/// A user was created, changed or deleted. Users may belong to several
/// companies: the event names none (only installation-wide subscribers,
/// such as an administrator's webhook, receive it).
pub fn user_changed(
    user_id: Uuid,
    action: &str,
    performer: Performer,
    at: DateTime<Utc>,
) -> DomainEvent {
    record_changed(
        EventKind::UserChanged,
        (SubjectKind::User, user_id),
        None,
        action,
        performer,
        at,
    )
}

/// A spreadsheet import was committed (its items have their own events).
pub fn import_committed(import_id: Uuid, performer: Performer, at: DateTime<Utc>) -> DomainEvent {
    record_changed(
        EventKind::ImportCommitted,
        (SubjectKind::Import, import_id),
        None,
        "committed",
        performer,
        at,
    )
}

/// A user's notifications changed: only they hear of it.
pub fn notifications_changed(user_id: Uuid, at: DateTime<Utc>) -> DomainEvent {
    DomainEvent {
        kind: EventKind::NotificationsChanged,
        subject: SubjectKind::User,
        subject_id: user_id,
        company_id: None,
        visibility: Visibility::Recipient,
        performer: Performer::SYSTEM,
        at,
        changes: Vec::new(),
        recipient: Some(user_id),
    }
}

/// Whether a reader may see an event: the recipient of a personal event;
/// otherwise someone who reaches the event's company, and for staff-only
/// events only staff who see internal matters.
pub fn may_see(
    event: (Visibility, Option<Uuid>, Option<Uuid>),
    reader: Option<Uuid>,
    reaches_company: impl Fn(Uuid) -> bool,
    sees_internal: bool,
) -> bool {
    let (visibility, company_id, recipient) = event;
    match visibility {
        Visibility::Recipient => recipient.is_some() && recipient == reader,
        Visibility::Public => company_id.is_some_and(&reaches_company),
        Visibility::Staff => sees_internal && company_id.is_some_and(&reaches_company),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ticket() -> TicketFields {
        TicketFields {
            id: Uuid::from_u128(1),
            company_id: Uuid::from_u128(2),
            subject: "NF-e rejeitada".into(),
            status: TicketStatus::Open,
            priority: "normal".into(),
            assignee_id: None,
            team_id: None,
            category_id: None,
            tags: vec![],
        }
    }

    fn agent() -> Performer {
        Performer {
            kind: PerformerKind::Agent,
            id: Some(Uuid::from_u128(9)),
        }
    }

    fn kinds(events: &[DomainEvent]) -> Vec<EventKind> {
        events.iter().map(|e| e.kind).collect()
    }

    #[test]
    fn a_new_ticket_is_public_and_an_immediate_assignment_is_staff_only() {
        let now = Utc::now();
        let mut t = ticket();
        let created = ticket_created(&t, agent(), now);
        assert_eq!(kinds(&created), [EventKind::TicketCreated]);
        assert_eq!(created[0].visibility, Visibility::Public);
        assert_eq!(created[0].company_id, Some(t.company_id));
        assert_eq!(created[0].performer, agent());
        t.assignee_id = Some(Uuid::from_u128(9));
        let created = ticket_created(&t, agent(), now);
        assert_eq!(
            kinds(&created),
            [EventKind::TicketCreated, EventKind::TicketAssigned]
        );
        assert_eq!(created[1].visibility, Visibility::Staff);
    }

    #[test]
    fn an_update_lists_every_changed_field_then_the_specific_events() {
        let now = Utc::now();
        let before = ticket();
        let mut after = ticket();
        after.priority = "urgent".into();
        after.assignee_id = Some(Uuid::from_u128(9));
        after.status = TicketStatus::Solved;
        after.tags = vec!["nfe".into()];
        let events = ticket_changed(&before, &after, agent(), now);
        assert_eq!(
            kinds(&events),
            [
                EventKind::TicketUpdated,
                EventKind::TicketAssigned,
                EventKind::TicketStatusChanged,
                EventKind::TicketSolved
            ]
        );
        let fields: Vec<&str> = events[0].changes.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["status", "priority", "assignee_id", "tags"]);
        assert_eq!(events[0].changes[1].old.as_deref(), Some("normal"));
        assert_eq!(events[0].changes[1].new.as_deref(), Some("urgent"));
        assert_eq!(events[1].visibility, Visibility::Staff, "assignment");
        assert_eq!(events[3].visibility, Visibility::Public, "solved");
    }

    #[test]
    fn nothing_changed_is_no_event_and_leaving_solved_is_a_reopening() {
        let now = Utc::now();
        assert!(ticket_changed(&ticket(), &ticket(), agent(), now).is_empty());
        let mut solved = ticket();
        solved.status = TicketStatus::Solved;
        let reopened = ticket_changed(&solved, &ticket(), agent(), now);
        assert_eq!(
            kinds(&reopened),
            [
                EventKind::TicketUpdated,
                EventKind::TicketStatusChanged,
                EventKind::TicketReopened
            ]
        );
        // Closing a solved ticket is no reopening.
        let mut closed = ticket();
        closed.status = TicketStatus::Closed;
        let events = ticket_changed(&solved, &closed, Performer::SYSTEM, now);
        assert!(!kinds(&events).contains(&EventKind::TicketReopened));
    }

    #[test]
    fn internal_notes_and_sla_alerts_are_for_staff_only() {
        let now = Utc::now();
        let note = ticket_message(&ticket(), Uuid::nil(), true, agent(), now);
        assert_eq!(
            (note.kind, note.visibility),
            (EventKind::TicketInternalNote, Visibility::Staff)
        );
        let reply = ticket_message(&ticket(), Uuid::nil(), false, agent(), now);
        assert_eq!(
            (reply.kind, reply.visibility),
            (EventKind::TicketPublicReply, Visibility::Public)
        );
        let breach = ticket_sla_alert(&ticket(), true, "resolution", now);
        assert_eq!(
            (breach.kind, breach.visibility),
            (EventKind::TicketSlaBreach, Visibility::Staff)
        );
        assert_eq!(breach.performer, Performer::SYSTEM);
    }

    #[test]
    fn a_pending_item_reaches_the_client_only_once_sent_to_them() {
        let now = Utc::now();
        let (item, company) = (Uuid::from_u128(5), Uuid::from_u128(2));
        let submitted =
            pending_item_step(item, company, ("draft", "awaiting_approval"), agent(), now);
        assert_eq!(submitted.visibility, Visibility::Staff);
        let sent = pending_item_step(
            item,
            company,
            ("awaiting_approval", "awaiting_client"),
            agent(),
            now,
        );
        assert_eq!(sent.visibility, Visibility::Public);
        assert_eq!(sent.changes[0].new.as_deref(), Some("awaiting_client"));
    }

    #[test]
    fn record_changes_are_staff_only_and_say_what_happened() {
        let now = Utc::now();
        let company = company_changed(Uuid::from_u128(2), "updated", agent(), now);
        assert_eq!(
            (company.kind, company.visibility),
            (EventKind::CompanyChanged, Visibility::Staff)
        );
        assert_eq!(company.company_id, Some(Uuid::from_u128(2)));
        assert_eq!(company.changes[0].new.as_deref(), Some("updated"));
        let user = user_changed(Uuid::from_u128(3), "deleted", agent(), now);
        assert_eq!((user.kind, user.company_id), (EventKind::UserChanged, None));
        let import = import_committed(Uuid::from_u128(4), agent(), now);
        assert_eq!(import.subject, SubjectKind::Import);
    }

    #[test]
    fn who_sees_an_event() {
        let (company, other) = (Uuid::from_u128(2), Uuid::from_u128(3));
        let reaches = |c: Uuid| c == company;
        let (me, you) = (Some(Uuid::from_u128(7)), Some(Uuid::from_u128(8)));
        assert!(may_see(
            (Visibility::Public, Some(company), None),
            me,
            reaches,
            false
        ));
        assert!(!may_see(
            (Visibility::Public, Some(other), None),
            me,
            reaches,
            true
        ));
        assert!(!may_see(
            (Visibility::Staff, Some(company), None),
            me,
            reaches,
            false
        ));
        assert!(may_see(
            (Visibility::Staff, Some(company), None),
            me,
            reaches,
            true
        ));
        assert!(may_see(
            (Visibility::Recipient, None, me),
            me,
            reaches,
            false
        ));
        assert!(!may_see(
            (Visibility::Recipient, None, me),
            you,
            reaches,
            true
        ));
        assert!(!may_see(
            (Visibility::Recipient, None, None),
            None,
            reaches,
            true
        ));
    }

    #[test]
    fn kinds_have_stable_names_on_the_wire() {
        for kind in EventKind::ALL {
            assert_eq!(EventKind::parse(kind.as_str()), Some(*kind));
            assert_eq!(
                serde_json::to_value(kind).expect("a name"),
                serde_json::Value::from(kind.as_str())
            );
        }
    }
}
