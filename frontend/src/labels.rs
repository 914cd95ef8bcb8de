//! How API names (roles, permissions, permission groups) are shown.
//!
//! The permission texts are the customer's words from the UP380 table
//! (`spec/permissoes-pendencias.md`), so the permission screen reads like
//! the table the customer wrote; the helpdesk permissions beyond it follow
//! the same style. Unknown names (a newer server) are shown as they are.

use atende_core::locale::Locale;

/// `(api name, pt-BR, en)`.
type Label = (&'static str, &'static str, &'static str);

/// Roles in the spec table's column order, with their short column titles.
const ROLE_COLUMNS: &[Label] = &[
    ("admin", "ADM", "Admin"),
    ("supervisor", "Supervisor", "Supervisor"),
    ("agent", "Operador", "Agent"),
    ("client_supervisor", "Cliente Sup.", "Client lead"),
    ("client", "Cliente", "Client"),
];

/// Roles with their full names (forms, lists).
const ROLE_NAMES: &[Label] = &[
    ("admin", "Administrador", "Administrator"),
    ("supervisor", "Supervisor", "Supervisor"),
    ("agent", "Operador", "Agent"),
    (
        "client_supervisor",
        "Cliente supervisor",
        "Client supervisor",
    ),
    ("client", "Cliente", "Client"),
];

const GROUPS: &[Label] = &[
    ("users", "Usuários", "Users"),
    ("companies", "Empresas", "Companies"),
    ("segments", "Segmentos", "Segments"),
    ("pending_items", "Pendências", "Pending items"),
    ("imports", "Importação", "Import"),
    ("reports", "Relatórios", "Reports"),
    ("dashboards", "Visualização", "Dashboards"),
    ("logs", "Logs", "Logs"),
    ("navigation", "Navegação", "Navigation"),
    ("tickets", "Chamados", "Tickets"),
    ("sla", "SLA", "SLA"),
    ("kb", "Base de conhecimento", "Knowledge base"),
    ("integrations", "Integrações", "Integrations"),
    ("automation", "Automação", "Automation"),
];

const PERMISSIONS: &[Label] = &[
    ("users.create", "Criar usuários", "Create users"),
    ("users.edit", "Editar usuários", "Edit users"),
    ("users.delete", "Deletar usuários", "Delete users"),
    ("companies.create", "Criar empresas", "Create companies"),
    ("companies.edit", "Editar empresas", "Edit companies"),
    ("companies.delete", "Deletar empresas", "Delete companies"),
    ("companies.view", "Ver empresas", "View companies"),
    ("segments.create", "Criar segmentos", "Create segments"),
    ("segments.edit", "Editar segmentos", "Edit segments"),
    ("segments.delete", "Deletar segmentos", "Delete segments"),
    ("segments.view", "Ver segmentos", "View segments"),
    (
        "pending_items.create",
        "Criar pendências",
        "Create pending items",
    ),
    (
        "pending_items.edit",
        "Editar pendências",
        "Edit pending items",
    ),
    ("pending_items.view", "Ver pendências", "View pending items"),
    (
        "pending_items.answer",
        "Responder pendências",
        "Answer pending items",
    ),
    (
        "pending_items.approve",
        "Aprovar pendências",
        "Approve pending items",
    ),
    (
        "pending_items.refuse",
        "Recusar pendências",
        "Refuse pending items",
    ),
    (
        "pending_items.resolve",
        "Marcar como resolvida",
        "Mark as resolved",
    ),
    (
        "pending_items.view_resolved",
        "Ver resolvidas",
        "View resolved items",
    ),
    ("imports.run", "Importar planilhas", "Import spreadsheets"),
    (
        "imports.history",
        "Ver histórico importação",
        "View import history",
    ),
    ("reports.monthly", "Relatório mensal", "Monthly report"),
    ("reports.operators", "Relatório operadores", "Agents report"),
    ("data.export", "Exportar dados", "Export data"),
    ("dashboards.general", "Dashboard geral", "General dashboard"),
    (
        "dashboards.operator",
        "Dashboard operador",
        "Agent dashboard",
    ),
    (
        "dashboards.supervisor",
        "Dashboard supervisor",
        "Supervisor dashboard",
    ),
    ("logs.full", "Ver logs completos", "View full logs"),
    ("logs.recent", "Ver logs recentes", "View recent logs"),
    ("nav.manage", "Menu \"Gerenciar\"", "\"Manage\" menu"),
    (
        "nav.new_pending_item",
        "Botão \"Nova Pendência\"",
        "\"New pending item\" button",
    ),
    ("nav.import", "Botão \"Importar\"", "\"Import\" button"),
    ("nav.segments", "Acessar segmentos", "Open segments"),
    ("nav.by_segment", "Ver por segmento", "View by segment"),
    ("tickets.view", "Ver chamados", "View tickets"),
    ("tickets.create", "Abrir chamados", "Open tickets"),
    ("tickets.work", "Atender chamados", "Work on tickets"),
    ("tickets.internal_notes", "Notas internas", "Internal notes"),
    (
        "sla.manage",
        "Gerenciar calendários e SLA",
        "Manage calendars and SLAs",
    ),
    ("kb.view", "Ver base de conhecimento", "View knowledge base"),
    ("kb.manage", "Escrever artigos", "Write articles"),
    (
        "reports.helpdesk",
        "Relatórios de atendimento",
        "Helpdesk reports",
    ),
    (
        "integrations.manage",
        "Gerenciar integrações",
        "Manage integrations",
    ),
    (
        "automation.manage",
        "Gerenciar automações",
        "Manage automation",
    ),
    ("roles.manage", "Gerenciar permissões", "Manage permissions"),
    (
        "api_tokens.manage",
        "Gerenciar tokens de API",
        "Manage API tokens",
    ),
];

fn find(table: &[Label], locale: Locale, name: &str) -> Option<&'static str> {
    table
        .iter()
        .find(|(key, _, _)| *key == name)
        .map(|(_, pt, en)| match locale {
            Locale::PtBr => *pt,
            Locale::En => *en,
        })
}

