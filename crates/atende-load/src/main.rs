//! `atende-load`: drives a running Atende over HTTP and prints, for each
//! scenario, requests per second, p50 and p99 latency at a fixed number of
//! concurrent connections. `cargo xtask bench` seeds a fresh database,
//! starts the server and runs this; it can also be pointed at any server
//! that has the demo logins.
//!
//! Each scenario runs `connections` tasks in a closed loop for `seconds`
//! (after a short warm-up): a task sends its next request as soon as the
//! previous answer has been read. Every latency is kept, so percentiles are
//! exact rather than estimated.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use anyhow::{Context, bail};
use clap::Parser;
use rand::{Rng, SeedableRng, rngs::StdRng, seq::IndexedRandom};
use serde_json::{Value, json};

#[derive(Debug, Parser)]
#[command(
    name = "atende-load",
    about = "Load test the ticket endpoints of a running Atende."
)]
struct Options {
    /// The server's base address.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    url: String,
    /// Concurrent connections (each a closed loop).
    #[arg(long, default_value_t = 64)]
    connections: usize,
    /// Measured seconds per scenario.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// Password of the demo logins.
    #[arg(long, default_value = "Atende#Demo2026")]
    password: String,
    /// Only the scenarios whose name contains this.
    #[arg(long)]
    only: Option<String>,
    /// Then measures ticket creation with this many automation rules on
    /// against none (created as the demo supervisor, switched on and off
    /// in alternating rounds, deleted at the end) and prints the ratio.
    #[arg(long)]
    automation_rules: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scenario {
    AgentListFiltered,
    ClientListScoped,
    OneTicket,
    FullTextSearch,
    CreateTicket,
}

impl Scenario {
    const ALL: [Scenario; 5] = [
        Scenario::AgentListFiltered,
        Scenario::ClientListScoped,
        Scenario::OneTicket,
        Scenario::FullTextSearch,
        Scenario::CreateTicket,
    ];

    fn name(self) -> &'static str {
        match self {
            Scenario::AgentListFiltered => "agent list filtered",
            Scenario::ClientListScoped => "client list scoped",
            Scenario::OneTicket => "one ticket",
            Scenario::FullTextSearch => "full-text search",
            Scenario::CreateTicket => "create ticket",
        }
    }

    fn request(self, ctx: &Context_, rng: &mut impl Rng) -> reqwest::RequestBuilder {
        let base = &ctx.url;
        match self {
            Scenario::AgentListFiltered => {
                let status = ["open", "pending", "new", "open,pending"]
                    .choose(rng)
                    .copied();
                let priority = ["high", "urgent", "normal"].choose(rng).copied();
                ctx.http
                    .get(format!(
                        "{base}/api/v1/tickets?status={}&priority={}",
                        status.unwrap_or("open"),
                        priority.unwrap_or("high")
                    ))
                    .bearer_auth(&ctx.agent)
            }
            Scenario::ClientListScoped => ctx
                .http
                .get(format!("{base}/api/v1/tickets"))
                .bearer_auth(&ctx.client),
            Scenario::OneTicket => {
                let id = ctx.ticket_ids.choose(rng).map_or("", String::as_str);
                ctx.http
                    .get(format!("{base}/api/v1/tickets/{id}"))
                    .bearer_auth(&ctx.agent)
            }
            Scenario::FullTextSearch => {
                let q = [
                    "boleto",
                    "nota fiscal",
                    "ferias",
                    "impressora",
                    "certidao negativa",
                    "acao trabalhista",
                    "backup",
                    "contrato reajuste",
                ]
                .choose(rng)
                .copied()
                .unwrap_or("boleto");
                // The words are plain ASCII: `+` is all the encoding needed.
                ctx.http
                    .get(format!("{base}/api/v1/tickets?q={}", q.replace(' ', "+")))
                    .bearer_auth(&ctx.agent)
            }
            Scenario::CreateTicket => ctx
                .http
                .post(format!("{base}/api/v1/tickets"))
                .bearer_auth(&ctx.client)
                .json(&json!({
                    "subject": "Teste de carga: nota fiscal não emitida",
                    "description": "A emissão da NFS-e falhou com erro de validação.",
                    "priority": "normal",
                })),
        }
    }
}

/// What every task shares.
struct Context_ {
    http: reqwest::Client,
    url: String,
    agent: String,
    client: String,
    ticket_ids: Vec<String>,
}

