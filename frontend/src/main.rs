//! Atende's single-page application (Leptos, client-side rendered, WASM).

mod api;
mod app;
mod audit;
mod automation;
mod components;
mod format;
mod i18n;
mod labels;
mod live;
mod pages;
mod pending;
mod session;
mod sla;
mod tickets;
mod webhooks;

/// `id` of the loader `index.html` shows until the app arrives.
const BOOT_LOADER_ID: &str = "boot";

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
    // The app is drawn: the loader goes.
    if let Some(loader) = leptos::prelude::document().get_element_by_id(BOOT_LOADER_ID) {
        loader.remove();
    }
}
