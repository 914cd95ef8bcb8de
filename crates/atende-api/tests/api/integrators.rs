//! What integrators rely on beyond the resources themselves: conditional
//! GETs with `ETag` / `If-None-Match`.

use atende_core::permissions::Role;
use reqwest::{Method, StatusCode, header};
use serde_json::json;

use crate::demo_actors::{Demo, expect_status};

async fn get_with(demo: &Demo, path: &str, if_none_match: Option<&str>) -> reqwest::Response {
    let mut request = demo.app.request(Method::GET, path, demo.token(Role::Agent));
    if let Some(tag) = if_none_match {
        request = request.header(header::IF_NONE_MATCH, tag);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn a_resource_answers_304_to_its_etag_until_it_changes() {
    let demo = Demo::start().await;
    let ticket = expect_status(
        demo.call_as(
            Role::Client,
            Method::POST,
            "/api/v1/tickets",
            Some(json!({ "subject": "Certidão negativa", "description": "Preciso dela." })),
        )
        .await,
        201,
        "open",
    )
    .await;
    let path = format!("/api/v1/tickets/{}", ticket["id"].as_str().unwrap());
    let first = get_with(&demo, &path, None).await;
    assert_eq!(first.status(), StatusCode::OK);
    let tag = first
        .headers()
        .get(header::ETAG)
        .expect("an ETag")
        .to_str()
        .unwrap()
        .to_owned();
    assert!(tag.starts_with('"') && tag.ends_with('"'), "{tag}");

    // Unchanged: 304, no body, the same tag.
    let again = get_with(&demo, &path, Some(&tag)).await;
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(again.headers()[header::ETAG], tag.as_str());
    assert!(again.bytes().await.unwrap().is_empty());
    // A weak form or a list naming it matches too; another tag does not.
    let weak = get_with(&demo, &path, Some(&format!("\"x\", W/{tag}"))).await;
    assert_eq!(weak.status(), StatusCode::NOT_MODIFIED);
    let other = get_with(&demo, &path, Some("\"0000\"")).await;
    assert_eq!(other.status(), StatusCode::OK);

    // Changed: the whole answer again, under a new tag.
    expect_status(
        demo.call_as(
            Role::Agent,
            Method::POST,
            &format!("{path}/messages"),
            Some(json!({ "body": "Em andamento." })),
        )
        .await,
        201,
        "reply",
    )
    .await;
    let changed = get_with(&demo, &path, Some(&tag)).await;
    assert_eq!(changed.status(), StatusCode::OK);
    let new_tag = changed.headers()[header::ETAG].to_str().unwrap().to_owned();
    assert_ne!(new_tag, tag);
    let body: serde_json::Value = changed.json().await.unwrap();
    assert_eq!(body["id"], ticket["id"]);

    // Errors carry no tag and are never 304.
    let missing = get_with(
        &demo,
        "/api/v1/tickets/00000000-0000-7000-8000-000000000000",
        Some("*"),
    )
    .await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert!(missing.headers().get(header::ETAG).is_none());
}

async fn post_keyed(
    demo: &Demo,
    token: &str,
    path: &str,
    key: &str,
    body: &serde_json::Value,
) -> reqwest::Response {
    demo.app
        .request(Method::POST, path, token)
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn ticket_count(demo: &Demo, subject: &str) -> usize {
    demo.list_all(
        demo.token(Role::Admin),
        &format!("/api/v1/tickets?q={}", subject.replace(' ', "+")),
        "tickets",
    )
    .await
    .iter()
    .filter(|t| t["subject"] == subject)
    .count()
}

#[tokio::test]
async fn a_retried_post_with_its_idempotency_key_acts_once_and_replays_the_answer() {
    let demo = Demo::start().await;
    let client = demo.token(Role::Client).to_owned();
    let body = json!({ "subject": "Guia de recolhimento", "description": "Enviada duas vezes?" });
    let first = post_keyed(&demo, &client, "/api/v1/tickets", "crm-4711", &body).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    assert!(first.headers().get("idempotent-replayed").is_none());
    let first: serde_json::Value = first.json().await.unwrap();

    // The same key and body: the first answer again, nothing new stored.
    let again = post_keyed(&demo, &client, "/api/v1/tickets", "crm-4711", &body).await;
    assert_eq!(again.status(), StatusCode::CREATED);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    let again: serde_json::Value = again.json().await.unwrap();
    assert_eq!(again["id"], first["id"]);
    assert_eq!(again["number"], first["number"]);
    assert_eq!(ticket_count(&demo, "Guia de recolhimento").await, 1);

    // The same key with another body: 422 naming the header, nothing stored.
    let other = json!({ "subject": "Outra coisa", "description": "x" });
    let refused = post_keyed(&demo, &client, "/api/v1/tickets", "crm-4711", &other).await;
    let problem = crate::demo_actors::expect_code(refused, 422, "validation", "reused key").await;
    assert_eq!(problem["field"], "Idempotency-Key");
    assert_eq!(ticket_count(&demo, "Outra coisa").await, 0);

    // Keys belong to the credential: another user's same key is theirs.
    let agent = demo.token(Role::Agent).to_owned();
    let theirs = json!({ "subject": "Guia de recolhimento", "description": "Da equipe.",
                         "company_id": demo.company("Pão Dourado") });
    let separate = post_keyed(&demo, &agent, "/api/v1/tickets", "crm-4711", &theirs).await;
    assert_eq!(separate.status(), StatusCode::CREATED);
    assert!(separate.headers().get("idempotent-replayed").is_none());
    assert_eq!(ticket_count(&demo, "Guia de recolhimento").await, 2);

    // A refused request is replayed as refused, and a bad key is a 422.
    let invalid = json!({ "subject": "", "description": "x" });
    let no = post_keyed(&demo, &client, "/api/v1/tickets", "crm-4712", &invalid).await;
    assert_eq!(no.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let no_again = post_keyed(&demo, &client, "/api/v1/tickets", "crm-4712", &invalid).await;
    assert_eq!(no_again.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(no_again.headers()["idempotent-replayed"], "true");
    let bad_key = post_keyed(&demo, &client, "/api/v1/tickets", "tem espaço", &body).await;
    let problem = crate::demo_actors::expect_code(bad_key, 422, "validation", "bad key").await;
    assert_eq!(problem["field"], "Idempotency-Key");
    assert_eq!(ticket_count(&demo, "Guia de recolhimento").await, 2);
}
