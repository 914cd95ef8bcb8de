//! The customer's permission table (`shared/spec/permissoes-pendencias.md`,
//! "TABELA RÁPIDA DE PERMISSÕES - UP380"), every row for every role, over
//! HTTP with the demo users.
//!
//! Rows whose feature has endpoints today (users, companies, segments, the
//! audit log) are exercised on those endpoints: ✅ answers 2xx, ❌ 403
//! `forbidden`, ⚠️ shows exactly the linked companies and 404 for any other.
//! Every row, those included, is also checked on `GET /api/v1/me`, which
//! lists each granted permission with its reach: ✅ is `all` for staff and
//! `linked` for client roles (they never reach beyond their companies), ⚠️
//! is `linked`, ❌ is absent. Then the administrator edits the matrix.

use std::collections::{BTreeMap, BTreeSet};

use atende_api::companies::entity as company;
use atende_core::{clock::Clock, permissions::Role};
use chrono::{DateTime, Duration, Utc};
use reqwest::Method;
use sea_orm::EntityTrait;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::demo_actors::{Demo, expect_code, expect_forbidden, expect_not_found, expect_status};

/// The spec table line by line, with the permission each row is named by
/// in the API as an extra second column. The five cells are in the spec's
/// column order, which is `Role::ALL`'s.
const SPEC_TABLE: &str = "
| FUNCIONALIDADE | PERMISSÃO | ADM | SUPERVISOR | OPERADOR | CLIENTE SUP. | CLIENTE |
|----------------|-----------|:---:|:----------:|:--------:|:------------:|:-------:|
| **USUÁRIOS** |
| Criar usuários | users.create | ✅ | ❌ | ❌ | ❌ | ❌ |
| Editar usuários | users.edit | ✅ | ❌ | ❌ | ❌ | ❌ |
| Deletar usuários | users.delete | ✅ | ❌ | ❌ | ❌ | ❌ |
| **EMPRESAS** |
| Criar empresas | companies.create | ✅ | ✅ | ❌ | ❌ | ❌ |
| Editar empresas | companies.edit | ✅ | ✅ | ❌ | ❌ | ❌ |
| Deletar empresas | companies.delete | ✅ | ❌ | ❌ | ❌ | ❌ |
| Ver empresas | companies.view | ✅ | ⚠️ | ⚠️ | ⚠️ | ⚠️ |
| **SEGMENTOS** |
| Criar segmentos | segments.create | ✅ | ✅ | ❌ | ❌ | ❌ |
| Editar segmentos | segments.edit | ✅ | ✅ | ❌ | ❌ | ❌ |
| Deletar segmentos | segments.delete | ✅ | ❌ | ❌ | ❌ | ❌ |
| Ver segmentos | segments.view | ✅ | ✅ | ✅ | ✅ | ✅ |
| **PENDÊNCIAS** |
| Criar pendências | pending_items.create | ✅ | ❌ | ✅ | ❌ | ❌ |
| Editar pendências | pending_items.edit | ✅ | ✅ | ✅ | ❌ | ❌ |
| Ver pendências | pending_items.view | ✅ | ⚠️ | ⚠️ | ⚠️ | ⚠️ |
| Responder pendências | pending_items.answer | ✅ | ✅ | ✅ | ✅ | ✅ |
| Aprovar pendências | pending_items.approve | ✅ | ✅ | ❌ | ❌ | ❌ |
| Recusar pendências | pending_items.refuse | ✅ | ✅ | ❌ | ❌ | ❌ |
| Marcar como resolvida | pending_items.resolve | ✅ | ✅ | ❌ | ❌ | ❌ |
| Ver resolvidas | pending_items.view_resolved | ✅ | ✅ | ❌ | ❌ | ❌ |
| **IMPORTAÇÃO** |
| Importar planilhas | imports.run | ✅ | ❌ | ✅ | ❌ | ❌ |
| Ver histórico importação | imports.history | ✅ | ❌ | ✅ | ❌ | ❌ |
| **RELATÓRIOS** |
| Relatório mensal | reports.monthly | ✅ | ✅ | ✅ | ✅ | ❌ |
| Relatório operadores | reports.operators | ✅ | ✅ | ❌ | ⚠️ | ❌ |
| Exportar dados | data.export | ✅ | ✅ | ⚠️ | ✅ | ❌ |
| **VISUALIZAÇÃO** |
| Dashboard geral | dashboards.general | ✅ | ✅ | ✅ | ✅ | ✅ |
| Dashboard operador | dashboards.operator | ✅ | ✅ | ✅ | ❌ | ❌ |
| Dashboard supervisor | dashboards.supervisor | ✅ | ✅ | ❌ | ❌ | ❌ |
| Ver logs completos | logs.full | ✅ | ✅ | ✅ | ✅ | ❌ |
| Ver logs recentes | logs.recent | ✅ | ✅ | ✅ | ✅ | ❌ |
| **NAVEGAÇÃO** |
| Menu \"Gerenciar\" | nav.manage | ✅ | ✅ | ❌ | ❌ | ❌ |
| Botão \"Nova Pendência\" | nav.new_pending_item | ✅ | ❌ | ✅ | ❌ | ❌ |
| Botão \"Importar\" | nav.import | ✅ | ❌ | ✅ | ❌ | ❌ |
| Acessar segmentos | nav.segments | ✅ | ✅ | ✅ | ✅ | ✅ |
| Ver por segmento | nav.by_segment | ✅ | ✅ | ✅ | ✅ | ✅ |
";

