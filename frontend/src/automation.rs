//! Automation rules in the SPA: the editor's drafts and the JSON shapes
//! they become (`WhenSpec`, `ConditionSpec`, `ActionSpec` of the core),
//! the places the server's 422 errors point at, and the texts of the
//! timeline's rule firings and of the dry run. No browser calls here, so
//! all of it is unit tested.
//!
//! A draft keeps what the person typed (numbers as text, ids as text) so
//! the form never loses an edit; it becomes a spec only when saved, and
//! whatever the server refuses comes back with the path of the part
//! (`conditions.all[2].value`), which [`error_place`] names in words.

use atende_core::automation::{
    ActionKind, ActionSpec, ConditionField, ConditionSpec, Direction, Operator, SlaCondition,
    TeamAssignment, TimeAnchor, Trigger, UpdateEvent, WhenSpec,
};
use atende_core::events::PerformerKind;
use atende_core::locale::Locale;
use atende_core::tickets::{Priority, TicketStatus};
use atende_types::automation::{AutomationRule, ConditionResult, RuleFired, RuleLoopLimit};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::i18n::{Key, t};
use crate::labels;
use crate::tickets::{Named, parse_tags};

/// The rules, in order (`GET`), and where new ones go (`POST`).
pub const RULES_PATH: &str = "/api/v1/automation/rules";
/// The whole order at once (`PUT`).
pub const ORDER_PATH: &str = "/api/v1/automation/rules/order";
/// Which rules would fire on a ticket now (`POST`).
pub const DRY_RUN_PATH: &str = "/api/v1/automation/dry-run";

/// The unit a number of minutes is typed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Minutes,
    Hours,
}

impl Unit {
    pub const ALL: [Unit; 2] = [Unit::Minutes, Unit::Hours];

    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Minutes => "minutes",
            Unit::Hours => "hours",
        }
    }

    pub fn parse(text: &str) -> Unit {
        if text == "hours" {
            Unit::Hours
        } else {
            Unit::Minutes
        }
    }

    fn factor(self) -> i64 {
        match self {
            Unit::Minutes => 1,
            Unit::Hours => 60,
        }
    }

    pub fn key(self) -> Key {
        match self {
            Unit::Minutes => Key::UnitMinutes,
            Unit::Hours => Key::UnitHours,
        }
    }
}

/// Minutes from a typed amount (`"2"` hours → 120); `None` when it is not
/// a whole number.
pub fn to_minutes(amount: &str, unit: Unit) -> Option<i64> {
    amount
        .trim()
        .parse::<i64>()
        .ok()
        .and_then(|n| n.checked_mul(unit.factor()))
}

/// The amount and unit that show `minutes` best (whole hours in hours).
pub fn from_minutes(minutes: i64) -> (String, Unit) {
    if minutes != 0 && minutes % 60 == 0 {
        ((minutes / 60).to_string(), Unit::Hours)
    } else {
        (minutes.to_string(), Unit::Minutes)
    }
}

/// What kind of value a condition takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// `is_empty`, `is_set`.
    Nothing,
    Statuses,
    Priorities,
    Channels,
    Roles,
    SlaStates,
    Categories,
    Companies,
    Consultancies,
    Segments,
    Teams,
    Agents,
    Tags,
    Text,
    Calendar,
    TimeSince,
}

/// The operators a field accepts, the first being the default.
pub fn operators(field: ConditionField) -> &'static [Operator] {
    use ConditionField as F;
    match field {
        F::Status
        | F::Priority
        | F::Category
        | F::Company
        | F::Consultancy
        | F::Segment
        | F::Channel
        | F::RequesterRole
        | F::Sla => &[Operator::Is, Operator::IsNot],
        F::Tags => &[
            Operator::ContainsAny,
            Operator::ContainsAll,
            Operator::ContainsNone,
        ],
        F::Assignee | F::Team => &[
            Operator::Is,
            Operator::IsNot,
            Operator::IsEmpty,
            Operator::IsSet,
        ],
        F::Text => &[Operator::Contains, Operator::NotContains],
        F::BusinessHours => &[Operator::Within, Operator::Outside],
        F::TimeSince => &[Operator::MoreThan, Operator::LessThan],
    }
}

/// The value a condition on `field` with `operator` takes.
pub fn value_kind(field: ConditionField, operator: Operator) -> ValueKind {
    use ConditionField as F;
    if matches!(operator, Operator::IsEmpty | Operator::IsSet) {
        return ValueKind::Nothing;
    }
    match field {
        F::Status => ValueKind::Statuses,
        F::Priority => ValueKind::Priorities,
        F::Category => ValueKind::Categories,
        F::Company => ValueKind::Companies,
        F::Consultancy => ValueKind::Consultancies,
        F::Segment => ValueKind::Segments,
        F::Channel => ValueKind::Channels,
        F::Tags => ValueKind::Tags,
        F::Assignee => ValueKind::Agents,
        F::Team => ValueKind::Teams,
        F::RequesterRole => ValueKind::Roles,
        F::Text => ValueKind::Text,
        F::Sla => ValueKind::SlaStates,
        F::BusinessHours => ValueKind::Calendar,
        F::TimeSince => ValueKind::TimeSince,
    }
}

/// One condition as the editor holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionDraft {
    pub field: ConditionField,
    pub operator: Operator,
    /// The chosen values (API names or ids) of a list.
    pub values: Vec<String>,
    /// Tags as typed, the text to look for, or a calendar id.
    pub text: String,
    /// `time_since`: from what, how long, and on which calendar (empty:
    /// calendar minutes).
    pub anchor: TimeAnchor,
    pub amount: String,
    pub unit: Unit,
    pub calendar: String,
}

