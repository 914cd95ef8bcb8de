//! Reading tickets in bulk: the filtered, sorted, cursor-paged list (the
//! workspace and the client panel), the counters, the Kanban board, and
//! bulk changes.

use atende_core::{
    access::Reach,
    permissions::Permission,
    tickets::{Priority, TicketStatus},
};
use atende_types::{
    Page,
    tickets::{
        Board, BoardColumn, Ticket, TicketBulkFailure, TicketBulkResult, TicketBulkUpdate,
        TicketCounters, TicketUpdate,
    },
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    Select, sea_query::Query,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{
    entity::{tag, ticket},
    search,
    service::{to_wire, update},
};
use crate::{
    auth::Actor,
    companies::entity as company,
    error::ApiError,
    pagination::{PageQuery, encode_cursor},
    sla::entity::{policy as sla_policy, ticket_sla as sla_row},
    state::AppState,
};

/// Filters shared by the list, the board and the counters.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TicketFilter {
    /// One or more statuses, comma-separated (`open,pending`).
    pub status: Option<String>,
    /// `true`: new, open, pending, on hold; `false`: solved, closed.
    pub open: Option<bool>,
    pub company_id: Option<Uuid>,
    /// Every client of this consultancy ("todos os chamados do grupo").
    pub consultancy_id: Option<Uuid>,
    /// One or more priorities, comma-separated.
    pub priority: Option<String>,
    /// A user id, or `none` for unassigned tickets.
    pub assignee_id: Option<String>,
    pub team_id: Option<Uuid>,
    pub category_id: Option<Uuid>,
    pub requester_id: Option<Uuid>,
    pub tag: Option<String>,
    pub channel: Option<String>,
    pub created_from: Option<DateTime<Utc>>,
    pub created_to: Option<DateTime<Utc>>,
    pub updated_from: Option<DateTime<Utc>>,
    pub updated_to: Option<DateTime<Utc>>,
    /// Full text over subject, description and public replies; accents
    /// and case do not matter.
    pub q: Option<String>,
    /// SLA state as of now: `ok`, `at_risk`, `breached`, `met`, `paused`
    /// (comma-separated for several).
    pub sla: Option<String>,
}

/// Sort order of the list.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TicketSort {
    /// `-updated_at` (default; with `q`, `-number`: newest first),
    /// `updated_at`, `-created_at`, `created_at`, `-number`, `number`.
    pub sort: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SortKey {
    Updated,
    Created,
    Number,
}

fn parse_sort(sort: Option<&str>, searching: bool) -> Result<(SortKey, bool), ApiError> {
    // Search results come newest first by number: the full-text index
    // yields ticket numbers, so the database can walk the matches in that
    // order and stop at a page instead of sorting every match.
    let value = sort.unwrap_or(if searching { "-number" } else { "-updated_at" });
    let (descending, name) = match value.strip_prefix('-') {
        Some(name) => (true, name),
        None => (false, value),
    };
    let key = match name {
        "updated_at" => SortKey::Updated,
        "created_at" => SortKey::Created,
        "number" => SortKey::Number,
        _ => {
            return Err(ApiError::validation(
                "sort",
                "must be updated_at, created_at or number, with `-` for descending",
            ));
        }
    };
    Ok((key, descending))
}

