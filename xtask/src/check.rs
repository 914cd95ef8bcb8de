//! `cargo xtask test`: every check CI runs, in order, with the time each
//! stage took. `cargo xtask e2e` runs the browser stage alone, `cargo xtask
//! client-check` the generated-client check alone.

use std::{
    net::{SocketAddr, TcpStream},
    path::Path,
    process::Command,
    time::{Duration, Instant},
};

use anyhow::bail;

use crate::{
    frontend, setup,
    util::{self, cargo},
};

/// The PostgreSQL the suite runs against unless `TEST_POSTGRES_URL` says
/// otherwise: the maintenance database through which each test creates and
/// drops its own database.
const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

/// Options of `test`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct TestOptions {
    /// Skip the browser tests.
    #[arg(long)]
    pub no_e2e: bool,
}

/// Runs every stage; stops at the first failure, after printing the timings.
pub fn all(root: &Path, opts: &TestOptions) -> anyhow::Result<()> {
    let mut stages = Stages::default();
    let result = run_all(root, opts, &mut stages);
    stages.print();
    result
}

fn run_all(root: &Path, opts: &TestOptions, stages: &mut Stages) -> anyhow::Result<()> {
    stages.run(
        "setup (wasm target, npm packages, Chromium, Python)",
        || {
            frontend::ensure_target()?;
            setup::npm_packages(root)?;
            if !opts.no_e2e {
                setup::chromium()?;
                setup::python_client_env(root)?;
            }
            Ok(())
        },
    )?;
    stages.run("cargo fmt --check", || {
        util::run(
            cargo()
                .args(["fmt", "--all", "--", "--check"])
                .current_dir(root),
        )
    })?;
    stages.run("clippy (server crates)", || {
        util::run(
            cargo()
                .args(["clippy", "--all-targets", "--", "-D", "warnings"])
                .current_dir(root),
        )
    })?;
    stages.run("clippy (SPA, wasm32)", || {
        util::run(
            cargo()
                .args([
                    "clippy",
                    "-p",
                    "atende-frontend",
                    "--target",
                    frontend::TARGET,
                    "--",
                    "-D",
                    "warnings",
                ])
                .current_dir(root),
        )
    })?;
    stages.run("tests on SQLite (incl. OpenAPI drift)", || {
        util::run(
            cargo()
                .args(["test", "--workspace"])
                .env_remove("TEST_DATABASE_URL")
                .current_dir(root),
        )
    })?;
    let postgres =
        std::env::var("TEST_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_POSTGRES_URL.into());
    if postgres_reachable(&postgres) {
        stages.run("tests on PostgreSQL", || {
            util::run(
                cargo()
                    // `--workspace` like the SQLite stage: the same feature
                    // set, so nothing is rebuilt.
                    .args(["test", "--workspace"])
                    .env("TEST_DATABASE_URL", &postgres)
                    .current_dir(root),
            )
        })?;
    } else if is_ci() {
        bail!(
            "PostgreSQL at {postgres} is unreachable; with CI=true that is a failure, not a skip"
        );
    } else {
        util::warn(format!(
            "PostgreSQL at {postgres} is unreachable: its tests are SKIPPED (CI fails here)"
        ));
    }
    if !opts.no_e2e {
        e2e_stages(root, stages)?;
    }
    Ok(())
}

/// Builds the server and the SPA, then runs Playwright.
pub fn e2e(root: &Path) -> anyhow::Result<()> {
    let mut stages = Stages::default();
    let result = stages
        .run("setup (npm packages, Chromium, Python)", || {
            setup::npm_packages(root)?;
            setup::chromium()?;
            setup::python_client_env(root).map(|_| ())
        })
        .and_then(|()| e2e_stages(root, &mut stages));
    stages.print();
    result
}

/// Builds the server, then runs the generated-client check.
pub fn client_check(root: &Path) -> anyhow::Result<()> {
    let mut stages = Stages::default();
    let result = stages
        .run("setup (Python)", || {
            setup::python_client_env(root).map(|_| ())
        })
        .and_then(|()| stages.run("build server (debug)", || build_server(root)))
        .and_then(|()| stages.run(CLIENT_CHECK, || generated_client(root)));
    stages.print();
    result
}

const CLIENT_CHECK: &str = "generated Python client against the server";

fn build_server(root: &Path) -> anyhow::Result<()> {
    util::run(
        cargo()
            .args(["build", "-p", "atende-api", "--bin", "atende"])
            .current_dir(root),
    )
}

/// Generates a client from `openapi/openapi.json` with openapi-python-client
/// (no warning allowed) and uses it against a fresh server: sign-in,
/// tickets, an attachment, a dashboard, typed problems
/// (`clients/python/check.py`).
fn generated_client(root: &Path) -> anyhow::Result<()> {
    let python = setup::python_client_env(root)?;
    util::run(
        Command::new(python)
            .arg(root.join("clients").join("python").join("check.py"))
            .arg("--spec")
            .arg(root.join("openapi").join("openapi.json"))
            .arg("--bin")
            .arg(util::target_dir(root).join("debug").join("atende"))
            .current_dir(root),
    )
}

fn e2e_stages(root: &Path, stages: &mut Stages) -> anyhow::Result<()> {
    stages.run("build SPA (wasm, release)", || {
        frontend::build(root, &frontend::BuildOptions::default()).map(|_| ())
    })?;
    stages.run("build server (debug)", || build_server(root))?;
    stages.run(CLIENT_CHECK, || generated_client(root))?;
    stages.run("browser tests (Playwright, Chromium)", || {
        util::run(
            Command::new(setup::npm_bin(root, "playwright"))
                .arg("test")
                .env(
                    "E2E_ATENDE_BIN",
                    util::target_dir(root).join("debug").join("atende"),
                )
                .current_dir(root.join("e2e")),
        )
    })
}

fn is_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// Whether a TCP connection to the URL's host and port succeeds.
fn postgres_reachable(url: &str) -> bool {
    let Some(authority) = url
        .split("://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
    else {
        return false;
    };
    let host_port = authority.rsplit('@').next().unwrap_or(authority);
    let with_port = if host_port.contains(':') {
        host_port.to_owned()
    } else {
        format!("{host_port}:5432")
    };
    use std::net::ToSocketAddrs;
    with_port
        .to_socket_addrs()
        .ok()
        .and_then(|mut addrs| addrs.next())
        .is_some_and(|addr: SocketAddr| {
            TcpStream::connect_timeout(&addr, Duration::from_secs(3)).is_ok()
        })
}

/// Stage timings, printed as a table at the end.
#[derive(Default)]
struct Stages {
    done: Vec<(String, Duration, bool)>,
}

impl Stages {
    fn run(
        &mut self,
        name: &str,
        stage: impl FnOnce() -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        eprintln!("\n==> {name}");
        let start = Instant::now();
        let result = stage();
        self.done
            .push((name.to_owned(), start.elapsed(), result.is_ok()));
        result
    }

    fn print(&self) {
        eprintln!("\nstage timings:");
        let mut total = Duration::ZERO;
        for (name, took, ok) in &self.done {
            total += *took;
            let mark = if *ok { "ok  " } else { "FAIL" };
            eprintln!("  {mark} {:>7.1} s  {name}", took.as_secs_f64());
        }
        eprintln!("       {:>7.1} s  total", total.as_secs_f64());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreachable_postgres_is_noticed() {
        // Port 1 on loopback: nothing listens there.
        assert!(!postgres_reachable("postgres://postgres@127.0.0.1:1/test"));
        assert!(!postgres_reachable("not a url"));
    }
}
