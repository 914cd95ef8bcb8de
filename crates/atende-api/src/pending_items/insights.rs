//! Dashboards, the monthly and operators reports, and the export of
//! pending items — every figure over the items the caller may see (a
//! client's numbers never include drafts, refused items or items awaiting
//! approval).

use std::collections::BTreeMap;

use actix_web::{HttpResponse, get, web};
use atende_core::{access::Reach, pending::PendingStatus, permissions::Permission};
use atende_types::{
    pending::{GeneralDashboard, OperatorDashboard, PendingDashboard, SupervisorDashboard},
    reports::{
        PendingMonthlyReport, PendingMonthlyRow, PendingOperatorRow, PendingOperatorsReport,
    },
};
use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::America::Sao_Paulo;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder};
use serde::Deserialize;
use uuid::Uuid;

use super::{
    entity::{event, item},
    service::{PendingFilter, status_of, today, visible_statuses},
};
use crate::{
    auth::Actor, companies::entity as company, error::ApiError, identity::user, state::AppState,
};

/// The items `actor` may see within the reach of `permission`.
async fn visible_items(
    state: &AppState,
    actor: &Actor,
    permission: Permission,
    extra: Condition,
) -> Result<Vec<item::Model>, ApiError> {
    items_in(state, actor, permission, extra, visible_statuses(actor)).await
}

/// The items a report of `actor` counts: those they may see and, since a
/// report shows counts and averages rather than the items, the resolved
/// ones too — a client supervisor's monthly report counts what was
/// resolved for their companies without opening the items themselves.
async fn counted_items(
    state: &AppState,
    actor: &Actor,
    permission: Permission,
    extra: Condition,
) -> Result<Vec<item::Model>, ApiError> {
    let mut statuses = visible_statuses(actor);
    if !statuses.contains(&atende_core::pending::PendingStatus::Resolved) {
        statuses.push(atende_core::pending::PendingStatus::Resolved);
    }
    items_in(state, actor, permission, extra, statuses).await
}

async fn items_in(
    state: &AppState,
    actor: &Actor,
    permission: Permission,
    extra: Condition,
    statuses: Vec<atende_core::pending::PendingStatus>,
) -> Result<Vec<item::Model>, ApiError> {
    let reach = actor.authorize(permission)?;
    let view = actor.authorize(Permission::PendingItemsView)?;
    let mut c = extra.add(item::Column::Status.is_in(statuses.iter().map(|s| s.as_str())));
    for r in [reach, view] {
        if let Reach::Companies(ids) = r {
            c = c.add(item::Column::CompanyId.is_in(ids.iter().copied()));
        }
    }
    Ok(item::Entity::find()
        .filter(c)
        .order_by_asc(item::Column::Number)
        .all(&state.db)
        .await?)
}

fn hours(from: Option<chrono::DateTime<Utc>>, to: Option<chrono::DateTime<Utc>>) -> Option<f64> {
    match (from, to) {
        (Some(a), Some(b)) if b >= a => Some((b - a).num_minutes() as f64 / 60.0),
        _ => None,
    }
}

fn average(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0_u32), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| (sum / f64::from(n) * 10.0).round() / 10.0)
}

/// A count on the wire.
fn n(count: usize) -> u64 {
    u64::try_from(count).unwrap_or(u64::MAX)
}

