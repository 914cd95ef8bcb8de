//! The audit log in words: every action code the server records
//! (`pending_item.refused` → "Recusou a pendência"), the kinds of record,
//! the names of the fields, and the before/after of an entry as a list of
//! field changes (`Situação: Aberto → Resolvido`) instead of JSON. Pure,
//! so it is unit tested.

use atende_core::locale::Locale;
use atende_core::tickets::format_number;
use serde_json::{Map, Value};

use crate::labels::{self, Label, find};
use crate::pending;

/// Every action code the server writes (grep `Change::new(` and
/// `action:` in `crates/`), as people read it.
pub const ACTIONS: &[Label] = &[
    ("auth.login", "Entrou no sistema", "Signed in"),
    (
        "auth.login_failed",
        "Tentativa de entrada falhou",
        "Failed sign-in",
    ),
    ("auth.logout", "Saiu do sistema", "Signed out"),
    (
        "auth.locked",
        "Conta bloqueada por tentativas",
        "Account locked after failures",
    ),
    (
        "auth.refresh_reused",
        "Sessão encerrada (renovação reutilizada)",
        "Session ended (renewal reused)",
    ),
    (
        "mfa.enabled",
        "Ativou a verificação em duas etapas",
        "Turned on two-step verification",
    ),
    (
        "mfa.disabled",
        "Desativou a verificação em duas etapas",
        "Turned off two-step verification",
    ),
    (
        "security.mfa_policy_changed",
        "Alterou a política de verificação em duas etapas",
        "Changed the two-step verification policy",
    ),
    (
        "role.permission_changed",
        "Alterou uma permissão",
        "Changed a permission",
    ),
    (
        "api_token.created",
        "Criou um token de API",
        "Created an API token",
    ),
    (
        "api_token.revoked",
        "Revogou um token de API",
        "Revoked an API token",
    ),
    ("user.created", "Criou o usuário", "Created the user"),
    (
        "user.invited",
        "Reenviou o convite",
        "Sent the invitation again",
    ),
    (
        "user.invitation_accepted",
        "Aceitou o convite",
        "Accepted the invitation",
    ),
    ("user.updated", "Alterou o usuário", "Changed the user"),
    (
        "user.profile_updated",
        "Alterou o próprio perfil",
        "Changed their own profile",
    ),
    ("user.deleted", "Excluiu o usuário", "Deleted the user"),
    (
        "user.mfa_reset",
        "Redefiniu a verificação em duas etapas",
        "Reset two-step verification",
    ),
    (
        "user.password_changed",
        "Trocou a senha",
        "Changed the password",
    ),
    (
        "user.password_reset_requested",
        "Pediu para redefinir a senha",
        "Asked to reset the password",
    ),
    (
        "user.password_reset",
        "Redefiniu a senha pelo link",
        "Reset the password by link",
    ),
    (
        "company.created",
        "Cadastrou a empresa",
        "Created the company",
    ),
    (
        "company.updated",
        "Alterou a empresa",
        "Changed the company",
    ),
    (
        "company.deleted",
        "Excluiu a empresa",
        "Deleted the company",
    ),
    ("segment.created", "Criou o segmento", "Created the segment"),
    (
        "segment.updated",
        "Alterou o segmento",
        "Changed the segment",
    ),
    (
        "segment.deleted",
        "Excluiu o segmento",
        "Deleted the segment",
    ),
    ("ticket.created", "Abriu o chamado", "Opened the ticket"),
    ("ticket.updated", "Alterou o chamado", "Changed the ticket"),
    (
        "ticket.replied",
        "Respondeu o chamado",
        "Replied to the ticket",
    ),
    (
        "ticket.noted",
        "Escreveu uma nota interna",
        "Wrote an internal note",
    ),
    ("ticket.solved", "Resolveu o chamado", "Solved the ticket"),
    (
        "ticket.reopened",
        "Reabriu o chamado",
        "Reopened the ticket",
    ),
    (
        "ticket.attachment_added",
        "Anexou um arquivo ao chamado",
        "Attached a file to the ticket",
    ),
    (
        "ticket_category.created",
        "Criou a categoria",
        "Created the category",
    ),
    (
        "ticket_category.updated",
        "Alterou a categoria",
        "Changed the category",
    ),
    ("team.created", "Criou a equipe", "Created the team"),
    ("team.updated", "Alterou a equipe", "Changed the team"),
    (
        "automation_rule.created",
        "Criou a regra de automação",
        "Created the automation rule",
    ),
    (
        "automation_rule.updated",
        "Alterou a regra de automação",
        "Changed the automation rule",
    ),
    (
        "automation_rule.enabled",
        "Ativou a regra de automação",
        "Enabled the automation rule",
    ),
    (
        "automation_rule.disabled",
        "Desativou a regra de automação",
        "Disabled the automation rule",
    ),
    (
        "automation_rule.deleted",
        "Excluiu a regra de automação",
        "Deleted the automation rule",
    ),
    (
        "automation_rule.reordered",
        "Reordenou as regras de automação",
        "Reordered the automation rules",
    ),
    (
        "sla.calendar_created",
        "Criou o calendário",
        "Created the calendar",
    ),
    (
        "sla.calendar_updated",
        "Alterou o calendário",
        "Changed the calendar",
    ),
    (
        "sla.policy_created",
        "Criou a política de SLA",
        "Created the SLA policy",
    ),
    (
        "sla.policy_updated",
        "Alterou a política de SLA",
        "Changed the SLA policy",
    ),
    (
        "sla.policy_deleted",
        "Excluiu a política de SLA",
        "Deleted the SLA policy",
    ),
    (
        "pending_item.created",
        "Criou a pendência",
        "Created the pending item",
    ),
    (
        "pending_item.edited",
        "Editou a pendência",
        "Edited the pending item",
    ),
    (
        "pending_item.submitted",
        "Enviou a pendência para aprovação",
        "Sent the pending item for approval",
    ),
    (
        "pending_item.returned_to_draft",
        "Voltou a pendência para rascunho",
        "Returned the pending item to draft",
    ),
    (
        "pending_item.approved",
        "Aprovou a pendência",
        "Approved the pending item",
    ),
    (
        "pending_item.refused",
        "Recusou a pendência",
        "Refused the pending item",
    ),
    (
        "pending_item.answered",
        "Respondeu a pendência",
        "Answered the pending item",
    ),
    (
        "pending_item.started",
        "Iniciou o tratamento da pendência",
        "Started processing the pending item",
    ),
    (
        "pending_item.returned_to_client",
        "Devolveu a pendência ao cliente",
        "Returned the pending item to the client",
    ),
    (
        "pending_item.resolved",
        "Marcou a pendência como resolvida",
        "Marked the pending item resolved",
    ),
    (
        "pending_item.attachment_added",
        "Anexou um arquivo à pendência",
        "Attached a file to the pending item",
    ),
    (
        "import.committed",
        "Importou uma planilha",
        "Imported a spreadsheet",
    ),
    (
        "demo.seeded",
        "Carregou os dados de demonstração",
        "Loaded the demo data",
    ),
];

