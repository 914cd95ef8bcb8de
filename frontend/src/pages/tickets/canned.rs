//! `/atendimento/respostas`: canned responses ("respostas rápidas"),
//! personal or shared with the team, in Markdown with placeholders the
//! server fills for each ticket (`{{cliente.nome}}`, `{{chamado.numero}}`…).

use atende_types::tickets::{CannedResponse, CannedResponseInput};
use gloo_net::http::Method;
use leptos::prelude::*;
use leptos_router::components::A;
use uuid::Uuid;

use crate::api::{ApiFailure, use_api};
use crate::components::feedback::{Empty, FailureNotice, Loading};
use crate::components::forms::{ConfirmAction, FormError, Submission, TextField};
use crate::components::guard::RequirePermission;
use crate::components::layout::use_document_title;
use crate::i18n::{Key, use_i18n};
use crate::pages::tickets::shared::is_missing;
use crate::session::use_session;

/// The placeholders the server fills.
const PLACEHOLDERS: &[&str] = &[
    "{{cliente.nome}}",
    "{{cliente.empresa}}",
    "{{chamado.numero}}",
    "{{chamado.assunto}}",
    "{{agente.nome}}",
];

/// `/atendimento/respostas`.
#[component]
pub fn CannedResponsesPage() -> impl IntoView {
    use_document_title(Key::CannedResponses);
    view! {
        <RequirePermission any_of=&["tickets.work"]>
            <CannedResponses />
        </RequirePermission>
    }
}

