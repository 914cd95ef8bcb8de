//! Sign-in, tokens, sessions, lockout, rate limit, MFA and invitations.

use std::time::{Duration as StdDuration, Instant};

use atende_core::{clock::Clock, permissions::Role};
use atende_testkit::{DEMO_PASSWORD, TestApp, expect_problem};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::Duration;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use totp_rs::{Builder, Secret};

const ADMIN: &str = "admin@atende.demo";
const AGENT: &str = "agente@atende.demo";
const CLIENT: &str = "cliente@atende.demo";

async fn login_raw(app: &TestApp, email: &str, password: &str) -> reqwest::Response {
    app.post_json(
        "/api/v1/auth/login",
        &json!({ "email": email, "password": password }),
    )
    .await
}

async fn login_pair(app: &TestApp, email: &str) -> Value {
    let body: Value = login_raw(app, email, DEMO_PASSWORD)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["status"], "signed_in", "{body}");
    body["tokens"].clone()
}

async fn me_status(app: &TestApp, token: &str) -> u16 {
    app.request(Method::GET, "/api/v1/me", token)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

fn code_at(secret: &str, app: &TestApp) -> String {
    let totp = Builder::new()
        .with_secret(Secret::try_from_base32(secret).unwrap())
        .build()
        .unwrap();
    totp.generate(app.clock.now().timestamp() as u64)
        .to_string()
}

/// Enrolls the holder of `token` in MFA; returns the secret and the
/// recovery codes.
async fn enroll(app: &TestApp, token: &str) -> (String, Vec<String>) {
    let enrollment: Value = app
        .request(Method::POST, "/api/v1/me/mfa/enrollment", token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let secret = enrollment["secret"].as_str().unwrap().to_owned();
    assert!(
        enrollment["otpauth_uri"]
            .as_str()
            .unwrap()
            .starts_with("otpauth://totp/Atende:")
    );
    assert!(
        enrollment["qr_code"]
            .as_str()
            .unwrap()
            .starts_with("data:image/svg+xml;base64,")
    );
    let confirmed = app
        .request(Method::POST, "/api/v1/me/mfa/enrollment/confirm", token)
        .json(&json!({ "code": code_at(&secret, app) }))
        .send()
        .await
        .unwrap();
    assert_eq!(confirmed.status(), StatusCode::OK);
    let body: Value = confirmed.json().await.unwrap();
    let codes: Vec<String> = body["recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    (secret, codes)
}

async fn challenge(app: &TestApp, email: &str) -> String {
    let body: Value = login_raw(app, email, DEMO_PASSWORD)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["status"], "mfa_required", "{body}");
    body["challenge"].as_str().unwrap().to_owned()
}

async fn verify(app: &TestApp, challenge: &str, code: &str) -> reqwest::Response {
    app.post_json(
        "/api/v1/auth/mfa/verify",
        &json!({ "challenge": challenge, "code": code }),
    )
    .await
}

#[tokio::test]
async fn sign_in_returns_a_short_lived_jwt_and_a_refresh_token() {
    let app = TestApp::spawn_with_demo().await;
    let tokens = login_pair(&app, ADMIN).await;
    assert_eq!(tokens["token_type"], "Bearer");
    assert_eq!(tokens["expires_in"], 900);
    assert_eq!(tokens["mfa_enrollment_required"], false);
    let access = tokens["access_token"].as_str().unwrap();
    let claims: Value = serde_json::from_slice(
        &URL_SAFE_NO_PAD
            .decode(access.split('.').nth(1).unwrap())
            .unwrap(),
    )
    .unwrap();
    assert_eq!(claims["role"], "admin");
    assert!(claims["sid"].is_string() && claims["sub"].is_string());
    assert!(claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap() <= 900);
    let me: Value = app
        .request(Method::GET, "/api/v1/me", access)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["user"]["email"], ADMIN);
    assert_eq!(me["user"]["role"], "admin");
}

#[tokio::test]
async fn unknown_email_and_wrong_password_look_the_same() {
    let app = TestApp::spawn_with(|s| {
        s.demo_data = true;
        s.auth_rate_limit_per_minute = 1000;
    })
    .await;
    let mut unknown = Vec::new();
    let mut wrong = Vec::new();
    for _ in 0..7 {
        let started = Instant::now();
        let a = expect_problem(
            login_raw(&app, "ninguem@atende.demo", "Senha#Errada123").await,
            401,
        )
        .await;
        unknown.push(started.elapsed());
        let started = Instant::now();
        let b = expect_problem(login_raw(&app, AGENT, "Senha#Errada123").await, 401).await;
        wrong.push(started.elapsed());
        assert_eq!(a, b, "the answers differ");
        assert_eq!(a["code"], "invalid-credentials");
    }
    // Both verify one argon2 hash; the wrong password also writes the
    // failure count. Timing must not tell them apart by a wide margin.
    // Medians, so one request slowed by a busy machine does not decide.
    let median = |mut times: Vec<StdDuration>| {
        times.sort();
        times[times.len() / 2]
    };
    let (unknown, wrong) = (median(unknown), median(wrong));
    let ratio = unknown.as_secs_f64() / wrong.as_secs_f64();
    println!("unknown e-mail {unknown:?}, wrong password {wrong:?}, ratio {ratio:.2}");
    assert!((0.5..2.0).contains(&ratio), "ratio {ratio}");
}

#[tokio::test]
async fn tampered_expired_or_foreign_tokens_are_refused() {
    let app = TestApp::spawn_with_demo().await;
    let token = app.login_as(Role::Agent).await;
    assert_eq!(me_status(&app, &token).await, 200);
    let parts: Vec<&str> = token.split('.').collect();
    let mut claims: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();

    // alg: none, no signature.
    let none_header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let unsigned = format!("{none_header}.{}.", parts[1]);
    // Altered claims, original signature.
    claims["role"] = json!("admin");
    let altered_payload = URL_SAFE_NO_PAD.encode(claims.to_string());
    let altered = format!("{}.{altered_payload}.{}", parts[0], parts[2]);
    // Signed with another key.
    let foreign = jsonwebtoken::encode(
        &jsonwebtoken::Header::default(),
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(b"not the installation key"),
    )
    .unwrap();
    for bad in [unsigned, altered, foreign, "garbage".to_owned()] {
        let response = app
            .request(Method::GET, "/api/v1/me", &bad)
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.headers().get("www-authenticate").unwrap(),
            "Bearer"
        );
        expect_problem(response, 401).await;
    }
    // No header at all.
    expect_problem(app.get("/api/v1/me").await, 401).await;
    // Expired: 15 minutes later.
    app.clock.advance(Duration::minutes(15));
    assert_eq!(me_status(&app, &token).await, 401);
}

