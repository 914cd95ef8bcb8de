//! Atende's database schema as sea-orm migrations. The server applies pending
//! migrations at start (`atende migrate` does it alone).
//!
//! Migrations use sea-query's portable schema builder; where SQL must differ
//! between SQLite and PostgreSQL, the migration branches on
//! `manager.get_database_backend()`.

pub use sea_orm_migration::prelude::*;

mod m20261122_000001_system;
mod m20261122_000002_identity;
mod m20261122_000003_auth;
mod m20261122_000004_tickets;
mod m20261122_000005_sla;
mod m20261122_000006_jobs;
mod m20261122_000007_sla_warn_at;
mod m20261122_000008_pending_items;
mod m20261122_000009_imports;
mod m20261122_000010_pending_attachments;
mod m20261122_000011_import_headers;
mod m20261203_000012_sealed_secrets;
mod m20261203_000013_first_day;
mod m20261203_000014_domain_events;
mod m20261203_000015_automation;
mod m20261203_000016_webhooks;
mod m20261203_000017_idempotency_keys;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_system::Migration),
            Box::new(m20261122_000002_identity::Migration),
            Box::new(m20261122_000003_auth::Migration),
            Box::new(m20261122_000004_tickets::Migration),
            Box::new(m20261122_000005_sla::Migration),
            Box::new(m20261122_000006_jobs::Migration),
            Box::new(m20261122_000007_sla_warn_at::Migration),
            Box::new(m20261122_000008_pending_items::Migration),
            Box::new(m20261122_000009_imports::Migration),
            Box::new(m20261122_000010_pending_attachments::Migration),
            Box::new(m20261122_000011_import_headers::Migration),
            Box::new(m20261203_000012_sealed_secrets::Migration),
            Box::new(m20261203_000013_first_day::Migration),
            Box::new(m20261203_000014_domain_events::Migration),
            Box::new(m20261203_000015_automation::Migration),
            Box::new(m20261203_000016_webhooks::Migration),
            Box::new(m20261203_000017_idempotency_keys::Migration),
        ]
    }
}