/// The kinds of record an entry is about.
const ENTITIES: &[Label] = &[
    ("user", "Usuário", "User"),
    ("company", "Empresa", "Company"),
    ("segment", "Segmento", "Segment"),
    ("ticket", "Chamado", "Ticket"),
    ("ticket_category", "Categoria", "Category"),
    ("team", "Equipe", "Team"),
    ("automation_rule", "Regra de automação", "Automation rule"),
    ("calendar", "Calendário", "Calendar"),
    ("policy", "Política de SLA", "SLA policy"),
    ("sla_policy", "Política de SLA", "SLA policy"),
    ("pending_item", "Pendência", "Pending item"),
    ("import", "Importação", "Import"),
    ("api_token", "Token de API", "API token"),
    ("role", "Perfil", "Role"),
    (
        "mfa_policy",
        "Política de verificação",
        "Verification policy",
    ),
    ("security", "Segurança", "Security"),
    ("session", "Sessão", "Session"),
    ("installation", "Instalação", "Installation"),
];

/// Field names as forms show them.
const FIELDS: &[Label] = &[
    ("name", "Nome", "Name"),
    ("email", "E-mail", "E-mail"),
    ("role", "Perfil", "Role"),
    ("active", "Ativo", "Active"),
    ("locale", "Idioma", "Language"),
    ("time_zone", "Fuso horário", "Time zone"),
    (
        "mfa_enabled",
        "Verificação em duas etapas",
        "Two-step verification",
    ),
    ("company_ids", "Empresas", "Companies"),
    ("company_id", "Empresa", "Company"),
    ("company_name", "Empresa", "Company"),
    ("consultancy_id", "Consultoria", "Consultancy"),
    ("segment_id", "Segmento", "Segment"),
    ("kind", "Tipo", "Kind"),
    ("legal_name", "Razão social", "Legal name"),
    ("trade_name", "Nome fantasia", "Trade name"),
    ("cnpj", "CNPJ", "CNPJ"),
    ("tier", "Nível", "Tier"),
    ("description", "Descrição", "Description"),
    ("subject", "Assunto", "Subject"),
    ("title", "Título", "Title"),
    ("status", "Situação", "Status"),
    ("priority", "Prioridade", "Priority"),
    ("channel", "Canal", "Channel"),
    ("assignee", "Responsável", "Assignee"),
    ("assignee_id", "Responsável", "Assignee"),
    ("requester", "Solicitante", "Requester"),
    ("team_id", "Equipe", "Team"),
    ("category_id", "Categoria", "Category"),
    ("category", "Categoria", "Category"),
    ("parent_id", "Categoria-mãe", "Parent category"),
    ("position", "Ordem", "Order"),
    ("tags", "Etiquetas", "Tags"),
    ("due_date", "Vencimento", "Due date"),
    ("reference_date", "Competência", "Reference date"),
    ("document_number", "Nº do documento", "Document number"),
    ("amount_cents", "Valor", "Amount"),
    ("operator", "Operador", "Operator"),
    ("approver", "Aprovador", "Approver"),
    ("refusal_reason", "Motivo da recusa", "Refusal reason"),
    ("reason", "Motivo", "Reason"),
    ("grant", "Acesso", "Access"),
    ("permission", "Permissão", "Permission"),
    ("required_roles", "Perfis obrigados", "Required roles"),
    ("permissions", "Permissões", "Permissions"),
    ("expires_at", "Expira em", "Expires at"),
    ("assignment", "Distribuição", "Assignment"),
    ("members", "Membros", "Members"),
    ("file_name", "Arquivo", "File"),
    ("size", "Tamanho", "Size"),
    ("rows", "Linhas", "Rows"),
    ("created", "Criadas", "Created"),
    ("holidays", "Feriados", "Holidays"),
    ("weekly", "Horário semanal", "Weekly hours"),
    ("calendar_id", "Calendário", "Calendar"),
    ("targets", "Metas", "Targets"),
    ("conditions", "Condições", "Conditions"),
    ("ip", "Endereço IP", "IP address"),
    ("method", "Forma de entrada", "Sign-in method"),
];

