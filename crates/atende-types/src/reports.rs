//! Reports.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// `GET /api/v1/reports/sla`: tickets created in a period, grouped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlaReport {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    /// `company`, `consultancy`, `category`, `agent`, `priority` or `month`.
    pub group_by: String,
    pub rows: Vec<SlaReportRow>,
    /// Every row together.
    pub total: SlaReportRow,
}

/// One group of a [`SlaReport`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlaReportRow {
    /// The group's id or value (`urgent`, `2026-03`, a company id…);
    /// empty for "none" (no category, unassigned) and for the total.
    pub key: String,
    /// What people read: the company's name, the agent's name, `urgent`…
    pub label: String,
    /// Tickets created in the period.
    pub tickets: u64,
    /// Tickets with an SLA whose targets were all met in time.
    pub met: u64,
    /// Tickets with an SLA that missed a target (or are past one now).
    pub breached: u64,
    /// Tickets with an SLA still running within its targets.
    pub in_progress: u64,
    /// `met / (met + breached)`, 0–100; absent with nothing decided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub met_percent: Option<f64>,
    /// Average time to first response, in business minutes of each
    /// ticket's SLA calendar (tickets with an SLA and a response).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_response_business_minutes: Option<f64>,
    /// Average time to first response, in calendar minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_response_minutes: Option<f64>,
    /// Average time to resolution, in business minutes (solved tickets
    /// with an SLA).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution_business_minutes: Option<f64>,
    /// Average time to resolution, in calendar minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution_minutes: Option<f64>,
}

/// "Relatório mensal" of pending items: one row per company with activity
/// in the month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PendingMonthlyReport {
    /// `aaaa-mm`.
    pub month: String,
    pub rows: Vec<PendingMonthlyRow>,
}

/// One company of the monthly report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PendingMonthlyRow {
    pub company_id: Uuid,
    #[serde(default)]
    pub company_name: String,
    /// Items created in the month.
    pub opened: u64,
    /// Items first answered in the month.
    pub answered: u64,
    /// Items resolved in the month.
    pub resolved: u64,
    /// Hours from approval to the client's answer.
    #[serde(default)]
    pub average_answer_hours: Option<f64>,
    /// Hours from creation to resolution.
    #[serde(default)]
    pub average_resolution_hours: Option<f64>,
    /// Items due in the month (by today) and not resolved by their due date.
    pub overdue: u64,
}

/// "Relatório operadores": one row per operator (the items' creator).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PendingOperatorsReport {
    /// `aaaa-mm`.
    pub month: String,
    pub rows: Vec<PendingOperatorRow>,
}

/// One operator of the operators report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PendingOperatorRow {
    pub operator_id: Uuid,
    #[serde(default)]
    pub operator_name: String,
    /// Items created in the month.
    pub created: u64,
    /// Submissions in the month (a resubmission after a refusal counts
    /// again; an item created straight into approval counts once).
    pub submitted: u64,
    pub approved: u64,
    pub refused: u64,
    /// Approved of approved + refused, 0–100.
    #[serde(default)]
    pub approval_percent: Option<f64>,
    /// Items resolved in the month.
    pub processed: u64,
    /// Hours from the answer to the resolution.
    #[serde(default)]
    pub average_processing_hours: Option<f64>,
}
