use actix_web::{HttpResponse, delete, get, post, put, web};
use atende_core::{
    calendar::{BusinessCalendar, Holidays, Interval, WeeklyHours},
    permissions::{Permission, Role},
    sla::Conditions,
    tickets::Priority,
};
use atende_types::sla::{
    Calendar, CalendarInput, HoursInterval, Policy, PolicyConditions, PolicyInput, TicketSla,
};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    sea_query::{Expr, ExprTrait},
};
use uuid::Uuid;

use super::{
    clocks,
    entity::{calendar, policy},
};
use crate::{
    audit::{self, Change},
    auth::Actor,
    db::begin_write,
    error::ApiError,
    extract::ApiJson,
    state::AppState,
    tickets::service::find_in_reach,
};

fn hhmm(minute: u16) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

fn parse_hhmm(field: &str, text: &str) -> Result<u16, ApiError> {
    let invalid = || {
        ApiError::validation(
            field,
            format!("`{text}` is not a time HH:MM between 00:00 and 24:00"),
        )
    };
    let (h, m) = text.split_once(':').ok_or_else(invalid)?;
    let (h, m): (u16, u16) = (
        h.parse().map_err(|_| invalid())?,
        m.parse().map_err(|_| invalid())?,
    );
    if m >= 60 || h * 60 + m > 1440 {
        return Err(invalid());
    }
    Ok(h * 60 + m)
}

fn calendar_wire(row: calendar::Model) -> Calendar {
    let week: WeeklyHours =
        serde_json::from_str(&row.week).unwrap_or_else(|_| WeeklyHours::office());
    let holidays: Holidays = serde_json::from_str(&row.holidays).unwrap_or_default();
    Calendar {
        id: row.id,
        name: row.name,
        time_zone: row.time_zone,
        week: week
            .days
            .iter()
            .map(|day| {
                day.iter()
                    .map(|&(s, e)| HoursInterval {
                        start: hhmm(s),
                        end: hhmm(e),
                    })
                    .collect()
            })
            .collect(),
        national_holidays: holidays.national,
        carnival: holidays.carnival,
        states: holidays.states,
        custom_holidays: holidays.custom.into_iter().collect(),
        is_default: row.is_default,
    }
}

/// Validates an input into the core calendar and its stored parts.
fn validate_calendar(
    input: &CalendarInput,
) -> Result<(String, String, WeeklyHours, Holidays), ApiError> {
    let name = input.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 120 {
        return Err(ApiError::validation(
            "name",
            "must have 1 to 120 characters",
        ));
    }
    let zone = input
        .time_zone
        .clone()
        .unwrap_or_else(|| "America/Sao_Paulo".into());
    let tz: chrono_tz::Tz = zone
        .parse()
        .map_err(|_| ApiError::validation("time_zone", "is not an IANA time zone"))?;
    if input.week.len() != 7 {
        return Err(ApiError::validation(
            "week",
            "must have seven days, Monday first",
        ));
    }
    let mut days: [Vec<Interval>; 7] = Default::default();
    for (d, intervals) in input.week.iter().enumerate() {
        for (i, interval) in intervals.iter().enumerate() {
            let field = format!("week[{d}][{i}]");
            days[d].push((
                parse_hhmm(&field, &interval.start)?,
                parse_hhmm(&field, &interval.end)?,
            ));
        }
    }
    let week = WeeklyHours { days };
    let holidays = Holidays {
        national: input.national_holidays,
        carnival: input.carnival,
        states: input
            .states
            .iter()
            .map(|s| s.trim().to_uppercase())
            .collect(),
        custom: input.custom_holidays.iter().copied().collect(),
    };
    BusinessCalendar::new(tz, week.clone(), holidays.clone()).map_err(|e| {
        // Name the field that is wrong: an unknown state code is not a
        // problem of the week.
        let field = match e {
            atende_core::calendar::CalendarError::UnknownState(_) => "states",
            _ => "week",
        };
        ApiError::validation(field, e.to_string())
    })?;
    Ok((name, tz.name().to_owned(), week, holidays))
}

