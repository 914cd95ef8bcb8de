//! `/chamados/:id`: one ticket. Everyone sees its description, the thread
//! (clients never get internal notes: the server leaves them out), the
//! attachments and the reply box; a client can mark an unfinished ticket
//! solved, and reopen a solved one within the window, giving a reason.
//! Staff who work tickets also get the controls (status, priority,
//! assignee, team, category, tags), internal notes with `@mentions`,
//! canned responses and the timeline. Everyone sees the SLA.
//!
//! Every change is sent with the version it is based on: when someone else
//! changed the ticket meanwhile the server refuses (409, naming who), the
//! page says so and shows the current version. Changes made elsewhere
//! arrive through the event stream and reload the page's data.

use atende_core::tickets::{Priority, TicketStatus};
use atende_types::{
    automation::RuleFired,
    sla::TicketSla,
    tickets::{
        Attachment, StaffMember, Ticket, TicketEvent, TicketMessage, TicketReopen, TicketUpdate,
    },
};
use gloo_net::http::Method;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use uuid::Uuid;

use crate::api::{ApiFailure, use_api};
use crate::automation::firing_text;
use crate::components::feedback::{FailureNotice, Loading};
use crate::components::forms::{ConfirmAction, FormError, Submission};
use crate::components::guard::RequirePermission;
use crate::components::marks::ConditionMark;
use crate::format;
use crate::i18n::{Key, use_i18n};
use crate::labels;
use crate::live::use_live;
use crate::pages::not_found::NotFound;
use crate::pages::tickets::composer::Composer;
use crate::pages::tickets::shared::{
    AttachmentList, AttachmentsState, PriorityBadge, RecordTop, StatusBadge, describe_failure,
    is_missing, load_staff, use_categories, use_teams,
};
use crate::session::{Session, use_session};
use crate::tickets::{
    CategoryInfo, Named, TeamInfo, can_move, can_reopen, category_label, event_text, moves_from,
    parse_tags,
};

/// How a ticket's address names it: by id, or by number (`/chamados/41`,
/// as people quote it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketRef {
    Id(Uuid),
    Number(i64),
}

impl TicketRef {
    /// `3f2a…` (an id), `41`, `000041` or `#000041`; `None` for anything
    /// else.
    pub fn parse(text: &str) -> Option<Self> {
        if let Ok(id) = Uuid::parse_str(text) {
            return Some(Self::Id(id));
        }
        let digits = text.trim().trim_start_matches('#');
        if digits.is_empty() || digits.len() > 12 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits
            .parse::<i64>()
            .ok()
            .filter(|n| *n > 0)
            .map(Self::Number)
    }
}

/// `/chamados/:id` (an id or a number); anything else is an unknown page.
#[component]
pub fn TicketPage() -> impl IntoView {
    let params = use_params_map();
    let reference =
        Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| TicketRef::parse(&id))));
    move || match reference.get() {
        None => view! { <NotFound /> }.into_any(),
        Some(TicketRef::Id(id)) => view! {
            <RequirePermission any_of=&["tickets.view"]>
                <TicketDetail id />
            </RequirePermission>
        }
        .into_any(),
        Some(TicketRef::Number(number)) => view! {
            <RequirePermission any_of=&["tickets.view"]>
                <TicketByNumber number />
            </RequirePermission>
        }
        .into_any(),
    }
}

/// A ticket addressed by its number: the server finds it (`GET
/// /tickets/41` accepts a number), then the page works with its id.
#[component]
fn TicketByNumber(number: i64) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let found = LocalResource::new(move || async move {
        api.get_json::<Ticket>(&format!("/api/v1/tickets/{number}"))
            .await
    });
    let retry = Callback::new(move |()| found.refetch());
    move || match found.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Ok(ticket)) => view! { <TicketDetail id=ticket.id /> }.into_any(),
        Some(Err(failure)) if is_missing(&failure) => view! {
            <div class="page ticket">
                <h1 class="page__title" data-testid="page-title">{i18n.text(Key::Ticket)}</h1>
                <div class="notice notice--info" role="status" data-testid="record-gone">
                    <p class="notice__message">{i18n.text(Key::TicketGone)}</p>
                </div>
            </div>
        }
        .into_any(),
        Some(Err(failure)) => view! { <FailureNotice failure on_retry=retry /> }.into_any(),
    }
}

type Loaded<T> = Option<Result<T, ApiFailure>>;

