//! Reports checked against hand-computed figures, scoped to the caller.

use atende_core::permissions::Role;
use chrono::Duration;
use reqwest::Method;
use serde_json::{Value, json};

use crate::demo_actors::{Demo, expect_code, expect_forbidden, expect_status};

async fn advance(demo: &mut Demo, by: Duration) {
    demo.app.clock.advance(by);
    for role in [
        Role::Admin,
        Role::Agent,
        Role::Client,
        Role::ClientSupervisor,
    ] {
        demo.sign_in_again(role).await;
    }
}

async fn open(demo: &Demo, role: Role, company: Option<uuid::Uuid>, subject: &str) -> String {
    let mut body = json!({ "subject": subject, "description": "x" });
    if let Some(company) = company {
        body["company_id"] = json!(company);
    }
    let ticket = expect_status(
        demo.call_as(role, Method::POST, "/api/v1/tickets", Some(body))
            .await,
        201,
        "open",
    )
    .await;
    ticket["id"].as_str().unwrap().to_owned()
}

async fn reply(demo: &Demo, id: &str) {
    expect_status(
        demo.call_as(
            Role::Agent,
            Method::POST,
            &format!("/api/v1/tickets/{id}/messages"),
            Some(json!({ "body": "Resolvido do nosso lado." })),
        )
        .await,
        201,
        "reply",
    )
    .await;
}

fn row<'a>(report: &'a Value, label: &str) -> &'a Value {
    report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["label"] == label)
        .unwrap_or_else(|| panic!("no row {label} in {report}"))
}

#[tokio::test]
async fn the_sla_report_matches_hand_computed_figures_within_scope() {
    let mut demo = Demo::start_with(|s| s.auth_rate_limit_per_minute = 1_000).await;
    demo.office_sla(
        json!({ "name": "Padrão", "first_response_minutes": 240, "resolution_minutes": 1440 }),
    )
    .await;
    // Monday 09:00 in São Paulo.
    let on_time = open(&demo, Role::Client, None, "No prazo").await;
    let late = open(&demo, Role::Client, None, "Atrasado").await;
    let other_group = open(
        &demo,
        Role::Admin,
        Some(demo.company("Clínica Vida Plena")),
        "Outra consultoria",
    )
    .await;
    // 10:00: first response to `on_time` (60 business = 60 calendar min).
    advance(&mut demo, Duration::hours(1)).await;
    reply(&demo, &on_time).await;
    // 11:00: solved (120 min from creation, both ways).
    advance(&mut demo, Duration::hours(1)).await;
    let current = expect_status(
        demo.call_as(
            Role::Agent,
            Method::GET,
            &format!("/api/v1/tickets/{on_time}"),
            None,
        )
        .await,
        200,
        "ticket",
    )
    .await;
    expect_status(
        demo.call_as(
            Role::Agent,
            Method::PATCH,
            &format!("/api/v1/tickets/{on_time}"),
            Some(json!({ "version": current["version"], "status": "solved" })),
        )
        .await,
        200,
        "solve",
    )
    .await;
    // 14:30: first response to `late`: 270 business minutes (lunch out),
    // 330 calendar minutes — past the 240 target.
    advance(&mut demo, Duration::minutes(210)).await;
    reply(&demo, &late).await;
    // 14:35: a ticket of the other client, still within its SLA.
    advance(&mut demo, Duration::minutes(5)).await;
    open(
        &demo,
        Role::ClientSupervisor,
        Some(demo.company("Mercado Bom Preço")),
        "Em andamento",
    )
    .await;
    advance(&mut demo, Duration::minutes(5)).await;

    let from = "2026-03-01T00:00:00Z";
    let to = "2026-03-03T00:00:00Z";
    let report = expect_status(
        demo.call_as(
            Role::Agent,
            Method::GET,
            &format!("/api/v1/reports/sla?from={from}&to={to}&group_by=company"),
            None,
        )
        .await,
        200,
        "report",
    )
    .await;
    let pao = row(&report, "Pão Dourado");
    assert_eq!(pao["tickets"], 2);
    assert_eq!(pao["met"], 1);
    assert_eq!(pao["breached"], 1);
    assert_eq!(pao["in_progress"], 0);
    assert_eq!(pao["met_percent"], 50.0);
    assert_eq!(
        pao["first_response_business_minutes"], 165.0,
        "(60 + 270) / 2"
    );
    assert_eq!(pao["first_response_minutes"], 195.0, "(60 + 330) / 2");
    assert_eq!(pao["resolution_business_minutes"], 120.0);
    assert_eq!(pao["resolution_minutes"], 120.0);
    let mercado = row(&report, "Mercado Bom Preço");
    assert_eq!(mercado["tickets"], 1);
    assert_eq!(mercado["in_progress"], 1);
    assert!(mercado["met_percent"].is_null());
    assert_eq!(
        report["total"]["tickets"], 3,
        "the other consultancy's client is out of scope"
    );
    assert!(
        !report["rows"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["label"] == "Clínica Vida Plena"),
        "{report}"
    );
    // The administrator sees every company, the other ticket included.
    let all = expect_status(
        demo.call_as(
            Role::Admin,
            Method::GET,
            &format!("/api/v1/reports/sla?from={from}&to={to}&group_by=priority"),
            None,
        )
        .await,
        200,
        "admin report",
    )
    .await;
    assert_eq!(row(&all, "normal")["tickets"], 4, "{all} {other_group}");
    let by_month = expect_status(
        demo.call_as(
            Role::ClientSupervisor,
            Method::GET,
            &format!("/api/v1/reports/sla?from={from}&to={to}&group_by=month"),
            None,
        )
        .await,
        200,
        "client supervisor report",
    )
    .await;
    assert_eq!(row(&by_month, "2026-03")["tickets"], 3);
    // Clients have no reports; bad input is named.
    expect_forbidden(
        demo.call_as(Role::Client, Method::GET, "/api/v1/reports/sla", None)
            .await,
        "client report",
    )
    .await;
    let bad = demo
        .call_as(
            Role::Agent,
            Method::GET,
            "/api/v1/reports/sla?group_by=weather",
            None,
        )
        .await;
    assert_eq!(
        expect_code(bad, 422, "validation", "group").await["field"],
        "group_by"
    );
    let reversed = demo
        .call_as(
            Role::Agent,
            Method::GET,
            &format!("/api/v1/reports/sla?from={to}&to={from}"),
            None,
        )
        .await;
    assert_eq!(
        expect_code(reversed, 422, "validation", "period").await["field"],
        "to"
    );
}
