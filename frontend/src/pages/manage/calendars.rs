//! `/gerenciar/calendarios`: business calendars (horário de atendimento),
//! in which SLA deadlines are counted: a weekly grid with one or more
//! intervals a day, the time zone, and the holidays (Brazil's national
//! ones built in, Carnival as an option, state sets, specific dates).
//! Administrators and supervisors (`sla.manage`).

use atende_types::sla::{Calendar, CalendarInput};
use gloo_net::http::Method;
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::use_api;
use crate::components::feedback::{Empty, FailureNotice, Loading};
use crate::components::forms::{DateInput, FormError, Submission, TextField};
use crate::components::guard::RequirePermission;
use crate::components::layout::use_document_title;
use crate::format;
use crate::i18n::{Key, use_i18n};
use crate::labels;
use crate::pages::account::TIME_ZONES;
use crate::sla::{CalendarDraft, CalendarProblem, Preset, week_summary};

/// `/gerenciar/calendarios`.
#[component]
pub fn CalendarsPage() -> impl IntoView {
    use_document_title(Key::CalendarsTitle);
    view! {
        <RequirePermission any_of=&["sla.manage"]>
            <Calendars />
        </RequirePermission>
    }
}

#[component]
fn Calendars() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let version = RwSignal::new(0_u32);
    let calendars = LocalResource::new(move || {
        version.track();
        async move { api.get_json::<Vec<Calendar>>("/api/v1/sla/calendars").await }
    });
    let retry = Callback::new(move |()| calendars.refetch());
    let creating = RwSignal::new(false);
    let editing = RwSignal::new(None::<Uuid>);
    let changed = Callback::new(move |()| {
        creating.set(false);
        editing.set(None);
        version.update(|v| *v = v.wrapping_add(1));
    });

    view! {
        <div class="page page--wide">
            <header class="page__header page__header--actions">
                <div>
                    <h1 class="page__title" data-testid="page-title">{i18n.text(Key::CalendarsTitle)}</h1>
                    <p class="page__lead">{i18n.text(Key::CalendarsLead)}</p>
                </div>
                <Show when=move || !creating.get()>
                    <button
                        type="button"
                        class="button button--primary"
                        data-testid="calendar-create-open"
                        on:click=move |_| {
                            editing.set(None);
                            creating.set(true);
                        }
                    >
                        {i18n.text(Key::NewCalendar)}
                    </button>
                </Show>
            </header>
            <Show when=move || creating.get()>
                <section class="card form-card" aria-labelledby="novo-calendario-titulo">
                    <h2 class="card__title" id="novo-calendario-titulo">{i18n.text(Key::NewCalendar)}</h2>
                    <CalendarEditor
                        calendar=None
                        on_saved=changed
                        on_cancel=Callback::new(move |()| creating.set(false))
                    />
                </section>
            </Show>
            {move || match calendars.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(failure)) => view! { <FailureNotice failure on_retry=retry /> }.into_any(),
                Some(Ok(list)) if list.is_empty() => {
                    view! { <Empty text=Key::CalendarsEmpty testid="calendars-empty" /> }.into_any()
                }
                Some(Ok(list)) => {
                    view! {
                        <div class="calendar-list" data-testid="calendar-list">
                            {list
                                .into_iter()
                                .map(|calendar| view! { <CalendarCard calendar editing changed /> })
                                .collect_view()}
                        </div>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}

/// One calendar: its hours and holidays in a few lines, and its editor.
#[component]
fn CalendarCard(
    calendar: Calendar,
    editing: RwSignal<Option<Uuid>>,
    changed: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = calendar.id;
    let heading = format!("calendario-{id}");
    let labelled_by = heading.clone();
    let editor = calendar.clone();
    let week = calendar.week.clone();
    let holidays = {
        let calendar = calendar.clone();
        move || {
            let mut parts: Vec<String> = Vec::new();
            if calendar.national_holidays {
                parts.push(i18n.t(Key::NationalHolidays).to_owned());
            }
            if calendar.carnival {
                parts.push(i18n.t(Key::CarnivalOption).to_owned());
            }
            if !calendar.states.is_empty() {
                parts.push(format!(
                    "{}: {}",
                    i18n.t(Key::StateHolidays),
                    calendar.states.join(", ")
                ));
            }
            if !calendar.custom_holidays.is_empty() {
                parts.push(
                    i18n.t(Key::CustomDatesCount)
                        .replace("{n}", &calendar.custom_holidays.len().to_string()),
                );
            }
            if parts.is_empty() {
                i18n.t(Key::HolidaysNone).to_owned()
            } else {
                parts.join(" · ")
            }
        }
    };
    view! {
        <section class="card calendar-card" aria-labelledby=labelled_by data-testid="calendar-card" data-name=calendar.name.clone()>
            <div class="calendar-card__head">
                <h2 class="card__title" id=heading>
                    {calendar.name.clone()}
                </h2>
                {calendar
                    .is_default
                    .then(|| {
                        view! {
                            <span class="badge badge--info" data-testid="calendar-default-badge">
                                {i18n.text(Key::DefaultCalendar)}
                            </span>
                        }
                    })}
                <button
                    type="button"
                    class="button button--secondary button--small"
                    data-testid="calendar-edit"
                    aria-expanded=move || (editing.get() == Some(id)).to_string()
                    on:click=move |_| editing.update(|open| *open = if *open == Some(id) { None } else { Some(id) })
                >
                    {i18n.text(Key::Edit)}
                </button>
            </div>
            <dl class="facts facts--compact">
                <div class="facts__row">
                    <dt>{i18n.text(Key::TimeZone)}</dt>
                    <dd data-testid="calendar-time-zone-text">{calendar.time_zone.clone()}</dd>
                </div>
                <div class="facts__row">
                    <dt>{i18n.text(Key::WeeklyHours)}</dt>
                    <dd data-testid="calendar-hours">
                        {move || {
                            week_summary(i18n.locale(), &week)
                                .into_iter()
                                .map(|line| view! { <span class="calendar-card__line">{line}</span> })
                                .collect_view()
                        }}
                    </dd>
                </div>
                <div class="facts__row">
                    <dt>{i18n.text(Key::Holidays)}</dt>
                    <dd data-testid="calendar-holidays">{holidays}</dd>
                </div>
            </dl>
            {move || {
                (editing.get() == Some(id))
                    .then(|| {
                        view! {
                            <div class="calendar-card__editor">
                                <CalendarEditor
                                    calendar=Some(editor.clone())
                                    on_saved=changed
                                    on_cancel=Callback::new(move |()| editing.set(None))
                                />
                            </div>
                        }
                    })
            }}
        </section>
    }
}

/// Creating (`calendar = None`) or editing a calendar.
#[component]
fn CalendarEditor(
    calendar: Option<Calendar>,
    on_saved: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let editing_id = calendar.as_ref().map(|c| c.id);
    let draft = RwSignal::new(
        calendar
            .as_ref()
            .map(CalendarDraft::from_calendar)
            .unwrap_or_default(),
    );
    let name = RwSignal::new(draft.with_untracked(|d| d.name.clone()));
    let problem = RwSignal::new(None::<CalendarProblem>);
    let new_date = RwSignal::new(String::new());
    let date_problem = RwSignal::new(false);
    let submission = Submission::new();

    // The zone of the calendar is offered even when it is not in the list.
    let mut zones: Vec<(String, String)> = TIME_ZONES
        .iter()
        .map(|(zone, label)| {
            let text = if label == zone {
                (*zone).to_owned()
            } else {
                format!("{label} — {zone}")
            };
            ((*zone).to_owned(), text)
        })
        .collect();
    let current_zone = draft.with_untracked(|d| d.time_zone.clone());
    if !zones.iter().any(|(zone, _)| *zone == current_zone) {
        zones.push((current_zone.clone(), current_zone));
    }

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problem.set(None);
        let typed = name.get_untracked();
        draft.update(|d| d.name = typed);
        let input: CalendarInput = match draft.with_untracked(CalendarDraft::input) {
            Ok(input) => input,
            Err(found) => {
                submission.reset();
                problem.set(Some(found));
                return;
            }
        };
        let (method, path) = match editing_id {
            Some(id) => (Method::PUT, format!("/api/v1/sla/calendars/{id}")),
            None => (Method::POST, "/api/v1/sla/calendars".to_owned()),
        };
        submission.run(
            async move { api.send_json::<_, Calendar>(method, &path, &input).await },
            move |_| on_saved.run(()),
        );
    };
    let add_date = move |_| match format::parse_date_input(&new_date.get_untracked()) {
        Some(date) => {
            date_problem.set(false);
            draft.update(|d| {
                d.add_custom(date);
            });
            new_date.set(String::new());
        }
        None => date_problem.set(true),
    };
    let prefix = if editing_id.is_some() {
        "edit-calendar"
    } else {
        "calendar"
    };
    let name_error = Signal::derive(move || {
        if problem.get() == Some(CalendarProblem::NameMissing) {
            return Some(i18n.t(Key::NameRequired).to_owned());
        }
        submission.field_error("name").get()
    });

    view! {
        <form class="form calendar-editor" on:submit=on_submit novalidate data-testid="calendar-form">
            <div class="form-grid">
                <TextField
                    id=if editing_id.is_some() { "edit-calendar-name" } else { "calendar-name" }
                    label=Key::Name
                    value=name
                    testid="calendar-name"
                    error=name_error
                    required=true
                />
                <div class="field">
                    <label class="label" for=format!("{prefix}-zone")>{i18n.text(Key::TimeZone)}</label>
                    <select
                        id=format!("{prefix}-zone")
                        class="select"
                        data-testid="calendar-time-zone"
                        on:change=move |ev| {
                            let zone = event_target_value(&ev);
                            draft.update(|d| d.time_zone = zone);
                        }
                    >
                        {zones
                            .into_iter()
                            .map(|(zone, text)| {
                                let selected = draft.with_untracked(|d| d.time_zone == zone);
                                view! { <option value=zone selected=selected>{text}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
            </div>

            <fieldset class="fieldset">
                <legend>{i18n.text(Key::WeeklyHours)}</legend>
                <p class="hint">{i18n.text(Key::WeeklyHoursHint)}</p>
                <div class="button-row">
                    <span class="label">{i18n.text(Key::Presets)}</span>
                    <button
                        type="button"
                        class="button button--ghost button--small"
                        data-testid="calendar-preset-office"
                        on:click=move |_| draft.update(|d| d.apply(Preset::Office))
                    >
                        {i18n.text(Key::PresetOffice)}
                    </button>
                    <button
                        type="button"
                        class="button button--ghost button--small"
                        data-testid="calendar-preset-always"
                        on:click=move |_| draft.update(|d| d.apply(Preset::Always))
                    >
                        {i18n.text(Key::PresetAlways)}
                    </button>
                </div>
                <div class="table-wrap">
                    <table class="table week-grid" data-testid="calendar-week">
                        <caption class="visually-hidden">{i18n.text(Key::WeeklyHours)}</caption>
                        <tbody>
                            {(0..7).map(|day| view! { <DayRow draft day /> }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </fieldset>

            <fieldset class="fieldset">
                <legend>{i18n.text(Key::Holidays)}</legend>
                <span class="check">
                    <input
                        type="checkbox"
                        class="check__input"
                        id=format!("{prefix}-national")
                        data-testid="calendar-national"
                        aria-describedby=format!("{prefix}-national-dica")
                        prop:checked=move || draft.with(|d| d.national)
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            draft.update(|d| d.national = on);
                        }
                    />
                    <label class="check__label" for=format!("{prefix}-national")>{i18n.text(Key::NationalHolidays)}</label>
                </span>
                <p class="hint" id=format!("{prefix}-national-dica")>{i18n.text(Key::NationalHolidaysHint)}</p>
                <span class="check">
                    <input
                        type="checkbox"
                        class="check__input"
                        id=format!("{prefix}-carnival")
                        data-testid="calendar-carnival"
                        prop:checked=move || draft.with(|d| d.carnival)
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            draft.update(|d| d.carnival = on);
                        }
                    />
                    <label class="check__label" for=format!("{prefix}-carnival")>{i18n.text(Key::CarnivalOption)}</label>
                </span>
                <fieldset class="fieldset fieldset--nested">
                    <legend class="label">{i18n.text(Key::StateHolidays)}</legend>
                    <div class="check-grid">
                        {labels::STATE_HOLIDAYS
                            .iter()
                            .map(|(uf, state, holiday)| {
                                let id = format!("{prefix}-state-{uf}");
                                view! {
                                    <span class="check" title=format!("{state}: {holiday}")>
                                        <input
                                            type="checkbox"
                                            class="check__input"
                                            id=id.clone()
                                            data-testid=format!("calendar-state-{uf}")
                                            prop:checked=move || draft.with(|d| d.states.iter().any(|s| s == uf))
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                draft.update(|d| d.set_state(uf, on));
                                            }
                                        />
                                        <label class="check__label" for=id>
                                            <strong>{*uf}</strong>
                                            " "
                                            <span class="check__note">{*holiday}</span>
                                        </label>
                                    </span>
                                }
                            })
                            .collect_view()}
                    </div>
                </fieldset>
                <fieldset class="fieldset fieldset--nested">
                    <legend class="label">{i18n.text(Key::CustomHolidays)}</legend>
                    <p class="hint">{i18n.text(Key::CustomHolidaysHint)}</p>
                    <div class="input-group input-group--narrow">
                        <DateInput
                            id=format!("{prefix}-custom-date")
                            value=new_date
                            on_change=Callback::new(move |v| new_date.set(v))
                            testid="calendar-custom-date"
                            aria_label=Signal::derive(move || i18n.t(Key::CustomHolidays).to_owned())
                            invalid=Signal::derive(move || date_problem.get())
                        />
                        <button
                            type="button"
                            class="button button--secondary"
                            data-testid="calendar-custom-add"
                            on:click=add_date
                        >
                            {i18n.text(Key::AddDate)}
                        </button>
                    </div>
                    <Show when=move || date_problem.get()>
                        <p class="field-error">{i18n.text(Key::DateRequired)}</p>
                    </Show>
                    {move || {
                        let dates = draft.with(|d| d.custom.clone());
                        if dates.is_empty() {
                            return view! { <p class="hint" data-testid="calendar-custom-empty">{i18n.text(Key::NoCustomDates)}</p> }
                                .into_any();
                        }
                        view! {
                            <ul class="chips" data-testid="calendar-custom-list">
                                {dates
                                    .into_iter()
                                    .map(|date| {
                                        let shown = date.format("%d/%m/%Y").to_string();
                                        let label = i18n.t(Key::RemoveDate).replace("{date}", &shown);
                                        view! {
                                            <li class="chip" data-testid="calendar-custom-item">
                                                <span>{shown}</span>
                                                <button
                                                    type="button"
                                                    class="chip__remove"
                                                    aria-label=label.clone()
                                                    title=label
                                                    data-testid="calendar-custom-remove"
                                                    on:click=move |_| draft.update(|d| d.custom.retain(|c| *c != date))
                                                >
                                                    "×"
                                                </button>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any()
                    }}
                </fieldset>
            </fieldset>

            <span class="check">
                <input
                    type="checkbox"
                    class="check__input"
                    id=format!("{prefix}-default")
                    data-testid="calendar-default"
                    prop:checked=move || draft.with(|d| d.is_default)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        draft.update(|d| d.is_default = on);
                    }
                />
                <label class="check__label" for=format!("{prefix}-default")>{i18n.text(Key::DefaultCalendarLabel)}</label>
            </span>

            <div class="form-error" aria-live="assertive" data-testid="calendar-problem">
                {move || {
                    problem
                        .get()
                        .filter(|p| *p != CalendarProblem::NameMissing)
                        .map(|p| {
                            view! {
                                <div class="notice notice--error">
                                    <p class="notice__message">{move || p.message(i18n.locale())}</p>
                                </div>
                            }
                        })
                }}
            </div>
            <FormError submission inline_fields=&["name"] testid="calendar-error" />
            <div class="button-row">
                <button
                    type="submit"
                    class="button button--primary"
                    data-testid="calendar-submit"
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

/// One day of the weekly grid: its intervals, each with a start and an
/// end, a way to add one and to copy the day to the whole week. Drawn
/// again only when the number of intervals changes, so typing keeps the
/// focus.
#[component]
fn DayRow(draft: RwSignal<CalendarDraft>, day: usize) -> impl IntoView {
    let i18n = use_i18n();
    let count = Memo::new(move |_| draft.with(|d| d.week.get(day).map_or(0, Vec::len)));
    let day_name = move || labels::weekday(i18n.locale(), day);
    let field = move |index: usize, end: bool| {
        move || {
            draft.with(|d| {
                d.week
                    .get(day)
                    .and_then(|intervals| intervals.get(index))
                    .map(|i| if end { i.end.clone() } else { i.start.clone() })
                    .unwrap_or_default()
            })
        }
    };
    let set = move |index: usize, end: bool, value: String| {
        draft.update(|d| {
            if let Some(interval) = d.week.get_mut(day).and_then(|i| i.get_mut(index)) {
                if end {
                    interval.end = value;
                } else {
                    interval.start = value;
                }
            }
        });
    };
    let label = move |key: Key, index: usize| {
        move || {
            i18n.t(key)
                .replace("{n}", &(index + 1).to_string())
                .replace("{day}", labels::weekday(i18n.locale(), day))
        }
    };
    view! {
        <tr data-testid="calendar-day" data-day=day>
            <th scope="row" class="week-grid__day">{day_name}</th>
            <td class="week-grid__intervals">
                {move || {
                    let count = count.get();
                    if count == 0 {
                        return view! { <span class="cell-sub" data-testid="calendar-day-closed">{i18n.text(Key::Closed)}</span> }
                            .into_any();
                    }
                    (0..count)
                        .map(|index| {
                            view! {
                                <span class="interval" data-testid="calendar-interval">
                                    <input
                                        type="text"
                                        class="input input--time"
                                        inputmode="numeric"
                                        maxlength="5"
                                        placeholder="08:00"
                                        data-testid="interval-start"
                                        aria-label=label(Key::IntervalStart, index)
                                        prop:value=field(index, false)
                                        on:input=move |ev| set(index, false, event_target_value(&ev))
                                    />
                                    <span class="interval__to">{i18n.text(Key::IntervalTo)}</span>
                                    <input
                                        type="text"
                                        class="input input--time"
                                        inputmode="numeric"
                                        maxlength="5"
                                        placeholder="12:00"
                                        data-testid="interval-end"
                                        aria-label=label(Key::IntervalEnd, index)
                                        prop:value=field(index, true)
                                        on:input=move |ev| set(index, true, event_target_value(&ev))
                                    />
                                    <button
                                        type="button"
                                        class="button button--ghost button--small interval__remove"
                                        data-testid="interval-remove"
                                        aria-label=label(Key::IntervalRemove, index)
                                        title=label(Key::IntervalRemove, index)
                                        on:click=move |_| draft.update(|d| d.remove_interval(day, index))
                                    >
                                        "×"
                                    </button>
                                </span>
                            }
                        })
                        .collect_view()
                        .into_any()
                }}
            </td>
            <td class="cell-actions">
                <button
                    type="button"
                    class="button button--ghost button--small"
                    data-testid="interval-add"
                    aria-label=move || i18n.t(Key::AddIntervalTo).replace("{day}", labels::weekday(i18n.locale(), day))
                    on:click=move |_| draft.update(|d| d.add_interval(day))
                >
                    {i18n.text(Key::AddInterval)}
                </button>
                <button
                    type="button"
                    class="button button--ghost button--small"
                    data-testid="day-copy-all"
                    aria-label=move || i18n.t(Key::CopyDayToAll).replace("{day}", labels::weekday(i18n.locale(), day))
                    on:click=move |_| draft.update(|d| d.copy_to_all(day))
                >
                    {i18n.text(Key::CopyToAllDays)}
                </button>
            </td>
        </tr>
    }
}
