//! Company CRUD (`/api/v1/companies`), exactly as the spec table says:
//! ADM and Supervisor create and edit, only ADM deletes, everyone views —
//! staff below ADM and client roles only their linked companies (a link to a
//! consultancy covers its clients).

use actix_web::{HttpResponse, delete, get, patch, post, web};
use atende_core::{access::Reach, cnpj::Cnpj, permissions::Permission};
use atende_types::{
    Page,
    companies::{Company, CompanyCreate, CompanyUpdate},
};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
    sea_query::ExprTrait,
    sea_query::{Expr, Func},
};
use serde::Deserialize;
use uuid::Uuid;

use super::{
    entity::{self as company, CompanyKind},
    segment,
};
use crate::{
    audit::{self, Change},
    auth::Actor,
    db::begin_write,
    error::ApiError,
    extract::ApiJson,
    identity::user_company,
    pagination::{PageQuery, page},
    state::AppState,
};

/// The wire form of a company.
pub fn to_wire(c: company::Model) -> Company {
    let cnpj = Cnpj::parse(&c.cnpj)
        .map(|v| v.formatted())
        .unwrap_or(c.cnpj);
    Company {
        id: c.id,
        kind: c.kind.as_str().to_owned(),
        consultancy_id: c.consultancy_id,
        legal_name: c.legal_name,
        trade_name: c.trade_name,
        cnpj,
        segment_id: c.segment_id,
        active: c.active,
        created_at: c.created_at,
        updated_at: c.updated_at,
    }
}

/// The company `id` if it is within `reach`; otherwise 404, exactly as if
/// it did not exist.
async fn find_in_reach(
    db: &impl ConnectionTrait,
    reach: &Reach,
    id: Uuid,
) -> Result<company::Model, ApiError> {
    if !reach.covers(id) {
        return Err(ApiError::NotFound);
    }
    company::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)
}

fn validate_legal_name(name: &str) -> Result<String, ApiError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(ApiError::validation(
            "legal_name",
            "must have 1 to 200 characters",
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(ApiError::validation(
            "legal_name",
            "must be a single line, without control characters",
        ));
    }
    Ok(name.to_owned())
}

fn validate_trade_name(name: Option<&str>) -> Result<Option<String>, ApiError> {
    match name.map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) if n.chars().count() > 200 => Err(ApiError::validation(
            "trade_name",
            "must have at most 200 characters",
        )),
        Some(n) if n.chars().any(char::is_control) => Err(ApiError::validation(
            "trade_name",
            "must be a single line, without control characters",
        )),
        other => Ok(other.map(str::to_owned)),
    }
}

async fn validate_cnpj(
    db: &impl ConnectionTrait,
    cnpj: &str,
    except: Option<Uuid>,
) -> Result<String, ApiError> {
    let cnpj = Cnpj::parse(cnpj).map_err(|e| ApiError::validation("cnpj", e.to_string()))?;
    let mut query = company::Entity::find().filter(company::Column::Cnpj.eq(cnpj.as_str()));
    if let Some(id) = except {
        query = query.filter(company::Column::Id.ne(id));
    }
    if query.one(db).await?.is_some() {
        return Err(ApiError::conflict(
            "cnpj",
            "another company already has this CNPJ",
        ));
    }
    Ok(cnpj.as_str().to_owned())
}

async fn validate_segment(
    db: &impl ConnectionTrait,
    segment_id: Option<Uuid>,
) -> Result<Option<Uuid>, ApiError> {
    if let Some(id) = segment_id
        && segment::Entity::find_by_id(id).one(db).await?.is_none()
    {
        return Err(ApiError::validation(
            "segment_id",
            "names a segment that does not exist",
        ));
    }
    Ok(segment_id)
}

/// Filters of the company list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CompanyFilter {
    /// `consultancy` or `client`.
    pub kind: Option<String>,
    /// Clients of this consultancy.
    pub consultancy_id: Option<Uuid>,
    pub segment_id: Option<Uuid>,
    /// Part of the legal or trade name (any case) or of the CNPJ.
    pub q: Option<String>,
    pub active: Option<bool>,
}

