//! The application frames: the signed-in frame (header, navigation, main
//! area) and the public frame of the sign-in pages.
//!
//! On wide screens the navigation is a sidebar; on a phone (≤ 720 px, see
//! `style.css`) it folds behind a menu button that reports its state with
//! `aria-expanded`, closes with Escape and after each navigation.
//!
//! The navigation is built from the person's permissions (`/me`):
//! "Chamados" with `tickets.view` ("Meus chamados" for client roles),
//! "Atendimento" (the support workspace) with `tickets.work`, the
//! "Relatórios" section (the SLA report with `reports.helpdesk`, the
//! pending items' monthly and operators reports with `reports.monthly` and
//! `reports.operators`), the "Gerenciar" section only with
//! `nav.manage`, and in it each screen only with its own permission
//! (calendars and SLA policies with `sla.manage`, categories, teams and
//! automation rules with `automation.manage`, integrations (webhooks) with
//! `integrations.manage`, the server's status with `roles.manage`).
//! "Auditoria" is its own entry for everyone with an audit permission,
//! managers or not. The server enforces the same rules; hiding is a
//! courtesy, not the protection. The user menu leads to the account and to
//! the notifications.

use leptos::{html, prelude::*};
use leptos_router::{components::A, hooks::use_location};
use wasm_bindgen::JsCast;

use crate::components::language_switch::LanguageSwitch;
use crate::components::notifications::NotificationBell;
use crate::i18n::{Key, use_i18n};
use crate::pages::manage::{
    automation::{AUTOMATION_PATH, AUTOMATION_PERMISSIONS},
    categories::{CATEGORIES_PATH, CATEGORIES_PERMISSIONS},
    integrations::{INTEGRATIONS_PATH, INTEGRATIONS_PERMISSIONS},
    system::SYSTEM_PERMISSIONS,
    teams::{TEAMS_PATH, TEAMS_PERMISSIONS},
};
use crate::pages::notifications::NOTIFICATIONS_PATH;
use crate::session::use_session;

/// `id` of the main content area, the skip link's target.
const MAIN_ID: &str = "conteudo";
/// `id` of the navigation, controlled by the menu button.
const NAV_ID: &str = "navegacao";

/// Path of the sign-in page.
pub const SIGN_IN_PATH: &str = "/entrar";
/// Path of the MFA enrollment page (also the forced enrollment).
pub const ENROLL_PATH: &str = "/minha-conta/mfa";

/// One entry of the "Gerenciar" section: path, text, `data-testid`, and
/// the permissions of which any one shows it.
struct ManageLink {
    href: &'static str,
    text: Key,
    testid: &'static str,
    any_of: &'static [&'static str],
}

/// The screens of the "Gerenciar" section, with what each needs.
const MANAGE_LINKS: &[ManageLink] = &[
    ManageLink {
        href: "/gerenciar/usuarios",
        text: Key::NavUsers,
        testid: "nav-users",
        any_of: USERS_PERMISSIONS,
    },
    ManageLink {
        href: "/gerenciar/empresas",
        text: Key::NavCompanies,
        testid: "nav-companies",
        any_of: &["companies.view"],
    },
    ManageLink {
        href: "/gerenciar/segmentos",
        text: Key::NavSegments,
        testid: "nav-segments",
        any_of: &["segments.view"],
    },
    ManageLink {
        href: "/gerenciar/permissoes",
        text: Key::NavPermissions,
        testid: "nav-permissions",
        any_of: &["roles.manage"],
    },
    ManageLink {
        href: "/gerenciar/tokens",
        text: Key::NavApiTokens,
        testid: "nav-api-tokens",
        any_of: &["api_tokens.manage"],
    },
    ManageLink {
        href: "/gerenciar/calendarios",
        text: Key::NavCalendars,
        testid: "nav-calendars",
        any_of: &["sla.manage"],
    },
    ManageLink {
        href: "/gerenciar/sla",
        text: Key::NavSlaPolicies,
        testid: "nav-sla-policies",
        any_of: &["sla.manage"],
    },
    ManageLink {
        href: CATEGORIES_PATH,
        text: Key::NavCategories,
        testid: "nav-categories",
        any_of: CATEGORIES_PERMISSIONS,
    },
    ManageLink {
        href: TEAMS_PATH,
        text: Key::NavTeams,
        testid: "nav-teams",
        any_of: TEAMS_PERMISSIONS,
    },
    ManageLink {
        href: AUTOMATION_PATH,
        text: Key::NavAutomation,
        testid: "nav-automation",
        any_of: AUTOMATION_PERMISSIONS,
    },
    ManageLink {
        href: INTEGRATIONS_PATH,
        text: Key::NavIntegrations,
        testid: "nav-integrations",
        any_of: INTEGRATIONS_PERMISSIONS,
    },
    ManageLink {
        href: "/gerenciar/sistema",
        text: Key::NavSystem,
        testid: "nav-system",
        any_of: SYSTEM_PERMISSIONS,
    },
];

