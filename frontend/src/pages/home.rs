//! `/`: the home page, composed per role from the API's lists and counters.
//!
//! - Client and client supervisor: the spec's client panel — open,
//!   finished, within and outside the SLA, the latest tickets, the pending
//!   items waiting on them and "Novo chamado".
//! - Agent: their queue, what falls due soon, mentions and notifications,
//!   the pending items waiting for them.
//! - Supervisor: the team's figures (backlog, SLA at risk and breached,
//!   unassigned, approvals waiting, overdue pending items), each a link to
//!   the filtered list, and the operators' load.
//! - Administrator: the supervisor's page with a setup checklist on top
//!   until every step is done. The server's status lives at
//!   `/gerenciar/sistema`.
//!
//! Each card asks for its permission; the server enforces the same.

use atende_core::permissions::{Permission, Role};
use atende_types::{
    Page,
    pending::{OperatorDashboard, PendingItem, SupervisorDashboard},
    tickets::{Notification, StaffMember, Ticket, TicketCounters},
};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{Api, ApiFailure, Query, use_api};
use crate::components::feedback::{FailureNotice, Loading};
use crate::components::layout::use_document_title;
use crate::components::notifications::notification_href;
use crate::format;
use crate::i18n::{Key, local_storage, use_i18n};
use crate::live::use_live;
use crate::pages::tickets::shared::{SlaBadge, StatusBadge, is_missing, ticket_path};
use crate::pending;
use crate::session::use_session;
use crate::tickets::{counter, notification_text};

/// How many rows each card lists.
const SHOWN: usize = 5;
/// At most this many colleagues are counted for the operators' load.
const LOAD_MAX_STAFF: usize = 30;
/// `localStorage` key: the administrator said e-mail is configured (the
/// API cannot tell).
const EMAIL_DONE_KEY: &str = "atende.setup.email";

type Loaded<T> = LocalResource<Result<T, ApiFailure>>;

/// `/`.
#[component]
pub fn Home() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    use_document_title(Key::NavHome);

    // The page is drawn once `/me` has arrived (the frame waits for it).
    let role = untrack(|| session.role());
    let can_work = untrack(|| session.can(Permission::TicketsWork));
    let kind = match role {
        Some(Role::Client | Role::ClientSupervisor) => HomeKind::Client,
        Some(Role::Agent) => HomeKind::Agent,
        Some(Role::Supervisor) => HomeKind::Supervisor,
        Some(Role::Admin) => HomeKind::Admin,
        None if can_work => HomeKind::Agent,
        None => HomeKind::Client,
    };
    let first_name = move || {
        session
            .with_me(|me| {
                me.user
                    .name
                    .split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .to_owned()
            })
            .unwrap_or_default()
    };
    let greeting = move || i18n.t(Key::HomeGreeting).replace("{name}", &first_name());

    let body = match kind {
        HomeKind::Client => view! { <ClientHome /> }.into_any(),
        HomeKind::Agent => view! { <AgentHome /> }.into_any(),
        HomeKind::Supervisor => view! { <SupervisorHome /> }.into_any(),
        HomeKind::Admin => view! { <SetupChecklist /> <SupervisorHome /> }.into_any(),
    };

    view! {
        <div class="page page--wide home" data-testid=kind.testid() data-role=kind.testid()>
            <header class="page__header page__header--actions">
                <div>
                    <h1 class="page__title" data-testid="page-title">{greeting}</h1>
                    <p class="page__lead" data-testid="home-lead">{i18n.text(kind.lead())}</p>
                </div>
                <Show when=move || session.can(Permission::TicketsCreate)>
                    <A href="/chamados/novo" attr:class="button button--primary" attr:data-testid="home-new-ticket">
                        {i18n.text(Key::NewTicket)}
                    </A>
                </Show>
            </header>
            {body}
        </div>
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HomeKind {
    Client,
    Agent,
    Supervisor,
    Admin,
}

impl HomeKind {
    fn testid(self) -> &'static str {
        match self {
            HomeKind::Client => "home-client",
            HomeKind::Agent => "home-agent",
            HomeKind::Supervisor => "home-supervisor",
            HomeKind::Admin => "home-admin",
        }
    }

    fn lead(self) -> Key {
        match self {
            HomeKind::Client => Key::HomeLeadClient,
            HomeKind::Agent => Key::HomeLeadAgent,
            HomeKind::Supervisor => Key::HomeLeadSupervisor,
            HomeKind::Admin => Key::HomeLeadAdmin,
        }
    }
}

