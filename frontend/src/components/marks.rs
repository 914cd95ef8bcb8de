//! Marks drawn as SVG, so they show on machines without emoji fonts.

use leptos::prelude::*;

use crate::i18n::{Key, use_i18n};

/// Whether a condition held: a filled circle with a tick, or an outlined
/// circle with a cross, followed by the word for screen readers (and for
/// anyone who does not tell the colours apart).
#[component]
pub fn ConditionMark(
    met: bool,
    /// Shows the word beside the mark (else only for screen readers).
    #[prop(optional)]
    with_text: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let (class, shape) = if met {
        (
            "condition-mark condition-mark--met",
            view! {
                <circle cx="10" cy="10" r="9" fill="currentColor" />
                <path d="M5.5 10.5l3 3 6-6.5" stroke="#fff" stroke-width="2.2" fill="none" stroke-linecap="round" stroke-linejoin="round" />
            }
            .into_any(),
        )
    } else {
        (
            "condition-mark condition-mark--unmet",
            view! {
                <circle cx="10" cy="10" r="8.5" fill="none" stroke="currentColor" stroke-width="1.8" />
                <path d="M6.8 6.8l6.4 6.4M13.2 6.8l-6.4 6.4" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" />
            }
            .into_any(),
        )
    };
    let word = if met {
        Key::ConditionMet
    } else {
        Key::ConditionNotMet
    };
    view! {
        <span class=class data-testid="condition-mark" data-met=met.to_string()>
            <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true" focusable="false">
                {shape}
            </svg>
            <span class=if with_text { "condition-mark__text" } else { "visually-hidden" }>
                {i18n.text(word)}
            </span>
        </span>
    }
}
