//! `/gerenciar/auditoria`: the audit log, newest first: who did what to
//! which record — people and companies by name, actions in Portuguese,
//! the before and after as a list of field changes (the raw data one
//! click further). People with only `logs.recent` see the last days; the
//! server decides.

use atende_types::{audit::AuditEntry, companies::Company};
use leptos::prelude::*;

use crate::api::{Query, use_api};
use crate::audit;
use crate::components::company_tree::display_name;
use crate::components::feedback::Empty;
use crate::components::forms::DateInput;
use crate::components::guard::RequirePermission;
use crate::components::layout::{AUDIT_PERMISSIONS, use_document_title};
use crate::components::paged::{LoadState, Paged, PagedFooter};
use crate::format;
use crate::i18n::{Key, use_i18n};
use crate::session::use_session;

/// `/gerenciar/auditoria`.
#[component]
pub fn AuditPage() -> impl IntoView {
    use_document_title(Key::AuditTitle);
    view! {
        <RequirePermission any_of=AUDIT_PERMISSIONS>
            <Audit />
        </RequirePermission>
    }
}

/// The filters as typed, applied together by the form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Filters {
    action: String,
    entity_type: String,
    entity_id: String,
    actor_user_id: String,
    company_id: String,
    from: String,
    to: String,
}

impl Filters {
    fn path(&self, time_zone: &str) -> String {
        let from = format::parse_date_input(&self.from)
            .map(|day| format::day_start(day, time_zone).to_rfc3339())
            .unwrap_or_default();
        // The API's `to` is exclusive: the next day's first instant.
        let to = format::parse_date_input(&self.to)
            .and_then(|day| day.succ_opt())
            .map(|day| format::day_start(day, time_zone).to_rfc3339())
            .unwrap_or_default();
        Query::new("/api/v1/audit-log")
            .param("action", &self.action)
            .param("entity_type", &self.entity_type)
            .param("entity_id", &self.entity_id)
            .param("actor_user_id", &self.actor_user_id)
            .param("company_id", &self.company_id)
            .param("from", &from)
            .param("to", &to)
            .build()
    }
}

