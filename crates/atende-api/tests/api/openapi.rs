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

/// The generated document, as JSON.
fn generated() -> serde_json::Value {
    serde_json::from_str(&document_json().unwrap()).unwrap()
}

/// Every operation: (method, path, operation).
fn operations(doc: &serde_json::Value) -> Vec<(String, String, serde_json::Value)> {
    let mut all = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            if matches!(
                method.as_str(),
                "get" | "put" | "post" | "delete" | "patch" | "options" | "head" | "trace"
            ) {
                all.push((method.to_uppercase(), path.clone(), operation.clone()));
            }
        }
    }
    assert!(all.len() > 100, "only {} operations", all.len());
    all
}

/// A response, following a `$ref` into `components/responses`.
fn resolve<'a>(
    doc: &'a serde_json::Value,
    response: &'a serde_json::Value,
) -> &'a serde_json::Value {
    match response["$ref"].as_str() {
        Some(reference) => {
            let name = reference
                .strip_prefix("#/components/responses/")
                .unwrap_or_else(|| panic!("unexpected response reference {reference}"));
            let target = &doc["components"]["responses"][name];
            assert!(target.is_object(), "dangling reference {reference}");
            target
        }
        None => response,
    }
}

fn has_params(operation: &serde_json::Value, place: &str) -> bool {
    operation["parameters"]
        .as_array()
        .is_some_and(|params| params.iter().any(|p| p["in"] == place))
}

#[test]
fn operation_ids_are_present_unique_and_prefixed_with_their_tag() {
    let doc = generated();
    let mut seen = std::collections::BTreeMap::new();
    for (method, path, operation) in operations(&doc) {
        let id = operation["operationId"]
            .as_str()
            .unwrap_or_else(|| panic!("{method} {path} has no operationId"));
        let tag = operation["tags"][0]
            .as_str()
            .unwrap_or_else(|| panic!("{method} {path} has no tag"))
            .replace('-', "_");
        assert!(
            id.starts_with(&format!("{tag}_")),
            "{method} {path}: `{id}` does not start with its tag `{tag}_`"
        );
        assert!(
            id.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
            "{method} {path}: `{id}` is not snake_case"
        );
        if let Some(other) = seen.insert(id.to_owned(), format!("{method} {path}")) {
            panic!("`{id}` names both {other} and {method} {path}");
        }
    }
    // Stable names integrators (and the generated client check) rely on.
    for (id, expected) in [
        ("tickets_list", "GET /api/v1/tickets"),
        ("tickets_create", "POST /api/v1/tickets"),
        ("tickets_show", "GET /api/v1/tickets/{id}"),
        (
            "tickets_attachments_upload",
            "POST /api/v1/tickets/{id}/attachments",
        ),
        (
            "tickets_followers_list",
            "GET /api/v1/tickets/{id}/followers",
        ),
        ("pending_items_list", "GET /api/v1/pending-items"),
        (
            "pending_items_dashboard",
            "GET /api/v1/pending-items/dashboard",
        ),
        ("auth_login", "POST /api/v1/auth/login"),
        ("imports_upload", "POST /api/v1/imports"),
    ] {
        assert_eq!(seen.get(id).map(String::as_str), Some(expected), "{id}");
    }
    // The ids exempted from 403 all exist.
    for id in atende_api::openapi::NEVER_FORBIDDEN {
        assert!(
            seen.contains_key(id),
            "NEVER_FORBIDDEN names unknown `{id}`"
        );
    }
}