/// Business calendars.
#[utoipa::path(get, path = "/api/v1/sla/calendars", tag = "sla", security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "Calendars", body = Vec<Calendar>)))]
#[get("/calendars")]
pub async fn list_calendars(
    state: web::Data<AppState>,
    actor: Actor,
) -> Result<HttpResponse, ApiError> {
    actor.authorize(Permission::SlaManage)?;
    let rows = calendar::Entity::find()
        .order_by_asc(calendar::Column::Name)
        .all(&state.db)
        .await?;
    Ok(HttpResponse::Ok().json(rows.into_iter().map(calendar_wire).collect::<Vec<_>>()))
}

pub(crate) async fn store_calendar(
    state: &AppState,
    actor: &Actor,
    id: Option<Uuid>,
    input: CalendarInput,
) -> Result<Calendar, ApiError> {
    actor.authorize(Permission::SlaManage)?;
    let (name, zone, week, holidays) = validate_calendar(&input)?;
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let existing = match id {
        Some(id) => Some(
            calendar::Entity::find_by_id(id)
                .one(&txn)
                .await?
                .ok_or(ApiError::NotFound)?,
        ),
        None => None,
    };
    let first = calendar::Entity::find().count(&txn).await? == 0;
    let is_default = input.is_default || first;
    if is_default {
        calendar::Entity::update_many()
            .col_expr(calendar::Column::IsDefault, Expr::value(false))
            .exec(&txn)
            .await?;
    }
    let row = calendar::Model {
        id: existing.as_ref().map_or_else(Uuid::now_v7, |e| e.id),
        name,
        time_zone: zone,
        week: serde_json::to_string(&week).map_err(ApiError::internal)?,
        holidays: serde_json::to_string(&holidays).map_err(ApiError::internal)?,
        is_default: is_default || existing.as_ref().is_some_and(|e| e.is_default),
        created_at: existing.as_ref().map_or(now, |e| e.created_at),
        updated_at: now,
    };
    let active = calendar::ActiveModel {
        id: Set(row.id),
        name: Set(row.name.clone()),
        time_zone: Set(row.time_zone.clone()),
        week: Set(row.week.clone()),
        holidays: Set(row.holidays.clone()),
        is_default: Set(row.is_default),
        created_at: Set(row.created_at),
        updated_at: Set(now),
    };
    if existing.is_some() {
        calendar::Entity::update(active).exec(&txn).await?;
    } else {
        calendar::Entity::insert(active)
            .exec_without_returning(&txn)
            .await?;
    }
    let wire = calendar_wire(row);
    if existing.is_some() {
        // Lists, the board and the counters read the stored state.
        super::recompute::schedule(&txn, wire.id, now).await?;
    }
    audit::record(
        &txn,
        &actor.audit,
        Change::new(
            if existing.is_some() {
                "sla.calendar_updated"
            } else {
                "sla.calendar_created"
            },
            "calendar",
            wire.id,
        )
        .after(&wire),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(wire)
}

/// Creates a calendar (the first one becomes the default).
#[utoipa::path(post, path = "/api/v1/sla/calendars", tag = "sla", request_body = CalendarInput,
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 201, description = "Created", body = Calendar),
              (status = 422, description = "A bad value, named in `field`", body = atende_types::ErrorBody, content_type = "application/problem+json")))]
#[post("/calendars")]
pub async fn create_calendar(
    state: web::Data<AppState>,
    actor: Actor,
    ApiJson(body): ApiJson<CalendarInput>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(store_calendar(&state, &actor, None, body).await?))
}

/// Replaces a calendar.
#[utoipa::path(put, path = "/api/v1/sla/calendars/{id}", tag = "sla", params(("id" = Uuid, Path)), request_body = CalendarInput,
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "Updated", body = Calendar)))]
#[put("/calendars/{id}")]
pub async fn update_calendar(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
    ApiJson(body): ApiJson<CalendarInput>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(store_calendar(&state, &actor, Some(*id), body).await?))
}

