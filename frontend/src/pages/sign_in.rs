//! Signing in: e-mail and password (`/entrar`), then, for people with MFA,
//! the code from their authenticator app or a recovery code
//! (`/entrar/mfa`).

use atende_types::auth::{LoginRequest, LoginResponse, MfaVerifyRequest, TokenPair};
use gloo_net::http::Method;
use leptos::prelude::*;
use leptos_router::{
    NavigateOptions,
    components::A,
    hooks::{use_navigate, use_query_map},
};

use crate::api::{now_ms, with_param};
use crate::components::feedback::Success;
use crate::components::forms::{FormError, Submission, TextField};
use crate::components::guard::{BACK_PARAM, back_target, with_back};
use crate::components::layout::{ENROLL_PATH, SIGN_IN_PATH, use_document_title};
use crate::i18n::{Key, use_i18n};
use crate::pages::password_reset::{FORGOT_PATH, RESET_DONE_PARAM};
use crate::session::use_session;

/// Path of the MFA step.
pub const MFA_STEP_PATH: &str = "/entrar/mfa";

/// Query parameter set by the invitation page once the password is set.
pub const INVITATION_ACCEPTED_PARAM: &str = "convite";

/// Sends a signed-in person on: to the forced MFA enrollment when their
/// role requires it, else to where they were going.
fn use_leave_when_signed_in(back: Memo<String>) {
    let session = use_session();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if !session.is_signed_in() {
            return;
        }
        let back = back.get();
        let target = if session.enrollment_required() {
            with_back(ENROLL_PATH, &back)
        } else {
            back
        };
        navigate(
            &target,
            NavigateOptions {
                replace: true,
                ..NavigateOptions::default()
            },
        );
    });
}

/// `/entrar`: e-mail and password.
#[component]
pub fn SignIn() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let api = session.api();
    let navigate = use_navigate();
    use_document_title(Key::SignInTitle);

    let query = use_query_map();
    let back = Memo::new(move |_| back_target(query.with(|q| q.get(BACK_PARAM))));
    let invitation_accepted = query.with_untracked(|q| q.get(INVITATION_ACCEPTED_PARAM).is_some());
    let password_reset = query.with_untracked(|q| q.get(RESET_DONE_PARAM).is_some());
    use_leave_when_signed_in(back);

    let email = RwSignal::new(query.with_untracked(|q| q.get("email")).unwrap_or_default());
    // Coming from an invitation the e-mail is filled in: start at the password.
    let email_known = !email.get_untracked().is_empty();
    let password = RwSignal::new(String::new());
    let submission = Submission::new();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = LoginRequest {
            email: email.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
        };
        if request.email.is_empty() {
            submission.complain(Some("email"), Key::EmailRequired);
            return;
        }
        if request.password.is_empty() {
            submission.complain(Some("password"), Key::PasswordRequired);
            return;
        }
        let target = back.get_untracked();
        let navigate = navigate.clone();
        submission.run(
            async move {
                api.send_json::<_, LoginResponse>(Method::POST, "/api/v1/auth/login", &request)
                    .await
            },
            move |response| match response {
                // The effect above takes the person on.
                LoginResponse::SignedIn { tokens } => session.signed_in(tokens),
                LoginResponse::MfaRequired {
                    challenge,
                    expires_in,
                } => {
                    session.await_mfa(challenge, expires_in, target.clone());
                    navigate(
                        &with_back(MFA_STEP_PATH, &target),
                        NavigateOptions::default(),
                    );
                }
            },
        );
    };

    view! {
        <div class="auth-card">
            <h1 class="auth-card__title" data-testid="page-title">
                {move || i18n.t(Key::SignInTitle)}
            </h1>
            <p class="auth-card__lead">{move || i18n.t(Key::SignInLead)}</p>
            {invitation_accepted
                .then(|| view! { <Success text=Key::InvitationAcceptedNotice testid="invitation-accepted" /> })}
            {password_reset
                .then(|| view! { <Success text=Key::ResetDoneNotice testid="password-reset-done" /> })}
            <Show when=move || api.session_ended() && !invitation_accepted && !password_reset>
                <div class="notice notice--info" role="status" data-testid="session-ended">
                    <p class="notice__message">{move || i18n.t(Key::SessionEndedNotice)}</p>
                </div>
            </Show>
            <form class="form" on:submit=on_submit novalidate>
                <TextField
                    id="login-email"
                    label=Key::Email
                    value=email
                    kind="email"
                    autocomplete="username"
                    testid="login-email"
                    error=submission.field_error("email")
                    required=true
                    autofocus=!email_known
                />
                <TextField
                    id="login-password"
                    label=Key::Password
                    value=password
                    kind="password"
                    autocomplete="current-password"
                    testid="login-password"
                    error=submission.field_error("password")
                    required=true
                    autofocus=email_known
                />
                <p class="auth-card__forgot">
                    <A
                        href=move || with_param(FORGOT_PATH, "email", email.get().trim())
                        attr:data-testid="forgot-link"
                    >
                        {i18n.text(Key::ForgotLink)}
                    </A>
                </p>
                <FormError submission inline_fields=&["email", "password"] testid="login-error" />
                <button
                    type="submit"
                    class="button button--primary button--block"
                    data-testid="login-submit"
                    disabled=move || submission.pending()
                >
                    {move || {
                        i18n.t(if submission.pending() { Key::SigningIn } else { Key::SignIn })
                    }}
                </button>
            </form>
        </div>
    }
}