/// `aaaa-mm` of the month starting at `first` (São Paulo).
fn month_name(first: chrono::DateTime<Utc>) -> String {
    first.with_timezone(&Sao_Paulo).format("%Y-%m").to_string()
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DashboardQuery {
    /// `general` (default), `operator` or `supervisor`.
    pub kind: Option<String>,
}

/// The three dashboards: general (items by status and segment), operator
/// (my items, answers waiting for me, refusals to fix), supervisor
/// (approval queue, overdue items, items resolved per week).
#[utoipa::path(get, path = "/api/v1/pending-items/dashboard", tag = "pending-items", params(DashboardQuery),
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "The dashboard's figures", body = PendingDashboard)))]
#[get("/dashboard")]
pub async fn dashboard(
    state: web::Data<AppState>,
    actor: Actor,
    web::Query(query): web::Query<DashboardQuery>,
) -> Result<HttpResponse, ApiError> {
    let kind = query.kind.as_deref().unwrap_or("general");
    let me = actor.user.as_ref().map(|u| u.id);
    let body = match kind {
        "general" => {
            let items = visible_items(
                &state,
                &actor,
                Permission::DashboardGeneral,
                Condition::all(),
            )
            .await?;
            let mut by_status: BTreeMap<String, u64> = BTreeMap::new();
            let mut by_segment: BTreeMap<String, u64> = BTreeMap::new();
            for i in &items {
                *by_status
                    .entry(status_of(i).as_str().to_owned())
                    .or_default() += 1;
                *by_segment
                    .entry(i.segment_id.map(|s| s.to_string()).unwrap_or_default())
                    .or_default() += 1;
            }
            PendingDashboard::General(GeneralDashboard {
                total: n(items.len()),
                by_status,
                by_segment,
            })
        }
        "operator" => {
            let items = visible_items(
                &state,
                &actor,
                Permission::DashboardOperator,
                Condition::all().add(item::Column::OperatorId.eq(me)),
            )
            .await?;
            let count = |s: PendingStatus| n(items.iter().filter(|i| status_of(i) == s).count());
            PendingDashboard::Operator(OperatorDashboard {
                mine: n(items.len()),
                drafts: count(PendingStatus::Draft),
                answers_waiting: count(PendingStatus::Answered),
                refused_to_fix: count(PendingStatus::Refused),
                in_progress: count(PendingStatus::InProgress),
            })
        }
        "supervisor" => {
            let items = visible_items(
                &state,
                &actor,
                Permission::DashboardSupervisor,
                Condition::all(),
            )
            .await?;
            let today = today(&state);
            let now = state.clock.now();
            let queue = items
                .iter()
                .filter(|i| status_of(i) == PendingStatus::AwaitingApproval)
                .count();
            let overdue = items
                .iter()
                .filter(|i| !status_of(i).is_final() && i.due_date.is_some_and(|d| d < today))
                .count();
            let weeks: Vec<u64> = (0..4)
                .map(|w| {
                    let to = now - Duration::weeks(w);
                    let from = to - Duration::weeks(1);
                    items
                        .iter()
                        .filter(|i| i.resolved_at.is_some_and(|at| at > from && at <= to))
                        .count() as u64
                })
                .collect();
            PendingDashboard::Supervisor(SupervisorDashboard {
                approval_queue: n(queue),
                overdue: n(overdue),
                resolved_per_week: weeks,
            })
        }
        _ => {
            return Err(ApiError::validation(
                "kind",
                "general, operator or supervisor",
            ));
        }
    };
    Ok(HttpResponse::Ok().json(body))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MonthQuery {
    /// `aaaa-mm` (default: the current month, São Paulo time).
    pub month: Option<String>,
}

/// The month's bounds as instants (São Paulo), and its last day.
pub(super) fn month_of(
    state: &AppState,
    text: Option<&str>,
) -> Result<(chrono::DateTime<Utc>, chrono::DateTime<Utc>, NaiveDate), ApiError> {
    let first = match text {
        None => today(state).with_day(1),
        Some(t) => NaiveDate::parse_from_str(&format!("{t}-01"), "%Y-%m-%d").ok(),
    }
    .ok_or_else(|| ApiError::validation("month", "aaaa-mm, e.g. 2026-03"))?;
    let next = first
        .checked_add_months(chrono::Months::new(1))
        .ok_or_else(|| ApiError::validation("month", "out of range"))?;
    let at = |d: NaiveDate| {
        Sao_Paulo
            .from_local_datetime(&d.and_time(chrono::NaiveTime::MIN))
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .ok_or_else(|| ApiError::validation("month", "out of range"))
    };
    Ok((at(first)?, at(next)?, next - Duration::days(1)))
}

/// "Relatório mensal": per company, the month's items opened, answered,
/// resolved, average answer and resolution times (hours) and overdue.
#[utoipa::path(get, path = "/api/v1/reports/pending-monthly", tag = "reports", params(MonthQuery),
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "One row per company", body = PendingMonthlyReport)))]
#[get("/pending-monthly")]
pub async fn monthly(
    state: web::Data<AppState>,
    actor: Actor,
    web::Query(query): web::Query<MonthQuery>,
) -> Result<HttpResponse, ApiError> {
    let (from, to, last_day) = month_of(&state, query.month.as_deref())?;
    let first_day = from.with_timezone(&Sao_Paulo).date_naive();
    let today = today(&state);
    let items = counted_items(&state, &actor, Permission::ReportsMonthly, Condition::all()).await?;
    let within = |at: Option<chrono::DateTime<Utc>>| at.is_some_and(|t| t >= from && t < to);
    let mut rows: BTreeMap<Uuid, Vec<&item::Model>> = BTreeMap::new();
    for i in &items {
        rows.entry(i.company_id).or_default().push(i);
    }
    let names = company_names(&state, rows.keys().copied().collect()).await?;
    let report: Vec<PendingMonthlyRow> = rows
        .iter()
        .map(|(company_id, items)| {
            let opened: Vec<_> = items
                .iter()
                .filter(|i| within(Some(i.created_at)))
                .collect();
            let answered: Vec<_> = items.iter().filter(|i| within(i.answered_at)).collect();
            let resolved: Vec<_> = items.iter().filter(|i| within(i.resolved_at)).collect();
            // Due this month (and already past), not resolved by the due date.
            let overdue = items
                .iter()
                .filter(|i| match i.due_date {
                    Some(due) => {
                        due >= first_day
                            && due <= last_day
                            && due < today
                            && i.resolved_at
                                .is_none_or(|at| at.with_timezone(&Sao_Paulo).date_naive() > due)
                    }
                    None => false,
                })
                .count();
            PendingMonthlyRow {
                company_id: *company_id,
                company_name: names.get(company_id).cloned().unwrap_or_default(),
                opened: n(opened.len()),
                answered: n(answered.len()),
                resolved: n(resolved.len()),
                average_answer_hours: average(
                    answered
                        .iter()
                        .filter_map(|i| hours(i.approved_at, i.answered_at)),
                ),
                average_resolution_hours: average(
                    resolved
                        .iter()
                        .filter_map(|i| hours(Some(i.created_at), i.resolved_at)),
                ),
                overdue: n(overdue),
            }
        })
        .filter(|r| r.opened + r.answered + r.resolved + r.overdue > 0)
        .collect();
    Ok(HttpResponse::Ok().json(PendingMonthlyReport {
        month: month_name(from),
        rows: report,
    }))
}

