//! `/gerenciar/auditoria`: the audit log, newest first: who did what to
//! which record, with the record before and after. People with only
//! `logs.recent` see the last days; the server decides.

use atende_types::{audit::AuditEntry, companies::Company};
use leptos::prelude::*;

use crate::api::{Query, use_api};
use crate::components::company_tree::display_name;
use crate::components::feedback::Empty;
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

    let text_filter =
        move |id: &'static str, label: Key, value: RwSignal<String>, kind: &'static str| {
            view! {
                <div class="field">
                    <label class="label" for=id>{move || i18n.t(label)}</label>
                    <input
                        id=id
                        class="input"
                        type=kind
                        data-testid=id
                        prop:value=move || value.get()
                        on:input=move |ev| value.set(event_target_value(&ev))
                    />
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
                {text_filter("audit-action", Key::AuditAction, action, "text")}
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
                        <table class="table" data-testid="audit-table">
                            <caption class="visually-hidden">{move || i18n.t(Key::AuditTitle)}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{move || i18n.t(Key::AuditWhen)}</th>
                                    <th scope="col">{move || i18n.t(Key::AuditWho)}</th>
                                    <th scope="col">{move || i18n.t(Key::AuditAction)}</th>
                                    <th scope="col">{move || i18n.t(Key::AuditEntity)}</th>
                                    <th scope="col">{move || i18n.t(Key::Company)}</th>
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
    let company_name = move || {
        company_id.map_or_else(
            || "—".to_owned(),
            |id| {
                companies.with(|list| {
                    list.iter()
                        .find(|c| c.id == id)
                        .map_or_else(|| id.to_string(), display_name)
                })
            },
        )
    };
    let entity = match &entry.entity_id {
        Some(id) => format!("{} {id}", entry.entity_type),
        None => entry.entity_type.clone(),
    };
    let has_changes = entry.before.is_some() || entry.after.is_some();
    let pretty = |value: &Option<serde_json::Value>| {
        value
            .as_ref()
            .and_then(|v| serde_json::to_string_pretty(v).ok())
            .unwrap_or_else(|| "—".to_owned())
    };
    let before = pretty(&entry.before);
    let after = pretty(&entry.after);
    view! {
        <tr data-testid="audit-row">
            <td class="cell-nowrap" data-testid="audit-at">
                {move || format::datetime(&at, &session.time_zone())}
            </td>
            <td>
                <span class="cell-title">{entry.actor.clone()}</span>
                {entry.ip.clone().map(|ip| view! { <span class="cell-sub cell-mono">{ip}</span> })}
            </td>
            <td class="cell-mono">{entry.action.clone()}</td>
            <td class="cell-mono cell-wrap">{entity}</td>
            <td>{company_name}</td>
            <td>
                {has_changes
                    .then(|| {
                        view! {
                            <details class="changes" data-testid="audit-details">
                                <summary>{move || i18n.t(Key::AuditShowChanges)}</summary>
                                <div class="changes__columns">
                                    <div>
                                        <p class="changes__title">{move || i18n.t(Key::AuditBefore)}</p>
                                        <pre class="json">{before}</pre>
                                    </div>
                                    <div>
                                        <p class="changes__title">{move || i18n.t(Key::AuditAfter)}</p>
                                        <pre class="json">{after}</pre>
                                    </div>
                                </div>
                            </details>
                        }
                    })}
            </td>
        </tr>
    }
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