/// How people signed in (`auth.login`'s `method`).
const SIGN_IN_METHODS: &[Label] = &[
    ("password", "Senha", "Password"),
    (
        "totp",
        "Senha e código do autenticador",
        "Password and authenticator code",
    ),
    (
        "recovery_code",
        "Senha e código de recuperação",
        "Password and recovery code",
    ),
];

/// Fields not worth showing: identifiers, versions, bookkeeping, markup
/// the text fields already carry.
const HIDDEN_FIELDS: &[&str] = &[
    "id",
    "version",
    "created_at",
    "updated_at",
    "actions",
    "description_html",
    "body_html",
    "download_url",
    "reference",
    "number",
    "has_password",
    "password",
    "token",
    "hash",
];

/// An action as people read it; the code itself when unknown.
pub fn action_label(locale: Locale, action: &str) -> String {
    find(ACTIONS, locale, action).map_or_else(|| action.to_owned(), str::to_owned)
}

/// A kind of record (`pending_item` → `Pendência`).
pub fn entity_label(locale: Locale, entity_type: &str) -> String {
    find(ENTITIES, locale, entity_type).map_or_else(|| humanize(entity_type), str::to_owned)
}

/// A field's name (`due_date` → `Vencimento`).
pub fn field_label(locale: Locale, field: &str) -> String {
    find(FIELDS, locale, field).map_or_else(|| humanize(field), str::to_owned)
}

