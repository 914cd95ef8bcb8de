//! xlsx, xls and ods through calamine, after `guard` checked them.

use std::io::Cursor;

use calamine::{
    Data, DataRef, ExcelDateTime, Ods, OdsError, Reader, Sheet, SheetType, SheetVisible, Xls,
    XlsError, Xlsx, XlsxError,
};
use chrono::NaiveDateTime;

use super::guard::ZipKind;
use super::{Cell, Format, Limits, SpreadsheetError, Table, TableBuilder};

pub(super) fn read_zip_workbook(
    bytes: &[u8],
    kind: ZipKind,
    limits: &Limits,
) -> Result<Table, SpreadsheetError> {
    match kind {
        ZipKind::Xlsx => read_xlsx(bytes, limits),
        ZipKind::Ods => read_ods(bytes, limits),
    }
}

/// The sheet to read: the first visible worksheet, in tab order (what
/// Excel shows on opening), else the first sheet at all.
fn first_sheet(sheets: &[Sheet]) -> Result<String, SpreadsheetError> {
    sheets
        .iter()
        .find(|s| s.typ == SheetType::WorkSheet && s.visible == SheetVisible::Visible)
        .or_else(|| sheets.first())
        .map(|s| s.name.clone())
        .ok_or(SpreadsheetError::NoWorksheet)
}

fn xlsx_error(error: XlsxError) -> SpreadsheetError {
    match error {
        XlsxError::Password => SpreadsheetError::Encrypted,
        other => SpreadsheetError::Corrupt(other.to_string()),
    }
}

fn xls_error(error: XlsError) -> SpreadsheetError {
    match error {
        XlsError::Password => SpreadsheetError::Encrypted,
        other => SpreadsheetError::Corrupt(other.to_string()),
    }
}

fn ods_error(error: OdsError) -> SpreadsheetError {
    match error {
        OdsError::Password => SpreadsheetError::Encrypted,
        other => SpreadsheetError::Corrupt(other.to_string()),
    }
}

/// xlsx: streamed cell by cell, so no grid is built beyond our limits.
fn read_xlsx(bytes: &[u8], limits: &Limits) -> Result<Table, SpreadsheetError> {
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(xlsx_error)?;
    let name = first_sheet(workbook.sheets_metadata())?;
    let mut builder = TableBuilder::new(*limits);
    {
        let mut cells = workbook.worksheet_cells_reader(&name).map_err(xlsx_error)?;
        while let Some(cell) = cells.next_cell().map_err(xlsx_error)? {
            let (row, col) = cell.get_position();
            builder.put(row, col, from_data_ref(cell.get_value()))?;
        }
    }
    Ok(builder.finish(Format::Xlsx, Some(name), None))
}

fn read_ods(bytes: &[u8], limits: &Limits) -> Result<Table, SpreadsheetError> {
    let mut workbook: Ods<_> = Ods::new(Cursor::new(bytes)).map_err(ods_error)?;
    let name = first_sheet(workbook.sheets_metadata())?;
    let range = workbook.worksheet_range(&name).map_err(ods_error)?;
    from_range(&range, limits, Format::Ods, name)
}

pub(super) fn read_xls(bytes: &[u8], limits: &Limits) -> Result<Table, SpreadsheetError> {
    let mut workbook: Xls<_> = Xls::new(Cursor::new(bytes)).map_err(xls_error)?;
    let name = first_sheet(workbook.sheets_metadata())?;
    let range = workbook.worksheet_range(&name).map_err(xls_error)?;
    from_range(&range, limits, Format::Xls, name)
}

fn from_range(
    range: &calamine::Range<Data>,
    limits: &Limits,
    format: Format,
    name: String,
) -> Result<Table, SpreadsheetError> {
    let mut builder = TableBuilder::new(*limits);
    // `used_cells` counts from the range's start; the sheet from A1.
    let (row0, col0) = range.start().unwrap_or_default();
    for (row, col, value) in range.used_cells() {
        let row = u32::try_from(row).map_or(u32::MAX, |r| r.saturating_add(row0));
        let col = u32::try_from(col).map_or(u32::MAX, |c| c.saturating_add(col0));
        builder.put(row, col, from_data(value))?;
    }
    Ok(builder.finish(format, Some(name), None))
}

fn date_time(value: &ExcelDateTime) -> Cell {
    if value.is_duration() {
        return Cell::Number(value.as_f64());
    }
    value
        .as_datetime()
        .map_or(Cell::Number(value.as_f64()), Cell::DateTime)
}

fn iso_date_time(text: &str) -> Cell {
    let parsed = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .or_else(|| {
            chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .ok()
                .map(|d| d.and_time(chrono::NaiveTime::MIN))
        });
    parsed.map_or_else(|| Cell::Text(text.to_owned()), Cell::DateTime)
}

fn from_data(value: &Data) -> Cell {
    match value {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Float(f) => Cell::Number(*f),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(d) => date_time(d),
        Data::DateTimeIso(s) => iso_date_time(s),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

fn from_data_ref(value: &DataRef<'_>) -> Cell {
    match value {
        DataRef::Empty => Cell::Empty,
        DataRef::String(s) => Cell::Text(s.clone()),
        DataRef::SharedString(s) => Cell::Text((*s).to_owned()),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::DateTime(d) => date_time(d),
        DataRef::DateTimeIso(s) => iso_date_time(s),
        DataRef::DurationIso(s) => Cell::Text(s.clone()),
        DataRef::Error(e) => Cell::Error(e.to_string()),
    }
}
