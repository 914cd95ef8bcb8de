//! Robustness at the edge: odd text never reaches the database or a mail
//! header, a panicking job fails alone, and credentials get the defences
//! sign-in has. Each test failed before its fix.

use std::time::Duration as StdDuration;

use atende_api::{
    identity::user,
    jobs::{self, NewJob, entity as job},
    tickets::catalog::team,
};
use atende_core::{clock::Clock, permissions::Role};
use atende_testkit::{DEMO_PASSWORD, smtp::SmtpSink};
use reqwest::Method;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter,
};
use serde_json::json;

use crate::demo_actors::{Demo, expect_code, expect_status};

const PATIENCE: StdDuration = StdDuration::from_secs(10);

#[tokio::test]
async fn a_panicking_job_fails_alone_and_the_worker_sends_the_next_mail() {
    let sink = SmtpSink::start().await;
    let port = sink.port;
    let demo = Demo::start_with(move |s| {
        s.smtp_host = Some("127.0.0.1".into());
        s.smtp_port = port;
        s.smtp_security = atende_api::config::SmtpSecurity::None;
        s.mail_from = "Atende Suporte <suporte@atende.demo>".into();
    })
    .await;
    let db = &demo.app.state.db;
    let now = demo.app.clock.now();
    jobs::enqueue(
        db,
        NewJob::now(jobs::worker::PANIC_KIND, json!({}), now).keyed("panics"),
        now,
    )
    .await
    .unwrap();
    // A name with a line break stored before the edge refused them: the
    // mail to its owner still goes out, with the break made a space.
    let client = demo.user("cliente@atende.demo");
    let mut row = user::Entity::find_by_id(client)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    row.name = Set("Ed\nLima".into());
    row.update(db).await.unwrap();
    expect_status(
        demo.call_as(
            Role::Client,
            Method::POST,
            "/api/v1/tickets",
            Some(json!({ "subject": "Depois do pânico", "description": "x" })),
        )
        .await,
        201,
        "open",
    )
    .await;
    let mails = sink.wait_for(1, PATIENCE).await;
    assert_eq!(
        mails.len(),
        1,
        "the worker survived the panic and sent the mail"
    );
    let text = String::from_utf8_lossy(&mails[0].data);
    assert!(text.contains("Ed Lima"), "{text}");
    // Jobs run side by side: the mail may go out before the panicking
    // job's failure is written, so wait for that outcome too.
    let deadline = std::time::Instant::now() + PATIENCE;
    let panicked = loop {
        let row = job::Entity::find()
            .filter(job::Column::IdempotencyKey.eq("panics"))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        if row.status != "running" || std::time::Instant::now() > deadline {
            break row;
        }
        tokio::time::sleep(StdDuration::from_millis(50)).await;
    };
    assert_ne!(panicked.status, "done");
    assert!(
        panicked
            .last_error
            .as_deref()
            .is_some_and(|e| e.contains("panicked")),
        "{panicked:?}"
    );
}

