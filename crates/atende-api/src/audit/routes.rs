use actix_web::{HttpResponse, get, web};
use atende_core::{access::Reach, permissions::Permission};
use atende_types::{Page, audit::AuditEntry};
use chrono::{DateTime, Duration, Utc};
use std::collections::BTreeSet;

use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::Deserialize;
use uuid::Uuid;

use super::entity::{self, Entity as AuditLog};
use crate::{
    auth::Actor,
    error::ApiError,
    identity::user_company,
    pagination::{PageQuery, page},
    state::AppState,
};

/// How far back "Ver logs recentes" reaches.
fn recent_window() -> Duration {
    Duration::days(7)
}

/// Filters of the audit-log list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditFilter {
    /// Exact action, e.g. `company.created`.
    pub action: Option<String>,
    pub entity_type: Option<String>,
    pub entity_id: Option<String>,
    pub actor_user_id: Option<Uuid>,
    pub company_id: Option<Uuid>,
    /// From this instant (inclusive), RFC 3339.
    pub from: Option<DateTime<Utc>>,
    /// Until this instant (exclusive), RFC 3339.
    pub to: Option<DateTime<Utc>>,
}

/// The audit log, newest first. "Ver logs completos" reads all of it;
/// "Ver logs recentes" the last 7 days; client supervisors only their
/// companies' entries.
#[utoipa::path(
    get,
    path = "/api/v1/audit-log",
    tag = "audit",
    params(AuditFilter, PageQuery),
    security(("bearer_jwt" = []), ("api_token" = [])),
    responses(
        (status = 200, description = "A page of entries", body = Page<AuditEntry>),
        (status = 401, description = "Not signed in", body = atende_types::ErrorBody, content_type = "application/problem+json"),
        (status = 403, description = "Neither logs.full nor logs.recent", body = atende_types::ErrorBody, content_type = "application/problem+json"),
        (status = 422, description = "A bad filter, named in `field`", body = atende_types::ErrorBody, content_type = "application/problem+json"),
    )
)]
#[get("/audit-log")]
pub async fn list(
    state: web::Data<AppState>,
    actor: Actor,
    web::Query(filter): web::Query<AuditFilter>,
    web::Query(paging): web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = list_entries(&state, &actor, filter, paging).await?;
    Ok(HttpResponse::Ok().json(page))
}

async fn list_entries(
    state: &AppState,
    actor: &Actor,
    filter: AuditFilter,
    paging: PageQuery,
) -> Result<Page<AuditEntry>, ApiError> {
    let (reach, since) = match actor.authorize(Permission::LogsFull) {
        Ok(reach) => (reach, None),
        Err(_) => (
            actor.authorize(Permission::LogsRecent)?,
            Some(state.clock.now() - recent_window()),
        ),
    };
    let limit = paging.limit()?;
    let after: Option<i64> = paging.after()?;
    let mut condition = Condition::all();
    if let Reach::Companies(ids) = &reach
        && actor.access.is_confined()
    {
        // Client roles and scoped tokens: their companies' entries only.
        condition = condition.add(entity::Column::CompanyId.is_in(ids.iter().copied()));
    } else if let Reach::Companies(ids) = &reach {
        // Entries of the companies in reach, and those of no company (a
        // sign-in, a change of one's own account) made by users who belong
        // wholly to them. Nothing of another tenant, ever.
        condition = condition.add(
            Condition::any()
                .add(entity::Column::CompanyId.is_in(ids.iter().copied()))
                .add(
                    Condition::all()
                        .add(entity::Column::CompanyId.is_null())
                        .add(
                            entity::Column::ActorUserId
                                .in_subquery(user_company::users_wholly_within(ids)),
                        ),
                ),
        );
    }
    if let Some(since) = since {
        condition = condition.add(entity::Column::At.gte(since));
    }
    if let Some(seq) = after {
        condition = condition.add(entity::Column::Seq.lt(seq));
    }
    if let Some(action) = filter.action {
        condition = condition.add(entity::Column::Action.eq(action));
    }
    if let Some(entity_type) = filter.entity_type {
        condition = condition.add(entity::Column::EntityType.eq(entity_type));
    }
    if let Some(entity_id) = filter.entity_id {
        condition = condition.add(entity::Column::EntityId.eq(entity_id));
    }
    if let Some(user) = filter.actor_user_id {
        condition = condition.add(entity::Column::ActorUserId.eq(user));
    }
    if let Some(company) = filter.company_id {
        condition = condition.add(entity::Column::CompanyId.eq(company));
    }
    if let (Some(from), Some(to)) = (filter.from, filter.to)
        && from >= to
    {
        return Err(ApiError::validation("to", "must be after `from`"));
    }
    if let Some(from) = filter.from {
        condition = condition.add(entity::Column::At.gte(from));
    }
    if let Some(to) = filter.to {
        condition = condition.add(entity::Column::At.lt(to));
    }
    let rows = AuditLog::find()
        .filter(condition)
        .order_by_desc(entity::Column::Seq)
        .limit(limit + 1)
        .all(&state.db)
        .await?;
    let names = Names::of(&state.db, &rows).await?;
    Ok(page(rows, limit, |row| row.seq, |row| to_wire(row, &names)))
}

/// The names of the people and companies a page of entries mentions, read
/// in two queries for the whole page.
#[derive(Default)]
struct Names {
    users: std::collections::HashMap<Uuid, String>,
    companies: std::collections::HashMap<Uuid, String>,
}

impl Names {
    async fn of(db: &impl ConnectionTrait, rows: &[entity::Model]) -> Result<Names, ApiError> {
        let user_ids: BTreeSet<Uuid> = rows.iter().filter_map(|r| r.actor_user_id).collect();
        let company_ids: BTreeSet<Uuid> = rows.iter().filter_map(|r| r.company_id).collect();
        let mut names = Names::default();
        if !user_ids.is_empty() {
            names.users = crate::identity::user::Entity::find()
                .filter(crate::identity::user::Column::Id.is_in(user_ids))
                .all(db)
                .await?
                .into_iter()
                .map(|u| (u.id, u.name))
                .collect();
        }
        if !company_ids.is_empty() {
            names.companies = crate::companies::entity::Entity::find()
                .filter(crate::companies::entity::Column::Id.is_in(company_ids))
                .all(db)
                .await?
                .into_iter()
                .map(|c| (c.id, c.trade_name.unwrap_or(c.legal_name)))
                .collect();
        }
        Ok(names)
    }
}

fn to_wire(row: entity::Model, names: &Names) -> AuditEntry {
    let json = |text: Option<String>| text.and_then(|t| serde_json::from_str(&t).ok());
    AuditEntry {
        seq: row.seq,
        at: row.at,
        actor_user_id: row.actor_user_id,
        actor_token_id: row.actor_token_id,
        actor_name: row
            .actor_user_id
            .and_then(|id| names.users.get(&id).cloned()),
        actor: row.actor,
        action: row.action,
        entity_type: row.entity_type,
        entity_id: row.entity_id,
        company_name: row
            .company_id
            .and_then(|id| names.companies.get(&id).cloned()),
        company_id: row.company_id,
        before: json(row.before),
        after: json(row.after),
        ip: row.ip,
        user_agent: row.user_agent,
        request_id: row.request_id,
        hash: row.hash,
    }
}
