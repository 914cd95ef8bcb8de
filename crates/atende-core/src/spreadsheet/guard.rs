//! Looks inside a workbook before calamine opens it.
//!
//! calamine trusts what a file declares in a few places and allocates
//! accordingly: an xlsx's shared-string count, an xls's dimensions record
//! and cell positions (it builds the whole grid between the first and the
//! last cell), an ods's repeated rows and columns. A file of a few
//! kilobytes can make it ask for terabytes, which aborts the process, not
//! just the request. It also holds whatever one XML token, one cell or the
//! shared-strings table expands to, two or three times over while it
//! decodes it: a 400 KB xlsx whose one shared string inflates to 400 MiB
//! costs it more than a gigabyte. Each check here computes what calamine
//! would build and refuses the file when it passes [`Limits`]:
//!
//! - every zip part's declared size (`max_shared_strings_bytes` for the
//!   shared strings, `max_sheet_bytes` for any other part) and their sum
//!   (`max_uncompressed_bytes`);
//! - every XML part calamine may read, streamed through quick-xml (the
//!   tokenizer calamine uses, configured as calamine configures it) with a
//!   reader that fails past `max_cell_bytes` within one token, so the
//!   check itself never holds more than that: every token, run of text,
//!   cell (`<c>`, an ods `table:table-cell` with its `text:s` spaces) and
//!   shared string (`<si>`) stays within `max_cell_bytes`;
//! - what calamine materialises by copying: an ods's repeated cells and
//!   rows, an xls's shared strings at each cell that uses them, within
//!   `max_sheet_bytes`.

use std::collections::BTreeSet;
use std::io::{self, BufRead, BufReader, Cursor, Read};

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

type Archive<'a> = ZipArchive<Cursor<&'a [u8]>>;

/// One part of a zip, as its central directory declares it.
struct Part {
    name: String,
    lower: String,
    size: u64,
}

impl Part {
    /// The last segment of the name, lower case.
    fn file_name(&self) -> &str {
        last_segment(&self.lower)
    }

    fn is_xml(&self) -> bool {
        self.lower.ends_with(".xml") || self.lower.ends_with(".rels")
    }

    fn is_shared_strings(&self) -> bool {
        self.lower.ends_with("sharedstrings.xml")
    }
}

fn last_segment(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
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
    let mut parts = Vec::with_capacity(archive.len());
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(corrupt)?;
        total = total.saturating_add(entry.size());
        let name = entry.name().map_err(corrupt)?.into_owned();
        parts.push(Part {
            lower: name.to_ascii_lowercase(),
            name,
            size: entry.size(),
        });
    }
    if total > limits.max_uncompressed_bytes {
        return Err(SpreadsheetError::ExpandsTooMuch {
            limit_bytes: limits.max_uncompressed_bytes,
        });
    }
    if parts.iter().any(|p| p.lower == "mimetype") {
        let mut mime = Vec::new();
        archive
            .by_name("mimetype")
            .map_err(corrupt)?
            .take(128)
            .read_to_end(&mut mime)
            .map_err(corrupt)?;
        if mime.starts_with(b"application/vnd.oasis.opendocument.spreadsheet") {
            check_part_sizes(&parts, limits)?;
            check_ods(&mut archive, &parts, limits)?;
            return Ok(ZipKind::Ods);
        }
        return Err(SpreadsheetError::Unsupported(
            String::from_utf8_lossy(&mime).into_owned(),
        ));
    }
    if parts.iter().any(|p| p.lower.ends_with("workbook.xml")) {
        check_part_sizes(&parts, limits)?;
        check_xlsx(&mut archive, &parts, limits)?;
        return Ok(ZipKind::Xlsx);
    }
    if parts.iter().any(|p| p.lower.ends_with("workbook.bin")) {
        return Err(SpreadsheetError::Unsupported("xlsb".to_owned()));
    }
    if parts.iter().any(|p| p.lower.starts_with("word/")) {
        return Err(SpreadsheetError::Unsupported("docx".to_owned()));
    }
    Err(SpreadsheetError::Unsupported("zip".to_owned()))
}

