//! The first day with Atende: the demo data shows every feature (a
//! calendar with holidays, SLA policies with every state on the sample
//! tickets, categories, teams, canned responses, saved views); categories
//! are managed as an ordered tree; a ticket opens by its number; the audit
//! log names people and companies.

use std::collections::BTreeSet;

use atende_core::permissions::Role;
use reqwest::Method;
use serde_json::{Value, json};

use crate::demo_actors::{Demo, expect_code, expect_not_found, expect_status};

async fn get(demo: &Demo, role: Role, path: &str) -> Value {
    expect_status(demo.call_as(role, Method::GET, path, None).await, 200, path).await
}

#[tokio::test]
async fn the_demo_office_is_set_up_as_a_real_one_would_be() {
    let demo = Demo::start_with(|s| s.demo_samples = true).await;

    let calendars = get(&demo, Role::Admin, "/api/v1/sla/calendars").await;
    let calendars = calendars.as_array().unwrap();
    assert_eq!(calendars.len(), 1, "{calendars:?}");
    assert_eq!(calendars[0]["is_default"], true);
    assert_eq!(calendars[0]["national_holidays"], true);
    assert_eq!(calendars[0]["states"], json!(["SP"]));
    assert_eq!(
        calendars[0]["week"][0],
        json!([{ "start": "08:00", "end": "12:00" }, { "start": "13:00", "end": "18:00" }])
    );

    let policies = get(&demo, Role::Admin, "/api/v1/sla/policies").await;
    let names: Vec<&str> = policies
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Urgente e alta", "Padrão"]);

    // Every open sample ticket runs an SLA, and together they show each
    // state a badge can take.
    let tickets = demo
        .list_all(
            demo.token(Role::Admin),
            "/api/v1/tickets?open=true",
            "open tickets",
        )
        .await;
    assert!(tickets.len() >= 10, "{} open sample tickets", tickets.len());
    let states: BTreeSet<&str> = tickets
        .iter()
        .map(|t| t["sla"]["state"].as_str().unwrap_or("none"))
        .collect();
    for state in ["ok", "at_risk", "breached"] {
        assert!(states.contains(state), "no {state} ticket: {states:?}");
    }
    assert!(!states.contains("none"), "an open ticket without SLA");
    // The filter agrees with the badges.
    let breached = demo
        .list_all(
            demo.token(Role::Admin),
            "/api/v1/tickets?open=true&sla=breached",
            "breached",
        )
        .await;
    assert_eq!(
        breached.len(),
        tickets
            .iter()
            .filter(|t| t["sla"]["state"] == "breached")
            .count()
    );
    // Tickets are sorted into categories and teams.
    assert!(
        tickets.iter().all(|t| t["category_id"].is_string()),
        "a sample ticket without a category"
    );

    let categories = get(&demo, Role::Agent, "/api/v1/ticket-categories").await;
    let categories = categories.as_array().unwrap();
    let roots: Vec<&str> = categories
        .iter()
        .filter(|c| c["parent_id"].is_null())
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        roots,
        [
            "Fiscal",
            "Folha de pagamento",
            "Contábil",
            "Tecnologia",
            "Financeiro"
        ],
        "roots in the order they were arranged"
    );
    assert!(categories.len() > roots.len(), "subcategories");

    let teams = get(&demo, Role::Supervisor, "/api/v1/teams").await;
    assert_eq!(teams.as_array().unwrap().len(), 2, "{teams}");

    let canned = get(&demo, Role::Agent, "/api/v1/canned-responses").await;
    let titles: BTreeSet<&str> = canned
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["title"].as_str().unwrap())
        .collect();
    assert!(
        titles.is_superset(&BTreeSet::from([
            "Saudação inicial",
            "Solicitar documentos",
            "Encerramento"
        ])),
        "{titles:?}"
    );

    let views = get(&demo, Role::Agent, "/api/v1/saved-views").await;
    let views: BTreeSet<&str> = views
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["name"].as_str().unwrap())
        .collect();
    assert!(
        views.is_superset(&BTreeSet::from([
            "Urgentes em aberto",
            "SLA em risco ou violado",
            "Meus chamados em aberto"
        ])),
        "{views:?}"
    );
    // Shared views are for staff: the client sees none of them.
    let client_views = get(&demo, Role::Client, "/api/v1/saved-views").await;
    assert_eq!(client_views, json!([]));

    // Automation rules: routing, an out-of-hours reply, an escalation and
    // an auto-solve, all on, in that order.
    let rules = get(&demo, Role::Supervisor, "/api/v1/automation/rules").await;
    let rules: Vec<(&str, bool)> = rules
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["when"]["on"].as_str().unwrap(),
                r["enabled"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rules,
        [
            ("created", true),
            ("created", true),
            ("time", true),
            ("time", true)
        ]
    );

    // One webhook endpoint of the consultancy, switched off until it gets
    // a real address.
    let hooks = get(&demo, Role::Admin, "/api/v1/webhooks").await;
    let hooks = hooks.as_array().unwrap();
    assert_eq!(hooks.len(), 1, "{hooks:?}");
    assert_eq!(hooks[0]["enabled"], false);
    assert_eq!(
        hooks[0]["consultancy_id"],
        demo.company("Contábil Horizonte").to_string()
    );
}

