//! Automation rules over HTTP on a real database: routing on create,
//! escalation by a time rule at a business-hours moment, out-of-hours
//! automatic replies (never to automatic messages or staff-opened
//! tickets), the dry run, the timeline, 422s naming paths, and the tenant
//! boundary. Rules run asynchronously (a subscriber of the event log), so
//! the tests poll for their effects.

use std::time::{Duration as StdDuration, Instant};

use atende_core::{clock::Clock, permissions::Role};
use chrono::Duration;
use reqwest::Method;
use serde_json::{Value, json};

use crate::demo_actors::{Demo, expect_code, expect_not_found, expect_status, office_week};

const PATIENCE: StdDuration = StdDuration::from_secs(15);

async fn get(demo: &Demo, role: Role, path: &str) -> Value {
    expect_status(demo.call_as(role, Method::GET, path, None).await, 200, path).await
}

async fn team(demo: &Demo, name: &str) -> String {
    let team = demo
        .call_as(
            Role::Supervisor,
            Method::POST,
            "/api/v1/teams",
            Some(json!({ "name": name, "assignment": "manual", "members": [
                { "user_id": demo.user("agente@atende.demo"), "available": true } ] })),
        )
        .await;
    expect_status(team, 201, "team").await["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn calendar(demo: &Demo) -> String {
    let calendar = demo
        .call_as(
            Role::Admin,
            Method::POST,
            "/api/v1/sla/calendars",
            Some(json!({ "name": "Comercial SP", "week": office_week() })),
        )
        .await;
    expect_status(calendar, 201, "calendar").await["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn rule(demo: &Demo, role: Role, body: Value) -> Value {
    expect_status(
        demo.call_as(role, Method::POST, "/api/v1/automation/rules", Some(body))
            .await,
        201,
        "rule",
    )
    .await
}

async fn open(demo: &Demo, role: Role, body: Value) -> Value {
    expect_status(
        demo.call_as(role, Method::POST, "/api/v1/tickets", Some(body))
            .await,
        201,
        "ticket",
    )
    .await
}

fn timeline_kinds(events: &Value) -> Vec<String> {
    events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_owned())
        .collect()
}

fn firings<'a>(events: &'a Value, rule: &str) -> Vec<&'a Value> {
    events
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "rule_fired" && e["data"]["rule"] == rule)
        .collect()
}

