//! Spreadsheet imports over HTTP, with fixture files made by the test
//! (xlsx by rust_xlsxwriter; csv in UTF-8 and Windows-1252): preview with
//! row-level errors, all-or-nothing commit, duplicate uploads, limits,
//! history with the original file, rights, and large files in a job.

use std::time::Duration as StdDuration;

use atende_core::permissions::Role;
use atende_testkit::multipart;
use reqwest::{Method, Response};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use serde_json::{Value, json};

use crate::demo_actors::{Demo, expect_code, expect_status};

const PAO: &str = "61.204.837/0001-47";
const MERCADO: &str = "70518294000123";
const CLINICA: &str = "93.627.541/0001-25";

fn xlsx(rows: &[(&str, &str, &str, f64)]) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (col, header) in ["Título", "CNPJ", "Vencimento", "Valor (R$)", "Documento"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, col as u16, *header).unwrap();
    }
    for (i, (title, cnpj, due, amount)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_string(r, 0, *title).unwrap();
        sheet.write_string(r, 1, *cnpj).unwrap();
        if i % 2 == 0 {
            // A real date cell…
            let (d, m, y) = (&due[0..2], &due[3..5], &due[6..10]);
            let when =
                ExcelDateTime::from_ymd(y.parse().unwrap(), m.parse().unwrap(), d.parse().unwrap())
                    .unwrap();
            sheet
                .write_datetime_with_format(r, 2, &when, &date)
                .unwrap();
        } else {
            // …or the text a person typed.
            sheet.write_string(r, 2, *due).unwrap();
        }
        sheet.write_number(r, 3, *amount).unwrap();
        sheet.write_string(r, 4, format!("NF {r}")).unwrap();
    }
    book.save_to_buffer().unwrap()
}

async fn upload(
    demo: &Demo,
    role: Role,
    name: &str,
    bytes: &[u8],
    extra: &[(&str, &str)],
) -> Response {
    let (content_type, body) = multipart(name, "application/octet-stream", bytes, extra);
    demo.app
        .request(Method::POST, "/api/v1/imports", demo.token(role))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap()
}

async fn commit(demo: &Demo, id: &str) -> Response {
    demo.call_as(
        Role::Agent,
        Method::POST,
        &format!("/api/v1/imports/{id}/commit"),
        None,
    )
    .await
}

async fn items_of(demo: &Demo, import: &str) -> Vec<Value> {
    demo.list_all(
        demo.token(Role::Agent),
        &format!("/api/v1/pending-items?import_id={import}"),
        "items of the import",
    )
    .await
}