/// Each part on its own: the shared strings within their limit, anything
/// else within the sheet's.
fn check_part_sizes(parts: &[Part], limits: &Limits) -> Result<(), SpreadsheetError> {
    for part in parts {
        if part.is_shared_strings() {
            if part.size > limits.max_shared_strings_bytes {
                return Err(SpreadsheetError::SharedStringsTooLarge {
                    limit_bytes: limits.max_shared_strings_bytes,
                });
            }
        } else if part.size > limits.max_sheet_bytes {
            return Err(SpreadsheetError::SheetTooLarge {
                limit_bytes: limits.max_sheet_bytes,
            });
        }
    }
    Ok(())
}

/// The xlsx parts calamine may parse as XML: those named so, and whatever
/// the package's and the workbook's relationships point to, whatever its
/// name (a worksheet may be called `sheet1.bin`).
fn check_xlsx(
    archive: &mut Archive<'_>,
    parts: &[Part],
    limits: &Limits,
) -> Result<(), SpreadsheetError> {
    let mut targets = BTreeSet::new();
    let mut workbook_rels = None;
    if let Some(index) = parts.iter().position(|p| p.lower == "_rels/.rels") {
        let mut office_document = None;
        scan_part(archive, index, limits, |event| {
            if let XmlItem::Start(e) | XmlItem::Empty(e) = event
                && e.local_name().as_ref() == "Relationship"
            {
                let target = relationship_target(e, &mut targets)?;
                let kind = unescaped(e, "Type")?.unwrap_or_default();
                if kind.ends_with("/officeDocument") {
                    office_document = Some(target.to_ascii_lowercase());
                }
            }
            Ok(())
        })?;
        workbook_rels = office_document.map(|t| format!("_rels/{}.rels", last_segment(&t)));
    }
    if let Some(rels) = workbook_rels
        && let Some(index) = parts.iter().position(|p| p.lower.ends_with(&rels))
    {
        scan_part(archive, index, limits, |event| {
            if let XmlItem::Start(e) | XmlItem::Empty(e) = event
                && e.local_name().as_ref() == "Relationship"
            {
                relationship_target(e, &mut targets)?;
            }
            Ok(())
        })?;
    }
    for (index, part) in parts.iter().enumerate() {
        if part.is_shared_strings() {
            check_shared_strings(archive, index, limits)?;
        } else if part.is_xml() || targets.contains(part.file_name()) {
            check_sheet_part(archive, index, limits)?;
        }
    }
    Ok(())
}

/// A relationship's target, entities decoded; its last segment goes into
/// `targets`, decoded and as written (calamine reads some targets one
/// way, some the other).
fn relationship_target(
    element: &BytesStart<'_>,
    targets: &mut BTreeSet<String>,
) -> Result<String, SpreadsheetError> {
    if let Some(raw) = element.try_get_attribute("Target").map_err(corrupt)? {
        targets.insert(last_segment(&raw.value).to_ascii_lowercase());
    }
    let target = unescaped(element, "Target")?.unwrap_or_default();
    targets.insert(last_segment(&target).to_ascii_lowercase());
    Ok(target)
}

/// An attribute's value, entities decoded (as calamine reads it).
fn unescaped(element: &BytesStart<'_>, name: &str) -> Result<Option<String>, SpreadsheetError> {
    match element.try_get_attribute(name).map_err(corrupt)? {
        None => Ok(None),
        Some(attr) => Ok(Some(
            quick_xml::escape::unescape(&attr.value)
                .map_err(corrupt)?
                .into_owned(),
        )),
    }
}

/// An attribute's raw value as a number (how calamine reads counts and
/// repeats).
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

/// A `BufRead` that fails once more than `limit` bytes pass without a
/// [`Metered::mark`]. quick-xml buffers a whole token (a text node, a tag,
/// a comment) before it returns it; marking before each token bounds what
/// any token can make it hold to the limit and one buffer more.
struct Metered<R> {
    inner: R,
    since_mark: u64,
    limit: u64,
    tripped: bool,
}

impl<R: BufRead> Metered<R> {
    fn mark(&mut self) {
        self.since_mark = 0;
    }
}

impl<R: BufRead> Read for Metered<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Metered<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.since_mark > self.limit {
            self.tripped = true;
            return Err(io::Error::other("an XML token is over the limit"));
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, n: usize) {
        self.since_mark = self.since_mark.saturating_add(n as u64);
        self.inner.consume(n);
    }
}