/// The rows that have endpoints today; the others are checked on `/me`.
const ROWS_WITH_ENDPOINTS: [&str; 13] = [
    "users.create",
    "users.edit",
    "users.delete",
    "companies.create",
    "companies.edit",
    "companies.delete",
    "companies.view",
    "segments.create",
    "segments.edit",
    "segments.delete",
    "segments.view",
    "logs.full",
    "logs.recent",
];

/// One cell of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cell {
    /// ✅ Pode Fazer.
    Can,
    /// ❌ Não Pode.
    Cannot,
    /// ⚠️ Limitado: only the companies linked to the user.
    Limited,
}

impl Cell {
    fn parse(text: &str) -> Cell {
        match text {
            "✅" => Cell::Can,
            "❌" => Cell::Cannot,
            t if t.starts_with('⚠') => Cell::Limited,
            other => panic!("not a cell of the table: {other:?}"),
        }
    }

    /// The reach `/me` lists for `role`; `None`: absent (denied).
    fn reach_in_me(self, role: Role) -> Option<&'static str> {
        match self {
            Cell::Cannot => None,
            Cell::Limited => Some("linked"),
            // Client roles never reach beyond their companies.
            Cell::Can if role.is_client() => Some("linked"),
            Cell::Can => Some("all"),
        }
    }

    /// The grant stored in the matrix (`GET /api/v1/roles`).
    fn grant(self) -> &'static str {
        match self {
            Cell::Can => "all",
            Cell::Cannot => "none",
            Cell::Limited => "linked",
        }
    }
}

struct Row {
    section: String,
    label: String,
    permission: String,
    /// In `Role::ALL` order.
    cells: [Cell; 5],
}

impl Row {
    fn cell(&self, role: Role) -> Cell {
        self.cells[role as usize]
    }

    fn describe(&self, role: Role) -> String {
        format!(
            "{} / {} ({}) as {}",
            self.section,
            self.label,
            self.permission,
            role.as_str()
        )
    }
}

