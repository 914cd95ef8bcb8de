//! The pending-items reports, one month at a time (the server's current
//! month first):
//!
//! - `/relatorios/pendencias`, "Relatório mensal" (`reports.monthly`): per
//!   company, items opened, answered and resolved in the month, the
//!   average answer time (approval → answer) and resolution time
//!   (creation → resolution), and items that fell due unresolved;
//! - `/relatorios/operadores`, "Relatório operadores"
//!   (`reports.operators`): per operator, items created, steps submitted,
//!   approved and refused (with the approval rate), items processed
//!   (resolved) and the average processing time (answer → resolution).
//!
//! Each has an SVG bar chart (its table is the text alternative) and, with
//! `data.export`, "Exportar CSV" / "Exportar XLSX": the pending items the
//! person may see that were opened, answered or resolved in the month,
//! with the page's filter (the company, or the operator).

use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use serde::Deserialize;
use uuid::Uuid;

use crate::api::{ApiFailure, Query, use_api};
use crate::components::chart::{ChartCard, legend, n, short};
use crate::components::feedback::{FailureNotice, Loading};
use crate::components::guard::RequirePermission;
use crate::components::layout::use_document_title;
use crate::format;
use crate::i18n::{Key, use_i18n};
use crate::pages::tickets::shared::use_client_companies;
use crate::session::use_session;
use crate::sla::bar;

/// Chart geometry (SVG user units).
const CHART_WIDTH: f64 = 720.0;
const LABEL_WIDTH: f64 = 200.0;
const VALUE_WIDTH: f64 = 60.0;
const BAR_HEIGHT: f64 = 10.0;
const TOP: f64 = 30.0;

pub use atende_types::reports::{
    PendingMonthlyReport as MonthlyReport, PendingMonthlyRow as MonthlyRow,
    PendingOperatorRow as OperatorRow, PendingOperatorsReport as OperatorsReport,
};

/// Every row of the monthly report added up; averages weighted by the
/// items they cover.
fn monthly_total(rows: &[MonthlyRow]) -> MonthlyRow {
    MonthlyRow {
        company_id: Uuid::nil(),
        company_name: String::new(),
        opened: rows.iter().map(|r| r.opened).sum(),
        answered: rows.iter().map(|r| r.answered).sum(),
        resolved: rows.iter().map(|r| r.resolved).sum(),
        average_answer_hours: weighted(rows.iter().map(|r| (r.average_answer_hours, r.answered))),
        average_resolution_hours: weighted(
            rows.iter()
                .map(|r| (r.average_resolution_hours, r.resolved)),
        ),
        overdue: rows.iter().map(|r| r.overdue).sum(),
    }
}

/// Every row of the operators report added up; the rate from the sums.
fn operators_total(rows: &[OperatorRow]) -> OperatorRow {
    let approved: u64 = rows.iter().map(|r| r.approved).sum();
    let refused: u64 = rows.iter().map(|r| r.refused).sum();
    OperatorRow {
        operator_id: Uuid::nil(),
        operator_name: String::new(),
        created: rows.iter().map(|r| r.created).sum(),
        submitted: rows.iter().map(|r| r.submitted).sum(),
        approved,
        refused,
        approval_percent: (approved + refused > 0)
            .then(|| count(approved) * 100.0 / count(approved + refused)),
        processed: rows.iter().map(|r| r.processed).sum(),
        average_processing_hours: weighted(
            rows.iter()
                .map(|r| (r.average_processing_hours, r.processed)),
        ),
    }
}

/// The average of averages, each weighing as many items as it covers.
fn weighted(parts: impl Iterator<Item = (Option<f64>, u64)>) -> Option<f64> {
    let (sum, n) = parts
        .filter_map(|(avg, n)| avg.map(|a| (a, n)))
        .filter(|(_, n)| *n > 0)
        .fold((0.0, 0_u64), |(s, total), (a, n)| {
            (s + a * count(n), total + n)
        });
    (n > 0).then(|| sum / count(n))
}