async fn category(demo: &Demo, body: Value) -> Value {
    expect_status(
        demo.call_as(
            Role::Supervisor,
            Method::POST,
            "/api/v1/ticket-categories",
            Some(body),
        )
        .await,
        201,
        "a category",
    )
    .await
}

async fn put_category(demo: &Demo, role: Role, id: &Value, body: Value) -> reqwest::Response {
    demo.call_as(
        role,
        Method::PUT,
        &format!("/api/v1/ticket-categories/{}", id.as_str().unwrap()),
        Some(body),
    )
    .await
}

#[tokio::test]
async fn categories_form_an_ordered_tree_without_loops() {
    let demo = Demo::start().await;
    let fiscal = category(&demo, json!({ "name": "Fiscal" })).await;
    let ti = category(&demo, json!({ "name": "TI" })).await;
    let nota = category(
        &demo,
        json!({ "name": "Nota fiscal", "parent_id": fiscal["id"] }),
    )
    .await;
    assert_eq!(fiscal["position"], 0);
    assert_eq!(ti["position"], 1, "appended after its sibling");
    assert_eq!(nota["position"], 0, "first among its own siblings");

    // TI first.
    let moved = expect_status(
        put_category(
            &demo,
            Role::Supervisor,
            &ti["id"],
            json!({ "name": "Tecnologia", "position": 0, "active": true }),
        )
        .await,
        200,
        "rename and reorder",
    )
    .await;
    assert_eq!(moved["name"], "Tecnologia");
    expect_status(
        put_category(
            &demo,
            Role::Supervisor,
            &fiscal["id"],
            json!({ "name": "Fiscal", "position": 1, "active": true }),
        )
        .await,
        200,
        "reorder",
    )
    .await;
    let listed = get(&demo, Role::Client, "/api/v1/ticket-categories").await;
    let roots: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["parent_id"].is_null())
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(roots, ["Tecnologia", "Fiscal"]);

    // A loop is refused at its field and changes nothing.
    for (parent, what) in [(&fiscal["id"], "itself"), (&nota["id"], "its child")] {
        let refused = expect_code(
            put_category(
                &demo,
                Role::Supervisor,
                &fiscal["id"],
                json!({ "name": "Fiscal", "parent_id": parent }),
            )
            .await,
            422,
            "validation",
            what,
        )
        .await;
        assert_eq!(refused["errors"][0]["field"], "parent_id", "{refused}");
    }
    let unchanged = get(&demo, Role::Agent, "/api/v1/ticket-categories").await;
    assert_eq!(unchanged, listed, "a refused change left a trace");

    // Deactivated: kept, but not offered for new tickets.
    expect_status(
        put_category(
            &demo,
            Role::Supervisor,
            &nota["id"],
            json!({ "name": "Nota fiscal", "parent_id": fiscal["id"], "active": false }),
        )
        .await,
        200,
        "deactivate",
    )
    .await;
    let refused = expect_code(
        demo.call_as(
            Role::Client,
            Method::POST,
            "/api/v1/tickets",
            Some(json!({ "subject": "NF", "description": "Rejeitada", "category_id": nota["id"] })),
        )
        .await,
        422,
        "validation",
        "an inactive category on a new ticket",
    )
    .await;
    assert_eq!(refused["errors"][0]["field"], "category_id");

    // Only those who manage automation change categories; a foreign id is
    // 404.
    let forbidden = put_category(&demo, Role::Agent, &ti["id"], json!({ "name": "X" })).await;
    assert_eq!(forbidden.status(), 403);
    let missing = json!(uuid::Uuid::now_v7().to_string());
    expect_not_found(
        put_category(&demo, Role::Supervisor, &missing, json!({ "name": "X" })).await,
        "an unknown category",
    )
    .await;
    // The change is in the audit log, with the supervisor's name.
    let entries = demo
        .list_all(
            demo.token(Role::Admin),
            "/api/v1/audit-log?action=ticket_category.updated",
            "audit",
        )
        .await;
    assert_eq!(entries.len(), 3, "{entries:?}");
    assert_eq!(
        entries[0]["actor_name"], "Bruno Carvalho",
        "{:?}",
        entries[0]
    );
    assert_eq!(entries[0]["before"]["active"], true);
    assert_eq!(entries[0]["after"]["active"], false);
}

