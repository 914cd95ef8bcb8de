//! Database connections: SQLite (the embedded default) or PostgreSQL, picked
//! by the URL at run time from one build.

use std::{path::Path, time::Duration};

use atende_migrations::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, Database, DatabaseBackend, DatabaseConnection, DbErr,
    sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous},
};

/// The two supported backends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatabaseKind {
    Sqlite,
    Postgres,
}

impl DatabaseKind {
    /// Recognises the backend from a connection URL; the error is the reason
    /// the URL cannot be used.
    pub fn from_url(url: &str) -> Result<Self, String> {
        if url.starts_with("sqlite:") {
            Ok(Self::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            url::Url::parse(url).map_err(|e| format!("not a valid PostgreSQL URL ({e})"))?;
            Ok(Self::Postgres)
        } else {
            Err("must start with `sqlite:` or `postgres://`".into())
        }
    }

    /// How many rows of `columns` columns one multi-row `INSERT` may carry:
    /// bind parameters are capped at 32,766 by SQLite and 65,535 by
    /// PostgreSQL, and fewer, larger statements are what make bulk writes
    /// fast (a 100,000-row import took twice as long in 400-row batches).
    pub fn rows_per_insert(self, columns: usize) -> usize {
        let parameters = match self {
            Self::Sqlite => 32_766,
            Self::Postgres => 65_535,
        };
        (parameters / columns.max(1)).max(1)
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Sqlite => "sqlite",
            Self::Postgres => "postgres",
        }
    }
}

/// Connects to the database at `url`.
///
/// SQLite gets, on every pooled connection:
/// - `journal_mode = WAL`: readers never block the writer;
/// - `foreign_keys = ON`: SQLite leaves them off by default;
/// - `busy_timeout = 5 s`: a writer waits for the lock instead of failing;
/// - `synchronous = NORMAL`: in WAL mode this never corrupts the database and
///   survives an application crash; only a power loss or OS crash may undo the
///   last transactions. `FULL` would fsync on every commit and cap write
///   throughput at the disk's fsync rate — the wrong trade for a helpdesk,
///   and PostgreSQL is the answer where that guarantee is required.
pub async fn connect(url: &str, max_connections: u32) -> Result<DatabaseConnection, DbErr> {
    let kind = DatabaseKind::from_url(url).map_err(DbErr::Custom)?;
    if kind == DatabaseKind::Sqlite {
        create_sqlite_parent_dir(url)?;
    }
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .max_connections(max_connections)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|opts| {
            opts.create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(5))
                .synchronous(SqliteSynchronous::Normal)
        });
    Database::connect(options).await
}

/// Applies every pending migration.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// The file path of a `sqlite:` URL, when it names a file.
fn sqlite_file(url: &str) -> Option<&Path> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then(|| Path::new(path))
}

fn create_sqlite_parent_dir(url: &str) -> Result<(), DbErr> {
    if let Some(parent) = sqlite_file(url).and_then(Path::parent)
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent).map_err(|e| {
            DbErr::Custom(format!(
                "cannot create the folder {} ({e})",
                parent.display()
            ))
        })?;
    }
    Ok(())
}

/// Begins a transaction that will write. On SQLite it starts as
/// `BEGIN IMMEDIATE`, taking the write lock up front: a deferred transaction
/// that reads first and writes later fails outright (`SQLITE_BUSY_SNAPSHOT`)
/// when another connection wrote in between, whereas waiting for the lock
/// honours `busy_timeout`. PostgreSQL ignores the option.
pub async fn begin_write(db: &DatabaseConnection) -> Result<sea_orm::DatabaseTransaction, DbErr> {
    use sea_orm::{SqliteTransactionMode, TransactionOptions, TransactionTrait};
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..TransactionOptions::default()
    })
    .await
}

/// Takes the next value of the sequential counter `name` (ticket and
/// pending-item numbers) inside the caller's write transaction: the row
/// is locked until it commits, so numbers are gapless and never reused.
pub async fn next_counter(db: &impl sea_orm::ConnectionTrait, name: &str) -> Result<i64, DbErr> {
    reserve_counter(db, name, 1).await
}

/// Reserves `count` consecutive values of the counter `name` inside the
/// caller's write transaction and returns the first (bulk creations:
/// imports, seeding).
pub async fn reserve_counter(
    db: &impl sea_orm::ConnectionTrait,
    name: &str,
    count: i64,
) -> Result<i64, DbErr> {
    let backend = db.get_database_backend();
    db.execute_raw(statement(
        backend,
        "UPDATE counters SET value = value + ? WHERE name = ?",
        [count.into(), name.into()],
    ))
    .await?;
    let row = db
        .query_one_raw(statement(
            backend,
            "SELECT value FROM counters WHERE name = ?",
            [name.into()],
        ))
        .await?
        .ok_or_else(|| DbErr::Custom(format!("the counter {name} is missing")))?;
    Ok(row.try_get::<i64>("", "value")? - count + 1)
}

/// A raw statement for `backend`, written with `?` placeholders (SQLite's),
/// renumbered to `$1, $2, …` for PostgreSQL. For the few queries that
/// sea-query cannot express portably (claims with `SKIP LOCKED`,
/// conditional upserts).
pub fn statement(
    backend: DatabaseBackend,
    sql: &str,
    values: impl IntoIterator<Item = sea_orm::Value>,
) -> sea_orm::Statement {
    let sql = match backend {
        DatabaseBackend::Postgres => {
            let mut out = String::with_capacity(sql.len() + 8);
            let mut n = 0;
            for c in sql.chars() {
                if c == '?' {
                    n += 1;
                    out.push('$');
                    out.push_str(&n.to_string());
                } else {
                    out.push(c);
                }
            }
            out
        }
        _ => sql.to_owned(),
    };
    sea_orm::Statement::from_sql_and_values(backend, sql, values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backends_are_recognised_by_url() {
        assert_eq!(
            DatabaseKind::from_url("sqlite://data/a.db?mode=rwc"),
            Ok(DatabaseKind::Sqlite)
        );
        assert_eq!(
            DatabaseKind::from_url("sqlite::memory:"),
            Ok(DatabaseKind::Sqlite)
        );
        assert_eq!(
            DatabaseKind::from_url("postgres://u@localhost/db"),
            Ok(DatabaseKind::Postgres)
        );
        assert!(DatabaseKind::from_url("mysql://u@localhost/db").is_err());
        assert!(DatabaseKind::from_url("").is_err());
    }

    #[test]
    fn the_sqlite_file_is_found_in_the_url() {
        assert_eq!(
            sqlite_file("sqlite://data/a.db?mode=rwc"),
            Some(Path::new("data/a.db"))
        );
        assert_eq!(
            sqlite_file("sqlite:///tmp/x.db"),
            Some(Path::new("/tmp/x.db"))
        );
        assert_eq!(sqlite_file("sqlite::memory:"), None);
    }
}
