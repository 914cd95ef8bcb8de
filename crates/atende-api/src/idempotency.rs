//! `Idempotency-Key` on every `POST` under `/api/`: an integrator that
//! retries a request (a timeout, a dropped connection) sends the same key,
//! and gets the first answer again instead of a second ticket.
//!
//! - Keys belong to the credential that sent them (a hash of the
//!   `Authorization` header: an API token, or a session's access token).
//! - The same key with the same request (method, path, query and body)
//!   replays the stored answer — status, body, `Location` — with
//!   `Idempotent-Replayed: true`; with another request it is a 422 naming
//!   `Idempotency-Key`; while the first is still running, a 409.
//! - Answers of 5xx are not kept (the request may be retried for real);
//!   the rest are kept 24 hours (pruned daily with the event log).

use actix_web::{
    Error, HttpMessage,
    body::{BoxBody, EitherBody, MessageBody},
    dev::{Payload, ServiceRequest, ServiceResponse},
    http::{
        Method, StatusCode,
        header::{self, HeaderName, HeaderValue},
    },
    middleware::Next,
    web,
};
use chrono::{DateTime, Duration, Utc};
use futures_util::StreamExt;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
    sea_query::Expr,
};
use sha2::{Digest, Sha256};

use crate::{error::ApiError, state::AppState};

/// The request header.
pub const HEADER: &str = "idempotency-key";

/// How long an answer is kept.
pub fn retention() -> Duration {
    Duration::hours(24)
}

/// The largest answer kept for replay; a larger one is not replayable
/// (the key then answers 409 to a retry, never acts twice).
const MAX_KEPT: usize = 1 << 20;

pub mod entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "idempotency_keys")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub scope: String,
        #[sea_orm(primary_key, auto_increment = false)]
        pub key: String,
        pub request_hash: String,
        /// `running` or `done`.
        pub status: String,
        pub response_status: Option<i32>,
        pub response_content_type: Option<String>,
        pub response_location: Option<String>,
        pub response_body: Option<Vec<u8>>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn problem(req: ServiceRequest, error: ApiError) -> ServiceResponse<EitherBody<BoxBody>> {
    req.error_response(error).map_into_right_body()
}