impl ConditionDraft {
    pub fn new(field: ConditionField) -> Self {
        Self {
            field,
            operator: operators(field)[0],
            values: Vec::new(),
            text: String::new(),
            anchor: TimeAnchor::Created,
            amount: String::new(),
            unit: Unit::Hours,
            calendar: String::new(),
        }
    }

    /// Another field: its first operator and no values.
    pub fn set_field(&mut self, field: ConditionField) {
        if field != self.field {
            *self = Self::new(field);
        }
    }

    /// Another operator; the values stay while they still fit.
    pub fn set_operator(&mut self, operator: Operator) {
        if operators(self.field).contains(&operator) {
            self.operator = operator;
        }
    }

    pub fn kind(&self) -> ValueKind {
        value_kind(self.field, self.operator)
    }

    /// The condition as the API takes it.
    pub fn to_spec(&self) -> ConditionSpec {
        let value = match self.kind() {
            ValueKind::Nothing => Value::Null,
            ValueKind::Statuses
            | ValueKind::Priorities
            | ValueKind::Channels
            | ValueKind::Roles
            | ValueKind::SlaStates
            | ValueKind::Categories
            | ValueKind::Companies
            | ValueKind::Consultancies
            | ValueKind::Segments
            | ValueKind::Teams
            | ValueKind::Agents => json!(self.values),
            ValueKind::Tags => json!(parse_tags(&self.text)),
            ValueKind::Text => json!(self.text.trim()),
            ValueKind::Calendar => {
                if self.text.is_empty() {
                    Value::Null
                } else {
                    json!(self.text)
                }
            }
            ValueKind::TimeSince => {
                let mut since = json!({
                    "anchor": self.anchor,
                    "minutes": to_minutes(&self.amount, self.unit).unwrap_or(0),
                });
                if !self.calendar.is_empty() {
                    since["calendar_id"] = json!(self.calendar);
                }
                since
            }
        };
        ConditionSpec {
            field: self.field,
            operator: self.operator,
            value,
        }
    }

    /// A saved condition, to edit.
    pub fn from_spec(spec: &ConditionSpec) -> Self {
        let mut draft = Self::new(spec.field);
        draft.operator = spec.operator;
        let strings = |value: &Value| -> Vec<String> {
            value
                .as_array()
                .map(|items| {
                    items
                        .iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default()
        };
        match draft.kind() {
            ValueKind::Nothing => {}
            ValueKind::Tags => draft.text = strings(&spec.value).join(", "),
            ValueKind::Text | ValueKind::Calendar => {
                draft.text = spec.value.as_str().unwrap_or_default().to_owned();
            }
            ValueKind::TimeSince => {
                if let Some(anchor) = spec
                    .value
                    .get("anchor")
                    .and_then(Value::as_str)
                    .and_then(TimeAnchor::parse)
                {
                    draft.anchor = anchor;
                }
                let minutes = spec
                    .value
                    .get("minutes")
                    .and_then(Value::as_i64)
                    .unwrap_or(0);
                (draft.amount, draft.unit) = from_minutes(minutes);
                draft.calendar = spec
                    .value
                    .get("calendar_id")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned();
            }
            _ => draft.values = strings(&spec.value),
        }
        draft
    }
}

/// How an automatic reply is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplyMode {
    Text,
    Canned,
}

/// One action as the editor holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionDraft {
    pub kind: ActionKind,
    /// The agent, team, category (empty: none) or canned response.
    pub target: String,
    pub assignment: TeamAssignment,
    pub status: TicketStatus,
    pub priority: Priority,
    pub tags: String,
    /// A note, a reply or a notification's message.
    pub text: String,
    pub reply: ReplyMode,
    pub users: Vec<String>,
    pub roles: Vec<String>,
    /// `notify`: every member of these teams.
    pub teams: Vec<String>,
    /// `escalate`: the team to hand over to (empty: keep).
    pub team: String,
}

impl ActionDraft {
    pub fn new(kind: ActionKind) -> Self {
        Self {
            kind,
            target: String::new(),
            assignment: TeamAssignment::TeamDefault,
            status: TicketStatus::Open,
            priority: Priority::High,
            tags: String::new(),
            text: String::new(),
            reply: ReplyMode::Text,
            users: Vec::new(),
            roles: Vec::new(),
            teams: Vec::new(),
            team: String::new(),
        }
    }

    /// Another kind: a fresh value.
    pub fn set_kind(&mut self, kind: ActionKind) {
        if kind != self.kind {
            *self = Self::new(kind);
        }
    }

    /// The action as the API takes it.
    pub fn to_spec(&self) -> ActionSpec {
        let id_or_null = |id: &str| {
            if id.is_empty() {
                Value::Null
            } else {
                json!(id)
            }
        };
        let value = match self.kind {
            ActionKind::AssignAgent => id_or_null(&self.target),
            ActionKind::AssignTeam => json!({
                "team_id": id_or_null(&self.target),
                "assignment": self.assignment,
            }),
            ActionKind::SetStatus => json!(self.status),
            ActionKind::SetPriority => json!(self.priority),
            ActionKind::SetCategory => id_or_null(&self.target),
            ActionKind::AddTags | ActionKind::RemoveTags => json!(parse_tags(&self.tags)),
            ActionKind::AddNote => json!(self.text.trim()),
            ActionKind::Reply => match self.reply {
                ReplyMode::Text => json!({ "body": self.text.trim() }),
                ReplyMode::Canned => json!({ "canned_response_id": id_or_null(&self.target) }),
            },
            ActionKind::Notify => json!({
                "users": self.users,
                "roles": self.roles,
                "teams": self.teams,
                "message": self.text.trim(),
            }),
            ActionKind::Escalate => {
                let mut escalate = serde_json::Map::new();
                if !self.target.is_empty() {
                    escalate.insert("assignee_id".into(), json!(self.target));
                }
                if !self.team.is_empty() {
                    escalate.insert("team_id".into(), json!(self.team));
                }
                Value::Object(escalate)
            }
        };
        ActionSpec {
            kind: self.kind,
            value,
        }
    }

