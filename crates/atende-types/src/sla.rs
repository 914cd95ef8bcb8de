//! SLA: business calendars, policies and a ticket's SLA.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One working interval, `HH:MM`–`HH:MM` local time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HoursInterval {
    #[cfg_attr(feature = "openapi", schema(example = "08:00"))]
    pub start: String,
    #[cfg_attr(feature = "openapi", schema(example = "12:00"))]
    pub end: String,
}

/// A business calendar as the API shows and takes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Calendar {
    pub id: Uuid,
    pub name: String,
    /// IANA zone, e.g. `America/Sao_Paulo`.
    pub time_zone: String,
    /// Seven days, Monday first; each a list of intervals.
    pub week: Vec<Vec<HoursInterval>>,
    pub national_holidays: bool,
    /// Carnival Monday and Tuesday (ponto facultativo).
    pub carnival: bool,
    /// UF codes of state holiday sets.
    pub states: Vec<String>,
    pub custom_holidays: Vec<NaiveDate>,
    pub is_default: bool,
}

/// Creating or replacing a calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CalendarInput {
    pub name: String,
    #[serde(default)]
    pub time_zone: Option<String>,
    pub week: Vec<Vec<HoursInterval>>,
    #[serde(default = "yes")]
    pub national_holidays: bool,
    #[serde(default)]
    pub carnival: bool,
    #[serde(default)]
    pub states: Vec<String>,
    #[serde(default)]
    pub custom_holidays: Vec<NaiveDate>,
    #[serde(default)]
    pub is_default: bool,
}

fn yes() -> bool {
    true
}

/// When a policy applies (empty = any).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PolicyConditions {
    #[serde(default)]
    pub consultancy_ids: Vec<Uuid>,
    #[serde(default)]
    pub company_ids: Vec<Uuid>,
    #[serde(default)]
    pub segment_ids: Vec<Uuid>,
    #[serde(default)]
    pub category_ids: Vec<Uuid>,
    /// `low`, `normal`, `high`, `urgent`.
    #[serde(default)]
    pub priorities: Vec<String>,
}

/// An SLA policy; the first matching one (by `position`) applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Policy {
    pub id: Uuid,
    pub position: i32,
    pub name: String,
    pub conditions: PolicyConditions,
    pub calendar_id: Uuid,
    /// Business minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_response_minutes: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_response_minutes: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution_minutes: Option<i64>,
    /// Warn at this share of a target (default 80).
    pub warn_percent: i16,
    /// What happens when a target is breached.
    #[serde(default)]
    pub escalation: Escalation,
}

/// What happens when a ticket breaches a target of the policy, besides
/// telling its agent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Escalation {
    /// Notify the supervisors of the ticket's company.
    #[serde(default)]
    pub notify_supervisors: bool,
    /// Raise the priority one step (low → normal → high → urgent).
    #[serde(default)]
    pub raise_priority: bool,
    /// Reassign the ticket to this staff member.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reassign_to: Option<Uuid>,
}

/// Creating or replacing a policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PolicyInput {
    pub name: String,
    /// Where it goes in the order; appended when absent.
    #[serde(default)]
    pub position: Option<i32>,
    #[serde(default)]
    pub conditions: PolicyConditions,
    pub calendar_id: Uuid,
    #[serde(default)]
    pub first_response_minutes: Option<i64>,
    #[serde(default)]
    pub next_response_minutes: Option<i64>,
    #[serde(default)]
    pub resolution_minutes: Option<i64>,
    #[serde(default)]
    pub warn_percent: Option<i16>,
    #[serde(default)]
    pub escalation: Escalation,
}

/// One target of a ticket's SLA.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlaTarget {
    /// `first_response` or `resolution`.
    pub kind: String,
    pub target_minutes: i64,
    /// When it falls due if the clock keeps running; absent while paused
    /// or once met.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_at: Option<DateTime<Utc>>,
    /// Business minutes left (negative once breached).
    pub remaining_minutes: i64,
    pub elapsed_minutes: i64,
    /// `ok`, `at_risk`, `breached`, `met` or `paused`.
    pub state: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub met_at: Option<DateTime<Utc>>,
}

/// A stretch of the clock's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlaPeriod {
    /// `running` or `paused`.
    pub kind: String,
    pub from: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<DateTime<Utc>>,
    /// Why it started (`created`, `pending`, `resumed`, `solved`…).
    pub reason: String,
}

/// `GET /api/v1/tickets/{id}/sla`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketSla {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_name: Option<String>,
    /// The worst target state; `none` when no policy applies.
    pub state: String,
    pub targets: Vec<SlaTarget>,
    /// When the clock ran and paused.
    pub timeline: Vec<SlaPeriod>,
}
