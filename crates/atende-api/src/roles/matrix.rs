//! The stored role → permission matrix and the MFA policy.
//!
//! Only the cells an administrator changed are stored (`role_permissions`);
//! every other cell is the spec table's default from `atende-core`. So a
//! permission added by a later release starts at its default everywhere,
//! with no data migration.

use std::{
    collections::{BTreeMap, HashMap},
    sync::{Arc, Mutex, PoisonError},
    time::{Duration, Instant},
};

use atende_core::permissions::{Grant, Permission, Role};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
    sea_query::OnConflict,
};

use crate::system::setting;

pub mod entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "role_permissions")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub role: String,
        #[sea_orm(primary_key, auto_increment = false)]
        pub permission: String,
        pub grant: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

const MFA_POLICY_SETTING: &str = "auth.mfa_required_roles";

/// Every permission's grant for `role`: stored overrides over the defaults.
pub async fn grants(
    db: &impl ConnectionTrait,
    role: Role,
) -> Result<BTreeMap<Permission, Grant>, DbErr> {
    let mut grants: BTreeMap<Permission, Grant> = Permission::ALL
        .iter()
        .map(|p| (*p, p.default_grant(role)))
        .collect();
    let overrides = entity::Entity::find()
        .filter(entity::Column::Role.eq(role.as_str()))
        .all(db)
        .await?;
    for row in overrides {
        // A name this release no longer knows is ignored, not an error.
        if let (Some(permission), Some(grant)) =
            (Permission::parse(&row.permission), Grant::parse(&row.grant))
        {
            grants.insert(permission, grant);
        }
    }
    Ok(grants)
}

/// Each role's grants as last read, so authenticating a request does not
/// read the matrix every time. A change through this process clears it at
/// once (after its commit); a change made by another server reaches this
/// one within [`GrantCache::TTL`].
#[derive(Debug, Clone, Default)]
pub struct GrantCache {
    inner: Arc<Mutex<CachedGrants>>,
}

#[derive(Debug, Default)]
struct CachedGrants {
    /// Bumped by every invalidation: a read that started before one must
    /// not store what it read.
    generation: u64,
    roles: HashMap<Role, (Instant, BTreeMap<Permission, Grant>)>,
}

impl GrantCache {
    pub const TTL: Duration = Duration::from_secs(5);

    /// [`grants`], from the cache when fresh.
    pub async fn grants(
        &self,
        db: &impl ConnectionTrait,
        role: Role,
    ) -> Result<BTreeMap<Permission, Grant>, DbErr> {
        let generation = {
            let cached = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some((at, grants)) = cached.roles.get(&role)
                && at.elapsed() < Self::TTL
            {
                return Ok(grants.clone());
            }
            cached.generation
        };
        let fresh = grants(db, role).await?;
        let mut cached = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        if cached.generation == generation {
            cached.roles.insert(role, (Instant::now(), fresh.clone()));
        }
        Ok(fresh)
    }

    /// Forgets everything; call after committing a change to the matrix.
    pub fn invalidate(&self) {
        let mut cached = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        cached.generation += 1;
        cached.roles.clear();
    }
}

/// Sets one cell.
pub async fn set(
    db: &impl ConnectionTrait,
    role: Role,
    permission: Permission,
    grant: Grant,
) -> Result<(), DbErr> {
    entity::Entity::insert(entity::ActiveModel {
        role: Set(role.as_str().to_owned()),
        permission: Set(permission.name().to_owned()),
        grant: Set(grant.as_str().to_owned()),
    })
    .on_conflict(
        OnConflict::columns([entity::Column::Role, entity::Column::Permission])
            .update_column(entity::Column::Grant)
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// The roles whose users must use MFA.
pub async fn mfa_required_roles(db: &impl ConnectionTrait) -> Result<Vec<Role>, DbErr> {
    let Some(stored) = setting::get(db, MFA_POLICY_SETTING).await? else {
        return Ok(Vec::new());
    };
    let names: Vec<String> = serde_json::from_str(&stored).unwrap_or_default();
    Ok(names.iter().filter_map(|n| Role::parse(n)).collect())
}

/// Whether `role` must use MFA.
pub async fn mfa_required(db: &impl ConnectionTrait, role: Role) -> Result<bool, DbErr> {
    Ok(mfa_required_roles(db).await?.contains(&role))
}

/// Replaces the MFA policy.
pub async fn set_mfa_required_roles(
    db: &impl ConnectionTrait,
    roles: &[Role],
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let names: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
    let json = serde_json::to_string(&names).map_err(|e| DbErr::Custom(e.to_string()))?;
    setting::put(db, MFA_POLICY_SETTING, &json, now).await
}
