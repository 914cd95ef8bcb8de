//! `/gerenciar/automacoes`: the automation rules in the order they run —
//! up and down (the whole order is sent), an on/off switch, how often
//! each fired in the last 7 days, when it last fired and its errors;
//! creating, editing (see [`editor`]) and deleting them; and the dry run
//! on a ticket number (see [`dry_run`]). Administrators and supervisors
//! (`automation.manage`).

mod dry_run;
mod editor;

use atende_core::automation::SlaCondition;
use atende_core::tickets::{Channel, Priority, TicketStatus};
use atende_types::automation::{AutomationRule, RuleOrder, RuleSwitch};
use atende_types::companies::{Company, Segment};
use atende_types::sla::Calendar;
use atende_types::tickets::{CannedResponse, StaffMember};
use gloo_net::http::Method;
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::{ApiFailure, use_api};
use crate::automation::{ORDER_PATH, RULES_PATH, ValueKind, moved, rule_summary, server_message};
use crate::components::company_tree::display_name;
use crate::components::feedback::{Empty, FailureNotice, Loading};
use crate::components::forms::ConfirmAction;
use crate::components::guard::RequirePermission;
use crate::components::layout::use_document_title;
use crate::format;
use crate::i18n::{Key, use_i18n};
use crate::labels;
use crate::pages::tickets::shared::load_staff;
use crate::session::use_session;
use crate::tickets::{CategoryInfo, Named, TeamInfo, category_label, category_tree, indented};

use dry_run::DryRunPanel;
use editor::RuleEditor;

/// Path of the page.
pub const AUTOMATION_PATH: &str = "/gerenciar/automacoes";
/// Who manages rules:
/// [`Permission::AutomationManage`](atende_core::permissions::Permission).
pub const AUTOMATION_PERMISSIONS: &[&str] = &["automation.manage"];

/// Roles a notification may go to (staff only).
const STAFF_ROLES: [&str; 3] = ["admin", "supervisor", "agent"];

/// What the editor and the dry run need to name and pick things.
#[derive(Clone, Copy)]
struct Lookups {
    teams: Signal<Vec<TeamInfo>>,
    categories: Signal<Vec<CategoryInfo>>,
    companies: Signal<Vec<Company>>,
    segments: Signal<Vec<Segment>>,
    staff: Signal<Vec<StaffMember>>,
    calendars: Signal<Vec<Calendar>>,
    canned: Signal<Vec<CannedResponse>>,
}

impl Lookups {
    fn load() -> Self {
        let api = use_api();
        let teams = LocalResource::new(move || async move {
            api.get_list::<TeamInfo>("/api/v1/teams")
                .await
                .unwrap_or_default()
        });
        let categories = LocalResource::new(move || async move {
            api.get_list::<CategoryInfo>("/api/v1/ticket-categories")
                .await
                .unwrap_or_default()
        });
        let companies = LocalResource::new(move || async move {
            let mut list = api
                .get_all::<Company>("/api/v1/companies")
                .await
                .unwrap_or_default();
            list.sort_by_key(|c| display_name(c).to_lowercase());
            list
        });
        let segments = LocalResource::new(move || async move {
            api.get_all::<Segment>("/api/v1/segments")
                .await
                .unwrap_or_default()
        });
        let staff = LocalResource::new(move || load_staff(api, None));
        let calendars = LocalResource::new(move || async move {
            api.get_json::<Vec<Calendar>>("/api/v1/sla/calendars")
                .await
                .unwrap_or_default()
        });
        let canned = LocalResource::new(move || async move {
            api.get_list::<CannedResponse>("/api/v1/canned-responses")
                .await
                .unwrap_or_default()
        });
        Self {
            teams: Signal::derive(move || teams.get().unwrap_or_default()),
            categories: Signal::derive(move || categories.get().unwrap_or_default()),
            companies: Signal::derive(move || companies.get().unwrap_or_default()),
            segments: Signal::derive(move || segments.get().unwrap_or_default()),
            staff: Signal::derive(move || staff.get().flatten().unwrap_or_default()),
            calendars: Signal::derive(move || calendars.get().unwrap_or_default()),
            canned: Signal::derive(move || canned.get().unwrap_or_default()),
        }
    }

