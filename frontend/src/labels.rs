//! How API names (roles, permissions, permission groups) are shown.
//!
//! The permission texts are the customer's words from the UP380 table
//! (`spec/permissoes-pendencias.md`), so the permission screen reads like
//! the table the customer wrote; the helpdesk permissions beyond it follow
//! the same style. Unknown names (a newer server) are shown as they are.

use atende_core::automation::{
    ActionKind, ConditionField, Direction, Operator, SlaCondition, TeamAssignment, TimeAnchor,
    Trigger, UpdateEvent,
};
use atende_core::events::PerformerKind;
use atende_core::locale::Locale;

/// `(api name, pt-BR, en)`.
pub type Label = (&'static str, &'static str, &'static str);

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

/// The text of `name` in `table`, in `locale`.
pub fn find(table: &[Label], locale: Locale, name: &str) -> Option<&'static str> {
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

/// SLA states, as the badges show them.
const SLA_STATES: &[Label] = &[
    ("ok", "No prazo", "On track"),
    ("at_risk", "Em risco", "At risk"),
    ("breached", "Violado", "Breached"),
    ("met", "Cumprido", "Met"),
    ("paused", "Pausado", "Paused"),
    ("none", "Sem SLA", "No SLA"),
];

/// The SLA states a list can be filtered by, in the badges' order.
pub const SLA_FILTER_STATES: [&str; 5] = ["ok", "at_risk", "breached", "met", "paused"];

/// The targets of a ticket's SLA.
const SLA_TARGETS: &[Label] = &[
    ("first_response", "Primeira resposta", "First response"),
    ("next_response", "Próxima resposta", "Next response"),
    ("resolution", "Resolução", "Resolution"),
];

/// Why the SLA clock started running or paused.
const SLA_REASONS: &[Label] = &[
    ("created", "abertura do chamado", "ticket opened"),
    ("pending", "aguardando o cliente", "waiting on the customer"),
    ("resumed", "atendimento retomado", "work resumed"),
    ("solved", "chamado resolvido", "ticket solved"),
    ("closed", "chamado fechado", "ticket closed"),
];

/// An SLA state (`at_risk` → `Em risco`).
pub fn sla_state(locale: Locale, state: &str) -> String {
    find(SLA_STATES, locale, state).map_or_else(|| state.to_owned(), str::to_owned)
}

/// The badge colour of an SLA state: each has its own, so a board reads at
/// a glance (green on track, amber at risk, red breached, blue met, grey
/// paused).
pub fn sla_badge(state: &str) -> &'static str {
    match state {
        "ok" => "badge badge--sla-ok",
        "at_risk" => "badge badge--sla-at-risk",
        "breached" => "badge badge--sla-breached",
        "met" => "badge badge--sla-met",
        _ => "badge badge--sla-paused",
    }
}

/// An SLA target (`first_response` → `Primeira resposta`).
pub fn sla_target(locale: Locale, target: &str) -> String {
    find(SLA_TARGETS, locale, target).map_or_else(|| target.to_owned(), str::to_owned)
}

/// Why the SLA clock changed (`pending` → `aguardando o cliente`).
pub fn sla_reason(locale: Locale, reason: &str) -> String {
    find(SLA_REASONS, locale, reason).map_or_else(|| reason.to_owned(), str::to_owned)
}

/// The days of a calendar's week, Monday first (the API's order).
const WEEKDAYS: [(&str, &str, &str, &str); 7] = [
    ("Segunda-feira", "seg", "Monday", "Mon"),
    ("Terça-feira", "ter", "Tuesday", "Tue"),
    ("Quarta-feira", "qua", "Wednesday", "Wed"),
    ("Quinta-feira", "qui", "Thursday", "Thu"),
    ("Sexta-feira", "sex", "Friday", "Fri"),
    ("Sábado", "sáb", "Saturday", "Sat"),
    ("Domingo", "dom", "Sunday", "Sun"),
];

/// A day of the week by its index, Monday = 0 (`Segunda-feira`).
pub fn weekday(locale: Locale, day: usize) -> &'static str {
    WEEKDAYS.get(day).map_or("", |(pt, _, en, _)| match locale {
        Locale::PtBr => *pt,
        Locale::En => *en,
    })
}

