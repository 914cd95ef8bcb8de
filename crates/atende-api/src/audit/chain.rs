//! Writing entries and checking the hash chain.
//!
//! Each entry's `hash` is SHA-256 over its own fields and the previous
//! entry's hash, so changing, removing or reordering any entry breaks every
//! link after it. Entries are appended inside the transaction of the change
//! they record: either both are stored or neither.
//!
//! Appends are serialized so the chain never forks: on PostgreSQL by a
//! transaction-scoped advisory lock, on SQLite by the write lock every
//! writing transaction takes at `BEGIN IMMEDIATE` (see `db::begin_write`).

use chrono::{DateTime, SubsecRound, Utc};
use sea_orm::{
    ActiveValue::Set, ConnectionTrait, DatabaseBackend, DatabaseTransaction, DbErr, EntityTrait,
    QueryOrder, QuerySelect, Statement,
};
use serde_json::Value;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::entity::{self, Entity as AuditLog};

/// The `prev_hash` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Arbitrary, fixed key of the advisory lock serializing appends on
/// PostgreSQL ("AUDIT" in ASCII).
const ADVISORY_LOCK_KEY: i64 = 0x0041_5544_4954;

/// Who acted and from where.
#[derive(Debug, Clone, Default)]
pub struct AuditContext {
    pub actor_user_id: Option<Uuid>,
    pub actor_token_id: Option<Uuid>,
    /// The user's e-mail, the token's name, or `system`.
    pub actor: String,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub request_id: Option<String>,
}

impl AuditContext {
    /// Work done by the server itself (demo data, scheduled jobs).
    pub fn system() -> Self {
        Self {
            actor: "system".into(),
            ..Self::default()
        }
    }
}

/// What changed.
#[derive(Debug, Clone, Default)]
pub struct Change {
    /// `<entity>.<verb>`, e.g. `company.created`, `auth.locked`.
    pub action: &'static str,
    pub entity_type: &'static str,
    pub entity_id: Option<String>,
    /// The company concerned, if any: client supervisors read the entries
    /// of their companies only.
    pub company_id: Option<Uuid>,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

impl Change {
    /// A change of `entity_type` `entity_id`.
    pub fn new(action: &'static str, entity_type: &'static str, entity_id: impl ToString) -> Self {
        Self {
            action,
            entity_type,
            entity_id: Some(entity_id.to_string()),
            ..Self::default()
        }
    }

    pub fn company(mut self, company_id: Option<Uuid>) -> Self {
        self.company_id = company_id;
        self
    }

    pub fn before(mut self, value: impl serde::Serialize) -> Self {
        self.before = serde_json::to_value(value).ok();
        self
    }

    pub fn after(mut self, value: impl serde::Serialize) -> Self {
        self.after = serde_json::to_value(value).ok();
        self
    }
}

/// Appends one entry for `change` at `at`, inside `txn`.
pub async fn record(
    txn: &DatabaseTransaction,
    context: &AuditContext,
    change: Change,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    if txn.get_database_backend() == DatabaseBackend::Postgres {
        txn.execute_raw(Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "SELECT pg_advisory_xact_lock($1)",
            [ADVISORY_LOCK_KEY.into()],
        ))
        .await?;
    }
    let last = AuditLog::find()
        .order_by_desc(entity::Column::Seq)
        .limit(1)
        .one(txn)
        .await?;
    let (seq, prev_hash) = match last {
        Some(last) => (last.seq + 1, last.hash),
        None => (1, GENESIS.to_owned()),
    };
    let mut entry = entity::Model {
        seq,
        // Both databases keep microseconds; hash what is stored.
        at: at.trunc_subsecs(6),
        actor_user_id: context.actor_user_id,
        actor_token_id: context.actor_token_id,
        actor: context.actor.clone(),
        action: change.action.to_owned(),
        entity_type: change.entity_type.to_owned(),
        entity_id: change.entity_id,
        company_id: change.company_id,
        before: change.before.map(|v| v.to_string()),
        after: change.after.map(|v| v.to_string()),
        ip: context.ip.clone(),
        user_agent: context.user_agent.clone(),
        request_id: context.request_id.clone(),
        prev_hash,
        hash: String::new(),
    };
    entry.hash = hash_of(&entry);
    AuditLog::insert(entity::ActiveModel {
        seq: Set(entry.seq),
        at: Set(entry.at),
        actor_user_id: Set(entry.actor_user_id),
        actor_token_id: Set(entry.actor_token_id),
        actor: Set(entry.actor),
        action: Set(entry.action),
        entity_type: Set(entry.entity_type),
        entity_id: Set(entry.entity_id),
        company_id: Set(entry.company_id),
        before: Set(entry.before),
        after: Set(entry.after),
        ip: Set(entry.ip),
        user_agent: Set(entry.user_agent),
        request_id: Set(entry.request_id),
        prev_hash: Set(entry.prev_hash),
        hash: Set(entry.hash),
    })
    .exec_without_returning(txn)
    .await?;
    Ok(())
}

