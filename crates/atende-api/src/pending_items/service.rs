//! Pending items: creation, the approval workflow, answers, lists.
//!
//! Who may take a step is `atende_core::pending` (the UP380 matrix as
//! edited by the administrator); which items an actor reaches is the item's
//! company against the actor's reach (⚠️), and clients never reach an item
//! before a supervisor approved it — out of reach answers 404, as if the
//! item did not exist.

use std::collections::{BTreeMap, BTreeSet};

use atende_core::{
    access::Reach,
    pending::{
        Action, ActionKind, PendingStatus, WorkflowError, apply_with_access, visible_to_client,
    },
    permissions::{Permission, Role},
};
use atende_types::{
    Page,
    pending::{
        PendingItem, PendingItemAttachment, PendingItemBulkFailure, PendingItemBulkResult,
        PendingItemBulkStep, PendingItemCreate, PendingItemEvent, PendingItemMessage,
        PendingItemStep, PendingItemUpdate,
    },
    tickets::PersonRef,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
    sea_query::{Expr, ExprTrait, Func},
};
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use super::entity::{event, item, message};
use crate::{
    audit::{self, Change},
    auth::Actor,
    companies::entity::{self as company, CompanyKind},
    db::begin_write,
    error::ApiError,
    identity::user,
    pagination::{PageQuery, page},
    state::AppState,
};

/// List filters.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PendingFilter {
    /// One or more statuses, comma-separated.
    pub status: Option<String>,
    pub company_id: Option<Uuid>,
    /// "Ver por segmento".
    pub segment_id: Option<Uuid>,
    /// The operator (creator); `me` for the caller.
    pub operator_id: Option<String>,
    /// The items an import created.
    pub import_id: Option<Uuid>,
    /// Words of the title or the document number, or the item's number
    /// (`123` or `PEN-000123`).
    pub q: Option<String>,
    /// Only items past their due date (São Paulo's today) and not resolved.
    pub overdue: Option<bool>,
    /// `aaaa-mm`: only items opened, answered or resolved in that month
    /// (São Paulo time) — the rows of the monthly report.
    pub month: Option<String>,
}

impl PendingFilter {
    /// The condition for these filters, within the statuses `actor` may
    /// see (not the company reach: callers add the reach of the
    /// permission they act under). Lists and exports share it.
    pub fn condition(&self, state: &AppState, actor: &Actor) -> Result<Condition, ApiError> {
        let mut statuses = visible_statuses(actor);
        if let Some(wanted) = &self.status {
            let mut asked = Vec::new();
            for name in wanted.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                asked.push(PendingStatus::parse(name).ok_or_else(|| {
                    ApiError::validation("status", format!("{name:?} is not a pending-item status"))
                })?);
            }
            statuses.retain(|s| asked.contains(s));
        }
        let mut c =
            Condition::all().add(item::Column::Status.is_in(statuses.iter().map(|s| s.as_str())));
        if let Some(id) = self.company_id {
            c = c.add(item::Column::CompanyId.eq(id));
        }
        if let Some(id) = self.segment_id {
            c = c.add(item::Column::SegmentId.eq(id));
        }
        if let Some(id) = self.import_id {
            c = c.add(item::Column::ImportId.eq(id));
        }
        if let Some(q) = self.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
            let pattern = format!("%{}%", q.to_lowercase());
            let mut any = Condition::any()
                .add(Expr::expr(Func::lower(Expr::col(item::Column::Title))).like(pattern.clone()))
                .add(
                    Expr::expr(Func::lower(Expr::col(item::Column::DocumentNumber))).like(pattern),
                );
            let upper = q.to_uppercase();
            if let Ok(number) = upper.trim_start_matches("PEN-").parse::<i64>() {
                any = any.add(item::Column::Number.eq(number));
            }
            c = c.add(any);
        }
        if let Some(month) = self.month.as_deref() {
            let (from, to, _) = super::insights::month_of(state, Some(month))?;
            let within = |column: item::Column| column.gte(from).and(column.lt(to));
            c = c.add(
                Condition::any()
                    .add(within(item::Column::CreatedAt))
                    .add(within(item::Column::AnsweredAt))
                    .add(within(item::Column::ResolvedAt)),
            );
        }
        if self.overdue == Some(true) {
            c = c
                .add(item::Column::DueDate.lt(today(state)))
                .add(item::Column::Status.ne(PendingStatus::Resolved.as_str()));
        }
        match self.operator_id.as_deref() {
            None => {}
            Some("me") => c = c.add(item::Column::OperatorId.eq(actor.user.as_ref().map(|u| u.id))),
            Some(id) => {
                let id: Uuid = id
                    .parse()
                    .map_err(|_| ApiError::validation("operator_id", "is not a user id or `me`"))?;
                c = c.add(item::Column::OperatorId.eq(id));
            }
        }
        Ok(c)
    }
}

