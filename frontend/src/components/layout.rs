//! The application frame: skip link, header, navigation and the main area.
//!
//! On wide screens the navigation is a sidebar; on a phone (≤ 720 px, see
//! `style.css`) it folds behind a menu button that reports its state with
//! `aria-expanded`, closes with Escape and after each navigation.

use leptos::{html, prelude::*};
use leptos_router::{components::A, hooks::use_location};
use wasm_bindgen::JsCast;

use crate::components::language_switch::LanguageSwitch;
use crate::i18n::{Key, use_i18n};

/// `id` of the main content area, the skip link's target.
const MAIN_ID: &str = "conteudo";
/// `id` of the navigation, controlled by the menu button.
const NAV_ID: &str = "navegacao";

/// Sets the document title to "`key` · Atende", following the language.
pub fn use_document_title(key: Key) {
    let i18n = use_i18n();
    Effect::new(move |_| {
        let title = format!("{} · {}", i18n.t(key), i18n.t(Key::ProductName));
        document().set_title(&title);
    });
}

/// The frame around every page.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let menu_open = RwSignal::new(false);
    let menu_button = NodeRef::<html::Button>::new();

    // Any navigation closes the phone menu.
    let location = use_location();
    Effect::new(move |_| {
        location.pathname.track();
        menu_open.set(false);
    });

    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" && menu_open.get_untracked() {
            menu_open.set(false);
            if let Some(button) = menu_button.get_untracked() {
                // Focus stays reachable if this fails; nothing to recover.
                let _ = button.focus();
            }
        }
    };

    view! {
        <a class="skip-link" href=format!("#{MAIN_ID}") on:click=skip_to_main>
            {move || i18n.t(Key::SkipToContent)}
        </a>
        <div class="shell" on:keydown=on_keydown>
            <header class="topbar">
                <button
                    type="button"
                    class="button button--ghost topbar__menu"
                    aria-controls=NAV_ID
                    aria-expanded=move || menu_open.get().to_string()
                    node_ref=menu_button
                    on:click=move |_| menu_open.update(|open| *open = !*open)
                >
                    <MenuIcon />
                    <span class="topbar__menu-text">{move || i18n.t(Key::Menu)}</span>
                </button>
                // A plain link (the router still handles it): the brand is no
                // navigation item, so it must not be marked as the current page.
                <a href="/" class="brand">
                    <BrandMark />
                    <span class="brand__text">
                        <span class="brand__name">{move || i18n.t(Key::ProductName)}</span>
                        <span class="brand__tagline">{move || i18n.t(Key::ProductTagline)}</span>
                    </span>
                </a>
                <div class="topbar__tools">
                    <LanguageSwitch />
                </div>
            </header>
            <nav
                id=NAV_ID
                class="sidebar"
                class:sidebar--open=move || menu_open.get()
                aria-label=move || i18n.t(Key::MainNavigation)
            >
                <ul class="nav-list">
                    <li>
                        <A href="/" exact=true attr:class="nav-link">
                            {move || i18n.t(Key::NavHome)}
                        </A>
                    </li>
                    <li>
                        // The API reference is served by the server, outside
                        // the SPA: `rel="external"` makes it a full page load.
                        <a class="nav-link" href="/api/docs/" rel="external">
                            {move || i18n.t(Key::NavApiReference)}
                        </a>
                    </li>
                </ul>
            </nav>
            <main id=MAIN_ID class="content" tabindex="-1">
                {children()}
            </main>
        </div>
    }
}

/// Moves focus (not just the scroll position) to the main area, so the next
/// Tab continues from there; the router would otherwise handle the `#` link.
fn skip_to_main(ev: leptos::ev::MouseEvent) {
    ev.prevent_default();
    let main = document()
        .get_element_by_id(MAIN_ID)
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(main) = main {
        // Focus stays where it was if this fails; nothing to recover.
        let _ = main.focus();
    }
}

/// The three bars of the menu button.
#[component]
fn MenuIcon() -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
            <path d="M4 6h16M4 12h16M4 18h16" stroke="currentColor" stroke-width="2" stroke-linecap="round" fill="none" />
        </svg>
    }
}

/// Atende's mark: a speech bubble with a tick.
#[component]
fn BrandMark() -> impl IntoView {
    view! {
        <svg class="brand__mark" viewBox="0 0 32 32" width="32" height="32" aria-hidden="true" focusable="false">
            <rect width="32" height="32" rx="8" fill="currentColor" />
            <path d="M11.5 8h9a2.5 2.5 0 0 1 2.5 2.5v7a2.5 2.5 0 0 1-2.5 2.5H15l-4 4v-4a2 2 0 0 1-2-2v-7.5a2.5 2.5 0 0 1 2.5-2.5z" fill="#fff" />
            <path d="M12.5 14l2.2 2.2 4.8-4.8" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" fill="none" />
        </svg>
    }
}
