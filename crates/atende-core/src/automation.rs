//! Automation rules (spec §9): routing, escalation, automatic replies and
//! business hours.
//!
//! A rule is *when* (on create, on chosen updates by chosen performers, or
//! N minutes before/after a ticket timestamp or SLA target) + *conditions*
//! (an `all` group and an `any` group) + *actions*. This module owns the
//! vocabulary, the validation of a rule as the API receives it (every
//! error names its path, e.g. `conditions.all[2].value`), and the pure
//! decisions: whether a change triggers a rule, whether its conditions hold
//! (each with the reason), when a time rule is due, and the cascade rules
//! (passes, the loop limit, no rule re-firing on its own change).
//! Evaluation needs business calendars and search analysis, so it is built
//! with the `calendar` and `search` features; the SPA uses the vocabulary
//! and validation only.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use crate::{
    events::{DomainEvent, EventKind, PerformerKind},
    permissions::Role,
    tickets::{Channel, Priority, TicketStatus},
};

/// Passes of a cascade: the actions of pass `n` may trigger rules in pass
/// `n + 1`, up to this many passes.
pub const MAX_PASSES: u8 = 5;

/// At most this many conditions per group and actions per rule.
pub const MAX_ITEMS: usize = 30;

named_enum! {
    /// When a rule is considered.
    Trigger {
        /// A ticket was opened.
        Created = "created",
        /// A ticket changed (see [`UpdateEvent`]).
        Updated = "updated",
        /// A moment relative to a ticket timestamp or SLA target.
        Time = "time",
    }
}

named_enum! {
    /// The changes an update rule may wait for.
    UpdateEvent {
        StatusChanged = "status_changed",
        PriorityChanged = "priority_changed",
        Assigned = "assigned",
        TeamChanged = "team_changed",
        CategoryChanged = "category_changed",
        TagsChanged = "tags_changed",
        SubjectChanged = "subject_changed",
        /// A public reply by the client side.
        ClientReply = "client_reply",
        /// A public reply by staff.
        AgentReply = "agent_reply",
        InternalNote = "internal_note",
        Reopened = "reopened",
        Solved = "solved",
        SlaWarning = "sla_warning",
        SlaBreach = "sla_breach",
    }
}

named_enum! {
    /// What a time rule counts from.
    TimeAnchor {
        Created = "created",
        Updated = "updated",
        /// When the ticket entered its current status.
        StatusChanged = "status_changed",
        FirstResponseDue = "first_response_due",
        ResolutionDue = "resolution_due",
    }
}

named_enum! {
    /// Before or after the anchor.
    Direction {
        Before = "before",
        After = "after",
    }
}

named_enum! {
    /// What a condition looks at.
    ConditionField {
        Status = "status",
        Priority = "priority",
        Category = "category",
        Company = "company",
        Consultancy = "consultancy",
        Segment = "segment",
        Channel = "channel",
        Tags = "tags",
        Assignee = "assignee",
        Team = "team",
        RequesterRole = "requester_role",
        /// Subject, description and public replies, matched word by word
        /// with the search's Portuguese analysis (accents, plurals, stop
        /// words).
        Text = "text",
        Sla = "sla",
        /// Whether now is within a calendar's business hours.
        BusinessHours = "business_hours",
        /// Time since a ticket timestamp.
        TimeSince = "time_since",
    }
}

named_enum! {
    /// How a condition compares.
    Operator {
        Is = "is",
        IsNot = "is_not",
        IsEmpty = "is_empty",
        IsSet = "is_set",
        ContainsAny = "contains_any",
        ContainsAll = "contains_all",
        ContainsNone = "contains_none",
        Contains = "contains",
        NotContains = "not_contains",
        Within = "within",
        Outside = "outside",
        MoreThan = "more_than",
        LessThan = "less_than",
    }
}

named_enum! {
    /// Where a ticket stands against its SLA, as conditions name it.
    SlaCondition {
        /// No SLA policy applies.
        None = "none",
        Ok = "ok",
        AtRisk = "at_risk",
        Breached = "breached",
        Met = "met",
        Paused = "paused",
    }
}

