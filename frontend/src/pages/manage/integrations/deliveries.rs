//! One endpoint's delivery log: "Enviar teste", "Trocar segredo", resending
//! what failed, and the deliveries newest first — each with its attempts
//! (what was sent, what came back) and "Reenviar". While a delivery is
//! pending the log asks again every second, so a test shows up delivered.

use atende_core::webhooks::DeliveryStatus;
use atende_types::webhooks::{
    RedeliverRange, Redelivered, WebhookAttempt, WebhookDelivery, WebhookEndpointWithSecret,
};
use chrono::Duration;
use gloo_net::http::Method;
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::use_api;
use crate::components::feedback::{Empty, FailureNotice};
use crate::components::forms::{ConfirmAction, Submission};
use crate::components::paged::{LoadState, Paged, PagedFooter};
use crate::format;
use crate::i18n::{Key, use_i18n};
use crate::pages::pending_imports::sleep;
use crate::session::use_session;
use crate::webhooks::{
    action_path, body_text, deliveries_path, delivery_badge, delivery_status, event_type,
    headers_text, redeliver_path,
};

/// How often, and how many times at most, the log asks again while a
/// delivery is pending.
const POLL_MS: i32 = 1_000;
const POLL_ROUNDS: u32 = 30;

/// What the last action brought about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Done {
    TestSent,
    Requeued(u64),
}

#[component]
pub(super) fn DeliveriesPanel(
    id: Uuid,
    name: Signal<String>,
    on_rotated: Callback<WebhookEndpointWithSecret>,
    /// The endpoint may have changed (failures in a row).
    on_changed: Callback<()>,
    on_close: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let log = Paged::<WebhookDelivery>::new(api);
    log.load(deliveries_path(id, None));
    let action = Submission::new();
    let done = RwSignal::new(None::<Done>);
    // Whose attempts are shown.
    let expanded = RwSignal::new(None::<Uuid>);
    // Each poll has a number; a newer one ends the older.
    let polling = StoredValue::new(0_u32);
    let poll = Callback::new(move |()| {
        let run = polling.get_value().wrapping_add(1);
        polling.set_value(run);
        log.refresh();
        leptos::task::spawn_local(async move {
            for round in 0..POLL_ROUNDS {
                sleep(POLL_MS).await;
                // The panel closed, or another poll took over.
                if polling.try_get_value() != Some(run) {
                    return;
                }
                let waiting = log
                    .items()
                    .iter()
                    .any(|d| d.status == DeliveryStatus::Pending);
                if round > 0 && !waiting {
                    break;
                }
                log.refresh();
            }
            if polling.try_get_value() == Some(run) {
                on_changed.run(());
            }
        });
    });

    let send_test = move |_| {
        done.set(None);
        action.run(
            async move {
                api.send_empty::<WebhookDelivery>(Method::POST, &action_path(id, "test"))
                    .await
            },
            move |_| {
                done.set(Some(Done::TestSent));
                poll.run(());
            },
        );
    };
    let rotate = Callback::new(move |()| {
        done.set(None);
        action.run(
            async move {
                api.send_empty::<WebhookEndpointWithSecret>(
                    Method::POST,
                    &action_path(id, "rotate-secret"),
                )
                .await
            },
            move |with| on_rotated.run(with),
        );
    });
    let redeliver_failed = Callback::new(move |()| {
        done.set(None);
        let to = format::now();
        let range = RedeliverRange {
            from: to - Duration::days(30),
            to,
        };
        action.run(
            async move {
                api.send_json::<_, Redelivered>(Method::POST, &action_path(id, "redeliver"), &range)
                    .await
            },
            move |answer| {
                done.set(Some(Done::Requeued(answer.queued)));
                poll.run(());
            },
        );
    });
    let pending = Signal::derive(move || action.pending());

    view! {
        <section class="card webhook-panel" aria-labelledby="webhook-entregas-titulo" data-testid="webhook-panel" data-id=id.to_string()>
            <h2 class="card__title" id="webhook-entregas-titulo">
                {move || i18n.t(Key::WebhookDeliveriesOf).replace("{name}", &name.get())}
            </h2>
            <p class="hint">{i18n.text(Key::WebhookDeliveriesLead)}</p>
            <div class="toolbar webhook-panel__toolbar">
                <div class="button-row">
                    <button
                        type="button"
                        class="button button--primary"
                        data-testid="webhook-test"
                        disabled=move || action.pending()
                        on:click=send_test
                    >
                        {i18n.text(Key::WebhookSendTest)}
                    </button>
                    <ConfirmAction
                        label=Key::WebhookRotate
                        question=Key::WebhookRotateQuestion
                        confirm=Key::WebhookRotate
                        on_confirm=rotate
                        pending
                        testid="webhook-rotate"
                    />
                    <ConfirmAction
                        label=Key::WebhookRedeliverFailed
                        question=Key::WebhookRedeliverFailedQuestion
                        confirm=Key::WebhookRedeliver
                        on_confirm=redeliver_failed
                        pending
                        testid="webhook-redeliver-failed"
                    />
                </div>
                <div class="button-row">
                    <label class="visually-hidden" for="webhook-status-filter">{i18n.text(Key::Status)}</label>
                    <select
                        id="webhook-status-filter"
                        class="select select--compact"
                        data-testid="webhook-status-filter"
                        on:change=move |ev| {
                            let chosen = DeliveryStatus::parse(&event_target_value(&ev));
                            log.load(deliveries_path(id, chosen));
                        }
                    >
                        <option value="">{i18n.text(Key::AllStatuses)}</option>
                        {DeliveryStatus::ALL
                            .iter()
                            .map(|s| {
                                let s = *s;
                                view! { <option value=s.as_str()>{move || delivery_status(i18n.locale(), s)}</option> }
                            })
                            .collect_view()}
                    </select>
                    <button
                        type="button"
                        class="button button--secondary"
                        data-testid="webhook-deliveries-refresh"
                        on:click=move |_| {
                            log.refresh();
                            on_changed.run(());
                        }
                    >
                        {i18n.text(Key::WebhookRefresh)}
                    </button>
                    <button type="button" class="button button--ghost" data-testid="webhook-panel-close" on:click=move |_| on_close.run(())>
                        {i18n.text(Key::Close)}
                    </button>
                </div>
            </div>
            {move || {
                done.get()
                    .map(|done| {
                        let text = match done {
                            Done::TestSent => i18n.t(Key::WebhookTestSent).to_owned(),
                            Done::Requeued(n) => i18n.t(Key::WebhookRequeued).replace("{n}", &n.to_string()),
                        };
                        view! {
                            <div class="notice notice--success" role="status" data-testid="webhook-action-done">
                                <p class="notice__message">{text}</p>
                            </div>
                        }
                    })
            }}
            {move || action.failure().map(|failure| view! { <FailureNotice failure /> })}
            <Show
                when=move || !log.is_empty()
                fallback=|| view! { <Empty text=Key::WebhookDeliveriesEmpty testid="webhook-deliveries-empty" /> }
            >
                <Show when=move || log.state() != LoadState::Loading>
                    <div class="table-wrap">
                        <table class="table table--cards table--deliveries" data-testid="webhook-deliveries">
                            <caption class="visually-hidden">{i18n.text(Key::WebhookDeliveries)}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{i18n.text(Key::WebhookEvent)}</th>
                                    <th scope="col">{i18n.text(Key::Status)}</th>
                                    <th scope="col" class="numeric">{i18n.text(Key::WebhookAttempts)}</th>
                                    <th scope="col" class="numeric">{i18n.text(Key::WebhookLastStatus)}</th>
                                    <th scope="col">{i18n.text(Key::WebhookCreatedAt)}</th>
                                    <th scope="col">
                                        <span class="visually-hidden">{i18n.text(Key::Actions)}</span>
                                    </th>
                                </tr>
                            </thead>
                            <tbody>
                                <For
                                    each=move || log.items()
                                    key=|d| (d.id, d.updated_at, d.attempts_log.len())
                                    let:delivery
                                >
                                    <DeliveryRow endpoint=id delivery expanded on_redelivered=poll />
                                </For>
                            </tbody>
                        </table>
                    </div>
                </Show>
            </Show>
            <PagedFooter paged=log testid="webhook-deliveries-more" />
        </section>
    }
}

