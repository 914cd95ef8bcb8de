//! `/pendencias/:id`: one pending item. Its facts (company, category, due
//! date, document, reference date, amount, operator, approver and when
//! each step happened), the refusal reason (staff: the server leaves it
//! out for clients), the workflow buttons — drawn from the item's
//! `actions`, never from the role, so a client never sees "Aprovar" —
//! with "Recusar" asking for the reason, the edit form of a draft or
//! refused item (sent with the version read: when someone changed it
//! meanwhile the page says so and shows the current one), the answers
//! with their files and the reply box ("Responder", files attached to the
//! answer), and the history in words.

use std::collections::BTreeSet;

use atende_types::pending::{
    PendingItem, PendingItemAnswer, PendingItemAttachment, PendingItemEvent, PendingItemMessage,
    PendingItemStep, PendingItemUpdate,
};
use gloo_net::http::Method;
use leptos::{html, prelude::*};
use leptos_router::hooks::{use_params_map, use_query_map};
use uuid::Uuid;

use crate::api::{ApiFailure, use_api};
use crate::components::feedback::{FailureNotice, Loading};
use crate::components::forms::{FormError, Submission};
use crate::components::guard::RequirePermission;
use crate::format;
use crate::i18n::{Key, use_i18n};
use crate::pages::not_found::NotFound;
use crate::pages::pending::approval::BACK_TO_QUEUE;
use crate::pages::pending::new::{INLINE_FIELDS, ItemFields, ItemFormFields};
use crate::pages::pending::{StatusChip, today};
use crate::pages::tickets::shared::{
    DownloadButton, FilePicker, RecordTop, UploadFailures, is_missing, picked_files,
};
use crate::pending;
use crate::session::use_session;

/// `/pendencias/:id`; an id that is no item id is an unknown page.
#[component]
pub fn PendingItemPage() -> impl IntoView {
    let params = use_params_map();
    let id =
        Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| Uuid::parse_str(&id).ok())));
    move || match id.get() {
        None => view! { <NotFound /> }.into_any(),
        Some(id) => view! {
            <RequirePermission any_of=&["pending_items.view"]>
                <PendingDetail id />
            </RequirePermission>
        }
        .into_any(),
    }
}

type Loaded<T> = Option<Result<T, ApiFailure>>;

/// The files of an item not tied to an answer, and those of each answer
/// when the thread does not carry them.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Files {
    Loading,
    /// The server has no attachments for pending items (yet).
    Missing,
    Loaded(Vec<PendingItemAttachment>),
    Failed(ApiFailure),
}

