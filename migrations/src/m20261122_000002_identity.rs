//! Identity and tenancy: segments, companies (consultancies and their
//! clients), users and the user ↔ company links that give a user its scope.
//!
//! Portable choices:
//! - Primary keys are UUIDs (`uuid` on PostgreSQL; on SQLite sea-query
//!   declares `uuid_text` and sea-orm binds the 16 bytes as a BLOB, which
//!   SQLite stores unconverted, so keys and foreign keys compare bytewise).
//! - Case-insensitive uniqueness (segment names, e-mails) is a lower-cased
//!   `*_key` column with a plain unique index: identical on both databases,
//!   unlike `citext`, `COLLATE NOCASE` (ASCII only) or expression indexes.
//! - `kind` and `role` are strings guarded by CHECK constraints, so a value
//!   the application does not know never reaches the table.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Segments {
    Table,
    Id,
    Name,
    NameKey,
    Description,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Companies {
    Table,
    Id,
    Kind,
    ConsultancyId,
    LegalName,
    TradeName,
    Cnpj,
    SegmentId,
    Active,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Name,
    Email,
    EmailKey,
    PasswordHash,
    Role,
    Active,
    Locale,
    TimeZone,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum UserCompanies {
    Table,
    UserId,
    CompanyId,
}

const COMPANY_KINDS: [&str; 2] = ["consultancy", "client"];
const ROLES: [&str; 5] = [
    "admin",
    "supervisor",
    "agent",
    "client_supervisor",
    "client",
];

fn timestamps<T: IntoIden>(created_at: T, updated_at: T) -> [ColumnDef; 2] {
    [
        ColumnDef::new(created_at)
            .timestamp_with_time_zone()
            .not_null()
            .to_owned(),
        ColumnDef::new(updated_at)
            .timestamp_with_time_zone()
            .not_null()
            .to_owned(),
    ]
}

fn create_segments() -> TableCreateStatement {
    let [created_at, updated_at] = timestamps(Segments::CreatedAt, Segments::UpdatedAt);
    Table::create()
        .table(Segments::Table)
        .if_not_exists()
        .col(ColumnDef::new(Segments::Id).uuid().not_null().primary_key())
        .col(ColumnDef::new(Segments::Name).string_len(120).not_null())
        .col(ColumnDef::new(Segments::NameKey).string_len(120).not_null())
        .col(ColumnDef::new(Segments::Description).text().null())
        .col(created_at)
        .col(updated_at)
        .to_owned()
}

fn create_companies() -> TableCreateStatement {
    let [created_at, updated_at] = timestamps(Companies::CreatedAt, Companies::UpdatedAt);
    // The tree has depth two: a client hangs from a consultancy, a
    // consultancy from nothing.
    let consultancy_matches_kind = Expr::col(Companies::Kind)
        .eq("client")
        .and(Expr::col(Companies::ConsultancyId).is_not_null())
        .or(Expr::col(Companies::Kind)
            .eq("consultancy")
            .and(Expr::col(Companies::ConsultancyId).is_null()));
    Table::create()
        .table(Companies::Table)
        .if_not_exists()
        .col(
            ColumnDef::new(Companies::Id)
                .uuid()
                .not_null()
                .primary_key(),
        )
        .col(
            ColumnDef::new(Companies::Kind)
                .string_len(20)
                .not_null()
                .check(Expr::col(Companies::Kind).is_in(COMPANY_KINDS)),
        )
        .col(ColumnDef::new(Companies::ConsultancyId).uuid().null())
        .col(
            ColumnDef::new(Companies::LegalName)
                .string_len(200)
                .not_null(),
        )
        .col(ColumnDef::new(Companies::TradeName).string_len(200).null())
        .col(ColumnDef::new(Companies::Cnpj).string_len(14).not_null())
        .col(ColumnDef::new(Companies::SegmentId).uuid().null())
        .col(
            ColumnDef::new(Companies::Active)
                .boolean()
                .not_null()
                .default(true),
        )
        .col(created_at)
        .col(updated_at)
        .check(Check::named(
            "ck_companies_consultancy_kind",
            consultancy_matches_kind,
        ))
        .foreign_key(
            ForeignKey::create()
                .name("fk_companies_consultancy")
                .from(Companies::Table, Companies::ConsultancyId)
                .to(Companies::Table, Companies::Id)
                .on_delete(ForeignKeyAction::Restrict),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_companies_segment")
                .from(Companies::Table, Companies::SegmentId)
                .to(Segments::Table, Segments::Id)
                .on_delete(ForeignKeyAction::SetNull),
        )
        .to_owned()
}

fn create_users() -> TableCreateStatement {
    let [created_at, updated_at] = timestamps(Users::CreatedAt, Users::UpdatedAt);
    Table::create()
        .table(Users::Table)
        .if_not_exists()
        .col(ColumnDef::new(Users::Id).uuid().not_null().primary_key())
        .col(ColumnDef::new(Users::Name).string_len(200).not_null())
        // 254: the longest address SMTP can carry.
        .col(ColumnDef::new(Users::Email).string_len(254).not_null())
        .col(ColumnDef::new(Users::EmailKey).string_len(254).not_null())
        // Null until the user accepts the invitation and chooses one.
        .col(ColumnDef::new(Users::PasswordHash).text().null())
        .col(
            ColumnDef::new(Users::Role)
                .string_len(20)
                .not_null()
                .check(Expr::col(Users::Role).is_in(ROLES)),
        )
        .col(
            ColumnDef::new(Users::Active)
                .boolean()
                .not_null()
                .default(true),
        )
        .col(
            ColumnDef::new(Users::Locale)
                .string_len(10)
                .not_null()
                .default("pt-BR"),
        )
        .col(
            ColumnDef::new(Users::TimeZone)
                .string_len(64)
                .not_null()
                .default("America/Sao_Paulo"),
        )
        .col(created_at)
        .col(updated_at)
        .to_owned()
}

fn create_user_companies() -> TableCreateStatement {
    Table::create()
        .table(UserCompanies::Table)
        .if_not_exists()
        .col(ColumnDef::new(UserCompanies::UserId).uuid().not_null())
        .col(ColumnDef::new(UserCompanies::CompanyId).uuid().not_null())
        .primary_key(
            Index::create()
                .col(UserCompanies::UserId)
                .col(UserCompanies::CompanyId),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_user_companies_user")
                .from(UserCompanies::Table, UserCompanies::UserId)
                .to(Users::Table, Users::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_user_companies_company")
                .from(UserCompanies::Table, UserCompanies::CompanyId)
                .to(Companies::Table, Companies::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned()
}

fn index<T: IntoIden, C: IntoIden>(name: &str, table: T, column: C) -> IndexCreateStatement {
    Index::create()
        .name(name)
        .table(table)
        .col(column)
        .if_not_exists()
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_table(create_segments()).await?;
        manager.create_table(create_companies()).await?;
        manager.create_table(create_users()).await?;
        manager.create_table(create_user_companies()).await?;
        for statement in [
            index("uq_segments_name_key", Segments::Table, Segments::NameKey)
                .unique()
                .to_owned(),
            index("uq_companies_cnpj", Companies::Table, Companies::Cnpj)
                .unique()
                .to_owned(),
            index(
                "idx_companies_consultancy_id",
                Companies::Table,
                Companies::ConsultancyId,
            ),
            index(
                "idx_companies_segment_id",
                Companies::Table,
                Companies::SegmentId,
            ),
            index("uq_users_email_key", Users::Table, Users::EmailKey)
                .unique()
                .to_owned(),
            index(
                "idx_user_companies_company_id",
                UserCompanies::Table,
                UserCompanies::CompanyId,
            ),
        ] {
            manager.create_index(statement).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Indexes go with their tables.
        for table in [
            UserCompanies::Table.into_iden(),
            Users::Table.into_iden(),
            Companies::Table.into_iden(),
            Segments::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
