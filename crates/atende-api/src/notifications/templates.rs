//! The words of notification e-mails, in Brazilian Portuguese and English:
//! a subject carrying the ticket number, a plain-text body and an HTML one
//! (every value escaped).

use atende_core::locale::Locale;
use serde_json::Value;

/// A ready e-mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// The ticket an e-mail is about.
#[derive(Debug, Clone)]
pub struct About {
    /// `#000123` for a ticket, `PEN-000012` for a pending item.
    pub reference: String,
    pub subject: String,
    /// Where the ticket opens in the web interface.
    pub link: String,
}

fn status_label(status: &str, locale: Locale) -> &str {
    match (locale, status) {
        (Locale::PtBr, "new") => "Novo",
        (Locale::PtBr, "open") => "Aberto",
        (Locale::PtBr, "pending") => "Aguardando cliente",
        (Locale::PtBr, "on_hold") => "Em espera",
        (Locale::PtBr, "solved") => "Resolvido",
        (Locale::PtBr, "closed") => "Fechado",
        (Locale::En, "new") => "New",
        (Locale::En, "open") => "Open",
        (Locale::En, "pending") => "Waiting on customer",
        (Locale::En, "on_hold") => "On hold",
        (Locale::En, "solved") => "Solved",
        (Locale::En, "closed") => "Closed",
        (_, other) => other,
    }
}

fn target_label(target: &str, locale: Locale) -> &str {
    match (locale, target) {
        (Locale::PtBr, "first_response") => "primeira resposta",
        (Locale::PtBr, "resolution") => "resolução",
        (Locale::En, "first_response") => "first response",
        (Locale::En, "resolution") => "resolution",
        (_, other) => other,
    }
}

/// The one-line headline of `event`.
fn headline(event: &str, data: &Value, locale: Locale) -> String {
    let by = data["by"].as_str().unwrap_or_default();
    let status = status_label(data["status"].as_str().unwrap_or_default(), locale);
    let target = target_label(data["target"].as_str().unwrap_or_default(), locale);
    match (locale, event) {
        (Locale::PtBr, "created") => "Recebemos seu chamado".into(),
        (Locale::PtBr, "assigned") => "Chamado atribuído a você".into(),
        (Locale::PtBr, "replied") => format!("Nova resposta de {by}"),
        (Locale::PtBr, "mentioned") => format!("{by} mencionou você"),
        (Locale::PtBr, "status_changed") => format!("Situação alterada para {status}"),
        (Locale::PtBr, "reopened") => "Chamado reaberto".into(),
        (Locale::PtBr, "sla_warning") => format!("SLA de {target} em risco"),
        (Locale::PtBr, "sla_breach") => format!("SLA de {target} violado"),
        (Locale::PtBr, "pending_submitted") => format!("Pendência enviada para aprovação por {by}"),
        (Locale::PtBr, "pending_awaiting_client") => {
            "Nova pendência aguardando sua resposta".into()
        }
        (Locale::PtBr, "pending_refused") => format!("Pendência recusada por {by}"),
        (Locale::PtBr, "pending_answered") => format!("Pendência respondida por {by}"),
        (Locale::PtBr, "pending_due_soon") => "Pendência perto do vencimento".into(),
        // A rule's own words, as its author wrote them.
        (_, "automation") => data["message"]
            .as_str()
            .map_or_else(|| "Automação".to_owned(), str::to_owned),
        (Locale::PtBr, _) => "Atualização do chamado".into(),
        (Locale::En, "created") => "We received your ticket".into(),
        (Locale::En, "assigned") => "Ticket assigned to you".into(),
        (Locale::En, "replied") => format!("New reply from {by}"),
        (Locale::En, "mentioned") => format!("{by} mentioned you"),
        (Locale::En, "status_changed") => format!("Status changed to {status}"),
        (Locale::En, "reopened") => "Ticket reopened".into(),
        (Locale::En, "sla_warning") => format!("{target} SLA at risk"),
        (Locale::En, "sla_breach") => format!("{target} SLA breached"),
        (Locale::En, "pending_submitted") => format!("Pending item submitted for approval by {by}"),
        (Locale::En, "pending_awaiting_client") => "A new pending item awaits your answer".into(),
        (Locale::En, "pending_refused") => format!("Pending item refused by {by}"),
        (Locale::En, "pending_answered") => format!("Pending item answered by {by}"),
        (Locale::En, "pending_due_soon") => "Pending item due soon".into(),
        (Locale::En, _) => "Ticket update".into(),
    }
}

/// Renders the e-mail for `event` to `name`.
pub fn render(event: &str, locale: Locale, name: &str, about: &About, data: &Value) -> Rendered {
    let number = &about.reference;
    let headline = headline(event, data, locale);
    let (greeting, open, footer) = match locale {
        Locale::PtBr => (
            "Olá",
            "Abrir o chamado",
            "Você recebe este e-mail pelas suas preferências de notificação no Atende.",
        ),
        Locale::En => (
            "Hello",
            "Open the ticket",
            "You get this e-mail because of your notification preferences in Atende.",
        ),
    };
    let subject = format!("[{number}] {headline}: {}", about.subject);
    let text = format!(
        "{greeting}, {name}.\n\n{headline}.\n{number} — {}\n\n{open}: {}\n\n--\n{footer}\n",
        about.subject, about.link
    );
    let e = |text: &str| html_escape::encode_text(text).into_owned();
    let html = format!(
        "<!doctype html><html lang=\"{lang}\"><body style=\"font-family:sans-serif\">\
         <p>{greeting}, {name}.</p><p><strong>{headline}.</strong><br>{number} — {subject}</p>\
         <p><a href=\"{link}\">{open}</a></p><hr><p style=\"color:#666;font-size:small\">{footer}</p>\
         </body></html>",
        lang = locale.tag(),
        name = e(name),
        headline = e(&headline),
        subject = e(&about.subject),
        link = html_escape::encode_double_quoted_attribute(&about.link),
    );
    Rendered {
        subject,
        text,
        html,
    }
}