    /// The name of what an id refers to, if it is known here.
    fn name(self, kind: Named, id: Uuid) -> Option<String> {
        match kind {
            Named::Person => self
                .staff
                .with(|list| list.iter().find(|m| m.id == id).map(|m| m.name.clone())),
            Named::Team => self
                .teams
                .with(|list| list.iter().find(|t| t.id == id).map(|t| t.name.clone())),
            Named::Category => self.categories.with(|list| category_label(list, id)),
            Named::Company => self
                .companies
                .with(|list| list.iter().find(|c| c.id == id).map(display_name)),
            Named::Segment => self
                .segments
                .with(|list| list.iter().find(|s| s.id == id).map(|s| s.name.clone())),
        }
    }

    /// The choices of a list value: `(value sent, text shown)`.
    fn options(
        self,
        kind: ValueKind,
        locale: atende_core::locale::Locale,
    ) -> Vec<(String, String)> {
        let companies = |want: &str| {
            self.companies.with(|list| {
                list.iter()
                    .filter(|c| c.kind == want)
                    .map(|c| (c.id.to_string(), display_name(c)))
                    .collect()
            })
        };
        match kind {
            ValueKind::Statuses => TicketStatus::ALL
                .iter()
                .map(|s| {
                    (
                        s.as_str().to_owned(),
                        labels::ticket_status(locale, s.as_str()),
                    )
                })
                .collect(),
            ValueKind::Priorities => Priority::ALL
                .iter()
                .map(|p| (p.as_str().to_owned(), labels::priority(locale, p.as_str())))
                .collect(),
            ValueKind::Channels => Channel::ALL
                .iter()
                .map(|c| (c.as_str().to_owned(), labels::channel(locale, c.as_str())))
                .collect(),
            ValueKind::Roles => labels::roles()
                .map(|r| (r.to_owned(), labels::role_name(locale, r)))
                .collect(),
            ValueKind::SlaStates => SlaCondition::ALL
                .iter()
                .map(|s| {
                    (
                        s.as_str().to_owned(),
                        labels::sla_condition(locale, *s).to_owned(),
                    )
                })
                .collect(),
            ValueKind::Categories => self.categories.with(|list| {
                category_tree(list)
                    .into_iter()
                    .map(|(c, depth)| (c.id.to_string(), indented(&c.name, depth)))
                    .collect()
            }),
            ValueKind::Companies => companies("client"),
            ValueKind::Consultancies => companies("consultancy"),
            ValueKind::Segments => self.segments.with(|list| {
                list.iter()
                    .map(|s| (s.id.to_string(), s.name.clone()))
                    .collect()
            }),
            ValueKind::Teams => self.teams.with(|list| {
                list.iter()
                    .map(|t| (t.id.to_string(), t.name.clone()))
                    .collect()
            }),
            ValueKind::Agents => self.staff.with(|list| {
                list.iter()
                    .map(|m| (m.id.to_string(), m.name.clone()))
                    .collect()
            }),
            ValueKind::Nothing
            | ValueKind::Tags
            | ValueKind::Text
            | ValueKind::Calendar
            | ValueKind::TimeSince => Vec::new(),
        }
    }
}

/// `/gerenciar/automacoes`.
#[component]
pub fn AutomationPage() -> impl IntoView {
    use_document_title(Key::AutomationTitle);
    view! {
        <RequirePermission any_of=AUTOMATION_PERMISSIONS>
            <Automation />
        </RequirePermission>
    }
}

/// Which editor is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Editing {
    Closed,
    New,
    Rule(Uuid),
}

