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
    auth::{Actor, actor},
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

/// Who may see what on one stream.
struct Audience {
    user_id: Option<Uuid>,
    reach: Option<Reach>,
    internal: bool,
}

impl Audience {
    fn sees(&self, company_id: Uuid, internal: bool) -> bool {
        self.reach.as_ref().is_some_and(|r| r.covers(company_id)) && (!internal || self.internal)
    }
}

/// The event stream: `event: ticket` (a [`TicketChange`]) and
/// `event: notification` (an [`UnreadCount`]), with a comment every 15 s to
/// keep proxies from closing it. Open it with `?token=` from
/// `/events/stream-token`, or with the `Authorization` header.
#[utoipa::path(get, path = "/api/v1/events/stream", tag = "tickets",
    params(("token" = Option<String>, Query, description = "From /api/v1/events/stream-token")),
    responses((status = 200, description = "text/event-stream"),
              (status = 401, description = "No valid token", body = atende_types::ErrorBody, content_type = "application/problem+json")))]
#[get("/events/stream")]
pub async fn event_stream(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<std::collections::HashMap<String, String>>,
) -> Result<HttpResponse, ApiError> {
    let actor = match query.get("token") {
        Some(token) => actor::from_stream_token(&state, token).await?,
        None => actor::authenticate(&req).await?,
    };
    if actor.enrollment_only {
        return Err(ApiError::MfaEnrollmentRequired);
    }
    let client_side = actor.role.is_some_and(|r| r.is_client());
    let audience = Audience {
        user_id: actor.user.as_ref().map(|u| u.id),
        reach: actor.authorize(Permission::TicketsView).ok(),
        internal: !client_side && actor.access.can(Permission::TicketsInternalNotes),
    };
    let receiver = state.live.subscribe();
    let db = state.db.clone();
    let mut tick = tokio::time::interval(Duration::from_secs(15));
    tick.reset();
    let first = "retry: 3000\n: connected\n\n".to_owned();
    let events = futures_stream::unfold(
        (receiver, tick, audience, db, Some(first)),
        |(mut receiver, mut tick, audience, db, first)| async move {
            if let Some(first) = first {
                let bytes = web::Bytes::from(first);
                return Some((
                    Ok::<_, actix_web::Error>(bytes),
                    (receiver, tick, audience, db, None),
                ));
            }
            loop {
                tokio::select! {
                    message = receiver.recv() => match message {
                        Ok(LiveEvent::Ticket { company_id, internal, change }) if audience.sees(company_id, internal) => {
                            let json = serde_json::to_string(&change).unwrap_or_default();
                            let bytes = web::Bytes::from(format!("event: ticket\ndata: {json}\n\n"));
                            return Some((Ok(bytes), (receiver, tick, audience, db, None)));
                        }
                        Ok(LiveEvent::Notification { user_id }) if Some(user_id) == audience.user_id => {
                            let count = unread(&db, user_id).await.unwrap_or(0);
                            let json = serde_json::to_string(&UnreadCount { count }).unwrap_or_default();
                            let bytes = web::Bytes::from(format!("event: notification\ndata: {json}\n\n"));
                            return Some((Ok(bytes), (receiver, tick, audience, db, None)));
                        }
                        Ok(_) => continue,
                        // Too slow a reader missed events: tell it to reload.
                        Err(broadcast::error::RecvError::Lagged(_)) => {
                            let bytes = web::Bytes::from("event: resync\ndata: {}\n\n");
                            return Some((Ok(bytes), (receiver, tick, audience, db, None)));
                        }
                        Err(broadcast::error::RecvError::Closed) => return None,
                    },
                    _ = tick.tick() => {
                        let bytes = web::Bytes::from(": keep-alive\n\n");
                        return Some((Ok(bytes), (receiver, tick, audience, db, None)));
                    }
                }
            }
        },
    );
    Ok(HttpResponse::Ok()
        .content_type("text/event-stream")
        .insert_header(("cache-control", "no-cache"))
        .insert_header(("x-accel-buffering", "no"))
        .streaming(events))
}
