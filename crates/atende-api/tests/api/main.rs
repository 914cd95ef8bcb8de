//! Integration tests: the real server over HTTP against a real database
//! (SQLite by default, PostgreSQL with `TEST_DATABASE_URL`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod audit;
mod auth;
mod automation;
mod cli;
mod companies;
mod demo_actors;
mod errors;
mod events;
mod first_day;
mod health;
mod identity;
mod imports;
mod integrators;
mod jobs;
mod openapi;
mod outbound;
mod password_reset;
mod pending_insights;
mod pending_items;
mod permission_matrix;
mod reports;
mod robustness;
mod scale;
mod search;
mod sla;
mod sla_alerts;
mod spa;
mod tenancy;
mod tenant_boundary;
mod ticket_desk;
mod tickets;
mod webhooks;
