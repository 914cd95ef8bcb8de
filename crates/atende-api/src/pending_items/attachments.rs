//! Files on pending items — the receipt or invoice a client sends with an
//! answer, the statement an operator attaches for context. Checked by
//! [`crate::files`], kept in the blob store, readable by whoever reaches
//! the item (clients from the approval on, like the item itself).

use std::collections::BTreeMap;

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use atende_core::permissions::Permission;
use atende_types::{pending::PendingItemAttachment, tickets::PersonRef};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
};
use serde_json::json;
use uuid::Uuid;

use super::{
    entity::{attachment, message},
    service::{find_visible, record, status_of},
};
use crate::{
    audit::{self, Change},
    auth::Actor,
    db::begin_write,
    error::ApiError,
    files,
    identity::user,
    state::AppState,
};
use atende_core::pending::PendingStatus;

/// The wire form of `rows`, uploaders' names loaded in one query.
pub(super) async fn to_wire(
    db: &impl ConnectionTrait,
    rows: Vec<attachment::Model>,
) -> Result<Vec<PendingItemAttachment>, DbErr> {
    let names: BTreeMap<Uuid, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(rows.iter().filter_map(|a| a.uploaded_by)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    Ok(rows
        .into_iter()
        .map(|a| PendingItemAttachment {
            download_url: format!(
                "/api/v1/pending-items/{}/attachments/{}",
                a.pending_item_id, a.id
            ),
            uploaded_by: a.uploaded_by.and_then(|id| {
                names.get(&id).map(|name| PersonRef {
                    id,
                    name: name.clone(),
                })
            }),
            id: a.id,
            pending_item_id: a.pending_item_id,
            message_id: a.message_id,
            file_name: a.file_name,
            content_type: a.content_type,
            size: a.size,
            created_at: a.created_at,
        })
        .collect())
}

/// Every file of an item, oldest first.
pub(super) async fn of_item(
    db: &impl ConnectionTrait,
    item_id: Uuid,
) -> Result<Vec<PendingItemAttachment>, DbErr> {
    let rows = attachment::Entity::find()
        .filter(attachment::Column::PendingItemId.eq(item_id))
        .order_by_asc(attachment::Column::Id)
        .all(db)
        .await?;
    to_wire(db, rows).await
}

/// Attaches a file (multipart field `file`; optional `message_id`, one of
/// the caller's own answers on this item). Anyone who may answer the item
/// may attach, until it is resolved.
#[utoipa::path(post, path = "/api/v1/pending-items/{id}/attachments", tag = "pending-items", params(("id" = Uuid, Path)),
    operation_id = "attachments_upload",
    request_body(content = crate::openapi::AttachmentUpload, content_type = "multipart/form-data", description = "`file`, and optionally `message_id`"),
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses(
        (status = 201, description = "Stored", body = PendingItemAttachment),
        (status = 404, description = "No such item in reach", body = atende_types::ErrorBody, content_type = "application/problem+json"),
        (status = 413, description = "Larger than `attachment_max_bytes`", body = atende_types::ErrorBody, content_type = "application/problem+json"),
        (status = 422, description = "No `file`, a program or disguised file, a bad `message_id`, or a resolved item", body = atende_types::ErrorBody, content_type = "application/problem+json"),
    ))]
#[post("/{id}/attachments")]
pub async fn upload(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let item = find_visible(&state.db, &actor, *id).await?;
    let reach = actor.authorize(Permission::PendingItemsAnswer)?;
    if !reach.covers(item.company_id) {
        return Err(ApiError::Forbidden(atende_core::access::Denied(
            Permission::PendingItemsAnswer,
        )));
    }
    if status_of(&item) == PendingStatus::Resolved {
        return Err(ApiError::validation(
            "file",
            "the item is resolved; reopen it before adding files",
        ));
    }
    let mut form =
        crate::extract::multipart_form(&req, payload, state.settings.attachment_max_bytes).await?;
    let message_id = files::take_message_id(&mut form)?;
    let upload = files::take_upload(&mut form)?;
    let uploader = actor.user.as_ref().map(|u| u.id);
    if let Some(message_id) = message_id {
        let own_answer = message::Entity::find_by_id(message_id)
            .one(&state.db)
            .await?
            .is_some_and(|m| m.pending_item_id == item.id && m.author_id == uploader);
        if !own_answer {
            return Err(ApiError::validation(
                "message_id",
                "is not one of your answers on this item",
            ));
        }
    }
    let stored = upload.store(state.blobs.as_ref()).await?;
    let now = state.clock.now();
    let row = attachment::Model {
        id: Uuid::now_v7(),
        pending_item_id: item.id,
        message_id,
        file_name: stored.file_name,
        content_type: stored.content_type,
        size: stored.size,
        sha256: stored.sha256,
        uploaded_by: uploader,
        created_at: now,
    };
    let txn = begin_write(&state.db).await?;
    attachment::Entity::insert(attachment::ActiveModel {
        id: Set(row.id),
        pending_item_id: Set(row.pending_item_id),
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
    let summary = json!({ "attachment_id": row.id, "file_name": row.file_name, "size": row.size });
    record(
        &txn,
        &actor,
        item.id,
        "attachment_added",
        summary.clone(),
        now,
    )
    .await?;
    audit::record(
        &txn,
        &actor.audit,
        Change::new("pending_item.attachment_added", "pending_item", item.id)
            .company(Some(item.company_id))
            .after(summary),
        now,
    )
    .await?;
    txn.commit().await?;
    let mut wire = to_wire(&state.db, vec![row]).await?;
    Ok(HttpResponse::Created().json(wire.pop()))
}

/// The item's files.
#[utoipa::path(get, path = "/api/v1/pending-items/{id}/attachments", tag = "pending-items", params(("id" = Uuid, Path)),
    operation_id = "attachments_list",
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "Oldest first", body = Vec<PendingItemAttachment>)))]
#[get("/{id}/attachments")]
pub async fn list(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let item = find_visible(&state.db, &actor, *id).await?;
    Ok(HttpResponse::Ok().json(of_item(&state.db, item.id).await?))
}

/// Downloads one of the item's files.
#[utoipa::path(get, path = "/api/v1/pending-items/{id}/attachments/{attachment_id}", tag = "pending-items",
    params(("id" = Uuid, Path), ("attachment_id" = Uuid, Path)),
    operation_id = "attachments_download",
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "The file, as a download (`Content-Disposition: attachment`; `Content-Type` is the type read from the content at upload)",
               body = inline(crate::openapi::FileBytes), content_type = "application/octet-stream"),
              (status = 404, description = "No such file on an item in reach", body = atende_types::ErrorBody, content_type = "application/problem+json")))]
#[get("/{id}/attachments/{attachment_id}")]
pub async fn download(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (id, attachment_id) = path.into_inner();
    let item = find_visible(&state.db, &actor, id).await?;
    let row = attachment::Entity::find_by_id(attachment_id)
        .one(&state.db)
        .await?
        .filter(|a| a.pending_item_id == item.id)
        .ok_or(ApiError::NotFound)?;
    let bytes = state
        .blobs
        .get(&row.sha256)
        .await
        .map_err(ApiError::internal)?;
    Ok(files::download(&row.file_name, &row.content_type, bytes))
}
