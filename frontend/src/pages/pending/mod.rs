//! The pending-item screens (pendências, the UP380 workflow): the list
//! with filters and bulk submission, segment navigation, the new-item
//! form, an item's page (facts, workflow buttons from the item's
//! `actions`, answers with files, history), the approval queue and the
//! three dashboards. Pieces shared by them live here.

pub mod approval;
pub mod dashboards;
pub mod detail;
pub mod list;
pub mod new;
pub mod segments;

use std::collections::HashMap;

use atende_types::pending::PendingItemBulkResult;
use chrono::NaiveDate;
use leptos::prelude::*;
use uuid::Uuid;

use crate::format;
use crate::i18n::{Key, use_i18n};
use crate::pending;
use crate::session::Session;

/// Whether the person has a client role (Cliente, Cliente supervisor):
/// they see items only from the approval on (untracked).
pub fn is_client(session: Session) -> bool {
    untrack(|| {
        session
            .with_me(|me| matches!(me.user.role.as_str(), "client" | "client_supervisor"))
            .unwrap_or(false)
    })
}

/// Today in the person's time zone.
pub fn today(session: Session) -> NaiveDate {
    let zone = untrack(|| session.time_zone());
    let now = format::now();
    format::day_of(&now.to_rfc3339(), &zone).unwrap_or_else(|| now.date_naive())
}

/// A status chip in Portuguese (English second), in its colour.
#[component]
pub fn StatusChip(#[prop(into)] status: String) -> impl IntoView {
    let i18n = use_i18n();
    let class = pending::status_badge(&status);
    let data = status.clone();
    view! {
        <span class=class data-testid="pending-status" data-status=data>
            {move || pending::status_label(i18n.locale(), &status)}
        </span>
    }
}

/// What a bulk step did: how many items it moved and, for each it could
/// not, the item's number and why.
#[component]
pub fn BulkResultNotice(
    result: PendingItemBulkResult,
    /// Item numbers by id, to name the failures.
    numbers: HashMap<Uuid, i64>,
    on_close: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let done = result.done.len();
    let all_done = result.failed.is_empty();
    let failed = result.failed;
    let failed_count = failed.len();
    view! {
        <div
            class="notice"
            class:notice--success=all_done
            class:notice--warning=!all_done
            role="status"
            data-testid="pending-bulk-result"
        >
            <p class="notice__message" data-testid="pending-bulk-done">
                {move || i18n.t(Key::PendingBulkDone).replace("{n}", &done.to_string())}
            </p>
            {(!all_done)
                .then(|| {
                    view! {
                        <p class="notice__message">
                            {move || i18n.t(Key::PendingBulkFailed).replace("{n}", &failed_count.to_string())}
                        </p>
                        <ul class="plain-list" data-testid="pending-bulk-failures">
                            {failed
                                .iter()
                                .map(|f| {
                                    let number = numbers
                                        .get(&f.id)
                                        .map_or_else(|| f.id.to_string(), |n| pending::number(*n));
                                    let reason = f.reason.clone();
                                    view! {
                                        <li data-testid="pending-bulk-failure">{number} ": " {reason}</li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                })}
            <button
                type="button"
                class="button button--ghost button--small"
                on:click=move |_| on_close.run(())
            >
                {i18n.text(Key::Close)}
            </button>
        </div>
    }
}
