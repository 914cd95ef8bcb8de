//! Segment CRUD (`/api/v1/segments`). Segments are installation-wide
//! vocabulary, not company data: whoever holds a grant may use it.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use atende_core::permissions::Permission;
use atende_types::{
    Page,
    companies::{Segment, SegmentInput},
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use super::segment::{self, name_key};
use crate::{
    audit::{self, Change},
    auth::Actor,
    db::begin_write,
    error::ApiError,
    extract::ApiJson,
    pagination::{PageQuery, page},
    state::AppState,
};

fn to_wire(s: segment::Model) -> Segment {
    Segment {
        id: s.id,
        name: s.name,
        description: s.description,
        created_at: s.created_at,
        updated_at: s.updated_at,
    }
}

fn validate_name(name: &str) -> Result<String, ApiError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 120 {
        return Err(ApiError::validation(
            "name",
            "must have 1 to 120 characters",
        ));
    }
    Ok(name.to_owned())
}

async fn ensure_unique(
    db: &impl ConnectionTrait,
    name: &str,
    except: Option<Uuid>,
) -> Result<(), ApiError> {
    let mut query = segment::Entity::find().filter(segment::Column::NameKey.eq(name_key(name)));
    if let Some(id) = except {
        query = query.filter(segment::Column::Id.ne(id));
    }
    if query.one(db).await?.is_some() {
        return Err(ApiError::conflict(
            "name",
            "a segment with this name exists",
        ));
    }
    Ok(())
}

/// Segments, by name.
#[utoipa::path(
    get, path = "/api/v1/segments", tag = "segments",
    params(PageQuery), security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "A page of segments", body = Page<Segment>))
)]
#[get("")]
pub async fn list(
    state: web::Data<AppState>,
    actor: Actor,
    web::Query(paging): web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    actor.authorize(Permission::SegmentsView)?;
    let limit = paging.limit()?;
    let after: Option<String> = paging.after()?;
    let mut query = segment::Entity::find();
    if let Some(after) = after {
        query = query.filter(segment::Column::NameKey.gt(after));
    }
    let rows = query
        .order_by_asc(segment::Column::NameKey)
        .limit(limit + 1)
        .all(&state.db)
        .await?;
    Ok(HttpResponse::Ok().json(page(rows, limit, |s| s.name_key.clone(), to_wire)))
}

/// Creates a segment.
#[utoipa::path(
    post, path = "/api/v1/segments", tag = "segments",
    request_body = SegmentInput, security(("bearer_jwt" = []), ("api_token" = [])),
    responses(
        (status = 201, description = "Created", body = Segment),
        (status = 409, description = "The name is taken", body = atende_types::ErrorBody, content_type = "application/problem+json"),
        (status = 422, description = "A bad value, named in `field`", body = atende_types::ErrorBody, content_type = "application/problem+json"),
    )
)]
#[post("")]
pub async fn create(
    state: web::Data<AppState>,
    actor: Actor,
    ApiJson(body): ApiJson<SegmentInput>,
) -> Result<HttpResponse, ApiError> {
    actor.authorize(Permission::SegmentsCreate)?;
    let name = validate_name(body.name.as_deref().unwrap_or_default())?;
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    ensure_unique(&txn, &name, None).await?;
    let model = segment::Model {
        id: Uuid::now_v7(),
        name_key: name_key(&name),
        name,
        description: body.description.flatten().filter(|d| !d.trim().is_empty()),
        created_at: now,
        updated_at: now,
    };
    segment::Entity::insert(active_model(&model))
        .exec_without_returning(&txn)
        .await?;
    let wire = to_wire(model);
    audit::record(
        &txn,
        &actor.audit,
        Change::new("segment.created", "segment", wire.id).after(&wire),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(wire))
}

fn active_model(s: &segment::Model) -> segment::ActiveModel {
    segment::ActiveModel {
        id: Set(s.id),
        name: Set(s.name.clone()),
        name_key: Set(s.name_key.clone()),
        description: Set(s.description.clone()),
        created_at: Set(s.created_at),
        updated_at: Set(s.updated_at),
    }
}

/// Renames or re-describes a segment.
#[utoipa::path(
    patch, path = "/api/v1/segments/{id}", tag = "segments",
    params(("id" = Uuid, Path)), request_body = SegmentInput, security(("bearer_jwt" = []), ("api_token" = [])),
    responses(
        (status = 200, description = "Updated", body = Segment),
        (status = 404, description = "No such segment", body = atende_types::ErrorBody, content_type = "application/problem+json"),
        (status = 409, description = "The name is taken", body = atende_types::ErrorBody, content_type = "application/problem+json"),
    )
)]
#[patch("/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
    ApiJson(body): ApiJson<SegmentInput>,
) -> Result<HttpResponse, ApiError> {
    actor.authorize(Permission::SegmentsEdit)?;
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let before = segment::Entity::find_by_id(*id)
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound)?;
    let mut after = before.clone();
    if let Some(name) = &body.name {
        after.name = validate_name(name)?;
        after.name_key = name_key(&after.name);
        ensure_unique(&txn, &after.name, Some(before.id)).await?;
    }
    if let Some(description) = body.description {
        after.description = description.filter(|d| !d.trim().is_empty());
    }
    after.updated_at = now;
    segment::Entity::update(active_model(&after))
        .exec(&txn)
        .await?;
    let (before, after) = (to_wire(before), to_wire(after));
    audit::record(
        &txn,
        &actor.audit,
        Change::new("segment.updated", "segment", after.id)
            .before(&before)
            .after(&after),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(HttpResponse::Ok().json(after))
}

/// Deletes a segment; its companies keep existing, without a segment.
#[utoipa::path(
    delete, path = "/api/v1/segments/{id}", tag = "segments",
    params(("id" = Uuid, Path)), security(("bearer_jwt" = []), ("api_token" = [])),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such segment", body = atende_types::ErrorBody, content_type = "application/problem+json"),
    )
)]
#[delete("/{id}")]
pub async fn remove(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    actor.authorize(Permission::SegmentsDelete)?;
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let segment = segment::Entity::find_by_id(*id)
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound)?;
    segment::Entity::delete_by_id(segment.id).exec(&txn).await?;
    audit::record(
        &txn,
        &actor.audit,
        Change::new("segment.deleted", "segment", segment.id).before(to_wire(segment)),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