/// `/entrar/mfa`: the second step, for people with MFA.
#[component]
pub fn MfaStep() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let api = session.api();
    let navigate = use_navigate();
    use_document_title(Key::MfaStepTitle);

    let pending = session.pending_mfa();
    let query = use_query_map();
    let back = {
        let from_challenge = pending.as_ref().map(|p| p.back_to.clone());
        Memo::new(move |_| {
            back_target(
                from_challenge
                    .clone()
                    .or_else(|| query.with(|q| q.get(BACK_PARAM))),
            )
        })
    };
    use_leave_when_signed_in(back);

    let Some(pending) = pending else {
        // Reloaded, or opened directly: the challenge lived in memory only.
        return view! {
            <div class="auth-card">
                <h1 class="auth-card__title" data-testid="page-title">
                    {move || i18n.t(Key::MfaStepTitle)}
                </h1>
                <div class="notice notice--info" role="status" data-testid="mfa-no-challenge">
                    <p class="notice__message">{move || i18n.t(Key::MfaNoChallenge)}</p>
                </div>
                <p>
                    <A href=SIGN_IN_PATH attr:class="button button--primary">
                        {move || i18n.t(Key::BackToSignIn)}
                    </A>
                </p>
            </div>
        }
        .into_any();
    };

    let code = RwSignal::new(String::new());
    let recovery = RwSignal::new(false);
    let submission = Submission::new();
    let challenge = pending.challenge.clone();
    let expires_at = pending.expires_at;

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // People type recovery codes with or without spaces and dashes.
        let typed: String = code.get_untracked().split_whitespace().collect();
        if typed.is_empty() {
            submission.complain(Some("code"), Key::MfaCodeRequired);
            return;
        }
        if now_ms() > expires_at {
            submission.complain(None, Key::MfaChallengeExpired);
            return;
        }
        let request = MfaVerifyRequest {
            challenge: challenge.clone(),
            code: typed,
        };
        submission.run(
            async move {
                api.send_json::<_, TokenPair>(Method::POST, "/api/v1/auth/mfa/verify", &request)
                    .await
            },
            move |pair| session.signed_in(pair),
        );
    };

    let start_over = move |_| {
        session.cancel_mfa();
        navigate(SIGN_IN_PATH, NavigateOptions::default());
    };

    view! {
        <div class="auth-card">
            <h1 class="auth-card__title" data-testid="page-title">
                {move || i18n.t(Key::MfaStepTitle)}
            </h1>
            <p class="auth-card__lead">
                {move || {
                    i18n.t(if recovery.get() { Key::MfaStepLeadRecovery } else { Key::MfaStepLead })
                }}
            </p>
            <form class="form" on:submit=on_submit novalidate>
                // Two fields rather than one that changes: the label, input
                // mode and autofill hint differ, and a fresh field is
                // announced properly.
                <Show
                    when=move || recovery.get()
                    fallback=move || {
                        view! {
                            <TextField
                                id="mfa-code"
                                label=Key::MfaCodeLabel
                                value=code
                                inputmode="numeric"
                                autocomplete="one-time-code"
                                maxlength=6
                                testid="mfa-code"
                                error=submission.field_error("code")
                                required=true
                                autofocus=true
                            />
                        }
                    }
                >
                    <TextField
                        id="mfa-recovery-code"
                        label=Key::RecoveryCodeLabel
                        value=code
                        autocomplete="off"
                        testid="mfa-code"
                        error=submission.field_error("code")
                        required=true
                        autofocus=true
                    />
                </Show>
                <FormError submission inline_fields=&["code"] testid="mfa-error" />
                <button
                    type="submit"
                    class="button button--primary button--block"
                    data-testid="mfa-submit"
                    disabled=move || submission.pending()
                >
                    {move || i18n.t(if submission.pending() { Key::Verifying } else { Key::Verify })}
                </button>
            </form>
            <div class="auth-card__actions">
                <button
                    type="button"
                    class="button button--ghost"
                    data-testid="mfa-use-recovery"
                    aria-pressed=move || recovery.get().to_string()
                    on:click=move |_| {
                        code.set(String::new());
                        submission.reset();
                        recovery.update(|r| *r = !*r);
                    }
                >
                    {move || {
                        i18n.t(if recovery.get() { Key::UseAuthenticatorCode } else { Key::UseRecoveryCode })
                    }}
                </button>
                <button type="button" class="button button--ghost" on:click=start_over>
                    {move || i18n.t(Key::BackToSignIn)}
                </button>
            </div>
        </div>
    }
    .into_any()
}
