//! CSV: the encoding and the delimiter are detected, since Brazilian Excel
//! saves "CSV (separado por vírgulas)" with semicolons, in Windows-1252,
//! and other tools write UTF-8 with commas.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

use super::{Cell, Format, Limits, SpreadsheetError, Table, TableBuilder};

/// The text encoding a CSV was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextEncoding {
    Utf8,
    /// UTF-8 with a byte-order mark (Excel's "CSV UTF-8").
    Utf8Bom,
    /// UTF-16 with a byte-order mark (Excel's "Unicode text").
    Utf16,
    /// Not valid UTF-8: read as Windows-1252 (Excel's default on Windows
    /// in Brazil), which decodes any byte.
    Windows1252,
}

/// How a CSV was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CsvDialect {
    pub delimiter: u8,
    pub encoding: TextEncoding,
}

fn decode(bytes: &[u8]) -> (Cow<'_, str>, TextEncoding) {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        let kind = if encoding == UTF_8 {
            TextEncoding::Utf8Bom
        } else {
            TextEncoding::Utf16
        };
        return (text, kind);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (Cow::Borrowed(text), TextEncoding::Utf8),
        Err(_) => {
            let (text, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
            (text, TextEncoding::Windows1252)
        }
    }
}

/// Excel's `sep=;` first line names the delimiter; it is not a row.
fn declared_delimiter(text: &str) -> Option<(u8, usize)> {
    let line_end = text.find('\n').unwrap_or(text.len());
    let line = text[..line_end].trim_end_matches('\r');
    let rest = line
        .strip_prefix("sep=")
        .or_else(|| line.strip_prefix("SEP="))?;
    match rest.as_bytes() {
        [d] if matches!(d, b';' | b',' | b'\t' | b'|') => {
            Some((*d, (line_end + 1).min(text.len())))
        }
        _ => None,
    }
}

/// The delimiter of the first non-blank line (the header): whichever of
/// `;`, `,` and tab occurs most outside quotes; `;` on a tie, the Brazilian
/// default, so a one-column file of amounts like `1.234,56` stays whole.
fn detect_delimiter(text: &str) -> u8 {
    let line = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default();
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => counts[0] += 1,
            ',' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let candidates = [b';', b',', b'\t'];
    let mut best = 0;
    for i in 1..3 {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    candidates[best]
}

pub(super) fn read_csv(bytes: &[u8], limits: &Limits) -> Result<Table, SpreadsheetError> {
    let (text, encoding) = decode(bytes);
    let (delimiter, skip) = declared_delimiter(&text).unwrap_or((detect_delimiter(&text), 0));
    let body = &text[skip..];
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(body.as_bytes());
    let mut builder = TableBuilder::new(*limits);
    let mut record = csv::StringRecord::new();
    // Rows as a spreadsheet program shows the file: one per record, blank
    // lines included, a quoted multi-line cell still one row. The csv
    // reader skips blank lines and reports a record's position from where
    // it started looking, so the record's real start is found past any
    // line breaks there; its row is the number of line breaks before it,
    // less those inside earlier records' cells.
    let bytes = body.as_bytes();
    let (mut counted_to, mut breaks_before, mut breaks_inside) = (0usize, 0u64, 0u64);
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(error) => return Err(SpreadsheetError::Corrupt(error.to_string())),
        }
        let mut start = record.position().map_or(0, |p| p.byte() as usize);
        while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        let start = start.clamp(counted_to, bytes.len());
        breaks_before += bytes[counted_to..start]
            .iter()
            .filter(|b| **b == b'\n')
            .count() as u64;
        counted_to = start;
        let row = u32::try_from(breaks_before.saturating_sub(breaks_inside)).unwrap_or(u32::MAX);
        for (col, field) in record.iter().enumerate() {
            if !field.is_empty() {
                let col = u32::try_from(col).unwrap_or(u32::MAX);
                builder.put(row, col, Cell::Text(field.to_owned()))?;
            }
            breaks_inside += field.bytes().filter(|b| *b == b'\n').count() as u64;
        }
    }
    let dialect = CsvDialect {
        delimiter,
        encoding,
    };
    Ok(builder.finish(Format::Csv, None, Some(dialect)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_line_decides_the_delimiter() {
        assert_eq!(detect_delimiter("Título;Valor;Vencimento\n"), b';');
        assert_eq!(detect_delimiter("Título,Valor,Vencimento\n"), b',');
        assert_eq!(detect_delimiter("a\tb\tc"), b'\t');
        assert_eq!(detect_delimiter("\n\n\"a;b\",c\n"), b',');
        assert_eq!(detect_delimiter("Valor\n1.234,56\n"), b';');
    }

    #[test]
    fn excels_sep_line_names_the_delimiter() {
        assert_eq!(declared_delimiter("sep=,\r\na,b"), Some((b',', 7)));
        assert_eq!(declared_delimiter("sep=;"), Some((b';', 5)));
        assert_eq!(declared_delimiter("separador;x"), None);
    }

    #[test]
    fn encodings_are_told_apart() {
        assert_eq!(decode(b"a;b").1, TextEncoding::Utf8);
        assert_eq!(decode(b"\xEF\xBB\xBFa;b").0, "a;b");
        assert_eq!(decode(b"\xEF\xBB\xBFa;b").1, TextEncoding::Utf8Bom);
        let (text, kind) = decode(b"Descri\xE7\xE3o");
        assert_eq!(
            (text.as_ref(), kind),
            ("Descrição", TextEncoding::Windows1252)
        );
        let (text, kind) = decode(b"\xFF\xFEa\x00;\x00");
        assert_eq!((text.as_ref(), kind), ("a;", TextEncoding::Utf16));
    }
}
