//! Atende's single-page application (Leptos, client-side rendered, WASM).

mod api;
mod app;
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

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