/// A day of the week, short (`seg`).
pub fn weekday_short(locale: Locale, day: usize) -> &'static str {
    WEEKDAYS.get(day).map_or("", |(_, pt, _, en)| match locale {
        Locale::PtBr => *pt,
        Locale::En => *en,
    })
}

/// The state holiday sets a calendar can observe: UF, state, and the
/// holiday with its date (as atende-core knows them).
pub const STATE_HOLIDAYS: &[(&str, &str, &str)] = &[
    ("AC", "Acre", "23/01 Dia do Evangélico"),
    ("AL", "Alagoas", "16/09 Emancipação de Alagoas"),
    ("AM", "Amazonas", "05/09 Elevação do Amazonas a província"),
    ("BA", "Bahia", "02/07 Independência da Bahia"),
    ("CE", "Ceará", "25/03 Data Magna do Ceará"),
    ("DF", "Distrito Federal", "21/04 Fundação de Brasília"),
    ("MA", "Maranhão", "28/07 Adesão do Maranhão à Independência"),
    ("MG", "Minas Gerais", "21/04 Data Magna de Minas Gerais"),
    ("PA", "Pará", "15/08 Adesão do Pará à Independência"),
    ("PE", "Pernambuco", "06/03 Revolução Pernambucana"),
    ("PI", "Piauí", "19/10 Dia do Piauí"),
    ("RJ", "Rio de Janeiro", "23/04 Dia de São Jorge"),
    (
        "RN",
        "Rio Grande do Norte",
        "03/10 Mártires de Cunhaú e Uruaçu",
    ),
    ("RS", "Rio Grande do Sul", "20/09 Revolução Farroupilha"),
    ("SC", "Santa Catarina", "11/08 Data Magna de Santa Catarina"),
    ("SE", "Sergipe", "08/07 Emancipação de Sergipe"),
    ("SP", "São Paulo", "09/07 Revolução Constitucionalista"),
    ("TO", "Tocantins", "05/10 Criação do Tocantins"),
];

/// The events a person can be notified of, in the order the preferences
/// page lists them: `(event, pt-BR, en, pt-BR hint, en hint)`.
pub const NOTIFICATION_EVENTS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "created",
        "Chamado aberto",
        "Ticket opened",
        "Confirmação de um chamado que você abriu.",
        "Confirmation of a ticket you opened.",
    ),
    (
        "assigned",
        "Chamado atribuído a você",
        "Ticket assigned to you",
        "Alguém passou um chamado para você atender.",
        "Someone handed you a ticket to work on.",
    ),
    (
        "replied",
        "Nova resposta",
        "New reply",
        "Uma resposta em um chamado que você acompanha.",
        "A reply on a ticket you follow.",
    ),
    (
        "mentioned",
        "Menção em nota interna",
        "Mention in an internal note",
        "Um colega mencionou você com @.",
        "A colleague mentioned you with @.",
    ),
    (
        "status_changed",
        "Mudança de situação",
        "Status change",
        "Um chamado seu mudou de situação.",
        "One of your tickets changed status.",
    ),
    (
        "reopened",
        "Chamado reaberto",
        "Ticket reopened",
        "O cliente reabriu um chamado resolvido.",
        "The client reopened a solved ticket.",
    ),
    (
        "sla_warning",
        "SLA em risco",
        "SLA at risk",
        "O prazo de um chamado está perto de vencer.",
        "A ticket's deadline is close.",
    ),
    (
        "sla_breach",
        "SLA violado",
        "SLA breached",
        "O prazo de um chamado venceu.",
        "A ticket's deadline has passed.",
    ),
    (
        "pending_submitted",
        "Pendência enviada para aprovação",
        "Pending item sent for approval",
        "Um operador enviou uma pendência para você aprovar.",
        "An agent sent a pending item for you to approve.",
    ),
    (
        "pending_awaiting_client",
        "Pendência aguardando resposta",
        "Pending item awaiting an answer",
        "Uma pendência aprovada espera a resposta do cliente.",
        "An approved pending item awaits the client's answer.",
    ),
    (
        "pending_refused",
        "Pendência recusada",
        "Pending item refused",
        "O supervisor recusou uma pendência que você criou.",
        "The supervisor refused a pending item you created.",
    ),
    (
        "pending_answered",
        "Pendência respondida",
        "Pending item answered",
        "O cliente respondeu a uma pendência.",
        "The client answered a pending item.",
    ),
    (
        "pending_due_soon",
        "Pendência perto do vencimento",
        "Pending item due soon",
        "Uma pendência sob sua responsabilidade vence em breve.",
        "A pending item you are responsible for is due soon.",
    ),
];

