//! SLA alerts through the job queue, with the test clock: the warning at
//! 80% of a target and the breach fire once each, to the assignee (and at
//! breach the supervisors, by the policy's escalation, which also raises
//! the priority); a ticket waiting on the customer does not alert until
//! the clock runs again.

use std::time::Duration as StdDuration;

use atende_api::jobs::entity as job;
use atende_core::permissions::Role;
use chrono::Duration;
use reqwest::Method;
use sea_orm::EntityTrait;
use serde_json::{Value, json};

use crate::demo_actors::{Demo, expect_status};

async fn setup(demo: &Demo) {
    demo.office_sla(json!({
        "name": "Padrão",
        "first_response_minutes": 240, "resolution_minutes": 1440,
        "escalation": { "notify_supervisors": true, "raise_priority": true }
    }))
    .await;
}

async fn open_assigned(demo: &Demo, subject: &str) -> Value {
    let ticket = expect_status(
        demo.call_as(
            Role::Client,
            Method::POST,
            "/api/v1/tickets",
            Some(json!({ "subject": subject, "description": "x" })),
        )
        .await,
        201,
        "open",
    )
    .await;
    let agent = demo.user("agente@atende.demo");
    expect_status(
        demo.call_as(
            Role::Agent,
            Method::PATCH,
            &format!("/api/v1/tickets/{}", ticket["id"].as_str().unwrap()),
            Some(json!({ "version": ticket["version"], "assignee_id": agent })),
        )
        .await,
        200,
        "assign",
    )
    .await
}

/// The SLA notifications of `role` about `ticket`, after the worker had
/// time to run what is due (polls until `expected` are there).
async fn sla_notifications(demo: &Demo, role: Role, ticket: &str, expected: usize) -> Vec<String> {
    let deadline = tokio::time::Instant::now() + StdDuration::from_secs(10);
    loop {
        let page = expect_status(
            demo.call_as(role, Method::GET, "/api/v1/notifications?limit=200", None)
                .await,
            200,
            "notifications",
        )
        .await;
        let kinds: Vec<String> = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["ticket_id"] == ticket && n["kind"].as_str().unwrap().starts_with("sla_"))
            .map(|n| n["kind"].as_str().unwrap().to_owned())
            .collect();
        if kinds.len() >= expected || tokio::time::Instant::now() > deadline {
            // Give a duplicate the chance to show up.
            tokio::time::sleep(StdDuration::from_millis(300)).await;
            return kinds;
        }
        tokio::time::sleep(StdDuration::from_millis(50)).await;
    }
}

/// The `sla` brief of the ticket as the agent sees it.
async fn sla_of(demo: &Demo, id: &str) -> Value {
    let shown = expect_status(
        demo.call_as(
            Role::Agent,
            Method::GET,
            &format!("/api/v1/tickets/{id}"),
            None,
        )
        .await,
        200,
        "ticket",
    )
    .await;
    shown["sla"].clone()
}

/// The ids the agent's list returns for `?sla=state`.
async fn listed(demo: &Demo, state: &str) -> Vec<String> {
    let page = expect_status(
        demo.call_as(
            Role::Agent,
            Method::GET,
            &format!("/api/v1/tickets?sla={state}"),
            None,
        )
        .await,
        200,
        "list by sla",
    )
    .await;
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_owned())
        .collect()
}

async fn advance(demo: &mut Demo, by: Duration) {
    demo.app.clock.advance(by);
    // Tokens last 15 minutes of the (test) clock.
    for role in [Role::Agent, Role::Client, Role::Supervisor] {
        demo.sign_in_again(role).await;
    }
}

