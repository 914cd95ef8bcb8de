//! `/gerenciar/sla`: SLA policies, in the order they are tried: the first
//! whose conditions a ticket meets (consultancy, client company, segment,
//! category, priority; none = every ticket) gives its targets for first
//! response and resolution, in business time of a calendar, the share of
//! a target at which the warning goes out, and what happens at a breach.
//! Administrators and supervisors (`sla.manage`).
//!
//! The API creates and deletes policies (a new one goes in at a chosen
//! place, pushing the later ones down) but cannot change one in place: so
//! editing a policy, or moving it up or down, puts a new copy at the
//! right place and then deletes the old one. Tickets keep the deadlines
//! they already have either way.

use atende_core::tickets::Priority;
use atende_types::{
    companies::{Company, Segment},
    sla::{Calendar, Escalation, Policy, PolicyConditions, PolicyInput},
    tickets::StaffMember,
};
use gloo_net::http::Method;
use leptos::prelude::*;
use leptos_router::components::A;
use uuid::Uuid;

use crate::api::{Api, ApiFailure, use_api};
use crate::components::company_tree::display_name;
use crate::components::feedback::{Empty, FailureNotice, Loading};
use crate::components::forms::{ConfirmAction, FormError, Submission, TextField};
use crate::components::guard::RequirePermission;
use crate::components::layout::use_document_title;
use crate::format;
use crate::i18n::{I18n, Key, use_i18n};
use crate::labels;
use crate::pages::tickets::shared::{load_staff, use_categories};
use crate::sla::{join_minutes, parse_warn_percent, split_minutes};
use crate::tickets::category_label;

/// `/gerenciar/sla`.
#[component]
pub fn SlaPoliciesPage() -> impl IntoView {
    use_document_title(Key::SlaPoliciesTitle);
    view! {
        <RequirePermission any_of=&["sla.manage"]>
            <SlaPolicies />
        </RequirePermission>
    }
}

/// What the editors and the summaries need to name things.
#[derive(Clone, Copy)]
struct Lookups {
    calendars: Signal<Vec<Calendar>>,
    companies: Signal<Vec<Company>>,
    segments: Signal<Vec<Segment>>,
    categories: Signal<Vec<crate::tickets::CategoryInfo>>,
    staff: Signal<Vec<StaffMember>>,
}

impl Lookups {
    fn company(self, id: Uuid) -> String {
        self.companies.with(|list| {
            list.iter()
                .find(|c| c.id == id)
                .map_or_else(|| id.to_string(), display_name)
        })
    }

    fn segment(self, id: Uuid) -> String {
        self.segments.with(|list| {
            list.iter()
                .find(|s| s.id == id)
                .map_or_else(|| id.to_string(), |s| s.name.clone())
        })
    }

    fn category(self, id: Uuid) -> String {
        self.categories
            .with(|list| category_label(list, id))
            .unwrap_or_else(|| id.to_string())
    }

    fn calendar(self, id: Uuid) -> String {
        self.calendars.with(|list| {
            list.iter()
                .find(|c| c.id == id)
                .map_or_else(|| id.to_string(), |c| c.name.clone())
        })
    }

    fn person(self, id: Uuid) -> String {
        self.staff.with(|list| {
            list.iter()
                .find(|m| m.id == id)
                .map_or_else(|| id.to_string(), |m| m.name.clone())
        })
    }
}

/// The request that recreates `policy` at `position`.
fn input_of(policy: &Policy, position: i32) -> PolicyInput {
    PolicyInput {
        name: policy.name.clone(),
        position: Some(position),
        conditions: policy.conditions.clone(),
        calendar_id: policy.calendar_id,
        first_response_minutes: policy.first_response_minutes,
        next_response_minutes: policy.next_response_minutes,
        resolution_minutes: policy.resolution_minutes,
        warn_percent: Some(policy.warn_percent),
        escalation: policy.escalation.clone(),
    }
}

/// Puts `input` in place of the policy `old` (created first, so a failure
/// leaves the old one where it was).
async fn replace(api: Api, old: Uuid, input: PolicyInput) -> Result<(), ApiFailure> {
    api.send_json::<_, Policy>(Method::POST, "/api/v1/sla/policies", &input)
        .await?;
    api.send_empty::<()>(Method::DELETE, &format!("/api/v1/sla/policies/{old}"))
        .await
}