/// A role's column title in the permission grid (`ADM`, `Cliente Sup.`).
pub fn role_column(locale: Locale, role: &str) -> String {
    find(ROLE_COLUMNS, locale, role).map_or_else(|| role.to_owned(), str::to_owned)
}

/// A role's full name (`Administrador`).
pub fn role_name(locale: Locale, role: &str) -> String {
    find(ROLE_NAMES, locale, role).map_or_else(|| role.to_owned(), str::to_owned)
}

/// Every role's API name, in the spec table's order.
pub fn roles() -> impl Iterator<Item = &'static str> {
    ROLE_NAMES.iter().map(|(name, _, _)| *name)
}

/// A permission group's title (`Usuários`).
pub fn group_name(locale: Locale, group: &str) -> String {
    find(GROUPS, locale, group).map_or_else(|| group.to_owned(), str::to_owned)
}

/// A permission's text (`Criar usuários`).
pub fn permission_name(locale: Locale, permission: &str) -> String {
    find(PERMISSIONS, locale, permission).map_or_else(|| permission.to_owned(), str::to_owned)
}

/// Ticket statuses, in the board's column order.
const TICKET_STATUSES: &[Label] = &[
    ("new", "Novo", "New"),
    ("open", "Aberto", "Open"),
    ("pending", "Pendente", "Pending"),
    ("on_hold", "Em espera", "On hold"),
    ("solved", "Resolvido", "Solved"),
    ("closed", "Fechado", "Closed"),
];

const PRIORITIES: &[Label] = &[
    ("low", "Baixa", "Low"),
    ("normal", "Normal", "Normal"),
    ("high", "Alta", "High"),
    ("urgent", "Urgente", "Urgent"),
];

const CHANNELS: &[Label] = &[
    ("portal", "Portal", "Portal"),
    ("email", "E-mail", "E-mail"),
    ("api", "API", "API"),
    ("chat", "Chat", "Chat"),
    ("phone", "Telefone", "Phone"),
];