#[component]
fn DeliveryRow(
    endpoint: Uuid,
    delivery: WebhookDelivery,
    expanded: RwSignal<Option<Uuid>>,
    on_redelivered: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let api = use_api();
    let id = delivery.id;
    let status = delivery.status;
    let kind = delivery.event_type.clone();
    let type_name = kind.clone();
    let zone = move || session.time_zone();
    let created_at = delivery.created_at;
    let next = delivery
        .next_attempt_at
        .filter(|_| status == DeliveryStatus::Pending);
    let resend = Submission::new();
    let on_resend = move |_| {
        resend.run(
            async move {
                api.send_empty::<WebhookDelivery>(Method::POST, &redeliver_path(endpoint, id))
                    .await
            },
            move |_| on_redelivered.run(()),
        );
    };
    let attempts = delivery.attempts_log.clone();
    let is_open = move || expanded.get() == Some(id);
    let details_id = format!("webhook-tentativas-{id}");
    view! {
        <tr data-testid="webhook-delivery" data-id=id.to_string() data-status=status.as_str() data-type=type_name>
            <td class="cell-primary">
                <span class="cell-title" data-testid="webhook-delivery-event">
                    {move || event_type(i18n.locale(), &kind)}
                </span>
                <span class="cell-sub cell-mono cell-url">{delivery.message_id.clone()}</span>
            </td>
            <td data-label=i18n.text(Key::Status)>
                <span class=delivery_badge(status) data-testid="webhook-delivery-status">
                    {move || delivery_status(i18n.locale(), status)}
                </span>
                {next
                    .map(|at| {
                        view! {
                            <span class="cell-sub">
                                {move || i18n.t(Key::WebhookNextAttempt).replace("{when}", &format::datetime(&at, &zone()))}
                            </span>
                        }
                    })}
            </td>
            <td class="numeric" data-label=i18n.text(Key::WebhookAttempts) data-testid="webhook-delivery-attempts">
                {delivery.attempts}
            </td>
            <td class="numeric" data-label=i18n.text(Key::WebhookLastStatus) data-testid="webhook-delivery-last-status">
                {delivery.last_status.map_or_else(|| "—".to_owned(), |s| s.to_string())}
            </td>
            <td class="cell-nowrap" data-label=i18n.text(Key::WebhookCreatedAt) data-testid="webhook-delivery-created">
                {move || format::datetime(&created_at, &zone())}
            </td>
            <td class="cell-actions">
                <button
                    type="button"
                    class="button button--secondary button--small"
                    data-testid="webhook-delivery-toggle"
                    aria-expanded=move || is_open().to_string()
                    aria-controls=details_id.clone()
                    on:click=move |_| expanded.update(|e| *e = if *e == Some(id) { None } else { Some(id) })
                >
                    {i18n.text(Key::WebhookAttemptsShow)}
                </button>
                <button
                    type="button"
                    class="button button--secondary button--small"
                    data-testid="webhook-redeliver"
                    disabled=move || resend.pending()
                    on:click=on_resend
                >
                    {i18n.text(Key::WebhookRedeliver)}
                </button>
            </td>
        </tr>
        {move || {
            resend
                .failure()
                .map(|failure| {
                    view! {
                        <tr class="table__detail">
                            <td colspan="6">
                                <FailureNotice failure />
                            </td>
                        </tr>
                    }
                })
        }}
        <Show when=is_open>
            <tr class="table__detail" id=details_id.clone() data-testid="webhook-delivery-details">
                <td colspan="6">
                    <Attempts attempts=attempts.clone() />
                </td>
            </tr>
        </Show>
    }
}

