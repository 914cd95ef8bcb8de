//! How fast an import is read and mapped: the issue asks for 100,000 rows
//! in at most 10 seconds on this machine. `cargo bench -p atende-core
//! --features spreadsheet --bench spreadsheet` prints the time per whole
//! file (read + map of all rows), for an xlsx and for a Windows-1252 CSV.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::Duration;

use atende_core::spreadsheet::{Field, FieldKind, Limits, map_table, read_table};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

const ROWS: u32 = 100_000;

const FIELDS: [Field; 6] = [
    Field {
        key: "title",
        kind: FieldKind::Text,
        required: true,
    },
    Field {
        key: "company",
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
    Field {
        key: "description",
        kind: FieldKind::Text,
        required: false,
    },
];

const HEADERS: [&str; 6] = [
    "Título",
    "CNPJ",
    "Vencimento",
    "Valor (R$)",
    "Documento",
    "Descrição",
];

fn mapping() -> BTreeMap<String, String> {
    FIELDS
        .iter()
        .zip(HEADERS)
        .map(|(f, h)| (f.key.to_owned(), h.to_owned()))
        .collect()
}

fn row_values(i: u32) -> (String, String, (u16, u8, u8), f64, String, String) {
    (
        format!("Pendência {i}: extrato bancário"),
        format!("11.222.333/0001-{:02}", i % 100),
        (2026, (i % 12 + 1) as u8, (i % 28 + 1) as u8),
        f64::from(i % 100_000) * 1.25 + 0.5,
        format!("NF-{i:07}"),
        "Lançamento sem comprovante; enviar o documento até o vencimento".to_owned(),
    )
}

fn xlsx_file() -> Vec<u8> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let date_format = Format::new().set_num_format("dd/mm/yyyy");
    for (c, header) in HEADERS.iter().enumerate() {
        sheet.write_string(0, c as u16, *header).ok();
    }
    for i in 1..=ROWS {
        let (title, cnpj, (y, m, d), amount, doc, description) = row_values(i);
        sheet.write_string(i, 0, title).ok();
        sheet.write_string(i, 1, cnpj).ok();
        if let Ok(date) = ExcelDateTime::from_ymd(y, m, d) {
            sheet
                .write_datetime_with_format(i, 2, &date, &date_format)
                .ok();
        }
        sheet.write_number(i, 3, amount).ok();
        sheet.write_string(i, 4, doc).ok();
        sheet.write_string(i, 5, description).ok();
    }
    workbook.save_to_buffer().unwrap_or_default()
}

fn csv_file() -> Vec<u8> {
    let mut text = HEADERS.join(";");
    text.push_str("\r\n");
    for i in 1..=ROWS {
        let (title, cnpj, (y, m, d), amount, doc, description) = row_values(i);
        let cents = (amount * 100.0).round() as i64;
        let amount = atende_core::br_format::Brl::from_cents(cents).to_br_string();
        text.push_str(&format!(
            "{title};{cnpj};{d:02}/{m:02}/{y};R$ {amount};{doc};{description}\r\n"
        ));
    }
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
    bytes.into_owned()
}

fn import(c: &mut Criterion) {
    let mapping = mapping();
    let limits = Limits::default();
    let files = [
        ("xlsx", "pendencias.xlsx", xlsx_file()),
        ("csv", "pendencias.csv", csv_file()),
    ];
    let mut group = c.benchmark_group("spreadsheet_import");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(20));
    group.throughput(Throughput::Elements(u64::from(ROWS)));
    for (name, file_name, bytes) in &files {
        // Check once that every row maps, so the figure is for real work.
        let table = read_table(bytes, file_name, &limits);
        let rows = table
            .as_ref()
            .ok()
            .and_then(|t| map_table(t, &FIELDS, &mapping).ok())
            .map(|m| (m.rows.len(), m.errors.len()));
        assert_eq!(rows, Some((ROWS as usize, 0)), "{name}");
        eprintln!("{name}: {} bytes for {ROWS} rows", bytes.len());
        group.bench_function(format!("read + map {ROWS} rows of {name}"), |b| {
            b.iter(|| {
                let table = read_table(black_box(bytes), file_name, &limits);
                let mapped = table.map(|t| map_table(&t, &FIELDS, &mapping).map(|m| m.rows.len()));
                black_box(mapped)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, import);
criterion_main!(benches);
