//! `/gerenciar/permissoes`: the role → permission matrix as a grid like the
//! customer's table (sections, a row per permission, a column per role;
//! each cell ✅ / ⚠️ / ❌, saved as soon as it changes), and which roles
//! must use MFA.

use std::collections::HashMap;

use atende_types::{
    auth::MfaPolicy,
    roles::{GrantUpdate, RoleMatrix},
};
use gloo_net::http::Method;
use leptos::prelude::*;

use crate::api::{ApiFailure, encode_component, use_api};
use crate::components::feedback::{FailureNotice, Loading};
use crate::components::guard::RequirePermission;
use crate::components::layout::use_document_title;
use crate::i18n::{Key, use_i18n};
use crate::labels;

/// The grants, in the order the cells offer them.
const GRANTS: [(&str, Key); 3] = [
    ("all", Key::GrantAll),
    ("linked", Key::GrantLinked),
    ("none", Key::GrantNone),
];

/// `/gerenciar/permissoes`.
#[component]
pub fn PermissionsPage() -> impl IntoView {
    use_document_title(Key::PermissionsTitle);
    view! {
        <RequirePermission any_of=&["roles.manage"]>
            <Permissions />
        </RequirePermission>
    }
}

#[component]
fn Permissions() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let matrix = LocalResource::new(move || api.get_json::<RoleMatrix>("/api/v1/roles"));
    let retry = Callback::new(move |()| matrix.refetch());
    view! {
        <div class="page page--wide">
            <header class="page__header">
                <h1 class="page__title" data-testid="page-title">
                    {move || i18n.t(Key::PermissionsTitle)}
                </h1>
                <p class="page__lead">{move || i18n.t(Key::PermissionsLead)}</p>
            </header>
            <MfaPolicyCard />
            <section class="section" aria-labelledby="matriz-titulo">
                <h2 id="matriz-titulo">{move || i18n.t(Key::MatrixTitle)}</h2>
                <p class="legend" data-testid="matrix-legend">
                    <span>{move || i18n.t(Key::GrantAllLegend)}</span>
                    <span>{move || i18n.t(Key::GrantNoneLegend)}</span>
                    <span>{move || i18n.t(Key::GrantLinkedLegend)}</span>
                </p>
                <p class="hint">{move || i18n.t(Key::MatrixClientNote)}</p>
                {move || match matrix.get() {
                    None => view! { <Loading /> }.into_any(),
                    Some(Err(failure)) => view! { <FailureNotice failure on_retry=retry /> }.into_any(),
                    Some(Ok(matrix)) => view! { <MatrixGrid matrix /> }.into_any(),
                }}
            </section>
        </div>
    }
}

/// What the grid last did, for the live region.
#[derive(Debug, Clone, PartialEq, Eq)]
enum GridStatus {
    Idle,
    Saving,
    /// Permission and role of the saved cell.
    Saved(String, String),
    Failed(ApiFailure),
}

/// One cell's grant, by (role, permission).
type Cells = HashMap<(String, String), RwSignal<String>>;

