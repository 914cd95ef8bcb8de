//! `/gerenciar/permissoes`: the role → permission matrix as a grid like the
//! customer's table (sections, a row per permission, a column per role;
//! each cell "pode fazer" / "limitado" / "não pode" with an SVG mark, so
//! no emoji font is needed), and which roles must use MFA. Changes are
//! staged — listed, each undoable — and saved together after a
//! confirmation; the server audits each.

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
                    <span class="legend__item">
                        <GrantIcon grant="all".to_owned() />
                        {move || i18n.t(Key::GrantAllLegend)}
                    </span>
                    <span class="legend__item">
                        <GrantIcon grant="none".to_owned() />
                        {move || i18n.t(Key::GrantNoneLegend)}
                    </span>
                    <span class="legend__item">
                        <GrantIcon grant="linked".to_owned() />
                        {move || i18n.t(Key::GrantLinkedLegend)}
                    </span>
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

/// A cell changed on screen but not saved yet.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Staged {
    role: String,
    permission: String,
    /// What the server has.
    from: String,
    /// What the administrator chose.
    to: String,
}

/// What the grid last did, for the live region.
#[derive(Debug, Clone, PartialEq, Eq)]
enum GridStatus {
    Idle,
    Saving,
    Saved,
    /// Changes the server refused, each with why.
    Failed(Vec<(Staged, ApiFailure)>),
}

/// One cell's grant, by (role, permission).
type Cells = HashMap<(String, String), RwSignal<String>>;

/// `staged` with the cell (`role`, `permission`) set to `to`: a change
/// back to what the server has is no change.
fn restage(staged: &mut Vec<Staged>, role: &str, permission: &str, from: &str, to: &str) {
    staged.retain(|s| !(s.role == role && s.permission == permission));
    if from != to {
        staged.push(Staged {
            role: role.to_owned(),
            permission: permission.to_owned(),
            from: from.to_owned(),
            to: to.to_owned(),
        });
    }
}