/// A notification event's name (`sla_warning` → `SLA em risco`).
pub fn notification_event(locale: Locale, event: &str) -> String {
    NOTIFICATION_EVENTS
        .iter()
        .find(|(e, ..)| *e == event)
        .map_or_else(
            || event.to_owned(),
            |(_, pt, en, _, _)| match locale {
                Locale::PtBr => (*pt).to_owned(),
                Locale::En => (*en).to_owned(),
            },
        )
}

/// What a notification event is about, in a sentence.
pub fn notification_event_hint(locale: Locale, event: &str) -> &'static str {
    NOTIFICATION_EVENTS
        .iter()
        .find(|(e, ..)| *e == event)
        .map_or("", |(_, _, _, pt, en)| match locale {
            Locale::PtBr => pt,
            Locale::En => en,
        })
}

/// What the SLA report can group by, in the selector's order.
const REPORT_GROUPS: &[Label] = &[
    ("company", "Empresa", "Company"),
    ("consultancy", "Consultoria", "Consultancy"),
    ("category", "Categoria", "Category"),
    ("agent", "Operador", "Agent"),
    ("priority", "Prioridade", "Priority"),
    ("month", "Mês", "Month"),
];

/// Every grouping of the SLA report, in order.
pub fn report_groups() -> impl Iterator<Item = &'static str> {
    REPORT_GROUPS.iter().map(|(name, _, _)| *name)
}

/// A grouping of the SLA report (`agent` → `Operador`).
pub fn report_group(locale: Locale, group: &str) -> String {
    find(REPORT_GROUPS, locale, group).map_or_else(|| group.to_owned(), str::to_owned)
}

// ------------------------------------------------------------ automation

/// `pt` or `en` by `locale`.
pub(crate) fn pick(locale: Locale, pt: &'static str, en: &'static str) -> &'static str {
    match locale {
        Locale::PtBr => pt,
        Locale::En => en,
    }
}

/// When a rule runs (`created` → `Ao criar o chamado`).
pub fn trigger(locale: Locale, trigger: Trigger) -> &'static str {
    match trigger {
        Trigger::Created => pick(locale, "Ao criar o chamado", "When a ticket is created"),
        Trigger::Updated => pick(locale, "Ao atualizar o chamado", "When a ticket is updated"),
        Trigger::Time => pick(locale, "Por tempo", "On a schedule"),
    }
}

/// A change an update rule waits for.
pub fn update_event(locale: Locale, event: UpdateEvent) -> &'static str {
    match event {
        UpdateEvent::StatusChanged => pick(locale, "Situação alterada", "Status changed"),
        UpdateEvent::PriorityChanged => pick(locale, "Prioridade alterada", "Priority changed"),
        UpdateEvent::Assigned => pick(locale, "Responsável alterado", "Assignee changed"),
        UpdateEvent::TeamChanged => pick(locale, "Equipe alterada", "Team changed"),
        UpdateEvent::CategoryChanged => pick(locale, "Categoria alterada", "Category changed"),
        UpdateEvent::TagsChanged => pick(locale, "Etiquetas alteradas", "Tags changed"),
        UpdateEvent::SubjectChanged => pick(locale, "Assunto alterado", "Subject changed"),
        UpdateEvent::ClientReply => pick(locale, "Resposta do cliente", "Client reply"),
        UpdateEvent::AgentReply => pick(locale, "Resposta da equipe", "Staff reply"),
        UpdateEvent::InternalNote => pick(locale, "Nota interna", "Internal note"),
        UpdateEvent::Reopened => pick(locale, "Reaberto", "Reopened"),
        UpdateEvent::Solved => pick(locale, "Resolvido", "Solved"),
        UpdateEvent::SlaWarning => pick(locale, "SLA em risco", "SLA at risk"),
        UpdateEvent::SlaBreach => pick(locale, "SLA violado", "SLA breached"),
    }
}