#[component]
fn Automation() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let lookups = Lookups::load();
    let rules = RwSignal::new(None::<Result<Vec<AutomationRule>, ApiFailure>>);
    let failure = RwSignal::new(None::<ApiFailure>);
    let busy = RwSignal::new(false);
    let editing = RwSignal::new(Editing::Closed);
    let load = move || {
        leptos::task::spawn_local(async move {
            let result = api.get_list::<AutomationRule>(RULES_PATH).await;
            rules.set(Some(result));
        });
    };
    load();
    let retry = Callback::new(move |()| load());
    let saved = Callback::new(move |()| {
        editing.set(Editing::Closed);
        load();
    });
    let cancel = Callback::new(move |()| editing.set(Editing::Closed));

    // The whole order, with one rule moved a place.
    let reorder = Callback::new(move |(id, step): (Uuid, i32)| {
        if busy.get_untracked() {
            return;
        }
        let ids: Vec<Uuid> = rules.with_untracked(|r| {
            r.as_ref()
                .and_then(|r| r.as_ref().ok())
                .map(|list| list.iter().map(|rule| rule.id).collect())
                .unwrap_or_default()
        });
        let Some(ids) = moved(&ids, id, step) else {
            return;
        };
        busy.set(true);
        failure.set(None);
        leptos::task::spawn_local(async move {
            let result = api
                .send_json::<_, Vec<AutomationRule>>(Method::PUT, ORDER_PATH, &RuleOrder { ids })
                .await;
            busy.set(false);
            match result {
                Ok(list) => rules.set(Some(Ok(list))),
                Err(error) => {
                    failure.set(Some(error));
                    load();
                }
            }
        });
    });
    let switch = Callback::new(move |(id, enabled): (Uuid, bool)| {
        busy.set(true);
        failure.set(None);
        leptos::task::spawn_local(async move {
            let result = api
                .send_json::<_, AutomationRule>(
                    Method::PUT,
                    &format!("{RULES_PATH}/{id}/enabled"),
                    &RuleSwitch { enabled },
                )
                .await;
            busy.set(false);
            match result {
                Ok(rule) => rules.update(|r| {
                    if let Some(Ok(list)) = r
                        && let Some(old) = list.iter_mut().find(|x| x.id == rule.id)
                    {
                        *old = rule;
                    }
                }),
                Err(error) => {
                    failure.set(Some(error));
                    load();
                }
            }
        });
    });
    let delete = Callback::new(move |id: Uuid| {
        busy.set(true);
        failure.set(None);
        leptos::task::spawn_local(async move {
            let result = api
                .send_empty::<()>(Method::DELETE, &format!("{RULES_PATH}/{id}"))
                .await;
            busy.set(false);
            if let Err(error) = result {
                failure.set(Some(error));
            }
            if editing.get_untracked() == Editing::Rule(id) {
                editing.set(Editing::Closed);
            }
            load();
        });
    });

    let edited_rule = move || match editing.get() {
        Editing::Rule(id) => rules.with(|r| {
            r.as_ref()
                .and_then(|r| r.as_ref().ok())
                .and_then(|list| list.iter().find(|x| x.id == id).cloned())
        }),
        _ => None,
    };

    view! {
        <div class="page page--wide automation">
            <header class="page__header page__header--actions">
                <div>
                    <h1 class="page__title" data-testid="page-title">{i18n.text(Key::AutomationTitle)}</h1>
                    <p class="page__lead">{i18n.text(Key::AutomationLead)}</p>
                </div>
                <Show when=move || editing.get() == Editing::Closed>
                    <button
                        type="button"
                        class="button button--primary"
                        data-testid="rule-create-open"
                        on:click=move |_| editing.set(Editing::New)
                    >
                        {i18n.text(Key::NewRule)}
                    </button>
                </Show>
            </header>
            {move || match editing.get() {
                Editing::Closed => ().into_any(),
                Editing::New => view! {
                    <section class="card form-card" aria-labelledby="regra-titulo">
                        <h2 class="card__title" id="regra-titulo">{i18n.text(Key::NewRule)}</h2>
                        <RuleEditor rule=None lookups on_saved=saved on_cancel=cancel />
                    </section>
                }
                .into_any(),
                Editing::Rule(_) => match untrack(edited_rule) {
                    Some(rule) => view! {
                        <section class="card form-card" aria-labelledby="regra-titulo">
                            <h2 class="card__title" id="regra-titulo">
                                {i18n.text(Key::EditRule)} " · " {rule.name.clone()}
                            </h2>
                            <RuleEditor rule=Some(rule) lookups on_saved=saved on_cancel=cancel />
                        </section>
                    }
                    .into_any(),
                    None => ().into_any(),
                },
            }}
            {move || failure.get().map(|failure| view! { <FailureNotice failure /> })}
            {move || match rules.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(failure)) => view! { <FailureNotice failure on_retry=retry /> }.into_any(),
                Some(Ok(list)) if list.is_empty() => {
                    view! { <Empty text=Key::RulesEmpty testid="rules-empty" /> }.into_any()
                }
                Some(Ok(list)) => {
                    let count = list.len();
                    let rows = list
                        .into_iter()
                        .enumerate()
                        .map(|(index, rule)| {
                            view! {
                                <RuleRow
                                    rule
                                    first=index == 0
                                    last=index + 1 == count
                                    busy
                                    editing
                                    reorder
                                    switch
                                    delete
                                />
                            }
                        })
                        .collect_view();
                    view! {
                        <div class="table-wrap">
                            <table class="table table--cards table--rules" data-testid="rules-table">
                                <caption class="visually-hidden">{i18n.text(Key::AutomationTitle)}</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">{i18n.text(Key::RuleOrder)}</th>
                                        <th scope="col">{i18n.text(Key::Name)}</th>
                                        <th scope="col">{i18n.text(Key::RuleEnabledColumn)}</th>
                                        <th scope="col" class="numeric">{i18n.text(Key::RuleFired7d)}</th>
                                        <th scope="col">{i18n.text(Key::RuleLastFired)}</th>
                                        <th scope="col" class="numeric">{i18n.text(Key::RuleErrors7d)}</th>
                                        <th scope="col">
                                            <span class="visually-hidden">{i18n.text(Key::Actions)}</span>
                                        </th>
                                    </tr>
                                </thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                    }
                        .into_any()
                }
            }}
            <DryRunPanel lookups />
        </div>
    }
}