#[tokio::test]
async fn routing_on_create_sets_the_team_and_the_timeline_says_which_rule_and_why() {
    let demo = Demo::start().await;
    let payroll = team(&demo, "Folha").await;
    let created = rule(
        &demo,
        Role::Supervisor,
        json!({
            "name": "Folha para a equipe Folha",
            "when": { "on": "created", "by": ["client"] },
            "conditions": { "all": [
                { "field": "text", "operator": "contains", "value": "folha de pagamento" },
                { "field": "team", "operator": "is_empty" }
            ] },
            "actions": [
                { "type": "assign_team", "value": { "team_id": payroll, "assignment": "none" } },
                { "type": "add_tags", "value": ["folha"] },
                { "type": "notify", "value": { "teams": [payroll], "message": "Novo chamado de folha" } }
            ]
        }),
    )
    .await;
    assert_eq!(created["enabled"], true);
    assert_eq!(created["stats"]["fired_7d"], 0);
    let other = open(
        &demo,
        Role::Client,
        json!({ "subject": "Nota fiscal rejeitada", "description": "A SEFAZ recusou." }),
    )
    .await;
    let ticket = open(
        &demo,
        Role::Client,
        json!({ "subject": "Dúvida nas folhas de pagamento", "description": "O holerite de março veio errado." }),
    )
    .await;
    let id = ticket["id"].as_str().unwrap();
    let routed = demo
        .until(Role::Supervisor, &format!("/api/v1/tickets/{id}"), |t| {
            t["team_id"].as_str() == Some(payroll.as_str())
        })
        .await;
    assert_eq!(routed["tags"], json!(["folha"]));
    // The earlier ticket was answered first, and matched nothing.
    let other = get(
        &demo,
        Role::Supervisor,
        &format!("/api/v1/tickets/{}", other["id"].as_str().unwrap()),
    )
    .await;
    assert!(other["team_id"].is_null(), "{other}");
    // The timeline names the rule and the conditions that matched.
    let events = get(
        &demo,
        Role::Supervisor,
        &format!("/api/v1/tickets/{id}/events"),
    )
    .await;
    let fired = firings(&events, "Folha para a equipe Folha");
    assert_eq!(fired.len(), 1, "{events}");
    let data = &fired[0]["data"];
    assert_eq!(data["pass"], 1);
    assert_eq!(data["trigger"], "created");
    assert_eq!(
        data["actions"],
        json!(["assign_team", "add_tags", "notify"])
    );
    // The team's members heard of it.
    let notes = get(&demo, Role::Agent, "/api/v1/notifications").await;
    assert!(
        notes.to_string().contains("Novo chamado de folha"),
        "{notes}"
    );
    assert_eq!(data["conditions"][0]["field"], "text");
    assert_eq!(data["conditions"][0]["matched"], true);
    assert_eq!(data["conditions"][1]["matched"], true);
    // The rule's own changes are in the timeline by the rule's name.
    assert!(
        events
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "team_changed"
                && e["actor"] == "Automação: Folha para a equipe Folha"),
        "{events}"
    );
    // Clients never see rule firings.
    let client = get(&demo, Role::Client, &format!("/api/v1/tickets/{id}/events")).await;
    assert!(
        !timeline_kinds(&client).contains(&"rule_fired".to_owned()),
        "{client}"
    );
    // The list shows the count.
    let rules = get(&demo, Role::Supervisor, "/api/v1/automation/rules").await;
    assert_eq!(rules[0]["stats"]["fired_7d"], 1, "{rules}");
    assert!(rules[0]["stats"]["last_fired_at"].is_string());
    // A staff change that no rule waits for leaves it alone: an update
    // rule reacting to client replies only does not fire on an agent's.
    rule(
        &demo,
        Role::Supervisor,
        json!({
            "name": "Cliente respondeu",
            "when": { "on": "updated", "events": ["client_reply"] },
            "actions": [ { "type": "add_tags", "value": ["respondido"] } ]
        }),
    )
    .await;
    expect_status(
        demo.call_as(
            Role::Agent,
            Method::POST,
            &format!("/api/v1/tickets/{id}/messages"),
            Some(json!({ "body": "Vamos verificar." })),
        )
        .await,
        201,
        "agent reply",
    )
    .await;
    expect_status(
        demo.call_as(
            Role::Client,
            Method::POST,
            &format!("/api/v1/tickets/{id}/messages"),
            Some(json!({ "body": "Obrigado!" })),
        )
        .await,
        201,
        "client reply",
    )
    .await;
    let replied = demo
        .until(Role::Supervisor, &format!("/api/v1/tickets/{id}"), |t| {
            t["tags"].as_array().unwrap().len() == 2
        })
        .await;
    assert_eq!(replied["tags"], json!(["folha", "respondido"]));
    let events = get(
        &demo,
        Role::Supervisor,
        &format!("/api/v1/tickets/{id}/events"),
    )
    .await;
    assert_eq!(firings(&events, "Cliente respondeu").len(), 1, "{events}");
}

