//! Shared by the permission-matrix and tenancy tests: a server with the demo
//! data, every demo user signed in, the demo companies, segments and users
//! by name, and assertions on outcomes that name what was tried.

use std::{
    collections::{BTreeMap, BTreeSet},
    sync::atomic::{AtomicU32, Ordering},
};

use atende_api::{
    companies::{entity as company, segment},
    identity::user,
};
use atende_core::{cnpj::Cnpj, permissions::Role};
use atende_testkit::{DEMO_PASSWORD, TestApp, expect_problem};
use reqwest::{Method, Response};
use sea_orm::EntityTrait;
use serde_json::{Value, json};
use uuid::Uuid;

/// The companies each demo user reaches (`atende_api::demo`): the links
/// themselves and the clients of a linked consultancy. `None`: no limit.
pub fn demo_scope_names(role: Role) -> Option<&'static [&'static str]> {
    match role {
        Role::Admin => None,
        // Linked to the consultancy Contábil Horizonte: it and its clients.
        Role::Supervisor | Role::Agent => Some(&[
            "Contábil Horizonte",
            "Pão Dourado",
            "Mercado Bom Preço",
            "Alicerce Engenharia",
        ]),
        Role::ClientSupervisor => Some(&["Pão Dourado", "Mercado Bom Preço"]),
        Role::Client => Some(&["Pão Dourado"]),
    }
}

/// The demo data set with every demo user signed in.
pub struct Demo {
    pub app: TestApp,
    pub tokens: BTreeMap<Role, String>,
    /// By trade name.
    companies: BTreeMap<String, Uuid>,
    segments: BTreeMap<String, Uuid>,
    /// By e-mail.
    users: BTreeMap<String, Uuid>,
    next_cnpj: AtomicU32,
}

impl Demo {
    pub async fn start() -> Demo {
        Self::start_with(|_| {}).await
    }

    /// [`Demo::start`] after `configure` adjusted the settings.
    pub async fn start_with(configure: impl FnOnce(&mut atende_api::Settings)) -> Demo {
        let app = TestApp::spawn_with(|s| {
            s.demo_data = true;
            configure(s);
        })
        .await;
        let db = &app.state.db;
        let companies = company::Entity::find()
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .map(|c| (c.trade_name.unwrap_or(c.legal_name), c.id))
            .collect();
        let segments = segment::Entity::find()
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .map(|s| (s.name, s.id))
            .collect();
        let users = user::Entity::find()
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .map(|u| (u.email, u.id))
            .collect();
        let mut tokens = BTreeMap::new();
        for role in Role::ALL {
            tokens.insert(role, app.login_as(role).await);
        }
        Demo {
            app,
            tokens,
            companies,
            segments,
            users,
            next_cnpj: AtomicU32::new(1),
        }
    }

    /// The access token of the demo user of `role`.
    pub fn token(&self, role: Role) -> &str {
        &self.tokens[&role]
    }

    /// Signs the demo user of `role` in again (after the clock moved).
    pub async fn sign_in_again(&mut self, role: Role) {
        let token = self.app.login_as(role).await;
        self.tokens.insert(role, token);
    }

    /// A demo company by trade name.
    pub fn company(&self, name: &str) -> Uuid {
        *self
            .companies
            .get(name)
            .unwrap_or_else(|| panic!("no demo company {name}"))
    }

    /// Every demo company.
    pub fn all_companies(&self) -> BTreeSet<Uuid> {
        self.companies.values().copied().collect()
    }

    /// A demo segment by name.
    pub fn segment(&self, name: &str) -> Uuid {
        self.segments[name]
    }

    /// A demo user by e-mail.
    pub fn user(&self, email: &str) -> Uuid {
        *self
            .users
            .get(email)
            .unwrap_or_else(|| panic!("no demo user {email}"))
    }

    /// The companies the demo user of `role` reaches; `None` for no limit.
    pub fn scope(&self, role: Role) -> Option<BTreeSet<Uuid>> {
        demo_scope_names(role).map(|names| names.iter().map(|n| self.company(n)).collect())
    }

