//! Ticket services. Each starts by authorizing the actor and works only
//! on tickets of companies within the actor's reach; anything else is
//! "not found".

use std::collections::{BTreeMap, BTreeSet};

use atende_core::{
    access::Reach,
    events::{self as domain, DomainEvent, TicketFields},
    permissions::Permission,
    tickets::{self as rules, Channel, Priority, TicketKey, TicketStatus},
};
use atende_types::tickets::{
    PersonRef, Ticket, TicketCreate, TicketEvent, TicketMessage, TicketMessageCreate, TicketUpdate,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait,
    QueryFilter, QueryOrder, sea_query::Expr,
};
use serde_json::{Value, json};
use uuid::Uuid;

use super::{
    entity::{event, message, tag, ticket},
    markdown, search,
};
use crate::{
    audit::{self, Change},
    auth::Actor,
    companies::entity::{self as company, CompanyKind},
    db::begin_write,
    error::ApiError,
    identity::{user, user_company},
    state::AppState,
};

/// Days a solved ticket can be reopened by its client.
pub const REOPEN_WINDOW_DAYS: i64 = 7;

/// Whether the actor is on the client side (sees no internal notes).
pub fn is_client_side(actor: &Actor) -> bool {
    actor.role.is_some_and(|r| r.is_client())
}

/// Staff see internal notes when they may write them.
fn sees_internal(actor: &Actor) -> bool {
    !is_client_side(actor) && actor.access.can(Permission::TicketsInternalNotes)
}

/// The ticket `id` if its company is within `reach`.
pub async fn find_in_reach(
    db: &impl ConnectionTrait,
    reach: &Reach,
    id: Uuid,
) -> Result<ticket::Model, ApiError> {
    let found = ticket::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|t| reach.covers(t.company_id))
        .ok_or(ApiError::NotFound)?;
    Ok(found)
}

/// The fields the event log reports of `t` (with its sorted tags).
pub(crate) fn event_fields(t: &ticket::Model, tags: Vec<String>) -> TicketFields {
    TicketFields {
        id: t.id,
        company_id: t.company_id,
        subject: t.subject.clone(),
        status: TicketStatus::parse(&t.status).unwrap_or(TicketStatus::Open),
        priority: t.priority.clone(),
        assignee_id: t.assignee_id,
        team_id: t.team_id,
        category_id: t.category_id,
        tags,
    }
}

/// Records `events` about `t` in the log, with what `t` looks like now
/// (what a live stream shows without reloading).
pub(crate) async fn publish(
    db: &impl ConnectionTrait,
    events: &[DomainEvent],
    t: &ticket::Model,
) -> Result<(), DbErr> {
    crate::events::record(
        db,
        events,
        json!({ "ticket": {
            "number": t.number,
            "status": t.status,
            "assignee_id": t.assignee_id,
            "version": t.version,
        } }),
    )
    .await
}

/// A ticket's tags, sorted.
pub(crate) async fn tags_of(db: &impl ConnectionTrait, id: Uuid) -> Result<Vec<String>, DbErr> {
    Ok(tag::Entity::find()
        .filter(tag::Column::TicketId.eq(id))
        .order_by_asc(tag::Column::Tag)
        .all(db)
        .await?
        .into_iter()
        .map(|t| t.tag)
        .collect())
}

fn validate_subject(subject: &str) -> Result<String, ApiError> {
    let subject = subject.trim();
    if subject.is_empty() || subject.chars().count() > 250 {
        return Err(ApiError::validation(
            "subject",
            "must have 1 to 250 characters",
        ));
    }
    Ok(subject.to_owned())
}

fn validate_body(field: &str, body: &str) -> Result<String, ApiError> {
    if body.trim().is_empty() {
        return Err(ApiError::validation(field, "must not be empty"));
    }
    if body.len() > 100_000 {
        return Err(ApiError::validation(
            field,
            "must have at most 100,000 bytes",
        ));
    }
    Ok(body.to_owned())
}

fn validate_tags(tags: &[String]) -> Result<Vec<String>, ApiError> {
    let mut clean = BTreeSet::new();
    for (i, tag) in tags.iter().enumerate() {
        let tag = tag.trim().to_lowercase();
        if tag.is_empty() || tag.chars().count() > 60 || tag.chars().any(char::is_whitespace) {
            return Err(ApiError::validation(
                format!("tags[{i}]"),
                "must be one word of 1 to 60 characters",
            ));
        }
        clean.insert(tag);
    }
    if clean.len() > 20 {
        return Err(ApiError::validation("tags", "at most 20 tags"));
    }
    Ok(clean.into_iter().collect())
}

