//! A forgotten password: `/esqueci-senha` asks for the account's e-mail
//! and always answers the same way (whether or not the address has an
//! account); the e-mail's link leads to `/redefinir-senha/:token`, where
//! the new password is chosen. The link is single-use and short-lived;
//! the server ends the account's other sessions.

use gloo_net::http::Method;
use leptos::prelude::*;
use leptos_router::{
    NavigateOptions,
    components::A,
    hooks::{use_navigate, use_params_map, use_query_map},
};
use serde::Serialize;

use crate::api::{ApiFailure, use_api, with_param};
use crate::components::forms::{FormError, Submission, TextField};
use crate::components::layout::{SIGN_IN_PATH, use_document_title};
use crate::i18n::{Key, use_i18n};
use crate::pages::invitation::{MIN_PASSWORD_CHARS, PasswordRules};

/// Path of the "forgot password" page.
pub const FORGOT_PATH: &str = "/esqueci-senha";
/// Query parameter the sign-in page gets after a new password was set.
pub const RESET_DONE_PARAM: &str = "senha";

/// `POST /api/v1/auth/password-reset`.
#[derive(Debug, Clone, Serialize)]
struct ResetRequest {
    email: String,
}

/// `POST /api/v1/auth/password-reset/confirm`.
#[derive(Debug, Clone, Serialize)]
struct ResetConfirm {
    token: String,
    password: String,
}

/// Whether a failure is the server refusing the link itself (unknown,
/// used or expired).
fn is_bad_token(failure: &ApiFailure) -> bool {
    matches!(failure.status(), Some(400 | 404 | 410 | 422)) && failure.field() == Some("token")
        || matches!(failure.status(), Some(404 | 410))
}

/// `/esqueci-senha`.
#[component]
pub fn ForgotPassword() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    use_document_title(Key::ForgotTitle);
    let query = use_query_map();
    let email = RwSignal::new(query.with_untracked(|q| q.get("email")).unwrap_or_default());
    let sent = RwSignal::new(false);
    let submission = Submission::new();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = email.get_untracked().trim().to_owned();
        if typed.is_empty() {
            submission.complain(Some("email"), Key::EmailRequired);
            return;
        }
        if !typed.contains('@') {
            submission.complain(Some("email"), Key::ForgotEmailInvalid);
            return;
        }
        let request = ResetRequest { email: typed };
        submission.run(
            async move {
                api.send_json::<_, serde_json::Value>(
                    Method::POST,
                    "/api/v1/auth/password-reset",
                    &request,
                )
                .await
            },
            move |_| sent.set(true),
        );
    };

    view! {
        <div class="auth-card">
            <h1 class="auth-card__title" data-testid="page-title">{i18n.text(Key::ForgotTitle)}</h1>
            <Show
                when=move || sent.get()
                fallback=move || {
                    view! {
                        <p class="auth-card__lead">{i18n.text(Key::ForgotLead)}</p>
                        <form class="form" on:submit=on_submit novalidate data-testid="forgot-form">
                            <TextField
                                id="forgot-email"
                                label=Key::Email
                                value=email
                                kind="email"
                                autocomplete="username"
                                testid="forgot-email"
                                error=submission.field_error("email")
                                required=true
                                autofocus=true
                            />
                            <FormError submission inline_fields=&["email"] testid="forgot-error" />
                            <button
                                type="submit"
                                class="button button--primary button--block"
                                data-testid="forgot-submit"
                                disabled=move || submission.pending()
                            >
                                {move || i18n.t(if submission.pending() { Key::Sending } else { Key::ForgotSubmit })}
                            </button>
                        </form>
                    }
                }
            >
                <div class="notice notice--success" role="status" data-testid="forgot-sent">
                    <p class="notice__message">{i18n.text(Key::ForgotSent)}</p>
                </div>
                <p class="hint">{i18n.text(Key::ForgotSentHint)}</p>
            </Show>
            <div class="auth-card__actions">
                <A href=SIGN_IN_PATH attr:class="button button--ghost" attr:data-testid="forgot-back">
                    {i18n.text(Key::BackToSignIn)}
                </A>
            </div>
        </div>
    }
}