/// What a scan shows a part's visitor.
enum XmlItem<'a, 'e> {
    Start(&'a BytesStart<'e>),
    /// A self-closing element.
    Empty(&'a BytesStart<'e>),
    /// An end tag, by its qualified name.
    End(&'a str),
    /// Text, CDATA or an entity reference; `true` for blank text.
    Text(bool),
    /// Anything else (comments, declarations…).
    Other,
}

/// Where the last item a visitor saw began and ended, in the part's
/// uncompressed bytes.
#[derive(Debug, Clone, Copy, Default)]
struct Span {
    start: u64,
    end: u64,
}

/// Streams part `index` as XML, token by token, holding every token and
/// every run of text to `max_cell_bytes`, and shows each item to `visit`
/// with its span. Stops quietly at a syntax error or damaged data: calamine
/// reads the same bytes with the same tokenizer and stops (fails) there
/// too, so nothing past it can reach it.
fn scan_part_spans(
    archive: &mut Archive<'_>,
    index: usize,
    limits: &Limits,
    mut visit: impl FnMut(XmlItem<'_, '_>, Span) -> Result<(), SpreadsheetError>,
) -> Result<(), SpreadsheetError> {
    let too_large = SpreadsheetError::CellTooLarge {
        limit_bytes: limits.max_cell_bytes,
    };
    let entry = archive.by_index(index).map_err(corrupt)?;
    let metered = Metered {
        inner: BufReader::new(entry),
        since_mark: 0,
        limit: limits.max_cell_bytes,
        tripped: false,
    };
    let mut xml = quick_xml::Reader::from_reader(metered);
    // As calamine configures it, so both see the same tokens.
    let config = xml.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    let mut buf = Vec::new();
    let mut text_run: Option<u64> = None;
    loop {
        buf.clear();
        xml.get_mut().mark();
        let start = xml.buffer_position();
        let event = match xml.read_event_into(&mut buf) {
            Ok(event) => event,
            Err(_) if xml.get_ref().tripped => return Err(too_large),
            Err(_) => return Ok(()),
        };
        let span = Span {
            start,
            end: xml.buffer_position(),
        };
        match &event {
            Event::Text(_) | Event::CData(_) | Event::GeneralRef(_) => {
                let run_start = *text_run.get_or_insert(start);
                if span.end - run_start > limits.max_cell_bytes {
                    return Err(too_large);
                }
            }
            _ => text_run = None,
        }
        match &event {
            Event::Start(e) => visit(XmlItem::Start(e), span)?,
            Event::Empty(e) => visit(XmlItem::Empty(e), span)?,
            Event::End(e) => visit(XmlItem::End(e.name().as_ref()), span)?,
            Event::Text(t) => visit(XmlItem::Text(t.trim().is_empty()), span)?,
            Event::CData(_) | Event::GeneralRef(_) => visit(XmlItem::Text(false), span)?,
            Event::Eof => return Ok(()),
            _ => visit(XmlItem::Other, span)?,
        }
    }
}

/// [`scan_part_spans`] for a visitor that needs no spans.
fn scan_part(
    archive: &mut Archive<'_>,
    index: usize,
    limits: &Limits,
    mut visit: impl FnMut(XmlItem<'_, '_>) -> Result<(), SpreadsheetError>,
) -> Result<(), SpreadsheetError> {
    scan_part_spans(archive, index, limits, |item, _| visit(item))
}

/// The local part of a qualified name (`x:c` → `c`).
fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// A worksheet (or any other XML part): tokens, and each `<c>` cell as a
/// whole (calamine reads a cell up to the next end tag named `c`, inline
/// strings and formulas included), within `max_cell_bytes`.
fn check_sheet_part(
    archive: &mut Archive<'_>,
    index: usize,
    limits: &Limits,
) -> Result<(), SpreadsheetError> {
    let mut cell_start: Option<u64> = None;
    scan_part_spans(archive, index, limits, |item, span| {
        match item {
            XmlItem::Start(e) if e.local_name().as_ref() == "c" => {
                cell_start.get_or_insert(span.start);
            }
            XmlItem::End(name) if local(name) == "c" => cell_start = None,
            _ => {}
        }
        match cell_start {
            Some(start) if span.end - start > limits.max_cell_bytes => {
                Err(SpreadsheetError::CellTooLarge {
                    limit_bytes: limits.max_cell_bytes,
                })
            }
            _ => Ok(()),
        }
    })
}

/// The shared strings: calamine reserves the `uniqueCount` of `<sst>` up
/// front, keeps one string per `<si>` (read up to the end tag of the same
/// name), each within `max_cell_bytes`, and no more than `max_cells` of
/// them.
fn check_shared_strings(
    archive: &mut Archive<'_>,
    index: usize,
    limits: &Limits,
) -> Result<(), SpreadsheetError> {
    let too_many = SpreadsheetError::TooManyCells {
        limit: limits.max_cells,
    };
    let mut strings: u64 = 0;
    // The open `<si>`'s start and qualified name (one buffer, reused).
    let mut open: Option<u64> = None;
    let mut open_name = String::new();
    scan_part_spans(archive, index, limits, |item, span| {
        match item {
            XmlItem::Start(e) | XmlItem::Empty(e) if e.local_name().as_ref() == "sst" => {
                for attr in ["uniqueCount", "count"] {
                    if attribute(e, attr)?.is_some_and(|n| n > limits.max_cells) {
                        return Err(too_many.clone());
                    }
                }
            }
            XmlItem::Start(e) if e.local_name().as_ref() == "si" && open.is_none() => {
                strings += 1;
                open = Some(span.start);
                open_name.clear();
                open_name.push_str(e.name().as_ref());
            }
            XmlItem::Empty(e) if e.local_name().as_ref() == "si" && open.is_none() => {
                strings += 1;
            }
            XmlItem::End(name) if open.is_some() && name == open_name => open = None,
            _ => {}
        }
        if strings > limits.max_cells {
            return Err(too_many.clone());
        }
        match open {
            Some(start) if span.end - start > limits.max_cell_bytes => {
                Err(SpreadsheetError::CellTooLarge {
                    limit_bytes: limits.max_cell_bytes,
                })
            }
            _ => Ok(()),
        }
    })
}

/// An ods: `content.xml` holds every table, which calamine materialises
/// whole; any other XML part gets the token checks.
fn check_ods(
    archive: &mut Archive<'_>,
    parts: &[Part],
    limits: &Limits,
) -> Result<(), SpreadsheetError> {
    let content = parts
        .iter()
        .position(|p| p.name == "content.xml")
        .ok_or_else(|| corrupt("an ods without content.xml"))?;
    check_ods_content(archive, content, limits)?;
    for (index, part) in parts.iter().enumerate() {
        if index != content && part.is_xml() {
            check_sheet_part(archive, index, limits)?;
        }
    }
    Ok(())
}

/// The ods content: calamine materialises every table whole, repeating
/// `number-rows-repeated` rows and `number-columns-repeated` cells that
/// hold something, up to its own cap of 100 million cells (gigabytes),
/// copying the cell's text (and formula) at every repeat, and expanding
/// each `<text:s text:c="N"/>` to N spaces. Bounds that grid for every
/// table (calamine reads them all) and refuses it past `max_cells` in
/// total; bounds each cell, spaces included, to `max_cell_bytes`, and the
/// text of all the copies to `max_sheet_bytes`.
fn check_ods_content(
    archive: &mut Archive<'_>,
    index: usize,
    limits: &Limits,
) -> Result<(), SpreadsheetError> {
    let mut grid = OdsGrid::default();
    let mut cell_start: Option<u64> = None;
    scan_part_spans(archive, index, limits, |item, span| {
        match item {
            XmlItem::Start(e) | XmlItem::Empty(e) => {
                let self_closing = matches!(item, XmlItem::Empty(_));
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
                        // What calamine copies from the tag itself.
                        let mut kept = 0;
                        for name in [
                            "table:formula",
                            "office:string-value",
                            "office:date-value",
                            "office:time-value",
                        ] {
                            if let Some(attr) = e.try_get_attribute(name).map_err(corrupt)? {
                                kept += attr.value.len() as u64;
                            }
                        }
                        grid.start_cell(repeats, holds_value, kept);
                        cell_start = Some(span.start);
                        if self_closing {
                            grid.end_cell(span.end - span.start);
                            cell_start = None;
                        }
                    }
                    "text:s" => {
                        // calamine decodes the count, entities included.
                        let spaces = match unescaped(e, "text:c")? {
                            None => 1,
                            Some(count) => count.parse::<u64>().map_err(corrupt)?,
                        };
                        grid.cell_spaces(spaces);
                    }
                    // A paragraph, tab or line break is one character.
                    "text:p" | "text:tab" | "text:line-break" => grid.cell_text(1),
                    // Any content inside a cell may make it non-empty for
                    // calamine.
                    _ => grid.cell_content(),
                }
            }
            XmlItem::End(name) => match name {
                "table:table-cell" | "table:covered-table-cell" => {
                    let bytes = cell_start.take().map_or(0, |start| span.end - start);
                    grid.end_cell(bytes);
                }
                "table:table-row" => grid.end_row(),
                "table:table" => grid.end_table(),
                _ => {}
            },
            XmlItem::Text(false) => grid.cell_text(span.end - span.start),
            XmlItem::Text(true) | XmlItem::Other => {}
        }
        let open_cell = cell_start.map_or(0, |start| span.end - start);
        grid.check(open_cell, limits)
    })?;
    grid.end_table();
    grid.check(0, limits)
}

