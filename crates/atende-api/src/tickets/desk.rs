//! The agent's desk around tickets: the staff list (assignment and
//! `@mentions`), canned responses with placeholders, saved views, and the
//! notification centre.

use std::collections::BTreeMap;

use actix_web::{HttpResponse, delete, get, post, put, web};
use atende_core::{permissions::Permission, tickets as rules};
use atende_types::{
    Page,
    tickets::{
        CannedResponse, CannedResponseInput, Notification, RenderedResponse, SavedView,
        SavedViewInput, StaffMember, UnreadCount,
    },
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, sea_query::Expr,
};
use serde::Deserialize;
use uuid::Uuid;

use super::{entity::notification, service};
use crate::{
    auth::{Actor, actor::access_of_user},
    db::begin_write,
    error::ApiError,
    extract::ApiJson,
    identity::{user, user_company},
    pagination::{PageQuery, page},
    state::AppState,
};

pub mod canned {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "canned_responses")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub owner_id: Uuid,
        pub shared: bool,
        pub title: String,
        pub body: String,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod view {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "saved_views")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub owner_id: Uuid,
        pub shared: bool,
        pub name: String,
        /// JSON object of query parameters.
        pub filter: String,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Filter of the staff list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StaffQuery {
    /// Only staff who may work tickets of this company.
    pub company_id: Option<Uuid>,
}

/// Active staff who work tickets (of `company_id`, when given): for the
/// assignee select and `@mention` completion.
#[utoipa::path(get, path = "/api/v1/staff", tag = "tickets", params(StaffQuery),
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "Staff, by name", body = Vec<StaffMember>)))]
#[get("/staff")]
pub async fn staff(
    state: web::Data<AppState>,
    actor: Actor,
    web::Query(query): web::Query<StaffQuery>,
) -> Result<HttpResponse, ApiError> {
    let reach = actor.authorize(Permission::TicketsWork)?;
    if let Some(company) = query.company_id
        && !reach.covers(company)
    {
        return Err(ApiError::NotFound);
    }
    let users = user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::Role.is_in(["admin", "supervisor", "agent"]))
        .order_by_asc(user::Column::Name)
        .all(&state.db)
        .await?;
    let mut result = Vec::new();
    for u in users {
        let Some(role) = u.role() else { continue };
        let access = access_of_user(&state.db, u.id, role).await?;
        let Ok(their_reach) = access.authorize(Permission::TicketsWork) else {
            continue;
        };
        let relevant = match query.company_id {
            Some(company) => their_reach.covers(company),
            // Colleagues: someone whose work overlaps the actor's.
            None => reach.overlaps(&their_reach),
        };
        if relevant {
            result.push(StaffMember {
                handle: u.email_key.split('@').next().unwrap_or_default().to_owned(),
                id: u.id,
                name: u.name,
                role: u.role,
            });
        }
    }
    Ok(HttpResponse::Ok().json(result))
}

fn canned_wire(c: canned::Model) -> CannedResponse {
    CannedResponse {
        id: c.id,
        title: c.title,
        body: c.body,
        shared: c.shared,
        owner_id: c.owner_id,
    }
}

/// Which rows of an owner column the actor sees besides their own shared
/// ones: shared views and canned responses are shared among staff of one
/// tenant (their filters name companies, their text names clients), so
/// client roles see none and staff only their own tenant's colleagues'.
fn shared_with(
    actor: &Actor,
    owner: impl ColumnTrait,
    shared: impl ColumnTrait,
    me: Uuid,
) -> Condition {
    let mine = Condition::all().add(owner.eq(me));
    if !actor.access.can(Permission::TicketsWork) || actor.role.is_some_and(|r| r.is_client()) {
        return mine;
    }
    let mut theirs = Condition::all().add(shared.eq(true));
    if let Some(tenant) = actor.access.tenant().company_ids() {
        theirs = theirs.add(owner.in_subquery(user_company::users_wholly_within(tenant)));
    }
    Condition::any().add(mine).add(theirs)
}

fn validate_canned(input: &CannedResponseInput) -> Result<(String, String), ApiError> {
    let title = input.title.trim();
    if title.is_empty() || title.chars().count() > 120 {
        return Err(ApiError::validation(
            "title",
            "must have 1 to 120 characters",
        ));
    }
    if input.body.trim().is_empty() || input.body.len() > 20_000 {
        return Err(ApiError::validation("body", "must have 1 to 20,000 bytes"));
    }
    Ok((title.to_owned(), input.body.clone()))
}

