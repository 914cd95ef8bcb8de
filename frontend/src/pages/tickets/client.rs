//! `/chamados`: the client panel ("Meus chamados"). Counters (open,
//! finished, total, within and outside the SLA), the tickets in the
//! person's reach as open, finished or all, a full-text search (accents do
//! not matter), a filter by end client for people who see several client
//! companies (a consultancy's lead), and the way to open a new ticket.
//! Staff see the same panel over the companies they work.

use atende_types::tickets::{Ticket, TicketCounters};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{Query, use_api};
use crate::components::feedback::{Empty, FailureNotice, Loading};
use crate::components::guard::RequirePermission;
use crate::components::layout::use_document_title;
use crate::components::paged::{LoadState, Paged, PagedFooter};
use crate::format;
use crate::i18n::{Key, use_i18n};
use crate::live::use_live;
use crate::pages::tickets::shared::{
    PriorityBadge, SlaBadge, StatusBadge, company_options, ticket_path, use_client_companies,
};
use crate::session::use_session;
use crate::tickets::{counter, sla_fingerprint};

/// `/chamados`.
#[component]
pub fn TicketsPage() -> impl IntoView {
    let session = use_session();
    let title = if untrack(|| session.can("tickets.work")) {
        Key::TicketsTitle
    } else {
        Key::MyTicketsTitle
    };
    use_document_title(title);
    view! {
        <RequirePermission any_of=&["tickets.view"]>
            <TicketsHome title />
        </RequirePermission>
    }
}

/// Which tickets the list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Open,
    Finished,
    All,
}

impl Tab {
    fn open_param(self) -> &'static str {
        match self {
            Tab::Open => "true",
            Tab::Finished => "false",
            Tab::All => "",
        }
    }
}

#[component]
fn TicketsHome(title: Key) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let api = use_api();
    let live = use_live();

    let tab = RwSignal::new(Tab::Open);
    let search = RwSignal::new(String::new());
    let applied_search = RwSignal::new(String::new());
    let company = RwSignal::new(String::new());
    let companies = use_client_companies();
    let company_list = move || companies.get().unwrap_or_default();
    let several_companies = move || company_list().len() > 1;

    let counters = LocalResource::new(move || {
        let path = Query::new("/api/v1/tickets/counters")
            .param("company_id", &company.get())
            .build();
        async move { api.get_json::<TicketCounters>(&path).await }
    });
    let tickets = Paged::<Ticket>::new(api);
    let path = Memo::new(move |_| {
        Query::new("/api/v1/tickets")
            .param("open", tab.get().open_param())
            .param("q", &applied_search.get())
            .param("company_id", &company.get())
            .build()
    });
    Effect::new(move |_| tickets.load(path.get()));
    // Someone changed a ticket: the counters and the list follow.
    Effect::new(move |previous: Option<u64>| {
        let changes = live.changes();
        if previous.is_some() {
            tickets.refresh();
            counters.refetch();
        }
        changes
    });

    let tab_button = move |which: Tab, key: Key, testid: &'static str| {
        view! {
            <button
                type="button"
                class="tabs__tab"
                aria-pressed=move || (tab.get() == which).to_string()
                data-testid=testid
                on:click=move |_| tab.set(which)
            >
                {move || i18n.t(key)}
            </button>
        }
    };
    let show_company = move || several_companies() || session.can("tickets.work");

    view! {
        <div class="page page--wide">
            <header class="page__header page__header--actions">
                <div>
                    <h1 class="page__title" data-testid="page-title">{move || i18n.t(title)}</h1>
                    <p class="page__lead">{i18n.text(Key::MyTicketsLead)}</p>
                </div>
                <Show when=move || session.can("tickets.create")>
                    <A href="/chamados/novo" attr:class="button button--primary" attr:data-testid="ticket-new">
                        {i18n.text(Key::NewTicket)}
                    </A>
                </Show>
            </header>

            <section class="kpis" aria-label=i18n.text(Key::TicketSummary) data-testid="ticket-kpis">
                {move || match counters.get() {
                    None => view! { <Loading /> }.into_any(),
                    Some(Err(failure)) => {
                        view! { <FailureNotice failure on_retry=Callback::new(move |()| counters.refetch()) /> }
                            .into_any()
                    }
                    Some(Ok(c)) => {
                        view! {
                            <Kpi label=Key::KpiOpen value=c.open.to_string() testid="kpi-open" tone="info" />
                            <Kpi label=Key::KpiFinished value=c.closed.to_string() testid="kpi-finished" tone="success" />
                            <Kpi label=Key::KpiTotal value=c.total.to_string() testid="kpi-total" tone="neutral" />
                            <Kpi
                                label=Key::KpiWithinSla
                                value=counter(c.within_sla)
                                testid="kpi-within-sla"
                                tone="success"
                            />
                            <Kpi
                                label=Key::KpiOutsideSla
                                value=counter(c.outside_sla)
                                testid="kpi-outside-sla"
                                tone="danger"
                            />
                        }
                            .into_any()
                    }
                }}
            </section>

            <div class="toolbar">
                <div class="tabs" role="group" aria-label=i18n.text(Key::TicketsShown)>
                    {tab_button(Tab::Open, Key::TabOpen, "tickets-tab-open")}
                    {tab_button(Tab::Finished, Key::TabFinished, "tickets-tab-finished")}
                    {tab_button(Tab::All, Key::TabAll, "tickets-tab-all")}
                </div>
                <form
                    class="toolbar__search"
                    role="search"
                    aria-label=i18n.text(Key::SearchTickets)
                    on:submit=move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        applied_search.set(search.get_untracked());
                    }
                >
                    <Show when=several_companies>
                        <div class="field field--inline">
                            <label class="label" for="tickets-company">{i18n.text(Key::EndClient)}</label>
                            <select
                                id="tickets-company"
                                class="select"
                                data-testid="tickets-company"
                                on:change=move |ev| company.set(event_target_value(&ev))
                            >
                                <option value="">{i18n.text(Key::AllCompanies)}</option>
                                {move || company_options(company_list(), company)}
                            </select>
                        </div>
                    </Show>
                    <div class="field field--inline field--grow">
                        <label class="visually-hidden" for="tickets-q">{i18n.text(Key::SearchTickets)}</label>
                        <input
                            id="tickets-q"
                            class="input"
                            type="search"
                            data-testid="tickets-search"
                            placeholder=i18n.text(Key::SearchTicketsPlaceholder)
                            prop:value=move || search.get()
                            on:input=move |ev| search.set(event_target_value(&ev))
                        />
                    </div>
                    <button type="submit" class="button button--secondary" data-testid="tickets-search-submit">
                        {i18n.text(Key::Search)}
                    </button>
                </form>
            </div>

            <TicketTable tickets show_company />
            <PagedFooter paged=tickets testid="tickets-load-more" />
        </div>
    }
}

