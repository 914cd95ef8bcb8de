//! Reading, checking and committing an uploaded spreadsheet.
//!
//! Reading a workbook is CPU and memory work: seconds and up to a few
//! hundred megabytes for a large file, within the reader's [`Limits`].
//! It never runs on the HTTP workers (one busy worker is a server that
//! stops answering, `/health/live` included): every read goes to tokio's
//! blocking threads through a pool of [`readers`] permits per process,
//! so a few uploads at once cannot take every core or the memory. A read
//! waits for a permit up to [`READER_WAIT`], which costs no thread (an
//! upload that overlaps a colleague's should not fail), then gives up
//! with a 503 and `Retry-After` rather than queueing without end. The
//! permit goes with the read, so a read whose client went away still
//! counts until it ends.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use atende_core::{
    access::Reach,
    cnpj::Cnpj,
    locale::Locale,
    pending::PendingStatus,
    permissions::Permission,
    spreadsheet::{
        Field, FieldKind, Limits, MappedSheet, MappingError, Value, map_table, read_table,
    },
    tickets::fold,
};
use atende_types::{
    imports::{ImportPreviewRow, ImportRecord, ImportRowError},
    tickets::PersonRef,
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, Iterable, QueryFilter,
};
use serde_json::json;
use sha2::{Digest, Sha256};
use tokio::sync::Semaphore;
use uuid::Uuid;

use super::entity::import;
use crate::{
    audit::{self, Change},
    auth::Actor,
    companies::entity::{self as company, CompanyKind},
    error::ApiError,
    identity::user,
    jobs::{
        self, NewJob,
        worker::{JobContext, JobError},
    },
    pending_items::entity::{event, item},
    state::AppState,
};

/// Rows above which a commit runs as a background job.
pub const BACKGROUND_ROWS: i32 = 2_000;

/// At most this many row errors are kept and shown.
const ERRORS_SHOWN: usize = 1_000;

/// The job kind of a background commit.
pub const KIND: &str = "import.commit";

/// What a sheet may fill, with the Portuguese headers recognised when no
/// mapping is given.
const FIELDS: [(Field, &[&str]); 8] = [
    (
        Field {
            key: "title",
            kind: FieldKind::Text,
            required: true,
        },
        &["titulo", "pendencia", "assunto"],
    ),
    (
        Field {
            key: "company_cnpj",
            kind: FieldKind::Text,
            required: true,
        },
        &["cnpj", "cnpj da empresa", "empresa cnpj"],
    ),
    (
        Field {
            key: "description",
            kind: FieldKind::Text,
            required: false,
        },
        &["descricao", "detalhes", "observacao"],
    ),
    (
        Field {
            key: "category",
            kind: FieldKind::Text,
            required: false,
        },
        &["categoria", "tipo"],
    ),
    (
        Field {
            key: "due_date",
            kind: FieldKind::Date,
            required: false,
        },
        &["vencimento", "prazo", "data limite"],
    ),
    (
        Field {
            key: "document_number",
            kind: FieldKind::Text,
            required: false,
        },
        &["documento", "numero do documento", "nf"],
    ),
    (
        Field {
            key: "reference_date",
            kind: FieldKind::Date,
            required: false,
        },
        &["data", "data do documento", "data de referencia"],
    ),
    (
        Field {
            key: "amount",
            kind: FieldKind::Money,
            required: false,
        },
        &["valor", "valor (r$)", "montante"],
    ),
];

/// The keys a mapping may name.
pub const FIELD_KEYS: [&str; 8] = [
    "title",
    "company_cnpj",
    "description",
    "category",
    "due_date",
    "document_number",
    "reference_date",
    "amount",
];

fn fields() -> Vec<Field> {
    FIELDS.iter().map(|(f, _)| *f).collect()
}