#[tokio::test]
async fn refresh_rotates_and_a_reused_refresh_token_ends_the_session() {
    let app = TestApp::spawn_with_demo().await;
    let first = login_pair(&app, AGENT).await;
    let refresh = |token: String| {
        let app = &app;
        async move {
            app.post_json("/api/v1/auth/refresh", &json!({ "refresh_token": token }))
                .await
        }
    };
    let second: Value = refresh(first["refresh_token"].as_str().unwrap().into())
        .await
        .json()
        .await
        .unwrap();
    let second_access = second["access_token"].as_str().unwrap().to_owned();
    assert_ne!(second["refresh_token"], first["refresh_token"]);
    assert_eq!(me_status(&app, &second_access).await, 200);

    // The first refresh token again: stolen and replayed, or a bug — the
    // whole family ends.
    expect_problem(
        refresh(first["refresh_token"].as_str().unwrap().into()).await,
        401,
    )
    .await;
    assert_eq!(me_status(&app, &second_access).await, 401);
    expect_problem(
        refresh(second["refresh_token"].as_str().unwrap().into()).await,
        401,
    )
    .await;
    let audit = app
        .state
        .db
        .query_all_raw(sea_orm::Statement::from_string(
            app.state.db.get_database_backend(),
            "SELECT action FROM audit_log WHERE action = 'auth.refresh_reused'",
        ))
        .await
        .unwrap();
    assert_eq!(audit.len(), 1);
}

use sea_orm::ConnectionTrait;