named_enum! {
    /// What a rule does.
    ActionKind {
        AssignAgent = "assign_agent",
        AssignTeam = "assign_team",
        SetStatus = "set_status",
        SetPriority = "set_priority",
        SetCategory = "set_category",
        AddTags = "add_tags",
        RemoveTags = "remove_tags",
        AddNote = "add_note",
        /// A public reply (a text or a canned response, placeholders
        /// filled); at most once per ticket per rule, never to an
        /// automatic message or a ticket staff opened for the client.
        Reply = "reply",
        Notify = "notify",
        /// Raise the priority one step, optionally reassign, and notify the
        /// supervisors of the ticket's consultancy.
        Escalate = "escalate",
    }
}

named_enum! {
    /// How a team assignment picks a member.
    TeamAssignment {
        /// Only the team; nobody in particular.
        None = "none",
        /// The team's own setting.
        TeamDefault = "team_default",
        RoundRobin = "round_robin",
        LeastOpen = "least_open",
    }
}

/// When a rule runs, as the API receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WhenSpec {
    pub on: Trigger,
    /// Update rules: which changes (empty = any).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<UpdateEvent>,
    /// Create and update rules: by whom (empty = anyone, rules included).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub by: Vec<PerformerKind>,
    /// Time rules: how many minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor: Option<TimeAnchor>,
    /// Time rules: count business minutes on this calendar (none =
    /// calendar minutes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar_id: Option<Uuid>,
}

/// One condition as the API receives it. `value` depends on the field:
/// a list of statuses, priorities, channels, roles, SLA states, ids or
/// tags; a text for `text`; a calendar id for `business_hours`;
/// `{"anchor", "minutes", "calendar_id"}` for `time_since`; nothing for
/// `is_empty`/`is_set`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConditionSpec {
    pub field: ConditionField,
    pub operator: Operator,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub value: Value,
}

/// The conditions: all of `all` and, when `any` is not empty, at least
/// one of `any`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConditionGroups {
    #[serde(default)]
    pub all: Vec<ConditionSpec>,
    #[serde(default)]
    pub any: Vec<ConditionSpec>,
}

/// One action as the API receives it. `value` depends on the action: a
/// user id (`assign_agent`); `{"team_id", "assignment"}` (`assign_team`);
/// a status, priority or category id (`null` clears); a list of tags; a
/// text (`add_note`); `{"body"}` or `{"canned_response_id"}` (`reply`);
/// `{"users", "roles", "teams", "message"}` (`notify`); `{"assignee_id",
/// "team_id"}`, both optional (`escalate`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActionSpec {
    #[serde(rename = "type")]
    pub kind: ActionKind,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub value: Value,
}

/// A validated time trigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeTrigger {
    pub minutes: i64,
    pub direction: Direction,
    pub anchor: TimeAnchor,
    pub calendar_id: Option<Uuid>,
}

/// A validated trigger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum When {
    Created {
        by: BTreeSet<PerformerKind>,
    },
    Updated {
        events: BTreeSet<UpdateEvent>,
        by: BTreeSet<PerformerKind>,
    },
    Time(TimeTrigger),
}

/// A validated condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    Status(bool, BTreeSet<TicketStatus>),
    Priority(bool, BTreeSet<Priority>),
    Category(bool, BTreeSet<Uuid>),
    Company(bool, BTreeSet<Uuid>),
    Consultancy(bool, BTreeSet<Uuid>),
    Segment(bool, BTreeSet<Uuid>),
    Channel(bool, BTreeSet<Channel>),
    Tags(Operator, BTreeSet<String>),
    /// `None` = is empty / is set (`bool`: whether it must be set).
    Assignee(Membership),
    Team(Membership),
    RequesterRole(bool, BTreeSet<Role>),
    /// Must contain (or not) every word of the text.
    Text {
        contains: bool,
        text: String,
    },
    Sla(bool, BTreeSet<SlaCondition>),
    BusinessHours {
        within: bool,
        calendar_id: Uuid,
    },
    TimeSince {
        more_than: bool,
        anchor: TimeAnchor,
        minutes: i64,
        calendar_id: Option<Uuid>,
    },
}

/// An assignee or team condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Membership {
    /// `is` (true) / `is_not` (false) one of these.
    OneOf(bool, BTreeSet<Uuid>),
    /// `is_set` (true) / `is_empty` (false).
    Set(bool),
}

