//! The Kanban board: a column per status with its count and first cards,
//! more on demand. A card moves by dragging it to another column (HTML5
//! drag and drop) or, from the keyboard, with its "Mover para…" menu,
//! which offers only the statuses the ticket may go to. A move shows at
//! once and is sent with the ticket's version; a move the rules forbid, or
//! that the server refuses (someone changed the ticket meanwhile), puts
//! the card back where it was and says why.

use atende_core::tickets::{TicketStatus, format_number};
use atende_types::{
    Page,
    tickets::{Board as BoardData, Ticket, TicketUpdate},
};
use gloo_net::http::Method;
use leptos::{html, prelude::*};
use leptos_router::components::A;
use uuid::Uuid;

use crate::api::{ApiFailure, use_api, with_param};
use crate::components::feedback::{FailureNotice, Loading};
use crate::format;
use crate::i18n::{Key, use_i18n};
use crate::labels;
use crate::live::use_live;
use crate::pages::tickets::shared::{PriorityBadge, SlaBadge, describe_failure, ticket_path};
use crate::session::use_session;
use crate::tickets::{ListFilter, can_move, move_refusal, moves_from, sla_fingerprint};

/// Cards per column on the first load and per "Carregar mais".
const PER_COLUMN: u64 = 20;

/// One column's state.
#[derive(Clone, Copy)]
struct Column {
    status: &'static str,
    count: RwSignal<u64>,
    cards: RwSignal<Vec<Ticket>>,
    next: RwSignal<Option<String>>,
    loading_more: RwSignal<bool>,
    more_failure: RwSignal<Option<ApiFailure>>,
}

impl Column {
    fn new(status: &'static str) -> Self {
        Self {
            status,
            count: RwSignal::new(0),
            cards: RwSignal::new(Vec::new()),
            next: RwSignal::new(None),
            loading_more: RwSignal::new(false),
            more_failure: RwSignal::new(None),
        }
    }
}

/// What the board last said about a move.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Said {
    Moved(String),
    Refused(String),
}

/// Where the board stands.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Loaded {
    Loading,
    Ready,
    Failed(ApiFailure),
}