/// Any of these opens the users screen.
pub const USERS_PERMISSIONS: &[&str] = &["users.create", "users.edit", "users.delete"];
/// Any of these opens the audit log.
pub const AUDIT_PERMISSIONS: &[&str] = &["logs.full", "logs.recent"];

/// Sets the document title to "`key` · Atende", following the language.
pub fn use_document_title(key: Key) {
    let i18n = use_i18n();
    Effect::new(move |_| {
        let title = format!("{} · {}", i18n.t(key), i18n.t(Key::ProductName));
        document().set_title(&title);
    });
}

/// The frame around every signed-in page.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let menu_open = RwSignal::new(false);
    let menu_button = NodeRef::<html::Button>::new();

    // Any navigation closes the phone menu.
    let location = use_location();
    Effect::new(move |_| {
        location.pathname.track();
        menu_open.set(false);
    });

    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" && menu_open.get_untracked() {
            menu_open.set(false);
            if let Some(button) = menu_button.get_untracked() {
                // Focus stays reachable if this fails; nothing to recover.
                let _ = button.focus();
            }
        }
    };

    view! {
        <SkipLink />
        <div class="shell" on:keydown=on_keydown>
            <header class="topbar">
                <button
                    type="button"
                    class="button button--ghost topbar__menu"
                    aria-controls=NAV_ID
                    aria-expanded=move || menu_open.get().to_string()
                    node_ref=menu_button
                    on:click=move |_| menu_open.update(|open| *open = !*open)
                >
                    <MenuIcon />
                    <span class="topbar__menu-text">{move || i18n.t(Key::Menu)}</span>
                </button>
                <Brand />
                <div class="topbar__tools">
                    <NotificationBell />
                    <LanguageSwitch />
                    <UserMenu />
                </div>
            </header>
            <nav
                id=NAV_ID
                class="sidebar"
                class:sidebar--open=move || menu_open.get()
                aria-label=move || i18n.t(Key::MainNavigation)
            >
                <Navigation />
            </nav>
            <main id=MAIN_ID class="content" tabindex="-1">
                {children()}
            </main>
        </div>
    }
}

/// The frame of the pages used before signing in: the brand and the
/// language switch, the page centred below.
#[component]
pub fn PublicLayout(children: Children) -> impl IntoView {
    view! {
        <SkipLink />
        <div class="public-shell">
            <header class="topbar topbar--public">
                <Brand />
                <div class="topbar__tools">
                    <LanguageSwitch />
                </div>
            </header>
            <main id=MAIN_ID class="public-content" tabindex="-1">
                {children()}
            </main>
        </div>
    }
}