/// Who made a change.
pub fn performer(locale: Locale, kind: PerformerKind) -> &'static str {
    match kind {
        PerformerKind::Agent => pick(locale, "Equipe de atendimento", "Support staff"),
        PerformerKind::Client => pick(locale, "Cliente", "Client"),
        PerformerKind::ApiToken => pick(locale, "Integração (API)", "Integration (API)"),
        PerformerKind::System => pick(locale, "Sistema", "System"),
        PerformerKind::Rule => pick(locale, "Outra regra", "Another rule"),
    }
}

/// What a time rule counts from (`resolution_due` → `Prazo de resolução (SLA)`).
pub fn time_anchor(locale: Locale, anchor: TimeAnchor) -> &'static str {
    match anchor {
        TimeAnchor::Created => pick(locale, "Abertura do chamado", "Ticket opened"),
        TimeAnchor::Updated => pick(locale, "Última atualização", "Last update"),
        TimeAnchor::StatusChanged => pick(
            locale,
            "Entrada na situação atual",
            "Entered its current status",
        ),
        TimeAnchor::FirstResponseDue => pick(
            locale,
            "Prazo de primeira resposta (SLA)",
            "First response due (SLA)",
        ),
        TimeAnchor::ResolutionDue => {
            pick(locale, "Prazo de resolução (SLA)", "Resolution due (SLA)")
        }
    }
}

/// Whether only SLA targets can be counted before (the core's rule).
pub fn counts_before(anchor: TimeAnchor) -> bool {
    match anchor {
        TimeAnchor::FirstResponseDue | TimeAnchor::ResolutionDue => true,
        TimeAnchor::Created | TimeAnchor::Updated | TimeAnchor::StatusChanged => false,
    }
}

/// Before or after the anchor.
pub fn direction(locale: Locale, direction: Direction) -> &'static str {
    match direction {
        Direction::Before => pick(locale, "antes", "before"),
        Direction::After => pick(locale, "depois", "after"),
    }
}

/// What a condition looks at.
pub fn condition_field(locale: Locale, field: ConditionField) -> &'static str {
    match field {
        ConditionField::Status => pick(locale, "Situação", "Status"),
        ConditionField::Priority => pick(locale, "Prioridade", "Priority"),
        ConditionField::Category => pick(locale, "Categoria", "Category"),
        ConditionField::Company => pick(locale, "Empresa", "Company"),
        ConditionField::Consultancy => pick(locale, "Consultoria", "Consultancy"),
        ConditionField::Segment => pick(locale, "Segmento", "Segment"),
        ConditionField::Channel => pick(locale, "Canal", "Channel"),
        ConditionField::Tags => pick(locale, "Etiquetas", "Tags"),
        ConditionField::Assignee => pick(locale, "Responsável", "Assignee"),
        ConditionField::Team => pick(locale, "Equipe", "Team"),
        ConditionField::RequesterRole => pick(locale, "Perfil do solicitante", "Requester's role"),
        ConditionField::Text => pick(locale, "Texto", "Text"),
        ConditionField::Sla => pick(locale, "SLA", "SLA"),
        ConditionField::BusinessHours => pick(locale, "Horário de atendimento", "Business hours"),
        ConditionField::TimeSince => pick(locale, "Tempo desde", "Time since"),
    }
}

/// How a condition compares.
pub fn operator(locale: Locale, operator: Operator) -> &'static str {
    match operator {
        Operator::Is => pick(locale, "é", "is"),
        Operator::IsNot => pick(locale, "não é", "is not"),
        Operator::IsEmpty => pick(locale, "está vazio", "is empty"),
        Operator::IsSet => pick(locale, "está preenchido", "is set"),
        Operator::ContainsAny => pick(locale, "contêm alguma de", "contain any of"),
        Operator::ContainsAll => pick(locale, "contêm todas", "contain all of"),
        Operator::ContainsNone => pick(locale, "não contêm nenhuma de", "contain none of"),
        Operator::Contains => pick(locale, "contém", "contains"),
        Operator::NotContains => pick(locale, "não contém", "does not contain"),
        Operator::Within => pick(locale, "dentro do horário", "within hours"),
        Operator::Outside => pick(locale, "fora do horário", "outside hours"),
        Operator::MoreThan => pick(locale, "há mais de", "more than"),
        Operator::LessThan => pick(locale, "há menos de", "less than"),
    }
}

