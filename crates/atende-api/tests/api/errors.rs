//! Every failure is an RFC 9457 problem document with the right status.

use atende_testkit::{TestApp, expect_problem};
use serde_json::json;

const CNPJ_CHECK: &str = "/api/v1/companies/cnpj-check";

#[tokio::test]
async fn an_unknown_route_is_a_404_problem() {
    let app = TestApp::spawn().await;
    for path in ["/api/v1/nothing-here", "/api/nothing", "/health/nothing"] {
        let body = expect_problem(app.get(path).await, 404).await;
        assert_eq!(body["code"], "not-found", "{path}");
    }
}

#[tokio::test]
async fn malformed_json_is_a_400_naming_the_problem() {
    let app = TestApp::spawn().await;
    let response = app
        .post_raw(CNPJ_CHECK, "application/json", r#"{"cnpj": "11.222"#)
        .await;
    let body = expect_problem(response, 400).await;
    assert_eq!(body["code"], "bad-request");
    let detail = body["detail"].as_str().unwrap();
    assert!(
        detail.contains("not valid JSON") && detail.contains("line 1"),
        "{detail}"
    );
}

#[tokio::test]
async fn an_empty_body_is_a_400() {
    let app = TestApp::spawn().await;
    let body = expect_problem(app.post_raw(CNPJ_CHECK, "application/json", "").await, 400).await;
    assert!(body["detail"].as_str().unwrap().contains("empty"));
}

#[tokio::test]
async fn a_wrong_content_type_is_a_415() {
    let app = TestApp::spawn().await;
    let response = app
        .post_raw(CNPJ_CHECK, "text/plain", r#"{"cnpj":"11222333000181"}"#)
        .await;
    let body = expect_problem(response, 415).await;
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("application/json")
    );
}

#[tokio::test]
async fn a_body_over_the_limit_is_a_413() {
    let app = TestApp::spawn_with(|s| s.json_body_limit = 4096).await;
    let big = json!({ "cnpj": "1".repeat(10_000) });
    let body = expect_problem(app.post_json(CNPJ_CHECK, &big).await, 413).await;
    assert!(body["detail"].as_str().unwrap().contains("4096"));
}

#[tokio::test]
async fn a_missing_field_is_a_422_naming_it() {
    let app = TestApp::spawn().await;
    let body = expect_problem(app.post_json(CNPJ_CHECK, &json!({})).await, 422).await;
    assert_eq!(body["field"], "cnpj");
    assert_eq!(body["errors"][0]["field"], "cnpj");
}

#[tokio::test]
async fn a_field_of_the_wrong_type_is_a_422_naming_it() {
    let app = TestApp::spawn().await;
    let body = expect_problem(
        app.post_json(CNPJ_CHECK, &json!({ "cnpj": 11222333000181u64 }))
            .await,
        422,
    )
    .await;
    assert_eq!(body["field"], "cnpj");
}

#[tokio::test]
async fn an_unknown_field_is_a_422_naming_it() {
    let app = TestApp::spawn().await;
    let body = expect_problem(
        app.post_json(CNPJ_CHECK, &json!({ "cnpj": "x", "cpnj": "y" }))
            .await,
        422,
    )
    .await;
    assert!(body["detail"].as_str().unwrap().contains("cpnj"), "{body}");
}
