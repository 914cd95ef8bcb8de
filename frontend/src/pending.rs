//! The pending-item (pendência) screens' shared rules and calls: status
//! and step names in Portuguese (English second), Brazilian amounts and
//! dates, which items are overdue, the history's and notifications' texts,
//! the list's query string, and the calls for answers with attachments
//! and the dashboards. The pure parts are unit tested.

use atende_core::br_format::{self, Brl};
use atende_core::locale::Locale;
use atende_core::pending::PendingStatus;
use atende_types::pending::{PendingItem, PendingItemAttachment, PendingItemEvent};
use atende_types::tickets::Notification;
use chrono::NaiveDate;
use uuid::Uuid;

use crate::api::{Api, ApiFailure, Query};
use crate::i18n::{Key, t};
use crate::labels::{Label, find};

/// The workflow steps as buttons name them.
const STEPS: &[Label] = &[
    ("submit", "Enviar para aprovação", "Send for approval"),
    ("approve", "Aprovar", "Approve"),
    ("refuse", "Recusar", "Refuse"),
    ("start", "Iniciar tratamento", "Start processing"),
    (
        "return_to_client",
        "Devolver ao cliente",
        "Return to client",
    ),
    ("resolve", "Marcar como resolvida", "Mark as resolved"),
    ("return_to_draft", "Voltar para rascunho", "Back to draft"),
];

/// The steps shown as buttons on an item's page, in this order (`edit`
/// and `answer` have their own places: the form and the reply box).
pub const STEP_ORDER: [&str; 7] = [
    "submit",
    "approve",
    "refuse",
    "start",
    "return_to_client",
    "resolve",
    "return_to_draft",
];

/// Every status's API name, in the workflow's order.
pub fn statuses() -> impl Iterator<Item = &'static str> {
    PendingStatus::ALL.iter().map(|s| s.as_str())
}

/// A status as people read it (`awaiting_client` → `Aguardando cliente`).
pub fn status_label(locale: Locale, status: &str) -> String {
    PendingStatus::parse(status).map_or_else(|| status.to_owned(), |s| s.label(locale).to_owned())
}

/// A step's button text (`start` → `Iniciar tratamento`).
pub fn step_label(locale: Locale, step: &str) -> String {
    find(STEPS, locale, step).map_or_else(|| step.to_owned(), str::to_owned)
}

/// The chip colour of a status (the ticket badges' palette).
pub fn status_badge(status: &str) -> &'static str {
    match status {
        "draft" => "badge badge--neutral",
        "awaiting_approval" => "badge badge--warning",
        "refused" => "badge badge--danger",
        "awaiting_client" => "badge badge--status-pending",
        "answered" => "badge badge--info",
        "in_progress" => "badge badge--status-open",
        _ => "badge badge--success",
    }
}

/// Whether a status may be seen by client roles (from the approval on).
pub fn visible_to_client(status: &str) -> bool {
    matches!(
        status,
        "awaiting_client" | "answered" | "in_progress" | "resolved"
    )
}

/// The statuses a person may filter by: clients only from the approval
/// on, resolved items only with "Ver resolvidas".
pub fn filter_statuses(client: bool, view_resolved: bool) -> Vec<&'static str> {
    statuses()
        .filter(|s| !client || visible_to_client(s))
        .filter(|s| view_resolved || *s != "resolved")
        .collect()
}

/// An item's number as lists (and the server's e-mails) show it:
/// `PEN-000042`.
pub fn number(number: i64) -> String {
    format!("PEN-{number:06}")
}

/// The page of one item.
pub fn item_path(id: Uuid) -> String {
    format!("/pendencias/{id}")
}

/// An amount in centavos as `R$ 1.234,56`.
pub fn amount(cents: i64) -> String {
    Brl::from_cents(cents).to_string()
}

/// An amount in centavos as typed in the form (`1.234,56`).
pub fn amount_input(cents: i64) -> String {
    Brl::from_cents(cents).to_br_string()
}

/// A calendar day as `dd/mm/aaaa`.
pub fn day(date: NaiveDate) -> String {
    br_format::format_date(date)
}

