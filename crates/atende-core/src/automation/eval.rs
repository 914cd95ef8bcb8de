//! Evaluating rules against a ticket: each condition with its outcome and
//! what it saw, and when a time rule is due.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::{
    Condition, ConditionField, Direction, Membership, Operator, Rule, SlaCondition, TimeAnchor,
    TimeTrigger, When,
};
use crate::{
    calendar::BusinessCalendar,
    permissions::Role,
    search::Query,
    sla_clock::{add_business_minutes, business_minutes_between, sub_business_minutes},
    tickets::{Channel, Priority, TicketStatus},
};

/// What rules see of a ticket.
#[derive(Debug, Clone, PartialEq)]
pub struct TicketFacts {
    pub id: Uuid,
    pub status: TicketStatus,
    pub priority: Priority,
    pub category_id: Option<Uuid>,
    pub company_id: Uuid,
    /// The company's consultancy (itself for a consultancy's own tickets).
    pub consultancy_id: Option<Uuid>,
    pub segment_id: Option<Uuid>,
    pub channel: Channel,
    pub tags: BTreeSet<String>,
    pub assignee_id: Option<Uuid>,
    pub team_id: Option<Uuid>,
    pub requester_role: Option<Role>,
    /// The stored search terms (subject, description, public replies).
    pub search_text: String,
    pub sla: SlaCondition,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub status_changed_at: DateTime<Utc>,
    pub first_response_due: Option<DateTime<Utc>>,
    pub resolution_due: Option<DateTime<Utc>>,
}

impl TicketFacts {
    /// The instant `anchor` names, if the ticket has it.
    pub fn anchor(&self, anchor: TimeAnchor) -> Option<DateTime<Utc>> {
        match anchor {
            TimeAnchor::Created => Some(self.created_at),
            TimeAnchor::Updated => Some(self.updated_at),
            TimeAnchor::StatusChanged => Some(self.status_changed_at),
            TimeAnchor::FirstResponseDue => self.first_response_due,
            TimeAnchor::ResolutionDue => self.resolution_due,
        }
    }
}

/// The calendars rules may name, by id.
pub type Calendars = BTreeMap<Uuid, BusinessCalendar>;

/// One condition's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConditionOutcome {
    /// E.g. `conditions.all[0]`.
    pub path: String,
    pub field: ConditionField,
    pub operator: Operator,
    pub matched: bool,
    /// What the ticket had, as text (ids, names of values, minutes).
    pub actual: String,
}

/// A rule's conditions against a ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evaluation {
    pub matched: bool,
    pub conditions: Vec<ConditionOutcome>,
}

fn names<T: Copy>(items: impl IntoIterator<Item = T>, name: impl Fn(T) -> String) -> String {
    items.into_iter().map(name).collect::<Vec<_>>().join(",")
}

fn membership(m: &Membership, value: Option<Uuid>) -> bool {
    match m {
        Membership::Set(set) => value.is_some() == *set,
        Membership::OneOf(is, ids) => value.is_some_and(|v| ids.contains(&v)) == *is,
    }
}

fn minutes_since(
    from: DateTime<Utc>,
    now: DateTime<Utc>,
    calendar: Option<&BusinessCalendar>,
) -> i64 {
    match calendar {
        Some(c) => business_minutes_between(c, from, now),
        None => (now - from).num_minutes(),
    }
}

