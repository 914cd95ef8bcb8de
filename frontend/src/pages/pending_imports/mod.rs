//! Spreadsheet imports of pending items ("Importar planilhas") and their
//! history ("Ver histórico importação"), plus what the pending-items
//! reports share with them: the calls to `/api/v1/imports`, saving a file
//! fetched with the session's token, and the texts of the import states.
//!
//! The server reads the sheet; the browser only sniffs a CSV's header row
//! so the column choices can be offered before the server has seen a
//! mapping it accepts (an `.xlsx` is not read here: the wasm build carries
//! no spreadsheet reader).

pub mod history;
pub mod wizard;

use std::collections::BTreeMap;

use atende_core::locale::Locale;
use atende_types::{
    imports::{ImportRowError, ImportTemplate, ImportTemplateInput},
    tickets::PersonRef,
};
use chrono::{DateTime, Utc};
use gloo_net::http::Method;
use leptos::prelude::*;
use serde::Deserialize;
use uuid::Uuid;

use crate::api::{Api, ApiFailure};
use crate::i18n::{Key, t};

/// The import wizard.
pub const WIZARD_PATH: &str = "/pendencias/importar";
/// The import history.
pub const HISTORY_PATH: &str = "/pendencias/importacoes";

/// The pending items an import created (the list filtered by import).
pub fn items_path(import: Uuid) -> String {
    format!("/pendencias?import_id={import}")
}

/// An import as the API sends it (`ImportRecord`), with the fields the
/// server may add later read when present: `rows_committed` (progress of a
/// background commit) and `headers` (the sheet's header row).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Import {
    pub id: Uuid,
    pub file_name: String,
    #[serde(default)]
    pub format: String,
    #[serde(default)]
    pub size_bytes: i64,
    /// `previewed`, `committing`, `committed` (or a failure state).
    pub status: String,
    /// `draft` or `awaiting_approval`.
    #[serde(default)]
    pub target_status: String,
    /// Field → column header used.
    #[serde(default)]
    pub mapping: BTreeMap<String, String>,
    #[serde(default)]
    pub rows_total: i32,
    #[serde(default)]
    pub rows_accepted: i32,
    #[serde(default)]
    pub rows_rejected: i32,
    #[serde(default)]
    pub errors: Vec<ImportRowError>,
    #[serde(default)]
    pub duplicate_of: Option<Uuid>,
    #[serde(default)]
    pub uploaded_by: Option<PersonRef>,
    pub created_at: DateTime<Utc>,
    #[serde(default)]
    pub committed_at: Option<DateTime<Utc>>,
    /// Rows written so far while `committing`, when the server says.
    #[serde(default)]
    pub rows_committed: Option<i32>,
    /// The sheet's header row, when the server sends it.
    #[serde(default)]
    pub headers: Vec<String>,
}

impl Import {
    pub fn is_committed(&self) -> bool {
        self.status == "committed"
    }

    pub fn is_committing(&self) -> bool {
        self.status == "committing"
    }

    /// Why the import cannot be confirmed as it is, if it cannot.
    pub fn blocker(&self) -> Option<Key> {
        if self.duplicate_of.is_some() {
            Some(Key::ImportBlockedDuplicate)
        } else if self.rows_rejected > 0 {
            Some(Key::ImportBlockedErrors)
        } else if self.rows_accepted == 0 {
            Some(Key::ImportBlockedEmpty)
        } else {
            None
        }
    }
}

/// The fields a sheet may fill, in the order they are offered, and
/// whether each is required.
pub const FIELDS: [(&str, bool); 8] = [
    ("title", true),
    ("company_cnpj", true),
    ("description", false),
    ("category", false),
    ("due_date", false),
    ("document_number", false),
    ("reference_date", false),
    ("amount", false),
];