/// A count for arithmetic.
#[allow(clippy::cast_precision_loss)]
fn count(value: u64) -> f64 {
    value as f64
}

/// An average in hours as people read it (`1 h 30 min`), or "—".
fn hours(value: Option<f64>) -> String {
    value.map_or_else(
        || "—".to_owned(),
        |h| {
            // Whole minutes are precise enough for an average.
            #[allow(clippy::cast_possible_truncation)]
            let minutes = (h * 60.0).round() as i64;
            format::duration(minutes)
        },
    )
}

/// Whether a month input's value is `aaaa-mm`.
fn valid_month(value: &str) -> bool {
    NaiveDate::parse_from_str(&format!("{}-01", value.trim()), "%Y-%m-%d").is_ok()
}

/// The month `delta` months from `month` (`aaaa-mm`).
fn shift_month(month: &str, delta: i32) -> Option<String> {
    let first = NaiveDate::parse_from_str(&format!("{}-01", month.trim()), "%Y-%m-%d").ok()?;
    let index = first.year() * 12 + i32::try_from(first.month0()).ok()? + delta;
    let (year, month0) = (index.div_euclid(12), index.rem_euclid(12));
    let date = NaiveDate::from_ymd_opt(year, u32::try_from(month0).ok()? + 1, 1)?;
    Some(date.format("%Y-%m").to_string())
}

/// A report as answered: nothing yet, the report, or why not.
type Answer<T> = RwSignal<Option<Result<T, ApiFailure>>>;

/// Loads `path` for the month asked (the server's current month while
/// none is), keeping the month input in step with the answer.
fn use_report<T>(
    path: &'static str,
    month: RwSignal<String>,
    month_of: fn(&T) -> String,
) -> (RwSignal<Option<String>>, Answer<T>)
where
    T: for<'de> Deserialize<'de> + Clone + Send + Sync + 'static,
{
    let api = use_api();
    let asked = RwSignal::new(None::<String>);
    let report = RwSignal::new(None::<Result<T, ApiFailure>>);
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        let wanted = asked.get();
        let this = generation.get_value().wrapping_add(1);
        generation.set_value(this);
        report.set(None);
        let url = Query::new(path)
            .param("month", wanted.as_deref().unwrap_or_default())
            .build();
        leptos::task::spawn_local(async move {
            let result = api.get_json::<T>(&url).await;
            if generation.try_get_value() != Some(this) {
                return;
            }
            if let Ok(data) = &result {
                month.set(month_of(data));
            }
            report.set(Some(result));
        });
    });
    (asked, report)
}

/// `/relatorios/pendencias`.
#[component]
pub fn MonthlyReportPage() -> impl IntoView {
    use_document_title(Key::PendRepMonthlyTitle);
    view! {
        <RequirePermission any_of=&["reports.monthly"]>
            <Monthly />
        </RequirePermission>
    }
}

/// `/relatorios/operadores`.
#[component]
pub fn OperatorsReportPage() -> impl IntoView {
    use_document_title(Key::PendRepOperatorsTitle);
    view! {
        <RequirePermission any_of=&["reports.operators"]>
            <Operators />
        </RequirePermission>
    }
}