#[component]
fn PendingDetail(id: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let api = use_api();
    let query = use_query_map();
    let just_created = query.with_untracked(|q| q.get("criada").is_some());

    let item = RwSignal::new(None::<Result<PendingItem, ApiFailure>>);
    let messages = RwSignal::new(None::<Result<Vec<PendingItemMessage>, ApiFailure>>);
    let events = RwSignal::new(None::<Result<Vec<PendingItemEvent>, ApiFailure>>);
    let files = RwSignal::new(Files::Loading);
    let notice = RwSignal::new(None::<(Key, Option<ApiFailure>)>);
    let done = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let editing = RwSignal::new(false);
    let refusing = RwSignal::new(false);
    // Approving and resolving ask first: the client sees the item, or the
    // work ends.
    let confirming = RwSignal::new(None::<&'static str>);
    let generation = StoredValue::new(0u64);

    let current = move || item.with(|t| t.as_ref().and_then(|t| t.as_ref().ok()).cloned());
    let has_action = move |action: &str| {
        item.with(|t| {
            t.as_ref()
                .and_then(|t| t.as_ref().ok())
                .is_some_and(|t| t.actions.iter().any(|a| a == action))
        })
    };

    let load_thread = move || {
        leptos::task::spawn_local(async move {
            let result = api
                .get_json::<Vec<PendingItemMessage>>(&format!(
                    "/api/v1/pending-items/{id}/messages"
                ))
                .await;
            messages.set(Some(result));
        });
        if files.get_untracked() != Files::Missing {
            leptos::task::spawn_local(async move {
                let result = api
                    .get_list::<PendingItemAttachment>(&format!(
                        "/api/v1/pending-items/{id}/attachments"
                    ))
                    .await;
                files.set(match result {
                    Ok(list) => Files::Loaded(list),
                    Err(failure) if is_missing(&failure) => Files::Missing,
                    Err(failure) => Files::Failed(failure),
                });
            });
        }
    };
    let load_events = move || {
        leptos::task::spawn_local(async move {
            let result = api
                .get_json::<Vec<PendingItemEvent>>(&format!("/api/v1/pending-items/{id}/events"))
                .await;
            events.set(Some(result));
        });
    };
    let load = move || {
        let this = generation.get_value().wrapping_add(1);
        generation.set_value(this);
        leptos::task::spawn_local(async move {
            let result = api
                .get_json::<PendingItem>(&format!("/api/v1/pending-items/{id}"))
                .await;
            if generation.try_get_value() == Some(this) {
                item.set(Some(result));
            }
        });
        load_thread();
        load_events();
    };
    load();

    // "#000042 Título · Atende".
    Effect::new(move |_| {
        let title = match item.get() {
            Some(Ok(t)) => format!("{} {}", pending::number(t.number), t.title),
            _ => i18n.t(Key::PendingItem).to_owned(),
        };
        document().set_title(&format!("{title} · {}", i18n.t(Key::ProductName)));
    });

    let step = Callback::new(move |(action, reason): (String, Option<String>)| {
        busy.set(true);
        notice.set(None);
        done.set(None);
        let body = PendingItemStep {
            action: action.clone(),
            reason,
        };
        leptos::task::spawn_local(async move {
            let result = api
                .send_json::<_, PendingItem>(
                    Method::POST,
                    &format!("/api/v1/pending-items/{id}/steps"),
                    &body,
                )
                .await;
            busy.set(false);
            match result {
                Ok(updated) => {
                    item.set(Some(Ok(updated)));
                    refusing.set(false);
                    editing.set(false);
                    done.set(Some(action));
                    load_events();
                }
                Err(failure) => {
                    notice.set(Some((Key::PendingStepRefused, Some(failure))));
                    load();
                }
            }
        });
    });
    let on_saved = Callback::new(
        move |outcome: Result<PendingItem, ApiFailure>| match outcome {
            Ok(updated) => {
                item.set(Some(Ok(updated)));
                editing.set(false);
                notice.set(None);
                done.set(Some("edit".to_owned()));
                load_events();
            }
            Err(failure) if failure.status() == Some(409) => {
                editing.set(false);
                notice.set(Some((Key::PendingConflict, None)));
                load();
            }
            Err(_) => {}
        },
    );
    let on_answered = Callback::new(move |()| load());

    let from_queue = query.with_untracked(|q| {
        q.get("de")
            .is_some_and(|de| Some(de.as_str()) == BACK_TO_QUEUE.strip_prefix("de="))
    });
    let back = if from_queue && untrack(|| session.can("pending_items.approve")) {
        ("/pendencias/aprovacao", Key::PendingBackToApproval)
    } else {
        ("/pendencias", Key::PendingBackToList)
    };

    view! {
        <div class="page page--wide ticket">
            <RecordTop
                back
                back_testid="pending-back"
                record=item
                title=Key::PendingItem
                on_retry=Callback::new(move |()| load())
                header=|t| view! { <ItemHeader item=t /> }
                created=just_created.then_some((Key::PendingCreated, "pending-created"))
                gone=Key::PendingGone
            />
            <div class="notice-slot" aria-live="assertive">
                {move || {
                    notice
                        .get()
                        .map(|(key, failure)| {
                            view! {
                                <div class="notice notice--warning" data-testid="pending-notice">
                                    <p class="notice__message">{i18n.text(key)}</p>
                                    {failure
                                        .map(|f| {
                                            view! { <p class="notice__meta">{move || f.message(i18n.locale())}</p> }
                                        })}
                                </div>
                            }
                        })
                }}
                {move || {
                    done.get()
                        .map(|action| {
                            let data_action = action.clone();
                            view! {
                                <div class="notice notice--success" role="status" data-testid="pending-step-done" data-action=data_action>
                                    <p class="notice__message">
                                        {move || {
                                            if action == "edit" {
                                                i18n.t(Key::PendingSaved).to_owned()
                                            } else {
                                                i18n.t(Key::PendingStepDone)
                                                    .replace("{step}", &pending::step_label(i18n.locale(), &action))
                                            }
                                        }}
                                    </p>
                                </div>
                            }
                        })
                }}
            </div>
            <Show when=move || current().is_some()>
                <div class="ticket__layout">
                    <div class="ticket__main">
                        {move || {
                            current()
                                .and_then(|t| t.refusal_reason.clone().filter(|r| !r.trim().is_empty()).map(|r| (t.status, r)))
                                .map(|(status, reason)| {
                                    let refused = status == "refused";
                                    view! {
                                        <div
                                            class="notice"
                                            class:notice--error=refused
                                            class:notice--info=!refused
                                            data-testid="pending-refusal"
                                        >
                                            <p class="notice__message">
                                                <strong>{i18n.text(Key::PendingRefusalReason)} ": "</strong>
                                                <span data-testid="pending-refusal-reason">{reason}</span>
                                            </p>
                                        </div>
                                    }
                                })
                        }}
                        <section class="card ticket__card" aria-labelledby="pendencia-acoes-titulo" data-testid="pending-actions">
                            <h2 class="card__title" id="pendencia-acoes-titulo">{i18n.text(Key::Actions)}</h2>
                            {move || {
                                let t = current()?;
                                let steps: Vec<&'static str> = pending::STEP_ORDER
                                    .into_iter()
                                    .filter(|s| t.actions.iter().any(|a| a == s))
                                    .collect();
                                let can_edit = t.actions.iter().any(|a| a == "edit");
                                let nothing = steps.is_empty() && !can_edit;
                                Some(view! {
                                    <div class="button-row">
                                        {steps
                                            .into_iter()
                                            .map(|s| {
                                                let primary = matches!(s, "submit" | "approve" | "start" | "resolve");
                                                view! {
                                                    <button
                                                        type="button"
                                                        class="button"
                                                        class:button--primary=primary
                                                        class:button--secondary=!primary && s != "refuse"
                                                        class:button--danger-outline=s == "refuse"
                                                        data-testid=format!("pending-step-{s}")
                                                        disabled=move || busy.get()
                                                        on:click=move |_| {
                                                            if s == "refuse" {
                                                                refusing.set(true);
                                                            } else if matches!(s, "approve" | "resolve") {
                                                                confirming.set(Some(s));
                                                            } else {
                                                                step.run((s.to_owned(), None));
                                                            }
                                                        }
                                                    >
                                                        {move || pending::step_label(i18n.locale(), s)}
                                                    </button>
                                                }
                                            })
                                            .collect_view()}
                                        {can_edit
                                            .then(|| {
                                                view! {
                                                    <button
                                                        type="button"
                                                        class="button button--secondary"
                                                        data-testid="pending-edit"
                                                        disabled=move || busy.get() || editing.get()
                                                        on:click=move |_| editing.set(true)
                                                    >
                                                        {i18n.text(Key::Edit)}
                                                    </button>
                                                }
                                            })}
                                    </div>
                                    {move || {
                                        confirming
                                            .get()
                                            .map(|s| {
                                                let question = if s == "approve" {
                                                    Key::PendingApproveQuestion
                                                } else {
                                                    Key::PendingResolveQuestion
                                                };
                                                view! {
                                                    <div class="confirm confirm--block" role="group" data-testid="pending-step-confirmation">
                                                        <p class="confirm__question">{i18n.text(question)}</p>
                                                        <div class="button-row">
                                                            <button
                                                                type="button"
                                                                class="button button--primary"
                                                                data-testid=format!("pending-step-{s}-confirm")
                                                                disabled=move || busy.get()
                                                                on:click=move |_| {
                                                                    confirming.set(None);
                                                                    step.run((s.to_owned(), None));
                                                                }
                                                            >
                                                                {move || pending::step_label(i18n.locale(), s)}
                                                            </button>
                                                            <button
                                                                type="button"
                                                                class="button button--ghost"
                                                                on:click=move |_| confirming.set(None)
                                                            >
                                                                {i18n.text(Key::Cancel)}
                                                            </button>
                                                        </div>
                                                    </div>
                                                }
                                            })
                                    }}
                                    {nothing
                                        .then(|| {
                                            view! {
                                                <p class="hint" data-testid="pending-no-actions">
                                                    {i18n.text(Key::PendingNoActions)}
                                                </p>
                                            }
                                        })}
                                })
                            }}
                            <Show when=move || refusing.get() && has_action("refuse")>
                                <RefuseForm
                                    on_refuse=Callback::new(move |reason: String| step.run(("refuse".to_owned(), Some(reason))))
                                    on_cancel=Callback::new(move |()| refusing.set(false))
                                    busy=busy.into()
                                />
                            </Show>
                        </section>
                        {move || {
                            (editing.get() && has_action("edit"))
                                .then(current)
                                .flatten()
                                .map(|t| {
                                    view! {
                                        <EditForm
                                            item=t
                                            on_done=on_saved
                                            on_cancel=Callback::new(move |()| editing.set(false))
                                        />
                                    }
                                })
                        }}
                        {move || current().map(|t| view! { <Description item=t /> })}
                        <section class="thread" aria-labelledby="respostas-titulo">
                            <h2 class="section__title" id="respostas-titulo">{i18n.text(Key::PendingAnswers)}</h2>
                            {move || match messages.get() {
                                None => view! { <Loading /> }.into_any(),
                                Some(Err(failure)) => {
                                    view! { <FailureNotice failure on_retry=Callback::new(move |()| load_thread()) /> }
                                        .into_any()
                                }
                                Some(Ok(list)) => {
                                    let extra = match files.get() {
                                        Files::Loaded(list) => list,
                                        _ => Vec::new(),
                                    };
                                    view! { <Thread messages=list files=extra /> }.into_any()
                                }
                            }}
                        </section>
                        <Show when=move || has_action("answer")>
                            <Composer
                                id
                                attachments=Signal::derive(move || files.get() != Files::Missing)
                                on_sent=on_answered
                            />
                        </Show>
                    </div>
                    <aside class="ticket__aside" aria-label=i18n.text(Key::PendingDetails)>
                        {move || current().map(|t| view! { <Facts item=t /> })}
                        <ItemFiles files />
                        <History events />
                    </aside>
                </div>
            </Show>
        </div>
    }
}

/// Number, title, status and company.
#[component]
fn ItemHeader(item: PendingItem) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let created = format::datetime(&item.created_at, &session.time_zone());
    view! {
        <header class="page__header ticket__header">
            <p class="page__eyebrow" data-testid="pending-number">{pending::number(item.number)}</p>
            <h1 class="page__title" data-testid="page-title">{item.title}</h1>
            <p class="ticket__badges">
                <StatusChip status=item.status />
            </p>
            <p class="ticket__meta">
                <span data-testid="pending-company">{item.company_name}</span>
                " · "
                {i18n.text(Key::PendingCreatedAt)}
                " "
                <time>{created}</time>
            </p>
        </header>
    }
}

