//! Files people upload and download: the type is sniffed from the content
//! (never trusted from the client), programs and disguised files are
//! refused, names are cleaned, and every download goes out as a download
//! (`Content-Disposition: attachment`, `nosniff`), so a file can never run
//! as a page of this origin. Ticket attachments, pending-item attachments,
//! imported spreadsheets and exports all go through here: uploads through
//! [`take_upload`], downloads through [`download`].

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
        None if is_text(bytes) => "text/plain".to_owned(),
        None => "application/octet-stream".to_owned(),
    }
}

/// Text: UTF-8; UTF-16 with a byte-order mark (Excel's "Unicode text");
/// or a legacy single-byte encoding such as Windows-1252, what Brazilian
/// Excel saves a CSV in: bytes with no control characters but tab, line
/// breaks and form feed, so no program (full of NULs) passes for text.
fn is_text(bytes: &[u8]) -> bool {
    let plain = |c: u32| (c >= 0x20 && c != 0x7F) || matches!(c, 0x09 | 0x0A | 0x0C | 0x0D);
    if std::str::from_utf8(bytes).is_ok() {
        return true;
    }
    let utf16 = |big_endian: bool| {
        let units = bytes[2..].chunks_exact(2).map(|pair| {
            let pair = [pair[0], pair[1]];
            if big_endian {
                u16::from_be_bytes(pair)
            } else {
                u16::from_le_bytes(pair)
            }
        });
        bytes.len().is_multiple_of(2)
            && char::decode_utf16(units).all(|c| c.is_ok_and(|c| plain(u32::from(c))))
    };
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return utf16(false);
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return utf16(true);
    }
    bytes.iter().all(|b| plain(u32::from(*b)))
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

/// Whether content sniffed as `sniffed` is what an extension promising
/// `promised` says. Office Open XML files are zips, and `infer` names
/// their kind only when a `word/`, `xl/` or `ppt/` part comes among the
/// first three (Excel's order; rust_xlsxwriter and others put `docProps/`
/// first), so a plain zip fulfils those promises.
fn fulfils(promised: &str, sniffed: &str) -> bool {
    promised == sniffed
        || (promised.starts_with("application/vnd.openxmlformats-officedocument.")
            && sniffed == "application/zip")
}

/// Refuses programs, and files whose content is not what their extension
/// says (a disguised file): the answer names what the content really is.
pub fn check_content(file_name: &str, sniffed: &str) -> Result<(), String> {
    if REFUSED_TYPES.contains(&sniffed) {
        return Err(format!("programs ({sniffed}) cannot be attached"));
    }
    match promised_type(file_name) {
        Some(promised) if !fulfils(promised, sniffed) => Err(format!(
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
    fn text_in_legacy_encodings_and_utf16_is_text() {
        // "Descrição;Valor" in Windows-1252, and in UTF-16 with its BOM.
        assert_eq!(sniff(b"Descri\xE7\xE3o;Valor\r\n"), "text/plain");
        let mut utf16 = vec![0xFF, 0xFE];
        for unit in "Título;Valor\r\n".encode_utf16() {
            utf16.extend(unit.to_le_bytes());
        }
        assert_eq!(sniff(&utf16), "text/plain");
        assert!(check_content("pendencias.csv", &sniff(&utf16)).is_ok());
        // A NUL or an escape is not text in any of them.
        assert_eq!(sniff(b"a;b\x00c\xE7"), "application/octet-stream");
        assert_eq!(sniff(&[0xFF, 0xFE, 0x00, 0x00]), "application/octet-stream");
        // Programs are named, whatever the file is called.
        let mut elf = b"\x7fELF\x02\x01\x01\x00".to_vec();
        elf.resize(64, 0);
        assert_eq!(sniff(&elf), "application/x-executable");
        assert!(check_content("pendencias.csv", &sniff(&elf)).is_err());
        assert!(check_content("pendencias", &sniff(&elf)).is_err());
    }

    #[test]
    fn an_office_file_that_infer_sees_as_a_zip_is_what_it_says() {
        let xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        assert!(check_content("planilha.xlsx", "application/zip").is_ok());
        assert!(check_content("planilha.xlsx", xlsx).is_ok());
        assert!(check_content("planilha.csv", "application/zip").is_err());
        assert!(
            check_content(
                "planilha.xlsx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            )
            .is_err()
        );
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
