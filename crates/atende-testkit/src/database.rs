//! A database of its own for each test.

use sea_orm::{ConnectionTrait, Database};
use tempfile::TempDir;

/// A fresh, empty database that disappears with this value.
pub enum TestDatabase {
    /// A SQLite file in a temporary folder (removed on drop).
    Sqlite { url: String, _dir: TempDir },
    /// A PostgreSQL database created for this test (dropped on drop).
    Postgres {
        url: String,
        maintenance_url: String,
        name: String,
    },
}

impl TestDatabase {
    /// Creates the database that `TEST_DATABASE_URL` asks for.
    pub async fn create() -> TestDatabase {
        match std::env::var("TEST_DATABASE_URL") {
            Ok(url) if url.starts_with("postgres") => Self::postgres(url).await,
            _ => Self::sqlite(),
        }
    }

    /// The URL the server connects to.
    pub fn url(&self) -> &str {
        match self {
            Self::Sqlite { url, .. } | Self::Postgres { url, .. } => url,
        }
    }

    fn sqlite() -> TestDatabase {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let url = format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("atende.db").display()
        );
        TestDatabase::Sqlite { url, _dir: dir }
    }

    async fn postgres(maintenance_url: String) -> TestDatabase {
        let name = format!("atende_test_{}", uuid::Uuid::new_v4().simple());
        let maintenance = Database::connect(&maintenance_url)
            .await
            .unwrap_or_else(|e| panic!("cannot reach PostgreSQL at TEST_DATABASE_URL ({e})"));
        maintenance
            .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
            .await
            .expect("the test database is created");
        maintenance.close().await.ok();
        let mut url = url::Url::parse(&maintenance_url).expect("TEST_DATABASE_URL is a URL");
        url.set_path(&name);
        TestDatabase::Postgres {
            url: url.to_string(),
            maintenance_url,
            name,
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let TestDatabase::Postgres {
            maintenance_url,
            name,
            ..
        } = self
        else {
            return;
        };
        let (maintenance_url, name) = (maintenance_url.clone(), name.clone());
        // Drop cannot await; a thread with its own runtime can, and joining it
        // makes sure the database is gone before the test process moves on.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            runtime.block_on(async move {
                let maintenance = Database::connect(&maintenance_url).await?;
                // FORCE ends the server's pooled connections still open.
                maintenance
                    .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                    .await?;
                maintenance.close().await?;
                Ok::<_, anyhow::Error>(())
            })
        })
        .join();
        if let Ok(Err(error)) = dropped {
            eprintln!("warning: the test database could not be dropped: {error:#}");
        }
    }
}
