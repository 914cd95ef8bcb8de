//! The dry run: which rules would fire on ticket #N now, and for each
//! condition whether it holds and what the ticket has.

use atende_types::automation::{DryRun, DryRunRequest, DryRunRule};
use gloo_net::http::Method;
use leptos::prelude::*;

use super::Lookups;
use crate::api::{ApiFailure, use_api};
use crate::automation::{DRY_RUN_PATH, actual_text, condition_text};
use crate::components::feedback::FailureNotice;
use crate::components::marks::ConditionMark;
use crate::format;
use crate::i18n::{Key, use_i18n};
use crate::session::use_session;

/// Whether a rule would act on the ticket now.
fn would_fire(rule: &DryRunRule) -> bool {
    rule.enabled && rule.conditions_met && !rule.already_fired
}

#[component]
pub(super) fn DryRunPanel(lookups: Lookups) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let ticket = RwSignal::new(String::new());
    let result = RwSignal::new(None::<DryRun>);
    let failure = RwSignal::new(None::<ApiFailure>);
    let missing = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = ticket.get_untracked().trim().to_owned();
        missing.set(typed.is_empty());
        if typed.is_empty() || pending.get_untracked() {
            return;
        }
        pending.set(true);
        failure.set(None);
        leptos::task::spawn_local(async move {
            let answer = api
                .send_json::<_, DryRun>(
                    Method::POST,
                    DRY_RUN_PATH,
                    &DryRunRequest { ticket: typed },
                )
                .await;
            pending.set(false);
            match answer {
                Ok(run) => result.set(Some(run)),
                Err(error) => {
                    result.set(None);
                    failure.set(Some(error));
                }
            }
        });
    };
    view! {
        <section class="card dry-run" aria-labelledby="simulacao-titulo" data-testid="dry-run">
            <h2 class="card__title" id="simulacao-titulo">{i18n.text(Key::DryRunTitle)}</h2>
            <p class="hint">{i18n.text(Key::DryRunLead)}</p>
            <form class="dry-run__form" on:submit=on_submit novalidate>
                <div class="field">
                    <label class="label" for="simulacao-chamado">{i18n.text(Key::DryRunTicket)}</label>
                    <div class="input-group input-group--narrow">
                        <input
                            id="simulacao-chamado"
                            class="input"
                            type="text"
                            inputmode="numeric"
                            placeholder="#000041"
                            data-testid="dry-run-ticket"
                            aria-invalid=move || missing.get().then_some("true")
                            prop:value=move || ticket.get()
                            on:input=move |ev| ticket.set(event_target_value(&ev))
                        />
                        <button
                            type="submit"
                            class="button button--secondary"
                            data-testid="dry-run-submit"
                            disabled=move || pending.get()
                        >
                            {move || i18n.t(if pending.get() { Key::DryRunRunning } else { Key::DryRunSubmit })}
                        </button>
                    </div>
                    {move || missing.get().then(|| view! { <p class="field-error">{i18n.text(Key::DryRunTicketRequired)}</p> })}
                </div>
            </form>
            {move || failure.get().map(|failure| view! { <FailureNotice failure /> })}
            {move || result.get().map(|run| view! { <DryRunResult run lookups /> })}
        </section>
    }
}

#[component]
fn DryRunResult(run: DryRun, lookups: Lookups) -> impl IntoView {
    let i18n = use_i18n();
    let reference = run.reference.clone();
    let heading = {
        let reference = reference.clone();
        move || i18n.t(Key::DryRunFor).replace("{reference}", &reference)
    };
    let empty = run.rules.is_empty();
    view! {
        <div class="dry-run__result" data-testid="dry-run-result" data-reference=reference>
            <h3 class="dry-run__ticket">{heading}</h3>
            {empty.then(|| view! { <p class="empty">{i18n.text(Key::DryRunNoRules)}</p> })}
            <ol class="dry-run__rules">
                {run.rules.into_iter().map(|rule| view! { <DryRunRuleView rule lookups /> }).collect_view()}
            </ol>
        </div>
    }
}

#[component]
fn DryRunRuleView(rule: DryRunRule, lookups: Lookups) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let fires = would_fire(&rule);
    let zone = session.time_zone();
    let due = rule.due_at.map(|at| format::datetime(&at, &zone));
    let is_time = rule.trigger == atende_core::automation::Trigger::Time;
    let conditions = rule.conditions.clone();
    view! {
        <li
            class="dry-run__rule"
            class:dry-run__rule--fires=fires
            data-testid="dry-run-rule"
            data-name=rule.name.clone()
            data-fires=fires.to_string()
            data-conditions-met=rule.conditions_met.to_string()
        >
            <div class="dry-run__head">
                <span class="dry-run__name">{rule.name.clone()}</span>
                <span
                    class=if fires { "badge badge--success" } else { "badge badge--neutral" }
                    data-testid="dry-run-verdict"
                >
                    {i18n.text(if fires { Key::DryRunWouldFire } else { Key::DryRunWouldNotFire })}
                </span>
                {(!rule.enabled).then(|| view! { <span class="badge badge--warning">{i18n.text(Key::DryRunDisabled)}</span> })}
                {rule.already_fired.then(|| view! { <span class="badge badge--info" data-testid="dry-run-already">{i18n.text(Key::DryRunAlreadyFired)}</span> })}
            </div>
            {is_time.then(|| match due.clone() {
                Some(when) => view! { <p class="hint">{move || i18n.t(Key::DryRunDueAt).replace("{when}", &when)}</p> }.into_any(),
                None => view! { <p class="hint">{i18n.text(Key::DryRunNoMoment)}</p> }.into_any(),
            })}
            {if conditions.is_empty() {
                view! { <p class="hint">{i18n.text(Key::DryRunNoConditions)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="table table--cards table--dry-run">
                            <thead>
                                <tr>
                                    <th scope="col">{i18n.text(Key::DryRunCondition)}</th>
                                    <th scope="col">{i18n.text(Key::DryRunActual)}</th>
                                    <th scope="col">{i18n.text(Key::DryRunResult)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {conditions
                                    .into_iter()
                                    .map(|c| {
                                        let any = c.path.starts_with("conditions.any");
                                        let matched = c.matched;
                                        let test = c.clone();
                                        let seen = c.clone();
                                        view! {
                                            <tr data-testid="dry-run-condition" data-path=c.path.clone() data-matched=matched.to_string()>
                                                <td class="cell-primary" data-testid="dry-run-condition-text">
                                                    {move || condition_text(i18n.locale(), test.field, test.operator)}
                                                    {any.then(|| view! { <span class="cell-sub">{i18n.text(Key::ConditionsAny)}</span> })}
                                                </td>
                                                <td class="cell-wrap" data-label=i18n.text(Key::DryRunActual) data-testid="dry-run-actual">
                                                    {move || actual_text(i18n.locale(), &seen, &|kind, id| lookups.name(kind, id))}
                                                </td>
                                                <td data-label=i18n.text(Key::DryRunResult)>
                                                    <ConditionMark met=matched with_text=true />
                                                </td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                    .into_any()
            }}
        </li>
    }
}
