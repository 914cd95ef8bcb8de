//! Pending items (pendências) on the wire.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::tickets::PersonRef;

/// A pending item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PendingItem {
    pub id: Uuid,
    pub number: i64,
    pub title: String,
    pub description: String,
    pub company_id: Uuid,
    pub company_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_date: Option<NaiveDate>,
    /// In centavos (R$ 1.234,56 is 123456).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_cents: Option<i64>,
    /// `draft`, `awaiting_approval`, `refused`, `awaiting_client`,
    /// `answered`, `in_progress`, `resolved`.
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<PersonRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approver: Option<PersonRef>,
    /// Why a supervisor refused it (staff only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refusal_reason: Option<String>,
    /// What the caller may do now: `edit`, `submit`, `approve`, `refuse`,
    /// `answer`, `start`, `return_to_client`, `resolve`, `return_to_draft`.
    pub actions: Vec<String>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved_at: Option<DateTime<Utc>>,
}

/// Creating a pending item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PendingItemCreate {
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub company_id: Uuid,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub due_date: Option<NaiveDate>,
    #[serde(default)]
    pub document_number: Option<String>,
    #[serde(default)]
    pub reference_date: Option<NaiveDate>,
    #[serde(default)]
    pub amount_cents: Option<i64>,
    /// Submit for approval at once instead of keeping a draft.
    #[serde(default)]
    pub submit: bool,
}

/// Changing a draft or refused item; `version` as read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PendingItemUpdate {
    pub version: i32,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub due_date: Option<NaiveDate>,
    #[serde(default)]
    pub document_number: Option<String>,
    #[serde(default)]
    pub reference_date: Option<NaiveDate>,
    #[serde(default)]
    pub amount_cents: Option<i64>,
}

/// A workflow step on one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PendingItemStep {
    /// `submit`, `return_to_draft`, `approve`, `refuse`, `start`,
    /// `return_to_client`, `resolve` (answers are messages).
    pub action: String,
    /// Required to refuse.
    #[serde(default)]
    pub reason: Option<String>,
}

/// The same step on many items; each succeeds or fails on its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PendingItemBulkStep {
    pub ids: Vec<Uuid>,
    pub action: String,
    #[serde(default)]
    pub reason: Option<String>,
}

/// What a bulk step did to each item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PendingItemBulkResult {
    pub done: Vec<Uuid>,
    pub failed: Vec<PendingItemBulkFailure>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PendingItemBulkFailure {
    pub id: Uuid,
    pub reason: String,
}

/// An answer in an item's thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PendingItemMessage {
    pub id: Uuid,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<PersonRef>,
    pub body: String,
    /// Files sent with this answer.
    #[serde(default)]
    pub attachments: Vec<PendingItemAttachment>,
    pub created_at: DateTime<Utc>,
}

/// A file attached to an item, usually to one of its answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PendingItemAttachment {
    pub id: Uuid,
    pub pending_item_id: Uuid,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<Uuid>,
    pub file_name: String,
    /// Sniffed from the content, never taken from the client.
    pub content_type: String,
    pub size: i64,
    /// Where to download it (with the same credentials).
    pub download_url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uploaded_by: Option<PersonRef>,
    pub created_at: DateTime<Utc>,
}

/// Answering an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PendingItemAnswer {
    pub body: String,
}

/// One entry of an item's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PendingItemEvent {
    pub id: Uuid,
    pub actor: String,
    /// `created`, `edited`, `submitted`, `approved`, `refused`, `answered`,
    /// `started`, `returned_to_client`, `returned_to_draft`, `resolved`.
    pub kind: String,
    pub data: serde_json::Value,
    pub created_at: DateTime<Utc>,
}

/// `GET /pending-items/dashboard`: one of three dashboards, told apart by
/// `kind`.
///
/// Its OpenAPI schema is written by hand (below): a `oneOf` of the three
/// bodies with a `kind` discriminator, which client generators can parse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PendingDashboard {
    General(GeneralDashboard),
    Operator(OperatorDashboard),
    Supervisor(SupervisorDashboard),
}