/// Where a ticket stands against its SLA, as a condition names it.
pub fn sla_condition(locale: Locale, state: SlaCondition) -> &'static str {
    match state {
        SlaCondition::None => pick(locale, "Sem SLA", "No SLA"),
        SlaCondition::Ok => pick(locale, "No prazo", "On track"),
        SlaCondition::AtRisk => pick(locale, "Em risco", "At risk"),
        SlaCondition::Breached => pick(locale, "Violado", "Breached"),
        SlaCondition::Met => pick(locale, "Cumprido", "Met"),
        SlaCondition::Paused => pick(locale, "Pausado", "Paused"),
    }
}

/// What a rule does (`assign_team` → `Atribuir equipe`).
pub fn action_kind(locale: Locale, kind: ActionKind) -> &'static str {
    match kind {
        ActionKind::AssignAgent => pick(locale, "Atribuir a um agente", "Assign to an agent"),
        ActionKind::AssignTeam => pick(locale, "Atribuir equipe", "Assign a team"),
        ActionKind::SetStatus => pick(locale, "Mudar a situação", "Set the status"),
        ActionKind::SetPriority => pick(locale, "Mudar a prioridade", "Set the priority"),
        ActionKind::SetCategory => pick(locale, "Mudar a categoria", "Set the category"),
        ActionKind::AddTags => pick(locale, "Adicionar etiquetas", "Add tags"),
        ActionKind::RemoveTags => pick(locale, "Remover etiquetas", "Remove tags"),
        ActionKind::AddNote => pick(locale, "Adicionar nota interna", "Add an internal note"),
        ActionKind::Reply => pick(locale, "Responder ao cliente", "Reply to the client"),
        ActionKind::Notify => pick(locale, "Notificar", "Notify"),
        ActionKind::Escalate => pick(locale, "Escalar", "Escalate"),
    }
}

/// How a team assignment picks a member.
pub fn team_assignment(locale: Locale, assignment: TeamAssignment) -> &'static str {
    match assignment {
        TeamAssignment::None => pick(
            locale,
            "Só a equipe (sem responsável)",
            "The team only (no assignee)",
        ),
        TeamAssignment::TeamDefault => {
            pick(locale, "Como a equipe distribui", "As the team hands out")
        }
        TeamAssignment::RoundRobin => pick(locale, "Em rodízio", "Round robin"),
        TeamAssignment::LeastOpen => pick(
            locale,
            "Para quem tem menos chamados abertos",
            "To whoever has fewest open tickets",
        ),
    }
}

