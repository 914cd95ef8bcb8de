//! Pieces shared by the ticket screens: badges, the lists that fill the
//! selects (client companies, categories, teams, colleagues), attachments
//! (upload, list, download) and how a refused change is told.

use atende_core::locale::Locale;
use atende_types::{
    companies::Company,
    tickets::{Attachment, StaffMember, TicketSlaBrief},
};
use leptos::prelude::*;
use leptos_router::components::A;
use uuid::Uuid;

use crate::api::{Api, ApiFailure, use_api};
use crate::components::company_tree::display_name;
use crate::components::feedback::{FailureNotice, Loading};
use crate::format;
use crate::i18n::{Key, t, use_i18n};
use crate::labels;
use crate::session::use_session;
use crate::tickets::{CategoryInfo, TeamInfo, conflict_author, sla_due_text};

/// The page of one ticket.
pub fn ticket_path(id: Uuid) -> String {
    format!("/chamados/{id}")
}

/// Whether a failure means the server has no such endpoint (yet): the
/// feature is then left out rather than shown as broken.
pub fn is_missing(failure: &ApiFailure) -> bool {
    failure.status() == Some(404)
}

/// A refused change, for people: who changed the ticket meanwhile (409),
/// else what the server said.
pub fn describe_failure(locale: Locale, failure: &ApiFailure) -> String {
    if failure.code() == Some("conflict") {
        let detail = failure.field_detail("version").unwrap_or_default();
        return match conflict_author(&detail) {
            Some(name) => t(locale, Key::TicketConflictBy).replace("{name}", &name),
            None => t(locale, Key::TicketConflict).to_owned(),
        };
    }
    failure.message(locale)
}

#[component]
pub fn StatusBadge(#[prop(into)] status: String) -> impl IntoView {
    let i18n = use_i18n();
    let class = labels::status_badge(&status);
    let data = status.clone();
    view! {
        <span class=class data-testid="ticket-status" data-status=data>
            {move || labels::ticket_status(i18n.locale(), &status)}
        </span>
    }
}

#[component]
pub fn PriorityBadge(#[prop(into)] priority: String) -> impl IntoView {
    let i18n = use_i18n();
    let class = labels::priority_badge(&priority);
    let data = priority.clone();
    view! {
        <span class=class data-testid="ticket-priority" data-priority=data>
            {move || labels::priority(i18n.locale(), &priority)}
        </span>
    }
}

/// A ticket's SLA at a glance: its state in its colour and, while a
/// target runs, when it falls due (`vence 02/03 14:00`). Nothing for a
/// ticket without SLA.
#[component]
pub fn SlaBadge(sla: Option<TicketSlaBrief>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let Some(sla) = sla else {
        return ().into_any();
    };
    let class = labels::sla_badge(&sla.state);
    let state = sla.state.clone();
    let shown = sla.state.clone();
    let zone = session.time_zone();
    let due = move || sla_due_text(i18n.locale(), &sla, |at| format::day_month_time(at, &zone));
    view! {
        <span class="sla" data-testid="ticket-sla" data-state=state>
            <span class=class data-testid="ticket-sla-state">
                {move || labels::sla_state(i18n.locale(), &shown)}
            </span>
            {move || due().map(|text| view! { <span class="sla__due" data-testid="ticket-sla-due">{text}</span> })}
        </span>
    }
    .into_any()
}

/// A client company a ticket can be about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientCompany {
    pub id: Uuid,
    pub name: String,
    pub consultancy_id: Option<Uuid>,
}

/// The `<option>`s of a company select, the one in `chosen` selected (the
/// select's first option, "all" or "choose", is the caller's).
pub fn company_options(companies: Vec<ClientCompany>, chosen: RwSignal<String>) -> impl IntoView {
    companies
        .into_iter()
        .map(|c| {
            let id = c.id.to_string();
            let selected = chosen.get_untracked() == id;
            view! { <option value=id selected=selected>{c.name}</option> }
        })
        .collect_view()
}

/// The client companies within the person's reach: from the companies
/// list, else (when it cannot be read) from the scope in `/me`.
pub fn use_client_companies() -> LocalResource<Vec<ClientCompany>> {
    let api = use_api();
    let session = use_session();
    LocalResource::new(move || async move {
        match api
            .get_all::<Company>("/api/v1/companies?kind=client&active=true")
            .await
        {
            Ok(companies) => {
                let mut list: Vec<ClientCompany> = companies
                    .into_iter()
                    .map(|c| ClientCompany {
                        id: c.id,
                        name: display_name(&c),
                        consultancy_id: c.consultancy_id,
                    })
                    .collect();
                list.sort_by_key(|c| c.name.to_lowercase());
                list
            }
            Err(_) => untrack(|| {
                session
                    .with_me(|me| {
                        me.scope
                            .companies
                            .iter()
                            .filter(|c| c.kind == "client")
                            .map(|c| ClientCompany {
                                id: c.id,
                                name: c.name.clone(),
                                consultancy_id: c.consultancy_id,
                            })
                            .collect()
                    })
                    .unwrap_or_default()
            }),
        }
    })
}

