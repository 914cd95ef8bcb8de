//! Outbound webhooks in the SPA: the API's paths, how the core's words
//! (event kinds, levels, delivery states) are shown, how the picker groups
//! the events, what an attempt sent, and the server's 422 messages in the
//! interface's language. No browser calls here, so all of it is unit
//! tested.

use atende_core::events::EventKind;
use atende_core::locale::Locale;
use atende_core::webhooks::{DeliveryStatus, EndpointLevel, TEST_EVENT_TYPE, subscribable};
use atende_types::webhooks::{WebhookEndpoint, WebhookEndpointInput};
use serde_json::Value;
use uuid::Uuid;

use crate::i18n::{Key, t};
use crate::labels::pick;

/// The endpoints (`GET`), and where new ones go (`POST`).
pub const WEBHOOKS_PATH: &str = "/api/v1/webhooks";

/// One endpoint (`PUT`, `DELETE`).
pub fn endpoint_path(id: Uuid) -> String {
    format!("{WEBHOOKS_PATH}/{id}")
}

/// An action on one endpoint: `test`, `rotate-secret`, `redeliver`.
pub fn action_path(id: Uuid, action: &str) -> String {
    format!("{WEBHOOKS_PATH}/{id}/{action}")
}

/// The delivery log of an endpoint, newest first, maybe of one state.
pub fn deliveries_path(id: Uuid, status: Option<DeliveryStatus>) -> String {
    let path = format!("{WEBHOOKS_PATH}/{id}/deliveries?limit=20");
    match status {
        Some(status) => format!("{path}&status={}", status.as_str()),
        None => path,
    }
}

/// Sends one delivery again (`POST`).
pub fn redeliver_path(id: Uuid, delivery: Uuid) -> String {
    format!("{WEBHOOKS_PATH}/{id}/deliveries/{delivery}/redeliver")
}

/// An event kind as the person reads it (`ticket.created` → `Chamado
/// criado`).
pub fn event_kind(locale: Locale, kind: EventKind) -> &'static str {
    match kind {
        EventKind::TicketCreated => pick(locale, "Chamado criado", "Ticket created"),
        EventKind::TicketUpdated => pick(locale, "Chamado alterado", "Ticket changed"),
        EventKind::TicketPublicReply => pick(locale, "Resposta pública", "Public reply"),
        EventKind::TicketInternalNote => pick(locale, "Nota interna", "Internal note"),
        EventKind::TicketAssigned => pick(locale, "Chamado atribuído", "Ticket assigned"),
        EventKind::TicketStatusChanged => pick(locale, "Situação alterada", "Status changed"),
        EventKind::TicketReopened => pick(locale, "Chamado reaberto", "Ticket reopened"),
        EventKind::TicketSolved => pick(locale, "Chamado resolvido", "Ticket solved"),
        EventKind::TicketSlaWarning => pick(locale, "SLA: alerta", "SLA: warning"),
        EventKind::TicketSlaBreach => pick(locale, "SLA: violado", "SLA: breached"),
        EventKind::PendingItemStep => pick(locale, "Pendência: etapa", "Pending item: step"),
        EventKind::PendingItemAnswered => {
            pick(locale, "Pendência: respondida", "Pending item: answered")
        }
        EventKind::ImportCommitted => pick(locale, "Importação concluída", "Import committed"),
        EventKind::UserChanged => pick(locale, "Usuário alterado", "User changed"),
        EventKind::CompanyChanged => pick(locale, "Empresa alterada", "Company changed"),
        EventKind::NotificationsChanged => pick(locale, "Notificações", "Notifications"),
    }
}

/// A delivery's `type` (an event kind's API name, or the test message);
/// an unknown one (a newer server) as it came.
pub fn event_type(locale: Locale, name: &str) -> String {
    if name == TEST_EVENT_TYPE {
        return pick(locale, "Mensagem de teste", "Test message").to_owned();
    }
    EventKind::parse(name).map_or_else(|| name.to_owned(), |k| event_kind(locale, k).to_owned())
}

/// What an endpoint is told.
pub fn level(locale: Locale, level: EndpointLevel) -> &'static str {
    match level {
        EndpointLevel::Public => pick(locale, "Pública", "Public"),
        EndpointLevel::Staff => pick(
            locale,
            "Equipe (inclui notas internas)",
            "Staff (includes internal notes)",
        ),
    }
}

/// Where a delivery stands.
pub fn delivery_status(locale: Locale, status: DeliveryStatus) -> &'static str {
    match status {
        DeliveryStatus::Pending => pick(locale, "Pendente", "Pending"),
        DeliveryStatus::Delivered => pick(locale, "Entregue", "Delivered"),
        DeliveryStatus::Dead => pick(locale, "Falhou", "Failed"),
    }
}