/// "Relatório operadores": per operator, the month's items created,
/// submitted, approved, refused (and the approval ratio), processed
/// (resolved) and the average processing time from answer to resolution.
#[utoipa::path(get, path = "/api/v1/reports/pending-operators", tag = "reports", params(MonthQuery),
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "One row per operator", body = PendingOperatorsReport)))]
#[get("/pending-operators")]
pub async fn operators(
    state: web::Data<AppState>,
    actor: Actor,
    web::Query(query): web::Query<MonthQuery>,
) -> Result<HttpResponse, ApiError> {
    let (from, to, _) = month_of(&state, query.month.as_deref())?;
    let items = counted_items(
        &state,
        &actor,
        Permission::ReportsOperators,
        Condition::all(),
    )
    .await?;
    let within = |at: Option<chrono::DateTime<Utc>>| at.is_some_and(|t| t >= from && t < to);
    let mut rows: BTreeMap<Uuid, Vec<&item::Model>> = BTreeMap::new();
    for i in &items {
        if let Some(op) = i.operator_id {
            rows.entry(op).or_default().push(i);
        }
    }
    let names: BTreeMap<Uuid, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(rows.keys().copied()))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    // Steps counted from the history, so an item refused and then approved
    // counts once each way. An item created (or imported) straight into
    // the approval queue was submitted by its creation.
    let operator_of: BTreeMap<Uuid, Uuid> = items
        .iter()
        .filter_map(|i| i.operator_id.map(|op| (i.id, op)))
        .collect();
    let mut steps: BTreeMap<(Uuid, String), u64> = BTreeMap::new();
    let created_submitted = Condition::all()
        .add(event::Column::Kind.eq("created"))
        .add(event::Column::Data.like(r#"%"status":"awaiting_approval"%"#));
    for e in event::Entity::find()
        .filter(
            Condition::any()
                .add(event::Column::Kind.is_in(["submitted", "approved", "refused"]))
                .add(created_submitted),
        )
        .filter(event::Column::CreatedAt.gte(from))
        .filter(event::Column::CreatedAt.lt(to))
        .all(&state.db)
        .await?
    {
        if let Some(op) = operator_of.get(&e.pending_item_id) {
            let kind = if e.kind == "created" {
                "submitted".to_owned()
            } else {
                e.kind
            };
            *steps.entry((*op, kind)).or_default() += 1;
        }
    }
    let step = |op: &Uuid, kind: &str| steps.get(&(*op, kind.to_owned())).copied().unwrap_or(0);
    let report: Vec<PendingOperatorRow> = rows
        .iter()
        .map(|(operator, items)| {
            let (approved, refused) = (step(operator, "approved"), step(operator, "refused"));
            let resolved: Vec<_> = items.iter().filter(|i| within(i.resolved_at)).collect();
            PendingOperatorRow {
                operator_id: *operator,
                operator_name: names.get(operator).cloned().unwrap_or_default(),
                created: n(items.iter().filter(|i| within(Some(i.created_at))).count()),
                submitted: step(operator, "submitted"),
                approved,
                refused,
                approval_percent: (approved + refused > 0).then(|| {
                    (approved as f64 * 1000.0 / (approved + refused) as f64).round() / 10.0
                }),
                processed: n(resolved.len()),
                average_processing_hours: average(
                    resolved
                        .iter()
                        .filter_map(|i| hours(i.answered_at, i.resolved_at)),
                ),
            }
        })
        .collect();
    Ok(HttpResponse::Ok().json(PendingOperatorsReport {
        month: month_name(from),
        rows: report,
    }))
}

async fn company_names(
    state: &AppState,
    ids: Vec<Uuid>,
) -> Result<BTreeMap<Uuid, String>, ApiError> {
    Ok(company::Entity::find()
        .filter(company::Column::Id.is_in(ids))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.trade_name.unwrap_or(c.legal_name)))
        .collect())
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportFormat {
    /// `csv` (default) or `xlsx`.
    pub format: Option<String>,
}

