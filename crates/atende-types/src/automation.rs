//! Automation rules (`/api/v1/automation`): the rules, their order and
//! switches, their firing counts, and the dry run. The rule's parts are
//! core's vocabulary ([`atende_core::automation`]).

use atende_core::automation::{
    ActionKind, ActionSpec, ConditionField, ConditionGroups, Operator, Trigger, WhenSpec,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::tickets::PersonRef;

/// A rule as it is shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AutomationRule {
    pub id: Uuid,
    pub name: String,
    /// Rules run in ascending position.
    pub position: i32,
    pub enabled: bool,
    pub when: WhenSpec,
    pub conditions: ConditionGroups,
    pub actions: Vec<ActionSpec>,
    /// The consultancies whose tickets the rule acts on; empty for an
    /// installation-wide rule (administrators').
    pub consultancy_ids: Vec<Uuid>,
    pub created_by: Option<PersonRef>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub stats: RuleStats,
}

/// How a rule has been doing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RuleStats {
    /// Firings in the last 7 days.
    pub fired_7d: u64,
    pub last_fired_at: Option<DateTime<Utc>>,
    /// Errors (and loop-limit stops) in the last 7 days.
    pub errors_7d: u64,
    pub last_error: Option<String>,
}

/// A rule to create or replace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AutomationRuleInput {
    pub name: String,
    #[serde(default = "yes")]
    pub enabled: bool,
    pub when: WhenSpec,
    #[serde(default)]
    pub conditions: ConditionGroups,
    pub actions: Vec<ActionSpec>,
}

fn yes() -> bool {
    true
}

/// The new order: every rule the actor manages, first to last.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RuleOrder {
    pub ids: Vec<Uuid>,
}

/// Switches a rule on or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RuleSwitch {
    pub enabled: bool,
}

/// Which ticket to try the rules on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DryRunRequest {
    /// The ticket's number (`41`, `#000041`) or id.
    pub ticket: String,
}

/// One condition's outcome in a dry run or a firing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConditionResult {
    /// E.g. `conditions.all[0]`.
    pub path: String,
    pub field: ConditionField,
    pub operator: Operator,
    pub matched: bool,
    /// What the ticket had (ids, value names, minutes since).
    pub actual: String,
}

/// What one rule would do with the ticket now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DryRunRule {
    pub rule_id: Uuid,
    pub name: String,
    pub enabled: bool,
    pub trigger: Trigger,
    /// Whether its conditions hold now (for a create or update rule: if
    /// the change it waits for happened now; for a time rule: when its
    /// moment comes).
    pub conditions_met: bool,
    /// Time rules: the moment for this ticket (none when the ticket lacks
    /// the anchor, e.g. no SLA target).
    pub due_at: Option<DateTime<Utc>>,
    /// Whether the rule already fired on this ticket for this moment.
    pub already_fired: bool,
    pub conditions: Vec<ConditionResult>,
}

/// The dry run of every rule on a ticket, in rule order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DryRun {
    pub ticket_id: Uuid,
    /// `#000041`.
    pub reference: String,
    pub rules: Vec<DryRunRule>,
}

/// The data of a `rule_fired` entry on a ticket's timeline (staff only):
/// which rule, in which pass, what it saw and what it did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RuleFired {
    pub rule_id: Uuid,
    pub rule: String,
    /// 1 for the change itself, 2–5 for changes other rules made.
    pub pass: u8,
    pub trigger: Trigger,
    /// Time rules: the moment that came.
    #[serde(default)]
    pub due_at: Option<DateTime<Utc>>,
    pub conditions: Vec<ConditionResult>,
    /// The actions carried out.
    pub actions: Vec<ActionKind>,
    /// The actions left out, and why (`auto_submitted`,
    /// `opened_by_staff`, `already_replied`, `not_found`, `out_of_reach`).
    #[serde(default)]
    pub skipped: Vec<SkippedAction>,
}

/// An action a firing left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SkippedAction {
    pub action: ActionKind,
    pub reason: String,
}

/// The data of a `rule_loop_limit` entry: the cascade stopped after
/// [`atende_core::automation::MAX_PASSES`] passes before this rule fired.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RuleLoopLimit {
    pub rule_id: Uuid,
    pub rule: String,
}
