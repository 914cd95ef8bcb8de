//! `/pendencias/aprovacao`: the approval queue — the items awaiting
//! approval in the supervisor's reach, oldest work first in mind, newest
//! first on screen like every list. Select some (or the whole page) and
//! approve them, or refuse them with one reason for all; each item
//! succeeds or fails on its own and the failures are listed.

use std::collections::HashMap;

use atende_types::pending::{PendingItem, PendingItemBulkResult, PendingItemBulkStep};
use gloo_net::http::Method;
use leptos::prelude::*;

use uuid::Uuid;

use crate::api::use_api;
use crate::components::forms::{FormError, Submission};
use crate::components::guard::RequirePermission;
use crate::components::layout::use_document_title;
use crate::components::paged::{Paged, PagedFooter};
use crate::i18n::{Key, use_i18n};
use crate::pages::pending::list::PendingTable;
use crate::pages::pending::{BulkResultNotice, today};
use crate::pending;
use crate::session::use_session;

/// Added to the items' links: their page then leads back to the queue.
pub const BACK_TO_QUEUE: &str = "de=aprovacao";

/// `/pendencias/aprovacao`.
#[component]
pub fn PendingApprovalPage() -> impl IntoView {
    use_document_title(Key::PendingApprovalTitle);
    view! {
        <RequirePermission any_of=&["pending_items.approve"]>
            <ApprovalQueue />
        </RequirePermission>
    }
}

#[component]
fn ApprovalQueue() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let api = use_api();
    let items = Paged::<PendingItem>::new(api);
    let selected = RwSignal::new(Vec::<Uuid>::new());
    let result = RwSignal::new(None::<(PendingItemBulkResult, HashMap<Uuid, i64>)>);
    items.load("/api/v1/pending-items?status=awaiting_approval".to_owned());

    let on_done = Callback::new(move |outcome: PendingItemBulkResult| {
        let numbers: HashMap<Uuid, i64> = items.items().iter().map(|i| (i.id, i.number)).collect();
        selected.update(|s| s.retain(|id| outcome.failed.iter().any(|f| f.id == *id)));
        result.set(Some((outcome, numbers)));
        items.reload();
    });

    view! {
        <div class="page page--wide">
            <header class="page__header">
                <h1 class="page__title" data-testid="page-title">{i18n.text(Key::PendingApprovalTitle)}</h1>
                <p class="page__lead">{i18n.text(Key::PendingApprovalLead)}</p>
            </header>
            <Show when=move || !selected.with(Vec::is_empty)>
                <DecisionBar selected on_done />
            </Show>
            {move || {
                result
                    .get()
                    .map(|(outcome, numbers)| {
                        view! {
                            <BulkResultNotice
                                result=outcome
                                numbers
                                on_close=Callback::new(move |()| result.set(None))
                            />
                        }
                    })
            }}
            <PendingTable
                items
                selected=Some(selected)
                today=today(session)
                show_operator=true
                link_query=BACK_TO_QUEUE
            />
            <PagedFooter paged=items testid="pending-approval-load-more" />
        </div>
    }
}

