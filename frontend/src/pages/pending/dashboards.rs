//! `/pendencias/painel`: the UP380 dashboards, each only with its
//! permission. "Geral" (everyone): the items in reach by status and by
//! segment. "Operador": my items, the answers waiting for me and the
//! refusals to fix, each leading to the list. "Supervisor": the approval
//! queue, the overdue items and the items resolved in each of the last
//! four weeks. The charts are SVG drawn here; the tables beside them are
//! their text alternative and lead to the filtered list.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{ApiFailure, use_api};
use crate::components::chart::{ChartCard, count, n, short};
use crate::components::feedback::{FailureNotice, Loading};
use crate::components::guard::RequirePermission;
use crate::components::layout::use_document_title;
use crate::i18n::{Key, use_i18n};
use crate::pages::pending::is_client;
use crate::pages::pending::list::use_segments;
use crate::pending::{self, GeneralDashboard, ListFilter, OperatorDashboard, SupervisorDashboard};
use crate::session::use_session;
use crate::sla::bar;

/// Any of these opens the page.
const DASHBOARD_PERMISSIONS: &[&str] = &[
    "dashboards.general",
    "dashboards.operator",
    "dashboards.supervisor",
];

/// Chart geometry (SVG user units), as the SLA report draws.
const CHART_WIDTH: f64 = 640.0;
const LABEL_WIDTH: f64 = 200.0;
const VALUE_WIDTH: f64 = 60.0;
const ROW_HEIGHT: f64 = 28.0;
const TOP: f64 = 8.0;

/// `/pendencias/painel`.
#[component]
pub fn PendingDashboardsPage() -> impl IntoView {
    use_document_title(Key::PendingDashboardsTitle);
    view! {
        <RequirePermission any_of=DASHBOARD_PERMISSIONS>
            <Dashboards />
        </RequirePermission>
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    General,
    Operator,
    Supervisor,
}

impl Tab {
    fn permission(self) -> &'static str {
        match self {
            Tab::General => "dashboards.general",
            Tab::Operator => "dashboards.operator",
            Tab::Supervisor => "dashboards.supervisor",
        }
    }

    fn label(self) -> Key {
        match self {
            Tab::General => Key::PendingDashboardGeneral,
            Tab::Operator => Key::PendingDashboardOperator,
            Tab::Supervisor => Key::PendingDashboardSupervisor,
        }
    }

    fn testid(self) -> &'static str {
        match self {
            Tab::General => "pending-dashboard-tab-general",
            Tab::Operator => "pending-dashboard-tab-operator",
            Tab::Supervisor => "pending-dashboard-tab-supervisor",
        }
    }
}

#[component]
fn Dashboards() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let tabs: Vec<Tab> = [Tab::General, Tab::Operator, Tab::Supervisor]
        .into_iter()
        .filter(|t| untrack(|| session.can(t.permission())))
        .collect();
    let first = tabs.first().copied().unwrap_or(Tab::General);
    let tab = RwSignal::new(first);
    let several = tabs.len() > 1;
    view! {
        <div class="page page--wide report">
            <header class="page__header">
                <h1 class="page__title" data-testid="page-title">{i18n.text(Key::PendingDashboardsTitle)}</h1>
                <p class="page__lead">{i18n.text(Key::PendingDashboardsLead)}</p>
            </header>
            {several
                .then(|| {
                    view! {
                        <div class="tabs" role="group" aria-label=i18n.text(Key::PendingDashboardsTitle)>
                            {tabs
                                .iter()
                                .map(|which| {
                                    let which = *which;
                                    view! {
                                        <button
                                            type="button"
                                            class="tabs__tab"
                                            aria-pressed=move || (tab.get() == which).to_string()
                                            data-testid=which.testid()
                                            on:click=move |_| tab.set(which)
                                        >
                                            {i18n.text(which.label())}
                                        </button>
                                    }
                                })
                                .collect_view()}
                        </div>
                    }
                })}
            {move || match tab.get() {
                Tab::General => view! { <General /> }.into_any(),
                Tab::Operator => view! { <Operator /> }.into_any(),
                Tab::Supervisor => view! { <Supervisor /> }.into_any(),
            }}
        </div>
    }
}

/// Loads `/pending-items/dashboard?kind=…`.
fn use_dashboard<T>(kind: &'static str) -> LocalResource<Result<T, ApiFailure>>
where
    T: serde::de::DeserializeOwned + 'static,
{
    let api = use_api();
    LocalResource::new(move || async move {
        api.get_json::<T>(&format!("/api/v1/pending-items/dashboard?kind={kind}"))
            .await
    })
}

/// One counter, leading to `href` when given.
#[component]
fn Kpi(
    label: Key,
    value: u64,
    testid: &'static str,
    tone: &'static str,
    #[prop(optional, into)] href: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let inner = view! {
        <span class="kpi__label">{i18n.text(label)}</span>
        <span class="kpi__value" data-testid=format!("{testid}-value")>{value}</span>
    };
    match href {
        Some(href) => view! {
            <A href=href attr:class=format!("kpi kpi--{tone}") attr:data-testid=testid>{inner}</A>
        }
        .into_any(),
        None => view! { <div class=format!("kpi kpi--{tone}") data-testid=testid>{inner}</div> }
            .into_any(),
    }
}