/// One condition: whether it holds and what it saw.
pub fn check(
    condition: &Condition,
    facts: &TicketFacts,
    now: DateTime<Utc>,
    calendars: &Calendars,
) -> (bool, String) {
    let opt = |v: Option<Uuid>| v.map(|v| v.to_string()).unwrap_or_default();
    match condition {
        Condition::Status(is, set) => (
            set.contains(&facts.status) == *is,
            facts.status.as_str().into(),
        ),
        Condition::Priority(is, set) => (
            set.contains(&facts.priority) == *is,
            facts.priority.as_str().into(),
        ),
        Condition::Category(is, set) => (
            facts.category_id.is_some_and(|c| set.contains(&c)) == *is,
            opt(facts.category_id),
        ),
        Condition::Company(is, set) => (
            set.contains(&facts.company_id) == *is,
            facts.company_id.to_string(),
        ),
        Condition::Consultancy(is, set) => (
            facts.consultancy_id.is_some_and(|c| set.contains(&c)) == *is,
            opt(facts.consultancy_id),
        ),
        Condition::Segment(is, set) => (
            facts.segment_id.is_some_and(|c| set.contains(&c)) == *is,
            opt(facts.segment_id),
        ),
        Condition::Channel(is, set) => (
            set.contains(&facts.channel) == *is,
            facts.channel.as_str().into(),
        ),
        Condition::Tags(op, set) => {
            let matched = match op {
                Operator::ContainsAny => !facts.tags.is_disjoint(set),
                Operator::ContainsAll => set.is_subset(&facts.tags),
                _ => facts.tags.is_disjoint(set),
            };
            (matched, names(facts.tags.iter(), |t| t.clone()))
        }
        Condition::Assignee(m) => (membership(m, facts.assignee_id), opt(facts.assignee_id)),
        Condition::Team(m) => (membership(m, facts.team_id), opt(facts.team_id)),
        Condition::RequesterRole(is, set) => (
            facts.requester_role.is_some_and(|r| set.contains(&r)) == *is,
            facts
                .requester_role
                .map(|r| r.as_str().to_owned())
                .unwrap_or_default(),
        ),
        Condition::Text { contains, text } => {
            let query = Query::parse(text);
            // Only stop words: nothing to look for, so nothing contains it.
            let found = query.matches_text(&facts.search_text);
            (found == *contains, query.terms.join(" "))
        }
        Condition::Sla(is, set) => (set.contains(&facts.sla) == *is, facts.sla.as_str().into()),
        Condition::BusinessHours {
            within,
            calendar_id,
        } => match calendars.get(calendar_id) {
            Some(calendar) => {
                let open = is_open(calendar, now);
                (
                    open == *within,
                    if open { "within" } else { "outside" }.into(),
                )
            }
            None => (false, "calendar_missing".into()),
        },
        Condition::TimeSince {
            more_than,
            anchor,
            minutes,
            calendar_id,
        } => {
            let calendar = calendar_id.and_then(|id| calendars.get(&id));
            if calendar_id.is_some() && calendar.is_none() {
                return (false, "calendar_missing".into());
            }
            match facts.anchor(*anchor) {
                Some(at) => {
                    let since = minutes_since(at, now, calendar);
                    let matched = if *more_than {
                        since > *minutes
                    } else {
                        since < *minutes
                    };
                    (matched, since.to_string())
                }
                None => (false, String::new()),
            }
        }
    }
}

/// Whether `calendar` is open at `at`.
pub fn is_open(calendar: &BusinessCalendar, at: DateTime<Utc>) -> bool {
    crate::sla_clock::next_opening(calendar, at) == Some(at)
}

fn field_of(c: &Condition) -> (ConditionField, Operator) {
    use ConditionField as F;
    let is = |b: bool| if b { Operator::Is } else { Operator::IsNot };
    let member = |m: &Membership| match m {
        Membership::Set(true) => Operator::IsSet,
        Membership::Set(false) => Operator::IsEmpty,
        Membership::OneOf(b, _) => is(*b),
    };
    match c {
        Condition::Status(b, _) => (F::Status, is(*b)),
        Condition::Priority(b, _) => (F::Priority, is(*b)),
        Condition::Category(b, _) => (F::Category, is(*b)),
        Condition::Company(b, _) => (F::Company, is(*b)),
        Condition::Consultancy(b, _) => (F::Consultancy, is(*b)),
        Condition::Segment(b, _) => (F::Segment, is(*b)),
        Condition::Channel(b, _) => (F::Channel, is(*b)),
        Condition::Tags(op, _) => (F::Tags, *op),
        Condition::Assignee(m) => (F::Assignee, member(m)),
        Condition::Team(m) => (F::Team, member(m)),
        Condition::RequesterRole(b, _) => (F::RequesterRole, is(*b)),
        Condition::Text { contains, .. } => (
            F::Text,
            if *contains {
                Operator::Contains
            } else {
                Operator::NotContains
            },
        ),
        Condition::Sla(b, _) => (F::Sla, is(*b)),
        Condition::BusinessHours { within, .. } => (
            F::BusinessHours,
            if *within {
                Operator::Within
            } else {
                Operator::Outside
            },
        ),
        Condition::TimeSince { more_than, .. } => (
            F::TimeSince,
            if *more_than {
                Operator::MoreThan
            } else {
                Operator::LessThan
            },
        ),
    }
}