fn list_of<T>(
    field: &str,
    value: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Vec<T>, ApiError> {
    value
        .split(',')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(|v| {
            parse(v)
                .ok_or_else(|| ApiError::validation(field, format!("`{v}` is not a valid value")))
        })
        .collect()
}

/// The condition for `filter` within `reach`.
/// `ticket_sla` rows whose state as of `now` is `wanted`: the stored
/// state moved on by the stored warning and due instants (the same rule as
/// `sla::clocks::briefs`).
fn sla_state_is(wanted: &str, now: chrono::DateTime<chrono::Utc>) -> Option<Condition> {
    use sla_row::Column as S;
    let running = || S::State.is_in(["ok", "at_risk"]);
    let not_due = || {
        Condition::any()
            .add(S::NextDueAt.is_null())
            .add(S::NextDueAt.gt(now))
    };
    let not_warned = || {
        Condition::any()
            .add(S::NextWarnAt.is_null())
            .add(S::NextWarnAt.gt(now))
    };
    Some(match wanted {
        "breached" => Condition::any()
            .add(S::State.eq("breached"))
            .add(Condition::all().add(running()).add(S::NextDueAt.lte(now))),
        "at_risk" => Condition::all().add(not_due()).add(
            Condition::any().add(S::State.eq("at_risk")).add(
                Condition::all()
                    .add(S::State.eq("ok"))
                    .add(S::NextWarnAt.lte(now)),
            ),
        ),
        "ok" => Condition::all()
            .add(S::State.eq("ok"))
            .add(not_due())
            .add(not_warned()),
        "met" | "paused" => Condition::all().add(S::State.eq(wanted)),
        _ => return None,
    })
}

fn condition(
    state: &AppState,
    reach: &Reach,
    filter: &TicketFilter,
) -> Result<Condition, ApiError> {
    let mut c = Condition::all();
    if let Some(ids) = reach.company_ids() {
        c = c.add(ticket::Column::CompanyId.is_in(ids.iter().copied()));
    }
    if let Some(status) = &filter.status {
        let statuses = list_of("status", status, TicketStatus::parse)?;
        c = c.add(ticket::Column::Status.is_in(statuses.iter().map(|s| s.as_str())));
    }
    if let Some(open) = filter.open {
        let statuses: Vec<&str> = TicketStatus::ALL
            .iter()
            .filter(|s| s.is_open() == open)
            .map(|s| s.as_str())
            .collect();
        c = c.add(ticket::Column::Status.is_in(statuses));
    }
    if let Some(id) = filter.company_id {
        c = c.add(ticket::Column::CompanyId.eq(id));
    }
    if let Some(id) = filter.consultancy_id {
        c = c.add(
            ticket::Column::CompanyId.in_subquery(
                Query::select()
                    .column(company::Column::Id)
                    .from(company::Entity)
                    .and_where(company::Column::ConsultancyId.eq(id))
                    .to_owned(),
            ),
        );
    }
    if let Some(priority) = &filter.priority {
        let priorities = list_of("priority", priority, Priority::parse)?;
        c = c.add(ticket::Column::Priority.is_in(priorities.iter().map(|p| p.as_str())));
    }
    match filter.assignee_id.as_deref() {
        None => {}
        Some("none") => c = c.add(ticket::Column::AssigneeId.is_null()),
        Some(id) => {
            let id = Uuid::parse_str(id)
                .map_err(|_| ApiError::validation("assignee_id", "must be a user id or `none`"))?;
            c = c.add(ticket::Column::AssigneeId.eq(id));
        }
    }
    if let Some(id) = filter.team_id {
        c = c.add(ticket::Column::TeamId.eq(id));
    }
    if let Some(id) = filter.category_id {
        c = c.add(ticket::Column::CategoryId.eq(id));
    }
    if let Some(id) = filter.requester_id {
        c = c.add(ticket::Column::RequesterId.eq(id));
    }
    if let Some(channel) = &filter.channel {
        let channels = list_of("channel", channel, atende_core::tickets::Channel::parse)?;
        c = c.add(ticket::Column::Channel.is_in(channels.iter().map(|ch| ch.as_str())));
    }
    if let Some(sla) = &filter.sla {
        let now = state.clock.now();
        let mut any = Condition::any();
        for wanted in sla.split(',').map(str::trim).filter(|w| !w.is_empty()) {
            any = any.add(sla_state_is(wanted, now).ok_or_else(|| {
                ApiError::validation(
                    "sla",
                    format!("{wanted:?} is not an SLA state (ok, at_risk, breached, met, paused)"),
                )
            })?);
        }
        c = c.add(
            ticket::Column::Id.in_subquery(
                Query::select()
                    .column(sla_row::Column::TicketId)
                    .from(sla_row::Entity)
                    .cond_where(any)
                    .to_owned(),
            ),
        );
    }
    if let Some(tag_name) = &filter.tag {
        c = c.add(
            ticket::Column::Id.in_subquery(
                Query::select()
                    .column(tag::Column::TicketId)
                    .from(tag::Entity)
                    .and_where(tag::Column::Tag.eq(tag_name.trim().to_lowercase()))
                    .to_owned(),
            ),
        );
    }
    for (field, from, to, column) in [
        (
            "created_to",
            filter.created_from,
            filter.created_to,
            ticket::Column::CreatedAt,
        ),
        (
            "updated_to",
            filter.updated_from,
            filter.updated_to,
            ticket::Column::UpdatedAt,
        ),
    ] {
        if let (Some(from), Some(to)) = (from, to)
            && from >= to
        {
            return Err(ApiError::validation(
                field,
                "must be after the start of the range",
            ));
        }
        if let Some(from) = from {
            c = c.add(column.gte(from));
        }
        if let Some(to) = to {
            c = c.add(column.lt(to));
        }
    }
    if let Some(q) = filter.q.as_deref()
        && let Some(matches) = search::matches(state.db.get_database_backend(), q)
    {
        c = c.add(matches);
    }
    Ok(c)
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(untagged)]
enum Cursor {
    At(DateTime<Utc>, Uuid),
    Number(i64),
}

fn ordered(
    select: Select<ticket::Entity>,
    key: SortKey,
    descending: bool,
) -> Select<ticket::Entity> {
    let order = if descending {
        sea_orm::Order::Desc
    } else {
        sea_orm::Order::Asc
    };
    match key {
        SortKey::Updated => select
            .order_by(ticket::Column::UpdatedAt, order.clone())
            .order_by(ticket::Column::Id, order),
        SortKey::Created => select
            .order_by(ticket::Column::CreatedAt, order.clone())
            .order_by(ticket::Column::Id, order),
        SortKey::Number => select.order_by(ticket::Column::Number, order),
    }
}

fn after_cursor(key: SortKey, descending: bool, cursor: Cursor) -> Result<Condition, ApiError> {
    let invalid = || ApiError::validation("cursor", "does not belong to this sort order");
    Ok(match (key, cursor) {
        (SortKey::Number, Cursor::Number(n)) => Condition::all().add(if descending {
            ticket::Column::Number.lt(n)
        } else {
            ticket::Column::Number.gt(n)
        }),
        (SortKey::Updated | SortKey::Created, Cursor::At(at, id)) => {
            let column = if key == SortKey::Updated {
                ticket::Column::UpdatedAt
            } else {
                ticket::Column::CreatedAt
            };
            let (beyond, beyond_id) = if descending {
                (column.lt(at), ticket::Column::Id.lt(id))
            } else {
                (column.gt(at), ticket::Column::Id.gt(id))
            };
            Condition::any()
                .add(beyond)
                .add(Condition::all().add(column.eq(at)).add(beyond_id))
        }
        _ => return Err(invalid()),
    })
}

fn cursor_of(key: SortKey, t: &ticket::Model) -> Cursor {
    match key {
        SortKey::Updated => Cursor::At(t.updated_at, t.id),
        SortKey::Created => Cursor::At(t.created_at, t.id),
        SortKey::Number => Cursor::Number(t.number),
    }
}

/// A page of tickets in reach matching `filter`.
pub async fn list(
    state: &AppState,
    actor: &Actor,
    filter: &TicketFilter,
    sort: &TicketSort,
    paging: &PageQuery,
) -> Result<Page<Ticket>, ApiError> {
    let reach = actor.authorize(Permission::TicketsView)?;
    let (key, descending) = parse_sort(sort.sort.as_deref(), filter.q.is_some())?;
    let limit = paging.limit()?;
    let mut c = condition(state, &reach, filter)?;
    if let Some(cursor) = paging.after::<Cursor>()? {
        c = c.add(after_cursor(key, descending, cursor)?);
    }
    let rows = ordered(ticket::Entity::find().filter(c), key, descending)
        .limit(limit + 1)
        .all(&state.db)
        .await?;
    let has_more = rows.len() as u64 > limit;
    let cursor = has_more
        .then(|| rows.get(limit as usize - 1).map(|t| cursor_of(key, t)))
        .flatten();
    let mut rows = rows;
    rows.truncate(limit as usize);
    Ok(Page {
        items: to_wire(&state.db, rows, state.clock.now()).await?,
        next_cursor: cursor.and_then(|c| encode_cursor(&c)),
    })
}

/// Tickets per status within `condition`, in one grouped scan.
async fn per_status(
    state: &AppState,
    condition: Condition,
) -> Result<Vec<(TicketStatus, u64)>, ApiError> {
    let rows: Vec<(String, i64)> = ticket::Entity::find()
        .select_only()
        .column(ticket::Column::Status)
        .column_as(ticket::Column::Id.count(), "n")
        .filter(condition)
        .group_by(ticket::Column::Status)
        .into_tuple()
        .all(&state.db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(status, n)| {
            TicketStatus::parse(&status).map(|s| (s, u64::try_from(n).unwrap_or(0)))
        })
        .collect())
}

