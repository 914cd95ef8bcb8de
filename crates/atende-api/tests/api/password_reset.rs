//! "Esqueci minha senha" over real connections: the link reaches a real
//! SMTP server on loopback; the form answers alike for every address; a
//! link works once, for 30 minutes, and using it ends every session.

use std::time::Duration as StdDuration;

use atende_core::permissions::Role;
use atende_testkit::smtp::SmtpSink;
use chrono::Duration;
use mail_parser::MessageParser;
use reqwest::Method;
use sea_orm::EntityTrait;
use serde_json::{Value, json};

use crate::demo_actors::{Demo, expect_code, expect_status};

const PATIENCE: StdDuration = StdDuration::from_secs(10);
const CLIENT: &str = "cliente@atende.demo";
const NEW_PASSWORD: &str = "Girassol-Azul-2027";

async fn with_mail() -> (SmtpSink, Demo) {
    let sink = SmtpSink::start().await;
    let port = sink.port;
    let demo = Demo::start_with(move |s| {
        s.smtp_host = Some("127.0.0.1".into());
        s.smtp_port = port;
        s.smtp_security = atende_api::config::SmtpSecurity::None;
        s.mail_from = "Atende <suporte@atende.demo>".into();
        s.public_url = "https://atende.example".into();
        s.auth_rate_limit_per_minute = 1_000;
    })
    .await;
    (sink, demo)
}

