//! `/gerenciar/empresas`: consultancies and their client companies, as a
//! tree. Creating and editing (CNPJ punctuated as typed and checked before
//! sending), deactivating and deleting; a company that still has clients
//! or work items cannot be deleted (`409`), so deactivating is offered.

use std::collections::HashMap;

use atende_types::companies::{Company, CompanyCreate, CompanyUpdate, Segment};
use gloo_net::http::Method;
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::{ApiFailure, Query, use_api};
use crate::components::company_tree::{Tree, display_name};
use crate::components::feedback::{Empty, FailureNotice, Loading};
use crate::components::forms::{ConfirmAction, FormError, Submission, TextField};
use crate::components::guard::RequirePermission;
use crate::components::layout::use_document_title;
use crate::format::{cnpj_as_typed, cnpj_problem};
use crate::i18n::{Key, use_i18n};
use crate::labels;
use crate::session::use_session;

/// `/gerenciar/empresas`.
#[component]
pub fn CompaniesPage() -> impl IntoView {
    use_document_title(Key::CompaniesTitle);
    view! {
        <RequirePermission any_of=&["companies.view"]>
            <Companies />
        </RequirePermission>
    }
}

/// The data every row and form needs.
#[derive(Clone, Copy)]
struct Shared {
    /// Segment names by id.
    segments: Signal<Vec<Segment>>,
    /// Every consultancy (unfiltered), for the "belongs to" choice.
    consultancies: Signal<Vec<Company>>,
    editing: RwSignal<Option<Uuid>>,
    /// Reload the list after a change.
    changed: Callback<()>,
}

#[component]
fn Companies() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let api = use_api();

    let search = RwSignal::new(String::new());
    let applied_search = RwSignal::new(String::new());
    let active = RwSignal::new(String::new());
    let version = RwSignal::new(0_u32);
    let companies = LocalResource::new(move || {
        version.track();
        let path = Query::new("/api/v1/companies")
            .param("q", &applied_search.get())
            .param("active", &active.get())
            .build();
        async move { api.get_all::<Company>(&path).await }
    });
    let consultancies = LocalResource::new(move || {
        version.track();
        async move {
            api.get_all::<Company>("/api/v1/companies?kind=consultancy")
                .await
        }
    });
    let segments = LocalResource::new(move || api.get_all::<Segment>("/api/v1/segments"));

    let creating = RwSignal::new(false);
    let shared = Shared {
        segments: Signal::derive(move || segments.get().and_then(Result::ok).unwrap_or_default()),
        consultancies: Signal::derive(move || {
            consultancies.get().and_then(Result::ok).unwrap_or_default()
        }),
        editing: RwSignal::new(None),
        changed: Callback::new(move |()| {
            creating.set(false);
            version.update(|v| *v = v.wrapping_add(1));
        }),
    };
    let retry = Callback::new(move |()| companies.refetch());

    view! {
        <div class="page">
            <header class="page__header page__header--actions">
                <div>
                    <h1 class="page__title" data-testid="page-title">
                        {move || i18n.t(Key::CompaniesTitle)}
                    </h1>
                    <p class="page__lead">{move || i18n.t(Key::CompaniesLead)}</p>
                </div>
                <Show when=move || session.can("companies.create") && !creating.get()>
                    <button
                        type="button"
                        class="button button--primary"
                        data-testid="company-create-open"
                        on:click=move |_| creating.set(true)
                    >
                        {move || i18n.t(Key::NewCompany)}
                    </button>
                </Show>
            </header>

            <Show when=move || creating.get()>
                <section class="card form-card" aria-labelledby="nova-empresa-titulo">
                    <h2 class="card__title" id="nova-empresa-titulo">
                        {move || i18n.t(Key::NewCompany)}
                    </h2>
                    <CompanyForm
                        company=None
                        shared
                        on_cancel=Callback::new(move |()| creating.set(false))
                    />
                </section>
            </Show>

            <form
                class="filters"
                role="search"
                aria-label=move || i18n.t(Key::Filters)
                on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    applied_search.set(search.get_untracked());
                }
            >
                <div class="field">
                    <label class="label" for="companies-q">{move || i18n.t(Key::Search)}</label>
                    <input
                        id="companies-q"
                        class="input"
                        type="search"
                        data-testid="companies-search"
                        placeholder=move || i18n.t(Key::CompaniesSearchPlaceholder)
                        prop:value=move || search.get()
                        on:input=move |ev| search.set(event_target_value(&ev))
                    />
                </div>
                <div class="field">
                    <label class="label" for="companies-active">{move || i18n.t(Key::Status)}</label>
                    <select
                        id="companies-active"
                        class="select"
                        data-testid="companies-active"
                        on:change=move |ev| active.set(event_target_value(&ev))
                    >
                        <option value="">{move || i18n.t(Key::AllStatuses)}</option>
                        <option value="true">{move || i18n.t(Key::ActiveFemininePlural)}</option>
                        <option value="false">{move || i18n.t(Key::InactiveFemininePlural)}</option>
                    </select>
                </div>
                <button type="submit" class="button button--secondary filters__submit" data-testid="companies-filter">
                    {move || i18n.t(Key::Filter)}
                </button>
            </form>

            {move || match companies.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(failure)) => view! { <FailureNotice failure on_retry=retry /> }.into_any(),
                Some(Ok(list)) if list.is_empty() => {
                    view! { <Empty text=Key::CompaniesEmpty testid="companies-empty" /> }.into_any()
                }
                Some(Ok(list)) => view! { <CompanyTable tree=Tree::new(list) shared /> }.into_any(),
            }}
        </div>
    }
}

