//! Around tickets: attachments, canned responses, saved views, staff,
//! notifications and the live event stream.

use std::time::Duration;

use atende_core::permissions::Role;
use atende_testkit::{TestApp, expect_problem};
use reqwest::{Method, Response};
use serde_json::{Value, json};

use atende_testkit::multipart;

use crate::demo_actors::{Demo, expect_not_found, expect_status};

async fn upload(app: &TestApp, token: &str, ticket: &str, body: (String, Vec<u8>)) -> Response {
    app.request(
        Method::POST,
        &format!("/api/v1/tickets/{ticket}/attachments"),
        token,
    )
    .header("content-type", body.0)
    .body(body.1)
    .send()
    .await
    .unwrap()
}

async fn open_ticket(demo: &Demo, role: Role, body: Value) -> Value {
    expect_status(
        demo.call_as(role, Method::POST, "/api/v1/tickets", Some(body))
            .await,
        201,
        "open",
    )
    .await
}

#[tokio::test]
async fn attachments_are_sniffed_scoped_and_served_as_downloads() {
    let demo = Demo::start().await;
    let app = &demo.app;
    let ticket = open_ticket(
        &demo,
        Role::Client,
        json!({ "subject": "NF", "description": "segue" }),
    )
    .await;
    let id = ticket["id"].as_str().unwrap();
    let pdf = b"%PDF-1.7\n1 0 obj <<>> endobj\n".to_vec();
    // Declared as HTML with a path in the name: neither is trusted.
    let stored = upload(
        app,
        demo.token(Role::Client),
        id,
        multipart("../../nota fiscal.pdf", "text/html", &pdf, &[]),
    )
    .await;
    let stored = expect_status(stored, 201, "upload").await;
    assert_eq!(stored["content_type"], "application/pdf");
    assert_eq!(stored["file_name"], "nota fiscal.pdf");
    assert_eq!(stored["size"], pdf.len());

    let url = stored["download_url"].as_str().unwrap();
    let download = demo.call_as(Role::Agent, Method::GET, url, None).await;
    assert_eq!(download.status().as_u16(), 200);
    let disposition = download.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(disposition.starts_with("attachment"), "{disposition}");
    assert_eq!(download.headers()["x-content-type-options"], "nosniff");
    assert_eq!(download.headers()["content-type"], "application/pdf");
    assert_eq!(download.bytes().await.unwrap().to_vec(), pdf);

    // Another tenant: the ticket and the file are not found.
    let vida = open_ticket(
        &demo,
        Role::Admin,
        json!({ "subject": "Outro", "description": "x", "company_id": demo.company("Clínica Vida Plena") }),
    )
    .await;
    let vida_id = vida["id"].as_str().unwrap();
    let foreign = upload(
        app,
        demo.token(Role::Admin),
        vida_id,
        multipart("a.txt", "text/plain", b"segredo", &[]),
    )
    .await;
    let foreign = expect_status(foreign, 201, "admin upload").await;
    let foreign_url = foreign["download_url"].as_str().unwrap();
    for role in [Role::Client, Role::Agent] {
        expect_not_found(
            demo.call_as(role, Method::GET, foreign_url, None).await,
            "foreign download",
        )
        .await;
        let attempt = upload(
            app,
            demo.token(role),
            vida_id,
            multipart("b.txt", "text/plain", b"x", &[]),
        )
        .await;
        expect_not_found(attempt, "foreign upload").await;
    }

    // A file on an internal note is staff-only.
    let note = demo
        .call_as(
            Role::Agent,
            Method::POST,
            &format!("/api/v1/tickets/{id}/messages"),
            Some(json!({ "body": "interno", "internal": true })),
        )
        .await;
    let note = expect_status(note, 201, "note").await;
    let internal = upload(
        app,
        demo.token(Role::Agent),
        id,
        multipart(
            "parecer.txt",
            "text/plain",
            b"parecer interno",
            &[("message_id", note["id"].as_str().unwrap())],
        ),
    )
    .await;
    let internal = expect_status(internal, 201, "internal upload").await;
    let client_list = expect_status(
        demo.call_as(
            Role::Client,
            Method::GET,
            &format!("/api/v1/tickets/{id}/attachments"),
            None,
        )
        .await,
        200,
        "client list",
    )
    .await;
    assert_eq!(client_list.as_array().unwrap().len(), 1);
    expect_not_found(
        demo.call_as(
            Role::Client,
            Method::GET,
            internal["download_url"].as_str().unwrap(),
            None,
        )
        .await,
        "internal file as client",
    )
    .await;
    // A Windows program named like a PDF, and a PDF named like a photo.
    let mut exe = b"MZ".to_vec();
    exe.extend_from_slice(&[0x90; 58]);
    exe.extend_from_slice(&64u32.to_le_bytes());
    exe.extend_from_slice(b"PE\0\0");
    exe.extend_from_slice(&[0; 64]);
    for (name, bytes) in [
        ("nota.pdf", exe.clone()),
        ("setup.exe", exe),
        ("foto.jpg", pdf.clone()),
    ] {
        let refused = upload(
            app,
            demo.token(Role::Client),
            id,
            multipart(name, "application/pdf", &bytes, &[]),
        )
        .await;
        let body = expect_problem(refused, 422).await;
        assert_eq!(body["field"], "file", "{name}: {body}");
    }
    // No file field, or not multipart at all.
    let empty = app
        .request(
            Method::POST,
            &format!("/api/v1/tickets/{id}/attachments"),
            demo.token(Role::Client),
        )
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    expect_problem(empty, 415).await;
}

