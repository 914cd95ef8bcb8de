//! Durable jobs and notifications over real connections: e-mails reach a
//! real SMTP server on loopback (the test sink) only through jobs; a job
//! due while the server is down runs once after the restart; a dead
//! worker's job is taken over after its lease; failures back off into the
//! dead letter; preferences switch channels off.

use std::time::Duration as StdDuration;

use atende_api::jobs::{self, NewJob, entity as job};
use atende_core::{clock::Clock, permissions::Role};
use atende_testkit::smtp::{Received, SmtpSink};
use chrono::Duration;
use mail_parser::MessageParser;
use reqwest::Method;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::demo_actors::{Demo, expect_code, expect_status};

const PATIENCE: StdDuration = StdDuration::from_secs(10);

fn mail_to(sink: &SmtpSink) -> impl FnOnce(&mut atende_api::Settings) {
    let port = sink.port;
    move |s| {
        s.smtp_host = Some("127.0.0.1".into());
        s.smtp_port = port;
        s.smtp_security = atende_api::config::SmtpSecurity::None;
        s.mail_from = "Atende Suporte <suporte@atende.demo>".into();
        s.public_url = "https://atende.example".into();
    }
}

struct Mail {
    to: Vec<String>,
    subject: String,
    reply_to: String,
    text: String,
    html: String,
}

fn parse(received: &Received) -> Mail {
    let message = MessageParser::default().parse(&received.data).unwrap();
    let reply_to = message
        .reply_to()
        .and_then(|a| a.first())
        .and_then(|a| a.address())
        .unwrap_or_default()
        .to_owned();
    Mail {
        to: received.to.clone(),
        subject: message.subject().unwrap_or_default().to_owned(),
        reply_to,
        text: message.body_text(0).unwrap_or_default().into_owned(),
        html: message.body_html(0).unwrap_or_default().into_owned(),
    }
}

async fn open_ticket(demo: &Demo, subject: &str) -> Value {
    expect_status(
        demo.call_as(
            Role::Client,
            Method::POST,
            "/api/v1/tickets",
            Some(json!({ "subject": subject, "description": "A NFS-e não sai." })),
        )
        .await,
        201,
        "open a ticket",
    )
    .await
}

/// The job with `key` once it has left the `running` state.
async fn finished(db: &sea_orm::DatabaseConnection, key: &str) -> job::Model {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        let row = job::Entity::find()
            .filter(job::Column::IdempotencyKey.eq(key))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        if row.status != "running" || tokio::time::Instant::now() > deadline {
            return row;
        }
        tokio::time::sleep(StdDuration::from_millis(25)).await;
    }
}