/// The hash an entry must carry: SHA-256 (hex) of its fields, `prev_hash`
/// included, as a JSON array (unambiguous: every field is quoted or null).
pub fn hash_of(entry: &entity::Model) -> String {
    let fields = serde_json::json!([
        entry.seq,
        entry
            .at
            .to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
        entry.actor_user_id,
        entry.actor_token_id,
        entry.actor,
        entry.action,
        entry.entity_type,
        entry.entity_id,
        entry.company_id,
        entry.before,
        entry.after,
        entry.ip,
        entry.user_agent,
        entry.request_id,
        entry.prev_hash,
    ]);
    hex(&Sha256::digest(fields.to_string().as_bytes()))
}

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// The outcome of checking the whole chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verification {
    /// Every entry links to the one before and hashes correctly.
    Intact { entries: u64 },
    /// The first entry that does not.
    Broken { seq: i64, reason: String },
}

/// Walks the chain from the first entry, in pages, and reports the first
/// broken link.
pub async fn verify(db: &impl ConnectionTrait) -> Result<Verification, DbErr> {
    const PAGE: u64 = 1000;
    let mut expected_prev = GENESIS.to_owned();
    let mut expected_seq = 1_i64;
    loop {
        let page = AuditLog::find()
            .filter_seq_from(expected_seq)
            .order_by_asc(entity::Column::Seq)
            .limit(PAGE)
            .all(db)
            .await?;
        let count = page.len() as u64;
        for entry in page {
            if entry.seq != expected_seq {
                return Ok(Verification::Broken {
                    seq: expected_seq,
                    reason: format!("entry {expected_seq} is missing (next is {})", entry.seq),
                });
            }
            if entry.prev_hash != expected_prev {
                return Ok(Verification::Broken {
                    seq: entry.seq,
                    reason: "its prev_hash does not match the previous entry's hash".into(),
                });
            }
            if hash_of(&entry) != entry.hash {
                return Ok(Verification::Broken {
                    seq: entry.seq,
                    reason: "its contents do not match its hash (the row was altered)".into(),
                });
            }
            expected_prev = entry.hash;
            expected_seq += 1;
        }
        if count < PAGE {
            return Ok(Verification::Intact {
                entries: (expected_seq - 1) as u64,
            });
        }
    }
}

trait FilterSeq {
    fn filter_seq_from(self, seq: i64) -> Self;
}

impl FilterSeq for sea_orm::Select<AuditLog> {
    fn filter_seq_from(self, seq: i64) -> Self {
        use sea_orm::{ColumnTrait, QueryFilter};
        self.filter(entity::Column::Seq.gte(seq))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry() -> entity::Model {
        entity::Model {
            seq: 1,
            at: DateTime::parse_from_rfc3339("2026-03-02T12:00:00.123456Z")
                .unwrap()
                .with_timezone(&Utc),
            actor_user_id: None,
            actor_token_id: None,
            actor: "admin@atende.demo".into(),
            action: "company.created".into(),
            entity_type: "company".into(),
            entity_id: Some("x".into()),
            company_id: None,
            before: None,
            after: Some(r#"{"legal_name":"ACME"}"#.into()),
            ip: Some("127.0.0.1".into()),
            user_agent: None,
            request_id: None,
            prev_hash: GENESIS.into(),
            hash: String::new(),
        }
    }

    #[test]
    fn the_hash_covers_every_field() {
        let original = hash_of(&entry());
        assert_eq!(original.len(), 64);
        let mut altered = entry();
        altered.after = Some(r#"{"legal_name":"ACME2"}"#.into());
        assert_ne!(hash_of(&altered), original);
        let mut altered = entry();
        altered.prev_hash = "1".repeat(64);
        assert_ne!(hash_of(&altered), original);
        let mut altered = entry();
        altered.actor = "someone@else".into();
        assert_ne!(hash_of(&altered), original);
    }

    #[test]
    fn fields_cannot_be_shifted_between_columns() {
        // "a" + "bc" and "ab" + "c" must not hash alike.
        let mut first = entry();
        first.action = "a".into();
        first.entity_type = "bc".into();
        let mut second = entry();
        second.action = "ab".into();
        second.entity_type = "c".into();
        assert_ne!(hash_of(&first), hash_of(&second));
    }
}
