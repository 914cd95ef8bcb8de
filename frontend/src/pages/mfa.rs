//! `/minha-conta/mfa`: turning on two-step verification (TOTP). Also the
//! forced enrollment: when the role's policy requires MFA, the frame sends
//! the person here and nowhere else until they finish.
//!
//! Steps: the server makes a secret (QR code and text), the person proves
//! their app holds it with a code, then sees the ten recovery codes once
//! and confirms they saved them.

use atende_types::{
    auth::{MfaCode, MfaEnabled, MfaEnrollment as Enrollment},
    users::Me,
};
use gloo_net::http::Method;
use leptos::prelude::*;
use leptos_router::{
    NavigateOptions,
    components::A,
    hooks::{use_navigate, use_query_map},
};

use crate::api::ApiFailure;
use crate::components::feedback::{FailureNotice, Loading};
use crate::components::forms::{CopyButton, FormError, Submission, TextField};
use crate::components::guard::{BACK_PARAM, back_target};
use crate::components::layout::use_document_title;
use crate::i18n::{Key, use_i18n};
use crate::session::use_session;

/// Where the enrollment stands.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    /// Asking the server for a secret.
    Starting,
    /// The secret could not be made.
    Failed(ApiFailure),
    /// Scan the QR code, type a code.
    Scan(Enrollment),
    /// Enrolled: the recovery codes, shown this once.
    Codes(Vec<String>),
    /// MFA was already on when the page opened.
    AlreadyOn,
}

