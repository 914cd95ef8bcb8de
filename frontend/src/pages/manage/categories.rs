//! `/gerenciar/categorias`: the ticket categories as a tree — create,
//! rename, move under another category, activate or deactivate, and put
//! in order among their siblings. Inactive categories stay on the tickets
//! that have them but are no longer offered on new tickets.

use gloo_net::http::Method;
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::{Api, ApiFailure, use_api};
use crate::components::feedback::{Empty, FailureNotice, Loading};
use crate::components::forms::{FormError, Submission, TextField};
use crate::components::guard::RequirePermission;
use crate::components::layout::use_document_title;
use crate::i18n::{Key, use_i18n};
use crate::tickets::{
    CategoryCreate, CategoryInfo, CategoryUpdate, category_subtree, category_tree, indented,
};

/// Path of the page.
pub const CATEGORIES_PATH: &str = "/gerenciar/categorias";
/// Who manages categories:
/// [`Permission::AutomationManage`](atende_core::permissions::Permission).
pub const CATEGORIES_PERMISSIONS: &[&str] = &["automation.manage"];

const API_PATH: &str = "/api/v1/ticket-categories";

/// `/gerenciar/categorias`.
#[component]
pub fn CategoriesPage() -> impl IntoView {
    use_document_title(Key::CategoriesTitle);
    view! {
        <RequirePermission any_of=CATEGORIES_PERMISSIONS>
            <Categories />
        </RequirePermission>
    }
}

