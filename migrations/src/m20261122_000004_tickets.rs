//! Tickets: categories, teams, the tickets themselves with their thread,
//! timeline, tags, followers and attachments; saved views, canned
//! responses, in-app notifications; the search index.
//!
//! - The human number comes from the `counters` row `ticket_number`,
//!   incremented inside the creating transaction (a row lock on PostgreSQL,
//!   the write lock on SQLite): sequential, never reused, no gaps from
//!   concurrent creations.
//! - `version` implements optimistic concurrency: every change bumps it and
//!   an update naming an older version is refused (collision detection).
//! - Search: `search_text` holds subject, description and public replies,
//!   lower-cased with accents removed (done in Rust, identically for both
//!   databases). PostgreSQL indexes it with a GIN `tsvector` expression
//!   index (`simple` configuration: the text is already folded, and
//!   stemming would make "acao" and "acoes" collide unpredictably); SQLite
//!   keeps an FTS5 table keyed by the ticket number.

use sea_orm_migration::{prelude::*, sea_orm::DatabaseBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Counters {
    Table,
    Name,
    Value,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Companies {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum TicketCategories {
    Table,
    Id,
    ParentId,
    Name,
    Active,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Teams {
    Table,
    Id,
    Name,
    LastAssignedUserId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum TeamMembers {
    Table,
    TeamId,
    UserId,
    Available,
}

#[derive(DeriveIden)]
enum Tickets {
    Table,
    Id,
    Number,
    CompanyId,
    RequesterId,
    AssigneeId,
    TeamId,
    CategoryId,
    Subject,
    Description,
    DescriptionHtml,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
    FirstResponseAt,
    SolvedAt,
    ClosedAt,
    ReopenCount,
    Version,
    UpdatedBy,
    SearchText,
}

#[derive(DeriveIden)]
enum TicketTags {
    Table,
    TicketId,
    Tag,
}

#[derive(DeriveIden)]
enum TicketFollowers {
    Table,
    TicketId,
    UserId,
}

#[derive(DeriveIden)]
enum TicketMessages {
    Table,
    Id,
    TicketId,
    AuthorId,
    Internal,
    Body,
    BodyHtml,
    CreatedAt,
}

#[derive(DeriveIden)]
enum TicketEvents {
    Table,
    Id,
    TicketId,
    ActorId,
    Actor,
    Kind,
    Internal,
    Data,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Attachments {
    Table,
    Id,
    TicketId,
    MessageId,
    FileName,
    ContentType,
    Size,
    Sha256,
    UploadedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SavedViews {
    Table,
    Id,
    OwnerId,
    Shared,
    Name,
    Filter,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CannedResponses {
    Table,
    Id,
    OwnerId,
    Shared,
    Title,
    Body,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    UserId,
    Kind,
    TicketId,
    Data,
    CreatedAt,
    ReadAt,
}

const STATUSES: [&str; 6] = ["new", "open", "pending", "on_hold", "solved", "closed"];
const PRIORITIES: [&str; 4] = ["low", "normal", "high", "urgent"];
const CHANNELS: [&str; 5] = ["portal", "email", "api", "chat", "phone"];
const ASSIGNMENT: [&str; 3] = ["manual", "round_robin", "least_open"];

fn uuid<T: IntoIden>(c: T) -> ColumnDef {
    ColumnDef::new(c).uuid().not_null().to_owned()
}

fn uuid_null<T: IntoIden>(c: T) -> ColumnDef {
    ColumnDef::new(c).uuid().null().to_owned()
}

fn ts<T: IntoIden>(c: T) -> ColumnDef {
    ColumnDef::new(c)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

fn ts_null<T: IntoIden>(c: T) -> ColumnDef {
    ColumnDef::new(c)
        .timestamp_with_time_zone()
        .null()
        .to_owned()
}

fn fk(
    name: &str,
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
    action: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(action)
        .to_owned()
}

fn checked(column: &'static str, len: u32, values: &[&'static str]) -> ColumnDef {
    ColumnDef::new(Alias::new(column))
        .string_len(len)
        .not_null()
        .check(Expr::col(Alias::new(column)).is_in(values.iter().copied()))
        .to_owned()
}

fn index(name: &str, table: impl IntoIden, columns: &[&str]) -> IndexCreateStatement {
    let mut statement = Index::create();
    statement.name(name).table(table).if_not_exists();
    for column in columns {
        statement.col(Alias::new(*column));
    }
    statement.to_owned()
}

fn tables() -> Vec<TableCreateStatement> {
    use ForeignKeyAction::{Cascade, Restrict, SetNull};
    vec![
        Table::create()
            .table(Counters::Table)
            .if_not_exists()
            .col(
                ColumnDef::new(Counters::Name)
                    .string_len(40)
                    .not_null()
                    .primary_key(),
            )
            .col(ColumnDef::new(Counters::Value).big_integer().not_null())
            .to_owned(),
        Table::create()
            .table(TicketCategories::Table)
            .if_not_exists()
            .col(uuid(TicketCategories::Id).primary_key())
            .col(uuid_null(TicketCategories::ParentId))
            .col(
                ColumnDef::new(TicketCategories::Name)
                    .string_len(120)
                    .not_null(),
            )
            .col(
                ColumnDef::new(TicketCategories::Active)
                    .boolean()
                    .not_null()
                    .default(true),
            )
            .col(ts(TicketCategories::CreatedAt))
            .foreign_key(&mut fk(
                "fk_ticket_categories_parent",
                (TicketCategories::Table, TicketCategories::ParentId),
                (TicketCategories::Table, TicketCategories::Id),
                Restrict,
            ))
            .to_owned(),
        Table::create()
            .table(Teams::Table)
            .if_not_exists()
            .col(uuid(Teams::Id).primary_key())
            .col(ColumnDef::new(Teams::Name).string_len(120).not_null())
            .col(checked("assignment", 20, &ASSIGNMENT))
            // Round-robin remembers where it stopped.
            .col(uuid_null(Teams::LastAssignedUserId))
            .col(ts(Teams::CreatedAt))
            .to_owned(),
        Table::create()
            .table(TeamMembers::Table)
            .if_not_exists()
            .col(uuid(TeamMembers::TeamId))
            .col(uuid(TeamMembers::UserId))
            .col(
                ColumnDef::new(TeamMembers::Available)
                    .boolean()
                    .not_null()
                    .default(true),
            )
            .primary_key(
                Index::create()
                    .col(TeamMembers::TeamId)
                    .col(TeamMembers::UserId),
            )
            .foreign_key(&mut fk(
                "fk_team_members_team",
                (TeamMembers::Table, TeamMembers::TeamId),
                (Teams::Table, Teams::Id),
                Cascade,
            ))
            .foreign_key(&mut fk(
                "fk_team_members_user",
                (TeamMembers::Table, TeamMembers::UserId),
                (Users::Table, Users::Id),
                Cascade,
            ))
            .to_owned(),
        Table::create()
            .table(Tickets::Table)
            .if_not_exists()
            .col(uuid(Tickets::Id).primary_key())
            .col(ColumnDef::new(Tickets::Number).big_integer().not_null())
            .col(uuid(Tickets::CompanyId))
            .col(uuid_null(Tickets::RequesterId))
            .col(uuid_null(Tickets::AssigneeId))
            .col(uuid_null(Tickets::TeamId))
            .col(uuid_null(Tickets::CategoryId))
            .col(ColumnDef::new(Tickets::Subject).string_len(250).not_null())
            .col(ColumnDef::new(Tickets::Description).text().not_null())
            .col(ColumnDef::new(Tickets::DescriptionHtml).text().not_null())
            .col(checked("status", 20, &STATUSES))
            .col(checked("priority", 10, &PRIORITIES))
            .col(checked("channel", 10, &CHANNELS))
            .col(uuid_null(Tickets::CreatedBy))
            .col(ts(Tickets::CreatedAt))
            .col(ts(Tickets::UpdatedAt))
            .col(ts_null(Tickets::FirstResponseAt))
            .col(ts_null(Tickets::SolvedAt))
            .col(ts_null(Tickets::ClosedAt))
            .col(
                ColumnDef::new(Tickets::ReopenCount)
                    .integer()
                    .not_null()
                    .default(0),
            )
            .col(
                ColumnDef::new(Tickets::Version)
                    .integer()
                    .not_null()
                    .default(1),
            )
            .col(uuid_null(Tickets::UpdatedBy))
            .col(ColumnDef::new(Tickets::SearchText).text().not_null())
            // A company with tickets cannot be deleted (409 upstream).
            .foreign_key(&mut fk(
                "fk_tickets_company",
                (Tickets::Table, Tickets::CompanyId),
                (Companies::Table, Companies::Id),
                Restrict,
            ))
            .foreign_key(&mut fk(
                "fk_tickets_requester",
                (Tickets::Table, Tickets::RequesterId),
                (Users::Table, Users::Id),
                SetNull,
            ))
            .foreign_key(&mut fk(
                "fk_tickets_assignee",
                (Tickets::Table, Tickets::AssigneeId),
                (Users::Table, Users::Id),
                SetNull,
            ))
            .foreign_key(&mut fk(
                "fk_tickets_team",
                (Tickets::Table, Tickets::TeamId),
                (Teams::Table, Teams::Id),
                SetNull,
            ))
            .foreign_key(&mut fk(
                "fk_tickets_category",
                (Tickets::Table, Tickets::CategoryId),
                (TicketCategories::Table, TicketCategories::Id),
                SetNull,
            ))
            .to_owned(),
        Table::create()
            .table(TicketTags::Table)
            .if_not_exists()
            .col(uuid(TicketTags::TicketId))
            .col(ColumnDef::new(TicketTags::Tag).string_len(60).not_null())
            .primary_key(
                Index::create()
                    .col(TicketTags::TicketId)
                    .col(TicketTags::Tag),
            )
            .foreign_key(&mut fk(
                "fk_ticket_tags_ticket",
                (TicketTags::Table, TicketTags::TicketId),
                (Tickets::Table, Tickets::Id),
                Cascade,
            ))
            .to_owned(),
        Table::create()
            .table(TicketFollowers::Table)
            .if_not_exists()
            .col(uuid(TicketFollowers::TicketId))
            .col(uuid(TicketFollowers::UserId))
            .primary_key(
                Index::create()
                    .col(TicketFollowers::TicketId)
                    .col(TicketFollowers::UserId),
            )
            .foreign_key(&mut fk(
                "fk_ticket_followers_ticket",
                (TicketFollowers::Table, TicketFollowers::TicketId),
                (Tickets::Table, Tickets::Id),
                Cascade,
            ))
            .foreign_key(&mut fk(
                "fk_ticket_followers_user",
                (TicketFollowers::Table, TicketFollowers::UserId),
                (Users::Table, Users::Id),
                Cascade,
            ))
            .to_owned(),
        Table::create()
            .table(TicketMessages::Table)
            .if_not_exists()
            .col(uuid(TicketMessages::Id).primary_key())
            .col(uuid(TicketMessages::TicketId))
            .col(uuid_null(TicketMessages::AuthorId))
            .col(
                ColumnDef::new(TicketMessages::Internal)
                    .boolean()
                    .not_null(),
            )
            .col(ColumnDef::new(TicketMessages::Body).text().not_null())
            .col(ColumnDef::new(TicketMessages::BodyHtml).text().not_null())
            .col(ts(TicketMessages::CreatedAt))
            .foreign_key(&mut fk(
                "fk_ticket_messages_ticket",
                (TicketMessages::Table, TicketMessages::TicketId),
                (Tickets::Table, Tickets::Id),
                Cascade,
            ))
            .foreign_key(&mut fk(
                "fk_ticket_messages_author",
                (TicketMessages::Table, TicketMessages::AuthorId),
                (Users::Table, Users::Id),
                SetNull,
            ))
            .to_owned(),
        Table::create()
            .table(TicketEvents::Table)
            .if_not_exists()
            .col(uuid(TicketEvents::Id).primary_key())
            .col(uuid(TicketEvents::TicketId))
            .col(uuid_null(TicketEvents::ActorId))
            .col(
                ColumnDef::new(TicketEvents::Actor)
                    .string_len(254)
                    .not_null(),
            )
            .col(ColumnDef::new(TicketEvents::Kind).string_len(40).not_null())
            // Internal events (notes, team moves) are staff-only.
            .col(ColumnDef::new(TicketEvents::Internal).boolean().not_null())
            .col(ColumnDef::new(TicketEvents::Data).text().not_null())
            .col(ts(TicketEvents::CreatedAt))
            .foreign_key(&mut fk(
                "fk_ticket_events_ticket",
                (TicketEvents::Table, TicketEvents::TicketId),
                (Tickets::Table, Tickets::Id),
                Cascade,
            ))
            .to_owned(),
        Table::create()
            .table(Attachments::Table)
            .if_not_exists()
            .col(uuid(Attachments::Id).primary_key())
            .col(uuid(Attachments::TicketId))
            .col(uuid_null(Attachments::MessageId))
            .col(
                ColumnDef::new(Attachments::FileName)
                    .string_len(255)
                    .not_null(),
            )
            .col(
                ColumnDef::new(Attachments::ContentType)
                    .string_len(127)
                    .not_null(),
            )
            .col(ColumnDef::new(Attachments::Size).big_integer().not_null())
            .col(
                ColumnDef::new(Attachments::Sha256)
                    .string_len(64)
                    .not_null(),
            )
            .col(uuid_null(Attachments::UploadedBy))
            .col(ts(Attachments::CreatedAt))
            .foreign_key(&mut fk(
                "fk_attachments_ticket",
                (Attachments::Table, Attachments::TicketId),
                (Tickets::Table, Tickets::Id),
                Cascade,
            ))
            .foreign_key(&mut fk(
                "fk_attachments_message",
                (Attachments::Table, Attachments::MessageId),
                (TicketMessages::Table, TicketMessages::Id),
                Cascade,
            ))
            .to_owned(),
        Table::create()
            .table(SavedViews::Table)
            .if_not_exists()
            .col(uuid(SavedViews::Id).primary_key())
            .col(uuid(SavedViews::OwnerId))
            .col(ColumnDef::new(SavedViews::Shared).boolean().not_null())
            .col(ColumnDef::new(SavedViews::Name).string_len(120).not_null())
            .col(ColumnDef::new(SavedViews::Filter).text().not_null())
            .col(ts(SavedViews::CreatedAt))
            .foreign_key(&mut fk(
                "fk_saved_views_owner",
                (SavedViews::Table, SavedViews::OwnerId),
                (Users::Table, Users::Id),
                Cascade,
            ))
            .to_owned(),
        Table::create()
            .table(CannedResponses::Table)
            .if_not_exists()
            .col(uuid(CannedResponses::Id).primary_key())
            .col(uuid(CannedResponses::OwnerId))
            .col(ColumnDef::new(CannedResponses::Shared).boolean().not_null())
            .col(
                ColumnDef::new(CannedResponses::Title)
                    .string_len(120)
                    .not_null(),
            )
            .col(ColumnDef::new(CannedResponses::Body).text().not_null())
            .col(ts(CannedResponses::CreatedAt))
            .col(ts(CannedResponses::UpdatedAt))
            .foreign_key(&mut fk(
                "fk_canned_responses_owner",
                (CannedResponses::Table, CannedResponses::OwnerId),
                (Users::Table, Users::Id),
                Cascade,
            ))
            .to_owned(),
        Table::create()
            .table(Notifications::Table)
            .if_not_exists()
            .col(uuid(Notifications::Id).primary_key())
            .col(uuid(Notifications::UserId))
            .col(
                ColumnDef::new(Notifications::Kind)
                    .string_len(40)
                    .not_null(),
            )
            .col(uuid_null(Notifications::TicketId))
            .col(ColumnDef::new(Notifications::Data).text().not_null())
            .col(ts(Notifications::CreatedAt))
            .col(ts_null(Notifications::ReadAt))
            .foreign_key(&mut fk(
                "fk_notifications_user",
                (Notifications::Table, Notifications::UserId),
                (Users::Table, Users::Id),
                Cascade,
            ))
            .foreign_key(&mut fk(
                "fk_notifications_ticket",
                (Notifications::Table, Notifications::TicketId),
                (Tickets::Table, Tickets::Id),
                Cascade,
            ))
            .to_owned(),
    ]
}

fn indexes() -> Vec<IndexCreateStatement> {
    vec![
        index("uq_tickets_number", Tickets::Table, &["number"])
            .unique()
            .to_owned(),
        // Client panel and scoped lists: a company's tickets by status,
        // newest activity first; keyset pagination on (updated_at, id).
        index(
            "idx_tickets_company_status",
            Tickets::Table,
            &["company_id", "status", "updated_at", "id"],
        ),
        // The scoped default list (newest activity first, any status).
        index(
            "idx_tickets_company_updated",
            Tickets::Table,
            &["company_id", "updated_at", "id"],
        ),
        // The workspace's default list.
        index("idx_tickets_updated", Tickets::Table, &["updated_at", "id"]),
        // Each board column.
        index(
            "idx_tickets_status_updated",
            Tickets::Table,
            &["status", "updated_at", "id"],
        ),
        index(
            "idx_tickets_assignee_status",
            Tickets::Table,
            &["assignee_id", "status"],
        ),
        index(
            "idx_tickets_team_status",
            Tickets::Table,
            &["team_id", "status"],
        ),
        index("idx_tickets_category", Tickets::Table, &["category_id"]),
        index("idx_tickets_requester", Tickets::Table, &["requester_id"]),
        index("idx_tickets_created_at", Tickets::Table, &["created_at"]),
        index(
            "idx_ticket_tags_tag",
            TicketTags::Table,
            &["tag", "ticket_id"],
        ),
        index(
            "idx_ticket_followers_user",
            TicketFollowers::Table,
            &["user_id"],
        ),
        index(
            "idx_ticket_messages_ticket",
            TicketMessages::Table,
            &["ticket_id", "created_at"],
        ),
        index(
            "idx_ticket_events_ticket",
            TicketEvents::Table,
            &["ticket_id", "created_at"],
        ),
        index("idx_attachments_ticket", Attachments::Table, &["ticket_id"]),
        index("idx_attachments_sha256", Attachments::Table, &["sha256"]),
        index("idx_saved_views_owner", SavedViews::Table, &["owner_id"]),
        index(
            "idx_canned_responses_owner",
            CannedResponses::Table,
            &["owner_id"],
        ),
        index(
            "idx_notifications_user_unread",
            Notifications::Table,
            &["user_id", "read_at", "created_at"],
        ),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in tables() {
            manager.create_table(table).await?;
        }
        for statement in indexes() {
            manager.create_index(statement).await?;
        }
        let connection = manager.get_connection();
        connection
            .execute_unprepared("INSERT INTO counters (name, value) VALUES ('ticket_number', 0)")
            .await?;
        let search = match manager.get_database_backend() {
            DatabaseBackend::Postgres => {
                "CREATE INDEX IF NOT EXISTS idx_tickets_search ON tickets \
                 USING GIN (to_tsvector('simple', search_text))"
            }
            _ => {
                "CREATE VIRTUAL TABLE IF NOT EXISTS ticket_fts USING fts5(\
                 search_text, content='', contentless_delete=1, \
                 tokenize='unicode61 remove_diacritics 2')"
            }
        };
        connection.execute_unprepared(search).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DatabaseBackend::Sqlite {
            manager
                .get_connection()
                .execute_unprepared("DROP TABLE IF EXISTS ticket_fts")
                .await?;
        }
        for table in [
            Notifications::Table.into_iden(),
            CannedResponses::Table.into_iden(),
            SavedViews::Table.into_iden(),
            Attachments::Table.into_iden(),
            TicketEvents::Table.into_iden(),
            TicketMessages::Table.into_iden(),
            TicketFollowers::Table.into_iden(),
            TicketTags::Table.into_iden(),
            Tickets::Table.into_iden(),
            TeamMembers::Table.into_iden(),
            Teams::Table.into_iden(),
            TicketCategories::Table.into_iden(),
            Counters::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
