//! The "Gerenciar" screens: users, companies, segments, permissions, API
//! tokens, the audit log, business calendars and SLA policies.

pub mod api_tokens;
pub mod audit;
pub mod calendars;
pub mod companies;
pub mod permissions;
pub mod segments;
pub mod sla_policies;
pub mod users;
