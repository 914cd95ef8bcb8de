//! `imports.headers`: the sheet's own column headers (JSON array), so the
//! import wizard can offer them when the user maps columns to fields.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Imports {
    Table,
    Headers,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Imports::Table)
                    .add_column(
                        ColumnDef::new(Imports::Headers)
                            .text()
                            .not_null()
                            .default("[]"),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Imports::Table)
                    .drop_column(Imports::Headers)
                    .to_owned(),
            )
            .await
    }
}
