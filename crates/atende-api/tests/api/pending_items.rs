//! Pending items over HTTP: the UP380 workflow, who may take each step
//! (the spec's "PENDÊNCIAS" rows × five roles), what clients never see,
//! tenancy, bulk steps and notifications.

use atende_core::permissions::Role;
use reqwest::Method;
use serde_json::{Value, json};

use crate::demo_actors::{Demo, expect_code, expect_not_found, expect_status};

const ROLES: [Role; 5] = Role::ALL;

async fn create(demo: &Demo, company: &str, title: &str) -> Value {
    expect_status(
        demo.call_as(
            Role::Agent,
            Method::POST,
            "/api/v1/pending-items",
            Some(json!({
                "title": title,
                "description": "Extrato de março sem o comprovante da TED.",
                "company_id": demo.company(company),
                "category": "Documento",
                "due_date": "2026-03-20",
                "amount_cents": 123456,
            })),
        )
        .await,
        201,
        "create",
    )
    .await
}

async fn step(
    demo: &Demo,
    role: Role,
    id: &str,
    action: &str,
    reason: Option<&str>,
) -> reqwest::Response {
    demo.call_as(
        role,
        Method::POST,
        &format!("/api/v1/pending-items/{id}/steps"),
        Some(json!({ "action": action, "reason": reason })),
    )
    .await
}

async fn answer(demo: &Demo, role: Role, id: &str) -> reqwest::Response {
    demo.call_as(
        role,
        Method::POST,
        &format!("/api/v1/pending-items/{id}/messages"),
        Some(json!({ "body": "Segue o comprovante." })),
    )
    .await
}

async fn get(demo: &Demo, role: Role, id: &str) -> reqwest::Response {
    demo.call_as(
        role,
        Method::GET,
        &format!("/api/v1/pending-items/{id}"),
        None,
    )
    .await
}

/// An item of Pão Dourado (every demo user's scope) brought to `status`.
async fn item_at(demo: &Demo, status: &str) -> String {
    let item = create(demo, "Pão Dourado", &format!("Item {status}")).await;
    let id = item["id"].as_str().unwrap().to_owned();
    let path: &[(Role, &str)] = match status {
        "draft" => &[],
        "awaiting_approval" => &[(Role::Agent, "submit")],
        "awaiting_client" => &[(Role::Agent, "submit"), (Role::Supervisor, "approve")],
        "answered" | "resolved" => &[(Role::Agent, "submit"), (Role::Supervisor, "approve")],
        other => panic!("{other}"),
    };
    for (role, action) in path {
        expect_status(step(demo, *role, &id, action, None).await, 200, action).await;
    }
    if status == "answered" || status == "resolved" {
        expect_status(answer(demo, Role::Client, &id).await, 201, "answer").await;
    }
    if status == "resolved" {
        expect_status(
            step(demo, Role::Supervisor, &id, "resolve", None).await,
            200,
            "resolve",
        )
        .await;
    }
    id
}

fn allowed(status: u16) -> bool {
    (200..300).contains(&status)
}

/// The spec table's PENDÊNCIAS rows, in its own order and symbols.
const SPEC: &str = "
| Criar pendências | ✅ | ❌ | ✅ | ❌ | ❌ |
| Editar pendências | ✅ | ✅ | ✅ | ❌ | ❌ |
| Ver pendências | ✅ | ⚠️ | ⚠️ | ⚠️ | ⚠️ |
| Responder pendências | ✅ | ✅ | ✅ | ✅ | ✅ |
| Aprovar pendências | ✅ | ✅ | ❌ | ❌ | ❌ |
| Recusar pendências | ✅ | ✅ | ❌ | ❌ | ❌ |
| Marcar como resolvida | ✅ | ✅ | ❌ | ❌ | ❌ |
| Ver resolvidas | ✅ | ✅ | ❌ | ❌ | ❌ |
";

