//! Who may do what, where: the one authorization rule.
//!
//! An actor (a signed-in user or an API token) has a grant per permission
//! (from the role → permission matrix) and a *scope*: the companies it is
//! linked to, with the clients of a linked consultancy included. Asking for
//! a permission answers either "denied" or a [`Reach`]: everywhere, or only
//! the companies of the scope. Services ask first and then filter every
//! query by the reach, so an out-of-scope row is simply not found.

use std::collections::{BTreeMap, BTreeSet};

use uuid::Uuid;

use crate::permissions::{Grant, Permission};

/// The companies an allowed action reaches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reach {
    /// Any company (✅ for staff).
    Everywhere,
    /// Only these companies (⚠️, and anything for client roles and
    /// company-scoped API tokens).
    Companies(BTreeSet<Uuid>),
}

impl Reach {
    /// Whether `company` is within reach.
    pub fn covers(&self, company: Uuid) -> bool {
        match self {
            Reach::Everywhere => true,
            Reach::Companies(ids) => ids.contains(&company),
        }
    }

    /// The companies to filter queries by; `None` means no filter.
    pub fn company_ids(&self) -> Option<&BTreeSet<Uuid>> {
        match self {
            Reach::Everywhere => None,
            Reach::Companies(ids) => Some(ids),
        }
    }

    /// Whether it reaches every company.
    pub fn is_everywhere(&self) -> bool {
        matches!(self, Reach::Everywhere)
    }
}

/// Refused: the actor lacks the permission altogether.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("permission `{}` is not granted", .0.name())]
pub struct Denied(pub Permission);

/// What an actor may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Access {
    grants: BTreeMap<Permission, Grant>,
    scope: BTreeSet<Uuid>,
    /// Client roles and company-scoped API tokens: even a ✅ stops at the
    /// scope's edge.
    confined: bool,
}

impl Access {
    /// `grants` lists the actor's grant per permission (missing = ❌);
    /// `scope` its companies, consultancy clients already included.
    pub fn new(grants: BTreeMap<Permission, Grant>, scope: BTreeSet<Uuid>, confined: bool) -> Self {
        Self {
            grants,
            scope,
            confined,
        }
    }

    /// The grant of `permission` (❌ when absent).
    pub fn grant(&self, permission: Permission) -> Grant {
        self.grants.get(&permission).copied().unwrap_or(Grant::None)
    }

    /// How far `permission` reaches, or [`Denied`].
    pub fn authorize(&self, permission: Permission) -> Result<Reach, Denied> {
        match self.grant(permission) {
            Grant::None => Err(Denied(permission)),
            Grant::All if !self.confined => Ok(Reach::Everywhere),
            Grant::All | Grant::Linked => Ok(Reach::Companies(self.scope.clone())),
        }
    }

    /// Whether `permission` is granted at all.
    pub fn can(&self, permission: Permission) -> bool {
        self.grant(permission) != Grant::None
    }

    /// The companies of the scope.
    pub fn scope(&self) -> &BTreeSet<Uuid> {
        &self.scope
    }

    /// Every granted permission with its reach, in catalogue order.
    pub fn effective(&self) -> Vec<(Permission, Reach)> {
        Permission::ALL
            .iter()
            .filter_map(|p| self.authorize(*p).ok().map(|reach| (*p, reach)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn company(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    fn access(grant: Grant, confined: bool) -> Access {
        Access::new(
            BTreeMap::from([(Permission::CompaniesView, grant)]),
            BTreeSet::from([company(1), company(2)]),
            confined,
        )
    }

    #[test]
    fn a_missing_or_none_grant_is_denied() {
        let access = access(Grant::None, false);
        assert_eq!(
            access.authorize(Permission::CompaniesView),
            Err(Denied(Permission::CompaniesView))
        );
        assert_eq!(
            access.authorize(Permission::UsersCreate),
            Err(Denied(Permission::UsersCreate))
        );
        assert!(!access.can(Permission::UsersCreate));
    }

    #[test]
    fn all_reaches_everywhere_for_staff() {
        let reach = access(Grant::All, false)
            .authorize(Permission::CompaniesView)
            .unwrap();
        assert!(reach.is_everywhere());
        assert!(reach.covers(company(99)));
        assert_eq!(reach.company_ids(), None);
    }

    #[test]
    fn linked_reaches_the_scope_only() {
        let reach = access(Grant::Linked, false)
            .authorize(Permission::CompaniesView)
            .unwrap();
        assert!(reach.covers(company(1)) && reach.covers(company(2)));
        assert!(!reach.covers(company(3)));
    }

    #[test]
    fn confined_actors_stop_at_the_scope_even_with_all() {
        let reach = access(Grant::All, true)
            .authorize(Permission::CompaniesView)
            .unwrap();
        assert!(!reach.is_everywhere());
        assert!(!reach.covers(company(3)));
        assert!(reach.covers(company(1)));
    }

    #[test]
    fn effective_lists_granted_permissions_only() {
        let access = access(Grant::Linked, false);
        let effective = access.effective();
        assert_eq!(effective.len(), 1);
        assert_eq!(effective[0].0, Permission::CompaniesView);
    }
}
