//! The workspace's filter builder (status, priority, SLA state, assignee including
//! "sem responsável", team, category, client company, consultancy, tag,
//! channel, creation dates, text) and the saved views, personal or shared
//! with the team, that store a filter under a name.

use std::collections::BTreeMap;

use atende_core::tickets::{Channel, Priority, TicketStatus};
use atende_types::{
    companies::Company,
    tickets::{SavedView, SavedViewInput, StaffMember},
};
use gloo_net::http::Method;
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::{ApiFailure, use_api};
use crate::components::company_tree::display_name;
use crate::components::feedback::FailureNotice;
use crate::components::forms::{ConfirmAction, DateInput, FormError, Submission, TextField};
use crate::format;
use crate::i18n::{I18n, Key, use_i18n};
use crate::labels;
use crate::pages::tickets::shared::{ClientCompany, is_missing};
use crate::session::use_session;
use crate::tickets::{CategoryInfo, ListFilter, TeamInfo, category_label};

/// What the selects of the workspace offer.
#[derive(Clone, Copy)]
pub struct Lookups {
    /// `None` when the server has no staff list.
    pub staff: Signal<Option<Vec<StaffMember>>>,
    pub teams: Signal<Vec<TeamInfo>>,
    pub categories: Signal<Vec<CategoryInfo>>,
    pub companies: Signal<Vec<ClientCompany>>,
    pub consultancies: Signal<Vec<Company>>,
}

impl Lookups {
    /// The assignees to choose from: the person first, then colleagues.
    pub fn assignees(self, i18n: I18n) -> Vec<(Uuid, String)> {
        let session = use_session();
        let mut options: Vec<(Uuid, String)> = Vec::new();
        if let Some((id, name)) = session.with_me(|me| (me.user.id, me.user.name.clone())) {
            options.push((id, format!("{name} ({})", i18n.t(Key::Me))));
        }
        for member in self.staff.get().unwrap_or_default() {
            if !options.iter().any(|(id, _)| *id == member.id) {
                options.push((member.id, member.name));
            }
        }
        options
    }
}

/// Adds or removes `value` of a multiple choice.
fn toggle(list: &mut Vec<String>, value: &str, on: bool) {
    list.retain(|v| v != value);
    if on {
        list.push(value.to_owned());
    }
}

/// A fieldset of checkboxes for a multiple choice of API names.
fn checkboxes(
    i18n: I18n,
    draft: RwSignal<ListFilter>,
    legend: Key,
    prefix: &'static str,
    values: Vec<&'static str>,
    name: fn(atende_core::locale::Locale, &str) -> String,
    field: fn(&mut ListFilter) -> &mut Vec<String>,
) -> impl IntoView {
    let boxes = values
        .into_iter()
        .map(|value| {
            let id = format!("{prefix}-{value}");
            view! {
                <span class="check">
                    <input
                        type="checkbox"
                        class="check__input"
                        id=id.clone()
                        data-testid=format!("{prefix}-{value}")
                        prop:checked=move || draft.with(|f| {
                            let mut copy = f.clone();
                            field(&mut copy).iter().any(|v| v == value)
                        })
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            draft.update(|f| toggle(field(f), value, on));
                        }
                    />
                    <label class="check__label" for=id>{move || name(i18n.locale(), value)}</label>
                </span>
            }
        })
        .collect_view();
    view! {
        <fieldset class="fieldset fieldset--inline filters__group">
            <legend class="label">{move || i18n.t(legend)}</legend>
            {boxes}
        </fieldset>
    }
}

/// A labelled select bound to one text field of the draft.
#[allow(clippy::too_many_arguments)]
fn select(
    i18n: I18n,
    draft: RwSignal<ListFilter>,
    id: &'static str,
    label: Key,
    any: Key,
    options: impl Fn() -> Vec<(String, String)> + Send + Sync + 'static,
    get: fn(&ListFilter) -> String,
    set: fn(&mut ListFilter, String),
) -> impl IntoView {
    view! {
        <div class="field">
            <label class="label" for=id>{move || i18n.t(label)}</label>
            <select
                id=id
                class="select"
                data-testid=id
                prop:value=move || draft.with(get)
                on:change=move |ev| draft.update(|f| set(f, event_target_value(&ev)))
            >
                <option value="">{move || i18n.t(any)}</option>
                {move || {
                    let current = draft.with_untracked(get);
                    options()
                        .into_iter()
                        .map(|(value, text)| {
                            let selected = value == current;
                            view! { <option value=value selected=selected>{text}</option> }
                        })
                        .collect_view()
                }}
            </select>
        </div>
    }
}

