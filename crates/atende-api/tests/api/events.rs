//! The domain event log over real connections: changes leave their events
//! in commit order and a rolled-back change none; a reconnecting stream
//! replays what it missed by `Last-Event-ID`; a change made through one
//! server reaches a stream open on another on the same database, even
//! after the listener's connection was killed.

use std::time::Duration;

use atende_api::events::entity as event_log;
use atende_core::{
    clock::Clock,
    events::{self as domain, EventKind},
    permissions::Role,
};
use reqwest::{Method, Response};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, TransactionTrait};
use serde_json::{Value, json};

use crate::{
    demo_actors::{Demo, expect_status},
    ticket_desk::{open_stream, read_until},
};

async fn open_ticket(demo: &Demo, subject: &str) -> Value {
    expect_status(
        demo.call_as(
            Role::Client,
            Method::POST,
            "/api/v1/tickets",
            Some(json!({ "subject": subject, "description": "Detalhes." })),
        )
        .await,
        201,
        "open a ticket",
    )
    .await
}

async fn events_of(demo: &Demo, subject: &str) -> Vec<event_log::Model> {
    event_log::Entity::find()
        .filter(event_log::Column::SubjectId.eq(subject.parse::<uuid::Uuid>().unwrap()))
        .order_by_asc(event_log::Column::Id)
        .all(&demo.app.state.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn each_change_leaves_its_events_in_order_and_a_failed_one_none() {
    let demo = Demo::start().await;
    let ticket = open_ticket(&demo, "Impressora fiscal").await;
    let id = ticket["id"].as_str().unwrap();
    let agent = demo.user("agente@atende.demo");
    let updated = expect_status(
        demo.call_as(
            Role::Agent,
            Method::PATCH,
            &format!("/api/v1/tickets/{id}"),
            Some(
                json!({ "version": 1, "priority": "high", "assignee_id": agent, "status": "open" }),
            ),
        )
        .await,
        200,
        "update",
    )
    .await;
    expect_status(
        demo.call_as(
            Role::Agent,
            Method::POST,
            &format!("/api/v1/tickets/{id}/messages"),
            Some(json!({ "body": "Verificando o cabo.", "internal": true })),
        )
        .await,
        201,
        "a note",
    )
    .await;
    let events = events_of(&demo, id).await;
    let kinds: Vec<&str> = events.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "ticket.created",
            "ticket.updated",
            "ticket.assigned",
            "ticket.status_changed",
            "ticket.internal_note"
        ]
    );
    assert!(events.windows(2).all(|w| w[0].id < w[1].id), "ids in order");
    let created = &events[0];
    assert_eq!(created.visibility, "public");
    assert_eq!(created.performer_kind, "client");
    assert_eq!(
        created.company_id.map(|c| c.to_string()),
        ticket["company_id"].as_str().map(str::to_owned)
    );
    let data: Value = serde_json::from_str(&events[1].data).unwrap();
    let fields: Vec<&str> = data["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["status", "priority", "assignee_id"], "{data}");
    assert_eq!(data["ticket"]["version"], updated["version"]);
    assert_eq!(events[1].performer_id, Some(agent));
    assert_eq!(events[4].visibility, "staff", "an internal note");

    // A change refused half-way (a valid status, then an unknown
    // category) leaves no event.
    let before = events.len();
    let refused = demo
        .call_as(
            Role::Agent,
            Method::PATCH,
            &format!("/api/v1/tickets/{id}"),
            Some(json!({ "version": 3, "status": "pending", "category_id": uuid::Uuid::now_v7() })),
        )
        .await;
    assert_eq!(refused.status(), 422);
    assert_eq!(events_of(&demo, id).await.len(), before);
}

#[tokio::test]
async fn a_rolled_back_transaction_leaves_no_event_and_a_committed_one_its_events() {
    let demo = Demo::start().await;
    let db = &demo.app.state.db;
    let subject = uuid::Uuid::now_v7();
    let event = domain::notifications_changed(subject, demo.app.clock.now());
    let txn = db.begin().await.unwrap();
    atende_api::events::record(&txn, std::slice::from_ref(&event), json!({}))
        .await
        .unwrap();
    txn.rollback().await.unwrap();
    assert!(events_of(&demo, &subject.to_string()).await.is_empty());
    let txn = db.begin().await.unwrap();
    atende_api::events::record(&txn, &[event], json!({}))
        .await
        .unwrap();
    txn.commit().await.unwrap();
    let stored = events_of(&demo, &subject.to_string()).await;
    assert_eq!(stored.len(), 1);
    assert_eq!(
        EventKind::parse(&stored[0].kind),
        Some(EventKind::NotificationsChanged)
    );
}

/// The `id:` of the last frame in `text` about `needle`.
fn id_of(text: &str, needle: &str) -> i64 {
    text.split("\n\n")
        .filter(|frame| frame.contains(needle))
        .filter_map(|frame| frame.lines().find_map(|l| l.strip_prefix("id: ")))
        .last()
        .unwrap_or_else(|| panic!("no id for {needle} in {text}"))
        .parse()
        .unwrap()
}

async fn open_stream_after(demo: &Demo, role: Role, last_event_id: i64) -> Response {
    let response = demo
        .app
        .client
        .get(demo.app.url("/api/v1/events/stream"))
        .bearer_auth(demo.token(role))
        .header("Last-Event-ID", last_event_id.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response
}

#[tokio::test]
async fn a_reconnecting_stream_replays_what_it_missed_and_only_what_it_may_see() {
    let demo = Demo::start().await;
    let mut stream = open_stream(&demo, Role::Agent).await;
    let first = open_ticket(&demo, "Primeiro").await;
    let first_number = format!("\"number\":{}", first["number"]);
    let seen = read_until(&mut stream, &first_number, Duration::from_secs(5))
        .await
        .expect("the first change, live");
    let last_id = id_of(&seen, &first_number);
    drop(stream);

    // While the agent is away: a reply on the first ticket, a second
    // ticket, and one of another consultancy's clients.
    let id = first["id"].as_str().unwrap();
    expect_status(
        demo.call_as(
            Role::Client,
            Method::POST,
            &format!("/api/v1/tickets/{id}/messages"),
            Some(json!({ "body": "Mais detalhes." })),
        )
        .await,
        201,
        "reply",
    )
    .await;
    let second = open_ticket(&demo, "Segundo").await;
    let outsider = demo
        .create_signed_in_user(
            "cliente@rotasul.demo",
            Role::Client,
            &[demo.company("Rota Sul")],
        )
        .await
        .1;
    let foreign = expect_status(
        demo.call(
            &outsider,
            Method::POST,
            "/api/v1/tickets",
            Some(json!({ "subject": "De fora", "description": "Outra consultoria." })),
        )
        .await,
        201,
        "a ticket the agent may not see",
    )
    .await;

    let mut again = open_stream_after(&demo, Role::Agent, last_id).await;
    let second_number = format!("\"number\":{}", second["number"]);
    let replayed = read_until(&mut again, &second_number, Duration::from_secs(5))
        .await
        .expect("the missed changes, replayed");
    assert!(
        replayed.contains("\"kind\":\"replied\""),
        "the reply: {replayed}"
    );
    assert!(
        !replayed.contains(&format!("\"number\":{}", foreign["number"])),
        "another tenant's ticket replayed: {replayed}"
    );
    assert!(
        id_of(&replayed, &second_number) > last_id,
        "ids keep growing"
    );
    // Nothing from before the id it gave.
    assert!(
        !replayed.contains(&format!("id: {last_id}\n")),
        "{replayed}"
    );

    // A bad Last-Event-ID is named.
    let bad = demo
        .app
        .client
        .get(demo.app.url("/api/v1/events/stream"))
        .bearer_auth(demo.token(Role::Agent))
        .header("Last-Event-ID", "ontem")
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
}

#[tokio::test]
async fn a_change_through_one_server_reaches_a_stream_on_another() {
    let postgres = std::env::var("TEST_DATABASE_URL").is_ok_and(|u| u.starts_with("postgres"));
    // On PostgreSQL only NOTIFY can be this quick: the periodic look is
    // pushed far out of the test's patience.
    let demo = Demo::start_with(|s| {
        if postgres {
            s.event_poll_interval_ms = 60_000;
        }
    })
    .await;
    let replica = demo.app.replica().await;
    // NOTIFY wakes the other process at once; SQLite (one process in
    // production) has only the periodic look (a second) to rely on.
    let patience = if postgres {
        Duration::from_secs(1)
    } else {
        Duration::from_secs(3)
    };
    let mut stream = demo
        .app
        .client
        .get(replica.url("/api/v1/events/stream"))
        .bearer_auth(demo.token(Role::Agent))
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), 200);
    read_until(&mut stream, ": connected", Duration::from_secs(5))
        .await
        .expect("connected");
    // Let the replica's listener settle.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let ticket = open_ticket(&demo, "Via o servidor A").await;
    let needle = format!("\"number\":{}", ticket["number"]);
    read_until(&mut stream, &needle, patience)
        .await
        .expect("the change made on A, on B's stream");

    if postgres {
        // Kill B's listening connection: nothing is lost.
        use sea_orm::ConnectionTrait;
        demo.app
            .state
            .db
            .execute_unprepared(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                 WHERE query ILIKE 'LISTEN%' AND datname = current_database()",
            )
            .await
            .unwrap();
        // The listener reconnects within a second or so and re-reads from
        // its last id.
        let next = open_ticket(&demo, "Depois da queda").await;
        let needle = format!("\"number\":{}", next["number"]);
        read_until(&mut stream, &needle, Duration::from_secs(5))
            .await
            .expect("the change after the listener was killed");
    }
    replica.handle.stop(false).await;
}

