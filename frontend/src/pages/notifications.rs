//! `/notificacoes`: every notification of the signed-in person, newest
//! first, unread ones marked; each leads to its ticket or pending item.
//! The header's "Notificações" link opens this page; how each event is
//! delivered is chosen at `/minha-conta/notificacoes`.

use atende_types::tickets::Notification;
use gloo_net::http::Method;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{ApiFailure, use_api};
use crate::components::feedback::{Empty, FailureNotice};
use crate::components::layout::use_document_title;
use crate::components::notifications::notification_href;
use crate::components::paged::{LoadState, Paged, PagedFooter};
use crate::format;
use crate::i18n::{Key, use_i18n};
use crate::live::use_live;
use crate::pages::preferences::PREFERENCES_PATH;
use crate::pending;
use crate::session::use_session;
use crate::tickets::notification_text;

/// Path of the page.
pub const NOTIFICATIONS_PATH: &str = "/notificacoes";

/// `/notificacoes`.
#[component]
pub fn NotificationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let live = use_live();
    use_document_title(Key::NotificationsTitle);
    let list = Paged::<Notification>::new(api);
    let unread_only = RwSignal::new(false);
    Effect::new(move |_| {
        let path = if unread_only.get() {
            "/api/v1/notifications?unread=true&limit=30"
        } else {
            "/api/v1/notifications?limit=30"
        };
        list.load(path.to_owned());
    });
    // New notifications arrive at the top.
    Effect::new(move |previous: Option<Option<u64>>| {
        let unread = live.unread();
        if previous.is_some_and(|p| p != unread) {
            list.refresh();
        }
        unread
    });
    let failure = RwSignal::new(None::<ApiFailure>);
    let mark_all = move |_| {
        leptos::task::spawn_local(async move {
            match api
                .send_empty::<()>(Method::POST, "/api/v1/notifications/read-all")
                .await
            {
                Ok(()) => {
                    live.set_unread(0);
                    list.refresh();
                }
                Err(error) => failure.set(Some(error)),
            }
        });
    };
    let mark_read = Callback::new(move |id: uuid::Uuid| {
        leptos::task::spawn_local(async move {
            match api
                .send_empty::<()>(Method::POST, &format!("/api/v1/notifications/{id}/read"))
                .await
            {
                Ok(()) => {
                    live.refresh_unread();
                    list.refresh();
                }
                Err(error) => failure.set(Some(error)),
            }
        });
    });

    view! {
        <div class="page">
            <header class="page__header page__header--actions">
                <div>
                    <h1 class="page__title" data-testid="page-title">{i18n.text(Key::NotificationsTitle)}</h1>
                    <p class="page__lead">{i18n.text(Key::NotificationsLead)}</p>
                </div>
                <div class="button-row">
                    <button
                        type="button"
                        class="button button--secondary"
                        data-testid="notifications-read-all"
                        disabled=move || live.unread().unwrap_or(0) == 0
                        on:click=mark_all
                    >
                        {i18n.text(Key::NotificationsReadAll)}
                    </button>
                    <A href=PREFERENCES_PATH attr:class="button button--ghost" attr:data-testid="notifications-preferences">
                        {i18n.text(Key::NotificationPreferencesLink)}
                    </A>
                </div>
            </header>
            <div class="toolbar">
                <div class="tabs" role="group" aria-label=i18n.text(Key::NotificationsShown)>
                    <button
                        type="button"
                        class="tabs__tab"
                        aria-pressed=move || (!unread_only.get()).to_string()
                        data-testid="notifications-all"
                        on:click=move |_| unread_only.set(false)
                    >
                        {i18n.text(Key::TabAll)}
                    </button>
                    <button
                        type="button"
                        class="tabs__tab"
                        aria-pressed=move || unread_only.get().to_string()
                        data-testid="notifications-unread"
                        on:click=move |_| unread_only.set(true)
                    >
                        {i18n.text(Key::NotificationsUnreadTab)}
                    </button>
                </div>
            </div>
            {move || failure.get().map(|failure| view! { <FailureNotice failure /> })}
            <Show
                when=move || !list.is_empty()
                fallback=|| view! { <Empty text=Key::NotificationsEmpty testid="notifications-empty" /> }
            >
                <Show when=move || list.state() != LoadState::Loading>
                    <ul class="notification-list" data-testid="notifications-list">
                        <For each=move || list.items() key=|n| (n.id, n.read_at.is_some()) let:notification>
                            <NotificationRow notification on_read=mark_read />
                        </For>
                    </ul>
                </Show>
            </Show>
            <PagedFooter paged=list testid="notifications-load-more" />
        </div>
    }
}

#[component]
fn NotificationRow(notification: Notification, on_read: Callback<uuid::Uuid>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let id = notification.id;
    let unread = notification.read_at.is_none();
    let href = notification_href(&notification);
    let when = format::datetime(&notification.created_at, &session.time_zone());
    let text = move || {
        pending::notification_text(i18n.locale(), &notification)
            .unwrap_or_else(|| notification_text(i18n.locale(), &notification))
    };
    view! {
        <li class="notification-row" class:notification-row--unread=unread data-testid="notification-row">
            <A
                href=href
                attr:class="notification-row__text"
                on:click=move |_| {
                    if unread {
                        on_read.run(id);
                    }
                }
            >
                {text}
            </A>
            <span class="notification-row__meta">
                <time>{when}</time>
                {unread
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="button button--ghost button--small"
                                data-testid="notification-row-read"
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
