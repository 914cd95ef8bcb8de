//! Who may do what, where: the one authorization rule.
//!
//! An actor (a signed-in user or an API token) has a grant per permission
//! (from the role → permission matrix) and a *scope*: the companies it is
//! linked to, with the clients of a linked consultancy included. Asking for
//! a permission answers either "denied" or a [`Reach`]: everywhere, or only
//! some companies. Services ask first and then filter every query by the
//! reach, so an out-of-scope row is simply not found.
//!
//! How far a ✅ reaches depends on the actor's [`Bounds`]: an administrator
//! (or an API token an administrator left unscoped) reaches every company;
//! other staff reach the whole *tenant* of their links (each linked
//! consultancy with all its clients, or the consultancy of a linked client
//! with all its clients) and never across consultancies; client roles and
//! company-scoped API tokens stop at their scope. A ⚠️ always stops at the
//! scope.

use std::collections::{BTreeMap, BTreeSet};

use uuid::Uuid;

use crate::permissions::{Grant, Permission, Role};

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

    /// The companies both reaches cover: a write needs the row within the
    /// reach of reading it too, or it would act on (and disclose) a row the
    /// actor cannot see.
    pub fn intersect(&self, other: &Reach) -> Reach {
        match (self, other) {
            (Reach::Everywhere, r) | (r, Reach::Everywhere) => r.clone(),
            (Reach::Companies(a), Reach::Companies(b)) => {
                Reach::Companies(a.intersection(b).copied().collect())
            }
        }
    }

    /// Whether the two reaches share a company.
    pub fn overlaps(&self, other: &Reach) -> bool {
        match (self, other) {
            (Reach::Everywhere, _) | (_, Reach::Everywhere) => true,
            (Reach::Companies(a), Reach::Companies(b)) => a.intersection(b).next().is_some(),
        }
    }

    /// Whether every one of `companies` is within reach (an empty list is
    /// only covered by [`Reach::Everywhere`]: a user linked to nothing is
    /// not "inside" any limited reach).
    pub fn covers_all(&self, companies: &[Uuid]) -> bool {
        match self {
            Reach::Everywhere => true,
            Reach::Companies(ids) => {
                !companies.is_empty() && companies.iter().all(|c| ids.contains(c))
            }
        }
    }
}

/// How far a ✅ reaches for an actor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bounds {
    /// Administrators and unscoped API tokens: every company.
    Unbounded,
    /// Staff below ADM: the companies of their tenant (the consultancies
    /// their links belong to, with all their clients).
    Tenant(BTreeSet<Uuid>),
    /// Client roles and company-scoped API tokens: the scope only.
    Scope,
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
    bounds: Bounds,
}

impl Access {
    /// `grants` lists the actor's grant per permission (missing = ❌);
    /// `scope` its companies, consultancy clients already included;
    /// `bounds` how far a ✅ reaches.
    pub fn new(grants: BTreeMap<Permission, Grant>, scope: BTreeSet<Uuid>, bounds: Bounds) -> Self {
        Self {
            grants,
            scope,
            bounds,
        }
    }

    /// The bounds of a ✅ for a user of `role`, given the companies of
    /// their tenant.
    pub fn bounds_of(role: Role, tenant: BTreeSet<Uuid>) -> Bounds {
        match role {
            Role::Admin => Bounds::Unbounded,
            Role::Supervisor | Role::Agent => Bounds::Tenant(tenant),
            Role::ClientSupervisor | Role::Client => Bounds::Scope,
        }
    }

    /// The grant of `permission` (❌ when absent).
    pub fn grant(&self, permission: Permission) -> Grant {
        self.grants.get(&permission).copied().unwrap_or(Grant::None)
    }

    /// How far `permission` reaches, or [`Denied`].
    pub fn authorize(&self, permission: Permission) -> Result<Reach, Denied> {
        match (self.grant(permission), &self.bounds) {
            (Grant::None, _) => Err(Denied(permission)),
            (Grant::All, Bounds::Unbounded) => Ok(Reach::Everywhere),
            (Grant::All, Bounds::Tenant(tenant)) => Ok(Reach::Companies(tenant.clone())),
            (Grant::All, Bounds::Scope) | (Grant::Linked, _) => {
                Ok(Reach::Companies(self.scope.clone()))
            }
        }
    }