/// A mapping from the sheet's own headers, by the usual Portuguese names.
fn guess_mapping(headers: &[String]) -> BTreeMap<String, String> {
    let mut mapping = BTreeMap::new();
    for (field, aliases) in FIELDS {
        if let Some(header) = headers
            .iter()
            .find(|h| aliases.contains(&fold(h.trim()).as_str()))
        {
            mapping.insert(field.key.to_owned(), header.clone());
        }
    }
    mapping
}

/// One row ready to become an item.
struct Row {
    company_id: Uuid,
    segment_id: Option<Uuid>,
    title: String,
    description: String,
    category: Option<String>,
    due_date: Option<chrono::NaiveDate>,
    document_number: Option<String>,
    reference_date: Option<chrono::NaiveDate>,
    amount_cents: Option<i64>,
}

/// The outcome of reading and checking a file.
struct Checked {
    format: String,
    headers: Vec<String>,
    mapping: BTreeMap<String, String>,
    rows: Vec<Row>,
    errors: Vec<ImportRowError>,
    /// The first accepted rows, as they will be stored.
    preview: Vec<ImportPreviewRow>,
    rows_total: i32,
}

/// Accepted rows shown before committing.
const PREVIEW_ROWS: usize = 10;

/// What the `report` column holds: the row problems and the preview.
/// Older rows hold the bare list of problems.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct Report {
    errors: Vec<ImportRowError>,
    #[serde(default)]
    preview: Vec<ImportPreviewRow>,
}

impl Report {
    fn parse(stored: &str) -> Report {
        serde_json::from_str::<Report>(stored)
            .or_else(|_| {
                serde_json::from_str::<Vec<ImportRowError>>(stored).map(|errors| Report {
                    errors,
                    preview: Vec::new(),
                })
            })
            .unwrap_or_default()
    }
}

fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// How many spreadsheets one process reads at a time: half the cores
/// (at least one), so reads leave cores to the HTTP workers and the
/// memory they may take stays a small multiple of one read's.
pub fn readers() -> usize {
    std::thread::available_parallelism().map_or(1, |n| (n.get() / 2).max(1))
}

/// How long a read waits for a free reader before the request gives up.
pub const READER_WAIT: Duration = Duration::from_secs(20);

/// `Retry-After` when every reader stayed busy.
pub const RETRY_AFTER_SECS: u64 = 10;

fn reader_permits() -> Arc<Semaphore> {
    static PERMITS: OnceLock<Arc<Semaphore>> = OnceLock::new();
    PERMITS
        .get_or_init(|| Arc::new(Semaphore::new(readers())))
        .clone()
}

/// Runs `work` on a blocking thread once a reader is free (see the
/// module's notes).
async fn on_reader<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    let permit = tokio::time::timeout(READER_WAIT, reader_permits().acquire_owned())
        .await
        .map_err(|_| {
            ApiError::Unavailable(anyhow::anyhow!(
                "every spreadsheet reader stayed busy for {} s",
                READER_WAIT.as_secs()
            ))
        })?
        .map_err(ApiError::internal)?;
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        work()
    })
    .await
    .map_err(ApiError::internal)
}

/// A file the reader refused: 422 on `file`, the message naming the
/// limit it passed, if any (`max_cell_bytes`, `max_rows`…).
fn unreadable(error: &atende_core::spreadsheet::SpreadsheetError) -> ApiError {
    let message = error.bilingual();
    match error.limit() {
        Some((name, _)) if !message.contains(name) => {
            ApiError::validation("file", format!("{message} ({name})"))
        }
        _ => ApiError::validation("file", message),
    }
}

