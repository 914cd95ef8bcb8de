//! Ticket attachments: uploaded as multipart and checked by
//! [`crate::files`], kept in the content-addressed store, downloaded only
//! within the ticket's scope.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use atende_core::permissions::Permission;
use atende_types::tickets::Attachment;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::{entity::message, service};
use crate::{
    audit::{self, Change},
    auth::Actor,
    db::begin_write,
    error::ApiError,
    files,
    state::AppState,
};

pub mod entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "attachments")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub ticket_id: Uuid,
        pub message_id: Option<Uuid>,
        pub file_name: String,
        pub content_type: String,
        pub size: i64,
        pub sha256: String,
        pub uploaded_by: Option<Uuid>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

fn wire(a: entity::Model) -> Attachment {
    Attachment {
        download_url: format!("/api/v1/attachments/{}", a.id),
        id: a.id,
        ticket_id: a.ticket_id,
        message_id: a.message_id,
        file_name: a.file_name,
        content_type: a.content_type,
        size: a.size,
        created_at: a.created_at,
    }
}

/// Attaches a file (multipart field `file`; optional field `message_id`).
#[utoipa::path(post, path = "/api/v1/tickets/{id}/attachments", tag = "tickets", params(("id" = Uuid, Path)),
    operation_id = "attachments_upload",
    request_body(content = crate::openapi::AttachmentUpload, content_type = "multipart/form-data", description = "`file`, and optionally `message_id`"),
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses(
        (status = 201, description = "Stored", body = Attachment),
        (status = 413, description = "Larger than `attachment_max_bytes`", body = atende_types::ErrorBody, content_type = "application/problem+json"),
        (status = 422, description = "No `file` field, or a bad `message_id`", body = atende_types::ErrorBody, content_type = "application/problem+json"),
    ))]
#[post("/{id}/attachments")]
pub async fn upload(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let reach = actor.authorize(Permission::TicketsView)?;
    let ticket = service::find_in_reach(&state.db, &reach, *id).await?;
    let mut form =
        crate::extract::multipart_form(&req, payload, state.settings.attachment_max_bytes).await?;
    let message_id = files::take_message_id(&mut form)?;
    let upload = files::take_upload(&mut form)?;
    if let Some(message_id) = message_id {
        let belongs = message::Entity::find_by_id(message_id)
            .one(&state.db)
            .await?
            .is_some_and(|m| {
                m.ticket_id == ticket.id && (!m.internal || !service::is_client_side(&actor))
            });
        if !belongs {
            return Err(ApiError::validation(
                "message_id",
                "is not a message of this ticket",
            ));
        }
    }
    let stored = upload.store(state.blobs.as_ref()).await?;
    let now = state.clock.now();
    let row = entity::Model {
        id: Uuid::now_v7(),
        ticket_id: ticket.id,
        message_id,
        file_name: stored.file_name,
        content_type: stored.content_type,
        size: stored.size,
        sha256: stored.sha256,
        uploaded_by: actor.user.as_ref().map(|u| u.id),
        created_at: now,
    };
    let txn = begin_write(&state.db).await?;
    entity::Entity::insert(entity::ActiveModel {
        id: Set(row.id),
        ticket_id: Set(row.ticket_id),
        message_id: Set(row.message_id),
        file_name: Set(row.file_name.clone()),
        content_type: Set(row.content_type.clone()),
        size: Set(row.size),
        sha256: Set(row.sha256.clone()),
        uploaded_by: Set(row.uploaded_by),
        created_at: Set(now),
    })
    .exec_without_returning(&txn)
    .await?;
    audit::record(
        &txn,
        &actor.audit,
        Change::new("ticket.attachment_added", "ticket", ticket.id)
            .company(Some(ticket.company_id))
            .after(serde_json::json!({ "attachment_id": row.id, "file_name": row.file_name, "size": row.size })),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(wire(row)))
}

/// Whether the actor may see attachment `a` (those on internal notes are
/// staff-only).
async fn visible(state: &AppState, actor: &Actor, a: &entity::Model) -> Result<bool, ApiError> {
    if !service::is_client_side(actor) {
        return Ok(true);
    }
    match a.message_id {
        None => Ok(true),
        Some(id) => Ok(message::Entity::find_by_id(id)
            .one(&state.db)
            .await?
            .is_some_and(|m| !m.internal)),
    }
}

/// The ticket's attachments.
#[utoipa::path(get, path = "/api/v1/tickets/{id}/attachments", tag = "tickets", params(("id" = Uuid, Path)),
    operation_id = "attachments_list",
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "Oldest first", body = Vec<Attachment>)))]
#[get("/{id}/attachments")]
pub async fn list(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let reach = actor.authorize(Permission::TicketsView)?;
    let ticket = service::find_in_reach(&state.db, &reach, *id).await?;
    let rows = entity::Entity::find()
        .filter(entity::Column::TicketId.eq(ticket.id))
        .order_by_asc(entity::Column::CreatedAt)
        .all(&state.db)
        .await?;
    let mut result = Vec::new();
    for row in rows {
        if visible(&state, &actor, &row).await? {
            result.push(wire(row));
        }
    }
    Ok(HttpResponse::Ok().json(result))
}

/// Downloads an attachment, within the ticket's scope.
#[utoipa::path(get, path = "/api/v1/attachments/{id}", tag = "tickets", params(("id" = Uuid, Path)),
    operation_id = "attachments_download",
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "The file, as a download (`Content-Disposition: attachment`; `Content-Type` is the type read from the content at upload)",
               body = inline(crate::openapi::FileBytes), content_type = "application/octet-stream"),
              (status = 404, description = "No such attachment in reach", body = atende_types::ErrorBody, content_type = "application/problem+json")))]
#[get("/attachments/{id}")]
pub async fn download(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let reach = actor.authorize(Permission::TicketsView)?;
    let row = entity::Entity::find_by_id(*id)
        .one(&state.db)
        .await?
        .ok_or(ApiError::NotFound)?;
    service::find_in_reach(&state.db, &reach, row.ticket_id).await?;
    if !visible(&state, &actor, &row).await? {
        return Err(ApiError::NotFound);
    }
    let bytes = state
        .blobs
        .get(&row.sha256)
        .await
        .map_err(ApiError::internal)?;
    Ok(files::download(&row.file_name, &row.content_type, bytes))
}