#[tokio::test]
async fn a_good_workbook_previews_then_commits_all_rows_once() {
    let demo = Demo::start().await;
    let file = xlsx(&[
        ("Extrato de março", PAO, "20/03/2026", 1234.56),
        ("Nota fiscal 123", MERCADO, "25/03/2026", 99.9),
        ("Recibo de aluguel", PAO, "31/03/2026", 3500.0),
    ]);
    let preview = expect_status(
        upload(&demo, Role::Agent, "pendencias.xlsx", &file, &[]).await,
        201,
        "preview",
    )
    .await;
    assert_eq!(preview["status"], "previewed");
    assert_eq!(preview["format"], "xlsx");
    assert_eq!(preview["rows_total"], 3);
    assert_eq!(preview["rows_accepted"], 3);
    assert_eq!(preview["rows_rejected"], 0);
    assert_eq!(preview["mapping"]["company_cnpj"], "CNPJ");
    let id = preview["id"].as_str().unwrap();
    assert!(
        items_of(&demo, id).await.is_empty(),
        "a preview creates nothing"
    );

    let done = expect_status(commit(&demo, id).await, 200, "commit").await;
    assert_eq!(done["status"], "committed");
    let items = items_of(&demo, id).await;
    assert_eq!(items.len(), 3);
    let march = items
        .iter()
        .find(|i| i["title"] == "Extrato de março")
        .unwrap();
    assert_eq!(march["amount_cents"], 123456);
    assert_eq!(march["due_date"], "2026-03-20");
    assert_eq!(march["status"], "draft");
    assert_eq!(march["document_number"], "NF 1");
    let nota = items
        .iter()
        .find(|i| i["title"] == "Nota fiscal 123")
        .unwrap();
    assert_eq!(nota["due_date"], "2026-03-25", "typed dd/mm/aaaa");
    assert_eq!(nota["amount_cents"], 9990);
    // Committing twice does nothing more.
    assert_eq!(commit(&demo, id).await.status().as_u16(), 409);
    assert_eq!(items_of(&demo, id).await.len(), 3);

    // History: who, when, what; the original file comes back as sent.
    let history = demo
        .list_all(demo.token(Role::Agent), "/api/v1/imports", "history")
        .await;
    assert_eq!(history[0]["id"], id);
    assert_eq!(history[0]["uploaded_by"]["name"], "Camila Ribeiro");
    assert_eq!(history[0]["file_name"], "pendencias.xlsx");
    let original = demo
        .call_as(
            Role::Agent,
            Method::GET,
            &format!("/api/v1/imports/{id}/file"),
            None,
        )
        .await;
    assert_eq!(original.status().as_u16(), 200);
    let disposition = original.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(disposition.starts_with("attachment"), "{disposition}");
    assert_eq!(original.bytes().await.unwrap().as_ref(), file.as_slice());

    // Another consultancy's operator sees none of it; the admin sees it.
    let (_, other) = demo
        .create_signed_in_user(
            "outro.agente@atende.demo",
            Role::Agent,
            &[demo.company("Núcleo TI")],
        )
        .await;
    let theirs = demo
        .list_all(&other, "/api/v1/imports", "other history")
        .await;
    assert!(theirs.is_empty(), "{theirs:?}");
    for path in [
        format!("/api/v1/imports/{id}"),
        format!("/api/v1/imports/{id}/file"),
    ] {
        let response = demo
            .app
            .request(Method::GET, &path, &other)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 404, "{path}");
    }
    let admin = demo
        .list_all(demo.token(Role::Admin), "/api/v1/imports", "admin history")
        .await;
    assert_eq!(admin.len(), 1);

    // The same file again: flagged, and its commit refused.
    let again = expect_status(
        upload(&demo, Role::Agent, "de-novo.xlsx", &file, &[]).await,
        201,
        "re-upload",
    )
    .await;
    assert_eq!(again["duplicate_of"], id);
    let refused = commit(&demo, again["id"].as_str().unwrap()).await;
    assert_eq!(
        expect_code(refused, 409, "conflict", "duplicate").await["field"],
        "file"
    );
    assert!(
        items_of(&demo, again["id"].as_str().unwrap())
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn row_errors_are_reported_and_nothing_is_stored() {
    let demo = Demo::start().await;
    // What Brazilian Excel writes: Windows-1252, `;`, dd/mm/aaaa, 1.234,56.
    let text = "Título;CNPJ;Vencimento;Valor\r\n\
                Certidão negativa;61.204.837/0001-47;10/04/2026;1.234,56\r\n\
                Data impossível;61.204.837/0001-47;31/02/2026;10,00\r\n\
                ;;;\r\n\
                Valor estranho;70.518.294/0001-23;12/04/2026;1,234.56\r\n\
                Outra consultoria;93.627.541/0001-25;12/04/2026;5,00\r\n\
                CNPJ inexistente;11.111.111/1111-11;12/04/2026;5,00\r\n\
                Tudo errado;11.111.111/1111-11;31/02/2026;1,234.56\r\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
    let preview = expect_status(
        upload(
            &demo,
            Role::Agent,
            "pendencias.csv",
            &bytes,
            &[("target_status", "awaiting_approval")],
        )
        .await,
        201,
        "preview",
    )
    .await;
    assert_eq!(preview["format"], "csv");
    assert_eq!(preview["rows_total"], 6, "the empty row is not a row");
    assert_eq!(preview["rows_accepted"], 1);
    assert_eq!(preview["rows_rejected"], 5);
    let errors = preview["errors"].as_array().unwrap();
    let at = |row: u64| {
        errors
            .iter()
            .find(|e| e["row"] == row)
            .unwrap_or_else(|| panic!("row {row}: {preview}"))
    };
    assert_eq!(at(3)["field"], "due_date");
    assert_eq!(at(3)["column"], "Vencimento");
    assert_eq!(at(5)["field"], "amount");
    assert_eq!(
        at(6)["field"],
        "company_cnpj",
        "a client outside the agent's reach"
    );
    assert_eq!(at(7)["field"], "company_cnpj");
    // Every problem of a row at once: the date, the value and the CNPJ.
    let row_8: Vec<&str> = errors
        .iter()
        .filter(|e| e["row"] == 8)
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(row_8, ["due_date", "amount", "company_cnpj"], "{preview}");
    // The accepted row, as it will be stored.
    assert_eq!(
        preview["preview"],
        json!([{
            "row": 2,
            "title": "Certidão negativa",
            "company_name": "Pão Dourado",
            "due_date": "2026-04-10",
            "amount_cents": 123456
        }]),
        "{preview}"
    );
    // All or nothing: refused while any row is wrong.
    let id = preview["id"].as_str().unwrap();
    let refused = commit(&demo, id).await;
    assert_eq!(
        expect_code(refused, 422, "validation", "rows with errors").await["field"],
        "file"
    );
    assert!(items_of(&demo, id).await.is_empty());

    // A UTF-8 file with `,` fixed up commits, as "awaiting approval".
    let fixed =
        "Título,CNPJ,Vencimento,Valor\nCertidão negativa,61204837000147,10/04/2026,\"1.234,56\"\n";
    let preview = expect_status(
        upload(
            &demo,
            Role::Agent,
            "ok.csv",
            fixed.as_bytes(),
            &[("target_status", "awaiting_approval")],
        )
        .await,
        201,
        "fixed preview",
    )
    .await;
    assert_eq!(preview["rows_rejected"], 0, "{preview}");
    let id = preview["id"].as_str().unwrap();
    expect_status(commit(&demo, id).await, 200, "commit fixed").await;
    let items = items_of(&demo, id).await;
    assert_eq!(items[0]["title"], "Certidão negativa");
    assert_eq!(items[0]["status"], "awaiting_approval");
    assert_eq!(items[0]["amount_cents"], 123456);
}

#[tokio::test]
async fn unreadable_files_wrong_columns_limits_and_rights() {
    let demo = Demo::start_with(|s| s.attachment_max_bytes = 64 * 1024).await;
    // No CNPJ column: a preview that asks for it, offering the sheet's
    // headers, and that cannot be committed; a mapping naming a column
    // the sheet lacks is the request's error.
    let wrong = "Título;Vencimento;Cliente\nAlgo;10/04/2026;X\nOutro;11/04/2026;Y\n";
    let asks = expect_status(
        upload(&demo, Role::Agent, "errada.csv", wrong.as_bytes(), &[]).await,
        201,
        "missing column",
    )
    .await;
    assert_eq!(asks["headers"], json!(["Título", "Vencimento", "Cliente"]));
    assert_eq!(asks["mapping"]["title"], "Título");
    assert_eq!(asks["errors"][0]["row"], 0, "{asks}");
    assert_eq!(asks["errors"][0]["field"], "company_cnpj", "{asks}");
    assert_eq!(
        (
            &asks["rows_total"],
            &asks["rows_accepted"],
            &asks["rows_rejected"]
        ),
        (&json!(2), &json!(0), &json!(2))
    );
    let refused = commit(&demo, asks["id"].as_str().unwrap()).await;
    expect_code(refused, 422, "validation", "commit without a cnpj column").await;
    let response = upload(
        &demo,
        Role::Agent,
        "errada.csv",
        wrong.as_bytes(),
        &[("mapping", r#"{"title":"Título","company_cnpj":"CNPJ"}"#)],
    )
    .await;
    let problem = expect_code(response, 422, "validation", "missing column").await;
    assert_eq!(problem["field"], "mapping");
    // A broken workbook: a zip header and noise.
    let mut corrupt = b"PK\x03\x04".to_vec();
    corrupt.extend(std::iter::repeat_n(0xA5_u8, 4_000));
    let response = upload(&demo, Role::Agent, "quebrada.xlsx", &corrupt, &[]).await;
    assert_eq!(
        expect_code(response, 422, "validation", "corrupt").await["field"],
        "file"
    );
    // Over the upload limit.
    let big = vec![b'a'; 70 * 1024];
    let response = upload(&demo, Role::Agent, "grande.csv", &big, &[]).await;
    assert_eq!(response.status().as_u16(), 413);
    // A bad mapping JSON and a bad target status are named.
    let file = xlsx(&[("Extrato", PAO, "20/03/2026", 1.0)]);
    let response = upload(&demo, Role::Agent, "a.xlsx", &file, &[("mapping", "{oops")]).await;
    assert_eq!(
        expect_code(response, 422, "validation", "mapping json").await["field"],
        "mapping"
    );
    let response = upload(
        &demo,
        Role::Agent,
        "a.xlsx",
        &file,
        &[("target_status", "resolved")],
    )
    .await;
    assert_eq!(
        expect_code(response, 422, "validation", "target").await["field"],
        "target_status"
    );
    // "Importar planilhas": ADM and Operador only.
    for role in [Role::Supervisor, Role::ClientSupervisor, Role::Client] {
        let response = upload(&demo, role, "a.xlsx", &file, &[]).await;
        assert_eq!(response.status().as_u16(), 403, "{role:?}");
        let history = demo
            .call_as(role, Method::GET, "/api/v1/imports", None)
            .await;
        assert_eq!(history.status().as_u16(), 403, "history as {role:?}");
    }
    expect_status(
        upload(&demo, Role::Admin, "a.xlsx", &file, &[]).await,
        201,
        "admin",
    )
    .await;
    // Nothing was created by any of it.
    let items = demo
        .list_all(demo.token(Role::Admin), "/api/v1/pending-items", "items")
        .await;
    assert!(items.is_empty());
    let _ = CLINICA;
}

#[tokio::test]
async fn a_large_file_commits_in_the_background() {
    let demo = Demo::start().await;
    let mut text = String::from("Título;CNPJ;Valor\n");
    for n in 0..2_100 {
        text.push_str(&format!("Lançamento {n};{PAO};{n},50\n"));
    }
    let preview = expect_status(
        upload(&demo, Role::Agent, "grande.csv", text.as_bytes(), &[]).await,
        201,
        "preview",
    )
    .await;
    assert_eq!(preview["rows_accepted"], 2_100);
    let id = preview["id"].as_str().unwrap().to_owned();
    let queued = commit(&demo, &id).await;
    assert_eq!(queued.status().as_u16(), 202);
    let done = wait_while_committing(&demo, &id).await;
    assert_eq!(done["status"], "committed", "{done}");
    assert!(done.get("rows_committed").is_none(), "{done}");
    assert_eq!(items_of(&demo, &id).await.len(), 2_100);
    let numbers: Vec<i64> = items_of(&demo, &id)
        .await
        .iter()
        .map(|i| i["number"].as_i64().unwrap())
        .collect();
    assert_eq!(
        numbers.iter().max().unwrap() - numbers.iter().min().unwrap(),
        2_099,
        "consecutive numbers"
    );
    let _ = json!({});
}

/// Polls a background commit until it ends, checking that the progress
/// figure only grows and never passes the accepted rows; returns the last
/// record.
async fn wait_while_committing(demo: &Demo, id: &str) -> Value {
    let deadline = tokio::time::Instant::now() + StdDuration::from_secs(60);
    let mut written = 0;
    loop {
        let record = expect_status(
            demo.call_as(
                Role::Agent,
                Method::GET,
                &format!("/api/v1/imports/{id}"),
                None,
            )
            .await,
            200,
            "progress",
        )
        .await;
        if record["status"] != "committing" {
            return record;
        }
        let now = record["rows_committed"]
            .as_i64()
            .unwrap_or_else(|| panic!("no progress figure: {record}"));
        assert!(
            (written..=record["rows_accepted"].as_i64().unwrap()).contains(&now),
            "{written} then {record}"
        );
        written = now;
        assert!(tokio::time::Instant::now() < deadline, "still {record}");
        tokio::time::sleep(StdDuration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_background_commit_that_no_longer_passes_fails_with_nothing_stored() {
    let demo = Demo::start().await;
    let mut text = String::from("Título;CNPJ;Valor\n");
    for n in 0..2_100 {
        text.push_str(&format!("Lançamento {n};{PAO};{n},50\n"));
    }
    let preview = expect_status(
        upload(&demo, Role::Agent, "grande.csv", text.as_bytes(), &[]).await,
        201,
        "preview",
    )
    .await;
    let id = preview["id"].as_str().unwrap().to_owned();
    // Between the preview and the commit, the company is deactivated.
    expect_status(
        demo.call_as(
            Role::Admin,
            Method::PATCH,
            &format!("/api/v1/companies/{}", demo.company("Pão Dourado")),
            Some(json!({ "active": false })),
        )
        .await,
        200,
        "deactivate",
    )
    .await;
    assert_eq!(commit(&demo, &id).await.status().as_u16(), 202);
    let failed = wait_while_committing(&demo, &id).await;
    assert_eq!(failed["status"], "failed", "{failed}");
    assert_eq!(failed["errors"][0]["field"], "file", "{failed}");
    assert!(
        failed["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("preview it again"),
        "{failed}"
    );
    assert!(items_of(&demo, &id).await.is_empty());
    // A failed import cannot be committed again; a new upload can.
    let again = commit(&demo, &id).await;
    assert_eq!(again.status().as_u16(), 409);
}

/// 100,000 rows end to end over HTTP: upload and preview, then the
/// background commit. Not part of the regular run; it prints its figures:
/// `cargo test -p atende-api --test api import_of_100k -- --ignored --nocapture`
/// (add `TEST_DATABASE_URL=postgres://…` for PostgreSQL).
#[tokio::test]
#[ignore = "a 100,000-row import; run on demand"]
async fn import_of_100k_rows() {
    let demo = Demo::start_with(|s| s.attachment_max_bytes = 50 * 1024 * 1024).await;
    let mut text = String::from("Título;CNPJ;Vencimento;Valor;Documento\n");
    for n in 0..100_000 {
        let cnpj = if n % 2 == 0 { PAO } else { MERCADO };
        text.push_str(&format!(
            "Lançamento {n};{cnpj};{:02}/04/2026;{n},{:02};NF {n}\n",
            1 + n % 28,
            n % 100
        ));
    }
    let started = std::time::Instant::now();
    let preview = expect_status(
        upload(&demo, Role::Agent, "grande.csv", text.as_bytes(), &[]).await,
        201,
        "preview",
    )
    .await;
    let previewed = started.elapsed();
    assert_eq!(preview["rows_accepted"], 100_000, "{}", preview["errors"]);
    let id = preview["id"].as_str().unwrap().to_owned();
    let started = std::time::Instant::now();
    assert_eq!(commit(&demo, &id).await.status().as_u16(), 202);
    loop {
        let record = expect_status(
            demo.call_as(
                Role::Agent,
                Method::GET,
                &format!("/api/v1/imports/{id}"),
                None,
            )
            .await,
            200,
            "progress",
        )
        .await;
        if record["status"] == "committed" {
            break;
        }
        tokio::time::sleep(StdDuration::from_millis(100)).await;
    }
    let committed = started.elapsed();
    println!(
        "import of 100,000 rows ({} MB csv): preview {:.1} s, commit {:.1} s, total {:.1} s",
        text.len() / 1_000_000,
        previewed.as_secs_f64(),
        committed.as_secs_f64(),
        (previewed + committed).as_secs_f64()
    );
}

#[tokio::test]
async fn saved_mappings_read_sheets_with_their_own_headers() {
    let demo = Demo::start().await;
    let mapping = json!({ "title": "Assunto da pendência", "company_cnpj": "Empresa (CNPJ)", "amount": "Total" });
    let template = expect_status(
        demo.call_as(
            Role::Agent,
            Method::POST,
            "/api/v1/import-templates",
            Some(json!({ "name": "Banco do Brasil", "mapping": mapping })),
        )
        .await,
        201,
        "template",
    )
    .await;
    let taken = demo
        .call_as(
            Role::Agent,
            Method::POST,
            "/api/v1/import-templates",
            Some(json!({ "name": "Banco do Brasil", "mapping": {} })),
        )
        .await;
    expect_code(taken, 409, "conflict", "same name").await;
    let bad = demo
        .call_as(
            Role::Agent,
            Method::POST,
            "/api/v1/import-templates",
            Some(json!({ "name": "Outro", "mapping": { "color": "Cor" } })),
        )
        .await;
    assert_eq!(
        expect_code(bad, 422, "validation", "bad field").await["field"],
        "mapping.color"
    );
    let forbidden = demo
        .call_as(
            Role::Supervisor,
            Method::GET,
            "/api/v1/import-templates",
            None,
        )
        .await;
    assert_eq!(forbidden.status().as_u16(), 403);
    let listed = expect_status(
        demo.call_as(Role::Agent, Method::GET, "/api/v1/import-templates", None)
            .await,
        200,
        "list",
    )
    .await;
    assert_eq!(listed[0]["mapping"]["company_cnpj"], "Empresa (CNPJ)");

    let sheet =
        "Assunto da pendência;Empresa (CNPJ);Total\nTarifa bancária;61.204.837/0001-47;12,90\n";
    // Without the template these headers mean nothing: the preview asks
    // for both required fields…
    let plain = expect_status(
        upload(&demo, Role::Agent, "bb.csv", sheet.as_bytes(), &[]).await,
        201,
        "unmapped",
    )
    .await;
    let asked: Vec<&Value> = plain["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["field"])
        .collect();
    assert_eq!(asked, [&json!("title"), &json!("company_cnpj")], "{plain}");
    assert_eq!(plain["rows_accepted"], 0);
    // …with it, the row is read.
    let preview = expect_status(
        upload(
            &demo,
            Role::Agent,
            "bb.csv",
            sheet.as_bytes(),
            &[("template_id", template["id"].as_str().unwrap())],
        )
        .await,
        201,
        "with template",
    )
    .await;
    assert_eq!(preview["rows_accepted"], 1, "{preview}");
    assert_eq!(preview["mapping"]["amount"], "Total");
}

/// An xlsx of a few hundred kilobytes whose one sheet is `filler` bytes of
/// empty rows (which the reader walks through) and then one inline cell
/// of `cell` bytes, compressed ~1000:1 like the issue's 412 KB file whose
/// one cell expanded to 400 MiB.
fn expanding_xlsx(filler: usize, cell: usize) -> Vec<u8> {
    use std::io::{Cursor, Read, Write};
    let mut archive = zip::ZipArchive::new(Cursor::new(xlsx(&[]))).unwrap();
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).unwrap();
        let name = part.name().unwrap().into_owned();
        let mut data = Vec::new();
        part.read_to_end(&mut data).unwrap();
        writer.start_file(name.as_str(), options).unwrap();
        if name != "xl/worksheets/sheet1.xml" {
            writer.write_all(&data).unwrap();
            continue;
        }
        writer
            .write_all(
                br#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>T&#237;tulo</t></is></c><c r="B1" t="inlineStr"><is><t>CNPJ</t></is></c></row>"#,
            )
            .unwrap();
        let row = br#"<row r="2" spans="1:2"></row>"#;
        for _ in 0..filler / row.len() {
            writer.write_all(row).unwrap();
        }
        writer
            .write_all(br#"<row r="3"><c r="A3" t="inlineStr"><is><t>"#)
            .unwrap();
        let chunk = vec![b'A'; 1024 * 1024];
        for _ in 0..cell / chunk.len() {
            writer.write_all(&chunk).unwrap();
        }
        writer
            .write_all(b"</t></is></c></row></sheetData></worksheet>")
            .unwrap();
    }
    writer.finish().unwrap().into_inner()
}

/// Files in the blob store.
fn stored_files(demo: &Demo) -> usize {
    fn count(dir: &std::path::Path) -> usize {
        std::fs::read_dir(dir).map_or(0, |entries| {
            entries
                .flatten()
                .map(|e| {
                    let path = e.path();
                    if path.is_dir() { count(&path) } else { 1 }
                })
                .sum()
        })
    }
    count(&demo.app.state.settings.attachments_dir)
}

#[tokio::test]
async fn a_small_file_that_expands_past_the_limits_is_refused_while_the_server_answers() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::Instant;
    let demo = Demo::start().await;
    // 8 MiB of rows to walk, then a 16 MiB cell: ~40 KB on the wire.
    let bomb = expanding_xlsx(8 * 1024 * 1024, 16 * 1024 * 1024);
    assert!(bomb.len() < 200 * 1024, "{} bytes", bomb.len());
    let stored_before = stored_files(&demo);

    // Two at once, while a monitor asks /health/live every 50 ms.
    let done = AtomicBool::new(false);
    let uploads = async {
        let both = tokio::join!(
            upload(&demo, Role::Agent, "bomba.xlsx", &bomb, &[]),
            upload(&demo, Role::Admin, "bomba.xlsx", &bomb, &[]),
        );
        done.store(true, Ordering::SeqCst);
        both
    };
    let monitor = async {
        let (mut slowest, mut answers) = (StdDuration::ZERO, 0);
        while !done.load(Ordering::SeqCst) {
            let asked = Instant::now();
            let response = demo.app.get("/health/live").await;
            assert_eq!(response.status().as_u16(), 200);
            slowest = slowest.max(asked.elapsed());
            answers += 1;
            tokio::time::sleep(StdDuration::from_millis(50)).await;
        }
        (slowest, answers)
    };
    let ((first, second), (slowest, answers)) = tokio::join!(uploads, monitor);
    assert!(
        slowest < StdDuration::from_secs(1),
        "/health/live took {slowest:?} while the files were read"
    );
    assert!(answers >= 2, "/health/live answered {answers} times");
    for response in [first, second] {
        let problem = expect_code(response, 422, "validation", "expanding workbook").await;
        assert_eq!(problem["field"], "file", "{problem}");
        let detail = problem["detail"].as_str().unwrap();
        assert!(detail.contains("max_cell_bytes"), "{detail}");
        assert!(detail.contains("256 KiB"), "{detail}");
    }
    // Nothing was kept.
    assert!(
        demo.list_all(demo.token(Role::Admin), "/api/v1/imports", "history")
            .await
            .is_empty()
    );
    assert_eq!(stored_files(&demo), stored_before);
}

#[tokio::test]
async fn a_program_renamed_as_a_spreadsheet_is_refused_and_nothing_is_stored() {
    let demo = Demo::start().await;
    let stored_before = stored_files(&demo);
    // An ELF and a PE program, each carrying a CSV's first line.
    let mut elf = b"\x7fELF\x02\x01\x01\x00".to_vec();
    elf.resize(4096, 0);
    elf.extend(format!("Título;CNPJ\nExtrato;{PAO}\n").as_bytes());
    let mut pe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00".to_vec();
    pe.resize(4096, 0);
    pe.extend(format!("Título;CNPJ\nExtrato;{PAO}\n").as_bytes());
    for (name, bytes, kind) in [
        ("pendencias.csv", &elf, "application/x-executable"),
        ("pendencias", &elf, "application/x-executable"),
        ("pendencias.xls", &elf, "application/x-executable"),
        (
            "pendencias.csv",
            &pe,
            "application/vnd.microsoft.portable-executable",
        ),
    ] {
        let problem = expect_code(
            upload(&demo, Role::Agent, name, bytes, &[]).await,
            422,
            "validation",
            name,
        )
        .await;
        assert_eq!(problem["field"], "file", "{name}: {problem}");
        assert!(
            problem["detail"].as_str().unwrap().contains(kind),
            "{name}: {problem}"
        );
    }
    // Nothing in the history, nothing in the store.
    assert!(
        demo.list_all(demo.token(Role::Admin), "/api/v1/imports", "history")
            .await
            .is_empty()
    );
    assert_eq!(stored_files(&demo), stored_before);
    // The same line as a real CSV, in Windows-1252, still reads.
    let text = format!("Título;CNPJ\nExtrato;{PAO}\n");
    let (csv, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
    let preview = expect_status(
        upload(&demo, Role::Agent, "pendencias.csv", &csv, &[]).await,
        201,
        "a csv",
    )
    .await;
    assert_eq!(preview["rows_accepted"], 1, "{preview}");
}
