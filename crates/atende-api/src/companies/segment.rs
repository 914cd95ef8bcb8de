//! The `segments` table: the business lines companies are grouped by
//! (Contabilidade, Tecnologia, …); SLA policies and reports filter on them.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "segments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    /// [`name_key`] of `name`: unique, so names are unique regardless of case.
    #[sea_orm(unique)]
    pub name_key: String,
    pub description: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::entity::Entity")]
    Companies,
}

impl Related<super::entity::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Companies.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

/// The uniqueness key of a segment name: "TECNOLOGIA" and "Tecnologia" are
/// the same segment. Unicode-aware, so "AÇÃO" and "ação" collide too.
pub fn name_key(name: &str) -> String {
    name.trim().to_lowercase()
}
