//! `cargo xtask bench`: the ticket load benchmark. For each database it
//! seeds a fresh one with `atende seed --tickets N`, starts the release
//! server on a free loopback port and runs `atende-load` against it, which
//! prints req/s, p50 and p99 per scenario.

use std::{
    fs,
    net::{TcpListener, TcpStream},
    path::Path,
    process::{Child, Command},
    thread,
    time::{Duration, Instant},
};

use anyhow::{Context, bail};

use crate::util::{self, cargo};

#[derive(Debug, clap::Args)]
pub struct BenchOptions {
    /// Tickets to seed before measuring.
    #[arg(long, default_value_t = 1_000_000)]
    tickets: u64,
    /// Concurrent connections.
    #[arg(long, default_value_t = 64)]
    connections: usize,
    /// Measured seconds per scenario.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// `sqlite`, `postgres` or `both`.
    #[arg(long, default_value = "both")]
    database: String,
    /// PostgreSQL server; the database `atende_bench` on it is dropped and
    /// recreated with `psql`.
    #[arg(long, default_value = "postgres://postgres@127.0.0.1:5432")]
    postgres: String,
    /// Only the scenarios whose name contains this.
    #[arg(long)]
    only: Option<String>,
    /// Also measure ticket creation with this many automation rules on,
    /// against none, alternating (see `atende-load --automation-rules`).
    #[arg(long)]
    automation_rules: Option<usize>,
}

pub fn run(root: &Path, opts: &BenchOptions) -> anyhow::Result<()> {
    util::run(cargo().current_dir(root).args([
        "build",
        "--release",
        "-p",
        "atende-api",
        "--bin",
        "atende",
        "-p",
        "atende-load",
        "--bin",
        "atende-load",
    ]))?;
    let bin = util::target_dir(root).join("release");
    let work = util::target_dir(root).join("bench");
    let databases: &[&str] = match opts.database.as_str() {
        "both" => &["sqlite", "postgres"],
        "sqlite" => &["sqlite"],
        "postgres" => &["postgres"],
        other => bail!("--database must be sqlite, postgres or both, not {other:?}"),
    };
    for database in databases {
        let _ = fs::remove_dir_all(&work);
        fs::create_dir_all(&work).context("cannot create the bench directory")?;
        let url = match *database {
            "sqlite" => format!("sqlite://{}?mode=rwc", work.join("atende.db").display()),
            _ => {
                let server = opts.postgres.trim_end_matches('/');
                util::run(Command::new("psql").args([
                    &format!("{server}/postgres"),
                    "-qc",
                    "DROP DATABASE IF EXISTS atende_bench",
                    "-c",
                    "CREATE DATABASE atende_bench",
                ]))?;
                format!("{server}/atende_bench")
            }
        };
        let atende = || {
            let mut command = Command::new(bin.join("atende"));
            command
                .env("ATENDE_DATABASE_URL", &url)
                .env("ATENDE_ATTACHMENTS_DIR", work.join("attachments"))
                .env("ATENDE_LOG_LEVEL", "warn")
                .env("ATENDE_AUTH_RATE_LIMIT_PER_MINUTE", "100000");
            command
        };
        eprintln!("\n== {database}: seeding {} tickets", opts.tickets);
        util::run(atende().args(["seed", "--tickets", &opts.tickets.to_string()]))?;
        let port = free_port()?;
        let server = atende()
            .arg("serve")
            .env("ATENDE_PORT", port.to_string())
            .spawn()
            .context("cannot start atende")?;
        let server = Server(server);
        wait_for(port)?;
        eprintln!("== {database}: load");
        let mut load = Command::new(bin.join("atende-load"));
        load.args([
            "--url",
            &format!("http://127.0.0.1:{port}"),
            "--connections",
            &opts.connections.to_string(),
            "--seconds",
            &opts.seconds.to_string(),
        ]);
        if let Some(only) = &opts.only {
            load.args(["--only", only]);
        }
        if let Some(rules) = opts.automation_rules {
            load.args(["--automation-rules", &rules.to_string()]);
        }
        let result = util::run(&mut load);
        drop(server);
        result?;
    }
    Ok(())
}

/// The server, stopped when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> anyhow::Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("no free port")?;
    Ok(listener.local_addr()?.port())
}

fn wait_for(port: u16) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(120);
    while Instant::now() < deadline {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        thread::sleep(Duration::from_millis(200));
    }
    bail!("atende did not start listening on port {port}")
}
