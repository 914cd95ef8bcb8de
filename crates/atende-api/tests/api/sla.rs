//! SLA over HTTP: calendars, policies, due dates per policy, a priority
//! change keeping elapsed time, the pause while waiting on the customer,
//! the timeline and the panel counters.

use atende_core::permissions::Role;
use chrono::{DateTime, Duration, TimeZone, Utc};
use reqwest::Method;
use serde_json::{Value, json};

use crate::demo_actors::{Demo, expect_forbidden, expect_status, office_week};

fn sp(d: u32, h: u32, m: u32) -> String {
    chrono_tz::America::Sao_Paulo
        .with_ymd_and_hms(2026, 3, d, h, m, 0)
        .single()
        .unwrap()
        .with_timezone(&Utc)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn at(value: &Value) -> String {
    value
        .as_str()
        .unwrap()
        .parse::<DateTime<Utc>>()
        .unwrap()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

async fn setup(demo: &Demo) {
    let calendar = demo
        .call_as(
            Role::Admin,
            Method::POST,
            "/api/v1/sla/calendars",
            Some(json!({ "name": "Comercial SP", "week": office_week() })),
        )
        .await;
    let calendar = expect_status(calendar, 201, "calendar").await;
    assert_eq!(calendar["is_default"], true);
    for body in [
        json!({ "name": "Urgente", "calendar_id": calendar["id"], "conditions": { "priorities": ["urgent"] },
                "first_response_minutes": 60, "resolution_minutes": 240 }),
        json!({ "name": "Padrão", "calendar_id": calendar["id"],
                "first_response_minutes": 240, "resolution_minutes": 1440 }),
    ] {
        expect_status(
            demo.call_as(
                Role::Admin,
                Method::POST,
                "/api/v1/sla/policies",
                Some(body),
            )
            .await,
            201,
            "policy",
        )
        .await;
    }
}

fn target<'a>(sla: &'a Value, kind: &str) -> &'a Value {
    sla["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["kind"] == kind)
        .unwrap()
}

#[tokio::test]
async fn due_dates_follow_the_policy_and_the_calendar() {
    let mut demo = Demo::start().await;
    setup(&demo).await;
    // The test clock: Monday 2 March 2026, 09:00 in São Paulo.
    let ticket = expect_status(
        demo.call_as(
            Role::Client,
            Method::POST,
            "/api/v1/tickets",
            Some(json!({ "subject": "Folha", "description": "x" })),
        )
        .await,
        201,
        "open",
    )
    .await;
    let id = ticket["id"].as_str().unwrap();
    let sla = expect_status(
        demo.call_as(
            Role::Client,
            Method::GET,
            &format!("/api/v1/tickets/{id}/sla"),
            None,
        )
        .await,
        200,
        "sla",
    )
    .await;
    assert_eq!(sla["policy_name"], "Padrão");
    assert_eq!(sla["state"], "ok");
    // 4 business hours from 09:00 skip lunch: 14:00.
    assert_eq!(at(&target(&sla, "first_response")["due_at"]), sp(2, 14, 0));
    // 24 business hours: Monday 8 h, Tuesday 9 h, Wednesday 7 h → 16:00.
    assert_eq!(at(&target(&sla, "resolution")["due_at"]), sp(4, 16, 0));

    // Two business hours later the priority becomes urgent: the elapsed
    // time is kept, so first response (60 min) is already breached and
    // resolution (240 min) has 120 min left → 14:00 after lunch.
    demo.app.clock.advance(Duration::hours(2));
    demo.sign_in_again(Role::Agent).await;
    demo.sign_in_again(Role::Client).await;
    let patched = demo
        .call_as(
            Role::Agent,
            Method::PATCH,
            &format!("/api/v1/tickets/{id}"),
            Some(json!({ "version": ticket["version"], "priority": "urgent" })),
        )
        .await;
    let patched = expect_status(patched, 200, "urgent").await;
    let sla = expect_status(
        demo.call_as(
            Role::Agent,
            Method::GET,
            &format!("/api/v1/tickets/{id}/sla"),
            None,
        )
        .await,
        200,
        "sla",
    )
    .await;
    assert_eq!(sla["policy_name"], "Urgente");
    assert_eq!(target(&sla, "first_response")["state"], "breached");
    assert_eq!(target(&sla, "resolution")["elapsed_minutes"], 120);
    assert_eq!(at(&target(&sla, "resolution")["due_at"]), sp(2, 14, 0));
    assert_eq!(sla["state"], "breached");

    // Waiting on the customer pauses the clock for a whole day.
    let pending = demo
        .call_as(
            Role::Agent,
            Method::PATCH,
            &format!("/api/v1/tickets/{id}"),
            Some(json!({ "version": patched["version"], "status": "pending" })),
        )
        .await;
    expect_status(pending, 200, "pending").await;
    demo.app.clock.advance(Duration::days(1));
    demo.sign_in_again(Role::Client).await;
    demo.sign_in_again(Role::Agent).await;
    let sla = expect_status(
        demo.call_as(
            Role::Agent,
            Method::GET,
            &format!("/api/v1/tickets/{id}/sla"),
            None,
        )
        .await,
        200,
        "sla",
    )
    .await;
    let resolution = target(&sla, "resolution");
    assert_eq!(resolution["state"], "paused");
    assert_eq!(resolution["elapsed_minutes"], 120);
    assert!(resolution["due_at"].is_null());
    // The client answers (Tuesday 11:00): the clock resumes, 120 min left.
    let reply = demo
        .call_as(
            Role::Client,
            Method::POST,
            &format!("/api/v1/tickets/{id}/messages"),
            Some(json!({ "body": "Segue" })),
        )
        .await;
    expect_status(reply, 201, "client reply").await;
    let sla = expect_status(
        demo.call_as(
            Role::Agent,
            Method::GET,
            &format!("/api/v1/tickets/{id}/sla"),
            None,
        )
        .await,
        200,
        "sla",
    )
    .await;
    assert_eq!(at(&target(&sla, "resolution")["due_at"]), sp(3, 14, 0));
    let kinds: Vec<&str> = sla["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, vec!["running", "paused", "running"]);

    // The panel counts it outside its SLA (first response missed).
    let counters = expect_status(
        demo.call_as(Role::Client, Method::GET, "/api/v1/tickets/counters", None)
            .await,
        200,
        "counters",
    )
    .await;
    assert_eq!(counters["outside_sla"], 1);
    assert_eq!(counters["within_sla"], 0);
}

#[tokio::test]
async fn calendars_and_policies_are_validated_and_admin_only() {
    let demo = Demo::start().await;
    let bad = demo
        .call_as(Role::Admin, Method::POST, "/api/v1/sla/calendars", Some(json!({ "name": "X", "week": [[{ "start": "18:00", "end": "08:00" }], [], [], [], [], [], []] })))
        .await;
    assert_eq!(
        expect_status(bad, 422, "bad interval").await["field"],
        "week"
    );
    let zone = demo
        .call_as(
            Role::Admin,
            Method::POST,
            "/api/v1/sla/calendars",
            Some(json!({ "name": "X", "time_zone": "Mars/Olympus", "week": office_week() })),
        )
        .await;
    assert_eq!(
        expect_status(zone, 422, "bad zone").await["field"],
        "time_zone"
    );
    for role in [Role::Agent, Role::Client, Role::ClientSupervisor] {
        expect_forbidden(
            demo.call_as(role, Method::GET, "/api/v1/sla/policies", None)
                .await,
            "policies",
        )
        .await;
    }
    // Without policies the panel shows no SLA counters.
    let counters = expect_status(
        demo.call_as(Role::Client, Method::GET, "/api/v1/tickets/counters", None)
            .await,
        200,
        "counters",
    )
    .await;
    assert!(counters.get("within_sla").is_none());
}

#[tokio::test]
async fn a_declared_holiday_moves_the_stored_sla_that_lists_and_filters_read() {
    let mut demo = Demo::start().await;
    setup(&demo).await;
    let calendar = expect_status(
        demo.call_as(Role::Admin, Method::GET, "/api/v1/sla/calendars", None)
            .await,
        200,
        "calendars",
    )
    .await;
    let calendar_id = calendar[0]["id"].as_str().unwrap().to_owned();
    // Monday 09:00: first response due at 14:00.
    let ticket = expect_status(
        demo.call_as(
            Role::Client,
            Method::POST,
            "/api/v1/tickets",
            Some(json!({ "subject": "Feriado", "description": "x" })),
        )
        .await,
        201,
        "open",
    )
    .await;
    let id = ticket["id"].as_str().unwrap().to_owned();
    // An unknown state code is named as `states`, not `week`.
    let body = crate::demo_actors::expect_code(
        demo.call_as(
            Role::Admin,
            Method::PUT,
            &format!("/api/v1/sla/calendars/{calendar_id}"),
            Some(json!({ "name": "Comercial SP", "week": office_week(), "states": ["XX"] })),
        )
        .await,
        422,
        "validation",
        "unknown state",
    )
    .await;
    assert_eq!(body["field"], "states");
    // Monday is declared a holiday: nothing of today counts, so the first
    // response is due on Tuesday 12:00 (4 business hours from 08:00).
    expect_status(
        demo.call_as(
            Role::Admin,
            Method::PUT,
            &format!("/api/v1/sla/calendars/{calendar_id}"),
            Some(json!({ "name": "Comercial SP", "week": office_week(), "custom_holidays": ["2026-03-02"] })),
        )
        .await,
        200,
        "declare the holiday",
    )
    .await;
    // At 15:00 Monday (past the old due time), the list and the sla=
    // filter must not call it breached once the recomputation ran.
    demo.app.clock.advance(Duration::hours(6));
    demo.sign_in_again(Role::Agent).await;
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let list = expect_status(
            demo.call_as(Role::Agent, Method::GET, "/api/v1/tickets", None)
                .await,
            200,
            "list",
        )
        .await;
        let brief = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == id.as_str())
            .unwrap()["sla"]
            .clone();
        if brief["due_at"].as_str().map(|d| at(&json!(d))) == Some(sp(3, 12, 0)) {
            assert_eq!(brief["state"], "ok", "{brief}");
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the stored SLA was not recomputed: {brief}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let breached = expect_status(
        demo.call_as(
            Role::Agent,
            Method::GET,
            "/api/v1/tickets?sla=breached",
            None,
        )
        .await,
        200,
        "breached filter",
    )
    .await;
    assert!(
        breached["items"].as_array().unwrap().is_empty(),
        "{breached}"
    );
}