/// What a typed amount is, or the message telling how to write it;
/// `Ok(None)` when nothing was typed.
pub fn parse_amount(locale: Locale, typed: &str) -> Result<Option<i64>, String> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(None);
    }
    let typed = typed
        .strip_prefix("R$")
        .map(str::trim)
        .unwrap_or(typed)
        .to_owned();
    br_format::parse_brl(&typed)
        .map(|brl| Some(brl.cents()))
        .map_err(|e| e.message(locale))
}

/// What a typed `dd/mm/aaaa` date is, or why it is not one; `Ok(None)`
/// when nothing was typed.
pub fn parse_day(locale: Locale, typed: &str) -> Result<Option<NaiveDate>, String> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(None);
    }
    br_format::parse_date(typed)
        .map(Some)
        .map_err(|e| e.message(locale))
}

/// Whether an item is past its due date and still open (`today` in the
/// person's time zone).
pub fn is_overdue(item: &PendingItem, today: NaiveDate) -> bool {
    item.status != "resolved" && item.due_date.is_some_and(|due| due < today)
}

/// The filters of the pending-item list, as the URL carries them (so the
/// dashboards, the segments page and the import history can link to a
/// filtered list, and the back button works).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListFilter {
    /// One status, or empty for all.
    pub status: String,
    pub company_id: String,
    pub segment_id: String,
    /// "Minhas": the items the person created (`operator_id=me`).
    pub mine: bool,
    pub import_id: String,
    /// Words of the title or document number, or the item's number.
    pub q: String,
    /// "Ver resolvidas": resolved items too.
    pub resolved: bool,
    /// "Somente vencidas": past their due date and not resolved.
    pub overdue: bool,
}

impl ListFilter {
    /// From the page's query parameters (as `use_query_map` reads them).
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Self {
        let flag = |name: &str| get(name).is_some_and(|v| v == "1" || v == "true");
        Self {
            status: get("status").unwrap_or_default(),
            company_id: get("company_id").unwrap_or_default(),
            segment_id: get("segment_id").unwrap_or_default(),
            mine: get("operator_id").as_deref() == Some("me") || flag("minhas"),
            import_id: get("import_id").unwrap_or_default(),
            q: get("q").unwrap_or_default(),
            resolved: flag("resolvidas"),
            overdue: flag("vencidas"),
        }
    }

    /// The page's own address for these filters.
    pub fn page_path(&self) -> String {
        Query::new("/pendencias")
            .param("status", &self.status)
            .param("company_id", &self.company_id)
            .param("segment_id", &self.segment_id)
            .param("operator_id", if self.mine { "me" } else { "" })
            .param("import_id", &self.import_id)
            .param("q", &self.q)
            .param("resolvidas", if self.resolved { "1" } else { "" })
            .param("vencidas", if self.overdue { "1" } else { "" })
            .build()
    }

    /// `GET /api/v1/pending-items` for these filters. Without a chosen
    /// status, resolved items are left out unless asked for (and allowed).
    pub fn api_path(&self, client: bool, view_resolved: bool) -> String {
        let status = if !self.status.is_empty() {
            self.status.clone()
        } else if self.resolved && view_resolved {
            String::new()
        } else {
            filter_statuses(client, false).join(",")
        };
        Query::new("/api/v1/pending-items")
            .param("status", &status)
            .param("company_id", &self.company_id)
            .param("segment_id", &self.segment_id)
            .param("operator_id", if self.mine { "me" } else { "" })
            .param("import_id", &self.import_id)
            .param("q", &self.q)
            .param("overdue", if self.overdue { "true" } else { "" })
            .build()
    }

    /// Whether any filter is set (beyond the defaults).
    pub fn is_filtered(&self) -> bool {
        *self != Self::default()
    }
}