/// A validated action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    AssignAgent(Uuid),
    AssignTeam {
        team_id: Uuid,
        assignment: TeamAssignment,
    },
    SetStatus(TicketStatus),
    SetPriority(Priority),
    SetCategory(Option<Uuid>),
    AddTags(BTreeSet<String>),
    RemoveTags(BTreeSet<String>),
    AddNote(String),
    Reply(ReplySource),
    Notify {
        users: BTreeSet<Uuid>,
        roles: BTreeSet<Role>,
        /// Every member of these teams.
        teams: BTreeSet<Uuid>,
        message: String,
    },
    Escalate {
        assignee_id: Option<Uuid>,
        team_id: Option<Uuid>,
    },
}

/// What an automatic reply says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReplySource {
    Text(String),
    Canned(Uuid),
}

/// A validated rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub id: Uuid,
    pub when: When,
    pub all: Vec<Condition>,
    pub any: Vec<Condition>,
    pub actions: Vec<Action>,
}

/// A rule's definition as the API receives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RuleDefinition {
    pub when: WhenSpec,
    #[serde(default)]
    pub conditions: ConditionGroups,
    pub actions: Vec<ActionSpec>,
}

/// A part of a rule that is not valid: its path and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    /// E.g. `conditions.all[2].value`.
    pub path: String,
    pub message: String,
}

fn error(path: impl Into<String>, message: impl Into<String>) -> RuleError {
    RuleError {
        path: path.into(),
        message: message.into(),
    }
}

impl RuleDefinition {
    /// Checks every part, reporting every error at once.
    pub fn validate(&self, id: Uuid) -> Result<Rule, Vec<RuleError>> {
        let mut errors = Vec::new();
        let when = validate_when(&self.when, &mut errors);
        let mut groups = [Vec::new(), Vec::new()];
        for (g, (name, specs)) in [("all", &self.conditions.all), ("any", &self.conditions.any)]
            .into_iter()
            .enumerate()
        {
            if specs.len() > MAX_ITEMS {
                errors.push(error(
                    format!("conditions.{name}"),
                    format!("at most {MAX_ITEMS} conditions"),
                ));
            }
            for (i, spec) in specs.iter().enumerate() {
                match validate_condition(spec) {
                    Ok(c) => groups[g].push(c),
                    Err((part, message)) => {
                        errors.push(error(format!("conditions.{name}[{i}].{part}"), message));
                    }
                }
            }
        }
        let mut actions = Vec::new();
        if self.actions.is_empty() {
            errors.push(error("actions", "a rule needs at least one action"));
        }
        if self.actions.len() > MAX_ITEMS {
            errors.push(error("actions", format!("at most {MAX_ITEMS} actions")));
        }
        for (i, spec) in self.actions.iter().enumerate() {
            match validate_action(spec) {
                Ok(a) => actions.push(a),
                Err(message) => errors.push(error(format!("actions[{i}].value"), message)),
            }
        }
        let [all, any] = groups;
        if !errors.is_empty() {
            return Err(errors);
        }
        let Some(when) = when else {
            return Err(vec![error("when", "is not valid")]);
        };
        let rule = Rule {
            id,
            when,
            all,
            any,
            actions,
        };
        if matches!(rule.when, When::Time(_)) && !rule.nullified_by_own_actions() {
            return Err(vec![error(
                "actions",
                "a time rule must change something one of its conditions checks \
                 (e.g. condition: tag is not \"escalado\"; action: add tag \"escalado\"), \
                 so it cannot match the same ticket again and again",
            )]);
        }
        if rule.actions.iter().any(|a| matches!(a, Action::Reply(_)))
            && matches!(&rule.when, When::Updated { events, .. } if events.is_empty() || events.contains(&UpdateEvent::AgentReply))
        {
            return Err(vec![error(
                "when.events",
                "an automatic reply on update must name the changes it answers, and not agent replies \
                 (it would answer itself)",
            )]);
        }
        Ok(rule)
    }
}

