//! Followers: people who want to hear about a ticket without working it.
//! Anyone who can see a ticket may follow it; followers are notified of
//! public replies and status changes (never of internal notes unless they
//! are staff).

use actix_web::{HttpResponse, delete, get, post, web};
use atende_core::permissions::Permission;
use atende_types::tickets::PersonRef;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::{entity::follower, service};
use crate::{auth::Actor, error::ApiError, identity::user, state::AppState};

/// The followers of `ticket_id`.
pub async fn of(db: &impl ConnectionTrait, ticket_id: Uuid) -> Result<Vec<Uuid>, DbErr> {
    Ok(follower::Entity::find()
        .filter(follower::Column::TicketId.eq(ticket_id))
        .all(db)
        .await?
        .into_iter()
        .map(|f| f.user_id)
        .collect())
}

/// Who follows the ticket.
#[utoipa::path(get, path = "/api/v1/tickets/{id}/followers", tag = "tickets", params(("id" = Uuid, Path)),
    operation_id = "followers_list",
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "Followers", body = Vec<PersonRef>)))]
#[get("/{id}/followers")]
pub async fn list(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let reach = actor.authorize(Permission::TicketsView)?;
    let ticket = service::find_in_reach(&state.db, &reach, *id).await?;
    let ids = of(&state.db, ticket.id).await?;
    let people: Vec<PersonRef> = user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|u| PersonRef {
            id: u.id,
            name: u.name,
        })
        .collect();
    Ok(HttpResponse::Ok().json(people))
}

/// Follows the ticket.
#[utoipa::path(post, path = "/api/v1/tickets/{id}/follow", tag = "tickets", params(("id" = Uuid, Path)),
    security(("bearer_jwt" = [])), responses((status = 204, description = "Following")))]
#[post("/{id}/follow")]
pub async fn follow(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let reach = actor.authorize(Permission::TicketsView)?;
    let me = actor.user()?.id;
    let ticket = service::find_in_reach(&state.db, &reach, *id).await?;
    follower::Entity::insert(follower::ActiveModel {
        ticket_id: Set(ticket.id),
        user_id: Set(me),
    })
    .on_conflict_do_nothing_on([follower::Column::TicketId, follower::Column::UserId])
    .exec_without_returning(&state.db)
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Stops following the ticket.
#[utoipa::path(delete, path = "/api/v1/tickets/{id}/follow", tag = "tickets", params(("id" = Uuid, Path)),
    security(("bearer_jwt" = [])), responses((status = 204, description = "Not following")))]
#[delete("/{id}/follow")]
pub async fn unfollow(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let reach = actor.authorize(Permission::TicketsView)?;
    let me = actor.user()?.id;
    let ticket = service::find_in_reach(&state.db, &reach, *id).await?;
    follower::Entity::delete_many()
        .filter(follower::Column::TicketId.eq(ticket.id))
        .filter(follower::Column::UserId.eq(me))
        .exec(&state.db)
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
