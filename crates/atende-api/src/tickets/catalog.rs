//! What tickets are sorted into: the category tree and the teams (queues)
//! with their members and assignment rule. Administered with
//! `automation.manage` (ADM and Supervisor by default).

use actix_web::{HttpResponse, get, post, put, web};
use atende_core::permissions::Permission;

use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{
    audit::{self, Change},
    auth::Actor,
    db::begin_write,
    error::ApiError,
    extract::ApiJson,
    state::AppState,
};

pub mod category {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "ticket_categories")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub parent_id: Option<Uuid>,
        pub name: String,
        pub active: bool,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod team {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "teams")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub name: String,
        /// `manual`, `round_robin` or `least_open`.
        pub assignment: String,
        pub last_assigned_user_id: Option<Uuid>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod member {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "team_members")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub team_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub user_id: Uuid,
        pub available: bool,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// 422 unless `id` is an active category.
pub async fn check_category(db: &impl ConnectionTrait, id: Uuid) -> Result<(), ApiError> {
    category::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|c| c.active)
        .map(|_| ())
        .ok_or_else(|| ApiError::validation("category_id", "names no active category"))
}

/// 422 unless `id` is a team.
pub async fn check_team(db: &impl ConnectionTrait, id: Uuid) -> Result<(), ApiError> {
    team::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(|_| ())
        .ok_or_else(|| ApiError::validation("team_id", "names no team"))
}

/// A ticket category (a node of the tree).
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Category {
    pub id: Uuid,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<Uuid>,
    pub name: String,
    pub active: bool,
}

/// Creating a category.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CategoryCreate {
    pub name: String,
    #[serde(default)]
    pub parent_id: Option<Uuid>,
}

/// A team (queue) and how it assigns new tickets.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Team {
    pub id: Uuid,
    pub name: String,
    /// `manual`, `round_robin` or `least_open`.
    pub assignment: String,
    pub members: Vec<TeamMember>,
}

/// A member of a team.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct TeamMember {
    pub user_id: Uuid,
    /// Only available members receive automatic assignments.
    pub available: bool,
}

/// Creating or replacing a team.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamInput {
    pub name: String,
    pub assignment: String,
    #[serde(default)]
    pub members: Vec<TeamMember>,
}

/// Every category, by name.
#[utoipa::path(get, path = "/api/v1/ticket-categories", tag = "tickets", security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "The categories", body = Vec<Category>)))]
#[get("/ticket-categories")]
pub async fn list_categories(
    state: web::Data<AppState>,
    actor: Actor,
) -> Result<HttpResponse, ApiError> {
    actor.authorize(Permission::TicketsView)?;
    let rows = category::Entity::find()
        .order_by_asc(category::Column::Name)
        .all(&state.db)
        .await?;
    Ok(HttpResponse::Ok().json(
        rows.into_iter()
            .map(|c| Category {
                id: c.id,
                parent_id: c.parent_id,
                name: c.name,
                active: c.active,
            })
            .collect::<Vec<_>>(),
    ))
}

/// Adds a category (under `parent_id` for a subcategory).
#[utoipa::path(post, path = "/api/v1/ticket-categories", tag = "tickets", request_body = CategoryCreate,
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 201, description = "Created", body = Category),
              (status = 422, description = "A bad value", body = atende_types::ErrorBody, content_type = "application/problem+json")))]
#[post("/ticket-categories")]
pub async fn create_category(
    state: web::Data<AppState>,
    actor: Actor,
    ApiJson(body): ApiJson<CategoryCreate>,
) -> Result<HttpResponse, ApiError> {
    actor.authorize(Permission::AutomationManage)?;
    let name = body.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 120 {
        return Err(ApiError::validation(
            "name",
            "must have 1 to 120 characters",
        ));
    }
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    if let Some(parent) = body.parent_id {
        check_category(&txn, parent)
            .await
            .map_err(|_| ApiError::validation("parent_id", "names no active category"))?;
    }
    let created = Category {
        id: Uuid::now_v7(),
        parent_id: body.parent_id,
        name,
        active: true,
    };
    category::Entity::insert(category::ActiveModel {
        id: Set(created.id),
        parent_id: Set(created.parent_id),
        name: Set(created.name.clone()),
        active: Set(true),
        created_at: Set(now),
    })
    .exec_without_returning(&txn)
    .await?;
    audit::record(
        &txn,
        &actor.audit,
        Change::new("ticket_category.created", "ticket_category", created.id).after(&created),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(created))
}