    /// A saved action, to edit.
    pub fn from_spec(spec: &ActionSpec) -> Self {
        let mut draft = Self::new(spec.kind);
        let v = &spec.value;
        let text =
            |value: Option<&Value>| value.and_then(Value::as_str).unwrap_or_default().to_owned();
        let strings = |value: Option<&Value>| -> Vec<String> {
            value
                .and_then(Value::as_array)
                .map(|items| {
                    items
                        .iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default()
        };
        match spec.kind {
            ActionKind::AssignAgent | ActionKind::SetCategory => draft.target = text(Some(v)),
            ActionKind::AssignTeam => {
                draft.target = text(v.get("team_id"));
                if let Some(assignment) = v
                    .get("assignment")
                    .and_then(Value::as_str)
                    .and_then(TeamAssignment::parse)
                {
                    draft.assignment = assignment;
                }
            }
            ActionKind::SetStatus => {
                if let Some(status) = v.as_str().and_then(TicketStatus::parse) {
                    draft.status = status;
                }
            }
            ActionKind::SetPriority => {
                if let Some(priority) = v.as_str().and_then(Priority::parse) {
                    draft.priority = priority;
                }
            }
            ActionKind::AddTags | ActionKind::RemoveTags => {
                draft.tags = strings(Some(v)).join(", ");
            }
            ActionKind::AddNote => draft.text = text(Some(v)),
            ActionKind::Reply => {
                if let Some(canned) = v.get("canned_response_id").and_then(Value::as_str) {
                    draft.reply = ReplyMode::Canned;
                    canned.clone_into(&mut draft.target);
                } else {
                    draft.text = text(v.get("body"));
                }
            }
            ActionKind::Notify => {
                draft.users = strings(v.get("users"));
                draft.roles = strings(v.get("roles"));
                draft.teams = strings(v.get("teams"));
                draft.text = text(v.get("message"));
            }
            ActionKind::Escalate => {
                draft.target = text(v.get("assignee_id"));
                draft.team = text(v.get("team_id"));
            }
        }
        draft
    }
}

/// When a rule runs, as the editor holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhenDraft {
    pub on: Trigger,
    pub events: Vec<UpdateEvent>,
    pub by: Vec<PerformerKind>,
    pub amount: String,
    pub unit: Unit,
    pub direction: Direction,
    pub anchor: TimeAnchor,
    /// Empty: calendar minutes; else business minutes of this calendar.
    pub calendar: String,
}

impl Default for WhenDraft {
    fn default() -> Self {
        Self {
            on: Trigger::Created,
            events: Vec::new(),
            by: Vec::new(),
            amount: "2".into(),
            unit: Unit::Hours,
            direction: Direction::After,
            anchor: TimeAnchor::Created,
            calendar: String::new(),
        }
    }
}

impl WhenDraft {
    /// Only the parts of the chosen trigger are sent.
    pub fn to_spec(&self) -> WhenSpec {
        let mut spec = WhenSpec {
            on: self.on,
            events: Vec::new(),
            by: Vec::new(),
            minutes: None,
            direction: None,
            anchor: None,
            calendar_id: None,
        };
        match self.on {
            Trigger::Created => spec.by.clone_from(&self.by),
            Trigger::Updated => {
                spec.events = UpdateEvent::ALL
                    .iter()
                    .copied()
                    .filter(|e| self.events.contains(e))
                    .collect();
                spec.by.clone_from(&self.by);
            }
            Trigger::Time => {
                spec.minutes = Some(to_minutes(&self.amount, self.unit).unwrap_or(0));
                spec.direction = Some(self.direction);
                spec.anchor = Some(self.anchor);
                spec.calendar_id = Uuid::parse_str(&self.calendar).ok();
            }
        }
        if matches!(self.on, Trigger::Created | Trigger::Updated) {
            spec.by = PerformerKind::ALL
                .iter()
                .copied()
                .filter(|p| spec.by.contains(p))
                .collect();
        }
        spec
    }