/// Reads `bytes` on a reader (see the module's notes) and checks every
/// row against the companies `reach` covers. File and mapping problems
/// are 422s naming `file` or `mapping`; row problems are collected. The
/// bytes come back, with their SHA-256.
async fn check(
    db: &impl ConnectionTrait,
    reach: Reach,
    file_name: &str,
    bytes: Vec<u8>,
    mapping: Option<BTreeMap<String, String>>,
) -> Result<(Vec<u8>, String, Checked), ApiError> {
    let companies: BTreeMap<String, company::Model> = company::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.cnpj.clone(), c))
        .collect();
    let file_name = file_name.to_owned();
    let (bytes, sha256, checked) = on_reader(move || {
        let checked = check_rows(&companies, &reach, &file_name, &bytes, mapping);
        let sha256 = hex(&Sha256::digest(&bytes));
        (bytes, sha256, checked)
    })
    .await?;
    Ok((bytes, sha256, checked?))
}

/// [`check`]'s work, on a blocking thread.
fn check_rows(
    companies: &BTreeMap<String, company::Model>,
    reach: &Reach,
    file_name: &str,
    bytes: &[u8],
    mapping: Option<BTreeMap<String, String>>,
) -> Result<Checked, ApiError> {
    let table = read_table(bytes, file_name, &Limits::default()).map_err(|e| unreadable(&e))?;
    let (header_row, headers) = table.header().unwrap_or_default();
    let guessed = mapping.is_none();
    let mapping = mapping.unwrap_or_else(|| guess_mapping(&headers));
    let sheet: MappedSheet = match map_table(&table, &fields(), &mapping) {
        Ok(sheet) => sheet,
        // The usual headers were not all found: a preview that asks for
        // the missing columns, so the wizard can offer the sheet's own
        // headers to map them to. A mapping the caller chose and got
        // wrong is their request's error.
        Err(MappingError::Columns(problems)) if guessed => {
            let data_rows = table
                .rows()
                .iter()
                .skip(usize::try_from(header_row).unwrap_or(usize::MAX))
                .filter(|r| r.iter().any(|c| !c.is_blank()))
                .count();
            return Ok(Checked {
                format: table.format().as_str().to_owned(),
                headers,
                rows_total: count(data_rows),
                errors: problems
                    .unmapped_fields
                    .iter()
                    .map(|field| ImportRowError {
                        row: 0,
                        column: String::new(),
                        field: field.clone(),
                        message: "escolha a coluna da planilha para este campo / choose the sheet's column for this field".into(),
                    })
                    .collect(),
                mapping,
                rows: Vec::new(),
                preview: Vec::new(),
            });
        }
        Err(e) => return Err(ApiError::validation("mapping", e.bilingual())),
    };
    let header_of = |key: &str| mapping.get(key).cloned().unwrap_or_default();
    let mut errors: Vec<ImportRowError> = sheet
        .errors
        .iter()
        .map(|e| ImportRowError {
            row: e.row,
            column: e.column.clone(),
            field: e.field.to_owned(),
            message: e.message(Locale::PtBr) + " / " + &e.message(Locale::En),
        })
        .collect();
    let mut rows = Vec::with_capacity(sheet.rows.len());
    let mut preview = Vec::new();
    // Every row is checked in full, the rejected ones too, so a row with a
    // bad date and an unknown CNPJ shows both problems at once.
    let every_row = sheet
        .rows
        .iter()
        .map(|r| (r, true))
        .chain(sheet.rejected.iter().map(|r| (r, false)));
    for (mapped, converted) in every_row {
        let text = |i: usize| match mapped.values.get(i) {
            Some(Value::Text(t)) => Some(t.trim().to_owned()).filter(|t| !t.is_empty()),
            _ => None,
        };
        let date = |i: usize| match mapped.values.get(i) {
            Some(Value::Date(d)) => Some(*d),
            _ => None,
        };
        let mut accepted = converted;
        let mut reject = |field: &str, message: &str| {
            accepted = false;
            errors.push(ImportRowError {
                row: mapped.row,
                column: header_of(field),
                field: field.to_owned(),
                message: message.to_owned(),
            });
        };
        let title = text(0).unwrap_or_default();
        if title.chars().count() > 200 {
            reject("title", "até 200 caracteres / at most 200 characters");
        }
        let cnpj = text(1).unwrap_or_default();
        let company = Cnpj::parse(&cnpj)
            .ok()
            .and_then(|c| companies.get(c.as_str()))
            .filter(|c| c.kind == CompanyKind::Client && c.active && reach.covers(c.id));
        // An empty required cell was already named by the conversion.
        if company.is_none() && !cnpj.is_empty() {
            reject(
                "company_cnpj",
                &format!(
                    "nenhuma empresa cliente sua com o CNPJ {cnpj:?} / no client company of yours has this CNPJ"
                ),
            );
        }
        let (Some(company), true) = (company, accepted) else {
            continue;
        };
        let row = Row {
            company_id: company.id,
            segment_id: company.segment_id,
            title,
            description: text(2).unwrap_or_default(),
            category: text(3).map(|c| c.chars().take(100).collect()),
            due_date: date(4),
            document_number: text(5).map(|d| d.chars().take(100).collect()),
            reference_date: date(6),
            amount_cents: match mapped.values.get(7) {
                Some(Value::Money(brl)) => Some(brl.cents()),
                _ => None,
            },
        };
        if preview.len() < PREVIEW_ROWS {
            preview.push(ImportPreviewRow {
                row: mapped.row,
                title: row.title.clone(),
                company_name: company
                    .trade_name
                    .clone()
                    .unwrap_or_else(|| company.legal_name.clone()),
                category: row.category.clone(),
                due_date: row.due_date,
                document_number: row.document_number.clone(),
                amount_cents: row.amount_cents,
            });
        }
        rows.push(row);
    }
    preview.sort_by_key(|p| p.row);
    errors.sort_by_key(|e| e.row);
    let rejected_rows: BTreeSet<u32> = errors.iter().map(|e| e.row).collect();
    Ok(Checked {
        format: table.format().as_str().to_owned(),
        headers,
        rows_total: count(rows.len() + rejected_rows.len()),
        mapping,
        rows,
        errors,
        preview,
    })
}

