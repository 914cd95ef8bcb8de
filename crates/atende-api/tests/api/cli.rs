//! The `atende` binary: commands, configuration errors, shutdown.

use std::{
    process::{Command, Output, Stdio},
    time::Duration,
};

use atende_testkit::TestDatabase;

fn atende() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_atende"));
    // A clean environment: only what the test sets counts.
    command
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .current_dir(std::env::temp_dir())
        .stdin(Stdio::null());
    command
}

fn answers_http(port: u16) -> bool {
    use std::io::{Read, Write};
    let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    if stream
        .write_all(b"GET /health/live HTTP/1.0\r\nHost: localhost\r\n\r\n")
        .is_err()
    {
        return false;
    }
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    response.starts_with("HTTP/1.0 200") || response.starts_with("HTTP/1.1 200")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Asserts the process failed with one sentence on stderr naming `setting`.
fn assert_fails_naming(output: Output, setting: &str) {
    assert!(!output.status.success(), "expected a failure");
    let message = stderr(&output);
    let last = message.lines().last().unwrap_or_default();
    assert!(last.starts_with("atende: "), "{message}");
    assert!(last.contains(&format!("`{setting}`")), "{message}");
}

#[test]
fn a_non_numeric_port_stops_start_up_naming_the_setting() {
    let output = atende().env("ATENDE_PORT", "abc").output().unwrap();
    assert_fails_naming(output, "port");
}

#[test]
fn an_out_of_range_port_stops_start_up() {
    let output = atende().env("ATENDE_PORT", "70000").output().unwrap();
    assert_fails_naming(output, "port");
}

#[test]
fn an_unsupported_database_url_stops_start_up() {
    let output = atende()
        .env("DATABASE_URL", "mysql://root@localhost/atende")
        .output()
        .unwrap();
    assert_fails_naming(output, "database_url");
}

#[test]
fn an_unreachable_database_stops_start_up() {
    let output = atende()
        .env(
            "ATENDE_DATABASE_URL",
            "postgres://postgres@127.0.0.1:1/atende",
        )
        .output()
        .unwrap();
    assert_fails_naming(output, "database_url");
}

#[test]
fn a_port_in_use_stops_start_up() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let dir = tempfile::tempdir().unwrap();
    let output = atende()
        .env("ATENDE_PORT", port.to_string())
        .env(
            "ATENDE_DATABASE_URL",
            format!("sqlite://{}/a.db?mode=rwc", dir.path().display()),
        )
        .output()
        .unwrap();
    assert_fails_naming(output, "port");
}

#[test]
fn an_unknown_setting_is_refused() {
    let output = atende().env("ATENDE_PROT", "8080").output().unwrap();
    assert_fails_naming(output, "prot");
}

#[test]
fn a_settings_file_is_read_and_the_environment_wins_over_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("atende.toml");
    std::fs::write(&file, "port = \"not a number\"\n").unwrap();
    let output = atende().arg("--config").arg(&file).output().unwrap();
    assert_fails_naming(output, "port");
    // The same bad file, overridden by a good variable, gets past settings
    // (and then fails on the unsupported database instead).
    let output = atende()
        .arg("--config")
        .arg(&file)
        .env("ATENDE_PORT", "0")
        .env("ATENDE_DATABASE_URL", "oracle://x")
        .output()
        .unwrap();
    assert_fails_naming(output, "database_url");
}

#[test]
fn a_missing_settings_file_is_refused() {
    let output = atende()
        .arg("--config")
        .arg("/nonexistent/atende.toml")
        .output()
        .unwrap();
    assert_fails_naming(output, "config");
}

#[test]
fn openapi_prints_the_document() {
    let output = atende().arg("openapi").output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let printed = String::from_utf8(output.stdout).unwrap();
    assert_eq!(printed, atende_api::openapi::document_json().unwrap());
}

