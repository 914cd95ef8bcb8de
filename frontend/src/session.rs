//! The signed-in person: who they are (`GET /me`), what they may do, and
//! the sign-in steps in between (an MFA challenge waiting for its code).
//!
//! The tokens themselves belong to the API client ([`crate::api`]); this
//! context follows them: when a session starts `/me` is loaded, when it
//! ends it is forgotten.

use atende_core::locale::Locale;
use atende_core::permissions::{Permission, Role};
use atende_types::{auth::TokenPair, users::Me};
use gloo_net::http::Method;
use leptos::prelude::*;

use crate::api::{Api, ApiFailure, now_ms, use_api};
use crate::i18n::{I18n, use_i18n};

/// A permission, by its enum or by its stable name (`tickets.work`).
pub trait PermissionName {
    fn permission_name(&self) -> &str;
}

impl PermissionName for Permission {
    fn permission_name(&self) -> &str {
        self.name()
    }
}

impl PermissionName for str {
    fn permission_name(&self) -> &str {
        self
    }
}

impl<T: PermissionName + ?Sized> PermissionName for &T {
    fn permission_name(&self) -> &str {
        (**self).permission_name()
    }
}

/// The time zone dates are shown in until `/me` says otherwise.
pub const DEFAULT_TIME_ZONE: &str = "America/Sao_Paulo";

/// Where `/me` stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MeState {
    /// No session, or not asked yet.
    Idle,
    Loading,
    Ready(Box<Me>),
    Failed(ApiFailure),
}

/// A sign-in waiting for its second factor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingMfa {
    pub challenge: String,
    /// When the challenge expires (ms, browser clock).
    pub expires_at: i64,
    /// Where to go once signed in.
    pub back_to: String,
}

/// The session context, provided once at the application root.
#[derive(Clone, Copy)]
pub struct Session {
    api: Api,
    i18n: I18n,
    me: RwSignal<MeState>,
    pending_mfa: RwSignal<Option<PendingMfa>>,
    /// Set by a sign-in typed in this tab: the account's language then
    /// becomes the interface language once `/me` arrives. Not on every
    /// load, so a language picked in the header is not overridden.
    adopt_locale: StoredValue<bool>,
    /// The person signed out in this tab (rather than the session ending
    /// or being ended elsewhere): the sign-in page then needs no way back.
    signed_out_here: StoredValue<bool>,
    /// Bumped by every `/me` request, so a late answer to an older one is
    /// dropped.
    generation: StoredValue<u64>,
}

impl Session {
    pub fn api(self) -> Api {
        self.api
    }

    /// Whether a session exists (tracked).
    pub fn is_signed_in(self) -> bool {
        self.api.is_signed_in()
    }

    /// Whether this person must enroll in MFA before anything else
    /// (tracked).
    pub fn enrollment_required(self) -> bool {
        self.api.enrollment_required()
            || self
                .me
                .with(|me| matches!(me, MeState::Ready(me) if me.mfa_enrollment_required))
    }

    /// Where `/me` stands (tracked).
    pub fn me_state(self) -> MeState {
        self.me.get()
    }

    /// Whether `/me` has arrived (tracked).
    pub fn is_ready(self) -> bool {
        self.me.with(|me| matches!(me, MeState::Ready(_)))
    }

    /// Reads `/me`, when it has arrived (tracked).
    pub fn with_me<R>(self, read: impl FnOnce(&Me) -> R) -> Option<R> {
        self.me.with(|me| match me {
            MeState::Ready(me) => Some(read(me)),
            _ => None,
        })
    }

    /// Whether the person has `permission` (a [`Permission`] or its
    /// name), with any reach (tracked).
    pub fn can(self, permission: impl PermissionName) -> bool {
        let name = permission.permission_name();
        self.with_me(|me| me.permissions.iter().any(|p| p.permission == name))
            .unwrap_or(false)
    }

    /// The person's role, when `/me` has arrived and names a known one
    /// (tracked).
    pub fn role(self) -> Option<Role> {
        self.with_me(|me| Role::parse(&me.user.role)).flatten()
    }

    /// How far `permission` reaches for the person (`all`, `linked`), if
    /// they have it (tracked).
    pub fn reach(self, permission: &str) -> Option<String> {
        self.with_me(|me| {
            me.permissions
                .iter()
                .find(|p| p.permission == permission)
                .map(|p| p.reach.clone())
        })
        .flatten()
    }