/// The actor's own and the shared canned responses.
#[utoipa::path(get, path = "/api/v1/canned-responses", tag = "tickets",
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "By title", body = Vec<CannedResponse>)))]
#[get("/canned-responses")]
pub async fn list_canned(
    state: web::Data<AppState>,
    actor: Actor,
) -> Result<HttpResponse, ApiError> {
    actor.authorize(Permission::TicketsWork)?;
    let me = actor.user()?.id;
    let rows = canned::Entity::find()
        .filter(shared_with(
            &actor,
            canned::Column::OwnerId,
            canned::Column::Shared,
            me,
        ))
        .order_by_asc(canned::Column::Title)
        .all(&state.db)
        .await?;
    Ok(HttpResponse::Ok().json(rows.into_iter().map(canned_wire).collect::<Vec<_>>()))
}

/// Creates a canned response.
#[utoipa::path(post, path = "/api/v1/canned-responses", tag = "tickets", request_body = CannedResponseInput,
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 201, description = "Created", body = CannedResponse)))]
#[post("/canned-responses")]
pub async fn create_canned(
    state: web::Data<AppState>,
    actor: Actor,
    ApiJson(body): ApiJson<CannedResponseInput>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(add_canned(&state, &actor, body).await?))
}

/// Creates a canned response (the service behind `POST /canned-responses`).
pub(crate) async fn add_canned(
    state: &AppState,
    actor: &Actor,
    body: CannedResponseInput,
) -> Result<CannedResponse, ApiError> {
    actor.authorize(Permission::TicketsWork)?;
    let owner = actor.user()?.id;
    let (title, text) = validate_canned(&body)?;
    let now = state.clock.now();
    let row = canned::Model {
        id: Uuid::now_v7(),
        owner_id: owner,
        shared: body.shared,
        title,
        body: text,
        created_at: now,
        updated_at: now,
    };
    canned::Entity::insert(canned::ActiveModel {
        id: Set(row.id),
        owner_id: Set(row.owner_id),
        shared: Set(row.shared),
        title: Set(row.title.clone()),
        body: Set(row.body.clone()),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_without_returning(&state.db)
    .await?;
    Ok(canned_wire(row))
}

/// A canned response the actor may change: their own; shared ones only
/// with `automation.manage`.
async fn own_canned(state: &AppState, actor: &Actor, id: Uuid) -> Result<canned::Model, ApiError> {
    let me = actor.user()?.id;
    let row = canned::Entity::find()
        .filter(canned::Column::Id.eq(id))
        .filter(shared_with(
            actor,
            canned::Column::OwnerId,
            canned::Column::Shared,
            me,
        ))
        .one(&state.db)
        .await?
        .ok_or(ApiError::NotFound)?;
    if row.owner_id == me || (row.shared && actor.access.can(Permission::AutomationManage)) {
        Ok(row)
    } else {
        Err(ApiError::NotFound)
    }
}

/// Replaces a canned response.
#[utoipa::path(put, path = "/api/v1/canned-responses/{id}", tag = "tickets", params(("id" = Uuid, Path)),
    request_body = CannedResponseInput, security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "Updated", body = CannedResponse),
              (status = 404, description = "Not one the actor may change", body = atende_types::ErrorBody, content_type = "application/problem+json")))]
#[put("/canned-responses/{id}")]
pub async fn update_canned(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
    ApiJson(body): ApiJson<CannedResponseInput>,
) -> Result<HttpResponse, ApiError> {
    actor.authorize(Permission::TicketsWork)?;
    let row = own_canned(&state, &actor, *id).await?;
    let (title, text) = validate_canned(&body)?;
    let updated = canned::Model {
        title,
        body: text,
        shared: body.shared,
        updated_at: state.clock.now(),
        ..row
    };
    canned::Entity::update(canned::ActiveModel {
        id: Set(updated.id),
        owner_id: Set(updated.owner_id),
        shared: Set(updated.shared),
        title: Set(updated.title.clone()),
        body: Set(updated.body.clone()),
        created_at: Set(updated.created_at),
        updated_at: Set(updated.updated_at),
    })
    .exec(&state.db)
    .await?;
    Ok(HttpResponse::Ok().json(canned_wire(updated)))
}

/// Deletes a canned response.
#[utoipa::path(delete, path = "/api/v1/canned-responses/{id}", tag = "tickets", params(("id" = Uuid, Path)),
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 204, description = "Deleted")))]
#[delete("/canned-responses/{id}")]
pub async fn delete_canned(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    actor.authorize(Permission::TicketsWork)?;
    let row = own_canned(&state, &actor, *id).await?;
    canned::Entity::delete_by_id(row.id).exec(&state.db).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A canned response with its placeholders filled for one ticket.
#[utoipa::path(post, path = "/api/v1/tickets/{id}/canned-responses/{canned_id}/render", tag = "tickets",
    params(("id" = Uuid, Path), ("canned_id" = Uuid, Path)), security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "Ready to insert", body = RenderedResponse)))]
