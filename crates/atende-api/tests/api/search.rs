//! Full-text search over HTTP on both databases: Portuguese singular and
//! plural, accented and unaccented forms find each other; ticket numbers
//! find their ticket; stored terms made by an older analysis are
//! rewritten in the background after a restart.

use std::time::{Duration, Instant};

use atende_api::{
    jobs::{NewJob, enqueue, entity as job},
    system::setting,
    tickets::search::{REBUILD_KIND, VERSION_SETTING},
};
use atende_core::{clock::Clock, permissions::Role, search::ANALYSIS_VERSION};
use atende_testkit::TestApp;

use crate::demo_actors::{Demo, expect_status};
use reqwest::Method;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter};
use serde_json::{Value, json};

async fn open(app: &TestApp, token: &str, subject: &str, description: &str) -> Value {
    let response = app
        .request(Method::POST, "/api/v1/tickets", token)
        .json(&json!({ "subject": subject, "description": description }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 201, "open {subject:?}");
    response.json().await.unwrap()
}

/// The subjects of the tickets `q` finds, sorted.
async fn found(app: &TestApp, token: &str, q: &str) -> Vec<String> {
    let url = reqwest::Url::parse_with_params(&app.url("/api/v1/tickets"), [("q", q)]).unwrap();
    let response = app.client.get(url).bearer_auth(token).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200, "q={q}");
    let page: Value = response.json().await.unwrap();
    let mut subjects: Vec<String> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["subject"].as_str().unwrap().to_owned())
        .collect();
    subjects.sort();
    subjects
}

const NOTAS: &str = "Notas fiscais de serviço";
const RESCISAO: &str = "Rescisão do contrato de experiência";
const ACOES: &str = "Ações trabalhistas em andamento";
const CONTABEIS: &str = "Balancetes contábeis de março";
const DECLARACAO: &str = "Declaração de IRPF";
const NOTIFICACAO: &str = "Notificação de férias coletivas";

async fn open_the_forms(app: &TestApp, token: &str) {
    for subject in [NOTAS, RESCISAO, ACOES, CONTABEIS, DECLARACAO, NOTIFICACAO] {
        open(app, token, subject, "Segue em anexo.").await;
    }
}

/// Every query of `cases` finds exactly its tickets.
async fn expect_found(app: &TestApp, token: &str, cases: &[(&str, &[&str])]) {
    for (q, expected) in cases {
        let mut expected: Vec<String> = expected.iter().map(|s| (*s).to_owned()).collect();
        expected.sort();
        assert_eq!(found(app, token, q).await, expected, "q={q}");
    }
}

const FORMS: &[(&str, &[&str])] = &[
    // The forms of issue 12, point 14, both ways.
    ("nota fiscal", &[NOTAS]),
    ("notas fiscais", &[NOTAS]),
    ("NOTA FISCAL", &[NOTAS]),
    ("rescisões", &[RESCISAO]),
    ("rescisao", &[RESCISAO]),
    ("acao", &[ACOES]),
    ("Ação trabalhista", &[ACOES]),
    ("contábil", &[CONTABEIS]),
    ("contabeis", &[CONTABEIS]),
    ("declaracoes", &[DECLARACAO]),
    ("declarações", &[DECLARACAO]),
    // A whole word does not find words that merely begin like its stem.
    ("nota", &[NOTAS]),
    ("notificacoes", &[NOTIFICACAO]),
    ("ferias coletivas", &[NOTIFICACAO]),
    // Every word must match.
    ("nota trabalhista", &[]),
];

#[tokio::test]
async fn portuguese_singular_plural_and_accents_find_each_other() {
    let app = TestApp::spawn_with_demo().await;
    let client = app.login_as(Role::Client).await;
    let agent = app.login_as(Role::Agent).await;
    open_the_forms(&app, &client).await;
    expect_found(&app, &agent, FORMS).await;
    // Replies are searched with the same analysis.
    let ticket = open(&app, &client, "Dúvida", "Preciso de ajuda.").await;
    let reply = app
        .request(
            Method::POST,
            &format!(
                "/api/v1/tickets/{}/messages",
                ticket["id"].as_str().unwrap()
            ),
            &agent,
        )
        .json(&json!({ "body": "Enviamos as guias das rescisões e os e-mails." }))
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status().as_u16(), 201);
    expect_found(
        &app,
        &agent,
        &[("rescisao", &[RESCISAO, "Dúvida"]), ("email", &["Dúvida"])],
    )
    .await;
}

