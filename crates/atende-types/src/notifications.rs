//! Notification preferences.

use serde::{Deserialize, Serialize};

/// How one event reaches the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationPreference {
    /// `created`, `assigned`, `replied`, `mentioned`, `status_changed`,
    /// `reopened`, `sla_warning`, `sla_breach`.
    pub event: String,
    /// By e-mail.
    pub email: bool,
    /// In the notification centre (and its live count).
    pub in_app: bool,
}