    /// The person's time zone, for showing dates (tracked).
    pub fn time_zone(self) -> String {
        self.with_me(|me| me.user.time_zone.clone())
            .filter(|zone| !zone.is_empty())
            .unwrap_or_else(|| DEFAULT_TIME_ZONE.to_owned())
    }

    /// Replaces `/me` with a fresher copy (e.g. after `PATCH /me`).
    pub fn set_me(self, me: Me) {
        self.me.set(MeState::Ready(Box::new(me)));
    }

    /// Asks for `/me` again. What is shown stays until the answer comes,
    /// so pages are not torn down by a reload.
    pub fn reload_me(self) {
        let generation = self.generation.get_value().wrapping_add(1);
        self.generation.set_value(generation);
        if !matches!(self.me.get_untracked(), MeState::Ready(_)) {
            self.me.set(MeState::Loading);
        }
        leptos::task::spawn_local(async move {
            let result = self.api.get_json::<Me>("/api/v1/me").await;
            if self.generation.get_value() != generation {
                return;
            }
            match result {
                Ok(me) => {
                    if self.adopt_locale.get_value() {
                        self.adopt_locale.set_value(false);
                        if let Some(locale) = Locale::from_tag(&me.user.locale) {
                            self.i18n.choose(locale);
                        }
                    }
                    self.me.set(MeState::Ready(Box::new(me)));
                }
                // A refused renewal already ended the session; the guard
                // takes over.
                Err(_) if !self.api.is_signed_in_untracked() => self.me.set(MeState::Idle),
                Err(failure) => self.me.set(MeState::Failed(failure)),
            }
        });
    }

    /// Whether the session just ended by signing out in this tab; asking
    /// clears it.
    pub fn take_signed_out_here(self) -> bool {
        let here = self.signed_out_here.get_value();
        self.signed_out_here.set_value(false);
        here
    }

    /// A sign-in typed in this tab succeeded.
    pub fn signed_in(self, pair: TokenPair) {
        self.pending_mfa.set(None);
        self.adopt_locale.set_value(true);
        self.api.start_session(pair);
    }

    /// Remembers a sign-in that waits for its MFA code.
    pub fn await_mfa(self, challenge: String, expires_in: i64, back_to: String) {
        self.pending_mfa.set(Some(PendingMfa {
            challenge,
            expires_at: now_ms().saturating_add(expires_in.saturating_mul(1000)),
            back_to,
        }));
    }

    /// The sign-in waiting for its MFA code, if any (tracked).
    pub fn pending_mfa(self) -> Option<PendingMfa> {
        self.pending_mfa.get()
    }

    /// Abandons a sign-in waiting for its MFA code.
    pub fn cancel_mfa(self) {
        self.pending_mfa.set(None);
    }

    /// Ends the session on the server (best effort) and in every tab.
    pub async fn sign_out(self) {
        // Whatever the server says, this browser forgets the session: a
        // failed logout must not keep anyone signed in.
        let _ = self
            .api
            .send_empty::<()>(Method::POST, "/api/v1/auth/logout")
            .await;
        self.signed_out_here.set_value(true);
        self.api.forget_session();
        self.me.set(MeState::Idle);
    }
}

impl Api {
    /// Whether a session exists, without tracking.
    pub fn is_signed_in_untracked(self) -> bool {
        untrack(|| self.is_signed_in())
    }
}

/// Creates the session context and provides it to the component tree.
pub fn provide_session(api: Api, i18n: I18n) -> Session {
    let session = Session {
        api,
        i18n,
        me: RwSignal::new(MeState::Idle),
        pending_mfa: RwSignal::new(None),
        adopt_locale: StoredValue::new(false),
        signed_out_here: StoredValue::new(false),
        generation: StoredValue::new(0),
    };
    // Load `/me` when a session starts (here or in another tab), forget it
    // when the session ends.
    let signed_in = Memo::new(move |_| api.is_signed_in());
    Effect::new(move |_| {
        if signed_in.get() {
            session.reload_me();
        } else {
            session.generation.update_value(|g| *g = g.wrapping_add(1));
            session.me.set(MeState::Idle);
        }
    });
    provide_context(session);
    session
}

/// The session context; a detached, signed-out one outside the root.
pub fn use_session() -> Session {
    use_context::<Session>().unwrap_or_else(|| Session {
        api: use_api(),
        i18n: use_i18n(),
        me: RwSignal::new(MeState::Idle),
        pending_mfa: RwSignal::new(None),
        adopt_locale: StoredValue::new(false),
        signed_out_here: StoredValue::new(false),
        generation: StoredValue::new(0),
    })
}
