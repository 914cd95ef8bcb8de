//! The domain event log: every change a subscriber may care about, in
//! commit order, written in the same transaction as the change; and the
//! cursor of each subscriber that consumes it.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum DomainEvents {
    Table,
    Id,
    Kind,
    SubjectType,
    SubjectId,
    CompanyId,
    Visibility,
    PerformerKind,
    PerformerId,
    RecipientId,
    Data,
    CreatedAt,
}

#[derive(DeriveIden)]
enum EventCursors {
    Table,
    Subscriber,
    LastId,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DomainEvents::Table)
                    .if_not_exists()
                    .col(
                        ColumnDef::new(DomainEvents::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(DomainEvents::Kind).string_len(40).not_null())
                    .col(
                        ColumnDef::new(DomainEvents::SubjectType)
                            .string_len(20)
                            .not_null(),
                    )
                    .col(ColumnDef::new(DomainEvents::SubjectId).uuid().not_null())
                    .col(ColumnDef::new(DomainEvents::CompanyId).uuid().null())
                    .col(
                        ColumnDef::new(DomainEvents::Visibility)
                            .string_len(10)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(DomainEvents::PerformerKind)
                            .string_len(12)
                            .not_null(),
                    )
                    .col(ColumnDef::new(DomainEvents::PerformerId).uuid().null())
                    .col(ColumnDef::new(DomainEvents::RecipientId).uuid().null())
                    .col(ColumnDef::new(DomainEvents::Data).text().not_null())
                    .col(
                        ColumnDef::new(DomainEvents::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        // Retention prunes by age.
        manager
            .create_index(
                Index::create()
                    .name("ix_domain_events_created_at")
                    .table(DomainEvents::Table)
                    .col(DomainEvents::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(EventCursors::Table)
                    .if_not_exists()
                    .col(
                        ColumnDef::new(EventCursors::Subscriber)
                            .string_len(64)
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(EventCursors::LastId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(EventCursors::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(EventCursors::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(DomainEvents::Table).to_owned())
            .await
    }
}
