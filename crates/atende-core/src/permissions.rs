//! Roles, named permissions and the default role → permission matrix.
//!
//! The matrix is the customer's table (`shared/spec/permissoes-pendencias.md`,
//! "TABELA RÁPIDA DE PERMISSÕES - UP380"), row by row, plus the helpdesk
//! permissions the later features need. A cell is a [`Grant`]: ✅ is
//! [`Grant::All`], ⚠️ is [`Grant::Linked`] ("only the companies linked to the
//! user"), ❌ is [`Grant::None`]. Administrators may change the matrix per
//! role; this module is the default and the vocabulary.

use serde::{Deserialize, Serialize};

/// What a user is, which decides what they may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// ADM — everything, including users and the permission matrix.
    Admin,
    /// Supervisor / Gestor.
    Supervisor,
    /// Operador / Agente.
    Agent,
    /// Cliente Supervisor — a client-side lead.
    ClientSupervisor,
    /// Cliente.
    Client,
}

impl Role {
    /// Every role, in the spec table's column order.
    pub const ALL: [Role; 5] = [
        Role::Admin,
        Role::Supervisor,
        Role::Agent,
        Role::ClientSupervisor,
        Role::Client,
    ];

    /// The API name (`admin`, `client_supervisor`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Supervisor => "supervisor",
            Role::Agent => "agent",
            Role::ClientSupervisor => "client_supervisor",
            Role::Client => "client",
        }
    }

    /// Parses an API name.
    pub fn parse(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == name)
    }

    /// Client roles belong to client companies: whatever the matrix says,
    /// they never reach beyond the companies linked to them.
    pub fn is_client(self) -> bool {
        matches!(self, Role::ClientSupervisor | Role::Client)
    }
}

/// How far a role's permission reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grant {
    /// ❌ — not allowed.
    None,
    /// ⚠️ — allowed on the companies linked to the user only.
    Linked,
    /// ✅ — allowed (client roles still only on their own companies).
    All,
}

impl Grant {
    /// The API name: `none`, `linked` or `all`.
    pub fn as_str(self) -> &'static str {
        match self {
            Grant::None => "none",
            Grant::Linked => "linked",
            Grant::All => "all",
        }
    }

    /// Parses an API name.
    pub fn parse(name: &str) -> Option<Grant> {
        [Grant::None, Grant::Linked, Grant::All]
            .into_iter()
            .find(|g| g.as_str() == name)
    }
}

macro_rules! permissions {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, $group:literal,
        [$adm:ident, $sup:ident, $op:ident, $csup:ident, $cli:ident]; )*) => {
        /// A named permission. The name (`pending_items.approve`) is what the
        /// API and the stored matrix use.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Permission { $( $(#[$doc])* $variant, )* }

        impl Permission {
            /// Every permission, in catalogue order.
            pub const ALL: &'static [Permission] = &[ $( Permission::$variant, )* ];

            /// The stable name, e.g. `pending_items.approve`.
            pub fn name(self) -> &'static str {
                match self { $( Permission::$variant => $name, )* }
            }

            /// The group it is listed under (the spec table's section).
            pub fn group(self) -> &'static str {
                match self { $( Permission::$variant => $group, )* }
            }

            /// The default grant of `role`: the spec table's cell.
            pub fn default_grant(self, role: Role) -> Grant {
                let row = match self { $( Permission::$variant => [Grant::$adm, Grant::$sup, Grant::$op, Grant::$csup, Grant::$cli], )* };
                row[role as usize]
            }
        }
    };
}

