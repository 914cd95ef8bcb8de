//! Ticket queries at one million tickets, on PostgreSQL. Not part of the
//! regular run (it seeds for about a minute); run it with
//! `TEST_DATABASE_URL=postgres://… cargo test -p atende-api --test api scale -- --ignored --nocapture`
//! and it prints the time of each API call, measured over HTTP on loopback.

use std::time::{Duration, Instant};

use atende_api::tickets::search;
use atende_core::permissions::Role;
use atende_testkit::TestApp;
use reqwest::Method;
use sea_orm::{ConnectionTrait, DatabaseBackend};

const TICKETS: i64 = 1_000_000;

async fn timed(app: &TestApp, token: &str, path: &str) -> Duration {
    // Best of three: the first run also warms the cache.
    let mut best = Duration::MAX;
    for _ in 0..3 {
        let started = Instant::now();
        let response = app.request(Method::GET, path, token).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 200, "{path}");
        response.bytes().await.unwrap();
        best = best.min(started.elapsed());
    }
    best
}

#[tokio::test]
#[ignore = "seeds a million tickets; run on demand on PostgreSQL"]
async fn ticket_queries_at_one_million_tickets() {
    let app = TestApp::spawn_with(|s| s.demo_data = true).await;
    let db = &app.state.db;
    if db.get_database_backend() != DatabaseBackend::Postgres {
        println!("scale: skipped (needs TEST_DATABASE_URL=postgres://…)");
        return;
    }
    let started = Instant::now();
    // Spread over the five client companies, every status and priority,
    // ten minutes apart; words drawn from a small vocabulary so searches
    // match realistic shares of the table, stored as the analysis stores
    // them.
    let vocabulary = [
        "nota fiscal",
        "boleto",
        "ação trabalhista",
        "folha de pagamento",
        "imposto",
        "certidão",
        "balanço",
        "contrato",
        "férias",
        "rescisão",
    ]
    .map(|words| format!("'{}'", search::text("Chamado", words, &[])))
    .join(", ");
    db.execute_unprepared(&format!(
        "INSERT INTO tickets (id, number, company_id, subject, description, description_html, status, \
         priority, channel, created_at, updated_at, reopen_count, version, search_text)
         SELECT gen_random_uuid(), n, c.ids[1 + n % 5], 'Chamado ' || n, 'texto', '<p>texto</p>', \
           (ARRAY['new','open','pending','on_hold','solved','closed'])[1 + n % 6], \
           (ARRAY['low','normal','high','urgent'])[1 + n % 4], 'portal', \
           now() - (n || ' minutes')::interval * 10, now() - (n || ' minutes')::interval * 10, 0, 1, \
           (ARRAY[{vocabulary}])[1 + n % 10] || ' ' || n
         FROM generate_series(1, {TICKETS}) AS n,
              (SELECT array_agg(id ORDER BY id) AS ids FROM companies WHERE kind = 'client') AS c"
    ))
    .await
    .unwrap();
    db.execute_unprepared(&format!(
        "UPDATE counters SET value = {TICKETS} WHERE name = 'ticket_number'"
    ))
    .await
    .unwrap();
    db.execute_unprepared("ANALYZE tickets").await.unwrap();
    println!(
        "scale: seeded {TICKETS} tickets in {:.1?}",
        started.elapsed()
    );

    let admin = app.login_as(Role::Admin).await;
    let agent = app.login_as(Role::Agent).await;
    let client = app.login_as(Role::Client).await;
    for (who, token, path) in [
        ("admin", &admin, "/api/v1/tickets"),
        (
            "admin",
            &admin,
            "/api/v1/tickets?status=open&priority=urgent",
        ),
        ("admin", &admin, "/api/v1/tickets?q=rescisao"),
        ("admin", &admin, "/api/v1/tickets?q=rescisoes"),
        ("admin", &admin, "/api/v1/tickets?q=%23000043"),
        ("admin", &admin, "/api/v1/tickets?q=xyzzy"),
        (
            "admin",
            &admin,
            "/api/v1/tickets?q=acao%20trabalhista&open=true",
        ),
        ("agent", &agent, "/api/v1/tickets"),
        ("agent", &agent, "/api/v1/tickets/board?per_column=20"),
        ("client", &client, "/api/v1/tickets"),
        ("client", &client, "/api/v1/tickets/counters"),
        ("client", &client, "/api/v1/tickets?q=boleto"),
    ] {
        let took = timed(&app, token, path).await;
        println!(
            "scale: {who:<6} GET {path:<55} {:>8.1} ms",
            took.as_secs_f64() * 1000.0
        );
    }
}
