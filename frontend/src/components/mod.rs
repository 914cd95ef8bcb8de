//! Small reusable pieces of the interface.

pub mod chart;
pub mod company_tree;
pub mod feedback;
pub mod forms;
pub mod guard;
pub mod language_switch;
pub mod layout;
pub mod marks;
pub mod notifications;
pub mod paged;