#[component]
fn Categories() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let version = RwSignal::new(0_u32);
    let categories = LocalResource::new(move || {
        version.track();
        async move { api.get_list::<CategoryInfo>(API_PATH).await }
    });
    let retry = Callback::new(move |()| categories.refetch());
    let creating = RwSignal::new(false);
    let editing = RwSignal::new(None::<Uuid>);
    let failure = RwSignal::new(None::<ApiFailure>);
    let busy = RwSignal::new(false);
    let changed = Callback::new(move |()| {
        creating.set(false);
        editing.set(None);
        version.update(|v| *v = v.wrapping_add(1));
    });
    let all = Signal::derive(move || categories.get().and_then(Result::ok).unwrap_or_default());

    // Moves a category one place up (-1) or down (+1) among its siblings:
    // the siblings are renumbered 0, 1, 2… in the new order.
    let reorder = Callback::new(move |(id, step): (Uuid, i32)| {
        if busy.get_untracked() {
            return;
        }
        let list = all.get_untracked();
        let Some(moved) = list.iter().find(|c| c.id == id).cloned() else {
            return;
        };
        let mut siblings: Vec<CategoryInfo> = category_tree(&list)
            .into_iter()
            .map(|(c, _)| c)
            .filter(|c| c.parent_id == moved.parent_id)
            .collect();
        let Some(from) = siblings.iter().position(|c| c.id == id) else {
            return;
        };
        let Some(to) = from.checked_add_signed(step as isize) else {
            return;
        };
        if to >= siblings.len() {
            return;
        }
        siblings.swap(from, to);
        busy.set(true);
        failure.set(None);
        leptos::task::spawn_local(async move {
            let result = renumber(api, siblings).await;
            busy.set(false);
            if let Err(error) = result {
                failure.set(Some(error));
            }
            changed.run(());
        });
    });
    let toggle = Callback::new(move |category: CategoryInfo| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        failure.set(None);
        leptos::task::spawn_local(async move {
            let mut update = CategoryUpdate::from_category(&category);
            update.active = !category.active;
            let result = api
                .send_json::<_, CategoryInfo>(
                    Method::PUT,
                    &format!("{API_PATH}/{}", category.id),
                    &update,
                )
                .await;
            busy.set(false);
            match result {
                Ok(_) => changed.run(()),
                Err(error) => failure.set(Some(error)),
            }
        });
    });

    view! {
        <div class="page">
            <header class="page__header page__header--actions">
                <div>
                    <h1 class="page__title" data-testid="page-title">{i18n.text(Key::CategoriesTitle)}</h1>
                    <p class="page__lead">{i18n.text(Key::CategoriesLead)}</p>
                </div>
                <Show when=move || !creating.get()>
                    <button
                        type="button"
                        class="button button--primary"
                        data-testid="category-create-open"
                        on:click=move |_| creating.set(true)
                    >
                        {i18n.text(Key::NewCategory)}
                    </button>
                </Show>
            </header>
            <Show when=move || creating.get()>
                <section class="card form-card" aria-labelledby="nova-categoria-titulo">
                    <h2 class="card__title" id="nova-categoria-titulo">{i18n.text(Key::NewCategory)}</h2>
                    <CategoryForm
                        category=None
                        all
                        on_saved=changed
                        on_cancel=Callback::new(move |()| creating.set(false))
                    />
                </section>
            </Show>
            {move || failure.get().map(|failure| view! { <FailureNotice failure /> })}
            {move || match categories.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(failure)) => view! { <FailureNotice failure on_retry=retry /> }.into_any(),
                Some(Ok(list)) if list.is_empty() => {
                    view! { <Empty text=Key::CategoriesEmpty testid="categories-empty" /> }.into_any()
                }
                Some(Ok(list)) => {
                    let tree = category_tree(&list);
                    // First and last of each group of siblings.
                    let ends = move |category: &CategoryInfo| {
                        let siblings: Vec<Uuid> = tree_siblings(&list, category.parent_id);
                        (siblings.first() == Some(&category.id), siblings.last() == Some(&category.id))
                    };
                    let rows = tree
                        .into_iter()
                        .map(|(category, depth)| {
                            let (first, last) = ends(&category);
                            view! { <CategoryRow category depth first last editing busy all reorder toggle changed /> }
                        })
                        .collect_view();
                    view! {
                        <div class="table-wrap">
                            <table class="table table--categories" data-testid="categories-table">
                                <caption class="visually-hidden">{i18n.text(Key::CategoriesTitle)}</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">{i18n.text(Key::Name)}</th>
                                        <th scope="col">{i18n.text(Key::Status)}</th>
                                        <th scope="col">{i18n.text(Key::CategoryOrder)}</th>
                                        <th scope="col">
                                            <span class="visually-hidden">{i18n.text(Key::Actions)}</span>
                                        </th>
                                    </tr>
                                </thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}

/// The ids of the categories under `parent`, in their order.
fn tree_siblings(list: &[CategoryInfo], parent: Option<Uuid>) -> Vec<Uuid> {
    category_tree(list)
        .into_iter()
        .filter(|(c, _)| c.parent_id == parent)
        .map(|(c, _)| c.id)
        .collect()
}

/// Gives `siblings` the positions 0, 1, 2… in their order (only those
/// that change are sent).
async fn renumber(api: Api, siblings: Vec<CategoryInfo>) -> Result<(), ApiFailure> {
    for (index, category) in siblings.into_iter().enumerate() {
        let position = i32::try_from(index).unwrap_or(i32::MAX);
        if category.position == position {
            continue;
        }
        let mut update = CategoryUpdate::from_category(&category);
        update.position = position;
        api.send_json::<_, CategoryInfo>(
            Method::PUT,
            &format!("{API_PATH}/{}", category.id),
            &update,
        )
        .await?;
    }
    Ok(())
}

#[component]
#[allow(clippy::too_many_arguments)]
fn CategoryRow(
    category: CategoryInfo,
    depth: usize,
    first: bool,
    last: bool,
    editing: RwSignal<Option<Uuid>>,
    busy: RwSignal<bool>,
    all: Signal<Vec<CategoryInfo>>,
    reorder: Callback<(Uuid, i32)>,
    toggle: Callback<CategoryInfo>,
    changed: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = category.id;
    let active = category.active;
    let name = category.name.clone();
    let up_name = name.clone();
    let down_name = name.clone();
    let toggled = category.clone();
    let edited = category.clone();
    // Indented by depth (capped, so deep trees stay readable on a phone).
    let indent = format!(
        "padding-left: calc(var(--space-3) + {}rem)",
        depth.min(6) * 3 / 2
    );
    view! {
        <tr
            data-testid="category-row"
            data-name=name.clone()
            data-depth=depth
            data-active=active.to_string()
            class:table__row--muted=!active
        >
            <td class="cell-primary" style=indent>
                {(depth > 0).then(|| view! { <span class="tree-mark" aria-hidden="true">"– "</span> })}
                <span class="cell-title cell-title--inline" data-testid="category-name">{name.clone()}</span>
            </td>
            <td data-label=i18n.text(Key::Status)>
                <span class=if active { "badge badge--success" } else { "badge badge--neutral" } data-testid="category-status">
                    {i18n.text(if active { Key::CategoryActive } else { Key::CategoryInactive })}
                </span>
            </td>
            <td class="cell-nowrap" data-label=i18n.text(Key::CategoryOrder)>
                <button
                    type="button"
                    class="button button--ghost button--small button--icon"
                    data-testid="category-up"
                    aria-label=move || i18n.t(Key::CategoryMoveUp).replace("{name}", &up_name)
                    title=i18n.text(Key::CategoryMoveUpShort)
                    disabled=move || first || busy.get()
                    on:click=move |_| reorder.run((id, -1))
                >
                    <ArrowIcon up=true />
                </button>
                <button
                    type="button"
                    class="button button--ghost button--small button--icon"
                    data-testid="category-down"
                    aria-label=move || i18n.t(Key::CategoryMoveDown).replace("{name}", &down_name)
                    title=i18n.text(Key::CategoryMoveDownShort)
                    disabled=move || last || busy.get()
                    on:click=move |_| reorder.run((id, 1))
                >
                    <ArrowIcon up=false />
                </button>
            </td>
            <td class="cell-actions">
                <button
                    type="button"
                    class="button button--secondary button--small"
                    data-testid="category-edit"
                    aria-expanded=move || (editing.get() == Some(id)).to_string()
                    on:click=move |_| editing.update(|open| *open = if *open == Some(id) { None } else { Some(id) })
                >
                    {i18n.text(Key::Edit)}
                </button>
                <button
                    type="button"
                    class="button button--secondary button--small"
                    data-testid="category-toggle"
                    disabled=move || busy.get()
                    on:click=move |_| toggle.run(toggled.clone())
                >
                    {i18n.text(if active { Key::CategoryDeactivate } else { Key::CategoryActivate })}
                </button>
            </td>
        </tr>
        {move || {
            (editing.get() == Some(id))
                .then(|| {
                    view! {
                        <tr class="table__detail">
                            <td colspan="4">
                                <CategoryForm
                                    category=Some(edited.clone())
                                    all
                                    on_saved=changed
                                    on_cancel=Callback::new(move |()| editing.set(None))
                                />
                            </td>
                        </tr>
                    }
                })
        }}
    }
}

/// Creating (`category = None`) or changing a category: its name and
/// where it sits.
#[component]
fn CategoryForm(
    category: Option<CategoryInfo>,
    all: Signal<Vec<CategoryInfo>>,
    on_saved: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let editing = category.clone();
    let name = RwSignal::new(
        category
            .as_ref()
            .map(|c| c.name.clone())
            .unwrap_or_default(),
    );
    let parent = RwSignal::new(
        category
            .as_ref()
            .and_then(|c| c.parent_id)
            .map(|p| p.to_string())
            .unwrap_or_default(),
    );
    let submission = Submission::new();
    let prefix = if category.is_some() {
        "edit-category"
    } else {
        "category"
    };
    // Not under itself nor under one of its own children.
    let excluded = category
        .as_ref()
        .map(|c| category_subtree(&all.get_untracked(), c.id))
        .unwrap_or_default();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = name.get_untracked().trim().to_owned();
        if typed.is_empty() {
            submission.complain(Some("name"), Key::NameRequired);
            return;
        }
        let parent_id = Uuid::parse_str(&parent.get_untracked()).ok();
        match editing.clone() {
            Some(existing) => {
                let moved = existing.parent_id != parent_id;
                let mut update = CategoryUpdate::from_category(&existing);
                update.name = typed;
                update.parent_id = parent_id;
                if moved {
                    // Last among its new siblings.
                    update.position = next_position(&all.get_untracked(), parent_id);
                }
                let path = format!("{API_PATH}/{}", existing.id);
                submission.run(
                    async move {
                        api.send_json::<_, CategoryInfo>(Method::PUT, &path, &update)
                            .await
                    },
                    move |_| on_saved.run(()),
                );
            }
            None => {
                let create = CategoryCreate {
                    name: typed,
                    parent_id,
                    position: Some(next_position(&all.get_untracked(), parent_id)),
                };
                submission.run(
                    async move {
                        api.send_json::<_, CategoryInfo>(Method::POST, API_PATH, &create)
                            .await
                    },
                    move |_| on_saved.run(()),
                );
            }
        }
    };
    let parent_error = submission.field_error("parent_id");
    let parent_id = format!("{prefix}-parent");
    view! {
        <form class="form" on:submit=on_submit novalidate data-testid="category-form">
            <div class="form-grid">
                <TextField
                    id=if category.is_some() { "edit-category-name" } else { "category-name" }
                    label=Key::Name
                    value=name
                    maxlength=120
                    testid="category-name-input"
                    error=submission.field_error("name")
                    required=true
                    autofocus=true
                />
                <div class="field">
                    <label class="label" for=parent_id.clone()>{i18n.text(Key::CategoryParent)}</label>
                    <select
                        id=parent_id
                        class="select"
                        data-testid="category-parent"
                        aria-invalid=move || parent_error.with(Option::is_some).then_some("true")
                        on:change=move |ev| parent.set(event_target_value(&ev))
                    >
                        <option value="" selected=move || parent.get().is_empty()>
                            {i18n.text(Key::CategoryNoParent)}
                        </option>
                        {move || {
                            category_tree(&all.get())
                                .into_iter()
                                .filter(|(c, _)| !excluded.contains(&c.id))
                                .map(|(c, depth)| {
                                    let value = c.id.to_string();
                                    let selected = parent.get_untracked() == value;
                                    view! {
                                        <option value=value selected=selected>
                                            {indented(&c.name, depth)}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                    {move || parent_error.get().map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
            </div>
            <FormError submission inline_fields=&["name", "parent_id"] testid="category-error" />
            <div class="button-row">
                <button
                    type="submit"
                    class="button button--primary"
                    data-testid="category-submit"
                    disabled=move || submission.pending()
                >
                    {move || i18n.t(if submission.pending() { Key::Saving } else { Key::Save })}
                </button>
                <button type="button" class="button button--ghost" on:click=move |_| on_cancel.run(())>
                    {i18n.text(Key::Cancel)}
                </button>
            </div>
        </form>
    }
}

/// The position after the last of `parent`'s children.
fn next_position(list: &[CategoryInfo], parent: Option<Uuid>) -> i32 {
    list.iter()
        .filter(|c| c.parent_id == parent)
        .map(|c| c.position.saturating_add(1))
        .max()
        .unwrap_or(0)
}

/// An arrow pointing up or down (SVG: no font needed).
#[component]
fn ArrowIcon(up: bool) -> impl IntoView {
    let path = if up {
        "M12 19V5M6 11l6-6 6 6"
    } else {
        "M12 5v14M6 13l6 6 6-6"
    };
    view! {
        <svg class="icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
            <path d=path stroke="currentColor" stroke-width="2" fill="none" stroke-linecap="round" stroke-linejoin="round" />
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use atende_core::permissions::Permission;

    use super::*;

    #[test]
    fn new_categories_go_last_among_their_siblings() {
        let category = |id: u128, parent: Option<u128>, position: i32| CategoryInfo {
            id: Uuid::from_u128(id),
            parent_id: parent.map(Uuid::from_u128),
            name: format!("c{id}"),
            active: true,
            position,
        };
        let list = vec![
            category(1, None, 0),
            category(2, None, 4),
            category(3, Some(1), 1),
        ];
        assert_eq!(next_position(&list, None), 5);
        assert_eq!(next_position(&list, Some(Uuid::from_u128(1))), 2);
        assert_eq!(next_position(&list, Some(Uuid::from_u128(3))), 0);
        assert_eq!(
            tree_siblings(&list, None),
            vec![Uuid::from_u128(1), Uuid::from_u128(2)]
        );
    }

    #[test]
    fn the_page_needs_the_automation_permission() {
        assert_eq!(
            CATEGORIES_PERMISSIONS,
            &[Permission::AutomationManage.name()]
        );
    }
}