fn validate_when(spec: &WhenSpec, errors: &mut Vec<RuleError>) -> Option<When> {
    let by: BTreeSet<PerformerKind> = spec.by.iter().copied().collect();
    match spec.on {
        Trigger::Created | Trigger::Updated => {
            for (field, set) in [
                ("when.minutes", spec.minutes.is_some()),
                ("when.direction", spec.direction.is_some()),
                ("when.anchor", spec.anchor.is_some()),
                ("when.calendar_id", spec.calendar_id.is_some()),
            ] {
                if set {
                    errors.push(error(field, "only time rules take it"));
                }
            }
            if spec.on == Trigger::Created {
                if !spec.events.is_empty() {
                    errors.push(error("when.events", "only update rules take it"));
                }
                Some(When::Created { by })
            } else {
                Some(When::Updated {
                    events: spec.events.iter().copied().collect(),
                    by,
                })
            }
        }
        Trigger::Time => {
            if !spec.events.is_empty() {
                errors.push(error("when.events", "only update rules take it"));
            }
            if !spec.by.is_empty() {
                errors.push(error("when.by", "time rules have no performer"));
            }
            let minutes = match spec.minutes {
                Some(m) if (1..=525_600).contains(&m) => Some(m),
                _ => {
                    errors.push(error(
                        "when.minutes",
                        "must be 1 to 525600 minutes (one year)",
                    ));
                    None
                }
            };
            let anchor = spec.anchor.or_else(|| {
                errors.push(error("when.anchor", "a time rule needs an anchor"));
                None
            });
            let direction = spec.direction.unwrap_or(Direction::After);
            if direction == Direction::Before
                && anchor.is_some_and(|a| {
                    !matches!(a, TimeAnchor::FirstResponseDue | TimeAnchor::ResolutionDue)
                })
            {
                errors.push(error(
                    "when.direction",
                    "only SLA targets (first_response_due, resolution_due) can be counted before",
                ));
            }
            Some(When::Time(TimeTrigger {
                minutes: minutes?,
                direction,
                anchor: anchor?,
                calendar_id: spec.calendar_id,
            }))
        }
    }
}