async fn jobs_of(demo: &Demo, kind: &str) -> Vec<job::Model> {
    job::Entity::find()
        .filter(job::Column::Kind.eq(kind))
        .all(&demo.app.state.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_reply_reaches_the_requester_by_email_in_their_language_never_a_note() {
    let sink = SmtpSink::start().await;
    let demo = Demo::start_with(mail_to(&sink)).await;
    let ticket = open_ticket(&demo, "Nota fiscal rejeitada").await;
    let id = ticket["id"].as_str().unwrap();
    // The confirmation of the new ticket.
    let mails = sink.wait_for(1, PATIENCE).await;
    assert_eq!(mails.len(), 1, "the confirmation");
    let confirmation = parse(&mails[0]);
    assert_eq!(confirmation.to, ["cliente@atende.demo"]);
    assert_eq!(
        confirmation.subject,
        "[#000001] Recebemos seu chamado: Nota fiscal rejeitada"
    );
    // Replies come back tagged with the ticket number.
    assert_eq!(confirmation.reply_to, "suporte+000001@atende.demo");
    assert!(
        confirmation.text.contains("Olá, Eduardo Lima."),
        "{}",
        confirmation.text
    );
    assert!(
        confirmation.text.contains(&format!(
            "Abrir o chamado: https://atende.example/chamados/{id}"
        )),
        "{}",
        confirmation.text
    );
    assert!(confirmation.html.contains(id), "{}", confirmation.html);
    assert!(
        confirmation.html.contains("Abrir o chamado"),
        "{}",
        confirmation.html
    );

    // An internal note: nothing for the client.
    for (internal, body) in [
        (true, "Conferir o código de serviço."),
        (false, "Corrigimos o cadastro."),
    ] {
        expect_status(
            demo.call_as(
                Role::Agent,
                Method::POST,
                &format!("/api/v1/tickets/{id}/messages"),
                Some(json!({ "body": body, "internal": internal })),
            )
            .await,
            201,
            "message",
        )
        .await;
    }
    sink.wait_for(2, PATIENCE).await;
    tokio::time::sleep(StdDuration::from_millis(300)).await;
    let mails: Vec<Mail> = sink.messages().iter().map(parse).collect();
    assert_eq!(mails.len(), 2, "the confirmation and the public reply only");
    let reply = &mails[1];
    assert_eq!(reply.to, ["cliente@atende.demo"]);
    assert_eq!(
        reply.subject,
        "[#000001] Nova resposta de Camila Ribeiro: Nota fiscal rejeitada"
    );
    for mail in &mails {
        assert!(
            !mail.text.contains("Conferir"),
            "a note leaked: {}",
            mail.text
        );
        assert!(
            !mail.html.contains("Conferir"),
            "a note leaked: {}",
            mail.html
        );
    }
    // Sent through jobs, each done once.
    tokio::time::sleep(StdDuration::from_millis(200)).await;
    let sent = jobs_of(&demo, "email.send").await;
    assert_eq!(sent.len(), 2);
    assert!(
        sent.iter().all(|j| j.status == "done" && j.attempts == 1),
        "{sent:?}"
    );

    // The client switches to English: the next mail is in English.
    expect_status(
        demo.call_as(
            Role::Client,
            Method::PATCH,
            "/api/v1/me",
            Some(json!({ "locale": "en" })),
        )
        .await,
        200,
        "switch to English",
    )
    .await;
    expect_status(
        demo.call_as(
            Role::Agent,
            Method::POST,
            &format!("/api/v1/tickets/{id}/messages"),
            Some(json!({ "body": "Pode confirmar?", "internal": false })),
        )
        .await,
        201,
        "second reply",
    )
    .await;
    let mails = sink.wait_for(3, PATIENCE).await;
    let english = parse(&mails[2]);
    assert_eq!(
        english.subject,
        "[#000001] New reply from Camila Ribeiro: Nota fiscal rejeitada"
    );
    assert!(
        english.text.starts_with("Hello, Eduardo Lima."),
        "{}",
        english.text
    );
}

#[tokio::test]
async fn preferences_switch_each_channel_per_event() {
    let sink = SmtpSink::start().await;
    let demo = Demo::start_with(mail_to(&sink)).await;
    let prefs = expect_status(
        demo.call_as(
            Role::Client,
            Method::GET,
            "/api/v1/me/notification-preferences",
            None,
        )
        .await,
        200,
        "preferences",
    )
    .await;
    let replied = prefs
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["event"] == "replied")
        .unwrap();
    assert_eq!(replied["email"], true);
    assert_eq!(replied["in_app"], true);
    // A bad event changes nothing.
    let bad = demo
        .call_as(
            Role::Client,
            Method::PUT,
            "/api/v1/me/notification-preferences",
            Some(json!([
                { "event": "replied", "email": false, "in_app": false },
                { "event": "birthday", "email": true, "in_app": true }
            ])),
        )
        .await;
    let problem = expect_code(bad, 422, "validation", "unknown event").await;
    assert_eq!(problem["field"], "[1].event", "{problem}");
    let saved = expect_status(
        demo.call_as(
            Role::Client,
            Method::PUT,
            "/api/v1/me/notification-preferences",
            Some(json!([
                { "event": "created", "email": false, "in_app": false },
                { "event": "replied", "email": false, "in_app": true }
            ])),
        )
        .await,
        200,
        "save",
    )
    .await;
    let replied = saved
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["event"] == "replied")
        .unwrap();
    assert_eq!(replied["email"], false);
    assert_eq!(replied["in_app"], true);

    let ticket = open_ticket(&demo, "Boleto").await;
    let id = ticket["id"].as_str().unwrap();
    expect_status(
        demo.call_as(
            Role::Agent,
            Method::POST,
            &format!("/api/v1/tickets/{id}/messages"),
            Some(json!({ "body": "Segue o boleto.", "internal": false })),
        )
        .await,
        201,
        "reply",
    )
    .await;
    // In the app, yes…
    demo.until(Role::Client, "/api/v1/notifications/unread-count", |u| {
        u["count"] == 1
    })
    .await;
    // …by e-mail, nothing (no confirmation, no reply), and no job either.
    tokio::time::sleep(StdDuration::from_millis(500)).await;
    assert!(sink.messages().is_empty(), "{:?}", sink.messages().len());
    assert!(jobs_of(&demo, "email.send").await.is_empty());
    // Each user's own preferences only: the agent's are untouched.
    let agent = expect_status(
        demo.call_as(
            Role::Agent,
            Method::GET,
            "/api/v1/me/notification-preferences",
            None,
        )
        .await,
        200,
        "agent preferences",
    )
    .await;
    assert!(
        agent
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["event"] == "created" || p["event"] == "replied")
            .all(|p| p["email"] == true),
        "{agent}"
    );
}