#[component]
fn SlaPolicies() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let version = RwSignal::new(0_u32);
    let policies = LocalResource::new(move || {
        version.track();
        async move { api.get_json::<Vec<Policy>>("/api/v1/sla/policies").await }
    });
    let calendars = LocalResource::new(move || async move {
        api.get_json::<Vec<Calendar>>("/api/v1/sla/calendars").await
    });
    let companies =
        LocalResource::new(
            move || async move { api.get_all::<Company>("/api/v1/companies").await },
        );
    let segments =
        LocalResource::new(move || async move { api.get_all::<Segment>("/api/v1/segments").await });
    let categories = use_categories();
    let staff = LocalResource::new(move || load_staff(api, None));
    let lookups = Lookups {
        calendars: Signal::derive(move || calendars.get().and_then(Result::ok).unwrap_or_default()),
        companies: Signal::derive(move || companies.get().and_then(Result::ok).unwrap_or_default()),
        segments: Signal::derive(move || segments.get().and_then(Result::ok).unwrap_or_default()),
        categories: Signal::derive(move || categories.get().unwrap_or_default()),
        staff: Signal::derive(move || staff.get().flatten().unwrap_or_default()),
    };
    let has_calendars = move || {
        calendars
            .get()
            .and_then(Result::ok)
            .is_some_and(|c| !c.is_empty())
    };
    let calendars_loaded = move || calendars.get().is_some();

    let creating = RwSignal::new(false);
    let editing = RwSignal::new(None::<Uuid>);
    let action = Submission::new();
    let changed = Callback::new(move |()| {
        creating.set(false);
        editing.set(None);
        version.update(|v| *v = v.wrapping_add(1));
    });
    let retry = Callback::new(move |()| policies.refetch());
    // Moves the policy at `from` to the place of the one at `to`.
    let swap = Callback::new(move |(moving, place): (Policy, i32)| {
        action.run(
            async move { replace(api, moving.id, input_of(&moving, place)).await },
            move |()| changed.run(()),
        );
    });

    view! {
        <div class="page page--wide">
            <header class="page__header page__header--actions">
                <div>
                    <h1 class="page__title" data-testid="page-title">{i18n.text(Key::SlaPoliciesTitle)}</h1>
                    <p class="page__lead">{i18n.text(Key::SlaPoliciesLead)}</p>
                </div>
                <Show when=move || has_calendars() && !creating.get()>
                    <button
                        type="button"
                        class="button button--primary"
                        data-testid="policy-create-open"
                        on:click=move |_| {
                            editing.set(None);
                            creating.set(true);
                        }
                    >
                        {i18n.text(Key::NewSlaPolicy)}
                    </button>
                </Show>
            </header>
            <Show when=move || calendars_loaded() && !has_calendars()>
                <div class="notice notice--info" data-testid="policy-need-calendar">
                    <p class="notice__message">
                        {i18n.text(Key::NeedCalendarFirst)} " "
                        <A href="/gerenciar/calendarios">{i18n.text(Key::NavCalendars)}</A>
                    </p>
                </div>
            </Show>
            <Show when=move || creating.get()>
                <section class="card form-card" aria-labelledby="nova-politica-titulo">
                    <h2 class="card__title" id="nova-politica-titulo">{i18n.text(Key::NewSlaPolicy)}</h2>
                    <PolicyEditor
                        policy=None
                        lookups
                        on_saved=changed
                        on_cancel=Callback::new(move |()| creating.set(false))
                    />
                </section>
            </Show>
            {move || action.failure().map(|failure| view! { <FailureNotice failure /> })}
            {move || match policies.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(failure)) => view! { <FailureNotice failure on_retry=retry /> }.into_any(),
                Some(Ok(list)) if list.is_empty() => {
                    view! { <Empty text=Key::SlaPoliciesEmpty testid="policies-empty" /> }.into_any()
                }
                Some(Ok(list)) => {
                    let count = list.len();
                    let items = list
                        .iter()
                        .enumerate()
                        .map(|(index, policy)| {
                            let above = index
                                .checked_sub(1)
                                .and_then(|i| list.get(i))
                                .map(|p| p.position);
                            let below = list.get(index + 1).cloned();
                            view! {
                                <PolicyCard
                                    policy=policy.clone()
                                    place=index + 1
                                    last=index + 1 == count
                                    above
                                    below
                                    lookups
                                    editing
                                    changed
                                    swap
                                    busy=Signal::derive(move || action.pending())
                                />
                            }
                        })
                        .collect_view();
                    view! { <ol class="policy-list" data-testid="policy-list">{items}</ol> }.into_any()
                }
            }}
        </div>
    }
}

