//! Sessions and their rotating refresh tokens.
//!
//! A session is one sign-in. Its access tokens name it (`sid`), and every
//! authenticated request checks that it is still live, so revoking it (on
//! logout, password or role change, deactivation, MFA reset) takes effect
//! on the very next request. Each refresh token is single use: exchanging
//! it marks it used and issues the next; presenting a used one again means
//! it was copied, and the whole session (the token "family") is revoked.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
    sea_query::Expr,
};
use uuid::Uuid;

use super::secret;

pub mod sessions {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "sessions")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub user_id: Uuid,
        pub created_at: DateTimeUtc,
        pub expires_at: DateTimeUtc,
        pub revoked_at: Option<DateTimeUtc>,
        pub revoked_reason: Option<String>,
        pub mfa_enrollment_required: bool,
        pub ip: Option<String>,
        pub user_agent: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(
            belongs_to = "crate::identity::user::Entity",
            from = "Column::UserId",
            to = "crate::identity::user::Column::Id",
            on_delete = "Cascade"
        )]
        User,
    }

    impl Related<crate::identity::user::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::User.def()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod refresh_tokens {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "refresh_tokens")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub token_hash: String,
        pub session_id: Uuid,
        pub created_at: DateTimeUtc,
        pub used_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Why sessions were revoked (stored, and shown in the audit log).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RevokeReason {
    Logout,
    PasswordChanged,
    RoleChanged,
    Deactivated,
    MfaReset,
    RefreshReuse,
    Deleted,
}

impl RevokeReason {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Logout => "logout",
            Self::PasswordChanged => "password_changed",
            Self::RoleChanged => "role_changed",
            Self::Deactivated => "deactivated",
            Self::MfaReset => "mfa_reset",
            Self::RefreshReuse => "refresh_reuse",
            Self::Deleted => "deleted",
        }
    }
}

/// Where a sign-in came from.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

/// Opens a session for `user_id`; returns it and its first refresh token.
pub async fn open(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    mfa_enrollment_required: bool,
    origin: &Origin,
    now: DateTime<Utc>,
) -> Result<(sessions::Model, String), DbErr> {
    let session = sessions::Model {
        id: Uuid::now_v7(),
        user_id,
        created_at: now,
        expires_at: now + atende_core::sign_in::session_lifetime(),
        revoked_at: None,
        revoked_reason: None,
        mfa_enrollment_required,
        ip: origin.ip.clone(),
        user_agent: origin.user_agent.clone(),
    };
    sessions::Entity::insert(sessions::ActiveModel {
        id: Set(session.id),
        user_id: Set(session.user_id),
        created_at: Set(session.created_at),
        expires_at: Set(session.expires_at),
        revoked_at: Set(None),
        revoked_reason: Set(None),
        mfa_enrollment_required: Set(mfa_enrollment_required),
        ip: Set(session.ip.clone()),
        user_agent: Set(session.user_agent.clone()),
    })
    .exec_without_returning(db)
    .await?;
    let refresh = issue_refresh(db, session.id, now).await?;
    Ok((session, refresh))
}

/// Issues a new refresh token for `session_id`.
pub async fn issue_refresh(
    db: &impl ConnectionTrait,
    session_id: Uuid,
    now: DateTime<Utc>,
) -> Result<String, DbErr> {
    let token = secret::token("", 32);
    refresh_tokens::Entity::insert(refresh_tokens::ActiveModel {
        token_hash: Set(secret::digest(&token)),
        session_id: Set(session_id),
        created_at: Set(now),
        used_at: Set(None),
    })
    .exec_without_returning(db)
    .await?;
    Ok(token)
}

/// The outcome of presenting a refresh token.
#[derive(Debug)]
pub enum Exchange {
    /// Valid and now used: continue `session`.
    Rotated(sessions::Model),
    /// Already used: the session was revoked just now.
    Reused(sessions::Model),
    /// Unknown, or its session is over.
    Invalid,
}

/// Marks `token` used if it is live; detects reuse.
pub async fn exchange(
    db: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Exchange, DbErr> {
    let hash = secret::digest(token);
    let Some(row) = refresh_tokens::Entity::find_by_id(hash.clone())
        .one(db)
        .await?
    else {
        return Ok(Exchange::Invalid);
    };
    let Some(session) = sessions::Entity::find_by_id(row.session_id).one(db).await? else {
        return Ok(Exchange::Invalid);
    };
    if session.revoked_at.is_some() || session.expires_at <= now {
        return Ok(Exchange::Invalid);
    }
    // Conditional update: of two concurrent exchanges only one wins.
    let marked = refresh_tokens::Entity::update_many()
        .col_expr(refresh_tokens::Column::UsedAt, Expr::value(now))
        .filter(refresh_tokens::Column::TokenHash.eq(hash))
        .filter(refresh_tokens::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    if marked.rows_affected == 1 {
        Ok(Exchange::Rotated(session))
    } else {
        revoke(db, session.id, RevokeReason::RefreshReuse, now).await?;
        Ok(Exchange::Reused(session))
    }
}

/// Revokes one session.
pub async fn revoke(
    db: &impl ConnectionTrait,
    session_id: Uuid,
    reason: RevokeReason,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    sessions::Entity::update_many()
        .col_expr(sessions::Column::RevokedAt, Expr::value(now))
        .col_expr(
            sessions::Column::RevokedReason,
            Expr::value(reason.as_str()),
        )
        .filter(sessions::Column::Id.eq(session_id))
        .filter(sessions::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Revokes every live session of a user; returns how many.
pub async fn revoke_all(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    reason: RevokeReason,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let result = sessions::Entity::update_many()
        .col_expr(sessions::Column::RevokedAt, Expr::value(now))
        .col_expr(
            sessions::Column::RevokedReason,
            Expr::value(reason.as_str()),
        )
        .filter(sessions::Column::UserId.eq(user_id))
        .filter(sessions::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}

/// Lifts the enrollment-only restriction from a user's sessions once MFA
/// is on.
pub async fn clear_enrollment_requirement(
    db: &impl ConnectionTrait,
    user_id: Uuid,
) -> Result<(), DbErr> {
    sessions::Entity::update_many()
        .col_expr(sessions::Column::MfaEnrollmentRequired, Expr::value(false))
        .filter(sessions::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}
