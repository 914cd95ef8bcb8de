//! Form building blocks: the state of a submission, labelled fields whose
//! errors are tied to them for screen readers, copy buttons and inline
//! confirmations.

use std::future::Future;

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::api::ApiFailure;
use crate::i18n::{Key, use_i18n};

/// A complaint found before sending: the field it concerns (or none: the
/// whole form) and what is wrong.
type Complaint = (Option<&'static str>, Key);

/// The state of one form's submission: whether it is under way, and what
/// went wrong last (found here, or answered by the server).
#[derive(Clone, Copy)]
pub struct Submission {
    pending: RwSignal<bool>,
    failure: RwSignal<Option<ApiFailure>>,
    complaint: RwSignal<Option<Complaint>>,
}

impl Default for Submission {
    fn default() -> Self {
        Self::new()
    }
}

impl Submission {
    pub fn new() -> Self {
        Self {
            pending: RwSignal::new(false),
            failure: RwSignal::new(None),
            complaint: RwSignal::new(None),
        }
    }

    /// Whether a request is under way (tracked).
    pub fn pending(self) -> bool {
        self.pending.get()
    }

    /// The server's refusal, if the last request failed (tracked).
    pub fn failure(self) -> Option<ApiFailure> {
        self.failure.get()
    }

    /// Forgets the last outcome.
    pub fn reset(self) {
        self.failure.set(None);
        self.complaint.set(None);
    }

    /// Reports a problem found before sending; `field` ties it to a field.
    pub fn complain(self, field: Option<&'static str>, key: Key) {
        self.failure.set(None);
        self.complaint.set(Some((field, key)));
    }

    /// Sends `request`; `done` gets the answer. Ignored while another
    /// request of this form is under way (double clicks).
    pub fn run<T, F>(self, request: F, done: impl FnOnce(T) + 'static)
    where
        T: 'static,
        F: Future<Output = Result<T, ApiFailure>> + 'static,
    {
        if self.pending.get_untracked() {
            return;
        }
        self.pending.set(true);
        self.failure.set(None);
        self.complaint.set(None);
        leptos::task::spawn_local(async move {
            let result = request.await;
            // The form may be gone by now; setting a disposed signal is a
            // no-op.
            self.pending.set(false);
            match result {
                Ok(value) => done(value),
                Err(failure) => self.failure.set(Some(failure)),
            }
        });
    }

    /// The message for `field`, if the last problem concerns it (tracked).
    pub fn field_error(self, field: &'static str) -> Signal<Option<String>> {
        let i18n = use_i18n();
        Signal::derive(move || {
            if let Some((Some(f), key)) = self.complaint.get()
                && f == field
            {
                return Some(i18n.t(key).to_owned());
            }
            self.failure
                .with(|failure| failure.as_ref().and_then(|f| f.field_detail(field)))
        })
    }
}

/// The form-level message: what is not about one of `inline_fields`
/// (those show their own message beside the field). The region is always
/// in the page, so screen readers announce a message when it appears.
#[component]
pub fn FormError(
    submission: Submission,
    /// Fields that show their own message.
    #[prop(optional)]
    inline_fields: &'static [&'static str],
    #[prop(optional)] testid: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let message = move || {
        if let Some((field, key)) = submission.complaint.get() {
            return match field {
                Some(field) if inline_fields.contains(&field) => None,
                _ => Some((i18n.t(key).to_owned(), None)),
            };
        }
        submission.failure.with(|failure| {
            let failure = failure.as_ref()?;
            if failure.field().is_some_and(|f| inline_fields.contains(&f)) {
                return None;
            }
            leptos::logging::warn!("API call failed: {failure}");
            Some((
                failure.message(i18n.locale()),
                failure.request_id().map(str::to_owned),
            ))
        })
    };
    view! {
        <div class="form-error" aria-live="assertive" data-testid=testid>
            {move || {
                message()
                    .map(|(text, request_id)| {
                        view! {
                            <div class="notice notice--error">
                                <p class="notice__message">{text}</p>
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
                            </div>
                        }
                    })
            }}
        </div>
    }
}

/// A labelled text input with an optional hint and its error message, both
/// below it and tied to it with `aria-describedby` (below, so inputs side
/// by side in a grid stay aligned).
#[component]
pub fn TextField(
    /// The input's `id` (unique in the page).
    id: &'static str,
    label: Key,
    value: RwSignal<String>,
    /// The input's `type`.
    #[prop(default = "text")]
    kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] maxlength: Option<u32>,
    #[prop(optional)] placeholder: Option<&'static str>,
    #[prop(optional)] testid: Option<&'static str>,
    #[prop(optional)] hint: Option<Key>,
    #[prop(optional, into)] error: Option<Signal<Option<String>>>,
    #[prop(optional)] required: bool,
    #[prop(optional)] autofocus: bool,
    /// Rewrites what is typed (e.g. CNPJ punctuation).
    #[prop(optional, into)]
    transform: Option<Callback<String, String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = error.unwrap_or_else(|| Signal::derive(|| None));
    let hint_id = format!("{id}-dica");
    let error_id = format!("{id}-erro");
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error.with(Option::is_some) {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let on_input = move |ev: leptos::ev::Event| {
        let typed = event_target_value(&ev);
        value.set(match transform {
            Some(transform) => transform.run(typed),
            None => typed,
        });
    };
    view! {
        <div class="field">
            <label class="label" for=id>
                {move || i18n.t(label)}
            </label>
            <input
                class="input"
                id=id
                name=id
                type=kind
                autocomplete=autocomplete
                inputmode=inputmode
                maxlength=maxlength
                placeholder=placeholder
                required=required
                autofocus=autofocus
                data-testid=testid
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=described_by
                prop:value=move || value.get()
                on:input=on_input
            />
            {hint
                .map(|hint| {
                    view! {
                        <p class="hint" id=hint_id>
                            {move || i18n.t(hint)}
                        </p>
                    }
                })}
            {move || {
                error
                    .get()
                    .map(|message| {
                        view! {
                            <p class="field-error" id=error_id.clone()>
                                {message}
                            </p>
                        }
                    })
            }}
        </div>
    }
}