// ------------------------------------------------------------------ client

/// The spec's client panel.
#[component]
fn ClientHome() -> impl IntoView {
    let api = use_api();
    let session = use_session();
    let live = use_live();
    let counters = counters(api, Query::new("/api/v1/tickets/counters").build());
    let latest = tickets(
        api,
        Query::new("/api/v1/tickets")
            .param("limit", &SHOWN.to_string())
            .build(),
    );
    refetch_on_changes(live, counters, latest);
    let waiting = items(
        api,
        Query::new("/api/v1/pending-items")
            .param("status", "awaiting_client")
            .param("limit", &SHOWN.to_string())
            .build(),
    );
    view! {
        <section class="kpis home__kpis" aria-label=use_i18n().text(Key::TicketSummary) data-testid="home-kpis">
            <Tile label=Key::KpiOpen value=pick(counters, |c| c.open.to_string()) href="/chamados" tone="info" testid="home-kpi-open" />
            <Tile label=Key::KpiFinished value=pick(counters, |c| c.closed.to_string()) href="/chamados" tone="success" testid="home-kpi-finished" />
            <Tile
                label=Key::KpiWithinSla
                value=pick(counters, |c| counter(c.within_sla))
                href="/chamados"
                tone="success"
                testid="home-kpi-within-sla"
            />
            <Tile
                label=Key::KpiOutsideSla
                value=pick(counters, |c| counter(c.outside_sla))
                href="/chamados"
                tone="danger"
                testid="home-kpi-outside-sla"
            />
        </section>
        <div class="home__grid">
            <HomeCard title=Key::HomeLatestTickets more="/chamados".to_owned() testid="home-latest-tickets">
                <TicketBriefs list=latest empty=Key::HomeNoTickets />
            </HomeCard>
            <Show when=move || session.can(Permission::PendingItemsView)>
                <HomeCard
                    title=Key::HomeWaitingOnYou
                    more="/pendencias?status=awaiting_client".to_owned()
                    testid="home-waiting-pending"
                >
                    <PendingBriefs list=waiting empty=Key::HomeNothingWaiting />
                </HomeCard>
            </Show>
        </div>
    }
}

// ------------------------------------------------------------------- agent

