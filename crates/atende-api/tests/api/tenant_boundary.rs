//! The tenant boundary (DESIGN.md): a consultancy and its clients are one
//! tenant, and only administrators reach across tenants. A ✅ of any other
//! role means "everywhere in my tenant", never "everywhere". Each test
//! below failed before the boundary was enforced in `Access` itself.

use std::{collections::BTreeSet, time::Duration};

use atende_api::{companies::entity as company, identity::user};
use atende_core::permissions::Role;
use reqwest::Method;
use sea_orm::EntityTrait;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::{
    demo_actors::{Demo, expect_code, expect_not_found, expect_status},
    ticket_desk::{open_stream_with, read_until},
};

/// The companies of the other demo tenant (Núcleo TI and its clients).
const OTHER_TENANT: [&str; 3] = ["Núcleo TI", "Clínica Vida Plena", "Rota Sul"];

async fn open_ticket_as_admin(demo: &Demo, company: Uuid, subject: &str) -> Value {
    expect_status(
        demo.call_as(
            Role::Admin,
            Method::POST,
            "/api/v1/tickets",
            Some(json!({ "subject": subject, "description": "x", "company_id": company })),
        )
        .await,
        201,
        subject,
    )
    .await
}

#[tokio::test]
async fn staff_see_no_audit_entries_and_no_report_rows_of_another_tenant() {
    let demo = Demo::start().await;
    let other: BTreeSet<Uuid> = OTHER_TENANT.iter().map(|n| demo.company(n)).collect();
    // Activity in the other tenant: a ticket, a renamed company, and the
    // sign-in of one of its agents.
    open_ticket_as_admin(&demo, demo.company("Rota Sul"), "Do outro lado").await;
    expect_status(
        demo.call_as(
            Role::Admin,
            Method::PATCH,
            &format!("/api/v1/companies/{}", demo.company("Rota Sul")),
            Some(json!({ "trade_name": "Rota Sul Logística" })),
        )
        .await,
        200,
        "rename",
    )
    .await;
    let (foreign_agent, _) = demo
        .create_signed_in_user(
            "agente@nucleo.test",
            Role::Agent,
            &[demo.company("Núcleo TI")],
        )
        .await;
    // And in ours: a ticket.
    open_ticket_as_admin(&demo, demo.company("Pão Dourado"), "Do nosso lado").await;

    for role in [Role::Supervisor, Role::Agent] {
        let entries = demo
            .list_all(demo.token(role), "/api/v1/audit-log", "audit log")
            .await;
        assert!(
            !entries.is_empty(),
            "{role:?} sees its own tenant's entries"
        );
        for entry in &entries {
            if let Some(company) = entry["company_id"].as_str() {
                let company: Uuid = company.parse().unwrap();
                assert!(!other.contains(&company), "{role:?} read {entry}");
            }
            assert_ne!(
                entry["actor_user_id"].as_str(),
                Some(foreign_agent.to_string().as_str()),
                "{role:?} read the other tenant's sign-in: {entry}"
            );
        }
        // Their own sign-in (no company) is theirs to read.
        assert!(
            entries.iter().any(|e| e["action"] == "auth.login"),
            "{role:?} reads sign-ins of its tenant"
        );
    }
    let admin_entries = demo
        .list_all(demo.token(Role::Admin), "/api/v1/audit-log", "audit log")
        .await;
    assert!(
        admin_entries
            .iter()
            .any(|e| e["actor_user_id"] == foreign_agent.to_string()),
        "the admin reads everything"
    );

    let report = expect_status(
        demo.call_as(
            Role::Supervisor,
            Method::GET,
            "/api/v1/reports/sla?to=2026-03-03T00:00:00Z",
            None,
        )
        .await,
        200,
        "SLA report",
    )
    .await;
    let keys: Vec<&str> = report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["key"].as_str().unwrap())
        .collect();
    assert!(keys.contains(&demo.company("Pão Dourado").to_string().as_str()));
    for id in &other {
        assert!(!keys.contains(&id.to_string().as_str()), "{report}");
    }
    assert_eq!(report["total"]["tickets"], 1, "{report}");
}