/// One bar of a chart: its label, value, where it leads and a key for
/// tests.
#[derive(Debug, Clone)]
struct BarRow {
    label: String,
    value: u64,
    href: Option<String>,
    key: String,
}

/// Horizontal bars with a table beside them (the text alternative, with
/// links to the filtered list).
#[component]
fn BarChart(
    title: Key,
    /// What the first column of the table names.
    column: Key,
    rows: Vec<BarRow>,
    /// The bars' colour (a `chart__bar--…` class).
    tone: &'static str,
    testid: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let height = TOP + ROW_HEIGHT * count(rows.len() as u64) + 8.0;
    let bar_width = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH;
    let max = rows.iter().map(|r| count(r.value)).fold(0.0, f64::max);
    let bars = rows
        .iter()
        .enumerate()
        .map(|(index, row)| {
            let y = TOP + ROW_HEIGHT * count(index as u64);
            let width = bar(count(row.value), max, bar_width);
            let description = format!("{}: {}", row.label, row.value);
            view! {
                <g class="chart__row" role="img" aria-label=description data-testid=format!("{testid}-bar") data-key=row.key.clone()>
                    <text x="0" y=n(y + 18.0) class="chart__label">{short(&row.label)}</text>
                    <rect x=n(LABEL_WIDTH) y=n(y + 5.0) width=n(width) height="18" class=format!("chart__bar {tone}") />
                    <text x=n(LABEL_WIDTH + width + 6.0) y=n(y + 18.0) class="chart__value">{row.value}</text>
                </g>
            }
        })
        .collect_view();
    let table_rows = rows
        .into_iter()
        .map(|row| {
            let label = match row.href {
                Some(href) => view! { <A href=href>{row.label}</A> }.into_any(),
                None => view! { {row.label} }.into_any(),
            };
            view! {
                <tr data-testid=format!("{testid}-row") data-key=row.key>
                    <th scope="row">{label}</th>
                    <td class="numeric" data-testid=format!("{testid}-value")>{row.value}</td>
                </tr>
            }
        })
        .collect_view();
    let table = view! {
        <table class="table report-table">
            <caption class="visually-hidden">{i18n.text(title)}</caption>
            <thead>
                <tr>
                    <th scope="col">{i18n.text(column)}</th>
                    <th scope="col" class="numeric">{i18n.text(Key::PendingTitle)}</th>
                </tr>
            </thead>
            <tbody>{table_rows}</tbody>
        </table>
    };
    view! {
        <ChartCard title testid width=CHART_WIDTH height below=table.into_any()>
            {bars}
        </ChartCard>
    }
}

/// "Dashboard geral".
#[component]
fn General() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let data = use_dashboard::<GeneralDashboard>("general");
    let segments = use_segments();
    let client = is_client(session);
    let view_resolved = untrack(|| session.can("pending_items.view_resolved"));
    move || match data.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(failure)) => {
            view! { <FailureNotice failure on_retry=Callback::new(move |()| data.refetch()) /> }
                .into_any()
        }
        Some(Ok(d)) => {
            let locale = i18n.locale();
            let by_status: Vec<BarRow> = pending::filter_statuses(client, view_resolved)
                .into_iter()
                .map(|s| BarRow {
                    label: pending::status_label(locale, s),
                    value: d.by_status.get(s).copied().unwrap_or(0),
                    href: Some(
                        ListFilter {
                            status: s.to_owned(),
                            ..ListFilter::default()
                        }
                        .page_path(),
                    ),
                    key: s.to_owned(),
                })
                .collect();
            let names = segments.get().unwrap_or_default();
            let mut by_segment: Vec<BarRow> = d
                .by_segment
                .iter()
                .map(|(id, value)| {
                    let name = names
                        .iter()
                        .find(|s| s.id.to_string() == *id)
                        .map(|s| s.name.clone());
                    BarRow {
                        label: name.unwrap_or_else(|| i18n.t(Key::NoSegment).to_owned()),
                        value: *value,
                        href: (!id.is_empty()).then(|| {
                            ListFilter {
                                segment_id: id.clone(),
                                ..ListFilter::default()
                            }
                            .page_path()
                        }),
                        key: id.clone(),
                    }
                })
                .collect();
            by_segment.sort_by(|a, b| b.value.cmp(&a.value).then_with(|| a.label.cmp(&b.label)));
            let empty = by_segment.is_empty();
            view! {
                <section class="kpis" aria-label=i18n.text(Key::PendingDashboardGeneral) data-testid="pending-dashboard-general">
                    <Kpi label=Key::PendingTotal value=d.total testid="pending-kpi-total" tone="neutral" href="/pendencias" />
                    <Kpi
                        label=Key::PendingKpiAwaitingClient
                        value=d.by_status.get("awaiting_client").copied().unwrap_or(0)
                        testid="pending-kpi-awaiting-client"
                        tone="info"
                        href=ListFilter { status: "awaiting_client".into(), ..ListFilter::default() }.page_path()
                    />
                    <Kpi
                        label=Key::PendingKpiAnswered
                        value=d.by_status.get("answered").copied().unwrap_or(0)
                        testid="pending-kpi-answered"
                        tone="success"
                        href=ListFilter { status: "answered".into(), ..ListFilter::default() }.page_path()
                    />
                </section>
                <div class="report__charts">
                    <BarChart
                        title=Key::PendingByStatus
                        column=Key::Status
                        rows=by_status
                        tone="chart__bar--first"
                        testid="pending-chart-status"
                    />
                    {(!empty)
                        .then(|| {
                            view! {
                                <BarChart
                                    title=Key::PendingBySegment
                                    column=Key::Segment
                                    rows=by_segment
                                    tone="chart__bar--resolution"
                                    testid="pending-chart-segment"
                                />
                            }
                        })}
                </div>
            }
                .into_any()
        }
    }
}

