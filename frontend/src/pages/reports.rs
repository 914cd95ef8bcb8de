//! `/relatorios/sla`: the SLA report. For the tickets opened in a period,
//! grouped by company, consultancy, category, agent, priority or month:
//! how many met their targets and how many breached them (bars), the
//! average first-response and resolution times in business hours (bars),
//! and every figure in a table, business and calendar times side by side.
//! The charts are SVG drawn here; the table is their text alternative.

use atende_types::reports::{SlaReport, SlaReportRow};
use chrono::NaiveDate;
use leptos::prelude::*;

use crate::api::{ApiFailure, Query, use_api};
use crate::components::chart::{ChartCard, count, legend, n, short};
use crate::components::feedback::{FailureNotice, Loading};
use crate::components::forms::DateInput;
use crate::components::guard::RequirePermission;
use crate::components::layout::use_document_title;
use crate::format;
use crate::i18n::{I18n, Key, use_i18n};
use crate::labels;
use crate::pages::tickets::shared::is_missing;
use crate::session::use_session;
use crate::sla::bar;

/// Days in the period shown first (ending today).
const DEFAULT_DAYS: u64 = 30;

/// Chart geometry (SVG user units).
const CHART_WIDTH: f64 = 720.0;
const LABEL_WIDTH: f64 = 200.0;
const VALUE_WIDTH: f64 = 150.0;
const ROW_HEIGHT: f64 = 30.0;
const TOP: f64 = 30.0;

/// `/relatorios/sla`.
#[component]
pub fn SlaReportPage() -> impl IntoView {
    use_document_title(Key::SlaReportTitle);
    view! {
        <RequirePermission any_of=&["reports.helpdesk"]>
            <Report />
        </RequirePermission>
    }
}

/// What the report is asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Ask {
    from: NaiveDate,
    to: NaiveDate,
    group_by: String,
}

/// How a group is named in the charts and the table.
fn row_label(i18n: I18n, group_by: &str, row: &SlaReportRow) -> String {
    let locale = i18n.locale();
    if row.key.is_empty() {
        return if row.label.trim().is_empty() {
            i18n.t(Key::ReportNoneGroup).to_owned()
        } else {
            row.label.clone()
        };
    }
    match group_by {
        "priority" => labels::priority(locale, &row.key),
        "month" => format::month(&row.key),
        _ if row.label.trim().is_empty() => row.key.clone(),
        _ => row.label.clone(),
    }
}

/// An average time, or "—".
fn average(minutes: Option<f64>) -> String {
    minutes.map_or_else(
        || "—".to_owned(),
        |m| {
            // Whole minutes are precise enough for an average.
            #[allow(clippy::cast_possible_truncation)]
            let rounded = m.round() as i64;
            format::duration(rounded)
        },
    )
}

