//! Pending items (pendências): what a consultancy asks of a client company,
//! approved by a supervisor before the client sees it; their thread and
//! their history.
//!
//! - `number` is sequential per installation (counter `pending_number`),
//!   like tickets.
//! - `segment_id` is the company's segment when the item was created, so
//!   "by segment" lists and dashboards need no join.
//! - `amount_cents`: BRL amounts are exact integers of centavos.
//! - `version` gives optimistic concurrency as on tickets.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PendingItems {
    Table,
    Id,
    Number,
    Title,
    Description,
    CompanyId,
    SegmentId,
    Category,
    DueDate,
    DocumentNumber,
    ReferenceDate,
    AmountCents,
    Status,
    OperatorId,
    ApproverId,
    RefusalReason,
    ImportId,
    Version,
    CreatedAt,
    UpdatedAt,
    SubmittedAt,
    ApprovedAt,
    AnsweredAt,
    ResolvedAt,
}

#[derive(DeriveIden)]
enum PendingItemMessages {
    Table,
    Id,
    PendingItemId,
    AuthorId,
    Body,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PendingItemEvents {
    Table,
    Id,
    PendingItemId,
    ActorId,
    Actor,
    Kind,
    Data,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Companies {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let at = |c: PendingItems| {
            ColumnDef::new(c)
                .timestamp_with_time_zone()
                .null()
                .to_owned()
        };
        manager
            .create_table(
                Table::create()
                    .table(PendingItems::Table)
                    .if_not_exists()
                    .col(
                        ColumnDef::new(PendingItems::Id)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(PendingItems::Number)
                            .big_integer()
                            .not_null()
                            .unique_key(),
                    )
                    .col(
                        ColumnDef::new(PendingItems::Title)
                            .string_len(200)
                            .not_null(),
                    )
                    .col(ColumnDef::new(PendingItems::Description).text().not_null())
                    .col(ColumnDef::new(PendingItems::CompanyId).uuid().not_null())
                    .col(ColumnDef::new(PendingItems::SegmentId).uuid().null())
                    .col(
                        ColumnDef::new(PendingItems::Category)
                            .string_len(100)
                            .null(),
                    )
                    .col(ColumnDef::new(PendingItems::DueDate).date().null())
                    .col(
                        ColumnDef::new(PendingItems::DocumentNumber)
                            .string_len(100)
                            .null(),
                    )
                    .col(ColumnDef::new(PendingItems::ReferenceDate).date().null())
                    .col(
                        ColumnDef::new(PendingItems::AmountCents)
                            .big_integer()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(PendingItems::Status)
                            .string_len(20)
                            .not_null(),
                    )
                    .col(ColumnDef::new(PendingItems::OperatorId).uuid().null())
                    .col(ColumnDef::new(PendingItems::ApproverId).uuid().null())
                    .col(ColumnDef::new(PendingItems::RefusalReason).text().null())
                    .col(ColumnDef::new(PendingItems::ImportId).uuid().null())
                    .col(ColumnDef::new(PendingItems::Version).integer().not_null())
                    .col(
                        ColumnDef::new(PendingItems::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(PendingItems::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(at(PendingItems::SubmittedAt))
                    .col(at(PendingItems::ApprovedAt))
                    .col(at(PendingItems::AnsweredAt))
                    .col(at(PendingItems::ResolvedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_pending_items_company")
                            .from(PendingItems::Table, PendingItems::CompanyId)
                            .to(Companies::Table, Companies::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PendingItemMessages::Table)
                    .if_not_exists()
                    .col(
                        ColumnDef::new(PendingItemMessages::Id)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(PendingItemMessages::PendingItemId)
                            .uuid()
                            .not_null(),
                    )
                    .col(ColumnDef::new(PendingItemMessages::AuthorId).uuid().null())
                    .col(ColumnDef::new(PendingItemMessages::Body).text().not_null())
                    .col(
                        ColumnDef::new(PendingItemMessages::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_pending_item_messages_item")
                            .from(
                                PendingItemMessages::Table,
                                PendingItemMessages::PendingItemId,
                            )
                            .to(PendingItems::Table, PendingItems::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PendingItemEvents::Table)
                    .if_not_exists()
                    .col(
                        ColumnDef::new(PendingItemEvents::Id)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(PendingItemEvents::PendingItemId)
                            .uuid()
                            .not_null(),
                    )
                    .col(ColumnDef::new(PendingItemEvents::ActorId).uuid().null())
                    .col(
                        ColumnDef::new(PendingItemEvents::Actor)
                            .string_len(200)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(PendingItemEvents::Kind)
                            .string_len(40)
                            .not_null(),
                    )
                    .col(ColumnDef::new(PendingItemEvents::Data).text().not_null())
                    .col(
                        ColumnDef::new(PendingItemEvents::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_pending_item_events_item")
                            .from(PendingItemEvents::Table, PendingItemEvents::PendingItemId)
                            .to(PendingItems::Table, PendingItems::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for statement in [
            // Lists: by company (scope) and status, newest first.
            Index::create()
                .name("idx_pending_items_company_status_updated")
                .table(PendingItems::Table)
                .col(PendingItems::CompanyId)
                .col(PendingItems::Status)
                .col(PendingItems::UpdatedAt)
                .if_not_exists()
                .to_owned(),
            Index::create()
                .name("idx_pending_items_status_updated")
                .table(PendingItems::Table)
                .col(PendingItems::Status)
                .col(PendingItems::UpdatedAt)
                .if_not_exists()
                .to_owned(),
            Index::create()
                .name("idx_pending_items_segment")
                .table(PendingItems::Table)
                .col(PendingItems::SegmentId)
                .if_not_exists()
                .to_owned(),
            Index::create()
                .name("idx_pending_items_operator")
                .table(PendingItems::Table)
                .col(PendingItems::OperatorId)
                .if_not_exists()
                .to_owned(),
            Index::create()
                .name("idx_pending_items_due")
                .table(PendingItems::Table)
                .col(PendingItems::DueDate)
                .if_not_exists()
                .to_owned(),
            Index::create()
                .name("idx_pending_item_messages_item")
                .table(PendingItemMessages::Table)
                .col(PendingItemMessages::PendingItemId)
                .if_not_exists()
                .to_owned(),
            Index::create()
                .name("idx_pending_item_events_item")
                .table(PendingItemEvents::Table)
                .col(PendingItemEvents::PendingItemId)
                .if_not_exists()
                .to_owned(),
        ] {
            manager.create_index(statement).await?;
        }
        manager
            .get_connection()
            .execute_unprepared("INSERT INTO counters (name, value) VALUES ('pending_number', 0)")
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared("DELETE FROM counters WHERE name = 'pending_number'")
            .await?;
        for table in [
            PendingItemEvents::Table.into_iden(),
            PendingItemMessages::Table.into_iden(),
            PendingItems::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
