//! Adding or editing a webhook: name, address, the events (grouped
//! checkboxes), the level, an optional company, the owning consultancy
//! (administrators: optional; a manager of several: required) and the
//! switch. What the server refuses shows beside its field.

use atende_core::events::EventKind;
use atende_core::permissions::Permission;
use atende_core::webhooks::EndpointLevel;
use atende_types::companies::Company;
use atende_types::webhooks::{WebhookEndpoint, WebhookEndpointInput, WebhookEndpointWithSecret};
use gloo_net::http::Method;
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::use_api;
use crate::components::company_tree::{Tree, display_name};
use crate::components::forms::{FormError, Submission, TextField};
use crate::i18n::{Key, use_i18n};
use crate::session::use_session;
use crate::webhooks::{self, EventGroup, WEBHOOKS_PATH, endpoint_path, in_order, server_message};

/// Fields whose refusal shows beside them.
const INLINE_FIELDS: &[&str] = &["name", "url", "event_types", "company_id", "consultancy_id"];

#[component]
pub(super) fn WebhookForm(
    endpoint: Option<WebhookEndpoint>,
    companies: Signal<Vec<Company>>,
    on_created: Callback<WebhookEndpointWithSecret>,
    on_saved: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let session = use_session();
    let editing_id = endpoint.as_ref().map(|e| e.id);
    let name = RwSignal::new(
        endpoint
            .as_ref()
            .map(|e| e.name.clone())
            .unwrap_or_default(),
    );
    let url = RwSignal::new(endpoint.as_ref().map(|e| e.url.clone()).unwrap_or_default());
    let events = RwSignal::new(
        endpoint
            .as_ref()
            .map(|e| e.event_types.clone())
            .unwrap_or_default(),
    );
    let level = RwSignal::new(endpoint.as_ref().map_or(EndpointLevel::Public, |e| e.level));
    let company = RwSignal::new(endpoint.as_ref().and_then(|e| e.company_id));
    let consultancy = RwSignal::new(endpoint.as_ref().and_then(|e| e.consultancy_id));
    let enabled = RwSignal::new(endpoint.as_ref().is_none_or(|e| e.enabled));
    let submission = Submission::new();
    // The server's words, in the interface's language.
    let error = move |field: &'static str| {
        let raw = submission.field_error(field);
        Signal::derive(move || raw.get().map(|m| server_message(i18n.locale(), &m)))
    };
    let events_error = error("event_types");
    let company_error = error("company_id");
    let consultancy_error = error("consultancy_id");

    // An administrator may own an endpoint by the whole installation; a
    // manager of several consultancies names one (of one: the server
    // picks it).
    let everywhere = move || {
        session
            .reach(Permission::IntegrationsManage.name())
            .as_deref()
            == Some("all")
    };
    let consultancies = move || {
        companies.with(|list| {
            list.iter()
                .filter(|c| c.kind == "consultancy")
                .map(|c| (c.id, display_name(c)))
                .collect::<Vec<_>>()
        })
    };
    let asks_consultancy = move || everywhere() || consultancies().len() > 1;

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed_name = name.get_untracked().trim().to_owned();
        if typed_name.is_empty() {
            submission.complain(Some("name"), Key::NameRequired);
            return;
        }
        let typed_url = url.get_untracked().trim().to_owned();
        if typed_url.is_empty() {
            submission.complain(Some("url"), Key::WebhookUrlRequired);
            return;
        }
        let chosen = in_order(&events.get_untracked());
        if chosen.is_empty() {
            submission.complain(Some("event_types"), Key::WebhookEventsRequired);
            return;
        }
        let input = WebhookEndpointInput {
            name: typed_name,
            url: typed_url,
            event_types: chosen,
            company_id: company.get_untracked(),
            level: Some(level.get_untracked()),
            consultancy_id: consultancy.get_untracked(),
            enabled: enabled.get_untracked(),
        };
        match editing_id {
            Some(id) => submission.run(
                async move {
                    api.send_json::<_, WebhookEndpoint>(Method::PUT, &endpoint_path(id), &input)
                        .await
                },
                move |_| on_saved.run(()),
            ),
            None => submission.run(
                async move {
                    api.send_json::<_, WebhookEndpointWithSecret>(
                        Method::POST,
                        WEBHOOKS_PATH,
                        &input,
                    )
                    .await
                },
                move |created| on_created.run(created),
            ),
        }
    };

    let consultancy_field = move || {
        asks_consultancy().then(|| {
            let first = if everywhere() {
                Key::WebhookWholeInstallation
            } else {
                Key::ChooseOne
            };
            let chosen = consultancy.get_untracked();
            view! {
                <div class="field">
                    <label class="label" for="webhook-consultancy">{i18n.text(Key::Consultancy)}</label>
                    <select
                        id="webhook-consultancy"
                        class="select"
                        data-testid="webhook-consultancy"
                        aria-describedby="webhook-consultancy-dica"
                        aria-invalid=move || consultancy_error.with(Option::is_some).then_some("true")
                        on:change=move |ev| {
                            let owner = Uuid::parse_str(&event_target_value(&ev)).ok();
                            consultancy.set(owner);
                            // A company of another consultancy no longer fits.
                            let fits = company.get_untracked().is_none_or(|c| {
                                owner.is_none_or(|owner| {
                                    companies.with_untracked(|list| {
                                        list.iter().any(|x| x.id == c && (x.id == owner || x.consultancy_id == Some(owner)))
                                    })
                                })
                            });
                            if !fits {
                                company.set(None);
                            }
                        }
                    >
                        <option value="" selected=chosen.is_none()>{i18n.text(first)}</option>
                        {consultancies()
                            .into_iter()
                            .map(|(id, text)| view! { <option value=id.to_string() selected=chosen == Some(id)>{text}</option> })
                            .collect_view()}
                    </select>
                    <p class="hint" id="webhook-consultancy-dica">{i18n.text(Key::WebhookConsultancyHint)}</p>
                    {move || consultancy_error.get().map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
            }
        })
    };

    // The companies the endpoint may be narrowed to: the chosen
    // consultancy's, else every one in reach, under their consultancy.
    let company_options = move || {
        let owner = consultancy.get();
        let chosen = company.get_untracked();
        let tree = Tree::new(companies.get());
        let option = move |c: &Company| {
            view! { <option value=c.id.to_string() selected=chosen == Some(c.id)>{display_name(c)}</option> }
        };
        let branches = tree
            .branches
            .into_iter()
            .filter(|b| owner.is_none_or(|o| b.consultancy.id == o))
            .map(|b| {
                view! {
                    <optgroup label=display_name(&b.consultancy)>
                        {option(&b.consultancy)}
                        {b.clients.iter().map(option).collect_view()}
                    </optgroup>
                }
            })
            .collect_view();
        let orphans = owner
            .is_none()
            .then(|| tree.orphans.iter().map(option).collect_view());
        view! {
            <option value="" selected=chosen.is_none()>{i18n.text(Key::AllCompanies)}</option>
            {branches}
            {orphans}
        }
    };

    view! {
        <form class="form webhook-form" on:submit=on_submit novalidate data-testid="webhook-form">
            <div class="form-grid">
                <TextField
                    id="webhook-name"
                    label=Key::Name
                    value=name
                    maxlength=120
                    autocomplete="off"
                    testid="webhook-name-input"
                    hint=Key::WebhookNameHint
                    error=error("name")
                    required=true
                    autofocus=true
                />
                <TextField
                    id="webhook-url"
                    label=Key::WebhookUrl
                    value=url
                    kind="url"
                    maxlength=2048
                    autocomplete="off"
                    placeholder="https://"
                    testid="webhook-url-input"
                    hint=Key::WebhookUrlHint
                    error=error("url")
                    required=true
                />
            </div>
            <fieldset class="fieldset" aria-describedby="webhook-events-erro" data-testid="webhook-events-picker">
                <legend class="label">{i18n.text(Key::WebhookEvents)}</legend>
                <p class="hint">{i18n.text(Key::WebhookEventsHint)}</p>
                <div class="permission-groups">
                    {EventGroup::ALL.into_iter().map(|group| view! { <EventChecks group events /> }).collect_view()}
                </div>
                <p class="field-error" id="webhook-events-erro">{move || events_error.get()}</p>
            </fieldset>
            <div class="form-grid">
                <div class="field">
                    <label class="label" for="webhook-level">{i18n.text(Key::WebhookLevel)}</label>
                    <select
                        id="webhook-level"
                        class="select"
                        data-testid="webhook-level-select"
                        aria-describedby="webhook-level-dica"
                        on:change=move |ev| {
                            level.set(EndpointLevel::parse(&event_target_value(&ev)).unwrap_or(EndpointLevel::Public));
                        }
                    >
                        {EndpointLevel::ALL
                            .iter()
                            .map(|l| {
                                let l = *l;
                                view! {
                                    <option value=l.as_str() selected=level.get_untracked() == l>
                                        {move || webhooks::level(i18n.locale(), l)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                    <p class="hint" id="webhook-level-dica">{i18n.text(Key::WebhookLevelHint)}</p>
                </div>
                {consultancy_field}
                <div class="field">
                    <label class="label" for="webhook-company">{i18n.text(Key::WebhookCompany)}</label>
                    <select
                        id="webhook-company"
                        class="select"
                        data-testid="webhook-company"
                        aria-describedby="webhook-company-dica"
                        aria-invalid=move || company_error.with(Option::is_some).then_some("true")
                        on:change=move |ev| company.set(Uuid::parse_str(&event_target_value(&ev)).ok())
                    >
                        {company_options}
                    </select>
                    <p class="hint" id="webhook-company-dica">{i18n.text(Key::WebhookCompanyHint)}</p>
                    {move || company_error.get().map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
                <div class="field field--check">
                    <span class="check">
                        <input
                            type="checkbox"
                            class="check__input"
                            id="webhook-enabled"
                            data-testid="webhook-enabled"
                            prop:checked=move || enabled.get()
                            on:change=move |ev| enabled.set(event_target_checked(&ev))
                        />
                        <label class="check__label" for="webhook-enabled">{i18n.text(Key::WebhookEnabledLabel)}</label>
                    </span>
                </div>
            </div>
            <FormError submission inline_fields=INLINE_FIELDS testid="webhook-error" />
            <div class="button-row">
                <button
                    type="submit"
                    class="button button--primary"
                    data-testid="webhook-submit"
                    disabled=move || submission.pending()
                >
                    {move || {
                        i18n.t(match (submission.pending(), editing_id) {
                            (true, _) => Key::Saving,
                            (false, Some(_)) => Key::WebhookSave,
                            (false, None) => Key::WebhookCreate,
                        })
                    }}
                </button>
                <button type="button" class="button button--ghost" data-testid="webhook-cancel" on:click=move |_| on_cancel.run(())>
                    {i18n.text(Key::Cancel)}
                </button>
            </div>
        </form>
    }
}

/// One group's checkboxes.
#[component]
fn EventChecks(group: EventGroup, events: RwSignal<Vec<EventKind>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="permission-group">
            <p class="permission-group__title">{move || group.name(i18n.locale())}</p>
            {group
                .kinds()
                .into_iter()
                .map(|kind| {
                    let id = format!("webhook-evento-{}", kind.as_str().replace(['.', '_'], "-"));
                    view! {
                        <span class="check">
                            <input
                                type="checkbox"
                                class="check__input"
                                id=id.clone()
                                value=kind.as_str()
                                data-testid="webhook-event"
                                prop:checked=move || events.with(|list| list.contains(&kind))
                                on:change=move |ev| {
                                    let checked = event_target_checked(&ev);
                                    events.update(|list| {
                                        list.retain(|k| *k != kind);
                                        if checked {
                                            list.push(kind);
                                        }
                                    });
                                }
                            />
                            <label class="check__label" for=id>
                                {move || webhooks::event_kind(i18n.locale(), kind)}
                            </label>
                        </span>
                    }
                })
                .collect_view()}
        </div>
    }
}