/// A ticket status (`pending` → `Pendente`).
pub fn ticket_status(locale: Locale, status: &str) -> String {
    find(TICKET_STATUSES, locale, status).map_or_else(|| status.to_owned(), str::to_owned)
}

/// A ticket priority (`urgent` → `Urgente`).
pub fn priority(locale: Locale, priority: &str) -> String {
    find(PRIORITIES, locale, priority).map_or_else(|| priority.to_owned(), str::to_owned)
}

/// The channel a ticket came through (`phone` → `Telefone`).
pub fn channel(locale: Locale, channel: &str) -> String {
    find(CHANNELS, locale, channel).map_or_else(|| channel.to_owned(), str::to_owned)
}

/// The badge colour of a ticket status.
pub fn status_badge(status: &str) -> &'static str {
    match status {
        "new" => "badge badge--status-new",
        "open" => "badge badge--status-open",
        "pending" => "badge badge--status-pending",
        "on_hold" => "badge badge--status-on-hold",
        "solved" => "badge badge--status-solved",
        _ => "badge badge--status-closed",
    }
}

/// The badge colour of a priority.
pub fn priority_badge(priority: &str) -> &'static str {
    match priority {
        "low" => "badge badge--neutral",
        "high" => "badge badge--warning",
        "urgent" => "badge badge--danger",
        _ => "badge badge--info",
    }
}

/// A company kind (`consultancy`, `client`).
pub fn company_kind(locale: Locale, kind: &str) -> String {
    let label = match (kind, locale) {
        ("consultancy", Locale::PtBr) => "Consultoria",
        ("consultancy", Locale::En) => "Consultancy",
        ("client", Locale::PtBr) => "Empresa cliente",
        ("client", Locale::En) => "Client company",
        _ => kind,
    };
    label.to_owned()
}

#[cfg(test)]
mod tests {
    use atende_core::permissions::{Permission, Role};

    use super::*;

    #[test]
    fn every_permission_and_group_of_the_catalogue_has_a_text() {
        for permission in Permission::ALL {
            for locale in Locale::ALL {
                assert!(
                    find(PERMISSIONS, locale, permission.name()).is_some(),
                    "{} has no text",
                    permission.name()
                );
                assert!(
                    find(GROUPS, locale, permission.group()).is_some(),
                    "group {} has no text",
                    permission.group()
                );
            }
        }
    }

    #[test]
    fn every_role_has_a_name_and_a_column_in_the_spec_order() {
        let ours: Vec<_> = roles().collect();
        let core: Vec<_> = Role::ALL.iter().map(|r| r.as_str()).collect();
        assert_eq!(ours, core);
        for role in Role::ALL {
            assert!(find(ROLE_COLUMNS, Locale::PtBr, role.as_str()).is_some());
        }
        assert_eq!(role_column(Locale::PtBr, "admin"), "ADM");
        assert_eq!(role_name(Locale::PtBr, "agent"), "Operador");
    }

    #[test]
    fn every_ticket_status_priority_and_channel_has_a_text() {
        use atende_core::tickets::{Channel, Priority, TicketStatus};
        for locale in Locale::ALL {
            for status in TicketStatus::ALL {
                assert!(find(TICKET_STATUSES, locale, status.as_str()).is_some());
            }
            for p in Priority::ALL {
                assert!(find(PRIORITIES, locale, p.as_str()).is_some());
            }
            for c in Channel::ALL {
                assert!(find(CHANNELS, locale, c.as_str()).is_some());
            }
        }
        assert_eq!(ticket_status(Locale::PtBr, "pending"), "Pendente");
        assert_eq!(ticket_status(Locale::PtBr, "closed"), "Fechado");
        assert_eq!(priority(Locale::En, "urgent"), "Urgent");
        assert_eq!(channel(Locale::PtBr, "phone"), "Telefone");
        assert_eq!(status_badge("on_hold"), "badge badge--status-on-hold");
    }

    #[test]
    fn unknown_names_are_shown_as_they_are() {
        assert_eq!(permission_name(Locale::PtBr, "x.y"), "x.y");
        assert_eq!(role_name(Locale::En, "root"), "root");
    }
}
