//! Fixture files are generated here: xlsx with rust_xlsxwriter, ods and
//! hostile zips with the zip crate, xls by writing BIFF records into a
//! compound file, csv in both encodings and both delimiters.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};

use chrono::NaiveDate;
use rust_xlsxwriter::{ExcelDateTime, Format as XlsxFormat, Workbook};
use zip::write::SimpleFileOptions;

use super::*;
use crate::br_format::{Brl, ValueError};

// ---------------------------------------------------------------- fixtures

/// A cell of a generated workbook.
#[derive(Clone)]
enum F {
    S(&'static str),
    N(f64),
    D(u16, u8, u8),
    Blank,
}

fn xlsx(rows: &[Vec<F>]) -> Vec<u8> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let date_format = XlsxFormat::new().set_num_format("dd/mm/yyyy");
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell {
                F::S(s) => {
                    sheet.write_string(r, c, *s).unwrap();
                }
                F::N(n) => {
                    sheet.write_number(r, c, *n).unwrap();
                }
                F::D(y, m, d) => {
                    let date = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                    sheet
                        .write_datetime_with_format(r, c, &date, &date_format)
                        .unwrap();
                }
                F::Blank => {}
            }
        }
    }
    workbook.save_to_buffer().unwrap()
}

fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in parts {
        let method = if *name == "mimetype" {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let options = SimpleFileOptions::default().compression_method(method);
        writer.start_file(*name, options).unwrap();
        writer.write_all(data).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

/// Every part of a zip, to rebuild it with one part changed.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).unwrap();
            let mut data = Vec::new();
            entry.read_to_end(&mut data).unwrap();
            (entry.name().unwrap().into_owned(), data)
        })
        .collect()
}

fn ods(rows_xml: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Pendências">{rows_xml}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    zip_of(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        ),
        ("content.xml", content.as_bytes()),
        ("META-INF/manifest.xml", manifest.as_bytes()),
    ])
}

fn ods_text(text: &str) -> String {
    format!(
        r#"<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>"#
    )
}

fn ods_float(value: f64) -> String {
    format!(
        r#"<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>"#
    )
}

fn ods_row(cells: &[String]) -> String {
    format!("<table:table-row>{}</table:table-row>", cells.concat())
}

fn record(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut out = typ.to_le_bytes().to_vec();
    out.extend((data.len() as u16).to_le_bytes());
    out.extend(data);
    out
}

/// A cell of a generated xls.
enum X {
    Label(u16, u16, &'static str),
    Number(u16, u16, f64),
}

/// A BIFF8 workbook with one sheet, `dimensions` as (first row, last row
/// + 1, first col, last col + 1), in a compound file.
fn xls(cells: &[X], dimensions: (u32, u32, u16, u16)) -> Vec<u8> {
    let bof = |dt: u16| {
        let mut d = vec![0x00, 0x06];
        d.extend(dt.to_le_bytes());
        d.extend([0u8; 12]);
        record(0x0809, &d)
    };
    let name = "Planilha1";
    let mut bound = vec![0u8; 4];
    bound.extend([0x00, 0x00, name.len() as u8, 0x00]);
    bound.extend(name.as_bytes());
    let globals_len = bof(0x0005).len() + record(0x0085, &bound).len() + 4;
    bound[..4].copy_from_slice(&(globals_len as u32).to_le_bytes());
    let mut stream = bof(0x0005);
    stream.extend(record(0x0085, &bound));
    stream.extend(record(0x000A, &[]));
    assert_eq!(stream.len(), globals_len);
    stream.extend(bof(0x0010));
    let (rf, rl, cf, cl) = dimensions;
    let mut dims = rf.to_le_bytes().to_vec();
    dims.extend(rl.to_le_bytes());
    dims.extend(cf.to_le_bytes());
    dims.extend(cl.to_le_bytes());
    dims.extend([0, 0]);
    stream.extend(record(0x0200, &dims));
    for cell in cells {
        match cell {
            X::Label(row, col, text) => {
                let mut d = row.to_le_bytes().to_vec();
                d.extend(col.to_le_bytes());
                d.extend([0, 0]);
                let units: Vec<u16> = text.encode_utf16().collect();
                d.extend((units.len() as u16).to_le_bytes());
                d.push(0x01);
                for unit in units {
                    d.extend(unit.to_le_bytes());
                }
                stream.extend(record(0x0204, &d));
            }
            X::Number(row, col, value) => {
                let mut d = row.to_le_bytes().to_vec();
                d.extend(col.to_le_bytes());
                d.extend([0, 0]);
                d.extend(value.to_le_bytes());
                stream.extend(record(0x0203, &d));
            }
        }
    }
    stream.extend(record(0x000A, &[]));
    compound_file(&[("/Workbook", &stream)])
}

/// A compound file of version 3 (512-byte sectors), as Excel writes them.
fn compound_file(streams: &[(&str, &[u8])]) -> Vec<u8> {
    let mut file =
        cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new())).unwrap();
    for (path, data) in streams {
        let mut stream = file.create_stream(path).unwrap();
        stream.write_all(data).unwrap();
    }
    file.flush().unwrap();
    file.into_inner().into_inner()
}

fn read(bytes: &[u8], name: &str) -> Result<Table, SpreadsheetError> {
    read_table(bytes, name, &Limits::default())
}

fn texts(table: &Table) -> Vec<Vec<String>> {
    table
        .rows()
        .iter()
        .map(|row| row.iter().map(Cell::to_text).collect())
        .collect()
}

