//! `/pendencias/importacoes`: "Ver histórico importação". Every upload,
//! newest first (one's own; administrators see everyone's): who, when,
//! the file (downloadable as it was sent), what the items start as, the
//! state, rows accepted and rejected, and the items it created.

use leptos::prelude::*;
use leptos_router::components::A;

use super::{Import, WIZARD_PATH, items_path, status_badge, status_label, target_label};
use crate::api::{ApiFailure, use_api};
use crate::components::feedback::{Empty, FailureNotice};
use crate::components::guard::RequirePermission;
use crate::components::layout::use_document_title;
use crate::components::paged::{LoadState, Paged, PagedFooter};
use crate::format;
use crate::i18n::{Key, use_i18n};
use crate::session::use_session;

/// `/pendencias/importacoes`.
#[component]
pub fn ImportHistoryPage() -> impl IntoView {
    use_document_title(Key::ImportHistoryTitle);
    view! {
        <RequirePermission any_of=&["imports.history"]>
            <History />
        </RequirePermission>
    }
}

#[component]
fn History() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let api = use_api();
    let imports = Paged::<Import>::new(api);
    imports.load("/api/v1/imports".to_owned());
    let download_failure = RwSignal::new(None::<ApiFailure>);
    view! {
        <div class="page page--wide">
            <header class="page__header page__header--actions">
                <div>
                    <h1 class="page__title" data-testid="page-title">{i18n.text(Key::ImportHistoryTitle)}</h1>
                    <p class="page__lead">{i18n.text(Key::ImportHistoryLead)}</p>
                </div>
                <Show when=move || session.can("imports.run")>
                    <A href=WIZARD_PATH attr:class="button button--primary" attr:data-testid="import-history-new">
                        {i18n.text(Key::NavImport)}
                    </A>
                </Show>
            </header>
            {move || download_failure.get().map(|failure| view! { <FailureNotice failure /> })}
            <Show
                when=move || !imports.is_empty()
                fallback=|| view! { <Empty text=Key::ImportHistoryEmpty testid="import-history-empty" /> }
            >
                <Show when=move || imports.state() != LoadState::Loading>
                    <div class="table-wrap">
                        <table class="table" data-testid="import-history">
                            <caption class="visually-hidden">{i18n.text(Key::ImportHistoryTitle)}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{i18n.text(Key::ImportWhen)}</th>
                                    <th scope="col">{i18n.text(Key::ImportWho)}</th>
                                    <th scope="col">{i18n.text(Key::ImportFile)}</th>
                                    <th scope="col">{i18n.text(Key::Status)}</th>
                                    <th scope="col" class="numeric">{i18n.text(Key::ImportRowsAccepted)}</th>
                                    <th scope="col" class="numeric">{i18n.text(Key::ImportRowsRejected)}</th>
                                    <th scope="col">{i18n.text(Key::Actions)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                <For each=move || imports.items() key=|i| (i.id, i.status.clone()) let:import>
                                    <HistoryRow import download_failure />
                                </For>
                            </tbody>
                        </table>
                    </div>
                </Show>
            </Show>
            <PagedFooter paged=imports testid="import-history-more" />
        </div>
    }
}

#[component]
fn HistoryRow(import: Import, download_failure: RwSignal<Option<ApiFailure>>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let api = use_api();
    let downloading = RwSignal::new(false);
    let created_at = import.created_at;
    let who = import
        .uploaded_by
        .as_ref()
        .map_or_else(|| "—".to_owned(), |p| p.name.clone());
    let status = import.status.clone();
    let status_text = status.clone();
    let target = import.target_status.clone();
    let size = import.size_bytes;
    let committed = import.is_committed();
    let id = import.id;
    let file_name = import.file_name.clone();
    let download = move |_| {
        if downloading.get_untracked() {
            return;
        }
        downloading.set(true);
        download_failure.set(None);
        let name = file_name.clone();
        leptos::task::spawn_local(async move {
            let result = api
                .save_download(&format!("/api/v1/imports/{id}/file"), &name)
                .await;
            let _ = downloading.try_set(false);
            if let Err(failure) = result {
                download_failure.set(Some(failure));
            }
        });
    };
    view! {
        <tr data-testid="import-history-row" data-id=id.to_string() data-status=status.clone()>
            <td class="cell-nowrap" data-testid="import-history-when">
                {move || format::datetime(&created_at, &session.time_zone())}
            </td>
            <td data-testid="import-history-who">{who}</td>
            <td>
                <span class="cell-title" data-testid="import-history-file">{import.file_name.clone()}</span>
                <span class="cell-sub">
                    {import.format.to_uppercase()} " · " {move || format::file_size(size, i18n.locale())} " · "
                    {move || target_label(i18n.locale(), &target)}
                </span>
            </td>
            <td>
                <span class=status_badge(&status) data-testid="import-history-status">
                    {move || status_label(i18n.locale(), &status_text)}
                </span>
            </td>
            <td class="numeric" data-testid="import-history-accepted">{import.rows_accepted}</td>
            <td class="numeric" data-testid="import-history-rejected">{import.rows_rejected}</td>
            <td class="cell-actions">
                <button
                    type="button"
                    class="button button--secondary button--small"
                    data-testid="import-history-download"
                    disabled=move || downloading.get()
                    on:click=download
                >
                    {i18n.text(Key::ImportDownloadOriginal)}
                </button>
                {committed
                    .then(|| {
                        view! {
                            <A href=items_path(id) attr:class="button button--ghost button--small" attr:data-testid="import-history-items">
                                {i18n.text(Key::ImportSeeItems)}
                            </A>
                        }
                    })}
            </td>
        </tr>
    }
}
