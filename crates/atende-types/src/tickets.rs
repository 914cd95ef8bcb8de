//! Tickets (chamados): the client panel and the support workspace.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A person as shown on a ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonRef {
    pub id: Uuid,
    pub name: String,
}

/// A ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ticket {
    pub id: Uuid,
    /// Sequential per installation.
    pub number: i64,
    /// `#000123`.
    pub reference: String,
    pub subject: String,
    /// Markdown as written.
    pub description: String,
    /// The Markdown rendered to sanitized HTML.
    pub description_html: String,
    /// `new`, `open`, `pending`, `on_hold`, `solved` or `closed`.
    pub status: String,
    /// `low`, `normal`, `high` or `urgent`.
    pub priority: String,
    /// `portal`, `email`, `api`, `chat` or `phone`.
    pub channel: String,
    pub company_id: Uuid,
    pub company_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requester: Option<PersonRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<PersonRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category_id: Option<Uuid>,
    pub tags: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_response_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub solved_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<DateTime<Utc>>,
    pub reopen_count: i32,
    /// The SLA at a glance; absent when no policy applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sla: Option<TicketSlaBrief>,
    /// Send it back on `PATCH`: a change based on an older version is
    /// refused with 409 (someone else changed the ticket meanwhile).
    pub version: i32,
}

/// `POST /api/v1/tickets`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TicketCreate {
    pub subject: String,
    /// Markdown.
    pub description: String,
    /// Required unless the user is linked to exactly one client company.
    #[serde(default)]
    pub company_id: Option<Uuid>,
    /// Staff opening on behalf of a client: the client user.
    #[serde(default)]
    pub requester_id: Option<Uuid>,
    #[serde(default)]
    pub priority: Option<String>,
    /// Staff only; clients always open through `portal`, tokens `api`.
    #[serde(default)]
    pub channel: Option<String>,
    #[serde(default)]
    pub category_id: Option<Uuid>,
    #[serde(default)]
    pub team_id: Option<Uuid>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// The ticket was generated automatically (an integrator relaying an
    /// auto-reply, e.g. mail with `Auto-Submitted`): automatic replies
    /// never answer it.
    #[serde(default)]
    pub auto_submitted: bool,
}

/// `PATCH /api/v1/tickets/{id}`: absent fields stay; `null` clears the
/// assignee, team or category.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TicketUpdate {
    /// The version the change is based on.
    pub version: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::nullable"
    )]
    pub assignee_id: Option<Option<Uuid>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::nullable"
    )]
    pub team_id: Option<Option<Uuid>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::nullable"
    )]
    pub category_id: Option<Option<Uuid>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
}

/// A reply or an internal note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketMessage {
    pub id: Uuid,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<PersonRef>,
    /// Internal notes are never shown to client roles.
    pub internal: bool,
    pub body: String,
    pub body_html: String,
    pub created_at: DateTime<Utc>,
}

/// `POST /api/v1/tickets/{id}/messages`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TicketMessageCreate {
    /// Markdown; in notes, `@handle` (a colleague's e-mail before the `@`)
    /// notifies them.
    pub body: String,
    #[serde(default)]
    pub internal: bool,
    /// Generated automatically (see [`TicketCreate::auto_submitted`]).
    #[serde(default)]
    pub auto_submitted: bool,
}

/// One entry of a ticket's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketEvent {
    pub id: Uuid,
    /// `created`, `status_changed`, `priority_changed`, `assigned`,
    /// `team_changed`, `category_changed`, `tags_changed`,
    /// `subject_changed`, `replied`, `noted`, `reopened`.
    pub kind: String,
    pub actor: String,
    /// What changed, e.g. `{"from":"open","to":"solved"}`.
    pub data: serde_json::Value,
    pub created_at: DateTime<Utc>,
}

/// `POST /api/v1/tickets/{id}/reopen`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TicketReopen {
    pub reason: String,
}

/// The client panel's counters, for the actor's scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketCounters {
    pub open: u64,
    pub closed: u64,
    pub total: u64,
    /// Open tickets within their SLA; absent until SLA policies exist.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub within_sla: Option<u64>,
    /// Open tickets past their SLA; absent until SLA policies exist.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outside_sla: Option<u64>,
}

/// One column of the Kanban board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoardColumn {
    pub status: String,
    /// Every ticket of the column matching the filter.
    pub count: u64,
    /// The first cards, most recently updated first.
    pub cards: Vec<Ticket>,
    /// Fetch more with `GET /api/v1/tickets?status=…&cursor=…`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// `GET /api/v1/tickets/board`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Board {
    pub columns: Vec<BoardColumn>,
}

