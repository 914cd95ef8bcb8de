//! Per-user, per-event notification switches.

use atende_types::notifications::NotificationPreference;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
    sea_query::OnConflict,
};
use uuid::Uuid;

use crate::error::ApiError;

/// Every event a user can be notified of, with its default switches
/// (e-mail, in-app). The confirmation of one's own new ticket is an e-mail
/// only: in the app the ticket is already on screen.
pub const EVENTS: [(&str, bool, bool); 13] = [
    ("created", true, false),
    ("assigned", true, true),
    ("replied", true, true),
    ("mentioned", true, true),
    ("status_changed", true, true),
    ("reopened", true, true),
    ("sla_warning", true, true),
    ("sla_breach", true, true),
    ("pending_submitted", true, true),
    ("pending_awaiting_client", true, true),
    ("pending_refused", true, true),
    ("pending_answered", true, true),
    ("pending_due_soon", true, true),
];

pub mod entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "notification_preferences")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub user_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub event: String,
        pub email: bool,
        pub in_app: bool,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The switches of one event for one user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wants {
    pub email: bool,
    pub in_app: bool,
}

fn default_of(event: &str) -> Wants {
    EVENTS.iter().find(|(e, _, _)| *e == event).map_or(
        Wants {
            email: true,
            in_app: true,
        },
        |(_, email, in_app)| Wants {
            email: *email,
            in_app: *in_app,
        },
    )
}

pub async fn of(db: &impl ConnectionTrait, user_id: Uuid, event: &str) -> Result<Wants, DbErr> {
    let row = entity::Entity::find_by_id((user_id, event.to_owned()))
        .one(db)
        .await?;
    Ok(row.map_or_else(
        || default_of(event),
        |r| Wants {
            email: r.email,
            in_app: r.in_app,
        },
    ))
}

/// Every event's switches for `user_id`.
pub async fn all(
    db: &impl ConnectionTrait,
    user_id: Uuid,
) -> Result<Vec<NotificationPreference>, DbErr> {
    let saved = entity::Entity::find()
        .filter(entity::Column::UserId.eq(user_id))
        .all(db)
        .await?;
    Ok(EVENTS
        .iter()
        .map(|(event, email, in_app)| {
            let row = saved.iter().find(|r| r.event == *event);
            NotificationPreference {
                event: (*event).to_owned(),
                email: row.map_or(*email, |r| r.email),
                in_app: row.map_or(*in_app, |r| r.in_app),
            }
        })
        .collect())
}

/// Saves the given switches (others keep theirs); every event must be a
/// known one, or nothing is saved.
pub async fn save(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    input: &[NotificationPreference],
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    for (i, p) in input.iter().enumerate() {
        if !EVENTS.iter().any(|(e, _, _)| *e == p.event) {
            return Err(ApiError::validation(
                format!("[{i}].event"),
                format!(
                    "unknown event {:?}; one of {}",
                    p.event,
                    EVENTS.map(|(e, _, _)| e).join(", ")
                ),
            ));
        }
    }
    for p in input {
        entity::Entity::insert(entity::ActiveModel {
            user_id: Set(user_id),
            event: Set(p.event.clone()),
            email: Set(p.email),
            in_app: Set(p.in_app),
            updated_at: Set(now),
        })
        .on_conflict(
            OnConflict::columns([entity::Column::UserId, entity::Column::Event])
                .update_columns([
                    entity::Column::Email,
                    entity::Column::InApp,
                    entity::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}