#[tokio::test]
async fn a_job_due_while_the_server_is_down_runs_once_after_the_restart() {
    let sink = SmtpSink::start().await;
    let configure = mail_to(&sink);
    let demo = Demo::start_with(|s| {
        configure(s);
        s.jobs_enabled = false;
    })
    .await;
    open_ticket(&demo, "Férias coletivas").await;
    tokio::time::sleep(StdDuration::from_millis(300)).await;
    assert!(sink.messages().is_empty(), "no worker, no mail");
    // The ticket's event waits for the notifications subscriber, which
    // runs in the worker too.
    assert!(jobs_of(&demo, "email.send").await.is_empty());
    let waiting = jobs_of(&demo, "events.deliver").await;
    assert!(waiting.iter().any(|j| j.status == "queued"), "{waiting:?}");

    // Restart with the worker on: the job runs, once.
    let Demo { app, .. } = demo;
    let app = app.restart_with(|s| s.jobs_enabled = true).await;
    let mails = sink.wait_for(1, PATIENCE).await;
    assert_eq!(mails.len(), 1);
    tokio::time::sleep(StdDuration::from_millis(500)).await;
    assert_eq!(sink.messages().len(), 1, "exactly once");
    let done = job::Entity::find()
        .filter(job::Column::Kind.eq("email.send"))
        .all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(done.len(), 1);
    assert_eq!(done[0].status, "done");
    assert_eq!(done[0].attempts, 1);
}

#[tokio::test]
async fn a_dead_workers_job_is_taken_over_when_its_lease_ends() {
    let sink = SmtpSink::start().await;
    let demo = Demo::start_with(mail_to(&sink)).await;
    let db = &demo.app.state.db;
    let now = demo.app.clock.now();
    let user = demo.user("cliente@atende.demo");
    let ticket = open_ticket(&demo, "Certidão").await;
    sink.wait_for(1, PATIENCE).await;
    // A job due in an hour (so the live worker leaves it alone until
    // then), claimed by a worker that then died: running, leased until an
    // hour and five minutes from now.
    let due = now + Duration::hours(1);
    jobs::enqueue(
        db,
        NewJob {
            run_at: due,
            ..NewJob::now(
                "email.send",
                json!({ "user_id": user, "event": "reopened", "ticket_id": ticket["id"], "data": {} }),
                now,
            )
        }
        .keyed("orphan"),
        now,
    )
    .await
    .unwrap();
    let claimed = jobs::queue::claim(db, "dead-worker", due, Duration::minutes(5), 10)
        .await
        .unwrap();
    // Whatever else was due then (an event delivery, say) goes with it.
    assert!(
        claimed
            .iter()
            .any(|j| j.idempotency_key.as_deref() == Some("orphan")),
        "{claimed:?}"
    );
    // Past its due time, but still leased: nobody else runs it.
    demo.app
        .clock
        .advance(Duration::hours(1) + Duration::minutes(2));
    tokio::time::sleep(StdDuration::from_millis(400)).await;
    assert_eq!(sink.messages().len(), 1, "leased: nobody else runs it");
    // The lease ends: a live worker takes it over and runs it once.
    demo.app.clock.advance(Duration::minutes(4));
    let mails = sink.wait_for(2, PATIENCE).await;
    assert_eq!(mails.len(), 2);
    assert!(parse(&mails[1]).subject.contains("Chamado reaberto"));
    let row = finished(db, "orphan").await;
    assert_eq!(row.status, "done");
    assert_eq!(row.attempts, 2, "the dead worker's try counts");
    // The dead worker cannot finish what it no longer holds.
    assert!(
        !jobs::queue::finish(
            db,
            &claimed[0],
            "dead-worker",
            atende_core::jobs::JobStatus::Done,
            now
        )
        .await
        .unwrap()
    );
}

#[tokio::test]
async fn failures_back_off_and_end_in_the_dead_letter() {
    // Nothing listens on this port: every send fails.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let demo = Demo::start_with(|s| {
        s.smtp_host = Some("127.0.0.1".into());
        s.smtp_port = port;
        s.smtp_security = atende_api::config::SmtpSecurity::None;
    })
    .await;
    open_ticket(&demo, "Backup").await;
    let db = &demo.app.state.db;
    let mut waits = Vec::new();
    for attempt in 1..=8 {
        // Wait until this attempt has been recorded.
        let row = loop {
            let row = job::Entity::find()
                .filter(job::Column::Kind.eq("email.send"))
                .one(db)
                .await
                .unwrap();
            if let Some(row) = row
                && row.attempts == attempt
                && row.status != "running"
            {
                break row;
            }
            tokio::time::sleep(StdDuration::from_millis(25)).await;
        };
        assert!(
            row.last_error
                .as_deref()
                .unwrap_or_default()
                .contains("SMTP"),
            "{row:?}"
        );
        if attempt < 8 {
            assert_eq!(row.status, "queued");
            waits.push((row.run_at - demo.app.clock.now()).num_seconds());
            demo.app.clock.advance(row.run_at - demo.app.clock.now());
        } else {
            assert_eq!(row.status, "dead", "the dead letter");
            assert!(row.finished_at.is_some());
        }
    }
    assert_eq!(waits, [30, 60, 120, 240, 480, 960, 1920]);
}