    pub fn from_spec(spec: &WhenSpec) -> Self {
        let mut draft = Self {
            on: spec.on,
            events: spec.events.clone(),
            by: spec.by.clone(),
            ..Self::default()
        };
        if let Some(minutes) = spec.minutes {
            (draft.amount, draft.unit) = from_minutes(minutes);
        }
        if let Some(direction) = spec.direction {
            draft.direction = direction;
        }
        if let Some(anchor) = spec.anchor {
            draft.anchor = anchor;
        }
        draft.calendar = spec
            .calendar_id
            .map(|id| id.to_string())
            .unwrap_or_default();
        draft
    }
}

/// Lower-cases the first letter (a label inside a sentence).
pub fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A rule's "when" in a line: `Ao criar o chamado`, `Ao atualizar o
/// chamado: resposta do cliente`, `2 horas depois de: abertura do
/// chamado (minutos úteis)`.
pub fn when_summary(locale: Locale, when: &WhenSpec) -> String {
    match when.on {
        Trigger::Created | Trigger::Updated => {
            let mut text = labels::trigger(locale, when.on).to_owned();
            if !when.events.is_empty() {
                let events: Vec<String> = when
                    .events
                    .iter()
                    .map(|e| lower_first(labels::update_event(locale, *e)))
                    .collect();
                text.push_str(": ");
                text.push_str(&events.join(", "));
            }
            if !when.by.is_empty() {
                let by: Vec<String> = when
                    .by
                    .iter()
                    .map(|p| lower_first(labels::performer(locale, *p)))
                    .collect();
                text.push_str(
                    &t(locale, Key::RuleByWhom)
                        .replace("{who}", &by.join(", "))
                        .replace("{sep}", " "),
                );
            }
            text
        }
        Trigger::Time => {
            let minutes = when.minutes.unwrap_or(0);
            let (amount, unit) = from_minutes(minutes);
            let mut text = t(locale, Key::RuleTimeSummary)
                .replace("{amount}", &amount)
                .replace("{unit}", t(locale, unit.key()))
                .replace(
                    "{direction}",
                    labels::direction(locale, when.direction.unwrap_or(Direction::After)),
                )
                .replace(
                    "{anchor}",
                    &lower_first(labels::time_anchor(
                        locale,
                        when.anchor.unwrap_or(TimeAnchor::Created),
                    )),
                );
            if when.calendar_id.is_some() {
                text.push(' ');
                text.push_str(t(locale, Key::RuleBusinessMinutesShort));
            }
            text
        }
    }
}

/// A rule's actions in a line: `Atribuir equipe, adicionar etiquetas`.
pub fn actions_summary(locale: Locale, actions: &[ActionKind]) -> String {
    let names: Vec<String> = actions
        .iter()
        .enumerate()
        .map(|(i, kind)| {
            let name = labels::action_kind(locale, *kind);
            if i == 0 {
                name.to_owned()
            } else {
                lower_first(name)
            }
        })
        .collect();
    names.join(", ")
}

/// The rule list's description of a rule.
pub fn rule_summary(locale: Locale, rule: &AutomationRule) -> String {
    let conditions = rule.conditions.all.len() + rule.conditions.any.len();
    let kinds: Vec<ActionKind> = rule.actions.iter().map(|a| a.kind).collect();
    format!(
        "{} · {} · {}",
        when_summary(locale, &rule.when),
        t(locale, Key::RuleConditionsCount).replace("{n}", &conditions.to_string()),
        actions_summary(locale, &kinds)
    )
}

/// The new order after moving the rule `id` one place up (`-1`) or down
/// (`+1`); `None` when it cannot move that way.
pub fn moved(ids: &[Uuid], id: Uuid, step: i32) -> Option<Vec<Uuid>> {
    let from = ids.iter().position(|x| *x == id)?;
    let to = from.checked_add_signed(isize::try_from(step).ok()?)?;
    if to >= ids.len() {
        return None;
    }
    let mut order = ids.to_vec();
    order.swap(from, to);
    Some(order)
}

/// Where in the editor an error path points, in words: `Nome`,
/// `Quando`, `Condição 3 de «Todas estas»`, `Ação 1`, `Ações`.
pub fn error_place(locale: Locale, path: &str) -> String {
    let index = |rest: &str| -> Option<usize> {
        let inside = rest.strip_prefix('[')?;
        let (number, _) = inside.split_once(']')?;
        number.parse::<usize>().ok().map(|n| n + 1)
    };
    if path == "name" || path.starts_with("name.") {
        return t(locale, Key::Name).to_owned();
    }
    if path == "enabled" {
        return t(locale, Key::RuleEnabledLabel).to_owned();
    }
    if path == "when" || path.starts_with("when.") {
        return t(locale, Key::WhenTitle).to_owned();
    }
    for (group, key) in [
        ("conditions.all", Key::ErrorAtConditionAll),
        ("conditions.any", Key::ErrorAtConditionAny),
    ] {
        if let Some(rest) = path.strip_prefix(group) {
            return match index(rest) {
                Some(n) => t(locale, key).replace("{n}", &n.to_string()),
                None => t(locale, Key::Conditions).to_owned(),
            };
        }
    }
    if path == "conditions" || path.starts_with("conditions.") {
        return t(locale, Key::Conditions).to_owned();
    }
    if let Some(rest) = path.strip_prefix("actions") {
        return match index(rest) {
            Some(n) => t(locale, Key::ErrorAtAction).replace("{n}", &n.to_string()),
            None => t(locale, Key::ActionsTitle).to_owned(),
        };
    }
    path.to_owned()
}

/// What the server said about a part of a rule, in the interface's
/// language when it is one of the core's usual messages (the server
/// writes them in English); anything else is shown as it came.
pub fn server_message(locale: Locale, message: &str) -> String {
    let m = message.trim();
    if let Some(rest) = m.strip_prefix("must be a text of 1 to ") {
        let max = rest.split_whitespace().next().unwrap_or_default();
        return t(locale, Key::RuleMsgText).replace("{max}", max);
    }
    let key = if m.starts_with("must name at least one of") {
        Key::RuleMsgPickValues
    } else if m.contains("formatted UUID")
        || m.starts_with("must be a user id")
        || m.starts_with("must be a calendar id")
        || m.starts_with("must be a category id")
        || m.starts_with("must be {\"team_id\"")
    {
        Key::RuleMsgPickOne
    } else if m.contains("525600") {
        Key::RuleMsgMinutes
    } else if m == "must name users or roles to notify" {
        Key::RuleMsgNotify
    } else if m == "must have either body or canned_response_id" {
        Key::RuleMsgReply
    } else if m.starts_with("a time rule must change something") {
        Key::RuleMsgTimeLoop
    } else if m.starts_with("an automatic reply on update") {
        Key::RuleMsgReplyOnUpdate
    } else if m.starts_with("only SLA targets") {
        Key::TimeBeforeOnlySla
    } else if m == "must have 1 to 120 characters" {
        Key::RuleMsgName
    } else if m == "names something that does not exist" {
        Key::RuleMsgMissing
    } else if m == "must be an active staff user you work with" {
        Key::RuleMsgStaff
    } else if m == "names a company outside your reach" {
        Key::RuleMsgOutOfReach
    } else if m.contains("is not one word of 1 to 60 characters") {
        Key::RuleMsgTag
    } else if m == "a rule needs at least one action" {
        Key::RuleNeedsAction
    } else if m.starts_with("loop limit reached") {
        return t(locale, Key::RuleMsgLoopLimit)
            .replace("{n}", &atende_core::automation::MAX_PASSES.to_string());
    } else {
        return m.to_owned();
    };
    t(locale, key).to_owned()
}

/// Whether `path` concerns the part at `prefix` (`conditions.all[2]`
/// covers `conditions.all[2].value`, not `conditions.all[20]`).
pub fn path_within(path: &str, prefix: &str) -> bool {
    path == prefix
        || path
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
}

/// What a condition saw, for people: the ticket's value by name (ids
/// resolved with `name`), the words looked for, how long, within or
/// outside hours.
pub fn actual_text(
    locale: Locale,
    result: &ConditionResult,
    name: &dyn Fn(Named, Uuid) -> Option<String>,
) -> String {
    let actual = result.actual.trim();
    if actual == "calendar_missing" {
        return t(locale, Key::CalendarMissing).to_owned();
    }
    if actual.is_empty() {
        return t(locale, Key::AutomationEmptyValue).to_owned();
    }
    let named = |kind: Named| {
        Uuid::parse_str(actual)
            .ok()
            .and_then(|id| name(kind, id))
            .unwrap_or_else(|| t(locale, Key::Unnamed).to_owned())
    };
    match result.field {
        ConditionField::Status => labels::ticket_status(locale, actual),
        ConditionField::Priority => labels::priority(locale, actual),
        ConditionField::Channel => labels::channel(locale, actual),
        ConditionField::RequesterRole => labels::role_name(locale, actual),
        ConditionField::Sla => SlaCondition::parse(actual).map_or_else(
            || actual.to_owned(),
            |s| labels::sla_condition(locale, s).to_owned(),
        ),
        ConditionField::Category => named(Named::Category),
        ConditionField::Company | ConditionField::Consultancy => named(Named::Company),
        ConditionField::Segment => named(Named::Segment),
        ConditionField::Assignee => named(Named::Person),
        ConditionField::Team => named(Named::Team),
        ConditionField::Tags => actual
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(", "),
        ConditionField::Text => format!("«{actual}»"),
        ConditionField::BusinessHours => match actual {
            "within" => t(locale, Key::WithinHoursActual).to_owned(),
            "outside" => t(locale, Key::OutsideHoursActual).to_owned(),
            other => other.to_owned(),
        },
        ConditionField::TimeSince => actual
            .parse::<i64>()
            .map_or_else(|_| actual.to_owned(), crate::format::duration),
    }
}

/// A condition's test in words: `Situação é`, `Etiquetas contêm alguma de`.
pub fn condition_text(locale: Locale, field: ConditionField, operator: Operator) -> String {
    format!(
        "{} {}",
        labels::condition_field(locale, field),
        labels::operator(locale, operator)
    )
}

/// A firing on the timeline, in parts: what happened, each condition
/// (what it saw, whether it held) and the actions left out, with why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FiringText {
    pub summary: String,
    pub conditions: Vec<(String, bool)>,
    pub skipped: Option<String>,
}

