//! `/gerenciar/tokens`: API tokens for integrations (CRM/ERP). A new
//! token's secret is shown once; tokens can be revoked.

use atende_core::permissions::Permission;
use atende_types::{
    api_tokens::{ApiToken, ApiTokenCreate, ApiTokenCreated},
    companies::Company,
};
use gloo_net::http::Method;
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::use_api;
use crate::components::company_tree::{CompanyChecklist, display_name};
use crate::components::feedback::{Empty, FailureNotice, Loading};
use crate::components::forms::{
    ConfirmAction, CopyButton, DateInput, FormError, Submission, TextField,
};
use crate::components::guard::RequirePermission;
use crate::components::layout::use_document_title;
use crate::components::paged::{LoadState, Paged, PagedFooter};
use crate::format;
use crate::i18n::{Key, use_i18n};
use crate::labels;
use crate::session::use_session;

/// `/gerenciar/tokens`.
#[component]
pub fn ApiTokensPage() -> impl IntoView {
    use_document_title(Key::ApiTokensTitle);
    view! {
        <RequirePermission any_of=&["api_tokens.manage"]>
            <ApiTokens />
        </RequirePermission>
    }
}

#[component]
fn ApiTokens() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let tokens = Paged::<ApiToken>::new(api);
    tokens.load("/api/v1/api-tokens".to_owned());
    let companies = LocalResource::new(move || api.get_all::<Company>("/api/v1/companies"));
    let creating = RwSignal::new(false);
    let created = RwSignal::new(None::<ApiTokenCreated>);

    let on_created = Callback::new(move |token: ApiTokenCreated| {
        creating.set(false);
        created.set(Some(token));
        tokens.reload();
    });

    view! {
        <div class="page">
            <header class="page__header page__header--actions">
                <div>
                    <h1 class="page__title" data-testid="page-title">
                        {move || i18n.t(Key::ApiTokensTitle)}
                    </h1>
                    <p class="page__lead">{move || i18n.t(Key::ApiTokensLead)}</p>
                </div>
                <Show when=move || !creating.get()>
                    <button
                        type="button"
                        class="button button--primary"
                        data-testid="api-token-create-open"
                        on:click=move |_| {
                            created.set(None);
                            creating.set(true);
                        }
                    >
                        {move || i18n.t(Key::NewApiToken)}
                    </button>
                </Show>
            </header>
            {move || {
                created
                    .get()
                    .map(|token| {
                        let secret = token.token.clone();
                        view! {
                            <section class="card card--highlight" data-testid="api-token-created" aria-labelledby="token-criado-titulo">
                                <h2 class="card__title" id="token-criado-titulo">
                                    {move || i18n.t(Key::ApiTokenCreatedTitle)}
                                    ": "
                                    {token.api_token.name.clone()}
                                </h2>
                                <div class="notice notice--warning" role="status">
                                    <p class="notice__message">{move || i18n.t(Key::ApiTokenShownOnce)}</p>
                                </div>
                                <div class="input-group">
                                    <code class="secret secret--block" data-testid="api-token-secret">
                                        {token.token.clone()}
                                    </code>
                                    <CopyButton text=Signal::derive(move || secret.clone()) testid="api-token-copy" />
                                </div>
                                <button type="button" class="button button--ghost" on:click=move |_| created.set(None)>
                                    {move || i18n.t(Key::ApiTokenSavedClose)}
                                </button>
                            </section>
                        }
                    })
            }}
            <Show when=move || creating.get()>
                {move || match companies.get() {
                    None => view! { <Loading /> }.into_any(),
                    Some(list) => {
                        view! {
                            <ApiTokenForm
                                companies=list.unwrap_or_default()
                                on_created
                                on_cancel=Callback::new(move |()| creating.set(false))
                            />
                        }
                            .into_any()
                    }
                }}
            </Show>
            <Show
                when=move || !tokens.is_empty()
                fallback=|| view! { <Empty text=Key::ApiTokensEmpty testid="api-tokens-empty" /> }
            >
                <Show when=move || tokens.state() != LoadState::Loading>
                    <div class="table-wrap">
                        <table class="table" data-testid="api-tokens-table">
                            <caption class="visually-hidden">{move || i18n.t(Key::ApiTokensTitle)}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{move || i18n.t(Key::Name)}</th>
                                    <th scope="col">{move || i18n.t(Key::Permissions)}</th>
                                    <th scope="col">{move || i18n.t(Key::Companies)}</th>
                                    <th scope="col">{move || i18n.t(Key::CreatedAt)}</th>
                                    <th scope="col">{move || i18n.t(Key::LastUsedAt)}</th>
                                    <th scope="col">{move || i18n.t(Key::Status)}</th>
                                    <th scope="col">
                                        <span class="visually-hidden">{move || i18n.t(Key::Actions)}</span>
                                    </th>
                                </tr>
                            </thead>
                            <tbody>
                                <For
                                    each=move || tokens.items()
                                    key=|token| (token.id, token.revoked_at)
                                    let:token
                                >
                                    <ApiTokenRow
                                        token
                                        companies=Signal::derive(move || {
                                            companies.get().and_then(Result::ok).unwrap_or_default()
                                        })
                                        on_changed=Callback::new(move |()| tokens.reload())
                                    />
                                </For>
                            </tbody>
                        </table>
                    </div>
                </Show>
            </Show>
            <PagedFooter paged=tokens testid="api-tokens-load-more" />
        </div>
    }
}

