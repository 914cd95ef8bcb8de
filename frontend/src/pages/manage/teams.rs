//! `/gerenciar/equipes`: the support teams (queues) — their name, how new
//! tickets are assigned (by hand, in turn, to whoever has fewest open) and
//! who is in each (only available members get automatic assignments).

use atende_types::tickets::StaffMember;
use gloo_net::http::Method;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::api::use_api;
use crate::components::feedback::{Empty, FailureNotice, Loading};
use crate::components::forms::{FormError, Submission, TextField};
use crate::components::guard::RequirePermission;
use crate::components::layout::use_document_title;
use crate::i18n::{Key, use_i18n};
use crate::labels::{Label, find};
use crate::pages::tickets::shared::load_staff;

/// Path of the page.
pub const TEAMS_PATH: &str = "/gerenciar/equipes";
/// Who manages teams (as categories):
/// [`Permission::AutomationManage`](atende_core::permissions::Permission).
pub const TEAMS_PERMISSIONS: &[&str] = &["automation.manage"];

const API_PATH: &str = "/api/v1/teams";

/// How a team assigns new tickets.
const ASSIGNMENTS: &[Label] = &[
    (
        "manual",
        "Manual (alguém atribui)",
        "Manual (someone assigns)",
    ),
    ("round_robin", "Em rodízio", "Round robin"),
    (
        "least_open",
        "Para quem tem menos chamados abertos",
        "To whoever has fewest open tickets",
    ),
];

/// A team as `GET /teams` lists it (read on its own, so the SPA does not
/// depend on the server's type).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
struct Team {
    id: Uuid,
    name: String,
    assignment: String,
    #[serde(default)]
    members: Vec<Member>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Member {
    user_id: Uuid,
    available: bool,
}

/// `POST /teams` and `PUT /teams/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
struct TeamInput {
    name: String,
    assignment: String,
    members: Vec<Member>,
}

/// `/gerenciar/equipes`.
#[component]
pub fn TeamsPage() -> impl IntoView {
    use_document_title(Key::TeamsTitle);
    view! {
        <RequirePermission any_of=TEAMS_PERMISSIONS>
            <Teams />
        </RequirePermission>
    }
}

#[component]
fn Teams() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let version = RwSignal::new(0_u32);
    let teams = LocalResource::new(move || {
        version.track();
        async move { api.get_list::<Team>(API_PATH).await }
    });
    let staff = LocalResource::new(move || load_staff(api, None));
    let staff_list = Signal::derive(move || staff.get().flatten().unwrap_or_default());
    let retry = Callback::new(move |()| teams.refetch());
    let creating = RwSignal::new(false);
    let editing = RwSignal::new(None::<Uuid>);
    let changed = Callback::new(move |()| {
        creating.set(false);
        editing.set(None);
        version.update(|v| *v = v.wrapping_add(1));
    });