type PartError = (&'static str, String);

fn list<T: for<'de> Deserialize<'de> + Ord>(
    value: &Value,
    what: &str,
) -> Result<BTreeSet<T>, PartError> {
    let items: Vec<T> = serde_json::from_value(value.clone())
        .map_err(|e| ("value", format!("must be a list of {what}: {e}")))?;
    if items.is_empty() {
        return Err(("value", format!("must name at least one of {what}")));
    }
    if items.len() > 200 {
        return Err(("value", "at most 200 values".into()));
    }
    Ok(items.into_iter().collect())
}

fn is_or_not(op: Operator) -> Result<bool, PartError> {
    match op {
        Operator::Is => Ok(true),
        Operator::IsNot => Ok(false),
        _ => Err(("operator", "must be is or is_not".into())),
    }
}

fn membership(spec: &ConditionSpec) -> Result<Membership, PartError> {
    match spec.operator {
        Operator::IsEmpty => Ok(Membership::Set(false)),
        Operator::IsSet => Ok(Membership::Set(true)),
        Operator::Is | Operator::IsNot => Ok(Membership::OneOf(
            spec.operator == Operator::Is,
            list(&spec.value, "ids")?,
        )),
        _ => Err(("operator", "must be is, is_not, is_empty or is_set".into())),
    }
}

/// A tag as stored: one lower-case word of 1 to 60 characters.
pub fn clean_tag(tag: &str) -> Option<String> {
    let tag = tag.trim().to_lowercase();
    (!tag.is_empty() && tag.chars().count() <= 60 && !tag.chars().any(char::is_whitespace))
        .then_some(tag)
}

fn tags(value: &Value) -> Result<BTreeSet<String>, PartError> {
    let raw: BTreeSet<String> = list(value, "tags")?;
    raw.iter()
        .map(|t| {
            clean_tag(t).ok_or((
                "value",
                format!("`{t}` is not one word of 1 to 60 characters"),
            ))
        })
        .collect()
}

fn text(value: &Value, max: usize) -> Result<String, String> {
    match value.as_str().map(str::trim) {
        Some(t) if !t.is_empty() && t.chars().count() <= max => Ok(t.to_owned()),
        _ => Err(format!("must be a text of 1 to {max} characters")),
    }
}

fn validate_condition(spec: &ConditionSpec) -> Result<Condition, PartError> {
    use ConditionField as F;
    let c = match spec.field {
        F::Status => Condition::Status(is_or_not(spec.operator)?, list(&spec.value, "statuses")?),
        F::Priority => {
            Condition::Priority(is_or_not(spec.operator)?, list(&spec.value, "priorities")?)
        }
        F::Category => Condition::Category(is_or_not(spec.operator)?, list(&spec.value, "ids")?),
        F::Company => Condition::Company(is_or_not(spec.operator)?, list(&spec.value, "ids")?),
        F::Consultancy => {
            Condition::Consultancy(is_or_not(spec.operator)?, list(&spec.value, "ids")?)
        }
        F::Segment => Condition::Segment(is_or_not(spec.operator)?, list(&spec.value, "ids")?),
        F::Channel => Condition::Channel(is_or_not(spec.operator)?, list(&spec.value, "channels")?),
        F::Tags => match spec.operator {
            Operator::ContainsAny | Operator::ContainsAll | Operator::ContainsNone => {
                Condition::Tags(spec.operator, tags(&spec.value)?)
            }
            _ => {
                return Err((
                    "operator",
                    "must be contains_any, contains_all or contains_none".into(),
                ));
            }
        },
        F::Assignee => Condition::Assignee(membership(spec)?),
        F::Team => Condition::Team(membership(spec)?),
        F::RequesterRole => {
            Condition::RequesterRole(is_or_not(spec.operator)?, list(&spec.value, "roles")?)
        }
        F::Text => {
            let contains = match spec.operator {
                Operator::Contains => true,
                Operator::NotContains => false,
                _ => return Err(("operator", "must be contains or not_contains".into())),
            };
            Condition::Text {
                contains,
                text: text(&spec.value, 200).map_err(|m| ("value", m))?,
            }
        }
        F::Sla => Condition::Sla(is_or_not(spec.operator)?, list(&spec.value, "SLA states")?),
        F::BusinessHours => {
            let within = match spec.operator {
                Operator::Within => true,
                Operator::Outside => false,
                _ => return Err(("operator", "must be within or outside".into())),
            };
            let calendar_id = serde_json::from_value(spec.value.clone())
                .map_err(|_| ("value", "must be a calendar id".to_owned()))?;
            Condition::BusinessHours {
                within,
                calendar_id,
            }
        }
        F::TimeSince => {
            let more_than = match spec.operator {
                Operator::MoreThan => true,
                Operator::LessThan => false,
                _ => return Err(("operator", "must be more_than or less_than".into())),
            };
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct Since {
                anchor: TimeAnchor,
                minutes: i64,
                #[serde(default)]
                calendar_id: Option<Uuid>,
            }
            let since: Since = serde_json::from_value(spec.value.clone()).map_err(|e| {
                (
                    "value",
                    format!("must be {{\"anchor\", \"minutes\", \"calendar_id\"}}: {e}"),
                )
            })?;
            if !(1..=525_600).contains(&since.minutes) {
                return Err(("value", "minutes must be 1 to 525600".into()));
            }
            Condition::TimeSince {
                more_than,
                anchor: since.anchor,
                minutes: since.minutes,
                calendar_id: since.calendar_id,
            }
        }
    };
    Ok(c)
}

fn one<T: for<'de> Deserialize<'de>>(value: &Value, what: &str) -> Result<T, String> {
    serde_json::from_value(value.clone()).map_err(|e| format!("must be {what}: {e}"))
}

fn validate_action(spec: &ActionSpec) -> Result<Action, String> {
    use ActionKind as K;
    Ok(match spec.kind {
        K::AssignAgent => Action::AssignAgent(one(&spec.value, "a user id")?),
        K::AssignTeam => {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct Team {
                team_id: Uuid,
                #[serde(default)]
                assignment: Option<TeamAssignment>,
            }
            let t: Team = one(&spec.value, "{\"team_id\", \"assignment\"}")?;
            Action::AssignTeam {
                team_id: t.team_id,
                assignment: t.assignment.unwrap_or(TeamAssignment::TeamDefault),
            }
        }
        K::SetStatus => Action::SetStatus(one(&spec.value, "a status")?),
        K::SetPriority => Action::SetPriority(one(&spec.value, "a priority")?),
        K::SetCategory => Action::SetCategory(one(&spec.value, "a category id or null")?),
        K::AddTags => Action::AddTags(tags(&spec.value).map_err(|(_, m)| m)?),
        K::RemoveTags => Action::RemoveTags(tags(&spec.value).map_err(|(_, m)| m)?),
        K::AddNote => Action::AddNote(text(&spec.value, 20_000)?),
        K::Reply => {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct Reply {
                #[serde(default)]
                body: Option<String>,
                #[serde(default)]
                canned_response_id: Option<Uuid>,
            }
            let r: Reply = one(&spec.value, "{\"body\"} or {\"canned_response_id\"}")?;
            match (r.body, r.canned_response_id) {
                (Some(body), None) => {
                    Action::Reply(ReplySource::Text(text(&Value::String(body), 20_000)?))
                }
                (None, Some(id)) => Action::Reply(ReplySource::Canned(id)),
                _ => return Err("must have either body or canned_response_id".into()),
            }
        }
        K::Notify => {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct Notify {
                #[serde(default)]
                users: BTreeSet<Uuid>,
                #[serde(default)]
                roles: BTreeSet<Role>,
                #[serde(default)]
                teams: BTreeSet<Uuid>,
                message: String,
            }
            let n: Notify = one(
                &spec.value,
                "{\"users\", \"roles\", \"teams\", \"message\"}",
            )?;
            if n.users.is_empty() && n.roles.is_empty() && n.teams.is_empty() {
                return Err("must name users, roles or teams to notify".into());
            }
            if n.roles.iter().any(|r| r.is_client()) {
                return Err("roles must be staff roles".into());
            }
            Action::Notify {
                users: n.users,
                roles: n.roles,
                teams: n.teams,
                message: text(&Value::String(n.message), 500)?,
            }
        }
        K::Escalate => {
            #[derive(Deserialize, Default)]
            #[serde(deny_unknown_fields)]
            struct Escalate {
                #[serde(default)]
                assignee_id: Option<Uuid>,
                #[serde(default)]
                team_id: Option<Uuid>,
            }
            let e: Escalate = if spec.value.is_null() {
                Escalate::default()
            } else {
                one(&spec.value, "{\"assignee_id\", \"team_id\"}")?
            };
            Action::Escalate {
                assignee_id: e.assignee_id,
                team_id: e.team_id,
            }
        }
    })
}

impl Rule {
    /// Whether some action makes some condition false, so that once the
    /// rule fired it no longer matches the ticket: what a time rule needs
    /// to be safe.
    pub fn nullified_by_own_actions(&self) -> bool {
        let falsifies = |c: &Condition| self.actions.iter().any(|a| action_falsifies(a, c));
        self.all.iter().any(falsifies) || (!self.any.is_empty() && self.any.iter().all(falsifies))
    }

    /// The ids of users, teams, categories, calendars and canned responses
    /// the rule names, which the service checks exist and are in reach.
    pub fn references(&self) -> References {
        let mut r = References::default();
        if let When::Time(t) = &self.when {
            r.calendars.extend(t.calendar_id);
        }
        for c in self.all.iter().chain(&self.any) {
            match c {
                Condition::Category(_, ids) => r.categories.extend(ids),
                Condition::Company(_, ids) | Condition::Consultancy(_, ids) => {
                    r.companies.extend(ids)
                }
                Condition::Assignee(Membership::OneOf(_, ids)) => r.users.extend(ids),
                Condition::Team(Membership::OneOf(_, ids)) => r.teams.extend(ids),
                Condition::BusinessHours { calendar_id, .. } => {
                    r.calendars.insert(*calendar_id);
                }
                Condition::TimeSince { calendar_id, .. } => r.calendars.extend(*calendar_id),
                _ => {}
            }
        }
        for a in &self.actions {
            match a {
                Action::AssignAgent(u) => {
                    r.users.insert(*u);
                }
                Action::AssignTeam { team_id, .. } => {
                    r.teams.insert(*team_id);
                }
                Action::SetCategory(Some(c)) => {
                    r.categories.insert(*c);
                }
                Action::Reply(ReplySource::Canned(id)) => {
                    r.canned.insert(*id);
                }
                Action::Notify { users, teams, .. } => {
                    r.users.extend(users);
                    r.teams.extend(teams);
                }
                Action::Escalate {
                    assignee_id,
                    team_id,
                } => {
                    r.users.extend(*assignee_id);
                    r.teams.extend(*team_id);
                }
                _ => {}
            }
        }
        r
    }

    /// The calendar business-hours placeholders use: the first one the
    /// rule names.
    pub fn calendar(&self) -> Option<Uuid> {
        self.references().calendars.into_iter().next()
    }
}

/// What a rule refers to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct References {
    pub users: BTreeSet<Uuid>,
    pub teams: BTreeSet<Uuid>,
    pub categories: BTreeSet<Uuid>,
    pub companies: BTreeSet<Uuid>,
    pub calendars: BTreeSet<Uuid>,
    pub canned: BTreeSet<Uuid>,
}

