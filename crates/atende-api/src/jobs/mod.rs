//! Durable background jobs: e-mails to send, SLA alerts due at an instant.
//!
//! Work that must not happen inside a request, or must happen later, is a
//! row in `jobs` (see the migration for the table's rules). [`queue`] puts
//! rows in and takes them out; [`worker`] runs them. A job's own writes and
//! the row's `done` mark share one transaction, and that transaction only
//! commits while the worker still holds the job's lease — so a job's effects
//! on the database happen exactly once, even when a worker dies mid-job or
//! a lease runs out. Effects outside the database (an e-mail handed to the
//! SMTP server) happen at least once.

pub mod entity;
pub mod queue;
pub mod worker;

pub use queue::{NewJob, enqueue, schedule};