/// `/minha-conta/mfa`.
#[component]
pub fn MfaEnrollment() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let api = session.api();
    use_document_title(Key::MfaEnrollTitle);

    // Decided once: a later `/me` reload must not tear the steps down.
    let forced = untrack(|| session.enrollment_required());
    let already_on =
        !forced && untrack(|| session.with_me(|me| me.user.mfa_enabled)).unwrap_or(false);
    let step = RwSignal::new(if already_on {
        Step::AlreadyOn
    } else {
        Step::Starting
    });
    let start = move || {
        step.set(Step::Starting);
        leptos::task::spawn_local(async move {
            let result = api
                .send_empty::<Enrollment>(Method::POST, "/api/v1/me/mfa/enrollment")
                .await;
            step.set(match result {
                Ok(enrollment) => Step::Scan(enrollment),
                Err(failure) => Step::Failed(failure),
            });
        });
    };
    if !already_on {
        start();
    }
    let retry = Callback::new(move |()| start());

    view! {
        <div class="page page--narrow">
            <header class="page__header">
                <h1 class="page__title" data-testid="page-title">
                    {move || i18n.t(Key::MfaEnrollTitle)}
                </h1>
                <p class="page__lead">{move || i18n.t(Key::MfaEnrollLead)}</p>
            </header>
            {forced
                .then(|| {
                    view! {
                        <div class="notice notice--warning" role="status" data-testid="enroll-required">
                            <p class="notice__message">{move || i18n.t(Key::MfaEnrollRequired)}</p>
                        </div>
                    }
                })}
            {move || match step.get() {
                Step::Starting => view! { <Loading /> }.into_any(),
                Step::Failed(failure) => view! { <FailureNotice failure on_retry=retry /> }.into_any(),
                Step::Scan(enrollment) => view! { <ScanStep enrollment step /> }.into_any(),
                Step::Codes(codes) => view! { <RecoveryCodes codes forced /> }.into_any(),
                Step::AlreadyOn => {
                    view! {
                        <div class="notice notice--success" role="status" data-testid="mfa-already-on">
                            <p class="notice__message">{move || i18n.t(Key::MfaAlreadyOn)}</p>
                        </div>
                        <p>
                            <A href="/minha-conta" attr:class="button button--secondary">
                                {move || i18n.t(Key::BackToAccount)}
                            </A>
                        </p>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}

/// The QR code, the secret as text, and the confirmation code.
#[component]
fn ScanStep(enrollment: Enrollment, step: RwSignal<Step>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_session().api();
    let code = RwSignal::new(String::new());
    let submission = Submission::new();
    let secret = enrollment.secret.clone();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed: String = code.get_untracked().split_whitespace().collect();
        if typed.len() != 6 || !typed.bytes().all(|b| b.is_ascii_digit()) {
            submission.complain(Some("code"), Key::MfaCodeSixDigits);
            return;
        }
        submission.run(
            async move {
                api.send_json::<_, MfaEnabled>(
                    Method::POST,
                    "/api/v1/me/mfa/enrollment/confirm",
                    &MfaCode { code: typed },
                )
                .await
            },
            move |enabled| step.set(Step::Codes(enabled.recovery_codes)),
        );
    };

    view! {
        <ol class="steps">
            <li class="steps__item">
                <h2 class="steps__title">{move || i18n.t(Key::MfaStepInstall)}</h2>
                <p class="hint">{move || i18n.t(Key::MfaStepInstallHint)}</p>
            </li>
            <li class="steps__item">
                <h2 class="steps__title">{move || i18n.t(Key::MfaStepScan)}</h2>
                <div class="qr">
                    <img
                        class="qr__image"
                        src=enrollment.qr_code.clone()
                        width="200"
                        height="200"
                        alt=move || i18n.t(Key::MfaQrAlt)
                        data-testid="enroll-qr"
                    />
                    <div class="qr__manual">
                        <p class="hint">{move || i18n.t(Key::MfaManualEntry)}</p>
                        <p>
                            <code class="secret" data-testid="enroll-secret">
                                {enrollment.secret.clone()}
                            </code>
                        </p>
                        <CopyButton text=Signal::derive(move || secret.clone()) testid="enroll-secret-copy" />
                        <p class="hint">
                            <a href=enrollment.otpauth_uri.clone() data-testid="enroll-otpauth">{move || i18n.t(Key::MfaOpenInApp)}</a>
                        </p>
                    </div>
                </div>
            </li>
            <li class="steps__item">
                <h2 class="steps__title">{move || i18n.t(Key::MfaStepConfirm)}</h2>
                <form class="form form--inline" on:submit=on_submit novalidate>
                    <TextField
                        id="enroll-code"
                        label=Key::MfaCodeLabel
                        value=code
                        inputmode="numeric"
                        autocomplete="one-time-code"
                        maxlength=6
                        testid="enroll-code"
                        error=submission.field_error("code")
                        required=true
                    />
                    <FormError submission inline_fields=&["code"] testid="enroll-error" />
                    <button
                        type="submit"
                        class="button button--primary"
                        data-testid="enroll-submit"
                        disabled=move || submission.pending()
                    >
                        {move || i18n.t(if submission.pending() { Key::Verifying } else { Key::MfaActivate })}
                    </button>
                </form>
            </li>
        </ol>
    }
}

/// The ten recovery codes, and "I saved them".
#[component]
fn RecoveryCodes(codes: Vec<String>, forced: bool) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let api = session.api();
    let navigate = use_navigate();
    let query = use_query_map();
    let leaving = RwSignal::new(false);
    let all_codes = codes.join("\n");
    let failure = RwSignal::new(None::<ApiFailure>);

    let on_continue = move |_| {
        if leaving.get_untracked() {
            return;
        }
        leaving.set(true);
        failure.set(None);
        let requested = query.with_untracked(|q| q.get(BACK_PARAM));
        let target = match requested {
            Some(path) => back_target(Some(path)),
            None if forced => "/".to_owned(),
            None => "/minha-conta".to_owned(),
        };
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            // A new pair no longer carries the enrollment duty, and a fresh
            // `/me` says MFA is on; only then may the guard let the person
            // go elsewhere.
            let _ = api.renew().await;
            match api.get_json::<Me>("/api/v1/me").await {
                Ok(me) => {
                    session.set_me(me);
                    navigate(
                        &target,
                        NavigateOptions {
                            replace: true,
                            ..NavigateOptions::default()
                        },
                    );
                }
                Err(error) => {
                    leaving.set(false);
                    failure.set(Some(error));
                }
            }
        });
    };

    view! {
        <section class="card" aria-labelledby="codigos-titulo">
            <h2 class="card__title" id="codigos-titulo">
                {move || i18n.t(Key::RecoveryCodesTitle)}
            </h2>
            <div class="notice notice--success" role="status">
                <p class="notice__message">{move || i18n.t(Key::MfaEnabledNotice)}</p>
            </div>
            <p>{move || i18n.t(Key::RecoveryCodesText)}</p>
            <ol class="recovery-codes" data-testid="recovery-codes">
                {codes
                    .into_iter()
                    .map(|code| view! { <li><code>{code}</code></li> })
                    .collect_view()}
            </ol>
            <p class="button-row">
                <CopyButton text=Signal::derive(move || all_codes.clone()) testid="recovery-codes-copy" />
            </p>
            {move || failure.get().map(|failure| view! { <FailureNotice failure /> })}
            <button
                type="button"
                class="button button--primary"
                data-testid="recovery-codes-done"
                disabled=move || leaving.get()
                on:click=on_continue
            >
                {move || i18n.t(Key::RecoveryCodesSaved)}
            </button>
        </section>
    }
}
