use atende_testkit::TestApp;

#[tokio::test]
async fn liveness_answers_ok() {
    let app = TestApp::spawn().await;
    let response = app.get("/health/live").await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ok");
}

#[tokio::test]
async fn readiness_checks_the_database_it_runs_on() {
    let app = TestApp::spawn().await;
    let response = app.get("/health/ready").await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    let expected = if app.state.settings.database_url.starts_with("postgres") {
        "postgres"
    } else {
        "sqlite"
    };
    assert_eq!(body["database"], expected);
}

#[tokio::test]
async fn readiness_fails_when_the_database_is_gone() {
    let app = TestApp::spawn().await;
    app.state.db.clone().close().await.unwrap();
    let body = atende_testkit::expect_problem(app.get("/health/ready").await, 503).await;
    assert_eq!(body["code"], "unavailable");
}

#[tokio::test]
async fn every_response_carries_a_request_id_and_security_headers() {
    let app = TestApp::spawn().await;
    for path in ["/health/live", "/api/v1/info", "/api/v1/does-not-exist"] {
        let response = app.get(path).await;
        let headers = response.headers();
        let id = headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        assert_eq!(id.len(), 36, "{path}: request id {id:?}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["x-frame-options"], "DENY", "{path}");
        assert!(headers.contains_key("referrer-policy"), "{path}");
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("'wasm-unsafe-eval'") && csp.contains("frame-ancestors 'none'"),
            "{path}: {csp}"
        );
    }
    let first = app.get("/health/live").await.headers()["x-request-id"].clone();
    let second = app.get("/health/live").await.headers()["x-request-id"].clone();
    assert_ne!(first, second, "each request gets its own id");
}

#[tokio::test]
async fn responses_are_compressed_when_the_client_accepts_gzip() {
    let app = TestApp::spawn().await;
    let response = app
        .client
        .get(app.url("/api/openapi.json"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-encoding"], "gzip");
}

#[tokio::test]
async fn server_info_names_the_product_and_its_languages() {
    let app = TestApp::spawn().await;
    let body: serde_json::Value = app.get("/api/v1/info").await.json().await.unwrap();
    assert_eq!(body["name"], "Atende");
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(body["locales"], serde_json::json!(["pt-BR", "en"]));
}

#[tokio::test]
async fn sqlite_connections_use_wal_foreign_keys_and_normal_sync() {
    use sea_orm::{ConnectionTrait, Statement};
    let app = TestApp::spawn().await;
    if app.state.settings.database_url.starts_with("postgres") {
        return; // SQLite pragmas only.
    }
    let backend = app.state.db.get_database_backend();
    // Several queries, so more than one pooled connection is likely asked.
    for _ in 0..3 {
        for (pragma, expected) in [
            ("journal_mode", "wal"),
            ("foreign_keys", "1"),
            ("synchronous", "1"),
        ] {
            let row = app
                .state
                .db
                .query_one_raw(Statement::from_string(backend, format!("PRAGMA {pragma}")))
                .await
                .unwrap()
                .unwrap();
            let value: String = row
                .try_get_by_index::<String>(0)
                .or_else(|_| row.try_get_by_index::<i32>(0).map(|v| v.to_string()))
                .unwrap();
            assert_eq!(value, expected, "PRAGMA {pragma}");
        }
    }
}
