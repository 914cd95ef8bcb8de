//! Outbound webhooks (`/api/v1/webhooks`): endpoints, their secrets, and
//! the delivery log. The vocabulary is core's ([`atende_core::webhooks`]).

use atende_core::{
    events::EventKind,
    webhooks::{DeliveryStatus, EndpointLevel},
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// An endpoint as it is shown (never its secret).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookEndpoint {
    pub id: Uuid,
    pub name: String,
    pub url: String,
    pub event_types: Vec<EventKind>,
    /// Only this company's events.
    pub company_id: Option<Uuid>,
    pub level: EndpointLevel,
    /// The consultancy owning the endpoint (only its companies' events);
    /// none for an installation-wide endpoint.
    pub consultancy_id: Option<Uuid>,
    pub enabled: bool,
    /// Why Atende switched it off (410 Gone, failing for too long).
    pub disabled_reason: Option<String>,
    pub consecutive_failures: i32,
    /// Until when the previous secret still signs beside the current one.
    pub previous_secret_until: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A new or changed endpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WebhookEndpointInput {
    pub name: String,
    /// `https://…` (or `http://…`); addresses of private networks are
    /// refused unless the installation allows them.
    pub url: String,
    pub event_types: Vec<EventKind>,
    #[serde(default)]
    pub company_id: Option<Uuid>,
    /// `public` (default) or `staff` (internal notes and staff-only events
    /// too).
    #[serde(default)]
    pub level: Option<EndpointLevel>,
    /// The consultancy owning the endpoint; required of a manager linked
    /// to several, ignored otherwise (an administrator may leave it out
    /// for an installation-wide endpoint).
    #[serde(default)]
    pub consultancy_id: Option<Uuid>,
    #[serde(default = "enabled_by_default")]
    pub enabled: bool,
}

fn enabled_by_default() -> bool {
    true
}

/// An endpoint with its signing secret: answered once, at creation and at
/// each rotation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookEndpointWithSecret {
    pub endpoint: WebhookEndpoint,
    /// `whsec_…` (Standard Webhooks): shown only now.
    pub secret: String,
}

/// One event sent (or being sent) to one endpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookDelivery {
    /// Also the `webhook-id` header (`msg_…`).
    pub id: Uuid,
    pub message_id: String,
    pub event_type: String,
    pub event_id: Option<i64>,
    pub status: DeliveryStatus,
    pub attempts: i32,
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub last_status: Option<i32>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The attempts, newest first (kept 30 days).
    pub attempts_log: Vec<WebhookAttempt>,
}

/// One HTTP request of a delivery and what came back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookAttempt {
    pub attempted_at: DateTime<Utc>,
    /// The request's headers (`webhook-id`, `webhook-timestamp`,
    /// `webhook-signature`, `content-type`).
    pub request_headers: serde_json::Value,
    pub request_body: String,
    pub response_status: Option<i32>,
    /// The first 4 KB of the answer.
    pub response_body: Option<String>,
    /// Why no answer came (refused address, timeout, connection).
    pub error: Option<String>,
    pub latency_ms: i32,
}

/// Redelivers the endpoint's dead deliveries created within a time range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RedeliverRange {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
}

/// How many deliveries were queued again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Redelivered {
    pub queued: u64,
}
