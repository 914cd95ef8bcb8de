//! SLA: business calendars, ordered policies, and each ticket's clocks.
//!
//! Calendars and policies keep their structured parts (weekly hours,
//! holiday choices, conditions) as JSON text validated by `atende-core`
//! on the way in; the per-ticket clocks likewise (one JSON document per
//! ticket, written in the ticket's transaction), with the next due instant
//! and the state in plain columns so lists can filter and sort on them.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum BusinessCalendars {
    Table,
    Id,
    Name,
    TimeZone,
    Week,
    Holidays,
    IsDefault,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum SlaPolicies {
    Table,
    Id,
    Position,
    Name,
    Conditions,
    CalendarId,
    FirstResponseMinutes,
    NextResponseMinutes,
    ResolutionMinutes,
    WarnPercent,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum TicketSla {
    Table,
    TicketId,
    PolicyId,
    CalendarId,
    Clocks,
    Timeline,
    NextDueAt,
    State,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Tickets {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(BusinessCalendars::Table)
                    .if_not_exists()
                    .col(
                        ColumnDef::new(BusinessCalendars::Id)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(BusinessCalendars::Name)
                            .string_len(120)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(BusinessCalendars::TimeZone)
                            .string_len(64)
                            .not_null(),
                    )
                    .col(ColumnDef::new(BusinessCalendars::Week).text().not_null())
                    .col(
                        ColumnDef::new(BusinessCalendars::Holidays)
                            .text()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(BusinessCalendars::IsDefault)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .col(
                        ColumnDef::new(BusinessCalendars::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(BusinessCalendars::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SlaPolicies::Table)
                    .if_not_exists()
                    .col(
                        ColumnDef::new(SlaPolicies::Id)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(SlaPolicies::Position).integer().not_null())
                    .col(ColumnDef::new(SlaPolicies::Name).string_len(120).not_null())
                    .col(ColumnDef::new(SlaPolicies::Conditions).text().not_null())
                    .col(ColumnDef::new(SlaPolicies::CalendarId).uuid().not_null())
                    .col(
                        ColumnDef::new(SlaPolicies::FirstResponseMinutes)
                            .big_integer()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(SlaPolicies::NextResponseMinutes)
                            .big_integer()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(SlaPolicies::ResolutionMinutes)
                            .big_integer()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(SlaPolicies::WarnPercent)
                            .small_integer()
                            .not_null()
                            .default(80),
                    )
                    .col(
                        ColumnDef::new(SlaPolicies::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(SlaPolicies::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_sla_policies_calendar")
                            .from(SlaPolicies::Table, SlaPolicies::CalendarId)
                            .to(BusinessCalendars::Table, BusinessCalendars::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(TicketSla::Table)
                    .if_not_exists()
                    .col(
                        ColumnDef::new(TicketSla::TicketId)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(TicketSla::PolicyId).uuid().null())
                    .col(ColumnDef::new(TicketSla::CalendarId).uuid().null())
                    .col(ColumnDef::new(TicketSla::Clocks).text().not_null())
                    .col(ColumnDef::new(TicketSla::Timeline).text().not_null())
                    .col(
                        ColumnDef::new(TicketSla::NextDueAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(ColumnDef::new(TicketSla::State).string_len(12).not_null())
                    .col(
                        ColumnDef::new(TicketSla::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_ticket_sla_ticket")
                            .from(TicketSla::Table, TicketSla::TicketId)
                            .to(Tickets::Table, Tickets::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for statement in [
            Index::create()
                .name("idx_sla_policies_position")
                .table(SlaPolicies::Table)
                .col(SlaPolicies::Position)
                .if_not_exists()
                .to_owned(),
            // The scheduler's question: what falls due next?
            Index::create()
                .name("idx_ticket_sla_next_due")
                .table(TicketSla::Table)
                .col(TicketSla::NextDueAt)
                .if_not_exists()
                .to_owned(),
            Index::create()
                .name("idx_ticket_sla_state")
                .table(TicketSla::Table)
                .col(TicketSla::State)
                .if_not_exists()
                .to_owned(),
        ] {
            manager.create_index(statement).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            TicketSla::Table.into_iden(),
            SlaPolicies::Table.into_iden(),
            BusinessCalendars::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