/// The tree as a table: each consultancy, then its clients indented.
#[component]
fn CompanyTable(tree: Tree, shared: Shared) -> impl IntoView {
    let i18n = use_i18n();
    let mut rows = Vec::new();
    for branch in tree.branches {
        let parent = display_name(&branch.consultancy);
        rows.push((branch.consultancy, None));
        for client in branch.clients {
            rows.push((client, Some(parent.clone())));
        }
    }
    for orphan in tree.orphans {
        rows.push((orphan, Some(String::new())));
    }
    view! {
        <div class="table-wrap">
            <table class="table" data-testid="companies-table">
                <caption class="visually-hidden">{move || i18n.t(Key::CompaniesTitle)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{move || i18n.t(Key::Company)}</th>
                        <th scope="col">"CNPJ"</th>
                        <th scope="col">{move || i18n.t(Key::Segment)}</th>
                        <th scope="col">{move || i18n.t(Key::Status)}</th>
                        <th scope="col">
                            <span class="visually-hidden">{move || i18n.t(Key::Actions)}</span>
                        </th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|(company, parent)| view! { <CompanyRow company parent shared /> })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// One company; `parent` is its consultancy's name for a client (empty
/// when the consultancy is out of sight), `None` for a consultancy.
#[component]
fn CompanyRow(company: Company, parent: Option<String>, shared: Shared) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let api = use_api();
    let id = company.id;
    let is_client = parent.is_some();
    let segment_id = company.segment_id;
    let segment_name = move || {
        let names: HashMap<Uuid, String> = shared
            .segments
            .with(|list| list.iter().map(|s| (s.id, s.name.clone())).collect());
        segment_id
            .and_then(|id| names.get(&id).cloned())
            .unwrap_or_else(|| "—".to_owned())
    };
    let active = company.active;
    let action = Submission::new();
    // A refused deletion (409) offers deactivation instead.
    let conflict = RwSignal::new(false);

    let set_active = Callback::new(move |value: bool| {
        conflict.set(false);
        let update = CompanyUpdate {
            active: Some(value),
            ..CompanyUpdate::default()
        };
        action.run(
            async move {
                api.send_json::<_, Company>(
                    Method::PATCH,
                    &format!("/api/v1/companies/{id}"),
                    &update,
                )
                .await
            },
            move |_| shared.changed.run(()),
        );
    });
    let delete = Callback::new(move |()| {
        conflict.set(false);
        action.run(
            async move {
                let result = api
                    .send_empty::<()>(Method::DELETE, &format!("/api/v1/companies/{id}"))
                    .await;
                if let Err(failure) = &result
                    && failure.status() == Some(409)
                {
                    conflict.set(true);
                }
                result
            },
            move |()| shared.changed.run(()),
        );
    });
    let pending = Signal::derive(move || action.pending());
    let kind = company.kind.clone();
    let name = display_name(&company);
    let legal_name = company.legal_name.clone();
    let show_legal = name != legal_name;
    let parent_text = parent.clone().unwrap_or_default();
    let editor_company = company.clone();

    view! {
        <tr
            data-testid="company-row"
            data-kind=company.kind.clone()
            class:table__child=is_client
            class:table__row--muted=!active
        >
            <td>
                <span class="cell-title">
                    {is_client.then(|| view! { <span class="tree-mark" aria-hidden="true">"↳ "</span> })}
                    {name.clone()}
                </span>
                {show_legal.then(|| view! { <span class="cell-sub">{legal_name}</span> })}
                <span class="cell-sub">
                    {move || labels::company_kind(i18n.locale(), &kind)}
                    {(!parent_text.is_empty())
                        .then(|| {
                            let parent_text = parent_text.clone();
                            view! {
                                " · "
                                {move || i18n.t(Key::ClientOf)}
                                " "
                                {parent_text}
                            }
                        })}
                </span>
            </td>
            <td class="cell-mono" data-testid="company-row-cnpj">{company.cnpj.clone()}</td>
            <td>{segment_name}</td>
            <td>
                {if active {
                    view! { <span class="badge badge--success">{move || i18n.t(Key::StatusActiveFeminine)}</span> }
                        .into_any()
                } else {
                    view! { <span class="badge badge--neutral">{move || i18n.t(Key::StatusInactiveFeminine)}</span> }
                        .into_any()
                }}
            </td>
            <td class="cell-actions">
                <Show when=move || session.can("companies.edit")>
                    <button
                        type="button"
                        class="button button--secondary button--small"
                        data-testid="company-edit"
                        aria-expanded=move || (shared.editing.get() == Some(id)).to_string()
                        on:click=move |_| {
                            shared
                                .editing
                                .update(|open| *open = if *open == Some(id) { None } else { Some(id) })
                        }
                    >
                        {move || i18n.t(Key::Edit)}
                    </button>
                    <button
                        type="button"
                        class="button button--secondary button--small"
                        data-testid="company-toggle-active"
                        disabled=move || pending.get()
                        on:click=move |_| set_active.run(!active)
                    >
                        {move || i18n.t(if active { Key::Deactivate } else { Key::Reactivate })}
                    </button>
                </Show>
                <Show when=move || session.can("companies.delete")>
                    <ConfirmAction
                        label=Key::Delete
                        question=Key::DeleteCompanyQuestion
                        confirm=Key::DeleteForGood
                        on_confirm=delete
                        pending
                        danger=true
                        testid="company-delete"
                    />
                </Show>
            </td>
        </tr>
        {move || {
            let failure = action.failure();
            let in_conflict = conflict.get();
            (failure.is_some() || in_conflict)
                .then(|| {
                    view! {
                        <tr class="table__detail">
                            <td colspan="5">
                                <CompanyActionProblem
                                    failure
                                    in_conflict
                                    active
                                    pending
                                    deactivate=Callback::new(move |()| set_active.run(false))
                                />
                            </td>
                        </tr>
                    }
                })
        }}
        {move || {
            (shared.editing.get() == Some(id))
                .then(|| {
                    view! {
                        <tr class="table__detail">
                            <td colspan="5">
                                <CompanyForm
                                    company=Some(editor_company.clone())
                                    shared
                                    on_cancel=Callback::new(move |()| shared.editing.set(None))
                                />
                            </td>
                        </tr>
                    }
                })
        }}
    }
}

/// What went wrong with deactivating or deleting; for a company that cannot
/// be deleted, the offer to deactivate it.
#[component]
fn CompanyActionProblem(
    failure: Option<ApiFailure>,
    in_conflict: bool,
    active: bool,
    pending: Signal<bool>,
    deactivate: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    if in_conflict {
        view! {
            <div class="notice notice--warning" role="alert" data-testid="company-delete-conflict">
                <p class="notice__message">{move || i18n.t(Key::CompanyDeleteConflict)}</p>
                {active
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="button button--secondary notice__action"
                                data-testid="company-deactivate-instead"
                                disabled=move || pending.get()
                                on:click=move |_| deactivate.run(())
                            >
                                {move || i18n.t(Key::DeactivateInstead)}
                            </button>
                        }
                    })}
            </div>
        }
        .into_any()
    } else {
        failure
            .map(|failure| view! { <FailureNotice failure /> })
            .into_any()
    }
}

