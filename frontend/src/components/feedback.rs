//! How the interface tells people that something is loading or went wrong.
//! Every asynchronous view uses these, so the states look and read the same
//! everywhere.

use leptos::prelude::*;

use crate::api::ApiFailure;
use crate::i18n::{Key, use_i18n};

/// Shown while data loads. Announced politely to screen readers.
#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="loading" role="status">
            <span class="spinner" aria-hidden="true"></span>
            {move || i18n.t(Key::Loading)}
        </p>
    }
}

/// The fallback of an `<ErrorBoundary/>`: what went wrong, in the interface
/// language, the server's request id to quote to support, and optionally a
/// button to try again.
#[component]
pub fn ErrorNotice(
    /// The errors caught by the boundary.
    errors: ArcRwSignal<Errors>,
    /// Called by the "try again" button; no button without it.
    #[prop(optional, into)]
    on_retry: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let messages = move || {
        let locale = i18n.locale();
        errors.with(|errors| {
            errors
                .iter()
                .map(|(_, error)| match error.downcast_ref::<ApiFailure>() {
                    Some(failure) => {
                        leptos::logging::warn!("API call failed: {failure}");
                        (
                            failure.message(locale),
                            failure.request_id().map(str::to_owned),
                        )
                    }
                    None => {
                        leptos::logging::warn!("unexpected error: {error}");
                        (i18n.t(Key::ErrorGeneric).to_owned(), None)
                    }
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div class="notice notice--error" role="alert">
            {move || {
                messages()
                    .into_iter()
                    .map(|(message, request_id)| {
                        view! {
                            <p class="notice__message">{message}</p>
                            {request_id
                                .map(|id| {
                                    view! {
                                        <p class="notice__meta">
                                            {move || i18n.t(Key::ErrorRequestId)}
                                            ": "
                                            <code>{id}</code>
                                        </p>
                                    }
                                })}
                        }
                    })
                    .collect_view()
            }}
            {on_retry
                .map(|retry| {
                    view! {
                        <button
                            type="button"
                            class="button button--secondary notice__action"
                            on:click=move |_| retry.run(())
                        >
                            {move || i18n.t(Key::Retry)}
                        </button>
                    }
                })}
        </div>
    }
}

/// One failed call, told like [`ErrorNotice`] tells a boundary's errors:
/// for views that hold an [`ApiFailure`] themselves (forms, lists that load
/// more).
#[component]
pub fn FailureNotice(
    failure: ApiFailure,
    /// Called by the "try again" button; no button without it.
    #[prop(optional, into)]
    on_retry: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    leptos::logging::warn!("API call failed: {failure}");
    let request_id = failure.request_id().map(str::to_owned);
    view! {
        <div class="notice notice--error" role="alert">
            <p class="notice__message">{move || failure.message(i18n.locale())}</p>
            {request_id
                .map(|id| {
                    view! {
                        <p class="notice__meta">
                            {move || i18n.t(Key::ErrorRequestId)}
                            ": "
                            <code>{id}</code>
                        </p>
                    }
                })}
            {on_retry
                .map(|retry| {
                    view! {
                        <button
                            type="button"
                            class="button button--secondary notice__action"
                            on:click=move |_| retry.run(())
                        >
                            {move || i18n.t(Key::Retry)}
                        </button>
                    }
                })}
        </div>
    }
}

/// Shown when a list has nothing in it.
#[component]
pub fn Empty(
    /// What to say.
    text: Key,
    #[prop(optional)] testid: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="empty" data-testid=testid>
            {move || i18n.t(text)}
        </p>
    }
}

/// A short success message, announced politely.
#[component]
pub fn Success(text: Key, #[prop(optional)] testid: Option<&'static str>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="notice notice--success" role="status" data-testid=testid>
            <p class="notice__message">{move || i18n.t(text)}</p>
        </div>
    }
}
