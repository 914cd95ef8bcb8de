//! The audit log: who changed what, when and from where — written in the
//! same transaction as the change, append-only, hash-chained.

mod chain;
pub mod entity;
mod routes;

pub use chain::{AuditContext, Change, GENESIS, Verification, hash_of, hex, record, verify};

use actix_web::web;
use utoipa::OpenApi;

/// Routes under `/api/v1/audit-log`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(routes::list);
}

#[derive(OpenApi)]
#[openapi(paths(routes::list))]
pub struct AuditApi;
