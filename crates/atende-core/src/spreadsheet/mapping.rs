//! From a table's columns to typed fields: the import wizard's "map" and
//! "preview" steps.
//!
//! The header is found among the top rows (see [`Table::header`]). A
//! mapping names, for
//! each target field, the header of the column that feeds it; headers
//! match ignoring case, accents and extra spaces ("Data de Vencimento" is
//! "data de  vencimento" is "DATA DE VENCIMENTO"), because the same
//! template is reused on files typed by different people. Problems with the
//! columns stop the whole file (nothing can be imported right); problems
//! with values are reported per cell and reject only their row, so the
//! preview shows every mistake at once.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use super::{Cell, Table, row_number};
use crate::br_format::{
    Brl, ValueError, brl_from_number, excel_serial_to_date, format_date, parse_brl, parse_date,
};
use crate::locale::Locale;
use crate::tickets::fold;

/// What a target field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldKind {
    /// Any text, trimmed; numbers and dates as the sheet shows them.
    Text,
    /// `dd/mm/aaaa`, a date cell or an Excel serial.
    Date,
    /// An amount in BRL (`1.234,56` or a number cell), exact to the cent.
    Money,
}

/// A target field of the import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Field {
    /// The stable key a mapping names (`due_date`).
    pub key: &'static str,
    pub kind: FieldKind,
    /// An empty cell in a required field rejects the row, and the field
    /// must be mapped.
    pub required: bool,
}

/// A typed value of one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Empty,
    Text(String),
    Date(NaiveDate),
    Money(Brl),
}

/// A row that converted cleanly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappedRow {
    /// The row number as the sheet shows it (1-based).
    pub row: u32,
    /// One value per field, in the order of the `fields` given.
    pub values: Vec<Value>,
}

/// One bad cell.
#[derive(Debug, Clone, PartialEq)]
pub struct RowError {
    /// The row number as the sheet shows it (1-based).
    pub row: u32,
    /// The column's header as written in the sheet.
    pub column: String,
    /// The target field.
    pub field: &'static str,
    pub error: ValueError,
}

impl RowError {
    /// The message in `locale`.
    pub fn message(&self, locale: Locale) -> String {
        self.error.message(locale)
    }
}

/// The outcome of mapping a table: what imports, and what does not.
#[derive(Debug, Clone, PartialEq)]
pub struct MappedSheet {
    /// The header's row number (1-based).
    pub header_row: u32,
    pub rows: Vec<MappedRow>,
    /// The rows with a bad cell, with what did convert (a bad cell reads
    /// as empty), so later checks (does the CNPJ name a company?) can
    /// report every problem of a row at once.
    pub rejected: Vec<MappedRow>,
    /// Every bad cell, in row then column order.
    pub errors: Vec<RowError>,
    /// Rows with at least one bad cell.
    pub rejected_rows: u32,
    /// Rows between the header and the last row with nothing in them:
    /// skipped, and counted so the totals add up.
    pub empty_rows: u32,
}

/// What is wrong with the columns, all of it at once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnProblems {
    /// Mapped column names not found in the header.
    pub missing_columns: Vec<String>,
    /// Mapped column names found more than once in the header.
    pub ambiguous_columns: Vec<String>,
    /// Mapping keys that are no field of this import.
    pub unknown_fields: Vec<String>,
    /// Required fields the mapping leaves out.
    pub unmapped_fields: Vec<String>,
}

/// Why a table cannot be mapped at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MappingError {
    #[error("{}", self.bilingual())]
    NoHeader,
    #[error("{}", self.bilingual())]
    Columns(ColumnProblems),
}

