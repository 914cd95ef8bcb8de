//! The `atende` command line: `serve` (default), `migrate`, `openapi`,
//! `seed --demo`, `seed --tickets N`, `audit verify`.

use std::{path::PathBuf, process::ExitCode, sync::Arc};

use clap::{Parser, Subcommand};

use crate::{
    config::Settings,
    startup::{self, Application},
    state::SystemClock,
    telemetry,
};

/// Atende — helpdesk and pending items for consultancies and their clients.
#[derive(Debug, Parser)]
#[command(name = "atende", version)]
pub struct Cli {
    /// A TOML settings file (default: `atende.toml` when present).
    #[arg(long, short, global = true, env = "ATENDE_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the API and the web interface (the default).
    Serve,
    /// Apply pending database migrations, then exit.
    Migrate,
    /// Print the OpenAPI document.
    Openapi,
    /// Load data into the database.
    Seed {
        /// The demo data set: one user per role, consultancies, clients.
        #[arg(long)]
        demo: bool,
        /// This many realistic tickets with threads across the demo client
        /// companies (loads the demo data first when missing).
        #[arg(long, value_name = "N")]
        tickets: Option<u64>,
    },
    /// Audit-log tools.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
}

#[derive(Debug, Subcommand)]
enum AuditCommand {
    /// Check the audit log's hash chain; exits 1 at the first broken link.
    Verify,
}

/// Runs the command line; the exit code is non-zero on any failure, after
/// one sentence on stderr saying what went wrong.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let command = cli.command.unwrap_or(Command::Serve);
    if let Command::Openapi = command {
        return match crate::openapi::document_json() {
            Ok(json) => {
                print!("{json}");
                ExitCode::SUCCESS
            }
            Err(error) => fail(&error),
        };
    }
    let settings = match Settings::load(cli.config.as_deref()) {
        Ok(settings) => settings,
        Err(error) => return fail(&error),
    };
    telemetry::init(&settings);
    let result = actix_web::rt::System::new().block_on(async move {
        match command {
            Command::Serve => serve(settings).await,
            Command::Migrate => startup::connect(settings, Arc::new(SystemClock))
                .await
                .map(|_| tracing::info!("database is up to date"))
                .map_err(|e| e.to_string()),
            Command::Seed { demo, tickets } => seed(settings, demo, tickets).await,
            Command::Audit {
                command: AuditCommand::Verify,
            } => verify_audit(settings).await,
            Command::Openapi => Ok(()),
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => fail(&message),
    }
}

fn fail(error: &dyn std::fmt::Display) -> ExitCode {
    eprintln!("atende: {error}");
    ExitCode::FAILURE
}

async fn serve(settings: Settings) -> Result<(), String> {
    let app = Application::build(settings, Arc::new(SystemClock))
        .await
        .map_err(|e| e.to_string())?;
    let state = app.state();
    tracing::info!(
        url = %format!("http://{}:{}/", state.settings.host, app.port()),
        database = state.database_kind.name(),
        "Atende is listening"
    );
    app.run_until_stopped()
        .await
        .map_err(|e| format!("the server stopped with an error: {e}"))?;
    tracing::info!("shutdown complete");
    Ok(())
}

async fn seed(settings: Settings, demo: bool, tickets: Option<u64>) -> Result<(), String> {
    if !demo && tickets.is_none() {
        return Err("say what to seed: `atende seed --demo` or `atende seed --tickets N`".into());
    }
    let state = startup::connect(settings, Arc::new(SystemClock))
        .await
        .map_err(|e| e.to_string())?;
    crate::demo::seed(&state)
        .await
        .map_err(|e| format!("seeding failed: {e:#}"))?;
    let Some(count) = tickets else {
        return Ok(());
    };
    let step = (count / 20).max(1);
    let mut next_report = step;
    let seeded =
        crate::tickets::seed::seed_tickets(&state, count, chrono::Duration::days(730), |written| {
            if written >= next_report || written == count {
                eprintln!("atende: {written} of {count} tickets written");
                next_report = written + step;
            }
        })
        .await
        .map_err(|e| format!("seeding tickets failed: {e:#}"))?;
    let seconds = seeded.elapsed.as_secs_f64();
    println!(
        "seeded {} tickets and {} messages in {seconds:.1} s ({:.0} tickets/s)",
        seeded.tickets,
        seeded.messages,
        seeded.tickets as f64 / seconds.max(0.001)
    );
    Ok(())
}

async fn verify_audit(settings: Settings) -> Result<(), String> {
    let state = startup::connect(settings, Arc::new(SystemClock))
        .await
        .map_err(|e| e.to_string())?;
    match crate::audit::verify(&state.db)
        .await
        .map_err(|e| format!("cannot read the audit log: {e}"))?
    {
        crate::audit::Verification::Intact { entries } => {
            println!("audit log intact: {entries} entries, every link verified");
            Ok(())
        }
        crate::audit::Verification::Broken { seq, reason } => {
            Err(format!("audit log broken at entry {seq}: {reason}"))
        }
    }
}
