//! What tickets are sorted into: the category tree and the teams (queues)
//! with their members and assignment rule. Administered with
//! `automation.manage` (ADM and Supervisor by default).

use actix_web::{HttpResponse, get, post, put, web};
use atende_core::permissions::Permission;
use atende_types::tickets::{TicketCategory, TicketCategoryInput};

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
        /// Order among siblings.
        pub position: i32,
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

fn category_wire(row: category::Model) -> TicketCategory {
    TicketCategory {
        id: row.id,
        parent_id: row.parent_id,
        name: row.name,
        active: row.active,
        position: row.position,
    }
}

/// Every category, in tree order: by position among siblings, then name.
#[utoipa::path(get, path = "/api/v1/ticket-categories", tag = "tickets", security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "The categories", body = Vec<TicketCategory>)))]
#[get("/ticket-categories")]
pub async fn list_categories(
    state: web::Data<AppState>,
    actor: Actor,
) -> Result<HttpResponse, ApiError> {
    actor.authorize(Permission::TicketsView)?;
    let rows = category::Entity::find()
        .order_by_asc(category::Column::Position)
        .order_by_asc(category::Column::Name)
        .all(&state.db)
        .await?;
    Ok(HttpResponse::Ok().json(rows.into_iter().map(category_wire).collect::<Vec<_>>()))
}

/// Adds a category (under `parent_id` for a subcategory).
#[utoipa::path(post, path = "/api/v1/ticket-categories", tag = "tickets", request_body = TicketCategoryInput,
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 201, description = "Created", body = TicketCategory),
              (status = 422, description = "A bad value, named in `field`", body = atende_types::ErrorBody, content_type = "application/problem+json")))]
#[post("/ticket-categories")]
pub async fn create_category(
    state: web::Data<AppState>,
    actor: Actor,
    ApiJson(body): ApiJson<TicketCategoryInput>,
) -> Result<HttpResponse, ApiError> {
    let created = store_category(&state, &actor, None, body).await?;
    Ok(HttpResponse::Created().json(created))
}

/// Renames, moves, reorders, activates or deactivates a category.
#[utoipa::path(put, path = "/api/v1/ticket-categories/{id}", tag = "tickets", params(("id" = Uuid, Path)),
    request_body = TicketCategoryInput,
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "Updated", body = TicketCategory),
              (status = 404, description = "No such category", body = atende_types::ErrorBody, content_type = "application/problem+json"),
              (status = 422, description = "A bad value, named in `field` (`parent_id` for a loop)", body = atende_types::ErrorBody, content_type = "application/problem+json")))]
#[put("/ticket-categories/{id}")]
pub async fn update_category(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
    ApiJson(body): ApiJson<TicketCategoryInput>,
) -> Result<HttpResponse, ApiError> {
    let updated = store_category(&state, &actor, Some(*id), body).await?;
    Ok(HttpResponse::Ok().json(updated))
}

/// The deepest category tree walked when checking for loops.
const MAX_CATEGORY_DEPTH: usize = 64;

/// Creates (`id` none) or replaces a category, with its audit entry.
pub(crate) async fn store_category(
    state: &AppState,
    actor: &Actor,
    id: Option<Uuid>,
    input: TicketCategoryInput,
) -> Result<TicketCategory, ApiError> {
    actor.authorize(Permission::AutomationManage)?;
    let name = input.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 120 {
        return Err(ApiError::validation(
            "name",
            "must have 1 to 120 characters",
        ));
    }
    if input.position.is_some_and(|p| !(0..=100_000).contains(&p)) {
        return Err(ApiError::validation(
            "position",
            "must be between 0 and 100,000",
        ));
    }
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let all = category::Entity::find().all(&txn).await?;
    let existing = match id {
        Some(id) => Some(
            all.iter()
                .find(|c| c.id == id)
                .cloned()
                .ok_or(ApiError::NotFound)?,
        ),
        None => None,
    };
    if let Some(parent) = input.parent_id {
        // A category already under this parent may stay there even if
        // the parent was deactivated since; a new place must be active.
        let stays = existing
            .as_ref()
            .is_some_and(|e| e.parent_id == Some(parent));
        if !all.iter().any(|c| c.id == parent && (c.active || stays)) {
            return Err(ApiError::validation(
                "parent_id",
                "names no active category",
            ));
        }
    }
    let this = existing.as_ref().map_or_else(Uuid::now_v7, |e| e.id);
    let parent_of = |id: Uuid| all.iter().find(|c| c.id == id).and_then(|c| c.parent_id);
    if atende_core::tickets::category_parent_loops(
        this,
        input.parent_id,
        parent_of,
        MAX_CATEGORY_DEPTH,
    ) {
        return Err(ApiError::validation(
            "parent_id",
            "cannot be the category itself or one of its subcategories",
        ));
    }
    let position = input.position.unwrap_or_else(|| match &existing {
        Some(e) if e.parent_id == input.parent_id => e.position,
        _ => all
            .iter()
            .filter(|c| c.parent_id == input.parent_id && c.id != this)
            .map(|c| c.position + 1)
            .max()
            .unwrap_or(0),
    });
    let row = category::Model {
        id: this,
        parent_id: input.parent_id,
        name,
        active: input
            .active
            .unwrap_or_else(|| existing.as_ref().is_none_or(|e| e.active)),
        created_at: existing.as_ref().map_or(now, |e| e.created_at),
        position,
    };
    let active = category::ActiveModel {
        id: Set(row.id),
        parent_id: Set(row.parent_id),
        name: Set(row.name.clone()),
        active: Set(row.active),
        created_at: Set(row.created_at),
        position: Set(row.position),
    };
    let change = match &existing {
        Some(before) => {
            category::Entity::update(active).exec(&txn).await?;
            Change::new("ticket_category.updated", "ticket_category", row.id)
                .before(category_wire(before.clone()))
        }
        None => {
            category::Entity::insert(active)
                .exec_without_returning(&txn)
                .await?;
            Change::new("ticket_category.created", "ticket_category", row.id)
        }
    };
    let wire = category_wire(row);
    audit::record(&txn, &actor.audit, change.after(&wire), now).await?;
    txn.commit().await?;
    Ok(wire)
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
    Ok(HttpResponse::Created().json(add_team(&state, &actor, body).await?))
}

/// Creates a team (the service behind `POST /teams`).
pub(crate) async fn add_team(
    state: &AppState,
    actor: &Actor,
    body: TeamInput,
) -> Result<Team, ApiError> {
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
    Ok(team)
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
