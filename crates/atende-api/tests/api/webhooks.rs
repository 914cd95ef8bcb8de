//! Outbound webhooks against a real receiver: an HTTP server on loopback,
//! started by the test, that records the raw bytes it gets and answers
//! what the test tells it to. Signatures are checked on those raw bytes
//! with an HMAC of our own here, as the Standard Webhooks specification
//! defines it.

use std::{
    sync::{
        Arc, Mutex,
        atomic::{AtomicU16, Ordering},
    },
    time::{Duration as StdDuration, Instant},
};

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use atende_core::permissions::Role;
use base64::{Engine, engine::general_purpose::STANDARD};
use chrono::Duration;
use reqwest::Method;
use serde_json::{Value, json};

use crate::demo_actors::{Demo, expect_code, expect_not_found, expect_status};

/// One request the receiver got.
#[derive(Debug, Clone)]
struct Received {
    id: String,
    timestamp: String,
    signature: String,
    body: Vec<u8>,
}

impl Received {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap()
    }
}

/// A receiver on loopback answering `status` (changeable).
struct Receiver {
    url: String,
    got: Arc<Mutex<Vec<Received>>>,
    status: Arc<AtomicU16>,
    _server: actix_web::dev::ServerHandle,
}

impl Receiver {
    async fn start() -> Receiver {
        let got: Arc<Mutex<Vec<Received>>> = Arc::default();
        let status = Arc::new(AtomicU16::new(200));
        let (g, s) = (got.clone(), status.clone());
        let server = HttpServer::new(move || {
            let (g, s) = (g.clone(), s.clone());
            App::new().default_service(web::to(move |req: HttpRequest, body: web::Bytes| {
                let (g, s) = (g.clone(), s.clone());
                async move {
                    let header = |name: &str| {
                        req.headers()
                            .get(name)
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or_default()
                            .to_owned()
                    };
                    g.lock().unwrap().push(Received {
                        id: header("webhook-id"),
                        timestamp: header("webhook-timestamp"),
                        signature: header("webhook-signature"),
                        body: body.to_vec(),
                    });
                    let code =
                        actix_web::http::StatusCode::from_u16(s.load(Ordering::SeqCst)).unwrap();
                    HttpResponse::build(code).body("recebido")
                }
            }))
        })
        .workers(1)
        .bind("127.0.0.1:0")
        .unwrap();
        let port = server.addrs()[0].port();
        let server = server.run();
        let handle = server.handle();
        tokio::spawn(server);
        Receiver {
            url: format!("http://127.0.0.1:{port}/atende"),
            got,
            status,
            _server: handle,
        }
    }

    fn received(&self) -> Vec<Received> {
        self.got.lock().unwrap().clone()
    }

    fn answer(&self, status: u16) {
        self.status.store(status, Ordering::SeqCst);
    }

    /// Waits until `done` holds for what arrived (15 s at most).
    async fn until(&self, done: impl Fn(&[Received]) -> bool) -> Vec<Received> {
        let deadline = Instant::now() + StdDuration::from_secs(15);
        loop {
            let got = self.received();
            if done(&got) {
                return got;
            }
            assert!(Instant::now() < deadline, "the receiver got {got:?}");
            tokio::time::sleep(StdDuration::from_millis(50)).await;
        }
    }
}

/// Whether one of the header's `v1,` signatures is the HMAC-SHA256 of
/// `id.timestamp.body` under `secret`.
fn verifies(secret: &str, r: &Received) -> bool {
    let key = STANDARD
        .decode(secret.strip_prefix("whsec_").unwrap())
        .unwrap();
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &key);
    let mut signed = format!("{}.{}.", r.id, r.timestamp).into_bytes();
    signed.extend_from_slice(&r.body);
    r.signature.split(' ').any(|s| {
        s.strip_prefix("v1,")
            .and_then(|b| STANDARD.decode(b).ok())
            .is_some_and(|tag| ring::hmac::verify(&key, &signed, &tag).is_ok())
    })
}

fn types(received: &[Received]) -> Vec<String> {
    received
        .iter()
        .map(|r| r.json()["type"].as_str().unwrap().to_owned())
        .collect()
}

async fn start() -> Demo {
    Demo::start_with(|s| {
        s.outbound_allowed_networks = vec!["127.0.0.1".into()];
        s.auth_rate_limit_per_minute = 1_000;
    })
    .await
}

async fn add_endpoint(demo: &Demo, role: Role, body: Value) -> Value {
    expect_status(
        demo.call_as(role, Method::POST, "/api/v1/webhooks", Some(body))
            .await,
        201,
        "add an endpoint",
    )
    .await
}