/// The middleware.
pub async fn idempotency_key(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<BoxBody>>, Error> {
    let key = req
        .headers()
        .get(HEADER)
        .map(|v| v.to_str().map(str::to_owned));
    let applies = req.method() == Method::POST && req.path().starts_with("/api/");
    let (Some(key), true) = (key, applies) else {
        return Ok(next
            .call(req)
            .await?
            .map_body(|_, b| b.boxed())
            .map_into_left_body());
    };
    let key = match key {
        Ok(k) if (1..=255).contains(&k.len()) && k.chars().all(|c| c.is_ascii_graphic()) => k,
        _ => {
            let error = ApiError::validation(
                "Idempotency-Key",
                "must be 1 to 255 visible ASCII characters",
            );
            return Ok(problem(req, error));
        }
    };
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return Ok(next
            .call(req)
            .await?
            .map_body(|_, b| b.boxed())
            .map_into_left_body());
    };
    let scope = hex(&Sha256::digest(
        req.headers()
            .get(header::AUTHORIZATION)
            .map(HeaderValue::as_bytes)
            .unwrap_or_default(),
    ));
    // The body, read here and handed on.
    let mut body = web::BytesMut::new();
    let mut payload = req.take_payload();
    while let Some(chunk) = payload.next().await {
        body.extend_from_slice(&chunk?);
    }
    let body = body.freeze();
    let mut hasher = Sha256::new();
    hasher.update(req.method().as_str());
    hasher.update(b" ");
    hasher.update(req.uri().to_string());
    hasher.update(b"\n");
    hasher.update(&body);
    let request_hash = hex(&hasher.finalize());
    req.set_payload(Payload::from(body));

    let now = state.clock.now();
    match claim(&state.db, &scope, &key, &request_hash, now).await {
        Ok(Claim::Mine) => {}
        Ok(Claim::Replay(row)) if row.request_hash != request_hash => {
            let error = ApiError::validation(
                "Idempotency-Key",
                "was used with another request; use a new key for a new request",
            );
            return Ok(problem(req, error));
        }
        Ok(Claim::Replay(row)) if row.status == "done" => {
            let status = row
                .response_status
                .and_then(|s| u16::try_from(s).ok())
                .and_then(|s| StatusCode::from_u16(s).ok())
                .unwrap_or(StatusCode::OK);
            let mut response = actix_web::HttpResponse::build(status);
            response.insert_header((HeaderName::from_static("idempotent-replayed"), "true"));
            if let Some(ct) = row.response_content_type {
                response.insert_header((header::CONTENT_TYPE, ct));
            }
            if let Some(location) = row.response_location {
                response.insert_header((header::LOCATION, location));
            }
            let response = response.body(row.response_body.unwrap_or_default());
            return Ok(req.into_response(response).map_into_right_body());
        }
        Ok(Claim::Replay(_)) => {
            return Ok(problem(
                req,
                ApiError::Conflict {
                    field: "Idempotency-Key".into(),
                    message: "a request with this key is still running; retry later".into(),
                },
            ));
        }
        Err(e) => return Ok(problem(req, ApiError::from(e))),
    }

    let response = next.call(req).await?;
    let (request, response) = response.into_parts();
    let (head, body) = response.into_parts();
    let bytes = actix_web::body::to_bytes(body)
        .await
        .map_err(|e| actix_web::error::ErrorInternalServerError(e.into().to_string()))?;
    let status = head.status();
    let header_text = |name: header::HeaderName| {
        head.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let outcome = if status.is_server_error() {
        forget(&state.db, &scope, &key).await
    } else if bytes.len() <= MAX_KEPT {
        keep(
            &state.db,
            &scope,
            &key,
            i32::from(status.as_u16()),
            header_text(header::CONTENT_TYPE),
            header_text(header::LOCATION),
            bytes.to_vec(),
        )
        .await
    } else {
        Ok(())
    };
    if let Err(error) = outcome {
        tracing::warn!(%error, "cannot record an idempotency key's answer");
    }
    let full = head.set_body(BoxBody::new(bytes));
    Ok(ServiceResponse::new(request, full).map_into_left_body())
}

enum Claim {
    /// This request runs; its answer will be kept.
    Mine,
    /// The key was used before.
    Replay(entity::Model),
}

async fn claim(
    db: &impl ConnectionTrait,
    scope: &str,
    key: &str,
    request_hash: &str,
    now: DateTime<Utc>,
) -> Result<Claim, DbErr> {
    // An expired key is free again.
    entity::Entity::delete_many()
        .filter(entity::Column::Scope.eq(scope))
        .filter(entity::Column::Key.eq(key))
        .filter(entity::Column::CreatedAt.lt(now - retention()))
        .exec(db)
        .await?;
    let inserted = entity::Entity::insert(entity::ActiveModel {
        scope: Set(scope.to_owned()),
        key: Set(key.to_owned()),
        request_hash: Set(request_hash.to_owned()),
        status: Set("running".into()),
        response_status: Set(None),
        response_content_type: Set(None),
        response_location: Set(None),
        response_body: Set(None),
        created_at: Set(now),
    })
    .on_conflict_do_nothing_on([entity::Column::Scope, entity::Column::Key])
    .exec_without_returning(db)
    .await?;
    if matches!(inserted, sea_orm::TryInsertResult::Inserted(n) if n > 0) {
        return Ok(Claim::Mine);
    }
    let row = entity::Entity::find_by_id((scope.to_owned(), key.to_owned()))
        .one(db)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("the idempotency key".into()))?;
    Ok(Claim::Replay(row))
}

async fn keep(
    db: &impl ConnectionTrait,
    scope: &str,
    key: &str,
    status: i32,
    content_type: Option<String>,
    location: Option<String>,
    body: Vec<u8>,
) -> Result<(), DbErr> {
    entity::Entity::update_many()
        .col_expr(entity::Column::Status, Expr::value("done"))
        .col_expr(entity::Column::ResponseStatus, Expr::value(status))
        .col_expr(
            entity::Column::ResponseContentType,
            Expr::value(content_type),
        )
        .col_expr(entity::Column::ResponseLocation, Expr::value(location))
        .col_expr(entity::Column::ResponseBody, Expr::value(body))
        .filter(entity::Column::Scope.eq(scope))
        .filter(entity::Column::Key.eq(key))
        .exec(db)
        .await?;
    Ok(())
}

async fn forget(db: &impl ConnectionTrait, scope: &str, key: &str) -> Result<(), DbErr> {
    entity::Entity::delete_many()
        .filter(entity::Column::Scope.eq(scope))
        .filter(entity::Column::Key.eq(key))
        .exec(db)
        .await?;
    Ok(())
}

/// Forgets answers past retention (the daily prune job).
pub async fn prune(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<(), DbErr> {
    entity::Entity::delete_many()
        .filter(entity::Column::CreatedAt.lt(now - retention()))
        .exec(db)
        .await?;
    Ok(())
}
