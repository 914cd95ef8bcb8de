//! Live updates: ticket changes and notification counts pushed to browsers
//! over Server-Sent Events, read from the domain event log.
//!
//! Every process reads the log ([`crate::events::feed`]): a change made
//! through any process (on PostgreSQL) reaches the streams open on all of
//! them. Each event carries its id; a browser that reconnects sends
//! `Last-Event-ID` and gets what it missed (within the log's retention).
//! Each event is checked against the stream's session and reach as they
//! are when it is sent (see [`event_stream`]).

use std::{sync::Arc, time::Duration};

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use atende_core::{
    access::Reach,
    events::{self as domain, EventKind},
    permissions::Permission,
};
use atende_types::tickets::{StreamToken, TicketChange, UnreadCount};
use futures_util::stream as futures_stream;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use tokio::sync::broadcast;
use uuid::Uuid;

use super::desk::unread;
use crate::{
    auth::{Actor, actor::Credential},
    error::ApiError,
    events::{StoredEvent, entity as event_log},
    state::AppState,
};

/// Events replayed at most on reconnection; more than that is a `resync`
/// (reload), not a flood.
const REPLAY_LIMIT: u64 = 1000;

/// A one-minute token for opening the stream from a browser.
#[utoipa::path(post, path = "/api/v1/events/stream-token", tag = "tickets", security(("bearer_jwt" = [])),
    responses((status = 200, description = "Pass it as `?token=` to the stream", body = StreamToken)))]
#[post("/events/stream-token")]
pub async fn stream_token(
    state: web::Data<AppState>,
    actor: Actor,
) -> Result<HttpResponse, ApiError> {
    let user = actor.user()?;
    let session = actor.session_id.ok_or(ApiError::Unauthenticated)?;
    let lifetime = chrono::Duration::minutes(1);
    let claims = crate::auth::jwt::claims(
        user.id,
        &user.role,
        session,
        crate::auth::jwt::Purpose::Stream,
        state.clock.now(),
        lifetime,
    );
    Ok(HttpResponse::Ok().json(StreamToken {
        token: state.jwt.encode(&claims).map_err(ApiError::internal)?,
        expires_in: lifetime.num_seconds(),
    }))
}

/// Who may see what on one stream, as of the last check.
struct Audience {
    user_id: Option<Uuid>,
    reach: Option<Reach>,
    internal: bool,
}

impl Audience {
    fn of(actor: &Actor) -> Audience {
        let client_side = actor.role.is_some_and(|r| r.is_client());
        Audience {
            user_id: actor.user.as_ref().map(|u| u.id),
            reach: actor.authorize(Permission::TicketsView).ok(),
            internal: !client_side && actor.access.can(Permission::TicketsInternalNotes),
        }
    }

    fn sees(&self, event: &StoredEvent) -> bool {
        domain::may_see(
            (event.visibility, event.company_id, event.recipient_id),
            self.user_id,
            |company| self.reach.as_ref().is_some_and(|r| r.covers(company)),
            self.internal,
        )
    }
}

/// The `kind` a browser gets for a ticket event, or `None` for the events
/// that only accompany another one of the same change (`ticket.updated`
/// already says the status or the assignee changed).
fn change_kind(kind: EventKind) -> Option<&'static str> {
    match kind {
        EventKind::TicketCreated => Some("created"),
        EventKind::TicketUpdated => Some("updated"),
        EventKind::TicketPublicReply => Some("replied"),
        EventKind::TicketInternalNote => Some("noted"),
        EventKind::TicketSlaWarning => Some("sla_warning"),
        EventKind::TicketSlaBreach => Some("sla_breach"),
        _ => None,
    }
}

/// One open stream: what it listens to and the authority it re-proves.
struct Subscriber {
    receiver: broadcast::Receiver<Arc<StoredEvent>>,
    /// Events up to this id were sent (or replayed, or predate the
    /// stream); copies arriving on the receiver are dropped.
    sent_up_to: i64,
    /// Replayed events still to send.
    backlog: std::collections::VecDeque<StoredEvent>,
    tick: tokio::time::Interval,
    credential: Credential,
    state: web::Data<AppState>,
    first: Option<String>,
}

