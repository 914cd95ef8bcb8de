//! `/chamados/novo`: opening a ticket. Clients open it for their company
//! (asked which one when they have several); staff open it on behalf of a
//! client company, naming the requester when they may list its users and
//! the channel it came through. Files picked are attached once the ticket
//! exists.

use atende_core::tickets::{Channel, Priority, format_number};
use atende_types::{
    tickets::{Ticket, TicketCreate},
    users::User,
};
use gloo_net::http::Method;
use leptos::{html, prelude::*};
use leptos_router::{components::A, hooks::use_navigate};
use uuid::Uuid;

use crate::api::{ApiFailure, Query, use_api};
use crate::components::feedback::Loading;
use crate::components::forms::{FormError, Submission, TextField};
use crate::components::guard::RequirePermission;
use crate::components::layout::use_document_title;
use crate::i18n::{Key, use_i18n};
use crate::labels;
use crate::pages::tickets::shared::{
    FilePicker, company_options, picked_files, ticket_path, upload_all, use_categories,
    use_client_companies,
};
use crate::session::use_session;
use crate::tickets::{indented, selectable_categories};

/// `/chamados/novo`.
#[component]
pub fn NewTicketPage() -> impl IntoView {
    use_document_title(Key::NewTicket);
    view! {
        <RequirePermission any_of=&["tickets.create"]>
            <NewTicket />
        </RequirePermission>
    }
}

/// A ticket opened whose files did not all upload.
type PartlyOpened = (Ticket, Vec<(String, ApiFailure)>);

