//! Automation rules, the record of their firings (explanations, 7-day
//! counts, errors, and the once-per-deadline guard of time rules), and the
//! flag marking tickets and messages generated automatically (never
//! answered by an automatic reply).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AutomationRules {
    Table,
    Id,
    Name,
    Position,
    Enabled,
    Definition,
    ConsultancyIds,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum AutomationFirings {
    Table,
    Id,
    RuleId,
    TicketId,
    Deadline,
    Outcome,
    Detail,
    FiredAt,
}

#[derive(DeriveIden)]
enum Tickets {
    Table,
    AutoSubmitted,
}

#[derive(DeriveIden)]
enum TicketMessages {
    Table,
    AutoSubmitted,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AutomationRules::Table)
                    .if_not_exists()
                    .col(
                        ColumnDef::new(AutomationRules::Id)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(AutomationRules::Name)
                            .string_len(120)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(AutomationRules::Position)
                            .integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(AutomationRules::Enabled)
                            .boolean()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(AutomationRules::Definition)
                            .text()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(AutomationRules::ConsultancyIds)
                            .text()
                            .not_null(),
                    )
                    .col(ColumnDef::new(AutomationRules::CreatedBy).uuid().null())
                    .col(
                        ColumnDef::new(AutomationRules::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(AutomationRules::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AutomationFirings::Table)
                    .if_not_exists()
                    .col(
                        ColumnDef::new(AutomationFirings::Id)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(AutomationFirings::RuleId).uuid().not_null())
                    .col(
                        ColumnDef::new(AutomationFirings::TicketId)
                            .uuid()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(AutomationFirings::Deadline)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(AutomationFirings::Outcome)
                            .string_len(20)
                            .not_null(),
                    )
                    .col(ColumnDef::new(AutomationFirings::Detail).text().not_null())
                    .col(
                        ColumnDef::new(AutomationFirings::FiredAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        // A time rule fires once per ticket per deadline (event rules have
        // no deadline, and NULLs never collide).
        manager
            .create_index(
                Index::create()
                    .name("ux_automation_firings_deadline")
                    .table(AutomationFirings::Table)
                    .col(AutomationFirings::RuleId)
                    .col(AutomationFirings::TicketId)
                    .col(AutomationFirings::Deadline)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // Per-rule counts and the last firing.
        manager
            .create_index(
                Index::create()
                    .name("ix_automation_firings_rule")
                    .table(AutomationFirings::Table)
                    .col(AutomationFirings::RuleId)
                    .col(AutomationFirings::FiredAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_automation_firings_ticket")
                    .table(AutomationFirings::Table)
                    .col(AutomationFirings::TicketId)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Tickets::Table)
                    .add_column(
                        ColumnDef::new(Tickets::AutoSubmitted)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(TicketMessages::Table)
                    .add_column(
                        ColumnDef::new(TicketMessages::AutoSubmitted)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(TicketMessages::Table)
                    .drop_column(TicketMessages::AutoSubmitted)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Tickets::Table)
                    .drop_column(Tickets::AutoSubmitted)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(AutomationFirings::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(AutomationRules::Table).to_owned())
            .await
    }
}