/// A cell a spreadsheet program must not run as a formula: text starting
/// with `=`, `+`, `-`, `@` (or tab/CR) gets a leading apostrophe.
pub fn defuse(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// "Exportar dados": the visible items as CSV (`;`, UTF-8 with BOM, as
/// Brazilian Excel opens it) or XLSX, with the list's filters
/// (`status`, `company_id`, `segment_id`, `operator_id`, `import_id`, `q`,
/// `overdue`, `month`).
#[utoipa::path(get, path = "/api/v1/pending-items/export", tag = "pending-items", params(ExportFormat, PendingFilter),
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "The file: CSV (`format=csv`, the default) or XLSX (`format=xlsx`)",
        content(
            (inline(crate::openapi::FileBytes) = "text/csv"),
            (inline(crate::openapi::FileBytes) = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ))))]
#[get("/export")]
pub async fn export(
    state: web::Data<AppState>,
    actor: Actor,
    web::Query(query): web::Query<ExportFormat>,
    web::Query(filter): web::Query<PendingFilter>,
) -> Result<HttpResponse, ApiError> {
    let c = filter.condition(&state, &actor)?;
    let format = query.format.as_deref().unwrap_or("csv");
    if !matches!(format, "csv" | "xlsx") {
        return Err(ApiError::validation("format", "csv or xlsx"));
    }
    let items = visible_items(&state, &actor, Permission::DataExport, c).await?;
    let names = company_names(&state, items.iter().map(|i| i.company_id).collect()).await?;
    let header = [
        "Número",
        "Título",
        "Empresa",
        "Situação",
        "Categoria",
        "Vencimento",
        "Documento",
        "Valor (R$)",
        "Criada em",
    ];
    let rows: Vec<[String; 9]> = items
        .iter()
        .map(|i| {
            [
                format!("{:06}", i.number),
                defuse(&i.title),
                defuse(names.get(&i.company_id).map_or("", String::as_str)),
                status_of(i)
                    .label(atende_core::locale::Locale::PtBr)
                    .to_owned(),
                defuse(i.category.as_deref().unwrap_or_default()),
                i.due_date
                    .map(|d| d.format("%d/%m/%Y").to_string())
                    .unwrap_or_default(),
                defuse(i.document_number.as_deref().unwrap_or_default()),
                i.amount_cents
                    .map(|c| atende_core::br_format::Brl::from_cents(c).to_br_string())
                    .unwrap_or_default(),
                i.created_at
                    .with_timezone(&Sao_Paulo)
                    .format("%d/%m/%Y %H:%M")
                    .to_string(),
            ]
        })
        .collect();
    let (bytes, content_type) = if format == "csv" {
        let mut writer = csv::WriterBuilder::new()
            .delimiter(b';')
            .from_writer(vec![0xEF, 0xBB, 0xBF]);
        writer.write_record(header).map_err(ApiError::internal)?;
        for row in &rows {
            writer.write_record(row).map_err(ApiError::internal)?;
        }
        (
            writer
                .into_inner()
                .map_err(|e| ApiError::internal(e.into_error()))?,
            "text/csv; charset=utf-8",
        )
    } else {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (col, title) in header.iter().enumerate() {
            let col = u16::try_from(col).unwrap_or(u16::MAX);
            sheet
                .write_string(0, col, *title)
                .map_err(ApiError::internal)?;
        }
        for (r, row) in rows.iter().enumerate() {
            let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
            for (col, value) in row.iter().enumerate() {
                let col = u16::try_from(col).unwrap_or(u16::MAX);
                // Always as text: nothing in a cell is ever evaluated.
                sheet
                    .write_string(r, col, value)
                    .map_err(ApiError::internal)?;
            }
        }
        (
            book.save_to_buffer().map_err(ApiError::internal)?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    };
    Ok(crate::files::download(
        &format!("pendencias.{format}"),
        content_type,
        bytes,
    ))
}

#[cfg(test)]
mod tests {
    use super::defuse;

    #[test]
    fn formula_starts_are_defused() {
        assert_eq!(defuse("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defuse("+55 11"), "'+55 11");
        assert_eq!(defuse("-1"), "'-1");
        assert_eq!(defuse("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(defuse("Nota fiscal"), "Nota fiscal");
    }
}