/// The consultancies within reach (the workspace's "Consultoria" filter).
pub fn use_consultancies() -> LocalResource<Vec<Company>> {
    let api = use_api();
    LocalResource::new(move || async move {
        api.get_all::<Company>("/api/v1/companies?kind=consultancy")
            .await
            .unwrap_or_default()
    })
}

/// Every category; empty when they cannot be read.
pub fn use_categories() -> LocalResource<Vec<CategoryInfo>> {
    let api = use_api();
    LocalResource::new(move || async move {
        api.get_list::<CategoryInfo>("/api/v1/ticket-categories")
            .await
            .unwrap_or_default()
    })
}

/// Every team (for staff: only they may list them); empty when they
/// cannot be read.
pub fn use_teams() -> LocalResource<Vec<TeamInfo>> {
    let api = use_api();
    let session = use_session();
    let staff = untrack(|| session.can("tickets.work"));
    LocalResource::new(move || async move {
        if !staff {
            return Vec::new();
        }
        api.get_list::<TeamInfo>("/api/v1/teams")
            .await
            .unwrap_or_default()
    })
}

/// The colleagues who work `company` (every company when `None`), by
/// name; `None` when the server has no staff list.
pub async fn load_staff(api: Api, company: Option<Uuid>) -> Option<Vec<StaffMember>> {
    let path = match company {
        Some(id) => format!("/api/v1/staff?company_id={id}"),
        None => "/api/v1/staff".to_owned(),
    };
    match api.get_list::<StaffMember>(&path).await {
        Ok(mut staff) => {
            staff.sort_by_key(|m| m.name.to_lowercase());
            Some(staff)
        }
        Err(_) => None,
    }
}

/// Uploads every file to a ticket (with the message they belong to),
/// returning the names of those that failed.
pub async fn upload_all(
    api: Api,
    ticket: Uuid,
    files: Vec<web_sys::File>,
    message: Option<Uuid>,
) -> Vec<(String, ApiFailure)> {
    api.upload_files::<Attachment>(
        &format!("/api/v1/tickets/{ticket}/attachments"),
        files,
        message,
    )
    .await
}

/// The files picked in a file input.
pub fn picked_files(input: &web_sys::HtmlInputElement) -> Vec<web_sys::File> {
    let Some(list) = input.files() else {
        return Vec::new();
    };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// A file's name as a button that downloads it with the session's token
/// (a plain link could not carry it); why it failed goes to `failure`.
#[component]
pub fn DownloadButton(
    url: String,
    file_name: String,
    failure: RwSignal<Option<ApiFailure>>,
    testid: &'static str,
) -> impl IntoView {
    let api = use_api();
    let name = file_name.clone();
    let on_click = move |_| {
        let (url, file_name) = (url.clone(), file_name.clone());
        failure.set(None);
        leptos::task::spawn_local(async move {
            if let Err(problem) = api.save_download(&url, &file_name).await {
                failure.set(Some(problem));
            }
        });
    };
    view! {
        <button type="button" class="attachment__name" data-testid=testid on:click=on_click>
            {name}
        </button>
    }
}

/// Where a ticket's attachments stand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttachmentsState {
    Loading,
    /// The server has no attachments (yet): nothing is shown.
    Missing,
    Loaded(Vec<Attachment>),
    Failed(ApiFailure),
}