/// The reach of an importer: companies where they may both create and
/// see pending items.
fn import_reach(actor: &Actor) -> Result<Reach, ApiError> {
    actor.authorize(Permission::ImportsRun)?;
    let create = actor.authorize(Permission::PendingItemsCreate)?;
    let view = actor.authorize(Permission::PendingItemsView)?;
    Ok(match (create, view) {
        (Reach::Everywhere, other) | (other, Reach::Everywhere) => other,
        (Reach::Companies(a), Reach::Companies(b)) => {
            Reach::Companies(a.intersection(&b).copied().collect())
        }
    })
}

/// Reads an upload and keeps it as a preview.
pub async fn preview(
    state: &AppState,
    actor: &Actor,
    file_name: &str,
    bytes: Vec<u8>,
    mapping: Option<BTreeMap<String, String>>,
    target_status: PendingStatus,
) -> Result<ImportRecord, ApiError> {
    let reach = import_reach(actor)?;
    if !matches!(
        target_status,
        PendingStatus::Draft | PendingStatus::AwaitingApproval
    ) {
        return Err(ApiError::validation(
            "target_status",
            "draft or awaiting_approval",
        ));
    }
    let (bytes, content_sha256, checked) =
        check(&state.db, reach, file_name, bytes, mapping).await?;
    let size_bytes = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
    let blob_sha256 = state.blobs.put(bytes).await.map_err(ApiError::internal)?;
    let now = state.clock.now();
    let mut errors = checked.errors;
    errors.truncate(ERRORS_SHOWN);
    let row = import::Model {
        id: Uuid::now_v7(),
        file_name: file_name.to_owned(),
        format: checked.format,
        size_bytes,
        content_sha256,
        blob_sha256,
        mapping: json!(checked.mapping).to_string(),
        headers: json!(checked.headers).to_string(),
        target_status: target_status.as_str().to_owned(),
        status: "previewed".into(),
        rows_total: checked.rows_total,
        rows_accepted: count(checked.rows.len()),
        rows_rejected: checked.rows_total - count(checked.rows.len()),
        report: json!(Report {
            errors,
            preview: checked.preview,
        })
        .to_string(),
        uploaded_by: actor.user.as_ref().map(|u| u.id),
        created_at: now,
        committed_at: None,
    };
    import::Entity::insert(active(&row))
        .exec_without_returning(&state.db)
        .await?;
    wire(state, row).await
}