/// The agent's day: their queue, what falls due, mentions, pending items.
#[component]
fn AgentHome() -> impl IntoView {
    let api = use_api();
    let session = use_session();
    let live = use_live();
    let me = untrack(|| session.with_me(|me| me.user.id)).unwrap_or_default();
    let mine = me.to_string();

    let my_counters = counters(
        api,
        Query::new("/api/v1/tickets/counters")
            .param("open", "true")
            .param("assignee_id", &mine)
            .build(),
    );
    let due_counters = counters(
        api,
        Query::new("/api/v1/tickets/counters")
            .param("open", "true")
            .param("sla", "at_risk,breached")
            .build(),
    );
    let unassigned = counters(
        api,
        Query::new("/api/v1/tickets/counters")
            .param("open", "true")
            .param("assignee_id", "none")
            .build(),
    );
    let queue = tickets(
        api,
        Query::new("/api/v1/tickets")
            .param("open", "true")
            .param("assignee_id", &mine)
            .param("limit", &SHOWN.to_string())
            .build(),
    );
    let due = tickets(
        api,
        Query::new("/api/v1/tickets")
            .param("open", "true")
            .param("sla", "at_risk,breached")
            .param("limit", &SHOWN.to_string())
            .build(),
    );
    refetch_on_changes(live, my_counters, queue);
    refetch_on_changes(live, due_counters, due);
    let operator = LocalResource::new(move || async move {
        api.get_json::<OperatorDashboard>("/api/v1/pending-items/dashboard?kind=operator")
            .await
    });
    let to_process = items(
        api,
        Query::new("/api/v1/pending-items")
            .param("status", "answered")
            .param("operator_id", "me")
            .param("limit", &SHOWN.to_string())
            .build(),
    );
    let notifications = LocalResource::new(move || async move {
        api.get_json::<Page<Notification>>(&format!("/api/v1/notifications?limit={SHOWN}"))
            .await
            .map(|page| page.items)
    });
    // A new notification shows up here too.
    Effect::new(move |previous: Option<Option<u64>>| {
        let unread = live.unread();
        if previous.is_some_and(|p| p != unread) {
            notifications.refetch();
        }
        unread
    });

    let queue_href = workspace_list(&[("assignee_id", &mine), ("open", "true")]);
    let due_href = workspace_list(&[("sla", "at_risk,breached"), ("open", "true")]);
    let unassigned_href = workspace_list(&[("assignee_id", "none"), ("open", "true")]);
    let pending_view = untrack(|| session.can(Permission::DashboardOperator));

    view! {
        <section class="kpis home__kpis" aria-label=use_i18n().text(Key::HomeFigures) data-testid="home-kpis">
            <Tile label=Key::HomeMyQueue value=pick(my_counters, |c| c.open.to_string()) href=queue_href.clone() tone="info" testid="home-kpi-my-queue" />
            <Tile label=Key::HomeDueSoon value=pick(due_counters, |c| c.total.to_string()) href=due_href.clone() tone="warning" testid="home-kpi-due-soon" />
            <Tile label=Key::HomeUnassigned value=pick(unassigned, |c| c.open.to_string()) href=unassigned_href tone="neutral" testid="home-kpi-unassigned" />
            {pending_view
                .then(|| {
                    view! {
                        <Tile
                            label=Key::HomeAnswersWaiting
                            value=pick(operator, |d| d.answers_waiting.to_string())
                            href="/pendencias?status=answered&operator_id=me"
                            tone="success"
                            testid="home-kpi-answers-waiting"
                        />
                        <Tile
                            label=Key::HomeRefusedToFix
                            value=pick(operator, |d| d.refused_to_fix.to_string())
                            href="/pendencias?status=refused&operator_id=me"
                            tone="danger"
                            testid="home-kpi-refused"
                        />
                    }
                })}
        </section>
        <div class="home__grid">
            <HomeCard title=Key::HomeMyQueue more=queue_href testid="home-my-queue">
                <TicketBriefs list=queue empty=Key::HomeQueueEmpty />
            </HomeCard>
            <HomeCard title=Key::HomeDueSoon more=due_href testid="home-due-soon">
                <TicketBriefs list=due empty=Key::HomeNothingDue />
            </HomeCard>
            <HomeCard title=Key::HomeMentions more="/notificacoes".to_owned() testid="home-notifications">
                <NotificationBriefs list=notifications />
            </HomeCard>
            <Show when=move || session.can(Permission::PendingItemsView)>
                <HomeCard
                    title=Key::HomePendingToProcess
                    more="/pendencias?status=answered&operator_id=me".to_owned()
                    testid="home-pending-to-process"
                >
                    <PendingBriefs list=to_process empty=Key::HomeNothingToProcess />
                </HomeCard>
            </Show>
        </div>
    }
}

// -------------------------------------------------------------- supervisor