#[tokio::test]
async fn company_and_user_changes_are_events_too() {
    let demo = Demo::start().await;
    let company = demo.company("Pão Dourado");
    expect_status(
        demo.call_as(
            Role::Supervisor,
            Method::PATCH,
            &format!("/api/v1/companies/{company}"),
            Some(json!({ "trade_name": "Pão Dourado Centro" })),
        )
        .await,
        200,
        "edit a company",
    )
    .await;
    let events = events_of(&demo, &company.to_string()).await;
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0].kind, "company.changed");
    assert_eq!(events[0].visibility, "staff");
    assert_eq!(
        events[0].performer_id,
        Some(demo.user("supervisor@atende.demo"))
    );
    let (user, _) = demo
        .create_signed_in_user("nova@horizonte.demo", Role::Agent, &[company])
        .await;
    let events = events_of(&demo, &user.to_string()).await;
    assert_eq!(
        events.iter().map(|e| e.kind.as_str()).collect::<Vec<_>>(),
        ["user.changed"]
    );
}

/// The ids the test subscriber was handed, in order.
async fn delivered(db: &sea_orm::DatabaseConnection) -> Vec<i64> {
    atende_api::system::setting::get(db, atende_api::events::subscribers::TEST_RECORDER_KEY)
        .await
        .unwrap()
        .unwrap_or_default()
        .split(',')
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect()
}

