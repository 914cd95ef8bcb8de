//! `/pendencias/segmentos`: "Acessar segmentos" / "Ver por segmento". The
//! segments with how many of the person's items each holds (from the
//! general dashboard, when the person may see it); each opens the list
//! filtered by that segment.

use atende_types::companies::Segment;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::use_api;
use crate::components::feedback::{Empty, FailureNotice, Loading};
use crate::components::guard::RequirePermission;
use crate::components::layout::use_document_title;
use crate::i18n::{Key, use_i18n};
use crate::pending::{GeneralDashboard, ListFilter};
use crate::session::use_session;

/// `/pendencias/segmentos`.
#[component]
pub fn PendingSegmentsPage() -> impl IntoView {
    use_document_title(Key::PendingSegmentsTitle);
    view! {
        <RequirePermission any_of=&["nav.segments", "nav.by_segment"]>
            <Segments />
        </RequirePermission>
    }
}

#[component]
fn Segments() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let api = use_api();
    let with_counts = untrack(|| session.can("dashboards.general"));
    let segments =
        LocalResource::new(move || async move { api.get_all::<Segment>("/api/v1/segments").await });
    let counts = LocalResource::new(move || async move {
        if !with_counts {
            return None;
        }
        api.get_json::<GeneralDashboard>("/api/v1/pending-items/dashboard?kind=general")
            .await
            .ok()
    });
    let retry = Callback::new(move |()| segments.refetch());
    let count_of = move |id: &str| -> Option<u64> {
        counts
            .get()
            .flatten()
            .map(|c| c.by_segment.get(id).copied().unwrap_or(0))
    };
    let link = |segment_id: String| {
        ListFilter {
            segment_id,
            ..ListFilter::default()
        }
        .page_path()
    };

    view! {
        <div class="page">
            <header class="page__header">
                <h1 class="page__title" data-testid="page-title">{i18n.text(Key::PendingSegmentsTitle)}</h1>
                <p class="page__lead">{i18n.text(Key::PendingSegmentsLead)}</p>
            </header>
            {move || match segments.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(failure)) => view! { <FailureNotice failure on_retry=retry /> }.into_any(),
                Some(Ok(list)) if list.is_empty() => {
                    view! { <Empty text=Key::SegmentsEmpty testid="pending-segments-empty" /> }.into_any()
                }
                Some(Ok(list)) => {
                    let rows = list
                        .into_iter()
                        .map(|s| {
                            let id = s.id.to_string();
                            let count = {
                                let id = id.clone();
                                move || count_of(&id).map(|n| n.to_string())
                            };
                            let href = link(id.clone());
                            view! {
                                <tr data-testid="pending-segment-row" data-segment=id>
                                    <th scope="row">
                                        <A href=href attr:data-testid="pending-segment-link">{s.name}</A>
                                    </th>
                                    <td class="cell-wrap">{s.description.unwrap_or_default()}</td>
                                    <td class="numeric" data-testid="pending-segment-count">
                                        {move || count().unwrap_or_else(|| "—".to_owned())}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view();
                    let unsegmented = move || {
                        count_of("").filter(|n| *n > 0).map(|n| {
                            view! {
                                <p class="hint" data-testid="pending-segment-none">
                                    {move || i18n.t(Key::PendingWithoutSegment).replace("{n}", &n.to_string())}
                                </p>
                            }
                        })
                    };
                    view! {
                        <div class="table-wrap">
                            <table class="table" data-testid="pending-segments-table">
                                <caption class="visually-hidden">{i18n.text(Key::PendingSegmentsTitle)}</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">{i18n.text(Key::Segment)}</th>
                                        <th scope="col">{i18n.text(Key::Description)}</th>
                                        <th scope="col" class="numeric">{i18n.text(Key::PendingTitle)}</th>
                                    </tr>
                                </thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                        {unsegmented}
                    }
                        .into_any()
                }
            }}
        </div>
    }
}
