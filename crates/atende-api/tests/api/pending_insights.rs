//! Pending-item dashboards, the monthly and operators reports and the
//! export, checked against figures worked out by hand; clients never count
//! what they may not see; exports are reopened and compared.

use atende_core::permissions::Role;
use chrono::Duration;
use reqwest::Method;
use serde_json::{Value, json};

use crate::demo_actors::{Demo, expect_code, expect_forbidden, expect_not_found, expect_status};

async fn create(demo: &Demo, company: &str, title: &str, due: &str) -> String {
    let item = expect_status(
        demo.call_as(
            Role::Agent,
            Method::POST,
            "/api/v1/pending-items",
            Some(json!({ "title": title, "company_id": demo.company(company), "due_date": due, "amount_cents": 100050 })),
        )
        .await,
        201,
        "create",
    )
    .await;
    item["id"].as_str().unwrap().to_owned()
}

async fn step(demo: &Demo, role: Role, id: &str, action: &str) {
    expect_status(
        demo.call_as(
            role,
            Method::POST,
            &format!("/api/v1/pending-items/{id}/steps"),
            Some(json!({ "action": action, "reason": "Falta o extrato" })),
        )
        .await,
        200,
        action,
    )
    .await;
}

async fn advance(demo: &mut Demo, by: Duration) {
    demo.app.clock.advance(by);
    for role in [
        Role::Agent,
        Role::Supervisor,
        Role::Client,
        Role::ClientSupervisor,
        Role::Admin,
    ] {
        demo.sign_in_again(role).await;
    }
}

fn row<'a>(report: &'a Value, key: &str, name: &str) -> &'a Value {
    report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r[key] == name)
        .unwrap_or_else(|| panic!("no {name} in {report}"))
}

async fn get(demo: &Demo, role: Role, path: &str) -> Value {
    expect_status(demo.call_as(role, Method::GET, path, None).await, 200, path).await
}