/// Companies in reach, by legal name.
#[utoipa::path(
    get, path = "/api/v1/companies", tag = "companies",
    params(CompanyFilter, PageQuery), security(("bearer_jwt" = []), ("api_token" = [])),
    responses(
        (status = 200, description = "A page of companies", body = Page<Company>),
        (status = 403, description = "No `companies.view`", body = atende_types::ErrorBody, content_type = "application/problem+json"),
    )
)]
#[get("")]
pub async fn list(
    state: web::Data<AppState>,
    actor: Actor,
    web::Query(filter): web::Query<CompanyFilter>,
    web::Query(paging): web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let reach = actor.authorize(Permission::CompaniesView)?;
    let limit = paging.limit()?;
    let after: Option<(String, Uuid)> = paging.after()?;
    let mut condition = Condition::all();
    if let Some(ids) = reach.company_ids() {
        condition = condition.add(company::Column::Id.is_in(ids.iter().copied()));
    }
    if let Some(kind) = filter.kind {
        let kind = CompanyKind::parse(&kind)
            .ok_or_else(|| ApiError::validation("kind", "must be `consultancy` or `client`"))?;
        condition = condition.add(company::Column::Kind.eq(kind));
    }
    if let Some(id) = filter.consultancy_id {
        condition = condition.add(company::Column::ConsultancyId.eq(id));
    }
    if let Some(id) = filter.segment_id {
        condition = condition.add(company::Column::SegmentId.eq(id));
    }
    if let Some(active) = filter.active {
        condition = condition.add(company::Column::Active.eq(active));
    }
    if let Some(q) = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        let pattern = format!("%{}%", q.to_lowercase());
        let mut any = Condition::any()
            .add(
                Expr::expr(Func::lower(Expr::col(company::Column::LegalName)))
                    .like(pattern.clone()),
            )
            .add(Expr::expr(Func::lower(Expr::col(company::Column::TradeName))).like(pattern));
        let cnpj_part: String = q.chars().filter(char::is_ascii_alphanumeric).collect();
        if !cnpj_part.is_empty() {
            any = any.add(company::Column::Cnpj.like(format!("%{}%", cnpj_part.to_uppercase())));
        }
        condition = condition.add(any);
    }
    if let Some((name, id)) = after {
        condition = condition.add(
            Condition::any()
                .add(company::Column::LegalName.gt(name.clone()))
                .add(
                    Condition::all()
                        .add(company::Column::LegalName.eq(name))
                        .add(company::Column::Id.gt(id)),
                ),
        );
    }
    let rows = company::Entity::find()
        .filter(condition)
        .order_by_asc(company::Column::LegalName)
        .order_by_asc(company::Column::Id)
        .limit(limit + 1)
        .all(&state.db)
        .await?;
    Ok(HttpResponse::Ok().json(page(rows, limit, |c| (c.legal_name.clone(), c.id), to_wire)))
}

/// One company.
#[utoipa::path(
    get, path = "/api/v1/companies/{id}", tag = "companies",
    params(("id" = Uuid, Path)), security(("bearer_jwt" = []), ("api_token" = [])),
    responses(
        (status = 200, description = "The company", body = Company),
        (status = 404, description = "No such company in reach", body = atende_types::ErrorBody, content_type = "application/problem+json"),
    )
)]
#[get("/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let reach = actor.authorize(Permission::CompaniesView)?;
    let company = find_in_reach(&state.db, &reach, *id).await?;
    Ok(HttpResponse::Ok().json(to_wire(company)))
}

