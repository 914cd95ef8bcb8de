//! Tenant isolation: a user (or API token) reaches only the companies it is
//! linked to. Every endpoint that takes an id answers 404 for another
//! tenant's row, exactly as for a row that does not exist, and leaves it
//! as it was; lists never include another tenant's rows.

use std::collections::BTreeSet;

use atende_api::{
    audit::entity as audit_entry,
    auth::{invitation::entity as invitation, session::sessions},
    companies::entity as company,
    identity::{user, user_company},
};
use atende_core::permissions::Role;
use reqwest::Method;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::demo_actors::{Demo, expect_code, expect_forbidden, expect_not_found, expect_status};

/// The roles whose demo user is linked to some companies only.
const SCOPED_ROLES: [Role; 4] = [
    Role::Supervisor,
    Role::Agent,
    Role::ClientSupervisor,
    Role::Client,
];

async fn company_row(db: &DatabaseConnection, id: Uuid) -> Option<company::Model> {
    company::Entity::find_by_id(id).one(db).await.unwrap()
}

/// A user's row, links and invitations, to compare before and after.
async fn user_state(
    db: &DatabaseConnection,
    id: Uuid,
) -> (Option<user::Model>, Vec<user_company::Model>, u64, u64) {
    let row = user::Entity::find_by_id(id).one(db).await.unwrap();
    let links = user_company::Entity::find()
        .filter(user_company::Column::UserId.eq(id))
        .all(db)
        .await
        .unwrap();
    let invitations = invitation::Entity::find()
        .filter(invitation::Column::UserId.eq(id))
        .count(db)
        .await
        .unwrap();
    let revoked_sessions = sessions::Entity::find()
        .filter(sessions::Column::UserId.eq(id))
        .filter(sessions::Column::RevokedAt.is_not_null())
        .count(db)
        .await
        .unwrap();
    (row, links, invitations, revoked_sessions)
}

fn ids_of(items: &[Value], key: &str) -> BTreeSet<Uuid> {
    items
        .iter()
        .map(|item| item[key].as_str().unwrap().parse().unwrap())
        .collect()
}

#[tokio::test]
async fn another_tenants_company_is_not_found_and_stays_unchanged() {
    let demo = Demo::start().await;
    let db = &demo.app.state.db;
    // By default only ADM and Supervisor edit (✅, every company) and only
    // ADM deletes: give every scoped role both, so their scope is what
    // stops them. Staff get ⚠️; client roles ✅, which for them is the same.
    for (role, grant) in [
        (Role::Supervisor, "linked"),
        (Role::Agent, "linked"),
        (Role::ClientSupervisor, "all"),
        (Role::Client, "all"),
    ] {
        demo.set_grant(role, "companies.edit", grant).await;
        demo.set_grant(role, "companies.delete", grant).await;
    }
    // What a company that does not exist looks like.
    let missing = Uuid::now_v7();
    let missing_body = expect_not_found(
        demo.call_as(
            Role::Admin,
            Method::GET,
            &format!("/api/v1/companies/{missing}"),
            None,
        )
        .await,
        "a missing company",
    )
    .await;

    for role in SCOPED_ROLES {
        let outside = demo.outside_scope(role);
        assert!(!outside.is_empty());
        for (name, id) in outside {
            let what = format!("{} on {name}", role.as_str());
            let path = format!("/api/v1/companies/{id}");
            let before = company_row(db, id).await.unwrap();
            let body = expect_not_found(
                demo.call_as(role, Method::GET, &path, None).await,
                &format!("GET: {what}"),
            )
            .await;
            assert_eq!(body, missing_body, "{what}: tells it exists");
            let change = json!({
                "legal_name": "Empresa Invadida Ltda",
                "trade_name": null,
                "segment_id": null,
                "active": false,
            });
            let body = expect_not_found(
                demo.call_as(role, Method::PATCH, &path, Some(change)).await,
                &format!("PATCH: {what}"),
            )
            .await;
            assert_eq!(body, missing_body, "{what}: tells it exists");
            let body = expect_not_found(
                demo.call_as(role, Method::DELETE, &path, None).await,
                &format!("DELETE: {what}"),
            )
            .await;
            assert_eq!(body, missing_body, "{what}: tells it exists");
            assert_eq!(company_row(db, id).await, Some(before), "{what}: changed");
        }
        // Their own companies answer.
        for id in demo.scope(role).unwrap() {
            let response = demo
                .call_as(
                    role,
                    Method::PATCH,
                    &format!("/api/v1/companies/{id}"),
                    Some(json!({ "active": true })),
                )
                .await;
            expect_status(response, 200, &format!("{} on its {id}", role.as_str())).await;
        }
    }
    // Within scope, deleting works (a new client of the staff's consultancy).
    let created = expect_status(
        demo.call_as(
            Role::Admin,
            Method::POST,
            "/api/v1/companies",
            Some(json!({
                "kind": "client",
                "consultancy_id": demo.company("Contábil Horizonte"),
                "legal_name": "Filial Descartável Ltda",
                "cnpj": demo.fresh_cnpj(),
            })),
        )
        .await,
        201,
        "a new client",
    )
    .await;
    let id: Uuid = created["id"].as_str().unwrap().parse().unwrap();
    let response = demo
        .call_as(
            Role::Supervisor,
            Method::DELETE,
            &format!("/api/v1/companies/{id}"),
            None,
        )
        .await;
    expect_status(response, 204, "the supervisor deletes in scope").await;
    assert_eq!(company_row(db, id).await, None);
}