/// The team's figures and the operators' load.
#[component]
fn SupervisorHome() -> impl IntoView {
    let api = use_api();
    let session = use_session();
    let live = use_live();
    let backlog = counters(
        api,
        Query::new("/api/v1/tickets/counters")
            .param("open", "true")
            .build(),
    );
    let at_risk = counters(
        api,
        Query::new("/api/v1/tickets/counters")
            .param("open", "true")
            .param("sla", "at_risk")
            .build(),
    );
    let breached = counters(
        api,
        Query::new("/api/v1/tickets/counters")
            .param("open", "true")
            .param("sla", "breached")
            .build(),
    );
    let unassigned = counters(
        api,
        Query::new("/api/v1/tickets/counters")
            .param("open", "true")
            .param("assignee_id", "none")
            .build(),
    );
    let risky = tickets(
        api,
        Query::new("/api/v1/tickets")
            .param("open", "true")
            .param("sla", "at_risk,breached")
            .param("limit", &SHOWN.to_string())
            .build(),
    );
    refetch_on_changes(live, backlog, risky);
    Effect::new(move |previous: Option<u64>| {
        let changes = live.changes();
        if previous.is_some() {
            at_risk.refetch();
            breached.refetch();
            unassigned.refetch();
        }
        changes
    });
    let supervisor_view = untrack(|| session.can(Permission::DashboardSupervisor));
    let approver = untrack(|| session.can(Permission::PendingItemsApprove));
    let dashboard = LocalResource::new(move || async move {
        api.get_json::<SupervisorDashboard>("/api/v1/pending-items/dashboard?kind=supervisor")
            .await
    });
    let approvals = items(
        api,
        Query::new("/api/v1/pending-items")
            .param("status", "awaiting_approval")
            .param("limit", &SHOWN.to_string())
            .build(),
    );
    let work = untrack(|| session.can(Permission::TicketsWork));
    // Without the workspace, the client panel is where tickets are listed.
    let list = move |params: &[(&str, &str)]| {
        if work {
            workspace_list(params)
        } else {
            "/chamados".to_owned()
        }
    };

    view! {
        <section class="kpis home__kpis" aria-label=use_i18n().text(Key::HomeTeamFigures) data-testid="home-kpis">
            <Tile label=Key::HomeBacklog value=pick(backlog, |c| c.open.to_string()) href=list(&[("open", "true")]) tone="info" testid="home-kpi-backlog" />
            <Tile label=Key::HomeSlaAtRisk value=pick(at_risk, |c| c.total.to_string()) href=list(&[("sla", "at_risk"), ("open", "true")]) tone="warning" testid="home-kpi-at-risk" />
            <Tile label=Key::HomeSlaBreached value=pick(breached, |c| c.total.to_string()) href=list(&[("sla", "breached"), ("open", "true")]) tone="danger" testid="home-kpi-breached" />
            <Tile label=Key::HomeUnassigned value=pick(unassigned, |c| c.open.to_string()) href=list(&[("assignee_id", "none"), ("open", "true")]) tone="neutral" testid="home-kpi-unassigned" />
            {supervisor_view
                .then(|| {
                    view! {
                        <Tile
                            label=Key::HomeApprovalsWaiting
                            value=pick(dashboard, |d| d.approval_queue.to_string())
                            href=if approver { "/pendencias/aprovacao" } else { "/pendencias?status=awaiting_approval" }
                            tone="warning"
                            testid="home-kpi-approvals"
                        />
                        <Tile
                            label=Key::HomePendingOverdue
                            value=pick(dashboard, |d| d.overdue.to_string())
                            href="/pendencias?vencidas=1"
                            tone="danger"
                            testid="home-kpi-pending-overdue"
                        />
                    }
                })}
        </section>
        <div class="home__grid">
            <Show when=move || work>
                <HomeCard title=Key::HomeOperatorsLoad more="/atendimento".to_owned() testid="home-operators-load">
                    <OperatorsLoad />
                </HomeCard>
            </Show>
            <HomeCard title=Key::HomeSlaAttention more=list(&[("sla", "at_risk,breached"), ("open", "true")]) testid="home-sla-attention">
                <TicketBriefs list=risky empty=Key::HomeNothingDue />
            </HomeCard>
            <Show when=move || approver>
                <HomeCard title=Key::HomeApprovalsWaiting more="/pendencias/aprovacao".to_owned() testid="home-approvals">
                    <PendingBriefs list=approvals empty=Key::HomeNoApprovals />
                </HomeCard>
            </Show>
        </div>
    }
}

