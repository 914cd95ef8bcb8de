//! `/gerenciar/usuarios`: the people who use Atende. Administrators invite
//! them (the invitation link is shown to be copied and sent), change their
//! role, companies and status, reset their MFA, send a new invitation, and
//! delete them.

use std::collections::HashMap;

use atende_core::permissions::Role;
use atende_types::{
    auth::Invitation,
    companies::Company,
    users::{User, UserCreate, UserInvited, UserUpdate},
};
use gloo_net::http::Method;
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::{Query, use_api};
use crate::components::company_tree::{CompanyChecklist, display_name};
use crate::components::feedback::{Empty, FailureNotice, Loading};
use crate::components::forms::{ConfirmAction, CopyButton, FormError, Submission, TextField};
use crate::components::guard::RequirePermission;
use crate::components::layout::{USERS_PERMISSIONS, use_document_title};
use crate::components::paged::{LoadState, Paged, PagedFooter};
use crate::format;
use crate::i18n::{Key, use_i18n};
use crate::labels;
use crate::session::use_session;

/// `/gerenciar/usuarios`.
#[component]
pub fn UsersPage() -> impl IntoView {
    use_document_title(Key::UsersTitle);
    view! {
        <RequirePermission any_of=USERS_PERMISSIONS>
            <Users />
        </RequirePermission>
    }
}

/// A link to show: for whom, and the invitation.
type ShownInvitation = (String, Invitation);

