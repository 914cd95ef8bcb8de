//! Tickets over HTTP: opening, scope, thread and internal notes,
//! transitions, collisions, search, counters, board, reopen, assignment.

use atende_core::permissions::Role;
use chrono::Duration;
use reqwest::Method;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::demo_actors::{Demo, expect_code, expect_forbidden, expect_not_found, expect_status};

async fn open_as(demo: &Demo, role: Role, body: Value) -> Value {
    let response = demo
        .call_as(role, Method::POST, "/api/v1/tickets", Some(body))
        .await;
    expect_status(response, 201, "open a ticket").await
}

async fn get(demo: &Demo, role: Role, path: &str) -> Value {
    expect_status(demo.call_as(role, Method::GET, path, None).await, 200, path).await
}

fn ids(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_client_opens_a_ticket_and_only_its_companies_see_it() {
    let demo = Demo::start().await;
    let ticket = open_as(
        &demo,
        Role::Client,
        json!({ "subject": "Nota fiscal não emitida", "description": "A **emissão** falhou <script>alert(1)</script>" }),
    )
    .await;
    assert_eq!(ticket["reference"], "#000001");
    assert_eq!(ticket["status"], "new");
    assert_eq!(ticket["channel"], "portal");
    assert_eq!(
        ticket["company_id"],
        demo.company("Pão Dourado").to_string()
    );
    let html = ticket["description_html"].as_str().unwrap();
    assert!(
        html.contains("<strong>emissão</strong>") && !html.contains("<script"),
        "{html}"
    );
    let second = open_as(
        &demo,
        Role::Client,
        json!({ "subject": "Outro", "description": "x" }),
    )
    .await;
    assert_eq!(second["number"], 2);

    // A ticket of another tenant (Clínica Vida Plena, Núcleo TI's client).
    let vida = open_as(
        &demo,
        Role::Admin,
        json!({ "subject": "Agenda", "description": "y", "company_id": demo.company("Clínica Vida Plena") }),
    )
    .await;
    let id = ticket["id"].as_str().unwrap();
    let foreign = vida["id"].as_str().unwrap();
    for role in [
        Role::Client,
        Role::ClientSupervisor,
        Role::Agent,
        Role::Supervisor,
    ] {
        let page = get(&demo, role, "/api/v1/tickets").await;
        assert!(
            ids(&page).contains(&id.to_owned()),
            "{role:?} misses its ticket"
        );
        assert!(
            !ids(&page).contains(&foreign.to_owned()),
            "{role:?} sees another tenant"
        );
        for (method, path, body) in [
            (Method::GET, format!("/api/v1/tickets/{foreign}"), None),
            (
                Method::GET,
                format!("/api/v1/tickets/{foreign}/messages"),
                None,
            ),
            (
                Method::GET,
                format!("/api/v1/tickets/{foreign}/events"),
                None,
            ),
            (
                Method::POST,
                format!("/api/v1/tickets/{foreign}/messages"),
                Some(json!({ "body": "oi" })),
            ),
            (
                Method::POST,
                format!("/api/v1/tickets/{foreign}/reopen"),
                Some(json!({ "reason": "oi" })),
            ),
            (
                Method::POST,
                format!("/api/v1/tickets/{foreign}/solve"),
                None,
            ),
            (
                Method::POST,
                format!("/api/v1/tickets/{foreign}/follow"),
                None,
            ),
            (
                Method::GET,
                format!("/api/v1/tickets/{foreign}/attachments"),
                None,
            ),
            (
                Method::GET,
                format!("/api/v1/tickets/{foreign}/followers"),
                None,
            ),
        ] {
            let what = format!("{role:?} {method} {path}");
            expect_not_found(demo.call_as(role, method, &path, body).await, &what).await;
        }
    }
    // Staff of the tenant may not PATCH it either; clients may not PATCH at all.
    let patch = json!({ "version": 1, "priority": "urgent" });
    expect_not_found(
        demo.call_as(
            Role::Agent,
            Method::PATCH,
            &format!("/api/v1/tickets/{foreign}"),
            Some(patch.clone()),
        )
        .await,
        "agent PATCH of another tenant",
    )
    .await;
    expect_forbidden(
        demo.call_as(
            Role::Client,
            Method::PATCH,
            &format!("/api/v1/tickets/{id}"),
            Some(patch),
        )
        .await,
        "client PATCH",
    )
    .await;
    let unchanged = get(&demo, Role::Admin, &format!("/api/v1/tickets/{foreign}")).await;
    assert_eq!(unchanged["priority"], "normal");
    // A client cannot open for a company outside its scope.
    let refused = demo
        .call_as(
            Role::Client,
            Method::POST,
            "/api/v1/tickets",
            Some(json!({ "subject": "x", "description": "y", "company_id": demo.company("Mercado Bom Preço") })),
        )
        .await;
    assert_eq!(
        expect_code(refused, 422, "validation", "foreign company").await["field"],
        "company_id"
    );
    // A company with tickets cannot be deleted.
    let delete = demo
        .call_as(
            Role::Admin,
            Method::DELETE,
            &format!("/api/v1/companies/{}", demo.company("Clínica Vida Plena")),
            None,
        )
        .await;
    expect_code(delete, 409, "conflict", "delete a company with tickets").await;
}

#[tokio::test]
async fn internal_notes_never_reach_clients_and_mentions_notify() {
    let demo = Demo::start().await;
    let ticket = open_as(
        &demo,
        Role::Client,
        json!({ "subject": "Boleto", "description": "Segunda via" }),
    )
    .await;
    let id = ticket["id"].as_str().unwrap();
    let note = demo
        .call_as(
            Role::Agent,
            Method::POST,
            &format!("/api/v1/tickets/{id}/messages"),
            Some(json!({ "body": "Cliente inadimplente, @supervisor veja", "internal": true })),
        )
        .await;
    expect_status(note, 201, "internal note").await;
    let reply = demo
        .call_as(
            Role::Agent,
            Method::POST,
            &format!("/api/v1/tickets/{id}/messages"),
            Some(json!({ "body": "Enviamos a segunda via." })),
        )
        .await;
    expect_status(reply, 201, "public reply").await;

    for role in [Role::Client, Role::ClientSupervisor] {
        let thread = get(&demo, role, &format!("/api/v1/tickets/{id}/messages")).await;
        let bodies: Vec<&str> = thread
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["body"].as_str().unwrap())
            .collect();
        assert_eq!(bodies, vec!["Enviamos a segunda via."], "{role:?}");
        let events = get(&demo, role, &format!("/api/v1/tickets/{id}/events")).await;
        assert!(
            events
                .as_array()
                .unwrap()
                .iter()
                .all(|e| e["kind"] != "noted"),
            "{role:?}: {events}"
        );
        let found = get(&demo, role, "/api/v1/tickets?q=inadimplente").await;
        assert!(ids(&found).is_empty(), "{role:?} found a note by search");
        let posted = demo
            .call_as(
                role,
                Method::POST,
                &format!("/api/v1/tickets/{id}/messages"),
                Some(json!({ "body": "x", "internal": true })),
            )
            .await;
        expect_forbidden(posted, "client internal note").await;
    }
    let staff_thread = get(
        &demo,
        Role::Agent,
        &format!("/api/v1/tickets/{id}/messages"),
    )
    .await;
    assert_eq!(staff_thread.as_array().unwrap().len(), 2);
    assert_eq!(staff_thread[0]["internal"], true);

    // The first public staff reply opened the ticket and set the first
    // response time.
    let after = get(&demo, Role::Agent, &format!("/api/v1/tickets/{id}")).await;
    assert_eq!(after["status"], "open");
    assert!(after["first_response_at"].is_string());

    // The mention reached the supervisor's notifications.
    let db = &demo.app.state.db;
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let notified = atende_api::tickets::entity::notification::Entity::find()
        .filter(
            atende_api::tickets::entity::notification::Column::UserId
                .eq(demo.user("supervisor@atende.demo")),
        )
        .filter(atende_api::tickets::entity::notification::Column::Kind.eq("mentioned"))
        .count(db)
        .await
        .unwrap();
    assert_eq!(notified, 1);
}