/// Why a firing left an action out (the server's reason codes); unknown
/// codes are shown as they are.
pub fn skip_reason(locale: Locale, reason: &str) -> String {
    let text = match reason {
        "auto_submitted" => pick(locale, "mensagem automática", "automatic message"),
        "opened_by_staff" => pick(
            locale,
            "chamado aberto pela equipe",
            "ticket opened by staff",
        ),
        "already_replied" => pick(
            locale,
            "a regra já respondeu neste chamado",
            "the rule already replied on this ticket",
        ),
        "not_found" => pick(locale, "não encontrado", "not found"),
        "out_of_reach" => pick(
            locale,
            "fora do alcance da regra",
            "outside the rule's reach",
        ),
        other => return other.to_owned(),
    };
    text.to_owned()
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
    fn sla_states_have_texts_and_distinct_colours() {
        for locale in Locale::ALL {
            for state in SLA_FILTER_STATES {
                assert!(find(SLA_STATES, locale, state).is_some(), "{state}");
            }
        }
        assert_eq!(sla_state(Locale::PtBr, "ok"), "No prazo");
        assert_eq!(sla_state(Locale::PtBr, "at_risk"), "Em risco");
        assert_eq!(sla_state(Locale::PtBr, "breached"), "Violado");
        assert_eq!(sla_state(Locale::PtBr, "met"), "Cumprido");
        assert_eq!(sla_state(Locale::PtBr, "paused"), "Pausado");
        let mut colours: Vec<&str> = SLA_FILTER_STATES.iter().map(|s| sla_badge(s)).collect();
        colours.sort_unstable();
        colours.dedup();
        assert_eq!(colours.len(), SLA_FILTER_STATES.len());
        assert_eq!(
            sla_target(Locale::PtBr, "first_response"),
            "Primeira resposta"
        );
        assert_eq!(sla_reason(Locale::PtBr, "pending"), "aguardando o cliente");
    }

    #[test]
    fn the_week_starts_on_monday() {
        assert_eq!(weekday(Locale::PtBr, 0), "Segunda-feira");
        assert_eq!(weekday(Locale::En, 6), "Sunday");
        assert_eq!(weekday_short(Locale::PtBr, 5), "sáb");
        assert_eq!(weekday(Locale::PtBr, 7), "");
    }

    #[test]
    fn every_state_holiday_set_is_one_the_core_accepts() {
        use atende_core::calendar::{BusinessCalendar, Holidays, WeeklyHours};
        for (uf, _, _) in STATE_HOLIDAYS {
            let holidays = Holidays {
                states: vec![(*uf).to_owned()],
                ..Holidays::default()
            };
            assert!(
                BusinessCalendar::new(chrono_tz::UTC, WeeklyHours::office(), holidays).is_ok(),
                "{uf}"
            );
        }
    }

    #[test]
    fn notification_events_and_report_groups_have_texts() {
        assert_eq!(NOTIFICATION_EVENTS.len(), 13);
        assert_eq!(
            notification_event(Locale::PtBr, "sla_breach"),
            "SLA violado"
        );
        assert!(!notification_event_hint(Locale::En, "mentioned").is_empty());
        assert_eq!(notification_event(Locale::En, "x"), "x");
        assert_eq!(report_groups().count(), 6);
        assert_eq!(report_group(Locale::PtBr, "agent"), "Operador");
    }

    #[test]
    fn every_automation_word_has_a_text_in_both_languages() {
        for locale in Locale::ALL {
            let texts = Trigger::ALL
                .iter()
                .map(|x| trigger(locale, *x))
                .chain(UpdateEvent::ALL.iter().map(|x| update_event(locale, *x)))
                .chain(PerformerKind::ALL.iter().map(|x| performer(locale, *x)))
                .chain(TimeAnchor::ALL.iter().map(|x| time_anchor(locale, *x)))
                .chain(Direction::ALL.iter().map(|x| direction(locale, *x)))
                .chain(
                    ConditionField::ALL
                        .iter()
                        .map(|x| condition_field(locale, *x)),
                )
                .chain(Operator::ALL.iter().map(|x| operator(locale, *x)))
                .chain(SlaCondition::ALL.iter().map(|x| sla_condition(locale, *x)))
                .chain(ActionKind::ALL.iter().map(|x| action_kind(locale, *x)))
                .chain(
                    TeamAssignment::ALL
                        .iter()
                        .map(|x| team_assignment(locale, *x)),
                );
            for text in texts {
                assert!(!text.trim().is_empty());
            }
        }
        assert_eq!(
            action_kind(Locale::PtBr, ActionKind::AssignTeam),
            "Atribuir equipe"
        );
        assert_eq!(
            skip_reason(Locale::PtBr, "opened_by_staff"),
            "chamado aberto pela equipe"
        );
        assert_eq!(skip_reason(Locale::PtBr, "new_reason"), "new_reason");
        assert!(counts_before(TimeAnchor::ResolutionDue));
        assert!(!counts_before(TimeAnchor::Created));
    }

    #[test]
    fn unknown_names_are_shown_as_they_are() {
        assert_eq!(permission_name(Locale::PtBr, "x.y"), "x.y");
        assert_eq!(role_name(Locale::En, "root"), "root");
    }
}