/// The navigation entries the person may use.
#[component]
fn Navigation() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let manage_links = move || {
        MANAGE_LINKS
            .iter()
            .filter(|link| link.any_of.iter().any(|p| session.can(p)))
            .map(|link| {
                let text = link.text;
                view! {
                    <li>
                        <A href=link.href attr:class="nav-link" attr:data-testid=link.testid>
                            {move || i18n.t(text)}
                        </A>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <Show
            when=move || !session.enrollment_required()
            fallback=move || {
                view! {
                    <ul class="nav-list">
                        <li>
                            <A href=ENROLL_PATH attr:class="nav-link">
                                {move || i18n.t(Key::NavEnrollMfa)}
                            </A>
                        </li>
                    </ul>
                }
            }
        >
            <ul class="nav-list">
                <li>
                    <A href="/" exact=true attr:class="nav-link" attr:data-testid="nav-home">
                        {move || i18n.t(Key::NavHome)}
                    </A>
                </li>
                <Show when=move || session.can("tickets.view")>
                    <li>
                        <A href="/chamados" attr:class="nav-link" attr:data-testid="nav-tickets">
                            {move || {
                                i18n.t(if session.can("tickets.work") { Key::NavTickets } else { Key::NavMyTickets })
                            }}
                        </A>
                    </li>
                </Show>
                <Show when=move || session.can("tickets.work")>
                    <li>
                        <A href="/atendimento" attr:class="nav-link" attr:data-testid="nav-workspace">
                            {move || i18n.t(Key::NavWorkspace)}
                        </A>
                    </li>
                </Show>
                <Show when=move || session.can("pending_items.view")>
                    <li class="nav-section" data-testid="nav-pending">
                        <span class="nav-section__title" id="nav-pendencias">
                            {move || i18n.t(Key::NavPending)}
                        </span>
                        <ul class="nav-list" aria-labelledby="nav-pendencias">
                            <li>
                                <A href="/pendencias" exact=true attr:class="nav-link" attr:data-testid="nav-pending-list">
                                    {move || i18n.t(Key::NavPendingList)}
                                </A>
                            </li>
                            <Show when=move || {
                                ["dashboards.general", "dashboards.operator", "dashboards.supervisor"]
                                    .iter()
                                    .any(|p| session.can(p))
                            }>
                                <li>
                                    <A href="/pendencias/painel" attr:class="nav-link" attr:data-testid="nav-pending-dashboards">
                                        {move || i18n.t(Key::NavPendingDashboards)}
                                    </A>
                                </li>
                            </Show>
                            <Show when=move || session.can("pending_items.approve")>
                                <li>
                                    <A href="/pendencias/aprovacao" attr:class="nav-link" attr:data-testid="nav-pending-approval">
                                        {move || i18n.t(Key::NavPendingApproval)}
                                    </A>
                                </li>
                            </Show>
                            <Show when=move || session.can("nav.new_pending_item")>
                                <li>
                                    <A href="/pendencias/nova" attr:class="nav-link" attr:data-testid="nav-pending-new">
                                        {move || i18n.t(Key::PendingNew)}
                                    </A>
                                </li>
                            </Show>
                            <Show when=move || session.can("nav.segments") || session.can("nav.by_segment")>
                                <li>
                                    <A href="/pendencias/segmentos" attr:class="nav-link" attr:data-testid="nav-pending-segments">
                                        {move || i18n.t(Key::NavPendingSegments)}
                                    </A>
                                </li>
                            </Show>
                            // --- pending items: import and report links (nav) ---
                            <Show when=move || session.can("nav.import") && session.can("imports.run")>
                                <li>
                                    <A href="/pendencias/importar" attr:class="nav-link" attr:data-testid="nav-import">
                                        {move || i18n.t(Key::NavImport)}
                                    </A>
                                </li>
                            </Show>
                            <Show when=move || session.can("imports.history")>
                                <li>
                                    <A href="/pendencias/importacoes" attr:class="nav-link" attr:data-testid="nav-import-history">
                                        {move || i18n.t(Key::NavImportHistory)}
                                    </A>
                                </li>
                            </Show>
                        </ul>
                    </li>
                </Show>
                // The reports: the SLA report (helpdesk) and the pending
                // items' monthly and operators reports.
                <Show when=move || {
                    ["reports.helpdesk", "reports.monthly", "reports.operators"]
                        .iter()
                        .any(|p| session.can(p))
                }>
                    <li class="nav-section" data-testid="nav-reports-section">
                        <span class="nav-section__title" id="nav-relatorios">
                            {move || i18n.t(Key::NavReportsSection)}
                        </span>
                        <ul class="nav-list" aria-labelledby="nav-relatorios">
                            <Show when=move || session.can("reports.helpdesk")>
                                <li>
                                    <A href="/relatorios/sla" attr:class="nav-link" attr:data-testid="nav-reports">
                                        {move || i18n.t(Key::NavReports)}
                                    </A>
                                </li>
                            </Show>
                            <Show when=move || session.can("reports.monthly")>
                                <li>
                                    <A href="/relatorios/pendencias" attr:class="nav-link" attr:data-testid="nav-report-monthly">
                                        {move || i18n.t(Key::NavReportMonthly)}
                                    </A>
                                </li>
                            </Show>
                            <Show when=move || session.can("reports.operators")>
                                <li>
                                    <A href="/relatorios/operadores" attr:class="nav-link" attr:data-testid="nav-report-operators">
                                        {move || i18n.t(Key::NavReportOperators)}
                                    </A>
                                </li>
                            </Show>
                        </ul>
                    </li>
                </Show>
                // Every role with the audit permission, managers or not.
                <Show when=move || AUDIT_PERMISSIONS.iter().any(|p| session.can(*p))>
                    <li>
                        <A href="/gerenciar/auditoria" attr:class="nav-link" attr:data-testid="nav-audit">
                            {move || i18n.t(Key::NavAudit)}
                        </A>
                    </li>
                </Show>
                <li>
                    <A href="/minha-conta" exact=true attr:class="nav-link" attr:data-testid="nav-account">
                        {move || i18n.t(Key::NavAccount)}
                    </A>
                </li>
                <Show when=move || session.can("nav.manage")>
                    <li class="nav-section" data-testid="nav-manage">
                        <span class="nav-section__title" id="nav-gerenciar">
                            {move || i18n.t(Key::NavManage)}
                        </span>
                        <ul class="nav-list" aria-labelledby="nav-gerenciar">
                            {manage_links}
                        </ul>
                    </li>
                </Show>
                <li>
                    // The API reference is served by the server, outside
                    // the SPA: `rel="external"` makes it a full page load.
                    <a class="nav-link" href="/api/docs/" rel="external">
                        {move || i18n.t(Key::NavApiReference)}
                    </a>
                </li>
            </ul>
        </Show>
    }
}

/// The signed-in person's name (a link to their account) and "Sair".
#[component]
fn UserMenu() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let leaving = RwSignal::new(false);
    // The frame's guard then shows the sign-in page.
    let sign_out = move |_| {
        if leaving.get_untracked() {
            return;
        }
        leaving.set(true);
        leptos::task::spawn_local(async move {
            session.sign_out().await;
            leaving.set(false);
        });
    };
    let name = move || session.with_me(|me| me.user.name.clone());
    view! {
        <Show when=move || session.is_ready()>
            <div class="user-menu" data-testid="user-menu">
                <A href="/minha-conta" attr:class="user-menu__name" attr:data-testid="user-name">
                    <span class="user-menu__avatar" aria-hidden="true">
                        {move || initials(&name().unwrap_or_default())}
                    </span>
                    <span class="user-menu__text">{name}</span>
                </A>
                <A
                    href=NOTIFICATIONS_PATH
                    attr:class="button button--ghost button--small user-menu__prefs"
                    attr:data-testid="user-notifications"
                >
                    {i18n.text(Key::NotificationsTitle)}
                </A>
                <button
                    type="button"
                    class="button button--secondary button--small"
                    data-testid="logout"
                    disabled=move || leaving.get()
                    on:click=sign_out
                >
                    {move || i18n.t(Key::SignOut)}
                </button>
            </div>
        </Show>
    }
}

/// Up to two initials of a name, for the avatar.
fn initials(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let picked = match words.as_slice() {
        [] => Vec::new(),
        [only] => vec![*only],
        [first, .., last] => vec![*first, *last],
    };
    picked
        .iter()
        .filter_map(|word| word.chars().next())
        .flat_map(char::to_uppercase)
        .collect()
}

/// "Skip to content", the first thing the keyboard reaches.
#[component]
fn SkipLink() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <a class="skip-link" href=format!("#{MAIN_ID}") on:click=skip_to_main>
            {move || i18n.t(Key::SkipToContent)}
        </a>
    }
}