#[component]
fn MatrixGrid(matrix: RoleMatrix) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();

    // One signal per cell: a change re-renders that cell only, so the
    // select keeps the keyboard focus.
    let mut cells: Cells = HashMap::new();
    for role in &matrix.roles {
        for permission in &matrix.permissions {
            let grant = matrix
                .grants
                .get(role)
                .and_then(|grants| grants.get(&permission.name))
                .cloned()
                .unwrap_or_else(|| "none".to_owned());
            cells.insert(
                (role.clone(), permission.name.clone()),
                RwSignal::new(grant),
            );
        }
    }
    let cells = StoredValue::new(cells);
    let status = RwSignal::new(GridStatus::Idle);

    // Sections in the order the server lists them, rows in their order.
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for permission in &matrix.permissions {
        match groups
            .iter_mut()
            .find(|(group, _)| *group == permission.group)
        {
            Some((_, names)) => names.push(permission.name.clone()),
            None => groups.push((permission.group.clone(), vec![permission.name.clone()])),
        }
    }
    let roles = matrix.roles.clone();

    let change = move |role: String, permission: String, grant: String| {
        let Some(cell) = cells.with_value(|c| c.get(&(role.clone(), permission.clone())).copied())
        else {
            return;
        };
        let previous = cell.get_untracked();
        cell.set(grant.clone());
        status.set(GridStatus::Saving);
        let path = format!(
            "/api/v1/roles/{}/permissions/{}",
            encode_component(&role),
            encode_component(&permission)
        );
        leptos::task::spawn_local(async move {
            let result = api
                .send_json::<_, RoleMatrix>(Method::PUT, &path, &GrantUpdate { grant })
                .await;
            match result {
                Ok(fresh) => {
                    // The server may adjust other cells too; show its word.
                    cells.with_value(|cells| {
                        for ((role, permission), cell) in cells {
                            if let Some(grant) =
                                fresh.grants.get(role).and_then(|g| g.get(permission))
                                && cell.get_untracked() != *grant
                            {
                                cell.set(grant.clone());
                            }
                        }
                    });
                    status.set(GridStatus::Saved(permission, role));
                }
                Err(failure) => {
                    cell.set(previous);
                    status.set(GridStatus::Failed(failure));
                }
            }
        });
    };

    let status_view = move || match status.get() {
        GridStatus::Idle => ().into_any(),
        GridStatus::Saving => {
            view! { <p class="hint">{move || i18n.t(Key::Saving)}</p> }.into_any()
        }
        GridStatus::Saved(permission, role) => view! {
            <p class="notice notice--success notice--compact">
                {move || i18n.t(Key::GrantSaved)}
                ": "
                {
                    let (permission, role) = (permission.clone(), role.clone());
                    move || {
                        format!(
                            "{} — {}",
                            labels::permission_name(i18n.locale(), &permission),
                            labels::role_column(i18n.locale(), &role),
                        )
                    }
                }
            </p>
        }
        .into_any(),
        GridStatus::Failed(failure) => view! { <FailureNotice failure /> }.into_any(),
    };

    let column_count = roles.len() + 1;
    let header_roles = roles.clone();
    view! {
        <div class="matrix-status" aria-live="polite" data-testid="matrix-status">
            {status_view}
        </div>
        <div class="table-wrap">
            <table class="table matrix" data-testid="permission-matrix">
                <caption class="visually-hidden">{move || i18n.t(Key::MatrixTitle)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{move || i18n.t(Key::Feature)}</th>
                        {header_roles
                            .into_iter()
                            .map(|role| {
                                view! {
                                    <th scope="col" class="matrix__role">
                                        {move || labels::role_column(i18n.locale(), &role)}
                                    </th>
                                }
                            })
                            .collect_view()}
                    </tr>
                </thead>
                {groups
                    .into_iter()
                    .map(|(group, permissions)| {
                        let roles = roles.clone();
                        view! {
                            <tbody>
                                <tr class="matrix__group">
                                    <th scope="rowgroup" colspan=column_count>
                                        {move || labels::group_name(i18n.locale(), &group)}
                                    </th>
                                </tr>
                                {permissions
                                    .into_iter()
                                    .map(|permission| {
                                        let cells_in_row = roles
                                            .iter()
                                            .map(|role| {
                                                let cell = cells
                                                    .with_value(|c| c.get(&(role.clone(), permission.clone())).copied());
                                                view! {
                                                    <td class="matrix__cell">
                                                        {cell
                                                            .map(|cell| {
                                                                view! {
                                                                    <GrantSelect
                                                                        role=role.clone()
                                                                        permission=permission.clone()
                                                                        cell
                                                                        on_change=Callback::new(
                                                                            move |(role, permission, grant): (String, String, String)| {
                                                                                change(role, permission, grant)
                                                                            },
                                                                        )
                                                                    />
                                                                }
                                                            })}
                                                    </td>
                                                }
                                            })
                                            .collect_view();
                                        let name = permission.clone();
                                        view! {
                                            <tr data-testid="matrix-row" data-permission=permission.clone()>
                                                <th scope="row" class="matrix__permission">
                                                    {move || labels::permission_name(i18n.locale(), &name)}
                                                </th>
                                                {cells_in_row}
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        }
                    })
                    .collect_view()}
            </table>
        </div>
    }
}

/// One cell: ✅ / ⚠️ / ❌.
#[component]
fn GrantSelect(
    role: String,
    permission: String,
    cell: RwSignal<String>,
    on_change: Callback<(String, String, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let testid = format!("grant-{role}-{permission}");
    let (label_role, label_permission) = (role.clone(), permission.clone());
    let label = move || {
        format!(
            "{} — {}",
            labels::permission_name(i18n.locale(), &label_permission),
            labels::role_name(i18n.locale(), &label_role)
        )
    };
    view! {
        <select
            class=move || format!("select select--compact grant grant--{}", cell.get())
            aria-label=label
            data-testid=testid
            on:change=move |ev| on_change.run((role.clone(), permission.clone(), event_target_value(&ev)))
        >
            {GRANTS
                .into_iter()
                .map(|(value, key)| {
                    view! {
                        <option value=value prop:selected=move || cell.get() == value>
                            {move || i18n.t(key)}
                        </option>
                    }
                })
                .collect_view()}
        </select>
    }
}

/// Which roles must use MFA: a checkbox per role, saved on change.
#[component]
fn MfaPolicyCard() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let policy =
        LocalResource::new(move || api.get_json::<MfaPolicy>("/api/v1/security/mfa-policy"));
    let retry = Callback::new(move |()| policy.refetch());
    view! {
        <section class="card section" aria-labelledby="mfa-politica-titulo" data-testid="mfa-policy">
            <h2 class="card__title" id="mfa-politica-titulo">
                {move || i18n.t(Key::MfaPolicyTitle)}
            </h2>
            <p class="hint">{move || i18n.t(Key::MfaPolicyLead)}</p>
            {move || match policy.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(failure)) => view! { <FailureNotice failure on_retry=retry /> }.into_any(),
                Some(Ok(policy)) => view! { <MfaPolicyForm policy /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn MfaPolicyForm(policy: MfaPolicy) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let required = RwSignal::new(policy.required_roles);
    let pending = RwSignal::new(false);
    let saved = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiFailure>);

    let toggle = move |role: &'static str, checked: bool| {
        let previous = required.get_untracked();
        let mut next: Vec<String> = previous.iter().filter(|r| *r != role).cloned().collect();
        if checked {
            next.push(role.to_owned());
        }
        // Keep the spec's role order, whatever the click order.
        next.sort_by_key(|r| labels::roles().position(|known| known == r));
        required.set(next.clone());
        pending.set(true);
        saved.set(false);
        failure.set(None);
        leptos::task::spawn_local(async move {
            let result = api
                .send_json::<_, MfaPolicy>(
                    Method::PUT,
                    "/api/v1/security/mfa-policy",
                    &MfaPolicy {
                        required_roles: next,
                    },
                )
                .await;
            pending.set(false);
            match result {
                Ok(policy) => {
                    required.set(policy.required_roles);
                    saved.set(true);
                }
                Err(error) => {
                    required.set(previous);
                    failure.set(Some(error));
                }
            }
        });
    };

    view! {
        <fieldset class="fieldset fieldset--inline" disabled=move || pending.get()>
            <legend class="label">{move || i18n.t(Key::MfaPolicyLegend)}</legend>
            {labels::roles()
                .map(|role| {
                    let id = format!("mfa-policy-{role}");
                    view! {
                        <span class="check">
                            <input
                                type="checkbox"
                                class="check__input"
                                id=id.clone()
                                data-testid=id.clone()
                                prop:checked=move || required.with(|r| r.iter().any(|x| x == role))
                                on:change=move |ev| toggle(role, event_target_checked(&ev))
                            />
                            <label class="check__label" for=id>
                                {move || labels::role_name(i18n.locale(), role)}
                            </label>
                        </span>
                    }
                })
                .collect_view()}
        </fieldset>
        <div aria-live="polite" data-testid="mfa-policy-status">
            {move || {
                if pending.get() {
                    Some(view! { <p class="hint">{move || i18n.t(Key::Saving)}</p> }.into_any())
                } else if saved.get() {
                    Some(
                        view! {
                            <p class="notice notice--success notice--compact">
                                {move || i18n.t(Key::MfaPolicySaved)}
                            </p>
                        }
                            .into_any(),
                    )
                } else {
                    None
                }
            }}
            {move || failure.get().map(|failure| view! { <FailureNotice failure /> })}
        </div>
    }
}