/// The item's own text.
#[component]
fn Description(item: PendingItem) -> impl IntoView {
    let i18n = use_i18n();
    let empty = item.description.trim().is_empty();
    view! {
        <article class="message message--description" data-testid="pending-description">
            <header class="message__header">
                <span class="badge badge--neutral">{i18n.text(Key::Description)}</span>
            </header>
            <div class="message__body">
                {if empty {
                    view! { <p class="hint">{i18n.text(Key::PendingNoDescription)}</p> }.into_any()
                } else {
                    item.description
                        .lines()
                        .map(|line| view! { <p>{line.to_owned()}</p> })
                        .collect_view()
                        .into_any()
                }}
            </div>
        </article>
    }
}

/// The facts beside the item.
#[component]
fn Facts(item: PendingItem) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let zone = session.time_zone();
    let overdue = pending::is_overdue(&item, today(session));
    let when =
        |at: Option<chrono::DateTime<chrono::Utc>>| at.map(|at| format::datetime(&at, &zone));
    let row = |label: Key, value: Option<String>, testid: &'static str| {
        value.map(|value| {
            view! {
                <div class="facts__row">
                    <dt>{i18n.text(label)}</dt>
                    <dd data-testid=testid>{value}</dd>
                </div>
            }
        })
    };
    let due = item.due_date.map(pending::day);
    view! {
        <section class="card ticket__card" aria-labelledby="pendencia-fatos-titulo" data-testid="pending-facts">
            <h2 class="card__title" id="pendencia-fatos-titulo">{i18n.text(Key::PendingDetails)}</h2>
            <dl class="facts facts--compact">
                {row(Key::Company, Some(item.company_name.clone()), "pending-fact-company")}
                {row(Key::Category, item.category.clone(), "pending-fact-category")}
                {due
                    .map(|due| {
                        view! {
                            <div class="facts__row">
                                <dt>{i18n.text(Key::PendingDueDate)}</dt>
                                <dd data-testid="pending-fact-due" data-overdue=overdue.to_string()>
                                    {due}
                                    {overdue
                                        .then(|| {
                                            view! {
                                                " "
                                                <span class="badge badge--danger" data-testid="pending-overdue">
                                                    {i18n.text(Key::PendingOverdue)}
                                                </span>
                                            }
                                        })}
                                </dd>
                            </div>
                        }
                    })}
                {row(Key::PendingDocumentNumber, item.document_number.clone(), "pending-fact-document")}
                {row(Key::PendingReferenceDate, item.reference_date.map(pending::day), "pending-fact-reference")}
                {row(Key::PendingAmount, item.amount_cents.map(pending::amount), "pending-fact-amount")}
                {row(Key::PendingOperator, item.operator.clone().map(|p| p.name), "pending-fact-operator")}
                {row(Key::PendingApprover, item.approver.clone().map(|p| p.name), "pending-fact-approver")}
                {row(Key::PendingSubmittedAt, when(item.submitted_at), "pending-fact-submitted")}
                {row(Key::PendingApprovedAt, when(item.approved_at), "pending-fact-approved")}
                {row(Key::PendingAnsweredAt, when(item.answered_at), "pending-fact-answered")}
                {row(Key::PendingResolvedAt, when(item.resolved_at), "pending-fact-resolved")}
                {row(Key::UpdatedAt, when(Some(item.updated_at)), "pending-fact-updated")}
            </dl>
        </section>
    }
}