/// A policy's conditions in words; "Todos os chamados" without any.
fn conditions_text(i18n: I18n, lookups: Lookups, c: &PolicyConditions) -> String {
    let locale = i18n.locale();
    let mut parts: Vec<String> = Vec::new();
    let mut group = |key: Key, names: Vec<String>| {
        if !names.is_empty() {
            parts.push(format!("{}: {}", i18n.t(key), names.join(", ")));
        }
    };
    group(
        Key::Priorities,
        c.priorities
            .iter()
            .map(|p| labels::priority(locale, p))
            .collect(),
    );
    group(
        Key::Consultancies,
        c.consultancy_ids
            .iter()
            .map(|id| lookups.company(*id))
            .collect(),
    );
    group(
        Key::ClientCompanies,
        c.company_ids
            .iter()
            .map(|id| lookups.company(*id))
            .collect(),
    );
    group(
        Key::NavSegments,
        c.segment_ids
            .iter()
            .map(|id| lookups.segment(*id))
            .collect(),
    );
    group(
        Key::Categories,
        c.category_ids
            .iter()
            .map(|id| lookups.category(*id))
            .collect(),
    );
    if parts.is_empty() {
        i18n.t(Key::AnyTicket).to_owned()
    } else {
        parts.join(" · ")
    }
}