#[tokio::test]
async fn transitions_follow_the_rules_and_stale_versions_collide() {
    let mut demo = Demo::start().await;
    let ticket = open_as(
        &demo,
        Role::Client,
        json!({ "subject": "Erro", "description": "x" }),
    )
    .await;
    let id = ticket["id"].as_str().unwrap();
    let path = format!("/api/v1/tickets/{id}");
    // new → closed is not a transition.
    let illegal = demo
        .call_as(
            Role::Agent,
            Method::PATCH,
            &path,
            Some(json!({ "version": 1, "status": "closed" })),
        )
        .await;
    let body = expect_code(illegal, 422, "validation", "new → closed").await;
    assert_eq!(body["field"], "status");
    assert_eq!(get(&demo, Role::Agent, &path).await["status"], "new");

    let moved = demo
        .call_as(
            Role::Agent,
            Method::PATCH,
            &path,
            Some(json!({ "version": 1, "status": "pending", "priority": "high" })),
        )
        .await;
    let moved = expect_status(moved, 200, "new → pending").await;
    assert_eq!(moved["version"], 2);

    // The supervisor works from version 1: a collision naming the agent.
    let stale = demo
        .call_as(
            Role::Supervisor,
            Method::PATCH,
            &path,
            Some(json!({ "version": 1, "priority": "low" })),
        )
        .await;
    let conflict = expect_code(stale, 409, "conflict", "stale version").await;
    let agent_name = get(&demo, Role::Agent, "/api/v1/me").await["user"]["name"].clone();
    assert!(
        conflict["detail"]
            .as_str()
            .unwrap()
            .contains(agent_name.as_str().unwrap()),
        "{conflict}"
    );
    assert_eq!(get(&demo, Role::Agent, &path).await["priority"], "high");

    // The client answers a ticket waiting on them: back to open.
    let answer = demo
        .call_as(
            Role::Client,
            Method::POST,
            &format!("{path}/messages"),
            Some(json!({ "body": "Segue o anexo" })),
        )
        .await;
    expect_status(answer, 201, "client answer").await;
    let current = get(&demo, Role::Agent, &path).await;
    assert_eq!(current["status"], "open");

    // Solved, reopened by the client within 7 days, then not after.
    let version = current["version"].as_i64().unwrap();
    let solved = demo
        .call_as(
            Role::Agent,
            Method::PATCH,
            &path,
            Some(json!({ "version": version, "status": "solved" })),
        )
        .await;
    expect_status(solved, 200, "solve").await;
    let reopened = demo
        .call_as(
            Role::Client,
            Method::POST,
            &format!("{path}/reopen"),
            Some(json!({ "reason": "Voltou a falhar" })),
        )
        .await;
    let reopened = expect_status(reopened, 200, "reopen").await;
    assert_eq!(reopened["status"], "open");
    assert_eq!(reopened["reopen_count"], 1);
    let version = reopened["version"].as_i64().unwrap();
    demo.call_as(
        Role::Agent,
        Method::PATCH,
        &path,
        Some(json!({ "version": version, "status": "solved" })),
    )
    .await;
    demo.app.clock.advance(Duration::days(8));
    demo.sign_in_again(Role::Client).await;
    demo.sign_in_again(Role::Agent).await;
    let late = demo
        .call_as(
            Role::Client,
            Method::POST,
            &format!("{path}/reopen"),
            Some(json!({ "reason": "De novo" })),
        )
        .await;
    expect_code(late, 422, "validation", "reopen after the window").await;

    let events = get(&demo, Role::Agent, &format!("{path}/events")).await;
    let kinds: Vec<&str> = events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    for expected in [
        "created",
        "status_changed",
        "priority_changed",
        "replied",
        "reopened",
    ] {
        assert!(
            kinds.contains(&expected),
            "{expected} missing from {kinds:?}"
        );
    }
}