async fn ask(demo: &Demo, email: &str) -> (u16, String) {
    let response = demo
        .app
        .post_json("/api/v1/auth/password-reset", &json!({ "email": email }))
        .await;
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

async fn confirm(demo: &Demo, token: &str, password: &str) -> reqwest::Response {
    demo.app
        .post_json(
            "/api/v1/auth/password-reset/confirm",
            &json!({ "token": token, "password": password }),
        )
        .await
}

/// The token of the `n`-th mail (0-based) the sink received, read from
/// the link in its text.
async fn token_of_mail(sink: &SmtpSink, n: usize) -> (Vec<String>, String, String) {
    let mails = sink.wait_for(n + 1, PATIENCE).await;
    assert!(mails.len() > n, "mail {n} never arrived");
    let message = MessageParser::default().parse(&mails[n].data).unwrap();
    let text = message.body_text(0).unwrap_or_default().into_owned();
    let prefix = "https://atende.example/redefinir-senha/";
    let start = text
        .find(prefix)
        .unwrap_or_else(|| panic!("no link in {text}"))
        + prefix.len();
    let token: String = text[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    (
        mails[n].to.clone(),
        message.subject().unwrap_or_default().to_owned(),
        token,
    )
}

async fn login_status(demo: &Demo, email: &str, password: &str) -> u16 {
    demo.app
        .post_json(
            "/api/v1/auth/login",
            &json!({ "email": email, "password": password }),
        )
        .await
        .status()
        .as_u16()
}

#[tokio::test]
async fn the_form_answers_alike_for_every_address_and_mails_only_real_accounts() {
    let (sink, demo) = with_mail().await;
    let known = ask(&demo, CLIENT).await;
    let unknown = ask(&demo, "ninguem@exemplo.com.br").await;
    assert_eq!(known, (204, String::new()), "a known address");
    assert_eq!(unknown, known, "an unknown address answers the same");
    let (to, subject, token) = token_of_mail(&sink, 0).await;
    assert_eq!(to, [CLIENT]);
    assert_eq!(subject, "Redefinição de senha do Atende");
    assert!(token.len() >= 32, "a long random token: {token}");
    // Nothing went to the unknown address.
    tokio::time::sleep(StdDuration::from_millis(300)).await;
    assert_eq!(sink.messages().len(), 1, "one mail only");
    // The token is stored as a digest and mailed sealed: neither the
    // reset table nor the jobs table holds it in the clear.
    let db = &demo.app.state.db;
    let resets = atende_api::auth::password_reset::entity::Entity::find()
        .all(db)
        .await
        .unwrap();
    assert_eq!(resets.len(), 1);
    assert_ne!(resets[0].token_hash, token);
    let jobs = atende_api::jobs::entity::Entity::find()
        .all(db)
        .await
        .unwrap();
    assert!(
        jobs.iter().all(|j| !j.payload.contains(&token)),
        "the token in a job payload"
    );
    // Not an address at all: named.
    let bad = demo
        .app
        .post_json("/api/v1/auth/password-reset", &json!({ "email": "" }))
        .await;
    let body = expect_code(bad, 422, "validation", "an empty address").await;
    assert_eq!(body["errors"][0]["field"], "email", "{body}");
}

#[tokio::test]
async fn a_link_sets_the_password_once_and_ends_every_session() {
    let (sink, mut demo) = with_mail().await;
    let before = demo.token(Role::Client).to_owned();
    expect_status(
        demo.call(&before, Method::GET, "/api/v1/me", None).await,
        200,
        "signed in before",
    )
    .await;
    assert_eq!(ask(&demo, CLIENT).await.0, 204);
    let (_, _, token) = token_of_mail(&sink, 0).await;

    // A weak password is refused at its field and spends nothing.
    let weak = expect_code(
        confirm(&demo, &token, "123").await,
        422,
        "validation",
        "a weak password",
    )
    .await;
    assert_eq!(weak["errors"][0]["field"], "password", "{weak}");

    let done = confirm(&demo, &token, NEW_PASSWORD).await;
    assert_eq!(
        done.status().as_u16(),
        204,
        "{}",
        done.text().await.unwrap()
    );
    // The session opened before the reset is over.
    let after = demo.call(&before, Method::GET, "/api/v1/me", None).await;
    assert_eq!(after.status().as_u16(), 401, "the old session lives on");
    assert_eq!(login_status(&demo, CLIENT, "Atende#Demo2026").await, 401);
    assert_eq!(login_status(&demo, CLIENT, NEW_PASSWORD).await, 200);

    // Single use.
    let again = expect_code(
        confirm(&demo, &token, "Outra-Senha-Forte-99").await,
        422,
        "validation",
        "the link a second time",
    )
    .await;
    assert_eq!(again["errors"][0]["field"], "token", "{again}");
    assert_eq!(login_status(&demo, CLIENT, NEW_PASSWORD).await, 200);

    // The audit log tells the story.
    demo.sign_in_again(Role::Admin).await;
    let entries = demo
        .list_all(
            demo.token(Role::Admin),
            "/api/v1/audit-log?action=user.password_reset",
            "audit",
        )
        .await;
    assert!(
        entries
            .iter()
            .any(|e| e["action"] == "user.password_reset" && e["actor"] == CLIENT),
        "{entries:?}"
    );
}

#[tokio::test]
async fn a_link_expires_after_30_minutes_and_a_newer_one_voids_it() {
    let (sink, demo) = with_mail().await;
    assert_eq!(ask(&demo, CLIENT).await.0, 204);
    let (_, _, first) = token_of_mail(&sink, 0).await;
    // Asked again at once: no second mail (the button pressed twice).
    assert_eq!(ask(&demo, CLIENT).await.0, 204);
    tokio::time::sleep(StdDuration::from_millis(300)).await;
    assert_eq!(sink.messages().len(), 1, "a second mail within 2 minutes");

    // Three minutes on, a new link voids the first.
    demo.app.clock.advance(Duration::minutes(3));
    assert_eq!(ask(&demo, CLIENT).await.0, 204);
    let (_, _, second) = token_of_mail(&sink, 1).await;
    assert_ne!(first, second);
    let voided = expect_code(
        confirm(&demo, &first, NEW_PASSWORD).await,
        422,
        "validation",
        "a voided link",
    )
    .await;
    assert_eq!(voided["errors"][0]["field"], "token");

    // Thirty-one minutes on, the second has expired too.
    demo.app.clock.advance(Duration::minutes(31));
    let expired: Value = expect_code(
        confirm(&demo, &second, NEW_PASSWORD).await,
        422,
        "validation",
        "an expired link",
    )
    .await;
    assert_eq!(expired["errors"][0]["field"], "token");
    assert_eq!(login_status(&demo, CLIENT, "Atende#Demo2026").await, 200);
}

#[tokio::test]
async fn a_reset_lifts_a_sign_in_lock() {
    let (sink, demo) = with_mail().await;
    for _ in 0..5 {
        assert_eq!(login_status(&demo, CLIENT, "senha-errada-123").await, 401);
    }
    assert_eq!(
        login_status(&demo, CLIENT, "Atende#Demo2026").await,
        401,
        "locked"
    );
    assert_eq!(ask(&demo, CLIENT).await.0, 204);
    let (_, _, token) = token_of_mail(&sink, 0).await;
    assert_eq!(confirm(&demo, &token, NEW_PASSWORD).await.status(), 204);
    assert_eq!(login_status(&demo, CLIENT, NEW_PASSWORD).await, 200);
}

#[tokio::test]
async fn one_address_asking_too_often_is_slowed_down() {
    let app = atende_testkit::TestApp::spawn_with(|s| {
        s.demo_data = true;
        s.auth_rate_limit_per_minute = 2;
    })
    .await;
    let ask = |email: &'static str| {
        let app = &app;
        async move {
            app.post_json("/api/v1/auth/password-reset", &json!({ "email": email }))
                .await
        }
    };
    assert_eq!(ask(CLIENT).await.status(), 204);
    assert_eq!(ask("outra@exemplo.com.br").await.status(), 204);
    let third = ask("mais.uma@exemplo.com.br").await;
    assert_eq!(third.status(), 429);
    assert!(third.headers().contains_key("retry-after"));
}