/// Creates a consultancy, or a client of a consultancy.
#[utoipa::path(
    post, path = "/api/v1/companies", tag = "companies",
    request_body = CompanyCreate, security(("bearer_jwt" = []), ("api_token" = [])),
    responses(
        (status = 201, description = "Created", body = Company),
        (status = 403, description = "No `companies.create`", body = atende_types::ErrorBody, content_type = "application/problem+json"),
        (status = 409, description = "The CNPJ is taken", body = atende_types::ErrorBody, content_type = "application/problem+json"),
        (status = 422, description = "A bad value, named in `field`", body = atende_types::ErrorBody, content_type = "application/problem+json"),
    )
)]
#[post("")]
pub async fn create(
    state: web::Data<AppState>,
    actor: Actor,
    ApiJson(body): ApiJson<CompanyCreate>,
) -> Result<HttpResponse, ApiError> {
    let reach = actor.authorize_visible(Permission::CompaniesCreate, Permission::CompaniesView)?;
    let kind = CompanyKind::parse(&body.kind)
        .ok_or_else(|| ApiError::validation("kind", "must be `consultancy` or `client`"))?;
    let legal_name = validate_legal_name(&body.legal_name)?;
    let trade_name = validate_trade_name(body.trade_name.as_deref())?;
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let consultancy_id = match (kind, body.consultancy_id) {
        (CompanyKind::Consultancy, None) if reach.is_everywhere() => None,
        (CompanyKind::Consultancy, None) => {
            return Err(ApiError::validation(
                "kind",
                "creating a consultancy needs `companies.create` on every company",
            ));
        }
        (CompanyKind::Consultancy, Some(_)) => {
            return Err(ApiError::validation(
                "consultancy_id",
                "a consultancy belongs to no other company",
            ));
        }
        (CompanyKind::Client, None) => {
            return Err(ApiError::validation(
                "consultancy_id",
                "a client company needs its consultancy",
            ));
        }
        (CompanyKind::Client, Some(id)) => {
            let parent = find_in_reach(&txn, &reach, id).await.map_err(|_| {
                ApiError::validation("consultancy_id", "names a consultancy that does not exist")
            })?;
            if parent.kind != CompanyKind::Consultancy {
                return Err(ApiError::validation(
                    "consultancy_id",
                    "must name a consultancy, not a client",
                ));
            }
            Some(id)
        }
    };
    let cnpj = validate_cnpj(&txn, &body.cnpj, None).await?;
    let segment_id = validate_segment(&txn, body.segment_id).await?;
    let model = company::Model {
        id: Uuid::now_v7(),
        kind,
        consultancy_id,
        legal_name,
        trade_name,
        cnpj,
        segment_id,
        active: true,
        created_at: now,
        updated_at: now,
    };
    company::Entity::insert(active_model(&model))
        .exec_without_returning(&txn)
        .await?;
    let wire = to_wire(model);
    audit::record(
        &txn,
        &actor.audit,
        Change::new("company.created", "company", wire.id)
            .company(Some(wire.id))
            .after(&wire),
        now,
    )
    .await?;
    crate::events::record(
        &txn,
        &[atende_core::events::company_changed(
            wire.id,
            "created",
            actor.performer(),
            now,
        )],
        serde_json::json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(wire))
}

fn active_model(c: &company::Model) -> company::ActiveModel {
    company::ActiveModel {
        id: Set(c.id),
        kind: Set(c.kind),
        consultancy_id: Set(c.consultancy_id),
        legal_name: Set(c.legal_name.clone()),
        trade_name: Set(c.trade_name.clone()),
        cnpj: Set(c.cnpj.clone()),
        segment_id: Set(c.segment_id),
        active: Set(c.active),
        created_at: Set(c.created_at),
        updated_at: Set(c.updated_at),
    }
}

