//! `/convite/:token`: a new user accepts their invitation by choosing a
//! password, then signs in.

use atende_types::auth::{InvitationAccept, InvitationInfo};
use gloo_net::http::Method;
use leptos::prelude::*;
use leptos_router::{
    NavigateOptions,
    components::A,
    hooks::{use_navigate, use_params_map},
};

use crate::api::{encode_component, with_param};
use crate::components::feedback::{FailureNotice, Loading};
use crate::components::forms::{FormError, Submission, TextField};
use crate::components::layout::{SIGN_IN_PATH, use_document_title};
use crate::format;
use crate::i18n::{Key, use_i18n};
use crate::pages::sign_in::INVITATION_ACCEPTED_PARAM;
use crate::session::DEFAULT_TIME_ZONE;

/// The shortest password the server accepts.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// `/convite/:token`.
#[component]
pub fn AcceptInvitation() -> impl IntoView {
    let i18n = use_i18n();
    let api = crate::api::use_api();
    use_document_title(Key::InvitationTitle);
    let params = use_params_map();
    let token = params
        .with_untracked(|p| p.get("token"))
        .unwrap_or_default();
    let path = format!("/api/v1/auth/invitations/{}", encode_component(&token));
    let info = {
        let path = path.clone();
        LocalResource::new(move || {
            let path = path.clone();
            async move { api.get_json::<InvitationInfo>(&path).await }
        })
    };
    let retry = Callback::new(move |()| info.refetch());

    view! {
        <div class="auth-card">
            <h1 class="auth-card__title" data-testid="page-title">
                {move || i18n.t(Key::InvitationTitle)}
            </h1>
            {move || match info.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Ok(info)) => view! { <InvitationForm info path=path.clone() /> }.into_any(),
                // Unknown, used or expired: the server answers 404 or 410.
                Some(Err(failure)) if matches!(failure.status(), Some(404 | 410)) => {
                    view! {
                        <div class="notice notice--warning" role="alert" data-testid="invite-invalid">
                            <p class="notice__message">{move || i18n.t(Key::InvitationInvalid)}</p>
                        </div>
                        <p>
                            <A href=SIGN_IN_PATH attr:class="button button--secondary">
                                {move || i18n.t(Key::BackToSignIn)}
                            </A>
                        </p>
                    }
                        .into_any()
                }
                Some(Err(failure)) => view! { <FailureNotice failure on_retry=retry /> }.into_any(),
            }}
        </div>
    }
}

/// Whom the invitation is for, and the password form.
#[component]
fn InvitationForm(info: InvitationInfo, path: String) -> impl IntoView {
    let i18n = use_i18n();
    let api = crate::api::use_api();
    let navigate = use_navigate();
    let password = RwSignal::new(String::new());
    let confirmation = RwSignal::new(String::new());
    let submission = Submission::new();
    let email = info.email.clone();

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
        let path = path.clone();
        let target = with_param(
            &with_param(SIGN_IN_PATH, "email", &email),
            INVITATION_ACCEPTED_PARAM,
            "aceito",
        );
        let navigate = navigate.clone();
        submission.run(
            async move {
                api.send_json::<_, ()>(Method::POST, &path, &InvitationAccept { password: chosen })
                    .await
            },
            move |()| navigate(&target, NavigateOptions::default()),
        );
    };

    view! {
        <p class="auth-card__lead">{move || i18n.t(Key::InvitationLead)}</p>
        <dl class="facts facts--compact">
            <div class="facts__row">
                <dt>{move || i18n.t(Key::Name)}</dt>
                <dd data-testid="invite-name">{info.name.clone()}</dd>
            </div>
            <div class="facts__row">
                <dt>{move || i18n.t(Key::Email)}</dt>
                <dd data-testid="invite-email">{info.email.clone()}</dd>
            </div>
            <div class="facts__row">
                <dt>{move || i18n.t(Key::InvitationExpires)}</dt>
                <dd>{format::datetime(&info.expires_at, DEFAULT_TIME_ZONE)}</dd>
            </div>
        </dl>
        <form class="form" on:submit=on_submit novalidate>
            // Lets password managers file the new password under the right
            // account.
            <input type="email" class="visually-hidden" autocomplete="username" prop:value=info.email.clone() readonly tabindex="-1" aria-hidden="true" />
            <PasswordRules />
            <TextField
                id="invite-password"
                label=Key::NewPassword
                value=password
                kind="password"
                autocomplete="new-password"
                testid="invite-password"
                hint=Key::PasswordRulesShort
                error=submission.field_error("password")
                required=true
                autofocus=true
            />
            <TextField
                id="invite-password-confirm"
                label=Key::ConfirmPassword
                value=confirmation
                kind="password"
                autocomplete="new-password"
                testid="invite-password-confirm"
                error=submission.field_error("password_confirmation")
                required=true
            />
            <FormError
                submission
                inline_fields=&["password", "password_confirmation"]
                testid="invite-error"
            />
            <button
                type="submit"
                class="button button--primary button--block"
                data-testid="invite-submit"
                disabled=move || submission.pending()
            >
                {move || i18n.t(if submission.pending() { Key::Saving } else { Key::SetPassword })}
            </button>
        </form>
    }
}

/// What makes a password acceptable, said before anyone gets it wrong.
#[component]
pub fn PasswordRules() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="notice notice--info password-rules" data-testid="password-rules">
            <p class="notice__message">{move || i18n.t(Key::PasswordRulesTitle)}</p>
            <ul class="password-rules__list">
                <li>{move || i18n.t(Key::PasswordRuleLength)}</li>
                <li>{move || i18n.t(Key::PasswordRuleGuessable)}</li>
                <li>{move || i18n.t(Key::PasswordRuleTip)}</li>
            </ul>
        </div>
    }
}
