//! Reading uploaded spreadsheets ("Importar planilhas") into a table of
//! cells, and mapping its columns onto typed fields.
//!
//! Input is the uploaded file's bytes; nothing here touches the disk or
//! the network. Formats: `.xlsx`, `.xls` and `.ods` through calamine, `.csv`
//! through the csv crate with its delimiter (`;`, `,` or tab) and encoding
//! (UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1252, what
//! Brazilian Excel writes) detected. The format is decided by the content,
//! not the file name, which only tells CSV from an unknown format.
//!
//! Uploaded files are untrusted: a small file can claim to expand into
//! gigabytes (a zip bomb), hold one cell of hundreds of megabytes, or span
//! a million rows, and some of those claims make calamine allocate before
//! any of our limits could look. So [`read_table`] inspects each workbook
//! first (`guard`): declared sizes of the zip parts, each on its own and
//! together; every XML token, cell and shared string, streamed with a
//! bounded buffer; the shared-string count of an xlsx; the repeated rows,
//! columns and spaces of an ods; the dimensions, cell positions and
//! shared-string uses of an xls; and only then lets calamine open it. xlsx
//! sheets are streamed cell by cell, and the text kept is counted again
//! as it is read. Every failure is an error value naming the limit, never
//! a panic; calamine is additionally run under `catch_unwind`.

mod delimited;
mod guard;
mod mapping;
mod workbook;

#[cfg(test)]
mod tests;

use std::panic::{AssertUnwindSafe, catch_unwind};

use chrono::NaiveDateTime;

use crate::br_format::{format_date, format_number};
use crate::locale::Locale;

pub use delimited::{CsvDialect, TextEncoding};
pub use mapping::{
    ColumnProblems, Field, FieldKind, MappedRow, MappedSheet, MappingError, RowError, Value,
    map_table,
};

/// Caps on what one upload may make us hold in memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Size of the uploaded file.
    pub max_bytes: usize,
    /// Sum of the declared sizes of a workbook's zip parts, uncompressed.
    pub max_uncompressed_bytes: u64,
    /// The shared-strings table of an xlsx (its part, uncompressed) or an
    /// xls (its strings, decoded): calamine holds all of it at once.
    pub max_shared_strings_bytes: u64,
    /// The expanded size of a sheet: any other part of a workbook (a
    /// worksheet's XML, an ods's content), uncompressed; and the text of
    /// the cells read from it, a shared string counted at every cell that
    /// uses it and a repeated ods cell at every repeat (an xls's and an
    /// ods's sheets all together: calamine reads them all).
    pub max_sheet_bytes: u64,
    /// The expanded size of one cell: its text, the XML element that holds
    /// it (or its shared string), and any single XML token of a workbook.
    pub max_cell_bytes: u64,
    /// Last row of the sheet (1-based, the header included).
    pub max_rows: u32,
    /// Last column of the sheet (1-based).
    pub max_columns: u32,
    /// Cells a workbook may expand to, counting the grid calamine builds
    /// between the first and the last used cell of each sheet.
    pub max_cells: u64,
}

impl Default for Limits {
    /// Room for the 100,000-row target twice over, at a few hundred
    /// megabytes at most.
    fn default() -> Self {
        Self {
            max_bytes: 50 * 1024 * 1024,
            max_uncompressed_bytes: 512 * 1024 * 1024,
            max_shared_strings_bytes: 64 * 1024 * 1024,
            max_sheet_bytes: 128 * 1024 * 1024,
            // Excel's own cell holds at most 32,767 characters: up to
            // ~160 KiB of XML with escapes, rich-text runs aside.
            max_cell_bytes: 256 * 1024,
            max_rows: 200_001,
            max_columns: 256,
            max_cells: 5_000_000,
        }
    }
}

/// The file formats read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Xlsx,
    Xls,
    Ods,
    Csv,
}

impl Format {
    /// The usual extension, which is also the API name.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Xls => "xls",
            Format::Ods => "ods",
            Format::Csv => "csv",
        }
    }
}

