//! `/pendencias`: the pending items in the person's reach, newest first,
//! a page at a time. Filters (status, company, segment, "minhas", text,
//! the import that created them) live in the address, so the dashboards,
//! the segments page and the import history link to a filtered list and
//! the back button works. Resolved items show only with "Ver resolvidas"
//! (for those who may see them). Operators select items and send them for
//! approval at once; each item succeeds or fails on its own, and the
//! failures are listed with the reason.

use std::collections::HashMap;

use atende_types::{
    companies::Segment,
    pending::{PendingItem, PendingItemBulkResult, PendingItemBulkStep},
};
use gloo_net::http::Method;
use leptos::prelude::*;
use leptos_router::{
    NavigateOptions,
    components::A,
    hooks::{use_navigate, use_query_map},
};
use uuid::Uuid;

use crate::api::use_api;
use crate::components::feedback::Empty;
use crate::components::forms::{FormError, Submission};
use crate::components::guard::RequirePermission;
use crate::components::layout::use_document_title;
use crate::components::paged::{LoadState, Paged, PagedFooter};
use crate::format;
use crate::i18n::{Key, use_i18n};
use crate::pages::pending::{BulkResultNotice, StatusChip, is_client, today};
use crate::pages::tickets::shared::use_client_companies;
use crate::pending::{self, ListFilter};
use crate::session::use_session;

/// `/pendencias`.
#[component]
pub fn PendingListPage() -> impl IntoView {
    use_document_title(Key::PendingTitle);
    view! {
        <RequirePermission any_of=&["pending_items.view"]>
            <PendingList />
        </RequirePermission>
    }
}

/// Every segment, by name; empty when they cannot be read.
pub fn use_segments() -> LocalResource<Vec<Segment>> {
    let api = use_api();
    LocalResource::new(move || async move {
        api.get_all::<Segment>("/api/v1/segments")
            .await
            .unwrap_or_default()
    })
}