impl FiringText {
    /// The whole entry as one line, with ✓ and ✗ (for plain text; the
    /// page draws the marks as SVG).
    pub fn line(&self, locale: Locale) -> String {
        let mut line = self.summary.clone();
        if !self.conditions.is_empty() {
            let conditions: Vec<String> = self
                .conditions
                .iter()
                .map(|(text, met)| format!("{text} {}", if *met { '✓' } else { '✗' }))
                .collect();
            line.push_str(&format!(
                " ({}: {})",
                t(locale, Key::EventRuleConditions),
                conditions.join(", ")
            ));
        }
        if let Some(skipped) = &self.skipped {
            line.push_str("; ");
            line.push_str(skipped);
        }
        line
    }
}

/// A `rule_fired` entry's data in words: `Regra «Fiscal» aplicada:
/// atribuir equipe, adicionar etiquetas`, each condition as `situação:
/// novo`, and `não executadas: responder ao cliente (mensagem
/// automática)`.
pub fn firing_text(
    locale: Locale,
    fired: &RuleFired,
    name: &dyn Fn(Named, Uuid) -> Option<String>,
) -> FiringText {
    let actions = if fired.actions.is_empty() {
        t(locale, Key::EventRuleNothingDone).to_owned()
    } else {
        lower_first(&actions_summary(locale, &fired.actions))
    };
    let mut summary = t(locale, Key::EventRuleFired)
        .replace("{rule}", &fired.rule)
        .replace("{actions}", &actions);
    if fired.pass > 1 {
        summary.push(' ');
        summary.push_str(&t(locale, Key::EventRulePass).replace("{n}", &fired.pass.to_string()));
    }
    let conditions = fired
        .conditions
        .iter()
        .map(|c| {
            (
                format!(
                    "{}: {}",
                    lower_first(labels::condition_field(locale, c.field)),
                    actual_text(locale, c, name)
                ),
                c.matched,
            )
        })
        .collect();
    let skipped = (!fired.skipped.is_empty()).then(|| {
        let list: Vec<String> = fired
            .skipped
            .iter()
            .map(|s| {
                format!(
                    "{} ({})",
                    lower_first(labels::action_kind(locale, s.action)),
                    labels::skip_reason(locale, &s.reason)
                )
            })
            .collect();
        t(locale, Key::EventRuleSkipped).replace("{actions}", &list.join(", "))
    });
    FiringText {
        summary,
        conditions,
        skipped,
    }
}

