use atende_api::openapi::{check_committed, document_json};
use atende_testkit::TestApp;

fn committed() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../openapi/openapi.json");
    std::fs::read_to_string(path).expect("openapi/openapi.json exists; run `cargo xtask openapi`")
}

#[test]
fn the_committed_openapi_document_matches_the_code() {
    if let Err(message) = check_committed(&committed()) {
        panic!("{message}");
    }
}

#[test]
fn the_drift_check_notices_a_stale_document() {
    let stale = committed().replacen("/api/v1/info", "/api/v1/information", 1);
    let message = check_committed(&stale).unwrap_err();
    assert!(
        message.contains("stale") && message.contains("cargo xtask openapi"),
        "{message}"
    );
    assert!(check_committed("{}").is_err());
}

#[test]
fn the_document_is_openapi_3_1_with_both_security_schemes() {
    let doc: serde_json::Value = serde_json::from_str(&document_json().unwrap()).unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(schemes["bearer_jwt"]["scheme"], "bearer");
    assert_eq!(schemes["api_token"]["type"], "apiKey");
}

#[tokio::test]
async fn the_server_serves_the_document_and_the_reference() {
    let app = TestApp::spawn().await;
    let served: serde_json::Value = app.get("/api/openapi.json").await.json().await.unwrap();
    let generated: serde_json::Value = serde_json::from_str(&document_json().unwrap()).unwrap();
    assert_eq!(served, generated);

    let redirect = app.get("/api/docs").await;
    assert_eq!(redirect.status(), 308);
    assert_eq!(redirect.headers()["location"], "/api/docs/");

    let page = app.get("/api/docs/").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("swagger-ui-bundle.js"), "{html}");
    // The assets are vendored into the binary: no CDN.
    assert!(
        !html.contains("https://"),
        "the reference must not load from the network"
    );
    let bundle = app.get("/api/docs/swagger-ui-bundle.js").await;
    assert_eq!(bundle.status(), 200);
}
