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
