//! The client-side 404 page, for any path no route matches.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::layout::use_document_title;
use crate::i18n::{Key, use_i18n};

/// Shown for unknown paths.
#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    use_document_title(Key::NotFoundTitle);
    view! {
        <div class="page page--narrow">
            <header class="page__header">
                <p class="page__eyebrow" aria-hidden="true">"404"</p>
                <h1 class="page__title" data-testid="page-title">
                    {move || i18n.t(Key::NotFoundTitle)}
                </h1>
                <p class="page__lead">{move || i18n.t(Key::NotFoundText)}</p>
            </header>
            <A href="/" attr:class="button button--primary">
                {move || i18n.t(Key::NotFoundBack)}
            </A>
        </div>
    }
}
