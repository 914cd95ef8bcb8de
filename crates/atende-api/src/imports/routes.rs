//! `/api/v1/imports`.

use actix_web::{HttpRequest, HttpResponse, get, http::header, post, web};
use atende_core::{pending::PendingStatus, permissions::Permission};
use atende_types::{Page, imports::ImportRecord};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::{entity::import, service};
use crate::{
    auth::Actor,
    error::ApiError,
    extract::multipart_form,
    pagination::{PageQuery, page},
    state::AppState,
};

/// Uploads a spreadsheet (`.xlsx`, `.xls`, `.ods`, `.csv`) and previews
/// it: counts and row-level errors; nothing is created yet. Multipart
/// fields: `file`; optional `mapping` (JSON object field → column header;
/// by default the usual Portuguese headers are recognised) and
/// `target_status` (`draft`, the default, or `awaiting_approval`).
#[utoipa::path(post, path = "/api/v1/imports", tag = "imports",
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 201, description = "The preview", body = ImportRecord),
        (status = 403, description = "No `imports.run`", body = atende_types::ErrorBody, content_type = "application/problem+json"),
        (status = 413, description = "Larger than `attachment_max_bytes`", body = atende_types::ErrorBody, content_type = "application/problem+json"),
        (status = 422, description = "An unreadable file or a bad mapping, named in `field`", body = atende_types::ErrorBody, content_type = "application/problem+json")))]
#[post("")]
pub async fn upload(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    actor.authorize(Permission::ImportsRun)?;
    let mut form = multipart_form(&req, payload, state.settings.attachment_max_bytes).await?;
    let file = form.remove("file").ok_or_else(|| {
        ApiError::validation("file", "send the spreadsheet in a field named `file`")
    })?;
    if file.bytes.is_empty() {
        return Err(ApiError::validation("file", "is empty"));
    }
    let file_name = file
        .file_name
        .as_deref()
        .map(|n| n.rsplit(['/', '\\']).next().unwrap_or_default())
        .map(|n| {
            n.chars()
                .filter(|c| !c.is_control() && *c != '"')
                .take(200)
                .collect::<String>()
        })
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| "planilha".into());
    let mapping = match form.remove("mapping") {
        Some(part) if !part.bytes.is_empty() => {
            Some(serde_json::from_slice(&part.bytes).map_err(|_| {
                ApiError::validation("mapping", "a JSON object: field → column header")
            })?)
        }
        _ => None,
    };
    let target = match form.remove("target_status") {
        Some(part) => {
            let text = String::from_utf8_lossy(&part.bytes).trim().to_owned();
            PendingStatus::parse(&text).ok_or_else(|| {
                ApiError::validation("target_status", "draft or awaiting_approval")
            })?
        }
        None => PendingStatus::Draft,
    };
    let record = service::preview(&state, &actor, &file_name, file.bytes, mapping, target).await?;
    Ok(HttpResponse::Created().json(record))
}

/// Import history, newest first.
#[utoipa::path(get, path = "/api/v1/imports", tag = "imports", params(PageQuery),
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "A page of imports", body = Page<ImportRecord>)))]
#[get("")]
pub async fn history(
    state: web::Data<AppState>,
    actor: Actor,
    web::Query(paging): web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    actor.authorize(Permission::ImportsHistory)?;
    let limit = paging.limit()?;
    let mut select = import::Entity::find();
    if let Some(after) = paging.after::<Uuid>()? {
        select = select.filter(import::Column::Id.lt(after));
    }
    let rows = select
        .order_by_desc(import::Column::Id)
        .limit(limit + 1)
        .all(&state.db)
        .await?;
    let mut records = Vec::with_capacity(rows.len());
    for row in rows {
        records.push(service::wire(&state.db, row).await?);
    }
    Ok(HttpResponse::Ok().json(page(records, limit, |r| r.id, |r| r)))
}

/// One import.
#[utoipa::path(get, path = "/api/v1/imports/{id}", tag = "imports", params(("id" = Uuid, Path)),
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "The import", body = ImportRecord)))]
#[get("/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let row = service::find(&state.db, &actor, *id).await?;
    Ok(HttpResponse::Ok().json(service::wire(&state.db, row).await?))
}

/// Creates every row's item, all or nothing: refused (422) while any row
/// has an error, and (409) for a file imported before. Large files answer
/// 202 and commit in the background.
#[utoipa::path(post, path = "/api/v1/imports/{id}/commit", tag = "imports", params(("id" = Uuid, Path)),
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "Committed", body = ImportRecord),
        (status = 202, description = "Committing in the background", body = ImportRecord),
        (status = 409, description = "Imported before, or already committed", body = atende_types::ErrorBody, content_type = "application/problem+json"),
        (status = 422, description = "Rows with errors", body = atende_types::ErrorBody, content_type = "application/problem+json")))]
#[post("/{id}/commit")]
pub async fn commit(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let (record, done) = service::commit(&state, &actor, *id).await?;
    Ok(if done {
        HttpResponse::Ok().json(record)
    } else {
        HttpResponse::Accepted().json(record)
    })
}

/// The original file, as uploaded.
#[utoipa::path(get, path = "/api/v1/imports/{id}/file", tag = "imports", params(("id" = Uuid, Path)),
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "The uploaded bytes", content_type = "application/octet-stream")))]
#[get("/{id}/file")]
pub async fn original(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let row = service::find(&state.db, &actor, *id).await?;
    let bytes = state
        .blobs
        .get(&row.blob_sha256)
        .await
        .map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type("application/octet-stream")
        .insert_header(header::ContentDisposition {
            disposition: header::DispositionType::Attachment,
            parameters: vec![header::DispositionParam::Filename(row.file_name)],
        })
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(bytes))
}
