//! `/gerenciar/segmentos`: the lines of business companies are grouped by.

use atende_types::companies::{Segment, SegmentInput};
use gloo_net::http::Method;
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::use_api;
use crate::components::feedback::{Empty, FailureNotice, Loading};
use crate::components::forms::{ConfirmAction, FormError, Submission, TextField};
use crate::components::guard::RequirePermission;
use crate::components::layout::use_document_title;
use crate::i18n::{Key, use_i18n};
use crate::session::use_session;

/// `/gerenciar/segmentos`.
#[component]
pub fn SegmentsPage() -> impl IntoView {
    use_document_title(Key::SegmentsTitle);
    view! {
        <RequirePermission any_of=&["segments.view"]>
            <Segments />
        </RequirePermission>
    }
}

#[component]
fn Segments() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let api = use_api();
    let version = RwSignal::new(0_u32);
    let segments = LocalResource::new(move || {
        version.track();
        async move { api.get_all::<Segment>("/api/v1/segments").await }
    });
    let retry = Callback::new(move |()| segments.refetch());
    let creating = RwSignal::new(false);
    let editing = RwSignal::new(None::<Uuid>);
    let changed = Callback::new(move |()| {
        creating.set(false);
        editing.set(None);
        version.update(|v| *v = v.wrapping_add(1));
    });

    view! {
        <div class="page">
            <header class="page__header page__header--actions">
                <div>
                    <h1 class="page__title" data-testid="page-title">
                        {move || i18n.t(Key::SegmentsTitle)}
                    </h1>
                    <p class="page__lead">{move || i18n.t(Key::SegmentsLead)}</p>
                </div>
                <Show when=move || session.can("segments.create") && !creating.get()>
                    <button
                        type="button"
                        class="button button--primary"
                        data-testid="segment-create-open"
                        on:click=move |_| creating.set(true)
                    >
                        {move || i18n.t(Key::NewSegment)}
                    </button>
                </Show>
            </header>
            <Show when=move || creating.get()>
                <section class="card form-card" aria-labelledby="novo-segmento-titulo">
                    <h2 class="card__title" id="novo-segmento-titulo">
                        {move || i18n.t(Key::NewSegment)}
                    </h2>
                    <SegmentForm
                        segment=None
                        on_saved=changed
                        on_cancel=Callback::new(move |()| creating.set(false))
                    />
                </section>
            </Show>
            {move || match segments.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(failure)) => view! { <FailureNotice failure on_retry=retry /> }.into_any(),
                Some(Ok(list)) if list.is_empty() => {
                    view! { <Empty text=Key::SegmentsEmpty testid="segments-empty" /> }.into_any()
                }
                Some(Ok(list)) => {
                    view! {
                        <div class="table-wrap">
                            <table class="table" data-testid="segments-table">
                                <caption class="visually-hidden">{move || i18n.t(Key::SegmentsTitle)}</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">{move || i18n.t(Key::Name)}</th>
                                        <th scope="col">{move || i18n.t(Key::Description)}</th>
                                        <th scope="col">
                                            <span class="visually-hidden">{move || i18n.t(Key::Actions)}</span>
                                        </th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {list
                                        .into_iter()
                                        .map(|segment| view! { <SegmentRow segment editing changed /> })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}

#[component]
fn SegmentRow(
    segment: Segment,
    editing: RwSignal<Option<Uuid>>,
    changed: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let api = use_api();
    let id = segment.id;
    let action = Submission::new();
    let delete = Callback::new(move |()| {
        action.run(
            async move {
                api.send_empty::<()>(Method::DELETE, &format!("/api/v1/segments/{id}"))
                    .await
            },
            move |()| changed.run(()),
        );
    });
    let pending = Signal::derive(move || action.pending());
    let editor_segment = segment.clone();
    view! {
        <tr data-testid="segment-row">
            <td class="cell-title">{segment.name.clone()}</td>
            <td>{segment.description.clone().unwrap_or_else(|| "—".to_owned())}</td>
            <td class="cell-actions">
                <Show when=move || session.can("segments.edit")>
                    <button
                        type="button"
                        class="button button--secondary button--small"
                        data-testid="segment-edit"
                        aria-expanded=move || (editing.get() == Some(id)).to_string()
                        on:click=move |_| {
                            editing.update(|open| *open = if *open == Some(id) { None } else { Some(id) })
                        }
                    >
                        {move || i18n.t(Key::Edit)}
                    </button>
                </Show>
                <Show when=move || session.can("segments.delete")>
                    <ConfirmAction
                        label=Key::Delete
                        question=Key::DeleteSegmentQuestion
                        confirm=Key::DeleteForGood
                        on_confirm=delete
                        pending
                        danger=true
                        testid="segment-delete"
                    />
                </Show>
            </td>
        </tr>
        {move || {
            action
                .failure()
                .map(|failure| {
                    view! {
                        <tr class="table__detail">
                            <td colspan="3">
                                <FailureNotice failure />
                            </td>
                        </tr>
                    }
                })
        }}
        {move || {
            (editing.get() == Some(id))
                .then(|| {
                    view! {
                        <tr class="table__detail">
                            <td colspan="3">
                                <SegmentForm
                                    segment=Some(editor_segment.clone())
                                    on_saved=changed
                                    on_cancel=Callback::new(move |()| editing.set(None))
                                />
                            </td>
                        </tr>
                    }
                })
        }}
    }
}

/// Creating (`segment = None`) or editing a segment.
#[component]
fn SegmentForm(
    segment: Option<Segment>,
    on_saved: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let editing_id = segment.as_ref().map(|s| s.id);
    let name = RwSignal::new(segment.as_ref().map(|s| s.name.clone()).unwrap_or_default());
    let description = RwSignal::new(
        segment
            .as_ref()
            .and_then(|s| s.description.clone())
            .unwrap_or_default(),
    );
    let submission = Submission::new();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed_name = name.get_untracked().trim().to_owned();
        if typed_name.is_empty() {
            submission.complain(Some("name"), Key::NameRequired);
            return;
        }
        let typed_description = description.get_untracked().trim().to_owned();
        let input = SegmentInput {
            name: Some(typed_name),
            description: Some((!typed_description.is_empty()).then_some(typed_description)),
        };
        let (method, path) = match editing_id {
            Some(id) => (Method::PATCH, format!("/api/v1/segments/{id}")),
            None => (Method::POST, "/api/v1/segments".to_owned()),
        };
        submission.run(
            async move { api.send_json::<_, Segment>(method, &path, &input).await },
            move |_| on_saved.run(()),
        );
    };
    view! {
        <form class="form" on:submit=on_submit novalidate data-testid="segment-form">
            <div class="form-grid">
                <TextField
                    id=if editing_id.is_some() { "edit-segment-name" } else { "segment-name" }
                    label=Key::Name
                    value=name
                    testid="segment-name"
                    error=submission.field_error("name")
                    required=true
                />
                <TextField
                    id=if editing_id.is_some() { "edit-segment-description" } else { "segment-description" }
                    label=Key::Description
                    value=description
                    testid="segment-description"
                    error=submission.field_error("description")
                />
            </div>
            <FormError submission inline_fields=&["name", "description"] testid="segment-error" />
            <div class="button-row">
                <button
                    type="submit"
                    class="button button--primary"
                    data-testid="segment-submit"
                    disabled=move || submission.pending()
                >
                    {move || i18n.t(if submission.pending() { Key::Saving } else { Key::Save })}
                </button>
                <button type="button" class="button button--ghost" on:click=move |_| on_cancel.run(())>
                    {move || i18n.t(Key::Cancel)}
                </button>
            </div>
        </form>
    }
}