/// A labelled input bound to one text field of the draft.
fn input(
    i18n: I18n,
    draft: RwSignal<ListFilter>,
    id: &'static str,
    label: Key,
    kind: &'static str,
    get: fn(&ListFilter) -> String,
    set: fn(&mut ListFilter, String),
) -> impl IntoView {
    let field = if kind == "date" {
        view! {
            <DateInput
                id=id
                value=Signal::derive(move || draft.with(get))
                on_change=Callback::new(move |v| draft.update(|f| set(f, v)))
                testid=id
            />
        }
        .into_any()
    } else {
        view! {
            <input
                id=id
                class="input"
                type=kind
                data-testid=id
                prop:value=move || draft.with(get)
                on:input=move |ev| draft.update(|f| set(f, event_target_value(&ev)))
            />
        }
        .into_any()
    };
    view! {
        <div class="field">
            <label class="label" for=id>{move || i18n.t(label)}</label>
            {field}
        </div>
    }
}

/// The filter form; "Filtrar" applies it, "Limpar" clears it.
#[component]
pub fn FilterBuilder(
    applied: RwSignal<ListFilter>,
    lookups: Lookups,
    /// The list filters by status and sorts; the board's columns are the
    /// statuses.
    with_status: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let draft = RwSignal::new(applied.get_untracked());
    // A saved view applied elsewhere shows up here.
    Effect::new(move |_| draft.set(applied.get()));
    let more = RwSignal::new(false);

    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        applied.set(draft.get_untracked());
    };
    let clear = move |_| {
        let sort = applied.with_untracked(|f| f.sort.clone());
        applied.set(ListFilter {
            sort,
            ..ListFilter::default()
        });
    };
    let assignees = move || {
        let mut options = vec![("none".to_owned(), i18n.t(Key::Unassigned).to_owned())];
        options.extend(
            lookups
                .assignees(i18n)
                .into_iter()
                .map(|(id, name)| (id.to_string(), name)),
        );
        // A saved view may name someone the lists do not have.
        let current = draft.with_untracked(|f| f.assignee.clone());
        if !current.is_empty() && !options.iter().any(|(v, _)| *v == current) {
            options.push((current, i18n.t(Key::SomeoneElse).to_owned()));
        }
        options
    };

    view! {
        <form
            class="filters filters--tickets"
            role="search"
            aria-label=i18n.text(Key::Filters)
            on:submit=apply
            data-testid="ticket-filters"
        >
            <div class="filters__row">
                {input(i18n, draft, "filter-q", Key::Search, "search", |f| f.q.clone(), |f, v| f.q = v)}
                {select(
                    i18n,
                    draft,
                    "filter-assignee",
                    Key::Assignee,
                    Key::AnyAssignee,
                    assignees,
                    |f| f.assignee.clone(),
                    |f, v| f.assignee = v,
                )}
                {select(
                    i18n,
                    draft,
                    "filter-company",
                    Key::EndClient,
                    Key::AllCompanies,
                    move || {
                        lookups.companies.get().into_iter().map(|c| (c.id.to_string(), c.name)).collect()
                    },
                    |f| f.company_id.clone(),
                    |f, v| f.company_id = v,
                )}
                <Show when=move || with_status>
                    {select(
                        i18n,
                        draft,
                        "filter-sort",
                        Key::SortBy,
                        Key::SortUpdatedDesc,
                        move || {
                            [
                                ("updated_at", Key::SortUpdatedAsc),
                                ("-created_at", Key::SortCreatedDesc),
                                ("created_at", Key::SortCreatedAsc),
                                ("-number", Key::SortNumberDesc),
                                ("number", Key::SortNumberAsc),
                            ]
                                .into_iter()
                                .map(|(value, key)| (value.to_owned(), i18n.t(key).to_owned()))
                                .collect()
                        },
                        |f| f.sort.clone(),
                        |f, v| f.sort = v,
                    )}
                </Show>
                <div class="filters__buttons">
                    <button type="submit" class="button button--primary" data-testid="filter-apply">
                        {i18n.text(Key::Filter)}
                    </button>
                    <button
                        type="button"
                        class="button button--ghost"
                        data-testid="filter-clear"
                        disabled=move || applied.with(ListFilter::is_empty)
                        on:click=clear
                    >
                        {i18n.text(Key::ClearFilters)}
                    </button>
                    <button
                        type="button"
                        class="button button--ghost"
                        aria-expanded=move || more.get().to_string()
                        aria-controls="filtros-mais"
                        data-testid="filter-more"
                        on:click=move |_| more.update(|m| *m = !*m)
                    >
                        {move || i18n.t(if more.get() { Key::FewerFilters } else { Key::MoreFilters })}
                    </button>
                </div>
            </div>
            <div id="filtros-mais" class="filters__more" hidden=move || !more.get()>
                <Show when=move || with_status>
                    {checkboxes(
                        i18n,
                        draft,
                        Key::Status,
                        "filter-status",
                        TicketStatus::ALL.iter().map(|s| s.as_str()).collect(),
                        labels::ticket_status,
                        |f| &mut f.statuses,
                    )}
                </Show>
                {checkboxes(
                    i18n,
                    draft,
                    Key::Priority,
                    "filter-priority",
                    Priority::ALL.iter().map(|p| p.as_str()).collect(),
                    labels::priority,
                    |f| &mut f.priorities,
                )}
                {checkboxes(
                    i18n,
                    draft,
                    Key::Sla,
                    "filter-sla",
                    labels::SLA_FILTER_STATES.to_vec(),
                    labels::sla_state,
                    |f| &mut f.sla,
                )}
                <div class="filters__row">
                    {select(
                        i18n,
                        draft,
                        "filter-team",
                        Key::Team,
                        Key::AnyTeam,
                        move || lookups.teams.get().into_iter().map(|t| (t.id.to_string(), t.name)).collect(),
                        |f| f.team_id.clone(),
                        |f, v| f.team_id = v,
                    )}
                    {select(
                        i18n,
                        draft,
                        "filter-category",
                        Key::Category,
                        Key::AnyCategory,
                        move || {
                            let list = lookups.categories.get();
                            list.iter()
                                .map(|c| (c.id.to_string(), category_label(&list, c.id).unwrap_or_else(|| c.name.clone())))
                                .collect()
                        },
                        |f| f.category_id.clone(),
                        |f, v| f.category_id = v,
                    )}
                    {select(
                        i18n,
                        draft,
                        "filter-consultancy",
                        Key::Consultancy,
                        Key::AnyConsultancy,
                        move || {
                            lookups
                                .consultancies
                                .get()
                                .iter()
                                .map(|c| (c.id.to_string(), display_name(c)))
                                .collect()
                        },
                        |f| f.consultancy_id.clone(),
                        |f, v| f.consultancy_id = v,
                    )}
                    {select(
                        i18n,
                        draft,
                        "filter-channel",
                        Key::Channel,
                        Key::AnyChannel,
                        move || {
                            Channel::ALL
                                .iter()
                                .map(|c| (c.as_str().to_owned(), labels::channel(i18n.locale(), c.as_str())))
                                .collect()
                        },
                        |f| f.channel.clone(),
                        |f, v| f.channel = v,
                    )}
                    {input(i18n, draft, "filter-tag", Key::Tag, "text", |f| f.tag.clone(), |f, v| f.tag = v)}
                    {input(
                        i18n,
                        draft,
                        "filter-created-from",
                        Key::CreatedFrom,
                        "date",
                        |f| f.created_from.clone(),
                        |f, v| f.created_from = v,
                    )}
                    {input(
                        i18n,
                        draft,
                        "filter-created-to",
                        Key::CreatedTo,
                        "date",
                        |f| f.created_to.clone(),
                        |f, v| f.created_to = v,
                    )}
                </div>
            </div>
        </form>
    }
}