/// Why a file could not be read at all. (A file that reads but holds bad
/// values gives row-level [`RowError`]s instead.)
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpreadsheetError {
    #[error("{}", self.bilingual())]
    FileTooLarge { limit_bytes: usize },
    /// The parts of the workbook would expand past the limit: a zip bomb,
    /// or simply too much.
    #[error("{}", self.bilingual())]
    ExpandsTooMuch { limit_bytes: u64 },
    #[error("{}", self.bilingual())]
    TooManyRows { limit: u32 },
    #[error("{}", self.bilingual())]
    TooManyColumns { limit: u32 },
    #[error("{}", self.bilingual())]
    TooManyCells { limit: u64 },
    /// One cell (or shared string, or XML token) expands past
    /// [`Limits::max_cell_bytes`].
    #[error("{}", self.bilingual())]
    CellTooLarge { limit_bytes: u64 },
    /// A sheet expands past [`Limits::max_sheet_bytes`].
    #[error("{}", self.bilingual())]
    SheetTooLarge { limit_bytes: u64 },
    /// The shared-strings table expands past
    /// [`Limits::max_shared_strings_bytes`].
    #[error("{}", self.bilingual())]
    SharedStringsTooLarge { limit_bytes: u64 },
    /// Not a format we read; the text names what it is, when known.
    #[error("{}", self.bilingual())]
    Unsupported(String),
    #[error("{}", self.bilingual())]
    Encrypted,
    #[error("{}", self.bilingual())]
    NoWorksheet,
    /// Damaged or not what it claims to be; the text is the technical
    /// detail, for logs.
    #[error("{}", self.bilingual())]
    Corrupt(String),
}

impl SpreadsheetError {
    /// The message in `locale`.
    pub fn message(&self, locale: Locale) -> String {
        use SpreadsheetError::*;
        let mib = |bytes: u64| bytes.div_ceil(1024 * 1024);
        match (self, locale) {
            (FileTooLarge { limit_bytes }, Locale::PtBr) => format!(
                "o arquivo passa do limite de {} MiB",
                mib(*limit_bytes as u64)
            ),
            (FileTooLarge { limit_bytes }, Locale::En) => format!(
                "the file is over the {} MiB limit",
                mib(*limit_bytes as u64)
            ),
            (ExpandsTooMuch { limit_bytes }, Locale::PtBr) => format!(
                "a planilha descompactada passaria de {} MiB; divida-a em arquivos menores",
                mib(*limit_bytes)
            ),
            (ExpandsTooMuch { limit_bytes }, Locale::En) => format!(
                "the workbook would expand past {} MiB; split it into smaller files",
                mib(*limit_bytes)
            ),
            (TooManyRows { limit }, Locale::PtBr) => {
                format!("a planilha passa de {limit} linhas; divida-a em arquivos menores")
            }
            (TooManyRows { limit }, Locale::En) => {
                format!("the sheet goes past {limit} rows; split it into smaller files")
            }
            (TooManyColumns { limit }, Locale::PtBr) => {
                format!("a planilha passa de {limit} colunas")
            }
            (TooManyColumns { limit }, Locale::En) => {
                format!("the sheet goes past {limit} columns")
            }
            (TooManyCells { limit }, Locale::PtBr) => {
                format!("a planilha passa de {limit} células; divida-a em arquivos menores")
            }
            (TooManyCells { limit }, Locale::En) => {
                format!("the workbook goes past {limit} cells; split it into smaller files")
            }
            (CellTooLarge { limit_bytes }, Locale::PtBr) => format!(
                "uma célula da planilha passa de {} (limite max_cell_bytes)",
                size(*limit_bytes)
            ),
            (CellTooLarge { limit_bytes }, Locale::En) => format!(
                "a cell of the workbook goes past {} (limit max_cell_bytes)",
                size(*limit_bytes)
            ),
            (SheetTooLarge { limit_bytes }, Locale::PtBr) => format!(
                "a planilha expandida passa de {} (limite max_sheet_bytes); divida-a em arquivos menores",
                size(*limit_bytes)
            ),
            (SheetTooLarge { limit_bytes }, Locale::En) => format!(
                "the sheet expands past {} (limit max_sheet_bytes); split it into smaller files",
                size(*limit_bytes)
            ),
            (SharedStringsTooLarge { limit_bytes }, Locale::PtBr) => format!(
                "os textos compartilhados da planilha passam de {} (limite max_shared_strings_bytes); divida-a em arquivos menores",
                size(*limit_bytes)
            ),
            (SharedStringsTooLarge { limit_bytes }, Locale::En) => format!(
                "the workbook's shared strings go past {} (limit max_shared_strings_bytes); split it into smaller files",
                size(*limit_bytes)
            ),
            (Unsupported(what), Locale::PtBr) => {
                format!("formato não suportado ({what}): envie .xlsx, .xls, .ods ou .csv")
            }
            (Unsupported(what), Locale::En) => {
                format!("unsupported format ({what}): upload .xlsx, .xls, .ods or .csv")
            }
            (Encrypted, Locale::PtBr) => {
                "a planilha está protegida por senha; remova a senha e envie de novo".to_owned()
            }
            (Encrypted, Locale::En) => {
                "the workbook is password protected; remove the password and upload it again"
                    .to_owned()
            }
            (NoWorksheet, Locale::PtBr) => "o arquivo não tem nenhuma planilha".to_owned(),
            (NoWorksheet, Locale::En) => "the workbook has no worksheet".to_owned(),
            (Corrupt(_), Locale::PtBr) => {
                "o arquivo está danificado ou não é uma planilha válida".to_owned()
            }
            (Corrupt(_), Locale::En) => "the file is damaged or not a valid spreadsheet".to_owned(),
        }
    }

