//! Looks inside a workbook before calamine opens it.
//!
//! calamine trusts what a file declares in a few places and allocates
//! accordingly: an xlsx's shared-string count, an xls's dimensions record
//! and cell positions (it builds the whole grid between the first and the
//! last cell), an ods's repeated rows and columns. A file of a few
//! kilobytes can make it ask for terabytes, which aborts the process, not
//! just the request. Each check here computes what calamine would build
//! and refuses the file when it passes [`Limits`].

use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;

use super::{Limits, SpreadsheetError};

/// A real workbook has a few dozen parts; tens of thousands is an attack
/// on the reader's bookkeeping.
const MAX_ZIP_ENTRIES: usize = 10_000;

/// What a zip-based workbook turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ZipKind {
    Xlsx,
    Ods,
}

fn corrupt(error: impl std::fmt::Display) -> SpreadsheetError {
    SpreadsheetError::Corrupt(error.to_string())
}

/// Checks a zip-based workbook (xlsx, ods) and says which it is.
///
/// The zip crate refuses to inflate a part past the size its central
/// directory declares, so bounding the declared sizes bounds what
/// decompression can produce, lies included.
pub(super) fn inspect_zip(bytes: &[u8], limits: &Limits) -> Result<ZipKind, SpreadsheetError> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(corrupt)?;
    if archive.len() > MAX_ZIP_ENTRIES {
        return Err(SpreadsheetError::ExpandsTooMuch {
            limit_bytes: limits.max_uncompressed_bytes,
        });
    }
    let mut total: u64 = 0;
    let mut names = Vec::with_capacity(archive.len());
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(corrupt)?;
        total = total.saturating_add(entry.size());
        names.push(entry.name().map_err(corrupt)?.into_owned());
    }
    if total > limits.max_uncompressed_bytes {
        return Err(SpreadsheetError::ExpandsTooMuch {
            limit_bytes: limits.max_uncompressed_bytes,
        });
    }
    let lower: Vec<String> = names.iter().map(|n| n.to_ascii_lowercase()).collect();
    if lower.iter().any(|n| n == "mimetype") {
        let mut mime = Vec::new();
        archive
            .by_name("mimetype")
            .map_err(corrupt)?
            .take(128)
            .read_to_end(&mut mime)
            .map_err(corrupt)?;
        if mime.starts_with(b"application/vnd.oasis.opendocument.spreadsheet") {
            check_ods_content(&mut archive, limits)?;
            return Ok(ZipKind::Ods);
        }
        return Err(SpreadsheetError::Unsupported(
            String::from_utf8_lossy(&mime).into_owned(),
        ));
    }
    if lower.iter().any(|n| n.ends_with("workbook.xml")) {
        for (name, low) in names.iter().zip(&lower) {
            if low.ends_with("sharedstrings.xml") {
                check_shared_strings(&mut archive, name, limits)?;
            }
        }
        return Ok(ZipKind::Xlsx);
    }
    if lower.iter().any(|n| n.ends_with("workbook.bin")) {
        return Err(SpreadsheetError::Unsupported("xlsb".to_owned()));
    }
    if lower.iter().any(|n| n.starts_with("word/")) {
        return Err(SpreadsheetError::Unsupported("docx".to_owned()));
    }
    Err(SpreadsheetError::Unsupported("zip".to_owned()))
}

fn attribute(element: &BytesStart<'_>, name: &str) -> Result<Option<u64>, SpreadsheetError> {
    match element.try_get_attribute(name).map_err(corrupt)? {
        None => Ok(None),
        Some(attr) => attr
            .value
            .trim()
            .parse::<u64>()
            .ok()
            .map(Some)
            .ok_or_else(|| corrupt(format!("attribute {name} is not a number"))),
    }
}

/// calamine reserves the `uniqueCount` of `<sst>` up front.
fn check_shared_strings(
    archive: &mut ZipArchive<Cursor<&[u8]>>,
    name: &str,
    limits: &Limits,
) -> Result<(), SpreadsheetError> {
    let entry = archive.by_name(name).map_err(corrupt)?;
    let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::new(entry));
    let mut buf = Vec::new();
    loop {
        match xml.read_event_into(&mut buf).map_err(corrupt)? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "sst" => {
                for attr in ["uniqueCount", "count"] {
                    if attribute(&e, attr)?.is_some_and(|n| n > limits.max_cells) {
                        return Err(SpreadsheetError::TooManyCells {
                            limit: limits.max_cells,
                        });
                    }
                }
                return Ok(());
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
        buf.clear();
    }
}