/// The e-mail with a password-reset link, valid for `minutes`. It says
/// what to do when the reader did not ask for it, since anyone can type
/// an address into the form.
pub fn password_reset(locale: Locale, name: &str, link: &str, minutes: i64) -> Rendered {
    let (subject, greeting, body, action, ignore) = match locale {
        Locale::PtBr => (
            "Redefinição de senha do Atende",
            "Olá",
            format!(
                "Recebemos um pedido para redefinir a sua senha. O link abaixo vale por {minutes} minutos e pode ser usado uma única vez."
            ),
            "Definir uma nova senha",
            "Se não foi você quem pediu, ignore este e-mail: a sua senha continua a mesma.",
        ),
        Locale::En => (
            "Reset your Atende password",
            "Hello",
            format!(
                "We received a request to reset your password. The link below is valid for {minutes} minutes and works once."
            ),
            "Choose a new password",
            "If you did not ask for this, ignore this e-mail: your password stays the same.",
        ),
    };
    let text = format!("{greeting}, {name}.\n\n{body}\n\n{action}: {link}\n\n--\n{ignore}\n");
    let e = |text: &str| html_escape::encode_text(text).into_owned();
    let html = format!(
        "<!doctype html><html lang=\"{lang}\"><body style=\"font-family:sans-serif\">\
         <p>{greeting}, {name}.</p><p>{body}</p>\
         <p><a href=\"{link}\">{action}</a></p><hr><p style=\"color:#666;font-size:small\">{ignore}</p>\
         </body></html>",
        lang = locale.tag(),
        name = e(name),
        body = e(&body),
        link = html_escape::encode_double_quoted_attribute(link),
    );
    Rendered {
        subject: subject.to_owned(),
        text,
        html,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn about() -> About {
        About {
            reference: "#000123".into(),
            subject: "Nota <fiscal> & boleto".into(),
            link: "http://atende.local/chamados/1".into(),
        }
    }

    #[test]
    fn portuguese_first_with_the_number_in_the_subject() {
        let r = render(
            "replied",
            Locale::PtBr,
            "Eduardo",
            &about(),
            &json!({ "by": "Camila" }),
        );
        assert_eq!(
            r.subject,
            "[#000123] Nova resposta de Camila: Nota <fiscal> & boleto"
        );
        assert!(r.text.starts_with("Olá, Eduardo."), "{}", r.text);
        assert!(
            r.text
                .contains("Abrir o chamado: http://atende.local/chamados/1")
        );
    }

    #[test]
    fn english_for_english_speakers() {
        let r = render(
            "status_changed",
            Locale::En,
            "Ann",
            &about(),
            &json!({ "status": "solved" }),
        );
        assert_eq!(
            r.subject,
            "[#000123] Status changed to Solved: Nota <fiscal> & boleto"
        );
        let pt = render(
            "status_changed",
            Locale::PtBr,
            "Ana",
            &about(),
            &json!({ "status": "pending" }),
        );
        assert!(
            pt.subject
                .contains("Situação alterada para Aguardando cliente")
        );
    }

    #[test]
    fn the_reset_mail_carries_the_link_and_its_lifetime() {
        let r = password_reset(Locale::PtBr, "<Ana>", "https://x/redefinir-senha/abc", 30);
        assert_eq!(r.subject, "Redefinição de senha do Atende");
        assert!(r.text.contains("vale por 30 minutos"), "{}", r.text);
        assert!(
            r.text.contains("https://x/redefinir-senha/abc"),
            "{}",
            r.text
        );
        assert!(r.html.contains("&lt;Ana&gt;"), "{}", r.html);
        let en = password_reset(Locale::En, "Ann", "https://x/r", 30);
        assert!(en.text.contains("valid for 30 minutes"), "{}", en.text);
    }

    #[test]
    fn html_escapes_every_value() {
        let r = render(
            "mentioned",
            Locale::PtBr,
            "<b>Ana</b>",
            &about(),
            &json!({ "by": "<script>" }),
        );
        assert!(!r.html.contains("<script>"), "{}", r.html);
        assert!(!r.html.contains("<b>Ana"), "{}", r.html);
        assert!(
            r.html.contains("Nota &lt;fiscal&gt; &amp; boleto"),
            "{}",
            r.html
        );
    }

    #[test]
    fn sla_alerts_name_the_target() {
        let r = render(
            "sla_warning",
            Locale::PtBr,
            "Camila",
            &about(),
            &json!({ "target": "first_response" }),
        );
        assert!(
            r.subject.contains("SLA de primeira resposta em risco"),
            "{}",
            r.subject
        );
        let r = render(
            "sla_breach",
            Locale::En,
            "Camila",
            &about(),
            &json!({ "target": "resolution" }),
        );
        assert!(
            r.subject.contains("resolution SLA breached"),
            "{}",
            r.subject
        );
    }
}