#[tokio::test]
async fn every_pending_row_of_the_spec_table_holds_for_every_role() {
    let demo = Demo::start_with(|s| s.auth_rate_limit_per_minute = 1_000).await;
    // An approved item of a client no non-admin demo user reaches.
    let outside = create(&demo, "Pão Dourado", "x").await; // placeholder for shape
    let _ = outside;
    let far = expect_status(
        demo.call_as(
            Role::Admin,
            Method::POST,
            "/api/v1/pending-items",
            Some(json!({ "title": "Outra consultoria", "company_id": demo.company("Clínica Vida Plena"), "submit": true })),
        )
        .await,
        201,
        "far item",
    )
    .await;
    let far = far["id"].as_str().unwrap().to_owned();
    expect_status(
        step(&demo, Role::Admin, &far, "approve", None).await,
        200,
        "approve far",
    )
    .await;

    for line in SPEC.lines().filter(|l| l.starts_with('|')) {
        let cells: Vec<&str> = line
            .split('|')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect();
        let (row, marks) = (cells[0], &cells[1..]);
        for (role, mark) in ROLES.iter().zip(marks) {
            let status = match row {
                "Criar pendências" => demo
                    .call_as(
                        *role,
                        Method::POST,
                        "/api/v1/pending-items",
                        Some(json!({ "title": "Novo", "company_id": demo.company("Pão Dourado") })),
                    )
                    .await
                    .status()
                    .as_u16(),
                "Editar pendências" => {
                    let id = item_at(&demo, "draft").await;
                    demo.call_as(
                        *role,
                        Method::PATCH,
                        &format!("/api/v1/pending-items/{id}"),
                        Some(json!({ "version": 1, "title": "Corrigido" })),
                    )
                    .await
                    .status()
                    .as_u16()
                }
                "Ver pendências" => {
                    let id = item_at(&demo, "awaiting_client").await;
                    let own = get(&demo, *role, &id).await.status().as_u16();
                    let far_status = get(&demo, *role, &far).await.status().as_u16();
                    // ⚠️: the linked companies only; ✅: everywhere.
                    match *mark {
                        "⚠️" => {
                            assert_eq!(far_status, 404, "{row} {role:?}: outside the links")
                        }
                        "✅" => assert_eq!(far_status, 200, "{row} {role:?}: everywhere"),
                        _ => {}
                    }
                    own
                }
                "Responder pendências" => {
                    let id = item_at(&demo, "awaiting_client").await;
                    answer(&demo, *role, &id).await.status().as_u16()
                }
                "Aprovar pendências" | "Recusar pendências" => {
                    let id = item_at(&demo, "awaiting_approval").await;
                    let action = if row.starts_with("Aprovar") {
                        "approve"
                    } else {
                        "refuse"
                    };
                    step(&demo, *role, &id, action, Some("Falta o CNPJ"))
                        .await
                        .status()
                        .as_u16()
                }
                "Marcar como resolvida" => {
                    let id = item_at(&demo, "answered").await;
                    step(&demo, *role, &id, "resolve", None)
                        .await
                        .status()
                        .as_u16()
                }
                "Ver resolvidas" => {
                    let id = item_at(&demo, "resolved").await;
                    get(&demo, *role, &id).await.status().as_u16()
                }
                other => panic!("unknown row {other}"),
            };
            let expected = *mark != "❌";
            assert_eq!(
                allowed(status),
                expected,
                "{row} as {role:?} ({mark}) answered {status}"
            );
            if !expected {
                assert!(matches!(status, 403 | 404), "{row} {role:?}: {status}");
            }
        }
    }
}