/// The badge of a delivery's state (the colours used everywhere).
pub fn delivery_badge(status: DeliveryStatus) -> &'static str {
    match status {
        DeliveryStatus::Pending => "badge badge--warning",
        DeliveryStatus::Delivered => "badge badge--success",
        DeliveryStatus::Dead => "badge badge--danger",
    }
}

/// The picker's groups of events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventGroup {
    Tickets,
    PendingItems,
    Records,
}

impl EventGroup {
    pub const ALL: [EventGroup; 3] = [
        EventGroup::Tickets,
        EventGroup::PendingItems,
        EventGroup::Records,
    ];

    fn of(kind: EventKind) -> EventGroup {
        let name = kind.as_str();
        if name.starts_with("ticket.") {
            EventGroup::Tickets
        } else if name.starts_with("pending_item.") {
            EventGroup::PendingItems
        } else {
            EventGroup::Records
        }
    }

    pub fn name(self, locale: Locale) -> &'static str {
        match self {
            EventGroup::Tickets => pick(locale, "Chamados", "Tickets"),
            EventGroup::PendingItems => pick(locale, "Pendências", "Pending items"),
            EventGroup::Records => pick(locale, "Cadastros e importações", "Records and imports"),
        }
    }

    /// The kinds of the group an endpoint may subscribe to, in the core's
    /// order.
    pub fn kinds(self) -> Vec<EventKind> {
        subscribable()
            .filter(|k| EventGroup::of(*k) == self)
            .collect()
    }
}

