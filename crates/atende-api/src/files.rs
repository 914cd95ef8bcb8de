//! Files people upload and download: the type is sniffed from the content
//! (never trusted from the client), programs and disguised files are
//! refused, names are cleaned, and every download goes out as a download
//! (`Content-Disposition: attachment`, `nosniff`), so a file can never run
//! as a page of this origin. Ticket attachments, pending-item attachments,
//! imported spreadsheets and exports all go through here.

use std::collections::BTreeMap;

use actix_web::{HttpResponse, http::header};
use uuid::Uuid;

use crate::{error::ApiError, extract::FormPart};

/// An uploaded file that passed the checks.
#[derive(Debug)]
pub struct Upload {
    pub file_name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

impl Upload {
    pub fn size(&self) -> i64 {
        i64::try_from(self.bytes.len()).unwrap_or(i64::MAX)
    }
}

/// Takes the multipart field `file` out of `form`, refusing an empty file,
/// a program or a disguised one.
pub fn take_upload(form: &mut BTreeMap<String, FormPart>) -> Result<Upload, ApiError> {
    let part = form
        .remove("file")
        .ok_or_else(|| ApiError::validation("file", "send the file in a field named `file`"))?;
    let file_name = part
        .file_name
        .as_deref()
        .map_or_else(|| "arquivo".to_owned(), clean_name);
    if part.bytes.is_empty() {
        return Err(ApiError::validation("file", "is empty"));
    }
    let content_type = sniff(&part.bytes);
    check_content(&file_name, &content_type)
        .map_err(|message| ApiError::validation("file", message))?;
    Ok(Upload {
        file_name,
        content_type,
        bytes: part.bytes,
    })
}

/// An upload kept in the blob store, ready to be recorded.
#[derive(Debug)]
pub struct Stored {
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
}

impl Upload {
    /// Puts the bytes in the content-addressed store.
    pub async fn store(self, blobs: &dyn crate::storage::BlobStore) -> Result<Stored, ApiError> {
        let size = self.size();
        let sha256 = blobs.put(self.bytes).await.map_err(ApiError::internal)?;
        Ok(Stored {
            file_name: self.file_name,
            content_type: self.content_type,
            size,
            sha256,
        })
    }
}

/// Takes the optional multipart field `message_id` out of `form`.
pub fn take_message_id(form: &mut BTreeMap<String, FormPart>) -> Result<Option<Uuid>, ApiError> {
    form.remove("message_id")
        .map(|part| {
            Uuid::parse_str(String::from_utf8_lossy(&part.bytes).trim())
                .map_err(|_| ApiError::validation("message_id", "is not an id"))
        })
        .transpose()
}

/// `bytes` as a download named `file_name`, never rendered by the browser
/// and never cached by a proxy.
pub fn download(file_name: &str, content_type: &str, bytes: Vec<u8>) -> HttpResponse {
    let disposition = header::ContentDisposition {
        disposition: header::DispositionType::Attachment,
        parameters: vec![header::DispositionParam::FilenameExt(
            header::ExtendedValue {
                charset: header::Charset::Ext("UTF-8".into()),
                language_tag: None,
                value: file_name.as_bytes().to_vec(),
            },
        )],
    };
    HttpResponse::Ok()
        .content_type(content_type.to_owned())
        .insert_header(disposition)
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(bytes)
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
pub fn clean_name(name: &str) -> String {
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