#[tokio::test]
async fn logout_password_role_change_and_deactivation_revoke_at_once() {
    let app = TestApp::spawn_with_demo().await;
    let admin = app.login_as(Role::Admin).await;

    // Logout.
    let token = app.login_as(Role::Agent).await;
    let out = app
        .request(Method::POST, "/api/v1/auth/logout", &token)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    assert_eq!(me_status(&app, &token).await, 401);

    // Password change: other sessions end, this client gets a new pair.
    let other = app.login_as(Role::Agent).await;
    let token = app.login_as(Role::Agent).await;
    let weak = app
        .request(Method::POST, "/api/v1/me/password", &token)
        .json(&json!({ "current_password": DEMO_PASSWORD, "new_password": "1234567890" }))
        .send()
        .await
        .unwrap();
    assert_eq!(expect_problem(weak, 422).await["field"], "new_password");
    let changed = app
        .request(Method::POST, "/api/v1/me/password", &token)
        .json(&json!({ "current_password": DEMO_PASSWORD, "new_password": "cavalo correto bateria grampo" }))
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), StatusCode::OK);
    let fresh: Value = changed.json().await.unwrap();
    assert_eq!(me_status(&app, &other).await, 401);
    assert_eq!(me_status(&app, &token).await, 401);
    assert_eq!(
        me_status(&app, fresh["access_token"].as_str().unwrap()).await,
        200
    );
    app.login(AGENT, "cavalo correto bateria grampo").await;

    // Role change and deactivation, by the administrator.
    let me: Value = app
        .request(Method::GET, "/api/v1/me", &app.login_as(Role::Client).await)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let client_id = me["user"]["id"].as_str().unwrap().to_owned();
    let token = app.login_as(Role::Client).await;
    let patched = app
        .request(Method::PATCH, &format!("/api/v1/users/{client_id}"), &admin)
        .json(&json!({ "role": "client_supervisor" }))
        .send()
        .await
        .unwrap();
    assert_eq!(patched.status(), StatusCode::OK);
    assert_eq!(me_status(&app, &token).await, 401);
    let token = app.login(CLIENT, DEMO_PASSWORD).await;
    let patched = app
        .request(Method::PATCH, &format!("/api/v1/users/{client_id}"), &admin)
        .json(&json!({ "active": false }))
        .send()
        .await
        .unwrap();
    assert_eq!(patched.status(), StatusCode::OK);
    assert_eq!(me_status(&app, &token).await, 401);
    expect_problem(login_raw(&app, CLIENT, DEMO_PASSWORD).await, 401).await;
}

