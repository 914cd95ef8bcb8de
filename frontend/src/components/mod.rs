//! Small reusable pieces of the interface.

pub mod feedback;
pub mod language_switch;
pub mod layout;
