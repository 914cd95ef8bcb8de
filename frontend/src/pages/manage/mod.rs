//! The "Gerenciar" screens: users, companies, segments, permissions, API
//! tokens and the audit log.

pub mod api_tokens;
pub mod audit;
pub mod companies;
pub mod permissions;
pub mod segments;
pub mod users;