/// Saved views: pick one to apply its filter, save the current filter
/// under a name (for oneself or the whole team), delete one's own. Left
/// out when the server has no saved views.
#[component]
pub fn SavedViews(applied: RwSignal<ListFilter>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let session = use_session();
    let views = RwSignal::new(None::<Result<Vec<SavedView>, ApiFailure>>);
    let chosen = RwSignal::new(String::new());
    let saving = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    let shared = RwSignal::new(false);
    let submission = Submission::new();
    let action = Submission::new();
    let me = untrack(|| session.with_me(|me| me.user.id));

    let load = move || {
        leptos::task::spawn_local(async move {
            let result = api.get_list::<SavedView>("/api/v1/saved-views").await;
            views.set(Some(result));
        });
    };
    load();

    let apply = move |id: String| {
        chosen.set(id.clone());
        let Ok(id) = Uuid::parse_str(&id) else {
            return;
        };
        let zone = session.time_zone();
        let found = views.with_untracked(|v| {
            v.as_ref()
                .and_then(|v| v.as_ref().ok())
                .and_then(|list| list.iter().find(|view| view.id == id).cloned())
        });
        if let Some(view) = found {
            applied.set(ListFilter::from_params(&view.filter, |instant| {
                format::day_of(instant, &zone)
            }));
        }
    };
    let on_save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let zone = session.time_zone();
        let filter: BTreeMap<String, String> = applied
            .get_untracked()
            .params(|day| format::day_start_param(day, &zone))
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect();
        let input = SavedViewInput {
            name: name.get_untracked().trim().to_owned(),
            shared: shared.get_untracked(),
            filter,
        };
        if input.name.is_empty() {
            submission.complain(Some("name"), Key::NameRequired);
            return;
        }
        submission.run(
            async move {
                api.send_json::<_, SavedView>(Method::POST, "/api/v1/saved-views", &input)
                    .await
            },
            move |saved| {
                saving.set(false);
                name.set(String::new());
                shared.set(false);
                views.update(|v| {
                    if let Some(Ok(list)) = v {
                        list.push(saved.clone());
                    }
                });
                chosen.set(saved.id.to_string());
            },
        );
    };
    let delete = Callback::new(move |()| {
        let Ok(id) = Uuid::parse_str(&chosen.get_untracked()) else {
            return;
        };
        action.run(
            async move {
                api.send_empty::<()>(Method::DELETE, &format!("/api/v1/saved-views/{id}"))
                    .await
            },
            move |()| {
                chosen.set(String::new());
                views.update(|v| {
                    if let Some(Ok(list)) = v {
                        list.retain(|view| view.id != id);
                    }
                });
            },
        );
    });
    let own_chosen = move || {
        let Ok(id) = Uuid::parse_str(&chosen.get()) else {
            return false;
        };
        views.with(|v| {
            v.as_ref()
                .and_then(|v| v.as_ref().ok())
                .is_some_and(|list| {
                    list.iter()
                        .any(|view| view.id == id && Some(view.owner_id) == me)
                })
        })
    };

    move || match views.get() {
        // Holds the place, so the board below does not jump when the views
        // arrive.
        None => view! { <div class="saved-views saved-views--loading" aria-hidden="true"></div> }
            .into_any(),
        Some(Err(failure)) if is_missing(&failure) => ().into_any(),
        Some(Err(failure)) => {
            view! { <FailureNotice failure on_retry=Callback::new(move |()| load()) /> }.into_any()
        }
        Some(Ok(list)) => {
            let (mine, others): (Vec<SavedView>, Vec<SavedView>) =
                list.into_iter().partition(|v| Some(v.owner_id) == me);
            let group = move |label: Key, items: Vec<SavedView>| {
                (!items.is_empty())
                    .then(|| {
                        view! {
                            <optgroup label=move || i18n.t(label)>
                                {items
                                    .into_iter()
                                    .map(|v| {
                                        let id = v.id.to_string();
                                        let selected = chosen.get_untracked() == id;
                                        let shared = v.shared;
                                        view! {
                                            <option value=id selected=selected>
                                                {v.name}
                                                {move || shared.then(|| format!(" ({})", i18n.t(Key::SharedView)))}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                            </optgroup>
                        }
                    })
            };
            view! {
                <div class="saved-views" data-testid="saved-views">
                    <div class="field field--inline">
                        <label class="label" for="saved-view-select">{i18n.text(Key::SavedViews)}</label>
                        <select
                            id="saved-view-select"
                            class="select"
                            data-testid="saved-view-select"
                            on:change=move |ev| apply(event_target_value(&ev))
                        >
                            <option value="">{i18n.text(Key::ChooseSavedView)}</option>
                            {group(Key::MyViews, mine)}
                            {group(Key::SharedViews, others)}
                        </select>
                    </div>
                    <Show when=own_chosen>
                        <ConfirmAction
                            label=Key::Delete
                            question=Key::DeleteViewQuestion
                            confirm=Key::Delete
                            on_confirm=delete
                            danger=true
                            testid="saved-view-delete"
                        />
                    </Show>
                    <Show
                        when=move || saving.get()
                        fallback=move || {
                            view! {
                                <button
                                    type="button"
                                    class="button button--secondary"
                                    data-testid="saved-view-save-open"
                                    on:click=move |_| saving.set(true)
                                >
                                    {i18n.text(Key::SaveView)}
                                </button>
                            }
                        }
                    >
                        <form class="saved-views__form" on:submit=on_save novalidate>
                            <TextField
                                id="saved-view-name"
                                label=Key::ViewName
                                value=name
                                testid="saved-view-name"
                                error=submission.field_error("name")
                                required=true
                                autofocus=true
                            />
                            <span class="check">
                                <input
                                    type="checkbox"
                                    class="check__input"
                                    id="saved-view-shared"
                                    data-testid="saved-view-shared"
                                    prop:checked=move || shared.get()
                                    on:change=move |ev| shared.set(event_target_checked(&ev))
                                />
                                <label class="check__label" for="saved-view-shared">
                                    {i18n.text(Key::ShareWithTeam)}
                                </label>
                            </span>
                            <FormError submission inline_fields=&["name"] testid="saved-view-error" />
                            <div class="button-row">
                                <button
                                    type="submit"
                                    class="button button--primary"
                                    data-testid="saved-view-save"
                                    disabled=move || submission.pending()
                                >
                                    {i18n.text(Key::Save)}
                                </button>
                                <button type="button" class="button button--ghost" on:click=move |_| saving.set(false)>
                                    {i18n.text(Key::Cancel)}
                                </button>
                            </div>
                        </form>
                    </Show>
                    {move || action.failure().map(|failure| view! { <FailureNotice failure /> })}
                </div>
            }
                .into_any()
        }
    }
}