const FIELDS: [Field; 4] = [
    Field {
        key: "title",
        kind: FieldKind::Text,
        required: true,
    },
    Field {
        key: "due_date",
        kind: FieldKind::Date,
        required: true,
    },
    Field {
        key: "amount",
        kind: FieldKind::Money,
        required: false,
    },
    Field {
        key: "document",
        kind: FieldKind::Text,
        required: false,
    },
];

fn mapping() -> BTreeMap<String, String> {
    BTreeMap::from([
        ("title".to_owned(), "Título".to_owned()),
        ("due_date".to_owned(), "Vencimento".to_owned()),
        ("amount".to_owned(), "Valor (R$)".to_owned()),
        ("document".to_owned(), "Documento".to_owned()),
    ])
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn money(cents: i64) -> Value {
    Value::Money(Brl::from_cents(cents))
}

/// The good file every format carries: a header, three items, one of them
/// with its date as an Excel serial and no amount.
fn good_rows() -> Vec<Vec<F>> {
    vec![
        vec![
            F::S("Título"),
            F::S("Vencimento"),
            F::S("Valor (R$)"),
            F::S("Documento"),
        ],
        vec![
            F::S("Extrato de março"),
            F::D(2026, 3, 31),
            F::N(1234.56),
            F::N(123.0),
        ],
        vec![
            F::S("Nota fiscal 42"),
            F::S("15/04/2026"),
            F::S("R$ 1.234,56"),
            F::S("NF-42"),
        ],
        vec![F::S("Contrato social"), F::N(46_143.0), F::Blank, F::Blank],
    ]
}

fn assert_good_mapping(table: &Table) {
    let sheet = map_table(table, &FIELDS, &mapping()).unwrap();
    assert_eq!(sheet.errors, vec![], "{:?}", table.rows());
    assert_eq!(sheet.header_row, 1);
    assert_eq!(
        sheet.rows,
        vec![
            MappedRow {
                row: 2,
                values: vec![
                    Value::Text("Extrato de março".into()),
                    Value::Date(date(2026, 3, 31)),
                    money(123_456),
                    Value::Text("123".into()),
                ],
            },
            MappedRow {
                row: 3,
                values: vec![
                    Value::Text("Nota fiscal 42".into()),
                    Value::Date(date(2026, 4, 15)),
                    money(123_456),
                    Value::Text("NF-42".into()),
                ],
            },
            MappedRow {
                row: 4,
                values: vec![
                    Value::Text("Contrato social".into()),
                    Value::Date(date(2026, 5, 1)),
                    Value::Empty,
                    Value::Empty,
                ],
            },
        ]
    );
}

// ------------------------------------------------------------- good files

#[test]
fn a_good_xlsx_reads_with_its_types_and_maps() {
    let table = read(&xlsx(&good_rows()), "pendencias.xlsx").unwrap();
    assert_eq!(table.format(), Format::Xlsx);
    assert_eq!(table.sheet_name(), Some("Sheet1"));
    assert_eq!(
        table.rows()[1][1],
        Cell::DateTime(date(2026, 3, 31).and_time(chrono::NaiveTime::MIN))
    );
    assert_eq!(table.rows()[1][2], Cell::Number(1234.56));
    assert_good_mapping(&table);
}

#[test]
fn a_good_ods_reads_and_maps() {
    let rows = [
        ods_row(&[
            ods_text("Título"),
            ods_text("Vencimento"),
            ods_text("Valor (R$)"),
            ods_text("Documento"),
        ]),
        ods_row(&[
            ods_text("Extrato de março"),
            r#"<table:table-cell office:value-type="date" office:date-value="2026-03-31"><text:p>31/03/2026</text:p></table:table-cell>"#.to_owned(),
            ods_float(1234.56),
            ods_float(123.0),
        ]),
        ods_row(&[
            ods_text("Nota fiscal 42"),
            ods_text("15/04/2026"),
            ods_text("R$ 1.234,56"),
            ods_text("NF-42"),
        ]),
        ods_row(&[ods_text("Contrato social"), ods_float(46_143.0)]),
        // LibreOffice's trailing filler: a million empty rows.
        r#"<table:table-row table:number-rows-repeated="1048572"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#.to_owned(),
    ]
    .concat();
    let table = read(&ods(&rows), "pendencias.ods").unwrap();
    assert_eq!(table.format(), Format::Ods);
    assert_eq!(table.sheet_name(), Some("Pendências"));
    assert_eq!(table.rows().len(), 4);
    assert_good_mapping(&table);
}

#[test]
fn a_good_xls_reads_and_maps() {
    let bytes = xls(
        &[
            X::Label(0, 0, "Título"),
            X::Label(0, 1, "Vencimento"),
            X::Label(0, 2, "Valor (R$)"),
            X::Label(0, 3, "Documento"),
            X::Label(1, 0, "Extrato de março"),
            X::Label(1, 1, "31/03/2026"),
            X::Number(1, 2, 1234.56),
            X::Number(1, 3, 123.0),
            X::Label(2, 0, "Nota fiscal 42"),
            X::Label(2, 1, "15/04/2026"),
            X::Label(2, 2, "R$ 1.234,56"),
            X::Label(2, 3, "NF-42"),
            X::Label(3, 0, "Contrato social"),
            X::Number(3, 1, 46_143.0),
        ],
        (0, 4, 0, 4),
    );
    let table = read(&bytes, "pendencias.xls").unwrap();
    assert_eq!(table.format(), Format::Xls);
    assert_eq!(table.sheet_name(), Some("Planilha1"));
    assert_good_mapping(&table);
}

const GOOD_CSV: &str = "Título;Vencimento;Valor (R$);Documento\r\n\
    Extrato de março;31/03/2026;1234,56;123\r\n\
    Nota fiscal 42;15/04/2026;R$ 1.234,56;NF-42\r\n\
    Contrato social;46143;;\r\n";

#[test]
fn a_good_csv_reads_in_utf8_with_and_without_bom_and_in_windows_1252() {
    let with_bom = [b"\xEF\xBB\xBF".as_slice(), GOOD_CSV.as_bytes()].concat();
    let (latin1, _, unmappable) = encoding_rs::WINDOWS_1252.encode(GOOD_CSV);
    assert!(!unmappable);
    for (bytes, encoding) in [
        (GOOD_CSV.as_bytes().to_vec(), TextEncoding::Utf8),
        (with_bom, TextEncoding::Utf8Bom),
        (latin1.into_owned(), TextEncoding::Windows1252),
    ] {
        let table = read(&bytes, "pendencias.csv").unwrap();
        assert_eq!(table.format(), Format::Csv);
        assert_eq!(
            table.csv_dialect(),
            Some(CsvDialect {
                delimiter: b';',
                encoding
            })
        );
        assert_good_mapping(&table);
    }
}

#[test]
fn a_comma_separated_csv_reads_with_quoted_amounts() {
    let text = "Título,Vencimento,Valor (R$),Documento\n\
        Extrato de março,31/03/2026,\"1234,56\",123\n\
        Nota fiscal 42,15/04/2026,\"R$ 1.234,56\",NF-42\n\
        \"Contrato social\",46143,,\n";
    let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(text);
    for bytes in [text.as_bytes().to_vec(), latin1.into_owned()] {
        let table = read(&bytes, "PENDENCIAS.CSV").unwrap();
        assert_eq!(table.csv_dialect().map(|d| d.delimiter), Some(b','));
        assert_good_mapping(&table);
    }
}

#[test]
fn an_excel_sep_line_is_not_a_row() {
    let text = format!("sep=;\r\n{GOOD_CSV}");
    assert_good_mapping(&read(text.as_bytes(), "p.csv").unwrap());
}

// ------------------------------------------------------------ bad values

#[test]
fn bad_dates_numbers_and_empty_cells_are_reported_by_row_and_column() {
    let csv = "Título;Vencimento;Valor (R$);Documento\n\
        Bom;01/04/2026;10,00;\n\
        ;31/02/2026;1.234;\n\
        ;;;\n\
        \n\
        Data ruim;amanhã;12.50;\n\
        Ano curto;01/04/26;R$ 7,5;\n\
        Ok também;2026-04-01;-3;\n";
    let table = read(csv.as_bytes(), "p.csv").unwrap();
    let sheet = map_table(&table, &FIELDS, &mapping()).unwrap();
    let found: Vec<(u32, &str, &ValueError)> = sheet
        .errors
        .iter()
        .map(|e| (e.row, e.column.as_str(), &e.error))
        .collect();
    assert_eq!(
        found,
        vec![
            (3, "Título", &ValueError::Required),
            (
                3,
                "Vencimento",
                &ValueError::NonexistentDate("31/02/2026".into())
            ),
            (
                3,
                "Valor (R$)",
                &ValueError::AmbiguousAmount("1.234".into())
            ),
            (6, "Vencimento", &ValueError::InvalidDate("amanhã".into())),
            (6, "Valor (R$)", &ValueError::DecimalPoint("12.50".into())),
            (
                7,
                "Vencimento",
                &ValueError::TwoDigitYear("01/04/26".into())
            ),
        ]
    );
    assert_eq!(sheet.rejected_rows, 3);
    // Rejected rows keep what did convert, a bad cell read as empty.
    assert_eq!(
        sheet.rejected.iter().map(|r| r.row).collect::<Vec<_>>(),
        vec![3, 6, 7]
    );
    assert_eq!(sheet.rejected[1].values[2], Value::Empty, "12.50");
    assert_eq!(sheet.empty_rows, 2, "row 4 (;;;) and the blank line 5");
    assert_eq!(
        sheet.rows.iter().map(|r| r.row).collect::<Vec<_>>(),
        vec![2, 8]
    );
    assert_eq!(sheet.rows[1].values[2], money(-300));
    let error = &sheet.errors[1];
    assert_eq!(
        error.message(Locale::PtBr),
        "a data \"31/02/2026\" não existe"
    );
    assert_eq!(
        error.message(Locale::En),
        "date \"31/02/2026\" does not exist"
    );
}

#[test]
fn bad_cells_of_an_xlsx_are_reported_with_the_rows_the_user_sees() {
    let bytes = xlsx(&[
        vec![F::S("Relatório de pendências — março")],
        vec![],
        vec![F::S("Título"), F::S("Vencimento"), F::S("Valor (R$)")],
        vec![F::S("Um"), F::D(2026, 3, 31), F::N(12.345)],
        vec![],
        vec![F::Blank, F::Blank, F::S("   ")],
        vec![F::S("Dois"), F::S("31/03/2026"), F::S("1,5")],
        vec![F::S("Três"), F::N(0.0), F::N(1.0)],
    ]);
    let table = read(&bytes, "p.xlsx").unwrap();
    assert_eq!(
        table.header().map(|h| h.0),
        Some(3),
        "the title is passed over"
    );
    let mut map = mapping();
    map.remove("document");
    let sheet = map_table(&table, &FIELDS, &map).unwrap();
    assert_eq!(sheet.header_row, 3);
    let found: Vec<(u32, &str)> = sheet
        .errors
        .iter()
        .map(|e| (e.row, e.column.as_str()))
        .collect();
    assert_eq!(found, vec![(4, "Valor (R$)"), (8, "Vencimento")]);
    assert!(matches!(
        sheet.errors[0].error,
        ValueError::TooManyDecimals(_)
    ));
    assert_eq!(sheet.rows.len(), 1);
    assert_eq!(sheet.rows[0].row, 7);
    assert_eq!(sheet.rows[0].values[2], money(150));
    assert_eq!(sheet.empty_rows, 2);
}

#[test]
fn an_error_cell_is_reported_as_such() {
    let table = Table {
        format: Format::Xlsx,
        sheet: None,
        dialect: None,
        rows: vec![
            vec![Cell::Text("Título".into()), Cell::Text("Vencimento".into())],
            vec![Cell::Text("x".into()), Cell::Error("#N/A".into())],
            vec![Cell::Bool(true), Cell::Bool(false)],
        ],
    };
    let map = BTreeMap::from([
        ("title".to_owned(), "título".to_owned()),
        ("due_date".to_owned(), "VENCIMENTO".to_owned()),
    ]);
    let sheet = map_table(&table, &FIELDS, &map).unwrap();
    assert_eq!(sheet.errors[0].error, ValueError::CellError("#N/A".into()));
    assert_eq!(
        sheet.errors[1].error,
        ValueError::InvalidDate("FALSO".into())
    );
}

// ----------------------------------------------------------- bad columns

#[test]
fn wrong_columns_stop_the_file_with_every_problem_listed() {
    let csv = "Titulo;Vencimento;Vencimento;Observação\nA;01/01/2026;;x\n";
    let table = read(csv.as_bytes(), "p.csv").unwrap();
    let mut map = mapping();
    map.insert("priority".into(), "Prioridade".into());
    map.remove("title");
    map.insert("document".into(), "Nº do documento".into());
    let error = map_table(&table, &FIELDS, &map).unwrap_err();
    assert_eq!(
        error,
        MappingError::Columns(ColumnProblems {
            missing_columns: vec!["Valor (R$)".into(), "Nº do documento".into()],
            ambiguous_columns: vec!["Vencimento".into()],
            unknown_fields: vec!["priority".into()],
            unmapped_fields: vec!["title".into()],
        })
    );
    let message = error.message(Locale::PtBr);
    assert!(message.contains("colunas não encontradas no cabeçalho: Valor (R$), Nº do documento"));
    assert!(
        error
            .message(Locale::En)
            .contains("required fields without a column: title")
    );
}

#[test]
fn headers_match_without_case_accents_or_extra_spaces() {
    let csv = "  TITULO ;vencimento;VALOR  (r$)\nA;01/01/2026;1\n";
    let table = read(csv.as_bytes(), "p.csv").unwrap();
    let mut map = mapping();
    map.remove("document");
    let sheet = map_table(&table, &FIELDS, &map).unwrap();
    assert_eq!(sheet.rows.len(), 1);
    assert_eq!(sheet.errors, vec![]);
}

#[test]
fn an_empty_file_has_no_header() {
    for bytes in [b"".as_slice(), b"\n\n;;\n", b"\xEF\xBB\xBF"] {
        let table = read(bytes, "p.csv").unwrap();
        assert_eq!(table.header(), None);
        assert_eq!(
            map_table(&table, &FIELDS, &mapping()),
            Err(MappingError::NoHeader)
        );
    }
}

// ------------------------------------------------------- csv row numbers

#[test]
fn csv_rows_count_like_a_spreadsheet_shows_them() {
    // A quoted cell spanning lines is one row; blank lines are rows.
    let csv = "Título;Vencimento\n\"Linha\num\";01/01/2026\n\nDois;xx\n";
    let table = read(csv.as_bytes(), "p.csv").unwrap();
    assert_eq!(
        texts(&table),
        vec![
            vec!["Título", "Vencimento"],
            vec!["Linha\num", "01/01/2026"],
            vec![],
            vec!["Dois", "xx"],
        ]
    );
    let mut map = mapping();
    map.retain(|k, _| k == "title" || k == "due_date");
    let sheet = map_table(&table, &FIELDS, &map).unwrap();
    assert_eq!(sheet.errors[0].row, 4);
}

// ------------------------------------------------ hostile and broken files

#[test]
fn a_corrupt_xlsx_is_an_error_not_a_panic() {
    let mut bytes = b"PK\x03\x04".to_vec();
    let mut seed: u32 = 0x2545_F491;
    for _ in 0..4096 {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        bytes.push(seed as u8);
    }
    assert!(matches!(
        read(&bytes, "p.xlsx"),
        Err(SpreadsheetError::Corrupt(_))
    ));
    assert!(matches!(
        read(b"not a workbook", "p.xlsx"),
        Err(SpreadsheetError::Corrupt(_))
    ));
}

#[test]
fn damaged_workbooks_never_panic() {
    // Truncations and flipped bytes all over a good xlsx, ods and xls.
    let files = [
        xlsx(&good_rows()),
        ods(&ods_row(&[ods_text("a"), ods_float(1.0)])),
        xls(&[X::Label(0, 0, "a"), X::Number(1, 1, 2.0)], (0, 2, 0, 2)),
    ];
    for good in files {
        for i in (0..good.len()).step_by(good.len() / 40 + 1) {
            let _ = read(&good[..i], "p.xlsx");
            let mut flipped = good.clone();
            flipped[i] ^= 0xA5;
            let _ = read(&flipped, "p.xlsx");
        }
    }
}

#[test]
fn a_zip_bomb_is_refused_before_it_expands() {
    // 4 MiB of zeros deflate to ~4 KiB; the same at any scale.
    let zeros = vec![0u8; 4 * 1024 * 1024];
    let bomb = zip_of(&[
        ("xl/workbook.xml", b"<workbook/>"),
        ("xl/worksheets/sheet1.xml", &zeros),
    ]);
    assert!(bomb.len() < 64 * 1024);
    let limits = Limits {
        max_uncompressed_bytes: 1024 * 1024,
        ..Limits::default()
    };
    assert_eq!(
        read_table(&bomb, "bomba.xlsx", &limits),
        Err(SpreadsheetError::ExpandsTooMuch {
            limit_bytes: 1024 * 1024
        })
    );
}

#[test]
fn a_huge_shared_string_count_is_refused_before_calamine_reserves_it() {
    // calamine reserves `uniqueCount` strings up front: 10¹² would abort.
    let parts = unzip(&xlsx(&good_rows()));
    let rebuilt: Vec<(String, Vec<u8>)> = parts
        .into_iter()
        .map(|(name, data)| {
            if name == "xl/sharedStrings.xml" {
                let xml = String::from_utf8(data).unwrap();
                let start = xml.find("uniqueCount=\"").unwrap() + 13;
                let end = start + xml[start..].find('"').unwrap();
                let xml = format!("{}1000000000000{}", &xml[..start], &xml[end..]);
                (name, xml.into_bytes())
            } else {
                (name, data)
            }
        })
        .collect();
    let parts: Vec<(&str, &[u8])> = rebuilt
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    assert_eq!(
        read(&zip_of(&parts), "p.xlsx"),
        Err(SpreadsheetError::TooManyCells {
            limit: Limits::default().max_cells
        })
    );
}

#[test]
fn a_sheet_reaching_far_rows_or_columns_is_refused() {
    let limits = Limits::default();
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 16_383, "z").unwrap();
    let far_column = workbook.save_to_buffer().unwrap();
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(1_048_575, 0, "z").unwrap();
    let far_row = workbook.save_to_buffer().unwrap();
    assert_eq!(
        read(&far_row, "p.xlsx"),
        Err(SpreadsheetError::TooManyRows {
            limit: limits.max_rows
        })
    );
    assert_eq!(
        read(&far_column, "p.xlsx"),
        Err(SpreadsheetError::TooManyColumns {
            limit: limits.max_columns
        })
    );
    let csv = "a;b;c\n".repeat(11);
    let small = Limits {
        max_rows: 10,
        ..limits
    };
    assert_eq!(
        read_table(csv.as_bytes(), "p.csv", &small),
        Err(SpreadsheetError::TooManyRows { limit: 10 })
    );
    let small = Limits {
        max_cells: 20,
        ..limits
    };
    assert_eq!(
        read_table(csv.as_bytes(), "p.csv", &small),
        Err(SpreadsheetError::TooManyCells { limit: 20 })
    );
}

