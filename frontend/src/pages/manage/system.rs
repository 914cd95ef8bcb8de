//! `/gerenciar/sistema`: the server's status (version, database,
//! languages), for administrators. It used to be the home page's card.

use atende_core::locale::Locale;
use atende_types::system::ServerInfo;
use leptos::prelude::*;

use crate::api::use_api;
use crate::components::feedback::{ErrorNotice, Loading};
use crate::components::guard::RequirePermission;
use crate::components::layout::use_document_title;
use crate::i18n::{Key, database_name, endonym, use_i18n};

/// Who sees the system page (administrators, by default):
/// [`Permission::RolesManage`](atende_core::permissions::Permission).
pub const SYSTEM_PERMISSIONS: &[&str] = &["roles.manage"];

/// `/gerenciar/sistema`.
#[component]
pub fn SystemPage() -> impl IntoView {
    let i18n = use_i18n();
    use_document_title(Key::SystemTitle);
    view! {
        <RequirePermission any_of=SYSTEM_PERMISSIONS>
            <div class="page">
                <header class="page__header">
                    <h1 class="page__title" data-testid="page-title">{i18n.text(Key::SystemTitle)}</h1>
                    <p class="page__lead">{i18n.text(Key::SystemLead)}</p>
                </header>
                <div class="grid">
                    <ServerStatus />
                </div>
            </div>
        </RequirePermission>
    }
}

/// A card with `GET /api/v1/info`: version, database and languages.
#[component]
fn ServerStatus() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let info = LocalResource::new(move || api.get_json::<ServerInfo>("/api/v1/info"));
    let retry = Callback::new(move |()| info.refetch());

    view! {
        <section
            class="card"
            data-testid="server-status"
            aria-labelledby="status-servidor-titulo"
        >
            <h2 class="card__title" id="status-servidor-titulo">
                {move || i18n.t(Key::ServerStatusTitle)}
            </h2>
            <Suspense fallback=Loading>
                <ErrorBoundary fallback=move |errors| {
                    view! {
                        <p class="card__status">
                            <span class="badge badge--danger">
                                {move || i18n.t(Key::ServerOffline)}
                            </span>
                        </p>
                        <ErrorNotice errors on_retry=retry />
                    }
                }>
                    {move || Suspend::new(async move {
                        info.await.map(|info| view! { <ServerFacts info /> })
                    })}
                </ErrorBoundary>
            </Suspense>
        </section>
    }
}

/// The server's answer, as a list of facts.
#[component]
fn ServerFacts(info: ServerInfo) -> impl IntoView {
    let i18n = use_i18n();
    let languages = info
        .locales
        .iter()
        .map(|tag| Locale::from_tag(tag).map_or_else(|| tag.clone(), |l| endonym(l).to_owned()))
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <p class="card__status">
            <span class="badge badge--success">{move || i18n.t(Key::ServerOnline)}</span>
        </p>
        <dl class="facts">
            <div class="facts__row">
                <dt>{move || i18n.t(Key::ServerVersion)}</dt>
                <dd data-testid="server-version">{info.version}</dd>
            </div>
            <div class="facts__row">
                <dt>{move || i18n.t(Key::ServerDatabase)}</dt>
                <dd data-testid="server-database">{database_name(&info.database)}</dd>
            </div>
            <div class="facts__row">
                <dt>{move || i18n.t(Key::ServerLocales)}</dt>
                <dd>{languages}</dd>
            </div>
        </dl>
    }
}

#[cfg(test)]
mod tests {
    use atende_core::permissions::Permission;

    use super::*;

    #[test]
    fn the_system_page_needs_the_administrators_permission() {
        assert_eq!(SYSTEM_PERMISSIONS, &[Permission::RolesManage.name()]);
    }
}