    /// How far `permission` reaches on rows read through `view`: a write
    /// never reaches a row the actor cannot see (it would change, and
    /// disclose, a row that answers 404 to a read).
    pub fn authorize_visible(
        &self,
        permission: Permission,
        view: Permission,
    ) -> Result<Reach, Denied> {
        let reach = self.authorize(permission)?;
        Ok(match self.authorize(view) {
            Ok(visible) => reach.intersect(&visible),
            Err(_) => Reach::Companies(BTreeSet::new()),
        })
    }

    /// Whether even a ✅ stops at the actor's own scope (client roles,
    /// company-scoped API tokens).
    pub fn is_confined(&self) -> bool {
        matches!(self.bounds, Bounds::Scope)
    }

    /// The companies of the actor's tenant: what anything shared among
    /// colleagues (saved views, canned responses) may reach.
    pub fn tenant(&self) -> Reach {
        match &self.bounds {
            Bounds::Unbounded => Reach::Everywhere,
            Bounds::Tenant(tenant) => Reach::Companies(tenant.clone()),
            Bounds::Scope => Reach::Companies(self.scope.clone()),
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
            if confined {
                Bounds::Scope
            } else {
                Bounds::Unbounded
            },
        )
    }

    fn staff(grant: Grant) -> Access {
        Access::new(
            BTreeMap::from([(Permission::CompaniesView, grant)]),
            BTreeSet::from([company(2)]),
            Access::bounds_of(
                Role::Supervisor,
                BTreeSet::from([company(1), company(2), company(3)]),
            ),
        )
    }

    #[test]
    fn staff_below_admin_stop_at_their_tenant_even_with_all() {
        let reach = staff(Grant::All)
            .authorize(Permission::CompaniesView)
            .unwrap();
        assert!(!reach.is_everywhere());
        assert!(reach.covers(company(1)) && reach.covers(company(3)));
        assert!(!reach.covers(company(4)), "another consultancy's company");
        let linked = staff(Grant::Linked)
            .authorize(Permission::CompaniesView)
            .unwrap();
        assert!(linked.covers(company(2)) && !linked.covers(company(1)));
    }

    #[test]
    fn a_write_reaches_only_what_its_reader_sees() {
        let access = Access::new(
            BTreeMap::from([
                (Permission::CompaniesEdit, Grant::All),
                (Permission::CompaniesView, Grant::Linked),
            ]),
            BTreeSet::from([company(2)]),
            Bounds::Tenant(BTreeSet::from([company(1), company(2)])),
        );
        let reach = access
            .authorize_visible(Permission::CompaniesEdit, Permission::CompaniesView)
            .unwrap();
        assert!(reach.covers(company(2)));
        assert!(!reach.covers(company(1)), "in the tenant but not visible");
        let blind = access
            .authorize_visible(Permission::CompaniesEdit, Permission::UsersEdit)
            .unwrap();
        assert!(!blind.covers(company(2)));
    }

    #[test]
    fn only_admins_are_unbounded() {
        let tenant = BTreeSet::from([company(1)]);
        assert_eq!(
            Access::bounds_of(Role::Admin, tenant.clone()),
            Bounds::Unbounded
        );
        assert_eq!(
            Access::bounds_of(Role::Agent, tenant.clone()),
            Bounds::Tenant(tenant.clone())
        );
        assert_eq!(Access::bounds_of(Role::Client, tenant), Bounds::Scope);
    }

    #[test]
    fn intersections_and_coverage() {
        let ab = Reach::Companies(BTreeSet::from([company(1), company(2)]));
        let bc = Reach::Companies(BTreeSet::from([company(2), company(3)]));
        assert_eq!(
            ab.intersect(&bc),
            Reach::Companies(BTreeSet::from([company(2)]))
        );
        assert_eq!(Reach::Everywhere.intersect(&ab), ab);
        assert!(ab.overlaps(&bc));
        assert!(!ab.overlaps(&Reach::Companies(BTreeSet::from([company(9)]))));
        assert!(ab.covers_all(&[company(1), company(2)]));
        assert!(
            !ab.covers_all(&[company(1), company(3)]),
            "one outside is enough"
        );
        assert!(!ab.covers_all(&[]));
        assert!(Reach::Everywhere.covers_all(&[]));
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