/// Changes a company; `active: false` deactivates it.
#[utoipa::path(
    patch, path = "/api/v1/companies/{id}", tag = "companies",
    params(("id" = Uuid, Path)), request_body = CompanyUpdate, security(("bearer_jwt" = []), ("api_token" = [])),
    responses(
        (status = 200, description = "The updated company", body = Company),
        (status = 404, description = "No such company in reach", body = atende_types::ErrorBody, content_type = "application/problem+json"),
        (status = 409, description = "The CNPJ is taken", body = atende_types::ErrorBody, content_type = "application/problem+json"),
        (status = 422, description = "A bad value, named in `field`", body = atende_types::ErrorBody, content_type = "application/problem+json"),
    )
)]
#[patch("/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
    ApiJson(body): ApiJson<CompanyUpdate>,
) -> Result<HttpResponse, ApiError> {
    let reach = actor.authorize_visible(Permission::CompaniesEdit, Permission::CompaniesView)?;
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let before = find_in_reach(&txn, &reach, *id).await?;
    let mut after = before.clone();
    if let Some(name) = &body.legal_name {
        after.legal_name = validate_legal_name(name)?;
    }
    if let Some(trade_name) = &body.trade_name {
        after.trade_name = validate_trade_name(trade_name.as_deref())?;
    }
    if let Some(cnpj) = &body.cnpj {
        after.cnpj = validate_cnpj(&txn, cnpj, Some(before.id)).await?;
    }
    if let Some(segment_id) = body.segment_id {
        after.segment_id = validate_segment(&txn, segment_id).await?;
    }
    if let Some(active) = body.active {
        after.active = active;
    }
    after.updated_at = now;
    company::Entity::update(active_model(&after))
        .exec(&txn)
        .await?;
    let (before, after) = (to_wire(before), to_wire(after));
    audit::record(
        &txn,
        &actor.audit,
        Change::new("company.updated", "company", after.id)
            .company(Some(after.id))
            .before(&before)
            .after(&after),
        now,
    )
    .await?;
    crate::events::record(
        &txn,
        &[atende_core::events::company_changed(
            after.id,
            "updated",
            actor.performer(),
            now,
        )],
        serde_json::json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(HttpResponse::Ok().json(after))
}

/// Deletes a company that nothing depends on. A consultancy with clients,
/// or a company with users (and, later, work items), is refused with 409:
/// deactivate it instead.
#[utoipa::path(
    delete, path = "/api/v1/companies/{id}", tag = "companies",
    params(("id" = Uuid, Path)), security(("bearer_jwt" = []), ("api_token" = [])),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such company in reach", body = atende_types::ErrorBody, content_type = "application/problem+json"),
        (status = 409, description = "Still in use; deactivate instead", body = atende_types::ErrorBody, content_type = "application/problem+json"),
    )
)]
#[delete("/{id}")]
pub async fn remove(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let reach = actor.authorize_visible(Permission::CompaniesDelete, Permission::CompaniesView)?;
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let company = find_in_reach(&txn, &reach, *id).await?;
    let clients = company::Entity::find()
        .filter(company::Column::ConsultancyId.eq(company.id))
        .count(&txn)
        .await?;
    if clients > 0 {
        return Err(ApiError::conflict(
            "id",
            format!(
                "the consultancy still has {clients} client companies; deactivate it instead (PATCH active=false)"
            ),
        ));
    }
    let users = user_company::Entity::find()
        .filter(user_company::Column::CompanyId.eq(company.id))
        .count(&txn)
        .await?;
    if users > 0 {
        return Err(ApiError::conflict(
            "id",
            format!(
                "{users} users are linked to the company; deactivate it instead (PATCH active=false)"
            ),
        ));
    }
    let tickets = crate::tickets::entity::ticket::Entity::find()
        .filter(crate::tickets::entity::ticket::Column::CompanyId.eq(company.id))
        .count(&txn)
        .await?;
    if tickets > 0 {
        return Err(ApiError::conflict(
            "id",
            format!(
                "the company has {tickets} tickets; deactivate it instead (PATCH active=false)"
            ),
        ));
    }
    let deleted_id = company.id;
    company::Entity::delete_by_id(company.id).exec(&txn).await?;
    audit::record(
        &txn,
        &actor.audit,
        Change::new("company.deleted", "company", company.id)
            .company(Some(company.id))
            .before(to_wire(company)),
        now,
    )
    .await?;
    crate::events::record(
        &txn,
        &[atende_core::events::company_changed(
            deleted_id,
            "deleted",
            actor.performer(),
            now,
        )],
        serde_json::json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