#[tokio::test]
async fn reports_dashboards_and_exports_match_hand_computed_figures() {
    let mut demo = Demo::start_with(|s| s.auth_rate_limit_per_minute = 1_000).await;
    // Monday 2 March 2026, 09:00 in São Paulo.
    let a = create(&demo, "Pão Dourado", "Extrato", "2026-03-10").await;
    let b = create(&demo, "Pão Dourado", "Recibo", "2026-03-05").await;
    let c = create(&demo, "Mercado Bom Preço", "Nota", "2026-03-31").await;
    let _draft = create(&demo, "Pão Dourado", "Rascunho", "2026-03-20").await;
    let _formula = create(&demo, "Alicerce Engenharia", "=SOMA(1;2)", "2026-04-20").await;
    for id in [&a, &b, &c] {
        step(&demo, Role::Agent, id, "submit").await;
    }
    step(&demo, Role::Supervisor, &b, "refuse").await;
    step(&demo, Role::Supervisor, &a, "approve").await;
    step(&demo, Role::Supervisor, &c, "approve").await;
    step(&demo, Role::Agent, &b, "submit").await;
    step(&demo, Role::Supervisor, &b, "approve").await;
    // 11:00: the client answers A (2 h after its approval).
    advance(&mut demo, Duration::hours(2)).await;
    expect_status(
        demo.call_as(
            Role::Client,
            Method::POST,
            &format!("/api/v1/pending-items/{a}/messages"),
            Some(json!({ "body": "Segue." })),
        )
        .await,
        201,
        "answer",
    )
    .await;
    // 14:00: processed and resolved (5 h after creation, 3 h after the answer).
    advance(&mut demo, Duration::hours(3)).await;
    step(&demo, Role::Agent, &a, "start").await;
    step(&demo, Role::Supervisor, &a, "resolve").await;
    // Friday 6 March: B (due on the 5th) is overdue.
    advance(&mut demo, Duration::days(4)).await;

    let monthly = get(
        &demo,
        Role::Supervisor,
        "/api/v1/reports/pending-monthly?month=2026-03",
    )
    .await;
    let pao = row(&monthly, "company_name", "Pão Dourado");
    assert_eq!(pao["opened"], 3, "A, B and the draft");
    assert_eq!(pao["answered"], 1);
    assert_eq!(pao["resolved"], 1);
    assert_eq!(pao["average_answer_hours"], 2.0);
    assert_eq!(pao["average_resolution_hours"], 5.0);
    assert_eq!(pao["overdue"], 1, "B; A was resolved before its due date");
    let mercado = row(&monthly, "company_name", "Mercado Bom Preço");
    assert_eq!(mercado["opened"], 1);
    assert_eq!(mercado["overdue"], 0, "due on the 31st");
    // The client supervisor's numbers leave the draft out but count the
    // resolved item: the figures are theirs, even though "Ver resolvidas"
    // (opening the resolved item itself) is not.
    let client_view = get(
        &demo,
        Role::ClientSupervisor,
        "/api/v1/reports/pending-monthly?month=2026-03",
    )
    .await;
    let client_pao = row(&client_view, "company_name", "Pão Dourado");
    assert_eq!(client_pao["opened"], 2, "A and B: {client_view}");
    assert_eq!(client_pao["resolved"], 1, "{client_view}");
    assert_eq!(client_pao["average_resolution_hours"], 5.0);
    expect_not_found(
        demo.call_as(
            Role::ClientSupervisor,
            Method::GET,
            &format!("/api/v1/pending-items/{a}"),
            None,
        )
        .await,
        "the resolved item itself",
    )
    .await;
    expect_forbidden(
        demo.call_as(
            Role::Client,
            Method::GET,
            "/api/v1/reports/pending-monthly",
            None,
        )
        .await,
        "client monthly",
    )
    .await;
    let bad = demo
        .call_as(
            Role::Supervisor,
            Method::GET,
            "/api/v1/reports/pending-monthly?month=março",
            None,
        )
        .await;
    assert_eq!(
        expect_code(bad, 422, "validation", "month").await["field"],
        "month"
    );

    let operators = get(
        &demo,
        Role::Supervisor,
        "/api/v1/reports/pending-operators?month=2026-03",
    )
    .await;
    let camila = row(&operators, "operator_name", "Camila Ribeiro");
    assert_eq!(camila["created"], 5);
    assert_eq!(camila["submitted"], 4, "B twice");
    assert_eq!(camila["approved"], 3);
    assert_eq!(camila["refused"], 1);
    assert_eq!(camila["approval_percent"], 75.0);
    assert_eq!(camila["processed"], 1);
    assert_eq!(camila["average_processing_hours"], 3.0);
    expect_forbidden(
        demo.call_as(
            Role::Agent,
            Method::GET,
            "/api/v1/reports/pending-operators",
            None,
        )
        .await,
        "operators report is not the operator's",
    )
    .await;

    let general = get(&demo, Role::Client, "/api/v1/pending-items/dashboard").await;
    assert_eq!(
        general["total"], 1,
        "the client sees only B (A is resolved): {general}"
    );
    let mine = get(
        &demo,
        Role::Agent,
        "/api/v1/pending-items/dashboard?kind=operator",
    )
    .await;
    assert_eq!(mine["drafts"], 2);
    let supervisor = get(
        &demo,
        Role::Supervisor,
        "/api/v1/pending-items/dashboard?kind=supervisor",
    )
    .await;
    assert_eq!(supervisor["approval_queue"], 0);
    assert_eq!(supervisor["overdue"], 1);
    // The list's `overdue` filter finds the same one: B (A, due earlier
    // than D, was resolved).
    let overdue = demo
        .list_all(
            demo.token(Role::Supervisor),
            "/api/v1/pending-items?overdue=true",
            "overdue",
        )
        .await;
    assert_eq!(overdue.len(), 1, "{overdue:?}");
    assert_eq!(overdue[0]["id"].as_str(), Some(b.as_str()));
    assert_eq!(supervisor["resolved_per_week"][0], 1);
    expect_forbidden(
        demo.call_as(
            Role::Agent,
            Method::GET,
            "/api/v1/pending-items/dashboard?kind=supervisor",
            None,
        )
        .await,
        "supervisor dashboard",
    )
    .await;

    // Exports: CSV and XLSX reopened; a formula is never a formula.
    let csv = demo
        .call_as(
            Role::Supervisor,
            Method::GET,
            "/api/v1/pending-items/export?format=csv",
            None,
        )
        .await;
    assert_eq!(csv.status().as_u16(), 200);
    let text = String::from_utf8(csv.bytes().await.unwrap().to_vec()).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1 + 5, "{text}");
    assert!(
        lines[0].starts_with("Número;Título;Empresa"),
        "{}",
        lines[0]
    );
    assert!(
        text.contains("'=SOMA(1;2)") || text.contains("\"'=SOMA(1;2)\""),
        "{text}"
    );
    assert!(text.contains("1.000,50"), "{text}");
    let xlsx = demo
        .call_as(
            Role::Supervisor,
            Method::GET,
            "/api/v1/pending-items/export?format=xlsx",
            None,
        )
        .await;
    assert_eq!(xlsx.status().as_u16(), 200);
    let bytes = xlsx.bytes().await.unwrap().to_vec();
    use calamine::Reader;
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    assert_eq!(sheet.height(), 6);
    let titles: Vec<String> = sheet.rows().skip(1).map(|r| r[1].to_string()).collect();
    assert!(titles.contains(&"'=SOMA(1;2)".to_owned()), "{titles:?}");
    let csv_titles: Vec<String> = lines[1..]
        .iter()
        .map(|l| l.split(';').nth(1).unwrap().trim_matches('"').to_owned())
        .collect();
    assert_eq!(
        csv_titles.len(),
        titles.len(),
        "both exports hold the same rows"
    );
    expect_forbidden(
        demo.call_as(
            Role::Client,
            Method::GET,
            "/api/v1/pending-items/export",
            None,
        )
        .await,
        "client export",
    )
    .await;

    // The list's filters narrow the export the same way.
    let found = demo
        .list_all(
            demo.token(Role::Supervisor),
            "/api/v1/pending-items?q=soma",
            "search",
        )
        .await;
    assert_eq!(found.len(), 1, "{found:?}");
    let number = found[0]["number"].as_i64().unwrap();
    let by_number = demo
        .list_all(
            demo.token(Role::Supervisor),
            &format!("/api/v1/pending-items?q=PEN-{number:06}"),
            "by number",
        )
        .await;
    assert_eq!(by_number[0]["id"], found[0]["id"]);
    let narrowed = demo
        .call_as(
            Role::Supervisor,
            Method::GET,
            "/api/v1/pending-items/export?format=csv&q=soma",
            None,
        )
        .await;
    assert_eq!(narrowed.status().as_u16(), 200);
    let narrowed = String::from_utf8(narrowed.bytes().await.unwrap().to_vec()).unwrap();
    assert_eq!(narrowed.lines().count(), 2, "{narrowed}");
    assert!(narrowed.contains("SOMA"), "{narrowed}");
    let bad = demo
        .call_as(
            Role::Supervisor,
            Method::GET,
            "/api/v1/pending-items/export?operator_id=ninguem",
            None,
        )
        .await;
    assert_eq!(
        expect_code(bad, 422, "validation", "bad operator").await["field"],
        "operator_id"
    );

    // An item created straight into the approval queue counts as
    // submitted too.
    expect_status(
        demo.call_as(
            Role::Agent,
            Method::POST,
            "/api/v1/pending-items",
            Some(json!({
                "title": "Direto para aprovação",
                "company_id": demo.company("Pão Dourado"),
                "submit": true,
            })),
        )
        .await,
        201,
        "create and submit",
    )
    .await;
    let operators = get(
        &demo,
        Role::Supervisor,
        "/api/v1/reports/pending-operators?month=2026-03",
    )
    .await;
    let camila = row(&operators, "operator_name", "Camila Ribeiro");
    assert_eq!(camila["submitted"], 5, "{camila}");
    assert_eq!(camila["created"], 6, "{camila}");

    // The export of a month holds the items with activity in it.
    for (month, lines) in [("2026-03", 1 + 6), ("2026-02", 1)] {
        let export = demo
            .call_as(
                Role::Supervisor,
                Method::GET,
                &format!("/api/v1/pending-items/export?format=csv&month={month}"),
                None,
            )
            .await;
        assert_eq!(export.status().as_u16(), 200);
        let text = String::from_utf8(export.bytes().await.unwrap().to_vec()).unwrap();
        assert_eq!(text.lines().count(), lines, "{month}: {text}");
    }
    let bad = demo
        .call_as(
            Role::Supervisor,
            Method::GET,
            "/api/v1/pending-items/export?month=março",
            None,
        )
        .await;
    assert_eq!(
        expect_code(bad, 422, "validation", "bad month").await["field"],
        "month"
    );
}