#[tokio::test]
async fn warning_and_breach_fire_once_and_the_breach_escalates() {
    let mut demo = Demo::start_with(|s| s.auth_rate_limit_per_minute = 1_000).await;
    setup(&demo).await;
    // Monday 09:00: first response due 14:00 (lunch skipped), warning at
    // 80% = 192 business minutes → 13:12.
    let ticket = open_assigned(&demo, "Folha de março").await;
    let id = ticket["id"].as_str().unwrap().to_owned();

    advance(&mut demo, Duration::minutes(4 * 60 + 11)).await; // 13:11
    assert!(
        sla_notifications(&demo, Role::Agent, &id, 0)
            .await
            .is_empty()
    );

    advance(&mut demo, Duration::minutes(2)).await; // 13:13
    assert_eq!(
        sla_notifications(&demo, Role::Agent, &id, 1).await,
        ["sla_warning"]
    );
    // The supervisor hears only of the breach (the policy's escalation).
    assert!(
        sla_notifications(&demo, Role::Supervisor, &id, 0)
            .await
            .is_empty()
    );
    // Lists and cards show it at risk, and the SLA filter finds it.
    assert_eq!(sla_of(&demo, &id).await["state"], "at_risk");
    assert_eq!(listed(&demo, "at_risk").await, [id.as_str()]);
    assert!(listed(&demo, "ok").await.is_empty());

    advance(&mut demo, Duration::minutes(50)).await; // 14:03
    let agent = sla_notifications(&demo, Role::Agent, &id, 2).await;
    assert_eq!(agent, ["sla_breach", "sla_warning"], "newest first");
    assert_eq!(
        sla_notifications(&demo, Role::Supervisor, &id, 1).await,
        ["sla_breach"]
    );
    // Escalated: normal → high, on the staff timeline, not the client's.
    let shown = expect_status(
        demo.call_as(
            Role::Agent,
            Method::GET,
            &format!("/api/v1/tickets/{id}"),
            None,
        )
        .await,
        200,
        "ticket",
    )
    .await;
    assert_eq!(shown["priority"], "high");
    assert_eq!(shown["sla"]["state"], "breached");
    assert_eq!(listed(&demo, "breached").await, [id.as_str()]);
    assert!(listed(&demo, "at_risk").await.is_empty());
    let bad = demo
        .call_as(Role::Agent, Method::GET, "/api/v1/tickets?sla=late", None)
        .await;
    crate::demo_actors::expect_code(bad, 422, "validation", "bad sla filter").await;
    let timeline = |role| {
        let demo = &demo;
        let id = id.clone();
        async move {
            let events = expect_status(
                demo.call_as(
                    role,
                    Method::GET,
                    &format!("/api/v1/tickets/{id}/events"),
                    None,
                )
                .await,
                200,
                "events",
            )
            .await;
            events
                .as_array()
                .map(|a| a.to_vec())
                .unwrap_or_else(|| events["items"].as_array().unwrap().to_vec())
                .iter()
                .map(|e| e["kind"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    let staff = timeline(Role::Agent).await;
    for kind in ["sla_warning", "sla_breach", "escalated"] {
        assert!(staff.iter().any(|k| k == kind), "{kind} in {staff:?}");
    }
    let client = timeline(Role::Client).await;
    assert!(
        !client
            .iter()
            .any(|k| k.starts_with("sla_") || k == "escalated"),
        "{client:?}"
    );

    // Days later, nothing fires again for the first response.
    advance(&mut demo, Duration::days(1)).await;
    let agent = sla_notifications(&demo, Role::Agent, &id, 3).await;
    assert_eq!(
        agent.iter().filter(|k| *k == "sla_breach").count(),
        1,
        "resolution may warn by now, first response never again: {agent:?}"
    );
    let jobs = job::Entity::find().all(&demo.app.state.db).await.unwrap();
    let fired: Vec<_> = jobs
        .iter()
        .filter(|j| j.kind == "sla.alert" && j.status == "done")
        .filter_map(|j| j.idempotency_key.clone())
        .filter(|k| k.ends_with(":first_response"))
        .collect();
    assert_eq!(fired.len(), 2, "one warning, one breach: {fired:?}");
}

#[tokio::test]
async fn waiting_on_the_customer_holds_the_alerts_until_the_clock_runs() {
    let mut demo = Demo::start_with(|s| s.auth_rate_limit_per_minute = 1_000).await;
    setup(&demo).await;
    let ticket = open_assigned(&demo, "Certidão").await;
    let id = ticket["id"].as_str().unwrap().to_owned();
    // 10:00: an agent replies (first response met) and waits on the client.
    advance(&mut demo, Duration::hours(1)).await;
    expect_status(
        demo.call_as(
            Role::Agent,
            Method::POST,
            &format!("/api/v1/tickets/{id}/messages"),
            Some(json!({ "body": "Pode enviar o contrato social?" })),
        )
        .await,
        201,
        "first response",
    )
    .await;
    let ticket = expect_status(
        demo.call_as(
            Role::Agent,
            Method::GET,
            &format!("/api/v1/tickets/{id}"),
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
            &format!("/api/v1/tickets/{id}"),
            Some(json!({ "version": ticket["version"], "status": "pending" })),
        )
        .await,
        200,
        "pending",
    )
    .await;
    // A week passes: resolution (1,440 business minutes) would have warned.
    advance(&mut demo, Duration::days(7)).await;
    assert!(
        sla_notifications(&demo, Role::Agent, &id, 0)
            .await
            .is_empty()
    );
    // The client answers: the clock runs again from 60 minutes used;
    // 80% of 1,440 is 1,152 → 1,092 business minutes more: Wednesday
    // 10:12 (Monday 10:00 resumes with 420 minutes left that day).
    expect_status(
        demo.call_as(
            Role::Client,
            Method::POST,
            &format!("/api/v1/tickets/{id}/messages"),
            Some(json!({ "body": "Segue o documento." })),
        )
        .await,
        201,
        "client answers",
    )
    .await;
    advance(&mut demo, Duration::days(1)).await;
    assert!(
        sla_notifications(&demo, Role::Agent, &id, 0)
            .await
            .is_empty()
    );
    // Wednesday 11:00: past the warning (10:12), before the breach (16:00).
    advance(&mut demo, Duration::hours(25)).await;
    assert_eq!(
        sla_notifications(&demo, Role::Agent, &id, 1).await,
        ["sla_warning"]
    );
}

#[tokio::test]
async fn the_test_clock_moves_only_when_enabled_and_only_for_admins() {
    let off = Demo::start().await;
    let response = off
        .call_as(
            Role::Admin,
            Method::POST,
            "/api/v1/test/clock",
            Some(json!({ "advance_minutes": 60 })),
        )
        .await;
    assert_eq!(response.status().as_u16(), 404, "no test clock, no route");

    let on = Demo::start_with(|s| s.test_clock = true).await;
    let forbidden = on
        .call_as(
            Role::Agent,
            Method::POST,
            "/api/v1/test/clock",
            Some(json!({ "advance_minutes": 60 })),
        )
        .await;
    assert_eq!(forbidden.status().as_u16(), 403);
    let bad = on
        .call_as(
            Role::Admin,
            Method::POST,
            "/api/v1/test/clock",
            Some(json!({ "advance_minutes": -5 })),
        )
        .await;
    crate::demo_actors::expect_code(bad, 422, "validation", "negative").await;
    let moved = expect_status(
        on.call_as(
            Role::Admin,
            Method::POST,
            "/api/v1/test/clock",
            Some(json!({ "advance_minutes": 120 })),
        )
        .await,
        200,
        "advance",
    )
    .await;
    let now: chrono::DateTime<chrono::Utc> = moved["now"].as_str().unwrap().parse().unwrap();
    let ahead = now - chrono::Utc::now();
    assert!(
        ahead > Duration::minutes(119) && ahead < Duration::minutes(121),
        "{ahead}"
    );
}

#[tokio::test]
async fn each_customer_message_starts_a_next_response_cycle_that_alerts_once() {
    let mut demo = Demo::start_with(|s| s.auth_rate_limit_per_minute = 1_000).await;
    demo.office_sla(
        json!({ "name": "Com próxima resposta", "first_response_minutes": 60,
                            "next_response_minutes": 120, "resolution_minutes": 2400 }),
    )
    .await;
    let ticket = open_assigned(&demo, "Folha").await;
    let id = ticket["id"].as_str().unwrap().to_owned();
    // 09:30 first response; no next-response clock before the customer writes.
    advance(&mut demo, Duration::minutes(30)).await;
    message(&demo, &id, Role::Agent, "Pode mandar o arquivo?").await;
    assert!(next(&sla_view(&demo, &id).await).is_none());
    // 10:00 the customer writes: a 120-minute clock, due 12:00.
    advance(&mut demo, Duration::minutes(30)).await;
    message(&demo, &id, Role::Client, "Segue o arquivo.").await;
    let cycle = next(&sla_view(&demo, &id).await).unwrap();
    assert_eq!(cycle["state"], "ok");
    assert_eq!(cycle["target_minutes"], 120);
    // 11:40, past 80% (11:36): warned, once.
    advance(&mut demo, Duration::minutes(100)).await;
    assert_eq!(
        sla_notifications(&demo, Role::Agent, &id, 1).await,
        ["sla_warning"]
    );
    // 11:50 the agent answers: met in time.
    advance(&mut demo, Duration::minutes(10)).await;
    message(&demo, &id, Role::Agent, "Recebido, obrigado.").await;
    assert_eq!(next(&sla_view(&demo, &id).await).unwrap()["state"], "met");
    // 13:00 the customer writes again: a new cycle, due 15:00, which the
    // agent misses; it warns and breaches once more.
    advance(&mut demo, Duration::minutes(70)).await;
    message(&demo, &id, Role::Client, "E o recibo?").await;
    assert_eq!(next(&sla_view(&demo, &id).await).unwrap()["state"], "ok");
    advance(&mut demo, Duration::minutes(150)).await;
    let kinds = sla_notifications(&demo, Role::Agent, &id, 3).await;
    assert_eq!(
        kinds,
        ["sla_breach", "sla_warning", "sla_warning"],
        "newest first"
    );
    assert_eq!(
        next(&sla_view(&demo, &id).await).unwrap()["state"],
        "breached"
    );
}

async fn message(demo: &Demo, id: &str, role: Role, body: &str) {
    expect_status(
        demo.call_as(
            role,
            Method::POST,
            &format!("/api/v1/tickets/{id}/messages"),
            Some(json!({ "body": body })),
        )
        .await,
        201,
        body,
    )
    .await;
}

async fn sla_view(demo: &Demo, id: &str) -> Value {
    expect_status(
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
    .await
}

fn next(sla: &Value) -> Option<Value> {
    sla["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["kind"] == "next_response")
        .cloned()
}