/// The product's name and mark, linking home.
#[component]
fn Brand() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        // A plain link (the router still handles it): the brand is no
        // navigation item, so it must not be marked as the current page.
        <a href="/" class="brand">
            <BrandMark />
            <span class="brand__text">
                <span class="brand__name">{move || i18n.t(Key::ProductName)}</span>
                <span class="brand__tagline">{move || i18n.t(Key::ProductTagline)}</span>
            </span>
        </a>
    }
}

/// Moves focus (not just the scroll position) to the main area, so the next
/// Tab continues from there; the router would otherwise handle the `#` link.
fn skip_to_main(ev: leptos::ev::MouseEvent) {
    ev.prevent_default();
    let main = document()
        .get_element_by_id(MAIN_ID)
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(main) = main {
        // Focus stays where it was if this fails; nothing to recover.
        let _ = main.focus();
    }
}

/// The three bars of the menu button.
#[component]
fn MenuIcon() -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
            <path d="M4 6h16M4 12h16M4 18h16" stroke="currentColor" stroke-width="2" stroke-linecap="round" fill="none" />
        </svg>
    }
}

/// Atende's mark: a speech bubble with a tick.
#[component]
fn BrandMark() -> impl IntoView {
    view! {
        <svg class="brand__mark" viewBox="0 0 32 32" width="32" height="32" aria-hidden="true" focusable="false">
            <rect width="32" height="32" rx="8" fill="currentColor" />
            <path d="M11.5 8h9a2.5 2.5 0 0 1 2.5 2.5v7a2.5 2.5 0 0 1-2.5 2.5H15l-4 4v-4a2 2 0 0 1-2-2v-7.5a2.5 2.5 0 0 1 2.5-2.5z" fill="#fff" />
            <path d="M12.5 14l2.2 2.2 4.8-4.8" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" fill="none" />
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_take_the_first_and_last_names() {
        assert_eq!(initials("Ana Souza"), "AS");
        assert_eq!(initials("Bruno de Carvalho Lima"), "BL");
        assert_eq!(initials("Érica"), "É");
        assert_eq!(initials("  "), "");
    }
}