#[test]
fn an_ods_that_repeats_itself_into_billions_of_cells_is_refused() {
    // 16,384 filled columns × 1,000,000 rows in a few hundred bytes.
    let bomb = ods(&format!(
        r#"<table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="16384"/></table:table-row>{}"#,
        ods_row(&[ods_text("fim")])
    ));
    assert!(bomb.len() < 4096);
    assert!(matches!(
        read(&bomb, "p.ods"),
        Err(SpreadsheetError::TooManyCells { .. })
    ));
    // The same, made of many short rows rather than one repeated row.
    let row = r#"<table:table-row><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="16384"/></table:table-row>"#;
    let bomb = ods(&row.repeat(400));
    assert!(matches!(
        read(&bomb, "p.ods"),
        Err(SpreadsheetError::TooManyCells { .. })
    ));
}

#[test]
fn an_xls_claiming_huge_dimensions_or_far_cells_is_refused() {
    // DIMENSIONS of 4 billion rows × 256 columns: calamine would reserve it.
    let bytes = xls(&[X::Label(0, 0, "a")], (0, u32::MAX, 0, 256));
    assert!(matches!(
        read(&bytes, "p.xls"),
        Err(SpreadsheetError::TooManyCells { .. })
    ));
    // Two cells at opposite corners: calamine builds the grid between them.
    let bytes = xls(
        &[X::Label(0, 0, "a"), X::Number(65_535, 65_535, 1.0)],
        (0, 1, 0, 1),
    );
    assert!(matches!(
        read(&bytes, "p.xls"),
        Err(SpreadsheetError::TooManyCells { .. })
    ));
}