/// "Recusar": the reason is required ("Dê feedback claro nas recusas").
#[component]
fn RefuseForm(
    on_refuse: Callback<String>,
    on_cancel: Callback<()>,
    busy: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let reason = RwSignal::new(String::new());
    let missing = RwSignal::new(false);
    let textarea = NodeRef::<html::Textarea>::new();
    Effect::new(move |_| {
        if let Some(element) = textarea.get() {
            let _ = element.focus();
        }
    });
    view! {
        <form
            class="form reopen"
            role="dialog"
            aria-labelledby="recusar-titulo"
            data-testid="pending-refuse-dialog"
            novalidate
            on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                let text = reason.get_untracked().trim().to_owned();
                if text.is_empty() {
                    missing.set(true);
                    return;
                }
                missing.set(false);
                on_refuse.run(text);
            }
        >
            <h3 class="card__title" id="recusar-titulo">{i18n.text(Key::PendingRefuseTitle)}</h3>
            <div class="field">
                <label class="label" for="pending-refuse-reason">{i18n.text(Key::PendingRefusalReason)}</label>
                <textarea
                    id="pending-refuse-reason"
                    class="textarea"
                    rows="3"
                    required
                    data-testid="pending-refuse-reason"
                    node_ref=textarea
                    aria-describedby="pending-refuse-dica"
                    aria-invalid=move || missing.get().then_some("true")
                    prop:value=move || reason.get()
                    on:input=move |ev| reason.set(event_target_value(&ev))
                ></textarea>
                <p class="hint" id="pending-refuse-dica">{i18n.text(Key::PendingRefuseHint)}</p>
                <Show when=move || missing.get()>
                    <p class="field-error" data-testid="pending-refuse-missing">{i18n.text(Key::PendingRefuseReasonRequired)}</p>
                </Show>
            </div>
            <div class="button-row">
                <button
                    type="submit"
                    class="button button--danger"
                    data-testid="pending-refuse-confirm"
                    disabled=move || busy.get()
                >
                    {move || pending::step_label(i18n.locale(), "refuse")}
                </button>
                <button type="button" class="button button--ghost" on:click=move |_| on_cancel.run(())>
                    {i18n.text(Key::Cancel)}
                </button>
            </div>
        </form>
    }
}