/// A field's name for people.
pub fn field_label(locale: Locale, field: &str) -> String {
    let key = match field {
        "title" => Key::ImportFieldTitle,
        "company_cnpj" => Key::ImportFieldCnpj,
        "description" => Key::ImportFieldDescription,
        "category" => Key::ImportFieldCategory,
        "due_date" => Key::ImportFieldDueDate,
        "document_number" => Key::ImportFieldDocument,
        "reference_date" => Key::ImportFieldReferenceDate,
        "amount" => Key::ImportFieldAmount,
        other => return other.to_owned(),
    };
    t(locale, key).to_owned()
}

/// An import's state for people.
pub fn status_label(locale: Locale, status: &str) -> String {
    let key = match status {
        "previewed" => Key::ImportStatusPreviewed,
        "committing" => Key::ImportStatusCommitting,
        "committed" => Key::ImportStatusCommitted,
        "failed" => Key::ImportStatusFailed,
        other => return other.to_owned(),
    };
    t(locale, key).to_owned()
}

/// The badge class of an import's state.
pub fn status_badge(status: &str) -> &'static str {
    match status {
        "committed" => "badge badge--success",
        "committing" => "badge badge--info",
        "failed" => "badge badge--danger",
        _ => "badge badge--neutral",
    }
}

/// What the created items start as, for people.
pub fn target_label(locale: Locale, target: &str) -> String {
    let key = match target {
        "awaiting_approval" => Key::ImportTargetAwaitingApproval,
        "draft" => Key::ImportTargetDraft,
        other => return other.to_owned(),
    };
    t(locale, key).to_owned()
}

/// The server writes some messages in both languages, "português /
/// English": the part of `locale`, or the whole text when it is not split.
pub fn in_language(text: &str, locale: Locale) -> String {
    match text.split_once(" / ") {
        Some((pt, en)) => match locale {
            Locale::PtBr => pt.trim().to_owned(),
            Locale::En => en.trim().to_owned(),
        },
        None => text.trim().to_owned(),
    }
}

/// Whether a file name has an extension the server reads.
pub fn is_supported(file_name: &str) -> bool {
    let lower = file_name.to_lowercase();
    [".xlsx", ".xls", ".ods", ".csv"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// Whether the file is a CSV (whose header row the browser can read).
pub fn is_csv(file_name: &str) -> bool {
    file_name.to_lowercase().ends_with(".csv")
}

/// Text of a CSV as Brazilian spreadsheet programs write it: UTF-8 (with
/// or without a byte-order mark), else Windows-1252.
pub fn decode_text(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => bytes.iter().map(|&b| windows_1252(b)).collect(),
    }
}

/// One Windows-1252 byte as a character (Latin-1 but for 0x80–0x9F).
fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9F => HIGH
            .get(usize::from(byte - 0x80))
            .copied()
            .unwrap_or(char::REPLACEMENT_CHARACTER),
        _ => char::from(byte),
    }
}

/// The header row of a CSV: the first line with at least two filled
/// cells, split at the separator the line uses most (`;`, `,` or tab),
/// quotes respected.
pub fn sniff_headers(text: &str) -> Vec<String> {
    for line in text.lines().take(20) {
        let separator = [';', ',', '\t']
            .into_iter()
            .max_by_key(|s| line.matches(*s).count())
            .unwrap_or(';');
        let cells: Vec<String> = split_line(line, separator)
            .into_iter()
            .map(|c| c.trim().to_owned())
            .collect();
        if cells.iter().filter(|c| !c.is_empty()).count() >= 2 {
            return cells.into_iter().filter(|c| !c.is_empty()).collect();
        }
    }
    Vec::new()
}

fn split_line(line: &str, separator: char) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            c if c == separator && !quoted => cells.push(std::mem::take(&mut cell)),
            c => cell.push(c),
        }
    }
    cells.push(cell);
    cells
}

