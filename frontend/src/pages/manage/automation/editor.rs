//! The rule editor: a name, *when* (on create, on chosen changes by
//! chosen people, or N minutes before/after a ticket moment, counted in
//! calendar or business minutes), two groups of conditions ("Todas
//! estas", "Qualquer uma destas") whose value widgets follow the field,
//! and the actions, each with its own value widgets. What the server
//! refuses is listed at the top in words and marked on the part it
//! concerns.

use atende_core::automation::{
    ActionKind, ConditionField, ConditionGroups, Direction, TeamAssignment, TimeAnchor, Trigger,
    UpdateEvent,
};
use atende_core::events::PerformerKind;
use atende_core::locale::Locale;
use atende_core::tickets::{Priority, TicketStatus};
use atende_types::automation::{AutomationRule, AutomationRuleInput};
use gloo_net::http::Method;
use leptos::prelude::*;

use super::{Lookups, STAFF_ROLES};
use crate::api::{ApiFailure, use_api};
use crate::automation::{
    ActionDraft, ConditionDraft, RULES_PATH, ReplyMode, Unit, ValueKind, WhenDraft, error_place,
    operators, path_within, server_message,
};
use crate::components::feedback::FailureNotice;
use crate::components::forms::{Submission, TextField};
use crate::i18n::{I18n, Key, use_i18n};
use crate::labels;

/// The rows of a group, each with a key that stays while it lives.
type Rows<T> = RwSignal<Vec<(u32, RwSignal<T>)>>;

/// What the server said about the rule: `(path, message)` per field.
type FieldErrors = Signal<Vec<(String, String)>>;

/// Every field error of a refusal (several when the server lists them),
/// told in the interface's language when the message is a known one.
fn field_errors(locale: Locale, failure: &ApiFailure) -> Vec<(String, String)> {
    let ApiFailure::Problem { body, .. } = failure else {
        return Vec::new();
    };
    if !body.errors.is_empty() {
        return body
            .errors
            .iter()
            .map(|e| (e.field.clone(), server_message(locale, &e.message)))
            .collect();
    }
    body.field
        .as_ref()
        .map(|field| {
            let detail = body.detail.clone().unwrap_or_else(|| body.title.clone());
            vec![(field.clone(), server_message(locale, &detail))]
        })
        .unwrap_or_default()
}

/// The messages of `errors` about the part at `prefix`.
fn errors_at(
    errors: FieldErrors,
    prefix: impl Fn() -> String + Send + Sync + 'static,
) -> Signal<Vec<String>> {
    Signal::derive(move || {
        let prefix = prefix();
        errors.with(|list| {
            list.iter()
                .filter(|(path, _)| path_within(path, &prefix))
                .map(|(_, message)| message.clone())
                .collect()
        })
    })
}

/// The messages of `errors` about exactly `path` (not its parts).
fn errors_exactly(
    errors: FieldErrors,
    path: impl Fn() -> String + Send + Sync + 'static,
) -> Signal<Vec<String>> {
    Signal::derive(move || {
        let path = path();
        errors.with(|list| {
            list.iter()
                .filter(|(p, _)| *p == path)
                .map(|(_, message)| message.clone())
                .collect()
        })
    })
}

/// The messages under a part of the form.
fn error_lines(messages: Signal<Vec<String>>, testid: &'static str) -> impl IntoView {
    move || {
        messages
            .get()
            .into_iter()
            .map(|message| view! { <p class="field-error" data-testid=testid>{message}</p> })
            .collect_view()
    }
}