#[component]
#[allow(clippy::too_many_arguments)]
fn RuleRow(
    rule: AutomationRule,
    first: bool,
    last: bool,
    busy: RwSignal<bool>,
    editing: RwSignal<Editing>,
    reorder: Callback<(Uuid, i32)>,
    switch: Callback<(Uuid, bool)>,
    delete: Callback<Uuid>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let id = rule.id;
    let enabled = rule.enabled;
    let name = rule.name.clone();
    let (up_name, down_name, toggle_name) = (name.clone(), name.clone(), name.clone());
    let summary_rule = rule.clone();
    let summary = move || rule_summary(i18n.locale(), &summary_rule);
    let zone = session.time_zone();
    let last_fired = rule
        .stats
        .last_fired_at
        .map(|at| format::datetime(&at, &zone));
    let errors = rule.stats.errors_7d;
    let has_errors = errors > 0;
    let last_error = rule.stats.last_error.clone();
    let toggle_id = format!("regra-ativa-{id}");
    view! {
        <tr
            data-testid="rule-row"
            data-name=name.clone()
            data-id=id.to_string()
            data-enabled=enabled.to_string()
            class:table__row--muted=!enabled
        >
            <td class="cell-nowrap" data-label=i18n.text(Key::RuleOrder)>
                <button
                    type="button"
                    class="button button--ghost button--small button--icon"
                    data-testid="rule-up"
                    aria-label=move || i18n.t(Key::CategoryMoveUp).replace("{name}", &up_name)
                    title=i18n.text(Key::CategoryMoveUpShort)
                    disabled=move || first || busy.get()
                    on:click=move |_| reorder.run((id, -1))
                >
                    <ArrowIcon up=true />
                </button>
                <button
                    type="button"
                    class="button button--ghost button--small button--icon"
                    data-testid="rule-down"
                    aria-label=move || i18n.t(Key::CategoryMoveDown).replace("{name}", &down_name)
                    title=i18n.text(Key::CategoryMoveDownShort)
                    disabled=move || last || busy.get()
                    on:click=move |_| reorder.run((id, 1))
                >
                    <ArrowIcon up=false />
                </button>
            </td>
            <td class="cell-primary">
                <span class="cell-title" data-testid="rule-name">{name.clone()}</span>
                <span class="cell-sub" data-testid="rule-summary">{summary}</span>
            </td>
            <td data-label=i18n.text(Key::RuleEnabledColumn)>
                <span class="check">
                    <input
                        type="checkbox"
                        class="check__input"
                        id=toggle_id.clone()
                        data-testid="rule-toggle"
                        role="switch"
                        prop:checked=enabled
                        disabled=move || busy.get()
                        aria-label=move || i18n.t(Key::RuleToggle).replace("{name}", &toggle_name)
                        on:change=move |ev| switch.run((id, event_target_checked(&ev)))
                    />
                    <label class="check__label" for=toggle_id data-testid="rule-status">
                        {i18n.text(if enabled { Key::CategoryActive } else { Key::CategoryInactive })}
                    </label>
                </span>
            </td>
            <td class="numeric" data-label=i18n.text(Key::RuleFired7d) data-testid="rule-fired-7d">
                {rule.stats.fired_7d}
            </td>
            <td class="cell-nowrap" data-label=i18n.text(Key::RuleLastFired) data-testid="rule-last-fired">
                {match last_fired {
                    Some(text) => text.into_any(),
                    None => i18n.text(Key::RuleNeverFired).into_any(),
                }}
            </td>
            <td class="numeric" data-label=i18n.text(Key::RuleErrors7d) data-testid="rule-errors">
                <span class:text-danger=has_errors>{errors}</span>
                {last_error
                    .map(|error| {
                        view! {
                            <span class="cell-sub cell-wrap" data-testid="rule-last-error">
                                {move || {
                                    i18n.t(Key::RuleLastError)
                                        .replace("{error}", &server_message(i18n.locale(), &error))
                                }}
                            </span>
                        }
                    })}
            </td>
            <td class="cell-actions">
                <button
                    type="button"
                    class="button button--secondary button--small"
                    data-testid="rule-edit"
                    aria-expanded=move || (editing.get() == Editing::Rule(id)).to_string()
                    on:click=move |_| {
                        editing.update(|open| {
                            *open = if *open == Editing::Rule(id) { Editing::Closed } else { Editing::Rule(id) };
                        });
                    }
                >
                    {i18n.text(Key::Edit)}
                </button>
                <ConfirmAction
                    label=Key::Delete
                    question=Key::DeleteRuleQuestion
                    confirm=Key::DeleteForGood
                    on_confirm=Callback::new(move |()| delete.run(id))
                    pending=Signal::derive(move || busy.get())
                    danger=true
                    testid="rule-delete"
                />
            </td>
        </tr>
    }
}

/// An arrow pointing up or down (SVG: no font needed).
#[component]
fn ArrowIcon(up: bool) -> impl IntoView {
    let path = if up {
        "M12 19V5M6 11l6-6 6 6"
    } else {
        "M12 5v14M6 13l6 6 6-6"
    };
    view! {
        <svg class="icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
            <path d=path stroke="currentColor" stroke-width="2" fill="none" stroke-linecap="round" stroke-linejoin="round" />
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use atende_core::permissions::Permission;

    use super::*;

    #[test]
    fn the_page_needs_the_automation_permission() {
        assert_eq!(
            AUTOMATION_PERMISSIONS,
            &[Permission::AutomationManage.name()]
        );
        assert!(STAFF_ROLES.iter().all(|r| labels::roles().any(|x| x == *r)));
    }
}