    /// The limit this error is about, by its [`Limits`] field name, and
    /// its value; `None` for errors that are not about a limit.
    pub fn limit(&self) -> Option<(&'static str, u64)> {
        use SpreadsheetError::*;
        Some(match self {
            FileTooLarge { limit_bytes } => ("max_bytes", *limit_bytes as u64),
            ExpandsTooMuch { limit_bytes } => ("max_uncompressed_bytes", *limit_bytes),
            TooManyRows { limit } => ("max_rows", u64::from(*limit)),
            TooManyColumns { limit } => ("max_columns", u64::from(*limit)),
            TooManyCells { limit } => ("max_cells", *limit),
            CellTooLarge { limit_bytes } => ("max_cell_bytes", *limit_bytes),
            SheetTooLarge { limit_bytes } => ("max_sheet_bytes", *limit_bytes),
            SharedStringsTooLarge { limit_bytes } => ("max_shared_strings_bytes", *limit_bytes),
            Unsupported(_) | Encrypted | NoWorksheet | Corrupt(_) => return None,
        })
    }

    /// Portuguese first, English second.
    pub fn bilingual(&self) -> String {
        format!(
            "{} / {}",
            self.message(Locale::PtBr),
            self.message(Locale::En)
        )
    }
}

/// A size as people read it: `256 KiB`, `64 MiB`, else in bytes.
fn size(bytes: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * 1024;
    match bytes {
        0 => "0 bytes".to_owned(),
        b if b % MIB == 0 => format!("{} MiB", b / MIB),
        b if b % KIB == 0 => format!("{} KiB", b / KIB),
        b => format!("{b} bytes"),
    }
}

/// One cell's value as read.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Cell {
    #[default]
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// A cell the workbook formats as a date (or an ISO date of an ods).
    DateTime(NaiveDateTime),
    /// An error value such as `#N/D`.
    Error(String),
}

impl Cell {
    /// Empty, or text of nothing but spaces.
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(text) => text.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text, the way a Brazilian sheet shows it.
    pub fn to_text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(text) => text.trim().to_owned(),
            Cell::Number(n) => format_number(*n),
            Cell::Bool(true) => "VERDADEIRO".to_owned(),
            Cell::Bool(false) => "FALSO".to_owned(),
            Cell::DateTime(at) if at.time() == chrono::NaiveTime::MIN => format_date(at.date()),
            Cell::DateTime(at) => format!("{} {}", format_date(at.date()), at.format("%H:%M")),
            Cell::Error(error) => error.clone(),
        }
    }
}

/// The first worksheet of a file, as a grid: `rows()[i]` is the sheet's
/// row `i + 1`, trailing empty cells left out.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    format: Format,
    sheet: Option<String>,
    dialect: Option<CsvDialect>,
    rows: Vec<Vec<Cell>>,
}

impl Table {
    /// The format the file turned out to be.
    pub fn format(&self) -> Format {
        self.format
    }

    /// The worksheet read (workbooks only).
    pub fn sheet_name(&self) -> Option<&str> {
        self.sheet.as_deref()
    }

    /// How a CSV was read (CSV only), to show in the preview.
    pub fn csv_dialect(&self) -> Option<CsvDialect> {
        self.dialect
    }

    /// The rows; index 0 is the sheet's row 1.
    pub fn rows(&self) -> &[Vec<Cell>] {
        &self.rows
    }

    /// The header row, for the wizard's mapping step: among the first
    /// rows with anything in them, the first with at least two filled
    /// cells (so a title above the table is passed over), else the first.
    /// `None` for an empty sheet. [`map_table`] refines this with the
    /// mapping's column names.
    pub fn header(&self) -> Option<(u32, Vec<String>)> {
        let candidates = self.header_candidates();
        let index = candidates
            .iter()
            .copied()
            .find(|i| self.rows[*i].iter().filter(|c| !c.is_blank()).count() >= 2)
            .or_else(|| candidates.first().copied())?;
        Some(self.header_at(index))
    }

    /// Indexes of the first rows with anything in them, where a header
    /// may be.
    fn header_candidates(&self) -> Vec<usize> {
        self.rows
            .iter()
            .enumerate()
            .filter(|(_, row)| row.iter().any(|c| !c.is_blank()))
            .map(|(i, _)| i)
            .take(HEADER_SEARCH_ROWS)
            .collect()
    }

    /// Row `index` as a header: its 1-based number and its cells as text.
    fn header_at(&self, index: usize) -> (u32, Vec<String>) {
        let names = self.rows[index].iter().map(Cell::to_text).collect();
        (row_number(index), names)
    }
}

/// How far down a header is looked for.
const HEADER_SEARCH_ROWS: usize = 20;