/// The ods content: calamine materialises every table whole, repeating
/// `number-rows-repeated` rows and `number-columns-repeated` cells that
/// hold something, up to its own cap of 100 million cells (gigabytes).
/// Bounds that grid for every table (calamine reads them all) and refuses
/// it past `max_cells` in total.
fn check_ods_content(
    archive: &mut ZipArchive<Cursor<&[u8]>>,
    limits: &Limits,
) -> Result<(), SpreadsheetError> {
    let entry = archive.by_name("content.xml").map_err(corrupt)?;
    let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::new(entry));
    let mut buf = Vec::new();
    let mut grid = OdsGrid::default();
    let too_many = || SpreadsheetError::TooManyCells {
        limit: limits.max_cells,
    };
    loop {
        let event = xml.read_event_into(&mut buf).map_err(corrupt)?;
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let self_closing = matches!(event, Event::Empty(_));
                match e.name().as_ref() {
                    "table:table" => grid.start_table(),
                    "table:table-row" => {
                        grid.start_row(attribute(e, "table:number-rows-repeated")?.unwrap_or(1));
                        if self_closing {
                            grid.end_row();
                        }
                    }
                    "table:table-cell" | "table:covered-table-cell" => {
                        let repeats = attribute(e, "table:number-columns-repeated")?.unwrap_or(1);
                        let holds_value = e
                            .try_get_attribute("office:value-type")
                            .map_err(corrupt)?
                            .is_some()
                            || e.try_get_attribute("table:formula")
                                .map_err(corrupt)?
                                .is_some();
                        grid.start_cell(repeats, holds_value);
                        if self_closing {
                            grid.end_cell();
                        }
                    }
                    // Any content inside a cell (a paragraph, a space) may
                    // make it non-empty for calamine.
                    _ => grid.cell_content(),
                }
            }
            Event::Text(text) if !text.trim().is_empty() => grid.cell_content(),
            Event::CData(_) | Event::GeneralRef(_) => grid.cell_content(),
            Event::End(e) => match e.name().as_ref() {
                "table:table-cell" | "table:covered-table-cell" => grid.end_cell(),
                "table:table-row" => grid.end_row(),
                "table:table" => {
                    grid.end_table();
                    if grid.total > limits.max_cells {
                        return Err(too_many());
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    grid.end_table();
    if grid.total > limits.max_cells {
        return Err(too_many());
    }
    Ok(())
}

/// calamine's widest row: it caps repeated columns at Excel's maximum.
const ODS_MAX_COLUMNS: u64 = 16_384;

/// Running bound of the grids calamine will build from an ods.
#[derive(Debug, Default)]
struct OdsGrid {
    /// Cells of the tables already closed.
    total: u64,
    /// Logical rows seen in the current table.
    rows: u64,
    /// End (exclusive) of the last row with content.
    last_used_row: u64,
    /// Widest used extent of a row.
    width: u64,
    /// The current row's repeat count, column position and used extent.
    row_repeats: u64,
    column: u64,
    row_width: u64,
    /// The current cell's repeat count and whether it holds anything.
    cell: Option<(u64, bool)>,
}

impl OdsGrid {
    fn start_table(&mut self) {
        self.end_table();
    }

    fn end_table(&mut self) {
        self.total = self
            .total
            .saturating_add(self.last_used_row.saturating_mul(self.width));
        self.rows = 0;
        self.last_used_row = 0;
        self.width = 0;
    }

    fn start_row(&mut self, repeats: u64) {
        self.row_repeats = repeats;
        self.column = 0;
        self.row_width = 0;
    }

    fn end_row(&mut self) {
        self.rows = self.rows.saturating_add(self.row_repeats);
        if self.row_width > 0 {
            self.last_used_row = self.rows;
            self.width = self.width.max(self.row_width.min(ODS_MAX_COLUMNS));
        }
        self.row_repeats = 0;
    }

    fn start_cell(&mut self, repeats: u64, holds_value: bool) {
        self.cell = Some((repeats, holds_value));
    }

    fn cell_content(&mut self) {
        if let Some((_, used)) = &mut self.cell {
            *used = true;
        }
    }

    fn end_cell(&mut self) {
        if let Some((repeats, used)) = self.cell.take() {
            self.column = self.column.saturating_add(repeats);
            if used {
                self.row_width = self.column;
            }
        }
    }
}

fn read_u16(data: &[u8], at: usize) -> Option<u32> {
    let bytes = data.get(at..at + 2)?;
    Some(u32::from(u16::from_le_bytes([bytes[0], bytes[1]])))
}

fn read_u32(data: &[u8], at: usize) -> Option<u32> {
    let bytes = data.get(at..at + 4)?;
    Some(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
}

/// BIFF records of a workbook stream: (type, data).
fn records(stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut rest = stream;
    std::iter::from_fn(move || {
        let typ = read_u16(rest, 0)? as u16;
        let len = read_u16(rest, 2)? as usize;
        let data = rest.get(4..4 + len)?;
        rest = &rest[4 + len..];
        Some((typ, data))
    })
}

/// Checks an xls (a compound file with a BIFF workbook stream), or finds
/// it is an encrypted xlsx, which comes in the same container.
pub(super) fn inspect_xls(bytes: &[u8], limits: &Limits) -> Result<(), SpreadsheetError> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(corrupt)?;
    if file.is_stream("/EncryptedPackage") {
        return Err(SpreadsheetError::Encrypted);
    }
    let path = ["/Workbook", "/Book"]
        .into_iter()
        .find(|p| file.is_stream(p))
        .ok_or_else(|| SpreadsheetError::Unsupported("ole".to_owned()))?;
    let mut stream = Vec::new();
    file.open_stream(path)
        .map_err(corrupt)?
        .take(limits.max_uncompressed_bytes.saturating_add(1))
        .read_to_end(&mut stream)
        .map_err(corrupt)?;
    if stream.len() as u64 > limits.max_uncompressed_bytes {
        return Err(SpreadsheetError::ExpandsTooMuch {
            limit_bytes: limits.max_uncompressed_bytes,
        });
    }
    check_biff_grid(&stream, limits.max_cells)
}

/// Bounds what calamine allocates for each sheet of a BIFF stream: the
/// reservation its `DIMENSIONS` record asks for, and the grid between the
/// first and last cell of each sheet. Walks the sheets as calamine does:
/// from each `BoundSheet8` offset to the sheet's `EOF`.
fn check_biff_grid(stream: &[u8], max_cells: u64) -> Result<(), SpreadsheetError> {
    let too_many = SpreadsheetError::TooManyCells { limit: max_cells };
    let mut offsets = Vec::new();
    for (typ, data) in records(stream) {
        match typ {
            0x0085 => offsets.extend(read_u32(data, 0)),
            0x000A => break,
            _ => {}
        }
    }
    let mut total: u64 = 0;
    for offset in offsets {
        // calamine fails (or panics, which we catch) on a bad offset.
        let Some(sheet) = stream.get(offset as usize..) else {
            continue;
        };
        let (mut max_row, mut max_col, mut any) = (0u64, 0u64, false);
        let mut depth = 0usize;
        let mut seen_bof = false;
        for (typ, data) in records(sheet) {
            if depth > 0 {
                match typ {
                    0x0809 => depth += 1,
                    0x000A => depth -= 1,
                    _ => {}
                }
                continue;
            }
            let mut cell = |row: Option<u32>, col: Option<u32>| {
                if let (Some(row), Some(col)) = (row, col) {
                    max_row = max_row.max(u64::from(row));
                    max_col = max_col.max(u64::from(col));
                    any = true;
                }
            };
            match typ {
                0x0809 if seen_bof => depth += 1,
                0x0809 => seen_bof = true,
                0x0200 if dimensions_reservation(data) > max_cells => return Err(too_many),
                // Number, Label, RString, BoolErr, Rk, LabelSst, Formula.
                0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                    cell(read_u16(data, 0), read_u16(data, 2));
                }
                // MulRk: row, first column, 6-byte entries, last column.
                0x00BD if data.len() >= 6 => {
                    let entries = (data.len() - 6) / 6;
                    let last = read_u16(data, 2).map(|first| first + entries.max(1) as u32 - 1);
                    cell(read_u16(data, 0), last);
                }
                0x000A => break,
                _ => {}
            }
        }
        if any {
            total = total.saturating_add((max_row + 1).saturating_mul(max_col + 1));
            if total > max_cells {
                return Err(too_many);
            }
        }
    }
    Ok(())
}

/// What calamine reserves for a `DIMENSIONS` record (its arithmetic,
/// wrapping included).
fn dimensions_reservation(data: &[u8]) -> u64 {
    let fields = match data.len() {
        10 => (
            read_u16(data, 0),
            read_u16(data, 2),
            read_u16(data, 4),
            read_u16(data, 6),
        ),
        14 | 16 => (
            read_u32(data, 0),
            read_u32(data, 4),
            read_u16(data, 8),
            read_u16(data, 10),
        ),
        // calamine refuses other lengths.
        _ => return 0,
    };
    let (Some(rf), Some(rl), Some(mut cf), Some(cl)) = fields else {
        return 0;
    };
    if 0xFF < cf || cl < cf {
        cf = 0;
    }
    let (start, end) = if rl >= 1 && cl >= 1 {
        ((rf, cf), (rl - 1, cl - 1))
    } else {
        ((rf, cf), (rf, cf))
    };
    let rows = u64::from(end.0.wrapping_sub(start.0).wrapping_add(1));
    let cols = u64::from(end.1.wrapping_sub(start.1).wrapping_add(1));
    rows.saturating_mul(cols)
}