/// `/redefinir-senha/:token`.
#[component]
pub fn ResetPassword() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let navigate = use_navigate();
    use_document_title(Key::ResetTitle);
    let token = use_params_map()
        .with_untracked(|p| p.get("token"))
        .unwrap_or_default();
    let password = RwSignal::new(String::new());
    let confirmation = RwSignal::new(String::new());
    let submission = Submission::new();
    let bad_token = Memo::new(move |_| submission.failure().is_some_and(|f| is_bad_token(&f)));

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = password.get_untracked();
        if chosen.chars().count() < MIN_PASSWORD_CHARS {
            submission.complain(Some("password"), Key::PasswordTooShort);
            return;
        }
        if chosen != confirmation.get_untracked() {
            submission.complain(Some("password_confirmation"), Key::PasswordMismatch);
            return;
        }
        let request = ResetConfirm {
            token: token.clone(),
            password: chosen,
        };
        let navigate = navigate.clone();
        submission.run(
            async move {
                api.send_json::<_, serde_json::Value>(
                    Method::POST,
                    "/api/v1/auth/password-reset/confirm",
                    &request,
                )
                .await
            },
            move |_| {
                navigate(
                    &with_param(SIGN_IN_PATH, RESET_DONE_PARAM, "redefinida"),
                    NavigateOptions {
                        replace: true,
                        ..NavigateOptions::default()
                    },
                );
            },
        );
    };

    view! {
        <div class="auth-card">
            <h1 class="auth-card__title" data-testid="page-title">{i18n.text(Key::ResetTitle)}</h1>
            <Show
                when=move || bad_token.get()
                fallback=move || {
                    view! {
                        <p class="auth-card__lead">{i18n.text(Key::ResetLead)}</p>
                        <form class="form" on:submit=on_submit.clone() novalidate data-testid="reset-form">
                            <PasswordRules />
                            <TextField
                                id="reset-password"
                                label=Key::NewPassword
                                value=password
                                kind="password"
                                autocomplete="new-password"
                                testid="reset-password"
                                hint=Key::PasswordRulesShort
                                error=submission.field_error("password")
                                required=true
                                autofocus=true
                            />
                            <TextField
                                id="reset-password-confirm"
                                label=Key::ConfirmPassword
                                value=confirmation
                                kind="password"
                                autocomplete="new-password"
                                testid="reset-password-confirm"
                                error=submission.field_error("password_confirmation")
                                required=true
                            />
                            <FormError
                                submission
                                inline_fields=&["password", "password_confirmation", "token"]
                                testid="reset-error"
                            />
                            <button
                                type="submit"
                                class="button button--primary button--block"
                                data-testid="reset-submit"
                                disabled=move || submission.pending()
                            >
                                {move || i18n.t(if submission.pending() { Key::Saving } else { Key::SetPassword })}
                            </button>
                        </form>
                    }
                }
            >
                <div class="notice notice--warning" role="alert" data-testid="reset-invalid-token">
                    <p class="notice__message">{i18n.text(Key::ResetInvalidToken)}</p>
                </div>
                <p>
                    <A href=FORGOT_PATH attr:class="button button--primary" attr:data-testid="reset-request-new">
                        {i18n.text(Key::ResetRequestNew)}
                    </A>
                </p>
            </Show>
            <div class="auth-card__actions">
                <A href=SIGN_IN_PATH attr:class="button button--ghost">{i18n.text(Key::BackToSignIn)}</A>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use atende_types::ErrorBody;

    use super::*;

    fn problem(status: u16, field: Option<&str>) -> ApiFailure {
        let body: ErrorBody = serde_json::from_value(serde_json::json!({
            "type": "about:blank",
            "title": "Unprocessable",
            "status": status,
            "code": "validation",
            "field": field,
        }))
        .unwrap_or_else(|e| panic!("{e}"));
        ApiFailure::Problem {
            body,
            request_id: None,
            retry_after: None,
        }
    }

    #[test]
    fn only_a_refused_link_asks_for_a_new_one() {
        assert!(is_bad_token(&problem(422, Some("token"))));
        assert!(is_bad_token(&problem(410, None)));
        assert!(!is_bad_token(&problem(422, Some("password"))));
        assert!(!is_bad_token(&problem(429, None)));
        assert!(!is_bad_token(&ApiFailure::Network("offline".into())));
    }
}