/// The 1-based row number of row index `index` (limits keep it in range).
fn row_number(index: usize) -> u32 {
    u32::try_from(index).map_or(u32::MAX, |i| i.saturating_add(1))
}

/// Collects cells into a [`Table`], holding the row, column and cell
/// limits, and the cell and sheet sizes of the text kept.
#[derive(Debug)]
struct TableBuilder {
    limits: Limits,
    rows: Vec<Vec<Cell>>,
    cells: u64,
    text_bytes: u64,
}

impl TableBuilder {
    fn new(limits: Limits) -> Self {
        Self {
            limits,
            rows: Vec::new(),
            cells: 0,
            text_bytes: 0,
        }
    }

    /// Counts `len` bytes of text kept: one cell's, and the sheet's so far.
    /// (The one copy made before it is bounded: the guard held every cell
    /// of a workbook to the cell limit already.)
    fn admit_text(&mut self, len: usize) -> Result<(), SpreadsheetError> {
        let len = len as u64;
        if len > self.limits.max_cell_bytes {
            return Err(SpreadsheetError::CellTooLarge {
                limit_bytes: self.limits.max_cell_bytes,
            });
        }
        self.text_bytes = self.text_bytes.saturating_add(len);
        if self.text_bytes > self.limits.max_sheet_bytes {
            return Err(SpreadsheetError::SheetTooLarge {
                limit_bytes: self.limits.max_sheet_bytes,
            });
        }
        Ok(())
    }

    /// Puts `cell` at 0-based (`row`, `col`); empty cells are skipped.
    fn put(&mut self, row: u32, col: u32, cell: Cell) -> Result<(), SpreadsheetError> {
        match &cell {
            Cell::Empty => return Ok(()),
            Cell::Text(text) | Cell::Error(text) => self.admit_text(text.len())?,
            Cell::Number(_) | Cell::Bool(_) | Cell::DateTime(_) => {}
        }
        if row >= self.limits.max_rows {
            return Err(SpreadsheetError::TooManyRows {
                limit: self.limits.max_rows,
            });
        }
        if col >= self.limits.max_columns {
            return Err(SpreadsheetError::TooManyColumns {
                limit: self.limits.max_columns,
            });
        }
        let (row, col) = (row as usize, col as usize);
        if row >= self.rows.len() {
            self.rows.resize_with(row + 1, Vec::new);
        }
        let cells = &mut self.rows[row];
        if col >= cells.len() {
            self.cells += (col + 1 - cells.len()) as u64;
            if self.cells > self.limits.max_cells {
                return Err(SpreadsheetError::TooManyCells {
                    limit: self.limits.max_cells,
                });
            }
            cells.resize(col + 1, Cell::Empty);
        }
        cells[col] = cell;
        Ok(())
    }

    fn finish(self, format: Format, sheet: Option<String>, dialect: Option<CsvDialect>) -> Table {
        Table {
            format,
            sheet,
            dialect,
            rows: self.rows,
        }
    }
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const EMPTY_ZIP_MAGIC: &[u8] = b"PK\x05\x06";
const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Reads the first worksheet of an uploaded file. `file_name` is used only
/// to tell a CSV (`.csv`, `.txt`, no extension) from something else; the
/// content decides between the workbook formats.
pub fn read_table(
    bytes: &[u8],
    file_name: &str,
    limits: &Limits,
) -> Result<Table, SpreadsheetError> {
    if bytes.len() > limits.max_bytes {
        return Err(SpreadsheetError::FileTooLarge {
            limit_bytes: limits.max_bytes,
        });
    }
    let limits = *limits;
    if bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(EMPTY_ZIP_MAGIC) {
        let kind = guard::inspect_zip(bytes, &limits)?;
        return shielded(|| workbook::read_zip_workbook(bytes, kind, &limits));
    }
    if bytes.starts_with(CFB_MAGIC) {
        guard::inspect_xls(bytes, &limits)?;
        return shielded(|| workbook::read_xls(bytes, &limits));
    }
    let extension = file_name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "csv" | "txt" | "" => delimited::read_csv(bytes, &limits),
        "xlsx" | "xlsm" | "xls" | "ods" => Err(SpreadsheetError::Corrupt(format!(
            "a .{extension} file without a workbook signature"
        ))),
        other => Err(SpreadsheetError::Unsupported(format!(".{other}"))),
    }
}

/// Runs a calamine read, turning a panic inside it into [`SpreadsheetError::Corrupt`].
fn shielded(
    read: impl FnOnce() -> Result<Table, SpreadsheetError>,
) -> Result<Table, SpreadsheetError> {
    catch_unwind(AssertUnwindSafe(read)).unwrap_or_else(|_| {
        Err(SpreadsheetError::Corrupt(
            "the workbook reader failed on this file".to_owned(),
        ))
    })
}