#[tokio::test]
async fn uploads_above_the_limit_are_refused() {
    let app = TestApp::spawn_with(|s| {
        s.demo_data = true;
        s.attachment_max_bytes = 1024;
    })
    .await;
    let client = app.login_as(Role::Client).await;
    let ticket: Value = app
        .request(Method::POST, "/api/v1/tickets", &client)
        .json(&json!({ "subject": "x", "description": "y" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let big = vec![b'a'; 2048];
    let response = upload(
        &app,
        &client,
        ticket["id"].as_str().unwrap(),
        multipart("big.txt", "text/plain", &big, &[]),
    )
    .await;
    expect_problem(response, 413).await;
}

#[tokio::test]
async fn canned_responses_fill_placeholders_and_stay_personal_unless_shared() {
    let demo = Demo::start().await;
    let ticket = open_ticket(
        &demo,
        Role::Client,
        json!({ "subject": "Boleto vencido", "description": "x" }),
    )
    .await;
    let personal = demo
        .call_as(
            Role::Agent,
            Method::POST,
            "/api/v1/canned-responses",
            Some(json!({ "title": "Saudação", "body": "Olá {{cliente.nome}} ({{cliente.empresa}}), sobre o {{chamado.numero}} — {{chamado.assunto}}. {{agente.nome}} {{desconhecido}}" })),
        )
        .await;
    let personal = expect_status(personal, 201, "canned").await;
    let rendered = demo
        .call_as(
            Role::Agent,
            Method::POST,
            &format!(
                "/api/v1/tickets/{}/canned-responses/{}/render",
                ticket["id"].as_str().unwrap(),
                personal["id"].as_str().unwrap()
            ),
            None,
        )
        .await;
    let rendered = expect_status(rendered, 200, "render").await;
    let client_name = ticket["requester"]["name"].as_str().unwrap();
    let agent_name = expect_status(
        demo.call_as(Role::Agent, Method::GET, "/api/v1/me", None)
            .await,
        200,
        "me",
    )
    .await["user"]["name"]
        .clone();
    assert_eq!(
        rendered["body"],
        format!(
            "Olá {client_name} (Pão Dourado), sobre o #000001 — Boleto vencido. {} {{{{desconhecido}}}}",
            agent_name.as_str().unwrap()
        )
    );
    // Personal: the supervisor does not see it; shared: everyone does.
    let supervisor_list = expect_status(
        demo.call_as(
            Role::Supervisor,
            Method::GET,
            "/api/v1/canned-responses",
            None,
        )
        .await,
        200,
        "list",
    )
    .await;
    assert!(supervisor_list.as_array().unwrap().is_empty());
    demo.call_as(
        Role::Agent,
        Method::POST,
        "/api/v1/canned-responses",
        Some(json!({ "title": "Encerramento", "body": "Obrigado!", "shared": true })),
    )
    .await;
    let supervisor_list = expect_status(
        demo.call_as(
            Role::Supervisor,
            Method::GET,
            "/api/v1/canned-responses",
            None,
        )
        .await,
        200,
        "list",
    )
    .await;
    assert_eq!(supervisor_list.as_array().unwrap().len(), 1);
    expect_not_found(
        demo.call_as(
            Role::Supervisor,
            Method::DELETE,
            &format!(
                "/api/v1/canned-responses/{}",
                personal["id"].as_str().unwrap()
            ),
            None,
        )
        .await,
        "someone else's canned response",
    )
    .await;
    // Clients have no canned responses.
    let denied = demo
        .call_as(Role::Client, Method::GET, "/api/v1/canned-responses", None)
        .await;
    expect_problem(denied, 403).await;
}

#[tokio::test]
async fn saved_views_store_valid_filters() {
    let demo = Demo::start().await;
    let view = demo
        .call_as(
            Role::Agent,
            Method::POST,
            "/api/v1/saved-views",
            Some(json!({ "name": "Urgentes abertos", "shared": true, "filter": { "priority": "urgent", "open": "true" } })),
        )
        .await;
    let view = expect_status(view, 201, "view").await;
    assert_eq!(view["filter"]["priority"], "urgent");
    let listed = expect_status(
        demo.call_as(Role::Supervisor, Method::GET, "/api/v1/saved-views", None)
            .await,
        200,
        "list",
    )
    .await;
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let bad = demo
        .call_as(
            Role::Agent,
            Method::POST,
            "/api/v1/saved-views",
            Some(json!({ "name": "x", "filter": { "open": "talvez" } })),
        )
        .await;
    assert_eq!(expect_problem(bad, 422).await["field"], "filter");
    // A client may keep personal views, not shared ones.
    let shared = demo
        .call_as(
            Role::Client,
            Method::POST,
            "/api/v1/saved-views",
            Some(json!({ "name": "x", "shared": true, "filter": {} })),
        )
        .await;
    expect_problem(shared, 403).await;
}

#[tokio::test]
async fn staff_lists_only_colleagues_who_work_the_company() {
    let demo = Demo::start().await;
    let for_pao = expect_status(
        demo.call_as(
            Role::Agent,
            Method::GET,
            &format!("/api/v1/staff?company_id={}", demo.company("Pão Dourado")),
            None,
        )
        .await,
        200,
        "staff",
    )
    .await;
    let handles: Vec<&str> = for_pao
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["handle"].as_str().unwrap())
        .collect();
    assert!(
        handles.contains(&"agente")
            && handles.contains(&"supervisor")
            && handles.contains(&"admin"),
        "{handles:?}"
    );
    assert!(!handles.contains(&"cliente"));
    expect_not_found(
        demo.call_as(
            Role::Agent,
            Method::GET,
            &format!("/api/v1/staff?company_id={}", demo.company("Rota Sul")),
            None,
        )
        .await,
        "staff of another tenant",
    )
    .await;
}

/// Reads the stream until `needle` shows up or `wait` passes.
pub(crate) async fn read_until(
    response: &mut Response,
    needle: &str,
    wait: Duration,
) -> Option<String> {
    let mut seen = String::new();
    let deadline = tokio::time::Instant::now() + wait;
    while tokio::time::Instant::now() < deadline {
        match tokio::time::timeout_at(deadline, response.chunk()).await {
            Ok(Ok(Some(chunk))) => {
                seen.push_str(&String::from_utf8_lossy(&chunk));
                if seen.contains(needle) {
                    return Some(seen);
                }
            }
            _ => break,
        }
    }
    None
}

pub(crate) async fn open_stream(demo: &Demo, role: Role) -> Response {
    open_stream_with(demo, demo.token(role)).await
}

/// Opens the event stream as the holder of `token`, through a stream token.
pub(crate) async fn open_stream_with(demo: &Demo, token: &str) -> Response {
    let stream_token = expect_status(
        demo.call(token, Method::POST, "/api/v1/events/stream-token", None)
            .await,
        200,
        "stream token",
    )
    .await;
    let response = demo
        .app
        .client
        .get(demo.app.url(&format!(
            "/api/v1/events/stream?token={}",
            stream_token["token"].as_str().unwrap()
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    response
}

#[tokio::test]
async fn the_stream_pushes_visible_changes_and_notification_counts() {
    let demo = Demo::start().await;
    let ticket = open_ticket(
        &demo,
        Role::Client,
        json!({ "subject": "Ao vivo", "description": "x" }),
    )
    .await;
    let id = ticket["id"].as_str().unwrap();
    let mut client_stream = open_stream(&demo, Role::Client).await;
    let mut supervisor_stream = open_stream(&demo, Role::Supervisor).await;
    read_until(&mut client_stream, "connected", Duration::from_secs(5))
        .await
        .unwrap();
    read_until(&mut supervisor_stream, "connected", Duration::from_secs(5))
        .await
        .unwrap();

    // An internal note mentioning the supervisor: staff see it, the client
    // does not, and the supervisor's bell counts one.
    demo.call_as(
        Role::Agent,
        Method::POST,
        &format!("/api/v1/tickets/{id}/messages"),
        Some(json!({ "body": "@supervisor confere?", "internal": true })),
    )
    .await;
    let staff_saw = read_until(
        &mut supervisor_stream,
        "event: notification",
        Duration::from_secs(5),
    )
    .await
    .unwrap();
    assert!(staff_saw.contains("\"kind\":\"noted\""), "{staff_saw}");
    assert!(staff_saw.contains("{\"count\":1}"), "{staff_saw}");
    // Then a public reply: the client's first event is the reply, never the note.
    demo.call_as(
        Role::Agent,
        Method::POST,
        &format!("/api/v1/tickets/{id}/messages"),
        Some(json!({ "body": "Resolvendo" })),
    )
    .await;
    let client_saw = read_until(
        &mut client_stream,
        "\"kind\":\"replied\"",
        Duration::from_secs(5),
    )
    .await
    .unwrap();
    assert!(!client_saw.contains("noted"), "{client_saw}");

    let unread = expect_status(
        demo.call_as(
            Role::Supervisor,
            Method::GET,
            "/api/v1/notifications/unread-count",
            None,
        )
        .await,
        200,
        "count",
    )
    .await;
    assert_eq!(unread["count"], 1);
    let page = expect_status(
        demo.call_as(
            Role::Supervisor,
            Method::GET,
            "/api/v1/notifications?unread=true",
            None,
        )
        .await,
        200,
        "list",
    )
    .await;
    let notification = page["items"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(page["items"][0]["kind"], "mentioned");
    // Someone else cannot mark it read.
    expect_not_found(
        demo.call_as(
            Role::Agent,
            Method::POST,
            &format!("/api/v1/notifications/{notification}/read"),
            None,
        )
        .await,
        "another user's notification",
    )
    .await;
    let read = demo
        .call_as(
            Role::Supervisor,
            Method::POST,
            &format!("/api/v1/notifications/{notification}/read"),
            None,
        )
        .await;
    assert_eq!(read.status().as_u16(), 204);
    let zero = read_until(
        &mut supervisor_stream,
        "{\"count\":0}",
        Duration::from_secs(5),
    )
    .await;
    assert!(zero.is_some());
    // A forged token opens nothing.
    let forged = demo
        .app
        .client
        .get(demo.app.url("/api/v1/events/stream?token=forged"))
        .send()
        .await
        .unwrap();
    expect_problem(forged, 401).await;
}

#[tokio::test]
async fn followers_hear_of_public_replies_and_status_changes_only() {
    let demo = Demo::start().await;
    let ticket = open_ticket(
        &demo,
        Role::Client,
        json!({ "subject": "Seguir", "description": "x" }),
    )
    .await;
    let id = ticket["id"].as_str().unwrap();
    let followed = demo
        .call_as(
            Role::ClientSupervisor,
            Method::POST,
            &format!("/api/v1/tickets/{id}/follow"),
            None,
        )
        .await;
    assert_eq!(followed.status().as_u16(), 204);
    let followers = expect_status(
        demo.call_as(
            Role::Agent,
            Method::GET,
            &format!("/api/v1/tickets/{id}/followers"),
            None,
        )
        .await,
        200,
        "followers",
    )
    .await;
    assert_eq!(
        followers[0]["id"],
        demo.user("cliente.supervisor@atende.demo").to_string()
    );
    demo.call_as(
        Role::Agent,
        Method::POST,
        &format!("/api/v1/tickets/{id}/messages"),
        Some(json!({ "body": "nota", "internal": true })),
    )
    .await;
    demo.call_as(
        Role::Agent,
        Method::POST,
        &format!("/api/v1/tickets/{id}/messages"),
        Some(json!({ "body": "resposta" })),
    )
    .await;
    let current = expect_status(
        demo.call_as(
            Role::Agent,
            Method::GET,
            &format!("/api/v1/tickets/{id}"),
            None,
        )
        .await,
        200,
        "ticket",
    )
    .await;
    demo.call_as(
        Role::Agent,
        Method::PATCH,
        &format!("/api/v1/tickets/{id}"),
        Some(json!({ "version": current["version"], "status": "solved" })),
    )
    .await;
    demo.until(Role::ClientSupervisor, "/api/v1/notifications", |n| {
        n["items"].as_array().unwrap().len() >= 2
    })
    .await;
    // Give a wrong third notice (the note) the time to show up.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let page = expect_status(
        demo.call_as(
            Role::ClientSupervisor,
            Method::GET,
            "/api/v1/notifications",
            None,
        )
        .await,
        200,
        "notifications",
    )
    .await;
    let kinds: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, vec!["status_changed", "replied"]);
    // Another tenant's ticket cannot be followed.
    let vida = open_ticket(
        &demo,
        Role::Admin,
        json!({ "subject": "x", "description": "y", "company_id": demo.company("Rota Sul") }),
    )
    .await;
    expect_not_found(
        demo.call_as(
            Role::ClientSupervisor,
            Method::POST,
            &format!("/api/v1/tickets/{}/follow", vida["id"].as_str().unwrap()),
            None,
        )
        .await,
        "follow another tenant",
    )
    .await;
}