#[tokio::test]
async fn control_characters_are_refused_at_the_edge_naming_the_field() {
    let demo = Demo::start().await;
    // A name must be one line.
    let body = expect_code(
        demo.call_as(
            Role::Client,
            Method::PATCH,
            "/api/v1/me",
            Some(json!({ "name": "Ed\nLima" })),
        )
        .await,
        422,
        "validation",
        "a line break in a name",
    )
    .await;
    assert_eq!(body["field"], "name");
    // NUL anywhere, signed in or not, in bodies and in query strings.
    let body = expect_code(
        demo.app
            .post_json(
                "/api/v1/auth/login",
                &json!({ "email": "cliente@atende.demo\u{0}", "password": DEMO_PASSWORD }),
            )
            .await,
        422,
        "validation",
        "NUL in the sign-in e-mail",
    )
    .await;
    assert_eq!(body["field"], "email");
    let before = demo.app.state.db.clone();
    let count = atende_api::tickets::entity::ticket::Entity::find()
        .count(&before)
        .await
        .unwrap();
    let body = expect_code(
        demo.call_as(
            Role::Client,
            Method::POST,
            "/api/v1/tickets",
            Some(json!({ "subject": "a\u{0}b", "description": "x", "tags": ["ok", "n\u{0}"] })),
        )
        .await,
        422,
        "validation",
        "NUL in a subject",
    )
    .await;
    assert_eq!(body["field"], "subject");
    assert_eq!(
        atende_api::tickets::entity::ticket::Entity::find()
            .count(&before)
            .await
            .unwrap(),
        count,
        "nothing stored"
    );
    for path in [
        "/api/v1/tickets?q=a%00b",
        "/api/v1/companies?q=%00",
        "/api/v1/users?q=%1b",
    ] {
        let body = expect_code(
            demo.call_as(Role::Admin, Method::GET, path, None).await,
            422,
            "validation",
            path,
        )
        .await;
        assert_eq!(body["field"], "q", "{path}");
    }
    // Trailing bytes after the JSON document.
    let response = demo
        .app
        .request(Method::PATCH, "/api/v1/me", demo.token(Role::Client))
        .header("content-type", "application/json")
        .body(r#"{"name":"Eduardo"} junk"#)
        .send()
        .await
        .unwrap();
    expect_code(response, 400, "bad-request", "trailing bytes").await;
}

#[tokio::test]
async fn a_team_listing_a_member_twice_is_a_422_and_nothing_is_stored() {
    let demo = Demo::start().await;
    let agent = demo.user("agente@atende.demo");
    let body = expect_code(
        demo.call_as(
            Role::Admin,
            Method::POST,
            "/api/v1/teams",
            Some(json!({
                "name": "Fiscal", "assignment": "manual",
                "members": [{ "user_id": agent, "available": true }, { "user_id": agent, "available": false }],
            })),
        )
        .await,
        422,
        "validation",
        "duplicate member",
    )
    .await;
    assert_eq!(body["field"], "members[1].user_id");
    assert_eq!(
        team::Entity::find()
            .count(&demo.app.state.db)
            .await
            .unwrap(),
        0
    );
}

#[tokio::test]
async fn confirming_a_password_is_rate_limited_and_locks_like_sign_in() {
    let demo = Demo::start().await;
    let token = demo.token(Role::Agent).to_owned();
    for attempt in 1..=5 {
        let response = demo
            .call(
                &token,
                Method::POST,
                "/api/v1/me/password",
                Some(json!({ "current_password": format!("errada-{attempt}"), "new_password": "Outra#Senha2026x" })),
            )
            .await;
        expect_code(response, 422, "validation", "a wrong current password").await;
    }
    // Locked now: even the right password waits.
    let response = demo
        .call(
            &token,
            Method::POST,
            "/api/v1/me/password",
            Some(json!({ "current_password": DEMO_PASSWORD, "new_password": "Outra#Senha2026x" })),
        )
        .await;
    assert_eq!(response.status().as_u16(), 429);
    assert!(response.headers().contains_key("retry-after"));
    let locked = user::Entity::find_by_id(demo.user("agente@atende.demo"))
        .one(&demo.app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert!(locked.locked_until.is_some(), "the account is locked");
    // Turning MFA off goes through the same check.
    let response = demo
        .call_as(
            Role::Client,
            Method::DELETE,
            "/api/v1/me/mfa",
            Some(json!({ "password": "errada" })),
        )
        .await;
    expect_code(response, 422, "validation", "MFA off with a wrong password").await;
    let client = user::Entity::find_by_id(demo.user("cliente@atende.demo"))
        .one(&demo.app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(client.failed_logins, 1, "the failure counted");
}

#[tokio::test]
async fn token_answers_are_never_cached_and_a_new_invitation_ends_old_sessions() {
    let demo = Demo::start().await;
    let response = demo
        .app
        .post_json(
            "/api/v1/auth/login",
            &json!({ "email": "agente@atende.demo", "password": DEMO_PASSWORD }),
        )
        .await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let tokens: serde_json::Value = response.json().await.unwrap();
    let response = demo
        .app
        .post_json(
            "/api/v1/auth/refresh",
            &json!({ "refresh_token": tokens["tokens"]["refresh_token"] }),
        )
        .await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");

    // A user signed in; an administrator re-invites them (a lost
    // password); accepting the new link ends the old session.
    let (id, old_token) = demo
        .create_signed_in_user(
            "reconvite@horizonte.test",
            Role::Agent,
            &[demo.company("Contábil Horizonte")],
        )
        .await;
    expect_status(
        demo.call(&old_token, Method::GET, "/api/v1/me", None).await,
        200,
        "me",
    )
    .await;
    let invited = expect_status(
        demo.call_as(
            Role::Admin,
            Method::POST,
            &format!("/api/v1/users/{id}/invitation"),
            None,
        )
        .await,
        200,
        "re-invite",
    )
    .await;
    let token = invited["token"]
        .as_str()
        .or_else(|| invited["invitation"]["token"].as_str())
        .unwrap();
    expect_status(
        demo.app
            .post_json(
                &format!("/api/v1/auth/invitations/{token}"),
                &json!({ "password": "Nova#Senha2026abc" }),
            )
            .await,
        204,
        "accept",
    )
    .await;
    expect_code(
        demo.call(&old_token, Method::GET, "/api/v1/me", None).await,
        401,
        "unauthenticated",
        "the old session after a new password",
    )
    .await;
}