#[tokio::test]
async fn another_tenants_user_is_not_found_and_stays_unchanged() {
    let demo = Demo::start().await;
    let db = &demo.app.state.db;
    let vida_plena = demo.company("Clínica Vida Plena");
    let (other, other_token) = demo
        .create_signed_in_user("maria@vidaplena.example.com", Role::Client, &[vida_plena])
        .await;
    // The supervisor may manage the users of its own companies only.
    demo.set_grant(Role::Supervisor, "users.edit", "linked")
        .await;
    demo.set_grant(Role::Supervisor, "users.delete", "linked")
        .await;
    let supervisor = demo.token(Role::Supervisor);

    let listed = demo
        .list_ids(supervisor, "/api/v1/users", "users list")
        .await;
    // Only client-role users: staff accounts reach beyond any company, so a
    // limited manager must not touch them (their e-mail or invitation).
    let expected: BTreeSet<Uuid> = ["cliente.supervisor@atende.demo", "cliente@atende.demo"]
        .into_iter()
        .map(|email| demo.user(email))
        .collect();
    assert_eq!(listed, expected);
    let filtered = demo
        .list_ids(
            supervisor,
            &format!("/api/v1/users?company_id={vida_plena}"),
            "users of another tenant",
        )
        .await;
    assert!(filtered.is_empty(), "{filtered:?}");
    let client = demo.user("cliente@atende.demo");
    expect_status(
        demo.call(
            supervisor,
            Method::GET,
            &format!("/api/v1/users/{client}"),
            None,
        )
        .await,
        200,
        "a user of its own companies",
    )
    .await;

    let admin = demo.user("admin@atende.demo");
    for (who, id) in [
        ("a user of Clínica Vida Plena", other),
        ("the administrator, linked to no company", admin),
    ] {
        let before = user_state(db, id).await;
        let attempts = [
            (Method::GET, format!("/api/v1/users/{id}"), None),
            (
                Method::PATCH,
                format!("/api/v1/users/{id}"),
                Some(json!({
                    "name": "Invadido",
                    "email": "invadido@example.com",
                    "role": "client",
                    "active": false,
                    "company_ids": [demo.company("Pão Dourado")],
                })),
            ),
            (Method::POST, format!("/api/v1/users/{id}/invitation"), None),
            (Method::DELETE, format!("/api/v1/users/{id}/mfa"), None),
            (Method::DELETE, format!("/api/v1/users/{id}"), None),
        ];
        for (method, path, body) in attempts {
            let what = format!("{method} {path} ({who})");
            expect_not_found(demo.call(supervisor, method, &path, body).await, &what).await;
        }
        assert_eq!(user_state(db, id).await, before, "{who}: changed");
    }
    // No session of the other tenant's user ended.
    expect_status(
        demo.call(&other_token, Method::GET, "/api/v1/me", None)
            .await,
        200,
        "the other tenant's user is still signed in",
    )
    .await;

    // Nor can a user of its own be moved into another tenant's company.
    let before = user_state(db, client).await;
    let body = expect_code(
        demo.call(
            supervisor,
            Method::PATCH,
            &format!("/api/v1/users/{client}"),
            Some(json!({ "company_ids": [vida_plena] })),
        )
        .await,
        422,
        "validation",
        "moving a user into another tenant",
    )
    .await;
    assert_eq!(body["field"], "company_ids");
    assert_eq!(user_state(db, client).await, before);
}

