//! Demo data: loaded by `atende seed --demo` and on the first start of an
//! empty database (setting `demo_data`), so a fresh install has something to
//! look at. Idempotent: a marker in `system_settings` records that it ran.

use crate::{state::AppState, system::setting};

const SEEDED_MARKER: &str = "demo_data_seeded_at";

/// Loads the demo data set unless it was loaded before. Returns whether it
/// loaded anything.
pub async fn seed(state: &AppState) -> anyhow::Result<bool> {
    if setting::get(&state.db, SEEDED_MARKER).await?.is_some() {
        tracing::info!("demo data already present");
        return Ok(false);
    }
    let now = state.clock.now();
    // The demo companies, segments and users are added by the identity
    // feature; until then the marker is all there is to write.
    setting::put(&state.db, SEEDED_MARKER, &now.to_rfc3339(), now).await?;
    tracing::info!("demo data loaded");
    Ok(true)
}