async fn all_ids(db: &sea_orm::DatabaseConnection) -> Vec<i64> {
    event_log::Entity::find()
        .order_by_asc(event_log::Column::Id)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.id)
        .collect()
}

/// Waits until the test subscriber has been handed `expected`.
async fn wait_delivered(db: &sea_orm::DatabaseConnection, expected: &[i64]) -> Vec<i64> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let got = delivered(db).await;
        if got.len() >= expected.len() || tokio::time::Instant::now() > deadline {
            return got;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_failing_subscriber_gets_every_event_exactly_once_after_its_retries() {
    let demo = Demo::start_with(|s| {
        s.test_event_subscriber = true;
        // Its first delivery fails twice (the queue backs off 30 s, then
        // 1 min: the clock is moved below).
        s.test_event_subscriber_failures = 2;
    })
    .await;
    let db = demo.app.state.db.clone();
    for subject in ["Um", "Dois", "Três"] {
        open_ticket(&demo, subject).await;
    }
    catch_up(&demo).await;
    let expected = all_ids(&db).await;
    assert!(expected.len() >= 3, "{expected:?}");
    let got = wait_delivered(&db, &expected).await;
    assert_eq!(got, expected, "every event once, in order");
    // It did fail first.
    let jobs = atende_api::jobs::entity::Entity::find()
        .filter(atende_api::jobs::entity::Column::Kind.eq("events.deliver"))
        .all(&db)
        .await
        .unwrap();
    assert!(jobs.iter().any(|j| j.attempts >= 3), "{jobs:?}");
    // More work later (whose delivery fails twice again) is delivered
    // once too.
    open_ticket(&demo, "Quatro").await;
    catch_up(&demo).await;
    let expected = all_ids(&db).await;
    assert_eq!(wait_delivered(&db, &expected).await, expected);
}

/// Moves time on (retries are due later) until the test subscriber has
/// every event.
async fn catch_up(demo: &Demo) {
    let db = &demo.app.state.db;
    for _ in 0..20 {
        tokio::time::sleep(Duration::from_millis(300)).await;
        if delivered(db).await.len() >= all_ids(db).await.len() {
            return;
        }
        demo.app.clock.advance(chrono::Duration::minutes(2));
    }
}

#[tokio::test]
async fn events_committed_before_a_crash_are_delivered_once_after_the_restart() {
    let demo = Demo::start_with(|s| {
        s.test_event_subscriber = true;
        s.jobs_enabled = false;
    })
    .await;
    open_ticket(&demo, "Antes da queda").await;
    open_ticket(&demo, "Também antes").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(delivered(&demo.app.state.db).await.is_empty(), "no worker");
    let Demo { app, .. } = demo;
    let app = app.restart_with(|s| s.jobs_enabled = true).await;
    let expected = all_ids(&app.state.db).await;
    let got = wait_delivered(&app.state.db, &expected).await;
    assert_eq!(got, expected);
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(delivered(&app.state.db).await, expected, "exactly once");
}
