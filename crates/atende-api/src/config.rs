//! Configuration: built-in defaults, then an optional TOML file, then
//! `ATENDE_*` environment variables (the last one wins).
//!
//! A bad setting stops start-up with one sentence that names it; see
//! [`ConfigError`].

use std::path::{Path, PathBuf};

use figment::{
    Figment,
    providers::{Env, Format, Serialized, Toml},
};
use serde::{Deserialize, Serialize};

/// Every setting of the server. Field names are the keys of the TOML file and,
/// upper-cased with an `ATENDE_` prefix, the environment variables.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Address to listen on.
    pub host: String,
    /// TCP port to listen on (0 picks a free one).
    pub port: u16,
    /// `sqlite://path?mode=rwc` or `postgres://user@host/db`.
    pub database_url: String,
    /// Log format: `human` or `json`.
    pub log_format: LogFormat,
    /// Log filter, in `tracing-subscriber`'s `EnvFilter` syntax.
    pub log_level: String,
    /// Folder holding the built SPA (`index.html` and `assets/`).
    pub spa_dir: PathBuf,
    /// Largest JSON request body accepted, in bytes.
    pub json_body_limit: usize,
    /// Seconds that in-flight requests get to finish on SIGTERM/SIGINT.
    pub shutdown_timeout_secs: u64,
    /// HTTP worker threads (0 = one per CPU core).
    pub workers: usize,
    /// Largest number of pooled database connections.
    pub database_max_connections: u32,
    /// Load the demo data set on the first start of an empty database.
    pub demo_data: bool,
    /// With the demo data, also sample tickets and pending items.
    pub demo_samples: bool,
    /// Sign-in and MFA attempts allowed per client address per minute.
    pub auth_rate_limit_per_minute: u32,
    /// Requests each API token may make per minute (per process).
    pub api_token_rate_limit_per_minute: u32,
    /// How long the domain event log keeps events (live streams replay
    /// missed events within it), in days.
    pub event_retention_days: u32,
    /// How often each process looks for new events even without a wake-up
    /// (the backstop behind `NOTIFY` on PostgreSQL, the only way on SQLite
    /// for changes made by the CLI), in milliseconds.
    pub event_poll_interval_ms: u64,
    /// Networks outbound calls (webhooks, chat tools, issue trackers) may
    /// reach although they are not public internet: `10.0.5.7`,
    /// `10.0.0.0/8`, `::1`. Empty by default: loopback, private, link-local
    /// and the like are refused.
    pub outbound_allowed_networks: Vec<String>,
    /// Debug builds only: a test subscriber of the event log that records
    /// what it is handed (see `events::subscribers`).
    pub test_event_subscriber: bool,
    /// Debug builds only: attempts the test subscriber fails first.
    pub test_event_subscriber_failures: u32,
    /// Folder of the content-addressed attachment store.
    pub attachments_dir: PathBuf,
    /// Largest attachment accepted, in bytes.
    pub attachment_max_bytes: usize,
    /// Run background jobs (e-mails, SLA alerts) in this process.
    pub jobs_enabled: bool,
    /// How often an idle job worker looks for due jobs, in milliseconds.
    pub jobs_poll_interval_ms: u64,
    /// SMTP server for e-mail notifications; none: e-mail is off.
    pub smtp_host: Option<String>,
    pub smtp_port: u16,
    /// `starttls` (default), `tls` (implicit TLS, port 465) or `none`
    /// (plain text; for a relay on the same machine).
    pub smtp_security: SmtpSecurity,
    pub smtp_username: Option<String>,
    pub smtp_password: Option<String>,
    /// The sender of notification e-mails, e.g. `Atende <suporte@empresa.com.br>`.
    pub mail_from: String,
    /// The address people use to reach this server, for links in e-mails.
    pub public_url: String,
    /// A clock that `POST /api/v1/test/clock` can move forward, for browser
    /// tests of time-based behaviour (SLA alerts). Debug builds only: a
    /// release build refuses to start with it.
    pub test_clock: bool,
    /// Days before a pending item's due date when everyone responsible is
    /// reminded of it.
    pub pending_reminder_days: u32,
    /// The key sealing secrets at rest (JWT signing key, TOTP secrets): 32
    /// bytes in base64. Unset: the key file below.
    pub secret_key: Option<String>,
    /// The key that sealed them before a rotation, kept until the start
    /// that re-seals everything with `secret_key`.
    pub secret_key_previous: Option<String>,
    /// Where the key lives when `secret_key` is unset; created (mode 0600)
    /// on first start.
    pub secret_key_file: PathBuf,
}

