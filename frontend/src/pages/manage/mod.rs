//! The "Gerenciar" screens: users, companies, segments, permissions, API
//! tokens, the audit log, business calendars, SLA policies, ticket
//! categories, teams, automation rules, integrations (webhooks) and the
//! server's status.

pub mod api_tokens;
pub mod audit;
pub mod automation;
pub mod calendars;
pub mod categories;
pub mod companies;
pub mod integrations;
pub mod permissions;
pub mod segments;
pub mod sla_policies;
pub mod system;
pub mod teams;
pub mod users;