/// A `rule_loop_limit` entry in words.
pub fn loop_limit_text(locale: Locale, limit: &RuleLoopLimit) -> String {
    t(locale, Key::EventRuleLoopLimit)
        .replace("{rule}", &limit.rule)
        .replace("{n}", &atende_core::automation::MAX_PASSES.to_string())
}

#[cfg(test)]
mod tests {
    use atende_core::automation::{ConditionGroups, RuleDefinition};
    use atende_types::automation::SkippedAction;

    use super::*;

    const ID: &str = "00000000-0000-0000-0000-000000000007";

    /// The core accepts what the editor sends.
    fn valid(when: WhenSpec, all: Vec<ConditionSpec>, actions: Vec<ActionSpec>) -> bool {
        let definition = RuleDefinition {
            when,
            conditions: ConditionGroups {
                all,
                any: Vec::new(),
            },
            actions,
        };
        match definition.validate(Uuid::nil()) {
            Ok(_) => true,
            Err(errors) => panic!("{errors:?}"),
        }
    }

    fn filled(field: ConditionField) -> ConditionDraft {
        let mut d = ConditionDraft::new(field);
        match d.kind() {
            ValueKind::Statuses => d.values = vec!["new".into()],
            ValueKind::Priorities => d.values = vec!["urgent".into()],
            ValueKind::Channels => d.values = vec!["email".into()],
            ValueKind::Roles => d.values = vec!["client".into()],
            ValueKind::SlaStates => d.values = vec!["at_risk".into()],
            ValueKind::Categories
            | ValueKind::Companies
            | ValueKind::Consultancies
            | ValueKind::Segments
            | ValueKind::Teams
            | ValueKind::Agents => d.values = vec![ID.into()],
            ValueKind::Tags => d.text = "Fiscal, #nfe".into(),
            ValueKind::Text => d.text = " folha de pagamento ".into(),
            ValueKind::Calendar => d.text = ID.into(),
            ValueKind::TimeSince => {
                d.anchor = TimeAnchor::StatusChanged;
                d.amount = "48".into();
                d.unit = Unit::Hours;
            }
            ValueKind::Nothing => {}
        }
        d
    }

    fn filled_action(kind: ActionKind) -> ActionDraft {
        let mut a = ActionDraft::new(kind);
        match kind {
            ActionKind::AssignAgent | ActionKind::AssignTeam | ActionKind::SetCategory => {
                a.target = ID.into();
            }
            ActionKind::AddTags | ActionKind::RemoveTags => a.tags = "escalado".into(),
            ActionKind::AddNote => a.text = "Encaminhado pela regra.".into(),
            ActionKind::Reply => a.text = "Recebemos seu chamado.".into(),
            ActionKind::Notify => {
                a.roles = vec!["supervisor".into()];
                a.text = "Veja este chamado".into();
            }
            ActionKind::SetStatus | ActionKind::SetPriority | ActionKind::Escalate => {}
        }
        a
    }

    #[test]
    fn every_condition_the_editor_makes_is_one_the_core_accepts_and_reads_back() {
        for field in ConditionField::ALL {
            for operator in operators(*field) {
                let mut draft = filled(*field);
                draft.set_operator(*operator);
                let spec = draft.to_spec();
                assert!(
                    valid(
                        WhenDraft::default().to_spec(),
                        vec![spec.clone()],
                        vec![filled_action(ActionKind::AddNote).to_spec()]
                    ),
                    "{field:?} {operator:?}"
                );
                let back = ConditionDraft::from_spec(&spec);
                assert_eq!(back.to_spec(), spec, "{field:?} {operator:?}");
            }
        }
    }

    #[test]
    fn conditions_have_the_documented_shapes() {
        assert_eq!(
            serde_json::to_value(filled(ConditionField::Text).to_spec()).unwrap_or_default(),
            json!({"field": "text", "operator": "contains", "value": "folha de pagamento"})
        );
        assert_eq!(
            filled(ConditionField::Tags).to_spec().value,
            json!(["fiscal", "nfe"])
        );
        let mut since = filled(ConditionField::TimeSince);
        since.calendar = ID.into();
        assert_eq!(
            since.to_spec().value,
            json!({"anchor": "status_changed", "minutes": 2880, "calendar_id": ID})
        );
        let mut team = ConditionDraft::new(ConditionField::Team);
        team.set_operator(Operator::IsEmpty);
        assert_eq!(team.to_spec().value, Value::Null);
        // A new field starts over.
        let mut d = filled(ConditionField::Status);
        d.set_field(ConditionField::Tags);
        assert_eq!(d.operator, Operator::ContainsAny);
        assert!(d.values.is_empty());
        // An operator the field does not take is ignored.
        d.set_operator(Operator::Is);
        assert_eq!(d.operator, Operator::ContainsAny);
    }

