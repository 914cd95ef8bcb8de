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

async fn api_token(demo: &Demo, name: &str) -> String {
    let created = expect_status(
        demo.call_as(
            Role::Admin,
            Method::POST,
            "/api/v1/api-tokens",
            Some(json!({ "name": name, "permissions": ["tickets.view"] })),
        )
        .await,
        201,
        name,
    )
    .await;
    created["token"].as_str().unwrap().to_owned()
}

fn number(response: &reqwest::Response, name: &str) -> u64 {
    response.headers()[name].to_str().unwrap().parse().unwrap()
}

#[tokio::test]
async fn each_api_token_has_its_own_budget_told_in_ratelimit_headers() {
    let demo = Demo::start_with(|s| s.api_token_rate_limit_per_minute = 5).await;
    let crm = api_token(&demo, "CRM").await;
    let erp = api_token(&demo, "ERP").await;
    let mut remaining = Vec::new();
    for _ in 0..5 {
        let ok = demo
            .app
            .request(Method::GET, "/api/v1/tickets", &crm)
            .send()
            .await
            .unwrap();
        assert_eq!(ok.status(), StatusCode::OK);
        assert_eq!(number(&ok, "ratelimit-limit"), 5);
        remaining.push(number(&ok, "ratelimit-remaining"));
    }
    assert_eq!(remaining, [4, 3, 2, 1, 0]);
    let over = demo
        .app
        .request(Method::GET, "/api/v1/tickets", &crm)
        .send()
        .await
        .unwrap();
    assert_eq!(over.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry = number(&over, "retry-after");
    assert!((1..=12).contains(&retry), "{retry}");
    assert_eq!(number(&over, "ratelimit-remaining"), 0);
    let problem: serde_json::Value = over.json().await.unwrap();
    assert_eq!(problem["code"], "too-many-requests");
    // Another token, and people's sessions, are not held back.
    let other = demo
        .app
        .request(Method::GET, "/api/v1/tickets", &erp)
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), StatusCode::OK);
    assert_eq!(number(&other, "ratelimit-remaining"), 4);
    let person = get_with(&demo, "/api/v1/tickets", None).await;
    assert_eq!(person.status(), StatusCode::OK);
    assert!(person.headers().get("ratelimit-limit").is_none());
}