#[tokio::test]
async fn company_lists_never_include_another_tenants_rows() {
    let demo = Demo::start().await;
    let nucleo = demo.company("Núcleo TI");
    // A company created later is outside every demo scope too.
    let extra = expect_status(
        demo.call_as(
            Role::Admin,
            Method::POST,
            "/api/v1/companies",
            Some(json!({
                "kind": "client",
                "consultancy_id": nucleo,
                "legal_name": "Contábil Extra do Núcleo Ltda",
                "cnpj": demo.fresh_cnpj(),
            })),
        )
        .await,
        201,
        "a new client of Núcleo TI",
    )
    .await;
    let vida_plena_cnpj = "93627541";

    for role in SCOPED_ROLES {
        let token = demo.token(role);
        let what = role.as_str();
        let scope = demo.scope(role).unwrap();
        // Paged three at a time, so the cursors are exercised too.
        let listed = demo.list_ids(token, "/api/v1/companies", what).await;
        assert_eq!(listed, scope, "{what}");
        assert!(!listed.contains(&extra["id"].as_str().unwrap().parse().unwrap()));
        for filter in [
            format!("consultancy_id={nucleo}"),
            "q=Vida".to_owned(),
            format!("q={vida_plena_cnpj}"),
            "q=Núcleo".to_owned(),
        ] {
            let path = format!("/api/v1/companies?{filter}");
            let found = demo.list_ids(token, &path, what).await;
            assert!(found.is_empty(), "{what} with {filter}: {found:?}");
            // The filter itself works: the admin finds something.
            let admin = demo.list_ids(demo.token(Role::Admin), &path, "admin").await;
            assert!(!admin.is_empty(), "admin with {filter}");
        }
        for filter in ["kind=consultancy", "kind=client", "q=Ltda", "active=true"] {
            let found = demo
                .list_ids(token, &format!("/api/v1/companies?{filter}"), what)
                .await;
            assert!(found.is_subset(&scope), "{what} with {filter}: {found:?}");
        }
        // `/me` tells the same scope.
        let me = expect_status(
            demo.call(token, Method::GET, "/api/v1/me", None).await,
            200,
            what,
        )
        .await;
        let companies = me["scope"]["companies"].as_array().unwrap();
        assert_eq!(ids_of(companies, "id"), scope, "{what}: /me scope");
    }

    // A staff user linked to no company sees none.
    let (_, unlinked) = demo
        .create_signed_in_user("sem.vinculo@example.com", Role::Agent, &[])
        .await;
    let listed = demo
        .list_ids(&unlinked, "/api/v1/companies", "unlinked")
        .await;
    assert!(listed.is_empty(), "{listed:?}");
    let pao_dourado = demo.company("Pão Dourado");
    expect_not_found(
        demo.call(
            &unlinked,
            Method::GET,
            &format!("/api/v1/companies/{pao_dourado}"),
            None,
        )
        .await,
        "an unlinked agent",
    )
    .await;
}

