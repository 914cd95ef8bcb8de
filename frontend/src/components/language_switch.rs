//! The language switch in the header.

use atende_core::locale::Locale;
use leptos::prelude::*;

use crate::i18n::{Key, endonym, use_i18n};

/// A labelled `<select>` listing every language by its own name.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let on_change = move |ev: leptos::ev::Event| {
        if let Some(locale) = Locale::from_tag(&event_target_value(&ev)) {
            i18n.choose(locale);
        }
    };
    view! {
        <div class="language-switch">
            <label class="language-switch__label" for="idioma">
                {move || i18n.t(Key::LanguageLabel)}
            </label>
            <select
                id="idioma"
                class="select select--compact"
                data-testid="language-switch"
                on:change=on_change
            >
                {Locale::ALL
                    .into_iter()
                    .map(|locale| {
                        view! {
                            <option
                                value=locale.tag()
                                lang=locale.tag()
                                prop:selected=move || i18n.locale() == locale
                            >
                                {endonym(locale)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}