fn action_falsifies(action: &Action, condition: &Condition) -> bool {
    match (action, condition) {
        (Action::SetStatus(s), Condition::Status(is, set)) => *is != set.contains(s),
        (Action::SetPriority(p), Condition::Priority(is, set)) => *is != set.contains(p),
        // Raising one step leaves a single non-urgent priority for sure.
        (Action::Escalate { .. }, Condition::Priority(true, set)) => {
            set.len() == 1 && !set.contains(&Priority::Urgent)
        }
        (Action::SetCategory(c), Condition::Category(is, set)) => {
            *is != c.is_some_and(|c| set.contains(&c))
        }
        (Action::SetCategory(None), _) => false,
        (Action::AddTags(added), Condition::Tags(Operator::ContainsNone, set)) => {
            !added.is_disjoint(set)
        }
        (
            Action::RemoveTags(removed),
            Condition::Tags(Operator::ContainsAll | Operator::ContainsAny, set),
        ) => set.is_subset(removed),
        (Action::AssignAgent(u), Condition::Assignee(m)) => match m {
            Membership::Set(set) => !set,
            Membership::OneOf(is, ids) => *is != ids.contains(u),
        },
        (
            Action::Escalate {
                assignee_id: Some(u),
                ..
            },
            Condition::Assignee(m),
        ) => match m {
            Membership::Set(set) => !set,
            Membership::OneOf(is, ids) => *is != ids.contains(u),
        },
        (Action::AssignTeam { team_id, .. }, Condition::Team(m)) => match m {
            Membership::Set(set) => !set,
            Membership::OneOf(is, ids) => *is != ids.contains(team_id),
        },
        _ => false,
    }
}