/// The events of an endpoint in one line ("Todos os eventos" when it has
/// every one there is).
pub fn events_summary(locale: Locale, kinds: &[EventKind]) -> String {
    if subscribable().all(|k| kinds.contains(&k)) {
        return t(locale, Key::WebhookAllEvents).to_owned();
    }
    in_order(kinds)
        .into_iter()
        .map(|k| event_kind(locale, k))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `kinds` in the picker's order, each once.
pub fn in_order(kinds: &[EventKind]) -> Vec<EventKind> {
    subscribable().filter(|k| kinds.contains(k)).collect()
}

/// What `PUT` needs to keep an endpoint as it is but for `enabled`.
pub fn input_of(endpoint: &WebhookEndpoint, enabled: bool) -> WebhookEndpointInput {
    WebhookEndpointInput {
        name: endpoint.name.clone(),
        url: endpoint.url.clone(),
        event_types: endpoint.event_types.clone(),
        company_id: endpoint.company_id,
        level: Some(endpoint.level),
        consultancy_id: endpoint.consultancy_id,
        enabled,
    }
}

/// The headers an attempt sent, one `name: value` a line.
pub fn headers_text(headers: &Value) -> String {
    match headers {
        Value::Object(map) => map
            .iter()
            .map(|(name, value)| match value {
                Value::String(text) => format!("{name}: {text}"),
                other => format!("{name}: {other}"),
            })
            .collect::<Vec<_>>()
            .join("\n"),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A body as it reads best: indented when it is JSON, else as it is.
pub fn body_text(body: &str) -> String {
    serde_json::from_str::<Value>(body)
        .ok()
        .filter(|v| v.is_object() || v.is_array())
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| body.to_owned())
}

/// What the server said about a field, in the interface's language when
/// it is one of its usual messages (it writes them in English); anything
/// else is shown as it came.
pub fn server_message(locale: Locale, message: &str) -> String {
    let m = message.trim();
    if let Some((host, _)) = m.split_once(" is a ")
        && m.ends_with("which Atende does not call")
    {
        return t(locale, Key::WebhookMsgBlocked).replace("{host}", host);
    }
    let key = if m.starts_with("not a valid URL") {
        Key::WebhookMsgInvalidUrl
    } else if m == "only http and https URLs may be called" {
        Key::WebhookMsgScheme
    } else if m == "must have at most 2048 characters" {
        Key::WebhookMsgUrlLength
    } else if m == "must have 1 to 120 characters" {
        Key::WebhookMsgName
    } else if m == "name at least one event type" {
        Key::WebhookEventsRequired
    } else if m.ends_with("cannot be subscribed to") {
        Key::WebhookMsgEventType
    } else if m.starts_with("is not a company of the endpoint's consultancy") {
        Key::WebhookMsgCompany
    } else if m == "is not a consultancy" || m == "is not a consultancy of yours" {
        Key::WebhookMsgConsultancy
    } else if m == "name which of your consultancies owns the endpoint" {
        Key::WebhookMsgConsultancyRequired
    } else {
        return m.to_owned();
    };
    t(locale, key).to_owned()
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use serde_json::json;

    use super::*;

    #[test]
    fn every_event_and_word_has_a_text_in_both_languages() {
        for locale in Locale::ALL {
            for kind in EventKind::ALL {
                assert!(!event_kind(locale, *kind).trim().is_empty());
            }
            for status in DeliveryStatus::ALL {
                assert!(!delivery_status(locale, *status).is_empty());
            }
            for l in EndpointLevel::ALL {
                assert!(!level(locale, *l).is_empty());
            }
        }
        assert_eq!(
            event_kind(Locale::PtBr, EventKind::TicketCreated),
            "Chamado criado"
        );
        assert_eq!(
            delivery_status(Locale::PtBr, DeliveryStatus::Dead),
            "Falhou"
        );
        assert_eq!(
            event_type(Locale::PtBr, "webhook.test"),
            "Mensagem de teste"
        );
        assert_eq!(
            event_type(Locale::PtBr, "ticket.sla_breach"),
            "SLA: violado"
        );
        assert_eq!(event_type(Locale::En, "future.kind"), "future.kind");
    }

    #[test]
    fn the_groups_hold_every_subscribable_event_once() {
        let grouped: Vec<EventKind> = EventGroup::ALL.iter().flat_map(|g| g.kinds()).collect();
        assert_eq!(grouped.len(), subscribable().count());
        assert!(subscribable().all(|k| grouped.contains(&k)));
        assert!(!grouped.contains(&EventKind::NotificationsChanged));
        assert!(
            EventGroup::Tickets
                .kinds()
                .contains(&EventKind::TicketSlaWarning)
        );
        assert_eq!(
            EventGroup::PendingItems.kinds(),
            [EventKind::PendingItemStep, EventKind::PendingItemAnswered]
        );
    }

    #[test]
    fn an_endpoints_events_read_in_one_line() {
        let all: Vec<EventKind> = subscribable().collect();
        assert_eq!(events_summary(Locale::PtBr, &all), "Todos os eventos");
        assert_eq!(
            events_summary(
                Locale::PtBr,
                &[EventKind::TicketInternalNote, EventKind::TicketCreated]
            ),
            "Chamado criado, Nota interna"
        );
    }

    #[test]
    fn paths_name_the_endpoint_and_the_state() {
        let id = Uuid::from_u128(1);
        assert_eq!(
            deliveries_path(id, Some(DeliveryStatus::Dead)),
            format!("/api/v1/webhooks/{id}/deliveries?limit=20&status=dead")
        );
        assert_eq!(
            action_path(id, "rotate-secret"),
            format!("/api/v1/webhooks/{id}/rotate-secret")
        );
        assert_eq!(
            redeliver_path(id, id),
            format!("/api/v1/webhooks/{id}/deliveries/{id}/redeliver")
        );
    }

    #[test]
    fn switching_keeps_everything_else() {
        let endpoint = WebhookEndpoint {
            id: Uuid::from_u128(1),
            name: "ERP".into(),
            url: "https://erp.example/hook".into(),
            event_types: vec![EventKind::TicketCreated],
            company_id: Some(Uuid::from_u128(2)),
            level: EndpointLevel::Staff,
            consultancy_id: Some(Uuid::from_u128(3)),
            enabled: true,
            disabled_reason: None,
            consecutive_failures: 0,
            previous_secret_until: None,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        };
        let input = input_of(&endpoint, false);
        assert!(!input.enabled);
        assert_eq!(input.level, Some(EndpointLevel::Staff));
        assert_eq!(input.consultancy_id, endpoint.consultancy_id);
        assert_eq!(input.company_id, endpoint.company_id);
    }

    #[test]
    fn what_an_attempt_sent_reads_plainly() {
        let headers = json!({ "webhook-id": "msg_1", "content-type": "application/json" });
        let text = headers_text(&headers);
        assert!(text.contains("webhook-id: msg_1"));
        assert!(text.contains("content-type: application/json"));
        assert_eq!(body_text("{\"a\":1}"), "{\n  \"a\": 1\n}");
        assert_eq!(body_text("ok"), "ok");
    }

    #[test]
    fn the_servers_usual_messages_are_told_in_the_interface_language() {
        let blocked = server_message(
            Locale::PtBr,
            "10.0.0.5 is a private address, which Atende does not call",
        );
        assert!(blocked.contains("10.0.0.5"), "{blocked}");
        assert!(blocked.contains("rede interna"), "{blocked}");
        assert_eq!(
            server_message(Locale::PtBr, "name at least one event type"),
            "Escolha ao menos um evento."
        );
        assert_ne!(
            server_message(Locale::PtBr, "not a valid URL: relative URL without a base"),
            "not a valid URL: relative URL without a base"
        );
        assert_eq!(server_message(Locale::En, "something new"), "something new");
    }
}