/// How the SMTP connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpSecurity {
    Starttls,
    Tls,
    None,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            host: "127.0.0.1".into(),
            port: 8080,
            database_url: DEFAULT_DATABASE_URL.into(),
            log_format: LogFormat::Human,
            log_level: "info,sqlx=warn,sea_orm=warn".into(),
            spa_dir: PathBuf::from("frontend/dist"),
            json_body_limit: 1024 * 1024,
            shutdown_timeout_secs: 30,
            workers: 0,
            database_max_connections: 16,
            demo_data: true,
            demo_samples: true,
            event_retention_days: 90,
            outbound_allowed_networks: Vec::new(),
            event_poll_interval_ms: 1000,
            test_event_subscriber: false,
            test_event_subscriber_failures: 0,
            auth_rate_limit_per_minute: 10,
            api_token_rate_limit_per_minute: 600,
            attachments_dir: PathBuf::from("data/attachments"),
            attachment_max_bytes: 25 * 1024 * 1024,
            jobs_enabled: true,
            jobs_poll_interval_ms: 1_000,
            smtp_host: None,
            smtp_port: 587,
            smtp_security: SmtpSecurity::Starttls,
            smtp_username: None,
            smtp_password: None,
            mail_from: "Atende <atende@localhost>".into(),
            public_url: "http://127.0.0.1:8080".into(),
            test_clock: false,
            pending_reminder_days: 2,
            secret_key: None,
            secret_key_previous: None,
            secret_key_file: PathBuf::from("data/secret.key"),
        }
    }
}

/// The embedded default: a SQLite file under `./data/`, created if missing.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/atende.db?mode=rwc";

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Readable lines for a terminal.
    Human,
    /// One JSON object per line, for log collectors.
    Json,
}

/// A setting that cannot be used. `Display` is the one sentence printed
/// before the process exits.
#[derive(Debug, thiserror::Error)]
#[error("invalid setting `{setting}`{origin}: {reason}")]
pub struct ConfigError {
    /// The setting's key (`port`, `database_url`, …).
    pub setting: String,
    /// Where the bad value came from, e.g. " (environment variable ATENDE_PORT)".
    pub origin: String,
    /// What is wrong with it.
    pub reason: String,
}

impl ConfigError {
    fn new(setting: &str, reason: impl Into<String>) -> Self {
        Self {
            setting: setting.into(),
            origin: String::new(),
            reason: reason.into(),
        }
    }
}

impl Settings {
    /// Loads the settings: defaults, then `file` (when given, it must exist;
    /// otherwise `atende.toml` in the working directory when present), then
    /// the environment.
    pub fn load(file: Option<&Path>) -> Result<Self, ConfigError> {
        let mut figment = Figment::from(Serialized::defaults(Settings::default()));
        match file {
            Some(path) if !path.is_file() => {
                return Err(ConfigError::new(
                    "config",
                    format!("the file {} does not exist", path.display()),
                ));
            }
            Some(path) => figment = figment.merge(Toml::file_exact(path)),
            None => figment = figment.merge(Toml::file("atende.toml")),
        }
        // The widespread `DATABASE_URL` is honoured; `ATENDE_DATABASE_URL` wins.
        figment = figment
            .merge(
                Env::raw()
                    .only(&["DATABASE_URL"])
                    .map(|_| "database_url".into()),
            )
            .merge(Env::prefixed("ATENDE_").ignore(&["CONFIG"]));
        let settings: Settings = figment.extract().map_err(from_figment)?;
        settings.validate()?;
        Ok(settings)
    }