/// The OpenAPI schema of [`PendingDashboard`]. utoipa's derive describes an
/// internally tagged enum as `oneOf` of `allOf`s with inline objects, which
/// generators such as openapi-python-client cannot parse; here each body's
/// component carries the `kind` property itself (the wire always has it),
/// and the union names it as its discriminator.
#[cfg(feature = "openapi")]
mod dashboard_schema {
    use std::borrow::Cow;

    use utoipa::{
        PartialSchema, ToSchema,
        openapi::{
            Ref, RefOr,
            schema::{Discriminator, ObjectBuilder, OneOfBuilder, Schema, Type},
        },
    };

    use super::{GeneralDashboard, OperatorDashboard, PendingDashboard, SupervisorDashboard};

    /// Each `kind`, with the component its body is documented as.
    fn variants() -> [(&'static str, Cow<'static, str>, RefOr<Schema>); 3] {
        [
            (
                "general",
                GeneralDashboard::name(),
                GeneralDashboard::schema(),
            ),
            (
                "operator",
                OperatorDashboard::name(),
                OperatorDashboard::schema(),
            ),
            (
                "supervisor",
                SupervisorDashboard::name(),
                SupervisorDashboard::schema(),
            ),
        ]
    }

    /// `schema` with a required `kind` property whose only value is `kind`.
    fn with_kind(schema: RefOr<Schema>, kind: &str) -> RefOr<Schema> {
        let RefOr::T(Schema::Object(mut object)) = schema else {
            return schema;
        };
        object.properties.insert(
            "kind".into(),
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some([kind]))
                .description(Some("Which dashboard this is."))
                .into(),
        );
        if !object.required.iter().any(|r| r == "kind") {
            object.required.insert(0, "kind".into());
        }
        RefOr::T(Schema::Object(object))
    }

    impl PartialSchema for PendingDashboard {
        fn schema() -> RefOr<Schema> {
            let mut discriminator = Discriminator::new("kind");
            let mut one_of = OneOfBuilder::new().description(Some(
                "One of three dashboards, told apart by `kind`: `general`, `operator` or `supervisor`.",
            ));
            for (kind, name, _) in variants() {
                let reference = Ref::from_schema_name(name);
                discriminator
                    .mapping
                    .insert(kind.into(), reference.ref_location.clone());
                one_of = one_of.item(reference);
            }
            one_of.discriminator(Some(discriminator)).into()
        }
    }

    impl ToSchema for PendingDashboard {
        fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
            for (kind, name, schema) in variants() {
                schemas.push((name.into_owned(), with_kind(schema, kind)));
            }
            // What the bodies themselves refer to (nothing today).
            <GeneralDashboard as ToSchema>::schemas(schemas);
            <OperatorDashboard as ToSchema>::schemas(schemas);
            <SupervisorDashboard as ToSchema>::schemas(schemas);
        }
    }
}

/// "Dashboard geral": the items in scope by status and by segment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GeneralDashboard {
    #[serde(default)]
    pub total: u64,
    /// Status → items.
    #[serde(default)]
    pub by_status: std::collections::BTreeMap<String, u64>,
    /// Segment id (empty: no segment) → items.
    #[serde(default)]
    pub by_segment: std::collections::BTreeMap<String, u64>,
}

/// "Dashboard operador": the caller's own items.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OperatorDashboard {
    #[serde(default)]
    pub mine: u64,
    #[serde(default)]
    pub drafts: u64,
    /// Answered by the client, waiting for the operator.
    #[serde(default)]
    pub answers_waiting: u64,
    /// Refused by a supervisor, to fix and resubmit.
    #[serde(default)]
    pub refused_to_fix: u64,
    #[serde(default)]
    pub in_progress: u64,
}

/// "Dashboard supervisor": the approval queue, overdue items, throughput.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupervisorDashboard {
    #[serde(default)]
    pub approval_queue: u64,
    /// Past their due date and not resolved.
    #[serde(default)]
    pub overdue: u64,
    /// Items resolved in each of the last four weeks, the latest first.
    #[serde(default)]
    pub resolved_per_week: Vec<u64>,
}