fn parse_priority(value: &str) -> Result<Priority, ApiError> {
    Priority::parse(value)
        .ok_or_else(|| ApiError::validation("priority", "must be low, normal, high or urgent"))
}

fn parse_status(value: &str) -> Result<TicketStatus, ApiError> {
    TicketStatus::parse(value).ok_or_else(|| {
        ApiError::validation(
            "status",
            "must be new, open, pending, on_hold, solved or closed",
        )
    })
}

/// A staff member who may work tickets of `company_id` (for assignment).
async fn check_assignee(
    db: &impl ConnectionTrait,
    assignee: Uuid,
    company_id: Uuid,
) -> Result<(), ApiError> {
    let invalid = || {
        ApiError::validation(
            "assignee_id",
            "must be an active staff user who works this company",
        )
    };
    let user = user::Entity::find_by_id(assignee)
        .one(db)
        .await?
        .filter(|u| u.active)
        .ok_or_else(invalid)?;
    let role = user.role().ok_or_else(invalid)?;
    if role.is_client() {
        return Err(invalid());
    }
    let access = crate::auth::actor::access_of_user(db, assignee, role).await?;
    match access.authorize(Permission::TicketsWork) {
        Ok(reach) if reach.covers(company_id) => Ok(()),
        _ => Err(invalid()),
    }
}

