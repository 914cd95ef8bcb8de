//! The workspace's list: the filtered tickets a page at a time, with
//! checkboxes to change many at once (status, priority, assignee). Each
//! ticket is changed on its own; the ones the server refuses (a forbidden
//! transition, say) are listed with the reason.

use std::collections::HashMap;

use atende_core::tickets::{Priority, TicketStatus, format_number};
use atende_types::tickets::{Ticket, TicketBulkResult, TicketBulkUpdate};
use gloo_net::http::Method;
use leptos::prelude::*;
use leptos_router::components::A;
use uuid::Uuid;

use crate::api::use_api;
use crate::components::feedback::Empty;
use crate::components::forms::{FormError, Submission};
use crate::components::paged::{LoadState, Paged, PagedFooter};
use crate::format;
use crate::i18n::{Key, use_i18n};
use crate::labels;
use crate::live::use_live;
use crate::pages::tickets::filters::Lookups;
use crate::pages::tickets::shared::{PriorityBadge, SlaBadge, StatusBadge, ticket_path};
use crate::session::use_session;
use crate::tickets::{ListFilter, sla_fingerprint};

#[component]
pub fn TicketList(filter: RwSignal<ListFilter>, lookups: Lookups) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let api = use_api();
    let live = use_live();
    let tickets = Paged::<Ticket>::new(api);
    let selected = RwSignal::new(Vec::<Uuid>::new());
    let result = RwSignal::new(None::<(TicketBulkResult, HashMap<Uuid, i64>)>);

    Effect::new(move |_| {
        let zone = session.time_zone();
        let path =
            filter.with(|f| f.path("/api/v1/tickets", |d| format::day_start_param(d, &zone)));
        selected.set(Vec::new());
        tickets.load(path);
    });
    Effect::new(move |previous: Option<u64>| {
        let changes = live.changes();
        if previous.is_some() {
            tickets.refresh();
        }
        changes
    });

    let page_ids = move || tickets.items().iter().map(|t| t.id).collect::<Vec<_>>();
    let all_selected = move || {
        let ids = page_ids();
        !ids.is_empty() && selected.with(|s| ids.iter().all(|id| s.contains(id)))
    };
    let toggle_all = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        let ids = page_ids();
        selected.update(|s| {
            s.retain(|id| !ids.contains(id));
            if on {
                s.extend(ids);
            }
        });
    };
    let on_bulk_done = Callback::new(move |outcome: TicketBulkResult| {
        let numbers: HashMap<Uuid, i64> =
            tickets.items().iter().map(|t| (t.id, t.number)).collect();
        selected.update(|s| s.retain(|id| outcome.failed.iter().any(|f| f.id == *id)));
        result.set(Some((outcome, numbers)));
        tickets.refresh();
    });

    view! {
        <Show when=move || !selected.with(Vec::is_empty)>
            <BulkBar selected lookups on_done=on_bulk_done />
        </Show>
        {move || {
            result
                .get()
                .map(|(outcome, numbers)| {
                    let updated = outcome.updated.len();
                    let failed = outcome.failed;
                    let all_done = failed.is_empty();
                    view! {
                        <div
                            class="notice"
                            class:notice--success=all_done
                            class:notice--warning=!all_done
                            role="status"
                            data-testid="bulk-result"
                        >
                            <p class="notice__message">
                                {move || i18n.t(Key::BulkUpdated).replace("{n}", &updated.to_string())}
                            </p>
                            {(!all_done)
                                .then(|| {
                                    view! {
                                        <ul class="plain-list">
                                            {failed
                                                .into_iter()
                                                .map(|f| {
                                                    let number = numbers
                                                        .get(&f.id)
                                                        .map_or_else(|| f.id.to_string(), |n| format_number(*n));
                                                    view! { <li>{number} ": " {f.reason}</li> }
                                                })
                                                .collect_view()}
                                        </ul>
                                    }
                                })}
                            <button type="button" class="button button--ghost button--small" on:click=move |_| result.set(None)>
                                {i18n.text(Key::Close)}
                            </button>
                        </div>
                    }
                })
        }}
        <Show
            when=move || !tickets.is_empty()
            fallback=|| view! { <Empty text=Key::TicketsEmpty testid="workspace-empty" /> }
        >
            <Show when=move || tickets.state() != LoadState::Loading>
                <div class="table-wrap">
                    <table class="table table--tickets table--cards" data-testid="workspace-table">
                        <caption class="visually-hidden">{i18n.text(Key::TicketsTitle)}</caption>
                        <thead>
                            <tr>
                                <th scope="col" class="cell-check">
                                    <input
                                        type="checkbox"
                                        class="check__input"
                                        data-testid="ticket-select-all"
                                        aria-label=i18n.text(Key::SelectAllOnPage)
                                        prop:checked=all_selected
                                        on:change=toggle_all
                                    />
                                </th>
                                <th scope="col">{i18n.text(Key::TicketNumber)}</th>
                                <th scope="col">{i18n.text(Key::Subject)}</th>
                                <th scope="col">{i18n.text(Key::Company)}</th>
                                <th scope="col">{i18n.text(Key::Status)}</th>
                                <th scope="col">{i18n.text(Key::Priority)}</th>
                                <th scope="col">{i18n.text(Key::Sla)}</th>
                                <th scope="col">{i18n.text(Key::Assignee)}</th>
                                <th scope="col" class="col-p3">{i18n.text(Key::UpdatedAt)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            <For
                                each=move || tickets.items()
                                key=|ticket| (ticket.id, ticket.version, sla_fingerprint(ticket.sla.as_ref()))
                                let:ticket
                            >
                                {
                                    let id = ticket.id;
                                    let href = ticket_path(id);
                                    let updated = format::datetime(&ticket.updated_at, &session.time_zone());
                                    let reference = ticket.reference.clone();
                                    let assignee = ticket.assignee.clone().map(|p| p.name);
                                    view! {
                                        <tr
                                            data-testid="workspace-row"
                                            data-number=ticket.number
                                            class:table__row--selected=move || selected.with(|s| s.contains(&id))
                                        >
                                            <td class="cell-check">
                                                <input
                                                    type="checkbox"
                                                    class="check__input"
                                                    data-testid="ticket-select"
                                                    aria-label=move || i18n.t(Key::SelectTicket).replace("{number}", &reference)
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
                                            <td class="cell-mono cell-nowrap cell-ref">
                                                <A href=href.clone()>{ticket.reference.clone()}</A>
                                            </td>
                                            <td class="cell-wrap cell-primary">
                                                <A href=href attr:class="cell-title" attr:data-testid="ticket-link">
                                                    {ticket.subject.clone()}
                                                </A>
                                            </td>
                                            <td data-label=i18n.text(Key::Company)>{ticket.company_name.clone()}</td>
                                            <td data-label=i18n.text(Key::Status)><StatusBadge status=ticket.status.clone() /></td>
                                            <td data-label=i18n.text(Key::Priority)><PriorityBadge priority=ticket.priority.clone() /></td>
                                            <td class="cell-nowrap" data-label=i18n.text(Key::Sla)><SlaBadge sla=ticket.sla.clone() /></td>
                                            <td data-label=i18n.text(Key::Assignee)>
                                                {match assignee {
                                                    Some(name) => view! { {name} }.into_any(),
                                                    None => view! { <span class="cell-sub">{i18n.text(Key::Unassigned)}</span> }.into_any(),
                                                }}
                                            </td>
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
        <PagedFooter paged=tickets testid="workspace-load-more" />
    }
}

/// The change to apply to the selected tickets.
#[component]
fn BulkBar(
    selected: RwSignal<Vec<Uuid>>,
    lookups: Lookups,
    on_done: Callback<TicketBulkResult>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let status = RwSignal::new(String::new());
    let priority = RwSignal::new(String::new());
    let assignee = RwSignal::new(String::new());
    let submission = Submission::new();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let assignee_id = match assignee.get_untracked().as_str() {
            "" => None,
            "none" => Some(None),
            id => Uuid::parse_str(id).ok().map(Some),
        };
        let change = TicketBulkUpdate {
            ids: selected.get_untracked(),
            status: Some(status.get_untracked()).filter(|s| !s.is_empty()),
            priority: Some(priority.get_untracked()).filter(|p| !p.is_empty()),
            assignee_id,
        };
        if change.status.is_none() && change.priority.is_none() && change.assignee_id.is_none() {
            submission.complain(None, Key::BulkNothingChosen);
            return;
        }
        submission.run(
            async move {
                api.send_json::<_, TicketBulkResult>(Method::POST, "/api/v1/tickets/bulk", &change)
                    .await
            },
            move |outcome| {
                status.set(String::new());
                priority.set(String::new());
                assignee.set(String::new());
                on_done.run(outcome);
            },
        );
    };

    view! {
        <form class="bulk-bar" on:submit=on_submit novalidate data-testid="bulk-bar" aria-labelledby="bulk-titulo">
            <p class="bulk-bar__count" id="bulk-titulo" data-testid="bulk-count">
                {move || i18n.t(Key::BulkSelected).replace("{n}", &selected.with(Vec::len).to_string())}
            </p>
            <div class="field field--inline">
                <label class="label" for="bulk-status">{i18n.text(Key::Status)}</label>
                <select
                    id="bulk-status"
                    class="select"
                    data-testid="bulk-status"
                    prop:value=move || status.get()
                    on:change=move |ev| status.set(event_target_value(&ev))
                >
                    <option value="">{i18n.text(Key::KeepAsIs)}</option>
                    {TicketStatus::ALL
                        .iter()
                        .map(|s| {
                            let value = s.as_str();
                            view! { <option value=value>{move || labels::ticket_status(i18n.locale(), value)}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field field--inline">
                <label class="label" for="bulk-priority">{i18n.text(Key::Priority)}</label>
                <select
                    id="bulk-priority"
                    class="select"
                    data-testid="bulk-priority"
                    prop:value=move || priority.get()
                    on:change=move |ev| priority.set(event_target_value(&ev))
                >
                    <option value="">{i18n.text(Key::KeepAsIs)}</option>
                    {Priority::ALL
                        .iter()
                        .map(|p| {
                            let value = p.as_str();
                            view! { <option value=value>{move || labels::priority(i18n.locale(), value)}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field field--inline">
                <label class="label" for="bulk-assignee">{i18n.text(Key::Assignee)}</label>
                <select
                    id="bulk-assignee"
                    class="select"
                    data-testid="bulk-assignee"
                    prop:value=move || assignee.get()
                    on:change=move |ev| assignee.set(event_target_value(&ev))
                >
                    <option value="">{i18n.text(Key::KeepAsIs)}</option>
                    <option value="none">{i18n.text(Key::Unassigned)}</option>
                    {move || {
                        lookups
                            .assignees(i18n)
                            .into_iter()
                            .map(|(id, name)| view! { <option value=id.to_string()>{name}</option> })
                            .collect_view()
                    }}
                </select>
            </div>
            <div class="button-row">
                <button
                    type="submit"
                    class="button button--primary"
                    data-testid="bulk-apply"
                    disabled=move || submission.pending()
                >
                    {i18n.text(Key::ApplyToSelected)}
                </button>
                <button
                    type="button"
                    class="button button--ghost"
                    data-testid="bulk-clear"
                    on:click=move |_| selected.set(Vec::new())
                >
                    {i18n.text(Key::ClearSelection)}
                </button>
            </div>
            <FormError submission testid="bulk-error" />
        </form>
    }
}