/// One counter.
#[component]
fn Kpi(label: Key, value: String, testid: &'static str, tone: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class=format!("kpi kpi--{tone}") data-testid=testid>
            <span class="kpi__label">{move || i18n.t(label)}</span>
            <span class="kpi__value" data-testid=format!("{testid}-value")>{value}</span>
        </div>
    }
}

/// The list of tickets: number, subject, company, status, priority and
/// last change; each leads to its page.
#[component]
pub fn TicketTable(
    tickets: Paged<Ticket>,
    #[prop(into)] show_company: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    view! {
        <Show
            when=move || !tickets.is_empty()
            fallback=|| view! { <Empty text=Key::TicketsEmpty testid="tickets-empty" /> }
        >
            <Show when=move || tickets.state() != LoadState::Loading>
                <div class="table-wrap">
                    <table class="table table--tickets table--cards" data-testid="tickets-table">
                        <caption class="visually-hidden">{i18n.text(Key::TicketsTitle)}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{i18n.text(Key::TicketNumber)}</th>
                                <th scope="col">{i18n.text(Key::Subject)}</th>
                                <Show when=move || show_company.get()>
                                    <th scope="col">{i18n.text(Key::Company)}</th>
                                </Show>
                                <th scope="col">{i18n.text(Key::Status)}</th>
                                <th scope="col">{i18n.text(Key::Priority)}</th>
                                <th scope="col">{i18n.text(Key::Sla)}</th>
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
                                    let href = ticket_path(ticket.id);
                                    let updated = format::datetime(&ticket.updated_at, &session.time_zone());
                                    view! {
                                        <tr data-testid="ticket-row" data-number=ticket.number>
                                            <td class="cell-mono cell-nowrap cell-ref">
                                                <A href=href.clone() attr:data-testid="ticket-reference">
                                                    {ticket.reference.clone()}
                                                </A>
                                            </td>
                                            <td class="cell-wrap cell-primary">
                                                <A href=href attr:class="cell-title" attr:data-testid="ticket-link">
                                                    {ticket.subject.clone()}
                                                </A>
                                            </td>
                                            <Show when=move || show_company.get()>
                                                <td data-label=i18n.text(Key::Company)>{ticket.company_name.clone()}</td>
                                            </Show>
                                            <td data-label=i18n.text(Key::Status)><StatusBadge status=ticket.status.clone() /></td>
                                            <td data-label=i18n.text(Key::Priority)><PriorityBadge priority=ticket.priority.clone() /></td>
                                            <td class="cell-nowrap" data-label=i18n.text(Key::Sla)><SlaBadge sla=ticket.sla.clone() /></td>
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