#[tokio::test]
async fn company_writes_stay_inside_the_tenant_and_the_visible_companies() {
    let demo = Demo::start().await;
    let db = &demo.app.state.db;
    let rota = demo.company("Rota Sul");
    let before = company::Entity::find_by_id(rota).one(db).await.unwrap();
    for (method, body) in [(
        Method::PATCH,
        Some(json!({ "legal_name": "Tomada", "active": false })),
    )] {
        let response = demo
            .call_as(
                Role::Supervisor,
                method.clone(),
                &format!("/api/v1/companies/{rota}"),
                body,
            )
            .await;
        let problem = expect_not_found(response, "another tenant's company").await;
        assert!(!problem.to_string().contains("Rota"), "{problem}");
    }
    assert_eq!(
        company::Entity::find_by_id(rota).one(db).await.unwrap(),
        before
    );

    // A client under another consultancy: refused, nothing stored.
    let count = company::Entity::find().all(db).await.unwrap().len();
    let response = demo
        .call_as(
            Role::Supervisor,
            Method::POST,
            "/api/v1/companies",
            Some(json!({
                "kind": "client", "legal_name": "Infiltrada Ltda", "cnpj": demo.fresh_cnpj(),
                "consultancy_id": demo.company("Núcleo TI"),
            })),
        )
        .await;
    expect_code(
        response,
        422,
        "validation",
        "client under another consultancy",
    )
    .await;
    assert_eq!(company::Entity::find().all(db).await.unwrap().len(), count);
    // Under their own: fine.
    expect_status(
        demo.call_as(
            Role::Supervisor,
            Method::POST,
            "/api/v1/companies",
            Some(json!({
                "kind": "client", "legal_name": "Nova Cliente Ltda", "cnpj": demo.fresh_cnpj(),
                "consultancy_id": demo.company("Contábil Horizonte"),
            })),
        )
        .await,
        201,
        "client under own consultancy",
    )
    .await;

    // A supervisor linked to one client only: the tenant's other clients
    // answer 404 to a write as they do to a read.
    let (_, narrow) = demo
        .create_signed_in_user(
            "supervisora@pao.test",
            Role::Supervisor,
            &[demo.company("Pão Dourado")],
        )
        .await;
    let sibling = demo.company("Mercado Bom Preço");
    let sibling_before = company::Entity::find_by_id(sibling).one(db).await.unwrap();
    expect_not_found(
        demo.call(
            &narrow,
            Method::GET,
            &format!("/api/v1/companies/{sibling}"),
            None,
        )
        .await,
        "read",
    )
    .await;
    expect_not_found(
        demo.call(
            &narrow,
            Method::PATCH,
            &format!("/api/v1/companies/{sibling}"),
            Some(json!({ "legal_name": "Renomeada" })),
        )
        .await,
        "write",
    )
    .await;
    assert_eq!(
        company::Entity::find_by_id(sibling).one(db).await.unwrap(),
        sibling_before
    );
}

#[tokio::test]
async fn a_limited_user_manager_cannot_take_over_a_user_linked_elsewhere_too() {
    let demo = Demo::start().await;
    let db = &demo.app.state.db;
    demo.set_grant(Role::Supervisor, "users.edit", "linked")
        .await;
    let (straddler, _) = demo
        .create_user(
            "dupla@cliente.test",
            Role::Client,
            &[demo.company("Pão Dourado"), demo.company("Rota Sul")],
        )
        .await;
    let (ours, _) = demo
        .create_user(
            "nossa@cliente.test",
            Role::Client,
            &[demo.company("Pão Dourado")],
        )
        .await;
    let before = user::Entity::find_by_id(straddler).one(db).await.unwrap();
    let path = format!("/api/v1/users/{straddler}");
    expect_not_found(
        demo.call_as(Role::Supervisor, Method::GET, &path, None)
            .await,
        "read",
    )
    .await;
    expect_not_found(
        demo.call_as(
            Role::Supervisor,
            Method::PATCH,
            &path,
            Some(json!({ "email": "ladrao@x.test" })),
        )
        .await,
        "change e-mail",
    )
    .await;
    expect_not_found(
        demo.call_as(
            Role::Supervisor,
            Method::POST,
            &format!("{path}/invitation"),
            None,
        )
        .await,
        "re-invite",
    )
    .await;
    assert_eq!(
        user::Entity::find_by_id(straddler).one(db).await.unwrap(),
        before
    );
    let listed = demo
        .list_ids(demo.token(Role::Supervisor), "/api/v1/users", "users")
        .await;
    assert!(
        !listed.contains(&straddler),
        "listed a user linked elsewhere too"
    );
    assert!(listed.contains(&ours), "a user wholly inside is manageable");
    expect_status(
        demo.call_as(
            Role::Supervisor,
            Method::PATCH,
            &format!("/api/v1/users/{ours}"),
            Some(json!({ "name": "Nossa Cliente" })),
        )
        .await,
        200,
        "manage a user wholly inside",
    )
    .await;
}

