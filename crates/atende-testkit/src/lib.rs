//! The test harness: [`TestApp::spawn`] starts the real Atende server on a
//! random port against a fresh database of its own, so tests run in parallel
//! with no shared state.
//!
//! `TEST_DATABASE_URL` picks the backend: unset or `sqlite:…` → a SQLite file
//! in a temporary folder; `postgres://…/maintenance_db` → a new PostgreSQL
//! database per test, created through that maintenance connection and
//! dropped when the `TestApp` is dropped.
//!
//! This is test code: failing to set up the harness panics, which fails the
//! test with the reason.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod database;
pub mod smtp;

use std::{path::PathBuf, sync::Arc};

use actix_web::dev::ServerHandle;
use atende_api::{Application, Settings, state::AppState};
use atende_core::clock::ManualClock;
use chrono::{DateTime, TimeZone, Utc};

pub use atende_api::demo::DEMO_PASSWORD;
pub use database::TestDatabase;

/// The instant every test clock starts at: Monday 2 March 2026, 09:00 in
/// São Paulo (12:00 UTC) — a business day, not a holiday.
pub fn test_epoch() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 12, 0, 0)
        .single()
        .expect("a valid instant")
}

async fn start(settings: Settings, clock: &ManualClock) -> (u16, AppState, ServerHandle) {
    let app = Application::build(settings, Arc::new(clock.clone()))
        .await
        .expect("the application starts");
    let port = app.port();
    let state = app.state().clone();
    let handle = app.handle();
    tokio::spawn(app.run_until_stopped());
    (port, state, handle)
}

/// Installs the crypto provider reqwest needs (it is built without a
/// default one, see TOOLCHAIN), for tests that make their own client.
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// A second server beside a [`TestApp`] (see [`TestApp::replica`]).
pub struct Replica {
    /// `http://127.0.0.1:PORT`.
    pub address: String,
    pub state: AppState,
    pub handle: ServerHandle,
}

impl Replica {
    /// The absolute URL of `path` on this server.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }
}

/// A running server and what a test needs to talk to it.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`.
    pub address: String,
    pub port: u16,
    /// A client with no cookies, no redirects followed.
    pub client: reqwest::Client,
    /// The server's clock; move it to test time-dependent behaviour.
    pub clock: ManualClock,
    /// Direct access to the server's database and settings, for assertions.
    pub state: AppState,
    settings: Settings,
    handle: ServerHandle,
    _files: tempfile::TempDir,
    // Dropped last: the database outlives the server.
    _database: TestDatabase,
}

impl TestApp {
    /// Starts the server with the test defaults.
    pub async fn spawn() -> TestApp {
        Self::spawn_with(|_| {}).await
    }

    /// Starts the server after `configure` adjusted the settings.
    pub async fn spawn_with(configure: impl FnOnce(&mut Settings)) -> TestApp {
        // reqwest is built without a default crypto provider (see TOOLCHAIN).
        let _ = rustls::crypto::ring::default_provider().install_default();
        let database = TestDatabase::create().await;
        let files = tempfile::tempdir().expect("a folder for attachments");
        let mut settings = Settings {
            attachments_dir: files.path().to_owned(),
            secret_key_file: files.path().join("secret.key"),
            host: "127.0.0.1".into(),
            port: 0,
            database_url: database.url().to_owned(),
            spa_dir: PathBuf::from("/nonexistent/atende-spa"),
            workers: 1,
            database_max_connections: 5,
            demo_data: false,
            demo_samples: false,
            log_level: "warn".into(),
            // Jobs (e-mails, SLA alerts) run within a test's patience.
            jobs_poll_interval_ms: 50,
            ..Settings::default()
        };
        configure(&mut settings);
        let clock = ManualClock::new(test_epoch());
        let (port, state, handle) = start(settings.clone(), &clock).await;
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("a reqwest client");
        TestApp {
            address: format!("http://127.0.0.1:{port}"),
            port,
            client,
            clock,
            state,
            settings,
            handle,
            _files: files,
            _database: database,
        }
    }

