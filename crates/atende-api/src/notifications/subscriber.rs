//! The notifications subscriber of the event log: reads each change (the
//! events one service step recorded together), loads the people it
//! involves, asks core who hears of it ([`atende_core::notifications`])
//! and [`deliver`]s — in the app and, through a job, by e-mail — within
//! the delivery's transaction, so each notice is written exactly once even
//! when the process dies between a change's commit and its notices.

use atende_core::{
    events::{EventKind, PerformerKind, SubjectKind},
    notifications::{self as decide, Notice, PendingParties, TicketParties},
    permissions::Role,
};
use sea_orm::{ColumnTrait, DatabaseTransaction, DbErr, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use uuid::Uuid;

use super::deliver;
use crate::{
    api_tokens::entity::token,
    automation::entity::rule,
    events::StoredEvent,
    identity::{user, user_company},
    pending_items::entity::item,
    tickets::{
        entity::{message, ticket},
        followers,
    },
};

/// Notifies everyone `events` concern.
pub async fn handle(txn: &DatabaseTransaction, events: &[StoredEvent]) -> Result<(), DbErr> {
    for change in decide::split_changes(events, StoredEvent::change_key) {
        let Some(first) = change.first() else {
            continue;
        };
        match first.subject {
            SubjectKind::Ticket => ticket_change(txn, change).await?,
            SubjectKind::PendingItem => pending_change(txn, change).await?,
            _ => {}
        }
    }
    Ok(())
}

async fn ticket_change(txn: &DatabaseTransaction, change: &[StoredEvent]) -> Result<(), DbErr> {
    let first = &change[0];
    let Some(t) = ticket::Entity::find_by_id(first.subject_id)
        .one(txn)
        .await?
    else {
        return Ok(());
    };
    let has = |kinds: &[EventKind]| change.iter().any(|e| kinds.contains(&e.kind));
    let after = change.last().map(|e| &e.data["ticket"]);
    let status = after
        .and_then(|s| s["status"].as_str())
        .unwrap_or(&t.status)
        .to_owned();
    // The assignee right after this change, not whoever has it by now.
    let assignee = match after.map(|s| &s["assignee_id"]) {
        Some(Value::String(id)) => Uuid::parse_str(id).ok(),
        Some(Value::Null) => None,
        _ => t.assignee_id,
    };
    let sla = has(&[EventKind::TicketSlaWarning, EventKind::TicketSlaBreach]);
    let parties = TicketParties {
        requester: t.requester_id,
        assignee,
        followers: followers::of(txn, t.id).await?,
        mentioned: mentioned(txn, change).await?,
        supervisors: if sla {
            user_company::active_users_of(txn, t.company_id, &[Role::Supervisor], true).await?
        } else {
            Vec::new()
        },
        breach_notifies_supervisors: has(&[EventKind::TicketSlaBreach])
            && crate::sla::alerts::escalation_of(txn, t.id)
                .await?
                .notify_supervisors,
    };
    let notices = decide::ticket_notices(&domain(change), &parties);
    if notices.is_empty() {
        return Ok(());
    }
    let mut data = json!({
        "number": t.number,
        "subject": t.subject,
        "status": status,
        "by": performer_name(txn, first).await?,
    });
    if let Some(target) = change
        .iter()
        .flat_map(|e| e.domain().changes)
        .find(|c| c.field == "target")
        .and_then(|c| c.new)
    {
        data["target"] = json!(target);
    }
    send(txn, &notices, Some(t.id), &data, first).await
}

async fn pending_change(txn: &DatabaseTransaction, change: &[StoredEvent]) -> Result<(), DbErr> {
    let first = &change[0];
    let Some(it) = item::Entity::find_by_id(first.subject_id).one(txn).await? else {
        return Ok(());
    };
    let events = domain(change);
    let reaches = |status: &str| {
        events.iter().any(|e| {
            e.kind == EventKind::PendingItemStep
                && e.changes
                    .iter()
                    .any(|c| c.field == "status" && c.new.as_deref() == Some(status))
        })
    };
    let parties = PendingParties {
        operator: it.operator_id,
        supervisors: if reaches("awaiting_approval") {
            user_company::active_users_of(txn, it.company_id, &[Role::Supervisor], true).await?
        } else {
            Vec::new()
        },
        clients: if reaches("awaiting_client") {
            user_company::active_users_of(
                txn,
                it.company_id,
                &[Role::Client, Role::ClientSupervisor],
                false,
            )
            .await?
        } else {
            Vec::new()
        },
    };
    let notices = decide::pending_notices(&events, &parties);
    if notices.is_empty() {
        return Ok(());
    }
    let data = json!({
        "pending_item_id": it.id,
        "number": it.number,
        "title": it.title,
        "by": performer_name(txn, first).await?,
    });
    send(txn, &notices, None, &data, first).await
}

fn domain(change: &[StoredEvent]) -> Vec<atende_core::events::DomainEvent> {
    change.iter().map(StoredEvent::domain).collect()
}

async fn send(
    txn: &DatabaseTransaction,
    notices: &[Notice],
    ticket_id: Option<Uuid>,
    data: &Value,
    event: &StoredEvent,
) -> Result<(), DbErr> {
    for notice in notices {
        deliver(
            txn,
            notice.user_id,
            notice.kind,
            ticket_id,
            data.clone(),
            event.at,
        )
        .await?;
    }
    Ok(())
}

/// Active staff named by `@handle` in the change's internal note.
async fn mentioned(txn: &DatabaseTransaction, change: &[StoredEvent]) -> Result<Vec<Uuid>, DbErr> {
    let Some(note) = change
        .iter()
        .filter(|e| e.kind == EventKind::TicketInternalNote)
        .flat_map(|e| e.domain().changes)
        .find(|c| c.field == "message_id")
        .and_then(|c| c.new)
        .and_then(|id| Uuid::parse_str(&id).ok())
    else {
        return Ok(Vec::new());
    };
    let Some(body) = message::Entity::find_by_id(note)
        .one(txn)
        .await?
        .map(|m| m.body)
    else {
        return Ok(Vec::new());
    };
    let handles = atende_core::tickets::mentions(&body);
    if handles.is_empty() {
        return Ok(Vec::new());
    }
    Ok(user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .filter(
            user::Column::Role.is_in(
                Role::ALL
                    .iter()
                    .filter(|r| !r.is_client())
                    .map(|r| r.as_str()),
            ),
        )
        .all(txn)
        .await?
        .into_iter()
        .filter(|u| {
            let handle = u.email_key.split('@').next().unwrap_or_default();
            handles.iter().any(|h| h == handle)
        })
        .map(|u| u.id)
        .collect())
}

/// Who made the change, as the notice names them.
async fn performer_name(txn: &DatabaseTransaction, event: &StoredEvent) -> Result<String, DbErr> {
    let id = event.performer.id.unwrap_or_default();
    let name = match event.performer.kind {
        PerformerKind::Agent | PerformerKind::Client => {
            user::Entity::find_by_id(id).one(txn).await?.map(|u| u.name)
        }
        PerformerKind::ApiToken => token::Entity::find_by_id(id)
            .one(txn)
            .await?
            .map(|t| t.name),
        PerformerKind::Rule => rule::Entity::find_by_id(id)
            .one(txn)
            .await?
            .map(|r| format!("Automação: {}", r.name)),
        PerformerKind::System => None,
    };
    Ok(name.unwrap_or_else(|| "Atende".to_owned()))
}