fn spec_table() -> Vec<Row> {
    let mut section = String::new();
    let mut rows = Vec::new();
    for line in SPEC_TABLE.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let fields: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        match fields.as_slice() {
            [heading] => section = heading.trim_matches('*').to_owned(),
            ["FUNCIONALIDADE", ..] => {}
            [rule, ..] if rule.starts_with('-') => {}
            [label, permission, cells @ ..] if cells.len() == 5 => rows.push(Row {
                section: section.clone(),
                label: (*label).to_owned(),
                permission: (*permission).to_owned(),
                cells: [0, 1, 2, 3, 4].map(|i| Cell::parse(cells[i])),
            }),
            _ => panic!("not a line of the table: {line}"),
        }
    }
    rows
}

#[test]
fn the_table_has_every_row_of_the_spec_once() {
    let rows = spec_table();
    // 3 + 4 + 4 + 8 + 2 + 3 + 5 + 5 rows under eight headings.
    assert_eq!(rows.len(), 34);
    let sections: BTreeSet<&str> = rows.iter().map(|r| r.section.as_str()).collect();
    assert_eq!(sections.len(), 8);
    let names: BTreeSet<&str> = rows.iter().map(|r| r.permission.as_str()).collect();
    assert_eq!(names.len(), rows.len(), "a permission named twice");
    for name in ROWS_WITH_ENDPOINTS {
        assert!(names.contains(name), "{name}");
    }
}