#[post("/{id}/canned-responses/{canned_id}/render")]
pub async fn render_canned(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let reach = actor.authorize(Permission::TicketsWork)?;
    let (ticket_id, canned_id) = path.into_inner();
    let ticket = service::find_in_reach(&state.db, &reach, ticket_id).await?;
    let me = actor.user()?;
    let template = canned::Entity::find()
        .filter(canned::Column::Id.eq(canned_id))
        .filter(shared_with(
            &actor,
            canned::Column::OwnerId,
            canned::Column::Shared,
            me.id,
        ))
        .one(&state.db)
        .await?
        .ok_or(ApiError::NotFound)?;
    let wire = service::to_wire(&state.db, vec![ticket], state.clock.now())
        .await?
        .pop()
        .ok_or(ApiError::NotFound)?;
    let values = BTreeMap::from([
        (
            "cliente.nome",
            wire.requester
                .as_ref()
                .map(|p| p.name.clone())
                .unwrap_or_default(),
        ),
        ("cliente.empresa", wire.company_name.clone()),
        ("chamado.numero", wire.reference.clone()),
        ("chamado.assunto", wire.subject.clone()),
        ("agente.nome", me.name.clone()),
    ]);
    Ok(HttpResponse::Ok().json(RenderedResponse {
        body: rules::fill_placeholders(&template.body, &values),
    }))
}

fn view_wire(v: view::Model) -> SavedView {
    SavedView {
        filter: serde_json::from_str(&v.filter).unwrap_or_default(),
        id: v.id,
        name: v.name,
        shared: v.shared,
        owner_id: v.owner_id,
    }
}

/// The actor's own and the shared views.
#[utoipa::path(get, path = "/api/v1/saved-views", tag = "tickets", security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "By name", body = Vec<SavedView>)))]
#[get("/saved-views")]
pub async fn list_views(
    state: web::Data<AppState>,
    actor: Actor,
) -> Result<HttpResponse, ApiError> {
    actor.authorize(Permission::TicketsView)?;
    let me = actor.user()?.id;
    let rows = view::Entity::find()
        .filter(shared_with(
            &actor,
            view::Column::OwnerId,
            view::Column::Shared,
            me,
        ))
        .order_by_asc(view::Column::Name)
        .all(&state.db)
        .await?;
    Ok(HttpResponse::Ok().json(rows.into_iter().map(view_wire).collect::<Vec<_>>()))
}

/// Saves a list filter; `shared` views need `tickets.work`.
#[utoipa::path(post, path = "/api/v1/saved-views", tag = "tickets", request_body = SavedViewInput,
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 201, description = "Saved", body = SavedView),
              (status = 422, description = "A bad value", body = atende_types::ErrorBody, content_type = "application/problem+json")))]
#[post("/saved-views")]
pub async fn create_view(
    state: web::Data<AppState>,
    actor: Actor,
    ApiJson(body): ApiJson<SavedViewInput>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(add_view(&state, &actor, body).await?))
}

/// Saves a view (the service behind `POST /saved-views`).
pub(crate) async fn add_view(
    state: &AppState,
    actor: &Actor,
    body: SavedViewInput,
) -> Result<SavedView, ApiError> {
    actor.authorize(Permission::TicketsView)?;
    if body.shared {
        actor.authorize(Permission::TicketsWork)?;
    }
    let owner = actor.user()?.id;
    let name = body.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 120 {
        return Err(ApiError::validation(
            "name",
            "must have 1 to 120 characters",
        ));
    }
    // The filter must be one the list accepts.
    let query = serde_urlencoded_like(&body.filter);
    web::Query::<super::query::TicketFilter>::from_query(&query)
        .map_err(|e| ApiError::validation("filter", e.to_string()))?;
    let row = view::Model {
        id: Uuid::now_v7(),
        owner_id: owner,
        shared: body.shared,
        name,
        filter: serde_json::to_string(&body.filter).map_err(ApiError::internal)?,
        created_at: state.clock.now(),
    };
    view::Entity::insert(view::ActiveModel {
        id: Set(row.id),
        owner_id: Set(row.owner_id),
        shared: Set(row.shared),
        name: Set(row.name.clone()),
        filter: Set(row.filter.clone()),
        created_at: Set(row.created_at),
    })
    .exec_without_returning(&state.db)
    .await?;
    Ok(view_wire(row))
}

/// `k=v&…`, percent-encoded.
fn serde_urlencoded_like(map: &BTreeMap<String, String>) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(map.iter())
        .finish()
}