#[component]
fn TicketDetail(id: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let api = use_api();
    let live = use_live();
    let query = use_query_map();
    let just_opened = query.with_untracked(|q| q.get("aberto").is_some());
    let staff = untrack(|| session.can("tickets.work"));
    let can_note = staff && untrack(|| session.can("tickets.internal_notes"));

    let ticket = RwSignal::new(None::<Result<Ticket, ApiFailure>>);
    let messages = RwSignal::new(None::<Result<Vec<TicketMessage>, ApiFailure>>);
    let events = RwSignal::new(None::<Result<Vec<TicketEvent>, ApiFailure>>);
    let attachments = RwSignal::new(AttachmentsState::Loading);
    let notice = RwSignal::new(None::<ApiFailure>);
    let saving = RwSignal::new(false);
    // Set when the client has just marked the ticket solved here.
    let marked_solved = RwSignal::new(false);
    let generation = StoredValue::new(0u64);
    // Bumped whenever the ticket is read again: its SLA follows.
    let sla_refresh = RwSignal::new(0u64);

    let current = move || ticket.with(|t| t.as_ref().and_then(|t| t.as_ref().ok()).cloned());
    let company = Memo::new(move |_| {
        ticket.with(|t| {
            t.as_ref()
                .and_then(|t| t.as_ref().ok())
                .map(|t| t.company_id)
        })
    });

    let load_thread = move || {
        leptos::task::spawn_local(async move {
            let result = api
                .get_json::<Vec<TicketMessage>>(&format!("/api/v1/tickets/{id}/messages"))
                .await;
            messages.set(Some(result));
        });
    };
    let load_events = move || {
        if !staff {
            return;
        }
        leptos::task::spawn_local(async move {
            let result = api
                .get_json::<Vec<TicketEvent>>(&format!("/api/v1/tickets/{id}/events"))
                .await;
            events.set(Some(result));
        });
    };
    let load_attachments = move || {
        leptos::task::spawn_local(async move {
            let result = api
                .get_list::<Attachment>(&format!("/api/v1/tickets/{id}/attachments"))
                .await;
            attachments.set(match result {
                Ok(list) => AttachmentsState::Loaded(list),
                Err(failure) if is_missing(&failure) => AttachmentsState::Missing,
                Err(failure) => AttachmentsState::Failed(failure),
            });
        });
    };
    let load = move || {
        let this = generation.get_value().wrapping_add(1);
        generation.set_value(this);
        leptos::task::spawn_local(async move {
            let result = api
                .get_json::<Ticket>(&format!("/api/v1/tickets/{id}"))
                .await;
            if generation.try_get_value() == Some(this) {
                ticket.set(Some(result));
                sla_refresh.update(|n| *n = n.wrapping_add(1));
            }
        });
        load_thread();
        load_events();
        if !matches!(attachments.get_untracked(), AttachmentsState::Missing) {
            load_attachments();
        }
    };
    load();

    // Changes made elsewhere.
    Effect::new(move |previous: Option<u64>| {
        let changes = live.changes();
        if previous.is_some() {
            let version = ticket
                .with_untracked(|t| t.as_ref().and_then(|t| t.as_ref().ok()).map(|t| t.version));
            // An SLA alert leaves the version as it was but changes the
            // SLA (and, escalating, maybe the ticket).
            let ours = untrack(|| live.last_changes()).map(|changes| {
                changes.iter().any(|c| {
                    c.ticket_id == id && (Some(c.version) != version || c.kind.starts_with("sla_"))
                })
            });
            // `None`: a reconnection, anything may have changed.
            if ours != Some(false) {
                load();
            }
        }
        changes
    });

    // "#000123 Subject · Atende".
    Effect::new(move |_| {
        let title = match ticket.get() {
            Some(Ok(t)) => format!("{} {}", t.reference, t.subject),
            _ => i18n.t(Key::Ticket).to_owned(),
        };
        document().set_title(&format!("{title} · {}", i18n.t(Key::ProductName)));
    });

    let patch = Callback::new(move |change: TicketUpdate| {
        let Some(Ok(now)) = ticket.get_untracked() else {
            return;
        };
        let change = TicketUpdate {
            version: now.version,
            ..change
        };
        saving.set(true);
        notice.set(None);
        leptos::task::spawn_local(async move {
            let result = api
                .send_json::<_, Ticket>(Method::PATCH, &format!("/api/v1/tickets/{id}"), &change)
                .await;
            saving.set(false);
            match result {
                Ok(updated) => {
                    ticket.set(Some(Ok(updated)));
                    sla_refresh.update(|n| *n = n.wrapping_add(1));
                    load_events();
                }
                Err(failure) => {
                    let conflict = failure.code() == Some("conflict");
                    notice.set(Some(failure));
                    if conflict {
                        load();
                    } else {
                        // The controls go back to what the ticket says.
                        ticket.update(|_| {});
                    }
                }
            }
        });
    });
    let on_sent = Callback::new(move |()| load());
    // A client's "Marcar como resolvido": no version (the server checks
    // the transition from the current status); a refusal is shown like a
    // refused change, and the page shows what the ticket is now.
    let solve = Callback::new(move |()| {
        saving.set(true);
        notice.set(None);
        marked_solved.set(false);
        leptos::task::spawn_local(async move {
            let result = api
                .send_empty::<Ticket>(Method::POST, &format!("/api/v1/tickets/{id}/solve"))
                .await;
            saving.set(false);
            match result {
                Ok(updated) => {
                    ticket.set(Some(Ok(updated)));
                    marked_solved.set(true);
                }
                Err(failure) => {
                    notice.set(Some(failure));
                    load();
                }
            }
        });
    });

    let teams = use_teams();
    let categories = use_categories();
    let staff_list = LocalResource::new(move || {
        let company = company.get();
        async move {
            match company {
                Some(company) if staff => load_staff(api, Some(company)).await,
                _ => None,
            }
        }
    });
    let staff_members = Signal::derive(move || staff_list.get().flatten());
    let team_list = Signal::derive(move || teams.get().unwrap_or_default());
    let category_list = Signal::derive(move || categories.get().unwrap_or_default());
    let attachments_ready =
        Signal::derive(move || matches!(attachments.get(), AttachmentsState::Loaded(_)));

    let reopenable = Memo::new(move |_| {
        !staff
            && ticket.with(|t| {
                t.as_ref()
                    .and_then(|t| t.as_ref().ok())
                    .is_some_and(|t| can_reopen(&t.status, t.solved_at, format::now()))
            })
    });
    let solvable = Memo::new(move |_| {
        !staff
            && ticket.with(|t| {
                t.as_ref()
                    .and_then(|t| t.as_ref().ok())
                    .is_some_and(|t| can_move(&t.status, TicketStatus::Solved.as_str()))
            })
    });
    let composing = Memo::new(move |_| {
        ticket.with(|t| {
            t.as_ref()
                .and_then(|t| t.as_ref().ok())
                .map(|t| (t.company_id, t.status == TicketStatus::Closed.as_str()))
        })
    });

    let back = if staff {
        ("/atendimento", Key::BackToWorkspace)
    } else {
        ("/chamados", Key::BackToTickets)
    };

    view! {
        <div class="page page--wide ticket">
            <RecordTop
                back
                back_testid="ticket-back"
                record=ticket
                title=Key::Ticket
                on_retry=Callback::new(move |()| load())
                header=|t| view! { <TicketHeader ticket=t /> }
                created=just_opened.then_some((Key::TicketOpened, "ticket-created"))
                gone=Key::TicketGone
            />
            <div class="notice-slot" aria-live="assertive">
                {move || {
                    notice
                        .get()
                        .map(|failure| {
                            view! {
                                <div class="notice notice--warning" data-testid="ticket-notice">
                                    <p class="notice__message">{move || describe_failure(i18n.locale(), &failure)}</p>
                                </div>
                            }
                        })
                }}
                {move || {
                    // Until the ticket moves on (a reopening, here or elsewhere).
                    let still_solved = ticket.with(|t| {
                        t.as_ref()
                            .and_then(|t| t.as_ref().ok())
                            .is_some_and(|t| t.status == TicketStatus::Solved.as_str())
                    });
                    (marked_solved.get() && still_solved)
                        .then(|| {
                            view! {
                                <div class="notice notice--success" role="status" data-testid="ticket-solved">
                                    <p class="notice__message">{i18n.text(Key::MarkedSolved)}</p>
                                </div>
                            }
                        })
                }}
            </div>
            <Show when=move || current().is_some()>
                <div class="ticket__layout">
                    <div class="ticket__main">
                        {move || current().map(|t| view! { <Description ticket=t /> })}
                        <section class="thread" aria-labelledby="conversa-titulo">
                            <h2 class="section__title" id="conversa-titulo">{i18n.text(Key::Conversation)}</h2>
                            {move || match messages.get() {
                                None => view! { <Loading /> }.into_any(),
                                Some(Err(failure)) => {
                                    view! { <FailureNotice failure on_retry=Callback::new(move |()| load_thread()) /> }
                                        .into_any()
                                }
                                Some(Ok(list)) => view! { <Thread messages=list /> }.into_any(),
                            }}
                        </section>
                        <Show when=move || solvable.get()>
                            <MarkSolved on_solve=solve saving=saving.into() />
                        </Show>
                        <Show when=move || reopenable.get()>
                            <Reopen id on_done=Callback::new(move |()| {
                                marked_solved.set(false);
                                load();
                            }) />
                        </Show>
                        // Drawn again only when the company or "closed"
                        // changes, so a reload keeps what is being typed.
                        {move || {
                            composing
                                .get()
                                .map(|(company_id, closed)| {
                                    if closed {
                                        view! {
                                            <p class="notice notice--info" data-testid="ticket-closed">
                                                {i18n.text(Key::TicketClosedNoReply)}
                                            </p>
                                        }
                                            .into_any()
                                    } else {
                                        view! {
                                            <Composer
                                                ticket_id=id
                                                company_id
                                                can_note
                                                can_use_canned=staff
                                                attachments_ready
                                                on_sent
                                            />
                                        }
                                            .into_any()
                                    }
                                })
                        }}
                    </div>
                    <aside class="ticket__aside" aria-label=i18n.text(Key::TicketDetails)>
                        {move || {
                            current()
                                .map(|t| {
                                    if staff {
                                        view! {
                                            <TicketControls
                                                ticket=t
                                                patch
                                                saving=saving.into()
                                                staff=staff_members
                                                teams=team_list
                                                categories=category_list
                                            />
                                        }
                                            .into_any()
                                    } else {
                                        view! { <TicketFacts ticket=t categories=category_list /> }.into_any()
                                    }
                                })
                        }}
                        // Clients see their ticket's SLA too.
                        <SlaPanel id refresh=sla_refresh.read_only() />
                        <AttachmentList state=attachments />
                        <Show when=move || staff>
                            <Timeline
                                events
                                staff=staff_members
                                teams=team_list
                                categories=category_list
                                ticket=Signal::derive(current)
                            />
                        </Show>
                    </aside>
                </div>
            </Show>
        </div>
    }
}