/// The client panel's counters over the actor's scope (and `filter`).
pub async fn counters(
    state: &AppState,
    actor: &Actor,
    filter: &TicketFilter,
) -> Result<TicketCounters, ApiError> {
    let reach = actor.authorize(Permission::TicketsView)?;
    let base = condition(state, &reach, filter)?;
    let counts = per_status(state, base.clone()).await?;
    let total = counts.iter().map(|(_, n)| n).sum();
    let open = counts
        .iter()
        .filter(|(s, _)| s.is_open())
        .map(|(_, n)| n)
        .sum();
    // SLA counters once policies exist: open tickets under an SLA, split
    // by whether a target is already missed (stored as breached, or a
    // running target's due time has passed).
    let (within_sla, outside_sla) = if sla_policy::Entity::find().count(&state.db).await? > 0 {
        let open_statuses: Vec<&str> = TicketStatus::ALL
            .iter()
            .filter(|s| s.is_open())
            .map(|s| s.as_str())
            .collect();
        let now = state.clock.now();
        let open_under_sla = base.add(ticket::Column::Status.is_in(open_statuses)).add(
            ticket::Column::Id.in_subquery(
                Query::select()
                    .column(sla_row::Column::TicketId)
                    .from(sla_row::Entity)
                    .to_owned(),
            ),
        );
        let under = ticket::Entity::find()
            .filter(open_under_sla.clone())
            .count(&state.db)
            .await?;
        let outside = ticket::Entity::find()
            .filter(
                open_under_sla.add(
                    ticket::Column::Id.in_subquery(
                        Query::select()
                            .column(sla_row::Column::TicketId)
                            .from(sla_row::Entity)
                            .cond_where(
                                Condition::any()
                                    .add(sla_row::Column::State.eq("breached"))
                                    .add(sla_row::Column::NextDueAt.lte(now)),
                            )
                            .to_owned(),
                    ),
                ),
            )
            .count(&state.db)
            .await?;
        (Some(under - outside), Some(outside))
    } else {
        (None, None)
    };
    Ok(TicketCounters {
        open,
        closed: total - open,
        total,
        within_sla,
        outside_sla,
    })
}