/// The update events a set of domain events stands for (a reply names
/// its side by the performer).
pub fn update_events(events: &[DomainEvent]) -> BTreeSet<UpdateEvent> {
    let mut out = BTreeSet::new();
    for e in events {
        let field = |f: &str| e.changes.iter().any(|c| c.field == f);
        match e.kind {
            EventKind::TicketUpdated => {
                if field("priority") {
                    out.insert(UpdateEvent::PriorityChanged);
                }
                if field("team_id") {
                    out.insert(UpdateEvent::TeamChanged);
                }
                if field("category_id") {
                    out.insert(UpdateEvent::CategoryChanged);
                }
                if field("tags") {
                    out.insert(UpdateEvent::TagsChanged);
                }
                if field("subject") {
                    out.insert(UpdateEvent::SubjectChanged);
                }
            }
            EventKind::TicketAssigned => {
                out.insert(UpdateEvent::Assigned);
            }
            EventKind::TicketStatusChanged => {
                out.insert(UpdateEvent::StatusChanged);
            }
            EventKind::TicketReopened => {
                out.insert(UpdateEvent::Reopened);
            }
            EventKind::TicketSolved => {
                out.insert(UpdateEvent::Solved);
            }
            EventKind::TicketPublicReply => {
                out.insert(if e.performer.kind == PerformerKind::Client {
                    UpdateEvent::ClientReply
                } else {
                    UpdateEvent::AgentReply
                });
            }
            EventKind::TicketInternalNote => {
                out.insert(UpdateEvent::InternalNote);
            }
            EventKind::TicketSlaWarning => {
                out.insert(UpdateEvent::SlaWarning);
            }
            EventKind::TicketSlaBreach => {
                out.insert(UpdateEvent::SlaBreach);
            }
            _ => {}
        }
    }
    out
}