fn active(m: &import::Model) -> import::ActiveModel {
    import::ActiveModel {
        id: Set(m.id),
        file_name: Set(m.file_name.clone()),
        format: Set(m.format.clone()),
        size_bytes: Set(m.size_bytes),
        content_sha256: Set(m.content_sha256.clone()),
        blob_sha256: Set(m.blob_sha256.clone()),
        mapping: Set(m.mapping.clone()),
        headers: Set(m.headers.clone()),
        target_status: Set(m.target_status.clone()),
        status: Set(m.status.clone()),
        rows_total: Set(m.rows_total),
        rows_accepted: Set(m.rows_accepted),
        rows_rejected: Set(m.rows_rejected),
        report: Set(m.report.clone()),
        uploaded_by: Set(m.uploaded_by),
        created_at: Set(m.created_at),
        committed_at: Set(m.committed_at),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// An earlier committed import of the same bytes.
async fn duplicate_of(
    db: &impl ConnectionTrait,
    row: &import::Model,
) -> Result<Option<Uuid>, DbErr> {
    Ok(import::Entity::find()
        .filter(import::Column::ContentSha256.eq(row.content_sha256.clone()))
        .filter(import::Column::Status.eq("committed"))
        .filter(import::Column::Id.ne(row.id))
        .one(db)
        .await?
        .map(|i| i.id))
}

pub async fn wire(state: &AppState, row: import::Model) -> Result<ImportRecord, ApiError> {
    let db = &state.db;
    let rows_committed = if row.status == "committing" {
        Some(state.import_progress.get(row.id).unwrap_or(0))
    } else {
        None
    };
    let duplicate_of = duplicate_of(db, &row).await?;
    let uploaded_by = match row.uploaded_by {
        Some(id) => user::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|u| PersonRef {
                id: u.id,
                name: u.name,
            }),
        None => None,
    };
    let report = Report::parse(&row.report);
    Ok(ImportRecord {
        id: row.id,
        file_name: row.file_name,
        format: row.format,
        size_bytes: row.size_bytes,
        status: row.status,
        target_status: row.target_status,
        mapping: serde_json::from_str(&row.mapping).unwrap_or_default(),
        headers: serde_json::from_str(&row.headers).unwrap_or_default(),
        rows_total: row.rows_total,
        rows_accepted: row.rows_accepted,
        rows_rejected: row.rows_rejected,
        rows_committed,
        errors: report.errors,
        preview: report.preview,
        duplicate_of,
        uploaded_by,
        created_at: row.created_at,
        committed_at: row.committed_at,
    })
}

/// An import the actor may see (history is per the importer's reach; a
/// file with rows outside it was never accepted).
pub async fn find(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
) -> Result<import::Model, ApiError> {
    let mine = history_of(actor)?;
    import::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|row| mine.is_none() || row.uploaded_by == mine)
        .ok_or(ApiError::NotFound)
}

/// Whose imports `actor` may see: `None` for everyone's (pending items
/// everywhere, i.e. administrators), else only their own — an import's
/// file and errors name companies another consultancy must not see.
pub fn history_of(actor: &Actor) -> Result<Option<Uuid>, ApiError> {
    actor.authorize(Permission::ImportsHistory)?;
    if actor
        .authorize(Permission::PendingItemsView)?
        .is_everywhere()
    {
        Ok(None)
    } else {
        Ok(Some(actor.user()?.id))
    }
}