async fn open_ticket(demo: &Demo, company: &str, subject: &str) -> Value {
    expect_status(
        demo.call_as(
            Role::Admin,
            Method::POST,
            "/api/v1/tickets",
            Some(json!({ "subject": subject, "description": "Detalhes.",
                         "company_id": demo.company(company) })),
        )
        .await,
        201,
        "open a ticket",
    )
    .await
}

async fn message(demo: &Demo, ticket: &Value, body: &str, internal: bool) {
    expect_status(
        demo.call_as(
            Role::Agent,
            Method::POST,
            &format!(
                "/api/v1/tickets/{}/messages",
                ticket["id"].as_str().unwrap()
            ),
            Some(json!({ "body": body, "internal": internal })),
        )
        .await,
        201,
        "message",
    )
    .await;
}

#[tokio::test]
async fn an_endpoint_gets_signed_events_of_its_consultancy_and_never_internal_notes() {
    let demo = start().await;
    let receiver = Receiver::start().await;
    let created = add_endpoint(
        &demo,
        Role::Admin,
        json!({ "name": "CRM", "url": receiver.url,
                "consultancy_id": demo.company("Contábil Horizonte"),
                "event_types": ["ticket.created", "ticket.public_reply", "ticket.internal_note"] }),
    )
    .await;
    let secret = created["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("whsec_"), "{created}");
    let id = created["endpoint"]["id"].as_str().unwrap().to_owned();
    // The secret is shown once: never in the endpoint afterwards.
    let shown = expect_status(
        demo.call_as(
            Role::Admin,
            Method::GET,
            &format!("/api/v1/webhooks/{id}"),
            None,
        )
        .await,
        200,
        "show",
    )
    .await;
    assert!(!shown.to_string().contains(&secret));

    let ours = open_ticket(&demo, "Pão Dourado", "Nota fiscal").await;
    message(&demo, &ours, "Segue a nota.", false).await;
    message(&demo, &ours, "Só para a equipe.", true).await;
    open_ticket(&demo, "Rota Sul", "De outra consultoria").await;
    receiver.until(|got| got.len() >= 2).await;
    // Time for a wrong third message (the note, the other consultancy's).
    tokio::time::sleep(StdDuration::from_millis(700)).await;
    let got = receiver.received();
    let mut kinds = types(&got);
    kinds.sort();
    assert_eq!(kinds, ["ticket.created", "ticket.public_reply"]);
    for r in &got {
        assert!(verifies(&secret, r), "{r:?}");
        assert!(r.id.starts_with("msg_"));
        assert_eq!(r.json()["data"]["subject"]["id"], ours["id"]);
        assert_eq!(r.json()["data"]["ticket"]["number"], ours["number"]);
    }
    // A tampered body fails the check (the check can fail).
    let mut tampered = got[0].clone();
    tampered.body.push(b' ');
    assert!(!verifies(&secret, &tampered));

    // The log shows both deliveries with their attempt.
    let log = expect_status(
        demo.call_as(
            Role::Admin,
            Method::GET,
            &format!("/api/v1/webhooks/{id}/deliveries"),
            None,
        )
        .await,
        200,
        "log",
    )
    .await;
    let items = log["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{log}");
    for item in items {
        assert_eq!(item["status"], "delivered");
        assert_eq!(item["attempts_log"][0]["response_status"], 200);
        assert_eq!(item["attempts_log"][0]["response_body"], "recebido");
        assert!(
            item["attempts_log"][0]["request_headers"]["webhook-signature"]
                .as_str()
                .unwrap()
                .starts_with("v1,")
        );
    }

    // A staff-level endpoint hears the internal note too.
    let staff = Receiver::start().await;
    add_endpoint(
        &demo,
        Role::Admin,
        json!({ "name": "Ferramenta interna", "url": staff.url, "level": "staff",
                "consultancy_id": demo.company("Contábil Horizonte"),
                "event_types": ["ticket.internal_note"] }),
    )
    .await;
    message(&demo, &ours, "Outra nota.", true).await;
    let got = staff.until(|got| !got.is_empty()).await;
    assert_eq!(types(&got), ["ticket.internal_note"]);
}

#[tokio::test]
async fn a_receiver_down_then_back_gets_each_event_once_even_across_a_restart() {
    let mut demo = start().await;
    let receiver = Receiver::start().await;
    receiver.answer(503);
    let created = add_endpoint(
        &demo,
        Role::Admin,
        json!({ "name": "ERP", "url": receiver.url, "event_types": ["ticket.created"] }),
    )
    .await;
    let secret = created["secret"].as_str().unwrap().to_owned();
    let id = created["endpoint"]["id"].as_str().unwrap().to_owned();
    let ticket = open_ticket(&demo, "Pão Dourado", "Folha").await;
    receiver.until(|got| got.len() == 1).await;
    // The first attempt failed; the next is due in about 10 s.
    let log = demo
        .until(
            Role::Admin,
            &format!("/api/v1/webhooks/{id}/deliveries"),
            |l| l["items"][0]["attempts"] == 1,
        )
        .await;
    assert_eq!(log["items"][0]["status"], "pending");
    assert_eq!(log["items"][0]["last_status"], 503);
    // The server restarts while the retry waits; the receiver comes back.
    demo = demo.restart_with(|_| {}).await;
    receiver.answer(204);
    demo.app.clock.advance(Duration::seconds(13));
    receiver.until(|got| got.len() == 2).await;
    tokio::time::sleep(StdDuration::from_millis(700)).await;
    let got = receiver.received();
    assert_eq!(got.len(), 2, "one failed attempt and one delivery");
    assert_eq!(got[0].id, got[1].id, "the same message both times");
    assert!(got.iter().all(|r| verifies(&secret, r)));
    assert_eq!(got[1].json()["data"]["subject"]["id"], ticket["id"]);
    let log = demo
        .until(
            Role::Admin,
            &format!("/api/v1/webhooks/{id}/deliveries"),
            |l| l["items"][0]["status"] == "delivered",
        )
        .await;
    let delivery = log["items"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(log["items"][0]["attempts"], 2);

    // Redelivery sends it again on demand.
    expect_status(
        demo.call_as(
            Role::Admin,
            Method::POST,
            &format!("/api/v1/webhooks/{id}/deliveries/{delivery}/redeliver"),
            None,
        )
        .await,
        202,
        "redeliver",
    )
    .await;
    receiver.until(|got| got.len() == 3).await;

    // 410 Gone switches the endpoint off, and nothing more is sent.
    receiver.answer(410);
    expect_status(
        demo.call_as(
            Role::Admin,
            Method::POST,
            &format!("/api/v1/webhooks/{id}/test"),
            None,
        )
        .await,
        202,
        "test",
    )
    .await;
    let endpoint = demo
        .until(Role::Admin, &format!("/api/v1/webhooks/{id}"), |e| {
            e["enabled"] == false
        })
        .await;
    assert!(
        endpoint["disabled_reason"]
            .as_str()
            .unwrap()
            .contains("410"),
        "{endpoint}"
    );
    let before = receiver.received().len();
    open_ticket(&demo, "Pão Dourado", "Depois do 410").await;
    tokio::time::sleep(StdDuration::from_millis(1_000)).await;
    assert_eq!(receiver.received().len(), before);
}

#[tokio::test]
async fn rotation_signs_with_both_secrets_for_a_day() {
    let mut demo = start().await;
    let receiver = Receiver::start().await;
    let created = add_endpoint(
        &demo,
        Role::Admin,
        json!({ "name": "CRM", "url": receiver.url, "event_types": ["ticket.created"] }),
    )
    .await;
    let old = created["secret"].as_str().unwrap().to_owned();
    let id = created["endpoint"]["id"].as_str().unwrap().to_owned();
    let rotated = expect_status(
        demo.call_as(
            Role::Admin,
            Method::POST,
            &format!("/api/v1/webhooks/{id}/rotate-secret"),
            None,
        )
        .await,
        200,
        "rotate",
    )
    .await;
    let new = rotated["secret"].as_str().unwrap().to_owned();
    assert_ne!(old, new);
    open_ticket(&demo, "Pão Dourado", "Durante a troca").await;
    let got = receiver.until(|got| got.len() == 1).await;
    assert!(verifies(&old, &got[0]) && verifies(&new, &got[0]));
    // A day later only the new secret signs.
    demo.app.clock.advance(Duration::hours(25));
    demo.sign_in_again(Role::Admin).await;
    open_ticket(&demo, "Pão Dourado", "Depois da troca").await;
    let got = receiver.until(|got| got.len() == 2).await;
    assert!(verifies(&new, &got[1]));
    assert!(!verifies(&old, &got[1]));
}

#[tokio::test]
async fn endpoints_stay_within_their_consultancy_and_refuse_private_addresses() {
    let demo = start().await;
    // Only administrators by default.
    let denied = demo
        .call_as(Role::Supervisor, Method::GET, "/api/v1/webhooks", None)
        .await;
    expect_code(denied, 403, "forbidden", "supervisor without the grant").await;
    let theirs = add_endpoint(
        &demo,
        Role::Admin,
        json!({ "name": "Núcleo", "url": "https://hooks.example.com/nucleo",
                "consultancy_id": demo.company("Núcleo TI"), "event_types": ["ticket.created"] }),
    )
    .await;
    let theirs = theirs["endpoint"]["id"].as_str().unwrap().to_owned();
    demo.set_grant(Role::Supervisor, "integrations.manage", "linked")
        .await;
    // A supervisor's endpoint belongs to their consultancy.
    let mine = add_endpoint(
        &demo,
        Role::Supervisor,
        json!({ "name": "Nosso CRM", "url": "https://hooks.example.com/crm",
                "event_types": ["ticket.created"] }),
    )
    .await;
    assert_eq!(
        mine["endpoint"]["consultancy_id"],
        demo.company("Contábil Horizonte").to_string()
    );
    let listed = expect_status(
        demo.call_as(Role::Supervisor, Method::GET, "/api/v1/webhooks", None)
            .await,
        200,
        "list",
    )
    .await;
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");
    // Their own they change.
    let mine = mine["endpoint"]["id"].as_str().unwrap().to_owned();
    let renamed = expect_status(
        demo.call_as(
            Role::Supervisor,
            Method::PUT,
            &format!("/api/v1/webhooks/{mine}"),
            Some(
                json!({ "name": "CRM novo", "url": "https://hooks.example.com/crm2",
                         "event_types": ["ticket.created", "ticket.solved"] }),
            ),
        )
        .await,
        200,
        "replace",
    )
    .await;
    assert_eq!(renamed["name"], "CRM novo");
    let reread = expect_status(
        demo.call_as(
            Role::Supervisor,
            Method::GET,
            &format!("/api/v1/webhooks/{mine}"),
            None,
        )
        .await,
        200,
        "reread",
    )
    .await;
    assert_eq!(reread["url"], "https://hooks.example.com/crm2");
    assert_eq!(
        reread["event_types"],
        json!(["ticket.created", "ticket.solved"])
    );
    // The other consultancy's endpoint is not there for them.
    for (method, path) in [
        (Method::GET, format!("/api/v1/webhooks/{theirs}")),
        (Method::DELETE, format!("/api/v1/webhooks/{theirs}")),
        (
            Method::POST,
            format!("/api/v1/webhooks/{theirs}/rotate-secret"),
        ),
        (Method::POST, format!("/api/v1/webhooks/{theirs}/test")),
        (Method::GET, format!("/api/v1/webhooks/{theirs}/deliveries")),
    ] {
        expect_not_found(
            demo.call_as(Role::Supervisor, method.clone(), &path, None)
                .await,
            &format!("{method} {path}"),
        )
        .await;
    }
    let replaced = demo
        .call_as(
            Role::Supervisor,
            Method::PUT,
            &format!("/api/v1/webhooks/{theirs}"),
            Some(json!({ "name": "x", "url": "https://hooks.example.com/x",
                         "event_types": ["ticket.created"] })),
        )
        .await;
    expect_not_found(replaced, "replace another consultancy's endpoint").await;
    let still = expect_status(
        demo.call_as(
            Role::Admin,
            Method::GET,
            &format!("/api/v1/webhooks/{theirs}"),
            None,
        )
        .await,
        200,
        "unchanged",
    )
    .await;
    assert_eq!(still["name"], "Núcleo");
    // Bad input names its field and stores nothing.
    let cases = [
        (
            json!({ "name": "x", "url": "http://10.0.0.7/hook", "event_types": ["ticket.created"] }),
            "url",
        ),
        (
            json!({ "name": "x", "url": "http://169.254.169.254/", "event_types": ["ticket.created"] }),
            "url",
        ),
        (
            json!({ "name": "x", "url": "ftp://example.com/", "event_types": ["ticket.created"] }),
            "url",
        ),
        (
            json!({ "name": "x", "url": "https://example.com/", "event_types": [] }),
            "event_types",
        ),
        (
            json!({ "name": "x", "url": "https://example.com/", "event_types": ["notifications.changed"] }),
            "event_types",
        ),
        (
            json!({ "name": " ", "url": "https://example.com/", "event_types": ["ticket.created"] }),
            "name",
        ),
        (
            json!({ "name": "x", "url": "https://example.com/", "event_types": ["ticket.created"],
                 "company_id": demo.company("Rota Sul") }),
            "company_id",
        ),
        (
            json!({ "name": "x", "url": "https://example.com/", "event_types": ["ticket.created"],
                 "consultancy_id": demo.company("Núcleo TI") }),
            "consultancy_id",
        ),
    ];
    for (body, field) in cases {
        let refused = demo
            .call_as(
                Role::Supervisor,
                Method::POST,
                "/api/v1/webhooks",
                Some(body.clone()),
            )
            .await;
        let problem = expect_code(refused, 422, "validation", &body.to_string()).await;
        assert_eq!(problem["field"], field, "{body}");
    }
    let listed = expect_status(
        demo.call_as(Role::Admin, Method::GET, "/api/v1/webhooks", None)
            .await,
        200,
        "list",
    )
    .await;
    assert_eq!(listed.as_array().unwrap().len(), 2, "nothing stored");
}