/// `some_field` → `Some field`.
fn humanize(code: &str) -> String {
    let spaced = code.replace(['_', '.'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Which record an entry is about, by name when its data has one:
/// `Chamado #000012`, `Empresa Pão Dourado`, `Pendência PEN-000004`.
pub fn record_name(
    locale: Locale,
    entity_type: &str,
    before: Option<&Value>,
    after: Option<&Value>,
) -> String {
    let kind = entity_label(locale, entity_type);
    let data = after.or(before).and_then(Value::as_object);
    let text = |name: &str| data.and_then(|d| d.get(name)).and_then(Value::as_str);
    let number = data.and_then(|d| d.get("number")).and_then(Value::as_i64);
    let name = match (entity_type, number) {
        ("ticket", Some(n)) => Some(format_number(n)),
        ("pending_item", Some(n)) => Some(pending::number(n)),
        _ => [
            "trade_name",
            "name",
            "title",
            "subject",
            "email",
            "file_name",
        ]
        .into_iter()
        .find_map(|field| text(field).filter(|t| !t.trim().is_empty()))
        .map(str::to_owned),
    };
    match name {
        Some(name) => format!("{kind} {name}"),
        None => kind,
    }
}

/// One field that changed: its name, what it was and what it became
/// (`None`: absent on that side).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub field: String,
    pub label: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The fields an entry changed, in the order forms show them: for a
/// creation every field set, for a deletion every field it had, for a
/// change only those that differ. `name_of` names ids (companies).
pub fn field_changes(
    locale: Locale,
    entity_type: &str,
    before: Option<&Value>,
    after: Option<&Value>,
    name_of: &dyn Fn(&str) -> Option<String>,
) -> Vec<FieldChange> {
    let empty = Map::new();
    let (old, new) = match (before, after) {
        (None, None) => return Vec::new(),
        (Some(b), Some(a)) => (
            b.as_object().unwrap_or(&empty),
            a.as_object().unwrap_or(&empty),
        ),
        (Some(b), None) => (b.as_object().unwrap_or(&empty), &empty),
        (None, Some(a)) => (&empty, a.as_object().unwrap_or(&empty)),
    };
    // Non-object values (rare): one line for the whole value.
    if old.is_empty() && new.is_empty() {
        let show = |v: Option<&Value>| v.map(|v| value_text(locale, entity_type, "", v, name_of));
        let (b, a) = (show(before), show(after));
        return if b == a {
            Vec::new()
        } else {
            vec![FieldChange {
                field: String::new(),
                label: String::new(),
                before: b,
                after: a,
            }]
        };
    }
    let mut keys: Vec<&String> = new.keys().collect();
    for key in old.keys() {
        if !new.contains_key(key) {
            keys.push(key);
        }
    }
    // In the order forms show them; others after, alphabetically.
    let rank = |key: &str| {
        FIELDS
            .iter()
            .position(|(name, _, _)| *name == key)
            .unwrap_or(usize::MAX)
    };
    keys.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.cmp(b)));
    let creating = before.is_none();
    keys.into_iter()
        .filter(|key| !HIDDEN_FIELDS.contains(&key.as_str()) && !key.ends_with("_html"))
        .filter_map(|key| {
            let (b, a) = (old.get(key), new.get(key));
            if b == a {
                return None;
            }
            // A creation lists what was set, not every empty field.
            if creating && a.is_none_or(is_blank) {
                return None;
            }
            let show = |v: Option<&Value>| {
                v.filter(|v| !v.is_null())
                    .map(|v| value_text(locale, entity_type, key, v, name_of))
            };
            Some(FieldChange {
                field: key.clone(),
                label: field_label(locale, key),
                before: show(b),
                after: show(a),
            })
        })
        .collect()
}

fn is_blank(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(list) => list.is_empty(),
        Value::Object(map) => map.is_empty(),
        _ => false,
    }
}

