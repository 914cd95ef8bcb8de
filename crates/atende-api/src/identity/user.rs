//! The `users` table: staff of the consultancies and users of the client
//! companies alike; `role` says what they may do, their company links
//! (`user_companies`) on which companies.

use atende_core::permissions::Role;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    /// As typed; shown and used for sending.
    pub email: String,
    /// [`email_key`] of `email`: unique, so an address is one user whatever
    /// its case.
    #[sea_orm(unique)]
    pub email_key: String,
    /// argon2id PHC string; `None` until the invitation is accepted.
    pub password_hash: Option<String>,
    /// [`Role::as_str`] (a CHECK constraint admits only those names).
    pub role: String,
    pub active: bool,
    /// BCP 47 tag of the interface language (`pt-BR`, `en`).
    pub locale: String,
    /// IANA time zone used to show times (`America/Sao_Paulo`).
    pub time_zone: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Base32 TOTP secret; set once MFA is on.
    pub mfa_secret: Option<String>,
    /// The secret of an enrollment not yet confirmed with a code.
    pub mfa_pending_secret: Option<String>,
    /// The last TOTP time step accepted (a code is never accepted twice).
    pub mfa_last_step: Option<i64>,
    /// Consecutive failed sign-in attempts (password or MFA code).
    pub failed_logins: i32,
    pub locked_until: Option<DateTimeUtc>,
}

impl Model {
    /// The user's role; `None` only if the row was written by something
    /// other than this application.
    pub fn role(&self) -> Option<Role> {
        Role::parse(&self.role)
    }

    /// Whether MFA is on.
    pub fn mfa_enabled(&self) -> bool {
        self.mfa_secret.is_some()
    }

    /// The sign-in attempt counters.
    pub fn attempts(&self) -> atende_core::sign_in::Attempts {
        atende_core::sign_in::Attempts {
            failures: self.failed_logins,
            locked_until: self.locked_until,
        }
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::user_company::Entity")]
    UserCompanies,
}

impl Related<super::user_company::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::UserCompanies.def()
    }
}

impl Related<crate::companies::entity::Entity> for Entity {
    fn to() -> RelationDef {
        super::user_company::Relation::Company.def()
    }

    fn via() -> Option<RelationDef> {
        Some(super::user_company::Relation::User.def().rev())
    }
}

impl ActiveModelBehavior for ActiveModel {}

/// The uniqueness key of an e-mail address. Strictly the local part may be
/// case-sensitive, but no mail system in use treats it so, and two accounts
/// differing only in case would be a support problem, not a feature.
pub fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}