/// One policy of the list, with its place, summary and actions.
#[component]
#[allow(clippy::too_many_arguments)]
fn PolicyCard(
    policy: Policy,
    /// 1-based place in the order.
    place: usize,
    last: bool,
    /// The position of the policy above, if any.
    above: Option<i32>,
    /// The policy below, if any.
    below: Option<Policy>,
    lookups: Lookups,
    editing: RwSignal<Option<Uuid>>,
    changed: Callback<()>,
    swap: Callback<(Policy, i32)>,
    busy: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let id = policy.id;
    let heading = format!("politica-{id}");
    let labelled_by = heading.clone();
    let delete_action = Submission::new();
    let delete = Callback::new(move |()| {
        delete_action.run(
            async move {
                api.send_empty::<()>(Method::DELETE, &format!("/api/v1/sla/policies/{id}"))
                    .await
            },
            move |()| changed.run(()),
        );
    });
    let conditions = {
        let c = policy.conditions.clone();
        move || conditions_text(i18n, lookups, &c)
    };
    let targets = {
        let policy = policy.clone();
        move || {
            let locale = i18n.locale();
            [
                ("first_response", policy.first_response_minutes),
                ("resolution", policy.resolution_minutes),
            ]
            .into_iter()
            .filter_map(|(kind, minutes)| {
                minutes.map(|m| {
                    i18n.t(Key::TargetOf)
                        .replace("{target}", &labels::sla_target(locale, kind))
                        .replace("{duration}", &format::duration(m))
                })
            })
            .collect::<Vec<_>>()
            .join(" · ")
        }
    };
    let escalation = {
        let e = policy.escalation.clone();
        move || {
            let mut parts = Vec::new();
            if e.notify_supervisors {
                parts.push(i18n.t(Key::NotifySupervisors).to_owned());
            }
            if e.raise_priority {
                parts.push(i18n.t(Key::RaisePriority).to_owned());
            }
            if let Some(agent) = e.reassign_to {
                parts.push(
                    i18n.t(Key::EscalationReassign)
                        .replace("{name}", &lookups.person(agent)),
                );
            }
            if parts.is_empty() {
                i18n.t(Key::EscalationNone).to_owned()
            } else {
                parts.join(" · ")
            }
        }
    };
    let calendar_id = policy.calendar_id;
    let warn = policy.warn_percent;
    let name = policy.name.clone();
    let up_label = {
        let name = name.clone();
        move || i18n.t(Key::MovePolicyUp).replace("{name}", &name)
    };
    let down_label = {
        let name = name.clone();
        move || i18n.t(Key::MovePolicyDown).replace("{name}", &name)
    };
    let moving_up = policy.clone();
    let editor = policy.clone();
    let own_position = policy.position;
    view! {
        <li class="card policy-card" aria-labelledby=labelled_by data-testid="policy-card" data-name=name.clone()>
            <div class="policy-card__head">
                <span class="policy-card__place" aria-hidden="true">{place}</span>
                <h2 class="card__title" id=heading>{name.clone()}</h2>
                <div class="button-row policy-card__actions">
                    <button
                        type="button"
                        class="button button--ghost button--small"
                        data-testid="policy-up"
                        aria-label=up_label.clone()
                        title=up_label
                        disabled=move || above.is_none() || busy.get()
                        on:click=move |_| {
                            if let Some(place) = above {
                                swap.run((moving_up.clone(), place));
                            }
                        }
                    >
                        "↑ " {i18n.text(Key::MoveUp)}
                    </button>
                    <button
                        type="button"
                        class="button button--ghost button--small"
                        data-testid="policy-down"
                        aria-label=down_label.clone()
                        title=down_label
                        disabled=move || last || busy.get()
                        on:click=move |_| {
                            if let Some(next) = below.clone() {
                                swap.run((next, own_position));
                            }
                        }
                    >
                        "↓ " {i18n.text(Key::MoveDown)}
                    </button>
                    <button
                        type="button"
                        class="button button--secondary button--small"
                        data-testid="policy-edit"
                        aria-expanded=move || (editing.get() == Some(id)).to_string()
                        on:click=move |_| editing.update(|open| *open = if *open == Some(id) { None } else { Some(id) })
                    >
                        {i18n.text(Key::Edit)}
                    </button>
                    <ConfirmAction
                        label=Key::Delete
                        question=Key::DeleteSlaPolicyQuestion
                        confirm=Key::DeleteForGood
                        on_confirm=delete
                        pending=Signal::derive(move || delete_action.pending())
                        danger=true
                        testid="policy-delete"
                    />
                </div>
            </div>
            <dl class="facts facts--compact">
                <div class="facts__row">
                    <dt>{i18n.text(Key::Conditions)}</dt>
                    <dd data-testid="policy-conditions">{conditions}</dd>
                </div>
                <div class="facts__row">
                    <dt>{i18n.text(Key::Targets)}</dt>
                    <dd data-testid="policy-targets">
                        {targets} " (" {move || i18n.t(Key::WarnsAt).replace("{n}", &warn.to_string())} ")"
                    </dd>
                </div>
                <div class="facts__row">
                    <dt>{i18n.text(Key::Calendar)}</dt>
                    <dd data-testid="policy-calendar-name">{move || lookups.calendar(calendar_id)}</dd>
                </div>
                <div class="facts__row">
                    <dt>{i18n.text(Key::Escalation)}</dt>
                    <dd data-testid="policy-escalation">{escalation}</dd>
                </div>
            </dl>
            {move || delete_action.failure().map(|failure| view! { <FailureNotice failure /> })}
            {move || {
                (editing.get() == Some(id))
                    .then(|| {
                        view! {
                            <div class="policy-card__editor">
                                <p class="hint">{i18n.text(Key::SlaPolicyEditHint)}</p>
                                <PolicyEditor
                                    policy=Some(editor.clone())
                                    lookups
                                    on_saved=changed
                                    on_cancel=Callback::new(move |()| editing.set(None))
                                />
                            </div>
                        }
                    })
            }}
        </li>
    }
}