    /// Checks what the types alone cannot.
    pub fn validate(&self) -> Result<(), ConfigError> {
        crate::db::DatabaseKind::from_url(&self.database_url)
            .map_err(|reason| ConfigError::new("database_url", reason))?;
        if self.host.trim().is_empty() {
            return Err(ConfigError::new("host", "must not be empty"));
        }
        if self.test_event_subscriber && !cfg!(debug_assertions) {
            return Err(ConfigError::new(
                "test_event_subscriber",
                "is for tests; a release build has no test subscriber",
            ));
        }
        if self.test_clock && !cfg!(debug_assertions) {
            return Err(ConfigError::new(
                "test_clock",
                "exists only in debug builds, for tests; a release build refuses it",
            ));
        }
        if self.json_body_limit < 1024 {
            return Err(ConfigError::new(
                "json_body_limit",
                "must be at least 1024 bytes",
            ));
        }
        if self.attachment_max_bytes == 0 {
            return Err(ConfigError::new(
                "attachment_max_bytes",
                "must be at least 1",
            ));
        }
        if self.api_token_rate_limit_per_minute == 0 {
            return Err(ConfigError::new(
                "api_token_rate_limit_per_minute",
                "must be at least 1",
            ));
        }
        if self.auth_rate_limit_per_minute == 0 {
            return Err(ConfigError::new(
                "auth_rate_limit_per_minute",
                "must be at least 1",
            ));
        }
        if !(50..=600_000).contains(&self.event_poll_interval_ms) {
            return Err(ConfigError::new(
                "event_poll_interval_ms",
                "must be between 50 and 600000",
            ));
        }
        if let Err(entry) = atende_core::outbound::parse_allowed(&self.outbound_allowed_networks) {
            return Err(ConfigError::new(
                "outbound_allowed_networks",
                format!("{entry:?} is neither an address nor a network (10.0.0.0/8)"),
            ));
        }
        if !(1..=3650).contains(&self.event_retention_days) {
            return Err(ConfigError::new(
                "event_retention_days",
                "must be between 1 and 3650",
            ));
        }
        if self.database_max_connections == 0 {
            return Err(ConfigError::new(
                "database_max_connections",
                "must be at least 1",
            ));
        }
        tracing_subscriber::EnvFilter::try_new(&self.log_level)
            .map_err(|e| ConfigError::new("log_level", e.to_string()))?;
        Ok(())
    }

    /// `host:port`, for binding.
    pub fn address(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }
}

fn from_figment(error: figment::Error) -> ConfigError {
    // Only the first problem is reported: one sentence, one setting.
    let error = error.into_iter().next().unwrap_or_else(|| {
        figment::Error::from(String::from("the configuration could not be read"))
    });
    let setting = match error.path.last() {
        Some(key) => key.clone(),
        None => match &error.kind {
            figment::error::Kind::UnknownField(name, _) => name.clone(),
            _ => "config".into(),
        },
    };
    let origin = match &error.metadata {
        Some(meta) if meta.name.contains("environment") => {
            format!(" (environment variable ATENDE_{})", setting.to_uppercase())
        }
        Some(meta) => match &meta.source {
            Some(source) => format!(" (from {source})"),
            None => format!(" (from {})", meta.name),
        },
        None => String::new(),
    };
    let reason = match &error.kind {
        figment::error::Kind::UnknownField(name, _) => format!("`{name}` is not a setting"),
        kind => kind.to_string(),
    };
    ConfigError {
        setting,
        origin,
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_valid() {
        assert!(Settings::default().validate().is_ok());
    }

    #[test]
    fn an_unsupported_database_url_names_the_setting() {
        let settings = Settings {
            database_url: "mysql://localhost/atende".into(),
            ..Settings::default()
        };
        let error = settings.validate().map(|_| ()).unwrap_err();
        assert_eq!(error.setting, "database_url");
        assert!(
            error
                .to_string()
                .starts_with("invalid setting `database_url`")
        );
    }

    #[test]
    fn a_bad_log_level_is_refused() {
        let settings = Settings {
            log_level: "info,=[".into(),
            ..Settings::default()
        };
        assert_eq!(settings.validate().unwrap_err().setting, "log_level");
    }
}