#[component]
fn CannedResponses() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let session = use_session();
    let me = untrack(|| session.with_me(|me| me.user.id));
    let list = RwSignal::new(None::<Result<Vec<CannedResponse>, ApiFailure>>);
    let editing = RwSignal::new(None::<Option<Uuid>>);
    let load = move || {
        leptos::task::spawn_local(async move {
            let result = api
                .get_list::<CannedResponse>("/api/v1/canned-responses")
                .await;
            list.set(Some(result));
        });
    };
    load();
    let on_saved = Callback::new(move |()| {
        editing.set(None);
        load();
    });

    view! {
        <div class="page">
            <p class="ticket__back">
                <A href="/atendimento" attr:data-testid="canned-back">{i18n.text(Key::BackToWorkspace)}</A>
            </p>
            <header class="page__header page__header--actions">
                <div>
                    <h1 class="page__title" data-testid="page-title">{i18n.text(Key::CannedResponses)}</h1>
                    <p class="page__lead">{i18n.text(Key::CannedResponsesLead)}</p>
                </div>
                <Show when=move || {
                    editing.get().is_none() && list.with(|l| matches!(l, Some(Ok(_))))
                }>
                    <button
                        type="button"
                        class="button button--primary"
                        data-testid="canned-new"
                        on:click=move |_| editing.set(Some(None))
                    >
                        {i18n.text(Key::NewCannedResponse)}
                    </button>
                </Show>
            </header>
            {move || {
                (editing.get() == Some(None))
                    .then(|| {
                        view! {
                            <CannedForm
                                existing=None
                                on_saved
                                on_cancel=Callback::new(move |()| editing.set(None))
                            />
                        }
                    })
            }}
            {move || match list.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(failure)) if is_missing(&failure) => {
                    view! {
                        <p class="notice notice--info" data-testid="canned-unavailable">
                            {i18n.text(Key::CannedUnavailable)}
                        </p>
                    }
                        .into_any()
                }
                Some(Err(failure)) => {
                    view! { <FailureNotice failure on_retry=Callback::new(move |()| load()) /> }.into_any()
                }
                Some(Ok(items)) if items.is_empty() => {
                    view! { <Empty text=Key::CannedEmpty testid="canned-empty" /> }.into_any()
                }
                Some(Ok(items)) => {
                    view! {
                        <ul class="canned-list" data-testid="canned-list">
                            {items
                                .into_iter()
                                .map(|canned| {
                                    let id = canned.id;
                                    let mine = Some(canned.owner_id) == me;
                                    let shared = canned.shared;
                                    let editor = canned.clone();
                                    view! {
                                        <li class="card canned" data-testid="canned-item">
                                            <header class="canned__header">
                                                <h2 class="canned__title">{canned.title.clone()}</h2>
                                                <span class=if shared { "badge badge--info" } else { "badge badge--neutral" }>
                                                    {move || i18n.t(if shared { Key::SharedView } else { Key::PersonalView })}
                                                </span>
                                            </header>
                                            <pre class="canned__body">{canned.body.clone()}</pre>
                                            <Show when=move || mine>
                                                <CannedActions
                                                    id
                                                    on_edit=Callback::new(move |()| editing.set(Some(Some(id))))
                                                    on_deleted=on_saved
                                                />
                                            </Show>
                                            {
                                                let editor = editor.clone();
                                                move || {
                                                    (editing.get() == Some(Some(id)))
                                                        .then(|| {
                                                            view! {
                                                                <CannedForm
                                                                    existing=Some(editor.clone())
                                                                    on_saved
                                                                    on_cancel=Callback::new(move |()| editing.set(None))
                                                                />
                                                            }
                                                        })
                                                }
                                            }
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}

/// Edit and delete, for one's own responses.
#[component]
fn CannedActions(id: Uuid, on_edit: Callback<()>, on_deleted: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let action = Submission::new();
    let delete = Callback::new(move |()| {
        action.run(
            async move {
                api.send_empty::<()>(Method::DELETE, &format!("/api/v1/canned-responses/{id}"))
                    .await
            },
            move |()| on_deleted.run(()),
        );
    });
    view! {
        <div class="button-row">
            <button
                type="button"
                class="button button--secondary button--small"
                data-testid="canned-edit"
                on:click=move |_| on_edit.run(())
            >
                {i18n.text(Key::Edit)}
            </button>
            <ConfirmAction
                label=Key::Delete
                question=Key::DeleteCannedQuestion
                confirm=Key::Delete
                on_confirm=delete
                pending=Signal::derive(move || action.pending())
                danger=true
                testid="canned-delete"
            />
        </div>
        {move || action.failure().map(|failure| view! { <FailureNotice failure /> })}
    }
}

/// Creating or changing a canned response.
#[component]
fn CannedForm(
    existing: Option<CannedResponse>,
    on_saved: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let id = existing.as_ref().map(|c| c.id);
    let title = RwSignal::new(
        existing
            .as_ref()
            .map(|c| c.title.clone())
            .unwrap_or_default(),
    );
    let body = RwSignal::new(
        existing
            .as_ref()
            .map(|c| c.body.clone())
            .unwrap_or_default(),
    );
    let shared = RwSignal::new(existing.as_ref().is_some_and(|c| c.shared));
    let submission = Submission::new();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = CannedResponseInput {
            title: title.get_untracked().trim().to_owned(),
            body: body.get_untracked(),
            shared: shared.get_untracked(),
        };
        if input.title.is_empty() {
            submission.complain(Some("title"), Key::TitleRequired);
            return;
        }
        if input.body.trim().is_empty() {
            submission.complain(Some("body"), Key::MessageRequired);
            return;
        }
        submission.run(
            async move {
                match id {
                    Some(id) => {
                        api.send_json::<_, CannedResponse>(
                            Method::PUT,
                            &format!("/api/v1/canned-responses/{id}"),
                            &input,
                        )
                        .await
                    }
                    None => {
                        api.send_json::<_, CannedResponse>(
                            Method::POST,
                            "/api/v1/canned-responses",
                            &input,
                        )
                        .await
                    }
                }
            },
            move |_| on_saved.run(()),
        );
    };
    let body_error = submission.field_error("body");
    view! {
        <section class="card form-card">
            <form class="form" on:submit=on_submit novalidate data-testid="canned-form">
                <TextField
                    id="canned-title"
                    label=Key::Title
                    value=title
                    maxlength=120
                    testid="canned-title"
                    error=submission.field_error("title")
                    required=true
                    autofocus=true
                />
                <div class="field">
                    <label class="label" for="canned-body">{i18n.text(Key::CannedBody)}</label>
                    <textarea
                        id="canned-body"
                        class="textarea"
                        rows="6"
                        data-testid="canned-body"
                        aria-describedby="canned-body-dica"
                        aria-invalid=move || body_error.with(Option::is_some).then_some("true")
                        prop:value=move || body.get()
                        on:input=move |ev| body.set(event_target_value(&ev))
                    ></textarea>
                    <p class="hint" id="canned-body-dica">
                        {i18n.text(Key::CannedPlaceholders)} " " <code>{PLACEHOLDERS.join(" ")}</code>
                    </p>
                    {move || body_error.get().map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
                <span class="check">
                    <input
                        type="checkbox"
                        class="check__input"
                        id="canned-shared"
                        data-testid="canned-shared"
                        prop:checked=move || shared.get()
                        on:change=move |ev| shared.set(event_target_checked(&ev))
                    />
                    <label class="check__label" for="canned-shared">{i18n.text(Key::ShareWithTeam)}</label>
                </span>
                <FormError submission inline_fields=&["title", "body"] testid="canned-error" />
                <div class="button-row">
                    <button
                        type="submit"
                        class="button button--primary"
                        data-testid="canned-save"
                        disabled=move || submission.pending()
                    >
                        {move || i18n.t(if submission.pending() { Key::Saving } else { Key::Save })}
                    </button>
                    <button type="button" class="button button--ghost" on:click=move |_| on_cancel.run(())>
                        {i18n.text(Key::Cancel)}
                    </button>
                </div>
            </form>
        </section>
    }
}