#[component]
fn Report() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let api = use_api();
    let zone = untrack(|| session.time_zone());
    let today = format::day_of(&format::now().to_rfc3339(), &zone)
        .unwrap_or_else(|| format::now().date_naive());
    let start = today
        .checked_sub_days(chrono::Days::new(DEFAULT_DAYS - 1))
        .unwrap_or(today);
    let from = RwSignal::new(start.format("%Y-%m-%d").to_string());
    let to = RwSignal::new(today.format("%Y-%m-%d").to_string());
    let group_by = RwSignal::new("company".to_owned());
    let period_problem = RwSignal::new(false);
    let ask = RwSignal::new(Ask {
        from: start,
        to: today,
        group_by: "company".to_owned(),
    });
    let report = RwSignal::new(None::<Result<SlaReport, ApiFailure>>);
    let generation = StoredValue::new(0u64);

    Effect::new(move |_| {
        let Ask { from, to, group_by } = ask.get();
        let zone = session.time_zone();
        let this = generation.get_value().wrapping_add(1);
        generation.set_value(this);
        report.set(None);
        let end = to.succ_opt().unwrap_or(to);
        let path = Query::new("/api/v1/reports/sla")
            .param("from", &format::day_start_param(from, &zone))
            .param("to", &format::day_start_param(end, &zone))
            .param("group_by", &group_by)
            .build();
        leptos::task::spawn_local(async move {
            let result = api.get_json::<SlaReport>(&path).await;
            if generation.try_get_value() == Some(this) {
                report.set(Some(result));
            }
        });
    });

    let apply = move || {
        let (Some(start), Some(end)) = (
            format::parse_date_input(&from.get_untracked()),
            format::parse_date_input(&to.get_untracked()),
        ) else {
            period_problem.set(true);
            return;
        };
        if start > end {
            period_problem.set(true);
            return;
        }
        period_problem.set(false);
        ask.set(Ask {
            from: start,
            to: end,
            group_by: group_by.get_untracked(),
        });
    };

    view! {
        <div class="page page--wide report">
            <header class="page__header">
                <h1 class="page__title" data-testid="page-title">{i18n.text(Key::SlaReportTitle)}</h1>
                <p class="page__lead">{i18n.text(Key::SlaReportLead)}</p>
            </header>
            <form
                class="filters"
                aria-label=i18n.text(Key::Filters)
                data-testid="report-filters"
                on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    apply();
                }
            >
                <div class="field">
                    <label class="label" for="report-from">{i18n.text(Key::FromDate)}</label>
                    <DateInput
                        id="report-from"
                        value=from
                        on_change=Callback::new(move |v| from.set(v))
                        testid="report-from"
                        invalid=Signal::derive(move || period_problem.get())
                    />
                </div>
                <div class="field">
                    <label class="label" for="report-to">{i18n.text(Key::ToDate)}</label>
                    <DateInput
                        id="report-to"
                        value=to
                        on_change=Callback::new(move |v| to.set(v))
                        testid="report-to"
                        invalid=Signal::derive(move || period_problem.get())
                    />
                </div>
                <div class="field">
                    <label class="label" for="report-group-by">{i18n.text(Key::GroupBy)}</label>
                    <select
                        id="report-group-by"
                        class="select"
                        data-testid="report-group-by"
                        on:change=move |ev| {
                            group_by.set(event_target_value(&ev));
                            apply();
                        }
                    >
                        {labels::report_groups()
                            .map(|group| {
                                view! {
                                    <option value=group selected=move || group_by.get() == group>
                                        {move || labels::report_group(i18n.locale(), group)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <button type="submit" class="button button--secondary filters__submit" data-testid="report-apply">
                    {i18n.text(Key::Update)}
                </button>
            </form>
            <Show when=move || period_problem.get()>
                <p class="field-error" role="alert" data-testid="report-period-problem">
                    {i18n.text(Key::PeriodInvalid)}
                </p>
            </Show>
            {move || match report.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(failure)) if is_missing(&failure) => {
                    view! {
                        <p class="notice notice--info" data-testid="report-unavailable">
                            {i18n.text(Key::ReportUnavailable)}
                        </p>
                    }
                        .into_any()
                }
                Some(Err(failure)) => {
                    view! { <FailureNotice failure on_retry=Callback::new(move |()| ask.update(|_| {})) /> }.into_any()
                }
                Some(Ok(data)) => view! { <ReportBody data /> }.into_any(),
            }}
        </div>
    }
}

/// The figures of one answer.
#[component]
fn ReportBody(data: SlaReport) -> impl IntoView {
    let i18n = use_i18n();
    let total = data.total.clone();
    let group_by = data.group_by.clone();
    let kpi = |label: Key, value: String, testid: &'static str, tone: &'static str| {
        view! {
            <div class=format!("kpi kpi--{tone}") data-testid=testid>
                <span class="kpi__label">{move || i18n.t(label)}</span>
                <span class="kpi__value" data-testid=format!("{testid}-value")>{value}</span>
            </div>
        }
    };
    let met_percent = move || {
        total
            .met_percent
            .map_or_else(|| "—".to_owned(), |p| format::percent(p, i18n.locale()))
    };
    let kpis = view! {
        <section class="kpis" aria-label=i18n.text(Key::ReportTotal) data-testid="report-kpis">
            {kpi(Key::ReportTickets, data.total.tickets.to_string(), "report-kpi-tickets", "neutral")}
            {kpi(Key::ReportMet, data.total.met.to_string(), "report-kpi-met", "success")}
            {kpi(Key::ReportBreached, data.total.breached.to_string(), "report-kpi-breached", "danger")}
            {kpi(Key::ReportInProgress, data.total.in_progress.to_string(), "report-kpi-in-progress", "info")}
            <div class="kpi kpi--success" data-testid="report-kpi-met-percent">
                <span class="kpi__label">{i18n.text(Key::ReportMetPercent)}</span>
                <span class="kpi__value" data-testid="report-kpi-met-percent-value">{met_percent}</span>
            </div>
            {kpi(
                Key::ReportAvgFirstResponse,
                average(data.total.first_response_business_minutes),
                "report-kpi-first-response",
                "info",
            )}
            {kpi(
                Key::ReportAvgResolution,
                average(data.total.resolution_business_minutes),
                "report-kpi-resolution",
                "info",
            )}
        </section>
    };
    if data.rows.is_empty() {
        return view! {
            {kpis}
            <p class="empty" data-testid="report-empty">{i18n.text(Key::ReportEmpty)}</p>
        }
        .into_any();
    }
    let rows = data.rows.clone();
    let table_rows = data.rows.clone();
    let table_group = group_by.clone();
    view! {
        {kpis}
        <div class="report__charts">
            <MetChart rows=rows.clone() group_by=group_by.clone() />
            <TimesChart rows group_by />
        </div>
        <div class="table-wrap">
            <table class="table report-table" data-testid="report-table">
                <caption class="visually-hidden">{i18n.text(Key::SlaReportTitle)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{move || labels::report_group(i18n.locale(), &table_group)}</th>
                        <th scope="col" class="numeric">{i18n.text(Key::ReportTickets)}</th>
                        <th scope="col" class="numeric">{i18n.text(Key::ReportMet)}</th>
                        <th scope="col" class="numeric">{i18n.text(Key::ReportBreached)}</th>
                        <th scope="col" class="numeric">{i18n.text(Key::ReportInProgress)}</th>
                        <th scope="col" class="numeric">{i18n.text(Key::ReportMetPercent)}</th>
                        <th scope="col" class="numeric">
                            {i18n.text(Key::ReportAvgFirstResponse)} <br />
                            <span class="cell-sub">{i18n.text(Key::ReportBusiness)} " / " {i18n.text(Key::ReportCalendarTime)}</span>
                        </th>
                        <th scope="col" class="numeric">
                            {i18n.text(Key::ReportAvgResolution)} <br />
                            <span class="cell-sub">{i18n.text(Key::ReportBusiness)} " / " {i18n.text(Key::ReportCalendarTime)}</span>
                        </th>
                    </tr>
                </thead>
                <tbody>
                    {table_rows
                        .into_iter()
                        .map(|row| view! { <ReportRow row group_by=data.group_by.clone() total=false /> })
                        .collect_view()}
                </tbody>
                <tfoot>
                    <ReportRow row=data.total.clone() group_by=data.group_by.clone() total=true />
                </tfoot>
            </table>
        </div>
    }
    .into_any()
}

/// One line of the table.
#[component]
fn ReportRow(row: SlaReportRow, group_by: String, total: bool) -> impl IntoView {
    let i18n = use_i18n();
    let label = {
        let row = row.clone();
        move || {
            if total {
                i18n.t(Key::ReportTotal).to_owned()
            } else {
                row_label(i18n, &group_by, &row)
            }
        }
    };
    let percent = move || {
        row.met_percent
            .map_or_else(|| "—".to_owned(), |p| format::percent(p, i18n.locale()))
    };
    view! {
        <tr data-testid=if total { "report-total" } else { "report-row" } data-key=row.key.clone()>
            <th scope="row">{label}</th>
            <td class="numeric" data-testid="report-tickets">{row.tickets}</td>
            <td class="numeric" data-testid="report-met">{row.met}</td>
            <td class="numeric" data-testid="report-breached">{row.breached}</td>
            <td class="numeric">{row.in_progress}</td>
            <td class="numeric" data-testid="report-met-percent">{percent}</td>
            <td class="numeric cell-nowrap">
                {average(row.first_response_business_minutes)} " / " {average(row.first_response_minutes)}
            </td>
            <td class="numeric cell-nowrap">
                {average(row.resolution_business_minutes)} " / " {average(row.resolution_minutes)}
            </td>
        </tr>
    }
}

/// Met, breached and in-progress tickets per group, as stacked bars.
#[component]
fn MetChart(rows: Vec<SlaReportRow>, group_by: String) -> impl IntoView {
    let i18n = use_i18n();
    let height = TOP + ROW_HEIGHT * count(rows.len() as u64) + 8.0;
    let bar_width = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH;
    let max = rows
        .iter()
        .map(|r| count(r.met + r.breached + r.in_progress))
        .fold(0.0, f64::max);
    let bars = rows
        .iter()
        .enumerate()
        .map(|(index, row)| {
            let y = TOP + ROW_HEIGHT * count(index as u64);
            let met = bar(count(row.met), max, bar_width);
            let breached = bar(count(row.breached), max, bar_width);
            let progress = bar(count(row.in_progress), max, bar_width);
            let label = row_label(i18n, &group_by, row);
            let description = i18n
                .t(Key::ReportBarMet)
                .replace("{label}", &label)
                .replace("{met}", &row.met.to_string())
                .replace("{breached}", &row.breached.to_string())
                .replace("{progress}", &row.in_progress.to_string());
            let value = format!("{} / {}", row.met, row.breached);
            view! {
                <g class="chart__row" role="img" aria-label=description data-testid="report-chart-met-row" data-key=row.key.clone()>
                    <text x="0" y=n(y + 19.0) class="chart__label">{short(&label)}</text>
                    <rect x=n(LABEL_WIDTH) y=n(y + 6.0) width=n(met) height="18" class="chart__bar chart__bar--met" data-testid="report-bar-met" />
                    <rect
                        x=n(LABEL_WIDTH + met)
                        y=n(y + 6.0)
                        width=n(breached)
                        height="18"
                        class="chart__bar chart__bar--breached"
                        data-testid="report-bar-breached"
                    />
                    <rect
                        x=n(LABEL_WIDTH + met + breached)
                        y=n(y + 6.0)
                        width=n(progress)
                        height="18"
                        class="chart__bar chart__bar--progress"
                    />
                    <text x=n(LABEL_WIDTH + met + breached + progress + 6.0) y=n(y + 19.0) class="chart__value">
                        {value}
                    </text>
                </g>
            }
        })
        .collect_view();
    view! {
        <ChartCard title=Key::ReportChartMet testid="report-chart-met" width=CHART_WIDTH height>
            {legend(i18n, LABEL_WIDTH, "chart__bar--met", Key::ReportMet)}
            {legend(i18n, LABEL_WIDTH + 120.0, "chart__bar--breached", Key::ReportBreached)}
            {legend(i18n, LABEL_WIDTH + 240.0, "chart__bar--progress", Key::ReportInProgress)}
            {bars}
        </ChartCard>
    }
}

/// Average first-response and resolution times (business) per group.
#[component]
fn TimesChart(rows: Vec<SlaReportRow>, group_by: String) -> impl IntoView {
    let i18n = use_i18n();
    let height = TOP + ROW_HEIGHT * count(rows.len() as u64) + 8.0;
    let bar_width = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH;
    let max = rows
        .iter()
        .flat_map(|r| {
            [
                r.first_response_business_minutes,
                r.resolution_business_minutes,
            ]
        })
        .flatten()
        .fold(0.0, f64::max);
    let bars = rows
        .iter()
        .enumerate()
        .map(|(index, row)| {
            let y = TOP + ROW_HEIGHT * count(index as u64);
            let first = bar(row.first_response_business_minutes.unwrap_or(0.0), max, bar_width);
            let resolution = bar(row.resolution_business_minutes.unwrap_or(0.0), max, bar_width);
            let label = row_label(i18n, &group_by, row);
            let (first_text, resolution_text) = (
                average(row.first_response_business_minutes),
                average(row.resolution_business_minutes),
            );
            let description = i18n
                .t(Key::ReportBarTimes)
                .replace("{label}", &label)
                .replace("{first}", &first_text)
                .replace("{resolution}", &resolution_text);
            view! {
                <g class="chart__row" role="img" aria-label=description data-testid="report-chart-times-row" data-key=row.key.clone()>
                    <text x="0" y=n(y + 19.0) class="chart__label">{short(&label)}</text>
                    <rect x=n(LABEL_WIDTH) y=n(y + 5.0) width=n(first) height="9" class="chart__bar chart__bar--first" />
                    <rect x=n(LABEL_WIDTH) y=n(y + 15.0) width=n(resolution) height="9" class="chart__bar chart__bar--resolution" />
                    <text x=n(LABEL_WIDTH + first.max(resolution) + 6.0) y=n(y + 19.0) class="chart__value">
                        {format!("{first_text} / {resolution_text}")}
                    </text>
                </g>
            }
        })
        .collect_view();
    view! {
        <ChartCard title=Key::ReportChartTimes testid="report-chart-times" width=CHART_WIDTH height>
            {legend(i18n, LABEL_WIDTH, "chart__bar--first", Key::ReportAvgFirstResponse)}
            {legend(i18n, LABEL_WIDTH + 200.0, "chart__bar--resolution", Key::ReportAvgResolution)}
            {bars}
        </ChartCard>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn averages_read_naturally() {
        assert_eq!(average(None), "—");
        assert_eq!(average(Some(89.6)), "1 h 30 min");
    }
}
