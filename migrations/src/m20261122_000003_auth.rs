//! Sign-in and accountability: MFA and lockout state on users, sessions with
//! rotating refresh tokens, invitations, the stored role → permission
//! matrix, API tokens and the append-only, hash-chained audit log.
//!
//! Secrets are never stored: refresh, invitation, recovery and API tokens are
//! kept as SHA-256 hex digests (they are long random strings, so a fast hash
//! is enough; passwords, which people choose, use argon2id instead).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    MfaSecret,
    MfaPendingSecret,
    MfaLastStep,
    FailedLogins,
    LockedUntil,
}

#[derive(DeriveIden)]
enum Companies {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    UserId,
    CreatedAt,
    ExpiresAt,
    RevokedAt,
    RevokedReason,
    MfaEnrollmentRequired,
    Ip,
    UserAgent,
}

#[derive(DeriveIden)]
enum RefreshTokens {
    Table,
    TokenHash,
    SessionId,
    CreatedAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum MfaRecoveryCodes {
    Table,
    Id,
    UserId,
    CodeHash,
    UsedAt,
}

#[derive(DeriveIden)]
enum Invitations {
    Table,
    TokenHash,
    UserId,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum RolePermissions {
    Table,
    Role,
    Permission,
    Grant,
}

#[derive(DeriveIden)]
enum ApiTokens {
    Table,
    Id,
    Name,
    Prefix,
    TokenHash,
    Permissions,
    CreatedBy,
    CreatedAt,
    ExpiresAt,
    LastUsedAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum ApiTokenCompanies {
    Table,
    TokenId,
    CompanyId,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Seq,
    At,
    ActorUserId,
    ActorTokenId,
    Actor,
    Action,
    EntityType,
    EntityId,
    CompanyId,
    Before,
    After,
    Ip,
    UserAgent,
    RequestId,
    PrevHash,
    Hash,
}

fn ts<T: IntoIden>(column: T) -> ColumnDef {
    ColumnDef::new(column)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

fn ts_null<T: IntoIden>(column: T) -> ColumnDef {
    ColumnDef::new(column)
        .timestamp_with_time_zone()
        .null()
        .to_owned()
}

fn digest<T: IntoIden>(column: T) -> ColumnDef {
    ColumnDef::new(column).string_len(64).not_null().to_owned()
}

fn fk(
    name: &str,
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

fn user_columns() -> Vec<ColumnDef> {
    vec![
        // Base32 TOTP secret once enrollment is confirmed.
        ColumnDef::new(Users::MfaSecret)
            .string_len(64)
            .null()
            .to_owned(),
        // Issued by enrollment, active only after a correct code.
        ColumnDef::new(Users::MfaPendingSecret)
            .string_len(64)
            .null()
            .to_owned(),
        // The last accepted TOTP time step: a code is accepted only for a
        // later step, so it cannot be replayed.
        ColumnDef::new(Users::MfaLastStep)
            .big_integer()
            .null()
            .to_owned(),
        ColumnDef::new(Users::FailedLogins)
            .integer()
            .not_null()
            .default(0)
            .to_owned(),
        ts_null(Users::LockedUntil),
    ]
}

fn create_sessions() -> TableCreateStatement {
    Table::create()
        .table(Sessions::Table)
        .if_not_exists()
        .col(ColumnDef::new(Sessions::Id).uuid().not_null().primary_key())
        .col(ColumnDef::new(Sessions::UserId).uuid().not_null())
        .col(ts(Sessions::CreatedAt))
        // Absolute end, whatever the refreshes.
        .col(ts(Sessions::ExpiresAt))
        .col(ts_null(Sessions::RevokedAt))
        .col(
            ColumnDef::new(Sessions::RevokedReason)
                .string_len(40)
                .null(),
        )
        .col(
            ColumnDef::new(Sessions::MfaEnrollmentRequired)
                .boolean()
                .not_null()
                .default(false),
        )
        .col(ColumnDef::new(Sessions::Ip).string_len(64).null())
        .col(ColumnDef::new(Sessions::UserAgent).string_len(512).null())
        .foreign_key(&mut fk(
            "fk_sessions_user",
            (Sessions::Table, Sessions::UserId),
            (Users::Table, Users::Id),
        ))
        .to_owned()
}

fn create_refresh_tokens() -> TableCreateStatement {
    Table::create()
        .table(RefreshTokens::Table)
        .if_not_exists()
        .col(digest(RefreshTokens::TokenHash).primary_key())
        .col(ColumnDef::new(RefreshTokens::SessionId).uuid().not_null())
        .col(ts(RefreshTokens::CreatedAt))
        // Set when exchanged; presenting it again is reuse.
        .col(ts_null(RefreshTokens::UsedAt))
        .foreign_key(&mut fk(
            "fk_refresh_tokens_session",
            (RefreshTokens::Table, RefreshTokens::SessionId),
            (Sessions::Table, Sessions::Id),
        ))
        .to_owned()
}

fn create_recovery_codes() -> TableCreateStatement {
    Table::create()
        .table(MfaRecoveryCodes::Table)
        .if_not_exists()
        .col(
            ColumnDef::new(MfaRecoveryCodes::Id)
                .uuid()
                .not_null()
                .primary_key(),
        )
        .col(ColumnDef::new(MfaRecoveryCodes::UserId).uuid().not_null())
        .col(digest(MfaRecoveryCodes::CodeHash))
        .col(ts_null(MfaRecoveryCodes::UsedAt))
        .foreign_key(&mut fk(
            "fk_mfa_recovery_codes_user",
            (MfaRecoveryCodes::Table, MfaRecoveryCodes::UserId),
            (Users::Table, Users::Id),
        ))
        .to_owned()
}

fn create_invitations() -> TableCreateStatement {
    Table::create()
        .table(Invitations::Table)
        .if_not_exists()
        .col(digest(Invitations::TokenHash).primary_key())
        .col(ColumnDef::new(Invitations::UserId).uuid().not_null())
        .col(ts(Invitations::CreatedAt))
        .col(ts(Invitations::ExpiresAt))
        .col(ts_null(Invitations::UsedAt))
        .foreign_key(&mut fk(
            "fk_invitations_user",
            (Invitations::Table, Invitations::UserId),
            (Users::Table, Users::Id),
        ))
        .to_owned()
}

fn create_role_permissions() -> TableCreateStatement {
    Table::create()
        .table(RolePermissions::Table)
        .if_not_exists()
        .col(
            ColumnDef::new(RolePermissions::Role)
                .string_len(20)
                .not_null(),
        )
        .col(
            ColumnDef::new(RolePermissions::Permission)
                .string_len(64)
                .not_null(),
        )
        .col(
            ColumnDef::new(RolePermissions::Grant)
                .string_len(10)
                .not_null()
                .check(Expr::col(RolePermissions::Grant).is_in(["all", "linked", "none"])),
        )
        .primary_key(
            Index::create()
                .col(RolePermissions::Role)
                .col(RolePermissions::Permission),
        )
        .to_owned()
}

fn create_api_tokens() -> TableCreateStatement {
    Table::create()
        .table(ApiTokens::Table)
        .if_not_exists()
        .col(
            ColumnDef::new(ApiTokens::Id)
                .uuid()
                .not_null()
                .primary_key(),
        )
        .col(ColumnDef::new(ApiTokens::Name).string_len(120).not_null())
        .col(ColumnDef::new(ApiTokens::Prefix).string_len(16).not_null())
        .col(digest(ApiTokens::TokenHash))
        // JSON array of permission names.
        .col(ColumnDef::new(ApiTokens::Permissions).text().not_null())
        .col(ColumnDef::new(ApiTokens::CreatedBy).uuid().null())
        .col(ts(ApiTokens::CreatedAt))
        .col(ts_null(ApiTokens::ExpiresAt))
        .col(ts_null(ApiTokens::LastUsedAt))
        .col(ts_null(ApiTokens::RevokedAt))
        .to_owned()
}

fn create_api_token_companies() -> TableCreateStatement {
    Table::create()
        .table(ApiTokenCompanies::Table)
        .if_not_exists()
        .col(ColumnDef::new(ApiTokenCompanies::TokenId).uuid().not_null())
        .col(
            ColumnDef::new(ApiTokenCompanies::CompanyId)
                .uuid()
                .not_null(),
        )
        .primary_key(
            Index::create()
                .col(ApiTokenCompanies::TokenId)
                .col(ApiTokenCompanies::CompanyId),
        )
        .foreign_key(&mut fk(
            "fk_api_token_companies_token",
            (ApiTokenCompanies::Table, ApiTokenCompanies::TokenId),
            (ApiTokens::Table, ApiTokens::Id),
        ))
        .foreign_key(&mut fk(
            "fk_api_token_companies_company",
            (ApiTokenCompanies::Table, ApiTokenCompanies::CompanyId),
            (Companies::Table, Companies::Id),
        ))
        .to_owned()
}

fn create_audit_log() -> TableCreateStatement {
    // No foreign keys: the log outlives the users, tokens and companies it
    // mentions.
    Table::create()
        .table(AuditLog::Table)
        .if_not_exists()
        .col(
            ColumnDef::new(AuditLog::Seq)
                .big_integer()
                .not_null()
                .primary_key(),
        )
        .col(ts(AuditLog::At))
        .col(ColumnDef::new(AuditLog::ActorUserId).uuid().null())
        .col(ColumnDef::new(AuditLog::ActorTokenId).uuid().null())
        .col(ColumnDef::new(AuditLog::Actor).string_len(254).not_null())
        .col(ColumnDef::new(AuditLog::Action).string_len(64).not_null())
        .col(
            ColumnDef::new(AuditLog::EntityType)
                .string_len(40)
                .not_null(),
        )
        .col(ColumnDef::new(AuditLog::EntityId).string_len(64).null())
        .col(ColumnDef::new(AuditLog::CompanyId).uuid().null())
        .col(ColumnDef::new(AuditLog::Before).text().null())
        .col(ColumnDef::new(AuditLog::After).text().null())
        .col(ColumnDef::new(AuditLog::Ip).string_len(64).null())
        .col(ColumnDef::new(AuditLog::UserAgent).string_len(512).null())
        .col(ColumnDef::new(AuditLog::RequestId).string_len(64).null())
        .col(digest(AuditLog::PrevHash))
        .col(digest(AuditLog::Hash))
        .to_owned()
}

fn index<T: IntoIden>(name: &str, table: T, columns: &[&str]) -> IndexCreateStatement {
    let mut statement = Index::create();
    statement.name(name).table(table).if_not_exists();
    for column in columns {
        statement.col(Alias::new(*column));
    }
    statement.to_owned()
}

/// The log is append-only in the database too: a trigger refuses UPDATE and
/// DELETE, so neither a bug nor a stray SQL session can rewrite history
/// without first dropping the trigger (which `atende audit verify` would
/// then catch through the hash chain).
fn append_only_triggers(backend: DatabaseBackend) -> Vec<&'static str> {
    match backend {
        DatabaseBackend::Postgres => vec![
            "CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$ \
             BEGIN RAISE EXCEPTION 'audit_log is append-only'; END; $$ LANGUAGE plpgsql",
            "CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log \
             FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
        ],
        _ => vec![
            "CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log \
             BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
            "CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log \
             BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
        ],
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        for column in user_columns() {
            manager
                .alter_table(
                    Table::alter()
                        .table(Users::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        for table in [
            create_sessions(),
            create_refresh_tokens(),
            create_recovery_codes(),
            create_invitations(),
            create_role_permissions(),
            create_api_tokens(),
            create_api_token_companies(),
            create_audit_log(),
        ] {
            manager.create_table(table).await?;
        }
        for statement in [
            index("idx_sessions_user_id", Sessions::Table, &["user_id"]),
            index(
                "idx_refresh_tokens_session_id",
                RefreshTokens::Table,
                &["session_id"],
            ),
            index(
                "idx_mfa_recovery_codes_user_id",
                MfaRecoveryCodes::Table,
                &["user_id"],
            ),
            index("idx_invitations_user_id", Invitations::Table, &["user_id"]),
            index(
                "uq_api_tokens_token_hash",
                ApiTokens::Table,
                &["token_hash"],
            )
            .unique()
            .to_owned(),
            index(
                "idx_api_token_companies_company_id",
                ApiTokenCompanies::Table,
                &["company_id"],
            ),
            // The viewer's filters: by company (client supervisors), by
            // time, by entity, by actor — each newest first via `seq`.
            index(
                "idx_audit_log_company",
                AuditLog::Table,
                &["company_id", "seq"],
            ),
            index("idx_audit_log_at", AuditLog::Table, &["at"]),
            index(
                "idx_audit_log_entity",
                AuditLog::Table,
                &["entity_type", "entity_id", "seq"],
            ),
            index(
                "idx_audit_log_actor",
                AuditLog::Table,
                &["actor_user_id", "seq"],
            ),
        ] {
            manager.create_index(statement).await?;
        }
        let connection = manager.get_connection();
        for sql in append_only_triggers(manager.get_database_backend()) {
            connection.execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AuditLog::Table.into_iden(),
            ApiTokenCompanies::Table.into_iden(),
            ApiTokens::Table.into_iden(),
            RolePermissions::Table.into_iden(),
            Invitations::Table.into_iden(),
            MfaRecoveryCodes::Table.into_iden(),
            RefreshTokens::Table.into_iden(),
            Sessions::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        for column in [
            Users::LockedUntil,
            Users::FailedLogins,
            Users::MfaLastStep,
            Users::MfaPendingSecret,
            Users::MfaSecret,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Users::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