/// Number, subject, status and priority, company and requester.
#[component]
fn TicketHeader(ticket: Ticket) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let opened = format::datetime(&ticket.created_at, &session.time_zone());
    let requester = ticket.requester.map(|p| p.name);
    view! {
        <header class="page__header ticket__header">
            <p class="page__eyebrow" data-testid="ticket-reference">{ticket.reference}</p>
            <h1 class="page__title" data-testid="page-title">{ticket.subject}</h1>
            <p class="ticket__badges">
                <StatusBadge status=ticket.status />
                <PriorityBadge priority=ticket.priority />
            </p>
            <p class="ticket__meta">
                <span data-testid="ticket-company">{ticket.company_name}</span>
                {requester.map(|name| view! { " · " <span data-testid="ticket-requester">{name}</span> })}
                " · "
                {i18n.text(Key::OpenedAt)}
                " "
                <time>{opened}</time>
            </p>
        </header>
    }
}

/// The ticket's own text, first in the conversation.
#[component]
fn Description(ticket: Ticket) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let when = format::datetime(&ticket.created_at, &session.time_zone());
    let author = ticket
        .requester
        .map(|p| p.name)
        .unwrap_or_else(|| ticket.company_name.clone());
    view! {
        <article class="message message--description" data-testid="ticket-description">
            <header class="message__header">
                <span class="message__author">{author}</span>
                <span class="badge badge--neutral">{i18n.text(Key::Description)}</span>
                <time class="message__time">{when}</time>
            </header>
            <div class="message__body markdown" inner_html=ticket.description_html></div>
        </article>
    }
}