/// What each attempt sent and what came back, newest first.
#[component]
fn Attempts(attempts: Vec<WebhookAttempt>) -> impl IntoView {
    let i18n = use_i18n();
    if attempts.is_empty() {
        return view! { <p class="hint">{i18n.text(Key::WebhookNoAttempts)}</p> }.into_any();
    }
    view! {
        <ol class="attempts">
            {attempts.into_iter().map(|attempt| view! { <Attempt attempt /> }).collect_view()}
        </ol>
    }
    .into_any()
}

#[component]
fn Attempt(attempt: WebhookAttempt) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let at = attempt.attempted_at;
    let when = move || {
        i18n.t(Key::WebhookAttemptAt)
            .replace("{when}", &format::datetime(&at, &session.time_zone()))
    };
    let answered = attempt.response_status;
    let latency = attempt.latency_ms;
    let headers = headers_text(&attempt.request_headers);
    let body = body_text(&attempt.request_body);
    let response = attempt
        .response_body
        .as_deref()
        .map_or_else(|| "—".to_owned(), body_text);
    view! {
        <li class="attempt" data-testid="webhook-attempt">
            <p class="attempt__head">
                <strong>{when}</strong>
                <span>
                    {i18n.text(Key::WebhookAnswer)} ": "
                    <span
                        class=match answered {
                            Some(200..=299) => "badge badge--success",
                            Some(_) => "badge badge--danger",
                            None => "badge badge--neutral",
                        }
                        data-testid="webhook-attempt-status"
                    >
                        {match answered {
                            Some(code) => code.to_string().into_any(),
                            None => i18n.text(Key::WebhookNoAnswer).into_any(),
                        }}
                    </span>
                </span>
                <span data-testid="webhook-attempt-latency">
                    {move || i18n.t(Key::WebhookLatency).replace("{ms}", &latency.to_string())}
                </span>
            </p>
            {attempt
                .error
                .map(|error| {
                    view! {
                        <p class="attempt__error" data-testid="webhook-attempt-error">
                            <strong>{i18n.text(Key::WebhookError)} ": "</strong>
                            {error}
                        </p>
                    }
                })}
            <div class="changes__columns">
                <div>
                    <p class="changes__title">{i18n.text(Key::WebhookRequestHeaders)}</p>
                    <pre class="json" data-testid="webhook-attempt-headers">{headers}</pre>
                </div>
                <div>
                    <p class="changes__title">{i18n.text(Key::WebhookRequestBody)}</p>
                    <pre class="json" data-testid="webhook-attempt-body">{body}</pre>
                </div>
                <div>
                    <p class="changes__title">{i18n.text(Key::WebhookResponseBody)}</p>
                    <pre class="json" data-testid="webhook-attempt-response">{response}</pre>
                </div>
            </div>
        </li>
    }
}