    #[test]
    fn every_action_the_editor_makes_is_one_the_core_accepts_and_reads_back() {
        for kind in ActionKind::ALL {
            let draft = filled_action(*kind);
            let spec = draft.to_spec();
            assert!(
                valid(
                    WhenDraft::default().to_spec(),
                    Vec::new(),
                    vec![spec.clone()]
                ),
                "{kind:?}"
            );
            assert_eq!(ActionDraft::from_spec(&spec), draft, "{kind:?}");
        }
        let mut canned = ActionDraft::new(ActionKind::Reply);
        canned.reply = ReplyMode::Canned;
        canned.target = ID.into();
        assert_eq!(canned.to_spec().value, json!({"canned_response_id": ID}));
        assert_eq!(ActionDraft::from_spec(&canned.to_spec()), canned);
        let mut team = filled_action(ActionKind::AssignTeam);
        team.assignment = TeamAssignment::RoundRobin;
        assert_eq!(
            team.to_spec().value,
            json!({"team_id": ID, "assignment": "round_robin"})
        );
        let none = ActionDraft::new(ActionKind::SetCategory);
        assert_eq!(none.to_spec().value, Value::Null);
        let mut escalate = ActionDraft::new(ActionKind::Escalate);
        assert_eq!(escalate.to_spec().value, json!({}));
        escalate.team = ID.into();
        assert_eq!(escalate.to_spec().value, json!({"team_id": ID}));
    }

    #[test]
    fn when_sends_only_the_parts_of_its_trigger() {
        let mut when = WhenDraft {
            events: vec![UpdateEvent::ClientReply, UpdateEvent::StatusChanged],
            by: vec![PerformerKind::Client],
            ..WhenDraft::default()
        };
        assert_eq!(
            serde_json::to_value(when.to_spec()).unwrap_or_default(),
            json!({"on": "created", "by": ["client"]})
        );
        when.on = Trigger::Updated;
        assert_eq!(
            serde_json::to_value(when.to_spec()).unwrap_or_default(),
            json!({"on": "updated", "events": ["status_changed", "client_reply"], "by": ["client"]})
        );
        when.on = Trigger::Time;
        when.direction = Direction::Before;
        when.anchor = TimeAnchor::ResolutionDue;
        when.calendar = ID.into();
        let spec = when.to_spec();
        assert_eq!(
            serde_json::to_value(&spec).unwrap_or_default(),
            json!({"on": "time", "minutes": 120, "direction": "before", "anchor": "resolution_due", "calendar_id": ID})
        );
        let back = WhenDraft::from_spec(&spec);
        assert_eq!(back.to_spec(), spec);
        assert_eq!((back.amount.as_str(), back.unit), ("2", Unit::Hours));
        // A time rule that tags what it escalates is accepted.
        let mut tag = ConditionDraft::new(ConditionField::Tags);
        tag.set_operator(Operator::ContainsNone);
        tag.text = "escalado".into();
        assert!(valid(
            spec,
            vec![tag.to_spec()],
            vec![
                filled_action(ActionKind::AddTags).to_spec(),
                ActionDraft::new(ActionKind::Escalate).to_spec()
            ]
        ));
    }

    #[test]
    fn minutes_are_typed_in_minutes_or_hours() {
        assert_eq!(to_minutes("2", Unit::Hours), Some(120));
        assert_eq!(to_minutes(" 45 ", Unit::Minutes), Some(45));
        assert_eq!(to_minutes("1,5", Unit::Hours), None);
        assert_eq!(from_minutes(90), ("90".to_owned(), Unit::Minutes));
        assert_eq!(from_minutes(2880), ("48".to_owned(), Unit::Hours));
    }

    #[test]
    fn rules_move_one_place_at_a_time() {
        let ids: Vec<Uuid> = (1..=3).map(Uuid::from_u128).collect();
        let id = Uuid::from_u128;
        assert_eq!(moved(&ids, id(2), -1), Some(vec![id(2), id(1), id(3)]));
        assert_eq!(moved(&ids, id(2), 1), Some(vec![id(1), id(3), id(2)]));
        assert_eq!(moved(&ids, id(1), -1), None);
        assert_eq!(moved(&ids, id(3), 1), None);
        assert_eq!(moved(&ids, id(9), 1), None);
    }

    #[test]
    fn error_paths_are_named_in_words() {
        let pt = |path| error_place(Locale::PtBr, path);
        assert_eq!(pt("name"), "Nome");
        assert_eq!(pt("when.minutes"), "Quando");
        assert_eq!(pt("conditions.all[2].value"), "Condição 3 de «Todas estas»");
        assert_eq!(
            pt("conditions.any[0].operator"),
            "Condição 1 de «Qualquer uma destas»"
        );
        assert_eq!(pt("conditions.all"), "Condições");
        assert_eq!(pt("actions[0].value"), "Ação 1");
        assert_eq!(pt("actions"), "Ações");
        assert_eq!(pt("other"), "other");
        assert!(path_within("conditions.all[2].value", "conditions.all[2]"));
        assert!(!path_within(
            "conditions.all[20].value",
            "conditions.all[2]"
        ));
        assert!(path_within("actions", "actions"));
        assert!(!path_within("actions[1].value", "actions[0]"));
    }

