//! `ticket_sla.next_warn_at`: when the nearest running target turns "at
//! risk", stored beside `next_due_at` so lists and board cards can show
//! the SLA state as of now without loading calendars.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum TicketSla {
    Table,
    NextWarnAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(TicketSla::Table)
                    .add_column(
                        ColumnDef::new(TicketSla::NextWarnAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(TicketSla::Table)
                    .drop_column(TicketSla::NextWarnAt)
                    .to_owned(),
            )
            .await
    }
}
