//! Durable background jobs, notification preferences, SLA escalation.
//!
//! - `jobs`: one row per unit of background work (an e-mail to send, an SLA
//!   alert due at an instant). Workers claim due rows — `FOR UPDATE SKIP
//!   LOCKED` on PostgreSQL so replicas never take the same row, under the
//!   write lock on SQLite — run them, and mark them done in the same
//!   transaction as the job's own writes. A claim is a lease: a worker that
//!   dies leaves a `running` row whose lease expires and is claimed again.
//!   Failures retry with exponential backoff until `max_attempts`, then
//!   stay as `dead` (the dead letter) with the last error.
//!   `idempotency_key` is unique: enqueueing the same logical job twice
//!   keeps one row.
//! - `notification_preferences`: per user and event, e-mail and in-app
//!   switches; a missing row means both on.
//! - `sla_policies.escalation`: what happens at breach (JSON).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Jobs {
    Table,
    Id,
    Kind,
    Payload,
    RunAt,
    Status,
    Attempts,
    MaxAttempts,
    IdempotencyKey,
    LockedBy,
    LockedUntil,
    LastError,
    CreatedAt,
    UpdatedAt,
    FinishedAt,
}

#[derive(DeriveIden)]
enum NotificationPreferences {
    Table,
    UserId,
    Event,
    Email,
    InApp,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum SlaPolicies {
    Table,
    Escalation,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let at = |column: Jobs| {
            ColumnDef::new(column)
                .timestamp_with_time_zone()
                .not_null()
                .to_owned()
        };
        manager
            .create_table(
                Table::create()
                    .table(Jobs::Table)
                    .if_not_exists()
                    .col(ColumnDef::new(Jobs::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(Jobs::Kind).string_len(64).not_null())
                    .col(ColumnDef::new(Jobs::Payload).text().not_null())
                    .col(at(Jobs::RunAt))
                    .col(ColumnDef::new(Jobs::Status).string_len(16).not_null())
                    .col(ColumnDef::new(Jobs::Attempts).integer().not_null())
                    .col(ColumnDef::new(Jobs::MaxAttempts).integer().not_null())
                    .col(ColumnDef::new(Jobs::IdempotencyKey).string_len(200).null())
                    .col(ColumnDef::new(Jobs::LockedBy).string_len(100).null())
                    .col(
                        ColumnDef::new(Jobs::LockedUntil)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(ColumnDef::new(Jobs::LastError).text().null())
                    .col(at(Jobs::CreatedAt))
                    .col(at(Jobs::UpdatedAt))
                    .col(
                        ColumnDef::new(Jobs::FinishedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        for statement in [
            // The claim query: due rows of one status, oldest first.
            Index::create()
                .name("idx_jobs_status_run_at")
                .table(Jobs::Table)
                .col(Jobs::Status)
                .col(Jobs::RunAt)
                .if_not_exists()
                .to_owned(),
            Index::create()
                .name("idx_jobs_idempotency_key")
                .table(Jobs::Table)
                .col(Jobs::IdempotencyKey)
                .unique()
                .if_not_exists()
                .to_owned(),
        ] {
            manager.create_index(statement).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(NotificationPreferences::Table)
                    .if_not_exists()
                    .col(
                        ColumnDef::new(NotificationPreferences::UserId)
                            .uuid()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(NotificationPreferences::Event)
                            .string_len(40)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(NotificationPreferences::Email)
                            .boolean()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(NotificationPreferences::InApp)
                            .boolean()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(NotificationPreferences::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(NotificationPreferences::UserId)
                            .col(NotificationPreferences::Event),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_notification_preferences_user")
                            .from(
                                NotificationPreferences::Table,
                                NotificationPreferences::UserId,
                            )
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(SlaPolicies::Table)
                    .add_column(ColumnDef::new(SlaPolicies::Escalation).text().null())
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(SlaPolicies::Table)
                    .drop_column(SlaPolicies::Escalation)
                    .to_owned(),
            )
            .await?;
        for table in [
            NotificationPreferences::Table.into_iden(),
            Jobs::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