#[tokio::test]
async fn a_client_supervisor_reads_only_its_companies_audit_entries() {
    let demo = Demo::start().await;
    let db = &demo.app.state.db;
    // One entry about every company.
    for id in demo.all_companies() {
        let response = demo
            .call_as(
                Role::Admin,
                Method::PATCH,
                &format!("/api/v1/companies/{id}"),
                Some(json!({ "active": true })),
            )
            .await;
        expect_status(response, 200, "an entry per company").await;
    }
    let token = demo.token(Role::ClientSupervisor);
    let scope = demo.scope(Role::ClientSupervisor).unwrap();

    let entries = demo.list_all(token, "/api/v1/audit-log", "audit log").await;
    for entry in &entries {
        let company: Option<Uuid> = entry["company_id"].as_str().map(|c| c.parse().unwrap());
        assert!(
            company.is_some_and(|c| scope.contains(&c)),
            "an entry of another company: {entry}"
        );
    }
    let in_scope = audit_entry::Entity::find()
        .filter(audit_entry::Column::CompanyId.is_in(scope.iter().copied()))
        .count(db)
        .await
        .unwrap();
    assert_eq!(
        entries.len() as u64,
        in_scope,
        "not every entry of its companies"
    );
    let updates = demo
        .list_all(token, "/api/v1/audit-log?action=company.updated", "updates")
        .await;
    assert_eq!(ids_of(&updates, "company_id"), scope);
    assert_eq!(updates.len(), 2);

    // Filters do not reach past the scope.
    let vida_plena = demo.company("Clínica Vida Plena");
    for filter in [
        format!("company_id={vida_plena}"),
        format!("entity_type=company&entity_id={vida_plena}"),
        "action=demo.seeded".to_owned(),
    ] {
        let found = demo
            .list_all(token, &format!("/api/v1/audit-log?{filter}"), &filter)
            .await;
        assert!(found.is_empty(), "{filter}: {found:?}");
    }
}

