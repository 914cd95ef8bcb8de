//! `/minha-conta`: the signed-in person's own settings: name, language and
//! time zone; password; two-step verification; the companies they reach;
//! the way to the notification preferences.

use atende_core::locale::Locale;
use atende_types::{
    auth::{PasswordChange, PasswordConfirmation, TokenPair},
    users::{Me, MeUpdate},
};
use gloo_net::http::Method;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::feedback::Success;
use crate::components::forms::{FormError, Submission, TextField};
use crate::components::guard::with_back;
use crate::components::layout::{ENROLL_PATH, use_document_title};
use crate::i18n::{Key, endonym, use_i18n};
use crate::labels;
use crate::pages::invitation::{MIN_PASSWORD_CHARS, PasswordRules};
use crate::pages::preferences::PREFERENCES_PATH;
use crate::session::use_session;

/// Time zones offered, Brazil's first (IANA name, where it is used).
pub const TIME_ZONES: &[(&str, &str)] = &[
    ("America/Sao_Paulo", "Horário de Brasília"),
    ("America/Bahia", "Salvador"),
    ("America/Fortaleza", "Fortaleza"),
    ("America/Recife", "Recife"),
    ("America/Maceio", "Maceió"),
    ("America/Belem", "Belém"),
    ("America/Santarem", "Santarém"),
    ("America/Araguaina", "Araguaína"),
    ("America/Cuiaba", "Cuiabá"),
    ("America/Campo_Grande", "Campo Grande"),
    ("America/Manaus", "Manaus"),
    ("America/Porto_Velho", "Porto Velho"),
    ("America/Boa_Vista", "Boa Vista"),
    ("America/Rio_Branco", "Rio Branco"),
    ("America/Noronha", "Fernando de Noronha"),
    ("UTC", "UTC"),
    ("Europe/Lisbon", "Lisboa"),
    ("America/New_York", "New York"),
];

/// `/minha-conta`.
#[component]
pub fn Account() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    use_document_title(Key::AccountTitle);
    // The frame shows this page only once `/me` has arrived.
    let me = untrack(|| session.with_me(Clone::clone));
    let Some(me) = me else {
        return ().into_any();
    };
    view! {
        <div class="page">
            <header class="page__header">
                <h1 class="page__title" data-testid="page-title">
                    {move || i18n.t(Key::AccountTitle)}
                </h1>
                <p class="page__lead">{move || i18n.t(Key::AccountLead)}</p>
            </header>
            <div class="grid">
                <ProfileCard me=me.clone() />
                <PasswordCard />
                <MfaCard />
                <ScopeCard me />
                <NotificationsCard />
            </div>
        </div>
    }
    .into_any()
}