/// The month picker with the previous and next months.
#[component]
fn MonthFilter(
    month: RwSignal<String>,
    asked: RwSignal<Option<String>>,
    /// More filters, beside the month.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let i18n = use_i18n();
    let invalid = RwSignal::new(false);
    let go = move |value: String| {
        if valid_month(&value) {
            invalid.set(false);
            month.set(value.clone());
            asked.set(Some(value));
        } else {
            invalid.set(true);
        }
    };
    let step = move |delta: i32| {
        if let Some(next) = shift_month(&month.get_untracked(), delta) {
            go(next);
        }
    };
    view! {
        <form
            class="filters"
            aria-label=i18n.text(Key::Filters)
            data-testid="report-filters"
            on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                go(month.get_untracked());
            }
        >
            <div class="field">
                <label class="label" for="report-month">{i18n.text(Key::PendRepMonth)}</label>
                <input
                    id="report-month"
                    class="input"
                    type="month"
                    data-testid="report-month"
                    aria-invalid=move || invalid.get().then_some("true")
                    prop:value=move || month.get()
                    on:change=move |ev| go(event_target_value(&ev))
                />
            </div>
            {children.map(|c| c())}
            <div class="filters__buttons">
                <button type="button" class="button button--ghost" data-testid="report-previous" on:click=move |_| step(-1)>
                    {i18n.text(Key::PendRepPreviousMonth)}
                </button>
                <button type="button" class="button button--ghost" data-testid="report-next" on:click=move |_| step(1)>
                    {i18n.text(Key::PendRepNextMonth)}
                </button>
                <button type="submit" class="button button--secondary" data-testid="report-apply">
                    {i18n.text(Key::Update)}
                </button>
            </div>
            <Show when=move || invalid.get()>
                <p class="field-error" role="alert" data-testid="report-month-invalid">{i18n.text(Key::PendRepMonthInvalid)}</p>
            </Show>
        </form>
    }
}

/// "Exportar CSV" / "Exportar XLSX", for people with `data.export`.
#[component]
fn ExportButtons(
    /// The export's filter this page sets (`company_id`, `operator_id`).
    param: &'static str,
    /// Its value (empty: no filter).
    #[prop(into)]
    value: Signal<String>,
    /// The month shown (`aaaa-mm`; empty: the server's current one).
    #[prop(into)]
    month: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let api = use_api();
    let busy = RwSignal::new(None::<&'static str>);
    let failure = RwSignal::new(None::<ApiFailure>);
    let export = move |format: &'static str| {
        if busy.get_untracked().is_some() {
            return;
        }
        busy.set(Some(format));
        failure.set(None);
        let path = Query::new("/api/v1/pending-items/export")
            .param("format", format)
            .param(param, &value.get_untracked())
            .param("month", &month.get_untracked())
            .build();
        leptos::task::spawn_local(async move {
            let result = api
                .save_download(&path, &format!("pendencias.{format}"))
                .await;
            let _ = busy.try_set(None);
            if let Err(problem) = result {
                failure.set(Some(problem));
            }
        });
    };
    let button = move |format: &'static str, key: Key, testid: &'static str| {
        view! {
            <button
                type="button"
                class="button button--secondary"
                data-testid=testid
                disabled=move || busy.get().is_some()
                on:click=move |_| export(format)
            >
                {move || if busy.get() == Some(format) { i18n.t(Key::PendRepExporting) } else { i18n.t(key) }}
            </button>
        }
    };
    view! {
        <Show when=move || session.can("data.export")>
            <section class="report-export" aria-label=i18n.text(Key::PendRepExport) data-testid="report-export">
                <div class="button-row">
                    {button("csv", Key::PendRepExportCsv, "report-export-csv")}
                    {button("xlsx", Key::PendRepExportXlsx, "report-export-xlsx")}
                </div>
                <p class="hint">{i18n.text(Key::PendRepExportHint)}</p>
                {move || failure.get().map(|problem| view! { <FailureNotice failure=problem /> })}
            </section>
        </Show>
    }
}