/// calamine's widest row: it caps repeated columns at Excel's maximum.
const ODS_MAX_COLUMNS: u64 = 16_384;

/// calamine's most rows: it caps repeated rows at Excel's maximum.
const ODS_MAX_ROWS: u64 = 1_048_576;

/// Running bound of the grids calamine will build from an ods, and of the
/// text it copies into them.
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
    /// Spaces the current cell's `text:s` elements expand to.
    cell_spaces: u64,
    /// Text calamine keeps of the current cell (its content, spaces
    /// included, formula and string value), at most.
    cell_text: u64,
    /// The largest cell seen (its XML and its spaces).
    largest_cell: u64,
    /// Text copied into the current row (a cell once per repeat).
    row_text: u64,
    /// Text copied into every table so far (a row once per repeat).
    text: u64,
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
        self.row_text = 0;
    }

    fn end_row(&mut self) {
        self.rows = self.rows.saturating_add(self.row_repeats);
        if self.row_width > 0 {
            self.last_used_row = self.rows;
            self.width = self.width.max(self.row_width.min(ODS_MAX_COLUMNS));
        }
        self.text = self.text.saturating_add(
            self.row_text
                .saturating_mul(self.row_repeats.clamp(1, ODS_MAX_ROWS)),
        );
        self.row_text = 0;
        self.row_repeats = 0;
    }

    /// Opens a cell; `kept` is what calamine copies from its tag.
    fn start_cell(&mut self, repeats: u64, holds_value: bool, kept: u64) {
        self.cell = Some((repeats, holds_value));
        self.cell_spaces = 0;
        self.cell_text = kept;
    }

    fn cell_content(&mut self) {
        if let Some((_, used)) = &mut self.cell {
            *used = true;
        }
    }

    /// `bytes` of text in the current cell.
    fn cell_text(&mut self, bytes: u64) {
        if self.cell.is_some() {
            self.cell_text = self.cell_text.saturating_add(bytes);
        }
        self.cell_content();
    }

    fn cell_spaces(&mut self, spaces: u64) {
        if self.cell.is_some() {
            self.cell_spaces = self.cell_spaces.saturating_add(spaces);
        }
        self.cell_text(spaces);
    }

    /// Closes the current cell, `xml_bytes` long.
    fn end_cell(&mut self, xml_bytes: u64) {
        if let Some((repeats, used)) = self.cell.take() {
            self.column = self.column.saturating_add(repeats);
            let size = xml_bytes.saturating_add(self.cell_spaces);
            self.largest_cell = self.largest_cell.max(size);
            if used {
                self.row_width = self.column;
                self.row_text = self.row_text.saturating_add(
                    self.cell_text
                        .saturating_mul(repeats.clamp(1, ODS_MAX_COLUMNS)),
                );
            }
        }
        self.cell_spaces = 0;
        self.cell_text = 0;
    }

    /// Refuses what passes the limits so far; `open_cell` is the XML of
    /// the cell still open.
    fn check(&self, open_cell: u64, limits: &Limits) -> Result<(), SpreadsheetError> {
        if self.total > limits.max_cells {
            return Err(SpreadsheetError::TooManyCells {
                limit: limits.max_cells,
            });
        }
        let open = if self.cell.is_some() {
            open_cell.saturating_add(self.cell_spaces)
        } else {
            0
        };
        if self.largest_cell.max(open) > limits.max_cell_bytes {
            return Err(SpreadsheetError::CellTooLarge {
                limit_bytes: limits.max_cell_bytes,
            });
        }
        if self.text.saturating_add(self.row_text) > limits.max_sheet_bytes {
            return Err(SpreadsheetError::SheetTooLarge {
                limit_bytes: limits.max_sheet_bytes,
            });
        }
        Ok(())
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

/// BIFF records of a workbook stream as calamine reads them: (type, data,
/// the data of the `CONTINUE` records right after it). Stops where calamine
/// fails.
fn records(stream: &[u8]) -> impl Iterator<Item = (u16, &[u8], Vec<&[u8]>)> {
    const CONTINUE: u32 = 0x003C;
    let mut rest = stream;
    std::iter::from_fn(move || {
        let typ = read_u16(rest, 0)? as u16;
        let len = read_u16(rest, 2)? as usize;
        let data = rest.get(4..4 + len)?;
        rest = &rest[4 + len..];
        let mut continues = Vec::new();
        while rest.len() > 4 && read_u16(rest, 0) == Some(CONTINUE) {
            let len = read_u16(rest, 2)? as usize;
            continues.push(rest.get(4..4 + len)?);
            rest = &rest[4 + len..];
        }
        Some((typ, data, continues))
    })
}

/// A record's data and its continuations, read as calamine reads an
/// `SST`.
struct Continued<'a> {
    data: &'a [u8],
    continues: std::vec::IntoIter<&'a [u8]>,
}