/// The column choices for the mapping: the sheet's headers when known,
/// then the headers the server used or named in errors, each once.
pub fn header_choices(sniffed: &[String], record: Option<&Import>) -> Vec<String> {
    let mut choices: Vec<String> = Vec::new();
    let mut add = |header: &str| {
        let header = header.trim();
        if !header.is_empty() && !choices.iter().any(|c| c == header) {
            choices.push(header.to_owned());
        }
    };
    for header in sniffed {
        add(header);
    }
    if let Some(record) = record {
        for header in &record.headers {
            add(header);
        }
        for header in record.mapping.values() {
            add(header);
        }
        for error in &record.errors {
            add(&error.column);
        }
    }
    choices
}

/// The limit a `413` names ("… limit of N bytes"), in bytes.
pub fn size_limit(failure: &ApiFailure) -> Option<u64> {
    let ApiFailure::Problem { body, .. } = failure else {
        return None;
    };
    let detail = body.detail.as_deref()?;
    detail
        .split(|c: char| !c.is_ascii_digit())
        .filter(|part| !part.is_empty())
        .find_map(|part| part.parse().ok())
}

/// What went wrong with an upload or a commit, in the interface language:
/// the file's own problem (too big, unreadable, wrong format, rows with
/// errors, imported before), else what the server said.
pub fn describe(locale: Locale, failure: &ApiFailure) -> String {
    if failure.status() == Some(413) {
        return match size_limit(failure) {
            Some(limit) => t(locale, Key::ImportTooLarge).replace(
                "{size}",
                &crate::format::file_size(i64::try_from(limit).unwrap_or(i64::MAX), locale),
            ),
            None => t(locale, Key::ImportTooLargePlain).to_owned(),
        };
    }
    if failure.code() == Some("conflict") {
        return match failure.field() {
            Some("file") => t(locale, Key::ImportDuplicateRefused).to_owned(),
            _ => t(locale, Key::ImportAlreadyCommitted).to_owned(),
        };
    }
    for (field, key) in [
        ("file", Key::ImportFileProblem),
        ("mapping", Key::ImportMappingProblem),
        ("target_status", Key::ImportFileProblem),
        ("template_id", Key::ImportTemplateProblem),
    ] {
        if let Some(detail) = failure.field_detail(field) {
            return t(locale, key).replace("{detail}", &in_language(&detail, locale));
        }
    }
    failure.message(locale)
}

/// Uploads `file` for a preview: with the saved template `template`, or
/// with `mapping` (field → column header), else the server's guess.
pub async fn preview(
    api: Api,
    file: &web_sys::File,
    target_status: &str,
    template: Option<String>,
    mapping: Option<BTreeMap<String, String>>,
) -> Result<Import, ApiFailure> {
    let broken = |_| ApiFailure::Network("FormData".to_owned());
    let form = web_sys::FormData::new().map_err(broken)?;
    form.append_with_blob_and_filename("file", file, &file.name())
        .map_err(broken)?;
    form.append_with_str("target_status", target_status)
        .map_err(broken)?;
    if let Some(template) = template.filter(|t| !t.is_empty()) {
        form.append_with_str("template_id", &template)
            .map_err(broken)?;
    }
    if let Some(mapping) = mapping {
        let json =
            serde_json::to_string(&mapping).map_err(|e| ApiFailure::Decode(e.to_string()))?;
        form.append_with_str("mapping", &json).map_err(broken)?;
    }
    api.send_form(Method::POST, "/api/v1/imports", form).await
}

/// Confirms a preview: `committed` at once, or `committing` in the
/// background for a large file.
pub async fn commit(api: Api, id: Uuid) -> Result<Import, ApiFailure> {
    api.send_empty(Method::POST, &format!("/api/v1/imports/{id}/commit"))
        .await
}

/// One import, fresh.
pub async fn fetch(api: Api, id: Uuid) -> Result<Import, ApiFailure> {
    api.get_json(&format!("/api/v1/imports/{id}")).await
}

/// The saved column mappings.
pub async fn templates(api: Api) -> Result<Vec<ImportTemplate>, ApiFailure> {
    api.get_list("/api/v1/import-templates").await
}

