//! The audit log: one entry per write, append-only, hash chain verified by
//! `atende audit verify`.

use std::process::{Command, Stdio};

use atende_core::permissions::Role;
use atende_testkit::{TestApp, expect_problem};
use reqwest::{Method, StatusCode};
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};
use serde_json::{Value, json};

async fn entries(app: &TestApp, token: &str, query: &str) -> Vec<Value> {
    let page: Value = app
        .request(Method::GET, &format!("/api/v1/audit-log{query}"), token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    page["items"].as_array().unwrap().clone()
}

async fn count(app: &TestApp) -> i64 {
    let row = app
        .state
        .db
        .query_one_raw(Statement::from_string(
            app.state.db.get_database_backend(),
            "SELECT COUNT(*) AS n FROM audit_log",
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i64>("", "n").unwrap()
}

fn verify_cli(app: &TestApp) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_atende"))
        .args(["audit", "verify"])
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("ATENDE_DATABASE_URL", &app.state.settings.database_url)
        .env(
            "ATENDE_SECRET_KEY_FILE",
            &app.state.settings.secret_key_file,
        )
        .env("ATENDE_LOG_LEVEL", "error")
        .current_dir(std::env::temp_dir())
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

#[tokio::test]
async fn each_write_produces_exactly_one_entry_with_before_and_after() {
    let app = TestApp::spawn_with_demo().await;
    let admin = app.login_as(Role::Admin).await;
    let before = count(&app).await;
    let created = app
        .request(Method::POST, "/api/v1/segments", &admin)
        .header("user-agent", "audit-test/1.0")
        .json(&json!({ "name": "Agronegócio" }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let request_id = created.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    let segment: Value = created.json().await.unwrap();
    assert_eq!(count(&app).await, before + 1);
    let id = segment["id"].as_str().unwrap();
    let renamed = app
        .request(Method::PATCH, &format!("/api/v1/segments/{id}"), &admin)
        .json(&json!({ "name": "Agro" }))
        .send()
        .await
        .unwrap();
    assert_eq!(renamed.status(), StatusCode::OK);
    assert_eq!(count(&app).await, before + 2);
    // A refused write leaves no entry.
    let refused = app
        .request(Method::POST, "/api/v1/segments", &admin)
        .json(&json!({ "name": "agro" }))
        .send()
        .await
        .unwrap();
    expect_problem(refused, 409).await;
    assert_eq!(count(&app).await, before + 2);

    let log = entries(
        &app,
        &admin,
        &format!("?entity_type=segment&entity_id={id}"),
    )
    .await;
    assert_eq!(log.len(), 2);
    let (update, create) = (&log[0], &log[1]);
    assert_eq!(create["action"], "segment.created");
    assert_eq!(create["actor"], "admin@atende.demo");
    assert_eq!(create["after"]["name"], "Agronegócio");
    assert_eq!(create["ip"], "127.0.0.1");
    assert_eq!(create["user_agent"], "audit-test/1.0");
    assert_eq!(create["request_id"], request_id);
    assert_eq!(update["action"], "segment.updated");
    assert_eq!(update["before"]["name"], "Agronegócio");
    assert_eq!(update["after"]["name"], "Agro");
}

#[tokio::test]
async fn the_log_cannot_be_updated_or_deleted_and_verify_finds_a_tampered_row() {
    let app = TestApp::spawn_with_demo().await;
    let admin = app.login_as(Role::Admin).await;
    for name in ["Saúde", "Educação", "Varejo"] {
        let response = app
            .request(Method::POST, "/api/v1/segments", &admin)
            .json(&json!({ "name": name }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::CREATED);
    }
    let intact = verify_cli(&app);
    let stdout = String::from_utf8_lossy(&intact.stdout);
    assert!(
        intact.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&intact.stderr)
    );
    assert!(stdout.contains("intact"), "{stdout}");

    let db = &app.state.db;
    let backend = db.get_database_backend();
    let tamper = "UPDATE audit_log SET after = '{\"name\":\"Forjado\"}' WHERE seq = 3";
    // The database itself refuses changes.
    assert!(db.execute_unprepared(tamper).await.is_err());
    assert!(
        db.execute_unprepared("DELETE FROM audit_log WHERE seq = 3")
            .await
            .is_err()
    );

    // Someone with database access drops the guard and rewrites entry 3.
    let drop_guards = match backend {
        DatabaseBackend::Postgres => vec!["DROP TRIGGER audit_log_no_update ON audit_log"],
        _ => vec![
            "DROP TRIGGER audit_log_no_update",
            "DROP TRIGGER audit_log_no_delete",
        ],
    };
    for sql in drop_guards {
        db.execute_unprepared(sql).await.unwrap();
    }
    db.execute_unprepared(tamper).await.unwrap();
    let broken = verify_cli(&app);
    let stderr = String::from_utf8_lossy(&broken.stderr);
    assert!(!broken.status.success());
    assert!(stderr.contains("broken at entry 3"), "{stderr}");
}

#[tokio::test]
async fn recent_logs_reach_seven_days_and_full_logs_everything() {
    let app = TestApp::spawn_with_demo().await;
    let admin = app.login_as(Role::Admin).await;
    // Take logs.full from supervisors: they keep logs.recent.
    let changed = app
        .request(
            Method::PUT,
            "/api/v1/roles/supervisor/permissions/logs.full",
            &admin,
        )
        .json(&json!({ "grant": "none" }))
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), StatusCode::OK);
    app.clock.advance(chrono::Duration::days(8));
    let supervisor = app.login_as(Role::Supervisor).await;
    let admin = app.login_as(Role::Admin).await;
    let full = entries(&app, &admin, "?limit=200").await;
    let recent = entries(&app, &supervisor, "?limit=200").await;
    assert!(full.iter().any(|e| e["action"] == "demo.seeded"));
    assert!(!recent.iter().any(|e| e["action"] == "demo.seeded"));
    assert!(
        recent
            .iter()
            .all(|e| e["action"] != "role.permission_changed")
    );
    // Clients have neither.
    let client = app.login_as(Role::Client).await;
    let denied = app
        .request(Method::GET, "/api/v1/audit-log", &client)
        .send()
        .await
        .unwrap();
    expect_problem(denied, 403).await;
}

#[tokio::test]
async fn the_list_pages_with_a_cursor_and_validates_filters() {
    let app = TestApp::spawn_with_demo().await;
    let admin = app.login_as(Role::Admin).await;
    for name in ["A1", "A2", "A3", "A4", "A5"] {
        app.request(Method::POST, "/api/v1/segments", &admin)
            .json(&json!({ "name": name }))
            .send()
            .await
            .unwrap();
    }
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let query = match &cursor {
            Some(c) => format!("?entity_type=segment&limit=2&cursor={c}"),
            None => "?entity_type=segment&limit=2".to_owned(),
        };
        let page: Value = app
            .request(Method::GET, &format!("/api/v1/audit-log{query}"), &admin)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        for item in page["items"].as_array().unwrap() {
            seen.push(item["seq"].as_i64().unwrap());
        }
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    assert_eq!(seen.len(), 5);
    assert!(seen.windows(2).all(|w| w[0] > w[1]), "{seen:?}");
    let bad = app
        .request(Method::GET, "/api/v1/audit-log?limit=0", &admin)
        .send()
        .await
        .unwrap();
    assert_eq!(expect_problem(bad, 422).await["field"], "limit");
    let bad = app
        .request(Method::GET, "/api/v1/audit-log?cursor=zzz", &admin)
        .send()
        .await
        .unwrap();
    assert_eq!(expect_problem(bad, 422).await["field"], "cursor");
}