#[tokio::test]
async fn the_workflow_from_draft_to_resolved_and_what_clients_never_see() {
    let demo = Demo::start_with(|s| s.auth_rate_limit_per_minute = 1_000).await;
    let item = create(&demo, "Pão Dourado", "Comprovante da TED de 12/03").await;
    let id = item["id"].as_str().unwrap().to_owned();
    assert_eq!(item["status"], "draft");
    assert_eq!(item["amount_cents"], 123456);
    assert_eq!(item["number"], 1);
    assert!(
        item["actions"]
            .as_array()
            .unwrap()
            .contains(&json!("submit"))
    );
    // A draft is invisible to the client: not by id, not in the list.
    expect_not_found(get(&demo, Role::Client, &id).await, "client reads a draft").await;
    let listed = demo
        .list_ids(
            demo.token(Role::Client),
            "/api/v1/pending-items",
            "client list",
        )
        .await;
    assert!(listed.is_empty());

    // Approving a draft is not a step of the flow: 422, unchanged.
    let illegal = step(&demo, Role::Supervisor, &id, "approve", None).await;
    expect_code(illegal, 422, "validation", "approve a draft").await;
    let unchanged = expect_status(get(&demo, Role::Agent, &id).await, 200, "read").await;
    assert_eq!(unchanged["status"], "draft");
    assert_eq!(unchanged["version"], 1);

    // Submitted: the supervisor is told.
    expect_status(
        step(&demo, Role::Agent, &id, "submit", None).await,
        200,
        "submit",
    )
    .await;
    let inbox = demo
        .until(Role::Supervisor, "/api/v1/notifications", |n| {
            n["items"][0]["kind"] != Value::Null
        })
        .await;
    assert_eq!(inbox["items"][0]["kind"], "pending_submitted", "{inbox}");
    // The operator may not approve; a refusal needs a reason.
    let forbidden = step(&demo, Role::Agent, &id, "approve", None).await;
    assert_eq!(forbidden.status().as_u16(), 403);
    let no_reason = step(&demo, Role::Supervisor, &id, "refuse", Some("  ")).await;
    assert_eq!(
        expect_code(no_reason, 422, "validation", "no reason").await["field"],
        "reason"
    );
    let refused = expect_status(
        step(
            &demo,
            Role::Supervisor,
            &id,
            "refuse",
            Some("Informe o banco"),
        )
        .await,
        200,
        "refuse",
    )
    .await;
    assert_eq!(refused["status"], "refused");
    assert_eq!(refused["refusal_reason"], "Informe o banco");
    expect_not_found(
        get(&demo, Role::Client, &id).await,
        "client reads a refused item",
    )
    .await;
    // The operator fixes it (a stale version is a 409) and resubmits.
    let stale = demo
        .call_as(
            Role::Agent,
            Method::PATCH,
            &format!("/api/v1/pending-items/{id}"),
            Some(json!({ "version": 1, "title": "Comprovante da TED (Banco do Brasil)" })),
        )
        .await;
    assert_eq!(stale.status().as_u16(), 409);
    let edited = expect_status(
        demo.call_as(
            Role::Agent,
            Method::PATCH,
            &format!("/api/v1/pending-items/{id}"),
            Some(json!({ "version": refused["version"], "title": "Comprovante da TED (Banco do Brasil)" })),
        )
        .await,
        200,
        "edit",
    )
    .await;
    assert_eq!(edited["title"], "Comprovante da TED (Banco do Brasil)");
    expect_status(
        step(&demo, Role::Agent, &id, "submit", None).await,
        200,
        "resubmit",
    )
    .await;
    expect_status(
        step(&demo, Role::Supervisor, &id, "approve", None).await,
        200,
        "approve",
    )
    .await;

    // Now the client sees it (without the old refusal reason) and answers.
    let seen = expect_status(get(&demo, Role::Client, &id).await, 200, "client reads").await;
    assert_eq!(seen["status"], "awaiting_client");
    assert!(seen["refusal_reason"].is_null());
    assert!(
        !seen["actions"]
            .as_array()
            .unwrap()
            .contains(&json!("approve"))
    );
    let client_inbox = demo
        .until(Role::Client, "/api/v1/notifications", |n| {
            n["items"][0]["kind"] != Value::Null
        })
        .await;
    assert_eq!(client_inbox["items"][0]["kind"], "pending_awaiting_client");
    let history = expect_status(
        demo.call_as(
            Role::Client,
            Method::GET,
            &format!("/api/v1/pending-items/{id}/events"),
            None,
        )
        .await,
        200,
        "client history",
    )
    .await;
    let kinds: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert!(
        !kinds.contains(&"refused"),
        "the client history starts at the approval: {kinds:?}"
    );
    expect_status(answer(&demo, Role::Client, &id).await, 201, "answer").await;
    demo.until(Role::Agent, "/api/v1/notifications", |n| {
        n["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["kind"] == "pending_answered")
    })
    .await;
    expect_status(
        step(&demo, Role::Agent, &id, "start", None).await,
        200,
        "process",
    )
    .await;
    let resolved = expect_status(
        step(&demo, Role::Supervisor, &id, "resolve", None).await,
        200,
        "resolve",
    )
    .await;
    assert_eq!(resolved["status"], "resolved");
    // Resolved is final.
    expect_code(
        step(&demo, Role::Supervisor, &id, "start", None).await,
        422,
        "validation",
        "after resolve",
    )
    .await;
    let staff_history = expect_status(
        demo.call_as(
            Role::Supervisor,
            Method::GET,
            &format!("/api/v1/pending-items/{id}/events"),
            None,
        )
        .await,
        200,
        "history",
    )
    .await;
    let kinds: Vec<&str> = staff_history
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "created",
            "submitted",
            "refused",
            "edited",
            "submitted",
            "approved",
            "answered",
            "started",
            "resolved"
        ]
    );
}