/// Saves `mapping` as a template named `name`.
pub async fn save_template(
    api: Api,
    name: String,
    mapping: BTreeMap<String, String>,
) -> Result<ImportTemplate, ApiFailure> {
    api.send_json(
        Method::POST,
        "/api/v1/import-templates",
        &ImportTemplateInput { name, mapping },
    )
    .await
}

/// Waits `ms` milliseconds (the browser's timer).
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        // Without a timer the promise never settles; the caller then
        // simply stops, which is the best available outcome.
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// The bytes of a picked file (or a slice of it).
pub async fn file_bytes(blob: &web_sys::Blob) -> Option<Vec<u8>> {
    let buffer = wasm_bindgen_futures::JsFuture::from(blob.array_buffer())
        .await
        .ok()?;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> Import {
        serde_json::from_value(serde_json::json!({
            "id": "0193a2b0-0000-7000-8000-000000000001",
            "file_name": "pendencias.csv",
            "format": "csv",
            "size_bytes": 120,
            "status": "previewed",
            "target_status": "draft",
            "mapping": { "title": "Título", "company_cnpj": "CNPJ" },
            "rows_total": 2,
            "rows_accepted": 1,
            "rows_rejected": 1,
            "errors": [{ "row": 3, "column": "Vencimento", "field": "due_date", "message": "data inválida / invalid date" }],
            "created_at": "2026-11-22T12:00:00Z"
        }))
        .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn records_read_with_or_without_the_fields_still_to_come() {
        let record = record();
        assert_eq!(record.rows_committed, None);
        assert!(record.headers.is_empty());
        assert_eq!(record.blocker(), Some(Key::ImportBlockedErrors));
        let mut fine = record.clone();
        fine.rows_rejected = 0;
        assert_eq!(fine.blocker(), None);
        fine.duplicate_of = Some(fine.id);
        assert_eq!(fine.blocker(), Some(Key::ImportBlockedDuplicate));
    }

    #[test]
    fn bilingual_messages_are_shown_in_one_language() {
        assert_eq!(
            in_language("data inválida / invalid date", Locale::PtBr),
            "data inválida"
        );
        assert_eq!(
            in_language("data inválida / invalid date", Locale::En),
            "invalid date"
        );
        assert_eq!(in_language("só isto", Locale::En), "só isto");
    }

    #[test]
    fn csv_headers_are_sniffed_in_brazilian_files() {
        let text = decode_text(b"\xEF\xBB\xBFT\xC3\xADtulo;CNPJ;\"Valor (R$)\"\r\nA;1;2\r\n");
        assert_eq!(sniff_headers(&text), ["Título", "CNPJ", "Valor (R$)"]);
        // Windows-1252, a title line above the table, commas.
        let text = decode_text(b"Planilha de mar\xE7o\nT\xEDtulo,CNPJ,\"Valor, R$\"\n");
        assert_eq!(sniff_headers(&text), ["Título", "CNPJ", "Valor, R$"]);
        assert!(sniff_headers("").is_empty());
    }

    #[test]
    fn column_choices_join_what_is_known() {
        let record = record();
        let sniffed = vec!["Título".to_owned(), "Outra".to_owned()];
        assert_eq!(
            header_choices(&sniffed, Some(&record)),
            ["Título", "Outra", "CNPJ", "Vencimento"]
        );
        assert_eq!(header_choices(&[], None), Vec::<String>::new());
    }

    #[test]
    fn only_spreadsheets_are_sent() {
        assert!(is_supported("Pendências.XLSX"));
        assert!(is_supported("a.ods"));
        assert!(is_csv("a.CSV"));
        assert!(!is_supported("notas.txt"));
    }

    #[test]
    fn texts_of_states_and_fields_exist() {
        assert_eq!(status_label(Locale::PtBr, "committed"), "Importada");
        assert_eq!(target_label(Locale::PtBr, "draft"), "Rascunho");
        assert_eq!(field_label(Locale::PtBr, "company_cnpj"), "CNPJ da empresa");
        assert_eq!(field_label(Locale::PtBr, "other"), "other");
    }
}