/// `POST /api/v1/tickets/bulk`: one change applied to many tickets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TicketBulkUpdate {
    pub ids: Vec<Uuid>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub priority: Option<String>,
    #[serde(
        default,
        with = "crate::nullable",
        skip_serializing_if = "Option::is_none"
    )]
    pub assignee_id: Option<Option<Uuid>>,
}

/// The outcome per ticket of a bulk change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketBulkResult {
    pub updated: Vec<Uuid>,
    /// Tickets left unchanged, with the reason (e.g. a forbidden transition).
    pub failed: Vec<TicketBulkFailure>,
}

/// A ticket a bulk change could not apply to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketBulkFailure {
    pub id: Uuid,
    pub reason: String,
}

/// A staff member who can work a ticket (assignment, `@mentions`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffMember {
    pub id: Uuid,
    pub name: String,
    /// What to type after `@` to mention them (the e-mail before `@`).
    pub handle: String,
    pub role: String,
}

/// A ticket's SLA at a glance, for lists and board cards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketSlaBrief {
    /// `ok`, `at_risk`, `breached`, `met` or `paused`, as of the answer.
    pub state: String,
    /// The nearest due instant of a running target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_at: Option<DateTime<Utc>>,
    /// When the nearest running target turns "at risk".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warn_at: Option<DateTime<Utc>>,
}

/// An in-app notification.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notification {
    pub id: Uuid,
    /// `assigned`, `mentioned`, `reopened`, `replied`…
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket_id: Option<Uuid>,
    /// E.g. `{"number":12,"subject":"…","by":"…"}`.
    pub data: serde_json::Value,
    pub created_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_at: Option<DateTime<Utc>>,
}

/// How many notifications are unread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnreadCount {
    pub count: u64,
}

/// A one-minute token to open the event stream (`EventSource` cannot send
/// an `Authorization` header).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StreamToken {
    pub token: String,
    pub expires_in: i64,
}

/// What the event stream sends (`event: ticket`), for tickets the user may
/// see; internal notes never reach client roles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketChange {
    /// `created`, `replied`, `noted`, `updated` (status, priority,
    /// assignee…), `reopened`.
    pub kind: String,
    pub ticket_id: Uuid,
    pub number: i64,
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee_id: Option<Uuid>,
    pub version: i32,
}

/// A canned response (resposta rápida / modelo).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CannedResponse {
    pub id: Uuid,
    pub title: String,
    /// Markdown with placeholders: `{{cliente.nome}}`, `{{cliente.empresa}}`,
    /// `{{chamado.numero}}`, `{{chamado.assunto}}`, `{{agente.nome}}`.
    pub body: String,
    /// Shared with the whole team, or personal.
    pub shared: bool,
    pub owner_id: Uuid,
}

/// Creating or replacing a canned response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CannedResponseInput {
    pub title: String,
    pub body: String,
    #[serde(default)]
    pub shared: bool,
}

/// A canned response filled for one ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RenderedResponse {
    pub body: String,
}

/// A saved list filter (personal or shared).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SavedView {
    pub id: Uuid,
    pub name: String,
    pub shared: bool,
    pub owner_id: Uuid,
    /// The list's query parameters (`status`, `priority`, `assignee_id`,
    /// `q`…) as a JSON object of strings.
    pub filter: std::collections::BTreeMap<String, String>,
}

/// Creating a saved view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SavedViewInput {
    pub name: String,
    #[serde(default)]
    pub shared: bool,
    pub filter: std::collections::BTreeMap<String, String>,
}

/// A file attached to a ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attachment {
    pub id: Uuid,
    pub ticket_id: Uuid,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<Uuid>,
    pub file_name: String,
    /// Detected from the content, not trusted from the upload.
    pub content_type: String,
    pub size: i64,
    pub created_at: DateTime<Utc>,
    /// `GET` it with the bearer token; served as a download.
    pub download_url: String,
}

/// A ticket category: a node of the ordered category tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketCategory {
    pub id: Uuid,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<Uuid>,
    pub name: String,
    /// Inactive categories stay on their tickets but are not offered for
    /// new ones.
    pub active: bool,
    /// Order among siblings, ascending (ties by name).
    #[serde(default)]
    pub position: i32,
}

/// Creating (`POST`) or replacing (`PUT`) a category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TicketCategoryInput {
    pub name: String,
    /// The parent, for a subcategory; never the category itself or one of
    /// its descendants.
    #[serde(default)]
    pub parent_id: Option<Uuid>,
    /// Defaults to active.
    #[serde(default)]
    pub active: Option<bool>,
    /// Defaults to after the last sibling.
    #[serde(default)]
    pub position: Option<i32>,
}