    #[test]
    fn the_cores_usual_messages_are_told_in_portuguese() {
        let pt = |m| server_message(Locale::PtBr, m);
        assert_eq!(
            pt("must be a text of 1 to 200 characters"),
            "Escreva um texto de 1 a 200 caracteres."
        );
        assert_eq!(
            pt(
                "must be {\"team_id\", \"assignment\"}: invalid type: null, expected a formatted UUID string"
            ),
            "Escolha um item da lista."
        );
        assert_eq!(
            pt("must name at least one of statuses"),
            "Escolha pelo menos um valor."
        );
        assert_eq!(
            pt("a rule needs at least one action"),
            "Inclua pelo menos uma ação."
        );
        assert!(
            pt("a time rule must change something one of its conditions checks")
                .starts_with("Uma regra por tempo")
        );
        assert_eq!(pt("something new"), "something new");
        assert_eq!(
            pt("loop limit reached: 5 passes of rules changing ticket 0000"),
            "limite de 5 passagens encadeadas atingido: regras que se disparam umas às outras"
        );
        assert_eq!(
            server_message(Locale::En, "must be a text of 1 to 500 characters"),
            "Write a text of 1 to 500 characters."
        );
    }

    fn result(
        field: ConditionField,
        operator: Operator,
        matched: bool,
        actual: &str,
    ) -> ConditionResult {
        ConditionResult {
            path: "conditions.all[0]".into(),
            field,
            operator,
            matched,
            actual: actual.into(),
        }
    }

    #[test]
    fn firings_read_as_sentences() {
        let team = Uuid::from_u128(9);
        let names = |kind: Named, id: Uuid| {
            (kind == Named::Team && id == team).then(|| "Fiscal".to_owned())
        };
        let fired = RuleFired {
            rule_id: Uuid::nil(),
            rule: "Fiscal para a equipe Fiscal".into(),
            pass: 1,
            trigger: Trigger::Created,
            due_at: None,
            conditions: vec![
                result(ConditionField::Status, Operator::Is, true, "new"),
                result(
                    ConditionField::Tags,
                    Operator::ContainsAny,
                    true,
                    "fiscal,nfe",
                ),
                result(
                    ConditionField::Team,
                    Operator::IsEmpty,
                    false,
                    &team.to_string(),
                ),
                result(
                    ConditionField::Text,
                    Operator::Contains,
                    true,
                    "folh pagament",
                ),
            ],
            actions: vec![ActionKind::AssignTeam, ActionKind::AddTags],
            skipped: vec![SkippedAction {
                action: ActionKind::Reply,
                reason: "auto_submitted".into(),
            }],
        };
        let text = firing_text(Locale::PtBr, &fired, &names);
        assert_eq!(
            text.line(Locale::PtBr),
            "Regra «Fiscal para a equipe Fiscal» aplicada: atribuir equipe, adicionar etiquetas \
             (condições: situação: Novo ✓, etiquetas: fiscal, nfe ✓, equipe: Fiscal ✗, \
             texto: «folh pagament» ✓); não executadas: responder ao cliente (mensagem automática)"
        );
        let later = RuleFired {
            pass: 2,
            conditions: Vec::new(),
            skipped: Vec::new(),
            ..fired
        };
        assert_eq!(
            firing_text(Locale::En, &later, &names).line(Locale::En),
            "Rule «Fiscal para a equipe Fiscal» applied: assign a team, add tags (chained, pass 2)"
        );
        assert_eq!(
            loop_limit_text(
                Locale::PtBr,
                &RuleLoopLimit {
                    rule_id: Uuid::nil(),
                    rule: "Escalar".into()
                }
            ),
            "Regra «Escalar» não aplicada: limite de 5 passagens encadeadas atingido"
        );
    }

    #[test]
    fn what_conditions_saw_is_told_by_name() {
        let none = |_: Named, _: Uuid| None;
        let pt = |r: ConditionResult| actual_text(Locale::PtBr, &r, &none);
        assert_eq!(
            pt(result(ConditionField::Sla, Operator::Is, false, "at_risk")),
            "Em risco"
        );
        assert_eq!(
            pt(result(
                ConditionField::Assignee,
                Operator::IsEmpty,
                true,
                ""
            )),
            "(vazio)"
        );
        assert_eq!(
            pt(result(ConditionField::Category, Operator::Is, false, ID)),
            "(sem nome)"
        );
        assert_eq!(
            pt(result(
                ConditionField::BusinessHours,
                Operator::Within,
                false,
                "outside"
            )),
            "fora do horário"
        );
        assert_eq!(
            pt(result(
                ConditionField::TimeSince,
                Operator::MoreThan,
                true,
                "150"
            )),
            "2 h 30 min"
        );
        assert_eq!(
            pt(result(
                ConditionField::BusinessHours,
                Operator::Within,
                false,
                "calendar_missing"
            )),
            "calendário não encontrado"
        );
        assert_eq!(
            condition_text(Locale::PtBr, ConditionField::Tags, Operator::ContainsAny),
            "Etiquetas contêm alguma de"
        );
    }

    #[test]
    fn the_list_describes_each_rule() {
        let when = WhenSpec {
            on: Trigger::Time,
            events: Vec::new(),
            by: Vec::new(),
            minutes: Some(120),
            direction: Some(Direction::Before),
            anchor: Some(TimeAnchor::ResolutionDue),
            calendar_id: Some(Uuid::nil()),
        };
        assert_eq!(
            when_summary(Locale::PtBr, &when),
            "2 horas antes de: prazo de resolução (SLA) (minutos úteis)"
        );
        let update = WhenSpec {
            on: Trigger::Updated,
            events: vec![UpdateEvent::ClientReply],
            by: vec![PerformerKind::Client],
            minutes: None,
            direction: None,
            anchor: None,
            calendar_id: None,
        };
        assert_eq!(
            when_summary(Locale::PtBr, &update),
            "Ao atualizar o chamado: resposta do cliente, por cliente"
        );
    }
}