#[test]
fn a_password_protected_xlsx_says_so() {
    let bytes = compound_file(&[
        ("/EncryptionInfo", b"\x04\x00\x04\x00".as_slice()),
        ("/EncryptedPackage", &[0u8; 64]),
    ]);
    assert_eq!(read(&bytes, "p.xlsx"), Err(SpreadsheetError::Encrypted));
}

#[test]
fn other_files_are_refused_by_what_they_are() {
    assert_eq!(
        read(b"%PDF-1.7", "extrato.pdf"),
        Err(SpreadsheetError::Unsupported(".pdf".into()))
    );
    let docx = zip_of(&[("word/document.xml", b"<w:document/>")]);
    assert_eq!(
        read(&docx, "p.xlsx"),
        Err(SpreadsheetError::Unsupported("docx".into()))
    );
    let limits = Limits {
        max_bytes: 10,
        ..Limits::default()
    };
    assert_eq!(
        read_table(&[0u8; 11], "p.csv", &limits),
        Err(SpreadsheetError::FileTooLarge { limit_bytes: 10 })
    );
}

#[test]
fn errors_speak_portuguese_first() {
    let error = SpreadsheetError::TooManyRows { limit: 200_001 };
    assert_eq!(
        error.message(Locale::PtBr),
        "a planilha passa de 200001 linhas; divida-a em arquivos menores"
    );
    assert!(error.to_string().starts_with("a planilha passa"));
    assert!(error.to_string().contains(" / the sheet goes past"));
    assert_eq!(
        SpreadsheetError::FileTooLarge {
            limit_bytes: 50 * 1024 * 1024
        }
        .message(Locale::En),
        "the file is over the 50 MiB limit"
    );
}