impl<'a> Continued<'a> {
    fn next_continue(&mut self) -> bool {
        match self.continues.next() {
            Some(data) => {
                self.data = data;
                true
            }
            None => false,
        }
    }

    /// `n` bytes of the current piece, or `None` where calamine fails.
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (taken, rest) = (self.data.get(..n)?, self.data.get(n..)?);
        self.data = rest;
        Some(taken)
    }

    /// Skips `n` bytes across continuations.
    fn skip(&mut self, mut n: usize) -> Option<()> {
        while n > 0 {
            if self.data.is_empty() && !self.next_continue() {
                return None;
            }
            let step = n.min(self.data.len());
            self.data = &self.data[step..];
            n -= step;
        }
        Some(())
    }
}

/// UTF-8 bytes one character of an xls string can decode to: UTF-16
/// (codepage 1200, BIFF8's) gives at most 2 for a compressed character
/// and 3 for a full one; a legacy codepage at most 3 per byte of the two
/// calamine feeds it per character.
fn char_bytes(utf16: bool, high_byte: bool) -> u64 {
    match (utf16, high_byte) {
        (true, false) => 2,
        (true, true) => 3,
        (false, _) => 6,
    }
}

/// Upper bounds of the decoded size of each string of an `SST` record,
/// walked as calamine walks it (MS-XLS 2.5.293); stops where calamine
/// fails, since then it reads no cell at all.
fn sst_sizes(data: &[u8], continues: Vec<&[u8]>, utf16: bool) -> Vec<u64> {
    let mut sizes = Vec::new();
    let mut record = Continued {
        data,
        continues: continues.into_iter(),
    };
    if record.take(8).is_none() {
        return sizes;
    }
    while !record.data.is_empty() || record.next_continue() {
        if record.data.is_empty() {
            sizes.push(0);
            continue;
        }
        let Some(size) = sst_string(&mut record, utf16) else {
            break;
        };
        sizes.push(size);
    }
    sizes
}