/// Creates an API token as the admin; returns its id and secret.
async fn create_api_token(
    demo: &Demo,
    name: &str,
    permissions: &[&str],
    companies: &[Uuid],
) -> (Uuid, String) {
    let created = expect_status(
        demo.call_as(
            Role::Admin,
            Method::POST,
            "/api/v1/api-tokens",
            Some(json!({ "name": name, "permissions": permissions, "company_ids": companies })),
        )
        .await,
        201,
        name,
    )
    .await;
    (
        created["api_token"]["id"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap(),
        created["token"].as_str().unwrap().to_owned(),
    )
}

#[tokio::test]
async fn an_api_token_for_one_client_sees_only_that_company() {
    let demo = Demo::start().await;
    let db = &demo.app.state.db;
    let pao_dourado = demo.company("Pão Dourado");
    let bom_preco = demo.company("Mercado Bom Preço");
    let (_, token) = create_api_token(
        &demo,
        "ERP Pão Dourado",
        &["companies.view", "companies.edit", "logs.full"],
        &[pao_dourado],
    )
    .await;

    let listed = demo.list_ids(&token, "/api/v1/companies", "token").await;
    assert_eq!(listed, BTreeSet::from([pao_dourado]));
    for id in demo.all_companies() {
        let path = format!("/api/v1/companies/{id}");
        let response = demo.call(&token, Method::GET, &path, None).await;
        if id == pao_dourado {
            expect_status(response, 200, &path).await;
        } else {
            expect_not_found(response, &path).await;
        }
    }
    let before = company_row(db, bom_preco).await;
    expect_not_found(
        demo.call(
            &token,
            Method::PATCH,
            &format!("/api/v1/companies/{bom_preco}"),
            Some(json!({ "legal_name": "Invadida Ltda" })),
        )
        .await,
        "PATCH another company",
    )
    .await;
    assert_eq!(company_row(db, bom_preco).await, before);
    expect_status(
        demo.call(
            &token,
            Method::PATCH,
            &format!("/api/v1/companies/{pao_dourado}"),
            Some(json!({ "trade_name": "Pão Dourado" })),
        )
        .await,
        200,
        "PATCH its company",
    )
    .await;

    // Tokens never manage accounts (an invitation doubles as a reset).
    let admin = demo.token(Role::Admin);
    let refused = demo
        .call(
            admin,
            Method::POST,
            "/api/v1/api-tokens",
            Some(
                json!({ "name": "x", "permissions": ["users.edit"], "company_ids": [pao_dourado] }),
            ),
        )
        .await;
    assert_eq!(refused.status().as_u16(), 422);

    // The audit log: only its company's entries.
    expect_status(
        demo.call_as(
            Role::Admin,
            Method::PATCH,
            &format!("/api/v1/companies/{bom_preco}"),
            Some(json!({ "active": true })),
        )
        .await,
        200,
        "an entry of another company",
    )
    .await;
    let entries = demo
        .list_all(&token, "/api/v1/audit-log", "token audit")
        .await;
    assert!(!entries.is_empty());
    assert_eq!(
        ids_of(&entries, "company_id"),
        BTreeSet::from([pao_dourado])
    );

    // Nothing it was not given.
    expect_forbidden(
        demo.call(
            &token,
            Method::POST,
            "/api/v1/companies",
            Some(json!({ "kind": "client", "consultancy_id": demo.company("Contábil Horizonte"), "legal_name": "Nova Ltda", "cnpj": demo.fresh_cnpj() })),
        )
        .await,
        "creating a company",
    )
    .await;
    expect_forbidden(
        demo.call(&token, Method::GET, "/api/v1/segments", None)
            .await,
        "segments",
    )
    .await;

    // A token for a consultancy reaches its clients too.
    let nucleo = demo.company("Núcleo TI");
    let (_, token) = create_api_token(&demo, "ERP Núcleo TI", &["companies.view"], &[nucleo]).await;
    let listed = demo
        .list_ids(&token, "/api/v1/companies", "consultancy token")
        .await;
    let expected: BTreeSet<Uuid> = ["Núcleo TI", "Clínica Vida Plena", "Rota Sul"]
        .into_iter()
        .map(|name| demo.company(name))
        .collect();
    assert_eq!(listed, expected);
}

#[tokio::test]
async fn a_revoked_api_token_is_unauthenticated() {
    let demo = Demo::start().await;
    let (id, token) = create_api_token(&demo, "CRM", &["companies.view"], &[]).await;
    // No company given: every company.
    let listed = demo.list_ids(&token, "/api/v1/companies", "before").await;
    assert_eq!(listed, demo.all_companies());

    expect_status(
        demo.call_as(
            Role::Admin,
            Method::DELETE,
            &format!("/api/v1/api-tokens/{id}"),
            None,
        )
        .await,
        204,
        "revoking",
    )
    .await;
    let pao_dourado = demo.company("Pão Dourado");
    for path in [
        "/api/v1/companies".to_owned(),
        format!("/api/v1/companies/{pao_dourado}"),
    ] {
        expect_code(
            demo.call(&token, Method::GET, &path, None).await,
            401,
            "unauthenticated",
            &format!("revoked: {path}"),
        )
        .await;
    }
    let tokens = demo
        .list_all(demo.token(Role::Admin), "/api/v1/api-tokens", "tokens")
        .await;
    assert!(
        tokens
            .iter()
            .any(|t| t["id"] == json!(id) && t["revoked_at"].is_string())
    );
}

#[tokio::test]
async fn a_limited_user_manager_cannot_hand_out_staff_roles() {
    let demo = Demo::start().await;
    demo.set_grant(Role::ClientSupervisor, "users.create", "all")
        .await;
    demo.set_grant(Role::ClientSupervisor, "users.edit", "all")
        .await;
    let manager = demo.token(Role::ClientSupervisor);
    let pao_dourado = demo.company("Pão Dourado");
    for role in ["supervisor", "agent", "admin"] {
        let response = demo
            .call(
                manager,
                Method::POST,
                "/api/v1/users",
                Some(
                    json!({ "name": "Novo", "email": format!("{role}@x.example.com"),
                             "role": role, "company_ids": [pao_dourado] }),
                ),
            )
            .await;
        assert_eq!(response.status().as_u16(), 422, "{role}");
    }
    let client = demo.user("cliente@atende.demo");
    let promoted = demo
        .call(
            manager,
            Method::PATCH,
            &format!("/api/v1/users/{client}"),
            Some(json!({ "role": "supervisor" })),
        )
        .await;
    assert_eq!(promoted.status().as_u16(), 422);
    let created = demo
        .call(
            manager,
            Method::POST,
            "/api/v1/users",
            Some(
                json!({ "name": "Nova Cliente", "email": "nova@x.example.com",
                         "role": "client", "company_ids": [pao_dourado] }),
            ),
        )
        .await;
    assert_eq!(created.status().as_u16(), 201);
}