async fn load_team(db: &impl ConnectionTrait, row: team::Model) -> Result<Team, ApiError> {
    let members = member::Entity::find()
        .filter(member::Column::TeamId.eq(row.id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| TeamMember {
            user_id: m.user_id,
            available: m.available,
        })
        .collect();
    Ok(Team {
        id: row.id,
        name: row.name,
        assignment: row.assignment,
        members,
    })
}

/// Every team.
#[utoipa::path(get, path = "/api/v1/teams", tag = "tickets", security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "The teams", body = Vec<Team>)))]
#[get("/teams")]
pub async fn list_teams(
    state: web::Data<AppState>,
    actor: Actor,
) -> Result<HttpResponse, ApiError> {
    actor.authorize(Permission::TicketsWork)?;
    let mut teams = Vec::new();
    for row in team::Entity::find()
        .order_by_asc(team::Column::Name)
        .all(&state.db)
        .await?
    {
        teams.push(load_team(&state.db, row).await?);
    }
    Ok(HttpResponse::Ok().json(teams))
}

async fn validate_team(db: &impl ConnectionTrait, body: &TeamInput) -> Result<String, ApiError> {
    let name = body.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 120 {
        return Err(ApiError::validation(
            "name",
            "must have 1 to 120 characters",
        ));
    }
    if !["manual", "round_robin", "least_open"].contains(&body.assignment.as_str()) {
        return Err(ApiError::validation(
            "assignment",
            "must be manual, round_robin or least_open",
        ));
    }
    let mut seen = std::collections::BTreeSet::new();
    for (i, m) in body.members.iter().enumerate() {
        if !seen.insert(m.user_id) {
            return Err(ApiError::validation(
                format!("members[{i}].user_id"),
                "lists this user twice",
            ));
        }
        let staff = crate::identity::user::Entity::find_by_id(m.user_id)
            .one(db)
            .await?
            .and_then(|u| u.role())
            .is_some_and(|r| !r.is_client());
        if !staff {
            return Err(ApiError::validation(
                format!("members[{i}].user_id"),
                "must be a staff user",
            ));
        }
    }
    Ok(name)
}

async fn save_members(
    db: &impl ConnectionTrait,
    team_id: Uuid,
    members: &[TeamMember],
) -> Result<(), ApiError> {
    member::Entity::delete_many()
        .filter(member::Column::TeamId.eq(team_id))
        .exec(db)
        .await?;
    if !members.is_empty() {
        member::Entity::insert_many(members.iter().map(|m| member::ActiveModel {
            team_id: Set(team_id),
            user_id: Set(m.user_id),
            available: Set(m.available),
        }))
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}

/// Creates a team.
#[utoipa::path(post, path = "/api/v1/teams", tag = "tickets", request_body = TeamInput,
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 201, description = "Created", body = Team),
              (status = 422, description = "A bad value", body = atende_types::ErrorBody, content_type = "application/problem+json")))]
#[post("/teams")]
pub async fn create_team(
    state: web::Data<AppState>,
    actor: Actor,
    ApiJson(body): ApiJson<TeamInput>,
) -> Result<HttpResponse, ApiError> {
    actor.authorize(Permission::AutomationManage)?;
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let name = validate_team(&txn, &body).await?;
    let row = team::Model {
        id: Uuid::now_v7(),
        name,
        assignment: body.assignment.clone(),
        last_assigned_user_id: None,
        created_at: now,
    };
    team::Entity::insert(team::ActiveModel {
        id: Set(row.id),
        name: Set(row.name.clone()),
        assignment: Set(row.assignment.clone()),
        last_assigned_user_id: Set(None),
        created_at: Set(now),
    })
    .exec_without_returning(&txn)
    .await?;
    save_members(&txn, row.id, &body.members).await?;
    let team = load_team(&txn, row).await?;
    audit::record(
        &txn,
        &actor.audit,
        Change::new("team.created", "team", team.id).after(&team),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(team))
}

/// Replaces a team's name, rule and members.
#[utoipa::path(put, path = "/api/v1/teams/{id}", tag = "tickets", params(("id" = Uuid, Path)), request_body = TeamInput,
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "Updated", body = Team),
              (status = 404, description = "No such team", body = atende_types::ErrorBody, content_type = "application/problem+json")))]
#[put("/teams/{id}")]
pub async fn update_team(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
    ApiJson(body): ApiJson<TeamInput>,
) -> Result<HttpResponse, ApiError> {
    actor.authorize(Permission::AutomationManage)?;
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let before = team::Entity::find_by_id(*id)
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound)?;
    let name = validate_team(&txn, &body).await?;
    let before_wire = load_team(&txn, before.clone()).await?;
    let row = team::Model {
        name,
        assignment: body.assignment.clone(),
        ..before
    };
    team::Entity::update(team::ActiveModel {
        id: Set(row.id),
        name: Set(row.name.clone()),
        assignment: Set(row.assignment.clone()),
        last_assigned_user_id: Set(row.last_assigned_user_id),
        created_at: Set(row.created_at),
    })
    .exec(&txn)
    .await?;
    save_members(&txn, row.id, &body.members).await?;
    let team = load_team(&txn, row).await?;
    audit::record(
        &txn,
        &actor.audit,
        Change::new("team.updated", "team", team.id)
            .before(&before_wire)
            .after(&team),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(HttpResponse::Ok().json(team))
}