impl Subscriber {
    /// The audience as of now, or `None` when the stream has lost its
    /// authority (signed out, session ended, user deactivated or changed
    /// role, token revoked): the stream then ends.
    async fn audience(&self) -> Option<Audience> {
        match self.credential.actor(&self.state).await {
            Ok(actor) if !actor.enrollment_only => Some(Audience::of(&actor)),
            _ => None,
        }
    }

    /// The frame for `event` if this stream's user may see it now;
    /// `Err(())` when the stream has lost its authority.
    async fn frame(&self, event: &StoredEvent) -> Result<Option<String>, ()> {
        let wanted =
            event.kind == EventKind::NotificationsChanged || change_kind(event.kind).is_some();
        if !wanted {
            return Ok(None);
        }
        // Checked against the session and reach as they are now.
        let audience = self.audience().await.ok_or(())?;
        if !audience.sees(event) {
            return Ok(None);
        }
        let id = event.id;
        if event.kind == EventKind::NotificationsChanged {
            let user = event.recipient_id.unwrap_or_default();
            let count = unread(&self.state.db, user).await.unwrap_or(0);
            let json = serde_json::to_string(&UnreadCount { count }).unwrap_or_default();
            return Ok(Some(format!(
                "id: {id}\nevent: notification\ndata: {json}\n\n"
            )));
        }
        let ticket = &event.data["ticket"];
        let change = TicketChange {
            kind: change_kind(event.kind).unwrap_or("updated").to_owned(),
            ticket_id: event.subject_id,
            number: ticket["number"].as_i64().unwrap_or_default(),
            status: ticket["status"].as_str().unwrap_or_default().to_owned(),
            assignee_id: ticket["assignee_id"].as_str().and_then(|a| a.parse().ok()),
            version: ticket["version"]
                .as_i64()
                .and_then(|v| i32::try_from(v).ok())
                .unwrap_or_default(),
        };
        let json = serde_json::to_string(&change).unwrap_or_default();
        Ok(Some(format!("id: {id}\nevent: ticket\ndata: {json}\n\n")))
    }

    /// The next frame to send, or `None` to close the stream.
    async fn next_frame(&mut self) -> Option<String> {
        if let Some(first) = self.first.take() {
            return Some(first);
        }
        while let Some(event) = self.backlog.pop_front() {
            if let Some(frame) = self.frame(&event).await.ok()? {
                return Some(frame);
            }
        }
        loop {
            tokio::select! {
                message = self.receiver.recv() => match message {
                    Ok(event) => {
                        if event.id <= self.sent_up_to {
                            continue;
                        }
                        self.sent_up_to = event.id;
                        if let Some(frame) = self.frame(&event).await.ok()? {
                            return Some(frame);
                        }
                    }
                    // Too slow a reader missed events: tell it to reload.
                    Err(broadcast::error::RecvError::Lagged(_)) => {
                        return Some("event: resync\ndata: {}\n\n".to_owned());
                    }
                    Err(broadcast::error::RecvError::Closed) => return None,
                },
                _ = self.tick.tick() => {
                    // A quiet stream also ends once its authority is gone.
                    self.audience().await?;
                    return Some(": keep-alive\n\n".to_owned());
                }
            }
        }
    }
}

/// The events after `after` up to `until`, oldest first; `None` when there
/// are more than [`REPLAY_LIMIT`] (the browser should reload instead).
async fn missed(
    state: &AppState,
    after: i64,
    until: i64,
) -> Result<Option<Vec<StoredEvent>>, ApiError> {
    if after >= until {
        return Ok(Some(Vec::new()));
    }
    let rows = event_log::Entity::find()
        .filter(event_log::Column::Id.gt(after))
        .filter(event_log::Column::Id.lte(until))
        .order_by_asc(event_log::Column::Id)
        .limit(REPLAY_LIMIT + 1)
        .all(&state.db)
        .await?;
    if rows.len() as u64 > REPLAY_LIMIT {
        return Ok(None);
    }
    Ok(Some(rows.into_iter().filter_map(StoredEvent::of).collect()))
}