#[component]
fn PendingList() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let api = use_api();
    let query = use_query_map();
    let navigate = StoredValue::new_local(use_navigate());
    let client = is_client(session);
    let view_resolved = untrack(|| session.can("pending_items.view_resolved"));
    let by_segment = untrack(|| session.can("nav.by_segment"));
    let can_submit = untrack(|| session.can("pending_items.create"));

    let filter = Memo::new(move |_| query.with(|q| ListFilter::from_query(|name| q.get(name))));
    let set_filter = move |f: ListFilter| {
        let path = f.page_path();
        navigate.with_value(|go| go(&path, NavigateOptions::default()));
    };
    let search = RwSignal::new(String::new());
    Effect::new(move |_| search.set(filter.with(|f| f.q.clone())));

    let companies = use_client_companies();
    let company_list = move || companies.get().unwrap_or_default();
    let show_company_filter = move || !client || company_list().len() > 1;
    let segments = use_segments();
    let segment_name = move |id: &str| {
        segments.get().and_then(|list| {
            list.into_iter()
                .find(|s| s.id.to_string() == id)
                .map(|s| s.name)
        })
    };

    let items = Paged::<PendingItem>::new(api);
    let selected = RwSignal::new(Vec::<Uuid>::new());
    let result = RwSignal::new(None::<(PendingItemBulkResult, HashMap<Uuid, i64>)>);
    Effect::new(move |_| {
        let path = filter.with(|f| f.api_path(client, view_resolved));
        selected.set(Vec::new());
        items.load(path);
    });
    let on_bulk_done = Callback::new(move |outcome: PendingItemBulkResult| {
        let numbers: HashMap<Uuid, i64> = items.items().iter().map(|i| (i.id, i.number)).collect();
        selected.update(|s| s.retain(|id| outcome.failed.iter().any(|f| f.id == *id)));
        result.set(Some((outcome, numbers)));
        items.refresh();
    });

    let status_options = pending::filter_statuses(client, view_resolved);
    let today = today(session);

    view! {
        <div class="page page--wide">
            <header class="page__header page__header--actions">
                <div>
                    <h1 class="page__title" data-testid="page-title">{i18n.text(Key::PendingTitle)}</h1>
                    <p class="page__lead">
                        {move || i18n.t(if client { Key::PendingLeadClient } else { Key::PendingLead })}
                    </p>
                </div>
                <div class="button-row">
                    <Show when=move || session.can("nav.segments") || session.can("nav.by_segment")>
                        <A href="/pendencias/segmentos" attr:class="button button--secondary" attr:data-testid="pending-segments-link">
                            {i18n.text(Key::PendingSegmentsOpen)}
                        </A>
                    </Show>
                    <Show when=move || session.can("nav.new_pending_item")>
                        <A href="/pendencias/nova" attr:class="button button--primary" attr:data-testid="pending-new">
                            {i18n.text(Key::PendingNew)}
                        </A>
                    </Show>
                </div>
            </header>

            {move || {
                let f = filter.get();
                (!f.import_id.is_empty())
                    .then(|| {
                        let cleared = ListFilter { import_id: String::new(), ..f.clone() };
                        view! {
                            <div class="notice notice--info" role="status" data-testid="pending-import-filter">
                                <p class="notice__message">{i18n.text(Key::PendingFromImport)}</p>
                                <A href=cleared.page_path() attr:class="button button--ghost button--small">
                                    {i18n.text(Key::ClearFilters)}
                                </A>
                            </div>
                        }
                    })
            }}

            <form
                class="filters"
                role="search"
                aria-label=i18n.text(Key::Filters)
                data-testid="pending-filters"
                on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    set_filter(ListFilter { q: search.get_untracked().trim().to_owned(), ..filter.get_untracked() });
                }
            >
                <div class="field">
                    <label class="label" for="pending-status-filter">{i18n.text(Key::Status)}</label>
                    <select
                        id="pending-status-filter"
                        class="select"
                        data-testid="pending-filter-status"
                        on:change=move |ev| {
                            set_filter(ListFilter { status: event_target_value(&ev), ..filter.get_untracked() })
                        }
                    >
                        <option value="" selected=move || filter.with(|f| f.status.is_empty())>
                            {i18n.text(Key::AllStatuses)}
                        </option>
                        {status_options
                            .iter()
                            .map(|s| {
                                let value = *s;
                                view! {
                                    <option value=value selected=move || filter.with(|f| f.status == value)>
                                        {move || pending::status_label(i18n.locale(), value)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <Show when=show_company_filter>
                    <div class="field">
                        <label class="label" for="pending-company-filter">{i18n.text(Key::Company)}</label>
                        <select
                            id="pending-company-filter"
                            class="select"
                            data-testid="pending-filter-company"
                            on:change=move |ev| {
                                set_filter(ListFilter { company_id: event_target_value(&ev), ..filter.get_untracked() })
                            }
                        >
                            <option value="">{i18n.text(Key::AllCompanies)}</option>
                            {move || {
                                company_list()
                                    .into_iter()
                                    .map(|c| {
                                        let id = c.id.to_string();
                                        let selected = filter.with_untracked(|f| f.company_id == id);
                                        view! { <option value=id selected=selected>{c.name}</option> }
                                    })
                                    .collect_view()
                            }}
                        </select>
                    </div>
                </Show>
                <Show when=move || by_segment>
                    <div class="field">
                        <label class="label" for="pending-segment-filter">{i18n.text(Key::Segment)}</label>
                        <select
                            id="pending-segment-filter"
                            class="select"
                            data-testid="pending-filter-segment"
                            on:change=move |ev| {
                                set_filter(ListFilter { segment_id: event_target_value(&ev), ..filter.get_untracked() })
                            }
                        >
                            <option value="">{i18n.text(Key::PendingAllSegments)}</option>
                            {move || {
                                segments
                                    .get()
                                    .unwrap_or_default()
                                    .into_iter()
                                    .map(|s| {
                                        let id = s.id.to_string();
                                        let selected = filter.with_untracked(|f| f.segment_id == id);
                                        view! { <option value=id selected=selected>{s.name}</option> }
                                    })
                                    .collect_view()
                            }}
                        </select>
                    </div>
                </Show>
                <div class="field field--grow">
                    <label class="label" for="pending-q">{i18n.text(Key::Search)}</label>
                    <input
                        id="pending-q"
                        class="input"
                        type="search"
                        data-testid="pending-filter-q"
                        placeholder=i18n.text(Key::PendingSearchPlaceholder)
                        prop:value=move || search.get()
                        on:input=move |ev| search.set(event_target_value(&ev))
                    />
                </div>
                <div class="filters__buttons">
                    <Show when=move || !client>
                        <label class="check">
                            <input
                                type="checkbox"
                                class="check__input"
                                data-testid="pending-filter-mine"
                                prop:checked=move || filter.with(|f| f.mine)
                                on:change=move |ev| {
                                    set_filter(ListFilter { mine: event_target_checked(&ev), ..filter.get_untracked() })
                                }
                            />
                            <span class="check__label">{i18n.text(Key::PendingMine)}</span>
                        </label>
                    </Show>
                    <Show when=move || view_resolved>
                        <label class="check">
                            <input
                                type="checkbox"
                                class="check__input"
                                data-testid="pending-filter-resolved"
                                prop:checked=move || filter.with(|f| f.resolved)
                                on:change=move |ev| {
                                    set_filter(ListFilter { resolved: event_target_checked(&ev), ..filter.get_untracked() })
                                }
                            />
                            <span class="check__label">{i18n.text(Key::PendingShowResolved)}</span>
                        </label>
                    </Show>
                    <label class="check">
                        <input
                            type="checkbox"
                            class="check__input"
                            data-testid="pending-filter-overdue"
                            prop:checked=move || filter.with(|f| f.overdue)
                            on:change=move |ev| {
                                set_filter(ListFilter { overdue: event_target_checked(&ev), ..filter.get_untracked() })
                            }
                        />
                        <span class="check__label">{i18n.text(Key::PendingOnlyOverdue)}</span>
                    </label>
                    <button type="submit" class="button button--secondary" data-testid="pending-filter-apply">
                        {i18n.text(Key::Search)}
                    </button>
                    <Show when=move || filter.with(ListFilter::is_filtered)>
                        <button
                            type="button"
                            class="button button--ghost"
                            data-testid="pending-filter-clear"
                            on:click=move |_| set_filter(ListFilter::default())
                        >
                            {i18n.text(Key::ClearFilters)}
                        </button>
                    </Show>
                </div>
            </form>
            {move || {
                let id = filter.with(|f| f.segment_id.clone());
                (!id.is_empty())
                    .then(|| {
                        let name = segment_name(&id).unwrap_or_default();
                        view! {
                            <p class="hint" data-testid="pending-segment-shown">
                                {move || i18n.t(Key::PendingBySegmentShown).replace("{segment}", &name)}
                            </p>
                        }
                    })
            }}

            <Show when=move || can_submit && !selected.with(Vec::is_empty)>
                <SubmitBar selected on_done=on_bulk_done />
            </Show>
            {move || {
                result
                    .get()
                    .map(|(outcome, numbers)| {
                        view! {
                            <BulkResultNotice
                                result=outcome
                                numbers
                                on_close=Callback::new(move |()| result.set(None))
                            />
                        }
                    })
            }}
            <PendingTable items selected=can_submit.then_some(selected) today show_operator=!client />
            <PagedFooter paged=items testid="pending-load-more" />
        </div>
    }
}

/// The table of items: number, title, company, status, due date (overdue
/// ones marked), amount, operator; checkboxes when `selected` is given.
#[component]
pub fn PendingTable(
    items: Paged<PendingItem>,
    selected: Option<RwSignal<Vec<Uuid>>>,
    today: chrono::NaiveDate,
    show_operator: bool,
    /// Added to each item's link (e.g. where the item page leads back to).
    #[prop(optional)]
    link_query: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let page_ids = move || items.items().iter().map(|t| t.id).collect::<Vec<_>>();
    let all_selected = move || {
        let ids = page_ids();
        !ids.is_empty() && selected.is_some_and(|s| s.with(|s| ids.iter().all(|id| s.contains(id))))
    };
    let toggle_all = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        let ids = page_ids();
        if let Some(selected) = selected {
            selected.update(|s| {
                s.retain(|id| !ids.contains(id));
                if on {
                    s.extend(ids);
                }
            });
        }
    };
    view! {
        <Show
            when=move || !items.is_empty()
            fallback=|| view! { <Empty text=Key::PendingEmpty testid="pending-empty" /> }
        >
            <Show when=move || items.state() != LoadState::Loading>
                <div class="table-wrap">
                    <table class="table table--tickets table--cards" data-testid="pending-table">
                        <caption class="visually-hidden">{i18n.text(Key::PendingTitle)}</caption>
                        <thead>
                            <tr>
                                {selected
                                    .map(|_| {
                                        view! {
                                            <th scope="col" class="cell-check">
                                                <input
                                                    type="checkbox"
                                                    class="check__input"
                                                    data-testid="pending-select-all"
                                                    aria-label=i18n.text(Key::SelectAllOnPage)
                                                    prop:checked=all_selected
                                                    on:change=toggle_all
                                                />
                                            </th>
                                        }
                                    })}
                                <th scope="col">{i18n.text(Key::PendingNumber)}</th>
                                <th scope="col">{i18n.text(Key::Title)}</th>
                                <th scope="col">{i18n.text(Key::Company)}</th>
                                <th scope="col">{i18n.text(Key::Status)}</th>
                                <th scope="col">{i18n.text(Key::PendingDueDate)}</th>
                                <th scope="col" class="numeric">{i18n.text(Key::PendingAmount)}</th>
                                {show_operator.then(|| view! { <th scope="col" class="col-p3">{i18n.text(Key::PendingOperator)}</th> })}
                                <th scope="col" class="col-p3">{i18n.text(Key::UpdatedAt)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            <For each=move || items.items() key=|item| (item.id, item.version) let:item>
                                {
                                    let id = item.id;
                                    let href = match link_query {
                                        Some(query) => format!("{}?{query}", pending::item_path(id)),
                                        None => pending::item_path(id),
                                    };
                                    let reference = pending::number(item.number);
                                    let label_reference = reference.clone();
                                    let overdue = pending::is_overdue(&item, today);
                                    let due = item.due_date.map(pending::day);
                                    let amount = item.amount_cents.map(pending::amount);
                                    let operator = item.operator.clone().map(|p| p.name);
                                    let updated = format::datetime(&item.updated_at, &session.time_zone());
                                    view! {
                                        <tr
                                            data-testid="pending-row"
                                            data-number=item.number
                                            data-status=item.status.clone()
                                            class:table__row--selected=move || {
                                                selected.is_some_and(|s| s.with(|s| s.contains(&id)))
                                            }
                                        >
                                            {selected
                                                .map(|selected| {
                                                    view! {
                                                        <td class="cell-check">
                                                            <input
                                                                type="checkbox"
                                                                class="check__input"
                                                                data-testid="pending-select"
                                                                aria-label=move || {
                                                                    i18n.t(Key::PendingSelect).replace("{number}", &label_reference)
                                                                }
                                                                prop:checked=move || selected.with(|s| s.contains(&id))
                                                                on:change=move |ev| {
                                                                    let on = event_target_checked(&ev);
                                                                    selected.update(|s| {
                                                                        s.retain(|other| *other != id);
                                                                        if on {
                                                                            s.push(id);
                                                                        }
                                                                    });
                                                                }
                                                            />
                                                        </td>
                                                    }
                                                })}
                                            <td class="cell-mono cell-nowrap cell-ref">
                                                <A href=href.clone() attr:data-testid="pending-reference">{reference}</A>
                                            </td>
                                            <td class="cell-wrap pending-title cell-primary">
                                                <A href=href attr:class="cell-title" attr:data-testid="pending-link">
                                                    {item.title.clone()}
                                                </A>
                                            </td>
                                            <td data-label=i18n.text(Key::Company)>{item.company_name.clone()}</td>
                                            <td data-label=i18n.text(Key::Status)><StatusChip status=item.status.clone() /></td>
                                            <td
                                                class="cell-nowrap"
                                                data-label=i18n.text(Key::PendingDueDate)
                                                data-testid="pending-due"
                                                data-overdue=overdue.to_string()
                                            >
                                                {due.unwrap_or_else(|| "—".to_owned())}
                                                {overdue
                                                    .then(|| {
                                                        view! {
                                                            " "
                                                            <span class="badge badge--danger" data-testid="pending-overdue">
                                                                {i18n.text(Key::PendingOverdue)}
                                                            </span>
                                                        }
                                                    })}
                                            </td>
                                            <td class="numeric cell-nowrap" data-label=i18n.text(Key::PendingAmount) data-testid="pending-amount">
                                                {amount.unwrap_or_else(|| "—".to_owned())}
                                            </td>
                                            {show_operator
                                                .then(|| {
                                                    view! {
                                                        <td class="col-p3" data-label=i18n.text(Key::PendingOperator)>
                                                            {operator.unwrap_or_else(|| "—".to_owned())}
                                                        </td>
                                                    }
                                                })}
                                            <td class="cell-nowrap col-p3" data-label=i18n.text(Key::UpdatedAt)>{updated}</td>
                                        </tr>
                                    }
                                }
                            </For>
                        </tbody>
                    </table>
                </div>
            </Show>
        </Show>
    }
}

/// "Enviar para aprovação" for the selected items.
#[component]
fn SubmitBar(
    selected: RwSignal<Vec<Uuid>>,
    on_done: Callback<PendingItemBulkResult>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let submission = Submission::new();
    let send = move |_| {
        let step = PendingItemBulkStep {
            ids: selected.get_untracked(),
            action: "submit".to_owned(),
            reason: None,
        };
        submission.run(
            async move {
                api.send_json::<_, PendingItemBulkResult>(
                    Method::POST,
                    "/api/v1/pending-items/bulk",
                    &step,
                )
                .await
            },
            move |outcome| on_done.run(outcome),
        );
    };
    view! {
        <div class="bulk-bar" role="group" aria-labelledby="pending-bulk-count" data-testid="pending-bulk-bar">
            <p class="bulk-bar__count" id="pending-bulk-count" data-testid="pending-bulk-count">
                {move || i18n.t(Key::BulkSelected).replace("{n}", &selected.with(Vec::len).to_string())}
            </p>
            <div class="button-row">
                <button
                    type="button"
                    class="button button--primary"
                    data-testid="pending-bulk-submit"
                    disabled=move || submission.pending()
                    on:click=send
                >
                    {move || pending::step_label(i18n.locale(), "submit")}
                </button>
                <button
                    type="button"
                    class="button button--ghost"
                    data-testid="pending-bulk-clear"
                    on:click=move |_| selected.set(Vec::new())
                >
                    {i18n.text(Key::ClearSelection)}
                </button>
            </div>
            <FormError submission testid="pending-bulk-error" />
        </div>
    }
}