/// Creating (`rule = None`) or changing a rule.
#[component]
pub(super) fn RuleEditor(
    rule: Option<AutomationRule>,
    lookups: Lookups,
    on_saved: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let editing_id = rule.as_ref().map(|r| r.id);
    let counter = StoredValue::new(0_u32);
    let next_key = move || {
        let key = counter.get_value();
        counter.set_value(key.wrapping_add(1));
        key
    };
    let name = RwSignal::new(rule.as_ref().map(|r| r.name.clone()).unwrap_or_default());
    let enabled = RwSignal::new(rule.as_ref().is_none_or(|r| r.enabled));
    let when = RwSignal::new(
        rule.as_ref()
            .map(|r| WhenDraft::from_spec(&r.when))
            .unwrap_or_default(),
    );
    let conditions = |pick: fn(&AutomationRule) -> &Vec<atende_core::automation::ConditionSpec>| {
        rule.as_ref()
            .map(|r| {
                pick(r)
                    .iter()
                    .map(|spec| (next_key(), RwSignal::new(ConditionDraft::from_spec(spec))))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let all: Rows<ConditionDraft> = RwSignal::new(conditions(|r| &r.conditions.all));
    let any: Rows<ConditionDraft> = RwSignal::new(conditions(|r| &r.conditions.any));
    let actions: Rows<ActionDraft> = RwSignal::new(
        rule.as_ref()
            .map(|r| {
                r.actions
                    .iter()
                    .map(|spec| (next_key(), RwSignal::new(ActionDraft::from_spec(spec))))
                    .collect()
            })
            .unwrap_or_default(),
    );
    let submission = Submission::new();
    let errors: FieldErrors = Signal::derive(move || {
        submission
            .failure()
            .map(|f| field_errors(i18n.locale(), &f))
            .unwrap_or_default()
    });
    let add_key = Callback::new(move |()| next_key());

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = name.get_untracked().trim().to_owned();
        if typed.is_empty() {
            submission.complain(Some("name"), Key::NameRequired);
            return;
        }
        let specs = |rows: Rows<ConditionDraft>| {
            rows.get_untracked()
                .iter()
                .map(|(_, d)| d.get_untracked().to_spec())
                .collect::<Vec<_>>()
        };
        let input = AutomationRuleInput {
            name: typed,
            enabled: enabled.get_untracked(),
            when: when.get_untracked().to_spec(),
            conditions: ConditionGroups {
                all: specs(all),
                any: specs(any),
            },
            actions: actions
                .get_untracked()
                .iter()
                .map(|(_, a)| a.get_untracked().to_spec())
                .collect(),
        };
        if input.actions.is_empty() {
            submission.complain(Some("actions"), Key::RuleNeedsAction);
            return;
        }
        let (method, path) = match editing_id {
            Some(id) => (Method::PUT, format!("{RULES_PATH}/{id}")),
            None => (Method::POST, RULES_PATH.to_owned()),
        };
        submission.run(
            async move {
                api.send_json::<_, AutomationRule>(method, &path, &input)
                    .await
            },
            move |_| on_saved.run(()),
        );
    };

    let actions_error = submission.field_error("actions");
    // Opened from a row far down the list: the editor comes into sight.
    let form_ref = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if editing_id.is_some()
            && let Some(form) = form_ref.get()
        {
            form.scroll_into_view();
        }
    });
    view! {
        <form class="form rule-editor" node_ref=form_ref on:submit=on_submit novalidate data-testid="rule-form">
            {move || {
                let failure = submission.failure()?;
                let list = field_errors(i18n.locale(), &failure);
                if list.is_empty() {
                    return Some(view! { <FailureNotice failure /> }.into_any());
                }
                let locale = i18n.locale();
                Some(
                    view! {
                        <div class="notice notice--error" role="alert" data-testid="rule-errors">
                            <p class="notice__message">{i18n.text(Key::RuleErrorsTitle)}</p>
                            <ul class="rule-errors">
                                {list
                                    .into_iter()
                                    .map(|(path, message)| {
                                        let place = error_place(locale, &path);
                                        view! {
                                            <li data-testid="rule-error" data-path=path>
                                                <strong>{place}</strong>
                                                ": "
                                                {message}
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        </div>
                    }
                        .into_any(),
                )
            }}
            <div class="form-grid">
                <TextField
                    id="regra-nome"
                    label=Key::Name
                    value=name
                    maxlength=120
                    testid="rule-name-input"
                    error=submission.field_error("name")
                    required=true
                    autofocus=true
                />
                <div class="field field--check">
                    <span class="check">
                        <input
                            type="checkbox"
                            class="check__input"
                            id="regra-ativa"
                            data-testid="rule-enabled"
                            prop:checked=move || enabled.get()
                            on:change=move |ev| enabled.set(event_target_checked(&ev))
                        />
                        <label class="check__label" for="regra-ativa">{i18n.text(Key::RuleEnabledLabel)}</label>
                    </span>
                </div>
            </div>

            <WhenFields when lookups errors />

            <fieldset class="fieldset">
                <legend>{i18n.text(Key::Conditions)}</legend>
                <ConditionGroup group="all" legend=Key::ConditionsAll hint=Key::ConditionsAllHint rows=all lookups errors submission add_key />
                <ConditionGroup group="any" legend=Key::ConditionsAny hint=Key::ConditionsAnyHint rows=any lookups errors submission add_key />
            </fieldset>

            <fieldset class="fieldset" data-testid="rule-actions">
                <legend>{i18n.text(Key::ActionsTitle)}</legend>
                <p class="hint">{i18n.text(Key::ActionsHint)}</p>
                <Show when=move || actions.with(Vec::is_empty)>
                    <p class="hint rule-group__empty">{i18n.text(Key::NoActions)}</p>
                </Show>
                <ol class="rule-rows">
                    <For
                        each=move || actions.get()
                        key=|(key, _)| *key
                        children=move |(key, draft)| {
                            view! { <ActionRow key draft rows=actions lookups errors submission /> }
                        }
                    />
                </ol>
                {move || actions_error.get().map(|m| view! { <p class="field-error" data-testid="rule-actions-error">{m}</p> })}
                {error_lines(errors_exactly(errors, || "actions".to_owned()), "rule-actions-error")}
                <button
                    type="button"
                    class="button button--secondary button--small"
                    data-testid="action-add"
                    on:click=move |_| {
                        submission.reset();
                        let key = add_key.run(());
                        actions.update(|rows| rows.push((key, RwSignal::new(ActionDraft::new(ActionKind::AssignTeam)))));
                    }
                >
                    {i18n.text(Key::AddAction)}
                </button>
            </fieldset>

            <div class="button-row">
                <button
                    type="submit"
                    class="button button--primary"
                    data-testid="rule-submit"
                    disabled=move || submission.pending()
                >
                    {move || i18n.t(if submission.pending() { Key::Saving } else { Key::RuleSave })}
                </button>
                <button type="button" class="button button--ghost" data-testid="rule-cancel" on:click=move |_| on_cancel.run(())>
                    {i18n.text(Key::Cancel)}
                </button>
            </div>
        </form>
    }
}

/// "Quando": the trigger, then what it needs.
#[component]
fn WhenFields(when: RwSignal<WhenDraft>, lookups: Lookups, errors: FieldErrors) -> impl IntoView {
    let i18n = use_i18n();
    let on = Memo::new(move |_| when.with(|w| w.on));
    let messages = errors_at(errors, || "when".to_owned());
    view! {
        <fieldset class="fieldset" data-testid="rule-when">
            <legend>{i18n.text(Key::WhenTitle)}</legend>
            <p class="hint">{i18n.text(Key::WhenHint)}</p>
            <fieldset class="segmented segmented--wrap">
                <legend class="visually-hidden">{i18n.text(Key::WhenTitle)}</legend>
                {Trigger::ALL
                    .iter()
                    .map(|trigger| {
                        let trigger = *trigger;
                        view! {
                            <label class="segmented__option" class:segmented__option--on=move || on.get() == trigger>
                                <input
                                    type="radio"
                                    name="regra-quando"
                                    value=trigger.as_str()
                                    data-testid=format!("when-{}", trigger.as_str())
                                    prop:checked=move || on.get() == trigger
                                    on:change=move |_| when.update(|w| w.on = trigger)
                                />
                                {move || labels::trigger(i18n.locale(), trigger)}
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
            {move || match on.get() {
                Trigger::Created => view! { <PerformerChecks when /> }.into_any(),
                Trigger::Updated => view! { <EventChecks when /> <PerformerChecks when /> }.into_any(),
                Trigger::Time => view! { <TimeFields when lookups /> }.into_any(),
            }}
            {error_lines(messages, "rule-when-error")}
        </fieldset>
    }
}

/// A checkbox of a list kept in the "when" draft.
fn when_check<T: Copy + PartialEq + Send + Sync + 'static>(
    when: RwSignal<WhenDraft>,
    value: T,
    id: String,
    testid: String,
    text: impl Fn() -> &'static str + Send + Sync + 'static,
    list: fn(&mut WhenDraft) -> &mut Vec<T>,
    read: fn(&WhenDraft) -> &Vec<T>,
) -> impl IntoView {
    view! {
        <span class="check">
            <input
                type="checkbox"
                class="check__input"
                id=id.clone()
                data-testid=testid
                prop:checked=move || when.with(|w| read(w).contains(&value))
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    when.update(|w| {
                        let items = list(w);
                        items.retain(|x| *x != value);
                        if on {
                            items.push(value);
                        }
                    });
                }
            />
            <label class="check__label" for=id>{text}</label>
        </span>
    }
}

#[component]
fn EventChecks(when: RwSignal<WhenDraft>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset class="fieldset fieldset--nested">
            <legend class="label">{i18n.text(Key::WhichChanges)}</legend>
            <p class="hint">{i18n.text(Key::WhichChangesHint)}</p>
            <div class="check-grid" data-testid="when-events">
                {UpdateEvent::ALL
                    .iter()
                    .map(|event| {
                        let event = *event;
                        when_check(
                            when,
                            event,
                            format!("regra-mudanca-{}", event.as_str()),
                            format!("when-event-{}", event.as_str()),
                            move || labels::update_event(i18n.locale(), event),
                            |w| &mut w.events,
                            |w| &w.events,
                        )
                    })
                    .collect_view()}
            </div>
        </fieldset>
    }
}

#[component]
fn PerformerChecks(when: RwSignal<WhenDraft>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset class="fieldset fieldset--nested">
            <legend class="label">{i18n.text(Key::ByWhom)}</legend>
            <p class="hint">{i18n.text(Key::ByWhomHint)}</p>
            <div class="check-grid" data-testid="when-by">
                {PerformerKind::ALL
                    .iter()
                    .map(|kind| {
                        let kind = *kind;
                        when_check(
                            when,
                            kind,
                            format!("regra-por-{}", kind.as_str()),
                            format!("when-by-{}", kind.as_str()),
                            move || labels::performer(i18n.locale(), kind),
                            |w| &mut w.by,
                            |w| &w.by,
                        )
                    })
                    .collect_view()}
            </div>
        </fieldset>
    }
}

/// A time rule: how many minutes or hours, before or after which moment,
/// counted how.
#[component]
fn TimeFields(when: RwSignal<WhenDraft>, lookups: Lookups) -> impl IntoView {
    let i18n = use_i18n();
    let bad_direction =
        move || when.with(|w| w.direction == Direction::Before && !labels::counts_before(w.anchor));
    view! {
        <div class="rule-time">
            <div class="field field--narrow">
                <label class="label" for="regra-tempo">{i18n.text(Key::TimeAmount)}</label>
                <input
                    id="regra-tempo"
                    class="input input--number"
                    type="number"
                    min="1"
                    inputmode="numeric"
                    data-testid="when-amount"
                    prop:value=move || when.with(|w| w.amount.clone())
                    on:input=move |ev| when.update(|w| w.amount = event_target_value(&ev))
                />
            </div>
            <div class="field">
                <label class="label" for="regra-unidade">{i18n.text(Key::TimeUnit)}</label>
                <select
                    id="regra-unidade"
                    class="select"
                    data-testid="when-unit"
                    on:change=move |ev| when.update(|w| w.unit = Unit::parse(&event_target_value(&ev)))
                >
                    {Unit::ALL
                        .iter()
                        .map(|unit| {
                            let unit = *unit;
                            view! {
                                <option value=unit.as_str() selected=move || when.with_untracked(|w| w.unit) == unit>
                                    {move || i18n.t(unit.key())}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label class="label" for="regra-direcao">{i18n.text(Key::TimeDirection)}</label>
                <select
                    id="regra-direcao"
                    class="select"
                    data-testid="when-direction"
                    on:change=move |ev| {
                        if let Some(direction) = Direction::parse(&event_target_value(&ev)) {
                            when.update(|w| w.direction = direction);
                        }
                    }
                >
                    {Direction::ALL
                        .iter()
                        .map(|direction| {
                            let direction = *direction;
                            view! {
                                <option
                                    value=direction.as_str()
                                    selected=move || when.with_untracked(|w| w.direction) == direction
                                >
                                    {move || labels::direction(i18n.locale(), direction)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label class="label" for="regra-ancora">{i18n.text(Key::TimeAnchorLabel)}</label>
                <select
                    id="regra-ancora"
                    class="select"
                    data-testid="when-anchor"
                    on:change=move |ev| {
                        if let Some(anchor) = TimeAnchor::parse(&event_target_value(&ev)) {
                            when.update(|w| w.anchor = anchor);
                        }
                    }
                >
                    {TimeAnchor::ALL
                        .iter()
                        .map(|anchor| {
                            let anchor = *anchor;
                            view! {
                                <option value=anchor.as_str() selected=move || when.with_untracked(|w| w.anchor) == anchor>
                                    {move || labels::time_anchor(i18n.locale(), anchor)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label class="label" for="regra-contagem">{i18n.text(Key::TimeCounting)}</label>
                <select
                    id="regra-contagem"
                    class="select"
                    data-testid="when-calendar"
                    on:change=move |ev| when.update(|w| w.calendar = event_target_value(&ev))
                >
                    <option value="" selected=move || when.with_untracked(|w| w.calendar.is_empty())>
                        {i18n.text(Key::CalendarMinutes)}
                    </option>
                    {move || {
                        let chosen = when.with_untracked(|w| w.calendar.clone());
                        lookups
                            .calendars
                            .get()
                            .into_iter()
                            .map(|c| {
                                let value = c.id.to_string();
                                let selected = value == chosen;
                                let text = i18n.t(Key::BusinessMinutesOf).replace("{name}", &c.name);
                                view! { <option value=value selected=selected>{text}</option> }
                            })
                            .collect_view()
                    }}
                </select>
            </div>
        </div>
        {move || bad_direction().then(|| view! { <p class="field-error">{i18n.text(Key::TimeBeforeOnlySla)}</p> })}
        <p class="hint">{i18n.text(Key::TimeRuleHint)}</p>
    }
}

/// One group of conditions.
#[component]
fn ConditionGroup(
    group: &'static str,
    legend: Key,
    hint: Key,
    rows: Rows<ConditionDraft>,
    lookups: Lookups,
    errors: FieldErrors,
    submission: Submission,
    add_key: Callback<(), u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    // Only what is about the group itself; its rows show their own.
    let own = errors_exactly(errors, move || format!("conditions.{group}"));
    view! {
        <fieldset class="fieldset fieldset--nested rule-group" data-testid=format!("conditions-{group}")>
            <legend class="label">{move || i18n.t(legend)}</legend>
            <p class="hint">{move || i18n.t(hint)}</p>
            <Show when=move || rows.with(Vec::is_empty)>
                <p class="hint rule-group__empty">{i18n.text(Key::NoConditionsInGroup)}</p>
            </Show>
            <ol class="rule-rows">
                <For
                    each=move || rows.get()
                    key=|(key, _)| *key
                    children=move |(key, draft)| {
                        view! { <ConditionRow group key draft rows lookups errors submission /> }
                    }
                />
            </ol>
            {error_lines(own, "condition-group-error")}
            <button
                type="button"
                class="button button--secondary button--small"
                data-testid=format!("condition-add-{group}")
                on:click=move |_| {
                    submission.reset();
                    let key = add_key.run(());
                    rows.update(|list| list.push((key, RwSignal::new(ConditionDraft::new(ConditionField::Status)))));
                }
            >
                {i18n.text(Key::AddCondition)}
            </button>
        </fieldset>
    }
}

/// One condition: field → comparison → value.
#[component]
fn ConditionRow(
    group: &'static str,
    key: u32,
    draft: RwSignal<ConditionDraft>,
    rows: Rows<ConditionDraft>,
    lookups: Lookups,
    errors: FieldErrors,
    submission: Submission,
) -> impl IntoView {
    let i18n = use_i18n();
    let field = Memo::new(move |_| draft.with(|d| d.field));
    let kind = Memo::new(move |_| draft.with(ConditionDraft::kind));
    let index = move || {
        rows.with(|list| list.iter().position(|(k, _)| *k == key))
            .unwrap_or(0)
    };
    let messages = errors_at(errors, move || format!("conditions.{group}[{}]", index()));
    let id = move |part: &str| format!("condicao-{key}-{part}");
    view! {
        <li
            class="rule-row"
            data-testid="condition-row"
            data-field=move || field.get().as_str()
            aria-invalid=move || messages.with(|m| !m.is_empty()).then_some("true")
        >
            <div class="rule-row__fields">
                <div class="field">
                    <label class="label" for=id("campo")>{i18n.text(Key::ConditionFieldLabel)}</label>
                    <select
                        id=id("campo")
                        class="select"
                        data-testid="condition-field"
                        on:change=move |ev| {
                            if let Some(f) = ConditionField::parse(&event_target_value(&ev)) {
                                draft.update(|d| d.set_field(f));
                            }
                        }
                    >
                        {ConditionField::ALL
                            .iter()
                            .map(|f| {
                                let f = *f;
                                view! {
                                    <option value=f.as_str() selected=move || field.get_untracked() == f>
                                        {move || labels::condition_field(i18n.locale(), f)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label class="label" for=id("comparacao")>{i18n.text(Key::ConditionOperatorLabel)}</label>
                    {move || {
                        let f = field.get();
                        let current = draft.with_untracked(|d| d.operator);
                        view! {
                            <select
                                id=id("comparacao")
                                class="select"
                                data-testid="condition-operator"
                                on:change=move |ev| {
                                    if let Some(op) = atende_core::automation::Operator::parse(&event_target_value(&ev)) {
                                        draft.update(|d| d.set_operator(op));
                                    }
                                }
                            >
                                {operators(f)
                                    .iter()
                                    .map(|op| {
                                        let op = *op;
                                        view! {
                                            <option value=op.as_str() selected=op == current>
                                                {move || labels::operator(i18n.locale(), op)}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                            </select>
                        }
                    }}
                </div>
                {move || {
                    let kind = kind.get();
                    untrack(|| condition_value(i18n, kind, key, draft, lookups))
                }}
            </div>
            <button
                type="button"
                class="button button--ghost button--small rule-row__remove"
                data-testid="condition-remove"
                on:click=move |_| {
                    submission.reset();
                    rows.update(|list| list.retain(|(k, _)| *k != key));
                }
            >
                {i18n.text(Key::RemoveCondition)}
            </button>
            {error_lines(messages, "condition-error")}
        </li>
    }
}

/// Checkboxes choosing some of `options`.
#[allow(clippy::too_many_arguments)]
fn checks(
    i18n: I18n,
    legend: Key,
    testid: &'static str,
    id_prefix: String,
    options: impl Fn() -> Vec<(String, String)> + Send + Sync + 'static,
    chosen: impl Fn(&str) -> bool + Copy + Send + Sync + 'static,
    toggle: impl Fn(String, bool) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <fieldset class="fieldset fieldset--nested rule-choices">
            <legend class="label">{move || i18n.t(legend)}</legend>
            {move || {
                let list = options();
                if list.is_empty() {
                    return view! { <p class="hint">{i18n.text(Key::NoneToChoose)}</p> }.into_any();
                }
                view! {
                    <div class="check-list rule-choices__list" data-testid=testid>
                        {list
                            .into_iter()
                            .map(|(value, text)| {
                                let input_id = format!("{id_prefix}-{value}");
                                let (checked, changed) = (value.clone(), value.clone());
                                view! {
                                    <span class="check">
                                        <input
                                            type="checkbox"
                                            class="check__input"
                                            id=input_id.clone()
                                            value=value
                                            prop:checked=move || chosen(&checked)
                                            on:change=move |ev| toggle(changed.clone(), event_target_checked(&ev))
                                        />
                                        <label class="check__label" for=input_id>{text}</label>
                                    </span>
                                }
                            })
                            .collect_view()}
                    </div>
                }
                    .into_any()
            }}
        </fieldset>
    }
}

/// A select of ids, the first option meaning "none".
#[allow(clippy::too_many_arguments)]
fn id_select(
    i18n: I18n,
    id: String,
    label: Key,
    first: Key,
    testid: &'static str,
    options: impl Fn() -> Vec<(String, String)> + Send + Sync + 'static,
    current: impl Fn() -> String + Copy + Send + Sync + 'static,
    set: impl Fn(String) + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <div class="field">
            <label class="label" for=id.clone()>{move || i18n.t(label)}</label>
            <select id=id class="select" data-testid=testid on:change=move |ev| set(event_target_value(&ev))>
                <option value="" selected=move || untrack(current).is_empty()>{move || i18n.t(first)}</option>
                {move || {
                    let chosen = untrack(current);
                    options()
                        .into_iter()
                        .map(|(value, text)| {
                            let selected = value == chosen;
                            view! { <option value=value selected=selected>{text}</option> }
                        })
                        .collect_view()
                }}
            </select>
        </div>
    }
}

/// The value widgets of a condition, by what it takes.
fn condition_value(
    i18n: I18n,
    kind: ValueKind,
    key: u32,
    draft: RwSignal<ConditionDraft>,
    lookups: Lookups,
) -> AnyView {
    let id = move |part: &str| format!("condicao-{key}-{part}");
    match kind {
        ValueKind::Nothing => ().into_any(),
        ValueKind::Statuses
        | ValueKind::Priorities
        | ValueKind::Channels
        | ValueKind::Roles
        | ValueKind::SlaStates
        | ValueKind::Categories
        | ValueKind::Companies
        | ValueKind::Consultancies
        | ValueKind::Segments
        | ValueKind::Teams
        | ValueKind::Agents => checks(
            i18n,
            Key::ConditionValueLabel,
            "condition-values",
            id("valor"),
            move || lookups.options(kind, i18n.locale()),
            move |value: &str| draft.with(|d| d.values.iter().any(|v| v == value)),
            move |value: String, on: bool| {
                draft.update(|d| {
                    d.values.retain(|v| *v != value);
                    if on {
                        d.values.push(value);
                    }
                });
            },
        )
        .into_any(),
        ValueKind::Tags | ValueKind::Text => {
            let (testid, hint) = if kind == ValueKind::Tags {
                ("condition-tags", Key::TagsHint)
            } else {
                ("condition-text", Key::TextToFindHint)
            };
            view! {
                <div class="field field--grow">
                    <label class="label" for=id("valor")>{i18n.text(Key::ConditionValueLabel)}</label>
                    <input
                        id=id("valor")
                        class="input"
                        type="text"
                        maxlength="200"
                        data-testid=testid
                        aria-describedby=id("dica")
                        prop:value=move || draft.with(|d| d.text.clone())
                        on:input=move |ev| draft.update(|d| d.text = event_target_value(&ev))
                    />
                    <p class="hint" id=id("dica")>{i18n.text(hint)}</p>
                </div>
            }
            .into_any()
        }
        ValueKind::Calendar => id_select(
            i18n,
            id("calendario"),
            Key::Calendar,
            Key::ChooseOne,
            "condition-calendar",
            move || {
                lookups
                    .calendars
                    .get()
                    .into_iter()
                    .map(|c| (c.id.to_string(), c.name))
                    .collect()
            },
            move || draft.with(|d| d.text.clone()),
            move |value| draft.update(|d| d.text = value),
        )
        .into_any(),
        ValueKind::TimeSince => view! {
            <div class="field">
                <label class="label" for=id("desde")>{i18n.text(Key::TimeSinceFrom)}</label>
                <select
                    id=id("desde")
                    class="select"
                    data-testid="condition-anchor"
                    on:change=move |ev| {
                        if let Some(anchor) = TimeAnchor::parse(&event_target_value(&ev)) {
                            draft.update(|d| d.anchor = anchor);
                        }
                    }
                >
                    {TimeAnchor::ALL
                        .iter()
                        .filter(|a| !labels::counts_before(**a))
                        .map(|anchor| {
                            let anchor = *anchor;
                            view! {
                                <option value=anchor.as_str() selected=move || draft.with_untracked(|d| d.anchor) == anchor>
                                    {move || labels::time_anchor(i18n.locale(), anchor)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field field--narrow">
                <label class="label" for=id("quanto")>{i18n.text(Key::TimeAmount)}</label>
                <input
                    id=id("quanto")
                    class="input input--number"
                    type="number"
                    min="1"
                    inputmode="numeric"
                    data-testid="condition-amount"
                    prop:value=move || draft.with(|d| d.amount.clone())
                    on:input=move |ev| draft.update(|d| d.amount = event_target_value(&ev))
                />
            </div>
            <div class="field">
                <label class="label" for=id("unidade")>{i18n.text(Key::TimeUnit)}</label>
                <select
                    id=id("unidade")
                    class="select"
                    data-testid="condition-unit"
                    on:change=move |ev| draft.update(|d| d.unit = Unit::parse(&event_target_value(&ev)))
                >
                    {Unit::ALL
                        .iter()
                        .map(|unit| {
                            let unit = *unit;
                            view! {
                                <option value=unit.as_str() selected=move || draft.with_untracked(|d| d.unit) == unit>
                                    {move || i18n.t(unit.key())}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            {id_select(
                i18n,
                id("contagem"),
                Key::TimeCounting,
                Key::CalendarMinutes,
                "condition-counting",
                move || {
                    lookups
                        .calendars
                        .get()
                        .into_iter()
                        .map(|c| (c.id.to_string(), i18n.t(Key::BusinessMinutesOf).replace("{name}", &c.name)))
                        .collect()
                },
                move || draft.with(|d| d.calendar.clone()),
                move |value| draft.update(|d| d.calendar = value),
            )}
        }
        .into_any(),
    }
}

/// One action: what → its value.
#[component]
fn ActionRow(
    key: u32,
    draft: RwSignal<ActionDraft>,
    rows: Rows<ActionDraft>,
    lookups: Lookups,
    errors: FieldErrors,
    submission: Submission,
) -> impl IntoView {
    let i18n = use_i18n();
    let kind = Memo::new(move |_| draft.with(|d| d.kind));
    let index = move || {
        rows.with(|list| list.iter().position(|(k, _)| *k == key))
            .unwrap_or(0)
    };
    let messages = errors_at(errors, move || format!("actions[{}]", index()));
    let id = move |part: &str| format!("acao-{key}-{part}");
    view! {
        <li
            class="rule-row"
            data-testid="action-row"
            data-kind=move || kind.get().as_str()
            aria-invalid=move || messages.with(|m| !m.is_empty()).then_some("true")
        >
            <div class="rule-row__fields">
                <div class="field">
                    <label class="label" for=id("tipo")>{i18n.text(Key::ActionTypeLabel)}</label>
                    <select
                        id=id("tipo")
                        class="select"
                        data-testid="action-kind"
                        on:change=move |ev| {
                            if let Some(k) = ActionKind::parse(&event_target_value(&ev)) {
                                draft.update(|d| d.set_kind(k));
                            }
                        }
                    >
                        {ActionKind::ALL
                            .iter()
                            .map(|k| {
                                let k = *k;
                                view! {
                                    <option value=k.as_str() selected=move || kind.get_untracked() == k>
                                        {move || labels::action_kind(i18n.locale(), k)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                {move || {
                    let kind = kind.get();
                    untrack(|| action_value(i18n, kind, key, draft, lookups))
                }}
            </div>
            <button
                type="button"
                class="button button--ghost button--small rule-row__remove"
                data-testid="action-remove"
                on:click=move |_| {
                    submission.reset();
                    rows.update(|list| list.retain(|(k, _)| *k != key));
                }
            >
                {i18n.text(Key::RemoveAction)}
            </button>
            {error_lines(messages, "action-error")}
        </li>
    }
}

/// The people who may be picked (staff).
fn agents(lookups: Lookups) -> Vec<(String, String)> {
    lookups
        .staff
        .get()
        .into_iter()
        .map(|m| (m.id.to_string(), m.name))
        .collect()
}

fn teams(lookups: Lookups) -> Vec<(String, String)> {
    lookups
        .teams
        .get()
        .into_iter()
        .map(|t| (t.id.to_string(), t.name))
        .collect()
}

/// The value widgets of an action, by its kind.
fn action_value(
    i18n: I18n,
    kind: ActionKind,
    key: u32,
    draft: RwSignal<ActionDraft>,
    lookups: Lookups,
) -> AnyView {
    let id = move |part: &str| format!("acao-{key}-{part}");
    let target = move || draft.with(|d| d.target.clone());
    let set_target = move |value: String| draft.update(|d| d.target = value);
    let text_area = move |label: Key, testid: &'static str| {
        view! {
            <div class="field field--grow">
                <label class="label" for=id("texto")>{move || i18n.t(label)}</label>
                <textarea
                    id=id("texto")
                    class="textarea rule-row__text"
                    rows="3"
                    data-testid=testid
                    prop:value=move || draft.with(|d| d.text.clone())
                    on:input=move |ev| draft.update(|d| d.text = event_target_value(&ev))
                ></textarea>
            </div>
        }
    };
    match kind {
        ActionKind::AssignAgent => id_select(
            i18n,
            id("agente"),
            Key::Agent,
            Key::ChooseOne,
            "action-agent",
            move || agents(lookups),
            target,
            set_target,
        )
        .into_any(),
        ActionKind::AssignTeam => view! {
            {id_select(i18n, id("equipe"), Key::Team, Key::ChooseOne, "action-team", move || teams(lookups), target, set_target)}
            <div class="field">
                <label class="label" for=id("distribuicao")>{i18n.text(Key::TeamAssignment)}</label>
                <select
                    id=id("distribuicao")
                    class="select"
                    data-testid="action-assignment"
                    on:change=move |ev| {
                        if let Some(a) = TeamAssignment::parse(&event_target_value(&ev)) {
                            draft.update(|d| d.assignment = a);
                        }
                    }
                >
                    {TeamAssignment::ALL
                        .iter()
                        .map(|a| {
                            let a = *a;
                            view! {
                                <option value=a.as_str() selected=move || draft.with_untracked(|d| d.assignment) == a>
                                    {move || labels::team_assignment(i18n.locale(), a)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
        }
        .into_any(),
        ActionKind::SetStatus => view! {
            <div class="field">
                <label class="label" for=id("situacao")>{i18n.text(Key::Status)}</label>
                <select
                    id=id("situacao")
                    class="select"
                    data-testid="action-status"
                    on:change=move |ev| {
                        if let Some(s) = TicketStatus::parse(&event_target_value(&ev)) {
                            draft.update(|d| d.status = s);
                        }
                    }
                >
                    {TicketStatus::ALL
                        .iter()
                        .map(|s| {
                            let s = *s;
                            view! {
                                <option value=s.as_str() selected=move || draft.with_untracked(|d| d.status) == s>
                                    {move || labels::ticket_status(i18n.locale(), s.as_str())}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
        }
        .into_any(),
        ActionKind::SetPriority => view! {
            <div class="field">
                <label class="label" for=id("prioridade")>{i18n.text(Key::Priority)}</label>
                <select
                    id=id("prioridade")
                    class="select"
                    data-testid="action-priority"
                    on:change=move |ev| {
                        if let Some(p) = Priority::parse(&event_target_value(&ev)) {
                            draft.update(|d| d.priority = p);
                        }
                    }
                >
                    {Priority::ALL
                        .iter()
                        .map(|p| {
                            let p = *p;
                            view! {
                                <option value=p.as_str() selected=move || draft.with_untracked(|d| d.priority) == p>
                                    {move || labels::priority(i18n.locale(), p.as_str())}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
        }
        .into_any(),
        ActionKind::SetCategory => id_select(
            i18n,
            id("categoria"),
            Key::Category,
            Key::NoCategoryClear,
            "action-category",
            move || lookups.options(ValueKind::Categories, i18n.locale()),
            target,
            set_target,
        )
        .into_any(),
        ActionKind::AddTags | ActionKind::RemoveTags => view! {
            <div class="field field--grow">
                <label class="label" for=id("etiquetas")>{i18n.text(Key::Tags)}</label>
                <input
                    id=id("etiquetas")
                    class="input"
                    type="text"
                    data-testid="action-tags"
                    aria-describedby=id("etiquetas-dica")
                    prop:value=move || draft.with(|d| d.tags.clone())
                    on:input=move |ev| draft.update(|d| d.tags = event_target_value(&ev))
                />
                <p class="hint" id=id("etiquetas-dica")>{i18n.text(Key::TagsHint)}</p>
            </div>
        }
        .into_any(),
        ActionKind::AddNote => text_area(Key::NoteText, "action-text").into_any(),
        ActionKind::Reply => {
            let mode = Memo::new(move |_| draft.with(|d| d.reply));
            let radio = move |value: ReplyMode, text: Key, testid: &'static str| {
                view! {
                    <label class="segmented__option" class:segmented__option--on=move || mode.get() == value>
                        <input
                            type="radio"
                            name=id("modo")
                            data-testid=testid
                            prop:checked=move || mode.get() == value
                            on:change=move |_| draft.update(|d| {
                                d.reply = value;
                                d.target.clear();
                            })
                        />
                        {move || i18n.t(text)}
                    </label>
                }
            };
            view! {
                <div class="rule-row__reply">
                    <fieldset class="segmented segmented--wrap">
                        <legend class="visually-hidden">{i18n.text(Key::ReplyWith)}</legend>
                        {radio(ReplyMode::Text, Key::ReplyWithText, "action-reply-text")}
                        {radio(ReplyMode::Canned, Key::ReplyWithCanned, "action-reply-canned")}
                    </fieldset>
                    {move || match mode.get() {
                        ReplyMode::Text => text_area(Key::Reply, "action-text").into_any(),
                        ReplyMode::Canned => id_select(
                            i18n,
                            id("modelo"),
                            Key::CannedResponse,
                            Key::ChooseOne,
                            "action-canned",
                            move || {
                                lookups
                                    .canned
                                    .get()
                                    .into_iter()
                                    .map(|c| (c.id.to_string(), c.title))
                                    .collect()
                            },
                            target,
                            set_target,
                        )
                        .into_any(),
                    }}
                    <p class="hint">{i18n.text(Key::AutoReplyHint)}</p>
                </div>
            }
            .into_any()
        }
        ActionKind::Notify => view! {
            {checks(
                i18n,
                Key::NotifyPeople,
                "action-users",
                id("pessoa"),
                move || agents(lookups),
                move |value: &str| draft.with(|d| d.users.iter().any(|v| v == value)),
                move |value: String, on: bool| draft.update(|d| {
                    d.users.retain(|v| *v != value);
                    if on {
                        d.users.push(value);
                    }
                }),
            )}
            {checks(
                i18n,
                Key::NotifyRoles,
                "action-roles",
                id("perfil"),
                move || {
                    STAFF_ROLES
                        .iter()
                        .map(|r| ((*r).to_owned(), labels::role_name(i18n.locale(), r)))
                        .collect()
                },
                move |value: &str| draft.with(|d| d.roles.iter().any(|v| v == value)),
                move |value: String, on: bool| draft.update(|d| {
                    d.roles.retain(|v| *v != value);
                    if on {
                        d.roles.push(value);
                    }
                }),
            )}
            {checks(
                i18n,
                Key::NotifyTeams,
                "action-teams",
                id("equipe-aviso"),
                move || teams(lookups),
                move |value: &str| draft.with(|d| d.teams.iter().any(|v| v == value)),
                move |value: String, on: bool| draft.update(|d| {
                    d.teams.retain(|v| *v != value);
                    if on {
                        d.teams.push(value);
                    }
                }),
            )}
            <div class="field field--grow">
                <label class="label" for=id("mensagem")>{i18n.text(Key::NotifyMessage)}</label>
                <input
                    id=id("mensagem")
                    class="input"
                    type="text"
                    maxlength="500"
                    data-testid="action-text"
                    prop:value=move || draft.with(|d| d.text.clone())
                    on:input=move |ev| draft.update(|d| d.text = event_target_value(&ev))
                />
            </div>
        }
        .into_any(),
        ActionKind::Escalate => view! {
            <p class="hint rule-row__hint">{i18n.text(Key::EscalateHint)}</p>
            {id_select(i18n, id("reatribuir"), Key::ReassignTo, Key::NoReassign, "action-agent", move || agents(lookups), target, set_target)}
            {id_select(
                i18n,
                id("equipe"),
                Key::Team,
                Key::EscalateKeepTeam,
                "action-team",
                move || teams(lookups),
                move || draft.with(|d| d.team.clone()),
                move |value| draft.update(|d| d.team = value),
            )}
        }
        .into_any(),
    }
}