#[component]
fn MatrixGrid(matrix: RoleMatrix) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();

    // One signal per cell: a change re-renders that cell only, so the
    // select keeps the keyboard focus. `saved` is what the server has.
    let mut cells: Cells = HashMap::new();
    let mut saved: HashMap<(String, String), String> = HashMap::new();
    for role in &matrix.roles {
        for permission in &matrix.permissions {
            let grant = matrix
                .grants
                .get(role)
                .and_then(|grants| grants.get(&permission.name))
                .cloned()
                .unwrap_or_else(|| "none".to_owned());
            let key = (role.clone(), permission.name.clone());
            saved.insert(key.clone(), grant.clone());
            cells.insert(key, RwSignal::new(grant));
        }
    }
    let cells = StoredValue::new(cells);
    let saved = StoredValue::new(saved);
    let staged = RwSignal::new(Vec::<Staged>::new());
    let status = RwSignal::new(GridStatus::Idle);
    let confirming = RwSignal::new(false);

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

    let cell_of = move |role: &str, permission: &str| {
        cells.with_value(|c| c.get(&(role.to_owned(), permission.to_owned())).copied())
    };
    let saved_of = move |role: &str, permission: &str| {
        saved
            .with_value(|s| s.get(&(role.to_owned(), permission.to_owned())).cloned())
            .unwrap_or_else(|| "none".to_owned())
    };

    // A cell changed: staged, not saved.
    let change = Callback::new(move |(role, permission, grant): (String, String, String)| {
        let Some(cell) = cell_of(&role, &permission) else {
            return;
        };
        cell.set(grant.clone());
        let from = saved_of(&role, &permission);
        staged.update(|list| restage(list, &role, &permission, &from, &grant));
        confirming.set(false);
        if !matches!(status.get_untracked(), GridStatus::Failed(_)) {
            status.set(GridStatus::Idle);
        }
    });
    let undo = Callback::new(move |(role, permission): (String, String)| {
        if let Some(cell) = cell_of(&role, &permission) {
            cell.set(saved_of(&role, &permission));
        }
        staged.update(|list| list.retain(|s| !(s.role == role && s.permission == permission)));
        if staged.with_untracked(Vec::is_empty) {
            confirming.set(false);
        }
    });
    let undo_all = move |_| {
        for change in staged.get_untracked() {
            if let Some(cell) = cell_of(&change.role, &change.permission) {
                cell.set(change.from.clone());
            }
        }
        staged.set(Vec::new());
        confirming.set(false);
        status.set(GridStatus::Idle);
    };
    // Confirmed: each change in turn (the server audits each).
    let save_all = move |_| {
        let changes = staged.get_untracked();
        if changes.is_empty() {
            return;
        }
        confirming.set(false);
        status.set(GridStatus::Saving);
        leptos::task::spawn_local(async move {
            let mut failed = Vec::new();
            let mut fresh: Option<RoleMatrix> = None;
            for change in changes {
                let path = format!(
                    "/api/v1/roles/{}/permissions/{}",
                    encode_component(&change.role),
                    encode_component(&change.permission)
                );
                let result = api
                    .send_json::<_, RoleMatrix>(
                        Method::PUT,
                        &path,
                        &GrantUpdate {
                            grant: change.to.clone(),
                        },
                    )
                    .await;
                match result {
                    Ok(matrix) => {
                        saved.update_value(|s| {
                            s.insert(
                                (change.role.clone(), change.permission.clone()),
                                change.to.clone(),
                            );
                        });
                        fresh = Some(matrix);
                    }
                    Err(failure) => failed.push((change, failure)),
                }
            }
            // The server may adjust other cells too: show its word for
            // every cell not still pending.
            if let Some(fresh) = fresh {
                let pending: Vec<(String, String)> = failed
                    .iter()
                    .map(|(c, _)| (c.role.clone(), c.permission.clone()))
                    .collect();
                saved.update_value(|saved| {
                    for (key, grant) in saved.iter_mut() {
                        if let Some(server) = fresh.grants.get(&key.0).and_then(|g| g.get(&key.1))
                            && !pending.contains(key)
                        {
                            grant.clone_from(server);
                        }
                    }
                });
                cells.with_value(|cells| {
                    for (key, cell) in cells {
                        if pending.contains(key) {
                            continue;
                        }
                        let server = saved.with_value(|s| s.get(key).cloned());
                        if let Some(server) = server
                            && cell.get_untracked() != server
                        {
                            cell.set(server);
                        }
                    }
                });
            }
            staged.set(failed.iter().map(|(c, _)| c.clone()).collect());
            status.set(if failed.is_empty() {
                GridStatus::Saved
            } else {
                GridStatus::Failed(failed)
            });
        });
    };

    let describe = move |change: &Staged| {
        let locale = i18n.locale();
        format!(
            "{} — {}: {} → {}",
            labels::permission_name(locale, &change.permission),
            labels::role_column(locale, &change.role),
            grant_text(locale, &change.from),
            grant_text(locale, &change.to),
        )
    };

    let status_view = move || match status.get() {
        GridStatus::Idle => ().into_any(),
        GridStatus::Saving => view! { <p class="hint">{i18n.text(Key::Saving)}</p> }.into_any(),
        GridStatus::Saved => view! {
            <p class="notice notice--success notice--compact" data-testid="matrix-saved">
                {i18n.text(Key::MatrixSavedAll)}
            </p>
        }
        .into_any(),
        GridStatus::Failed(failed) => {
            let items = failed
                .into_iter()
                .map(|(change, failure)| {
                    let text = describe(&change);
                    view! { <li>{text} ": " {move || failure.message(i18n.locale())}</li> }
                })
                .collect_view();
            view! {
                <div class="notice notice--error" role="alert">
                    <p class="notice__message">{i18n.text(Key::MatrixSomeFailed)}</p>
                    <ul class="plain-list">{items}</ul>
                </div>
            }
            .into_any()
        }
    };

    let column_count = roles.len() + 1;
    let header_roles = roles.clone();
    view! {
        <div class="matrix-status" aria-live="polite" data-testid="matrix-status">
            {status_view}
        </div>
        <Show when=move || !staged.with(Vec::is_empty)>
            <section class="staged card" aria-labelledby="alteracoes-titulo" data-testid="matrix-staged">
                <div class="staged__header">
                    <h3 class="staged__title" id="alteracoes-titulo" data-testid="matrix-staged-count">
                        {move || {
                            i18n.t(Key::MatrixStagedCount)
                                .replace("{n}", &staged.with(Vec::len).to_string())
                        }}
                    </h3>
                    <div class="button-row">
                        <button type="button" class="button button--ghost" data-testid="matrix-undo-all" on:click=undo_all>
                            {move || i18n.t(Key::MatrixUndoAll)}
                        </button>
                        <button
                            type="button"
                            class="button button--primary"
                            data-testid="matrix-save"
                            disabled=move || status.get() == GridStatus::Saving
                            on:click=move |_| confirming.set(true)
                        >
                            {move || i18n.t(Key::MatrixSaveChanges)}
                        </button>
                    </div>
                </div>
                <p class="hint">{move || i18n.t(Key::MatrixStagedLead)}</p>
                <ul class="staged__list">
                    <For
                        each=move || staged.get()
                        key=|change| (change.role.clone(), change.permission.clone(), change.to.clone())
                        let:change
                    >
                        {
                            let undo_key = (change.role.clone(), change.permission.clone());
                            let text = {
                                let change = change.clone();
                                move || describe(&change)
                            };
                            view! {
                                <li class="staged__item" data-testid="matrix-staged-item">
                                    <GrantIcon grant=Signal::derive({
                                        let to = change.to.clone();
                                        move || to.clone()
                                    }) />
                                    <span class="staged__text">{text}</span>
                                    <button
                                        type="button"
                                        class="button button--ghost button--small"
                                        data-testid="matrix-staged-undo"
                                        on:click=move |_| undo.run(undo_key.clone())
                                    >
                                        {move || i18n.t(Key::MatrixUndo)}
                                    </button>
                                </li>
                            }
                        }
                    </For>
                </ul>
                <Show when=move || confirming.get()>
                    <div class="confirm confirm--block" role="alertdialog" aria-labelledby="confirmar-permissoes" data-testid="matrix-confirm">
                        <p class="confirm__question" id="confirmar-permissoes">
                            {move || {
                                i18n.t(Key::MatrixConfirmQuestion)
                                    .replace("{n}", &staged.with(Vec::len).to_string())
                            }}
                        </p>
                        <div class="button-row">
                            <button type="button" class="button button--primary" data-testid="matrix-confirm-save" on:click=save_all>
                                {move || i18n.t(Key::MatrixConfirm)}
                            </button>
                            <button type="button" class="button button--ghost" on:click=move |_| confirming.set(false)>
                                {move || i18n.t(Key::Cancel)}
                            </button>
                        </div>
                    </div>
                </Show>
            </section>
        </Show>
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
                                                let cell = cell_of(role, &permission);
                                                let (r, p) = (role.clone(), permission.clone());
                                                let changed = Signal::derive(move || {
                                                    staged.with(|list| list.iter().any(|s| s.role == r && s.permission == p))
                                                });
                                                view! {
                                                    <td class="matrix__cell" class:matrix__cell--changed=move || changed.get()>
                                                        {cell
                                                            .map(|cell| {
                                                                view! {
                                                                    <GrantSelect
                                                                        role=role.clone()
                                                                        permission=permission.clone()
                                                                        cell
                                                                        on_change=change
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

/// A grant in words (`all` → `Pode fazer`).
fn grant_text(locale: atende_core::locale::Locale, grant: &str) -> &'static str {
    GRANTS
        .iter()
        .find(|(value, _)| *value == grant)
        .map_or("—", |(_, key)| crate::i18n::t(locale, *key))
}

/// One cell: its icon and a select of the three grants.
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
        <span class="grant-cell">
            <GrantIcon grant=Signal::derive(move || cell.get()) />
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
        </span>
    }
}

/// A grant's mark, drawn in SVG (no emoji font needed): a tick in a green
/// circle, an amber triangle with "!", a grey circle with a cross.
#[component]
fn GrantIcon(#[prop(into)] grant: Signal<String>) -> impl IntoView {
    move || {
        let grant = grant.get();
        let (class, shape) = match grant.as_str() {
            "all" => (
                "grant-icon grant-icon--all",
                view! {
                    <circle cx="10" cy="10" r="9" fill="currentColor" />
                    <path d="M5.5 10.5l3 3 6-6.5" stroke="#fff" stroke-width="2.2" fill="none" stroke-linecap="round" stroke-linejoin="round" />
                }
                .into_any(),
            ),
            "linked" => (
                "grant-icon grant-icon--linked",
                view! {
                    <path d="M10 1.5l9 16.5H1z" fill="currentColor" stroke="currentColor" stroke-width="1" stroke-linejoin="round" />
                    <path d="M10 7.5v5" stroke="#fff" stroke-width="2" stroke-linecap="round" />
                    <circle cx="10" cy="15.2" r="1.2" fill="#fff" />
                }
                .into_any(),
            ),
            _ => (
                "grant-icon grant-icon--none",
                view! {
                    <circle cx="10" cy="10" r="8.5" fill="none" stroke="currentColor" stroke-width="1.8" />
                    <path d="M6.8 6.8l6.4 6.4M13.2 6.8l-6.4 6.4" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" />
                }
                .into_any(),
            ),
        };
        view! {
            <svg class=class viewBox="0 0 20 20" width="18" height="18" aria-hidden="true" focusable="false" data-grant=grant>
                {shape}
            </svg>
        }
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

#[cfg(test)]
mod tests {
    use atende_core::locale::Locale;

    use super::*;

    #[test]
    fn a_change_back_to_the_saved_grant_is_no_change() {
        let mut staged = Vec::new();
        restage(&mut staged, "agent", "tickets.work", "all", "none");
        restage(&mut staged, "client", "kb.view", "all", "linked");
        assert_eq!(staged.len(), 2);
        // Changed again: one entry, the latest choice.
        restage(&mut staged, "agent", "tickets.work", "all", "linked");
        assert_eq!(staged.len(), 2);
        assert!(staged.iter().any(|s| s.role == "agent" && s.to == "linked"));
        // Back to what the server has: gone.
        restage(&mut staged, "agent", "tickets.work", "all", "all");
        assert_eq!(staged.len(), 1);
    }

    #[test]
    fn grants_read_without_emoji() {
        assert_eq!(grant_text(Locale::PtBr, "all"), "Pode fazer");
        assert_eq!(grant_text(Locale::PtBr, "linked"), "Limitado");
        assert_eq!(grant_text(Locale::PtBr, "none"), "Não pode");
        for locale in Locale::ALL {
            for (_, key) in GRANTS {
                let text = crate::i18n::t(locale, key);
                assert!(text.chars().all(|c| (c as u32) < 0x2000), "{text}");
            }
        }
    }
}