/// The conversation, oldest first; internal notes stand out.
#[component]
fn Thread(messages: Vec<TicketMessage>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let zone = session.time_zone();
    if messages.is_empty() {
        return view! {
            <p class="empty" data-testid="thread-empty">{i18n.text(Key::ThreadEmpty)}</p>
        }
        .into_any();
    }
    let me = untrack(|| session.with_me(|me| me.user.id));
    view! {
        <ol class="thread__list" data-testid="ticket-thread">
            {messages
                .into_iter()
                .map(|m| {
                    let when = format::datetime(&m.created_at, &zone);
                    let mine = m.author.as_ref().map(|a| a.id) == me && me.is_some();
                    let author = m
                        .author
                        .map(|a| a.name)
                        .unwrap_or_else(|| i18n.t(Key::SystemAuthor).to_owned());
                    let internal = m.internal;
                    view! {
                        <li>
                            <article
                                class="message"
                                class:message--internal=internal
                                class:message--mine=mine
                                data-testid="message"
                                data-internal=internal.to_string()
                            >
                                <header class="message__header">
                                    <span class="message__author">{author}</span>
                                    {internal
                                        .then(|| {
                                            view! {
                                                <span class="badge badge--note" data-testid="message-internal">
                                                    {i18n.text(Key::InternalNote)}
                                                </span>
                                            }
                                        })}
                                    <time class="message__time">{when}</time>
                                </header>
                                <div class="message__body markdown" data-testid="message-body" inner_html=m.body_html></div>
                            </article>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
    .into_any()
}

/// Marking an unfinished ticket solved (clients).
#[component]
fn MarkSolved(on_solve: Callback<()>, saving: Signal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card solve" aria-labelledby="resolver-titulo" data-testid="ticket-solve-card">
            <h2 class="card__title" id="resolver-titulo">{i18n.text(Key::MarkSolvedTitle)}</h2>
            <p class="hint">{i18n.text(Key::MarkSolvedHint)}</p>
            // Asked first: a solved ticket leaves the support queue.
            <ConfirmAction
                label=Key::MarkSolved
                question=Key::MarkSolvedQuestion
                confirm=Key::MarkSolved
                on_confirm=on_solve
                pending=saving
                testid="ticket-solve"
            />
        </section>
    }
}

/// Reopening a solved ticket, with the reason (clients).
#[component]
fn Reopen(id: Uuid, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let asking = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let submission = Submission::new();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = TicketReopen {
            reason: reason.get_untracked().trim().to_owned(),
        };
        if body.reason.is_empty() {
            submission.complain(Some("reason"), Key::ReopenReasonRequired);
            return;
        }
        submission.run(
            async move {
                api.send_json::<_, Ticket>(
                    Method::POST,
                    &format!("/api/v1/tickets/{id}/reopen"),
                    &body,
                )
                .await
            },
            move |_| {
                asking.set(false);
                on_done.run(());
            },
        );
    };
    let reason_error = submission.field_error("reason");
    view! {
        <section class="card card--highlight reopen" aria-labelledby="reabrir-titulo">
            <h2 class="card__title" id="reabrir-titulo">{i18n.text(Key::ReopenTitle)}</h2>
            <p class="hint">{i18n.text(Key::ReopenHint)}</p>
            <Show
                when=move || asking.get()
                fallback=move || {
                    view! {
                        <button
                            type="button"
                            class="button button--secondary"
                            data-testid="ticket-reopen"
                            on:click=move |_| asking.set(true)
                        >
                            {i18n.text(Key::Reopen)}
                        </button>
                    }
                }
            >
                <form class="form" on:submit=on_submit novalidate>
                    <div class="field">
                        <label class="label" for="reopen-reason">{i18n.text(Key::ReopenReason)}</label>
                        <textarea
                            id="reopen-reason"
                            class="textarea"
                            rows="3"
                            required
                            autofocus
                            data-testid="ticket-reopen-reason"
                            aria-invalid=move || reason_error.with(Option::is_some).then_some("true")
                            prop:value=move || reason.get()
                            on:input=move |ev| reason.set(event_target_value(&ev))
                        ></textarea>
                        {move || reason_error.get().map(|m| view! { <p class="field-error">{m}</p> })}
                    </div>
                    <FormError submission inline_fields=&["reason"] testid="ticket-reopen-error" />
                    <div class="button-row">
                        <button
                            type="submit"
                            class="button button--primary"
                            data-testid="ticket-reopen-submit"
                            disabled=move || submission.pending()
                        >
                            {i18n.text(Key::Reopen)}
                        </button>
                        <button type="button" class="button button--ghost" on:click=move |_| asking.set(false)>
                            {i18n.text(Key::Cancel)}
                        </button>
                    </div>
                </form>
            </Show>
        </section>
    }
}

/// The ticket's SLA (staff): the policy, each target with its state, due
/// time, time left or overdue and time elapsed, and the timeline of when
/// the clock ran and paused. Read again with the ticket; what is shown
/// stays while it loads.
#[component]
fn SlaPanel(id: Uuid, refresh: ReadSignal<u64>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let api = use_api();
    let sla = RwSignal::new(None::<Result<TicketSla, ApiFailure>>);
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        refresh.track();
        let this = generation.get_value().wrapping_add(1);
        generation.set_value(this);
        leptos::task::spawn_local(async move {
            let result = api
                .get_json::<TicketSla>(&format!("/api/v1/tickets/{id}/sla"))
                .await;
            if generation.try_get_value() == Some(this) {
                sla.set(Some(result));
            }
        });
    });
    move || match sla.get() {
        None => view! {
            <section class="card ticket__card" aria-labelledby="sla-titulo">
                <h2 class="card__title" id="sla-titulo">{i18n.text(Key::Sla)}</h2>
                <Loading />
            </section>
        }
        .into_any(),
        // A server without SLA: nothing to show.
        Some(Err(failure)) if is_missing(&failure) => ().into_any(),
        Some(Err(failure)) => view! {
            <section class="card ticket__card" aria-labelledby="sla-titulo">
                <h2 class="card__title" id="sla-titulo">{i18n.text(Key::Sla)}</h2>
                <FailureNotice failure />
            </section>
        }
        .into_any(),
        Some(Ok(sla)) => {
            let zone = session.time_zone();
            let locale = i18n.locale();
            let none = sla.state == "none" || sla.targets.is_empty();
            let state = sla.state.clone();
            let targets = sla
                .targets
                .iter()
                .map(|target| {
                    let when = |at: &chrono::DateTime<chrono::Utc>| format::datetime(at, &zone);
                    let mut lines = vec![
                        i18n.t(Key::SlaTargetMinutes)
                            .replace("{duration}", &format::duration(target.target_minutes)),
                    ];
                    if let Some(met) = &target.met_at {
                        lines.push(i18n.t(Key::SlaMetAt).replace("{when}", &when(met)));
                    } else {
                        if let Some(due) = &target.due_at {
                            lines.push(i18n.t(Key::SlaDueAt).replace("{when}", &when(due)));
                        }
                        let left = if target.remaining_minutes < 0 {
                            Key::SlaOverdue
                        } else {
                            Key::SlaRemaining
                        };
                        lines.push(
                            i18n.t(left)
                                .replace("{duration}", &format::duration(target.remaining_minutes)),
                        );
                    }
                    lines.push(
                        i18n.t(Key::SlaElapsed)
                            .replace("{duration}", &format::duration(target.elapsed_minutes)),
                    );
                    let class = labels::sla_badge(&target.state);
                    view! {
                        <li class="sla-target" data-testid="sla-target" data-kind=target.kind.clone() data-state=target.state.clone()>
                            <div class="sla-target__head">
                                <span class="sla-target__name">{labels::sla_target(locale, &target.kind)}</span>
                                <span class=class>{labels::sla_state(locale, &target.state)}</span>
                            </div>
                            <ul class="sla-target__facts">
                                {lines.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                            </ul>
                        </li>
                    }
                })
                .collect_view();
            let periods = sla
                .timeline
                .iter()
                .rev()
                .map(|period| {
                    let running = period.kind == "running";
                    let key = match (running, period.to.is_some()) {
                        (true, false) => Key::SlaRunningSince,
                        (true, true) => Key::SlaRunningBetween,
                        (false, false) => Key::SlaPausedSince,
                        (false, true) => Key::SlaPausedBetween,
                    };
                    let text = i18n
                        .t(key)
                        .replace("{from}", &format::datetime(&period.from, &zone))
                        .replace(
                            "{to}",
                            &period
                                .to
                                .as_ref()
                                .map(|to| format::datetime(to, &zone))
                                .unwrap_or_default(),
                        )
                        .replace("{reason}", &labels::sla_reason(locale, &period.reason));
                    view! {
                        <li
                            class="sla-period"
                            class:sla-period--paused=!running
                            data-testid="sla-period"
                            data-kind=period.kind.clone()
                        >
                            {text}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section class="card ticket__card" aria-labelledby="sla-titulo" data-testid="ticket-sla-panel" data-state=state.clone()>
                    <h2 class="card__title" id="sla-titulo">{i18n.text(Key::Sla)}</h2>
                    {if none {
                        view! { <p class="hint" data-testid="sla-none">{i18n.text(Key::SlaNone)}</p> }.into_any()
                    } else {
                        view! {
                            <p class="sla-panel__policy">
                                <span class="sla-panel__label">{i18n.text(Key::SlaPolicy)} ": "</span>
                                <span data-testid="sla-policy">{sla.policy_name.clone().unwrap_or_default()}</span>
                                " "
                                <span class=labels::sla_badge(&state) data-testid="sla-state">{labels::sla_state(locale, &state)}</span>
                            </p>
                            <ul class="plain-list sla-targets">{targets}</ul>
                            <h3 class="sla-panel__subtitle">{i18n.text(Key::SlaClock)}</h3>
                            <ol class="sla-periods" data-testid="sla-timeline">{periods}</ol>
                            <p class="hint">{i18n.text(Key::SlaBusinessTime)}</p>
                        }
                            .into_any()
                    }}
                </section>
            }
            .into_any()
        }
    }
}

/// A person's name from the lists at hand.
fn person_name(ticket: Option<&Ticket>, staff: Option<&[StaffMember]>, id: Uuid) -> Option<String> {
    if let Some(ticket) = ticket {
        for person in [&ticket.assignee, &ticket.requester].into_iter().flatten() {
            if person.id == id {
                return Some(person.name.clone());
            }
        }
    }
    staff?.iter().find(|m| m.id == id).map(|m| m.name.clone())
}

/// A company's name: the ticket's own, else one of the person's scope.
fn company_name(ticket: Option<&Ticket>, session: Session, id: Uuid) -> Option<String> {
    if let Some(ticket) = ticket.filter(|t| t.company_id == id) {
        return Some(ticket.company_name.clone());
    }
    session
        .with_me(|me| {
            me.scope
                .companies
                .iter()
                .find(|c| c.id == id)
                .map(|c| c.name.clone())
        })
        .flatten()
}

/// What a client sees about the ticket.
#[component]
fn TicketFacts(ticket: Ticket, categories: Signal<Vec<CategoryInfo>>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let zone = session.time_zone();
    let updated = format::datetime(&ticket.updated_at, &zone);
    let channel = ticket.channel.clone();
    let category = ticket.category_id;
    let assignee = ticket.assignee.clone().map(|p| p.name);
    view! {
        <section class="card ticket__card" aria-labelledby="detalhes-titulo" data-testid="ticket-facts">
            <h2 class="card__title" id="detalhes-titulo">{i18n.text(Key::TicketDetails)}</h2>
            <dl class="facts facts--compact">
                <div class="facts__row">
                    <dt>{i18n.text(Key::Assignee)}</dt>
                    <dd data-testid="ticket-assignee">
                        {assignee.unwrap_or_else(|| i18n.t(Key::Unassigned).to_owned())}
                    </dd>
                </div>
                <div class="facts__row">
                    <dt>{i18n.text(Key::Channel)}</dt>
                    <dd>{move || labels::channel(i18n.locale(), &channel)}</dd>
                </div>
                {category
                    .map(|id| {
                        view! {
                            <div class="facts__row">
                                <dt>{i18n.text(Key::Category)}</dt>
                                <dd>{move || categories.with(|list| category_label(list, id)).unwrap_or_default()}</dd>
                            </div>
                        }
                    })}
                <div class="facts__row">
                    <dt>{i18n.text(Key::UpdatedAt)}</dt>
                    <dd>{updated}</dd>
                </div>
            </dl>
        </section>
    }
}

/// The staff's controls. Each change is sent at once.
#[component]
fn TicketControls(
    ticket: Ticket,
    patch: Callback<TicketUpdate>,
    saving: Signal<bool>,
    staff: Signal<Option<Vec<StaffMember>>>,
    teams: Signal<Vec<TeamInfo>>,
    categories: Signal<Vec<CategoryInfo>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let me = untrack(|| session.with_me(|me| (me.user.id, me.user.name.clone())));
    let status = ticket.status.clone();
    let priority = ticket.priority.clone();
    let assignee = ticket.assignee.clone();
    let team = ticket.team_id;
    let category = ticket.category_id;
    let tags = RwSignal::new(ticket.tags.join(", "));
    let original_tags = ticket.tags.clone();

    let mut statuses = vec![TicketStatus::parse(&status).map_or("", |s| s.as_str())];
    statuses.extend(moves_from(&status));
    statuses.retain(|s| !s.is_empty());

    let change = move |update: TicketUpdate| patch.run(update);
    let assignee_options = move || {
        let mut options: Vec<(Uuid, String)> = Vec::new();
        if let Some((id, name)) = me.clone() {
            options.push((id, format!("{name} ({})", i18n.t(Key::Me))));
        }
        for member in staff.get().unwrap_or_default() {
            if !options.iter().any(|(id, _)| *id == member.id) {
                options.push((member.id, member.name));
            }
        }
        if let Some(current) = &assignee
            && !options.iter().any(|(id, _)| *id == current.id)
        {
            options.push((current.id, current.name.clone()));
        }
        options
    };
    let assignee_id = ticket.assignee.as_ref().map(|p| p.id);

    view! {
        <section class="card ticket__card" aria-labelledby="controles-titulo" data-testid="ticket-controls">
            <h2 class="card__title" id="controles-titulo">{i18n.text(Key::TicketDetails)}</h2>
            <fieldset class="controls" disabled=move || saving.get()>
                <legend class="visually-hidden">{i18n.text(Key::TicketDetails)}</legend>
                <div class="field">
                    <label class="label" for="ticket-status-select">{i18n.text(Key::Status)}</label>
                    <select
                        id="ticket-status-select"
                        class="select"
                        data-testid="ticket-status-select"
                        on:change=move |ev| {
                            change(TicketUpdate { status: Some(event_target_value(&ev)), ..TicketUpdate::default() })
                        }
                    >
                        {statuses
                            .into_iter()
                            .map(|s| {
                                let selected = s == status;
                                view! {
                                    <option value=s selected=selected>
                                        {move || labels::ticket_status(i18n.locale(), s)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label class="label" for="ticket-priority-select">{i18n.text(Key::Priority)}</label>
                    <select
                        id="ticket-priority-select"
                        class="select"
                        data-testid="ticket-priority-select"
                        on:change=move |ev| {
                            change(TicketUpdate { priority: Some(event_target_value(&ev)), ..TicketUpdate::default() })
                        }
                    >
                        {Priority::ALL
                            .iter()
                            .map(|p| {
                                let value = p.as_str();
                                let selected = value == priority;
                                view! {
                                    <option value=value selected=selected>
                                        {move || labels::priority(i18n.locale(), value)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label class="label" for="ticket-assignee-select">{i18n.text(Key::Assignee)}</label>
                    <select
                        id="ticket-assignee-select"
                        class="select"
                        data-testid="ticket-assignee-select"
                        on:change=move |ev| {
                            let chosen = Uuid::parse_str(&event_target_value(&ev)).ok();
                            change(TicketUpdate { assignee_id: Some(chosen), ..TicketUpdate::default() })
                        }
                    >
                        <option value="" selected=assignee_id.is_none()>{i18n.text(Key::Unassigned)}</option>
                        {move || {
                            assignee_options()
                                .into_iter()
                                .map(|(id, name)| {
                                    view! {
                                        <option value=id.to_string() selected=Some(id) == assignee_id>{name}</option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                </div>
                {move || {
                    let list = teams.get();
                    (!list.is_empty() || team.is_some())
                        .then(|| {
                            view! {
                                <div class="field">
                                    <label class="label" for="ticket-team-select">{i18n.text(Key::Team)}</label>
                                    <select
                                        id="ticket-team-select"
                                        class="select"
                                        data-testid="ticket-team-select"
                                        on:change=move |ev| {
                                            let chosen = Uuid::parse_str(&event_target_value(&ev)).ok();
                                            change(TicketUpdate { team_id: Some(chosen), ..TicketUpdate::default() })
                                        }
                                    >
                                        <option value="" selected=team.is_none()>{i18n.text(Key::NoTeam)}</option>
                                        {list
                                            .into_iter()
                                            .map(|t| {
                                                view! {
                                                    <option value=t.id.to_string() selected=Some(t.id) == team>{t.name}</option>
                                                }
                                            })
                                            .collect_view()}
                                    </select>
                                </div>
                            }
                        })
                }}
                {move || {
                    let list = categories.get();
                    (!list.is_empty() || category.is_some())
                        .then(|| {
                            let options = list
                                .iter()
                                .filter(|c| c.active || Some(c.id) == category)
                                .map(|c| {
                                    let label = category_label(&list, c.id).unwrap_or_else(|| c.name.clone());
                                    view! {
                                        <option value=c.id.to_string() selected=Some(c.id) == category>{label}</option>
                                    }
                                })
                                .collect_view();
                            view! {
                                <div class="field">
                                    <label class="label" for="ticket-category-select">{i18n.text(Key::Category)}</label>
                                    <select
                                        id="ticket-category-select"
                                        class="select"
                                        data-testid="ticket-category-select"
                                        on:change=move |ev| {
                                            let chosen = Uuid::parse_str(&event_target_value(&ev)).ok();
                                            change(TicketUpdate { category_id: Some(chosen), ..TicketUpdate::default() })
                                        }
                                    >
                                        <option value="" selected=category.is_none()>{i18n.text(Key::NoCategory)}</option>
                                        {options}
                                    </select>
                                </div>
                            }
                        })
                }}
                <form
                    class="field"
                    on:submit=move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        let typed = parse_tags(&tags.get_untracked());
                        if typed != original_tags {
                            change(TicketUpdate { tags: Some(typed), ..TicketUpdate::default() });
                        }
                    }
                >
                    <label class="label" for="ticket-tags-input">{i18n.text(Key::Tags)}</label>
                    <div class="input-group">
                        <input
                            id="ticket-tags-input"
                            class="input"
                            type="text"
                            data-testid="ticket-tags-input"
                            aria-describedby="ticket-tags-dica"
                            prop:value=move || tags.get()
                            on:input=move |ev| tags.set(event_target_value(&ev))
                        />
                        <button type="submit" class="button button--secondary" data-testid="ticket-tags-save">
                            {i18n.text(Key::Save)}
                        </button>
                    </div>
                    <p class="hint" id="ticket-tags-dica">{i18n.text(Key::TagsHint)}</p>
                </form>
            </fieldset>
        </section>
    }
}

/// What happened to the ticket, newest first (staff).
#[component]
fn Timeline(
    events: RwSignal<Loaded<Vec<TicketEvent>>>,
    staff: Signal<Option<Vec<StaffMember>>>,
    teams: Signal<Vec<TeamInfo>>,
    categories: Signal<Vec<CategoryInfo>>,
    ticket: Signal<Option<Ticket>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    view! {
        <section class="card ticket__card" aria-labelledby="historico-titulo" data-testid="timeline">
            <h2 class="card__title" id="historico-titulo">{i18n.text(Key::Timeline)}</h2>
            {move || match events.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(failure)) => view! { <FailureNotice failure /> }.into_any(),
                Some(Ok(list)) => {
                    let zone = session.time_zone();
                    let locale = i18n.locale();
                    let staff = staff.get();
                    let teams = teams.get();
                    let categories = categories.get();
                    let ticket = ticket.get();
                    let name = |kind: Named, id: Uuid| match kind {
                        Named::Person => person_name(ticket.as_ref(), staff.as_deref(), id),
                        Named::Team => teams.iter().find(|t| t.id == id).map(|t| t.name.clone()),
                        Named::Category => category_label(&categories, id),
                        Named::Company => company_name(ticket.as_ref(), session, id),
                        Named::Segment => None,
                    };
                    view! {
                        <ol class="timeline">
                            {list
                                .iter()
                                .rev()
                                .map(|event| {
                                    let when = format::datetime(&event.created_at, &zone);
                                    // A rule's firing: its conditions with SVG marks.
                                    let firing = (event.kind == "rule_fired")
                                        .then(|| serde_json::from_value::<RuleFired>(event.data.clone()).ok())
                                        .flatten()
                                        .map(|fired| firing_text(locale, &fired, &name));
                                    let body = match firing {
                                        Some(firing) => view! {
                                            <span class="timeline__text" data-testid="timeline-rule">
                                                {firing.summary}
                                                {(!firing.conditions.is_empty())
                                                    .then(|| {
                                                        view! {
                                                            <span class="rule-conditions">
                                                                " ("
                                                                {i18n.t(Key::EventRuleConditions)}
                                                                ": "
                                                                {firing
                                                                    .conditions
                                                                    .into_iter()
                                                                    .enumerate()
                                                                    .map(|(i, (text, met))| {
                                                                        view! {
                                                                            {(i > 0).then_some(", ")}
                                                                            <span class="rule-condition" data-met=met.to_string()>
                                                                                {text}
                                                                                " "
                                                                                <ConditionMark met />
                                                                            </span>
                                                                        }
                                                                    })
                                                                    .collect_view()}
                                                                ")"
                                                            </span>
                                                        }
                                                    })}
                                                {firing.skipped.map(|skipped| view! { "; " {skipped} })}
                                            </span>
                                        }
                                        .into_any(),
                                        None => view! {
                                            <span class="timeline__text">{event_text(locale, event, &name)}</span>
                                        }
                                        .into_any(),
                                    };
                                    view! {
                                        <li class="timeline__item" data-testid="timeline-event" data-kind=event.kind.clone()>
                                            {body}
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tickets_are_addressed_by_id_or_number() {
        let id = Uuid::from_u128(7);
        assert_eq!(TicketRef::parse(&id.to_string()), Some(TicketRef::Id(id)));
        assert_eq!(TicketRef::parse("41"), Some(TicketRef::Number(41)));
        assert_eq!(TicketRef::parse("000041"), Some(TicketRef::Number(41)));
        assert_eq!(TicketRef::parse("#000041"), Some(TicketRef::Number(41)));
        assert_eq!(TicketRef::parse("0"), None);
        assert_eq!(TicketRef::parse("inexistente"), None);
        assert_eq!(TicketRef::parse("4a"), None);
        assert_eq!(TicketRef::parse(""), None);
    }
}