/// A fieldset of checkboxes choosing ids among `options`.
fn id_checks(
    i18n: I18n,
    legend: Key,
    testid: &'static str,
    prefix: String,
    options: Signal<Vec<(Uuid, String)>>,
    chosen: RwSignal<Vec<Uuid>>,
) -> impl IntoView {
    view! {
        <fieldset class="fieldset fieldset--nested">
            <legend class="label">{move || i18n.t(legend)}</legend>
            {move || {
                let list = options.get();
                if list.is_empty() {
                    return view! { <p class="hint">{i18n.text(Key::NoneToChoose)}</p> }.into_any();
                }
                view! {
                    <div class="check-list" data-testid=testid>
                        {list
                            .into_iter()
                            .map(|(id, name)| {
                                let input_id = format!("{prefix}-{testid}-{id}");
                                view! {
                                    <span class="check">
                                        <input
                                            type="checkbox"
                                            class="check__input"
                                            id=input_id.clone()
                                            value=id.to_string()
                                            prop:checked=move || chosen.with(|c| c.contains(&id))
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                chosen.update(|c| {
                                                    c.retain(|x| *x != id);
                                                    if on {
                                                        c.push(id);
                                                    }
                                                });
                                            }
                                        />
                                        <label class="check__label" for=input_id>{name}</label>
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

/// Creating (`policy = None`) or editing a policy.
#[component]
fn PolicyEditor(
    policy: Option<Policy>,
    lookups: Lookups,
    on_saved: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let old = policy
        .as_ref()
        .map(|p| (p.id, p.position, p.next_response_minutes));
    let prefix = match &policy {
        Some(p) => format!("politica-{}", p.id),
        None => "politica-nova".to_owned(),
    };
    let field = |suffix: &str| format!("{prefix}-{suffix}");
    let name = RwSignal::new(policy.as_ref().map(|p| p.name.clone()).unwrap_or_default());
    let default_calendar = untrack(|| {
        lookups.calendars.with(|list| {
            list.iter()
                .find(|c| c.is_default)
                .or_else(|| list.first())
                .map(|c| c.id.to_string())
                .unwrap_or_default()
        })
    });
    let calendar = RwSignal::new(
        policy
            .as_ref()
            .map(|p| p.calendar_id.to_string())
            .unwrap_or(default_calendar),
    );
    let conditions = policy
        .as_ref()
        .map(|p| p.conditions.clone())
        .unwrap_or_default();
    let priorities = RwSignal::new(conditions.priorities.clone());
    let consultancies = RwSignal::new(conditions.consultancy_ids.clone());
    let companies = RwSignal::new(conditions.company_ids.clone());
    let segments = RwSignal::new(conditions.segment_ids.clone());
    let categories = RwSignal::new(conditions.category_ids.clone());
    let (fr_h, fr_m) = split_minutes(policy.as_ref().and_then(|p| p.first_response_minutes));
    let (res_h, res_m) = split_minutes(policy.as_ref().and_then(|p| p.resolution_minutes));
    let first_hours = RwSignal::new(fr_h);
    let first_minutes = RwSignal::new(fr_m);
    let resolution_hours = RwSignal::new(res_h);
    let resolution_minutes = RwSignal::new(res_m);
    let warn = RwSignal::new(
        policy
            .as_ref()
            .map_or_else(|| "80".to_owned(), |p| p.warn_percent.to_string()),
    );
    let escalation = policy
        .as_ref()
        .map(|p| p.escalation.clone())
        .unwrap_or_default();
    let notify_supervisors = RwSignal::new(escalation.notify_supervisors);
    let raise_priority = RwSignal::new(escalation.raise_priority);
    let reassign = RwSignal::new(
        escalation
            .reassign_to
            .map(|id| id.to_string())
            .unwrap_or_default(),
    );
    let submission = Submission::new();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed_name = name.get_untracked().trim().to_owned();
        if typed_name.is_empty() {
            submission.complain(Some("name"), Key::NameRequired);
            return;
        }
        let Ok(calendar_id) = Uuid::parse_str(&calendar.get_untracked()) else {
            submission.complain(Some("calendar_id"), Key::CalendarRequired);
            return;
        };
        let first = join_minutes(&first_hours.get_untracked(), &first_minutes.get_untracked());
        let resolution = join_minutes(
            &resolution_hours.get_untracked(),
            &resolution_minutes.get_untracked(),
        );
        let (Ok(first), Ok(resolution)) = (first, resolution) else {
            submission.complain(Some("targets"), Key::TargetInvalid);
            return;
        };
        if first.is_none() && resolution.is_none() {
            submission.complain(Some("targets"), Key::TargetRequired);
            return;
        }
        let Some(warn_percent) = parse_warn_percent(&warn.get_untracked()) else {
            submission.complain(Some("warn_percent"), Key::WarnPercentInvalid);
            return;
        };
        let input = PolicyInput {
            name: typed_name,
            position: old.map(|(_, position, _)| position),
            conditions: PolicyConditions {
                consultancy_ids: consultancies.get_untracked(),
                company_ids: companies.get_untracked(),
                segment_ids: segments.get_untracked(),
                category_ids: categories.get_untracked(),
                priorities: priorities.get_untracked(),
            },
            calendar_id,
            first_response_minutes: first,
            next_response_minutes: old.and_then(|(_, _, next)| next),
            resolution_minutes: resolution,
            warn_percent: Some(warn_percent),
            escalation: Escalation {
                notify_supervisors: notify_supervisors.get_untracked(),
                raise_priority: raise_priority.get_untracked(),
                reassign_to: Uuid::parse_str(&reassign.get_untracked()).ok(),
            },
        };
        submission.run(
            async move {
                match old {
                    Some((id, _, _)) => replace(api, id, input).await,
                    None => api
                        .send_json::<_, Policy>(Method::POST, "/api/v1/sla/policies", &input)
                        .await
                        .map(|_| ()),
                }
            },
            move |()| on_saved.run(()),
        );
    };

    let consultancy_options = Signal::derive(move || {
        let mut list: Vec<(Uuid, String)> = lookups.companies.with(|all| {
            all.iter()
                .filter(|c| c.kind == "consultancy")
                .map(|c| (c.id, display_name(c)))
                .collect()
        });
        list.sort_by_key(|(_, name)| name.to_lowercase());
        list
    });
    let company_options = Signal::derive(move || {
        let mut list: Vec<(Uuid, String)> = lookups.companies.with(|all| {
            all.iter()
                .filter(|c| c.kind == "client")
                .map(|c| (c.id, display_name(c)))
                .collect()
        });
        list.sort_by_key(|(_, name)| name.to_lowercase());
        list
    });
    let segment_options = Signal::derive(move || {
        lookups
            .segments
            .get()
            .into_iter()
            .map(|s| (s.id, s.name))
            .collect()
    });
    let category_options = Signal::derive(move || {
        let list = lookups.categories.get();
        list.iter()
            .map(|c| {
                (
                    c.id,
                    category_label(&list, c.id).unwrap_or_else(|| c.name.clone()),
                )
            })
            .collect()
    });
    let target_row = move |kind: &'static str,
                           hours: RwSignal<String>,
                           minutes: RwSignal<String>,
                           testid: &'static str| {
        let hours_id = field(&format!("{kind}-horas"));
        let minutes_id = field(&format!("{kind}-minutos"));
        view! {
            <div class="target-row" data-testid=testid>
                <span class="target-row__name">{move || labels::sla_target(i18n.locale(), kind)}</span>
                <div class="field field--inline">
                    <input
                        id=hours_id.clone()
                        class="input input--number"
                        type="number"
                        min="0"
                        inputmode="numeric"
                        data-testid=format!("{testid}-hours")
                        prop:value=move || hours.get()
                        on:input=move |ev| hours.set(event_target_value(&ev))
                    />
                    <label class="label" for=hours_id>{i18n.text(Key::Hours)}</label>
                </div>
                <div class="field field--inline">
                    <input
                        id=minutes_id.clone()
                        class="input input--number"
                        type="number"
                        min="0"
                        max="59"
                        inputmode="numeric"
                        data-testid=format!("{testid}-minutes")
                        prop:value=move || minutes.get()
                        on:input=move |ev| minutes.set(event_target_value(&ev))
                    />
                    <label class="label" for=minutes_id>{i18n.text(Key::Minutes)}</label>
                </div>
            </div>
        }
    };
    let warn_error = submission.field_error("warn_percent");

    view! {
        <form class="form policy-editor" on:submit=on_submit novalidate data-testid="policy-form">
            <div class="form-grid">
                <TextField
                    id=if old.is_some() { "edit-policy-name" } else { "policy-name" }
                    label=Key::Name
                    value=name
                    testid="policy-name"
                    error=submission.field_error("name")
                    required=true
                />
                <div class="field">
                    <label class="label" for=field("calendario")>{i18n.text(Key::Calendar)}</label>
                    <select
                        id=field("calendario")
                        class="select"
                        data-testid="policy-calendar"
                        on:change=move |ev| calendar.set(event_target_value(&ev))
                    >
                        {move || {
                            let current = calendar.get_untracked();
                            lookups
                                .calendars
                                .get()
                                .into_iter()
                                .map(|c| {
                                    let id = c.id.to_string();
                                    let selected = id == current;
                                    view! { <option value=id selected=selected>{c.name}</option> }
                                })
                                .collect_view()
                        }}
                    </select>
                </div>
            </div>

            <fieldset class="fieldset">
                <legend>{i18n.text(Key::Conditions)}</legend>
                <p class="hint">{i18n.text(Key::ConditionsHint)}</p>
                <fieldset class="fieldset fieldset--nested fieldset--inline">
                    <legend class="label">{i18n.text(Key::Priorities)}</legend>
                    {Priority::ALL
                        .iter()
                        .map(|p| {
                            let value = p.as_str();
                            let id = field(&format!("prioridade-{value}"));
                            view! {
                                <span class="check">
                                    <input
                                        type="checkbox"
                                        class="check__input"
                                        id=id.clone()
                                        data-testid=format!("policy-priority-{value}")
                                        prop:checked=move || priorities.with(|list| list.iter().any(|v| v == value))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            priorities.update(|list| {
                                                list.retain(|v| v != value);
                                                if on {
                                                    list.push(value.to_owned());
                                                }
                                            });
                                        }
                                    />
                                    <label class="check__label" for=id>{move || labels::priority(i18n.locale(), value)}</label>
                                </span>
                            }
                        })
                        .collect_view()}
                </fieldset>
                <div class="conditions-grid">
                    {id_checks(i18n, Key::Consultancies, "policy-consultancies", prefix.clone(), consultancy_options, consultancies)}
                    {id_checks(i18n, Key::ClientCompanies, "policy-companies", prefix.clone(), company_options, companies)}
                    {id_checks(i18n, Key::NavSegments, "policy-segments", prefix.clone(), segment_options, segments)}
                    {id_checks(i18n, Key::Categories, "policy-categories", prefix.clone(), category_options, categories)}
                </div>
            </fieldset>

            <fieldset class="fieldset">
                <legend>{i18n.text(Key::Targets)}</legend>
                <p class="hint">{i18n.text(Key::TargetsHint)}</p>
                {target_row("first_response", first_hours, first_minutes, "policy-first-response")}
                {target_row("resolution", resolution_hours, resolution_minutes, "policy-resolution")}
                <div class="field field--narrow">
                    <label class="label" for=field("alerta")>{i18n.text(Key::WarnPercent)}</label>
                    <input
                        id=field("alerta")
                        class="input input--number"
                        type="number"
                        min="1"
                        max="99"
                        inputmode="numeric"
                        data-testid="policy-warn-percent"
                        aria-describedby=field("alerta-dica")
                        aria-invalid=move || warn_error.with(Option::is_some).then_some("true")
                        prop:value=move || warn.get()
                        on:input=move |ev| warn.set(event_target_value(&ev))
                    />
                    <p class="hint" id=field("alerta-dica")>{i18n.text(Key::WarnPercentHint)}</p>
                    {move || warn_error.get().map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
            </fieldset>

            <fieldset class="fieldset">
                <legend>{i18n.text(Key::Escalation)}</legend>
                <p class="hint">{i18n.text(Key::EscalationHint)}</p>
                <span class="check">
                    <input
                        type="checkbox"
                        class="check__input"
                        id=field("supervisores")
                        data-testid="policy-notify-supervisors"
                        prop:checked=move || notify_supervisors.get()
                        on:change=move |ev| notify_supervisors.set(event_target_checked(&ev))
                    />
                    <label class="check__label" for=field("supervisores")>{i18n.text(Key::NotifySupervisors)}</label>
                </span>
                <span class="check">
                    <input
                        type="checkbox"
                        class="check__input"
                        id=field("prioridade")
                        data-testid="policy-raise-priority"
                        prop:checked=move || raise_priority.get()
                        on:change=move |ev| raise_priority.set(event_target_checked(&ev))
                    />
                    <label class="check__label" for=field("prioridade")>{i18n.text(Key::RaisePriority)}</label>
                </span>
                <div class="field field--narrow">
                    <label class="label" for=field("reatribuir")>{i18n.text(Key::ReassignTo)}</label>
                    <select
                        id=field("reatribuir")
                        class="select"
                        data-testid="policy-reassign"
                        on:change=move |ev| reassign.set(event_target_value(&ev))
                    >
                        <option value="">{i18n.text(Key::NoReassign)}</option>
                        {move || {
                            let current = reassign.get_untracked();
                            lookups
                                .staff
                                .get()
                                .into_iter()
                                .map(|m| {
                                    let id = m.id.to_string();
                                    let selected = id == current;
                                    view! { <option value=id selected=selected>{m.name}</option> }
                                })
                                .collect_view()
                        }}
                    </select>
                </div>
            </fieldset>

            <FormError submission inline_fields=&["name", "warn_percent"] testid="policy-error" />
            <div class="button-row">
                <button
                    type="submit"
                    class="button button--primary"
                    data-testid="policy-submit"
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