/// "Dashboard operador": my items.
#[component]
fn Operator() -> impl IntoView {
    let i18n = use_i18n();
    let data = use_dashboard::<OperatorDashboard>("operator");
    let mine = |status: &str| {
        ListFilter {
            status: status.to_owned(),
            mine: true,
            ..ListFilter::default()
        }
        .page_path()
    };
    move || {
        match data.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(failure)) => {
            view! { <FailureNotice failure on_retry=Callback::new(move |()| data.refetch()) /> }.into_any()
        }
        Some(Ok(d)) => view! {
            <section class="kpis" aria-label=i18n.text(Key::PendingDashboardOperator) data-testid="pending-dashboard-operator">
                <Kpi label=Key::PendingKpiMine value=d.mine testid="pending-kpi-mine" tone="neutral" href=mine("") />
                <Kpi
                    label=Key::PendingKpiAnswersWaiting
                    value=d.answers_waiting
                    testid="pending-kpi-answers-waiting"
                    tone="success"
                    href=mine("answered")
                />
                <Kpi
                    label=Key::PendingKpiRefusedToFix
                    value=d.refused_to_fix
                    testid="pending-kpi-refused"
                    tone="danger"
                    href=mine("refused")
                />
                <Kpi label=Key::PendingKpiDrafts value=d.drafts testid="pending-kpi-drafts" tone="neutral" href=mine("draft") />
                <Kpi
                    label=Key::PendingKpiInProgress
                    value=d.in_progress
                    testid="pending-kpi-in-progress"
                    tone="info"
                    href=mine("in_progress")
                />
            </section>
        }
        .into_any(),
    }
    }
}

/// "Dashboard supervisor": the queue, what is late, the team's pace.
#[component]
fn Supervisor() -> impl IntoView {
    let i18n = use_i18n();
    let data = use_dashboard::<SupervisorDashboard>("supervisor");
    move || match data.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(failure)) => {
            view! { <FailureNotice failure on_retry=Callback::new(move |()| data.refetch()) /> }
                .into_any()
        }
        Some(Ok(d)) => {
            let locale = i18n.locale();
            // Oldest week first, so the bars read as a trend.
            let weeks: Vec<BarRow> = d
                .resolved_per_week
                .iter()
                .enumerate()
                .rev()
                .map(|(ago, value)| BarRow {
                    label: week_label(locale, ago),
                    value: *value,
                    href: None,
                    key: ago.to_string(),
                })
                .collect();
            view! {
                <section class="kpis" aria-label=i18n.text(Key::PendingDashboardSupervisor) data-testid="pending-dashboard-supervisor">
                    <Kpi
                        label=Key::PendingKpiApprovalQueue
                        value=d.approval_queue
                        testid="pending-kpi-approval-queue"
                        tone="info"
                        href="/pendencias/aprovacao"
                    />
                    <Kpi
                        label=Key::PendingKpiOverdue
                        value=d.overdue
                        testid="pending-kpi-overdue"
                        tone="danger"
                        href="/pendencias?vencidas=1"
                    />
                </section>
                <div class="report__charts">
                    <BarChart
                        title=Key::PendingResolvedPerWeek
                        column=Key::PendingWeek
                        rows=weeks
                        tone="chart__bar--met"
                        testid="pending-chart-weeks"
                    />
                </div>
            }
                .into_any()
        }
    }
}

/// A week counted back from today: `Últimos 7 dias`, `8 a 14 dias atrás`.
fn week_label(locale: atende_core::locale::Locale, ago: usize) -> String {
    if ago == 0 {
        crate::i18n::t(locale, Key::PendingLastSevenDays).to_owned()
    } else {
        crate::i18n::t(locale, Key::PendingDaysAgo)
            .replace("{from}", &(ago * 7 + 1).to_string())
            .replace("{to}", &((ago + 1) * 7).to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use atende_core::locale::Locale;

    #[test]
    fn weeks_read_as_days_back() {
        assert_eq!(week_label(Locale::PtBr, 0), "Últimos 7 dias");
        assert_eq!(week_label(Locale::PtBr, 1), "8 a 14 dias atrás");
        assert_eq!(week_label(Locale::En, 3), "22 to 28 days ago");
        assert_eq!(short("Curto"), "Curto");
    }
}