struct Figures {
    requests: usize,
    errors: usize,
    elapsed: Duration,
    p50: Duration,
    p99: Duration,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let options = Options::parse();
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(options.connections)
        .timeout(Duration::from_secs(30))
        .build()?;
    let url = options.url.trim_end_matches('/').to_owned();
    let agent = login(&http, &url, "agente@atende.demo", &options.password).await?;
    let client = login(&http, &url, "cliente@atende.demo", &options.password).await?;
    let ticket_ids = ticket_ids(&http, &url, &agent).await?;
    let ctx = Arc::new(Context_ {
        http,
        url,
        agent,
        client,
        ticket_ids,
    });
    println!(
        "{} connections, {} s per scenario, against {}\n",
        options.connections, options.seconds, ctx.url
    );
    println!("| scenario | requests | req/s | p50 ms | p99 ms | errors |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    for scenario in Scenario::ALL {
        if let Some(only) = &options.only
            && !scenario.name().contains(only.as_str())
        {
            continue;
        }
        // Warm caches and the connection pool, unmeasured.
        run(&ctx, scenario, options.connections, Duration::from_secs(2)).await?;
        let f = run(
            &ctx,
            scenario,
            options.connections,
            Duration::from_secs(options.seconds),
        )
        .await?;
        println!(
            "| {} | {} | {:.0} | {:.1} | {:.1} | {} |",
            scenario.name(),
            f.requests,
            f.requests as f64 / f.elapsed.as_secs_f64(),
            f.p50.as_secs_f64() * 1000.0,
            f.p99.as_secs_f64() * 1000.0,
            f.errors
        );
    }
    if let Some(count) = options.automation_rules {
        automation_ab(&ctx, &options, count).await?;
    }
    Ok(())
}

/// Twenty-odd rules a consultancy might run: routing by words, tags and
/// channels, an out-of-hours check, escalation by priority; one matches
/// the tickets this benchmark creates ("nota fiscal"), the others look
/// and pass.
fn sample_rule(i: usize) -> serde_json::Value {
    let words = [
        "folha de pagamento",
        "holerite",
        "boleto",
        "certidão",
        "férias",
        "impressora",
        "backup",
        "contrato",
        "rescisão",
        "alvará",
    ];
    let conditions = match i % 4 {
        0 => {
            json!({ "all": [ { "field": "text", "operator": "contains", "value": words[i % words.len()] } ] })
        }
        1 => json!({ "all": [
            { "field": "priority", "operator": "is", "value": ["urgent"] },
            { "field": "status", "operator": "is", "value": ["new"] } ] }),
        2 => json!({ "all": [
            { "field": "channel", "operator": "is", "value": ["email", "phone"] },
            { "field": "tags", "operator": "contains_any", "value": [format!("t{i}")] } ] }),
        _ => json!({ "any": [
            { "field": "requester_role", "operator": "is", "value": ["client_supervisor"] },
            { "field": "text", "operator": "contains", "value": words[(i + 3) % words.len()] } ] }),
    };
    let conditions = if i == 0 {
        json!({ "all": [ { "field": "text", "operator": "contains", "value": "nota fiscal" } ] })
    } else {
        conditions
    };
    json!({
        "name": format!("Regra de carga {i}"),
        "enabled": false,
        "when": { "on": "created" },
        "conditions": conditions,
        "actions": [ { "type": "add_tags", "value": [format!("carga{i}")] } ]
    })
}