permissions! {
    // USUÁRIOS
    /// Criar usuários.
    UsersCreate = "users.create", "users", [All, None, None, None, None];
    /// Editar usuários.
    UsersEdit = "users.edit", "users", [All, None, None, None, None];
    /// Deletar usuários.
    UsersDelete = "users.delete", "users", [All, None, None, None, None];
    // EMPRESAS
    /// Criar empresas.
    CompaniesCreate = "companies.create", "companies", [All, All, None, None, None];
    /// Editar empresas.
    CompaniesEdit = "companies.edit", "companies", [All, All, None, None, None];
    /// Deletar empresas.
    CompaniesDelete = "companies.delete", "companies", [All, None, None, None, None];
    /// Ver empresas.
    CompaniesView = "companies.view", "companies", [All, Linked, Linked, Linked, Linked];
    // SEGMENTOS
    /// Criar segmentos.
    SegmentsCreate = "segments.create", "segments", [All, All, None, None, None];
    /// Editar segmentos.
    SegmentsEdit = "segments.edit", "segments", [All, All, None, None, None];
    /// Deletar segmentos.
    SegmentsDelete = "segments.delete", "segments", [All, None, None, None, None];
    /// Ver segmentos.
    SegmentsView = "segments.view", "segments", [All, All, All, All, All];
    // PENDÊNCIAS
    /// Criar pendências.
    PendingItemsCreate = "pending_items.create", "pending_items", [All, None, All, None, None];
    /// Editar pendências.
    PendingItemsEdit = "pending_items.edit", "pending_items", [All, All, All, None, None];
    /// Ver pendências.
    PendingItemsView = "pending_items.view", "pending_items", [All, Linked, Linked, Linked, Linked];
    /// Responder pendências.
    PendingItemsAnswer = "pending_items.answer", "pending_items", [All, All, All, All, All];
    /// Aprovar pendências.
    PendingItemsApprove = "pending_items.approve", "pending_items", [All, All, None, None, None];
    /// Recusar pendências.
    PendingItemsRefuse = "pending_items.refuse", "pending_items", [All, All, None, None, None];
    /// Marcar como resolvida.
    PendingItemsResolve = "pending_items.resolve", "pending_items", [All, All, None, None, None];
    /// Ver resolvidas.
    PendingItemsViewResolved = "pending_items.view_resolved", "pending_items", [All, All, None, None, None];
    // IMPORTAÇÃO
    /// Importar planilhas.
    ImportsRun = "imports.run", "imports", [All, None, All, None, None];
    /// Ver histórico importação.
    ImportsHistory = "imports.history", "imports", [All, None, All, None, None];
    // RELATÓRIOS
    /// Relatório mensal.
    ReportsMonthly = "reports.monthly", "reports", [All, All, All, All, None];
    /// Relatório operadores.
    ReportsOperators = "reports.operators", "reports", [All, All, None, Linked, None];
    /// Exportar dados.
    DataExport = "data.export", "reports", [All, All, Linked, All, None];
    // VISUALIZAÇÃO
    /// Dashboard geral.
    DashboardGeneral = "dashboards.general", "dashboards", [All, All, All, All, All];
    /// Dashboard operador.
    DashboardOperator = "dashboards.operator", "dashboards", [All, All, All, None, None];
    /// Dashboard supervisor.
    DashboardSupervisor = "dashboards.supervisor", "dashboards", [All, All, None, None, None];
    /// Ver logs completos.
    LogsFull = "logs.full", "logs", [All, All, All, All, None];
    /// Ver logs recentes (últimos 7 dias).
    LogsRecent = "logs.recent", "logs", [All, All, All, All, None];
    // NAVEGAÇÃO
    /// Menu "Gerenciar".
    NavManage = "nav.manage", "navigation", [All, All, None, None, None];
    /// Botão "Nova Pendência".
    NavNewPendingItem = "nav.new_pending_item", "navigation", [All, None, All, None, None];
    /// Botão "Importar".
    NavImport = "nav.import", "navigation", [All, None, All, None, None];
    /// Acessar segmentos.
    NavSegments = "nav.segments", "navigation", [All, All, All, All, All];
    /// Ver por segmento.
    NavBySegment = "nav.by_segment", "navigation", [All, All, All, All, All];
    // Helpdesk (beyond the UP380 table; defaults follow DESIGN.md's roles).
    /// Read tickets.
    TicketsView = "tickets.view", "tickets", [All, Linked, Linked, Linked, Linked];
    /// Open tickets (clients for themselves, staff on behalf of a client).
    TicketsCreate = "tickets.create", "tickets", [All, Linked, Linked, Linked, Linked];
    /// Work tickets: reply, assign, change status and priority.
    TicketsWork = "tickets.work", "tickets", [All, Linked, Linked, None, None];
    /// Read and write internal notes.
    TicketsInternalNotes = "tickets.internal_notes", "tickets", [All, Linked, Linked, None, None];
    /// Manage business calendars and SLA policies.
    SlaManage = "sla.manage", "sla", [All, All, None, None, None];
    /// Read the knowledge base (public articles for clients).
    KbView = "kb.view", "kb", [All, All, All, All, All];
    /// Write knowledge-base articles.
    KbManage = "kb.manage", "kb", [All, All, All, None, None];
    /// Helpdesk reports (SLA, response and resolution times).
    ReportsHelpdesk = "reports.helpdesk", "reports", [All, All, Linked, Linked, None];
    /// Webhooks, chat and DevOps integrations.
    IntegrationsManage = "integrations.manage", "integrations", [All, None, None, None, None];
    /// Automation rules.
    AutomationManage = "automation.manage", "automation", [All, All, None, None, None];
    /// Read and change the role → permission matrix.
    RolesManage = "roles.manage", "users", [All, None, None, None, None];
    /// Create and revoke API tokens.
    ApiTokensManage = "api_tokens.manage", "users", [All, None, None, None, None];
}

