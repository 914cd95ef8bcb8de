//! The notification bell in the header: the unread count, and a panel with
//! the latest notifications (each leading to its ticket or pending item)
//! that marks them read one by one or all at once. Hidden when the server
//! has no notifications.

use atende_types::{Page, tickets::Notification};
use gloo_net::http::Method;
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_location};

use crate::api::{ApiFailure, use_api};
use crate::components::feedback::{FailureNotice, Loading};
use crate::format;
use crate::i18n::{Key, use_i18n};
use crate::live::use_live;
use crate::pending;
use crate::session::use_session;
use crate::tickets::notification_text;

/// How many notifications the panel shows.
const SHOWN: usize = 10;

/// `id` of the panel, controlled by the bell.
const PANEL_ID: &str = "notificacoes";

#[component]
pub fn NotificationBell() -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    let api = use_api();
    let open = RwSignal::new(false);
    let items = RwSignal::new(None::<Result<Vec<Notification>, ApiFailure>>);
    let action_failure = RwSignal::new(None::<ApiFailure>);

    let load = move || {
        items.set(None);
        leptos::task::spawn_local(async move {
            let result = api
                .get_json::<Page<Notification>>(&format!("/api/v1/notifications?limit={SHOWN}"))
                .await
                .map(|page| page.items);
            items.set(Some(result));
        });
    };
    let toggle = move |_| {
        let now_open = !open.get_untracked();
        open.set(now_open);
        action_failure.set(None);
        if now_open {
            load();
        }
    };

    // Any navigation closes the panel.
    let location = use_location();
    Effect::new(move |_| {
        location.pathname.track();
        open.set(false);
    });
    // A new notification while the panel is open shows up in it.
    Effect::new(move |previous: Option<Option<u64>>| {
        let count = live.unread();
        if previous.is_some_and(|p| p != count) && open.get_untracked() {
            load();
        }
        count
    });

    let mark_read = move |id: uuid::Uuid| {
        leptos::task::spawn_local(async move {
            match api
                .send_empty::<()>(Method::POST, &format!("/api/v1/notifications/{id}/read"))
                .await
            {
                Ok(()) => {
                    items.update(|items| {
                        if let Some(Ok(items)) = items
                            && let Some(item) = items.iter_mut().find(|n| n.id == id)
                        {
                            item.read_at = Some(format::now());
                        }
                    });
                    live.refresh_unread();
                }
                Err(failure) => action_failure.set(Some(failure)),
            }
        });
    };
    let mark_all = move |_| {
        leptos::task::spawn_local(async move {
            match api
                .send_empty::<()>(Method::POST, "/api/v1/notifications/read-all")
                .await
            {
                Ok(()) => {
                    let now = format::now();
                    items.update(|items| {
                        if let Some(Ok(items)) = items {
                            for item in items.iter_mut().filter(|n| n.read_at.is_none()) {
                                item.read_at = Some(now);
                            }
                        }
                    });
                    live.set_unread(0);
                }
                Err(failure) => action_failure.set(Some(failure)),
            }
        });
    };

    let label = move || {
        let count = live.unread().unwrap_or(0);
        if count == 0 {
            i18n.t(Key::NotificationsNone).to_owned()
        } else {
            i18n.t(Key::NotificationsUnread)
                .replace("{n}", &count.to_string())
        }
    };

    view! {
        <Show when=move || live.unread().is_some()>
            <div
                class="bell"
                data-testid="notification-bell"
                on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                    if ev.key() == "Escape" {
                        open.set(false);
                    }
                }
            >
                <button
                    type="button"
                    class="button button--ghost bell__button"
                    aria-controls=PANEL_ID
                    aria-expanded=move || open.get().to_string()
                    aria-label=label
                    title=label
                    data-testid="notification-bell-button"
                    on:click=toggle
                >
                    <BellIcon />
                    {move || {
                        live.unread()
                            .filter(|count| *count > 0)
                            .map(|count| {
                                view! {
                                    <span class="bell__count" data-testid="notification-count" aria-hidden="true">
                                        {if count > 99 { "99+".to_owned() } else { count.to_string() }}
                                    </span>
                                }
                            })
                    }}
                </button>
                <Show when=move || open.get()>
                    <div
                        id=PANEL_ID
                        class="bell__panel"
                        role="region"
                        aria-label=i18n.text(Key::NotificationsTitle)
                        data-testid="notification-panel"
                    >
                        <div class="bell__header">
                            <h2 class="bell__title">{i18n.text(Key::NotificationsTitle)}</h2>
                            <button
                                type="button"
                                class="button button--ghost button--small"
                                data-testid="notification-read-all"
                                disabled=move || live.unread().unwrap_or(0) == 0
                                on:click=mark_all
                            >
                                {i18n.text(Key::NotificationsReadAll)}
                            </button>
                        </div>
                        {move || action_failure.get().map(|failure| view! { <FailureNotice failure /> })}
                        {move || match items.get() {
                            None => view! { <Loading /> }.into_any(),
                            Some(Err(failure)) => view! { <FailureNotice failure /> }.into_any(),
                            Some(Ok(list)) if list.is_empty() => {
                                view! {
                                    <p class="empty" data-testid="notification-empty">
                                        {i18n.text(Key::NotificationsEmpty)}
                                    </p>
                                }
                                    .into_any()
                            }
                            Some(Ok(list)) => {
                                view! {
                                    <ul class="bell__list">
                                        {list
                                            .into_iter()
                                            .map(|n| view! { <NotificationItem notification=n on_read=mark_read /> })
                                            .collect_view()}
                                    </ul>
                                }
                                    .into_any()
                            }
                        }}
                    </div>
                </Show>
            </div>
        </Show>
    }
}

/// Where a notification leads: its ticket or pending item (or the list).
pub fn notification_href(notification: &Notification) -> String {
    if notification.kind.starts_with("pending_") {
        pending::notification_item(notification)
            .map_or_else(|| "/pendencias".to_owned(), pending::item_path)
    } else {
        notification
            .ticket_id
            .map(|ticket| format!("/chamados/{ticket}"))
            .unwrap_or_else(|| "/chamados".to_owned())
    }
}

/// One notification: its text (a link to the ticket), when, and "mark read".
#[component]
fn NotificationItem(
    notification: Notification,
    #[prop(into)] on_read: Callback<uuid::Uuid>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let id = notification.id;
    let unread = notification.read_at.is_none();
    let when = format::datetime(&notification.created_at, &session.time_zone());
    let href = notification_href(&notification);
    let text = move || {
        pending::notification_text(i18n.locale(), &notification)
            .unwrap_or_else(|| notification_text(i18n.locale(), &notification))
    };
    view! {
        <li class="bell__item" class:bell__item--unread=unread data-testid="notification-item">
            <A
                href=href
                attr:class="bell__link"
                on:click=move |_| {
                    if unread {
                        on_read.run(id);
                    }
                }
            >
                {text}
            </A>
            <span class="bell__meta">
                <time>{when}</time>
                {unread
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="button button--ghost button--small"
                                data-testid="notification-read"
                                on:click=move |_| on_read.run(id)
                            >
                                {i18n.text(Key::NotificationsMarkRead)}
                            </button>
                        }
                    })}
            </span>
        </li>
    }
}

/// A bell.
#[component]
fn BellIcon() -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
            <path
                d="M6 16V11a6 6 0 1 1 12 0v5l1.5 2h-15zM10 20a2 2 0 0 0 4 0"
                stroke="currentColor"
                stroke-width="2"
                stroke-linejoin="round"
                fill="none"
            />
        </svg>
    }
}
