//! Live updates: the server's event stream (`/api/v1/events/stream`) and
//! the count of unread notifications.
//!
//! `EventSource` cannot send an `Authorization` header, so a short-lived
//! stream token is asked for first (`POST /events/stream-token`) and put in
//! the stream's URL. When the stream breaks (network, server restart, the
//! token expired on the browser's own reconnection) it is closed and opened
//! again with a fresh token, waiting longer after each failure. A server
//! without the stream (404) simply has no live updates; one without
//! notifications has no bell.
//!
//! Views follow [`Live::changes`]: it is bumped once for the `ticket`
//! events of a short window (a busy helpdesk sends many; each bump reloads
//! boards and lists) and after a reconnection (changes may have been missed
//! meanwhile); [`Live::last_changes`] says which tickets changed.

use std::time::Duration;

use atende_types::tickets::{StreamToken, TicketChange, UnreadCount};
use gloo_net::http::Method;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, closure::Closure};

use crate::api::{Api, encode_component, use_api};
use crate::session::Session;

/// The first wait before reconnecting; doubled after each failure.
const FIRST_RETRY: Duration = Duration::from_secs(3);
/// The longest wait before reconnecting.
const LONGEST_RETRY: Duration = Duration::from_secs(60);
/// Ticket events arriving within this window make one change.
const BATCH_WINDOW: Duration = Duration::from_millis(300);

/// An open stream and the listeners it calls; closed when dropped.
struct Connection {
    source: web_sys::EventSource,
    _on_ticket: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_notification: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_open: Closure<dyn FnMut(web_sys::Event)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.source.close();
    }
}

/// The live-updates context, provided once at the application root.
#[derive(Clone, Copy)]
pub struct Live {
    api: Api,
    changes: RwSignal<u64>,
    /// The changes of the last batch; `None` after a reconnection, when
    /// anything may have changed.
    last: RwSignal<Option<Vec<TicketChange>>>,
    /// Changes received and not announced yet.
    batch: StoredValue<Option<Vec<TicketChange>>>,
    unread: RwSignal<Option<u64>>,
    connection: StoredValue<Option<Connection>, LocalStorage>,
    /// Bumped by every (dis)connection, so late answers and timers of an
    /// older one do nothing.
    generation: StoredValue<u64>,
    failures: StoredValue<u32>,
    /// Whether a stream was open before, so a new one means a gap.
    was_open: StoredValue<bool>,
}

impl Live {
    fn new(api: Api) -> Self {
        Self {
            api,
            changes: RwSignal::new(0),
            last: RwSignal::new(None),
            batch: StoredValue::new(None),
            unread: RwSignal::new(None),
            connection: StoredValue::new_local(None),
            generation: StoredValue::new(0),
            failures: StoredValue::new(0),
            was_open: StoredValue::new(false),
        }
    }

    /// A number that changes whenever tickets may have changed (tracked).
    pub fn changes(self) -> u64 {
        self.changes.get()
    }

    /// The tickets changed since the previous bump of [`Self::changes`];
    /// `None` when anything may have changed (tracked).
    pub fn last_changes(self) -> Option<Vec<TicketChange>> {
        self.last.get()
    }

    /// Announces `change` with the others of its window.
    fn received(self, change: TicketChange) {
        let first = self.batch.with_value(Option::is_none);
        self.batch
            .update_value(|batch| batch.get_or_insert_with(Vec::new).push(change));
        if first {
            set_timeout(
                move || {
                    let Some(batch) = self.batch.try_update_value(Option::take).flatten() else {
                        return;
                    };
                    self.last.set(Some(batch));
                    self.changes.update(|n| *n = n.wrapping_add(1));
                },
                BATCH_WINDOW,
            );
        }
    }

    /// Unread notifications; `None` when the server has no notifications
    /// (or before it answered) (tracked).
    pub fn unread(self) -> Option<u64> {
        self.unread.get()
    }

    /// Sets the unread count (after marking notifications read).
    pub fn set_unread(self, count: u64) {
        self.unread.set(Some(count));
    }

    /// Asks the server for the unread count again.
    pub fn refresh_unread(self) {
        let generation = self.generation.get_value();
        leptos::task::spawn_local(async move {
            let result = self
                .api
                .get_json::<UnreadCount>("/api/v1/notifications/unread-count")
                .await;
            if self.generation.try_get_value() != Some(generation) {
                return;
            }
            match result {
                Ok(unread) => self.unread.set(Some(unread.count)),
                Err(failure) if failure.status() == Some(404) => self.unread.set(None),
                // Kept as it was; the next event or reload corrects it.
                Err(_) => {}
            }
        });
    }