/// The history in words: who did what (`Bruno Carvalho aprovou`).
pub fn event_text(locale: Locale, event: &PendingItemEvent) -> String {
    let data = &event.data;
    let text = |key: &str| {
        data.get(key)
            .and_then(serde_json::Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let key = match event.kind.as_str() {
        "created" if data.get("import_id").is_some_and(|v| !v.is_null()) => {
            Key::PendingEventImported
        }
        "created" => Key::PendingEventCreated,
        "edited" => Key::PendingEventEdited,
        "submitted" => Key::PendingEventSubmitted,
        "approved" => Key::PendingEventApproved,
        "refused" => Key::PendingEventRefused,
        "answered" => Key::PendingEventAnswered,
        "started" => Key::PendingEventStarted,
        "returned_to_client" => Key::PendingEventReturnedToClient,
        "returned_to_draft" => Key::PendingEventReturnedToDraft,
        "resolved" => Key::PendingEventResolved,
        "attachment_added" => Key::PendingEventAttachmentAdded,
        _ => Key::PendingEventOther,
    };
    let actor = if event.actor.trim().is_empty() {
        t(locale, Key::SomeoneElse).to_owned()
    } else {
        event.actor.clone()
    };
    let status = match text("status") {
        s if s.is_empty() => status_label(locale, &text("to")),
        s => status_label(locale, &s),
    };
    t(locale, key)
        .replace("{actor}", &actor)
        .replace("{reason}", &text("reason"))
        .replace("{file}", &text("file_name"))
        .replace("{status}", &status)
        .replace("{kind}", &event.kind)
}

/// The item a notification is about, when it is about a pending item.
pub fn notification_item(notification: &Notification) -> Option<Uuid> {
    if !notification.kind.starts_with("pending_") {
        return None;
    }
    notification
        .data
        .get("pending_item_id")
        .and_then(serde_json::Value::as_str)
        .and_then(|id| Uuid::parse_str(id).ok())
}

/// A pending-item notification in words; `None` for other kinds.
pub fn notification_text(locale: Locale, notification: &Notification) -> Option<String> {
    let key = match notification.kind.as_str() {
        "pending_submitted" => Key::PendingNotificationSubmitted,
        "pending_awaiting_client" => Key::PendingNotificationAwaitingClient,
        "pending_refused" => Key::PendingNotificationRefused,
        "pending_answered" => Key::PendingNotificationAnswered,
        "pending_due_soon" => Key::PendingNotificationDueSoon,
        other if other.starts_with("pending_") => Key::PendingNotificationOther,
        _ => return None,
    };
    let data = &notification.data;
    let number_text = data
        .get("number")
        .and_then(serde_json::Value::as_i64)
        .map(number)
        .unwrap_or_default();
    let title = data
        .get("title")
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default();
    let by = data
        .get("by")
        .and_then(serde_json::Value::as_str)
        .unwrap_or_else(|| t(locale, Key::SomeoneElse));
    let due = data
        .get("due_date")
        .and_then(serde_json::Value::as_str)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .map(day)
        .unwrap_or_default();
    Some(
        t(locale, key)
            .replace("{number}", &number_text)
            .replace("{title}", title)
            .replace("{actor}", by)
            .replace("{due}", &due),
    )
}

/// Attaches every file to an item's answer `message`, returning those that
/// failed with why.
pub async fn upload_all(
    api: Api,
    item: Uuid,
    files: Vec<web_sys::File>,
    message: Option<Uuid>,
) -> Vec<(String, ApiFailure)> {
    api.upload_files::<PendingItemAttachment>(
        &format!("/api/v1/pending-items/{item}/attachments"),
        files,
        message,
    )
    .await
}

pub use atende_types::pending::{GeneralDashboard, OperatorDashboard, SupervisorDashboard};

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};

    use super::*;

    #[test]
    fn every_status_and_step_has_a_text() {
        use atende_core::pending::ActionKind;
        for locale in Locale::ALL {
            for status in PendingStatus::ALL {
                assert_ne!(status_label(locale, status.as_str()), status.as_str());
            }
            for step in STEP_ORDER {
                assert!(find(STEPS, locale, step).is_some(), "{step}");
                assert!(ActionKind::parse(step).is_some(), "{step}");
            }
        }
        assert_eq!(
            status_label(Locale::PtBr, "awaiting_approval"),
            "Aguardando aprovação"
        );
        assert_eq!(status_label(Locale::PtBr, "in_progress"), "Em andamento");
        assert_eq!(step_label(Locale::PtBr, "start"), "Iniciar tratamento");
        assert_eq!(statuses().count(), 7);
    }

    #[test]
    fn clients_filter_only_what_they_see() {
        assert_eq!(
            filter_statuses(true, false),
            vec!["awaiting_client", "answered", "in_progress"]
        );
        assert_eq!(filter_statuses(false, true).len(), 7);
        assert!(!filter_statuses(false, false).contains(&"resolved"));
    }

    #[test]
    fn amounts_and_days_are_brazilian() {
        assert_eq!(amount(123_456), "R$ 1.234,56");
        assert_eq!(amount_input(50), "0,50");
        assert_eq!(parse_amount(Locale::PtBr, "1.234,56"), Ok(Some(123_456)));
        assert_eq!(parse_amount(Locale::PtBr, "R$ 10,00"), Ok(Some(1_000)));
        assert_eq!(parse_amount(Locale::PtBr, " "), Ok(None));
        assert!(parse_amount(Locale::PtBr, "1,234.56").is_err());
        let date = NaiveDate::from_ymd_opt(2026, 3, 31);
        assert_eq!(parse_day(Locale::PtBr, "31/03/2026"), Ok(date));
        assert!(parse_day(Locale::PtBr, "31/02/2026").is_err());
        assert_eq!(parse_day(Locale::PtBr, ""), Ok(None));
        assert_eq!(
            day(NaiveDate::from_ymd_opt(2026, 1, 5).unwrap_or_default()),
            "05/01/2026"
        );
        assert_eq!(number(42), "PEN-000042");
    }

    #[test]
    fn the_list_filter_round_trips_through_the_address() {
        let filter = ListFilter {
            status: "refused".into(),
            mine: true,
            q: "nota fiscal".into(),
            ..ListFilter::default()
        };
        let path = filter.page_path();
        assert_eq!(
            path,
            "/pendencias?status=refused&operator_id=me&q=nota%20fiscal"
        );
        let query: Vec<(String, String)> = vec![
            ("status".into(), "refused".into()),
            ("operator_id".into(), "me".into()),
            ("q".into(), "nota fiscal".into()),
        ];
        let read = ListFilter::from_query(|name| {
            query
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        });
        assert_eq!(read, filter);
        assert_eq!(
            filter.api_path(false, true),
            "/api/v1/pending-items?status=refused&operator_id=me&q=nota%20fiscal"
        );
    }

    #[test]
    fn resolved_items_are_left_out_unless_asked_for() {
        let mut filter = ListFilter::default();
        assert_eq!(
            filter.api_path(false, true),
            "/api/v1/pending-items?status=draft%2Cawaiting_approval%2Crefused%2Cawaiting_client%2Canswered%2Cin_progress"
        );
        filter.resolved = true;
        assert_eq!(filter.api_path(false, true), "/api/v1/pending-items");
        // Without the permission the toggle changes nothing.
        assert!(filter.api_path(false, false).contains("status="));
    }

    #[test]
    fn history_and_notifications_read_in_portuguese() {
        let event = PendingItemEvent {
            id: Uuid::nil(),
            actor: "Bruno Carvalho".into(),
            kind: "refused".into(),
            data: serde_json::json!({ "from": "awaiting_approval", "to": "refused", "reason": "Falta o CNPJ" }),
            created_at: DateTime::<Utc>::default(),
        };
        assert_eq!(
            event_text(Locale::PtBr, &event),
            "Bruno Carvalho recusou: Falta o CNPJ"
        );
        let notification = Notification {
            id: Uuid::nil(),
            kind: "pending_refused".into(),
            ticket_id: None,
            data: serde_json::json!({ "pending_item_id": Uuid::nil(), "number": 7, "title": "Certidão", "by": "Bruno" }),
            created_at: DateTime::<Utc>::default(),
            read_at: None,
        };
        assert_eq!(notification_item(&notification), Some(Uuid::nil()));
        let text = notification_text(Locale::PtBr, &notification).unwrap_or_default();
        assert!(
            text.contains("PEN-000007") && text.contains("Certidão") && text.contains("Bruno"),
            "{text}"
        );
        let ticket = Notification {
            kind: "replied".into(),
            ..notification
        };
        assert_eq!(notification_text(Locale::PtBr, &ticket), None);
        assert_eq!(notification_item(&ticket), None);
    }
}