// ------------------------- cells, sheets and shared strings that expand too far

/// A one-sheet xlsx written by rust_xlsxwriter, with some parts replaced
/// (by name) and others renamed (`(old, new)`).
fn xlsx_with(replace: &[(&str, String)], rename: &[(&str, &str)]) -> Vec<u8> {
    let parts = unzip(&xlsx(&[vec![F::S("Título"), F::S("CNPJ")]]));
    let parts: Vec<(String, Vec<u8>)> = parts
        .into_iter()
        .map(|(name, data)| {
            let data = replace
                .iter()
                .find(|(n, _)| *n == name)
                .map_or(data, |(_, xml)| xml.clone().into_bytes());
            let name = rename
                .iter()
                .find(|(old, _)| *old == name)
                .map_or(name, |(_, new)| (*new).to_owned());
            (name, data)
        })
        .collect();
    let parts: Vec<(&str, &[u8])> = parts
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    zip_of(&parts)
}

fn sst(items: &str) -> (&'static str, String) {
    (
        "xl/sharedStrings.xml",
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" uniqueCount="2">{items}</sst>"#
        ),
    )
}

fn sheet_xml(rows: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>"#
    )
}

/// A row of one inline-string cell.
fn inline_row(row: u32, text: &str) -> String {
    format!(r#"<row r="{row}"><c r="A{row}" t="inlineStr"><is><t>{text}</t></is></c></row>"#)
}

fn cell_error() -> SpreadsheetError {
    SpreadsheetError::CellTooLarge {
        limit_bytes: Limits::default().max_cell_bytes,
    }
}

fn cell_too_large() -> Result<Table, SpreadsheetError> {
    Err(cell_error())
}

/// What the guard alone says of a file, before calamine would open it
/// (`read_table` also counts the text calamine hands over, which would
/// catch some of these too, only later).
fn guard_of(bytes: &[u8], limits: &Limits) -> Result<(), SpreadsheetError> {
    if bytes.starts_with(CFB_MAGIC) {
        guard::inspect_xls(bytes, limits)
    } else {
        guard::inspect_zip(bytes, limits).map(|_| ())
    }
}

/// Both the guard and the whole read refuse `bytes` with `error`.
fn refused_up_front(bytes: &[u8], name: &str, limits: &Limits, error: SpreadsheetError) {
    assert_eq!(guard_of(bytes, limits), Err(error.clone()), "guard");
    assert_eq!(read_table(bytes, name, limits), Err(error), "read");
}

#[test]
fn one_huge_shared_string_is_refused_before_calamine_holds_it() {
    // The issue's file had one shared string of 400 MiB in 412 KB; the
    // same at 8 MiB is 13 KB and passes the total and the part limits.
    let huge = "A".repeat(8 * 1024 * 1024);
    let file = xlsx_with(
        &[sst(&format!("<si><t>{huge}</t></si><si><t>CNPJ</t></si>"))],
        &[],
    );
    assert!(file.len() < 64 * 1024, "{}", file.len());
    refused_up_front(&file, "p.xlsx", &Limits::default(), cell_error());
    // The same string in small tokens, which calamine joins: entity
    // references, rich-text runs, CDATA sections, phonetic runs.
    for pieces in [
        "&amp;".repeat(100_000),
        "<r><t>AAAAAAAAAAAAAAAA</t></r>".repeat(20_000),
        "<t><![CDATA[AAAAAAAA]]></t>".repeat(20_000),
        format!("<t>a</t>{}", "<rPh><t>AAAAAAAA</t></rPh>".repeat(20_000)),
    ] {
        let file = xlsx_with(
            &[sst(&format!("<si>{pieces}</si><si><t>CNPJ</t></si>"))],
            &[],
        );
        refused_up_front(&file, "p.xlsx", &Limits::default(), cell_error());
    }
    // Excel's largest cell, 32,767 characters, reads.
    let longest = "ç".repeat(32_767);
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, &longest).unwrap();
    let table = read(&workbook.save_to_buffer().unwrap(), "p.xlsx").unwrap();
    assert_eq!(texts(&table), vec![vec![longest]]);
}