    /// Stops this server (its job worker dies mid-job, as in a crash) and
    /// starts a new one on the same database, clock and files, after
    /// `configure` adjusted the settings.
    pub async fn restart_with(mut self, configure: impl FnOnce(&mut Settings)) -> TestApp {
        self.handle.stop(false).await;
        configure(&mut self.settings);
        let (port, state, handle) = start(self.settings.clone(), &self.clock).await;
        self.address = format!("http://127.0.0.1:{port}");
        self.port = port;
        self.state = state;
        self.handle = handle;
        self
    }

    /// Starts another server on the same database, clock and files, as a
    /// second process of a multi-process installation would be.
    pub async fn replica(&self) -> Replica {
        let (port, state, handle) = start(self.settings.clone(), &self.clock).await;
        Replica {
            address: format!("http://127.0.0.1:{port}"),
            state,
            handle,
        }
    }

    /// Starts the server with the demo data set loaded (one user per role,
    /// two consultancies, five clients; password [`DEMO_PASSWORD`]).
    pub async fn spawn_with_demo() -> TestApp {
        Self::spawn_with(|s| s.demo_data = true).await
    }

    /// Signs in with e-mail and password (no MFA) and returns the access
    /// token; panics when sign-in does not succeed.
    pub async fn login(&self, email: &str, password: &str) -> String {
        let response = self
            .post_json(
                "/api/v1/auth/login",
                &serde_json::json!({ "email": email, "password": password }),
            )
            .await;
        assert_eq!(response.status().as_u16(), 200, "sign-in of {email} failed");
        let body: serde_json::Value = response.json().await.expect("a JSON body");
        assert_eq!(body["status"], "signed_in", "{body}");
        body["tokens"]["access_token"]
            .as_str()
            .expect("an access token")
            .to_owned()
    }

    /// Signs in as the demo user of `role` (see `atende_api::demo`).
    pub async fn login_as(&self, role: atende_core::permissions::Role) -> String {
        let email = atende_api::demo::demo_logins()
            .into_iter()
            .find(|(r, _)| *r == role)
            .map(|(_, email)| email)
            .expect("a demo user per role");
        self.login(email, DEMO_PASSWORD).await
    }

    /// A request to `path` with `method`, authenticated by `token`.
    pub fn request(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
    ) -> reqwest::RequestBuilder {
        self.client
            .request(method, self.url(path))
            .bearer_auth(token)
    }

    /// The absolute URL of `path` on this server.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// `GET path`.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("the request is sent")
    }

    /// `POST path` with a JSON body.
    pub async fn post_json(&self, path: &str, body: &serde_json::Value) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .json(body)
            .send()
            .await
            .expect("the request is sent")
    }

    /// `POST path` with a raw body and content type.
    pub async fn post_raw(
        &self,
        path: &str,
        content_type: &str,
        body: impl Into<reqwest::Body>,
    ) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .expect("the request is sent")
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // Stop accepting connections; the database is dropped right after.
        let handle = self.handle.clone();
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move { handle.stop(false).await });
        }
    }
}

/// Asserts that `response` is an RFC 9457 problem with `status`, and returns
/// its body.
pub async fn expect_problem(response: reqwest::Response, status: u16) -> serde_json::Value {
    assert_eq!(response.status().as_u16(), status, "unexpected status");
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert_eq!(
        content_type, "application/problem+json",
        "not a problem document"
    );
    let body: serde_json::Value = response.json().await.expect("a JSON body");
    assert_eq!(body["status"], status, "status in body: {body}");
    assert!(
        body["type"]
            .as_str()
            .is_some_and(|t| t.starts_with("urn:atende:problem:")),
        "{body}"
    );
    assert!(body["title"].is_string(), "{body}");
    body
}

/// A multipart body with one file field (and optional extra fields).
pub fn multipart(
    file_name: &str,
    declared_type: &str,
    bytes: &[u8],
    extra: &[(&str, &str)],
) -> (String, Vec<u8>) {
    let boundary = "atende-test-boundary-7d1f";
    let mut body = Vec::new();
    for (name, value) in extra {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: {declared_type}\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}
