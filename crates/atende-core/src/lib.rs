//! Atende's pure domain.
//!
//! Rules, state machines and calculations live here as plain functions and
//! types. Nothing in this crate performs I/O, so it compiles for the browser
//! (`wasm32-unknown-unknown`) as well: the SPA uses the same rules to decide
//! what to show, while the API remains the one that enforces them.

pub mod access;
pub mod br_format;
#[cfg(feature = "calendar")]
pub mod calendar;
pub mod clock;
pub mod cnpj;
pub mod jobs;
pub mod locale;
pub mod pending;
pub mod permissions;
pub mod sign_in;
#[cfg(feature = "calendar")]
pub mod sla;
#[cfg(feature = "calendar")]
pub mod sla_clock;
#[cfg(feature = "spreadsheet")]
pub mod spreadsheet;
pub mod tickets;
