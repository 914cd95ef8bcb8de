//! Attachments: uploaded as multipart, the type sniffed from the content
//! (never trusted from the client), kept in the content-addressed store,
//! downloaded only within the ticket's scope and always as a download
//! (`Content-Disposition: attachment`, `nosniff`), so a file can never run
//! as a page of this origin.

use actix_web::{HttpRequest, HttpResponse, get, http::header, post, web};
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

/// The media type of `bytes` by their content.
pub fn sniff(bytes: &[u8]) -> String {
    match infer::get(bytes) {
        Some(kind) => kind.mime_type().to_owned(),
        None if std::str::from_utf8(bytes).is_ok() => "text/plain".to_owned(),
        None => "application/octet-stream".to_owned(),
    }
}

/// Programs are never accepted, whatever their name.
const REFUSED_TYPES: [&str; 6] = [
    "application/vnd.microsoft.portable-executable",
    "application/x-executable",
    "application/x-mach-binary",
    "application/vnd.android.dex",
    "application/vnd.android.dey",
    "application/x-shockwave-flash",
];

/// The type a common extension promises.
fn promised_type(file_name: &str) -> Option<&'static str> {
    let extension = file_name.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match extension.as_str() {
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "zip" => "application/zip",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "txt" | "csv" => "text/plain",
        _ => return None,
    })
}

/// Refuses programs, and files whose content is not what their extension
/// says (a disguised file): the answer names what the content really is.
pub fn check_content(file_name: &str, sniffed: &str) -> Result<(), String> {
    if REFUSED_TYPES.contains(&sniffed) {
        return Err(format!("programs ({sniffed}) cannot be attached"));
    }
    match promised_type(file_name) {
        Some(promised) if promised != sniffed => Err(format!(
            "the content is {sniffed}, not what the name `{file_name}` says ({promised})"
        )),
        _ => Ok(()),
    }
}

/// A file name safe to store and to put in a header.
fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '\\'))
        .take(200)
        .collect();
    if cleaned.trim().is_empty() {
        "arquivo".to_owned()
    } else {
        cleaned.trim().to_owned()
    }
}

/// Attaches a file (multipart field `file`; optional field `message_id`).
#[utoipa::path(post, path = "/api/v1/tickets/{id}/attachments", tag = "tickets", params(("id" = Uuid, Path)),
    request_body(content_type = "multipart/form-data", description = "`file`, and optionally `message_id`"),
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
    let message_id = match form.remove("message_id") {
        Some(part) => Some(
            Uuid::parse_str(String::from_utf8_lossy(&part.bytes).trim())
                .map_err(|_| ApiError::validation("message_id", "is not an id"))?,
        ),
        None => None,
    };
    let part = form
        .remove("file")
        .ok_or_else(|| ApiError::validation("file", "send the file in a field named `file`"))?;
    let file_name = part
        .file_name
        .as_deref()
        .map_or_else(|| "arquivo".to_owned(), clean_name);
    let bytes = part.bytes;
    if bytes.is_empty() {
        return Err(ApiError::validation("file", "is empty"));
    }
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
    let content_type = sniff(&bytes);
    check_content(&file_name, &content_type)
        .map_err(|message| ApiError::validation("file", message))?;
    let size = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
    let sha256 = state.blobs.put(bytes).await.map_err(ApiError::internal)?;
    let now = state.clock.now();
    let row = entity::Model {
        id: Uuid::now_v7(),
        ticket_id: ticket.id,
        message_id,
        file_name,
        content_type,
        size,
        sha256,
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
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "The file, as a download"),
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
    let disposition = header::ContentDisposition {
        disposition: header::DispositionType::Attachment,
        parameters: vec![header::DispositionParam::FilenameExt(
            header::ExtendedValue {
                charset: header::Charset::Ext("UTF-8".into()),
                language_tag: None,
                value: row.file_name.clone().into_bytes(),
            },
        )],
    };
    Ok(HttpResponse::Ok()
        .content_type(row.content_type)
        .insert_header(disposition)
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_type_comes_from_the_content() {
        assert_eq!(sniff(b"%PDF-1.7 ..."), "application/pdf");
        assert_eq!(
            sniff(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]),
            "image/png"
        );
        assert_eq!(sniff("nota fiscal nº 12".as_bytes()), "text/plain");
        assert_eq!(sniff(&[0xff, 0x00, 0xfe, 0x01]), "application/octet-stream");
    }

    #[test]
    fn programs_and_disguised_files_are_refused() {
        assert!(check_content("nota.pdf", "application/pdf").is_ok());
        assert!(check_content("relatorio", "application/pdf").is_ok());
        assert!(
            check_content(
                "planilha.xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            )
            .is_ok()
        );
        assert!(
            check_content("nota.pdf", "application/vnd.microsoft.portable-executable").is_err()
        );
        assert!(
            check_content("setup.exe", "application/vnd.microsoft.portable-executable").is_err()
        );
        assert!(
            check_content("foto.jpg", "application/pdf")
                .unwrap_err()
                .contains("application/pdf")
        );
    }

    #[test]
    fn file_names_lose_paths_and_header_breakers() {
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(
            clean_name("C:\\Users\\a\\nota \"fiscal\".pdf"),
            "nota fiscal.pdf"
        );
        assert_eq!(clean_name("\u{0}"), "arquivo");
    }
}
