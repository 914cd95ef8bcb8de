//! Atende's pure domain.
//!
//! Rules, state machines and calculations live here as plain functions and
//! types. Nothing in this crate performs I/O, so it compiles for the browser
//! (`wasm32-unknown-unknown`) as well: the SPA uses the same rules to decide
//! what to show, while the API remains the one that enforces them.

/// A closed set of named values with its API names: `ALL`, `as_str`,
/// `parse`, snake_case serde. Defined before the modules so each can use it.
macro_rules! named_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize)]
        #[cfg_attr(feature = "openapi", derive(::utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant),* }

        impl $name {
            /// Every value, in order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The API name.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),* }
            }

            /// Parses an API name.
            pub fn parse(text: &str) -> Option<$name> {
                match text { $($text => Some($name::$variant),)* _ => None }
            }
        }
    };
}

pub mod access;
pub mod automation;
pub mod br_format;
#[cfg(feature = "calendar")]
pub mod calendar;
pub mod clock;
pub mod cnpj;
pub mod events;
pub mod jobs;
pub mod locale;
pub mod notifications;
pub mod outbound;
pub mod pending;
pub mod permissions;
#[cfg(feature = "search")]
pub mod search;
pub mod sign_in;
#[cfg(feature = "calendar")]
pub mod sla;
#[cfg(feature = "calendar")]
pub mod sla_clock;
#[cfg(feature = "spreadsheet")]
pub mod spreadsheet;
pub mod tickets;
pub mod webhooks;