impl Permission {
    /// Looks a permission up by its name.
    pub fn parse(name: &str) -> Option<Permission> {
        Permission::ALL.iter().copied().find(|p| p.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Grant::{All, Linked, None as No};

    fn row(p: Permission) -> [Grant; 5] {
        Role::ALL.map(|r| p.default_grant(r))
    }

    #[test]
    fn the_default_matrix_is_the_spec_table() {
        // A few rows copied cell by cell from the UP380 table.
        assert_eq!(row(Permission::UsersCreate), [All, No, No, No, No]);
        assert_eq!(
            row(Permission::CompaniesView),
            [All, Linked, Linked, Linked, Linked]
        );
        assert_eq!(row(Permission::PendingItemsCreate), [All, No, All, No, No]);
        assert_eq!(
            row(Permission::PendingItemsAnswer),
            [All, All, All, All, All]
        );
        assert_eq!(
            row(Permission::PendingItemsViewResolved),
            [All, All, No, No, No]
        );
        assert_eq!(
            row(Permission::ReportsOperators),
            [All, All, No, Linked, No]
        );
        assert_eq!(row(Permission::DataExport), [All, All, Linked, All, No]);
        assert_eq!(row(Permission::LogsFull), [All, All, All, All, No]);
        assert_eq!(row(Permission::NavManage), [All, All, No, No, No]);
        assert_eq!(row(Permission::NavImport), [All, No, All, No, No]);
    }

    #[test]
    fn the_administrator_may_do_everything_by_default() {
        for permission in Permission::ALL {
            assert_eq!(
                permission.default_grant(Role::Admin),
                Grant::All,
                "{}",
                permission.name()
            );
        }
    }

    #[test]
    fn names_are_unique_and_parse_back() {
        let mut names: Vec<_> = Permission::ALL.iter().map(|p| p.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Permission::ALL.len());
        for permission in Permission::ALL {
            assert_eq!(Permission::parse(permission.name()), Some(*permission));
        }
        assert_eq!(Permission::parse("tickets.fly"), None);
    }

    #[test]
    fn roles_parse_from_their_api_names() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
        assert!(Role::Client.is_client() && Role::ClientSupervisor.is_client());
        assert!(!Role::Agent.is_client());
        for grant in [Grant::None, Grant::Linked, Grant::All] {
            assert_eq!(Grant::parse(grant.as_str()), Some(grant));
        }
        assert_eq!(Grant::parse("some"), None);
    }

    #[test]
    fn the_catalogue_covers_every_row_of_the_spec_table() {
        // 34 rows in the UP380 table: 3 + 4 + 4 + 8 + 2 + 3 + 5 + 5.
        let spec_groups = [
            "users",
            "companies",
            "segments",
            "pending_items",
            "imports",
            "reports",
            "dashboards",
            "logs",
            "navigation",
        ];
        let spec_rows = Permission::ALL
            .iter()
            .filter(|p| spec_groups.contains(&p.group()))
            .filter(|p| {
                !matches!(
                    p,
                    Permission::ReportsHelpdesk
                        | Permission::RolesManage
                        | Permission::ApiTokensManage
                )
            })
            .count();
        assert_eq!(spec_rows, 34);
    }
}