#[component]
fn Audit() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let api = use_api();
    let entries = Paged::<AuditEntry>::new(api);
    let applied = RwSignal::new(Filters::default());
    Effect::new(move |_| {
        let zone = session.time_zone();
        entries.load(applied.with(|f| f.path(&zone)));
    });

    // Names for the company column and filter (when the person may list
    // companies; ids are shown otherwise).
    let companies = LocalResource::new(move || api.get_all::<Company>("/api/v1/companies"));
    let company_list =
        Signal::derive(move || companies.get().and_then(Result::ok).unwrap_or_default());

    let action = RwSignal::new(String::new());
    let entity_type = RwSignal::new(String::new());
    let entity_id = RwSignal::new(String::new());
    let actor = RwSignal::new(String::new());
    let company = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        applied.set(Filters {
            action: action.get_untracked(),
            entity_type: entity_type.get_untracked(),
            entity_id: entity_id.get_untracked(),
            actor_user_id: actor.get_untracked(),
            company_id: company.get_untracked(),
            from: from.get_untracked(),
            to: to.get_untracked(),
        });
    };
    let clear = move |_| {
        for field in [action, entity_type, entity_id, actor, company, from, to] {
            field.set(String::new());
        }
        applied.set(Filters::default());
    };

    let text_filter = move |id: &'static str,
                            label: Key,
                            value: RwSignal<String>,
                            kind: &'static str| {
        let input = if kind == "date" {
            view! {
                    <DateInput id=id value=value on_change=Callback::new(move |v| value.set(v)) testid=id />
                }
                .into_any()
        } else {
            view! {
                <input
                    id=id
                    class="input"
                    type=kind
                    data-testid=id
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))
                />
            }
            .into_any()
        };
        view! {
            <div class="field">
                <label class="label" for=id>{move || i18n.t(label)}</label>
                {input}
            </div>
        }
    };

    view! {
        <div class="page page--wide">
            <header class="page__header">
                <h1 class="page__title" data-testid="page-title">
                    {move || i18n.t(Key::AuditTitle)}
                </h1>
                <p class="page__lead">{move || i18n.t(Key::AuditLead)}</p>
            </header>
            <form class="filters filters--wide" role="search" aria-label=move || i18n.t(Key::Filters) on:submit=on_submit>
                <div class="field">
                    <label class="label" for="audit-action">{move || i18n.t(Key::AuditAction)}</label>
                    <select
                        id="audit-action"
                        class="select"
                        data-testid="audit-action-filter"
                        on:change=move |ev| action.set(event_target_value(&ev))
                    >
                        <option value="" prop:selected=move || action.get().is_empty()>
                            {move || i18n.t(Key::AuditAnyAction)}
                        </option>
                        {move || {
                            let locale = i18n.locale();
                            let mut list: Vec<(&'static str, String)> = audit::ACTIONS
                                .iter()
                                .map(|(code, _, _)| (*code, audit::action_label(locale, code)))
                                .collect();
                            list.sort_by(|a, b| a.1.cmp(&b.1));
                            list.into_iter()
                                .map(|(code, label)| {
                                    view! {
                                        <option value=code prop:selected=move || action.get() == code>
                                            {label}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                </div>
                {text_filter("audit-entity-type", Key::AuditEntityType, entity_type, "text")}
                {text_filter("audit-entity-id", Key::AuditEntityId, entity_id, "text")}
                {text_filter("audit-actor", Key::AuditActorId, actor, "text")}
                <div class="field">
                    <label class="label" for="audit-company">{move || i18n.t(Key::Company)}</label>
                    <select
                        id="audit-company"
                        class="select"
                        data-testid="audit-company"
                        on:change=move |ev| company.set(event_target_value(&ev))
                    >
                        <option value="" prop:selected=move || company.get().is_empty()>
                            {move || i18n.t(Key::AllCompanies)}
                        </option>
                        {move || {
                            let mut list = company_list.get();
                            list.sort_by_key(|c| display_name(c).to_lowercase());
                            list.into_iter()
                                .map(|c| {
                                    let value = c.id.to_string();
                                    let selected = value.clone();
                                    view! {
                                        <option value=value prop:selected=move || company.get() == selected>
                                            {display_name(&c)}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                </div>
                {text_filter("audit-from", Key::FromDate, from, "date")}
                {text_filter("audit-to", Key::ToDate, to, "date")}
                <div class="filters__buttons">
                    <button type="submit" class="button button--secondary" data-testid="audit-apply">
                        {move || i18n.t(Key::Filter)}
                    </button>
                    <button type="button" class="button button--ghost" on:click=clear>
                        {move || i18n.t(Key::ClearFilters)}
                    </button>
                </div>
            </form>
            <Show
                when=move || !entries.is_empty()
                fallback=|| view! { <Empty text=Key::AuditEmpty testid="audit-empty" /> }
            >
                <Show when=move || entries.state() != LoadState::Loading>
                    <div class="table-wrap">
                        <table class="table table--cards table--audit" data-testid="audit-table">
                            <caption class="visually-hidden">{move || i18n.t(Key::AuditTitle)}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{move || i18n.t(Key::AuditWhen)}</th>
                                    <th scope="col">{move || i18n.t(Key::AuditWho)}</th>
                                    <th scope="col">{move || i18n.t(Key::AuditAction)}</th>
                                    <th scope="col">{move || i18n.t(Key::AuditEntity)}</th>
                                    <th scope="col" class="col-p2">{move || i18n.t(Key::Company)}</th>
                                    <th scope="col">{move || i18n.t(Key::AuditChanges)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                <For each=move || entries.items() key=|entry| entry.seq let:entry>
                                    <AuditRow entry companies=company_list />
                                </For>
                            </tbody>
                        </table>
                    </div>
                </Show>
            </Show>
            <PagedFooter paged=entries testid="audit-load-more" />
        </div>
    }
}

#[component]
fn AuditRow(entry: AuditEntry, companies: Signal<Vec<Company>>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let at = entry.at;
    let company_id = entry.company_id;
    let known_company = entry.company_name.clone();
    let company_name = move || {
        known_company.clone().unwrap_or_else(|| {
            company_id.map_or_else(
                || "—".to_owned(),
                |id| {
                    companies.with(|list| {
                        list.iter()
                            .find(|c| c.id == id)
                            .map_or_else(|| short_id(&id.to_string()), display_name)
                    })
                },
            )
        })
    };
    // People by name (the e-mail below); the system and tokens as such.
    let (who, who_sub) = match (&entry.actor_name, entry.actor.as_str()) {
        (Some(name), actor) if !name.trim().is_empty() => (name.clone(), Some(actor.to_owned())),
        (_, "system") => (i18n.t(Key::AuditSystem).to_owned(), None),
        (_, actor) => (actor.to_owned(), None),
    };
    let action = entry.action.clone();
    let action_code = entry.action.clone();
    let entity_type = entry.entity_type.clone();
    let (before, after) = (entry.before.clone(), entry.after.clone());
    let record = {
        let (entity_type, before, after) = (entity_type.clone(), before.clone(), after.clone());
        move || audit::record_name(i18n.locale(), &entity_type, before.as_ref(), after.as_ref())
    };
    let entity_id = entry.entity_id.clone();
    let has_changes = before.is_some() || after.is_some();
    let raw = |value: &Option<serde_json::Value>| {
        value
            .as_ref()
            .and_then(|v| serde_json::to_string_pretty(v).ok())
            .unwrap_or_else(|| "—".to_owned())
    };
    let (raw_before, raw_after) = (raw(&before), raw(&after));
    let changes = Memo::new(move |_| {
        let list = companies.get();
        let name_of = |value: &str| {
            list.iter()
                .find(|c| c.id.to_string() == value)
                .map(display_name)
        };
        audit::field_changes(
            i18n.locale(),
            &entity_type,
            before.as_ref(),
            after.as_ref(),
            &name_of,
        )
    });
    let row_action = action_code.clone();
    view! {
        <tr data-testid="audit-row" data-action=row_action>
            <td class="cell-nowrap cell-ref" data-testid="audit-at">
                {move || format::datetime(&at, &session.time_zone())}
            </td>
            <td class="cell-primary" data-label=i18n.text(Key::AuditWho)>
                <span class="cell-title" data-testid="audit-who">{who}</span>
                {who_sub.map(|sub| view! { <span class="cell-sub">{sub}</span> })}
                {entry.ip.clone().map(|ip| view! { <span class="cell-sub cell-mono">{ip}</span> })}
            </td>
            <td data-label=i18n.text(Key::AuditAction)>
                <span data-testid="audit-action" title=action_code>
                    {move || audit::action_label(i18n.locale(), &action)}
                </span>
            </td>
            <td class="cell-wrap" data-label=i18n.text(Key::AuditEntity)>
                <span data-testid="audit-record" title=entity_id.unwrap_or_default()>{record}</span>
            </td>
            <td class="col-p2" data-label=i18n.text(Key::Company) data-testid="audit-company">{company_name}</td>
            <td class="cell-changes" data-label=i18n.text(Key::AuditChanges)>
                {has_changes
                    .then(|| {
                        view! {
                            <details class="changes" data-testid="audit-details">
                                <summary>
                                    {move || {
                                        let n = changes.with(Vec::len);
                                        i18n.t(Key::AuditFieldsChanged).replace("{n}", &n.to_string())
                                    }}
                                </summary>
                                <ul class="field-changes" data-testid="audit-changes">
                                    {move || {
                                        changes
                                            .get()
                                            .into_iter()
                                            .map(|change| {
                                                view! {
                                                    <li class="field-change" data-field=change.field.clone()>
                                                        <span class="field-change__name">{change.label}</span>
                                                        // A creation shows the value set, a deletion
                                                        // the value it had, a change both.
                                                        <span class="field-change__values">
                                                            {change
                                                                .before
                                                                .clone()
                                                                .map(|before| {
                                                                    view! {
                                                                        <del class="field-change__before">{before}</del>
                                                                    }
                                                                })}
                                                            {(change.before.is_some() && change.after.is_some())
                                                                .then(|| {
                                                                    view! {
                                                                        <span aria-hidden="true">" → "</span>
                                                                        <span class="visually-hidden">{i18n.text(Key::AuditBecame)}</span>
                                                                    }
                                                                })}
                                                            {change
                                                                .after
                                                                .clone()
                                                                .map(|after| {
                                                                    view! {
                                                                        <ins class="field-change__after">{after}</ins>
                                                                    }
                                                                })}
                                                        </span>
                                                    </li>
                                                }
                                            })
                                            .collect_view()
                                    }}
                                </ul>
                                <details class="changes changes--raw">
                                    <summary>{i18n.text(Key::AuditRawData)}</summary>
                                    <div class="changes__columns">
                                        <div>
                                            <p class="changes__title">{i18n.text(Key::AuditBefore)}</p>
                                            <pre class="json">{raw_before}</pre>
                                        </div>
                                        <div>
                                            <p class="changes__title">{i18n.text(Key::AuditAfter)}</p>
                                            <pre class="json">{raw_after}</pre>
                                        </div>
                                    </div>
                                </details>
                            </details>
                        }
                    })}
            </td>
        </tr>
    }
}

/// The first characters of an id, enough to tell records apart.
fn short_id(id: &str) -> String {
    id.chars().take(8).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_filters_ask_for_everything() {
        assert_eq!(Filters::default().path("UTC"), "/api/v1/audit-log");
        let filters = Filters {
            action: "company.created".into(),
            ..Filters::default()
        };
        assert_eq!(
            filters.path("UTC"),
            "/api/v1/audit-log?action=company.created"
        );
    }
}
