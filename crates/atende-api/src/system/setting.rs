//! Installation-wide key/value settings (`system_settings` table).

use sea_orm::{
    ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait, TryInsertResult, entity::prelude::*,
    sea_query::OnConflict,
};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "system_settings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    pub value: String,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// Reads one setting.
pub async fn get(db: &impl ConnectionTrait, key: &str) -> Result<Option<String>, DbErr> {
    Ok(Entity::find_by_id(key.to_owned())
        .one(db)
        .await?
        .map(|m| m.value))
}

/// Writes one setting, replacing any previous value.
pub async fn put(
    db: &impl ConnectionTrait,
    key: &str,
    value: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), DbErr> {
    let row = ActiveModel {
        key: Set(key.to_owned()),
        value: Set(value.to_owned()),
        updated_at: Set(now),
    };
    Entity::insert(row)
        .on_conflict(
            OnConflict::column(Column::Key)
                .update_columns([Column::Value, Column::UpdatedAt])
                .to_owned(),
        )
        .exec(db)
        .await?;
    Ok(())
}

/// Writes one setting unless it is already there; returns whether it wrote.
/// In a transaction this is a once-only marker: a concurrent transaction
/// writing the same key waits for this one and then finds the key taken.
pub async fn insert_if_absent(
    db: &impl ConnectionTrait,
    key: &str,
    value: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<bool, DbErr> {
    let row = ActiveModel {
        key: Set(key.to_owned()),
        value: Set(value.to_owned()),
        updated_at: Set(now),
    };
    let result = Entity::insert(row)
        .on_conflict_do_nothing_on([Column::Key])
        .exec_without_returning(db)
        .await?;
    Ok(matches!(result, TryInsertResult::Inserted(rows) if rows > 0))
}