fn policy_wire(row: policy::Model) -> Policy {
    let conditions: Conditions = serde_json::from_str(&row.conditions).unwrap_or_default();
    Policy {
        id: row.id,
        position: row.position,
        name: row.name,
        conditions: PolicyConditions {
            consultancy_ids: conditions.consultancy_ids,
            company_ids: conditions.company_ids,
            segment_ids: conditions.segment_ids,
            category_ids: conditions.category_ids,
            priorities: conditions
                .priorities
                .iter()
                .map(|p| p.as_str().to_owned())
                .collect(),
        },
        calendar_id: row.calendar_id,
        first_response_minutes: row.first_response_minutes,
        next_response_minutes: row.next_response_minutes,
        resolution_minutes: row.resolution_minutes,
        warn_percent: row.warn_percent,
        escalation: row
            .escalation
            .as_deref()
            .and_then(|e| serde_json::from_str(e).ok())
            .unwrap_or_default(),
    }
}

/// SLA policies, in the order they are tried.
#[utoipa::path(get, path = "/api/v1/sla/policies", tag = "sla", security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "Policies by position", body = Vec<Policy>)))]
#[get("/policies")]
pub async fn list_policies(
    state: web::Data<AppState>,
    actor: Actor,
) -> Result<HttpResponse, ApiError> {
    actor.authorize(Permission::SlaManage)?;
    let rows = policy::Entity::find()
        .order_by_asc(policy::Column::Position)
        .all(&state.db)
        .await?;
    Ok(HttpResponse::Ok().json(rows.into_iter().map(policy_wire).collect::<Vec<_>>()))
}

/// Creates a policy.
#[utoipa::path(post, path = "/api/v1/sla/policies", tag = "sla", request_body = PolicyInput,
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 201, description = "Created", body = Policy),
              (status = 422, description = "A bad value, named in `field`", body = atende_types::ErrorBody, content_type = "application/problem+json")))]
#[post("/policies")]
pub async fn create_policy(
    state: web::Data<AppState>,
    actor: Actor,
    ApiJson(body): ApiJson<PolicyInput>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(add_policy(&state, &actor, body).await?))
}

