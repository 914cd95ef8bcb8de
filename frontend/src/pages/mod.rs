//! One module per page.

pub mod account;
pub mod home;
pub mod invitation;
pub mod manage;
pub mod mfa;
pub mod not_found;
pub mod notifications;
pub mod password_reset;
pub mod pending;
pub mod pending_imports;
pub mod pending_reports;
pub mod preferences;
pub mod reports;
pub mod sign_in;
pub mod tickets;