/// Inserts a timeline event.
async fn record_event(
    db: &impl ConnectionTrait,
    actor: &Actor,
    ticket_id: Uuid,
    kind: &str,
    internal: bool,
    data: Value,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    event::Entity::insert(event::ActiveModel {
        id: Set(Uuid::now_v7()),
        ticket_id: Set(ticket_id),
        actor_id: Set(actor.user.as_ref().map(|u| u.id)),
        actor: Set(actor_name(actor)),
        kind: Set(kind.to_owned()),
        internal: Set(internal),
        data: Set(data.to_string()),
        created_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// A staff-only timeline entry written by Atende itself (`actor`:
/// "Atende", "Automação"): SLA alerts and escalations, rule firings.
pub(crate) async fn staff_entry(
    db: &impl ConnectionTrait,
    ticket_id: Uuid,
    actor: &str,
    kind: &str,
    data: &Value,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    event::Entity::insert(event::ActiveModel {
        id: Set(Uuid::now_v7()),
        ticket_id: Set(ticket_id),
        actor_id: Set(None),
        actor: Set(actor.to_owned()),
        kind: Set(kind.to_owned()),
        internal: Set(true),
        data: Set(data.to_string()),
        created_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

fn actor_name(actor: &Actor) -> String {
    actor
        .user
        .as_ref()
        .map(|u| u.name.clone())
        .unwrap_or_else(|| actor.audit.actor.clone())
}

async fn replace_tags(
    db: &impl ConnectionTrait,
    ticket_id: Uuid,
    tags: &[String],
) -> Result<(), DbErr> {
    tag::Entity::delete_many()
        .filter(tag::Column::TicketId.eq(ticket_id))
        .exec(db)
        .await?;
    if !tags.is_empty() {
        tag::Entity::insert_many(tags.iter().map(|t| tag::ActiveModel {
            ticket_id: Set(ticket_id),
            tag: Set(t.clone()),
        }))
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}

/// Opens a ticket. Clients open for their own company; staff on behalf of
/// a client (`requester_id`), choosing the channel.
pub async fn create(
    state: &AppState,
    actor: &Actor,
    input: TicketCreate,
) -> Result<Ticket, ApiError> {
    let reach = actor.authorize(Permission::TicketsCreate)?;
    let subject = validate_subject(&input.subject)?;
    let description = validate_body("description", &input.description)?;
    let tags = validate_tags(&input.tags)?;
    let priority = match &input.priority {
        Some(p) => parse_priority(p)?,
        None => Priority::Normal,
    };
    let client_side = is_client_side(actor);
    let channel = match (&input.channel, actor.user.is_some(), client_side) {
        (Some(c), true, false) => Channel::parse(c).ok_or_else(|| {
            ApiError::validation("channel", "must be portal, email, api, chat or phone")
        })?,
        (Some(_), _, true) => {
            return Err(ApiError::validation(
                "channel",
                "clients open tickets through the portal",
            ));
        }
        (_, false, _) => Channel::Api,
        (None, true, _) => Channel::Portal,
    };
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    // The company: given, or the client's only one.
    let company_id = match input.company_id {
        Some(id) => id,
        None => {
            let clients: Vec<Uuid> = company::Entity::find()
                .filter(company::Column::Id.is_in(actor.access.scope().iter().copied()))
                .filter(company::Column::Kind.eq(CompanyKind::Client))
                .all(&txn)
                .await?
                .into_iter()
                .map(|c| c.id)
                .collect();
            match clients.as_slice() {
                [only] => *only,
                _ => {
                    return Err(ApiError::validation(
                        "company_id",
                        "say which company the ticket is for",
                    ));
                }
            }
        }
    };
    let company = company::Entity::find_by_id(company_id)
        .one(&txn)
        .await?
        .filter(|c| reach.covers(c.id) && c.kind == CompanyKind::Client && c.active)
        .ok_or_else(|| {
            ApiError::validation(
                "company_id",
                "must be an active client company you work with",
            )
        })?;
    let requester_id = match (input.requester_id, client_side) {
        (Some(_), true) => {
            return Err(ApiError::validation(
                "requester_id",
                "clients open tickets for themselves",
            ));
        }
        (Some(id), false) => {
            let linked = user_company::Entity::find()
                .filter(user_company::Column::UserId.eq(id))
                .filter(user_company::Column::CompanyId.eq(company.id))
                .one(&txn)
                .await?
                .is_some();
            if !linked {
                return Err(ApiError::validation(
                    "requester_id",
                    "must be a user of the ticket's company",
                ));
            }
            Some(id)
        }
        (None, _) => actor.user.as_ref().map(|u| u.id),
    };
    if let Some(category) = input.category_id {
        super::catalog::check_category(&txn, category).await?;
    }
    if let Some(team) = input.team_id {
        super::catalog::check_team(&txn, team).await?;
    }
    let number = crate::db::next_counter(&txn, "ticket_number").await?;
    let search_text = search::text(&subject, &description, &[]);
    let model = ticket::Model {
        id: Uuid::now_v7(),
        number,
        company_id: company.id,
        requester_id,
        assignee_id: None,
        team_id: input.team_id,
        category_id: input.category_id,
        description_html: markdown::render(&description),
        subject,
        description,
        status: TicketStatus::New.as_str().to_owned(),
        priority: priority.as_str().to_owned(),
        channel: channel.as_str().to_owned(),
        created_by: actor.user.as_ref().map(|u| u.id),
        created_at: now,
        updated_at: now,
        first_response_at: None,
        solved_at: None,
        closed_at: None,
        reopen_count: 0,
        version: 1,
        updated_by: actor.user.as_ref().map(|u| u.id),
        search_text,
        auto_submitted: input.auto_submitted,
    };
    ticket::Entity::insert(active(&model))
        .exec_without_returning(&txn)
        .await?;
    replace_tags(&txn, model.id, &tags).await?;
    search::reindex(&txn, model.number, &model.search_text).await?;
    let assignee = super::assignment::auto_assign(&txn, &model).await?;
    let model = match assignee {
        Some(user_id) => {
            ticket::Entity::update_many()
                .col_expr(ticket::Column::AssigneeId, Expr::value(user_id))
                .filter(ticket::Column::Id.eq(model.id))
                .exec(&txn)
                .await?;
            ticket::Model {
                assignee_id: Some(user_id),
                ..model
            }
        }
        None => model,
    };
    crate::sla::clocks::on_created(&txn, &model, now).await?;
    let mut sorted_tags = tags.clone();
    sorted_tags.sort();
    publish(
        &txn,
        &domain::ticket_created(&event_fields(&model, sorted_tags), actor.performer(), now),
        &model,
    )
    .await?;
    record_event(
        &txn,
        actor,
        model.id,
        "created",
        false,
        json!({ "channel": model.channel, "priority": model.priority }),
        now,
    )
    .await?;
    if let Some(user_id) = assignee {
        record_event(
            &txn,
            actor,
            model.id,
            "assigned",
            false,
            json!({ "to": user_id, "automatic": true }),
            now,
        )
        .await?;
    }
    audit::record(
        &txn,
        &actor.audit,
        Change::new("ticket.created", "ticket", model.id)
            .company(Some(model.company_id))
            .after(json!({ "number": model.number, "subject": model.subject, "priority": model.priority })),
        now,
    )
    .await?;
    txn.commit().await?;
    state.events.committed();
    load_one(state, model).await
}

fn active(t: &ticket::Model) -> ticket::ActiveModel {
    ticket::ActiveModel {
        id: Set(t.id),
        number: Set(t.number),
        company_id: Set(t.company_id),
        requester_id: Set(t.requester_id),
        assignee_id: Set(t.assignee_id),
        team_id: Set(t.team_id),
        category_id: Set(t.category_id),
        subject: Set(t.subject.clone()),
        description: Set(t.description.clone()),
        description_html: Set(t.description_html.clone()),
        status: Set(t.status.clone()),
        priority: Set(t.priority.clone()),
        channel: Set(t.channel.clone()),
        created_by: Set(t.created_by),
        created_at: Set(t.created_at),
        updated_at: Set(t.updated_at),
        first_response_at: Set(t.first_response_at),
        solved_at: Set(t.solved_at),
        closed_at: Set(t.closed_at),
        reopen_count: Set(t.reopen_count),
        version: Set(t.version),
        updated_by: Set(t.updated_by),
        search_text: Set(t.search_text.clone()),
        auto_submitted: Set(t.auto_submitted),
    }
}

/// The wire form of many tickets, with names and tags loaded in batches.
pub async fn to_wire(
    db: &impl ConnectionTrait,
    rows: Vec<ticket::Model>,
    now: DateTime<Utc>,
) -> Result<Vec<Ticket>, DbErr> {
    let ids: Vec<Uuid> = rows.iter().map(|t| t.id).collect();
    let mut slas = crate::sla::clocks::briefs(db, &ids, now).await?;
    let company_ids: BTreeSet<Uuid> = rows.iter().map(|t| t.company_id).collect();
    let user_ids: BTreeSet<Uuid> = rows
        .iter()
        .flat_map(|t| [t.requester_id, t.assignee_id])
        .flatten()
        .collect();
    let companies: BTreeMap<Uuid, String> = company::Entity::find()
        .filter(company::Column::Id.is_in(company_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.trade_name.unwrap_or(c.legal_name)))
        .collect();
    let users: BTreeMap<Uuid, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(user_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let mut tags: BTreeMap<Uuid, Vec<String>> = BTreeMap::new();
    for row in tag::Entity::find()
        .filter(tag::Column::TicketId.is_in(ids))
        .order_by_asc(tag::Column::Tag)
        .all(db)
        .await?
    {
        tags.entry(row.ticket_id).or_default().push(row.tag);
    }
    let person = |id: Option<Uuid>| {
        id.and_then(|id| {
            users.get(&id).map(|name| PersonRef {
                id,
                name: name.clone(),
            })
        })
    };
    Ok(rows
        .into_iter()
        .map(|t| Ticket {
            reference: rules::format_number(t.number),
            company_name: companies.get(&t.company_id).cloned().unwrap_or_default(),
            requester: person(t.requester_id),
            assignee: person(t.assignee_id),
            tags: tags.remove(&t.id).unwrap_or_default(),
            sla: slas.remove(&t.id),
            id: t.id,
            number: t.number,
            subject: t.subject,
            description: t.description,
            description_html: t.description_html,
            status: t.status,
            priority: t.priority,
            channel: t.channel,
            company_id: t.company_id,
            team_id: t.team_id,
            category_id: t.category_id,
            created_at: t.created_at,
            updated_at: t.updated_at,
            first_response_at: t.first_response_at,
            solved_at: t.solved_at,
            closed_at: t.closed_at,
            reopen_count: t.reopen_count,
            version: t.version,
        })
        .collect())
}

async fn load_one(state: &AppState, row: ticket::Model) -> Result<Ticket, ApiError> {
    let id = row.id;
    let fresh = ticket::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .unwrap_or(row);
    to_wire(&state.db, vec![fresh], state.clock.now())
        .await?
        .pop()
        .ok_or(ApiError::NotFound)
}

/// One ticket.
pub async fn show(state: &AppState, actor: &Actor, key: TicketKey) -> Result<Ticket, ApiError> {
    let reach = actor.authorize(Permission::TicketsView)?;
    let row = find_by_key(&state.db, &reach, key).await?;
    load_one(state, row).await
}

/// The ticket `key` names (id or number) if its company is within
/// `reach`.
pub async fn find_by_key(
    db: &impl ConnectionTrait,
    reach: &Reach,
    key: TicketKey,
) -> Result<ticket::Model, ApiError> {
    match key {
        TicketKey::Id(id) => find_in_reach(db, reach, id).await,
        TicketKey::Number(number) => ticket::Entity::find()
            .filter(ticket::Column::Number.eq(number))
            .one(db)
            .await?
            .filter(|t| reach.covers(t.company_id))
            .ok_or(ApiError::NotFound),
    }
}

/// Applies a change based on `input.version`; a stale version is a 409
/// naming who changed the ticket meanwhile.
pub async fn update(
    state: &AppState,
    actor: &Actor,
    id: Uuid,
    input: TicketUpdate,
) -> Result<Ticket, ApiError> {
    let reach = actor.authorize(Permission::TicketsWork)?;
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let before = find_in_reach(&txn, &reach, id).await?;
    let (after, _) = update_in(&txn, actor, before, input, now).await?;
    txn.commit().await?;
    state.events.committed();
    load_one(state, after).await
}

/// [`update`] within the caller's transaction, for a ticket the caller
/// has authorized: the new ticket and the domain events the change made
/// (none when nothing changed). Automation rules act through it.
pub(crate) async fn update_in(
    txn: &DatabaseTransaction,
    actor: &Actor,
    before: ticket::Model,
    input: TicketUpdate,
    now: DateTime<Utc>,
) -> Result<(ticket::Model, Vec<DomainEvent>), ApiError> {
    if before.version != input.version {
        let who = match before.updated_by {
            Some(user_id) => user::Entity::find_by_id(user_id)
                .one(txn)
                .await?
                .map(|u| u.name),
            None => None,
        }
        .unwrap_or_else(|| "someone".into());
        return Err(ApiError::conflict(
            "version",
            format!(
                "{who} changed this ticket at {} (version {}); reload it and apply your change again",
                before.updated_at.to_rfc3339(),
                before.version
            ),
        ));
    }
    let mut after = before.clone();
    let mut events: Vec<(&str, bool, Value)> = Vec::new();
    if let Some(subject) = &input.subject {
        after.subject = validate_subject(subject)?;
        if after.subject != before.subject {
            events.push((
                "subject_changed",
                false,
                json!({ "from": before.subject, "to": after.subject }),
            ));
        }
    }
    if let Some(status) = &input.status {
        let from = parse_status(&before.status)?;
        let to = parse_status(status)?;
        if to != from {
            from.transition(to)
                .map_err(|e| ApiError::validation("status", e.to_string()))?;
            apply_status(&mut after, from, to, now);
            events.push((
                "status_changed",
                false,
                json!({ "from": from.as_str(), "to": to.as_str() }),
            ));
        }
    }
    if let Some(priority) = &input.priority {
        after.priority = parse_priority(priority)?.as_str().to_owned();
        if after.priority != before.priority {
            events.push((
                "priority_changed",
                false,
                json!({ "from": before.priority, "to": after.priority }),
            ));
        }
    }
    if let Some(assignee) = input.assignee_id {
        if let Some(user_id) = assignee {
            check_assignee(txn, user_id, before.company_id).await?;
        }
        after.assignee_id = assignee;
        if after.assignee_id != before.assignee_id {
            events.push((
                "assigned",
                false,
                json!({ "from": before.assignee_id, "to": after.assignee_id }),
            ));
        }
    }
    if let Some(team) = input.team_id {
        if let Some(team_id) = team {
            super::catalog::check_team(txn, team_id).await?;
        }
        after.team_id = team;
        if after.team_id != before.team_id {
            events.push((
                "team_changed",
                true,
                json!({ "from": before.team_id, "to": after.team_id }),
            ));
        }
    }
    if let Some(category) = input.category_id {
        if let Some(category_id) = category {
            super::catalog::check_category(txn, category_id).await?;
        }
        after.category_id = category;
        if after.category_id != before.category_id {
            events.push((
                "category_changed",
                false,
                json!({ "from": before.category_id, "to": after.category_id }),
            ));
        }
    }
    let tags_before = tags_of(txn, before.id).await?;
    let mut tags_after = tags_before.clone();
    if let Some(tags) = &input.tags {
        let tags = validate_tags(tags)?;
        replace_tags(txn, before.id, &tags).await?;
        events.push(("tags_changed", true, json!({ "to": tags })));
        tags_after = tags;
        tags_after.sort();
    }
    if events.is_empty() {
        return Ok((before, Vec::new()));
    }
    after.version = before.version + 1;
    after.updated_at = now;
    after.updated_by = actor.user.as_ref().map(|u| u.id);
    if after.subject != before.subject {
        let replies = public_replies(txn, before.id).await?;
        let replies: Vec<&str> = replies.iter().map(String::as_str).collect();
        after.search_text = search::text(&after.subject, &after.description, &replies);
        search::reindex(txn, after.number, &after.search_text).await?;
    }
    // Conditional on the version read: a concurrent writer makes this a
    // no-op, answered as the conflict it is.
    let result = ticket::Entity::update_many()
        .set(active(&after))
        .filter(ticket::Column::Id.eq(before.id))
        .filter(ticket::Column::Version.eq(before.version))
        .exec(txn)
        .await?;
    if result.rows_affected != 1 {
        return Err(ApiError::conflict(
            "version",
            "the ticket changed meanwhile; reload it",
        ));
    }
    crate::sla::clocks::on_changed(txn, &before, &after, now).await?;
    for (kind, internal, data) in &events {
        record_event(txn, actor, before.id, kind, *internal, data.clone(), now).await?;
    }
    let changed = domain::ticket_changed(
        &event_fields(&before, tags_before),
        &event_fields(&after, tags_after),
        actor.performer(),
        now,
    );
    publish(txn, &changed, &after).await?;
    audit::record(
        txn,
        &actor.audit,
        Change::new("ticket.updated", "ticket", before.id)
            .company(Some(before.company_id))
            .before(summary(&before))
            .after(summary(&after)),
        now,
    )
    .await?;
    Ok((after, changed))
}

fn summary(t: &ticket::Model) -> Value {
    json!({
        "subject": t.subject, "status": t.status, "priority": t.priority,
        "assignee_id": t.assignee_id, "team_id": t.team_id, "category_id": t.category_id,
        "version": t.version,
    })
}

/// Sets the timestamps a status change implies.
pub fn apply_status(
    t: &mut ticket::Model,
    from: TicketStatus,
    to: TicketStatus,
    now: DateTime<Utc>,
) {
    t.status = to.as_str().to_owned();
    match to {
        TicketStatus::Solved => t.solved_at = Some(now),
        TicketStatus::Closed => t.closed_at = Some(now),
        _ => {}
    }
    if from == TicketStatus::Solved && to == TicketStatus::Open {
        t.solved_at = None;
        t.reopen_count += 1;
    }
}

async fn public_replies(db: &impl ConnectionTrait, ticket_id: Uuid) -> Result<Vec<String>, DbErr> {
    Ok(message::Entity::find()
        .filter(message::Column::TicketId.eq(ticket_id))
        .filter(message::Column::Internal.eq(false))
        .order_by_asc(message::Column::CreatedAt)
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.body)
        .collect())
}

/// Adds a public reply or an internal note. A client's reply to a ticket
/// waiting on them reopens it; the first public staff reply is the first
/// response; `@handles` in notes notify colleagues.
pub async fn add_message(
    state: &AppState,
    actor: &Actor,
    id: Uuid,
    input: TicketMessageCreate,
) -> Result<TicketMessage, ApiError> {
    let reach = if input.internal {
        actor.authorize(Permission::TicketsInternalNotes)?
    } else {
        actor.authorize(Permission::TicketsView)?
    };
    let client_side = is_client_side(actor);
    if input.internal && client_side {
        return Err(ApiError::Forbidden(atende_core::access::Denied(
            Permission::TicketsInternalNotes,
        )));
    }
    if !input.internal && !client_side {
        actor.authorize(Permission::TicketsWork)?;
    }
    let body = validate_body("body", &input.body)?;
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let before = find_in_reach(&txn, &reach, id).await?;
    let (message, _, _) = add_message_in(
        &txn,
        actor,
        before,
        NewMessage {
            internal: input.internal,
            body,
            auto_submitted: input.auto_submitted,
        },
        now,
    )
    .await?;
    txn.commit().await?;
    state.events.committed();
    let author = actor.user.as_ref().map(|u| PersonRef {
        id: u.id,
        name: u.name.clone(),
    });
    Ok(TicketMessage {
        id: message.id,
        author,
        internal: message.internal,
        body: message.body,
        body_html: message.body_html,
        created_at: message.created_at,
    })
}

/// A message to add to a ticket.
pub(crate) struct NewMessage {
    pub internal: bool,
    /// Validated.
    pub body: String,
    /// Generated automatically (never answered by an automatic reply).
    pub auto_submitted: bool,
}

/// [`add_message`] within the caller's transaction, for a ticket the
/// caller has authorized: the message, the ticket after it, and the
/// domain events it made.
pub(crate) async fn add_message_in(
    txn: &DatabaseTransaction,
    actor: &Actor,
    before: ticket::Model,
    input: NewMessage,
    now: DateTime<Utc>,
) -> Result<(message::Model, ticket::Model, Vec<DomainEvent>), ApiError> {
    let client_side = is_client_side(actor);
    let body = input.body;
    if before.status == TicketStatus::Closed.as_str() {
        return Err(ApiError::validation(
            "body",
            "the ticket is closed; open a new one",
        ));
    }
    let message = message::Model {
        id: Uuid::now_v7(),
        ticket_id: before.id,
        author_id: actor.user.as_ref().map(|u| u.id),
        internal: input.internal,
        body_html: markdown::render(&body),
        body,
        created_at: now,
        auto_submitted: input.auto_submitted,
    };
    message::Entity::insert(message::ActiveModel {
        id: Set(message.id),
        ticket_id: Set(message.ticket_id),
        author_id: Set(message.author_id),
        internal: Set(message.internal),
        body: Set(message.body.clone()),
        body_html: Set(message.body_html.clone()),
        created_at: Set(now),
        auto_submitted: Set(input.auto_submitted),
    })
    .exec_without_returning(txn)
    .await?;
    let mut after = before.clone();
    after.updated_at = now;
    after.updated_by = message.author_id;
    after.version = before.version + 1;
    if !input.internal {
        let replies = public_replies(txn, before.id).await?;
        let replies: Vec<&str> = replies.iter().map(String::as_str).collect();
        after.search_text = search::text(&after.subject, &after.description, &replies);
        search::reindex(txn, after.number, &after.search_text).await?;
        let status = parse_status(&before.status)?;
        if client_side && status == TicketStatus::Pending {
            apply_status(&mut after, status, TicketStatus::Open, now);
            record_event(
                txn,
                actor,
                before.id,
                "status_changed",
                false,
                json!({ "from": "pending", "to": "open" }),
                now,
            )
            .await?;
        }
        if !client_side && before.first_response_at.is_none() {
            after.first_response_at = Some(now);
        }
        if !client_side && status == TicketStatus::New {
            apply_status(&mut after, status, TicketStatus::Open, now);
            record_event(
                txn,
                actor,
                before.id,
                "status_changed",
                false,
                json!({ "from": "new", "to": "open" }),
                now,
            )
            .await?;
        }
    }
    ticket::Entity::update(active(&after)).exec(txn).await?;
    crate::sla::clocks::on_changed(txn, &before, &after, now).await?;
    if !input.internal {
        crate::sla::clocks::on_message(txn, &after, client_side, now).await?;
    }
    record_event(
        txn,
        actor,
        before.id,
        if input.internal { "noted" } else { "replied" },
        input.internal,
        json!({ "message_id": message.id }),
        now,
    )
    .await?;
    let mut events = vec![domain::ticket_message(
        &event_fields(&after, Vec::new()),
        message.id,
        input.internal,
        actor.performer(),
        now,
    )];
    // Answering may also move the status (new → open, pending → open).
    events.extend(domain::ticket_changed(
        &event_fields(&before, Vec::new()),
        &event_fields(&after, Vec::new()),
        actor.performer(),
        now,
    ));
    publish(txn, &events, &after).await?;
    audit::record(
        txn,
        &actor.audit,
        Change::new(
            if input.internal {
                "ticket.noted"
            } else {
                "ticket.replied"
            },
            "ticket",
            before.id,
        )
        .company(Some(before.company_id))
        .after(json!({ "message_id": message.id })),
        now,
    )
    .await?;
    Ok((message, after, events))
}

/// The thread; internal notes only for staff who may read them.
pub async fn messages(
    state: &AppState,
    actor: &Actor,
    id: Uuid,
) -> Result<Vec<TicketMessage>, ApiError> {
    let reach = actor.authorize(Permission::TicketsView)?;
    let ticket = find_in_reach(&state.db, &reach, id).await?;
    let mut query = message::Entity::find().filter(message::Column::TicketId.eq(ticket.id));
    if !sees_internal(actor) {
        query = query.filter(message::Column::Internal.eq(false));
    }
    let rows = query
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
    Ok(rows
        .into_iter()
        .map(|m| TicketMessage {
            author: m.author_id.and_then(|id| {
                authors.get(&id).map(|name| PersonRef {
                    id,
                    name: name.clone(),
                })
            }),
            id: m.id,
            internal: m.internal,
            body: m.body,
            body_html: m.body_html,
            created_at: m.created_at,
        })
        .collect())
}

/// The timeline; internal events only for staff.
pub async fn events(
    state: &AppState,
    actor: &Actor,
    id: Uuid,
) -> Result<Vec<TicketEvent>, ApiError> {
    let reach = actor.authorize(Permission::TicketsView)?;
    let ticket = find_in_reach(&state.db, &reach, id).await?;
    let mut query = event::Entity::find().filter(event::Column::TicketId.eq(ticket.id));
    if !sees_internal(actor) {
        query = query.filter(event::Column::Internal.eq(false));
    }
    Ok(query
        .order_by_asc(event::Column::CreatedAt)
        .order_by_asc(event::Column::Id)
        .all(&state.db)
        .await?
        .into_iter()
        .map(|e| TicketEvent {
            id: e.id,
            kind: e.kind,
            actor: e.actor,
            data: serde_json::from_str(&e.data).unwrap_or(Value::Null),
            created_at: e.created_at,
        })
        .collect())
}

/// Reopens a solved ticket within the window, with a reason (a public
/// reply, so everyone sees why).
pub async fn reopen(
    state: &AppState,
    actor: &Actor,
    id: Uuid,
    reason: &str,
) -> Result<Ticket, ApiError> {
    let reach = actor.authorize(Permission::TicketsView)?;
    let reason = validate_body("reason", reason)?;
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let before = find_in_reach(&txn, &reach, id).await?;
    let status = parse_status(&before.status)?;
    rules::check_reopen(
        status,
        before.solved_at,
        now,
        chrono::Duration::days(REOPEN_WINDOW_DAYS),
    )
    .map_err(|e| ApiError::validation("status", e.to_string()))?;
    let mut after = before.clone();
    apply_status(&mut after, status, TicketStatus::Open, now);
    after.version = before.version + 1;
    after.updated_at = now;
    after.updated_by = actor.user.as_ref().map(|u| u.id);
    ticket::Entity::update(active(&after)).exec(&txn).await?;
    crate::sla::clocks::on_changed(&txn, &before, &after, now).await?;
    let message_id = Uuid::now_v7();
    message::Entity::insert(message::ActiveModel {
        id: Set(message_id),
        ticket_id: Set(before.id),
        author_id: Set(actor.user.as_ref().map(|u| u.id)),
        internal: Set(false),
        body_html: Set(markdown::render(&reason)),
        body: Set(reason.clone()),
        created_at: Set(now),
        auto_submitted: Set(false),
    })
    .exec_without_returning(&txn)
    .await?;
    record_event(
        &txn,
        actor,
        before.id,
        "reopened",
        false,
        json!({ "reason": reason }),
        now,
    )
    .await?;
    let mut events = domain::ticket_changed(
        &event_fields(&before, Vec::new()),
        &event_fields(&after, Vec::new()),
        actor.performer(),
        now,
    );
    events.push(domain::ticket_message(
        &event_fields(&after, Vec::new()),
        message_id,
        false,
        actor.performer(),
        now,
    ));
    publish(&txn, &events, &after).await?;
    audit::record(
        &txn,
        &actor.audit,
        Change::new("ticket.reopened", "ticket", before.id)
            .company(Some(before.company_id))
            .after(json!({ "reason": reason })),
        now,
    )
    .await?;
    txn.commit().await?;
    state.events.committed();
    load_one(state, after).await
}

/// Marks a ticket solved from the client side ("meu problema foi
/// resolvido"); staff use `PATCH`. Follows the same transition rules.
pub async fn solve(state: &AppState, actor: &Actor, id: Uuid) -> Result<Ticket, ApiError> {
    let reach = actor.authorize(Permission::TicketsView)?;
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let before = find_in_reach(&txn, &reach, id).await?;
    let from = parse_status(&before.status)?;
    from.transition(TicketStatus::Solved)
        .map_err(|e| ApiError::validation("status", e.to_string()))?;
    let mut after = before.clone();
    apply_status(&mut after, from, TicketStatus::Solved, now);
    after.version = before.version + 1;
    after.updated_at = now;
    after.updated_by = actor.user.as_ref().map(|u| u.id);
    ticket::Entity::update(active(&after)).exec(&txn).await?;
    crate::sla::clocks::on_changed(&txn, &before, &after, now).await?;
    record_event(
        &txn,
        actor,
        before.id,
        "status_changed",
        false,
        json!({ "from": from.as_str(), "to": "solved" }),
        now,
    )
    .await?;
    publish(
        &txn,
        &domain::ticket_changed(
            &event_fields(&before, Vec::new()),
            &event_fields(&after, Vec::new()),
            actor.performer(),
            now,
        ),
        &after,
    )
    .await?;
    audit::record(
        &txn,
        &actor.audit,
        Change::new("ticket.solved", "ticket", before.id)
            .company(Some(before.company_id))
            .before(summary(&before))
            .after(summary(&after)),
        now,
    )
    .await?;
    txn.commit().await?;
    state.events.committed();
    load_one(state, after).await
}
