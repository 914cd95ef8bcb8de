//! `/gerenciar/integracoes`: outbound webhooks — the endpoints (name,
//! address, events, level, on/off with why Atende switched one off, the
//! failures in a row), adding and editing them (see [`form`]), the signing
//! secret shown once after creating or rotating it, and each endpoint's
//! delivery log with test sends and redeliveries (see [`deliveries`]).
//! Who has `integrations.manage` (administrators by default).

mod deliveries;
mod form;

use atende_core::webhooks::EndpointLevel;
use atende_types::companies::Company;
use atende_types::webhooks::{WebhookEndpoint, WebhookEndpointWithSecret};
use chrono::{DateTime, Utc};
use gloo_net::http::Method;
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::{ApiFailure, use_api};
use crate::components::company_tree::display_name;
use crate::components::feedback::{Empty, FailureNotice, Loading};
use crate::components::forms::{ConfirmAction, CopyButton};
use crate::components::guard::RequirePermission;
use crate::components::layout::use_document_title;
use crate::format;
use crate::i18n::{Key, use_i18n};
use crate::session::use_session;
use crate::webhooks::{self, WEBHOOKS_PATH, endpoint_path, events_summary, input_of};

use deliveries::DeliveriesPanel;
use form::WebhookForm;

/// Path of the page.
pub const INTEGRATIONS_PATH: &str = "/gerenciar/integracoes";
/// Who manages webhooks:
/// [`Permission::IntegrationsManage`](atende_core::permissions::Permission).
pub const INTEGRATIONS_PERMISSIONS: &[&str] = &["integrations.manage"];

/// `/gerenciar/integracoes`.
#[component]
pub fn IntegrationsPage() -> impl IntoView {
    use_document_title(Key::IntegrationsTitle);
    view! {
        <RequirePermission any_of=INTEGRATIONS_PERMISSIONS>
            <Integrations />
        </RequirePermission>
    }
}

/// Which editor is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Editing {
    Closed,
    New,
    Endpoint(Uuid),
}

/// A secret shown this once.
#[derive(Debug, Clone, PartialEq)]
struct Revealed {
    name: String,
    secret: String,
    /// Set after a rotation: until when the previous one still signs.
    previous_until: Option<DateTime<Utc>>,
}

impl Revealed {
    fn of(with: &WebhookEndpointWithSecret) -> Self {
        Self {
            name: with.endpoint.name.clone(),
            secret: with.secret.clone(),
            previous_until: with.endpoint.previous_secret_until,
        }
    }
}