/// Creating (`company = None`) or editing a company.
#[component]
fn CompanyForm(company: Option<Company>, shared: Shared, on_cancel: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let editing_id = company.as_ref().map(|c| c.id);
    let kind = RwSignal::new(
        company
            .as_ref()
            .map_or_else(|| "client".to_owned(), |c| c.kind.clone()),
    );
    let consultancy_id = RwSignal::new(
        company
            .as_ref()
            .and_then(|c| c.consultancy_id)
            .map(|id| id.to_string())
            .unwrap_or_default(),
    );
    let legal_name = RwSignal::new(
        company
            .as_ref()
            .map(|c| c.legal_name.clone())
            .unwrap_or_default(),
    );
    let trade_name = RwSignal::new(
        company
            .as_ref()
            .and_then(|c| c.trade_name.clone())
            .unwrap_or_default(),
    );
    let cnpj = RwSignal::new(
        company
            .as_ref()
            .map(|c| cnpj_as_typed(&c.cnpj))
            .unwrap_or_default(),
    );
    let segment_id = RwSignal::new(
        company
            .as_ref()
            .and_then(|c| c.segment_id)
            .map(|id| id.to_string())
            .unwrap_or_default(),
    );
    let submission = Submission::new();
    let prefix = if editing_id.is_some() { "edit" } else { "new" };

    // The CNPJ is checked as soon as it is complete; the server checks it
    // again.
    let cnpj_error = {
        let server = submission.field_error("cnpj");
        Signal::derive(move || {
            let typed = cnpj.get();
            let complete = typed.chars().filter(char::is_ascii_alphanumeric).count() == 14;
            if complete && let Some(key) = cnpj_problem(&typed) {
                return Some(i18n.t(key).to_owned());
            }
            server.get()
        })
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let legal = legal_name.get_untracked().trim().to_owned();
        let trade = trade_name.get_untracked().trim().to_owned();
        let typed_cnpj = cnpj.get_untracked();
        let segment = segment_id.get_untracked().parse::<Uuid>().ok();
        if legal.is_empty() {
            submission.complain(Some("legal_name"), Key::LegalNameRequired);
            return;
        }
        if let Some(key) = cnpj_problem(&typed_cnpj) {
            submission.complain(Some("cnpj"), key);
            return;
        }
        let trade = (!trade.is_empty()).then_some(trade);
        let done = move |_: Company| {
            shared.editing.set(None);
            shared.changed.run(());
        };
        match editing_id {
            Some(id) => {
                let update = CompanyUpdate {
                    legal_name: Some(legal),
                    trade_name: Some(trade),
                    cnpj: Some(typed_cnpj),
                    segment_id: Some(segment),
                    active: None,
                };
                submission.run(
                    async move {
                        api.send_json::<_, Company>(
                            Method::PATCH,
                            &format!("/api/v1/companies/{id}"),
                            &update,
                        )
                        .await
                    },
                    done,
                );
            }
            None => {
                let is_client = kind.get_untracked() == "client";
                let parent = consultancy_id.get_untracked().parse::<Uuid>().ok();
                if is_client && parent.is_none() {
                    submission.complain(Some("consultancy_id"), Key::ConsultancyRequired);
                    return;
                }
                let create = CompanyCreate {
                    kind: kind.get_untracked(),
                    consultancy_id: if is_client { parent } else { None },
                    legal_name: legal,
                    trade_name: trade,
                    cnpj: typed_cnpj,
                    segment_id: segment,
                };
                submission.run(
                    async move {
                        api.send_json::<_, Company>(Method::POST, "/api/v1/companies", &create)
                            .await
                    },
                    done,
                );
            }
        }
    };

    let consultancy_error = submission.field_error("consultancy_id");
    view! {
        <form class="form" on:submit=on_submit novalidate data-testid="company-form">
            {editing_id
                .is_none()
                .then(|| {
                    view! {
                        <fieldset class="fieldset fieldset--inline">
                            <legend class="label">{move || i18n.t(Key::CompanyKind)}</legend>
                            {["consultancy", "client"]
                                .into_iter()
                                .map(|value| {
                                    let id = format!("company-kind-{value}");
                                    view! {
                                        <span class="check">
                                            <input
                                                type="radio"
                                                class="check__input"
                                                name="company-kind"
                                                id=id.clone()
                                                data-testid=id.clone()
                                                value=value
                                                prop:checked=move || kind.get() == value
                                                on:change=move |_| kind.set(value.to_owned())
                                            />
                                            <label class="check__label" for=id>
                                                {move || labels::company_kind(i18n.locale(), value)}
                                            </label>
                                        </span>
                                    }
                                })
                                .collect_view()}
                        </fieldset>
                        <Show when=move || kind.get() == "client">
                            <div class="field">
                                <label class="label" for="company-consultancy">
                                    {move || i18n.t(Key::Consultancy)}
                                </label>
                                <select
                                    id="company-consultancy"
                                    class="select"
                                    data-testid="company-consultancy"
                                    aria-invalid=move || consultancy_error.with(Option::is_some).then_some("true")
                                    aria-describedby="company-consultancy-erro"
                                    on:change=move |ev| consultancy_id.set(event_target_value(&ev))
                                >
                                    <option value="">{move || i18n.t(Key::ChooseOne)}</option>
                                    {move || {
                                        let mut list = shared.consultancies.get();
                                        list.sort_by_key(|c| display_name(c).to_lowercase());
                                        list.into_iter()
                                            .map(|c| {
                                                let value = c.id.to_string();
                                                let selected = value.clone();
                                                view! {
                                                    <option
                                                        value=value
                                                        prop:selected=move || consultancy_id.get() == selected
                                                    >
                                                        {display_name(&c)}
                                                    </option>
                                                }
                                            })
                                            .collect_view()
                                    }}
                                </select>
                                <p class="field-error" id="company-consultancy-erro">
                                    {move || consultancy_error.get()}
                                </p>
                            </div>
                        </Show>
                    }
                })}
            <div class="form-grid">
                <TextField
                    id=if editing_id.is_some() { "edit-company-legal-name" } else { "company-legal-name" }
                    label=Key::LegalName
                    value=legal_name
                    testid="company-legal-name"
                    error=submission.field_error("legal_name")
                    required=true
                />
                <TextField
                    id=if editing_id.is_some() { "edit-company-trade-name" } else { "company-trade-name" }
                    label=Key::TradeName
                    value=trade_name
                    testid="company-trade-name"
                    error=submission.field_error("trade_name")
                />
                <TextField
                    id=if editing_id.is_some() { "edit-company-cnpj" } else { "company-cnpj" }
                    label=Key::Cnpj
                    value=cnpj
                    inputmode="text"
                    autocomplete="off"
                    maxlength=18
                    placeholder="11.222.333/0001-81"
                    testid="company-cnpj"
                    hint=Key::CnpjHint
                    error=cnpj_error
                    required=true
                    transform=Callback::new(|typed: String| cnpj_as_typed(&typed))
                />
                <div class="field">
                    <label class="label" for=format!("{prefix}-company-segment")>
                        {move || i18n.t(Key::Segment)}
                    </label>
                    <select
                        id=format!("{prefix}-company-segment")
                        class="select"
                        data-testid="company-segment"
                        on:change=move |ev| segment_id.set(event_target_value(&ev))
                    >
                        <option value="">{move || i18n.t(Key::NoSegment)}</option>
                        {move || {
                            shared
                                .segments
                                .get()
                                .into_iter()
                                .map(|s| {
                                    let value = s.id.to_string();
                                    let selected = value.clone();
                                    view! {
                                        <option value=value prop:selected=move || segment_id.get() == selected>
                                            {s.name}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                </div>
            </div>
            <FormError
                submission
                inline_fields=&["legal_name", "trade_name", "cnpj", "consultancy_id"]
                testid="company-error"
            />
            <div class="button-row">
                <button
                    type="submit"
                    class="button button--primary"
                    data-testid="company-submit"
                    disabled=move || submission.pending()
                >
                    {move || i18n.t(if submission.pending() { Key::Saving } else { Key::Save })}
                </button>
                <button type="button" class="button button--ghost" on:click=move |_| on_cancel.run(())>
                    {move || i18n.t(Key::Cancel)}
                </button>
            </div>
        </form>
    }
}