#[tokio::test]
async fn tenancy_bulk_steps_and_bad_input() {
    let demo = Demo::start_with(|s| s.auth_rate_limit_per_minute = 1_000).await;
    // The agent reaches only Contábil Horizonte's clients.
    let outside = demo
        .call_as(
            Role::Agent,
            Method::POST,
            "/api/v1/pending-items",
            Some(json!({ "title": "x", "company_id": demo.company("Clínica Vida Plena") })),
        )
        .await;
    assert_eq!(
        expect_code(outside, 422, "validation", "out of reach").await["field"],
        "company_id"
    );
    let far = expect_status(
        demo.call_as(
            Role::Admin,
            Method::POST,
            "/api/v1/pending-items",
            Some(json!({ "title": "Outra", "company_id": demo.company("Clínica Vida Plena") })),
        )
        .await,
        201,
        "admin creates",
    )
    .await;
    let far_id = far["id"].as_str().unwrap();
    for (method, path, body) in [
        (Method::GET, format!("/api/v1/pending-items/{far_id}"), None),
        (
            Method::PATCH,
            format!("/api/v1/pending-items/{far_id}"),
            Some(json!({ "version": 1, "title": "y" })),
        ),
        (
            Method::POST,
            format!("/api/v1/pending-items/{far_id}/steps"),
            Some(json!({ "action": "submit" })),
        ),
        (
            Method::GET,
            format!("/api/v1/pending-items/{far_id}/messages"),
            None,
        ),
        (
            Method::POST,
            format!("/api/v1/pending-items/{far_id}/messages"),
            Some(json!({ "body": "z" })),
        ),
        (
            Method::GET,
            format!("/api/v1/pending-items/{far_id}/events"),
            None,
        ),
    ] {
        expect_not_found(demo.call_as(Role::Agent, method, &path, body).await, &path).await;
    }
    let untouched = expect_status(get(&demo, Role::Admin, far_id).await, 200, "admin").await;
    assert_eq!(untouched["version"], 1);
    assert_eq!(untouched["title"], "Outra");
    let agent_list = demo
        .list_ids(
            demo.token(Role::Agent),
            "/api/v1/pending-items",
            "agent list",
        )
        .await;
    assert!(!agent_list.contains(&far_id.parse().unwrap()));

    // Bulk: submit three, approve them with one already approved.
    let mut ids = Vec::new();
    for n in 0..3 {
        ids.push(create(&demo, "Mercado Bom Preço", &format!("Nota {n}")).await["id"].clone());
    }
    let submitted = expect_status(
        demo.call_as(
            Role::Agent,
            Method::POST,
            "/api/v1/pending-items/bulk",
            Some(json!({ "ids": ids, "action": "submit" })),
        )
        .await,
        200,
        "bulk submit",
    )
    .await;
    assert_eq!(submitted["done"].as_array().unwrap().len(), 3);
    expect_status(
        step(
            &demo,
            Role::Supervisor,
            ids[0].as_str().unwrap(),
            "approve",
            None,
        )
        .await,
        200,
        "one",
    )
    .await;
    let approved = expect_status(
        demo.call_as(
            Role::Supervisor,
            Method::POST,
            "/api/v1/pending-items/bulk",
            Some(json!({ "ids": ids, "action": "approve" })),
        )
        .await,
        200,
        "bulk approve",
    )
    .await;
    assert_eq!(approved["done"].as_array().unwrap().len(), 2);
    assert_eq!(approved["failed"][0]["id"], ids[0]);
    // "By segment": every Mercado item is in its company's segment.
    let segment = demo.segment("Contabilidade");
    let by_segment = demo
        .list_ids(
            demo.token(Role::ClientSupervisor),
            &format!("/api/v1/pending-items?segment_id={segment}"),
            "by segment",
        )
        .await;
    assert_eq!(
        by_segment.len(),
        3,
        "the client supervisor sees the approved ones"
    );
    // Bad input names the field.
    let bad = demo
        .call_as(
            Role::Agent,
            Method::POST,
            "/api/v1/pending-items",
            Some(json!({ "title": " ", "company_id": demo.company("Pão Dourado") })),
        )
        .await;
    assert_eq!(
        expect_code(bad, 422, "validation", "blank title").await["field"],
        "title"
    );
    let bad_status = demo
        .call_as(
            Role::Agent,
            Method::GET,
            "/api/v1/pending-items?status=lost",
            None,
        )
        .await;
    assert_eq!(
        expect_code(bad_status, 422, "validation", "bad status").await["field"],
        "status"
    );
    let bad_step = step(
        &demo,
        Role::Agent,
        ids[1].as_str().unwrap(),
        "teleport",
        None,
    )
    .await;
    assert_eq!(
        expect_code(bad_step, 422, "validation", "bad step").await["field"],
        "action"
    );
}