/// Creates a policy (the service behind `POST /sla/policies`).
pub(crate) async fn add_policy(
    state: &AppState,
    actor: &Actor,
    body: PolicyInput,
) -> Result<Policy, ApiError> {
    actor.authorize(Permission::SlaManage)?;
    let name = body.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 120 {
        return Err(ApiError::validation(
            "name",
            "must have 1 to 120 characters",
        ));
    }
    for (field, value) in [
        ("first_response_minutes", body.first_response_minutes),
        ("next_response_minutes", body.next_response_minutes),
        ("resolution_minutes", body.resolution_minutes),
    ] {
        if value.is_some_and(|m| !(1..=525_600).contains(&m)) {
            return Err(ApiError::validation(
                field,
                "must be between 1 and 525,600 business minutes",
            ));
        }
    }
    if body.first_response_minutes.is_none() && body.resolution_minutes.is_none() {
        return Err(ApiError::validation(
            "resolution_minutes",
            "set at least a first-response or a resolution target",
        ));
    }
    let warn = body.warn_percent.unwrap_or(80);
    if !(1..=99).contains(&warn) {
        return Err(ApiError::validation(
            "warn_percent",
            "must be between 1 and 99",
        ));
    }
    let mut priorities = Vec::new();
    for (i, p) in body.conditions.priorities.iter().enumerate() {
        priorities.push(Priority::parse(p).ok_or_else(|| {
            ApiError::validation(format!("conditions.priorities[{i}]"), "is not a priority")
        })?);
    }
    let conditions = Conditions {
        consultancy_ids: body.conditions.consultancy_ids.clone(),
        company_ids: body.conditions.company_ids.clone(),
        segment_ids: body.conditions.segment_ids.clone(),
        category_ids: body.conditions.category_ids.clone(),
        priorities,
    };
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    if calendar::Entity::find_by_id(body.calendar_id)
        .one(&txn)
        .await?
        .is_none()
    {
        return Err(ApiError::validation("calendar_id", "names no calendar"));
    }
    if let Some(agent) = body.escalation.reassign_to {
        let staff = crate::identity::user::Entity::find_by_id(agent)
            .one(&txn)
            .await?
            .is_some_and(|u| u.active && Role::parse(&u.role).is_some_and(|r| !r.is_client()));
        if !staff {
            return Err(ApiError::validation(
                "escalation.reassign_to",
                "must be an active staff member",
            ));
        }
    }
    let last = policy::Entity::find()
        .order_by_desc(policy::Column::Position)
        .one(&txn)
        .await?
        .map_or(0, |p| p.position);
    let position = body.position.unwrap_or(last + 1);
    // Make room: later policies move down one place.
    policy::Entity::update_many()
        .col_expr(
            policy::Column::Position,
            Expr::col(policy::Column::Position).add(1),
        )
        .filter(policy::Column::Position.gte(position))
        .exec(&txn)
        .await?;
    let row = policy::Model {
        id: Uuid::now_v7(),
        position,
        name,
        conditions: serde_json::to_string(&conditions).map_err(ApiError::internal)?,
        calendar_id: body.calendar_id,
        first_response_minutes: body.first_response_minutes,
        next_response_minutes: body.next_response_minutes,
        resolution_minutes: body.resolution_minutes,
        warn_percent: warn,
        escalation: Some(serde_json::to_string(&body.escalation).map_err(ApiError::internal)?),
        created_at: now,
        updated_at: now,
    };
    policy::Entity::insert(policy::ActiveModel {
        id: Set(row.id),
        position: Set(row.position),
        name: Set(row.name.clone()),
        conditions: Set(row.conditions.clone()),
        calendar_id: Set(row.calendar_id),
        first_response_minutes: Set(row.first_response_minutes),
        next_response_minutes: Set(row.next_response_minutes),
        resolution_minutes: Set(row.resolution_minutes),
        warn_percent: Set(row.warn_percent),
        escalation: Set(row.escalation.clone()),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_without_returning(&txn)
    .await?;
    let wire = policy_wire(row);
    audit::record(
        &txn,
        &actor.audit,
        Change::new("sla.policy_created", "sla_policy", wire.id).after(&wire),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(wire)
}

/// Deletes a policy; tickets keep the clocks they have.
#[utoipa::path(delete, path = "/api/v1/sla/policies/{id}", tag = "sla", params(("id" = Uuid, Path)),
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 204, description = "Deleted")))]
#[delete("/policies/{id}")]
pub async fn delete_policy(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    actor.authorize(Permission::SlaManage)?;
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let row = policy::Entity::find_by_id(*id)
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound)?;
    policy::Entity::delete_by_id(row.id).exec(&txn).await?;
    audit::record(
        &txn,
        &actor.audit,
        Change::new("sla.policy_deleted", "sla_policy", row.id).before(policy_wire(row)),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A ticket's SLA: targets, due times, remaining time, state and the
/// timeline of when the clock ran and paused.
#[utoipa::path(get, path = "/api/v1/tickets/{id}/sla", tag = "sla", params(("id" = Uuid, Path)),
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses((status = 200, description = "The ticket's SLA", body = TicketSla),
              (status = 404, description = "No such ticket in reach", body = atende_types::ErrorBody, content_type = "application/problem+json")))]
#[get("/{id}/sla")]
pub async fn ticket_sla(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let reach = actor.authorize(Permission::TicketsView)?;
    let ticket = find_in_reach(&state.db, &reach, *id).await?;
    Ok(HttpResponse::Ok().json(clocks::view(&state.db, ticket.id, state.clock.now()).await?))
}