/// Name, e-mail (read only), role, language and time zone.
#[component]
fn ProfileCard(me: Me) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let api = session.api();
    let name = RwSignal::new(me.user.name.clone());
    let locale = RwSignal::new(me.user.locale.clone());
    let time_zone = RwSignal::new(me.user.time_zone.clone());
    let submission = Submission::new();
    let saved = RwSignal::new(false);

    // The person's zone is offered even if it is not in the list.
    let mut zones: Vec<(String, String)> = TIME_ZONES
        .iter()
        .map(|(zone, label)| {
            let text = if label == zone {
                (*zone).to_owned()
            } else {
                format!("{label} — {zone}")
            };
            ((*zone).to_owned(), text)
        })
        .collect();
    if !zones.iter().any(|(zone, _)| *zone == me.user.time_zone) {
        zones.push((me.user.time_zone.clone(), me.user.time_zone.clone()));
    }

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let update = MeUpdate {
            name: Some(name.get_untracked().trim().to_owned()),
            locale: Some(locale.get_untracked()),
            time_zone: Some(time_zone.get_untracked()),
        };
        if update.name.as_deref().is_some_and(str::is_empty) {
            submission.complain(Some("name"), Key::NameRequired);
            return;
        }
        submission.run(
            async move {
                api.send_json::<_, Me>(Method::PATCH, "/api/v1/me", &update)
                    .await
            },
            move |fresh| {
                // The saved language becomes the interface language.
                if let Some(chosen) = Locale::from_tag(&fresh.user.locale) {
                    i18n.choose(chosen);
                }
                session.set_me(fresh);
                saved.set(true);
            },
        );
    };

    view! {
        <section class="card" aria-labelledby="perfil-titulo">
            <h2 class="card__title" id="perfil-titulo">
                {move || i18n.t(Key::ProfileTitle)}
            </h2>
            <dl class="facts facts--compact">
                <div class="facts__row">
                    <dt>{move || i18n.t(Key::Email)}</dt>
                    <dd data-testid="account-email">{me.user.email.clone()}</dd>
                </div>
                <div class="facts__row">
                    <dt>{move || i18n.t(Key::Role)}</dt>
                    <dd data-testid="account-role">
                        {
                            let role = me.user.role.clone();
                            move || labels::role_name(i18n.locale(), &role)
                        }
                    </dd>
                </div>
            </dl>
            <form class="form" on:submit=on_submit novalidate>
                <TextField
                    id="account-name"
                    label=Key::Name
                    value=name
                    autocomplete="name"
                    testid="account-name"
                    error=submission.field_error("name")
                    required=true
                />
                <div class="field">
                    <label class="label" for="account-locale">
                        {move || i18n.t(Key::PreferredLanguage)}
                    </label>
                    <select
                        id="account-locale"
                        class="select"
                        data-testid="account-locale"
                        on:change=move |ev| locale.set(event_target_value(&ev))
                    >
                        {Locale::ALL
                            .into_iter()
                            .map(|l| {
                                view! {
                                    <option
                                        value=l.tag()
                                        lang=l.tag()
                                        prop:selected=move || locale.get() == l.tag()
                                    >
                                        {endonym(l)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label class="label" for="account-time-zone">
                        {move || i18n.t(Key::TimeZone)}
                    </label>
                    <select
                        id="account-time-zone"
                        class="select"
                        data-testid="account-time-zone"
                        aria-describedby="account-time-zone-dica"
                        on:change=move |ev| time_zone.set(event_target_value(&ev))
                    >
                        {zones
                            .into_iter()
                            .map(|(zone, label)| {
                                let value = zone.clone();
                                view! {
                                    <option value=value prop:selected=move || time_zone.get() == zone>
                                        {label}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                    <p class="hint" id="account-time-zone-dica">{move || i18n.t(Key::TimeZoneHint)}</p>
                </div>
                <FormError submission inline_fields=&["name"] />
                <div aria-live="polite">
                    {move || saved.get().then(|| view! { <Success text=Key::ProfileSaved testid="account-saved" /> })}
                </div>
                <button
                    type="submit"
                    class="button button--primary"
                    data-testid="account-save"
                    disabled=move || submission.pending()
                >
                    {move || i18n.t(if submission.pending() { Key::Saving } else { Key::Save })}
                </button>
            </form>
        </section>
    }
}

/// Changing the password; every other session ends, this tab gets a new
/// pair.
#[component]
fn PasswordCard() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_session().api();
    let current = RwSignal::new(String::new());
    let new_password = RwSignal::new(String::new());
    let confirmation = RwSignal::new(String::new());
    let submission = Submission::new();
    let changed = RwSignal::new(false);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        changed.set(false);
        let change = PasswordChange {
            current_password: current.get_untracked(),
            new_password: new_password.get_untracked(),
        };
        if change.current_password.is_empty() {
            submission.complain(Some("current_password"), Key::PasswordRequired);
            return;
        }
        if change.new_password.chars().count() < MIN_PASSWORD_CHARS {
            submission.complain(Some("new_password"), Key::PasswordTooShort);
            return;
        }
        if change.new_password != confirmation.get_untracked() {
            submission.complain(Some("new_password_confirmation"), Key::PasswordMismatch);
            return;
        }
        submission.run(
            async move {
                api.send_json::<_, TokenPair>(Method::POST, "/api/v1/me/password", &change)
                    .await
            },
            move |pair| {
                api.start_session(pair);
                current.set(String::new());
                new_password.set(String::new());
                confirmation.set(String::new());
                changed.set(true);
            },
        );
    };

    view! {
        <section class="card" aria-labelledby="senha-titulo">
            <h2 class="card__title" id="senha-titulo">
                {move || i18n.t(Key::ChangePasswordTitle)}
            </h2>
            <form class="form" on:submit=on_submit novalidate>
                <TextField
                    id="password-current"
                    label=Key::CurrentPassword
                    value=current
                    kind="password"
                    autocomplete="current-password"
                    testid="password-current"
                    error=submission.field_error("current_password")
                    required=true
                />
                <PasswordRules />
                <TextField
                    id="password-new"
                    label=Key::NewPassword
                    value=new_password
                    kind="password"
                    autocomplete="new-password"
                    testid="password-new"
                    error=submission.field_error("new_password")
                    required=true
                />
                <TextField
                    id="password-confirm"
                    label=Key::ConfirmPassword
                    value=confirmation
                    kind="password"
                    autocomplete="new-password"
                    testid="password-confirm"
                    error=submission.field_error("new_password_confirmation")
                    required=true
                />
                <FormError
                    submission
                    inline_fields=&["current_password", "new_password", "new_password_confirmation"]
                />
                <div aria-live="polite">
                    {move || {
                        changed
                            .get()
                            .then(|| view! { <Success text=Key::PasswordChanged testid="password-changed" /> })
                    }}
                </div>
                <button
                    type="submit"
                    class="button button--primary"
                    data-testid="password-submit"
                    disabled=move || submission.pending()
                >
                    {move || i18n.t(if submission.pending() { Key::Saving } else { Key::ChangePassword })}
                </button>
            </form>
        </section>
    }
}

/// Whether two-step verification is on; turning it on or off.
#[component]
fn MfaCard() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let api = session.api();
    let enabled = move || session.with_me(|me| me.user.mfa_enabled).unwrap_or(false);
    let password = RwSignal::new(String::new());
    let submission = Submission::new();
    let disabling = RwSignal::new(false);

    let on_disable = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let confirmation = PasswordConfirmation {
            password: password.get_untracked(),
        };
        if confirmation.password.is_empty() {
            submission.complain(Some("password"), Key::PasswordRequired);
            return;
        }
        submission.run(
            async move {
                api.send_json::<_, ()>(Method::DELETE, "/api/v1/me/mfa", &confirmation)
                    .await
            },
            move |()| {
                password.set(String::new());
                disabling.set(false);
                session.reload_me();
            },
        );
    };

    view! {
        <section class="card" aria-labelledby="mfa-titulo">
            <h2 class="card__title" id="mfa-titulo">
                {move || i18n.t(Key::MfaTitle)}
            </h2>
            <p class="card__status" data-testid="mfa-status">
                {move || {
                    if enabled() {
                        view! { <span class="badge badge--success">{move || i18n.t(Key::MfaOn)}</span> }
                            .into_any()
                    } else {
                        view! { <span class="badge badge--neutral">{move || i18n.t(Key::MfaOff)}</span> }
                            .into_any()
                    }
                }}
            </p>
            <p class="hint">{move || i18n.t(Key::MfaExplanation)}</p>
            <Show
                when=enabled
                fallback=move || {
                    view! {
                        <A
                            href=with_back(ENROLL_PATH, "/minha-conta")
                            attr:class="button button--primary"
                            attr:data-testid="mfa-enroll-link"
                        >
                            {move || i18n.t(Key::MfaEnable)}
                        </A>
                    }
                }
            >
                <Show
                    when=move || disabling.get()
                    fallback=move || {
                        view! {
                            <button
                                type="button"
                                class="button button--danger-outline"
                                data-testid="mfa-disable-start"
                                on:click=move |_| disabling.set(true)
                            >
                                {move || i18n.t(Key::MfaDisable)}
                            </button>
                        }
                    }
                >
                    <form class="form" on:submit=on_disable novalidate>
                        <TextField
                            id="mfa-disable-password"
                            label=Key::ConfirmWithPassword
                            value=password
                            kind="password"
                            autocomplete="current-password"
                            testid="mfa-disable-password"
                            error=submission.field_error("password")
                            required=true
                            autofocus=true
                        />
                        <FormError submission inline_fields=&["password"] testid="mfa-disable-error" />
                        <div class="button-row">
                            <button
                                type="submit"
                                class="button button--danger"
                                data-testid="mfa-disable"
                                disabled=move || submission.pending()
                            >
                                {move || i18n.t(Key::MfaDisable)}
                            </button>
                            <button
                                type="button"
                                class="button button--ghost"
                                on:click=move |_| {
                                    disabling.set(false);
                                    submission.reset();
                                }
                            >
                                {move || i18n.t(Key::Cancel)}
                            </button>
                        </div>
                    </form>
                </Show>
            </Show>
        </section>
    }
}

/// The way to the notification preferences (also in the user menu,
/// which a phone folds away).
#[component]
fn NotificationsCard() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" aria-labelledby="notificacoes-titulo">
            <h2 class="card__title" id="notificacoes-titulo">{i18n.text(Key::NavNotificationPreferences)}</h2>
            <p class="hint">{i18n.text(Key::NotificationPrefsLead)}</p>
            <A href=PREFERENCES_PATH attr:class="button button--secondary" attr:data-testid="account-notification-preferences">
                {i18n.text(Key::NotificationPreferencesLink)}
            </A>
        </section>
    }
}

/// The companies the person reaches.
#[component]
fn ScopeCard(me: Me) -> impl IntoView {
    let i18n = use_i18n();
    let sees_all = me
        .permissions
        .iter()
        .any(|p| p.permission == "companies.view" && p.reach == "all")
        && !labels_is_client_role(&me.user.role);
    let mut companies = me.scope.companies;
    companies.sort_by_key(|c| c.name.to_lowercase());
    view! {
        <section class="card" aria-labelledby="empresas-titulo">
            <h2 class="card__title" id="empresas-titulo">
                {move || i18n.t(Key::ScopeTitle)}
            </h2>
            {if sees_all {
                view! { <p data-testid="scope-all">{move || i18n.t(Key::ScopeAll)}</p> }.into_any()
            } else if companies.is_empty() {
                view! { <p class="hint" data-testid="scope-none">{move || i18n.t(Key::ScopeNone)}</p> }
                    .into_any()
            } else {
                view! {
                    <ul class="plain-list">
                        {companies
                            .into_iter()
                            .map(|company| {
                                let kind = company.kind.clone();
                                view! {
                                    <li data-testid="scope-company">
                                        <span>{company.name}</span>
                                        " "
                                        <span class="badge badge--neutral">
                                            {move || labels::company_kind(i18n.locale(), &kind)}
                                        </span>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </section>
    }
}

/// Client roles never reach beyond their linked companies, whatever the
/// matrix says.
fn labels_is_client_role(role: &str) -> bool {
    atende_core::permissions::Role::parse(role).is_some_and(|r| r.is_client())
}
