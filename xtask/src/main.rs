//! Atende's task runner: `cargo xtask <command>` (alias in
//! `.cargo/config.toml`). Needs nothing but cargo; installs the rest (wasm
//! target, npm packages, Chromium, the Python environment of the
//! generated-client check) when missing.
//!
//! Each command lives in its own module; this file only parses the command
//! line and dispatches.

mod bench;
mod check;
mod frontend;
mod serve;
mod setup;
mod util;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "cargo xtask", about = "Build, run and test Atende.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the SPA and the server, then serve both on http://127.0.0.1:8080
    /// (SQLite under ./data, demo data on first start).
    Run(serve::RunOptions),
    /// Every check CI runs: fmt, clippy, tests on SQLite and PostgreSQL,
    /// OpenAPI drift, the generated-client check, browser tests. Prints each
    /// stage's duration.
    Test(check::TestOptions),
    /// Browser tests only (builds the SPA and the server first, and runs the
    /// generated-client check on that server build).
    E2e,
    /// Generate a Python client from openapi/openapi.json (no warnings
    /// allowed) and use it against a fresh server (builds the server first).
    ClientCheck,
    /// Build the web interface (Leptos → WebAssembly) into frontend/dist.
    BuildFrontend(frontend::BuildOptions),
    /// Rewrite openapi/openapi.json from the code.
    Openapi,
    /// The ticket load benchmark: seed a fresh database with a million
    /// tickets, start the release server, print req/s, p50 and p99.
    Bench(bench::BenchOptions),
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let root = util::workspace_root();
    match cli.command {
        Command::Run(opts) => serve::run(&root, &opts),
        Command::Test(opts) => check::all(&root, &opts),
        Command::E2e => check::e2e(&root),
        Command::ClientCheck => check::client_check(&root),
        Command::BuildFrontend(opts) => frontend::build(&root, &opts).map(|_| ()),
        Command::Openapi => serve::write_openapi(&root),
        Command::Bench(opts) => bench::run(&root, &opts),
    }
}