/// What a drag, a drop or a menu needs from the board. Cheap to copy.
#[derive(Clone, Copy)]
struct Moves {
    /// The card being dragged, and its status.
    dragging: RwSignal<Option<(Uuid, String)>>,
    over: RwSignal<Option<&'static str>>,
    /// The card whose "Mover para…" has the focus (or just moved from its
    /// menu): when that card is drawn again (moved, answered, refreshed)
    /// and the focus fell to the page, its new button takes it back.
    focus: RwSignal<Option<Uuid>>,
    run: Callback<(Uuid, &'static str)>,
}

#[component]
pub fn Board(filter: RwSignal<ListFilter>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let api = use_api();
    let live = use_live();

    let columns: Vec<Column> = TicketStatus::ALL
        .iter()
        .map(|s| Column::new(s.as_str()))
        .collect();
    let columns = StoredValue::new(columns);
    let state = RwSignal::new(Loaded::Loading);
    let said = RwSignal::new(None::<Said>);
    let generation = StoredValue::new(0u64);
    let in_flight = RwSignal::new(0u32);
    let stale = StoredValue::new(false);

    // The board ignores the list's status filter and sort: its columns
    // are the statuses, most recently changed first.
    let board_filter = Memo::new(move |_| ListFilter {
        statuses: Vec::new(),
        sort: String::new(),
        ..filter.get()
    });
    let zone = move || session.time_zone();

    let load = move |quiet: bool| {
        let this = generation.get_value().wrapping_add(1);
        generation.set_value(this);
        if !quiet {
            state.set(Loaded::Loading);
        }
        let zone = zone();
        let path = board_filter
            .get_untracked()
            .path("/api/v1/tickets/board", |d| {
                format::day_start_param(d, &zone)
            });
        let path = with_param(&path, "per_column", &PER_COLUMN.to_string());
        leptos::task::spawn_local(async move {
            let result = api.get_json::<BoardData>(&path).await;
            if generation.try_get_value() != Some(this) {
                return;
            }
            match result {
                Ok(board) => {
                    columns.with_value(|columns| {
                        for column in columns {
                            let data = board.columns.iter().find(|c| c.status == column.status);
                            column.count.set(data.map_or(0, |c| c.count));
                            column
                                .cards
                                .set(data.map(|c| c.cards.clone()).unwrap_or_default());
                            column.next.set(data.and_then(|c| c.next_cursor.clone()));
                            column.more_failure.set(None);
                        }
                    });
                    // Only a change of state draws the board again: a
                    // quiet refresh keeps the cards (and the focus) in place.
                    if state.get_untracked() != Loaded::Ready {
                        state.set(Loaded::Ready);
                    }
                }
                Err(failure) if quiet => leptos::logging::warn!("board refresh failed: {failure}"),
                Err(failure) => state.set(Loaded::Failed(failure)),
            }
        });
    };
    Effect::new(move |_| {
        board_filter.track();
        load(false);
    });
    // Changes made elsewhere; not while a move of ours is on its way (its
    // answer would be overwritten by an older board).
    Effect::new(move |previous: Option<u64>| {
        let changes = live.changes();
        if previous.is_some() {
            if in_flight.get_untracked() == 0 {
                load(true);
            } else {
                stale.set_value(true);
            }
        }
        changes
    });
    Effect::new(move |_| {
        if in_flight.get() == 0 && stale.get_value() {
            stale.set_value(false);
            load(true);
        }
    });

    let load_more = move |column: Column| {
        let Some(cursor) = column.next.get_untracked() else {
            return;
        };
        column.loading_more.set(true);
        column.more_failure.set(None);
        let zone = zone();
        let path = ListFilter {
            statuses: vec![column.status.to_owned()],
            ..board_filter.get_untracked()
        }
        .path("/api/v1/tickets", |d| format::day_start_param(d, &zone));
        let path = with_param(
            &with_param(&path, "limit", &PER_COLUMN.to_string()),
            "cursor",
            &cursor,
        );
        leptos::task::spawn_local(async move {
            let result = api.get_json::<Page<Ticket>>(&path).await;
            column.loading_more.set(false);
            match result {
                Ok(page) => {
                    column.cards.update(|cards| {
                        for ticket in page.items {
                            if !cards.iter().any(|t| t.id == ticket.id) {
                                cards.push(ticket);
                            }
                        }
                    });
                    column.next.set(page.next_cursor);
                }
                Err(failure) => column.more_failure.set(Some(failure)),
            }
        });
    };

    let focus = RwSignal::new(None::<Uuid>);
    let run = Callback::new(move |(id, to): (Uuid, &'static str)| {
        let locale = i18n.locale_untracked();
        let found = columns.with_value(|columns| {
            columns.iter().find_map(|column| {
                column.cards.with_untracked(|cards| {
                    cards
                        .iter()
                        .position(|t| t.id == id)
                        .and_then(|index| cards.get(index).map(|t| (*column, index, t.clone())))
                })
            })
        });
        let Some((from, index, ticket)) = found else {
            return;
        };
        if from.status == to {
            return;
        }
        if !can_move(&ticket.status, to) {
            said.set(Some(Said::Refused(move_refusal(
                locale,
                &ticket.status,
                to,
            ))));
            return;
        }
        let Some(target) = columns.with_value(|c| c.iter().find(|c| c.status == to).copied())
        else {
            return;
        };
        // Shown at once; put back if the server refuses.
        from.cards.update(|cards| {
            cards.retain(|t| t.id != id);
        });
        from.count.update(|n| *n = n.saturating_sub(1));
        let mut moved = ticket.clone();
        moved.status = to.to_owned();
        target.cards.update(|cards| cards.insert(0, moved));
        target.count.update(|n| *n += 1);
        said.set(None);
        in_flight.update(|n| *n += 1);
        let change = TicketUpdate {
            version: ticket.version,
            status: Some(to.to_owned()),
            ..TicketUpdate::default()
        };
        leptos::task::spawn_local(async move {
            let result = api
                .send_json::<_, Ticket>(Method::PATCH, &format!("/api/v1/tickets/{id}"), &change)
                .await;
            match result {
                Ok(updated) => {
                    let number = format_number(updated.number);
                    target.cards.update(|cards| {
                        if let Some(slot) = cards.iter_mut().find(|t| t.id == id) {
                            *slot = updated;
                        }
                    });
                    said.set(Some(Said::Moved(
                        i18n.t(Key::MovedTo)
                            .replace("{number}", &number)
                            .replace("{status}", &labels::ticket_status(locale, to)),
                    )));
                }
                Err(failure) => {
                    target.cards.update(|cards| cards.retain(|t| t.id != id));
                    target.count.update(|n| *n = n.saturating_sub(1));
                    from.cards.update(|cards| {
                        let at = index.min(cards.len());
                        cards.insert(at, ticket);
                    });
                    from.count.update(|n| *n += 1);
                    said.set(Some(Said::Refused(describe_failure(locale, &failure))));
                    if failure.code() == Some("conflict") {
                        stale.set_value(true);
                    }
                }
            }
            in_flight.update(|n| *n = n.saturating_sub(1));
        });
    });
    let moves = Moves {
        dragging: RwSignal::new(None),
        over: RwSignal::new(None),
        focus,
        run,
    };

    view! {
        <div class="board-wrap">
            <div class="board__said" aria-live="polite" data-testid="board-said">
                {move || {
                    said.get()
                        .map(|said| match said {
                            Said::Moved(text) => {
                                view! {
                                    <p class="notice notice--success notice--compact" data-testid="board-message" data-kind="moved">
                                        {text}
                                    </p>
                                }
                                    .into_any()
                            }
                            Said::Refused(text) => {
                                view! {
                                    <p class="notice notice--warning notice--compact" role="alert" data-testid="board-message" data-kind="refused">
                                        {text}
                                    </p>
                                }
                                    .into_any()
                            }
                        })
                }}
            </div>
            {move || match state.get() {
                Loaded::Loading => view! { <Loading /> }.into_any(),
                Loaded::Failed(failure) => {
                    view! { <FailureNotice failure on_retry=Callback::new(move |()| load(false)) /> }.into_any()
                }
                Loaded::Ready => {
                    view! {
                        <div class="board" data-testid="board">
                            {columns
                                .get_value()
                                .into_iter()
                                .map(|column| view! { <BoardColumn column moves load_more=Callback::new(load_more) /> })
                                .collect_view()}
                        </div>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}

#[component]
fn BoardColumn(column: Column, moves: Moves, load_more: Callback<Column>) -> impl IntoView {
    let i18n = use_i18n();
    let status = column.status;
    let heading = format!("coluna-{status}");
    let labelled_by = heading.clone();
    // Whether the card being dragged may land here.
    let allowed = move || {
        moves
            .dragging
            .with(|d| d.as_ref().is_some_and(|(_, from)| can_move(from, status)))
    };
    let over = move || moves.over.get() == Some(status) && moves.dragging.with(Option::is_some);
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        let id = moves
            .dragging
            .get_untracked()
            .map(|(id, _)| id)
            .or_else(|| {
                ev.data_transfer()
                    .and_then(|data| data.get_data("text/plain").ok())
                    .and_then(|text| Uuid::parse_str(&text).ok())
            });
        moves.dragging.set(None);
        moves.over.set(None);
        if let Some(id) = id {
            moves.run.run((id, status));
        }
    };
    view! {
        <section
            class="board__column"
            class:board__column--over=move || over() && allowed()
            class:board__column--forbidden=move || over() && !allowed()
            aria-labelledby=labelled_by
            data-testid="board-column"
            data-status=status
            on:dragenter=move |ev: leptos::ev::DragEvent| {
                ev.prevent_default();
                moves.over.set(Some(status));
            }
            on:dragover=move |ev: leptos::ev::DragEvent| {
                ev.prevent_default();
                if let Some(data) = ev.data_transfer() {
                    data.set_drop_effect("move");
                }
            }
            on:drop=on_drop
        >
            <header class=format!("board__header board__header--{status}")>
                <h2 class="board__title" id=heading>{move || labels::ticket_status(i18n.locale(), status)}</h2>
                <span class="board__count" data-testid="board-count">{move || column.count.get()}</span>
            </header>
            <ol class="board__cards" data-testid="board-cards">
                <For
                    each=move || column.cards.get()
                    key=|t| (t.id, t.version, t.status.clone(), sla_fingerprint(t.sla.as_ref()))
                    let:ticket
                >
                    <BoardCard ticket moves />
                </For>
            </ol>
            <Show when=move || column.cards.with(Vec::is_empty)>
                <p class="board__empty">{i18n.text(Key::BoardColumnEmpty)}</p>
            </Show>
            {move || column.more_failure.get().map(|failure| view! { <FailureNotice failure /> })}
            <Show when=move || column.next.with(Option::is_some)>
                <button
                    type="button"
                    class="button button--ghost button--small board__more"
                    data-testid="board-load-more"
                    disabled=move || column.loading_more.get()
                    on:click=move |_| load_more.run(column)
                >
                    {move || i18n.t(if column.loading_more.get() { Key::Loading } else { Key::LoadMore })}
                </button>
            </Show>
        </section>
    }
}

#[component]
fn BoardCard(ticket: Ticket, moves: Moves) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let id = ticket.id;
    let href = ticket_path(id);
    let updated = format::datetime(&ticket.updated_at, &session.time_zone());
    let assignee = ticket.assignee.clone().map(|p| p.name);
    let status = ticket.status.clone();
    let shown_status = ticket.status.clone();
    let reference = ticket.reference.clone();
    let priority = ticket.priority.clone();
    let subject = ticket.subject.clone();
    let company = ticket.company_name.clone();
    let number = ticket.number;
    let sla = ticket.sla.clone();
    let has_sla = sla.is_some();
    let menu_button = NodeRef::<html::Button>::new();
    // A card drawn again keeps the focus it had.
    Effect::new(move |_| {
        if let Some(button) = menu_button.get()
            && moves.focus.get_untracked() == Some(id)
            && focus_fell_to_page()
        {
            let _ = button.focus();
        }
    });
    view! {
        <li
            class="board-card"
            class:board-card--dragging=move || moves.dragging.with(|d| d.as_ref().is_some_and(|(d, _)| *d == id))
            draggable="true"
            data-testid="board-card"
            data-number=number
            data-status=shown_status
            on:dragstart=move |ev: leptos::ev::DragEvent| {
                moves.dragging.set(Some((id, status.clone())));
                if let Some(data) = ev.data_transfer() {
                    let _ = data.set_data("text/plain", &id.to_string());
                    data.set_effect_allowed("move");
                }
            }
            on:dragend=move |_| {
                moves.dragging.set(None);
                moves.over.set(None);
            }
        >
            <div class="board-card__top">
                <span class="board-card__ref">{reference}</span>
                <PriorityBadge priority />
            </div>
            <A href=href attr:class="board-card__subject" attr:draggable="false" attr:data-testid="board-card-link">
                {subject}
            </A>
            {has_sla.then(move || view! { <p class="board-card__sla"><SlaBadge sla /></p> })}
            <p class="board-card__meta">
                <span>{company}</span>
                <span data-testid="board-card-assignee">
                    {match assignee {
                        Some(name) => view! { {name} }.into_any(),
                        None => view! { {i18n.text(Key::Unassigned)} }.into_any(),
                    }}
                </span>
                <time>{updated}</time>
            </p>
            <MoveMenu ticket moves button=menu_button />
        </li>
    }
}

/// Whether nothing has the focus (it fell to the page when the focused
/// element went away).
fn focus_fell_to_page() -> bool {
    document()
        .active_element()
        .is_none_or(|element| element.tag_name().eq_ignore_ascii_case("body"))
}

/// "Mover para…": the statuses the ticket may go to, as a menu.
#[component]
fn MoveMenu(ticket: Ticket, moves: Moves, button: NodeRef<html::Button>) -> impl IntoView {
    let i18n = use_i18n();
    let id = ticket.id;
    let targets = moves_from(&ticket.status);
    let open = RwSignal::new(false);
    let items: Vec<NodeRef<html::Button>> = targets.iter().map(|_| NodeRef::new()).collect();
    let items = StoredValue::new(items);
    let menu_id = format!("mover-{id}");
    let reference = ticket.reference.clone();
    let label = move || i18n.t(Key::MoveTicketTo).replace("{number}", &reference);
    let menu_label = label.clone();
    let focus_item = move |index: usize| {
        items.with_value(|items| {
            if let Some(item) = items.get(index).and_then(NodeRef::get_untracked) {
                let _ = item.focus();
            }
        });
    };
    let close = move || {
        open.set(false);
        if let Some(button) = button.get_untracked() {
            let _ = button.focus();
        }
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let count = items.with_value(Vec::len);
        if count == 0 {
            return;
        }
        let active = document().active_element();
        let current = items.with_value(|items| {
            items.iter().position(|item| {
                item.get_untracked()
                    .is_some_and(|b| active.as_ref().is_some_and(|a| a == b.as_ref()))
            })
        });
        match ev.key().as_str() {
            "ArrowDown" => {
                ev.prevent_default();
                focus_item(current.map_or(0, |i| (i + 1) % count));
            }
            "ArrowUp" => {
                ev.prevent_default();
                focus_item(current.map_or(count - 1, |i| (i + count - 1) % count));
            }
            "Home" => {
                ev.prevent_default();
                focus_item(0);
            }
            "End" => {
                ev.prevent_default();
                focus_item(count - 1);
            }
            "Escape" | "Tab" => {
                if ev.key() == "Escape" {
                    ev.prevent_default();
                }
                close();
            }
            _ => {}
        }
    };
    if targets.is_empty() {
        return ().into_any();
    }
    let entries = targets
        .into_iter()
        .enumerate()
        .map(|(index, target)| {
            let node = items
                .with_value(|items| items.get(index).copied())
                .unwrap_or_else(NodeRef::new);
            view! {
                <li role="none">
                    <button
                        type="button"
                        role="menuitem"
                        class="menu__item"
                        tabindex="-1"
                        data-testid="card-move-to"
                        data-status=target
                        node_ref=node
                        on:click=move |_| {
                            open.set(false);
                            moves.focus.set(Some(id));
                            moves.run.run((id, target));
                        }
                    >
                        {move || labels::ticket_status(i18n.locale(), target)}
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="menu" on:keydown=on_keydown>
            <button
                type="button"
                class="button button--ghost button--small menu__button"
                aria-haspopup="menu"
                aria-expanded=move || open.get().to_string()
                aria-controls=menu_id.clone()
                aria-label=label
                data-testid="card-move"
                node_ref=button
                on:focus=move |_| moves.focus.set(Some(id))
                on:blur=move |ev: leptos::ev::FocusEvent| {
                    // Focus moving elsewhere (not the button going away).
                    if ev.related_target().is_some() && moves.focus.get_untracked() == Some(id) {
                        moves.focus.set(None);
                    }
                }
                on:click=move |_| {
                    let now_open = !open.get_untracked();
                    open.set(now_open);
                    if now_open {
                        request_animation_frame(move || focus_item(0));
                    }
                }
            >
                {i18n.text(Key::MoveTo)}
            </button>
            <ul class="menu__list" role="menu" id=menu_id aria-label=menu_label hidden=move || !open.get()>
                {entries}
            </ul>
        </div>
    }
    .into_any()
}