#[component]
fn Integrations() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let endpoints = RwSignal::new(None::<Result<Vec<WebhookEndpoint>, ApiFailure>>);
    let companies = LocalResource::new(move || async move {
        let mut list = api
            .get_all::<Company>("/api/v1/companies")
            .await
            .unwrap_or_default();
        list.sort_by_key(|c| display_name(c).to_lowercase());
        list
    });
    let companies = Signal::derive(move || companies.get().unwrap_or_default());
    let editing = RwSignal::new(Editing::Closed);
    // Whose delivery log is shown.
    let open = RwSignal::new(None::<Uuid>);
    let revealed = RwSignal::new(None::<Revealed>);
    let failure = RwSignal::new(None::<ApiFailure>);
    let busy = RwSignal::new(false);
    let load = move || {
        leptos::task::spawn_local(async move {
            let result = api.get_json::<Vec<WebhookEndpoint>>(WEBHOOKS_PATH).await;
            endpoints.set(Some(result));
        });
    };
    load();
    let reload = Callback::new(move |()| load());
    let created = Callback::new(move |with: WebhookEndpointWithSecret| {
        editing.set(Editing::Closed);
        revealed.set(Some(Revealed::of(&with)));
        // The new endpoint's log opens, "Enviar teste" at hand.
        open.set(Some(with.endpoint.id));
        load();
    });
    let saved = Callback::new(move |()| {
        editing.set(Editing::Closed);
        load();
    });
    let rotated = Callback::new(move |with: WebhookEndpointWithSecret| {
        revealed.set(Some(Revealed::of(&with)));
        load();
    });
    let cancel = Callback::new(move |()| editing.set(Editing::Closed));
    let switch = Callback::new(move |(endpoint, enabled): (WebhookEndpoint, bool)| {
        busy.set(true);
        failure.set(None);
        leptos::task::spawn_local(async move {
            let result = api
                .send_json::<_, WebhookEndpoint>(
                    Method::PUT,
                    &endpoint_path(endpoint.id),
                    &input_of(&endpoint, enabled),
                )
                .await;
            busy.set(false);
            if let Err(error) = result {
                failure.set(Some(error));
            }
            load();
        });
    });
    let delete = Callback::new(move |id: Uuid| {
        busy.set(true);
        failure.set(None);
        leptos::task::spawn_local(async move {
            let result = api
                .send_empty::<()>(Method::DELETE, &endpoint_path(id))
                .await;
            busy.set(false);
            if let Err(error) = result {
                failure.set(Some(error));
            }
            if open.get_untracked() == Some(id) {
                open.set(None);
            }
            if editing.get_untracked() == Editing::Endpoint(id) {
                editing.set(Editing::Closed);
            }
            load();
        });
    });

    let find = move |id: Uuid| {
        endpoints.with(|e| {
            e.as_ref()
                .and_then(|e| e.as_ref().ok())
                .and_then(|list| list.iter().find(|x| x.id == id).cloned())
        })
    };

    view! {
        <div class="page page--wide integrations">
            <header class="page__header page__header--actions">
                <div>
                    <h1 class="page__title" data-testid="page-title">{i18n.text(Key::IntegrationsTitle)}</h1>
                    <p class="page__lead">{i18n.text(Key::IntegrationsLead)}</p>
                </div>
                <Show when=move || editing.get() == Editing::Closed>
                    <button
                        type="button"
                        class="button button--primary"
                        data-testid="webhook-create-open"
                        on:click=move |_| {
                            revealed.set(None);
                            editing.set(Editing::New);
                        }
                    >
                        {i18n.text(Key::NewWebhook)}
                    </button>
                </Show>
            </header>
            {move || revealed.get().map(|shown| view! { <SecretReveal shown on_close=Callback::new(move |()| revealed.set(None)) /> })}
            {move || {
                let (title, endpoint) = match editing.get() {
                    Editing::Closed => return ().into_any(),
                    Editing::New => (Key::NewWebhook, None),
                    Editing::Endpoint(id) => match untrack(|| find(id)) {
                        Some(endpoint) => (Key::EditWebhook, Some(endpoint)),
                        None => return ().into_any(),
                    },
                };
                let name = endpoint.as_ref().map(|e| format!(" · {}", e.name));
                view! {
                    <section class="card form-card" aria-labelledby="webhook-form-titulo">
                        <h2 class="card__title" id="webhook-form-titulo">{i18n.text(title)} {name}</h2>
                        <WebhookForm endpoint companies on_created=created on_saved=saved on_cancel=cancel />
                    </section>
                }
                .into_any()
            }}
            {move || failure.get().map(|failure| view! { <FailureNotice failure /> })}
            {move || match endpoints.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(failure)) => view! { <FailureNotice failure on_retry=reload /> }.into_any(),
                Some(Ok(list)) if list.is_empty() => {
                    view! { <Empty text=Key::WebhooksEmpty testid="webhooks-empty" /> }.into_any()
                }
                Some(Ok(list)) => view! { <EndpointTable list companies busy editing open switch delete /> }.into_any(),
            }}
            {move || {
                open.get()
                    .map(|id| {
                        let name = Signal::derive(move || find(id).map(|e| e.name).unwrap_or_default());
                        view! {
                            <DeliveriesPanel
                                id
                                name
                                on_rotated=rotated
                                on_changed=reload
                                on_close=Callback::new(move |()| open.set(None))
                            />
                        }
                    })
            }}
        </div>
    }
}