#[component]
fn Monthly() -> impl IntoView {
    let i18n = use_i18n();
    let month = RwSignal::new(String::new());
    let (asked, report) =
        use_report::<MonthlyReport>("/api/v1/reports/pending-monthly", month, |r| {
            r.month.clone()
        });
    let company = RwSignal::new(String::new());
    let companies = use_client_companies();
    view! {
        <div class="page page--wide report">
            <header class="page__header">
                <h1 class="page__title" data-testid="page-title">{i18n.text(Key::PendRepMonthlyTitle)}</h1>
                <p class="page__lead">{i18n.text(Key::PendRepMonthlyLead)}</p>
            </header>
            <MonthFilter month asked>
                <div class="field">
                    <label class="label" for="report-company">{i18n.text(Key::Company)}</label>
                    <select
                        id="report-company"
                        class="select"
                        data-testid="report-company"
                        on:change=move |ev| company.set(event_target_value(&ev))
                    >
                        <option value="" selected=move || company.get().is_empty()>{i18n.text(Key::AllCompanies)}</option>
                        {move || {
                            companies
                                .get()
                                .unwrap_or_default()
                                .into_iter()
                                .map(|c| {
                                    let id = c.id.to_string();
                                    let selected = id.clone();
                                    view! { <option value=id selected=move || company.get() == selected>{c.name}</option> }
                                })
                                .collect_view()
                        }}
                    </select>
                </div>
            </MonthFilter>
            <ExportButtons param="company_id" value=company month />
            {move || match report.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(failure)) => {
                    view! { <FailureNotice failure on_retry=Callback::new(move |()| asked.update(|_| {})) /> }.into_any()
                }
                Some(Ok(data)) => {
                    let chosen = company.get();
                    let mut rows: Vec<MonthlyRow> = data
                        .rows
                        .into_iter()
                        .filter(|r| chosen.is_empty() || r.company_id.to_string() == chosen)
                        .collect();
                    rows.sort_by_key(|r| r.company_name.to_lowercase());
                    view! { <MonthlyBody rows /> }.into_any()
                }
            }}
        </div>
    }
}