/// `GET /api/v1/me` `permissions` as permission → reach.
async fn effective_permissions(demo: &Demo, token: &str) -> BTreeMap<String, String> {
    let me = expect_status(
        demo.call(token, Method::GET, "/api/v1/me", None).await,
        200,
        "GET /me",
    )
    .await;
    me["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["permission"].as_str().unwrap().to_owned(),
                p["reach"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn me_lists_exactly_the_cell_of_every_row_for_every_role() {
    let demo = Demo::start().await;
    let mut wrong = Vec::new();
    for role in Role::ALL {
        let effective = effective_permissions(&demo, demo.token(role)).await;
        for row in spec_table() {
            let expected = row.cell(role).reach_in_me(role);
            let actual = effective.get(&row.permission).map(String::as_str);
            if actual != expected {
                wrong.push(format!(
                    "{}: expected {expected:?}, /me says {actual:?}",
                    row.describe(role)
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[tokio::test]
async fn the_stored_matrix_is_the_table_by_default() {
    let demo = Demo::start().await;
    let matrix = expect_status(
        demo.call_as(Role::Admin, Method::GET, "/api/v1/roles", None)
            .await,
        200,
        "GET /roles",
    )
    .await;
    let roles: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
    assert_eq!(matrix["roles"], json!(roles));
    for row in spec_table() {
        for role in Role::ALL {
            assert_eq!(
                matrix["grants"][role.as_str()][&row.permission],
                row.cell(role).grant(),
                "{}",
                row.describe(role)
            );
        }
    }
}

#[tokio::test]
async fn every_row_with_an_endpoint_answers_every_role_as_the_table_says() {
    let demo = Demo::start().await;
    let mut exercised = BTreeSet::new();
    for row in spec_table() {
        if !ROWS_WITH_ENDPOINTS.contains(&row.permission.as_str()) {
            continue;
        }
        for role in Role::ALL {
            exercise(&demo, &row, role).await;
        }
        exercised.insert(row.permission.clone());
    }
    assert_eq!(exercised.len(), ROWS_WITH_ENDPOINTS.len());
}

/// Tries the row's action as the demo user of `role` and checks the cell.
async fn exercise(demo: &Demo, row: &Row, role: Role) {
    let cell = row.cell(role);
    let what = row.describe(role);
    let pao_dourado = demo.company("Pão Dourado");
    // A client of the staff's consultancy that no demo user is linked to
    // directly (✅ reaches the whole tenant, never another consultancy).
    let alicerce = demo.company("Alicerce Engenharia");
    let horizonte = demo.company("Contábil Horizonte");
    let contabilidade = demo.segment("Contabilidade");
    let (method, path, body, success) = match row.permission.as_str() {
        "users.create" => (
            Method::POST,
            "/api/v1/users".to_owned(),
            Some(json!({
                "name": "Nova Pessoa",
                "email": format!("nova.{}@example.com", role.as_str()),
                "role": "client",
                "company_ids": [pao_dourado],
            })),
            201,
        ),
        "users.edit" => {
            // Listing users is part of managing them.
            let list = demo.call_as(role, Method::GET, "/api/v1/users", None).await;
            check_action(list, cell, 200, &format!("{what}: GET /users")).await;
            let client = demo.user("cliente@atende.demo");
            (
                Method::PATCH,
                format!("/api/v1/users/{client}"),
                Some(json!({ "time_zone": "America/Recife" })),
                200,
            )
        }
        "users.delete" => {
            let email = format!("descartavel.{}@example.com", role.as_str());
            let (id, _) = demo.create_user(&email, Role::Client, &[pao_dourado]).await;
            let response = demo
                .call_as(role, Method::DELETE, &format!("/api/v1/users/{id}"), None)
                .await;
            check_action(response, cell, 204, &what).await;
            let after = demo
                .call_as(
                    Role::Admin,
                    Method::GET,
                    &format!("/api/v1/users/{id}"),
                    None,
                )
                .await;
            let expected = if cell == Cell::Can { 404 } else { 200 };
            expect_status(after, expected, &format!("{what}: the user afterwards")).await;
            return;
        }
        "companies.create" => (
            Method::POST,
            "/api/v1/companies".to_owned(),
            Some(json!({
                "kind": "client",
                "consultancy_id": horizonte,
                "legal_name": format!("Nova Cliente {} Ltda", role.as_str()),
                "cnpj": demo.fresh_cnpj(),
            })),
            201,
        ),
        // ✅ is every company, so one no demo user is linked to.
        "companies.edit" => (
            Method::PATCH,
            format!("/api/v1/companies/{alicerce}"),
            Some(json!({ "trade_name": format!("Alicerce ({})", role.as_str()) })),
            200,
        ),
        "companies.delete" => {
            let id = demo
                .create_consultancy(&format!("Descartável {} Ltda", role.as_str()))
                .await;
            let response = demo
                .call_as(
                    role,
                    Method::DELETE,
                    &format!("/api/v1/companies/{id}"),
                    None,
                )
                .await;
            check_action(response, cell, 204, &what).await;
            let after = demo
                .call_as(
                    Role::Admin,
                    Method::GET,
                    &format!("/api/v1/companies/{id}"),
                    None,
                )
                .await;
            let expected = if cell == Cell::Can { 404 } else { 200 };
            expect_status(after, expected, &format!("{what}: the company afterwards")).await;
            return;
        }
        "companies.view" => return check_company_view(demo, row, role).await,
        "segments.create" => (
            Method::POST,
            "/api/v1/segments".to_owned(),
            Some(json!({ "name": format!("Segmento {}", role.as_str()) })),
            201,
        ),
        "segments.edit" => (
            Method::PATCH,
            format!("/api/v1/segments/{contabilidade}"),
            Some(json!({ "description": format!("Revisado por {}", role.as_str()) })),
            200,
        ),
        "segments.delete" => {
            let created = expect_status(
                demo.call_as(
                    Role::Admin,
                    Method::POST,
                    "/api/v1/segments",
                    Some(json!({ "name": format!("Descartável {}", role.as_str()) })),
                )
                .await,
                201,
                &what,
            )
            .await;
            let id = created["id"].as_str().unwrap();
            let response = demo
                .call_as(
                    role,
                    Method::DELETE,
                    &format!("/api/v1/segments/{id}"),
                    None,
                )
                .await;
            check_action(response, cell, 204, &what).await;
            let segments: Vec<Value> = demo
                .list_all(demo.token(Role::Admin), "/api/v1/segments", &what)
                .await;
            let still_there = segments.iter().any(|s| s["id"] == id);
            assert_eq!(
                still_there,
                cell != Cell::Can,
                "{what}: the segment afterwards"
            );
            return;
        }
        // Segments are installation-wide vocabulary: whoever may view sees
        // them all.
        "segments.view" => {
            let response = demo
                .call_as(role, Method::GET, "/api/v1/segments", None)
                .await;
            if let Some(page) = check_action(response, cell, 200, &what).await {
                assert!(page["items"].as_array().unwrap().len() >= 2, "{what}");
            }
            return;
        }
        "logs.full" => return check_audit_log(demo, cell, role, &what).await,
        "logs.recent" => {
            // The audit log reads with logs.full first: take it away so
            // only logs.recent decides, then give it back.
            let full = spec_table()
                .into_iter()
                .find(|r| r.permission == "logs.full")
                .unwrap()
                .cell(role);
            demo.set_grant(role, "logs.full", "none").await;
            check_audit_log(demo, cell, role, &what).await;
            demo.set_grant(role, "logs.full", full.grant()).await;
            return;
        }
        other => panic!("no endpoint for {other}"),
    };
    let response = demo.call_as(role, method, &path, body).await;
    check_action(response, cell, success, &what).await;
}

/// ✅ answers `success`, ❌ 403 `forbidden`; returns the body when allowed.
async fn check_action(
    response: reqwest::Response,
    cell: Cell,
    success: u16,
    what: &str,
) -> Option<Value> {
    match cell {
        Cell::Can => Some(expect_status(response, success, what).await),
        Cell::Cannot => {
            expect_forbidden(response, what).await;
            None
        }
        Cell::Limited => panic!("{what}: the table has no ⚠️ here"),
    }
}

/// Ver empresas: ✅ for staff lists every company; ⚠️ (and ✅ for client
/// roles) lists exactly the linked companies and answers 404 for the rest.
async fn check_company_view(demo: &Demo, row: &Row, role: Role) {
    let cell = row.cell(role);
    let what = row.describe(role);
    let token = demo.token(role);
    if cell == Cell::Cannot {
        let response = demo
            .call(token, Method::GET, "/api/v1/companies", None)
            .await;
        expect_forbidden(response, &what).await;
        return;
    }
    let visible = demo.list_ids(token, "/api/v1/companies", &what).await;
    let expected = match (cell, role.is_client()) {
        // Every company, whatever the user is linked to (including what
        // other rows of this walk created).
        (Cell::Can, false) => {
            demo.list_ids(demo.token(Role::Admin), "/api/v1/companies", &what)
                .await
        }
        // The linked companies and, through a consultancy link, every
        // client of it — including those other rows of this walk created.
        _ => {
            let scope = demo.scope(role).unwrap();
            company::Entity::find()
                .all(&demo.app.state.db)
                .await
                .unwrap()
                .into_iter()
                .filter(|c| {
                    scope.contains(&c.id)
                        || (c.consultancy_id == Some(demo.company("Contábil Horizonte"))
                            && !role.is_client())
                })
                .map(|c| c.id)
                .collect()
        }
    };
    assert_eq!(visible, expected, "{what}: the list");
    for id in &expected {
        let response = demo
            .call(token, Method::GET, &format!("/api/v1/companies/{id}"), None)
            .await;
        expect_status(response, 200, &what).await;
    }
    for (name, id) in demo.outside_scope(role) {
        let response = demo
            .call(token, Method::GET, &format!("/api/v1/companies/{id}"), None)
            .await;
        expect_not_found(response, &format!("{what}: {name}")).await;
    }
}

/// Ver logs: ✅ for the admin reads every entry, for other staff every
/// entry of their tenant (sign-ins of its people included); for client
/// roles only entries of their companies; ❌ is 403.
async fn check_audit_log(demo: &Demo, cell: Cell, role: Role, what: &str) {
    let token = demo.token(role);
    if cell == Cell::Cannot {
        let response = demo
            .call(token, Method::GET, "/api/v1/audit-log", None)
            .await;
        expect_forbidden(response, what).await;
        return;
    }
    assert_eq!(cell, Cell::Can, "{what}: the table has no ⚠️ here");
    // An entry of a company every demo user reaches.
    let pao_dourado = demo.company("Pão Dourado");
    let response = demo
        .call_as(
            Role::Admin,
            Method::PATCH,
            &format!("/api/v1/companies/{pao_dourado}"),
            Some(json!({ "trade_name": "Pão Dourado" })),
        )
        .await;
    expect_status(response, 200, what).await;
    let entries = demo.list_all(token, "/api/v1/audit-log", what).await;
    assert!(
        entries
            .iter()
            .any(|e| e["action"] == "company.updated" && e["company_id"] == json!(pao_dourado)),
        "{what}: the entry of Pão Dourado is missing"
    );
    match demo.scope(role).filter(|_| role.is_client()) {
        // Staff read entries of no company too: the admin all of them,
        // others those of their tenant's people (their sign-ins).
        None if role == Role::Admin => assert!(
            entries.iter().any(|e| e["action"] == "demo.seeded"),
            "{what}: an entry of no company is missing"
        ),
        None => {
            assert!(
                entries
                    .iter()
                    .any(|e| e["action"] == "auth.login" && e["company_id"].is_null()),
                "{what}: a sign-in of the tenant is missing"
            );
            assert!(
                !entries.iter().any(|e| e["action"] == "demo.seeded"),
                "{what}: a system entry of no tenant"
            );
        }
        Some(scope) => {
            for entry in &entries {
                let company: Option<Uuid> =
                    entry["company_id"].as_str().map(|c| c.parse().unwrap());
                assert!(
                    company.is_some_and(|c| scope.contains(&c)),
                    "{what}: an entry of another company: {entry}"
                );
            }
        }
    }
}

#[tokio::test]
async fn an_administrators_change_to_the_matrix_applies_on_the_next_request() {
    let demo = Demo::start().await;
    let consultancy = |demo: &Demo| json!({ "kind": "consultancy", "legal_name": "Consultoria do Operador Ltda", "cnpj": demo.fresh_cnpj() });
    let agent_creates =
        |body: Value| demo.call_as(Role::Agent, Method::POST, "/api/v1/companies", Some(body));

    // ❌ by default.
    expect_forbidden(agent_creates(consultancy(&demo)).await, "agent, default").await;
    assert!(
        !effective_permissions(&demo, demo.token(Role::Agent))
            .await
            .contains_key("companies.create")
    );

    // ✅: the same access token works on the very next request — within
    // the agent's tenant: a new consultancy is a new tenant, which only an
    // administrator creates.
    demo.set_grant(Role::Agent, "companies.create", "all").await;
    let in_tenant = json!({
        "kind": "client",
        "consultancy_id": demo.company("Contábil Horizonte"),
        "legal_name": "Cliente do Operador Ltda",
        "cnpj": demo.fresh_cnpj(),
    });
    expect_status(agent_creates(in_tenant).await, 201, "agent, all").await;
    expect_code(
        agent_creates(consultancy(&demo)).await,
        422,
        "validation",
        "agent, all: a new consultancy",
    )
    .await;
    let effective = effective_permissions(&demo, demo.token(Role::Agent)).await;
    assert_eq!(effective["companies.create"], "all");

    // ⚠️: only under the agent's own consultancy; a new consultancy would
    // reach beyond it.
    demo.set_grant(Role::Agent, "companies.create", "linked")
        .await;
    let body = expect_code(
        agent_creates(consultancy(&demo)).await,
        422,
        "validation",
        "agent, linked",
    )
    .await;
    assert_eq!(body["field"], "kind");
    let client_of = |name: &str| {
        json!({
            "kind": "client",
            "consultancy_id": demo.company(name),
            "legal_name": format!("Cliente novo de {name} Ltda"),
            "cnpj": demo.fresh_cnpj(),
        })
    };
    expect_status(
        agent_creates(client_of("Contábil Horizonte")).await,
        201,
        "agent, linked",
    )
    .await;
    let body = expect_code(
        agent_creates(client_of("Núcleo TI")).await,
        422,
        "validation",
        "agent, linked, other consultancy",
    )
    .await;
    assert_eq!(body["field"], "consultancy_id");
    let effective = effective_permissions(&demo, demo.token(Role::Agent)).await;
    assert_eq!(effective["companies.create"], "linked");

    // ❌ again.
    demo.set_grant(Role::Agent, "companies.create", "none")
        .await;
    expect_forbidden(agent_creates(consultancy(&demo)).await, "agent, none again").await;
    assert!(
        !effective_permissions(&demo, demo.token(Role::Agent))
            .await
            .contains_key("companies.create")
    );

    // Taking away a ⚠️: the supervisor no longer sees any company.
    demo.set_grant(Role::Supervisor, "companies.view", "none")
        .await;
    let pao_dourado = demo.company("Pão Dourado");
    for path in [
        "/api/v1/companies".to_owned(),
        format!("/api/v1/companies/{pao_dourado}"),
    ] {
        let response = demo
            .call_as(Role::Supervisor, Method::GET, &path, None)
            .await;
        expect_forbidden(
            response,
            &format!("supervisor without companies.view: {path}"),
        )
        .await;
    }

    // ✅ given to a client role still stops at the client's companies.
    demo.set_grant(Role::Client, "companies.edit", "all").await;
    let effective = effective_permissions(&demo, demo.token(Role::Client)).await;
    assert_eq!(effective["companies.edit"], "linked");
    for (name, status) in [("Pão Dourado", 200), ("Mercado Bom Preço", 404)] {
        let response = demo
            .call_as(
                Role::Client,
                Method::PATCH,
                &format!("/api/v1/companies/{}", demo.company(name)),
                Some(json!({ "trade_name": name })),
            )
            .await;
        let what = format!("the client edits {name}");
        if status == 200 {
            expect_status(response, 200, &what).await;
        } else {
            expect_not_found(response, &what).await;
        }
    }

    // Every change is in the audit log.
    let changes = demo
        .list_all(
            demo.token(Role::Admin),
            "/api/v1/audit-log?action=role.permission_changed",
            "audit",
        )
        .await;
    assert_eq!(changes.len(), 5);
    assert!(
        changes
            .iter()
            .any(|e| e["entity_id"] == "agent/companies.create"
                && e["before"] == "linked"
                && e["after"] == "none")
    );
}

#[tokio::test]
async fn only_administrators_read_or_change_the_matrix() {
    let demo = Demo::start().await;
    for role in [
        Role::Supervisor,
        Role::Agent,
        Role::ClientSupervisor,
        Role::Client,
    ] {
        let what = format!("{} reading the matrix", role.as_str());
        let response = demo.call_as(role, Method::GET, "/api/v1/roles", None).await;
        expect_forbidden(response, &what).await;
        // Nor grant themselves user management.
        let what = format!("{} changing the matrix", role.as_str());
        let response = demo
            .call_as(
                role,
                Method::PUT,
                &format!("/api/v1/roles/{}/permissions/users.create", role.as_str()),
                Some(json!({ "grant": "all" })),
            )
            .await;
        expect_forbidden(response, &what).await;
        let response = demo.call_as(role, Method::GET, "/api/v1/users", None).await;
        expect_forbidden(response, &format!("{what}: still no users")).await;
    }
    let matrix = expect_status(
        demo.call_as(Role::Admin, Method::GET, "/api/v1/roles", None)
            .await,
        200,
        "admin reading the matrix",
    )
    .await;
    for role in Role::ALL {
        let expected = if role == Role::Admin { "all" } else { "none" };
        assert_eq!(matrix["grants"][role.as_str()]["users.create"], expected);
    }
}

#[tokio::test]
async fn the_administrators_keep_roles_manage() {
    let demo = Demo::start().await;
    for grant in ["none", "linked"] {
        let what = format!("admin roles.manage → {grant}");
        let body = expect_code(
            put_grant(&demo, "admin", "roles.manage", grant).await,
            422,
            "validation",
            &what,
        )
        .await;
        assert_eq!(body["field"], "grant", "{what}");
    }
    let matrix = expect_status(
        demo.call_as(Role::Admin, Method::GET, "/api/v1/roles", None)
            .await,
        200,
        "the admin still reads the matrix",
    )
    .await;
    assert_eq!(matrix["grants"]["admin"]["roles.manage"], "all");
    let effective = effective_permissions(&demo, demo.token(Role::Admin)).await;
    assert_eq!(effective["roles.manage"], "all");
    // Setting it to what it is is fine; other roles' cell may change.
    expect_status(
        put_grant(&demo, "admin", "roles.manage", "all").await,
        200,
        "admin → all",
    )
    .await;
    expect_status(
        put_grant(&demo, "supervisor", "roles.manage", "none").await,
        200,
        "supervisor → none",
    )
    .await;
    // Unknown names.
    expect_not_found(
        put_grant(&demo, "root", "roles.manage", "all").await,
        "unknown role",
    )
    .await;
    expect_not_found(
        put_grant(&demo, "admin", "tickets.fly", "all").await,
        "unknown permission",
    )
    .await;
    let body = expect_code(
        put_grant(&demo, "agent", "users.create", "some").await,
        422,
        "validation",
        "unknown grant",
    )
    .await;
    assert_eq!(body["field"], "grant");
}

#[tokio::test]
async fn recent_logs_reach_back_seven_days_only() {
    let mut demo = Demo::start().await;
    // The agent keeps "Ver logs recentes" but loses "Ver logs completos".
    demo.set_grant(Role::Agent, "logs.full", "none").await;
    demo.app.clock.advance(Duration::days(8));
    for role in [Role::Admin, Role::Supervisor, Role::Agent] {
        demo.sign_in_again(role).await;
    }
    let now = demo.app.clock.now();
    let pao_dourado = demo.company("Pão Dourado");
    expect_status(
        demo.call_as(
            Role::Admin,
            Method::PATCH,
            &format!("/api/v1/companies/{pao_dourado}"),
            Some(json!({ "trade_name": "Pão Dourado" })),
        )
        .await,
        200,
        "a fresh entry",
    )
    .await;

    let recent = demo
        .list_all(demo.token(Role::Agent), "/api/v1/audit-log", "agent")
        .await;
    assert!(recent.iter().any(|e| e["action"] == "company.updated"));
    for entry in &recent {
        let at: DateTime<Utc> = entry["at"].as_str().unwrap().parse().unwrap();
        assert!(
            at >= now - Duration::days(7),
            "too old for recent logs: {entry}"
        );
    }
    assert!(!recent.iter().any(|e| e["action"] == "demo.seeded"));

    let full = demo
        .list_all(
            demo.token(Role::Supervisor),
            "/api/v1/audit-log",
            "supervisor",
        )
        .await;
    // Older than seven days: the sign-ins of the tenant's staff at the
    // start (system entries such as the demo seeding are the admin's).
    assert!(full.iter().any(|e| e["action"] == "auth.login"
        && e["at"].as_str().unwrap().parse::<DateTime<Utc>>().unwrap() < now - Duration::days(7)));
    assert!(full.len() > recent.len());
}

/// `PUT /api/v1/roles/{role}/permissions/{permission}` as the admin.
async fn put_grant(demo: &Demo, role: &str, permission: &str, grant: &str) -> reqwest::Response {
    demo.call_as(
        Role::Admin,
        Method::PUT,
        &format!("/api/v1/roles/{role}/permissions/{permission}"),
        Some(json!({ "grant": grant })),
    )
    .await
}