#[tokio::test]
async fn search_ignores_accents_and_filters_combine() {
    let demo = Demo::start().await;
    let first = open_as(
        &demo,
        Role::Client,
        json!({ "subject": "Ação trabalhista", "description": "Documentação pendente", "tags": ["RH"] }),
    )
    .await;
    open_as(
        &demo,
        Role::Client,
        json!({ "subject": "Impressora", "description": "Sem toner", "priority": "urgent" }),
    )
    .await;
    let first_id = first["id"].as_str().unwrap().to_owned();
    for q in [
        "acao",
        "AÇÃO",
        "documentacao",
        "trabalh",
        "acao documentacao",
    ] {
        let found = get(&demo, Role::Agent, &format!("/api/v1/tickets?q={q}")).await;
        assert_eq!(ids(&found), vec![first_id.clone()], "q={q}");
    }
    let none = get(&demo, Role::Agent, "/api/v1/tickets?q=acao%20toner").await;
    assert!(ids(&none).is_empty());
    let tagged = get(&demo, Role::Agent, "/api/v1/tickets?tag=rh").await;
    assert_eq!(ids(&tagged), vec![first_id.clone()]);
    let urgent = get(&demo, Role::Agent, "/api/v1/tickets?priority=urgent,high").await;
    assert_eq!(ids(&urgent).len(), 1);
    let group = get(
        &demo,
        Role::Supervisor,
        &format!(
            "/api/v1/tickets?consultancy_id={}",
            demo.company("Contábil Horizonte")
        ),
    )
    .await;
    assert_eq!(ids(&group).len(), 2);
    let unassigned = get(
        &demo,
        Role::Agent,
        "/api/v1/tickets?assignee_id=none&open=true",
    )
    .await;
    assert_eq!(ids(&unassigned).len(), 2);
    let bad = demo
        .call_as(
            Role::Agent,
            Method::GET,
            "/api/v1/tickets?status=lost",
            None,
        )
        .await;
    assert_eq!(
        expect_code(bad, 422, "validation", "bad status").await["field"],
        "status"
    );
    // Search reaches public replies too.
    demo.call_as(
        Role::Agent,
        Method::POST,
        &format!("/api/v1/tickets/{first_id}/messages"),
        Some(json!({ "body": "Protocolo de rescisão enviado" })),
    )
    .await;
    let by_reply = get(&demo, Role::Client, "/api/v1/tickets?q=rescisao").await;
    assert_eq!(ids(&by_reply), vec![first_id]);
}