#[component]
fn MonthlyBody(rows: Vec<MonthlyRow>) -> impl IntoView {
    let i18n = use_i18n();
    if rows.is_empty() {
        return view! { <p class="empty" data-testid="report-empty">{i18n.text(Key::PendRepEmpty)}</p> }
            .into_any();
    }
    let total = monthly_total(&rows);
    let chart_rows = rows
        .iter()
        .map(|r| ChartRow {
            key: r.company_id.to_string(),
            label: r.company_name.clone(),
            values: vec![r.opened, r.answered, r.resolved, r.overdue],
        })
        .collect();
    let line = |row: MonthlyRow, is_total: bool| {
        let label = if is_total {
            None
        } else {
            Some(row.company_name.clone())
        };
        view! {
            <tr
                data-testid=if is_total { "pending-report-total" } else { "pending-report-row" }
                data-company=(!is_total).then(|| row.company_id.to_string())
            >
                <th scope="row">{move || label.clone().unwrap_or_else(|| i18n.t(Key::ReportTotal).to_owned())}</th>
                <td class="numeric" data-testid="report-opened">{row.opened}</td>
                <td class="numeric" data-testid="report-answered">{row.answered}</td>
                <td class="numeric" data-testid="report-resolved">{row.resolved}</td>
                <td class="numeric cell-nowrap" data-testid="report-avg-answer">{hours(row.average_answer_hours)}</td>
                <td class="numeric cell-nowrap" data-testid="report-avg-resolution">{hours(row.average_resolution_hours)}</td>
                <td class="numeric" data-testid="report-overdue">{row.overdue}</td>
            </tr>
        }
    };
    view! {
        <div class="report__charts">
            <BarChart
                title=Key::PendRepChartMonthly
                series=vec![
                    (Key::PendRepOpened, "chart__bar--first"),
                    (Key::PendRepAnswered, "chart__bar--progress"),
                    (Key::PendRepResolved, "chart__bar--met"),
                    (Key::PendRepOverdue, "chart__bar--breached"),
                ]
                rows=chart_rows
                testid="pending-report-chart"
            />
        </div>
        <div class="table-wrap">
            <table class="table report-table pending-report" data-testid="pending-report-table">
                <caption class="visually-hidden">{i18n.text(Key::PendRepMonthlyTitle)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{i18n.text(Key::Company)}</th>
                        <th scope="col" class="numeric">{i18n.text(Key::PendRepOpened)}</th>
                        <th scope="col" class="numeric">{i18n.text(Key::PendRepAnswered)}</th>
                        <th scope="col" class="numeric">{i18n.text(Key::PendRepResolved)}</th>
                        <th scope="col" class="numeric">{i18n.text(Key::PendRepAvgAnswer)}</th>
                        <th scope="col" class="numeric">{i18n.text(Key::PendRepAvgResolution)}</th>
                        <th scope="col" class="numeric">{i18n.text(Key::PendRepOverdue)}</th>
                    </tr>
                </thead>
                <tbody>{rows.into_iter().map(|r| line(r, false)).collect_view()}</tbody>
                <tfoot>{line(total, true)}</tfoot>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn Operators() -> impl IntoView {
    let i18n = use_i18n();
    let month = RwSignal::new(String::new());
    let (asked, report) =
        use_report::<OperatorsReport>("/api/v1/reports/pending-operators", month, |r| {
            r.month.clone()
        });
    let operator = RwSignal::new(String::new());
    view! {
        <div class="page page--wide report">
            <header class="page__header">
                <h1 class="page__title" data-testid="page-title">{i18n.text(Key::PendRepOperatorsTitle)}</h1>
                <p class="page__lead">{i18n.text(Key::PendRepOperatorsLead)}</p>
            </header>
            <MonthFilter month asked>
                <div class="field">
                    <label class="label" for="report-operator">{i18n.text(Key::PendRepOperator)}</label>
                    <select
                        id="report-operator"
                        class="select"
                        data-testid="report-operator"
                        on:change=move |ev| operator.set(event_target_value(&ev))
                    >
                        <option value="" selected=move || operator.get().is_empty()>{i18n.text(Key::PendRepAllOperators)}</option>
                        {move || {
                            let mut known: Vec<(String, String)> = report.with(|r| match r {
                                Some(Ok(data)) => data
                                    .rows
                                    .iter()
                                    .map(|r| (r.operator_id.to_string(), r.operator_name.clone()))
                                    .collect(),
                                _ => Vec::new(),
                            });
                            known.sort_by_key(|(_, name)| name.to_lowercase());
                            known
                                .into_iter()
                                .map(|(id, name)| {
                                    let selected = id.clone();
                                    view! { <option value=id selected=move || operator.get() == selected>{name}</option> }
                                })
                                .collect_view()
                        }}
                    </select>
                </div>
            </MonthFilter>
            <ExportButtons param="operator_id" value=operator month />
            {move || match report.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(failure)) => {
                    view! { <FailureNotice failure on_retry=Callback::new(move |()| asked.update(|_| {})) /> }.into_any()
                }
                Some(Ok(data)) => {
                    let chosen = operator.get();
                    let mut rows: Vec<OperatorRow> = data
                        .rows
                        .into_iter()
                        .filter(|r| chosen.is_empty() || r.operator_id.to_string() == chosen)
                        .collect();
                    rows.sort_by_key(|r| r.operator_name.to_lowercase());
                    view! { <OperatorsBody rows /> }.into_any()
                }
            }}
        </div>
    }
}

#[component]
fn OperatorsBody(rows: Vec<OperatorRow>) -> impl IntoView {
    let i18n = use_i18n();
    if rows.is_empty() {
        return view! { <p class="empty" data-testid="report-empty">{i18n.text(Key::PendRepEmpty)}</p> }
            .into_any();
    }
    let total = operators_total(&rows);
    let chart_rows = rows
        .iter()
        .map(|r| ChartRow {
            key: r.operator_id.to_string(),
            label: r.operator_name.clone(),
            values: vec![r.created, r.approved, r.refused, r.processed],
        })
        .collect();
    let line = |row: OperatorRow, is_total: bool| {
        let label = if is_total {
            None
        } else {
            Some(row.operator_name.clone())
        };
        let percent = row.approval_percent;
        view! {
            <tr
                data-testid=if is_total { "operator-report-total" } else { "operator-report-row" }
                data-operator=(!is_total).then(|| row.operator_id.to_string())
            >
                <th scope="row">{move || label.clone().unwrap_or_else(|| i18n.t(Key::ReportTotal).to_owned())}</th>
                <td class="numeric" data-testid="report-created">{row.created}</td>
                <td class="numeric" data-testid="report-submitted">{row.submitted}</td>
                <td class="numeric" data-testid="report-approved">{row.approved}</td>
                <td class="numeric" data-testid="report-refused">{row.refused}</td>
                <td class="numeric" data-testid="report-approval">
                    {move || percent.map_or_else(|| "—".to_owned(), |p| format::percent(p, i18n.locale()))}
                </td>
                <td class="numeric" data-testid="report-processed">{row.processed}</td>
                <td class="numeric cell-nowrap" data-testid="report-avg-processing">{hours(row.average_processing_hours)}</td>
            </tr>
        }
    };
    view! {
        <div class="report__charts">
            <BarChart
                title=Key::PendRepChartOperators
                series=vec![
                    (Key::PendRepCreated, "chart__bar--first"),
                    (Key::PendRepApproved, "chart__bar--met"),
                    (Key::PendRepRefused, "chart__bar--breached"),
                    (Key::PendRepProcessed, "chart__bar--resolution"),
                ]
                rows=chart_rows
                testid="operator-report-chart"
            />
        </div>
        <div class="table-wrap">
            <table class="table report-table pending-report" data-testid="operator-report-table">
                <caption class="visually-hidden">{i18n.text(Key::PendRepOperatorsTitle)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{i18n.text(Key::PendRepOperator)}</th>
                        <th scope="col" class="numeric">{i18n.text(Key::PendRepCreated)}</th>
                        <th scope="col" class="numeric">{i18n.text(Key::PendRepSubmitted)}</th>
                        <th scope="col" class="numeric">{i18n.text(Key::PendRepApproved)}</th>
                        <th scope="col" class="numeric">{i18n.text(Key::PendRepRefused)}</th>
                        <th scope="col" class="numeric">{i18n.text(Key::PendRepApprovalRate)}</th>
                        <th scope="col" class="numeric">{i18n.text(Key::PendRepProcessed)}</th>
                        <th scope="col" class="numeric">{i18n.text(Key::PendRepAvgProcessing)}</th>
                    </tr>
                </thead>
                <tbody>{rows.into_iter().map(|r| line(r, false)).collect_view()}</tbody>
                <tfoot>{line(total, true)}</tfoot>
            </table>
        </div>
    }
    .into_any()
}

/// One group of bars.
#[derive(Debug, Clone, PartialEq)]
struct ChartRow {
    key: String,
    label: String,
    /// One value per series.
    values: Vec<u64>,
}

/// Grouped horizontal bars: per row, one thin bar per series, all on one
/// scale, each with its value.
#[component]
fn BarChart(
    title: Key,
    /// Each series' name and bar class.
    series: Vec<(Key, &'static str)>,
    rows: Vec<ChartRow>,
    testid: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let per_row = count(series.len() as u64);
    let row_height = BAR_HEIGHT * per_row + 3.0 * (per_row - 1.0) + 14.0;
    let height = TOP + row_height * count(rows.len() as u64) + 8.0;
    let bar_width = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH;
    let max = rows
        .iter()
        .flat_map(|r| r.values.iter().copied())
        .max()
        .map_or(0.0, count);
    let legends = series
        .iter()
        .enumerate()
        .map(|(i, (key, class))| legend(i18n, LABEL_WIDTH + 130.0 * count(i as u64), class, *key))
        .collect_view();
    let bars = rows
        .iter()
        .enumerate()
        .map(|(index, row)| {
            let y = TOP + row_height * count(index as u64);
            let description = series
                .iter()
                .zip(&row.values)
                .map(|((key, _), value)| format!("{} {value}", i18n.t(*key)))
                .collect::<Vec<_>>()
                .join(", ");
            let description = format!("{}: {description}", row.label);
            let group = series
                .iter()
                .zip(&row.values)
                .enumerate()
                .map(|(i, ((_, class), value))| {
                    let top = y + 4.0 + (BAR_HEIGHT + 3.0) * count(i as u64);
                    let width = bar(count(*value), max, bar_width);
                    view! {
                        <rect x=n(LABEL_WIDTH) y=n(top) width=n(width) height=n(BAR_HEIGHT) class=format!("chart__bar {class}") />
                        <text x=n(LABEL_WIDTH + width + 4.0) y=n(top + BAR_HEIGHT - 1.0) class="chart__value chart__value--small">
                            {*value}
                        </text>
                    }
                })
                .collect_view();
            view! {
                <g class="chart__row" role="img" aria-label=description data-testid=format!("{testid}-row") data-key=row.key.clone()>
                    <text x="0" y=n(y + row_height / 2.0 + 4.0) class="chart__label">{short(&row.label)}</text>
                    {group}
                </g>
            }
        })
        .collect_view();
    view! {
        <ChartCard title testid width=CHART_WIDTH height>
            {legends}
            {bars}
        </ChartCard>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn monthly(opened: u64, answered: u64, answer: Option<f64>) -> MonthlyRow {
        MonthlyRow {
            company_id: Uuid::nil(),
            company_name: "A".into(),
            opened,
            answered,
            resolved: 0,
            average_answer_hours: answer,
            average_resolution_hours: None,
            overdue: 1,
        }
    }

    #[test]
    fn totals_add_up_and_weigh_the_averages() {
        let total = monthly_total(&[monthly(2, 1, Some(2.0)), monthly(3, 3, Some(6.0))]);
        assert_eq!(total.opened, 5);
        assert_eq!(total.answered, 4);
        assert_eq!(total.overdue, 2);
        assert_eq!(total.average_answer_hours, Some(5.0));
        assert_eq!(total.average_resolution_hours, None);
    }

    #[test]
    fn the_approval_rate_of_the_total_comes_from_the_sums() {
        let row = |approved, refused| OperatorRow {
            operator_id: Uuid::nil(),
            operator_name: "B".into(),
            created: 1,
            submitted: 1,
            approved,
            refused,
            approval_percent: None,
            processed: 0,
            average_processing_hours: None,
        };
        let total = operators_total(&[row(3, 1), row(0, 0)]);
        assert_eq!(total.approval_percent, Some(75.0));
        assert_eq!(operators_total(&[row(0, 0)]).approval_percent, None);
    }

    #[test]
    fn months_move_across_years() {
        assert_eq!(shift_month("2026-01", -1).as_deref(), Some("2025-12"));
        assert_eq!(shift_month("2026-12", 1).as_deref(), Some("2027-01"));
        assert_eq!(shift_month("2026-05", 0).as_deref(), Some("2026-05"));
        assert_eq!(shift_month("maio", 1), None);
        assert!(valid_month("2026-11"));
        assert!(!valid_month("2026-13"));
    }

    #[test]
    fn hours_read_as_durations() {
        assert_eq!(hours(None), "—");
        assert_eq!(hours(Some(1.5)), "1 h 30 min");
        assert_eq!(hours(Some(0.0)), "0 min");
    }

    #[test]
    fn the_reports_read_the_servers_answer() {
        let monthly: MonthlyReport = serde_json::from_value(serde_json::json!({
            "month": "2026-11",
            "rows": [{
                "company_id": "0193a2b0-0000-7000-8000-000000000001",
                "company_name": "Pão Dourado",
                "opened": 3, "answered": 1, "resolved": 1,
                "average_answer_hours": 2.5, "average_resolution_hours": null,
                "overdue": 0
            }]
        }))
        .unwrap();
        assert_eq!(monthly.rows[0].opened, 3);
        let operators: OperatorsReport = serde_json::from_value(serde_json::json!({
            "month": "2026-11",
            "rows": [{
                "operator_id": "0193a2b0-0000-7000-8000-000000000002",
                "operator_name": "Camila Ribeiro",
                "created": 4, "submitted": 4, "approved": 2, "refused": 1,
                "approval_percent": 66.7, "processed": 1, "average_processing_hours": null
            }]
        }))
        .unwrap();
        assert_eq!(operators.rows[0].approval_percent, Some(66.7));
    }
}