#[tokio::test]
async fn migrate_and_seed_work_on_a_fresh_database_and_seed_is_idempotent() {
    let database = TestDatabase::create().await;
    let run = |args: &[&str]| {
        atende()
            .args(args)
            .env("ATENDE_DATABASE_URL", database.url())
            .env("ATENDE_LOG_LEVEL", "info")
            .output()
            .unwrap()
    };
    let migrated = run(&["migrate"]);
    assert!(migrated.status.success(), "{}", stderr(&migrated));
    let first = run(&["seed", "--demo"]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(
        stderr(&first).contains("demo data loaded"),
        "{}",
        stderr(&first)
    );
    let second = run(&["seed", "--demo"]);
    assert!(second.status.success(), "{}", stderr(&second));
    assert!(
        stderr(&second).contains("already present"),
        "{}",
        stderr(&second)
    );
}

#[tokio::test]
async fn seed_tickets_writes_the_requested_number() {
    let database = TestDatabase::create().await;
    let seeded = atende()
        .args(["seed", "--tickets", "120"])
        .env("ATENDE_DATABASE_URL", database.url())
        .output()
        .unwrap();
    assert!(seeded.status.success(), "{}", stderr(&seeded));
    let printed = String::from_utf8_lossy(&seeded.stdout);
    assert!(printed.starts_with("seeded 120 tickets and "), "{printed}");
    assert!(stderr(&seeded).contains("120 of 120 tickets written"));
    let missing = atende()
        .args(["seed"])
        .env("ATENDE_DATABASE_URL", database.url())
        .output()
        .unwrap();
    assert!(!missing.status.success());
    assert!(
        stderr(&missing).contains("--tickets N"),
        "{}",
        stderr(&missing)
    );
}

#[test]
fn serve_stops_cleanly_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = atende()
        .arg("serve")
        .env("ATENDE_PORT", port.to_string())
        .env(
            "ATENDE_DATABASE_URL",
            format!("sqlite://{}/a.db?mode=rwc", dir.path().display()),
        )
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Ready means answering HTTP, not just a bound socket: the signal
    // handlers are installed once the server runs, and a SIGTERM before
    // that would kill the process the default way.
    let ready = (0..300).any(|_| {
        std::thread::sleep(Duration::from_millis(100));
        answers_http(port)
    });
    assert!(ready, "the server did not start");
    let killed = Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(killed.success());
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("shutdown complete"),
        "{}",
        stderr(&output)
    );
}

#[tokio::test]
async fn logs_are_json_lines_when_asked() {
    let database = TestDatabase::create().await;
    let output = atende()
        .arg("migrate")
        .env("ATENDE_DATABASE_URL", database.url())
        .env("ATENDE_LOG_FORMAT", "json")
        .env("ATENDE_LOG_LEVEL", "info")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stderr(&output);
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(!lines.is_empty(), "no log lines");
    for line in lines {
        let entry: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        assert!(
            entry["timestamp"].is_string() && entry["level"].is_string(),
            "{line}"
        );
    }
}

#[test]
fn an_unknown_log_format_is_refused() {
    let output = atende().env("ATENDE_LOG_FORMAT", "xml").output().unwrap();
    assert_fails_naming(output, "log_format");
}

#[tokio::test]
async fn the_log_shows_an_invitation_links_first_characters_never_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = atende()
        .arg("serve")
        .env("ATENDE_PORT", port.to_string())
        .env("ATENDE_LOG_LEVEL", "info")
        .env("ATENDE_DEMO_SAMPLES", "false")
        .env("ATENDE_SECRET_KEY_FILE", dir.path().join("secret.key"))
        .env("ATENDE_ATTACHMENTS_DIR", dir.path().join("files"))
        .env(
            "ATENDE_DATABASE_URL",
            format!("sqlite://{}/a.db?mode=rwc", dir.path().display()),
        )
        .stderr(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let ready = (0..300).any(|_| {
        std::thread::sleep(Duration::from_millis(100));
        answers_http(port)
    });
    assert!(ready, "the server did not start");
    let base = format!("http://127.0.0.1:{port}");
    atende_testkit::install_crypto_provider();
    let client = reqwest::Client::new();
    let signed_in: serde_json::Value = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&serde_json::json!({ "email": "admin@atende.demo", "password": "Atende#Demo2026" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = signed_in["tokens"]["access_token"].as_str().unwrap();
    let created: serde_json::Value = client
        .post(format!("{base}/api/v1/users"))
        .bearer_auth(token)
        .json(&serde_json::json!({
            "name": "Nova Pessoa", "email": "nova@atende.demo", "role": "admin"
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let link = created["invitation"]["token"].as_str().unwrap().to_owned();
    assert!(link.len() > 20, "{created}");
    Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status()
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        stderr(&output)
    );
    let line = log
        .lines()
        .find(|l| l.contains("invitation issued"))
        .unwrap_or_else(|| panic!("no invitation line in {log}"));
    assert!(
        line.contains(&format!("/convite/{}…", &link[..4])),
        "{line}"
    );
    assert!(!log.contains(&link), "the whole link is in the log");
    assert!(
        !log.contains(&link[..12]),
        "too much of the link is in the log"
    );
}
