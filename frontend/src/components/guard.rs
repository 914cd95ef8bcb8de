//! Who may see what: the signed-in frame sends signed-out people to the
//! sign-in page (and back afterwards), people whose role requires MFA to
//! the enrollment screen and nowhere else, and screens check their
//! permission before showing anything.

use leptos::prelude::*;
use leptos_router::{
    NavigateOptions,
    components::Outlet,
    hooks::{use_location, use_navigate},
};

use crate::api::with_param;
use crate::components::feedback::{FailureNotice, Loading};
use crate::components::layout::{ENROLL_PATH, Layout, SIGN_IN_PATH, use_document_title};
use crate::i18n::{Key, use_i18n};
use crate::session::{MeState, use_session};

/// The query parameter carrying where to go back to after signing in.
pub const BACK_PARAM: &str = "voltar";

/// A safe place to go back to: a path of this site (not `//other.host`,
/// not the sign-in pages themselves), else the home page.
pub fn back_target(requested: Option<String>) -> String {
    requested
        .filter(|path| {
            path.starts_with('/')
                && !path.starts_with("//")
                && !path.starts_with("/\\")
                && !path.starts_with(SIGN_IN_PATH)
        })
        .unwrap_or_else(|| "/".to_owned())
}

/// The path (with query) of the current page, to come back to.
fn here(path: &str, search: &str) -> String {
    if search.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{search}")
    }
}

/// `path`, with a way back to `back` unless that is the home page.
pub fn with_back(path: &str, back: &str) -> String {
    if back == "/" {
        path.to_owned()
    } else {
        with_param(path, BACK_PARAM, back)
    }
}

/// The parent route of every signed-in page: the frame, the guard, and the
/// page (`<Outlet/>`) once `/me` has arrived.
#[component]
pub fn AppFrame() -> impl IntoView {
    let session = use_session();
    let location = use_location();
    let navigate = use_navigate();
    let replace = || NavigateOptions {
        replace: true,
        ..NavigateOptions::default()
    };

    Effect::new(move |_| {
        let path = location.pathname.get();
        if path.starts_with(SIGN_IN_PATH) {
            return;
        }
        let back = here(&path, &location.search.get());
        if !session.is_signed_in() {
            let target = if session.take_signed_out_here() {
                SIGN_IN_PATH.to_owned()
            } else {
                with_back(SIGN_IN_PATH, &back)
            };
            navigate(&target, replace());
        } else if session.enrollment_required() && path != ENROLL_PATH {
            navigate(&with_back(ENROLL_PATH, &back), replace());
        }
    });

    // The page appears only when nothing above is about to send the person
    // elsewhere, so no page fires requests the server would refuse.
    let allowed = Memo::new(move |_| {
        session.is_signed_in()
            && session.is_ready()
            && (!session.enrollment_required() || location.pathname.get() == ENROLL_PATH)
    });

    view! {
        <Layout>
            <Show when=move || allowed.get() fallback=MeStatus>
                <Outlet />
            </Show>
        </Layout>
    }
}

/// While `/me` loads: a spinner, or what went wrong with a way to retry.
#[component]
fn MeStatus() -> impl IntoView {
    let session = use_session();
    let retry = Callback::new(move |()| session.reload_me());
    move || match session.me_state() {
        MeState::Failed(failure) => view! { <FailureNotice failure on_retry=retry /> }.into_any(),
        _ => view! { <Loading /> }.into_any(),
    }
}

/// Shows `children` only to people with one of `any_of`; others are told
/// the screen is not for them.
#[component]
pub fn RequirePermission(
    /// Any one of these permissions opens the screen.
    any_of: &'static [&'static str],
    children: ChildrenFn,
) -> impl IntoView {
    let session = use_session();
    let allowed = move || any_of.iter().any(|p| session.can(p));
    view! {
        <Show when=allowed fallback=NoAccess>
            {children()}
        </Show>
    }
}

/// The screen exists but this person may not use it.
#[component]
fn NoAccess() -> impl IntoView {
    let i18n = use_i18n();
    use_document_title(Key::NoAccessTitle);
    view! {
        <div class="page page--narrow">
            <header class="page__header">
                <p class="page__eyebrow" aria-hidden="true">"403"</p>
                <h1 class="page__title" data-testid="page-title">
                    {move || i18n.t(Key::NoAccessTitle)}
                </h1>
                <p class="page__lead" data-testid="no-access">
                    {move || i18n.t(Key::NoAccessText)}
                </p>
            </header>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_of_this_site_are_gone_back_to() {
        assert_eq!(
            back_target(Some("/gerenciar/usuarios".into())),
            "/gerenciar/usuarios"
        );
        assert_eq!(back_target(Some("/a?b=c".into())), "/a?b=c");
        assert_eq!(back_target(Some("//evil.example".into())), "/");
        assert_eq!(back_target(Some("/\\evil.example".into())), "/");
        assert_eq!(back_target(Some("https://evil.example".into())), "/");
        assert_eq!(back_target(Some("/entrar/mfa".into())), "/");
        assert_eq!(back_target(None), "/");
    }

    #[test]
    fn the_way_back_is_left_out_for_the_home_page() {
        assert_eq!(with_back("/entrar", "/"), "/entrar");
        assert_eq!(
            with_back("/entrar", "/gerenciar/usuarios"),
            "/entrar?voltar=%2Fgerenciar%2Fusuarios"
        );
    }
}