/// Today in São Paulo, where due dates are reckoned.
pub(super) fn today(state: &AppState) -> chrono::NaiveDate {
    state
        .clock
        .now()
        .with_timezone(&chrono_tz::America::Sao_Paulo)
        .date_naive()
}

fn is_client(actor: &Actor) -> bool {
    actor.role.is_some_and(Role::is_client)
}

/// The statuses `actor` may see at all: clients only from the approval
/// on; resolved items only with "Ver resolvidas".
pub(super) fn visible_statuses(actor: &Actor) -> Vec<PendingStatus> {
    PendingStatus::ALL
        .iter()
        .copied()
        .filter(|s| !is_client(actor) || visible_to_client(*s))
        .filter(|s| {
            *s != PendingStatus::Resolved || actor.access.can(Permission::PendingItemsViewResolved)
        })
        .collect()
}

pub(super) fn status_of(row: &item::Model) -> PendingStatus {
    PendingStatus::parse(&row.status).unwrap_or(PendingStatus::Draft)
}

/// The item if `actor` may see it, else 404.
pub(super) async fn find_visible(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
) -> Result<item::Model, ApiError> {
    let reach = actor.authorize(Permission::PendingItemsView)?;
    let row = item::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)?;
    if !reach.covers(row.company_id) || !visible_statuses(actor).contains(&status_of(&row)) {
        return Err(ApiError::NotFound);
    }
    Ok(row)
}

fn workflow_error(error: WorkflowError) -> ApiError {
    match error {
        WorkflowError::RoleNotAllowed { permission, .. } => {
            ApiError::Forbidden(atende_core::access::Denied(permission))
        }
        WorkflowError::IllegalTransition { .. } => {
            ApiError::validation("action", error.to_string())
        }
        WorkflowError::ReasonRequired => ApiError::validation("reason", error.to_string()),
    }
}

fn actor_name(actor: &Actor) -> String {
    actor
        .user
        .as_ref()
        .map(|u| u.name.clone())
        .unwrap_or_else(|| actor.audit.actor.clone())
}