#[tokio::test]
async fn shared_views_and_canned_responses_stay_among_staff_of_one_tenant() {
    let demo = Demo::start().await;
    let filter = json!({ "company_id": demo.company("Pão Dourado").to_string() });
    let view = expect_status(
        demo.call_as(
            Role::Supervisor,
            Method::POST,
            "/api/v1/saved-views",
            Some(json!({ "name": "Pão Dourado abertos", "shared": true, "filter": filter })),
        )
        .await,
        201,
        "shared view",
    )
    .await;
    let canned = expect_status(
        demo.call_as(
            Role::Supervisor,
            Method::POST,
            "/api/v1/canned-responses",
            Some(json!({ "title": "Boas-vindas Horizonte", "body": "Olá!", "shared": true })),
        )
        .await,
        201,
        "shared canned response",
    )
    .await;
    let (_, foreign_agent) = demo
        .create_signed_in_user(
            "agente@nucleo.test",
            Role::Agent,
            &[demo.company("Núcleo TI")],
        )
        .await;
    let ids = |list: Value| -> BTreeSet<String> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|v| v["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let view_id = view["id"].as_str().unwrap().to_owned();
    let canned_id = canned["id"].as_str().unwrap().to_owned();
    // A colleague of the same tenant sees both.
    let agent_views = ids(expect_status(
        demo.call_as(Role::Agent, Method::GET, "/api/v1/saved-views", None)
            .await,
        200,
        "views",
    )
    .await);
    assert!(agent_views.contains(&view_id));
    let agent_canned = ids(expect_status(
        demo.call_as(Role::Agent, Method::GET, "/api/v1/canned-responses", None)
            .await,
        200,
        "canned",
    )
    .await);
    assert!(agent_canned.contains(&canned_id));
    // Client roles and the other tenant's staff see neither.
    for (who, token) in [
        (
            "client supervisor",
            demo.token(Role::ClientSupervisor).to_owned(),
        ),
        ("client", demo.token(Role::Client).to_owned()),
        ("other tenant's agent", foreign_agent.clone()),
    ] {
        let views = ids(expect_status(
            demo.call(&token, Method::GET, "/api/v1/saved-views", None)
                .await,
            200,
            who,
        )
        .await);
        assert!(!views.contains(&view_id), "{who} sees the shared view");
    }
    let foreign_canned = ids(expect_status(
        demo.call(
            &foreign_agent,
            Method::GET,
            "/api/v1/canned-responses",
            None,
        )
        .await,
        200,
        "foreign canned",
    )
    .await);
    assert!(!foreign_canned.contains(&canned_id));
}

#[tokio::test]
async fn an_open_stream_stops_at_logout_deactivation_and_a_removed_link() {
    let demo = Demo::start().await;
    let pao = demo.company("Pão Dourado");
    let mercado = demo.company("Mercado Bom Preço");

    // Logout: the stream ends and carries nothing more.
    let (_, token) = demo
        .create_signed_in_user(
            "sai@horizonte.test",
            Role::Agent,
            &[demo.company("Contábil Horizonte")],
        )
        .await;
    let mut stream = open_stream_with(&demo, &token).await;
    read_until(&mut stream, "connected", Duration::from_secs(5))
        .await
        .unwrap();
    expect_status(
        demo.call(&token, Method::POST, "/api/v1/auth/logout", None)
            .await,
        204,
        "logout",
    )
    .await;
    open_ticket_as_admin(&demo, pao, "Depois do logout").await;
    assert!(
        read_until(&mut stream, "Depois", Duration::from_secs(2))
            .await
            .is_none()
            && read_until(&mut stream, "event: ticket", Duration::from_secs(1))
                .await
                .is_none(),
        "an event reached a signed-out stream"
    );

    // Deactivation.
    let (user_id, token) = demo
        .create_signed_in_user(
            "desativa@horizonte.test",
            Role::Agent,
            &[demo.company("Contábil Horizonte")],
        )
        .await;
    let mut stream = open_stream_with(&demo, &token).await;
    read_until(&mut stream, "connected", Duration::from_secs(5))
        .await
        .unwrap();
    expect_status(
        demo.call_as(
            Role::Admin,
            Method::PATCH,
            &format!("/api/v1/users/{user_id}"),
            Some(json!({ "active": false })),
        )
        .await,
        200,
        "deactivate",
    )
    .await;
    open_ticket_as_admin(&demo, pao, "Depois da desativação").await;
    assert!(
        read_until(&mut stream, "event: ticket", Duration::from_secs(2))
            .await
            .is_none(),
        "an event reached a deactivated user's stream"
    );

    // A removed link: that company's events stop, the others' go on.
    let (user_id, token) = demo
        .create_signed_in_user("vinculo@horizonte.test", Role::Agent, &[pao, mercado])
        .await;
    let mut stream = open_stream_with(&demo, &token).await;
    read_until(&mut stream, "connected", Duration::from_secs(5))
        .await
        .unwrap();
    expect_status(
        demo.call_as(
            Role::Admin,
            Method::PATCH,
            &format!("/api/v1/users/{user_id}"),
            Some(json!({ "company_ids": [mercado] })),
        )
        .await,
        200,
        "unlink",
    )
    .await;
    let gone = open_ticket_as_admin(&demo, pao, "Empresa desvinculada").await;
    let kept = open_ticket_as_admin(&demo, mercado, "Empresa vinculada").await;
    let seen = read_until(
        &mut stream,
        kept["id"].as_str().unwrap(),
        Duration::from_secs(5),
    )
    .await
    .expect("the still-linked company's event arrives");
    assert!(
        !seen.contains(gone["id"].as_str().unwrap()),
        "the unlinked company's event arrived: {seen}"
    );
}

#[tokio::test]
async fn a_client_lead_linked_to_a_consultancy_sees_all_its_clients_even_new_ones() {
    let demo = Demo::start().await;
    let horizonte = demo.company("Contábil Horizonte");
    let (_, lead) = demo
        .create_signed_in_user("grupo@horizonte.test", Role::ClientSupervisor, &[horizonte])
        .await;
    for name in ["Pão Dourado", "Mercado Bom Preço", "Alicerce Engenharia"] {
        open_ticket_as_admin(&demo, demo.company(name), &format!("Chamado {name}")).await;
    }
    open_ticket_as_admin(&demo, demo.company("Rota Sul"), "Chamado de fora").await;
    // A client added later is covered too.
    let newcomer = expect_status(
        demo.call_as(
            Role::Admin,
            Method::POST,
            "/api/v1/companies",
            Some(json!({
                "kind": "client", "legal_name": "Recém-Chegada Ltda", "cnpj": demo.fresh_cnpj(),
                "consultancy_id": horizonte,
            })),
        )
        .await,
        201,
        "new client",
    )
    .await;
    let newcomer: Uuid = newcomer["id"].as_str().unwrap().parse().unwrap();
    open_ticket_as_admin(&demo, newcomer, "Chamado da recém-chegada").await;

    let tickets = demo.list_all(&lead, "/api/v1/tickets", "tickets").await;
    let companies: BTreeSet<Uuid> = tickets
        .iter()
        .map(|t| t["company_id"].as_str().unwrap().parse().unwrap())
        .collect();
    let expected: BTreeSet<Uuid> = [
        demo.company("Pão Dourado"),
        demo.company("Mercado Bom Preço"),
        demo.company("Alicerce Engenharia"),
        newcomer,
    ]
    .into();
    assert_eq!(companies, expected);
    // Searching by end client narrows it.
    let filtered = demo
        .list_all(
            &lead,
            &format!("/api/v1/tickets?company_id={newcomer}"),
            "by client",
        )
        .await;
    assert_eq!(filtered.len(), 1);
}