/// Commits a preview: every row becomes an item, in one transaction; big
/// files go to a background job. Returns the record and whether it is
/// done (false: queued).
pub async fn commit(
    state: &AppState,
    actor: &Actor,
    id: Uuid,
) -> Result<(ImportRecord, bool), ApiError> {
    import_reach(actor)?;
    let row = find(&state.db, actor, id).await?;
    if row.uploaded_by != actor.user.as_ref().map(|u| u.id) {
        return Err(ApiError::NotFound);
    }
    ready(&state.db, &row).await?;
    if row.rows_accepted > BACKGROUND_ROWS {
        let now = state.clock.now();
        let txn = crate::db::begin_write(&state.db).await?;
        import::Entity::update_many()
            .col_expr(
                import::Column::Status,
                sea_orm::sea_query::Expr::value("committing"),
            )
            .filter(import::Column::Id.eq(row.id))
            .exec(&txn)
            .await?;
        jobs::enqueue(
            &txn,
            NewJob::now(KIND, json!({ "import_id": row.id }), now)
                .keyed(format!("import:{}", row.id)),
            now,
        )
        .await?;
        txn.commit().await?;
        let fresh = find(&state.db, actor, id).await?;
        return Ok((wire(state, fresh).await?, false));
    }
    let checked = recheck(state, actor, &row).await?;
    let txn = crate::db::begin_write(&state.db).await?;
    write_items(state, &txn, actor, &row, checked).await?;
    txn.commit().await?;
    let fresh = find(&state.db, actor, id).await?;
    Ok((wire(state, fresh).await?, true))
}

/// Refuses a commit that cannot be all-or-nothing.
async fn ready(db: &impl ConnectionTrait, row: &import::Model) -> Result<(), ApiError> {
    if row.status != "previewed" {
        return Err(ApiError::Conflict {
            field: "status".into(),
            message: format!("this import is already {}", row.status),
        });
    }
    if let Some(earlier) = duplicate_of(db, row).await? {
        return Err(ApiError::Conflict {
            field: "file".into(),
            message: format!("this very file was imported before (import {earlier})"),
        });
    }
    if row.rows_rejected > 0 {
        return Err(ApiError::validation(
            "file",
            format!(
                "{} linha(s) com erro: corrija a planilha e envie de novo / {} row(s) have errors: fix the sheet and upload it again",
                row.rows_rejected, row.rows_rejected
            ),
        ));
    }
    if row.rows_accepted == 0 {
        return Err(ApiError::validation(
            "file",
            "a planilha não tem linhas / the sheet has no rows",
        ));
    }
    Ok(())
}

/// Reads `row`'s file again, before a commit: companies or rights may
/// have changed since the preview. Outside the commit's transaction, so
/// the write lock is not held while the file waits for a reader.
async fn recheck(
    state: &AppState,
    actor: &Actor,
    row: &import::Model,
) -> Result<Checked, ApiError> {
    let reach = import_reach(actor)?;
    let bytes = state
        .blobs
        .get(&row.blob_sha256)
        .await
        .map_err(ApiError::internal)?;
    let mapping: BTreeMap<String, String> = serde_json::from_str(&row.mapping).unwrap_or_default();
    let (_, _, checked) = check(&state.db, reach, &row.file_name, bytes, Some(mapping)).await?;
    if !checked.errors.is_empty() {
        return Err(ApiError::validation(
            "file",
            "the file no longer passes its checks; preview it again",
        ));
    }
    Ok(checked)
}