    view! {
        <div class="page">
            <header class="page__header page__header--actions">
                <div>
                    <h1 class="page__title" data-testid="page-title">{i18n.text(Key::TeamsTitle)}</h1>
                    <p class="page__lead">{i18n.text(Key::TeamsLead)}</p>
                </div>
                <Show when=move || !creating.get()>
                    <button
                        type="button"
                        class="button button--primary"
                        data-testid="team-create-open"
                        on:click=move |_| creating.set(true)
                    >
                        {i18n.text(Key::NewTeam)}
                    </button>
                </Show>
            </header>
            <Show when=move || creating.get()>
                <section class="card form-card" aria-labelledby="nova-equipe-titulo">
                    <h2 class="card__title" id="nova-equipe-titulo">{i18n.text(Key::NewTeam)}</h2>
                    <TeamForm
                        team=None
                        staff=staff_list
                        on_saved=changed
                        on_cancel=Callback::new(move |()| creating.set(false))
                    />
                </section>
            </Show>
            {move || match teams.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(failure)) => view! { <FailureNotice failure on_retry=retry /> }.into_any(),
                Some(Ok(list)) if list.is_empty() => {
                    view! { <Empty text=Key::TeamsEmpty testid="teams-empty" /> }.into_any()
                }
                Some(Ok(list)) => {
                    view! {
                        <div class="table-wrap">
                            <table class="table table--cards" data-testid="teams-table">
                                <caption class="visually-hidden">{i18n.text(Key::TeamsTitle)}</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">{i18n.text(Key::Name)}</th>
                                        <th scope="col">{i18n.text(Key::TeamAssignment)}</th>
                                        <th scope="col">{i18n.text(Key::TeamMembers)}</th>
                                        <th scope="col">
                                            <span class="visually-hidden">{i18n.text(Key::Actions)}</span>
                                        </th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {list
                                        .into_iter()
                                        .map(|team| view! { <TeamRow team staff=staff_list editing changed /> })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}

#[component]
fn TeamRow(
    team: Team,
    staff: Signal<Vec<StaffMember>>,
    editing: RwSignal<Option<Uuid>>,
    changed: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = team.id;
    let assignment = team.assignment.clone();
    let member_ids: Vec<Uuid> = team.members.iter().map(|m| m.user_id).collect();
    let names = move || {
        let list = staff.get();
        let names: Vec<String> = member_ids
            .iter()
            .map(|id| {
                list.iter().find(|m| m.id == *id).map_or_else(
                    || id.to_string().chars().take(8).collect(),
                    |m| m.name.clone(),
                )
            })
            .collect();
        if names.is_empty() {
            "—".to_owned()
        } else {
            names.join(", ")
        }
    };
    let edited = team.clone();
    view! {
        <tr data-testid="team-row" data-name=team.name.clone()>
            <td class="cell-primary">
                <span class="cell-title">{team.name.clone()}</span>
            </td>
            <td data-label=i18n.text(Key::TeamAssignment)>
                {move || find(ASSIGNMENTS, i18n.locale(), &assignment).unwrap_or_default()}
            </td>
            <td class="cell-wrap" data-label=i18n.text(Key::TeamMembers) data-testid="team-members">{names}</td>
            <td class="cell-actions">
                <button
                    type="button"
                    class="button button--secondary button--small"
                    data-testid="team-edit"
                    aria-expanded=move || (editing.get() == Some(id)).to_string()
                    on:click=move |_| editing.update(|open| *open = if *open == Some(id) { None } else { Some(id) })
                >
                    {i18n.text(Key::Edit)}
                </button>
            </td>
        </tr>
        {move || {
            (editing.get() == Some(id))
                .then(|| {
                    view! {
                        <tr class="table__detail">
                            <td colspan="4">
                                <TeamForm
                                    team=Some(edited.clone())
                                    staff
                                    on_saved=changed
                                    on_cancel=Callback::new(move |()| editing.set(None))
                                />
                            </td>
                        </tr>
                    }
                })
        }}
    }
}

/// Creating (`team = None`) or changing a team.
#[component]
fn TeamForm(
    team: Option<Team>,
    staff: Signal<Vec<StaffMember>>,
    on_saved: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let editing_id = team.as_ref().map(|t| t.id);
    let prefix = if editing_id.is_some() {
        "edit-team"
    } else {
        "team"
    };
    let name = RwSignal::new(team.as_ref().map(|t| t.name.clone()).unwrap_or_default());
    let assignment = RwSignal::new(
        team.as_ref()
            .map_or_else(|| "manual".to_owned(), |t| t.assignment.clone()),
    );
    let members = RwSignal::new(team.map(|t| t.members).unwrap_or_default());
    let submission = Submission::new();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = TeamInput {
            name: name.get_untracked().trim().to_owned(),
            assignment: assignment.get_untracked(),
            members: members.get_untracked(),
        };
        if input.name.is_empty() {
            submission.complain(Some("name"), Key::NameRequired);
            return;
        }
        let (method, path) = match editing_id {
            Some(id) => (Method::PUT, format!("{API_PATH}/{id}")),
            None => (Method::POST, API_PATH.to_owned()),
        };
        submission.run(
            async move {
                api.send_json::<_, serde_json::Value>(method, &path, &input)
                    .await
            },
            move |_| on_saved.run(()),
        );
    };
    let assignment_id = format!("{prefix}-assignment");
    view! {
        <form class="form" on:submit=on_submit novalidate data-testid="team-form">
            <div class="form-grid">
                <TextField
                    id=if editing_id.is_some() { "edit-team-name" } else { "team-name" }
                    label=Key::Name
                    value=name
                    maxlength=120
                    testid="team-name"
                    error=submission.field_error("name")
                    required=true
                    autofocus=true
                />
                <div class="field">
                    <label class="label" for=assignment_id.clone()>{i18n.text(Key::TeamAssignment)}</label>
                    <select
                        id=assignment_id
                        class="select"
                        data-testid="team-assignment"
                        on:change=move |ev| assignment.set(event_target_value(&ev))
                    >
                        {ASSIGNMENTS
                            .iter()
                            .map(|(value, _, _)| {
                                let value = *value;
                                view! {
                                    <option value=value selected=move || assignment.get_untracked() == value>
                                        {move || find(ASSIGNMENTS, i18n.locale(), value).unwrap_or(value)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
            </div>
            <fieldset class="fieldset">
                <legend class="label">{i18n.text(Key::TeamMembers)}</legend>
                <p class="hint">{i18n.text(Key::TeamMembersHint)}</p>
                {move || {
                    staff
                        .get()
                        .into_iter()
                        .map(|person| {
                            let user = person.id;
                            let check_id = format!("{prefix}-member-{user}");
                            let available_id = format!("{prefix}-available-{user}");
                            let is_member = move || members.with(|m| m.iter().any(|x| x.user_id == user));
                            let is_available = move || {
                                members.with(|m| m.iter().any(|x| x.user_id == user && x.available))
                            };
                            view! {
                                <div class="team-member" data-testid="team-member">
                                    <span class="check">
                                        <input
                                            type="checkbox"
                                            class="check__input"
                                            id=check_id.clone()
                                            data-testid="team-member-check"
                                            prop:checked=is_member
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                members.update(|m| {
                                                    m.retain(|x| x.user_id != user);
                                                    if on {
                                                        m.push(Member { user_id: user, available: true });
                                                    }
                                                });
                                            }
                                        />
                                        <label class="check__label" for=check_id>{person.name.clone()}</label>
                                    </span>
                                    <span class="check">
                                        <input
                                            type="checkbox"
                                            class="check__input"
                                            id=available_id.clone()
                                            prop:checked=is_available
                                            disabled=move || !is_member()
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                members.update(|m| {
                                                    if let Some(x) = m.iter_mut().find(|x| x.user_id == user) {
                                                        x.available = on;
                                                    }
                                                });
                                            }
                                        />
                                        <label class="check__label" for=available_id>{i18n.text(Key::TeamAvailable)}</label>
                                    </span>
                                </div>
                            }
                        })
                        .collect_view()
                }}
            </fieldset>
            <FormError submission inline_fields=&["name"] testid="team-error" />
            <div class="button-row">
                <button
                    type="submit"
                    class="button button--primary"
                    data-testid="team-submit"
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

#[cfg(test)]
mod tests {
    use atende_core::locale::Locale;
    use atende_core::permissions::Permission;

    use super::*;

    #[test]
    fn every_assignment_rule_has_a_name_and_the_page_its_permission() {
        for rule in ["manual", "round_robin", "least_open"] {
            for locale in Locale::ALL {
                assert!(find(ASSIGNMENTS, locale, rule).is_some(), "{rule}");
            }
        }
        assert_eq!(TEAMS_PERMISSIONS, &[Permission::AutomationManage.name()]);
        let input = serde_json::to_value(TeamInput {
            name: "Fiscal".into(),
            assignment: "manual".into(),
            members: vec![Member {
                user_id: Uuid::nil(),
                available: true,
            }],
        })
        .unwrap_or_default();
        assert_eq!(input["members"][0]["available"], serde_json::json!(true));
    }
}
