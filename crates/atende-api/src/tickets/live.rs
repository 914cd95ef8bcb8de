//! Live updates: ticket changes and notification counts pushed to browsers
//! over Server-Sent Events.
//!
//! Changes are published after their transaction commits, on an in-process
//! broadcast channel; each open stream filters them by what its user may
//! see (companies in reach; internal notes never to client roles). With
//! several replicas on PostgreSQL a stream sees only its own replica's
//! changes — LISTEN/NOTIFY fan-out is the planned next step.

use std::time::Duration;

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use atende_core::{access::Reach, permissions::Permission};
use atende_types::tickets::{StreamToken, TicketChange, UnreadCount};
use futures_util::stream as futures_stream;
use tokio::sync::broadcast;
use uuid::Uuid;

use super::{desk::unread, entity::ticket};
use crate::{
    auth::{Actor, actor::Credential},
    error::ApiError,
    state::AppState,
};

/// What travels on the channel.
#[derive(Debug, Clone)]
pub enum LiveEvent {
    Ticket {
        company_id: Uuid,
        internal: bool,
        change: TicketChange,
    },
    Notification {
        user_id: Uuid,
    },
}

/// The publishing side, in the application state.
#[derive(Debug, Clone)]
pub struct Live {
    sender: broadcast::Sender<LiveEvent>,
}

impl Default for Live {
    fn default() -> Self {
        let (sender, _) = broadcast::channel(1024);
        Self { sender }
    }
}

impl Live {
    /// Announces a change of `t` (after its transaction committed).
    pub fn ticket(&self, t: &ticket::Model, kind: &str, internal: bool) {
        // No subscriber is not an error.
        let _ = self.sender.send(LiveEvent::Ticket {
            company_id: t.company_id,
            internal,
            change: TicketChange {
                kind: kind.to_owned(),
                ticket_id: t.id,
                number: t.number,
                status: t.status.clone(),
                assignee_id: t.assignee_id,
                version: t.version,
            },
        });
    }

    /// Tells `user_id`'s streams that their notifications changed.
    pub fn notify(&self, user_id: Uuid) {
        let _ = self.sender.send(LiveEvent::Notification { user_id });
    }

    fn subscribe(&self) -> broadcast::Receiver<LiveEvent> {
        self.sender.subscribe()
    }
}

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

    fn sees(&self, company_id: Uuid, internal: bool) -> bool {
        self.reach.as_ref().is_some_and(|r| r.covers(company_id)) && (!internal || self.internal)
    }

    fn sees_event(&self, event: &LiveEvent) -> bool {
        match event {
            LiveEvent::Ticket {
                company_id,
                internal,
                ..
            } => self.sees(*company_id, *internal),
            LiveEvent::Notification { user_id } => Some(*user_id) == self.user_id,
        }
    }
}

/// One open stream: what it listens to and the authority it re-proves.
struct Subscriber {
    receiver: broadcast::Receiver<LiveEvent>,
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

    /// The next frame to send, or `None` to close the stream.
    async fn next_frame(&mut self) -> Option<String> {
        if let Some(first) = self.first.take() {
            return Some(first);
        }
        loop {
            tokio::select! {
                message = self.receiver.recv() => match message {
                    // Every event is checked against the subscriber's
                    // current session and reach, not those it opened with.
                    Ok(event) => {
                        let audience = self.audience().await?;
                        if !audience.sees_event(&event) {
                            continue;
                        }
                        return Some(match event {
                            LiveEvent::Ticket { change, .. } => {
                                let json = serde_json::to_string(&change).unwrap_or_default();
                                format!("event: ticket\ndata: {json}\n\n")
                            }
                            LiveEvent::Notification { user_id } => {
                                let count = unread(&self.state.db, user_id).await.unwrap_or(0);
                                let json = serde_json::to_string(&UnreadCount { count }).unwrap_or_default();
                                format!("event: notification\ndata: {json}\n\n")
                            }
                        });
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

/// The event stream: `event: ticket` (a [`TicketChange`]) and
/// `event: notification` (an [`UnreadCount`]), with a comment every 15 s to
/// keep proxies from closing it. Open it with `?token=` from
/// `/events/stream-token`, or with the `Authorization` header. Each event
/// is checked against the session and reach as they are when it is sent:
/// signing out, deactivation, a role change or a removed company link stop
/// the events at once, and the stream ends.
#[utoipa::path(get, path = "/api/v1/events/stream", tag = "tickets",
    params(("token" = Option<String>, Query, description = "From /api/v1/events/stream-token")),
    responses((status = 200, description = "Server-Sent Events: `ticket` (a `TicketChange` as JSON), `notification` (an `UnreadCount` as JSON) and `resync` events, and keep-alive comments",
               body = String, content_type = "text/event-stream"),
              (status = 401, description = "No valid token", body = atende_types::ErrorBody, content_type = "application/problem+json"),
              (status = 403, description = "The user must enroll in MFA first (`mfa-enrollment-required`)", body = atende_types::ErrorBody, content_type = "application/problem+json")))]
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
    let mut tick = tokio::time::interval(Duration::from_secs(15));
    tick.reset();
    let subscriber = Subscriber {
        receiver: state.live.subscribe(),
        tick,
        credential,
        state: state.clone(),
        first: Some("retry: 3000\n: connected\n\n".to_owned()),
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