/// A value as people read it: statuses, priorities and roles in words,
/// dates as dd/mm/aaaa, amounts in reais, yes/no, people and companies by
/// name.
pub fn value_text(
    locale: Locale,
    entity_type: &str,
    field: &str,
    value: &Value,
    name_of: &dyn Fn(&str) -> Option<String>,
) -> String {
    let yes_no = |b: bool| match (locale, b) {
        (Locale::PtBr, true) => "Sim",
        (Locale::PtBr, false) => "Não",
        (Locale::En, true) => "Yes",
        (Locale::En, false) => "No",
    };
    match value {
        Value::Null => "—".to_owned(),
        Value::Bool(b) => yes_no(*b).to_owned(),
        Value::Number(n) => match (field, n.as_i64()) {
            ("amount_cents", Some(cents)) => pending::amount(cents),
            _ => n.to_string(),
        },
        Value::String(text) => string_text(locale, entity_type, field, text, name_of),
        Value::Array(items) => {
            if items.is_empty() {
                return "—".to_owned();
            }
            items
                .iter()
                .map(|item| value_text(locale, entity_type, field, item, name_of))
                .collect::<Vec<_>>()
                .join(", ")
        }
        Value::Object(map) => {
            // A person or a record by name.
            if let Some(name) = map.get("name").and_then(Value::as_str) {
                return name.to_owned();
            }
            let text = value.to_string();
            if text.chars().count() > 120 {
                let cut: String = text.chars().take(117).collect();
                format!("{cut}…")
            } else {
                text
            }
        }
    }
}