/// Deletes one of the actor's views.
#[utoipa::path(delete, path = "/api/v1/saved-views/{id}", tag = "tickets", params(("id" = Uuid, Path)),
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 204, description = "Deleted")))]
#[delete("/saved-views/{id}")]
pub async fn delete_view(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    actor.authorize(Permission::TicketsView)?;
    let me = actor.user()?.id;
    let row = view::Entity::find_by_id(*id)
        .one(&state.db)
        .await?
        .filter(|v| v.owner_id == me)
        .ok_or(ApiError::NotFound)?;
    view::Entity::delete_by_id(row.id).exec(&state.db).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Only unread ones?
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NotificationQuery {
    pub unread: Option<bool>,
}

fn notification_wire(n: notification::Model) -> Notification {
    Notification {
        id: n.id,
        kind: n.kind,
        ticket_id: n.ticket_id,
        data: serde_json::from_str(&n.data).unwrap_or(serde_json::Value::Null),
        created_at: n.created_at,
        read_at: n.read_at,
    }
}

/// The signed-in user's notifications, newest first.
#[utoipa::path(get, path = "/api/v1/notifications", tag = "tickets", params(NotificationQuery, PageQuery),
    security(("bearer_jwt" = [])),
    responses((status = 200, description = "A page of notifications", body = Page<Notification>)))]
#[get("/notifications")]
pub async fn notifications(
    state: web::Data<AppState>,
    actor: Actor,
    web::Query(query): web::Query<NotificationQuery>,
    web::Query(paging): web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let me = actor.user()?.id;
    let limit = paging.limit()?;
    let mut select = notification::Entity::find().filter(notification::Column::UserId.eq(me));
    if query.unread == Some(true) {
        select = select.filter(notification::Column::ReadAt.is_null());
    }
    if let Some(after) = paging.after::<Uuid>()? {
        select = select.filter(notification::Column::Id.lt(after));
    }
    let rows = select
        .order_by_desc(notification::Column::Id)
        .limit(limit + 1)
        .all(&state.db)
        .await?;
    Ok(HttpResponse::Ok().json(page(rows, limit, |n| n.id, notification_wire)))
}

/// How many notifications are unread.
pub async fn unread(db: &impl sea_orm::ConnectionTrait, user: Uuid) -> Result<u64, sea_orm::DbErr> {
    notification::Entity::find()
        .filter(notification::Column::UserId.eq(user))
        .filter(notification::Column::ReadAt.is_null())
        .count(db)
        .await
}

/// The unread count for the bell.
#[utoipa::path(get, path = "/api/v1/notifications/unread-count", tag = "tickets", security(("bearer_jwt" = [])),
    responses((status = 200, description = "Unread notifications", body = UnreadCount)))]
#[get("/notifications/unread-count")]
pub async fn unread_count(
    state: web::Data<AppState>,
    actor: Actor,
) -> Result<HttpResponse, ApiError> {
    let count = unread(&state.db, actor.user()?.id).await?;
    Ok(HttpResponse::Ok().json(UnreadCount { count }))
}

/// Marks one notification read.
#[utoipa::path(post, path = "/api/v1/notifications/{id}/read", tag = "tickets", params(("id" = Uuid, Path)),
    security(("bearer_jwt" = [])), responses((status = 204, description = "Read")))]
#[post("/notifications/{id}/read")]
pub async fn mark_read(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let me = actor.user()?.id;
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let updated = notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(now))
        .filter(notification::Column::Id.eq(*id))
        .filter(notification::Column::UserId.eq(me))
        .filter(notification::Column::ReadAt.is_null())
        .exec(&txn)
        .await?;
    if updated.rows_affected == 0 {
        let mine = notification::Entity::find_by_id(*id)
            .one(&txn)
            .await?
            .is_some_and(|n| n.user_id == me);
        return if mine {
            Ok(HttpResponse::NoContent().finish())
        } else {
            Err(ApiError::NotFound)
        };
    }
    crate::events::record(
        &txn,
        &[atende_core::events::notifications_changed(me, now)],
        serde_json::json!({}),
    )
    .await?;
    txn.commit().await?;
    state.events.committed();
    Ok(HttpResponse::NoContent().finish())
}

/// Marks every notification read.
#[utoipa::path(post, path = "/api/v1/notifications/read-all", tag = "tickets", security(("bearer_jwt" = [])),
    responses((status = 204, description = "All read")))]
#[post("/notifications/read-all")]
pub async fn mark_all_read(
    state: web::Data<AppState>,
    actor: Actor,
) -> Result<HttpResponse, ApiError> {
    let me = actor.user()?.id;
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let read = notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(now))
        .filter(notification::Column::UserId.eq(me))
        .filter(notification::Column::ReadAt.is_null())
        .exec(&txn)
        .await?;
    if read.rows_affected > 0 {
        crate::events::record(
            &txn,
            &[atende_core::events::notifications_changed(me, now)],
            serde_json::json!({}),
        )
        .await?;
    }
    txn.commit().await?;
    state.events.committed();
    Ok(HttpResponse::NoContent().finish())
}