#[test]
fn a_huge_inline_cell_is_refused_whatever_the_sheet_is_called() {
    let huge = "B".repeat(4 * 1024 * 1024);
    let sheet = sheet_xml(&format!(
        "{}{}",
        inline_row(1, "Título"),
        inline_row(2, &huge)
    ));
    let file = xlsx_with(&[("xl/worksheets/sheet1.xml", sheet.clone())], &[]);
    refused_up_front(&file, "p.xlsx", &Limits::default(), cell_error());
    // A worksheet part need not be named .xml: the workbook's
    // relationships say where it is, and calamine reads it from there.
    let rels = |target: &str| {
        (
            "xl/_rels/workbook.xml.rels",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="{target}"/></Relationships>"#
            ),
        )
    };
    let moved = [("xl/worksheets/sheet1.xml", "xl/worksheets/dados.bin")];
    let small = sheet_xml(&format!(
        "{}{}",
        inline_row(1, "Título"),
        inline_row(2, "ok")
    ));
    let file = xlsx_with(
        &[
            ("xl/worksheets/sheet1.xml", small),
            rels("worksheets/dados.bin"),
        ],
        &moved,
    );
    assert_eq!(
        texts(&read(&file, "p.xlsx").unwrap()),
        vec![vec!["Título"], vec!["ok"]],
        "calamine reads the renamed part"
    );
    let file = xlsx_with(
        &[
            ("xl/worksheets/sheet1.xml", sheet),
            rels("worksheets/dados.bin"),
        ],
        &moved,
    );
    refused_up_front(&file, "p.xlsx", &Limits::default(), cell_error());
    // One cell of many small elements (a long formula, say) counts whole.
    let cell = format!(
        r#"<row r="2"><c r="A2">{}<v>1</v></c></row>"#,
        "<f>1</f>".repeat(50_000)
    );
    let file = xlsx_with(&[("xl/worksheets/sheet1.xml", sheet_xml(&cell))], &[]);
    refused_up_front(&file, "p.xlsx", &Limits::default(), cell_error());
    // Any one token, anywhere: a comment between rows.
    let comment = format!("<!--{}-->", "C".repeat(1024 * 1024));
    let file = xlsx_with(&[("xl/worksheets/sheet1.xml", sheet_xml(&comment))], &[]);
    refused_up_front(&file, "p.xlsx", &Limits::default(), cell_error());
}