#[component]
fn EndpointTable(
    list: Vec<WebhookEndpoint>,
    companies: Signal<Vec<Company>>,
    busy: RwSignal<bool>,
    editing: RwSignal<Editing>,
    open: RwSignal<Option<Uuid>>,
    switch: Callback<(WebhookEndpoint, bool)>,
    delete: Callback<Uuid>,
) -> impl IntoView {
    let i18n = use_i18n();
    let rows = list
        .into_iter()
        .map(
            |endpoint| view! { <EndpointRow endpoint companies busy editing open switch delete /> },
        )
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="table table--cards table--webhooks" data-testid="webhooks-table">
                <caption class="visually-hidden">{i18n.text(Key::IntegrationsTitle)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{i18n.text(Key::Name)}</th>
                        <th scope="col">{i18n.text(Key::WebhookEvents)}</th>
                        <th scope="col">{i18n.text(Key::WebhookLevel)}</th>
                        <th scope="col">{i18n.text(Key::Status)}</th>
                        <th scope="col" class="numeric">{i18n.text(Key::WebhookFailures)}</th>
                        <th scope="col">
                            <span class="visually-hidden">{i18n.text(Key::Actions)}</span>
                        </th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[component]
fn EndpointRow(
    endpoint: WebhookEndpoint,
    companies: Signal<Vec<Company>>,
    busy: RwSignal<bool>,
    editing: RwSignal<Editing>,
    open: RwSignal<Option<Uuid>>,
    switch: Callback<(WebhookEndpoint, bool)>,
    delete: Callback<Uuid>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = endpoint.id;
    let enabled = endpoint.enabled;
    let name = endpoint.name.clone();
    let toggle_name = name.clone();
    let kinds = endpoint.event_types.clone();
    let events = move || events_summary(i18n.locale(), &kinds);
    let level = endpoint.level;
    let company = endpoint.company_id.map(|company| {
        move || {
            let shown = companies.with(|list| {
                list.iter()
                    .find(|c| c.id == company)
                    .map_or_else(|| company.to_string(), display_name)
            });
            i18n.t(Key::WebhookOnlyCompany).replace("{company}", &shown)
        }
    });
    let reason = endpoint.disabled_reason.clone().filter(|_| !enabled);
    let failures = endpoint.consecutive_failures;
    let failing = failures > 0;
    let toggle_id = format!("webhook-ligado-{id}");
    let switched = endpoint.clone();
    view! {
        <tr
            data-testid="webhook-row"
            data-name=name.clone()
            data-id=id.to_string()
            data-enabled=enabled.to_string()
            class:table__row--muted=!enabled
        >
            <td class="cell-primary">
                <span class="cell-title" data-testid="webhook-name">{name.clone()}</span>
                <span class="cell-sub cell-mono cell-url" data-testid="webhook-url">{endpoint.url.clone()}</span>
                {company.map(|text| view! { <span class="cell-sub">{text}</span> })}
            </td>
            <td class="cell-wrap" data-label=i18n.text(Key::WebhookEvents) data-testid="webhook-events">{events}</td>
            <td data-label=i18n.text(Key::WebhookLevel)>
                <span
                    class=if level == EndpointLevel::Staff { "badge badge--info" } else { "badge badge--neutral" }
                    data-testid="webhook-level"
                >
                    {move || webhooks::level(i18n.locale(), level)}
                </span>
            </td>
            <td data-label=i18n.text(Key::Status)>
                <span class="check">
                    <input
                        type="checkbox"
                        class="check__input"
                        id=toggle_id.clone()
                        data-testid="webhook-toggle"
                        role="switch"
                        prop:checked=enabled
                        disabled=move || busy.get()
                        aria-label=move || i18n.t(Key::WebhookToggle).replace("{name}", &toggle_name)
                        on:change=move |ev| switch.run((switched.clone(), event_target_checked(&ev)))
                    />
                    <label class="check__label" for=toggle_id data-testid="webhook-status">
                        {i18n.text(if enabled { Key::WebhookOn } else { Key::WebhookOff })}
                    </label>
                </span>
                {reason
                    .map(|reason| {
                        view! {
                            <span class="cell-sub text-danger cell-wrap" data-testid="webhook-disabled-reason">
                                {move || i18n.t(Key::WebhookSwitchedOff).replace("{reason}", &reason)}
                            </span>
                        }
                    })}
            </td>
            <td class="numeric" data-label=i18n.text(Key::WebhookFailures) data-testid="webhook-failures">
                <span class:text-danger=failing>{failures}</span>
            </td>
            <td class="cell-actions">
                <button
                    type="button"
                    class="button button--secondary button--small"
                    data-testid="webhook-open"
                    aria-expanded=move || (open.get() == Some(id)).to_string()
                    on:click=move |_| open.update(|o| *o = if *o == Some(id) { None } else { Some(id) })
                >
                    {i18n.text(Key::WebhookDeliveries)}
                </button>
                <button
                    type="button"
                    class="button button--secondary button--small"
                    data-testid="webhook-edit"
                    aria-expanded=move || (editing.get() == Editing::Endpoint(id)).to_string()
                    on:click=move |_| {
                        editing.update(|e| {
                            *e = if *e == Editing::Endpoint(id) { Editing::Closed } else { Editing::Endpoint(id) };
                        });
                    }
                >
                    {i18n.text(Key::Edit)}
                </button>
                <ConfirmAction
                    label=Key::Delete
                    question=Key::WebhookDeleteQuestion
                    confirm=Key::DeleteForGood
                    on_confirm=Callback::new(move |()| delete.run(id))
                    pending=Signal::derive(move || busy.get())
                    danger=true
                    testid="webhook-delete"
                />
            </td>
        </tr>
    }
}

/// The signing secret, shown this once, with a copy button.
#[component]
fn SecretReveal(shown: Revealed, on_close: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let rotated = shown.previous_until.is_some();
    let name = shown.name.clone();
    let title = move || {
        i18n.t(if rotated {
            Key::WebhookSecretRotated
        } else {
            Key::WebhookSecretCreated
        })
        .replace("{name}", &name)
    };
    let secret = shown.secret.clone();
    let until = shown.previous_until.map(|at| {
        move || {
            i18n.t(Key::WebhookPreviousSecretUntil)
                .replace("{when}", &format::datetime(&at, &session.time_zone()))
        }
    });
    // Revealed from a row far down the page: it comes into sight.
    let card = NodeRef::<leptos::html::Section>::new();
    Effect::new(move |_| {
        if let Some(card) = card.get() {
            card.scroll_into_view();
        }
    });
    view! {
        <section
            class="card card--highlight"
            node_ref=card
            data-testid="webhook-secret-card"
            aria-labelledby="webhook-segredo-titulo"
        >
            <h2 class="card__title" id="webhook-segredo-titulo">{title}</h2>
            <div class="notice notice--warning" role="status">
                <p class="notice__message" data-testid="webhook-secret-warning">{i18n.text(Key::WebhookSecretShownOnce)}</p>
            </div>
            <div class="input-group">
                <code class="secret secret--block" data-testid="webhook-secret">{shown.secret.clone()}</code>
                <CopyButton text=Signal::derive(move || secret.clone()) testid="webhook-secret-copy" />
            </div>
            <p class="hint">{i18n.text(Key::WebhookSecretHint)}</p>
            {until.map(|text| view! { <p class="hint" data-testid="webhook-previous-until">{text}</p> })}
            <button type="button" class="button button--ghost" data-testid="webhook-secret-close" on:click=move |_| on_close.run(())>
                {i18n.text(Key::WebhookSecretSaved)}
            </button>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use atende_core::permissions::Permission;

    use super::*;

    #[test]
    fn the_page_needs_the_integrations_permission() {
        assert_eq!(
            INTEGRATIONS_PERMISSIONS,
            &[Permission::IntegrationsManage.name()]
        );
    }
}