impl MappingError {
    /// The message in `locale`.
    pub fn message(&self, locale: Locale) -> String {
        let problems = match self {
            MappingError::NoHeader => {
                return match locale {
                    Locale::PtBr => "a planilha está vazia: falta a linha de cabeçalho",
                    Locale::En => "the sheet is empty: the header row is missing",
                }
                .to_owned();
            }
            MappingError::Columns(problems) => problems,
        };
        let list = |names: &[String]| names.join(", ");
        let mut parts = Vec::new();
        let pt = locale == Locale::PtBr;
        if !problems.missing_columns.is_empty() {
            parts.push(if pt {
                format!(
                    "colunas não encontradas no cabeçalho: {}",
                    list(&problems.missing_columns)
                )
            } else {
                format!(
                    "columns not found in the header: {}",
                    list(&problems.missing_columns)
                )
            });
        }
        if !problems.ambiguous_columns.is_empty() {
            parts.push(if pt {
                format!(
                    "colunas repetidas no cabeçalho: {}",
                    list(&problems.ambiguous_columns)
                )
            } else {
                format!(
                    "columns repeated in the header: {}",
                    list(&problems.ambiguous_columns)
                )
            });
        }
        if !problems.unknown_fields.is_empty() {
            parts.push(if pt {
                format!("campos desconhecidos: {}", list(&problems.unknown_fields))
            } else {
                format!("unknown fields: {}", list(&problems.unknown_fields))
            });
        }
        if !problems.unmapped_fields.is_empty() {
            parts.push(if pt {
                format!(
                    "campos obrigatórios sem coluna: {}",
                    list(&problems.unmapped_fields)
                )
            } else {
                format!(
                    "required fields without a column: {}",
                    list(&problems.unmapped_fields)
                )
            });
        }
        parts.join("; ")
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

/// How headers are compared: no case, no accents, single spaces.
fn header_key(name: &str) -> String {
    fold(name).split_whitespace().collect::<Vec<_>>().join(" ")
}

type HeaderIndex = HashMap<String, Vec<usize>>;

fn index_headers(headers: &[String]) -> HeaderIndex {
    let mut by_key: HeaderIndex = HashMap::new();
    for (col, name) in headers.iter().enumerate() {
        if !name.is_empty() {
            by_key.entry(header_key(name)).or_default().push(col);
        }
    }
    by_key
}

/// The header: the first of the top rows that holds every mapped column
/// name (a title or a blank line above the table is passed over), else
/// [`Table::header`]'s guess, whose missing columns are then reported.
fn find_header(
    table: &Table,
    mapping: &BTreeMap<String, String>,
) -> Result<(u32, Vec<String>, HeaderIndex), MappingError> {
    let wanted: Vec<String> = mapping.values().map(|s| header_key(s)).collect();
    for index in table.header_candidates() {
        let (row, headers) = table.header_at(index);
        let by_key = index_headers(&headers);
        if !wanted.is_empty() && wanted.iter().all(|w| by_key.contains_key(w)) {
            return Ok((row, headers, by_key));
        }
    }
    let (row, headers) = table.header().ok_or(MappingError::NoHeader)?;
    let by_key = index_headers(&headers);
    Ok((row, headers, by_key))
}

/// Maps `table`'s columns onto `fields` by `mapping` (field key → column
/// header). Fields left out of the mapping are [`Value::Empty`].
pub fn map_table(
    table: &Table,
    fields: &[Field],
    mapping: &BTreeMap<String, String>,
) -> Result<MappedSheet, MappingError> {
    let (header_row, headers, by_key) = find_header(table, mapping)?;
    let mut problems = ColumnProblems::default();
    for key in mapping.keys() {
        if !fields.iter().any(|f| f.key == key) {
            problems.unknown_fields.push(key.clone());
        }
    }
    // For each field, the column it reads, if mapped.
    let mut columns: Vec<Option<usize>> = Vec::with_capacity(fields.len());
    for field in fields {
        let Some(source) = mapping.get(field.key) else {
            if field.required {
                problems.unmapped_fields.push(field.key.to_owned());
            }
            columns.push(None);
            continue;
        };
        match by_key.get(&header_key(source)).map(Vec::as_slice) {
            Some([col]) => columns.push(Some(*col)),
            Some(_) => {
                problems.ambiguous_columns.push(source.clone());
                columns.push(None);
            }
            None => {
                problems.missing_columns.push(source.clone());
                columns.push(None);
            }
        }
    }
    if problems != ColumnProblems::default() {
        return Err(MappingError::Columns(problems));
    }

    let mut sheet = MappedSheet {
        header_row,
        rows: Vec::new(),
        rejected: Vec::new(),
        errors: Vec::new(),
        rejected_rows: 0,
        empty_rows: 0,
    };
    let first_data = header_row as usize;
    for (index, cells) in table.rows().iter().enumerate().skip(first_data) {
        let row = row_number(index);
        if cells.iter().all(Cell::is_blank) {
            sheet.empty_rows += 1;
            continue;
        }
        let errors_before = sheet.errors.len();
        let mut values = Vec::with_capacity(fields.len());
        for (field, col) in fields.iter().zip(&columns) {
            let Some(col) = *col else {
                values.push(Value::Empty);
                continue;
            };
            let cell = cells.get(col).unwrap_or(&Cell::Empty);
            match convert(cell, *field) {
                Ok(value) => values.push(value),
                Err(error) => {
                    values.push(Value::Empty);
                    sheet.errors.push(RowError {
                        row,
                        column: headers[col].clone(),
                        field: field.key,
                        error,
                    });
                }
            }
        }
        if sheet.errors.len() > errors_before {
            sheet.rejected_rows += 1;
            sheet.rejected.push(MappedRow { row, values });
        } else {
            sheet.rows.push(MappedRow { row, values });
        }
    }
    Ok(sheet)
}

/// Converts one cell for `field`.
fn convert(cell: &Cell, field: Field) -> Result<Value, ValueError> {
    if cell.is_blank() {
        return if field.required {
            Err(ValueError::Required)
        } else {
            Ok(Value::Empty)
        };
    }
    if let Cell::Error(error) = cell {
        return Err(ValueError::CellError(error.clone()));
    }
    match field.kind {
        FieldKind::Text => Ok(Value::Text(cell.to_text())),
        FieldKind::Date => match cell {
            Cell::Text(text) => parse_date(text),
            Cell::Number(serial) => excel_serial_to_date(*serial),
            Cell::DateTime(at) => Ok(at.date()),
            other => Err(ValueError::InvalidDate(other.to_text())),
        }
        .map(Value::Date),
        FieldKind::Money => match cell {
            Cell::Text(text) => parse_brl(text),
            Cell::Number(amount) => brl_from_number(*amount),
            Cell::DateTime(at) => Err(ValueError::InvalidAmount(format_date(at.date()))),
            other => Err(ValueError::InvalidAmount(other.to_text())),
        }
        .map(Value::Money),
    }
}
