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
    files,
    pagination::{PageQuery, page},
    state::AppState,
};

/// Uploads a spreadsheet (`.xlsx`, `.xls`, `.ods`, `.csv`) and previews
/// it: counts and row-level errors; nothing is created yet. Multipart
/// fields: `file`; optional `template_id` (a saved mapping) or `mapping` (JSON object field → column header;
/// by default the usual Portuguese headers are recognised) and
/// `target_status` (`draft`, the default, or `awaiting_approval`).
///
/// When the usual headers leave a required field without a column, the
/// preview still comes back (201) with the sheet's `headers` and one error
/// at row 0 per field to map; upload again with a `mapping`.
///
/// The file gets the checks of any attachment (a program or a disguised
/// file is refused, 422 on `file`) and is read off the request threads, a
/// few files at a time; a file whose cell, sheet or shared strings expand
/// past the reader's limits is refused (422 on `file`, the detail naming
/// the limit, e.g. `max_cell_bytes`). While every reader stays busy for
/// a while, 503 with `Retry-After`.
#[utoipa::path(post, path = "/api/v1/imports", tag = "imports",
    request_body(content = crate::openapi::SpreadsheetUpload, content_type = "multipart/form-data"),
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 201, description = "The preview", body = ImportRecord),
        (status = 403, description = "No `imports.run`", body = atende_types::ErrorBody, content_type = "application/problem+json"),
        (status = 413, description = "Larger than `attachment_max_bytes`", body = atende_types::ErrorBody, content_type = "application/problem+json"),
        (status = 422, description = "A program or disguised file, an unreadable file, one that expands past a limit (named in `detail`), or a bad mapping; named in `field`", body = atende_types::ErrorBody, content_type = "application/problem+json"),
        (status = 503, description = "Every spreadsheet reader busy; retry after `Retry-After` seconds", body = atende_types::ErrorBody, content_type = "application/problem+json")))]
#[post("")]
pub async fn upload(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    actor.authorize(Permission::ImportsRun)?;
    let mut form = multipart_form(&req, payload, state.settings.attachment_max_bytes).await?;
    // The checks every upload gets: no program, no disguised file.
    let file = files::take_upload(&mut form)?;
    let mut mapping = match form.remove("mapping") {
        Some(part) if !part.bytes.is_empty() => {
            Some(serde_json::from_slice(&part.bytes).map_err(|_| {
                ApiError::validation("mapping", "a JSON object: field → column header")
            })?)
        }
        _ => None,
    };
    if let Some(part) = form.remove("template_id") {
        let id = Uuid::parse_str(String::from_utf8_lossy(&part.bytes).trim())
            .map_err(|_| ApiError::validation("template_id", "is not an id"))?;
        let template = super::entity::template::Entity::find_by_id(id)
            .one(&state.db)
            .await?
            .ok_or_else(|| ApiError::validation("template_id", "names no template"))?;
        mapping = Some(serde_json::from_str(&template.mapping).unwrap_or_default());
    }
    let target = match form.remove("target_status") {
        Some(part) => {
            let text = String::from_utf8_lossy(&part.bytes).trim().to_owned();
            PendingStatus::parse(&text).ok_or_else(|| {
                ApiError::validation("target_status", "draft or awaiting_approval")
            })?
        }
        None => PendingStatus::Draft,
    };
    match service::preview(&state, &actor, &file.file_name, file.bytes, mapping, target).await {
        Ok(record) => Ok(HttpResponse::Created().json(record)),
        Err(error) => retry_later(error),
    }
}

/// A 503 (every spreadsheet reader busy, or the database away) with the
/// `Retry-After` that tells the client when to come back; any other error
/// as it is.
fn retry_later(error: ApiError) -> Result<HttpResponse, ApiError> {
    if !matches!(error, ApiError::Unavailable(_)) {
        return Err(error);
    }
    let mut response = actix_web::ResponseError::error_response(&error);
    response.headers_mut().insert(
        header::RETRY_AFTER,
        header::HeaderValue::from(service::RETRY_AFTER_SECS),
    );
    Ok(response)
}

/// Import history, newest first: the caller's own imports (all of them
/// for administrators).
#[utoipa::path(get, path = "/api/v1/imports", tag = "imports", params(PageQuery),
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "A page of imports", body = Page<ImportRecord>)))]
#[get("")]
pub async fn history(
    state: web::Data<AppState>,
    actor: Actor,
    web::Query(paging): web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let mine = service::history_of(&actor)?;
    let limit = paging.limit()?;
    let mut select = import::Entity::find();
    if let Some(me) = mine {
        select = select.filter(import::Column::UploadedBy.eq(me));
    }
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
        records.push(service::wire(&state, row).await?);
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
    Ok(HttpResponse::Ok().json(service::wire(&state, row).await?))
}