/// Editing a draft or refused item, with the version it was read at.
#[component]
fn EditForm(
    item: PendingItem,
    on_done: Callback<Result<PendingItem, ApiFailure>>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let fields = ItemFields::from_item(&item);
    let submission = Submission::new();
    let (id, version) = (item.id, item.version);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(parsed) = fields.parse(i18n.locale_untracked()) else {
            submission.reset();
            return;
        };
        let update = PendingItemUpdate {
            version,
            title: Some(parsed.title),
            description: Some(parsed.description),
            category: Some(parsed.category.unwrap_or_default()),
            due_date: parsed.due_date,
            document_number: Some(parsed.document_number.unwrap_or_default()),
            reference_date: parsed.reference_date,
            amount_cents: parsed.amount_cents,
        };
        submission.run(
            async move {
                // A stale version goes to the page, which shows the
                // current item; other refusals stay in the form.
                match api
                    .send_json::<_, PendingItem>(
                        Method::PATCH,
                        &format!("/api/v1/pending-items/{id}"),
                        &update,
                    )
                    .await
                {
                    Err(failure) if failure.status() == Some(409) => Ok(Err(failure)),
                    Err(failure) => Err(failure),
                    Ok(item) => Ok(Ok(item)),
                }
            },
            move |outcome: Result<PendingItem, ApiFailure>| on_done.run(outcome),
        );
    };
    view! {
        <form class="form card" novalidate data-testid="pending-edit-form" on:submit=on_submit aria-labelledby="editar-titulo">
            <h2 class="card__title" id="editar-titulo">{i18n.text(Key::PendingEditTitle)}</h2>
            <ItemFormFields fields submission />
            <FormError submission inline_fields=INLINE_FIELDS testid="pending-edit-error" />
            <div class="button-row">
                <button
                    type="submit"
                    class="button button--primary"
                    data-testid="pending-edit-save"
                    disabled=move || submission.pending()
                >
                    {move || i18n.t(if submission.pending() { Key::Saving } else { Key::Save })}
                </button>
                <button type="button" class="button button--ghost" on:click=move |_| on_cancel.run(())>
                    {i18n.text(Key::Cancel)}
                </button>
            </div>
        </form>
    }
}

