//! Spreadsheet imports of pending items, with their history, and the
//! column mappings users save as templates.
//!
//! - `content_sha256` finds a re-upload of a file already imported; the
//!   original bytes live in the blob store under `blob_sha256` (the same
//!   hash, kept apart so another store may key differently).
//! - `report` is the preview's JSON (counts and row-level errors).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Imports {
    Table,
    Id,
    FileName,
    Format,
    SizeBytes,
    ContentSha256,
    BlobSha256,
    Mapping,
    TargetStatus,
    Status,
    RowsTotal,
    RowsAccepted,
    RowsRejected,
    Report,
    UploadedBy,
    CreatedAt,
    CommittedAt,
}

#[derive(DeriveIden)]
enum ImportTemplates {
    Table,
    Id,
    Name,
    Mapping,
    CreatedBy,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let at = |c: Imports| ColumnDef::new(c).timestamp_with_time_zone().to_owned();
        manager
            .create_table(
                Table::create()
                    .table(Imports::Table)
                    .if_not_exists()
                    .col(ColumnDef::new(Imports::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(Imports::FileName).string_len(255).not_null())
                    .col(ColumnDef::new(Imports::Format).string_len(10).not_null())
                    .col(ColumnDef::new(Imports::SizeBytes).big_integer().not_null())
                    .col(
                        ColumnDef::new(Imports::ContentSha256)
                            .string_len(64)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Imports::BlobSha256)
                            .string_len(64)
                            .not_null(),
                    )
                    .col(ColumnDef::new(Imports::Mapping).text().not_null())
                    .col(
                        ColumnDef::new(Imports::TargetStatus)
                            .string_len(20)
                            .not_null(),
                    )
                    .col(ColumnDef::new(Imports::Status).string_len(20).not_null())
                    .col(ColumnDef::new(Imports::RowsTotal).integer().not_null())
                    .col(ColumnDef::new(Imports::RowsAccepted).integer().not_null())
                    .col(ColumnDef::new(Imports::RowsRejected).integer().not_null())
                    .col(ColumnDef::new(Imports::Report).text().not_null())
                    .col(ColumnDef::new(Imports::UploadedBy).uuid().null())
                    .col(at(Imports::CreatedAt).not_null())
                    .col(at(Imports::CommittedAt).null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_imports_content")
                    .table(Imports::Table)
                    .col(Imports::ContentSha256)
                    .if_not_exists()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ImportTemplates::Table)
                    .if_not_exists()
                    .col(
                        ColumnDef::new(ImportTemplates::Id)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(ImportTemplates::Name)
                            .string_len(120)
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(ImportTemplates::Mapping).text().not_null())
                    .col(ColumnDef::new(ImportTemplates::CreatedBy).uuid().null())
                    .col(
                        ColumnDef::new(ImportTemplates::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ImportTemplates::Table.into_iden(),
            Imports::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