/// Creates every row's item, all or nothing: refused (422) while any row
/// has an error, and (409) for a file imported before. Large files answer
/// 202 and commit in the background.
#[utoipa::path(post, path = "/api/v1/imports/{id}/commit", tag = "imports", params(("id" = Uuid, Path)),
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "Committed", body = ImportRecord),
        (status = 202, description = "Committing in the background", body = ImportRecord),
        (status = 409, description = "Imported before, or already committed", body = atende_types::ErrorBody, content_type = "application/problem+json"),
        (status = 422, description = "Rows with errors", body = atende_types::ErrorBody, content_type = "application/problem+json"),
        (status = 503, description = "Every spreadsheet reader busy; retry after `Retry-After` seconds", body = atende_types::ErrorBody, content_type = "application/problem+json")))]
#[post("/{id}/commit")]
pub async fn commit(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let (record, done) = match service::commit(&state, &actor, *id).await {
        Ok(committed) => committed,
        Err(error) => return retry_later(error),
    };
    Ok(if done {
        HttpResponse::Ok().json(record)
    } else {
        HttpResponse::Accepted().json(record)
    })
}

/// The original file, as uploaded.
#[utoipa::path(get, path = "/api/v1/imports/{id}/file", tag = "imports", params(("id" = Uuid, Path)),
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "The uploaded bytes", body = inline(crate::openapi::FileBytes), content_type = "application/octet-stream")))]
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
    Ok(crate::files::download(
        &row.file_name,
        "application/octet-stream",
        bytes,
    ))
}

fn template_wire(t: super::entity::template::Model) -> atende_types::imports::ImportTemplate {
    atende_types::imports::ImportTemplate {
        id: t.id,
        name: t.name,
        mapping: serde_json::from_str(&t.mapping).unwrap_or_default(),
    }
}

/// Saved column mappings.
#[utoipa::path(get, path = "/api/v1/import-templates", tag = "imports",
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "Templates by name", body = Vec<atende_types::imports::ImportTemplate>)))]
#[get("")]
pub async fn list_templates(
    state: web::Data<AppState>,
    actor: Actor,
) -> Result<HttpResponse, ApiError> {
    actor.authorize(Permission::ImportsRun)?;
    let rows = super::entity::template::Entity::find()
        .order_by_asc(super::entity::template::Column::Name)
        .all(&state.db)
        .await?;
    Ok(HttpResponse::Ok().json(rows.into_iter().map(template_wire).collect::<Vec<_>>()))
}

/// Saves a column mapping under a name; every field must be a known one.
#[utoipa::path(post, path = "/api/v1/import-templates", tag = "imports",
    request_body = atende_types::imports::ImportTemplateInput, security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 201, description = "Saved", body = atende_types::imports::ImportTemplate),
        (status = 409, description = "The name is taken", body = atende_types::ErrorBody, content_type = "application/problem+json"),
        (status = 422, description = "A bad name or field", body = atende_types::ErrorBody, content_type = "application/problem+json")))]
#[post("")]
pub async fn create_template(
    state: web::Data<AppState>,
    actor: Actor,
    crate::extract::ApiJson(body): crate::extract::ApiJson<
        atende_types::imports::ImportTemplateInput,
    >,
) -> Result<HttpResponse, ApiError> {
    use super::entity::template;
    use sea_orm::ActiveValue::Set;
    actor.authorize(Permission::ImportsRun)?;
    let name = body.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 120 {
        return Err(ApiError::validation(
            "name",
            "must have 1 to 120 characters",
        ));
    }
    for field in body.mapping.keys() {
        if !service::FIELD_KEYS.contains(&field.as_str()) {
            return Err(ApiError::validation(
                format!("mapping.{field}"),
                format!("not a field; one of {}", service::FIELD_KEYS.join(", ")),
            ));
        }
    }
    let taken = template::Entity::find()
        .filter(template::Column::Name.eq(name.clone()))
        .one(&state.db)
        .await?
        .is_some();
    if taken {
        return Err(ApiError::conflict(
            "name",
            "a template with this name exists",
        ));
    }
    let row = template::Model {
        id: Uuid::now_v7(),
        name,
        mapping: serde_json::json!(body.mapping).to_string(),
        created_by: actor.user.as_ref().map(|u| u.id),
        created_at: state.clock.now(),
    };
    template::Entity::insert(template::ActiveModel {
        id: Set(row.id),
        name: Set(row.name.clone()),
        mapping: Set(row.mapping.clone()),
        created_by: Set(row.created_by),
        created_at: Set(row.created_at),
    })
    .exec_without_returning(&state.db)
    .await?;
    Ok(HttpResponse::Created().json(template_wire(row)))
}