#[tokio::test]
async fn five_failures_lock_the_account_for_fifteen_minutes_and_are_audited() {
    let app = TestApp::spawn_with_demo().await;
    for _ in 0..5 {
        expect_problem(login_raw(&app, AGENT, "Senha#Errada123").await, 401).await;
    }
    // Locked: even the right password is refused, with the same answer.
    let locked = expect_problem(login_raw(&app, AGENT, DEMO_PASSWORD).await, 401).await;
    assert_eq!(locked["code"], "invalid-credentials");
    let admin = app.login_as(Role::Admin).await;
    let entries: Value = app
        .request(Method::GET, "/api/v1/audit-log?action=auth.locked", &admin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(entries["items"].as_array().unwrap().len(), 1, "{entries}");
    assert_eq!(entries["items"][0]["actor"], AGENT);
    app.clock.advance(Duration::minutes(15));
    app.login(AGENT, DEMO_PASSWORD).await;
}

#[tokio::test]
async fn sign_in_attempts_are_rate_limited_per_address() {
    let app = TestApp::spawn_with(|s| {
        s.demo_data = true;
        s.auth_rate_limit_per_minute = 3;
    })
    .await;
    for _ in 0..3 {
        login_raw(&app, "x@atende.demo", "whatever-password").await;
    }
    let limited = login_raw(&app, ADMIN, DEMO_PASSWORD).await;
    let retry_after: u64 = limited
        .headers()
        .get("retry-after")
        .unwrap()
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    assert_eq!(
        expect_problem(limited, 429).await["code"],
        "too-many-requests"
    );
    let mfa = verify(&app, "x", "123456").await;
    expect_problem(mfa, 429).await;
}

#[tokio::test]
async fn mfa_codes_are_single_use_and_recovery_codes_work_once() {
    let app = TestApp::spawn_with(|s| {
        s.demo_data = true;
        s.auth_rate_limit_per_minute = 1000;
    })
    .await;
    let token = app.login_as(Role::Supervisor).await;
    let (secret, recovery) = enroll(&app, &token).await;
    assert_eq!(recovery.len(), 10);
    let email = "supervisor@atende.demo";

    // The code that confirmed enrollment cannot sign in (same step).
    let replay = verify(&app, &challenge(&app, email).await, &code_at(&secret, &app)).await;
    assert_eq!(
        expect_problem(replay, 401).await["code"],
        "invalid-mfa-code"
    );

    // Next step: accepted once, refused the second time.
    app.clock.advance(Duration::seconds(30));
    let code = code_at(&secret, &app);
    let ok = verify(&app, &challenge(&app, email).await, &code).await;
    assert_eq!(ok.status(), StatusCode::OK);
    let again = verify(&app, &challenge(&app, email).await, &code).await;
    expect_problem(again, 401).await;

    // A recovery code, typed in lower case: once.
    let typed = recovery[0].to_lowercase();
    let ok = verify(&app, &challenge(&app, email).await, &typed).await;
    assert_eq!(ok.status(), StatusCode::OK);
    let again = verify(&app, &challenge(&app, email).await, &typed).await;
    expect_problem(again, 401).await;

    // A forged or expired challenge is refused.
    expect_problem(verify(&app, "forged", &code_at(&secret, &app)).await, 401).await;
    let stale = challenge(&app, email).await;
    app.clock.advance(Duration::minutes(6));
    expect_problem(verify(&app, &stale, &code_at(&secret, &app)).await, 401).await;
}

#[tokio::test]
async fn five_wrong_mfa_codes_lock_the_account() {
    let app = TestApp::spawn_with(|s| {
        s.demo_data = true;
        s.auth_rate_limit_per_minute = 1000;
    })
    .await;
    let token = app.login_as(Role::Agent).await;
    let (secret, _) = enroll(&app, &token).await;
    let challenge_token = challenge(&app, AGENT).await;
    for _ in 0..5 {
        expect_problem(verify(&app, &challenge_token, "000000").await, 401).await;
    }
    app.clock.advance(Duration::seconds(30));
    // Locked: the password step answers like a wrong password, and a
    // correct code is refused too.
    expect_problem(login_raw(&app, AGENT, DEMO_PASSWORD).await, 401).await;
    expect_problem(
        verify(&app, &challenge_token, &code_at(&secret, &app)).await,
        401,
    )
    .await;
    app.clock.advance(Duration::minutes(15));
    let fresh = challenge(&app, AGENT).await;
    let ok = verify(&app, &fresh, &code_at(&secret, &app)).await;
    assert_eq!(ok.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_role_policy_forces_clients_to_enroll_and_an_admin_can_reset_mfa() {
    let app = TestApp::spawn_with_demo().await;
    let admin = app.login_as(Role::Admin).await;
    let policy = app
        .request(Method::PUT, "/api/v1/security/mfa-policy", &admin)
        .json(&json!({ "required_roles": ["client"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(policy.status(), StatusCode::OK);

    let tokens = login_pair(&app, CLIENT).await;
    assert_eq!(tokens["mfa_enrollment_required"], true);
    let token = tokens["access_token"].as_str().unwrap();
    // Only enrollment (and /me, logout) answers.
    let blocked = app
        .request(Method::GET, "/api/v1/companies", token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        expect_problem(blocked, 403).await["code"],
        "mfa-enrollment-required"
    );
    let me: Value = app
        .request(Method::GET, "/api/v1/me", token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["mfa_enrollment_required"], true);
    let (_secret, _) = enroll(&app, token).await;
    let now_allowed = app
        .request(Method::GET, "/api/v1/companies", token)
        .send()
        .await
        .unwrap();
    assert_eq!(now_allowed.status(), StatusCode::OK);
    // The policy forbids turning it off.
    let off = app
        .request(Method::DELETE, "/api/v1/me/mfa", token)
        .json(&json!({ "password": DEMO_PASSWORD }))
        .send()
        .await
        .unwrap();
    expect_problem(off, 422).await;

    // Admin resets it (lost phone): sessions end, audited, enrollment again.
    let client_id = me["user"]["id"].as_str().unwrap();
    let reset = app
        .request(
            Method::DELETE,
            &format!("/api/v1/users/{client_id}/mfa"),
            &admin,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(reset.status(), StatusCode::NO_CONTENT);
    assert_eq!(me_status(&app, token).await, 401);
    let again = login_pair(&app, CLIENT).await;
    assert_eq!(again["mfa_enrollment_required"], true);
    let log: Value = app
        .request(
            Method::GET,
            "/api/v1/audit-log?action=user.mfa_reset",
            &admin,
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(log["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn an_invitation_sets_the_first_password_once() {
    let app = TestApp::spawn_with_demo().await;
    let admin = app.login_as(Role::Admin).await;
    let companies: Value = app
        .request(Method::GET, "/api/v1/companies?kind=client", &admin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let company = companies["items"][0]["id"].as_str().unwrap();
    let created = app
        .request(Method::POST, "/api/v1/users", &admin)
        .json(&json!({
            "name": "Joana Prado", "email": "Joana.Prado@Cliente.com.br",
            "role": "client", "company_ids": [company]
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: Value = created.json().await.unwrap();
    assert_eq!(created["user"]["has_password"], false);
    let token = created["invitation"]["token"].as_str().unwrap();
    assert_eq!(created["invitation"]["url"], format!("/convite/{token}"));

    // The same e-mail in another case is the same user.
    let duplicate = app
        .request(Method::POST, "/api/v1/users", &admin)
        .json(&json!({ "name": "X", "email": "joana.prado@cliente.com.br", "role": "agent" }))
        .send()
        .await
        .unwrap();
    assert_eq!(expect_problem(duplicate, 409).await["field"], "email");

    // Not signed in yet: no password.
    expect_problem(
        login_raw(&app, "joana.prado@cliente.com.br", "x").await,
        401,
    )
    .await;
    let info: Value = app
        .get(&format!("/api/v1/auth/invitations/{token}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(info["name"], "Joana Prado");
    let weak = app
        .post_json(
            &format!("/api/v1/auth/invitations/{token}"),
            &json!({ "password": "joanaprado" }),
        )
        .await;
    assert_eq!(expect_problem(weak, 422).await["field"], "password");
    let accepted = app
        .post_json(
            &format!("/api/v1/auth/invitations/{token}"),
            &json!({ "password": "girassol azul na janela" }),
        )
        .await;
    assert_eq!(accepted.status(), StatusCode::NO_CONTENT);
    app.login("joana.prado@cliente.com.br", "girassol azul na janela")
        .await;
    // Single use.
    expect_problem(
        app.get(&format!("/api/v1/auth/invitations/{token}")).await,
        404,
    )
    .await;
    let reused = app
        .post_json(
            &format!("/api/v1/auth/invitations/{token}"),
            &json!({ "password": "outra senha bem comprida" }),
        )
        .await;
    expect_problem(reused, 404).await;
}

#[tokio::test]
async fn secrets_are_sealed_at_rest_and_plain_ones_are_sealed_on_start() {
    use atende_api::{identity::user, system::setting};
    use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, IntoActiveModel};

    let app = TestApp::spawn_with_demo().await;
    let db = &app.state.db;
    let key = setting::get(db, "auth.jwt_key").await.unwrap().unwrap();
    assert!(key.starts_with("enc:v1:"), "the JWT key is stored sealed");
    let token = app.login("agente@atende.demo", DEMO_PASSWORD).await;
    let (secret, _) = enroll(&app, &token).await;
    let agent = user::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.email == "agente@atende.demo")
        .unwrap();
    let stored = agent.mfa_secret.clone().unwrap();
    assert!(
        stored.starts_with("enc:v1:") && !stored.contains(&secret),
        "{stored}"
    );

    // An installation from before encryption: plain values in the
    // database. The next start seals them, and they keep working.
    let admin = user::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.email == "admin@atende.demo")
        .unwrap();
    let plain_totp = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    let mut row = admin.clone().into_active_model();
    row.mfa_secret = Set(Some(plain_totp.into()));
    row.update(db).await.unwrap();
    setting::put(
        db,
        "auth.jwt_key",
        "uma-chave-antiga-em-texto-puro",
        app.clock.now(),
    )
    .await
    .unwrap();
    let app = app.restart_with(|_| {}).await;
    let db = &app.state.db;
    let key = setting::get(db, "auth.jwt_key").await.unwrap().unwrap();
    assert!(key.starts_with("enc:v1:"), "{key}");
    let admin = user::Entity::find_by_id(admin.id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let sealed = admin.mfa_secret.unwrap();
    assert!(sealed.starts_with("enc:v1:") && !sealed.contains(plain_totp));
    let challenge = challenge(&app, "admin@atende.demo").await;
    let response = verify(&app, &challenge, &code_at(plain_totp, &app)).await;
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "the sealed secret still works"
    );

    // Another key cannot open them: the server refuses to start rather
    // than sign with a key it cannot read.
    let settings = app.state.settings.as_ref().clone();
    let mut other = settings.clone();
    other.secret_key = Some("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=".into());
    other.port = 0;
    let refused =
        atende_api::Application::build(other, std::sync::Arc::new(app.clock.clone())).await;
    let message = refused.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(message.contains("secrets at rest"), "{message}");
}
