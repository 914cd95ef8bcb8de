//! TOTP secrets are stored sealed (`enc:v1:…`, see the API's `secrets`
//! module), longer than the 64 characters a plain base32 secret needed.
//! PostgreSQL enforces the length; SQLite ignores it, so only PostgreSQL
//! changes.

use sea_orm_migration::{prelude::*, sea_orm::DatabaseBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DatabaseBackend::Postgres {
            return Ok(());
        }
        manager
            .get_connection()
            .execute_unprepared(
                "ALTER TABLE users ALTER COLUMN mfa_secret TYPE text, \
                 ALTER COLUMN mfa_pending_secret TYPE text",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        // Sealed values do not fit the old width; going back would lose them.
        Ok(())
    }
}