/// Open tickets per colleague, the busiest first, each a link to their
/// queue.
#[component]
fn OperatorsLoad() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let load = LocalResource::new(move || async move {
        let staff = api.get_list::<StaffMember>("/api/v1/staff").await?;
        let staff: Vec<StaffMember> = staff.into_iter().take(LOAD_MAX_STAFF).collect();
        let counts = futures_util::future::join_all(staff.iter().map(|member| {
            let path = Query::new("/api/v1/tickets/counters")
                .param("open", "true")
                .param("assignee_id", &member.id.to_string())
                .build();
            async move { api.get_json::<TicketCounters>(&path).await }
        }))
        .await;
        let mut rows: Vec<(StaffMember, u64)> = staff
            .into_iter()
            .zip(counts)
            .filter_map(|(member, count)| count.ok().map(|c| (member, c.open)))
            .collect();
        rows.sort_by(|a, b| {
            b.1.cmp(&a.1)
                .then_with(|| a.0.name.to_lowercase().cmp(&b.0.name.to_lowercase()))
        });
        Ok::<_, ApiFailure>(rows)
    });
    move || match load.get() {
        None => view! { <Loading /> }.into_any(),
        // A server without the staff list: no one to show.
        Some(Err(failure)) if is_missing(&failure) => {
            view! { <p class="empty">{i18n.text(Key::HomeNoOperators)}</p> }.into_any()
        }
        Some(Err(failure)) => view! { <FailureNotice failure /> }.into_any(),
        Some(Ok(rows)) if rows.is_empty() => {
            view! { <p class="empty">{i18n.text(Key::HomeNoOperators)}</p> }.into_any()
        }
        Some(Ok(rows)) => {
            let max = rows.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
            view! {
                <ul class="load-list" data-testid="operators-load">
                    {rows
                        .into_iter()
                        .map(|(member, open)| {
                            let href = workspace_list(&[("assignee_id", &member.id.to_string()), ("open", "true")]);
                            // Whole percents are plenty for a bar.
                            let width = open.saturating_mul(100) / max;
                            view! {
                                <li class="load-list__item" data-testid="operator-load">
                                    <A href=href attr:class="load-list__name">{member.name.clone()}</A>
                                    <span class="load-list__bar" aria-hidden="true">
                                        <span class="load-list__fill" style=format!("width: {width}%")></span>
                                    </span>
                                    <span class="load-list__count" data-testid="operator-load-count">
                                        {move || i18n.t(Key::HomeOpenCount).replace("{n}", &open.to_string())}
                                    </span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
                .into_any()
        }
    }
}

// ------------------------------------------------------------------- admin

/// What a new installation needs before its first ticket, each step with
/// its place; hidden once everything is done.
#[component]
fn SetupChecklist() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let session = use_session();
    let email_done = RwSignal::new(
        local_storage()
            .and_then(|s| s.get_item(EMAIL_DONE_KEY).ok().flatten())
            .is_some(),
    );
    let state = LocalResource::new(move || async move {
        let (calendars, policies, categories, teams, users) = futures_util::join!(
            any(api, "/api/v1/sla/calendars"),
            any(api, "/api/v1/sla/policies"),
            any(api, "/api/v1/ticket-categories"),
            any(api, "/api/v1/teams"),
            api.get_json::<Page<serde_json::Value>>("/api/v1/users?limit=2"),
        );
        SetupState {
            calendars,
            policies,
            categories,
            teams,
            users: users.ok().map(|page| page.items.len() > 1),
        }
    });
    let mark_email = move |_| {
        if let Some(storage) = local_storage() {
            // Without storage the step is done for this page only.
            let _ = storage.set_item(EMAIL_DONE_KEY, "1");
        }
        email_done.set(true);
    };
    let manage_sla = untrack(|| session.can(Permission::SlaManage));
    let manage_categories = untrack(|| session.can(Permission::AutomationManage));

    move || {
        let Some(state) = state.get() else {
            return view! { <Loading /> }.into_any();
        };
        let steps = [
            (
                Key::SetupCalendar,
                Key::SetupCalendarHint,
                state.calendars,
                manage_sla.then_some("/gerenciar/calendarios"),
                "setup-calendar",
            ),
            (
                Key::SetupSlaPolicy,
                Key::SetupSlaPolicyHint,
                state.policies,
                manage_sla.then_some("/gerenciar/sla"),
                "setup-sla-policy",
            ),
            (
                Key::SetupCategories,
                Key::SetupCategoriesHint,
                state.categories,
                manage_categories.then_some("/gerenciar/categorias"),
                "setup-categories",
            ),
            (
                Key::SetupTeams,
                Key::SetupTeamsHint,
                state.teams,
                manage_categories.then_some("/gerenciar/equipes"),
                "setup-teams",
            ),
            (
                Key::SetupUsers,
                Key::SetupUsersHint,
                state.users,
                Some("/gerenciar/usuarios"),
                "setup-users",
            ),
        ];
        let all_done = steps.iter().all(|s| s.2 == Some(true)) && email_done.get();
        if all_done {
            return ().into_any();
        }
        let done =
            steps.iter().filter(|s| s.2 == Some(true)).count() + usize::from(email_done.get());
        let total = steps.len() + 1;
        view! {
            <section class="card setup" aria-labelledby="setup-titulo" data-testid="setup-checklist">
                <div class="setup__header">
                    <h2 class="card__title" id="setup-titulo">{i18n.text(Key::SetupTitle)}</h2>
                    <span class="setup__progress" data-testid="setup-progress">
                        {move || {
                            i18n.t(Key::SetupProgress)
                                .replace("{done}", &done.to_string())
                                .replace("{total}", &total.to_string())
                        }}
                    </span>
                </div>
                <p class="hint">{i18n.text(Key::SetupLead)}</p>
                <ol class="setup__steps">
                    {steps
                        .into_iter()
                        .map(|(title, hint, done, href, testid)| {
                            view! { <SetupStep title hint done href testid /> }
                        })
                        .collect_view()}
                    <li
                        class="setup__step"
                        class:setup__step--done=move || email_done.get()
                        data-testid="setup-email"
                        data-done=move || email_done.get().to_string()
                    >
                        <StepMark done=Signal::derive(move || Some(email_done.get())) />
                        <div class="setup__text">
                            <span class="setup__name">{i18n.text(Key::SetupEmail)}</span>
                            <span class="hint">{i18n.text(Key::SetupEmailHint)}</span>
                        </div>
                        <Show when=move || !email_done.get()>
                            <button
                                type="button"
                                class="button button--secondary button--small"
                                data-testid="setup-email-done"
                                on:click=mark_email
                            >
                                {i18n.text(Key::SetupMarkDone)}
                            </button>
                        </Show>
                    </li>
                </ol>
            </section>
        }
        .into_any()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct SetupState {
    /// `None`: could not be read.
    calendars: Option<bool>,
    policies: Option<bool>,
    categories: Option<bool>,
    teams: Option<bool>,
    users: Option<bool>,
}

/// Whether the list at `path` has anything; `None` when it cannot be read.
async fn any(api: Api, path: &str) -> Option<bool> {
    api.get_json::<Vec<serde_json::Value>>(path)
        .await
        .ok()
        .map(|list| !list.is_empty())
}

#[component]
fn SetupStep(
    title: Key,
    hint: Key,
    done: Option<bool>,
    href: Option<&'static str>,
    testid: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let finished = done == Some(true);
    view! {
        <li
            class="setup__step"
            class:setup__step--done=finished
            data-testid=testid
            data-done=finished.to_string()
        >
            <StepMark done=Signal::derive(move || done) />
            <div class="setup__text">
                <span class="setup__name">{i18n.text(title)}</span>
                <span class="hint">{i18n.text(hint)}</span>
            </div>
            {(!finished)
                .then(|| {
                    href.map(|href| {
                        view! {
                            <A href=href attr:class="button button--secondary button--small">
                                {i18n.text(Key::SetupDo)}
                            </A>
                        }
                    })
                })}
        </li>
    }
}

/// A tick in a circle (done), an empty circle (to do) or a dash (unknown),
/// drawn in SVG: no font needed.
#[component]
fn StepMark(done: Signal<Option<bool>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let (class, label) = match done.get() {
            Some(true) => ("step-mark step-mark--done", Key::SetupDone),
            Some(false) => ("step-mark", Key::SetupToDo),
            None => ("step-mark step-mark--unknown", Key::SetupUnknown),
        };
        view! {
            <span class=class role="img" aria-label=i18n.text(label)>
                <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
                    <circle cx="12" cy="12" r="10" fill="currentColor" fill-opacity=if done.get() == Some(true) { "1" } else { "0" } stroke="currentColor" stroke-width="2" />
                    {(done.get() == Some(true))
                        .then(|| {
                            view! {
                                <path d="M7.5 12.5l3 3 6-6.5" stroke="#fff" stroke-width="2.4" fill="none" stroke-linecap="round" stroke-linejoin="round" />
                            }
                        })}
                </svg>
            </span>
        }
    }
}

// ---------------------------------------------------------------- building blocks

/// A titled card with a "see all" link.
#[component]
fn HomeCard(title: Key, more: String, testid: &'static str, children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("{testid}-titulo");
    let labelled_by = id.clone();
    view! {
        <section class="card home-card" aria-labelledby=labelled_by data-testid=testid>
            <div class="home-card__header">
                <h2 class="card__title home-card__title" id=id>{i18n.text(title)}</h2>
                <A href=more attr:class="home-card__more">{i18n.text(Key::HomeSeeAll)}</A>
            </div>
            {children()}
        </section>
    }
}

/// A figure that leads to the list it counts.
#[component]
fn Tile(
    label: Key,
    value: Signal<Option<String>>,
    #[prop(into)] href: String,
    tone: &'static str,
    testid: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <A href=href attr:class=format!("kpi kpi--link kpi--{tone}") attr:data-testid=testid>
            <span class="kpi__label">{i18n.text(label)}</span>
            <span class="kpi__value" data-testid=format!("{testid}-value")>
                {move || value.get().unwrap_or_else(|| "…".to_owned())}
            </span>
        </A>
    }
}

/// Tickets as a short list: number, subject, company, status and SLA.
#[component]
fn TicketBriefs(list: Loaded<Vec<Ticket>>, empty: Key) -> impl IntoView {
    let i18n = use_i18n();
    let retry = Callback::new(move |()| list.refetch());
    move || match list.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(failure)) => view! { <FailureNotice failure on_retry=retry /> }.into_any(),
        Some(Ok(tickets)) if tickets.is_empty() => {
            view! { <p class="empty empty--compact">{i18n.text(empty)}</p> }.into_any()
        }
        Some(Ok(tickets)) => {
            let rows = tickets
                .into_iter()
                .map(|ticket| {
                    let href = ticket_path(ticket.id);
                    view! {
                        <li class="brief" data-testid="home-ticket" data-number=ticket.number>
                            <A href=href attr:class="brief__title">
                                <span class="brief__ref">{ticket.reference.clone()}</span>
                                " "
                                {ticket.subject.clone()}
                            </A>
                            <span class="brief__meta">
                                <StatusBadge status=ticket.status.clone() />
                                <SlaBadge sla=ticket.sla.clone() />
                                <span class="brief__company">{ticket.company_name.clone()}</span>
                            </span>
                        </li>
                    }
                })
                .collect_view();
            view! { <ul class="brief-list">{rows}</ul> }.into_any()
        }
    }
}

/// Pending items as a short list: number, title, company, status, due date
/// and amount.
#[component]
fn PendingBriefs(list: Loaded<Vec<PendingItem>>, empty: Key) -> impl IntoView {
    let i18n = use_i18n();
    let retry = Callback::new(move |()| list.refetch());
    move || match list.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(failure)) => view! { <FailureNotice failure on_retry=retry /> }.into_any(),
        Some(Ok(items)) if items.is_empty() => {
            view! { <p class="empty empty--compact">{i18n.text(empty)}</p> }.into_any()
        }
        Some(Ok(items)) => {
            let today = format::now().date_naive();
            view! {
                <ul class="brief-list">
                    {items
                        .into_iter()
                        .map(|item| {
                            let overdue = pending::is_overdue(&item, today);
                            let status = item.status.clone();
                            let badge = pending::status_badge(&status);
                            view! {
                                <li class="brief" data-testid="home-pending-item">
                                    <A href=pending::item_path(item.id) attr:class="brief__title">
                                        <span class="brief__ref">{pending::number(item.number)}</span>
                                        " "
                                        {item.title.clone()}
                                    </A>
                                    <span class="brief__meta">
                                        <span class=badge>
                                            {move || pending::status_label(i18n.locale(), &status)}
                                        </span>
                                        {item
                                            .due_date
                                            .map(|due| {
                                                view! {
                                                    <span class="brief__due" class:brief__due--late=overdue>
                                                        {move || i18n.t(Key::HomeDueOn).replace("{date}", &pending::day(due))}
                                                    </span>
                                                }
                                            })}
                                        {item.amount_cents.map(|cents| view! { <span class="brief__amount">{pending::amount(cents)}</span> })}
                                        <span class="brief__company">{item.company_name.clone()}</span>
                                    </span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
            .into_any()
        }
    }
}

/// The latest notifications, each leading to its item.
#[component]
fn NotificationBriefs(list: Loaded<Vec<Notification>>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let empty = move || {
        view! { <p class="empty empty--compact">{i18n.text(Key::NotificationsEmpty)}</p> }
            .into_any()
    };
    move || match list.get() {
        None => view! { <Loading /> }.into_any(),
        // A server without notifications: nothing to tell.
        Some(Err(failure)) if is_missing(&failure) => empty(),
        Some(Err(failure)) => view! { <FailureNotice failure /> }.into_any(),
        Some(Ok(list)) if list.is_empty() => empty(),
        Some(Ok(list)) => {
            let zone = session.time_zone();
            let rows = list
                .into_iter()
                .map(|n| {
                    let href = notification_href(&n);
                    let when = format::datetime(&n.created_at, &zone);
                    let unread = n.read_at.is_none();
                    let text = move || {
                        pending::notification_text(i18n.locale(), &n)
                            .unwrap_or_else(|| notification_text(i18n.locale(), &n))
                    };
                    view! {
                        <li class="brief" class:brief--unread=unread data-testid="home-notification">
                            <A href=href attr:class="brief__title">{text}</A>
                            <span class="brief__meta"><time>{when}</time></span>
                        </li>
                    }
                })
                .collect_view();
            view! { <ul class="brief-list">{rows}</ul> }.into_any()
        }
    }
}

// ----------------------------------------------------------------- loading

fn counters(api: Api, path: String) -> Loaded<TicketCounters> {
    LocalResource::new(move || {
        let path = path.clone();
        async move { api.get_json::<TicketCounters>(&path).await }
    })
}

fn tickets(api: Api, path: String) -> Loaded<Vec<Ticket>> {
    LocalResource::new(move || {
        let path = path.clone();
        async move {
            api.get_json::<Page<Ticket>>(&path)
                .await
                .map(|page| page.items)
        }
    })
}

fn items(api: Api, path: String) -> Loaded<Vec<PendingItem>> {
    LocalResource::new(move || {
        let path = path.clone();
        async move {
            api.get_json::<Page<PendingItem>>(&path)
                .await
                .map(|page| page.items)
        }
    })
}

/// Someone changed a ticket: the figures and the list follow.
fn refetch_on_changes(
    live: crate::live::Live,
    counters: Loaded<TicketCounters>,
    list: Loaded<Vec<Ticket>>,
) {
    Effect::new(move |previous: Option<u64>| {
        let changes = live.changes();
        if previous.is_some() {
            counters.refetch();
            list.refetch();
        }
        changes
    });
}

/// What a tile shows of a loaded value: `None` while it loads, a dash when
/// it failed.
fn pick<T>(resource: Loaded<T>, show: fn(&T) -> String) -> Signal<Option<String>>
where
    T: Send + Sync + 'static,
{
    Signal::derive(move || {
        resource.with(|loaded| {
            loaded.as_ref().map(|result| match result {
                Ok(value) => show(value),
                Err(_) => "—".to_owned(),
            })
        })
    })
}

/// The workspace's list filtered by `params` (it reads them from the
/// address).
pub fn workspace_list(params: &[(&str, &str)]) -> String {
    params
        .iter()
        .fold(Query::new("/atendimento/lista"), |query, (name, value)| {
            query.param(name, value)
        })
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_link_to_the_filtered_list() {
        assert_eq!(
            workspace_list(&[("sla", "at_risk"), ("open", "true")]),
            "/atendimento/lista?sla=at_risk&open=true"
        );
        assert_eq!(
            workspace_list(&[("sla", "at_risk,breached")]),
            "/atendimento/lista?sla=at_risk%2Cbreached"
        );
    }
}
