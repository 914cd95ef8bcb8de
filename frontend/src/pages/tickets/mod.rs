//! The ticket screens: the client panel ("Meus chamados"), opening a
//! ticket, a ticket's page (thread, reply or internal note, attachments,
//! controls, timeline) and the support workspace ("Atendimento": Kanban
//! board, list with filters, saved views and bulk changes, canned
//! responses).

pub mod board;
pub mod canned;
pub mod client;
mod composer;
pub mod detail;
mod filters;
pub mod list;
pub mod new;
pub mod shared;
pub mod workspace;