fn sst_string(record: &mut Continued<'_>, utf16: bool) -> Option<u64> {
    let header = record.take(3)?;
    let mut left = u64::from(read_u16(header, 0)?);
    let flags = header[2];
    let mut high_byte = flags & 0x1 != 0;
    let runs = if flags & 0x8 != 0 {
        read_u16(record.take(2)?, 0)? as usize
    } else {
        0
    };
    let extra = if flags & 0x4 != 0 {
        read_u32(record.take(4)?, 0)? as usize
    } else {
        0
    };
    let mut size: u64 = 0;
    while left > 0 {
        let width = if high_byte { 2 } else { 1 };
        let chars = left.min((record.data.len() / width) as u64);
        record.take(chars as usize * width)?;
        size += chars * char_bytes(utf16, high_byte);
        left -= chars;
        if left > 0 {
            if !record.next_continue() {
                return None;
            }
            high_byte = record.take(1)?[0] & 0x1 != 0;
        }
    }
    record.skip(runs * 4)?;
    record.skip(extra)?;
    Some(size)
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
    check_biff(&stream, limits)
}

/// Bounds what calamine allocates for the sheets of a BIFF stream, all of
/// which it reads: the reservation each `DIMENSIONS` record asks for, the
/// grid between the first and last cell of each sheet (`max_cells` in
/// all); the shared strings (each within `max_cell_bytes`, all within
/// `max_shared_strings_bytes`); and the text of every cell, a shared
/// string copied at each cell that uses it (`max_sheet_bytes` in all).
/// Walks the sheets as calamine does: from each `BoundSheet8` offset to
/// the sheet's `EOF`.
fn check_biff(stream: &[u8], limits: &Limits) -> Result<(), SpreadsheetError> {
    let max_cells = limits.max_cells;
    let too_many = SpreadsheetError::TooManyCells { limit: max_cells };
    let too_long = SpreadsheetError::SheetTooLarge {
        limit_bytes: limits.max_sheet_bytes,
    };
    let mut offsets = Vec::new();
    let mut utf16 = true;
    let mut strings = Vec::new();
    for (typ, data, continues) in records(stream) {
        match typ {
            0x0042 => utf16 = read_u16(data, 0) == Some(1200),
            0x00FC => strings = sst_sizes(data, continues, utf16),
            0x0085 => offsets.extend(read_u32(data, 0)),
            0x000A => break,
            _ => {}
        }
    }
    if strings.iter().any(|size| *size > limits.max_cell_bytes) {
        return Err(SpreadsheetError::CellTooLarge {
            limit_bytes: limits.max_cell_bytes,
        });
    }
    if strings.iter().sum::<u64>() > limits.max_shared_strings_bytes {
        return Err(SpreadsheetError::SharedStringsTooLarge {
            limit_bytes: limits.max_shared_strings_bytes,
        });
    }
    // Inline text decodes to at most three bytes per byte.
    let inline = |data: &[u8]| 3 * data.len() as u64;
    let mut total: u64 = 0;
    let mut text: u64 = 0;
    for offset in offsets {
        // calamine fails (or panics, which we catch) on a bad offset.
        let Some(sheet) = stream.get(offset as usize..) else {
            continue;
        };
        let (mut max_row, mut max_col, mut any) = (0u64, 0u64, false);
        let mut depth = 0usize;
        let mut seen_bof = false;
        for (typ, data, _) in records(sheet) {
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
            text = text.saturating_add(match typ {
                // LabelSst: a copy of the shared string.
                0x00FD => read_u32(data, 6)
                    .and_then(|i| strings.get(i as usize).copied())
                    .unwrap_or(0),
                // Label, RString, String (a formula's text).
                0x0204 | 0x00D6 | 0x0207 => inline(data),
                _ => 0,
            });
            if text > limits.max_sheet_bytes {
                return Err(too_long);
            }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_strings_are_walked_across_continue_records_as_calamine_does() {
        let mut sst = vec![0u8; 8];
        // 10 characters: 4 compressed here, 6 full ones in the CONTINUE.
        sst.extend([10, 0, 0x00]);
        sst.extend(b"abcd");
        let mut next = vec![0x01];
        for unit in "ção€ok".encode_utf16() {
            next.extend(unit.to_le_bytes());
        }
        // Then a rich string (one 4-byte run) and a plain one.
        next.extend([2, 0, 0x08, 1, 0]);
        next.extend(b"ef");
        next.extend([0, 0, 0, 0]);
        next.extend([1, 0, 0x00, b'g']);
        assert_eq!(
            sst_sizes(&sst, vec![next.as_slice()], true),
            vec![4 * 2 + 6 * 3, 2 * 2, 2]
        );
        // A legacy codepage: up to six bytes per character.
        assert_eq!(sst_sizes(&sst, vec![next.as_slice()], false)[0], 60);
        // A string cut short: calamine fails, so nothing is counted.
        assert_eq!(sst_sizes(&sst, Vec::new(), true), Vec::<u64>::new());
    }

    #[test]
    fn records_carry_their_continuations() {
        let mut stream = Vec::new();
        for (typ, data) in [
            (0x00FCu16, &b"ab"[..]),
            (0x003C, b"c"),
            (0x003C, b"d"),
            (0x000A, b""),
        ] {
            stream.extend(typ.to_le_bytes());
            stream.extend((data.len() as u16).to_le_bytes());
            stream.extend(data);
        }
        let all: Vec<_> = records(&stream).collect();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0], (0x00FC, &b"ab"[..], vec![&b"c"[..], &b"d"[..]]));
        assert_eq!(all[1].0, 0x000A);
    }
}