/// Every condition of `rule` against `facts`: all of `all`, and one of
/// `any` when it has some.
pub fn evaluate(
    rule: &Rule,
    facts: &TicketFacts,
    now: DateTime<Utc>,
    calendars: &Calendars,
) -> Evaluation {
    let mut conditions = Vec::with_capacity(rule.all.len() + rule.any.len());
    let mut all = true;
    for (i, c) in rule.all.iter().enumerate() {
        let (matched, actual) = check(c, facts, now, calendars);
        all &= matched;
        let (field, operator) = field_of(c);
        conditions.push(ConditionOutcome {
            path: format!("conditions.all[{i}]"),
            field,
            operator,
            matched,
            actual,
        });
    }
    let mut any = rule.any.is_empty();
    for (i, c) in rule.any.iter().enumerate() {
        let (matched, actual) = check(c, facts, now, calendars);
        any |= matched;
        let (field, operator) = field_of(c);
        conditions.push(ConditionOutcome {
            path: format!("conditions.any[{i}]"),
            field,
            operator,
            matched,
            actual,
        });
    }
    Evaluation {
        matched: all && any,
        conditions,
    }
}

/// Whether `rule` holds for `facts`, without the explanation: the hot
/// path, stopping at the first condition that fails.
pub fn matches(
    rule: &Rule,
    facts: &TicketFacts,
    now: DateTime<Utc>,
    calendars: &Calendars,
) -> bool {
    rule.all
        .iter()
        .all(|c| check_fast(c, facts, now, calendars))
        && (rule.any.is_empty()
            || rule
                .any
                .iter()
                .any(|c| check_fast(c, facts, now, calendars)))
}

fn check_fast(
    c: &Condition,
    facts: &TicketFacts,
    now: DateTime<Utc>,
    calendars: &Calendars,
) -> bool {
    match c {
        Condition::Status(is, set) => set.contains(&facts.status) == *is,
        Condition::Priority(is, set) => set.contains(&facts.priority) == *is,
        Condition::Company(is, set) => set.contains(&facts.company_id) == *is,
        Condition::Tags(Operator::ContainsAny, set) => !facts.tags.is_disjoint(set),
        Condition::Assignee(m) => membership(m, facts.assignee_id),
        Condition::Team(m) => membership(m, facts.team_id),
        _ => check(c, facts, now, calendars).0,
    }
}

/// When a time rule is due for `facts`: the anchor moved by the rule's
/// minutes (business minutes on its calendar when it names one). `None`
/// when the ticket lacks the anchor (e.g. no SLA) or the calendar is gone.
pub fn due_at(
    trigger: &TimeTrigger,
    facts: &TicketFacts,
    calendars: &Calendars,
) -> Option<DateTime<Utc>> {
    let anchor = facts.anchor(trigger.anchor)?;
    match trigger.calendar_id {
        None => Some(match trigger.direction {
            Direction::After => anchor + Duration::minutes(trigger.minutes),
            Direction::Before => anchor - Duration::minutes(trigger.minutes),
        }),
        Some(id) => {
            let calendar = calendars.get(&id)?;
            Some(match trigger.direction {
                Direction::After => add_business_minutes(calendar, anchor, trigger.minutes),
                Direction::Before => sub_business_minutes(calendar, anchor, trigger.minutes),
            })
        }
    }
}

/// The time rule's moment for `facts`, if it is a time rule.
pub fn rule_due_at(
    rule: &Rule,
    facts: &TicketFacts,
    calendars: &Calendars,
) -> Option<DateTime<Utc>> {
    match &rule.when {
        When::Time(t) => due_at(t, facts, calendars),
        _ => None,
    }
}

/// The raised priority of an escalation (urgent stays urgent).
pub fn raised(priority: Priority) -> Priority {
    match priority {
        Priority::Low => Priority::Normal,
        Priority::Normal => Priority::High,
        Priority::High | Priority::Urgent => Priority::Urgent,
    }
}