/// A date field that reads and writes `dd/mm/aaaa` whatever the browser's
/// language (an `<input type="date">` follows the browser's locale).
/// `value` holds the date as `aaaa-mm-dd`, empty while none is typed;
/// `on_change` gets each new value.
#[component]
pub fn DateInput(
    #[prop(into)] id: String,
    #[prop(into)] value: Signal<String>,
    on_change: Callback<String>,
    #[prop(optional)] testid: Option<&'static str>,
    /// Marked invalid by the form (besides an impossible date).
    #[prop(optional, into)]
    invalid: Option<Signal<bool>>,
    #[prop(optional, into)] aria_label: Option<Signal<String>>,
    #[prop(optional, into)] described_by: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let text = RwSignal::new(crate::format::iso_to_br(&value.get_untracked()));
    // A value set from outside (cleared filters, a saved view) shows.
    Effect::new(move |_| {
        let current = value.get();
        if crate::format::br_to_iso(&text.get_untracked()) != current {
            text.set(crate::format::iso_to_br(&current));
        }
    });
    let invalid = invalid.unwrap_or_else(|| Signal::derive(|| false));
    let impossible = move || {
        let typed = text.get();
        typed.len() == 10 && crate::format::br_to_iso(&typed).is_empty()
    };
    view! {
        <input
            class="input input--date"
            id=id.clone()
            name=id
            type="text"
            inputmode="numeric"
            autocomplete="off"
            maxlength="10"
            placeholder=i18n.text(Key::DatePlaceholder)
            data-testid=testid
            aria-label=move || aria_label.map(|label| label.get())
            aria-describedby=described_by
            aria-invalid=move || (impossible() || invalid.get()).then_some("true")
            prop:value=move || text.get()
            on:input=move |ev| {
                let masked = crate::format::mask_date(&event_target_value(&ev));
                text.set(masked.clone());
                on_change.run(crate::format::br_to_iso(&masked));
            }
        />
    }
}

/// Puts `text` on the clipboard; the label says "Copiado" once it worked.
#[component]
pub fn CopyButton(
    /// What to copy.
    #[prop(into)]
    text: Signal<String>,
    #[prop(optional)] testid: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let copied = RwSignal::new(false);
    let on_click = move |_| {
        let Some(promise) = write_clipboard(&text.get_untracked()) else {
            return;
        };
        leptos::task::spawn_local(async move {
            if wasm_bindgen_futures::JsFuture::from(promise).await.is_ok() {
                copied.set(true);
            }
        });
    };
    view! {
        <button type="button" class="button button--secondary" data-testid=testid on:click=on_click>
            {move || i18n.t(if copied.get() { Key::Copied } else { Key::Copy })}
        </button>
    }
}

/// `navigator.clipboard.writeText(text)`, when the browser offers it (only
/// pages served over HTTPS or from localhost have a clipboard).
fn write_clipboard(text: &str) -> Option<js_sys::Promise> {
    let navigator = window().navigator();
    let clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard")).ok()?;
    if clipboard.is_undefined() || clipboard.is_null() {
        return None;
    }
    Some(navigator.clipboard().write_text(text))
}

/// A button whose action needs a second, explicit confirmation: the first
/// click shows the question with "confirm" and "cancel" in its place.
#[component]
pub fn ConfirmAction(
    /// The button's text.
    label: Key,
    /// The question asked.
    question: Key,
    /// The confirming button's text.
    confirm: Key,
    on_confirm: Callback<()>,
    #[prop(optional, into)] pending: Option<Signal<bool>>,
    /// Red buttons, for destructive actions.
    #[prop(optional)]
    danger: bool,
    /// `data-testid` of the first button; the confirming one gets
    /// `<testid>-confirm`.
    #[prop(optional)]
    testid: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let asking = RwSignal::new(false);
    let pending = pending.unwrap_or_else(|| Signal::derive(|| false));
    let confirm_testid = testid.map(|t| format!("{t}-confirm"));
    let class = if danger {
        "button button--danger"
    } else {
        "button button--primary"
    };
    view! {
        <Show
            when=move || asking.get()
            fallback=move || {
                view! {
                    <button
                        type="button"
                        class=if danger { "button button--danger-outline" } else { "button button--secondary" }
                        data-testid=testid
                        on:click=move |_| asking.set(true)
                    >
                        {move || i18n.t(label)}
                    </button>
                }
            }
        >
            <span class="confirm" role="group">
                <span class="confirm__question">{move || i18n.t(question)}</span>
                <button
                    type="button"
                    class=class
                    data-testid=confirm_testid.clone()
                    disabled=move || pending.get()
                    on:click=move |_| {
                        on_confirm.run(());
                        asking.set(false);
                    }
                >
                    {move || i18n.t(confirm)}
                </button>
                <button type="button" class="button button--ghost" on:click=move |_| asking.set(false)>
                    {move || i18n.t(Key::Cancel)}
                </button>
            </span>
        </Show>
    }
}