#[test]
fn parts_past_their_own_limits_are_refused_by_their_declared_size() {
    let limits = Limits {
        max_shared_strings_bytes: 1024 * 1024,
        max_sheet_bytes: 2 * 1024 * 1024,
        ..Limits::default()
    };
    // Many ordinary strings: each cell is small, the table is not.
    let strings = "<si><t>Extrato de março</t></si>".repeat(40_000);
    let file = xlsx_with(&[sst(&strings)], &[]);
    refused_up_front(
        &file,
        "p.xlsx",
        &limits,
        SpreadsheetError::SharedStringsTooLarge {
            limit_bytes: 1024 * 1024,
        },
    );
    let rows: String = (1..=40_000).map(|r| inline_row(r, "Extrato")).collect();
    let file = xlsx_with(&[("xl/worksheets/sheet1.xml", sheet_xml(&rows))], &[]);
    refused_up_front(
        &file,
        "p.xlsx",
        &limits,
        SpreadsheetError::SheetTooLarge {
            limit_bytes: 2 * 1024 * 1024,
        },
    );
    // With the default limits both read.
    assert!(read(&file, "p.xlsx").is_ok());
}

#[test]
fn one_shared_string_copied_into_many_cells_counts_at_every_cell() {
    let long = "x".repeat(30_000);
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for row in 0..40 {
        sheet.write_string(row, 0, &long).unwrap();
    }
    let file = workbook.save_to_buffer().unwrap();
    let limits = Limits {
        max_sheet_bytes: 1024 * 1024,
        ..Limits::default()
    };
    assert_eq!(
        read_table(&file, "p.xlsx", &limits),
        Err(SpreadsheetError::SheetTooLarge {
            limit_bytes: 1024 * 1024
        })
    );
    assert_eq!(read(&file, "p.xlsx").unwrap().rows().len(), 40);
}

#[test]
fn an_ods_cell_that_expands_or_repeats_past_the_limits_is_refused() {
    let limits = Limits::default();
    // `text:s` expands to that many spaces: 100 million from 40 bytes,
    // the count written plainly or as character references.
    for count in ["100000000", "&#49;&#48;&#48;&#48;&#48;&#48;&#48;&#48;&#48;"] {
        let bomb = ods(&ods_row(&[format!(
            r#"<table:table-cell office:value-type="string"><text:p>a<text:s text:c="{count}"/>b</text:p></table:table-cell>"#
        )]));
        refused_up_front(&bomb, "p.ods", &limits, cell_error());
    }
    // A 100 KiB cell, repeated over every column or down 10,000 rows:
    // calamine copies it each time.
    let text = "y".repeat(100 * 1024);
    let across = ods(&ods_row(&[format!(
        r#"<table:table-cell office:value-type="string" table:number-columns-repeated="16384"><text:p>{text}</text:p></table:table-cell>"#
    )]));
    let down = ods(&format!(
        r#"<table:table-row table:number-rows-repeated="10000">{}</table:table-row>"#,
        ods_text(&text)
    ));
    for bomb in [across, down] {
        assert!(bomb.len() < 16 * 1024);
        refused_up_front(
            &bomb,
            "p.ods",
            &limits,
            SpreadsheetError::SheetTooLarge {
                limit_bytes: limits.max_sheet_bytes,
            },
        );
    }
    // Spaces and repeats within reason read.
    let fine = ods(
        r#"<table:table-row table:number-rows-repeated="3"><table:table-cell office:value-type="string" table:number-columns-repeated="2"><text:p>a<text:s text:c="3"/>b</text:p></table:table-cell></table:table-row>"#,
    );
    assert_eq!(
        texts(&read(&fine, "p.ods").unwrap()),
        vec![vec!["a   b", "a   b"]; 3]
    );
}