/// The Kanban board: a column per status with its count and first cards.
pub async fn board(
    state: &AppState,
    actor: &Actor,
    filter: &TicketFilter,
    per_column: u64,
) -> Result<Board, ApiError> {
    let reach = actor.authorize(Permission::TicketsView)?;
    if !(1..=100).contains(&per_column) {
        return Err(ApiError::validation(
            "per_column",
            "must be between 1 and 100",
        ));
    }
    let base = condition(state, &reach, filter)?;
    let mut columns = Vec::new();
    for status in TicketStatus::ALL {
        let c = base.clone().add(ticket::Column::Status.eq(status.as_str()));
        let count = ticket::Entity::find()
            .filter(c.clone())
            .count(&state.db)
            .await?;
        let rows = ordered(ticket::Entity::find().filter(c), SortKey::Updated, true)
            .limit(per_column + 1)
            .all(&state.db)
            .await?;
        let next_cursor = (rows.len() as u64 > per_column)
            .then(|| {
                rows.get(per_column as usize - 1)
                    .map(|t| cursor_of(SortKey::Updated, t))
            })
            .flatten()
            .and_then(|c| encode_cursor(&c));
        let mut rows = rows;
        rows.truncate(per_column as usize);
        columns.push(BoardColumn {
            status: status.as_str().to_owned(),
            count,
            cards: to_wire(&state.db, rows, state.clock.now()).await?,
            next_cursor,
        });
    }
    Ok(Board { columns })
}

/// Applies one change to many tickets, each on its own (a refused
/// transition leaves that ticket as it was and is reported).
pub async fn bulk(
    state: &AppState,
    actor: &Actor,
    input: TicketBulkUpdate,
) -> Result<TicketBulkResult, ApiError> {
    let reach = actor.authorize(Permission::TicketsWork)?;
    if input.ids.is_empty() || input.ids.len() > 200 {
        return Err(ApiError::validation("ids", "must name 1 to 200 tickets"));
    }
    if input.status.is_none() && input.priority.is_none() && input.assignee_id.is_none() {
        return Err(ApiError::validation(
            "ids",
            "say what to change: status, priority or assignee_id",
        ));
    }
    let mut result = TicketBulkResult {
        updated: Vec::new(),
        failed: Vec::new(),
    };
    for id in input.ids {
        let Ok(current) = super::service::find_in_reach(&state.db, &reach, id).await else {
            result.failed.push(TicketBulkFailure {
                id,
                reason: "not found".into(),
            });
            continue;
        };
        let change = TicketUpdate {
            version: current.version,
            status: input.status.clone(),
            priority: input.priority.clone(),
            assignee_id: input.assignee_id,
            ..TicketUpdate::default()
        };
        match update(state, actor, id, change).await {
            Ok(_) => result.updated.push(id),
            Err(error) => result.failed.push(TicketBulkFailure {
                id,
                reason: error.body().detail.unwrap_or_else(|| error.to_string()),
            }),
        }
    }
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_names_parse_with_direction() {
        assert_eq!(parse_sort(None, false).unwrap(), (SortKey::Updated, true));
        assert_eq!(parse_sort(None, true).unwrap(), (SortKey::Number, true));
        assert_eq!(
            parse_sort(Some("number"), true).unwrap(),
            (SortKey::Number, false)
        );
        assert!(parse_sort(Some("-subject"), false).is_err());
    }
}