/// Ticket creation with `count` rules on against none, in alternating
/// rounds (off, on, off, on), with the ratio of throughputs.
async fn automation_ab(ctx: &Arc<Context_>, options: &Options, count: usize) -> anyhow::Result<()> {
    let supervisor = login(
        &ctx.http,
        &ctx.url,
        "supervisor@atende.demo",
        &options.password,
    )
    .await?;
    let mut ids = Vec::with_capacity(count);
    for i in 0..count {
        let created: serde_json::Value = ctx
            .http
            .post(format!("{}/api/v1/automation/rules", ctx.url))
            .bearer_auth(&supervisor)
            .json(&sample_rule(i))
            .send()
            .await?
            .error_for_status()
            .context("creating a rule")?
            .json()
            .await?;
        ids.push(
            created["id"]
                .as_str()
                .context("a rule without an id")?
                .to_owned(),
        );
    }
    let switch = |on: bool| {
        let ids = ids.clone();
        let supervisor = supervisor.clone();
        async move {
            for id in &ids {
                ctx.http
                    .put(format!("{}/api/v1/automation/rules/{id}/enabled", ctx.url))
                    .bearer_auth(&supervisor)
                    .json(&json!({ "enabled": on }))
                    .send()
                    .await?
                    .error_for_status()?;
            }
            anyhow::Ok(())
        }
    };
    println!("\n| create ticket | requests | req/s | p50 ms | p99 ms | errors |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    let mut rates = [0.0_f64; 2];
    for round in 0..2 {
        for (side, on) in [false, true].into_iter().enumerate() {
            switch(on).await?;
            // Let the rules' work from the previous phase drain.
            tokio::time::sleep(Duration::from_secs(3)).await;
            let f = run(
                ctx,
                Scenario::CreateTicket,
                options.connections,
                Duration::from_secs(options.seconds),
            )
            .await?;
            let rate = f.requests as f64 / f.elapsed.as_secs_f64();
            rates[side] += rate;
            println!(
                "| round {}, {} rules | {} | {:.0} | {:.1} | {:.1} | {} |",
                round + 1,
                if on { count } else { 0 },
                f.requests,
                rate,
                f.p50.as_secs_f64() * 1000.0,
                f.p99.as_secs_f64() * 1000.0,
                f.errors
            );
        }
    }
    println!(
        "\n{count} rules on ÷ none, ticket creation throughput: {:.2}×",
        rates[1] / rates[0].max(f64::MIN_POSITIVE)
    );
    for id in &ids {
        ctx.http
            .delete(format!("{}/api/v1/automation/rules/{id}", ctx.url))
            .bearer_auth(&supervisor)
            .send()
            .await?
            .error_for_status()?;
    }
    Ok(())
}

async fn run(
    ctx: &Arc<Context_>,
    scenario: Scenario,
    connections: usize,
    length: Duration,
) -> anyhow::Result<Figures> {
    let started = Instant::now();
    let deadline = started + length;
    let mut tasks = Vec::with_capacity(connections);
    for _ in 0..connections {
        let ctx = Arc::clone(ctx);
        tasks.push(tokio::spawn(async move {
            let mut rng = StdRng::from_rng(&mut rand::rng());
            let mut latencies = Vec::new();
            let mut errors = 0_usize;
            while Instant::now() < deadline {
                let sent = Instant::now();
                let ok = match scenario.request(&ctx, &mut rng).send().await {
                    Ok(response) => {
                        let success = response.status().is_success();
                        // The body is part of the answer's cost.
                        success && response.bytes().await.is_ok()
                    }
                    Err(_) => false,
                };
                latencies.push(sent.elapsed());
                if !ok {
                    errors += 1;
                }
            }
            (latencies, errors)
        }));
    }
    let mut latencies = Vec::new();
    let mut errors = 0;
    for task in tasks {
        let (l, e) = task.await.context("a load task panicked")?;
        latencies.extend(l);
        errors += e;
    }
    let elapsed = started.elapsed();
    latencies.sort_unstable();
    Ok(Figures {
        requests: latencies.len(),
        errors,
        elapsed,
        p50: percentile(&latencies, 50),
        p99: percentile(&latencies, 99),
    })
}

/// The nearest-rank percentile of sorted samples.
fn percentile(sorted: &[Duration], p: usize) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    sorted[rank.min(sorted.len()) - 1]
}

async fn login(
    http: &reqwest::Client,
    url: &str,
    email: &str,
    password: &str,
) -> anyhow::Result<String> {
    let response = http
        .post(format!("{url}/api/v1/auth/login"))
        .json(&json!({ "email": email, "password": password }))
        .send()
        .await
        .with_context(|| format!("cannot reach {url}"))?;
    if !response.status().is_success() {
        bail!("signing in as {email} failed: {}", response.status());
    }
    let body: Value = response.json().await?;
    body["tokens"]["access_token"]
        .as_str()
        .map(str::to_owned)
        .with_context(|| format!("no access token for {email} (is MFA required?)"))
}

async fn ticket_ids(http: &reqwest::Client, url: &str, token: &str) -> anyhow::Result<Vec<String>> {
    let body: Value = http
        .get(format!("{url}/api/v1/tickets?limit=200"))
        .bearer_auth(token)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let ids: Vec<String> = body["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|t| t["id"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    if ids.is_empty() {
        bail!("the agent sees no tickets: seed some with `atende seed --tickets N`");
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        let samples: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(percentile(&samples, 50), Duration::from_millis(50));
        assert_eq!(percentile(&samples, 99), Duration::from_millis(99));
        assert_eq!(percentile(&samples[..1], 99), Duration::from_millis(1));
        assert_eq!(percentile(&[], 50), Duration::ZERO);
    }
}