/// The event stream: `event: ticket` (a [`TicketChange`]) and
/// `event: notification` (an [`UnreadCount`]), each with its `id:`, and a
/// comment every 15 s to keep proxies from closing it. Open it with
/// `?token=` from `/events/stream-token`, or with the `Authorization`
/// header. A reconnecting browser sends `Last-Event-ID` (or
/// `?last_event_id=`) and first gets what it missed, within the event
/// log's retention (more than 1,000 missed events: a `resync` event, i.e.
/// reload). Each event is checked against the session and reach as they
/// are when it is sent: signing out, deactivation, a role change or a
/// removed company link stop the events at once, and the stream ends.
#[utoipa::path(get, path = "/api/v1/events/stream", tag = "tickets",
    params(("token" = Option<String>, Query, description = "From /api/v1/events/stream-token"),
           ("last_event_id" = Option<i64>, Query, description = "Replay what came after this event (as the `Last-Event-ID` header does)")),
    responses((status = 200, description = "Server-Sent Events: `ticket` (a `TicketChange` as JSON), `notification` (an `UnreadCount` as JSON) and `resync` events, and keep-alive comments",
               body = String, content_type = "text/event-stream"),
              (status = 401, description = "No valid token", body = atende_types::ErrorBody, content_type = "application/problem+json"),
              (status = 403, description = "The user must enroll in MFA first (`mfa-enrollment-required`)", body = atende_types::ErrorBody, content_type = "application/problem+json"),
              (status = 422, description = "`last_event_id` is not a number", body = atende_types::ErrorBody, content_type = "application/problem+json")))]
#[get("/events/stream")]
pub async fn event_stream(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<std::collections::HashMap<String, String>>,
) -> Result<HttpResponse, ApiError> {
    let credential = Credential::of_stream(&state, &req, query.get("token").map(String::as_str))?;
    let actor = credential.actor(&state).await?;
    if actor.enrollment_only {
        return Err(ApiError::MfaEnrollmentRequired);
    }
    let last_seen = req
        .headers()
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .map(|v| (v.trim().to_owned(), "Last-Event-ID"))
        .or_else(|| {
            query
                .get("last_event_id")
                .map(|v| (v.trim().to_owned(), "last_event_id"))
        });
    let last_seen = match last_seen {
        Some((text, field)) => Some(
            text.parse::<i64>()
                .ok()
                .filter(|id| *id >= 0)
                .ok_or_else(|| ApiError::validation(field, "must be an event id"))?,
        ),
        None => None,
    };
    // Subscribed before the replay is read: nothing falls between them.
    let (receiver, handed_out) = state.events.subscribe();
    let mut first = "retry: 3000\n: connected\n\n".to_owned();
    let backlog = match last_seen {
        Some(after) => match missed(&state, after, handed_out).await? {
            Some(events) => events.into(),
            None => {
                first.push_str("event: resync\ndata: {}\n\n");
                Default::default()
            }
        },
        None => Default::default(),
    };
    let mut tick = tokio::time::interval(Duration::from_secs(15));
    tick.reset();
    let subscriber = Subscriber {
        receiver,
        sent_up_to: handed_out,
        backlog,
        tick,
        credential,
        state: state.clone(),
        first: Some(first),
    };
    let events = futures_stream::unfold(subscriber, |mut subscriber| async move {
        let frame = subscriber.next_frame().await?;
        Some((
            Ok::<_, actix_web::Error>(web::Bytes::from(frame)),
            subscriber,
        ))
    });
    Ok(HttpResponse::Ok()
        .content_type("text/event-stream")
        .insert_header(("cache-control", "no-cache"))
        .insert_header(("x-accel-buffering", "no"))
        .streaming(events))
}