#[tokio::test]
async fn lists_page_with_cursors_and_counters_and_board_count_the_scope() {
    let demo = Demo::start().await;
    for n in 0..5 {
        open_as(
            &demo,
            Role::Client,
            json!({ "subject": format!("Chamado {n}"), "description": "x" }),
        )
        .await;
        demo.app.clock.advance(Duration::minutes(1));
    }
    open_as(
        &demo,
        Role::Admin,
        json!({ "subject": "Outro grupo", "description": "x", "company_id": demo.company("Rota Sul") }),
    )
    .await;
    let mut seen = Vec::new();
    let mut path = "/api/v1/tickets?limit=2&sort=-number".to_owned();
    loop {
        let page = get(&demo, Role::ClientSupervisor, &path).await;
        for item in page["items"].as_array().unwrap() {
            seen.push(item["number"].as_i64().unwrap());
        }
        match page["next_cursor"].as_str() {
            Some(cursor) => path = format!("/api/v1/tickets?limit=2&sort=-number&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(seen, vec![5, 4, 3, 2, 1]);

    let counters = get(&demo, Role::Client, "/api/v1/tickets/counters").await;
    assert_eq!(counters["open"], 5);
    assert_eq!(counters["closed"], 0);
    let all = get(&demo, Role::Admin, "/api/v1/tickets/counters").await;
    assert_eq!(all["total"], 6);

    let board = get(&demo, Role::Agent, "/api/v1/tickets/board?per_column=2").await;
    let new = &board["columns"][0];
    assert_eq!(new["status"], "new");
    assert_eq!(new["count"], 5);
    assert_eq!(new["cards"].as_array().unwrap().len(), 2);
    let more = get(
        &demo,
        Role::Agent,
        &format!(
            "/api/v1/tickets?status=new&limit=2&cursor={}",
            new["next_cursor"].as_str().unwrap()
        ),
    )
    .await;
    assert_eq!(more["items"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn bulk_changes_report_what_they_could_not_do() {
    let demo = Demo::start().await;
    let a = open_as(
        &demo,
        Role::Client,
        json!({ "subject": "A", "description": "x" }),
    )
    .await;
    let b = open_as(
        &demo,
        Role::Client,
        json!({ "subject": "B", "description": "x" }),
    )
    .await;
    let b_id = b["id"].as_str().unwrap();
    demo.call_as(
        Role::Agent,
        Method::PATCH,
        &format!("/api/v1/tickets/{b_id}"),
        Some(json!({ "version": 1, "status": "solved" })),
    )
    .await;
    let agent = demo.user("agente@atende.demo");
    let result = demo
        .call_as(
            Role::Supervisor,
            Method::POST,
            "/api/v1/tickets/bulk",
            Some(json!({ "ids": [a["id"], b["id"], Uuid::now_v7()], "status": "pending", "assignee_id": agent })),
        )
        .await;
    let result = expect_status(result, 200, "bulk").await;
    assert_eq!(result["updated"], json!([a["id"]]));
    assert_eq!(result["failed"].as_array().unwrap().len(), 2);
    let a_now = get(
        &demo,
        Role::Agent,
        &format!("/api/v1/tickets/{}", a["id"].as_str().unwrap()),
    )
    .await;
    assert_eq!(a_now["status"], "pending");
    assert_eq!(a_now["assignee"]["id"], agent.to_string());
    assert_eq!(
        get(&demo, Role::Agent, &format!("/api/v1/tickets/{b_id}")).await["status"],
        "solved"
    );
    // A client cannot be an assignee.
    let refused = demo
        .call_as(
            Role::Supervisor,
            Method::PATCH,
            &format!("/api/v1/tickets/{}", a["id"].as_str().unwrap()),
            Some(json!({ "version": a_now["version"], "assignee_id": demo.user("cliente@atende.demo") })),
        )
        .await;
    assert_eq!(
        expect_code(refused, 422, "validation", "client assignee").await["field"],
        "assignee_id"
    );
}

#[tokio::test]
async fn teams_assign_new_tickets_round_robin_among_available_members() {
    let demo = Demo::start().await;
    let agent = demo.user("agente@atende.demo");
    let supervisor = demo.user("supervisor@atende.demo");
    let admin = demo.user("admin@atende.demo");
    let team = demo
        .call_as(
            Role::Admin,
            Method::POST,
            "/api/v1/teams",
            Some(
                json!({ "name": "Fiscal", "assignment": "round_robin", "members": [
                { "user_id": agent, "available": true },
                { "user_id": supervisor, "available": true },
                { "user_id": admin, "available": false },
            ] }),
            ),
        )
        .await;
    let team = expect_status(team, 201, "team").await;
    let mut assignees = Vec::new();
    for n in 0..4 {
        let ticket = open_as(
            &demo,
            Role::Agent,
            json!({ "subject": format!("T{n}"), "description": "x", "team_id": team["id"],
                    "company_id": demo.company("Pão Dourado"), "requester_id": demo.user("cliente@atende.demo"),
                    "channel": "phone" }),
        )
        .await;
        assert_eq!(ticket["channel"], "phone");
        assert_eq!(
            ticket["requester"]["id"],
            demo.user("cliente@atende.demo").to_string()
        );
        assignees.push(ticket["assignee"]["id"].as_str().unwrap().to_owned());
    }
    assert_eq!(assignees[0], assignees[2]);
    assert_eq!(assignees[1], assignees[3]);
    assert_ne!(assignees[0], assignees[1]);
    assert!(
        !assignees.contains(&admin.to_string()),
        "an unavailable member was assigned"
    );
}

#[tokio::test]
async fn least_open_assignment_picks_the_member_with_fewest_open_tickets() {
    let demo = Demo::start().await;
    let agent = demo.user("agente@atende.demo");
    let supervisor = demo.user("supervisor@atende.demo");
    let team = demo
        .call_as(
            Role::Admin,
            Method::POST,
            "/api/v1/teams",
            Some(
                json!({ "name": "Suporte", "assignment": "least_open", "members": [
                { "user_id": agent, "available": true },
                { "user_id": supervisor, "available": true },
            ] }),
            ),
        )
        .await;
    let team = expect_status(team, 201, "team").await;
    // The agent already carries two open tickets.
    for n in 0..2 {
        let t = open_as(
            &demo,
            Role::Client,
            json!({ "subject": format!("carga {n}"), "description": "x" }),
        )
        .await;
        demo.call_as(
            Role::Supervisor,
            Method::PATCH,
            &format!("/api/v1/tickets/{}", t["id"].as_str().unwrap()),
            Some(json!({ "version": t["version"], "assignee_id": agent })),
        )
        .await;
    }
    let next = open_as(
        &demo,
        Role::Client,
        json!({ "subject": "novo", "description": "x", "team_id": team["id"] }),
    )
    .await;
    assert_eq!(next["assignee"]["id"], supervisor.to_string());
    let after = open_as(
        &demo,
        Role::Client,
        json!({ "subject": "outro", "description": "x", "team_id": team["id"] }),
    )
    .await;
    // 2 (agent) vs 1 (supervisor): still the supervisor.
    assert_eq!(after["assignee"]["id"], supervisor.to_string());
    // Clients cannot pick a team member directly, but see who works it.
    assert!(after["assignee"]["name"].is_string());
}

/// `atende seed --tickets N`: realistic tickets that the API lists,
/// counts, searches and scopes like any other.
#[tokio::test]
async fn seeded_tickets_behave_like_real_ones() {
    let app = atende_testkit::TestApp::spawn_with_demo().await;
    let seeded = atende_api::tickets::seed::seed_tickets(
        &app.state,
        1_200,
        chrono::Duration::days(730),
        |_| {},
    )
    .await
    .unwrap();
    assert_eq!(seeded.tickets, 1_200);
    assert!(seeded.messages > 600, "{seeded:?}");
    let admin = app.login_as(Role::Admin).await;
    let counters: Value = app
        .request(Method::GET, "/api/v1/tickets/counters", &admin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let total = counters["open"].as_i64().unwrap() + counters["closed"].as_i64().unwrap();
    assert_eq!(total, 1_200, "{counters}");
    // The full-text index covers them ("boleto" is one of the topics).
    let found: Value = app
        .request(Method::GET, "/api/v1/tickets?q=boleto&limit=200", &admin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let items = found["items"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(
        items
            .iter()
            .all(|t| t["subject"].as_str().unwrap().contains("oleto")
                || t["description"].as_str().unwrap().contains("oleto")),
        "{found}"
    );
    // A client sees only its company's share, with threads.
    let client = app.login_as(Role::Client).await;
    let mine: Value = app
        .request(Method::GET, "/api/v1/tickets?limit=200", &client)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mine = mine["items"].as_array().unwrap();
    assert!(!mine.is_empty());
    let company = &mine[0]["company_id"];
    assert!(mine.iter().all(|t| &t["company_id"] == company));
    // Numbers continue after the seeded ones.
    let created: Value = app
        .request(Method::POST, "/api/v1/tickets", &client)
        .json(&json!({ "subject": "Depois da carga", "description": "x" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(created["number"], 1_201, "{created}");
}