#[tokio::test]
async fn one_idempotency_key_is_one_job_and_claims_never_overlap() {
    let demo = Demo::start().await;
    let db = &demo.app.state.db;
    let now = demo.app.clock.now();
    for _ in 0..3 {
        jobs::enqueue(
            db,
            NewJob::now("test.noop", json!({}), now).keyed("same"),
            now,
        )
        .await
        .unwrap();
    }
    for i in 0..40 {
        jobs::enqueue(
            db,
            NewJob::now("test.noop", json!({ "i": i }), now + Duration::hours(1)),
            now,
        )
        .await
        .unwrap();
    }
    let rows = jobs_of(&demo, "test.noop").await;
    assert_eq!(rows.len(), 41, "the key kept one row");
    // Two claimers at once (two replicas): every job goes to exactly one.
    let later = now + Duration::hours(2);
    let (a, b) = tokio::join!(
        jobs::queue::claim(db, "replica-a", later, Duration::minutes(5), 30),
        jobs::queue::claim(db, "replica-b", later, Duration::minutes(5), 30),
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    let mut ids: Vec<_> = a.iter().chain(b.iter()).map(|j| j.id).collect();
    let total = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), total, "a job was claimed twice");
    // The demo server's own worker may have taken the one due job.
    assert!(total >= 40, "{total}");
}

#[tokio::test]
async fn pending_items_mail_the_client_and_remind_everyone_before_the_due_date() {
    let sink = SmtpSink::start().await;
    let configure = mail_to(&sink);
    let mut demo = Demo::start_with(|s| {
        configure(s);
        s.auth_rate_limit_per_minute = 1_000;
    })
    .await;
    let item = expect_status(
        demo.call_as(
            Role::Agent,
            Method::POST,
            "/api/v1/pending-items",
            Some(
                json!({ "title": "Extrato de março", "company_id": demo.company("Pão Dourado"),
                         "due_date": "2026-03-10", "submit": true }),
            ),
        )
        .await,
        201,
        "create",
    )
    .await;
    let id = item["id"].as_str().unwrap();
    expect_status(
        demo.call_as(
            Role::Supervisor,
            Method::POST,
            &format!("/api/v1/pending-items/{id}/steps"),
            Some(json!({ "action": "approve" })),
        )
        .await,
        200,
        "approve",
    )
    .await;
    // The supervisor was told of the submission, the client's two users
    // of the approval.
    let mails: Vec<Mail> = sink.wait_for(3, PATIENCE).await.iter().map(parse).collect();
    assert_eq!(mails.len(), 3);
    let to_client = mails
        .iter()
        .find(|m| m.to == ["cliente@atende.demo"])
        .expect("a mail to the client");
    assert_eq!(
        to_client.subject,
        "[PEN-000001] Nova pendência aguardando sua resposta: Extrato de março"
    );
    assert!(
        to_client
            .text
            .contains(&format!("https://atende.example/pendencias/{id}"))
    );
    assert!(mails.iter().any(|m| m.to == ["supervisor@atende.demo"]));

    // Sunday 8 March, 09:00 (two days before): one reminder each.
    demo.app.clock.advance(Duration::days(6));
    for role in [Role::Agent, Role::Client, Role::Supervisor] {
        demo.sign_in_again(role).await;
    }
    let reminders = |mails: &[Received]| {
        mails
            .iter()
            .map(parse)
            .filter(|m| m.subject.contains("perto do vencimento"))
            .map(|m| m.to[0].clone())
            .collect::<Vec<_>>()
    };
    let mut reminded = reminders(&sink.wait_for(7, PATIENCE).await);
    reminded.sort();
    assert_eq!(
        reminded,
        [
            "agente@atende.demo",
            "cliente.supervisor@atende.demo",
            "cliente@atende.demo",
            "supervisor@atende.demo"
        ]
    );
    demo.app.clock.advance(Duration::days(1));
    tokio::time::sleep(StdDuration::from_millis(400)).await;
    assert_eq!(reminders(&sink.messages()).len(), 4, "once");
}