    fn disconnect(self) {
        self.generation.update_value(|g| *g = g.wrapping_add(1));
        self.connection.set_value(None);
        self.batch.set_value(None);
        self.failures.set_value(0);
        self.was_open.set_value(false);
        self.unread.set(None);
    }

    fn connect(self) {
        self.generation.update_value(|g| *g = g.wrapping_add(1));
        let generation = self.generation.get_value();
        self.connection.set_value(None);
        leptos::task::spawn_local(async move {
            let token = self
                .api
                .send_empty::<StreamToken>(Method::POST, "/api/v1/events/stream-token")
                .await;
            if self.generation.try_get_value() != Some(generation) {
                return;
            }
            match token {
                Ok(token) => self.open(&token.token, generation),
                // This server has no event stream.
                Err(failure) if failure.status() == Some(404) => {}
                // The session ended: the frame takes over.
                Err(failure) if failure.status() == Some(401) => {}
                Err(_) => self.retry(generation),
            }
        });
    }

    /// Connects again after a wait, unless something else (dis)connected
    /// meanwhile.
    fn retry(self, generation: u64) {
        let failures = self.failures.get_value();
        self.failures.set_value(failures.saturating_add(1));
        let wait = FIRST_RETRY
            .saturating_mul(2u32.saturating_pow(failures.min(5)))
            .min(LONGEST_RETRY);
        set_timeout(
            move || {
                if self.generation.try_get_value() == Some(generation) {
                    self.connect();
                }
            },
            wait,
        );
    }

    fn open(self, token: &str, generation: u64) {
        let url = format!("/api/v1/events/stream?token={}", encode_component(token));
        let Ok(source) = web_sys::EventSource::new(&url) else {
            self.retry(generation);
            return;
        };
        let on_ticket = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
            move |event: web_sys::MessageEvent| {
                let change = event
                    .data()
                    .as_string()
                    .and_then(|data| serde_json::from_str::<TicketChange>(&data).ok());
                if let Some(change) = change {
                    self.received(change);
                }
            },
        );
        let on_notification = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
            move |event: web_sys::MessageEvent| {
                let unread = event
                    .data()
                    .as_string()
                    .and_then(|data| serde_json::from_str::<UnreadCount>(&data).ok());
                if let Some(unread) = unread {
                    self.unread.set(Some(unread.count));
                }
            },
        );
        let on_open = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            self.failures.set_value(0);
            if self.was_open.get_value() {
                // Changes may have been missed while the stream was down.
                self.last.set(None);
                self.changes.update(|n| *n = n.wrapping_add(1));
                self.refresh_unread();
            }
            self.was_open.set_value(true);
        });
        let watched = source.clone();
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            // While `CONNECTING` the browser retries by itself; a closed
            // stream (refused token, server gone) is reopened here, after
            // a wait (never from inside this listener, which the new
            // connection replaces).
            if watched.ready_state() == web_sys::EventSource::CLOSED {
                self.retry(generation);
            }
        });
        let listen = |name: &str, callback: &js_sys::Function| {
            // Failing to add a listener only loses live updates.
            let _ = source.add_event_listener_with_callback(name, callback);
        };
        listen("ticket", on_ticket.as_ref().unchecked_ref());
        listen("notification", on_notification.as_ref().unchecked_ref());
        listen("open", on_open.as_ref().unchecked_ref());
        listen("error", on_error.as_ref().unchecked_ref());
        self.connection.set_value(Some(Connection {
            source,
            _on_ticket: on_ticket,
            _on_notification: on_notification,
            _on_open: on_open,
            _on_error: on_error,
        }));
    }
}

/// Creates the live-updates context, connected while someone who may see
/// tickets is signed in, and provides it to the component tree.
pub fn provide_live(api: Api, session: Session) -> Live {
    let live = Live::new(api);
    let wanted = Memo::new(move |_| {
        session.is_signed_in()
            && session.is_ready()
            && !session.enrollment_required()
            && session.can("tickets.view")
    });
    Effect::new(move |_| {
        if wanted.get() {
            live.connect();
            live.refresh_unread();
        } else {
            live.disconnect();
        }
    });
    provide_context(live);
    live
}

/// The live-updates context; a detached, silent one outside the root.
pub fn use_live() -> Live {
    use_context::<Live>().unwrap_or_else(|| Live::new(use_api()))
}