#[test]
fn every_operation_documents_the_errors_it_can_answer() {
    let doc = generated();
    let mut missing = Vec::new();
    for (method, path, operation) in operations(&doc) {
        let responses = operation["responses"].as_object().unwrap();
        let id = operation["operationId"].as_str().unwrap_or_default();
        let secured = operation["security"].as_array().is_some_and(|s| {
            !s.is_empty()
                && s.iter()
                    .all(|r| r.as_object().is_some_and(|r| !r.is_empty()))
        });
        let has_body = operation.get("requestBody").is_some();
        let mut expect = Vec::new();
        if secured {
            expect.push("401");
            if !atende_api::openapi::NEVER_FORBIDDEN.contains(&id) {
                expect.push("403");
            }
        }
        if has_params(&operation, "path") {
            expect.push("404");
        }
        if has_body {
            expect.extend(["400", "413", "415", "422"]);
        }
        if has_params(&operation, "query") {
            expect.push("422");
        }
        for status in expect {
            if !responses.contains_key(status) {
                missing.push(format!("{method} {path} ({id}): {status}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "undocumented answers:\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_error_is_a_problem_document_and_every_body_has_a_schema() {
    let doc = generated();
    let mut wrong = Vec::new();
    for (method, path, operation) in operations(&doc) {
        for (status, response) in operation["responses"].as_object().unwrap() {
            let response = resolve(&doc, response);
            let content = response["content"].as_object();
            if status.starts_with('4') || status.starts_with('5') {
                let types: Vec<_> = content
                    .map(|c| c.keys().cloned().collect())
                    .unwrap_or_default();
                let schema = &response["content"]["application/problem+json"]["schema"]["$ref"];
                if types != ["application/problem+json"]
                    || schema != "#/components/schemas/ErrorBody"
                {
                    wrong.push(format!("{method} {path} {status}: {types:?} {schema}"));
                }
            } else if status != "204" {
                // A success answer with a body says what the body is.
                match content {
                    Some(content) if !content.is_empty() => {
                        for (media, body) in content {
                            if body["schema"]
                                .as_object()
                                .is_none_or(serde_json::Map::is_empty)
                            {
                                wrong.push(format!(
                                    "{method} {path} {status}: {media} has no schema"
                                ));
                            }
                        }
                    }
                    _ => wrong.push(format!("{method} {path} {status}: no content")),
                }
            }
        }
        if let Some(body) = operation.get("requestBody") {
            for (media, content) in body["content"].as_object().unwrap() {
                if content["schema"]
                    .as_object()
                    .is_none_or(serde_json::Map::is_empty)
                {
                    wrong.push(format!("{method} {path} request body {media}: no schema"));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn uploads_describe_their_form_and_the_dashboard_union_has_a_discriminator() {
    let doc = generated();
    let schemas = &doc["components"]["schemas"];
    for (path, form) in [
        ("/api/v1/tickets/{id}/attachments", "AttachmentUpload"),
        ("/api/v1/pending-items/{id}/attachments", "AttachmentUpload"),
        ("/api/v1/imports", "SpreadsheetUpload"),
    ] {
        let body = &doc["paths"][path]["post"]["requestBody"];
        assert_eq!(body["required"], true, "{path}");
        assert_eq!(
            body["content"]["multipart/form-data"]["schema"]["$ref"],
            format!("#/components/schemas/{form}"),
            "{path}"
        );
        assert_eq!(schemas[form]["properties"]["file"]["format"], "binary");
        assert_eq!(schemas[form]["required"], serde_json::json!(["file"]));
    }

    let dashboard = &schemas["PendingDashboard"];
    assert_eq!(dashboard["discriminator"]["propertyName"], "kind");
    let variants = dashboard["oneOf"].as_array().unwrap();
    assert_eq!(variants.len(), 3);
    for (kind, target) in dashboard["discriminator"]["mapping"].as_object().unwrap() {
        assert!(variants.iter().any(|v| v["$ref"] == *target), "{kind}");
        let name = target.as_str().unwrap().rsplit('/').next().unwrap();
        let variant = &schemas[name];
        assert_eq!(
            variant["properties"]["kind"]["enum"],
            serde_json::json!([kind])
        );
        assert!(
            variant["required"]
                .as_array()
                .unwrap()
                .contains(&"kind".into()),
            "{name}"
        );
    }
}
