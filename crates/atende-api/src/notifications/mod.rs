//! Notifications: in the app (the notification centre and its live count)
//! and by e-mail, each per user and event as the user prefers.
//!
//! Features do not notify anyone themselves: their changes are events in
//! the log, and the notifications [`subscriber`] reads them, asks core who
//! hears of each change and [`deliver`]s. Scheduled notices (a pending
//! item's reminder) and an automation rule's "notify" action, which run in
//! jobs already, call [`deliver`] directly. It writes the in-app row in the
//! caller's transaction; an e-mail becomes a job ([`email`]), sent by the
//! worker after the commit.

pub mod email;
pub mod preferences;
mod routes;
pub mod subscriber;
pub mod templates;

use actix_web::web;
use atende_core::notifications::NotificationKind;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait};
use serde_json::{Value, json};
use utoipa::OpenApi;
use uuid::Uuid;

use crate::{jobs, tickets::entity::notification};

/// Routes under `/api/v1/me`.
pub fn configure_me(cfg: &mut web::ServiceConfig) {
    cfg.service(routes::list_preferences)
        .service(routes::save_preferences);
}

#[derive(OpenApi)]
#[openapi(paths(routes::list_preferences, routes::save_preferences))]
pub struct NotificationsApi;

/// Notifies `user_id` of `kind` (about `ticket_id`), as the user prefers.
/// Returns whether an in-app notification was written.
pub async fn deliver(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    kind: NotificationKind,
    ticket_id: Option<Uuid>,
    data: Value,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let event = kind.as_str();
    let wants = preferences::of(db, user_id, event).await?;
    if wants.email {
        jobs::enqueue(
            db,
            jobs::NewJob::now(
                email::KIND,
                json!({ "user_id": user_id, "event": event, "ticket_id": ticket_id, "data": data }),
                now,
            ),
            now,
        )
        .await?;
    }
    if wants.in_app {
        notification::Entity::insert(notification::ActiveModel {
            id: Set(Uuid::now_v7()),
            user_id: Set(user_id),
            kind: Set(event.to_owned()),
            ticket_id: Set(ticket_id),
            data: Set(data.to_string()),
            created_at: Set(now),
            read_at: Set(None),
        })
        .exec_without_returning(db)
        .await?;
        // The user's open streams update their count.
        crate::events::record(
            db,
            &[atende_core::events::notifications_changed(user_id, now)],
            json!({}),
        )
        .await?;
    }
    Ok(wants.in_app)
}