#[tokio::test]
async fn a_time_rule_escalates_at_its_business_hours_moment_and_not_at_night() {
    // Tokens expire as the clock moves: many sign-ins.
    let mut demo = Demo::start_with(|s| s.auth_rate_limit_per_minute = 1000).await;
    let calendar = calendar(&demo).await;
    rule(
        &demo,
        Role::Supervisor,
        json!({
            "name": "Escalar após 2 horas úteis",
            "when": { "on": "time", "minutes": 120, "direction": "after", "anchor": "created", "calendar_id": calendar },
            "conditions": { "all": [
                { "field": "priority", "operator": "is", "value": ["normal"] },
                { "field": "status", "operator": "is", "value": ["new", "open"] }
            ] },
            "actions": [ { "type": "escalate" } ]
        }),
    )
    .await;
    // Monday 09:00 in São Paulo: due 11:00.
    let morning = open(
        &demo,
        Role::Client,
        json!({ "subject": "Sistema lento", "description": "Desde cedo." }),
    )
    .await;
    let morning_id = morning["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/tickets/{morning_id}");
    // Its timer is queued for 11:00 (14:00 UTC).
    let deadline = Instant::now() + PATIENCE;
    loop {
        let timers = timer_runs(&demo).await;
        if timers.iter().any(|t| t.ends_with("T14:00:00Z")) {
            break;
        }
        assert!(Instant::now() < deadline, "no timer: {timers:?}");
        tokio::time::sleep(StdDuration::from_millis(100)).await;
    }
    advance(&mut demo, Duration::minutes(119)).await; // 10:59
    tokio::time::sleep(StdDuration::from_millis(600)).await;
    assert_eq!(
        get(&demo, Role::Supervisor, &path).await["priority"],
        "normal"
    );
    advance(&mut demo, Duration::minutes(2)).await; // 11:01
    demo.until(Role::Supervisor, &path, |t| t["priority"] == "high")
        .await;
    let events = get(&demo, Role::Supervisor, &format!("{path}/events")).await;
    let fired = firings(&events, "Escalar após 2 horas úteis");
    assert_eq!(fired.len(), 1, "{events}");
    assert_eq!(fired[0]["data"]["trigger"], "time");
    assert_eq!(fired[0]["data"]["due_at"], "2026-03-02T14:00:00Z");
    // Supervisors heard of it.
    let notes = get(&demo, Role::Supervisor, "/api/v1/notifications").await;
    assert!(notes.to_string().contains("Escalonado"), "{notes}");

    // Opened at 17:30: two business hours end Tuesday 09:30, not tonight.
    advance(&mut demo, Duration::minutes(389)).await; // 17:30
    let evening = open(
        &demo,
        Role::Client,
        json!({ "subject": "Impressora", "description": "Não imprime." }),
    )
    .await;
    let evening_path = format!("/api/v1/tickets/{}", evening["id"].as_str().unwrap());
    let deadline = Instant::now() + PATIENCE;
    while !timer_runs(&demo)
        .await
        .iter()
        .any(|t| t.ends_with("2026-03-03T12:30:00Z"))
    {
        assert!(Instant::now() < deadline, "no timer for Tuesday 09:30");
        tokio::time::sleep(StdDuration::from_millis(100)).await;
    }
    advance(&mut demo, Duration::hours(5)).await; // 22:30
    tokio::time::sleep(StdDuration::from_millis(600)).await;
    assert_eq!(
        get(&demo, Role::Supervisor, &evening_path).await["priority"],
        "normal"
    );
    advance(&mut demo, Duration::hours(11)).await; // Tuesday 09:30
    demo.until(Role::Supervisor, &evening_path, |t| t["priority"] == "high")
        .await;
    // The morning ticket's rule fired once: it is high now, no longer
    // normal, and its moment passed.
    assert_eq!(
        get(&demo, Role::Supervisor, &path).await["priority"],
        "high"
    );

    // Opened Monday 20/04/2026 at 17:30, before Tiradentes (Tuesday): the
    // moment skips the holiday to Wednesday 09:30.
    let now = demo.app.clock.now();
    let target = chrono::DateTime::parse_from_rfc3339("2026-04-20T20:30:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    advance(&mut demo, target - now).await;
    open(
        &demo,
        Role::Client,
        json!({ "subject": "Véspera de feriado", "description": "x" }),
    )
    .await;
    let deadline = Instant::now() + PATIENCE;
    while !timer_runs(&demo)
        .await
        .iter()
        .any(|t| t.ends_with("2026-04-22T12:30:00Z"))
    {
        assert!(
            Instant::now() < deadline,
            "no timer for Wednesday 09:30: {:?}",
            timer_runs(&demo).await
        );
        tokio::time::sleep(StdDuration::from_millis(100)).await;
    }
}

/// The `run_at` of every queued or finished automation timer.
async fn timer_runs(demo: &Demo) -> Vec<String> {
    use atende_api::jobs::entity as job;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    job::Entity::find()
        .filter(job::Column::Kind.eq("automation.timer"))
        .all(&demo.app.state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|j| j.run_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .collect()
}

async fn advance(demo: &mut Demo, by: Duration) {
    demo.app.clock.advance(by);
    // Tokens last 15 minutes of the (test) clock.
    for role in [Role::Client, Role::Supervisor, Role::Agent] {
        demo.sign_in_again(role).await;
    }
}

#[tokio::test]
async fn out_of_hours_replies_name_the_next_opening_and_never_answer_automatic_messages() {
    let mut demo = Demo::start_with(|s| s.auth_rate_limit_per_minute = 1000).await;
    let calendar = calendar(&demo).await;
    rule(
        &demo,
        Role::Supervisor,
        json!({
            "name": "Fora do expediente",
            "when": { "on": "created" },
            "conditions": { "all": [
                { "field": "business_hours", "operator": "outside", "value": calendar }
            ] },
            "actions": [ { "type": "reply", "value": { "body":
                "Olá, {{cliente.nome}}! Recebemos o chamado {{chamado.numero}}. Retornaremos a partir de {{atendimento.proxima_abertura}}." } } ]
        }),
    )
    .await;
    // Monday 20:00 in São Paulo.
    advance(&mut demo, Duration::hours(11)).await;
    let ticket = open(
        &demo,
        Role::Client,
        json!({ "subject": "Acesso bloqueado", "description": "Não entro no sistema." }),
    )
    .await;
    let path = format!("/api/v1/tickets/{}", ticket["id"].as_str().unwrap());
    let messages = demo
        .until(Role::Client, &format!("{path}/messages"), |m| {
            !m.as_array().unwrap().is_empty()
        })
        .await;
    let reply = messages[0]["body"].as_str().unwrap();
    assert!(
        reply.contains("Retornaremos a partir de terça-feira, 03/03/2026, 08:00"),
        "{reply}"
    );
    assert!(
        reply.contains(ticket["reference"].as_str().unwrap()),
        "{reply}"
    );
    // An automatic message (an auto-reply relayed by an integrator) and a
    // ticket staff opened for the client are not answered: the timeline
    // says why.
    let automatic = open(
        &demo,
        Role::Client,
        json!({ "subject": "Resposta automática: ausente", "description": "Estou de férias.", "auto_submitted": true }),
    )
    .await;
    let by_staff = open(
        &demo,
        Role::Agent,
        json!({ "subject": "Ligação do cliente", "description": "Pediu segunda via.",
                "company_id": demo.company("Pão Dourado"), "requester_id": demo.user("cliente@atende.demo"),
                "channel": "phone" }),
    )
    .await;
    for (ticket, reason) in [
        (&automatic, "auto_submitted"),
        (&by_staff, "opened_by_staff"),
    ] {
        let path = format!("/api/v1/tickets/{}/events", ticket["id"].as_str().unwrap());
        let events = demo
            .until(Role::Supervisor, &path, |e| {
                !firings(e, "Fora do expediente").is_empty()
            })
            .await;
        let fired = firings(&events, "Fora do expediente");
        assert_eq!(fired[0]["data"]["skipped"][0]["reason"], reason, "{events}");
        assert_eq!(fired[0]["data"]["actions"], json!([]));
        let messages = get(
            &demo,
            Role::Supervisor,
            &format!(
                "/api/v1/tickets/{}/messages",
                ticket["id"].as_str().unwrap()
            ),
        )
        .await;
        assert_eq!(messages, json!([]), "no reply to {reason}");
    }
}

#[tokio::test]
async fn the_dry_run_explains_each_condition_and_invalid_rules_name_their_path() {
    let demo = Demo::start().await;
    let ticket = open(
        &demo,
        Role::Client,
        json!({ "subject": "Erro na nota fiscal", "description": "Rejeição 225.", "priority": "high" }),
    )
    .await;
    rule(
        &demo,
        Role::Supervisor,
        json!({
            "name": "Urgentes fiscais",
            "enabled": false,
            "when": { "on": "created" },
            "conditions": { "all": [
                { "field": "text", "operator": "contains", "value": "nota fiscal" },
                { "field": "priority", "operator": "is", "value": ["urgent"] }
            ] },
            "actions": [ { "type": "add_tags", "value": ["fiscal"] } ]
        }),
    )
    .await;
    let dry = expect_status(
        demo.call_as(
            Role::Supervisor,
            Method::POST,
            "/api/v1/automation/dry-run",
            Some(json!({ "ticket": ticket["reference"] })),
        )
        .await,
        200,
        "dry run",
    )
    .await;
    let r = &dry["rules"][0];
    assert_eq!(r["name"], "Urgentes fiscais");
    assert_eq!(r["enabled"], false);
    assert_eq!(r["conditions_met"], false);
    assert_eq!(r["conditions"][0]["matched"], true);
    assert_eq!(r["conditions"][1]["matched"], false);
    assert_eq!(r["conditions"][1]["actual"], "high");
    // A ticket number nobody has, and one outside the actor's reach: 404.
    expect_not_found(
        demo.call_as(
            Role::Supervisor,
            Method::POST,
            "/api/v1/automation/dry-run",
            Some(json!({ "ticket": "#999999" })),
        )
        .await,
        "unknown ticket",
    )
    .await;

    // Each bad part is named by its path; nothing is stored.
    let before = get(&demo, Role::Supervisor, "/api/v1/automation/rules").await;
    for (body, field) in [
        (
            json!({ "name": "x", "when": { "on": "created" }, "conditions": { "all": [
                { "field": "status", "operator": "is", "value": ["open"] },
                { "field": "status", "operator": "is", "value": ["open"] },
                { "field": "priority", "operator": "is", "value": ["altíssima"] } ] },
                "actions": [ { "type": "add_tags", "value": ["a"] } ] }),
            "conditions.all[2].value",
        ),
        (
            json!({ "name": "x", "when": { "on": "created" }, "conditions": { "all": [
                { "field": "cor", "operator": "is", "value": ["azul"] } ] },
                "actions": [ { "type": "add_tags", "value": ["a"] } ] }),
            "conditions.all[0].field",
        ),
        (
            json!({ "name": "x", "when": { "on": "time", "minutes": 60, "anchor": "created" },
                "conditions": { "all": [ { "field": "status", "operator": "is", "value": ["open"] } ] },
                "actions": [ { "type": "add_note", "value": "de novo" } ] }),
            "actions",
        ),
        (
            json!({ "name": "x", "when": { "on": "created" },
                "actions": [ { "type": "assign_team", "value": { "team_id": "01000000-0000-7000-8000-000000000000" } } ] }),
            "actions[0].value",
        ),
        (
            json!({ "name": " ", "when": { "on": "created" }, "actions": [ { "type": "add_tags", "value": ["a"] } ] }),
            "name",
        ),
    ] {
        let problem = expect_code(
            demo.call_as(
                Role::Supervisor,
                Method::POST,
                "/api/v1/automation/rules",
                Some(body),
            )
            .await,
            422,
            "validation",
            field,
        )
        .await;
        assert_eq!(problem["errors"][0]["field"], field, "{problem}");
    }
    // Every bad part at once.
    let problem = expect_code(
        demo.call_as(
            Role::Supervisor,
            Method::POST,
            "/api/v1/automation/rules",
            Some(
                json!({ "name": "x", "when": { "on": "created", "minutes": 5 },
                "conditions": { "any": [ { "field": "tags", "operator": "is", "value": ["a"] } ] },
                "actions": [ { "type": "set_priority", "value": "máxima" } ] }),
            ),
        )
        .await,
        422,
        "validation",
        "several",
    )
    .await;
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        [
            "when.minutes",
            "conditions.any[0].operator",
            "actions[0].value"
        ],
        "{problem}"
    );
    assert_eq!(
        get(&demo, Role::Supervisor, "/api/v1/automation/rules").await,
        before
    );
}

#[tokio::test]
async fn rules_stay_inside_their_consultancy() {
    let demo = Demo::start().await;
    // Demo staff work Contábil Horizonte; a second consultancy has its own
    // supervisor.
    let other = demo.create_consultancy("Outra Consultoria").await;
    let (_, other_supervisor) = demo
        .create_signed_in_user("sup.outra@atende.demo", Role::Supervisor, &[other])
        .await;
    let nucleo = demo.company("Clínica Vida Plena");
    // Naming a company outside the writer's reach: 422.
    let problem = expect_code(
        demo.call_as(
            Role::Supervisor,
            Method::POST,
            "/api/v1/automation/rules",
            Some(json!({ "name": "Alheia", "when": { "on": "created" },
                "conditions": { "all": [ { "field": "company", "operator": "is", "value": [nucleo] } ] },
                "actions": [ { "type": "add_tags", "value": ["x"] } ] })),
        )
        .await,
        422,
        "validation",
        "foreign company",
    )
    .await;
    assert_eq!(problem["errors"][0]["field"], "conditions.all[0].value");
    let mine = rule(
        &demo,
        Role::Supervisor,
        json!({ "name": "Tudo com etiqueta", "when": { "on": "created" },
            "actions": [ { "type": "add_tags", "value": ["horizonte"] } ] }),
    )
    .await;
    assert_eq!(
        mine["consultancy_ids"],
        json!([demo.company("Contábil Horizonte")])
    );
    let id = mine["id"].as_str().unwrap();
    // The other consultancy's supervisor neither sees nor touches it.
    let listed = expect_status(
        demo.call(
            &other_supervisor,
            Method::GET,
            "/api/v1/automation/rules",
            None,
        )
        .await,
        200,
        "other list",
    )
    .await;
    assert_eq!(listed, json!([]));
    let path = format!("/api/v1/automation/rules/{id}");
    for (method, body) in [
        (Method::GET, None),
        (
            Method::PUT,
            Some(json!({ "name": "Tomada", "when": { "on": "created" },
                "actions": [ { "type": "add_tags", "value": ["x"] } ] })),
        ),
        (Method::DELETE, None),
    ] {
        expect_not_found(
            demo.call(&other_supervisor, method, &path, body).await,
            "foreign rule",
        )
        .await;
    }
    expect_not_found(
        demo.call(
            &other_supervisor,
            Method::PUT,
            &format!("{path}/enabled"),
            Some(json!({ "enabled": false })),
        )
        .await,
        "foreign switch",
    )
    .await;
    let unchanged = get(&demo, Role::Supervisor, &path).await;
    assert_eq!(unchanged["name"], "Tudo com etiqueta");
    assert_eq!(unchanged["enabled"], true);
    // Agents lack the permission.
    expect_code(
        demo.call_as(Role::Agent, Method::GET, "/api/v1/automation/rules", None)
            .await,
        403,
        "forbidden",
        "agent",
    )
    .await;
    // The rule acts on its consultancy's tickets only: a Núcleo TI ticket
    // opened by the admin stays untagged, a Pão Dourado one is tagged.
    let foreign = open(
        &demo,
        Role::Admin,
        json!({ "subject": "Fora", "description": "x", "company_id": nucleo }),
    )
    .await;
    let own = open(
        &demo,
        Role::Client,
        json!({ "subject": "Dentro", "description": "x" }),
    )
    .await;
    demo.until(
        Role::Supervisor,
        &format!("/api/v1/tickets/{}", own["id"].as_str().unwrap()),
        |t| t["tags"] == json!(["horizonte"]),
    )
    .await;
    let foreign = get(
        &demo,
        Role::Admin,
        &format!("/api/v1/tickets/{}", foreign["id"].as_str().unwrap()),
    )
    .await;
    assert_eq!(foreign["tags"], json!([]), "{foreign}");
}

#[tokio::test]
async fn rules_run_in_order_and_a_loop_stops_at_the_limit() {
    let demo = Demo::start().await;
    // Two rules that undo each other: each answers the other's tag change.
    for (name, add, remove) in [
        ("Liga", "ligado", "desligado"),
        ("Desliga", "desligado", "ligado"),
    ] {
        rule(
            &demo,
            Role::Supervisor,
            json!({ "name": name, "when": { "on": "updated", "events": ["tags_changed"] },
                "conditions": { "all": [ { "field": "tags", "operator": "contains_none", "value": [add] } ] },
                "actions": [ { "type": "add_tags", "value": [add] }, { "type": "remove_tags", "value": [remove] } ] }),
        )
        .await;
    }
    let ticket = open(
        &demo,
        Role::Client,
        json!({ "subject": "Ciclo", "description": "x" }),
    )
    .await;
    let id = ticket["id"].as_str().unwrap();
    let current = get(&demo, Role::Agent, &format!("/api/v1/tickets/{id}")).await;
    expect_status(
        demo.call_as(
            Role::Agent,
            Method::PATCH,
            &format!("/api/v1/tickets/{id}"),
            Some(json!({ "version": current["version"], "tags": ["inicio"] })),
        )
        .await,
        200,
        "tagging",
    )
    .await;
    let events = demo
        .until(
            Role::Supervisor,
            &format!("/api/v1/tickets/{id}/events"),
            |e| timeline_kinds(e).contains(&"rule_loop_limit".to_owned()),
        )
        .await;
    let fired: Vec<(String, u64)> = events
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "rule_fired")
        .map(|e| {
            (
                e["data"]["rule"].as_str().unwrap().to_owned(),
                e["data"]["pass"].as_u64().unwrap(),
            )
        })
        .collect();
    // Pass 1: both answer the agent's change, in order; each later pass
    // answers only the other rule's change; after five passes the loop
    // stops.
    assert_eq!(fired.len(), 10, "{fired:?}");
    assert_eq!(fired[0], ("Liga".to_owned(), 1));
    assert_eq!(fired[1], ("Desliga".to_owned(), 1));
    assert_eq!(fired[9], ("Desliga".to_owned(), 5));
    let rules = get(&demo, Role::Supervisor, "/api/v1/automation/rules").await;
    let errors: u64 = rules
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["stats"]["errors_7d"].as_u64().unwrap())
        .sum();
    assert_eq!(errors, 1, "the loop limit is counted once: {rules}");
    // Reordering puts "Desliga" first.
    let ids: Vec<Value> = rules
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .map(|r| r["id"].clone())
        .collect();
    let reordered = expect_status(
        demo.call_as(
            Role::Supervisor,
            Method::PUT,
            "/api/v1/automation/rules/order",
            Some(json!({ "ids": ids })),
        )
        .await,
        200,
        "reorder",
    )
    .await;
    assert_eq!(reordered[0]["name"], "Desliga");
    // An order missing a rule is refused.
    expect_code(
        demo.call_as(
            Role::Supervisor,
            Method::PUT,
            "/api/v1/automation/rules/order",
            Some(json!({ "ids": [ids[0]] })),
        )
        .await,
        422,
        "validation",
        "partial order",
    )
    .await;
}