#[tokio::test]
async fn a_ticket_number_finds_its_ticket_within_reach() {
    let demo = Demo::start().await;
    let app = &demo.app;
    let client = &demo.tokens[&Role::Client];
    let agent = &demo.tokens[&Role::Agent];
    // The next ticket is number 43.
    app.state
        .db
        .execute_unprepared("UPDATE counters SET value = 42 WHERE name = 'ticket_number'")
        .await
        .unwrap();
    let ticket = open(app, client, "Boleto vencido", "Pagamento em atraso.").await;
    assert_eq!(ticket["number"], 43);
    open(app, client, "Outro assunto", "Nada a ver.").await;
    for q in ["#000043", "43", "#43", " 000043 "] {
        assert_eq!(
            found(app, agent, q).await,
            vec!["Boleto vencido"],
            "q={q:?}"
        );
    }
    // Text that mentions the number is found too.
    open(app, client, "Segunda via", "Referente ao chamado 43.").await;
    assert_eq!(
        found(app, agent, "43").await,
        vec!["Boleto vencido", "Segunda via"]
    );
    assert!(found(app, agent, "#000099").await.is_empty());
    // A number finds nothing outside the searcher's reach: ticket 46 is
    // another consultancy's.
    let response = demo
        .call_as(
            Role::Admin,
            Method::POST,
            "/api/v1/tickets",
            Some(json!({
                "subject": "Outro grupo",
                "description": "x",
                "company_id": demo.company("Rota Sul"),
            })),
        )
        .await;
    assert_eq!(expect_status(response, 201, "open").await["number"], 46);
    assert!(found(app, agent, "#000046").await.is_empty());
    assert_eq!(
        found(app, &demo.tokens[&Role::Admin], "#000046").await,
        vec!["Outro grupo"]
    );
}

/// Replaces every ticket's stored terms with what an older analysis might
/// have left, and marks the analysis as version 1.
async fn make_stale(app: &TestApp) {
    let db = &app.state.db;
    db.execute_unprepared("UPDATE tickets SET search_text = 'stale'")
        .await
        .unwrap();
    if db.get_database_backend() == DatabaseBackend::Sqlite {
        db.execute_unprepared("DELETE FROM ticket_fts")
            .await
            .unwrap();
        db.execute_unprepared(
            "INSERT INTO ticket_fts (rowid, search_text) SELECT number, search_text FROM tickets",
        )
        .await
        .unwrap();
    }
    setting::put(db, VERSION_SETTING, "1", app.clock.now())
        .await
        .unwrap();
}

async fn wait_for_the_rebuild(app: &TestApp) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let version = setting::get(&app.state.db, VERSION_SETTING).await.unwrap();
        if version.as_deref() == Some(ANALYSIS_VERSION.to_string().as_str()) {
            return;
        }
        assert!(Instant::now() < deadline, "the rebuild did not finish");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn rebuild_jobs(app: &TestApp) -> Vec<job::Model> {
    job::Entity::find()
        .filter(job::Column::Kind.eq(REBUILD_KIND))
        .all(&app.state.db)
        .await
        .unwrap()
}

/// Waits until no rebuild job is left to run, then returns how many
/// rewrote tickets and how many merged SQLite's index; all are done.
async fn rebuild_jobs_when_idle(app: &TestApp) -> (usize, usize) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let jobs = rebuild_jobs(app).await;
        if jobs
            .iter()
            .all(|j| j.status != "queued" && j.status != "running")
        {
            assert!(jobs.iter().all(|j| j.status == "done"), "{jobs:?}");
            let merges = jobs
                .iter()
                .filter(|j| j.payload.contains("merges_left"))
                .count();
            return (jobs.len() - merges, merges);
        }
        assert!(
            Instant::now() < deadline,
            "rebuild jobs still queued: {jobs:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn terms_of_an_older_analysis_are_rewritten_in_the_background() {
    let app = TestApp::spawn_with_demo().await;
    let client = app.login_as(Role::Client).await;
    open_the_forms(&app, &client).await;
    // A fresh installation records the analysis and queues nothing.
    assert!(rebuild_jobs(&app).await.is_empty());
    make_stale(&app).await;
    let agent = app.login_as(Role::Agent).await;
    assert!(found(&app, &agent, "rescisao").await.is_empty());

    // The server starts, finds the terms stale and rewrites them.
    let app = app.restart_with(|_| {}).await;
    wait_for_the_rebuild(&app).await;
    let agent = app.login_as(Role::Agent).await;
    expect_found(&app, &agent, FORMS).await;
    let (batches, merges) = rebuild_jobs_when_idle(&app).await;
    assert_eq!(batches, 1);
    // SQLite's index is merged afterwards; PostgreSQL's needs no help.
    let sqlite = app.state.db.get_database_backend() == DatabaseBackend::Sqlite;
    assert_eq!(merges > 0, sqlite, "{merges} merge steps");
    expect_found(&app, &agent, FORMS).await;

    // In batches: one job per batch, each queueing the next.
    make_stale(&app).await;
    let now = app.clock.now();
    enqueue(
        &app.state.db,
        NewJob::now(
            REBUILD_KIND,
            json!({ "version": ANALYSIS_VERSION, "after": 0, "batch": 4 }),
            now,
        ),
        now,
    )
    .await
    .unwrap();
    wait_for_the_rebuild(&app).await;
    expect_found(&app, &agent, FORMS).await;
    // 1 before; then 4 + 2 tickets: a full batch, then the last one.
    let (batches, _) = rebuild_jobs_when_idle(&app).await;
    assert_eq!(batches, 3);
    let all = rebuild_jobs(&app).await.len();

    // Started again with current terms: nothing to do.
    let app = app.restart_with(|_| {}).await;
    assert_eq!(rebuild_jobs(&app).await.len(), all);
}