/// The answers, oldest first, each with its files.
#[component]
fn Thread(messages: Vec<PendingItemMessage>, files: Vec<PendingItemAttachment>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let zone = session.time_zone();
    if messages.is_empty() {
        return view! {
            <p class="empty" data-testid="pending-thread-empty">{i18n.text(Key::PendingNoAnswers)}</p>
        }
        .into_any();
    }
    let me = untrack(|| session.with_me(|me| me.user.id));
    view! {
        <ol class="thread__list" data-testid="pending-thread">
            {messages
                .into_iter()
                .map(|m| {
                    let when = format::datetime(&m.created_at, &zone);
                    let mine = me.is_some() && m.author.as_ref().map(|a| a.id) == me;
                    let author = m
                        .author
                        .map(|a| a.name)
                        .unwrap_or_else(|| i18n.t(Key::SystemAuthor).to_owned());
                    // The answer's own files, and any the list ties to it.
                    let mut attached = m.attachments;
                    let known: BTreeSet<Uuid> = attached.iter().map(|a| a.id).collect();
                    attached.extend(
                        files
                            .iter()
                            .filter(|f| f.message_id == Some(m.id) && !known.contains(&f.id))
                            .cloned(),
                    );
                    let body = m.body;
                    view! {
                        <li>
                            <article class="message" class:message--mine=mine data-testid="pending-message">
                                <header class="message__header">
                                    <span class="message__author" data-testid="pending-message-author">{author}</span>
                                    <time class="message__time">{when}</time>
                                </header>
                                <div class="message__body" data-testid="pending-message-body">
                                    {body.lines().map(|line| view! { <p>{line.to_owned()}</p> }).collect_view()}
                                </div>
                                {(!attached.is_empty())
                                    .then(|| view! { <AttachmentLinks attachments=attached /> })}
                            </article>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
    .into_any()
}

/// Files, each downloaded with the session's token.
#[component]
fn AttachmentLinks(attachments: Vec<PendingItemAttachment>) -> impl IntoView {
    let i18n = use_i18n();
    let failure = RwSignal::new(None::<ApiFailure>);
    let items = attachments
        .into_iter()
        .map(|attachment| {
            let size = format::file_size(attachment.size, i18n.locale_untracked());
            view! {
                <li class="attachment" data-testid="pending-attachment">
                    <DownloadButton
                        url=attachment.download_url
                        file_name=attachment.file_name
                        failure
                        testid="pending-attachment-download"
                    />
                    <span class="attachment__meta">{size}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <ul class="plain-list attachments" aria-label=i18n.text(Key::Attachments)>{items}</ul>
        {move || failure.get().map(|problem| view! { <FailureNotice failure=problem /> })}
    }
}

/// Files attached to the item itself (not to an answer).
#[component]
fn ItemFiles(files: RwSignal<Files>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        match files.get() {
        Files::Failed(failure) => view! {
            <section class="card ticket__card" aria-labelledby="pendencia-anexos-titulo">
                <h2 class="card__title" id="pendencia-anexos-titulo">{i18n.text(Key::Attachments)}</h2>
                <FailureNotice failure />
            </section>
        }
        .into_any(),
        Files::Loaded(list) => {
            let loose: Vec<PendingItemAttachment> =
                list.into_iter().filter(|a| a.message_id.is_none()).collect();
            (!loose.is_empty())
                .then(|| {
                    view! {
                        <section
                            class="card ticket__card"
                            aria-labelledby="pendencia-anexos-titulo"
                            data-testid="pending-files"
                        >
                            <h2 class="card__title" id="pendencia-anexos-titulo">{i18n.text(Key::Attachments)}</h2>
                            <AttachmentLinks attachments=loose />
                        </section>
                    }
                })
                .into_any()
        }
        Files::Loading | Files::Missing => ().into_any(),
    }
    }
}

/// "Responder": an answer, with files attached to it.
#[component]
fn Composer(id: Uuid, attachments: Signal<bool>, on_sent: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let body = RwSignal::new(String::new());
    let files = NodeRef::<html::Input>::new();
    let reset_files = RwSignal::new(0u64);
    let submission = Submission::new();
    let upload_failed = RwSignal::new(Vec::<(String, ApiFailure)>::new());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = body.get_untracked();
        if text.trim().is_empty() {
            submission.complain(Some("body"), Key::MessageRequired);
            return;
        }
        let chosen = files
            .get_untracked()
            .map(|input| picked_files(&input))
            .unwrap_or_default();
        upload_failed.set(Vec::new());
        submission.run(
            async move {
                let added = api
                    .send_json::<_, PendingItemMessage>(
                        Method::POST,
                        &format!("/api/v1/pending-items/{id}/messages"),
                        &PendingItemAnswer { body: text },
                    )
                    .await?;
                Ok(pending::upload_all(api, id, chosen, Some(added.id)).await)
            },
            move |failed| {
                body.set(String::new());
                reset_files.update(|n| *n += 1);
                upload_failed.set(failed);
                on_sent.run(());
            },
        );
    };
    let body_error = submission.field_error("body");
    view! {
        <form class="composer" novalidate data-testid="pending-composer" aria-labelledby="responder-titulo" on:submit=on_submit>
            <h2 class="composer__title" id="responder-titulo">{i18n.text(Key::Reply)}</h2>
            <div class="field composer__field">
                <label class="visually-hidden" for="pending-answer-body">{i18n.text(Key::Reply)}</label>
                <textarea
                    id="pending-answer-body"
                    class="textarea composer__body"
                    rows="5"
                    data-testid="pending-answer-body"
                    placeholder=i18n.text(Key::PendingAnswerPlaceholder)
                    aria-invalid=move || body_error.with(Option::is_some).then_some("true")
                    prop:value=move || body.get()
                    on:input=move |ev| body.set(event_target_value(&ev))
                ></textarea>
                {move || body_error.get().map(|m| view! { <p class="field-error">{m}</p> })}
            </div>
            <Show when=move || attachments.get()>
                <FilePicker id="pending-answer-files" input=files reset=reset_files testid="pending-answer-files" />
            </Show>
            <FormError submission inline_fields=&["body"] testid="pending-answer-error" />
            <UploadFailures failed=upload_failed testid="pending-upload-failed" />
            <div class="button-row">
                <button
                    type="submit"
                    class="button button--primary"
                    data-testid="pending-answer-submit"
                    disabled=move || submission.pending()
                >
                    {move || i18n.t(if submission.pending() { Key::Sending } else { Key::SendReply })}
                </button>
            </div>
        </form>
    }
}

/// What happened to the item, newest first.
#[component]
fn History(events: RwSignal<Loaded<Vec<PendingItemEvent>>>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    view! {
        <section class="card ticket__card" aria-labelledby="pendencia-historico-titulo" data-testid="pending-history">
            <h2 class="card__title" id="pendencia-historico-titulo">{i18n.text(Key::PendingHistory)}</h2>
            {move || match events.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(failure)) => view! { <FailureNotice failure /> }.into_any(),
                Some(Ok(list)) => {
                    let zone = session.time_zone();
                    let locale = i18n.locale();
                    view! {
                        <ol class="timeline">
                            {list
                                .iter()
                                .rev()
                                .map(|event| {
                                    let text = pending::event_text(locale, event);
                                    let when = format::datetime(&event.created_at, &zone);
                                    view! {
                                        <li class="timeline__item" data-testid="pending-event" data-kind=event.kind.clone()>
                                            <span class="timeline__text">{text}</span>
                                            <time class="timeline__time">{when}</time>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ol>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}