pub(super) async fn record(
    db: &impl ConnectionTrait,
    actor: &Actor,
    item_id: Uuid,
    kind: &str,
    data: Value,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    event::Entity::insert(event::ActiveModel {
        id: Set(Uuid::now_v7()),
        pending_item_id: Set(item_id),
        actor_id: Set(actor.user.as_ref().map(|u| u.id)),
        actor: Set(actor_name(actor)),
        kind: Set(kind.to_owned()),
        data: Set(data.to_string()),
        created_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// The wire form of items, names loaded in batches, with the steps the
/// actor may take on each.
async fn to_wire(
    db: &impl ConnectionTrait,
    actor: &Actor,
    rows: Vec<item::Model>,
) -> Result<Vec<PendingItem>, DbErr> {
    let company_ids: BTreeSet<Uuid> = rows.iter().map(|r| r.company_id).collect();
    let companies: BTreeMap<Uuid, String> = company::Entity::find()
        .filter(company::Column::Id.is_in(company_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.trade_name.unwrap_or(c.legal_name)))
        .collect();
    let people_ids: BTreeSet<Uuid> = rows
        .iter()
        .flat_map(|r| [r.operator_id, r.approver_id])
        .flatten()
        .collect();
    let people: BTreeMap<Uuid, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(people_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let person = |id: Option<Uuid>| {
        id.and_then(|id| {
            people.get(&id).map(|name| PersonRef {
                id,
                name: name.clone(),
            })
        })
    };
    let client = is_client(actor);
    Ok(rows
        .into_iter()
        .map(|r| {
            let status = status_of(&r);
            let actions = ActionKind::ALL
                .iter()
                .copied()
                .filter(|kind| {
                    kind.target(status).is_some()
                        && actor
                            .authorize(kind.permission())
                            .is_ok_and(|reach| reach.covers(r.company_id))
                })
                .map(|kind| kind.as_str().to_owned())
                .collect();
            PendingItem {
                id: r.id,
                number: r.number,
                title: r.title,
                description: r.description,
                company_name: companies.get(&r.company_id).cloned().unwrap_or_default(),
                company_id: r.company_id,
                segment_id: r.segment_id,
                category: r.category,
                due_date: r.due_date,
                document_number: r.document_number,
                reference_date: r.reference_date,
                amount_cents: r.amount_cents,
                status: r.status,
                operator: person(r.operator_id),
                approver: person(r.approver_id),
                refusal_reason: if client { None } else { r.refusal_reason },
                actions,
                version: r.version,
                created_at: r.created_at,
                updated_at: r.updated_at,
                submitted_at: r.submitted_at,
                approved_at: r.approved_at,
                answered_at: r.answered_at,
                resolved_at: r.resolved_at,
            }
        })
        .collect())
}

async fn load_one(state: &AppState, actor: &Actor, id: Uuid) -> Result<PendingItem, ApiError> {
    let row = item::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(ApiError::NotFound)?;
    to_wire(&state.db, actor, vec![row])
        .await?
        .pop()
        .ok_or(ApiError::NotFound)
}

fn text(field: &str, value: &str, max: usize, required: bool) -> Result<String, ApiError> {
    let value = value.trim().to_owned();
    if required && value.is_empty() {
        return Err(ApiError::validation(field, "must not be empty"));
    }
    if value.chars().count() > max {
        return Err(ApiError::validation(
            field,
            format!("must have at most {max} characters"),
        ));
    }
    Ok(value)
}

fn optional_text(field: &str, value: Option<&str>, max: usize) -> Result<Option<String>, ApiError> {
    value
        .map(|v| text(field, v, max, false))
        .transpose()
        .map(|v| v.filter(|s| !s.is_empty()))
}

fn check_amount(amount: Option<i64>) -> Result<(), ApiError> {
    if amount.is_some_and(|a| !(-100_000_000_000..=100_000_000_000).contains(&a)) {
        return Err(ApiError::validation("amount_cents", "is out of range"));
    }
    Ok(())
}

/// Creates an item as a draft, or submitted for approval at once.
pub async fn create(
    state: &AppState,
    actor: &Actor,
    input: PendingItemCreate,
) -> Result<PendingItem, ApiError> {
    let reach = actor.authorize(Permission::PendingItemsCreate)?;
    let title = text("title", &input.title, 200, true)?;
    let description = text("description", &input.description, 20_000, false)?;
    let category = optional_text("category", input.category.as_deref(), 100)?;
    let document_number = optional_text("document_number", input.document_number.as_deref(), 100)?;
    check_amount(input.amount_cents)?;
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    // Raised only on companies the operator also sees (⚠️ of "Ver").
    let view = actor.authorize(Permission::PendingItemsView)?;
    let company = company::Entity::find_by_id(input.company_id)
        .one(&txn)
        .await?
        .filter(|c| reach.covers(c.id) && view.covers(c.id))
        .ok_or_else(|| ApiError::validation("company_id", "names no company you reach"))?;
    if company.kind != CompanyKind::Client || !company.active {
        return Err(ApiError::validation(
            "company_id",
            "pending items are raised on active client companies",
        ));
    }
    let mut status = PendingStatus::Draft;
    if input.submit {
        status =
            apply_with_access(status, Action::Submit, &actor.access).map_err(workflow_error)?;
    }
    let number = crate::db::next_counter(&txn, "pending_number").await?;
    let id = Uuid::now_v7();
    item::Entity::insert(item::ActiveModel {
        id: Set(id),
        number: Set(number),
        title: Set(title.clone()),
        description: Set(description),
        company_id: Set(company.id),
        segment_id: Set(company.segment_id),
        category: Set(category),
        due_date: Set(input.due_date),
        document_number: Set(document_number),
        reference_date: Set(input.reference_date),
        amount_cents: Set(input.amount_cents),
        status: Set(status.as_str().to_owned()),
        operator_id: Set(actor.user.as_ref().map(|u| u.id)),
        approver_id: Set(None),
        refusal_reason: Set(None),
        import_id: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        submitted_at: Set(input.submit.then_some(now)),
        approved_at: Set(None),
        answered_at: Set(None),
        resolved_at: Set(None),
    })
    .exec_without_returning(&txn)
    .await?;
    record(
        &txn,
        actor,
        id,
        "created",
        json!({ "status": status.as_str() }),
        now,
    )
    .await?;
    crate::events::record(
        &txn,
        &[atende_core::events::pending_item_step(
            id,
            company.id,
            ("", status.as_str()),
            actor.performer(),
            now,
        )],
        json!({ "pending_item": { "number": number, "status": status.as_str() } }),
    )
    .await?;
    audit::record(
        &txn,
        &actor.audit,
        Change::new("pending_item.created", "pending_item", id)
            .company(Some(company.id))
            .after(json!({ "number": number, "title": title, "status": status.as_str() })),
        now,
    )
    .await?;
    txn.commit().await?;
    state.events.committed();
    load_one(state, actor, id).await
}

/// A page of the items `actor` may see, newest first.
pub async fn list(
    state: &AppState,
    actor: &Actor,
    filter: &PendingFilter,
    paging: &PageQuery,
) -> Result<Page<PendingItem>, ApiError> {
    let reach = actor.authorize(Permission::PendingItemsView)?;
    let limit = paging.limit()?;
    let mut c = filter.condition(state, actor)?;
    if let Reach::Companies(ids) = &reach {
        c = c.add(item::Column::CompanyId.is_in(ids.iter().copied()));
    }
    if let Some(after) = paging.after::<i64>()? {
        c = c.add(item::Column::Number.lt(after));
    }
    let rows = item::Entity::find()
        .filter(c)
        .order_by_desc(item::Column::Number)
        .limit(limit + 1)
        .all(&state.db)
        .await?;
    let wires = to_wire(&state.db, actor, rows).await?;
    Ok(page(wires, limit, |w| w.number, |w| w))
}

/// One item.
pub async fn show(state: &AppState, actor: &Actor, id: Uuid) -> Result<PendingItem, ApiError> {
    let row = find_visible(&state.db, actor, id).await?;
    to_wire(&state.db, actor, vec![row])
        .await?
        .pop()
        .ok_or(ApiError::NotFound)
}

/// Edits a draft or refused item (optimistic concurrency on `version`).
pub async fn update(
    state: &AppState,
    actor: &Actor,
    id: Uuid,
    input: PendingItemUpdate,
) -> Result<PendingItem, ApiError> {
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let before = find_visible(&txn, actor, id).await?;
    let reach = actor.authorize(Permission::PendingItemsEdit)?;
    if !reach.covers(before.company_id) {
        return Err(ApiError::Forbidden(atende_core::access::Denied(
            Permission::PendingItemsEdit,
        )));
    }
    apply_with_access(status_of(&before), Action::Edit, &actor.access).map_err(workflow_error)?;
    if input.version != before.version {
        return Err(ApiError::Conflict {
            field: "version".into(),
            message: format!(
                "the item changed since version {} (now {}); reload it",
                input.version, before.version
            ),
        });
    }
    check_amount(input.amount_cents)?;
    let mut after = before.clone();
    if let Some(title) = &input.title {
        after.title = text("title", title, 200, true)?;
    }
    if let Some(description) = &input.description {
        after.description = text("description", description, 20_000, false)?;
    }
    if input.category.is_some() {
        after.category = optional_text("category", input.category.as_deref(), 100)?;
    }
    if input.document_number.is_some() {
        after.document_number =
            optional_text("document_number", input.document_number.as_deref(), 100)?;
    }
    after.due_date = input.due_date.or(before.due_date);
    after.reference_date = input.reference_date.or(before.reference_date);
    after.amount_cents = input.amount_cents.or(before.amount_cents);
    after.version = before.version + 1;
    after.updated_at = now;
    item::Entity::update(active(&after)).exec(&txn).await?;
    record(&txn, actor, id, "edited", json!({}), now).await?;
    audit::record(
        &txn,
        &actor.audit,
        Change::new("pending_item.edited", "pending_item", id)
            .company(Some(before.company_id))
            .before(json!({ "title": before.title, "version": before.version }))
            .after(json!({ "title": after.title, "version": after.version })),
        now,
    )
    .await?;
    txn.commit().await?;
    load_one(state, actor, id).await
}

fn active(m: &item::Model) -> item::ActiveModel {
    item::ActiveModel {
        id: sea_orm::ActiveValue::Unchanged(m.id),
        number: Set(m.number),
        title: Set(m.title.clone()),
        description: Set(m.description.clone()),
        company_id: Set(m.company_id),
        segment_id: Set(m.segment_id),
        category: Set(m.category.clone()),
        due_date: Set(m.due_date),
        document_number: Set(m.document_number.clone()),
        reference_date: Set(m.reference_date),
        amount_cents: Set(m.amount_cents),
        status: Set(m.status.clone()),
        operator_id: Set(m.operator_id),
        approver_id: Set(m.approver_id),
        refusal_reason: Set(m.refusal_reason.clone()),
        import_id: Set(m.import_id),
        version: Set(m.version),
        created_at: Set(m.created_at),
        updated_at: Set(m.updated_at),
        submitted_at: Set(m.submitted_at),
        approved_at: Set(m.approved_at),
        answered_at: Set(m.answered_at),
        resolved_at: Set(m.resolved_at),
    }
}

fn parse_step(action: &str) -> Result<ActionKind, ApiError> {
    match ActionKind::parse(action) {
        Some(ActionKind::Edit) => Err(ApiError::validation("action", "edit with PATCH")),
        Some(ActionKind::Answer) => Err(ApiError::validation(
            "action",
            "answer with POST …/messages",
        )),
        Some(kind) => Ok(kind),
        None => Err(ApiError::validation(
            "action",
            format!("{action:?} is not a workflow step"),
        )),
    }
}

/// Takes one workflow step; returns the item and whom to tell live.
async fn step_in(
    txn: &sea_orm::DatabaseTransaction,
    actor: &Actor,
    id: Uuid,
    kind: ActionKind,
    reason: Option<&str>,
    (now, reminder_days): (DateTime<Utc>, u32),
) -> Result<(), ApiError> {
    let before = find_visible(txn, actor, id).await?;
    let reach = actor.authorize(kind.permission())?;
    if !reach.covers(before.company_id) {
        return Err(ApiError::Forbidden(atende_core::access::Denied(
            kind.permission(),
        )));
    }
    let reason = reason.unwrap_or_default().trim().to_owned();
    let action = match kind {
        ActionKind::Submit => Action::Submit,
        ActionKind::ReturnToDraft => Action::ReturnToDraft,
        ActionKind::Approve => Action::Approve,
        ActionKind::Refuse => Action::Refuse { reason: &reason },
        ActionKind::Start => Action::Start,
        ActionKind::ReturnToClient => Action::ReturnToClient,
        ActionKind::Resolve => Action::Resolve,
        ActionKind::Edit => Action::Edit,
        ActionKind::Answer => Action::Answer,
    };
    let to =
        apply_with_access(status_of(&before), action, &actor.access).map_err(workflow_error)?;
    let me = actor.user.as_ref().map(|u| u.id);
    let mut after = before.clone();
    after.status = to.as_str().to_owned();
    after.version = before.version + 1;
    after.updated_at = now;
    match kind {
        ActionKind::Submit => {
            after.submitted_at = Some(now);
            after.refusal_reason = None;
        }
        ActionKind::Approve => {
            after.approved_at = Some(now);
            after.approver_id = me;
        }
        ActionKind::Refuse => {
            after.refusal_reason = Some(reason.clone());
            after.approver_id = me;
        }
        ActionKind::Resolve => after.resolved_at = Some(now),
        _ => {}
    }
    item::Entity::update(active(&after)).exec(txn).await?;
    if to == PendingStatus::AwaitingClient {
        super::reminders::schedule(txn, &after, reminder_days, now).await?;
    }
    let event = match kind {
        ActionKind::Submit => "submitted",
        ActionKind::ReturnToDraft => "returned_to_draft",
        ActionKind::Approve => "approved",
        ActionKind::Refuse => "refused",
        ActionKind::Start => "started",
        ActionKind::ReturnToClient => "returned_to_client",
        ActionKind::Resolve => "resolved",
        ActionKind::Edit | ActionKind::Answer => "changed",
    };
    let mut data = json!({ "from": before.status, "to": after.status });
    if kind == ActionKind::Refuse {
        data["reason"] = json!(reason);
    }
    record(txn, actor, id, event, data, now).await?;
    if before.status != after.status {
        crate::events::record(
            txn,
            &[atende_core::events::pending_item_step(
                id,
                before.company_id,
                (&before.status, &after.status),
                actor.performer(),
                now,
            )],
            snapshot(&after),
        )
        .await?;
    }
    audit::record(
        txn,
        &actor.audit,
        Change::new(audit_action(kind), "pending_item", id)
            .company(Some(before.company_id))
            .before(json!({ "status": before.status }))
            .after(json!({ "status": after.status, "reason": after.refusal_reason })),
        now,
    )
    .await?;
    Ok(())
}

fn audit_action(kind: ActionKind) -> &'static str {
    match kind {
        ActionKind::Submit => "pending_item.submitted",
        ActionKind::ReturnToDraft => "pending_item.returned_to_draft",
        ActionKind::Approve => "pending_item.approved",
        ActionKind::Refuse => "pending_item.refused",
        ActionKind::Start => "pending_item.started",
        ActionKind::ReturnToClient => "pending_item.returned_to_client",
        ActionKind::Resolve => "pending_item.resolved",
        ActionKind::Edit => "pending_item.edited",
        ActionKind::Answer => "pending_item.answered",
    }
}

/// What a pending item looks like now, for its events.
fn snapshot(item: &item::Model) -> serde_json::Value {
    json!({ "pending_item": { "number": item.number, "status": item.status } })
}

/// One workflow step.
pub async fn step(
    state: &AppState,
    actor: &Actor,
    id: Uuid,
    input: PendingItemStep,
) -> Result<PendingItem, ApiError> {
    let kind = parse_step(&input.action)?;
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    step_in(
        &txn,
        actor,
        id,
        kind,
        input.reason.as_deref(),
        (now, state.settings.pending_reminder_days),
    )
    .await?;
    txn.commit().await?;
    state.events.committed();
    load_one(state, actor, id).await
}

/// The same step on many items, each on its own.
pub async fn bulk(
    state: &AppState,
    actor: &Actor,
    input: PendingItemBulkStep,
) -> Result<PendingItemBulkResult, ApiError> {
    let kind = parse_step(&input.action)?;
    if input.ids.is_empty() || input.ids.len() > 500 {
        return Err(ApiError::validation("ids", "give 1 to 500 items"));
    }
    let now = state.clock.now();
    let mut result = PendingItemBulkResult {
        done: Vec::new(),
        failed: Vec::new(),
    };
    for id in input.ids {
        let txn = begin_write(&state.db).await?;
        match step_in(
            &txn,
            actor,
            id,
            kind,
            input.reason.as_deref(),
            (now, state.settings.pending_reminder_days),
        )
        .await
        {
            Ok(()) => {
                txn.commit().await?;
                result.done.push(id);
                state.events.committed();
            }
            Err(error) => result.failed.push(PendingItemBulkFailure {
                id,
                reason: error.to_string(),
            }),
        }
    }
    Ok(result)
}

/// Answers an item (the client, or staff on the client's behalf); the
/// first answer moves it from "awaiting client" to "answered".
pub async fn answer(
    state: &AppState,
    actor: &Actor,
    id: Uuid,
    body: &str,
) -> Result<PendingItemMessage, ApiError> {
    let body = text("body", body, 20_000, true)?;
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let before = find_visible(&txn, actor, id).await?;
    let reach = actor.authorize(Permission::PendingItemsAnswer)?;
    if !reach.covers(before.company_id) {
        return Err(ApiError::Forbidden(atende_core::access::Denied(
            Permission::PendingItemsAnswer,
        )));
    }
    let to = apply_with_access(status_of(&before), Action::Answer, &actor.access)
        .map_err(workflow_error)?;
    let message = message::Model {
        id: Uuid::now_v7(),
        pending_item_id: id,
        author_id: actor.user.as_ref().map(|u| u.id),
        body,
        created_at: now,
    };
    message::Entity::insert(message::ActiveModel {
        id: Set(message.id),
        pending_item_id: Set(id),
        author_id: Set(message.author_id),
        body: Set(message.body.clone()),
        created_at: Set(now),
    })
    .exec_without_returning(&txn)
    .await?;
    let mut after = before.clone();
    after.status = to.as_str().to_owned();
    after.version = before.version + 1;
    after.updated_at = now;
    if before.answered_at.is_none() {
        after.answered_at = Some(now);
    }
    item::Entity::update(active(&after)).exec(&txn).await?;
    record(
        &txn,
        actor,
        id,
        "answered",
        json!({ "message_id": message.id, "from": before.status, "to": after.status }),
        now,
    )
    .await?;
    let mut events = vec![atende_core::events::pending_item_answered(
        id,
        before.company_id,
        actor.performer(),
        now,
    )];
    if before.status != after.status {
        events.push(atende_core::events::pending_item_step(
            id,
            before.company_id,
            (&before.status, &after.status),
            actor.performer(),
            now,
        ));
    }
    crate::events::record(&txn, &events, snapshot(&after)).await?;
    audit::record(
        &txn,
        &actor.audit,
        Change::new("pending_item.answered", "pending_item", id)
            .company(Some(before.company_id))
            .after(json!({ "message_id": message.id, "status": after.status })),
        now,
    )
    .await?;
    txn.commit().await?;
    state.events.committed();
    let author = actor.user.as_ref().map(|u| PersonRef {
        id: u.id,
        name: u.name.clone(),
    });
    Ok(PendingItemMessage {
        id: message.id,
        author,
        body: message.body,
        attachments: Vec::new(),
        created_at: now,
    })
}

/// The thread of an item.
pub async fn messages(
    state: &AppState,
    actor: &Actor,
    id: Uuid,
) -> Result<Vec<PendingItemMessage>, ApiError> {
    let row = find_visible(&state.db, actor, id).await?;
    let rows = message::Entity::find()
        .filter(message::Column::PendingItemId.eq(row.id))
        .order_by_asc(message::Column::CreatedAt)
        .all(&state.db)
        .await?;
    let authors: BTreeMap<Uuid, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(rows.iter().filter_map(|m| m.author_id)))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let mut files: BTreeMap<Uuid, Vec<PendingItemAttachment>> = BTreeMap::new();
    for file in super::attachments::of_item(&state.db, row.id).await? {
        if let Some(message_id) = file.message_id {
            files.entry(message_id).or_default().push(file);
        }
    }
    Ok(rows
        .into_iter()
        .map(|m| PendingItemMessage {
            attachments: files.remove(&m.id).unwrap_or_default(),
            id: m.id,
            author: m.author_id.and_then(|id| {
                authors.get(&id).map(|name| PersonRef {
                    id,
                    name: name.clone(),
                })
            }),
            body: m.body,
            created_at: m.created_at,
        })
        .collect())
}

/// The history of an item; clients see it from the approval on, without
/// refusal reasons.
pub async fn events(
    state: &AppState,
    actor: &Actor,
    id: Uuid,
) -> Result<Vec<PendingItemEvent>, ApiError> {
    let row = find_visible(&state.db, actor, id).await?;
    let client = is_client(actor);
    // Ids are time-ordered (UUIDv7), so events stay in order within a
    // millisecond too.
    let rows = event::Entity::find()
        .filter(event::Column::PendingItemId.eq(row.id))
        .order_by_asc(event::Column::Id)
        .all(&state.db)
        .await?;
    let shown_from = if client {
        rows.iter()
            .position(|e| e.kind == "approved")
            .unwrap_or(rows.len())
    } else {
        0
    };
    Ok(rows
        .into_iter()
        .skip(shown_from)
        .map(|e| PendingItemEvent {
            id: e.id,
            actor: e.actor,
            kind: e.kind,
            data: serde_json::from_str(&e.data).unwrap_or(Value::Null),
            created_at: e.created_at,
        })
        .collect())
}