/// Creates the items of `row`, as `checked` found them, within `txn`, and
/// marks it committed.
async fn write_items(
    state: &AppState,
    txn: &sea_orm::DatabaseTransaction,
    actor: &Actor,
    row: &import::Model,
    checked: Checked,
) -> Result<u64, ApiError> {
    let now = state.clock.now();
    let status = PendingStatus::parse(&row.target_status).unwrap_or(PendingStatus::Draft);
    let total = i64::try_from(checked.rows.len()).unwrap_or(i64::MAX);
    let first = crate::db::reserve_counter(txn, "pending_number", total).await?;
    let operator = actor.user.as_ref().map(|u| u.id);
    let actor_name = actor
        .user
        .as_ref()
        .map_or_else(|| actor.audit.actor.clone(), |u| u.name.clone());
    let mut number = first;
    let batch = state
        .database_kind
        .rows_per_insert(item::Column::iter().count());
    for chunk in checked.rows.chunks(batch) {
        let mut items = Vec::with_capacity(chunk.len());
        let mut events = Vec::with_capacity(chunk.len());
        for r in chunk {
            let id = Uuid::now_v7();
            items.push(item::ActiveModel {
                id: Set(id),
                number: Set(number),
                title: Set(r.title.clone()),
                description: Set(r.description.clone()),
                company_id: Set(r.company_id),
                segment_id: Set(r.segment_id),
                category: Set(r.category.clone()),
                due_date: Set(r.due_date),
                document_number: Set(r.document_number.clone()),
                reference_date: Set(r.reference_date),
                amount_cents: Set(r.amount_cents),
                status: Set(status.as_str().to_owned()),
                operator_id: Set(operator),
                approver_id: Set(None),
                refusal_reason: Set(None),
                import_id: Set(Some(row.id)),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
                submitted_at: Set((status == PendingStatus::AwaitingApproval).then_some(now)),
                approved_at: Set(None),
                answered_at: Set(None),
                resolved_at: Set(None),
            });
            events.push(event::ActiveModel {
                id: Set(Uuid::now_v7()),
                pending_item_id: Set(id),
                actor_id: Set(operator),
                actor: Set(actor_name.clone()),
                kind: Set("created".into()),
                data: Set(json!({ "status": status.as_str(), "import_id": row.id }).to_string()),
                created_at: Set(now),
            });
            number += 1;
        }
        item::Entity::insert_many(items)
            .exec_without_returning(txn)
            .await?;
        event::Entity::insert_many(events)
            .exec_without_returning(txn)
            .await?;
        state
            .import_progress
            .set(row.id, count(usize::try_from(number - first).unwrap_or(0)));
    }
    import::Entity::update_many()
        .col_expr(
            import::Column::Status,
            sea_orm::sea_query::Expr::value("committed"),
        )
        .col_expr(
            import::Column::CommittedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(import::Column::Id.eq(row.id))
        .exec(txn)
        .await?;
    audit::record(
        txn,
        &actor.audit,
        Change::new("import.committed", "import", row.id).after(
            json!({ "file_name": row.file_name, "items": total, "status": status.as_str() }),
        ),
        now,
    )
    .await?;
    crate::events::record(
        txn,
        &[atende_core::events::import_committed(
            row.id,
            actor.performer(),
            now,
        )],
        serde_json::json!({}),
    )
    .await?;
    Ok(u64::try_from(total).unwrap_or(0))
}

/// Runs a background commit (`import.commit`), as the uploader.
pub async fn run_job(ctx: &JobContext<'_>) -> Result<(), JobError> {
    #[derive(serde::Deserialize)]
    struct Payload {
        import_id: Uuid,
    }
    let state = ctx.state;
    let payload: Payload = ctx.payload()?;
    let Some(row) = import::Entity::find_by_id(payload.import_id)
        .one(&state.db)
        .await?
    else {
        return Err(JobError::Failed("the import is gone".into()));
    };
    let Some(uploader) = row.uploaded_by else {
        return Err(JobError::Failed("the import has no uploader".into()));
    };
    let actor = crate::auth::actor::for_user(state, uploader)
        .await
        .map_err(|e| JobError::Failed(format!("acting as the uploader: {e}")))?;
    state.import_progress.set(row.id, 0);
    let checked = recheck(state, &actor, &row).await;
    let txn = crate::db::begin_write(&state.db).await?;
    let written = match checked {
        Ok(checked) => write_items(state, &txn, &actor, &row, checked).await,
        Err(refusal) => Err(refusal),
    };
    // The progress figure is forgotten only once the outcome is
    // committed: until then readers still see the import committing.
    let outcome = finish_commit(ctx, txn, &row, written).await;
    state.import_progress.finish(row.id);
    outcome
}

async fn finish_commit(
    ctx: &JobContext<'_>,
    txn: sea_orm::DatabaseTransaction,
    row: &import::Model,
    written: Result<u64, ApiError>,
) -> Result<(), JobError> {
    match written {
        Ok(_) => {
            ctx.complete(&txn, atende_core::jobs::JobStatus::Done)
                .await?;
            txn.commit().await?;
            Ok(())
        }
        // The file no longer passes (a company left the uploader's reach,
        // say): retrying cannot help, so the import fails, with nothing
        // of it stored.
        Err(refusal) if actix_web::ResponseError::status_code(&refusal).is_client_error() => {
            txn.rollback().await?;
            let txn = crate::db::begin_write(&ctx.state.db).await?;
            mark_failed(&txn, row.id, &refusal.to_string()).await?;
            ctx.complete(&txn, atende_core::jobs::JobStatus::Done)
                .await?;
            txn.commit().await?;
            Ok(())
        }
        Err(error) => Err(JobError::Failed(error.to_string())),
    }
}

/// Marks a background commit that cannot succeed `failed`, its reason the
/// one error of the report.
async fn mark_failed(db: &impl ConnectionTrait, id: Uuid, reason: &str) -> Result<(), DbErr> {
    let report = Report {
        errors: vec![ImportRowError {
            row: 0,
            column: String::new(),
            field: "file".into(),
            message: reason.to_owned(),
        }],
        preview: Vec::new(),
    };
    import::Entity::update_many()
        .col_expr(
            import::Column::Status,
            sea_orm::sea_query::Expr::value("failed"),
        )
        .col_expr(
            import::Column::Report,
            sea_orm::sea_query::Expr::value(serde_json::to_string(&report).unwrap_or_default()),
        )
        .filter(import::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_file_names_the_limit_it_passed() {
        use atende_core::spreadsheet::SpreadsheetError;
        let body = unreadable(&SpreadsheetError::TooManyRows { limit: 10 }).body();
        assert_eq!(body.status, 422);
        assert_eq!(body.field.as_deref(), Some("file"));
        assert!(body.detail.unwrap_or_default().ends_with("(max_rows)"));
        let body = unreadable(&SpreadsheetError::CellTooLarge { limit_bytes: 1024 }).body();
        let detail = body.detail.unwrap_or_default();
        assert_eq!(detail.matches("max_cell_bytes").count(), 2, "{detail}");
        let body = unreadable(&SpreadsheetError::Encrypted).body();
        assert!(!body.detail.unwrap_or_default().contains("max_"));
    }

    #[test]
    fn usual_portuguese_headers_map_themselves() {
        let headers: Vec<String> = ["Título", "CNPJ", "Vencimento", "Valor (R$)", "Outra coisa"]
            .map(String::from)
            .to_vec();
        let mapping = guess_mapping(&headers);
        assert_eq!(mapping.get("title").map(String::as_str), Some("Título"));
        assert_eq!(
            mapping.get("company_cnpj").map(String::as_str),
            Some("CNPJ")
        );
        assert_eq!(
            mapping.get("due_date").map(String::as_str),
            Some("Vencimento")
        );
        assert_eq!(
            mapping.get("amount").map(String::as_str),
            Some("Valor (R$)")
        );
        assert_eq!(mapping.len(), 4);
    }
}
