//! `/atendimento` and `/atendimento/lista`: the support workspace, as a
//! Kanban board or as a list, under one filter (kept while switching
//! between the two) and the saved views. Filters in the address
//! (`/atendimento/lista?sla=at_risk`) are applied on arrival.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_query_map};

use crate::api::use_api;
use crate::components::guard::RequirePermission;
use crate::components::layout::use_document_title;
use crate::format;
use crate::i18n::{Key, use_i18n};
use crate::pages::tickets::board::Board;
use crate::pages::tickets::filters::{FilterBuilder, Lookups, SavedViews};
use crate::pages::tickets::list::TicketList;
use crate::pages::tickets::shared::{
    load_staff, use_categories, use_client_companies, use_consultancies, use_teams,
};
use crate::session::use_session;
use crate::tickets::ListFilter;

/// The workspace's filter, kept at the application root so the board and
/// the list share it.
#[derive(Clone, Copy)]
struct WorkspaceFilter(RwSignal<ListFilter>);

/// Provides the workspace's filter (once, at the application root).
pub fn provide_workspace_filter() {
    provide_context(WorkspaceFilter(RwSignal::new(ListFilter::default())));
}

fn use_workspace_filter() -> RwSignal<ListFilter> {
    use_context::<WorkspaceFilter>()
        .map(|w| w.0)
        .unwrap_or_else(|| RwSignal::new(ListFilter::default()))
}

/// `/atendimento`.
#[component]
pub fn WorkspaceBoardPage() -> impl IntoView {
    use_document_title(Key::WorkspaceTitle);
    view! {
        <RequirePermission any_of=&["tickets.work"]>
            <Workspace board=true />
        </RequirePermission>
    }
}

/// `/atendimento/lista`.
#[component]
pub fn WorkspaceListPage() -> impl IntoView {
    use_document_title(Key::WorkspaceTitle);
    view! {
        <RequirePermission any_of=&["tickets.work"]>
            <Workspace board=false />
        </RequirePermission>
    }
}

#[component]
fn Workspace(board: bool) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let api = use_api();
    let filter = use_workspace_filter();
    // A link with filters in its address (the home page's figures) sets
    // the filter; the filter itself is not written back to the address.
    let query = use_query_map();
    Effect::new(move |_| {
        let params: BTreeMap<String, String> = query.with(|q| {
            q.clone()
                .into_iter()
                .map(|(name, value)| (name.to_string(), value))
                .collect()
        });
        if params.is_empty() {
            return;
        }
        let zone = session.time_zone();
        filter.set(ListFilter::from_params(&params, |instant| {
            format::day_of(instant, &zone)
        }));
    });

    let staff = LocalResource::new(move || load_staff(api, None));
    let teams = use_teams();
    let categories = use_categories();
    let companies = use_client_companies();
    let consultancies = use_consultancies();
    let lookups = Lookups {
        staff: Signal::derive(move || staff.get().flatten()),
        teams: Signal::derive(move || teams.get().unwrap_or_default()),
        categories: Signal::derive(move || categories.get().unwrap_or_default()),
        companies: Signal::derive(move || companies.get().unwrap_or_default()),
        consultancies: Signal::derive(move || consultancies.get().unwrap_or_default()),
    };

    view! {
        <div class="page page--wide workspace">
            <header class="page__header page__header--actions">
                <div>
                    <h1 class="page__title" data-testid="page-title">{i18n.text(Key::WorkspaceTitle)}</h1>
                    <p class="page__lead">{i18n.text(Key::WorkspaceLead)}</p>
                </div>
                <div class="button-row">
                    <A href="/atendimento/respostas" attr:class="button button--secondary" attr:data-testid="canned-manage">
                        {i18n.text(Key::CannedResponses)}
                    </A>
                    <Show when=move || session.can("tickets.create")>
                        <A href="/chamados/novo" attr:class="button button--primary" attr:data-testid="ticket-new">
                            {i18n.text(Key::NewTicket)}
                        </A>
                    </Show>
                </div>
            </header>
            <div class="toolbar">
                <nav class="tabs" aria-label=i18n.text(Key::WorkspaceViews)>
                    <A href="/atendimento" exact=true attr:class="tabs__tab" attr:data-testid="workspace-board-tab">
                        {i18n.text(Key::BoardView)}
                    </A>
                    <A href="/atendimento/lista" exact=true attr:class="tabs__tab" attr:data-testid="workspace-list-tab">
                        {i18n.text(Key::ListView)}
                    </A>
                </nav>
                <SavedViews applied=filter />
            </div>
            <FilterBuilder applied=filter lookups with_status=!board />
            {if board {
                view! { <Board filter /> }.into_any()
            } else {
                view! { <TicketList filter lookups /> }.into_any()
            }}
        </div>
    }
}