#[tokio::test]
async fn a_ticket_opens_by_its_number_within_reach_only() {
    let demo = Demo::start().await;
    let ticket = expect_status(
        demo.call_as(
            Role::Client,
            Method::POST,
            "/api/v1/tickets",
            Some(json!({ "subject": "Boleto vencido", "description": "Preciso da segunda via." })),
        )
        .await,
        201,
        "open",
    )
    .await;
    let number = ticket["number"].as_i64().unwrap();
    for key in [
        number.to_string(),
        format!("%23{number:06}"),
        format!("{number:06}"),
    ] {
        let found = get(&demo, Role::Agent, &format!("/api/v1/tickets/{key}")).await;
        assert_eq!(found["id"], ticket["id"], "{key}");
    }
    // Another consultancy's agent, and nonsense, get 404.
    let (_, outsider) = demo
        .create_signed_in_user(
            "outro.agente@nucleo.demo",
            Role::Agent,
            &[demo.company("Núcleo TI")],
        )
        .await;
    expect_not_found(
        demo.call(
            &outsider,
            Method::GET,
            &format!("/api/v1/tickets/{number}"),
            None,
        )
        .await,
        "a ticket of another tenant by number",
    )
    .await;
    for bad in ["0", "-1", "abc", "99999999"] {
        expect_not_found(
            demo.call_as(
                Role::Agent,
                Method::GET,
                &format!("/api/v1/tickets/{bad}"),
                None,
            )
            .await,
            bad,
        )
        .await;
    }
}

#[tokio::test]
async fn the_audit_log_names_people_and_companies() {
    let demo = Demo::start().await;
    let company = demo.company("Pão Dourado");
    expect_status(
        demo.call_as(
            Role::Supervisor,
            Method::PATCH,
            &format!("/api/v1/companies/{company}"),
            Some(json!({ "trade_name": "Pão Dourado Centro" })),
        )
        .await,
        200,
        "edit a company",
    )
    .await;
    let entries = demo
        .list_all(
            demo.token(Role::Admin),
            "/api/v1/audit-log?action=company.updated",
            "audit",
        )
        .await;
    assert_eq!(entries.len(), 1, "{entries:?}");
    // The name as it is now.
    assert_eq!(entries[0]["company_name"], "Pão Dourado Centro");
    assert_eq!(entries[0]["actor_name"], "Bruno Carvalho");
}
