//! Files attached to pending items, usually to an answer (the client's
//! receipt, the missing invoice). The bytes live in the content-addressed
//! blob store, like ticket attachments.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PendingItemAttachments {
    Table,
    Id,
    PendingItemId,
    MessageId,
    FileName,
    ContentType,
    Size,
    Sha256,
    UploadedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PendingItems {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum PendingItemMessages {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use PendingItemAttachments as A;
        manager
            .create_table(
                Table::create()
                    .table(A::Table)
                    .if_not_exists()
                    .col(ColumnDef::new(A::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(A::PendingItemId).uuid().not_null())
                    .col(ColumnDef::new(A::MessageId).uuid().null())
                    .col(ColumnDef::new(A::FileName).string_len(255).not_null())
                    .col(ColumnDef::new(A::ContentType).string_len(255).not_null())
                    .col(ColumnDef::new(A::Size).big_integer().not_null())
                    .col(ColumnDef::new(A::Sha256).string_len(64).not_null())
                    .col(ColumnDef::new(A::UploadedBy).uuid().null())
                    .col(
                        ColumnDef::new(A::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_pending_item_attachments_item")
                            .from(A::Table, A::PendingItemId)
                            .to(PendingItems::Table, PendingItems::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_pending_item_attachments_message")
                            .from(A::Table, A::MessageId)
                            .to(PendingItemMessages::Table, PendingItemMessages::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_pending_item_attachments_item")
                    .table(A::Table)
                    .col(A::PendingItemId)
                    .if_not_exists()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(
                Table::drop()
                    .table(PendingItemAttachments::Table)
                    .if_exists()
                    .to_owned(),
            )
            .await
    }
}
