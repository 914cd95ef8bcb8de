//! Notification e-mails: the `email.send` job renders the message in the
//! recipient's language and hands it to the configured SMTP server.

use std::time::Duration;

use atende_core::{jobs::JobStatus, locale::Locale};
use lettre::{
    Address, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{Mailbox, MultiPart},
    transport::smtp::authentication::Credentials,
};
use sea_orm::EntityTrait;
use serde::Deserialize;
use uuid::Uuid;

use super::templates::{self, About};
use crate::{
    config::{Settings, SmtpSecurity},
    identity::user,
    jobs::worker::{JobContext, JobError},
    tickets::entity::ticket,
};

/// The job kind.
pub const KIND: &str = "email.send";

#[derive(Debug, Deserialize)]
struct Payload {
    user_id: Uuid,
    event: String,
    ticket_id: Option<Uuid>,
    #[serde(default)]
    data: serde_json::Value,
}

/// Runs one `email.send` job.
pub async fn run(ctx: &JobContext<'_>) -> Result<(), JobError> {
    let state = ctx.state;
    let payload: Payload = ctx.payload()?;
    let recipient = user::Entity::find_by_id(payload.user_id)
        .one(&state.db)
        .await?;
    let about = about(state, &payload).await?;
    let outcome = match (&state.settings.smtp_host, recipient, about) {
        (Some(host), Some(recipient), Some(about)) if recipient.active => {
            let message = compose(&state.settings, &recipient, &about, &payload)?;
            transport(host, &state.settings)?
                .send(message)
                .await
                .map_err(|e| JobError::Failed(format!("SMTP: {e}")))?;
            JobStatus::Done
        }
        // E-mail is off, or there is no one (or nothing) to write about.
        _ => JobStatus::Cancelled,
    };
    let txn = crate::db::begin_write(&state.db).await?;
    ctx.complete(&txn, outcome).await?;
    txn.commit().await?;
    Ok(())
}

/// What the e-mail is about: a ticket or a pending item.
async fn about(
    state: &crate::state::AppState,
    payload: &Payload,
) -> Result<Option<About>, JobError> {
    let base = state.settings.public_url.trim_end_matches('/');
    if let Some(id) = payload.ticket_id {
        return Ok(ticket::Entity::find_by_id(id)
            .one(&state.db)
            .await?
            .map(|t| About {
                reference: atende_core::tickets::format_number(t.number),
                subject: t.subject,
                link: format!("{base}/chamados/{}", t.id),
            }));
    }
    let pending = payload.data["pending_item_id"]
        .as_str()
        .and_then(|id| id.parse::<Uuid>().ok());
    Ok(match pending {
        Some(id) => crate::pending_items::entity::item::Entity::find_by_id(id)
            .one(&state.db)
            .await?
            .map(|p| About {
                reference: format!("PEN-{:06}", p.number),
                subject: p.title,
                link: format!("{base}/pendencias/{}", p.id),
            }),
        None => None,
    })
}

/// Text fit for a mail header: line breaks and other control characters
/// (which would end the header, or make the mail library refuse it) become
/// single spaces. Names and subjects come from people; this is the last
/// line of defence after the edge refused them.
pub fn header_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let c = if c.is_control() { ' ' } else { c };
        if !(c == ' ' && out.ends_with(' ')) {
            out.push(c);
        }
    }
    out.trim().to_owned()
}

fn compose(
    settings: &Settings,
    recipient: &user::Model,
    about: &About,
    payload: &Payload,
) -> Result<Message, JobError> {
    let bad = |what: &str, e: &dyn std::fmt::Display| JobError::Failed(format!("{what}: {e}"));
    let from: Mailbox = settings
        .mail_from
        .parse()
        .map_err(|e| bad("setting mail_from", &e))?;
    let to_address: Address = recipient
        .email
        .parse()
        .map_err(|e| bad("recipient address", &e))?;
    // Replies land in the sender's mailbox tagged with the ticket number
    // (`suporte+000123@…`), so an inbound mail reader can thread them.
    let digits = about.reference.trim_start_matches('#').to_owned();
    let reply_to = Address::new(
        format!("{}+{digits}", from.email.user()),
        from.email.domain(),
    )
    .map_err(|e| bad("reply-to address", &e))?;
    let locale = Locale::from_tag(&recipient.locale).unwrap_or_default();
    let rendered = templates::render(
        &payload.event,
        locale,
        &recipient.name,
        about,
        &payload.data,
    );
    let from = Mailbox::new(from.name.as_deref().map(header_text), from.email);
    Message::builder()
        .from(from.clone())
        .reply_to(Mailbox::new(
            from.name.as_deref().map(header_text),
            reply_to,
        ))
        .to(Mailbox::new(Some(header_text(&recipient.name)), to_address))
        .subject(header_text(&rendered.subject))
        .multipart(MultiPart::alternative_plain_html(
            rendered.text,
            rendered.html,
        ))
        .map_err(|e| bad("message", &e))
}

/// The SMTP transport of the settings (TLS, STARTTLS or plain; optional
/// credentials).
pub(crate) fn transport(
    host: &str,
    settings: &Settings,
) -> Result<AsyncSmtpTransport<Tokio1Executor>, JobError> {
    let tls = |e: lettre::transport::smtp::Error| JobError::Failed(format!("SMTP TLS setup: {e}"));
    let mut builder = match settings.smtp_security {
        SmtpSecurity::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host).map_err(tls)?,
        SmtpSecurity::Starttls => {
            AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host).map_err(tls)?
        }
        SmtpSecurity::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
    }
    .port(settings.smtp_port)
    .timeout(Some(Duration::from_secs(30)));
    if let Some(username) = &settings.smtp_username {
        builder = builder.credentials(Credentials::new(
            username.clone(),
            settings.smtp_password.clone().unwrap_or_default(),
        ));
    }
    Ok(builder.build())
}

#[cfg(test)]
mod tests {
    use super::header_text;

    #[test]
    fn header_text_has_no_line_breaks_or_controls() {
        assert_eq!(header_text("Ed\nLima"), "Ed Lima");
        assert_eq!(header_text(" Ana\r\n\r\nBcc: x@y\u{0} "), "Ana Bcc: x@y");
        assert_eq!(header_text("Açaí"), "Açaí");
    }
}