#[component]
fn Users() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let api = use_api();

    let search = RwSignal::new(String::new());
    let applied_search = RwSignal::new(String::new());
    let role = RwSignal::new(String::new());
    let active = RwSignal::new(String::new());
    let path = Memo::new(move |_| {
        Query::new("/api/v1/users")
            .param("q", &applied_search.get())
            .param("role", &role.get())
            .param("active", &active.get())
            .build()
    });
    let users = Paged::<User>::new(api);
    Effect::new(move |_| users.load(path.get()));

    // Every company, for the names in the list and the link checkboxes.
    let companies = LocalResource::new(move || api.get_all::<Company>("/api/v1/companies"));
    let company_list = move || companies.get().and_then(Result::ok).unwrap_or_default();

    let inviting = RwSignal::new(false);
    let shown_invitation = RwSignal::new(None::<ShownInvitation>);
    let editing = RwSignal::new(None::<Uuid>);

    let on_invited = Callback::new(move |invited: UserInvited| {
        inviting.set(false);
        shown_invitation.set(Some((invited.user.name, invited.invitation)));
        users.reload();
    });
    let on_invitation = Callback::new(move |shown: ShownInvitation| {
        shown_invitation.set(Some(shown));
    });
    let on_changed = Callback::new(move |()| {
        editing.set(None);
        users.reload();
    });

    view! {
        <div class="page">
            <header class="page__header page__header--actions">
                <div>
                    <h1 class="page__title" data-testid="page-title">
                        {move || i18n.t(Key::UsersTitle)}
                    </h1>
                    <p class="page__lead">{move || i18n.t(Key::UsersLead)}</p>
                </div>
                <Show when=move || session.can("users.create") && !inviting.get()>
                    <button
                        type="button"
                        class="button button--primary"
                        data-testid="user-invite-open"
                        on:click=move |_| {
                            shown_invitation.set(None);
                            inviting.set(true);
                        }
                    >
                        {move || i18n.t(Key::InviteUser)}
                    </button>
                </Show>
            </header>

            {move || {
                shown_invitation
                    .get()
                    .map(|(name, invitation)| {
                        view! {
                            <InvitationLink
                                name
                                invitation
                                on_close=Callback::new(move |()| shown_invitation.set(None))
                            />
                        }
                    })
            }}

            <Show when=move || inviting.get()>
                {move || match companies.get() {
                    None => view! { <Loading /> }.into_any(),
                    Some(list) => {
                        view! {
                            <InviteForm
                                companies=list.unwrap_or_default()
                                on_invited
                                on_cancel=Callback::new(move |()| inviting.set(false))
                            />
                        }
                            .into_any()
                    }
                }}
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
                    <label class="label" for="users-q">{move || i18n.t(Key::Search)}</label>
                    <input
                        id="users-q"
                        class="input"
                        type="search"
                        data-testid="users-search"
                        placeholder=move || i18n.t(Key::UsersSearchPlaceholder)
                        prop:value=move || search.get()
                        on:input=move |ev| search.set(event_target_value(&ev))
                    />
                </div>
                <div class="field">
                    <label class="label" for="users-role">{move || i18n.t(Key::Role)}</label>
                    <select
                        id="users-role"
                        class="select"
                        data-testid="users-role"
                        on:change=move |ev| role.set(event_target_value(&ev))
                    >
                        <option value="">{move || i18n.t(Key::AllRoles)}</option>
                        {labels::roles()
                            .map(|r| {
                                view! {
                                    <option value=r>{move || labels::role_name(i18n.locale(), r)}</option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label class="label" for="users-active">{move || i18n.t(Key::Status)}</label>
                    <select
                        id="users-active"
                        class="select"
                        data-testid="users-active"
                        on:change=move |ev| active.set(event_target_value(&ev))
                    >
                        <option value="">{move || i18n.t(Key::AllStatuses)}</option>
                        <option value="true">{move || i18n.t(Key::ActivePlural)}</option>
                        <option value="false">{move || i18n.t(Key::InactivePlural)}</option>
                    </select>
                </div>
                <button type="submit" class="button button--secondary filters__submit" data-testid="users-filter">
                    {move || i18n.t(Key::Filter)}
                </button>
            </form>

            <Show
                when=move || !users.is_empty()
                fallback=|| view! { <Empty text=Key::UsersEmpty testid="users-empty" /> }
            >
                <Show when=move || users.state() != LoadState::Loading>
                    <div class="table-wrap">
                        <table class="table" data-testid="users-table">
                            <caption class="visually-hidden">{move || i18n.t(Key::UsersTitle)}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{move || i18n.t(Key::Name)}</th>
                                    <th scope="col">{move || i18n.t(Key::Role)}</th>
                                    <th scope="col">{move || i18n.t(Key::Companies)}</th>
                                    <th scope="col">{move || i18n.t(Key::Status)}</th>
                                    <th scope="col">"MFA"</th>
                                    <th scope="col">
                                        <span class="visually-hidden">{move || i18n.t(Key::Actions)}</span>
                                    </th>
                                </tr>
                            </thead>
                            <tbody>
                                <For
                                    each=move || users.items()
                                    key=|user| (user.id, user.updated_at)
                                    let:user
                                >
                                    <UserRow
                                        user
                                        companies=Signal::derive(company_list)
                                        editing
                                        on_changed
                                        on_invitation
                                    />
                                </For>
                            </tbody>
                        </table>
                    </div>
                </Show>
            </Show>
            <PagedFooter paged=users testid="users-load-more" />
        </div>
    }
}

/// How a user's state is shown: text and badge colour.
fn user_status(user: &User) -> (Key, &'static str) {
    if !user.active {
        (Key::StatusInactive, "badge--neutral")
    } else if !user.has_password {
        (Key::StatusInvited, "badge--warning")
    } else if user.locked_until.is_some() {
        (Key::StatusLocked, "badge--danger")
    } else {
        (Key::StatusActive, "badge--success")
    }
}

/// One user, and their editor below when open.
#[component]
fn UserRow(
    user: User,
    companies: Signal<Vec<Company>>,
    editing: RwSignal<Option<Uuid>>,
    on_changed: Callback<()>,
    on_invitation: Callback<ShownInvitation>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let id = user.id;
    let (status, badge) = user_status(&user);
    let role = user.role.clone();
    let linked = user.company_ids.clone();
    let company_names = move || {
        let names: HashMap<Uuid, String> = companies.with(|list| {
            list.iter()
                .map(|company| (company.id, display_name(company)))
                .collect()
        });
        let shown: Vec<String> = linked
            .iter()
            .map(|id| names.get(id).cloned().unwrap_or_else(|| id.to_string()))
            .collect();
        if shown.is_empty() {
            "—".to_owned()
        } else {
            shown.join(", ")
        }
    };
    let editor_user = user.clone();
    view! {
        <tr data-testid="user-row" data-email=user.email.clone()>
            <td>
                <span class="cell-title">{user.name.clone()}</span>
                <span class="cell-sub">{user.email.clone()}</span>
            </td>
            <td>{move || labels::role_name(i18n.locale(), &role)}</td>
            <td>{company_names}</td>
            <td>
                <span class=format!("badge {badge}") data-testid="user-status">
                    {move || i18n.t(status)}
                </span>
            </td>
            <td>
                {move || i18n.t(if user.mfa_enabled { Key::MfaOn } else { Key::MfaOff })}
            </td>
            <td class="cell-actions">
                <Show when=move || session.can("users.edit") || session.can("users.delete")>
                    <button
                        type="button"
                        class="button button--secondary button--small"
                        data-testid="user-edit"
                        aria-expanded=move || (editing.get() == Some(id)).to_string()
                        on:click=move |_| {
                            editing.update(|open| *open = if *open == Some(id) { None } else { Some(id) })
                        }
                    >
                        {move || i18n.t(Key::Edit)}
                    </button>
                </Show>
            </td>
        </tr>
        {move || {
            (editing.get() == Some(id))
                .then(|| {
                    view! {
                        <tr class="table__detail">
                            <td colspan="6">
                                <UserEditor
                                    user=editor_user.clone()
                                    companies=companies.get_untracked()
                                    on_changed
                                    on_invitation
                                    on_close=Callback::new(move |()| editing.set(None))
                                />
                            </td>
                        </tr>
                    }
                })
        }}
    }
}

/// The invitation link, to copy and send to the new user.
#[component]
fn InvitationLink(name: String, invitation: Invitation, on_close: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let origin = window().location().origin().unwrap_or_default();
    let link = format!("{origin}{}", invitation.url);
    let expires = format::datetime(&invitation.expires_at, &session.time_zone());
    let copy_text = link.clone();
    view! {
        <section class="card card--highlight" aria-labelledby="convite-titulo" data-testid="invitation-panel">
            <h2 class="card__title" id="convite-titulo">
                {move || i18n.t(Key::InvitationCreatedTitle)}
                ": "
                {name}
            </h2>
            <p>{move || i18n.t(Key::InvitationCreatedText)}</p>
            <div class="field">
                <label class="label" for="invite-link">{move || i18n.t(Key::InvitationLink)}</label>
                <div class="input-group">
                    <input
                        id="invite-link"
                        class="input input--mono"
                        type="text"
                        readonly
                        data-testid="invite-link"
                        prop:value=link
                        on:focus=move |ev| {
                            use wasm_bindgen::JsCast;
                            if let Some(input) = ev
                                .target()
                                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                            {
                                input.select();
                            }
                        }
                    />
                    <CopyButton text=Signal::derive(move || copy_text.clone()) testid="invite-link-copy" />
                </div>
                <p class="hint">{move || i18n.t(Key::InvitationExpires)} ": " {expires}</p>
            </div>
            <button type="button" class="button button--ghost" on:click=move |_| on_close.run(())>
                {move || i18n.t(Key::Close)}
            </button>
        </section>
    }
}

/// The roles the form offers. A manager limited to their companies
/// ("limitado") may only give client roles, so only those are offered;
/// `current` stays listed so an existing user's role shows.
fn role_options(
    i18n: crate::i18n::I18n,
    selected: RwSignal<String>,
    permission: &'static str,
    current: Option<String>,
) -> impl IntoView {
    let session = use_session();
    let limited = untrack(|| session.reach(permission)).as_deref() == Some("linked");
    // A new user: the least privileged role first (and chosen), so an
    // invitation never makes an administrator by default.
    let mut roles: Vec<&'static str> = labels::roles().collect();
    if current.is_none() {
        roles.reverse();
    }
    roles
        .into_iter()
        .filter(|r| {
            !limited
                || current.as_deref() == Some(*r)
                || Role::parse(r).is_some_and(Role::is_client)
        })
        .map(|r| {
            view! {
                <option value=r prop:selected=move || selected.get() == r>
                    {move || labels::role_name(i18n.locale(), r)}
                </option>
            }
        })
        .collect_view()
}

/// Inviting a new user.
#[component]
fn InviteForm(
    companies: Vec<Company>,
    on_invited: Callback<UserInvited>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let role = RwSignal::new("client".to_owned());
    let company_ids = RwSignal::new(Vec::<Uuid>::new());
    let submission = Submission::new();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let create = UserCreate {
            name: name.get_untracked().trim().to_owned(),
            email: email.get_untracked().trim().to_owned(),
            role: role.get_untracked(),
            company_ids: company_ids.get_untracked(),
            locale: None,
            time_zone: None,
        };
        if create.name.is_empty() {
            submission.complain(Some("name"), Key::NameRequired);
            return;
        }
        if create.email.is_empty() {
            submission.complain(Some("email"), Key::EmailRequired);
            return;
        }
        submission.run(
            async move {
                api.send_json::<_, UserInvited>(Method::POST, "/api/v1/users", &create)
                    .await
            },
            move |invited| on_invited.run(invited),
        );
    };

    view! {
        <section class="card form-card" aria-labelledby="convidar-titulo">
            <h2 class="card__title" id="convidar-titulo">
                {move || i18n.t(Key::InviteUser)}
            </h2>
            <p class="hint">{move || i18n.t(Key::InviteUserHint)}</p>
            <form class="form" on:submit=on_submit novalidate>
                <div class="form-grid">
                    <TextField
                        id="invite-user-name"
                        label=Key::Name
                        value=name
                        autocomplete="off"
                        testid="invite-user-name"
                        error=submission.field_error("name")
                        required=true
                        autofocus=true
                    />
                    <TextField
                        id="invite-user-email"
                        label=Key::Email
                        value=email
                        kind="email"
                        autocomplete="off"
                        testid="invite-user-email"
                        error=submission.field_error("email")
                        required=true
                    />
                    <div class="field">
                        <label class="label" for="invite-user-role">{move || i18n.t(Key::Role)}</label>
                        <select
                            id="invite-user-role"
                            class="select"
                            data-testid="invite-user-role"
                            prop:value=move || role.get()
                            on:change=move |ev| role.set(event_target_value(&ev))
                        >
                            {role_options(i18n, role, "users.create", None)}
                        </select>
                    </div>
                </div>
                <CompanyChecklist
                    companies
                    selected=company_ids
                    legend=Key::LinkedCompanies
                    hint=Key::LinkedCompaniesHint
                    id_prefix="invite-company"
                />
                <FormError submission inline_fields=&["name", "email"] testid="invite-user-error" />
                <div class="button-row">
                    <button
                        type="submit"
                        class="button button--primary"
                        data-testid="invite-user-submit"
                        disabled=move || submission.pending()
                    >
                        {move || i18n.t(if submission.pending() { Key::Saving } else { Key::SendInvitation })}
                    </button>
                    <button type="button" class="button button--ghost" on:click=move |_| on_cancel.run(())>
                        {move || i18n.t(Key::Cancel)}
                    </button>
                </div>
            </form>
        </section>
    }
}

/// Editing one user, and the actions on them.
#[component]
fn UserEditor(
    user: User,
    companies: Vec<Company>,
    on_changed: Callback<()>,
    on_invitation: Callback<ShownInvitation>,
    on_close: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let api = use_api();
    let id = user.id;
    let name = RwSignal::new(user.name.clone());
    let email = RwSignal::new(user.email.clone());
    let role = RwSignal::new(user.role.clone());
    let current_role = user.role.clone();
    let active = RwSignal::new(user.active);
    let company_ids = RwSignal::new(user.company_ids.clone());
    let submission = Submission::new();
    let action = Submission::new();
    let can_edit = move || session.can("users.edit");

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let update = UserUpdate {
            name: Some(name.get_untracked().trim().to_owned()),
            email: Some(email.get_untracked().trim().to_owned()),
            role: Some(role.get_untracked()),
            active: Some(active.get_untracked()),
            company_ids: Some(company_ids.get_untracked()),
            ..UserUpdate::default()
        };
        submission.run(
            async move {
                api.send_json::<_, User>(Method::PATCH, &format!("/api/v1/users/{id}"), &update)
                    .await
            },
            move |_| on_changed.run(()),
        );
    };

    let user_name = user.name.clone();
    let resend = Callback::new(move |()| {
        let user_name = user_name.clone();
        action.run(
            async move {
                api.send_empty::<Invitation>(
                    Method::POST,
                    &format!("/api/v1/users/{id}/invitation"),
                )
                .await
            },
            move |invitation| on_invitation.run((user_name, invitation)),
        );
    });
    let reset_mfa = Callback::new(move |()| {
        action.run(
            async move {
                api.send_empty::<()>(Method::DELETE, &format!("/api/v1/users/{id}/mfa"))
                    .await
            },
            move |()| on_changed.run(()),
        );
    });
    let delete = Callback::new(move |()| {
        action.run(
            async move {
                api.send_empty::<()>(Method::DELETE, &format!("/api/v1/users/{id}"))
                    .await
            },
            move |()| on_changed.run(()),
        );
    });
    let pending = Signal::derive(move || action.pending());

    view! {
        <div class="editor" data-testid="user-editor">
            <Show when=can_edit>
                <form class="form" on:submit=on_submit novalidate>
                    <div class="form-grid">
                        <TextField
                            id="user-edit-name"
                            label=Key::Name
                            value=name
                            testid="user-edit-name"
                            error=submission.field_error("name")
                            required=true
                        />
                        <TextField
                            id="user-edit-email"
                            label=Key::Email
                            value=email
                            kind="email"
                            testid="user-edit-email"
                            error=submission.field_error("email")
                            required=true
                        />
                        <div class="field">
                            <label class="label" for="user-edit-role">{move || i18n.t(Key::Role)}</label>
                            <select
                                id="user-edit-role"
                                class="select"
                                data-testid="user-edit-role"
                                on:change=move |ev| role.set(event_target_value(&ev))
                            >
                                {role_options(i18n, role, "users.edit", Some(current_role.clone()))}
                            </select>
                        </div>
                    </div>
                    <CompanyChecklist
                        companies=companies.clone()
                        selected=company_ids
                        legend=Key::LinkedCompanies
                        hint=Key::LinkedCompaniesHint
                        id_prefix="edit-company"
                    />
                    <p class="check">
                        <input
                            type="checkbox"
                            class="check__input"
                            id="user-edit-active"
                            data-testid="user-edit-active"
                            prop:checked=move || active.get()
                            on:change=move |ev| active.set(event_target_checked(&ev))
                        />
                        <label class="check__label" for="user-edit-active">
                            {move || i18n.t(Key::UserActiveLabel)}
                        </label>
                    </p>
                    <FormError submission inline_fields=&["name", "email"] testid="user-edit-error" />
                    <div class="button-row">
                        <button
                            type="submit"
                            class="button button--primary"
                            data-testid="user-edit-save"
                            disabled=move || submission.pending()
                        >
                            {move || i18n.t(if submission.pending() { Key::Saving } else { Key::Save })}
                        </button>
                        <button type="button" class="button button--ghost" on:click=move |_| on_close.run(())>
                            {move || i18n.t(Key::Cancel)}
                        </button>
                    </div>
                </form>
            </Show>
            <div class="editor__actions" role="group" aria-label=move || i18n.t(Key::Actions)>
                <Show when=move || can_edit() && !user.has_password>
                    <button
                        type="button"
                        class="button button--secondary"
                        data-testid="user-resend-invitation"
                        disabled=move || pending.get()
                        on:click=move |_| resend.run(())
                    >
                        {move || i18n.t(Key::ResendInvitation)}
                    </button>
                </Show>
                <Show when=move || can_edit() && user.mfa_enabled>
                    <ConfirmAction
                        label=Key::ResetMfa
                        question=Key::ResetMfaQuestion
                        confirm=Key::ResetMfa
                        on_confirm=reset_mfa
                        pending
                        testid="user-reset-mfa"
                    />
                </Show>
                <Show when=move || session.can("users.delete")>
                    <ConfirmAction
                        label=Key::Delete
                        question=Key::DeleteUserQuestion
                        confirm=Key::DeleteForGood
                        on_confirm=delete
                        pending
                        danger=true
                        testid="user-delete"
                    />
                </Show>
            </div>
            {move || action.failure().map(|failure| view! { <FailureNotice failure /> })}
        </div>
    }
}