/// A change a rule may answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Created {
        by: PerformerKind,
    },
    Updated {
        events: BTreeSet<UpdateEvent>,
        by: PerformerKind,
    },
    /// A time rule's moment came.
    Time,
}

/// Whether `change` triggers `rule` (before its conditions).
pub fn triggered(rule: &Rule, change: &Change) -> bool {
    match (&rule.when, change) {
        (When::Created { by }, Change::Created { by: who }) => by.is_empty() || by.contains(who),
        (
            When::Updated { events, by },
            Change::Updated {
                events: what,
                by: who,
            },
        ) => {
            (by.is_empty() || by.contains(who))
                && !what.is_empty()
                && (events.is_empty() || !events.is_disjoint(what))
        }
        (When::Time(_), Change::Time) => true,
        _ => false,
    }
}

/// A cascade: the passes that follow one change.
///
/// Pass 1 answers the change itself. Each later pass answers the changes
/// the rules of the previous pass made, each rule only what *other* rules
/// changed (a rule never re-fires on its own change). A rule fires at most
/// once per pass. After [`MAX_PASSES`] passes the cascade stops, and if a
/// further pass would have fired something, "loop limit reached" is
/// recorded.
#[derive(Debug, Clone, Default)]
pub struct Cascade {
    pass: u8,
    /// What each rule changed in the current pass.
    changed: BTreeMap<Uuid, BTreeSet<UpdateEvent>>,
}

impl Cascade {
    pub fn new() -> Self {
        Cascade {
            pass: 1,
            changed: BTreeMap::new(),
        }
    }

    /// The pass under way (1-based).
    pub fn pass(&self) -> u8 {
        self.pass
    }

    /// Records what `rule` changed in this pass.
    pub fn record(&mut self, rule: Uuid, events: BTreeSet<UpdateEvent>) {
        self.changed.entry(rule).or_default().extend(events);
    }

    /// Ends the pass: what its rules changed (for [`Self::change_for`] in
    /// the next pass, which begins), or `None` when nothing changed and
    /// the cascade is over.
    pub fn finish_pass(&mut self) -> Option<BTreeMap<Uuid, BTreeSet<UpdateEvent>>> {
        let changed = std::mem::take(&mut self.changed);
        if changed.values().all(BTreeSet::is_empty) {
            return None;
        }
        self.pass += 1;
        Some(changed)
    }

    /// Whether the passes are used up: a rule that would fire now is
    /// reported as "loop limit reached" instead.
    pub fn exhausted(&self) -> bool {
        self.pass > MAX_PASSES
    }

    /// The change pass `n > 1` presents to `rule`: what the other rules
    /// changed in the previous pass.
    pub fn change_for(
        &self,
        rule: Uuid,
        previous: &BTreeMap<Uuid, BTreeSet<UpdateEvent>>,
    ) -> Change {
        let events = previous
            .iter()
            .filter(|(id, _)| **id != rule)
            .flat_map(|(_, e)| e.iter().copied())
            .collect();
        Change::Updated {
            events,
            by: PerformerKind::Rule,
        }
    }
}

/// Whether an automatic reply may go out, and if not, why (an English
/// reason code the timeline shows translated).
pub fn may_auto_reply(facts: &AutoReplyFacts) -> Result<(), &'static str> {
    if facts.auto_submitted {
        return Err("auto_submitted");
    }
    if facts.opened_by_staff {
        return Err("opened_by_staff");
    }
    if facts.already_replied_by_rule {
        return Err("already_replied");
    }
    Ok(())
}

/// What [`may_auto_reply`] weighs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AutoReplyFacts {
    /// The ticket or the message answered was generated automatically
    /// (e.g. an e-mail with `Auto-Submitted`).
    pub auto_submitted: bool,
    /// Staff opened the ticket on the client's behalf.
    pub opened_by_staff: bool,
    /// This rule already replied on this ticket.
    pub already_replied_by_rule: bool,
}

#[cfg(all(feature = "calendar", feature = "search"))]
mod eval;
#[cfg(all(feature = "calendar", feature = "search"))]
pub use eval::*;

#[cfg(test)]
mod tests;
