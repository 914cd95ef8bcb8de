//! Per-user, per-event notification switches.

use atende_core::notifications::{NotificationKind, Switches};
use atende_types::notifications::NotificationPreference;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
    sea_query::OnConflict,
};
use uuid::Uuid;

use crate::error::ApiError;

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
    let switches = NotificationKind::parse(event)
        .map(NotificationKind::default_switches)
        .unwrap_or(Switches {
            email: true,
            in_app: true,
        });
    Wants {
        email: switches.email,
        in_app: switches.in_app,
    }
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
    Ok(NotificationKind::switchable()
        .map(|kind| {
            let event = kind.as_str();
            let defaults = kind.default_switches();
            let row = saved.iter().find(|r| r.event == event);
            NotificationPreference {
                event: event.to_owned(),
                email: row.map_or(defaults.email, |r| r.email),
                in_app: row.map_or(defaults.in_app, |r| r.in_app),
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
        if !NotificationKind::switchable().any(|k| k.as_str() == p.event) {
            return Err(ApiError::validation(
                format!("[{i}].event"),
                format!(
                    "unknown event {:?}; one of {}",
                    p.event,
                    NotificationKind::switchable()
                        .map(NotificationKind::as_str)
                        .collect::<Vec<_>>()
                        .join(", ")
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