/// The spec table's other UP380 rows, each tried against its endpoint
/// (navigation rows are what `/me` grants the SPA).
const SPEC_MORE: &str = "
| Importar planilhas | ✅ | ❌ | ✅ | ❌ | ❌ |
| Ver histórico importação | ✅ | ❌ | ✅ | ❌ | ❌ |
| Relatório mensal | ✅ | ✅ | ✅ | ✅ | ❌ |
| Relatório operadores | ✅ | ✅ | ❌ | ⚠️ | ❌ |
| Exportar dados | ✅ | ✅ | ⚠️ | ✅ | ❌ |
| Dashboard geral | ✅ | ✅ | ✅ | ✅ | ✅ |
| Dashboard operador | ✅ | ✅ | ✅ | ❌ | ❌ |
| Dashboard supervisor | ✅ | ✅ | ❌ | ❌ | ❌ |
| Botão \"Nova Pendência\" | ✅ | ❌ | ✅ | ❌ | ❌ |
| Botão \"Importar\" | ✅ | ❌ | ✅ | ❌ | ❌ |
| Acessar segmentos | ✅ | ✅ | ✅ | ✅ | ✅ |
| Ver por segmento | ✅ | ✅ | ✅ | ✅ | ✅ |
";

#[tokio::test]
async fn the_import_report_dashboard_and_navigation_rows_hold_for_every_role() {
    let demo = Demo::start_with(|s| s.auth_rate_limit_per_minute = 1_000).await;
    let csv = "Título;CNPJ\nExtrato;61.204.837/0001-47\n";
    for line in SPEC_MORE.lines().filter(|l| l.starts_with('|')) {
        let cells: Vec<&str> = line
            .split('|')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect();
        let (row, marks) = (cells[0], &cells[1..]);
        for (role, mark) in ROLES.iter().zip(marks) {
            let expected = *mark != "❌";
            let allowed_now = match row {
                "Importar planilhas" => {
                    let (content_type, body) =
                        atende_testkit::multipart("p.csv", "text/csv", csv.as_bytes(), &[]);
                    let response = demo
                        .app
                        .request(Method::POST, "/api/v1/imports", demo.token(*role))
                        .header("content-type", content_type)
                        .body(body)
                        .send()
                        .await
                        .unwrap();
                    allowed(response.status().as_u16())
                }
                "Ver histórico importação" => allowed(
                    demo.call_as(*role, Method::GET, "/api/v1/imports", None)
                        .await
                        .status()
                        .as_u16(),
                ),
                "Relatório mensal" => allowed(
                    demo.call_as(*role, Method::GET, "/api/v1/reports/pending-monthly", None)
                        .await
                        .status()
                        .as_u16(),
                ),
                "Relatório operadores" => allowed(
                    demo.call_as(
                        *role,
                        Method::GET,
                        "/api/v1/reports/pending-operators",
                        None,
                    )
                    .await
                    .status()
                    .as_u16(),
                ),
                "Exportar dados" => allowed(
                    demo.call_as(*role, Method::GET, "/api/v1/pending-items/export", None)
                        .await
                        .status()
                        .as_u16(),
                ),
                "Dashboard geral" | "Dashboard operador" | "Dashboard supervisor" => {
                    let kind = match row {
                        "Dashboard geral" => "general",
                        "Dashboard operador" => "operator",
                        _ => "supervisor",
                    };
                    allowed(
                        demo.call_as(
                            *role,
                            Method::GET,
                            &format!("/api/v1/pending-items/dashboard?kind={kind}"),
                            None,
                        )
                        .await
                        .status()
                        .as_u16(),
                    )
                }
                nav => {
                    let permission = match nav {
                        "Botão \"Nova Pendência\"" => "nav.new_pending_item",
                        "Botão \"Importar\"" => "nav.import",
                        "Acessar segmentos" => "nav.segments",
                        "Ver por segmento" => "nav.by_segment",
                        other => panic!("unknown row {other}"),
                    };
                    let me = demo.call_as(*role, Method::GET, "/api/v1/me", None).await;
                    let me: Value = me.json().await.unwrap();
                    // Only granted permissions are listed, with their reach.
                    me["permissions"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|p| p["permission"] == permission && p["reach"] != "none")
                }
            };
            assert_eq!(allowed_now, expected, "{row} as {role:?} ({mark})");
        }
    }
    // ⚠️ for the client supervisor's operators report and the operator's
    // export: only their companies' items.
    let far = expect_status(
        demo.call_as(
            Role::Admin,
            Method::POST,
            "/api/v1/pending-items",
            Some(json!({ "title": "Longe", "company_id": demo.company("Clínica Vida Plena"), "submit": true })),
        )
        .await,
        201,
        "far",
    )
    .await;
    expect_status(
        step(
            &demo,
            Role::Admin,
            far["id"].as_str().unwrap(),
            "approve",
            None,
        )
        .await,
        200,
        "approve",
    )
    .await;
    let export = demo
        .call_as(
            Role::Agent,
            Method::GET,
            "/api/v1/pending-items/export",
            None,
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(!export.contains("Longe"), "{export}");
    let report = demo
        .call_as(
            Role::ClientSupervisor,
            Method::GET,
            "/api/v1/reports/pending-operators",
            None,
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !report.contains("Ana Souza"),
        "the admin's item is another company's: {report}"
    );
}

/// `POST /pending-items/{id}/attachments` with `file` (and `message_id`).
async fn attach(
    demo: &Demo,
    role: Role,
    id: &str,
    name: &str,
    bytes: &[u8],
    message_id: Option<&str>,
) -> reqwest::Response {
    let extra: Vec<(&str, &str)> = message_id.map(|m| ("message_id", m)).into_iter().collect();
    let (content_type, body) =
        atende_testkit::multipart(name, "application/octet-stream", bytes, &extra);
    demo.app
        .request(
            Method::POST,
            &format!("/api/v1/pending-items/{id}/attachments"),
            demo.token(role),
        )
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .expect("the request is sent")
}

#[tokio::test]
async fn a_client_answers_with_a_file_and_only_people_in_reach_get_it() {
    let demo = Demo::start_with(|s| s.auth_rate_limit_per_minute = 1_000).await;
    let id = item_at(&demo, "awaiting_client").await;
    let reply = expect_status(answer(&demo, Role::Client, &id).await, 201, "answer").await;
    let message_id = reply["id"].as_str().unwrap();
    let receipt = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n";

    let stored = expect_status(
        attach(
            &demo,
            Role::Client,
            &id,
            "comprovante TED.pdf",
            receipt,
            Some(message_id),
        )
        .await,
        201,
        "attach",
    )
    .await;
    assert_eq!(stored["content_type"], "application/pdf");
    assert_eq!(stored["file_name"], "comprovante TED.pdf");
    assert_eq!(stored["size"], receipt.len());
    assert_eq!(stored["message_id"], message_id);
    let thread = expect_status(
        demo.call_as(
            Role::Agent,
            Method::GET,
            &format!("/api/v1/pending-items/{id}/messages"),
            None,
        )
        .await,
        200,
        "thread",
    )
    .await;
    assert_eq!(thread[0]["attachments"][0]["id"], stored["id"], "{thread}");
    let url = stored["download_url"].as_str().unwrap();
    for role in [Role::Agent, Role::Supervisor, Role::Client] {
        let response = demo.call_as(role, Method::GET, url, None).await;
        assert_eq!(response.status(), 200, "{role:?}");
        let disposition = response.headers()["content-disposition"].to_str().unwrap();
        assert!(disposition.starts_with("attachment"), "{disposition}");
        assert_eq!(response.headers()["x-content-type-options"], "nosniff");
        assert_eq!(response.bytes().await.unwrap().as_ref(), receipt);
    }
    let history = expect_status(
        demo.call_as(
            Role::Agent,
            Method::GET,
            &format!("/api/v1/pending-items/{id}/events"),
            None,
        )
        .await,
        200,
        "history",
    )
    .await;
    assert!(
        history
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "attachment_added"
                && e["data"]["file_name"] == "comprovante TED.pdf"),
        "{history}"
    );

    // Refused, and nothing stored: a program, a disguised file, someone
    // else's answer, a bad id, no file.
    let files_now = || async {
        expect_status(
            demo.call_as(
                Role::Agent,
                Method::GET,
                &format!("/api/v1/pending-items/{id}/attachments"),
                None,
            )
            .await,
            200,
            "files",
        )
        .await
        .as_array()
        .unwrap()
        .len()
    };
    let program = attach(
        &demo,
        Role::Client,
        &id,
        "nota.pdf",
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00",
        None,
    )
    .await;
    assert_eq!(
        expect_code(program, 422, "validation", "program").await["field"],
        "file"
    );
    let disguised = attach(&demo, Role::Client, &id, "foto.png", receipt, None).await;
    assert_eq!(
        expect_code(disguised, 422, "validation", "disguised").await["field"],
        "file"
    );
    let foreign = attach(
        &demo,
        Role::Supervisor,
        &id,
        "x.pdf",
        receipt,
        Some(message_id),
    )
    .await;
    assert_eq!(
        expect_code(foreign, 422, "validation", "someone else's answer").await["field"],
        "message_id"
    );
    let bad_id = attach(&demo, Role::Client, &id, "x.pdf", receipt, Some("nope")).await;
    assert_eq!(
        expect_code(bad_id, 422, "validation", "bad id").await["field"],
        "message_id"
    );
    assert_eq!(files_now().await, 1);

    // Out of reach: a draft for the client, another company's item for
    // the agent; and a file id under another item's path.
    let draft = item_at(&demo, "draft").await;
    expect_not_found(
        attach(&demo, Role::Client, &draft, "x.pdf", receipt, None).await,
        "client on a draft",
    )
    .await;
    let far = expect_status(
        demo.call_as(
            Role::Admin,
            Method::POST,
            "/api/v1/pending-items",
            Some(json!({ "title": "Outra", "company_id": demo.company("Clínica Vida Plena") })),
        )
        .await,
        201,
        "admin creates",
    )
    .await;
    let far_id = far["id"].as_str().unwrap();
    let far_file = expect_status(
        attach(&demo, Role::Admin, far_id, "extrato.pdf", receipt, None).await,
        201,
        "admin attaches",
    )
    .await;
    let far_url = far_file["download_url"].as_str().unwrap();
    expect_not_found(
        attach(&demo, Role::Agent, far_id, "x.pdf", receipt, None).await,
        "agent uploads out of reach",
    )
    .await;
    for path in [
        far_url.to_owned(),
        format!("/api/v1/pending-items/{far_id}/attachments"),
        format!(
            "/api/v1/pending-items/{id}/attachments/{}",
            far_file["id"].as_str().unwrap()
        ),
    ] {
        expect_not_found(
            demo.call_as(Role::Agent, Method::GET, &path, None).await,
            &path,
        )
        .await;
    }

    // A resolved item takes no more files.
    let resolved = item_at(&demo, "resolved").await;
    let late = attach(&demo, Role::Supervisor, &resolved, "x.pdf", receipt, None).await;
    assert_eq!(
        expect_code(late, 422, "validation", "resolved").await["field"],
        "file"
    );
}