    /// The demo companies outside the reach of `role`.
    pub fn outside_scope(&self, role: Role) -> Vec<(String, Uuid)> {
        let scope = self.scope(role).unwrap_or_else(|| self.all_companies());
        self.companies
            .iter()
            .filter(|(_, id)| !scope.contains(id))
            .map(|(name, id)| (name.clone(), *id))
            .collect()
    }

    /// Sends `method path` with `token` and an optional JSON body.
    pub async fn call(
        &self,
        token: &str,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> Response {
        let mut request = self.app.request(method, path, token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.expect("the request is sent")
    }

    /// [`Self::call`] as the demo user of `role`.
    pub async fn call_as(
        &self,
        role: Role,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> Response {
        self.call(self.token(role), method, path, body).await
    }

    /// Stops the server (its worker dies mid-job, as in a crash) and starts
    /// another on the same database, clock and files; sessions stay valid.
    pub async fn restart_with(self, configure: impl FnOnce(&mut atende_api::Settings)) -> Demo {
        let Demo {
            app,
            tokens,
            companies,
            segments,
            users,
            next_cnpj,
        } = self;
        Demo {
            app: app.restart_with(configure).await,
            tokens,
            companies,
            segments,
            users,
            next_cnpj,
        }
    }

    /// Reads `path` as `role` until `done` holds, for what happens after
    /// the commit (notifications, rules): fails after 15 s.
    pub async fn until(&self, role: Role, path: &str, done: impl Fn(&Value) -> bool) -> Value {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
        loop {
            let response = self.call_as(role, Method::GET, path, None).await;
            assert_eq!(response.status().as_u16(), 200, "{path}");
            let value: Value = response.json().await.unwrap();
            if done(&value) {
                return value;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{path} never got there: {value}"
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }

    /// `PUT /api/v1/roles/{role}/permissions/{permission}` as the admin;
    /// asserts 200 and returns the matrix.
    /// The São Paulo office calendar (08–12, 13–18, Monday to Friday) and
    /// one SLA policy on it: `policy` gives the name, targets and the rest;
    /// the calendar id is filled in. Returns the policy.
    pub async fn office_sla(&self, mut policy: Value) -> Value {
        let calendar = expect_status(
            self.call_as(
                Role::Admin,
                Method::POST,
                "/api/v1/sla/calendars",
                Some(json!({ "name": "Comercial SP", "week": office_week() })),
            )
            .await,
            201,
            "office calendar",
        )
        .await;
        policy["calendar_id"] = calendar["id"].clone();
        expect_status(
            self.call_as(
                Role::Admin,
                Method::POST,
                "/api/v1/sla/policies",
                Some(policy),
            )
            .await,
            201,
            "policy",
        )
        .await
    }

    pub async fn set_grant(&self, role: Role, permission: &str, grant: &str) -> Value {
        let response = self
            .call_as(
                Role::Admin,
                Method::PUT,
                &format!("/api/v1/roles/{}/permissions/{permission}", role.as_str()),
                Some(json!({ "grant": grant })),
            )
            .await;
        let what = format!("setting {}/{permission} to {grant}", role.as_str());
        let matrix = expect_status(response, 200, &what).await;
        assert_eq!(matrix["grants"][role.as_str()][permission], grant, "{what}");
        matrix
    }

    /// Every item of a paged list, following the cursors.
    pub async fn list_all(&self, token: &str, path: &str, what: &str) -> Vec<Value> {
        let separator = if path.contains('?') { '&' } else { '?' };
        let mut items = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let url = match &cursor {
                None => format!("{path}{separator}limit=3"),
                Some(c) => format!("{path}{separator}limit=3&cursor={c}"),
            };
            let page =
                expect_status(self.call(token, Method::GET, &url, None).await, 200, what).await;
            items.extend(page["items"].as_array().unwrap().iter().cloned());
            match page["next_cursor"].as_str() {
                Some(next) => cursor = Some(next.to_owned()),
                None => return items,
            }
        }
    }

    /// The `id`s of every item of a paged list.
    pub async fn list_ids(&self, token: &str, path: &str, what: &str) -> BTreeSet<Uuid> {
        self.list_all(token, path, what)
            .await
            .iter()
            .map(|item| item["id"].as_str().unwrap().parse().unwrap())
            .collect()
    }

    /// A CNPJ no other test company has.
    pub fn fresh_cnpj(&self) -> String {
        cnpj(self.next_cnpj.fetch_add(1, Ordering::Relaxed))
    }

    /// Creates a consultancy as the admin; returns its id.
    pub async fn create_consultancy(&self, legal_name: &str) -> Uuid {
        let body =
            json!({ "kind": "consultancy", "legal_name": legal_name, "cnpj": self.fresh_cnpj() });
        let response = self
            .call_as(Role::Admin, Method::POST, "/api/v1/companies", Some(body))
            .await;
        let company = expect_status(response, 201, legal_name).await;
        company["id"].as_str().unwrap().parse().unwrap()
    }

    /// Creates a user as the admin; returns the id and the invitation token.
    pub async fn create_user(
        &self,
        email: &str,
        role: Role,
        company_ids: &[Uuid],
    ) -> (Uuid, String) {
        let body = json!({
            "name": "Pessoa de Teste",
            "email": email,
            "role": role.as_str(),
            "company_ids": company_ids,
        });
        let response = self
            .call_as(Role::Admin, Method::POST, "/api/v1/users", Some(body))
            .await;
        let created = expect_status(response, 201, email).await;
        (
            created["user"]["id"].as_str().unwrap().parse().unwrap(),
            created["invitation"]["token"].as_str().unwrap().to_owned(),
        )
    }

    /// Creates a user as the admin, accepts the invitation with the demo
    /// password and signs in; returns the id and an access token.
    pub async fn create_signed_in_user(
        &self,
        email: &str,
        role: Role,
        company_ids: &[Uuid],
    ) -> (Uuid, String) {
        let (id, invitation) = self.create_user(email, role, company_ids).await;
        let response = self
            .app
            .post_json(
                &format!("/api/v1/auth/invitations/{invitation}"),
                &json!({ "password": DEMO_PASSWORD }),
            )
            .await;
        expect_status(response, 204, "accepting the invitation").await;
        (id, self.app.login(email, DEMO_PASSWORD).await)
    }
}

/// A valid numeric CNPJ built from `n` (base `1xxxxxxx`, branch `0001`),
/// far from the demo ones.
pub fn cnpj(n: u32) -> String {
    fn check_digit(digits: &[u32], weights: &[u32]) -> u32 {
        match digits.iter().zip(weights).map(|(d, w)| d * w).sum::<u32>() % 11 {
            0 | 1 => 0,
            r => 11 - r,
        }
    }
    let base = format!("{:08}0001", 10_000_000 + n);
    let mut digits: Vec<u32> = base.bytes().map(|b| u32::from(b - b'0')).collect();
    let first = check_digit(&digits, &[5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
    digits.push(first);
    let second = check_digit(&digits, &[6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
    let cnpj = format!("{base}{first}{second}");
    assert!(Cnpj::parse(&cnpj).is_ok(), "{cnpj}");
    cnpj
}

/// Asserts the status (showing the body when it differs); returns the JSON
/// body, `Null` when empty.
pub async fn expect_status(response: Response, status: u16, what: &str) -> Value {
    let actual = response.status().as_u16();
    let text = response.text().await.unwrap();
    assert_eq!(actual, status, "{what}: {text}");
    if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap()
    }
}

/// Asserts a problem document with `status` and `code`; returns it.
pub async fn expect_code(response: Response, status: u16, code: &str, what: &str) -> Value {
    let actual = response.status().as_u16();
    if actual != status {
        panic!(
            "{what}: expected {status} {code}, got {actual}: {}",
            response.text().await.unwrap()
        );
    }
    let body = expect_problem(response, status).await;
    assert_eq!(body["code"], code, "{what}: {body}");
    body
}

/// 403 `forbidden`.
pub async fn expect_forbidden(response: Response, what: &str) -> Value {
    expect_code(response, 403, "forbidden", what).await
}

/// 404 `not-found`.
pub async fn expect_not_found(response: Response, what: &str) -> Value {
    expect_code(response, 404, "not-found", what).await
}

/// Office hours, Monday to Friday: 08:00–12:00 and 13:00–18:00.
pub fn office_week() -> Value {
    let day = json!([{ "start": "08:00", "end": "12:00" }, { "start": "13:00", "end": "18:00" }]);
    json!([day, day, day, day, day, [], []])
}