/// "Aprovar" or "Recusar" (one reason for all) the selected items.
#[component]
fn DecisionBar(
    selected: RwSignal<Vec<Uuid>>,
    on_done: Callback<PendingItemBulkResult>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let session = use_session();
    let can_refuse = untrack(|| session.can("pending_items.refuse"));
    let refusing = RwSignal::new(false);
    let approving = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let submission = Submission::new();
    let decide = move |action: &'static str| {
        let reason_text = reason.get_untracked().trim().to_owned();
        if action == "refuse" && reason_text.is_empty() {
            submission.complain(Some("reason"), Key::PendingRefuseReasonRequired);
            return;
        }
        let step = PendingItemBulkStep {
            ids: selected.get_untracked(),
            action: action.to_owned(),
            reason: (action == "refuse").then_some(reason_text),
        };
        submission.run(
            async move {
                api.send_json::<_, PendingItemBulkResult>(
                    Method::POST,
                    "/api/v1/pending-items/bulk",
                    &step,
                )
                .await
            },
            move |outcome| {
                refusing.set(false);
                approving.set(false);
                reason.set(String::new());
                on_done.run(outcome);
            },
        );
    };
    let reason_error = submission.field_error("reason");
    view! {
        <div class="bulk-bar" role="group" aria-labelledby="pending-approval-count" data-testid="pending-approval-bar">
            <p class="bulk-bar__count" id="pending-approval-count" data-testid="pending-bulk-count">
                {move || i18n.t(Key::BulkSelected).replace("{n}", &selected.with(Vec::len).to_string())}
            </p>
            <div class="button-row">
                <button
                    type="button"
                    class="button button--primary"
                    data-testid="pending-bulk-approve"
                    disabled=move || submission.pending() || approving.get()
                    on:click=move |_| {
                        refusing.set(false);
                        approving.set(true);
                    }
                >
                    {move || pending::step_label(i18n.locale(), "approve")}
                </button>
                <Show when=move || can_refuse>
                    <button
                        type="button"
                        class="button button--danger-outline"
                        data-testid="pending-bulk-refuse"
                        disabled=move || submission.pending() || refusing.get()
                        on:click=move |_| {
                            approving.set(false);
                            refusing.set(true);
                        }
                    >
                        {move || pending::step_label(i18n.locale(), "refuse")}
                    </button>
                </Show>
                <button
                    type="button"
                    class="button button--ghost"
                    data-testid="pending-bulk-clear"
                    on:click=move |_| selected.set(Vec::new())
                >
                    {i18n.text(Key::ClearSelection)}
                </button>
            </div>
            <Show when=move || approving.get()>
                <div class="confirm confirm--block pending-refuse" role="group" data-testid="pending-bulk-approve-confirmation">
                    <p class="confirm__question">
                        {move || {
                            i18n.t(Key::PendingApproveSelectedQuestion)
                                .replace("{n}", &selected.with(Vec::len).to_string())
                        }}
                    </p>
                    <div class="button-row">
                        <button
                            type="button"
                            class="button button--primary"
                            data-testid="pending-bulk-approve-confirm"
                            disabled=move || submission.pending()
                            on:click=move |_| decide("approve")
                        >
                            {move || pending::step_label(i18n.locale(), "approve")}
                        </button>
                        <button type="button" class="button button--ghost" on:click=move |_| approving.set(false)>
                            {i18n.text(Key::Cancel)}
                        </button>
                    </div>
                </div>
            </Show>
            <Show when=move || refusing.get()>
                <form
                    class="form pending-refuse"
                    novalidate
                    data-testid="pending-bulk-refuse-form"
                    on:submit=move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        decide("refuse");
                    }
                >
                    <div class="field">
                        <label class="label" for="pending-bulk-reason">{i18n.text(Key::PendingRefusalReasonAll)}</label>
                        <textarea
                            id="pending-bulk-reason"
                            class="textarea"
                            rows="3"
                            data-testid="pending-bulk-reason"
                            aria-invalid=move || reason_error.with(Option::is_some).then_some("true")
                            prop:value=move || reason.get()
                            on:input=move |ev| reason.set(event_target_value(&ev))
                        ></textarea>
                        {move || reason_error.get().map(|m| view! { <p class="field-error">{m}</p> })}
                    </div>
                    <div class="button-row">
                        <button
                            type="submit"
                            class="button button--danger"
                            data-testid="pending-bulk-refuse-confirm"
                            disabled=move || submission.pending()
                        >
                            {move || pending::step_label(i18n.locale(), "refuse")}
                        </button>
                        <button type="button" class="button button--ghost" on:click=move |_| refusing.set(false)>
                            {i18n.text(Key::Cancel)}
                        </button>
                    </div>
                </form>
            </Show>
            <FormError submission inline_fields=&["reason"] testid="pending-bulk-error" />
        </div>
    }
}