#[component]
fn NewTicket() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let api = use_api();
    let navigate = use_navigate();
    let staff = untrack(|| session.can("tickets.work"));

    let companies = use_client_companies();
    let categories = use_categories();
    let company = RwSignal::new(String::new());
    // One company: it is the one.
    Effect::new(move |_| {
        if let Some(list) = companies.get()
            && let [only] = list.as_slice()
            && company.get_untracked().is_empty()
        {
            company.set(only.id.to_string());
        }
    });
    let subject = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let priority = RwSignal::new(Priority::Normal.as_str().to_owned());
    let category = RwSignal::new(String::new());
    let channel = RwSignal::new(Channel::Phone.as_str().to_owned());
    let requester = RwSignal::new(String::new());
    let files = NodeRef::<html::Input>::new();
    let submission = Submission::new();
    let partly = RwSignal::new(None::<PartlyOpened>);

    // Staff name the requester when they may list the company's users.
    let requesters = LocalResource::new(move || {
        let company = company.get();
        async move {
            if !staff || company.is_empty() {
                return None;
            }
            let path = Query::new("/api/v1/users")
                .param("company_id", &company)
                .param("active", "true")
                .build();
            api.get_all::<User>(&path).await.ok()
        }
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let several = companies.get_untracked().is_some_and(|list| list.len() > 1);
        let company_id = Uuid::parse_str(&company.get_untracked()).ok();
        if (several || staff) && company_id.is_none() {
            submission.complain(Some("company_id"), Key::CompanyRequired);
            return;
        }
        let create = TicketCreate {
            subject: subject.get_untracked().trim().to_owned(),
            description: description.get_untracked(),
            company_id,
            requester_id: if staff {
                Uuid::parse_str(&requester.get_untracked()).ok()
            } else {
                None
            },
            priority: Some(priority.get_untracked()),
            channel: staff.then(|| channel.get_untracked()),
            category_id: Uuid::parse_str(&category.get_untracked()).ok(),
            team_id: None,
            tags: Vec::new(),
            auto_submitted: false,
        };
        if create.subject.is_empty() {
            submission.complain(Some("subject"), Key::SubjectRequired);
            return;
        }
        if create.description.trim().is_empty() {
            submission.complain(Some("description"), Key::DescriptionRequired);
            return;
        }
        let chosen = files
            .get_untracked()
            .map(|input| picked_files(&input))
            .unwrap_or_default();
        let navigate = navigate.clone();
        submission.run(
            async move {
                let ticket = api
                    .send_json::<_, Ticket>(Method::POST, "/api/v1/tickets", &create)
                    .await?;
                let failed = upload_all(api, ticket.id, chosen, None).await;
                Ok((ticket, failed))
            },
            move |(ticket, failed): PartlyOpened| {
                if failed.is_empty() {
                    navigate(
                        &format!("{}?aberto=1", ticket_path(ticket.id)),
                        Default::default(),
                    );
                } else {
                    partly.set(Some((ticket, failed)));
                }
            },
        );
    };

    let description_error = submission.field_error("description");
    let company_error = submission.field_error("company_id");

    view! {
        <div class="page page--narrow">
            <p class="ticket__back">
                <A href="/chamados" attr:data-testid="ticket-back">{i18n.text(Key::BackToTickets)}</A>
            </p>
            <header class="page__header">
                <h1 class="page__title" data-testid="page-title">{i18n.text(Key::NewTicket)}</h1>
                <p class="page__lead">{i18n.text(Key::NewTicketLead)}</p>
            </header>
            {move || {
                partly
                    .get()
                    .map(|(ticket, failed)| {
                        let href = ticket_path(ticket.id);
                        view! {
                            <div class="notice notice--warning" role="alert" data-testid="new-ticket-upload-failed">
                                <p class="notice__message">
                                    {move || i18n.t(Key::TicketOpenedUploadFailed).replace("{number}", &format_number(ticket.number))}
                                </p>
                                <ul class="plain-list">
                                    {failed
                                        .into_iter()
                                        .map(|(name, failure)| {
                                            view! { <li>{name} ": " {move || failure.message(i18n.locale())}</li> }
                                        })
                                        .collect_view()}
                                </ul>
                                <A href=href attr:class="button button--primary">{i18n.text(Key::OpenTicket)}</A>
                            </div>
                        }
                    })
            }}
            <form class="form card" on:submit=on_submit novalidate data-testid="new-ticket-form">
                {move || match companies.get() {
                    None => view! { <Loading /> }.into_any(),
                    Some(list) if list.len() > 1 || staff => {
                        view! {
                            <div class="field">
                                <label class="label" for="ticket-company">{i18n.text(Key::Company)}</label>
                                <select
                                    id="ticket-company"
                                    class="select"
                                    data-testid="new-ticket-company"
                                    required
                                    aria-invalid=move || company_error.with(Option::is_some).then_some("true")
                                    on:change=move |ev| {
                                        company.set(event_target_value(&ev));
                                        requester.set(String::new());
                                    }
                                >
                                    <option value="">{i18n.text(Key::ChooseCompany)}</option>
                                    {company_options(list, company)}
                                </select>
                                {move || company_error.get().map(|m| view! { <p class="field-error">{m}</p> })}
                            </div>
                        }
                            .into_any()
                    }
                    Some(list) if list.is_empty() => {
                        view! {
                            <p class="notice notice--warning" data-testid="new-ticket-no-company">
                                {i18n.text(Key::NoCompanyToOpen)}
                            </p>
                        }
                            .into_any()
                    }
                    Some(_) => ().into_any(),
                }}
                {move || {
                    requesters
                        .get()
                        .flatten()
                        .map(|users| {
                            view! {
                                <div class="field">
                                    <label class="label" for="ticket-requester">{i18n.text(Key::Requester)}</label>
                                    <select
                                        id="ticket-requester"
                                        class="select"
                                        data-testid="new-ticket-requester"
                                        on:change=move |ev| requester.set(event_target_value(&ev))
                                    >
                                        <option value="">{i18n.text(Key::RequesterMyself)}</option>
                                        {users
                                            .into_iter()
                                            .map(|u| view! { <option value=u.id.to_string()>{u.name} " <" {u.email} ">"</option> })
                                            .collect_view()}
                                    </select>
                                </div>
                            }
                        })
                }}
                <TextField
                    id="ticket-subject"
                    label=Key::Subject
                    value=subject
                    maxlength=250
                    testid="new-ticket-subject"
                    error=submission.field_error("subject")
                    required=true
                    autofocus=true
                />
                <div class="field">
                    <label class="label" for="ticket-description">{i18n.text(Key::Description)}</label>
                    <textarea
                        id="ticket-description"
                        class="textarea"
                        rows="8"
                        required
                        data-testid="new-ticket-description"
                        aria-describedby="ticket-description-dica"
                        aria-invalid=move || description_error.with(Option::is_some).then_some("true")
                        prop:value=move || description.get()
                        on:input=move |ev| description.set(event_target_value(&ev))
                    ></textarea>
                    <p class="hint" id="ticket-description-dica">{i18n.text(Key::MarkdownHint)}</p>
                    {move || description_error.get().map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
                <div class="form-grid">
                    <div class="field">
                        <label class="label" for="ticket-priority">{i18n.text(Key::Priority)}</label>
                        <select
                            id="ticket-priority"
                            class="select"
                            data-testid="new-ticket-priority"
                            on:change=move |ev| priority.set(event_target_value(&ev))
                        >
                            {Priority::ALL
                                .iter()
                                .map(|p| {
                                    let value = p.as_str();
                                    view! {
                                        <option value=value selected=move || priority.get() == value>
                                            {move || labels::priority(i18n.locale(), value)}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </div>
                    {move || {
                        // Active categories as a tree (indented), in their order.
                        let list = selectable_categories(&categories.get().unwrap_or_default());
                        (!list.is_empty())
                            .then(|| {
                                let options = list
                                    .into_iter()
                                    .map(|(c, depth)| {
                                        let value = c.id.to_string();
                                        let selected = category.get_untracked() == value;
                                        view! {
                                            <option value=value selected=selected>
                                                {indented(&c.name, depth)}
                                            </option>
                                        }
                                    })
                                    .collect_view();
                                view! {
                                    <div class="field">
                                        <label class="label" for="ticket-category">{i18n.text(Key::Category)}</label>
                                        <select
                                            id="ticket-category"
                                            class="select"
                                            data-testid="new-ticket-category"
                                            on:change=move |ev| category.set(event_target_value(&ev))
                                        >
                                            <option value="">{i18n.text(Key::NoCategory)}</option>
                                            {options}
                                        </select>
                                    </div>
                                }
                            })
                    }}
                    <Show when=move || staff>
                        <div class="field">
                            <label class="label" for="ticket-channel">{i18n.text(Key::Channel)}</label>
                            <select
                                id="ticket-channel"
                                class="select"
                                data-testid="new-ticket-channel"
                                on:change=move |ev| channel.set(event_target_value(&ev))
                            >
                                {Channel::ALL
                                    .iter()
                                    .map(|c| {
                                        let value = c.as_str();
                                        view! {
                                            <option value=value selected=move || channel.get() == value>
                                                {move || labels::channel(i18n.locale(), value)}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                            </select>
                        </div>
                    </Show>
                </div>
                <FilePicker id="ticket-files" input=files reset=Signal::derive(|| 0) testid="new-ticket-files" />
                <FormError submission inline_fields=&["subject", "description", "company_id"] testid="new-ticket-form-error" />
                <div class="button-row">
                    <button
                        type="submit"
                        class="button button--primary"
                        data-testid="new-ticket-submit"
                        disabled=move || submission.pending()
                    >
                        {move || i18n.t(if submission.pending() { Key::Sending } else { Key::OpenTicketSubmit })}
                    </button>
                    <A href="/chamados" attr:class="button button--ghost">{i18n.text(Key::Cancel)}</A>
                </div>
            </form>
        </div>
    }
}