/// A BIFF8 workbook with a shared-string table and one sheet of
/// `LabelSst` cells (row, column, string index).
fn xls_with_sst(strings: &[String], cells: &[(u16, u16, u32)]) -> Vec<u8> {
    let bof = |dt: u16| {
        let mut d = vec![0x00, 0x06];
        d.extend(dt.to_le_bytes());
        d.extend([0u8; 12]);
        record(0x0809, &d)
    };
    let mut sst = (strings.len() as u32).to_le_bytes().to_vec();
    sst.extend((strings.len() as u32).to_le_bytes());
    for s in strings {
        sst.extend((s.len() as u16).to_le_bytes());
        sst.push(0x00);
        sst.extend(s.as_bytes());
    }
    let name = "Planilha1";
    let mut bound = vec![0u8; 4];
    bound.extend([0x00, 0x00, name.len() as u8, 0x00]);
    bound.extend(name.as_bytes());
    let globals_len =
        bof(0x0005).len() + record(0x00FC, &sst).len() + record(0x0085, &bound).len() + 4;
    bound[..4].copy_from_slice(&(globals_len as u32).to_le_bytes());
    let mut stream = bof(0x0005);
    stream.extend(record(0x00FC, &sst));
    stream.extend(record(0x0085, &bound));
    stream.extend(record(0x000A, &[]));
    assert_eq!(stream.len(), globals_len);
    stream.extend(bof(0x0010));
    for (row, col, index) in cells {
        let mut d = row.to_le_bytes().to_vec();
        d.extend(col.to_le_bytes());
        d.extend([0, 0]);
        d.extend(index.to_le_bytes());
        stream.extend(record(0x00FD, &d));
    }
    stream.extend(record(0x000A, &[]));
    compound_file(&[("/Workbook", &stream)])
}

#[test]
fn an_xls_shared_string_used_by_many_cells_is_refused() {
    // One 60,000-character string (the format's strings stop at 65,535)
    // and 3,000 cells using it: 180 MB of copies from a 90 KB file.
    let strings = ["Titulo".to_owned(), "z".repeat(60_000)];
    let mut cells = vec![(0, 0, 0)];
    cells.extend((1..3_000).map(|row| (row, 0, 1)));
    let bomb = xls_with_sst(&strings, &cells);
    assert!(bomb.len() < 128 * 1024, "{}", bomb.len());
    refused_up_front(
        &bomb,
        "p.xls",
        &Limits::default(),
        SpreadsheetError::SheetTooLarge {
            limit_bytes: Limits::default().max_sheet_bytes,
        },
    );
    let fine = xls_with_sst(&strings, &[(0, 0, 0), (1, 0, 1), (2, 0, 1)]);
    let table = read(&fine, "p.xls").unwrap();
    assert_eq!(texts(&table)[0], vec!["Titulo"]);
    assert_eq!(texts(&table)[2], vec!["z".repeat(60_000)]);
    // Each string is a cell; all of them the shared-string table.
    let small = Limits {
        max_cell_bytes: 100_000,
        ..Limits::default()
    };
    refused_up_front(
        &fine,
        "p.xls",
        &small,
        SpreadsheetError::CellTooLarge {
            limit_bytes: 100_000,
        },
    );
    let small = Limits {
        max_shared_strings_bytes: 100_000,
        ..Limits::default()
    };
    refused_up_front(
        &fine,
        "p.xls",
        &small,
        SpreadsheetError::SharedStringsTooLarge {
            limit_bytes: 100_000,
        },
    );
}

#[test]
fn a_csv_cell_or_sheet_past_the_limits_is_refused() {
    let limits = Limits::default();
    let csv = format!("Título;CNPJ\n\"{}\";1\n", "w".repeat(300 * 1024));
    assert_eq!(read(csv.as_bytes(), "p.csv"), cell_too_large());
    let csv = "Extrato de março;61.204.837/0001-47\n".repeat(100);
    let small = Limits {
        max_sheet_bytes: 1000,
        ..limits
    };
    assert_eq!(
        read_table(csv.as_bytes(), "p.csv", &small),
        Err(SpreadsheetError::SheetTooLarge { limit_bytes: 1000 })
    );
}

#[test]
fn limit_errors_name_their_limit() {
    let error = SpreadsheetError::CellTooLarge {
        limit_bytes: 256 * 1024,
    };
    assert_eq!(error.limit(), Some(("max_cell_bytes", 256 * 1024)));
    assert_eq!(
        error.message(Locale::PtBr),
        "uma célula da planilha passa de 256 KiB (limite max_cell_bytes)"
    );
    let error = SpreadsheetError::SheetTooLarge {
        limit_bytes: 128 * 1024 * 1024,
    };
    assert!(
        error
            .to_string()
            .contains("128 MiB (limite max_sheet_bytes)")
    );
    assert!(
        error
            .to_string()
            .contains("128 MiB (limit max_sheet_bytes)")
    );
    let error = SpreadsheetError::SharedStringsTooLarge { limit_bytes: 1000 };
    assert!(error.to_string().contains("1000 bytes"));
    assert_eq!(error.limit(), Some(("max_shared_strings_bytes", 1000)));
    assert_eq!(SpreadsheetError::Encrypted.limit(), None);
}
