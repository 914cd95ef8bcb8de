//! The `user_companies` table: the companies a user is linked to — the
//! user's scope. A link to a consultancy covers all of its clients.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "user_companies")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub company_id: Uuid,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::user::Entity",
        from = "Column::UserId",
        to = "super::user::Column::Id",
        on_delete = "Cascade"
    )]
    User,
    #[sea_orm(
        belongs_to = "crate::companies::entity::Entity",
        from = "Column::CompanyId",
        to = "crate::companies::entity::Column::Id",
        on_delete = "Cascade"
    )]
    Company,
}

impl Related<super::user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl Related<crate::companies::entity::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Company.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

/// Active users of `roles` linked to the company (or, with
/// `consultancy_too`, to its consultancy).
pub async fn active_users_of(
    db: &impl sea_orm::ConnectionTrait,
    company_id: Uuid,
    roles: &[atende_core::permissions::Role],
    consultancy_too: bool,
) -> Result<Vec<Uuid>, DbErr> {
    let mut companies = vec![company_id];
    if consultancy_too
        && let Some(c) = crate::companies::entity::Entity::find_by_id(company_id)
            .one(db)
            .await?
        && let Some(consultancy) = c.consultancy_id
    {
        companies.push(consultancy);
    }
    let ids: Vec<Uuid> = Entity::find()
        .filter(Column::CompanyId.is_in(companies))
        .all(db)
        .await?
        .into_iter()
        .map(|l| l.user_id)
        .collect();
    Ok(super::user::Entity::find()
        .filter(super::user::Column::Id.is_in(ids))
        .filter(super::user::Column::Active.eq(true))
        .filter(super::user::Column::Role.is_in(roles.iter().map(|r| r.as_str())))
        .all(db)
        .await?
        .into_iter()
        .map(|u| u.id)
        .collect())
}

/// The users whose every link is within `companies` (and who have at
/// least one): the users a manager limited to those companies may see and
/// manage. A user with one link outside belongs partly to someone else,
/// and managing their e-mail or password would reach beyond the scope.
pub fn users_wholly_within(
    companies: &std::collections::BTreeSet<Uuid>,
) -> sea_orm::sea_query::SelectStatement {
    use sea_orm::sea_query::{Query, SelectStatement};
    let inside: SelectStatement = Query::select()
        .column(Column::UserId)
        .from(Entity)
        .and_where(Column::CompanyId.is_in(companies.iter().copied()))
        .to_owned();
    let outside: SelectStatement = Query::select()
        .column(Column::UserId)
        .from(Entity)
        .and_where(Column::CompanyId.is_not_in(companies.iter().copied()))
        .to_owned();
    Query::select()
        .column(Column::UserId)
        .from(Entity)
        .and_where(Column::UserId.in_subquery(inside))
        .and_where(Column::UserId.not_in_subquery(outside))
        .to_owned()
}