#[component]
fn ApiTokenRow(
    token: ApiToken,
    companies: Signal<Vec<Company>>,
    on_changed: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let api = use_api();
    let id = token.id;
    let action = Submission::new();
    let revoke = Callback::new(move |()| {
        action.run(
            async move {
                api.send_empty::<()>(Method::DELETE, &format!("/api/v1/api-tokens/{id}"))
                    .await
            },
            move |()| on_changed.run(()),
        );
    });
    let pending = Signal::derive(move || action.pending());
    let zone = move || session.time_zone();
    let permissions = token.permissions.clone();
    let permission_names = move || {
        permissions
            .iter()
            .map(|p| labels::permission_name(i18n.locale(), p))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let linked = token.company_ids.clone();
    let company_names = move || {
        if linked.is_empty() {
            return i18n.t(Key::AllCompanies).to_owned();
        }
        companies.with(|list| {
            linked
                .iter()
                .map(|id| {
                    list.iter()
                        .find(|c| c.id == *id)
                        .map_or_else(|| id.to_string(), display_name)
                })
                .collect::<Vec<_>>()
                .join(", ")
        })
    };
    let created_at = token.created_at;
    let last_used = token.last_used_at;
    let expires = token.expires_at;
    let revoked = token.revoked_at.is_some();
    view! {
        <tr data-testid="api-token-row" class:table__row--muted=revoked>
            <td>
                <span class="cell-title">{token.name.clone()}</span>
                <span class="cell-sub cell-mono">{token.prefix.clone()} "…"</span>
            </td>
            <td class="cell-wrap">{permission_names}</td>
            <td>{company_names}</td>
            <td>{move || format::datetime(&created_at, &zone())}</td>
            <td>
                {move || last_used.map_or_else(|| "—".to_owned(), |at| format::datetime(&at, &zone()))}
            </td>
            <td>
                {if revoked {
                    view! { <span class="badge badge--neutral">{move || i18n.t(Key::Revoked)}</span> }.into_any()
                } else {
                    view! {
                        <span class="badge badge--success">{move || i18n.t(Key::StatusActive)}</span>
                        {expires
                            .map(|at| {
                                view! {
                                    <span class="cell-sub">
                                        {move || i18n.t(Key::Expires)}
                                        " "
                                        {move || format::date(&at, &zone())}
                                    </span>
                                }
                            })}
                    }
                        .into_any()
                }}
            </td>
            <td class="cell-actions">
                {(!revoked)
                    .then(|| {
                        view! {
                            <ConfirmAction
                                label=Key::Revoke
                                question=Key::RevokeQuestion
                                confirm=Key::Revoke
                                on_confirm=revoke
                                pending
                                danger=true
                                testid="api-token-revoke"
                            />
                        }
                    })}
            </td>
        </tr>
        {move || {
            action
                .failure()
                .map(|failure| {
                    view! {
                        <tr class="table__detail">
                            <td colspan="7">
                                <FailureNotice failure />
                            </td>
                        </tr>
                    }
                })
        }}
    }
}

#[component]
fn ApiTokenForm(
    companies: Vec<Company>,
    on_created: Callback<ApiTokenCreated>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let api = use_api();
    let name = RwSignal::new(String::new());
    let expires = RwSignal::new(String::new());
    let permissions = RwSignal::new(Vec::<String>::new());
    let company_ids = RwSignal::new(Vec::<Uuid>::new());
    let submission = Submission::new();
    let expires_error = submission.field_error("expires_at");

    // The permission catalogue, grouped like the matrix.
    let mut groups: Vec<(&'static str, Vec<&'static str>)> = Vec::new();
    for permission in Permission::ALL {
        match groups.iter_mut().find(|(g, _)| *g == permission.group()) {
            Some((_, names)) => names.push(permission.name()),
            None => groups.push((permission.group(), vec![permission.name()])),
        }
    }

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed_name = name.get_untracked().trim().to_owned();
        if typed_name.is_empty() {
            submission.complain(Some("name"), Key::NameRequired);
            return;
        }
        let chosen = permissions.get_untracked();
        if chosen.is_empty() {
            submission.complain(Some("permissions"), Key::PermissionsRequired);
            return;
        }
        let expires_at = format::parse_date_input(&expires.get_untracked())
            .map(|day| format::day_end(day, &session.time_zone()));
        let create = ApiTokenCreate {
            name: typed_name,
            permissions: chosen,
            company_ids: company_ids.get_untracked(),
            expires_at,
        };
        submission.run(
            async move {
                api.send_json::<_, ApiTokenCreated>(Method::POST, "/api/v1/api-tokens", &create)
                    .await
            },
            move |created| on_created.run(created),
        );
    };
    let permissions_error = submission.field_error("permissions");

    view! {
        <section class="card form-card" aria-labelledby="novo-token-titulo">
            <h2 class="card__title" id="novo-token-titulo">
                {move || i18n.t(Key::NewApiToken)}
            </h2>
            <form class="form" on:submit=on_submit novalidate>
                <div class="form-grid">
                    <TextField
                        id="api-token-name"
                        label=Key::Name
                        value=name
                        autocomplete="off"
                        testid="api-token-name"
                        hint=Key::ApiTokenNameHint
                        error=submission.field_error("name")
                        required=true
                        autofocus=true
                    />
                    <div class="field">
                        <label class="label" for="api-token-expires">{move || i18n.t(Key::ExpiresOn)}</label>
                        <DateInput
                            id="api-token-expires"
                            value=expires
                            on_change=Callback::new(move |v| expires.set(v))
                            testid="api-token-expires"
                            invalid=Signal::derive(move || expires_error.with(Option::is_some))
                            described_by="api-token-expires-dica"
                        />
                        <p class="hint" id="api-token-expires-dica">{move || i18n.t(Key::ApiTokenExpiresHint)}</p>
                        {move || expires_error.get().map(|m| view! { <p class="field-error">{m}</p> })}
                    </div>
                </div>
                <fieldset
                    class="fieldset"
                    aria-describedby="api-token-permissions-erro"
                    data-testid="api-token-permissions"
                >
                    <legend class="label">{move || i18n.t(Key::Permissions)}</legend>
                    <p class="hint">{move || i18n.t(Key::ApiTokenPermissionsHint)}</p>
                    <div class="permission-groups">
                        {groups
                            .into_iter()
                            .map(|(group, names)| {
                                view! {
                                    <div class="permission-group">
                                        <p class="permission-group__title">
                                            {move || labels::group_name(i18n.locale(), group)}
                                        </p>
                                        {names
                                            .into_iter()
                                            .map(|permission| {
                                                let id = format!("token-permission-{}", permission.replace('.', "-"));
                                                view! {
                                                    <span class="check">
                                                        <input
                                                            type="checkbox"
                                                            class="check__input"
                                                            id=id.clone()
                                                            value=permission
                                                            prop:checked=move || {
                                                                permissions.with(|p| p.iter().any(|x| x == permission))
                                                            }
                                                            on:change=move |ev| {
                                                                let checked = event_target_checked(&ev);
                                                                permissions
                                                                    .update(|list| {
                                                                        list.retain(|x| x != permission);
                                                                        if checked {
                                                                            list.push(permission.to_owned());
                                                                        }
                                                                    });
                                                            }
                                                        />
                                                        <label class="check__label" for=id>
                                                            {move || labels::permission_name(i18n.locale(), permission)}
                                                        </label>
                                                    </span>
                                                }
                                            })
                                            .collect_view()}
                                    </div>
                                }
                            })
                            .collect_view()}
                    </div>
                    <p class="field-error" id="api-token-permissions-erro">
                        {move || permissions_error.get()}
                    </p>
                </fieldset>
                <CompanyChecklist
                    companies
                    selected=company_ids
                    legend=Key::Companies
                    hint=Key::ApiTokenCompaniesHint
                    id_prefix="token-company"
                />
                <FormError
                    submission
                    inline_fields=&["name", "expires_at", "permissions"]
                    testid="api-token-error"
                />
                <div class="button-row">
                    <button
                        type="submit"
                        class="button button--primary"
                        data-testid="api-token-submit"
                        disabled=move || submission.pending()
                    >
                        {move || i18n.t(if submission.pending() { Key::Saving } else { Key::CreateToken })}
                    </button>
                    <button type="button" class="button button--ghost" on:click=move |_| on_cancel.run(())>
                        {move || i18n.t(Key::Cancel)}
                    </button>
                </div>
            </form>
        </section>
    }
}