fn string_text(
    locale: Locale,
    entity_type: &str,
    field: &str,
    text: &str,
    name_of: &dyn Fn(&str) -> Option<String>,
) -> String {
    match field {
        "status" if entity_type == "pending_item" => return pending::status_label(locale, text),
        "status" if entity_type == "ticket" => return labels::ticket_status(locale, text),
        "priority" => return labels::priority(locale, text),
        "channel" => return labels::channel(locale, text),
        "role" | "required_roles" => return labels::role_name(locale, text),
        "permission" | "permissions" => return labels::permission_name(locale, text),
        "grant" => {
            return match (locale, text) {
                (Locale::PtBr, "all") => "Pode fazer".to_owned(),
                (Locale::PtBr, "linked") => "Limitado".to_owned(),
                (Locale::PtBr, "none") => "Não pode".to_owned(),
                (Locale::En, "all") => "Allowed".to_owned(),
                (Locale::En, "linked") => "Limited".to_owned(),
                (Locale::En, "none") => "Not allowed".to_owned(),
                _ => text.to_owned(),
            };
        }
        "kind" if entity_type == "company" => return labels::company_kind(locale, text),
        "method" => {
            if let Some(label) = find(SIGN_IN_METHODS, locale, text) {
                return label.to_owned();
            }
        }
        _ => {}
    }
    if let Some(name) = name_of(text) {
        return name;
    }
    if let Ok(day) = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return pending::day(day);
    }
    if let Ok(at) = chrono::DateTime::parse_from_rfc3339(text) {
        return at.format("%d/%m/%Y %H:%M").to_string();
    }
    text.to_owned()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn no_names(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn every_action_the_server_records_has_a_portuguese_name() {
        // The codes found with `grep -rn 'Change::new(' crates/` and the
        // pending-item steps' `audit_action`.
        let recorded = [
            "api_token.created",
            "api_token.revoked",
            "automation_rule.created",
            "automation_rule.deleted",
            "automation_rule.disabled",
            "automation_rule.enabled",
            "automation_rule.reordered",
            "automation_rule.updated",
            "auth.locked",
            "auth.login",
            "auth.login_failed",
            "auth.logout",
            "auth.refresh_reused",
            "company.created",
            "company.deleted",
            "company.updated",
            "demo.seeded",
            "import.committed",
            "mfa.disabled",
            "mfa.enabled",
            "pending_item.answered",
            "pending_item.approved",
            "pending_item.attachment_added",
            "pending_item.created",
            "pending_item.edited",
            "pending_item.refused",
            "pending_item.resolved",
            "pending_item.returned_to_client",
            "pending_item.returned_to_draft",
            "pending_item.started",
            "pending_item.submitted",
            "role.permission_changed",
            "security.mfa_policy_changed",
            "segment.created",
            "segment.deleted",
            "segment.updated",
            "sla.calendar_created",
            "sla.calendar_updated",
            "sla.policy_created",
            "sla.policy_deleted",
            "team.created",
            "team.updated",
            "ticket.attachment_added",
            "ticket.created",
            "ticket.noted",
            "ticket.reopened",
            "ticket.replied",
            "ticket.solved",
            "ticket.updated",
            "ticket_category.created",
            "ticket_category.updated",
            "user.created",
            "user.deleted",
            "user.invitation_accepted",
            "user.invited",
            "user.mfa_reset",
            "user.password_changed",
            "user.password_reset",
            "user.password_reset_requested",
            "user.profile_updated",
            "user.updated",
        ];
        for code in recorded {
            for locale in Locale::ALL {
                let label = action_label(locale, code);
                assert_ne!(label, code, "{code} has no {locale:?} name");
            }
        }
        assert_eq!(
            action_label(Locale::PtBr, "pending_item.refused"),
            "Recusou a pendência"
        );
        assert_eq!(
            action_label(Locale::PtBr, "auth.login"),
            "Entrou no sistema"
        );
        // Unknown codes stay readable.
        assert_eq!(action_label(Locale::PtBr, "x.y"), "x.y");
    }

    #[test]
    fn a_change_lists_only_the_fields_that_differ() {
        let before = json!({
            "id": "1", "version": 3, "status": "open", "priority": "normal",
            "subject": "Nota", "updated_at": "2026-03-01T12:00:00Z",
            "assignee": null
        });
        let after = json!({
            "id": "1", "version": 4, "status": "solved", "priority": "normal",
            "subject": "Nota", "updated_at": "2026-03-02T12:00:00Z",
            "assignee": { "id": "u", "name": "Camila Ribeiro" }
        });
        let changes = field_changes(
            Locale::PtBr,
            "ticket",
            Some(&before),
            Some(&after),
            &no_names,
        );
        let lines: Vec<String> = changes
            .iter()
            .map(|c| {
                format!(
                    "{}: {} → {}",
                    c.label,
                    c.before.as_deref().unwrap_or("—"),
                    c.after.as_deref().unwrap_or("—")
                )
            })
            .collect();
        assert_eq!(
            lines,
            vec![
                "Situação: Aberto → Resolvido".to_owned(),
                "Responsável: — → Camila Ribeiro".to_owned()
            ]
        );
    }

    #[test]
    fn a_creation_lists_what_was_set_in_brazilian_formats() {
        let after = json!({
            "title": "Guia do FGTS", "due_date": "2026-12-10", "amount_cents": 231040,
            "status": "draft", "company_id": "c1", "document_number": "", "active": true
        });
        let names = |id: &str| (id == "c1").then(|| "Pão Dourado".to_owned());
        let changes = field_changes(Locale::PtBr, "pending_item", None, Some(&after), &names);
        let find = |field: &str| {
            changes
                .iter()
                .find(|c| c.field == field)
                .and_then(|c| c.after.clone())
        };
        assert_eq!(find("due_date").as_deref(), Some("10/12/2026"));
        assert_eq!(find("amount_cents").as_deref(), Some("R$ 2.310,40"));
        assert_eq!(find("status").as_deref(), Some("Rascunho"));
        assert_eq!(find("company_id").as_deref(), Some("Pão Dourado"));
        assert_eq!(find("active").as_deref(), Some("Sim"));
        assert!(find("document_number").is_none());
        assert!(changes.iter().all(|c| c.before.is_none()));
    }

    #[test]
    fn records_are_named_by_what_people_know() {
        let ticket = json!({ "number": 12, "subject": "Nota" });
        assert_eq!(
            record_name(Locale::PtBr, "ticket", None, Some(&ticket)),
            "Chamado #000012"
        );
        let company = json!({ "trade_name": "Pão Dourado", "legal_name": "Pão Dourado Ltda" });
        assert_eq!(
            record_name(Locale::PtBr, "company", Some(&company), None),
            "Empresa Pão Dourado"
        );
        assert_eq!(record_name(Locale::PtBr, "user", None, None), "Usuário");
        assert_eq!(entity_label(Locale::PtBr, "weird_thing"), "Weird thing");
    }
}