#[tokio::test]
async fn a_first_start_with_samples_has_work_in_every_step() {
    let demo = Demo::start_with(|s| s.demo_samples = true).await;
    let statuses = |items: &[Value]| {
        let mut seen: Vec<String> = items
            .iter()
            .map(|i| i["status"].as_str().unwrap().to_owned())
            .collect();
        seen.sort();
        seen
    };
    let all = demo
        .list_all(
            demo.token(Role::Supervisor),
            "/api/v1/pending-items",
            "supervisor",
        )
        .await;
    assert_eq!(
        statuses(&all),
        [
            "answered",
            "awaiting_approval",
            "awaiting_client",
            "awaiting_client",
            "awaiting_client",
            "draft",
            "refused",
            "resolved"
        ]
    );
    // The client (Pão Dourado) sees its approved items only.
    let theirs = demo
        .list_all(demo.token(Role::Client), "/api/v1/pending-items", "client")
        .await;
    assert_eq!(
        statuses(&theirs),
        ["answered", "awaiting_client", "awaiting_client"]
    );
    assert!(theirs.iter().all(|i| i["company_name"] == "Pão Dourado"));
    // By number: the sample automation rules are already updating some
    // tickets, which moves them in the default (last updated) order.
    let tickets = demo
        .list_all(
            demo.token(Role::Admin),
            "/api/v1/tickets?sort=-number",
            "tickets",
        )
        .await;
    assert_eq!(tickets.len(), 40);
}