/// The list of a ticket's attachments, each downloadable.
#[component]
pub fn AttachmentList(state: RwSignal<AttachmentsState>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let failure = RwSignal::new(None::<ApiFailure>);
    move || match state.get() {
        AttachmentsState::Missing => ().into_any(),
        AttachmentsState::Loading => view! {
            <section class="card ticket__card" aria-labelledby="anexos-titulo">
                <h2 class="card__title" id="anexos-titulo">{i18n.text(Key::Attachments)}</h2>
                <crate::components::feedback::Loading />
            </section>
        }
        .into_any(),
        AttachmentsState::Failed(problem) => view! {
            <section class="card ticket__card" aria-labelledby="anexos-titulo">
                <h2 class="card__title" id="anexos-titulo">{i18n.text(Key::Attachments)}</h2>
                <FailureNotice failure=problem />
            </section>
        }
        .into_any(),
        AttachmentsState::Loaded(list) => {
            let zone = session.time_zone();
            let empty = list.is_empty();
            let items = list
                .into_iter()
                .map(|attachment| {
                    let size = format::file_size(attachment.size, i18n.locale_untracked());
                    let when = format::datetime(&attachment.created_at, &zone);
                    view! {
                        <li class="attachment" data-testid="attachment">
                            <DownloadButton
                                url=attachment.download_url
                                file_name=attachment.file_name
                                failure
                                testid="attachment-download"
                            />
                            <span class="attachment__meta">{size} " · " {when}</span>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section class="card ticket__card" aria-labelledby="anexos-titulo" data-testid="attachments">
                    <h2 class="card__title" id="anexos-titulo">{i18n.text(Key::Attachments)}</h2>
                    {empty
                        .then(|| {
                            view! {
                                <p class="hint" data-testid="attachments-empty">
                                    {i18n.text(Key::AttachmentsEmpty)}
                                </p>
                            }
                        })}
                    <ul class="plain-list attachments">{items}</ul>
                    {move || failure.get().map(|problem| view! { <FailureNotice failure=problem /> })}
                </section>
            }
            .into_any()
        }
    }
}

/// The top of a record's page (a ticket, a pending item): the way back,
/// then the record's header (while it loads, a spinner; when it could not
/// be read, `title` and why, with a retry) and, when the page was opened
/// right after creating the record, a note saying so.
#[component]
pub fn RecordTop<T, H, V>(
    /// Where "back" leads and what it says.
    back: (&'static str, Key),
    back_testid: &'static str,
    record: RwSignal<Option<Result<T, ApiFailure>>>,
    /// The page's title when the record could not be read.
    title: Key,
    on_retry: Callback<()>,
    /// The header of the record read.
    header: H,
    /// The note on a record just created, and its test id.
    created: Option<(Key, &'static str)>,
    /// What to say when the record is gone or out of reach (404).
    gone: Key,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    H: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let i18n = use_i18n();
    view! {
        <p class="ticket__back">
            <A href=back.0 attr:data-testid=back_testid>{move || i18n.t(back.1)}</A>
        </p>
        {move || match record.get() {
            None => view! { <Loading /> }.into_any(),
            // Gone, or no longer visible to this person (moved out of
            // reach): said plainly, with no retry that cannot help.
            Some(Err(failure)) if is_missing(&failure) => {
                view! {
                    <h1 class="page__title" data-testid="page-title">{i18n.text(title)}</h1>
                    <div class="notice notice--info" role="status" data-testid="record-gone">
                        <p class="notice__message">{i18n.text(gone)}</p>
                    </div>
                    <p>
                        <A href=back.0 attr:class="button button--secondary">{move || i18n.t(back.1)}</A>
                    </p>
                }
                    .into_any()
            }
            Some(Err(failure)) => {
                view! {
                    <h1 class="page__title" data-testid="page-title">{i18n.text(title)}</h1>
                    <FailureNotice failure on_retry />
                }
                    .into_any()
            }
            Some(Ok(t)) => header(t).into_any(),
        }}
        {created
            .map(|(key, testid)| {
                view! {
                    <div class="notice notice--success" role="status" data-testid=testid>
                        <p class="notice__message">{i18n.text(key)}</p>
                    </div>
                }
            })}
    }
}

/// The files that could not be attached, each with why (nothing when
/// every file went).
#[component]
pub fn UploadFailures(
    #[prop(into)] failed: Signal<Vec<(String, ApiFailure)>>,
    testid: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let failed = failed.get();
        (!failed.is_empty())
            .then(|| {
                view! {
                    <div class="notice notice--warning" role="alert" data-testid=testid>
                        <p class="notice__message">{i18n.text(Key::UploadFailed)}</p>
                        <ul class="plain-list">
                            {failed
                                .into_iter()
                                .map(|(name, failure)| {
                                    view! { <li>{name} ": " {move || failure.message(i18n.locale())}</li> }
                                })
                                .collect_view()}
                        </ul>
                    </div>
                }
            })
    }
}

/// A file input for attachments, with the chosen names listed below it.
#[component]
pub fn FilePicker(
    /// The input's `id` (unique in the page).
    id: &'static str,
    input: NodeRef<leptos::html::Input>,
    /// Bumped to clear the choice (after sending).
    #[prop(into)]
    reset: Signal<u64>,
    #[prop(optional)] testid: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let names = RwSignal::new(Vec::<String>::new());
    Effect::new(move |previous: Option<u64>| {
        let generation = reset.get();
        if previous.is_some()
            && let Some(input) = input.get_untracked()
        {
            input.set_value("");
            names.set(Vec::new());
        }
        generation
    });
    let on_change = move |_| {
        if let Some(element) = input.get_untracked() {
            names.set(
                picked_files(&element)
                    .iter()
                    .map(web_sys::File::name)
                    .collect(),
            );
        }
    };
    view! {
        <div class="field">
            <label class="label" for=id>{i18n.text(Key::AttachFiles)}</label>
            <input
                class="input input--file"
                type="file"
                multiple
                id=id
                data-testid=testid
                node_ref=input
                on:change=on_change
            />
            <Show when=move || !names.with(Vec::is_empty)>
                <p class="hint">{move || names.get().join(", ")}</p>
            </Show>
        </div>
    }
}
