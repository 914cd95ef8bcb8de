//! `/pendencias/nova`: raising a pending item on a client company in
//! reach, kept as a draft ("Salvar rascunho") or sent for approval at once
//! ("Enviar para aprovação"). Dates are typed `dd/mm/aaaa` and amounts
//! `1.234,56`, read by the same rules as the spreadsheet import; a value
//! that could be read two ways is refused with how to write it. The
//! server's complaints appear at their field.
//!
//! The fields themselves ([`ItemFields`], [`ItemFormFields`]) are shared
//! with the edit form of a draft or refused item.

use atende_types::pending::{PendingItem, PendingItemCreate};
use chrono::NaiveDate;
use gloo_net::http::Method;
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_navigate};
use uuid::Uuid;

use atende_core::locale::Locale;

use crate::api::use_api;
use crate::components::feedback::Loading;
use crate::components::forms::{FormError, Submission, TextField};
use crate::components::guard::RequirePermission;
use crate::components::layout::use_document_title;
use crate::i18n::{Key, use_i18n};
use crate::pages::tickets::shared::{company_options, use_client_companies};
use crate::pending;

/// `/pendencias/nova`.
#[component]
pub fn NewPendingItemPage() -> impl IntoView {
    use_document_title(Key::PendingNew);
    view! {
        <RequirePermission any_of=&["nav.new_pending_item"]>
            <NewPendingItem />
        </RequirePermission>
    }
}

/// The fields of an item as typed.
#[derive(Debug, Clone, Copy)]
pub struct ItemFields {
    pub title: RwSignal<String>,
    pub description: RwSignal<String>,
    pub category: RwSignal<String>,
    /// `dd/mm/aaaa`.
    pub due_date: RwSignal<String>,
    pub document_number: RwSignal<String>,
    /// `dd/mm/aaaa`.
    pub reference_date: RwSignal<String>,
    /// `1.234,56`.
    pub amount: RwSignal<String>,
    /// Problems found here, by field, before sending.
    problems: RwSignal<Vec<(&'static str, String)>>,
}

/// The fields as the API takes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedFields {
    pub title: String,
    pub description: String,
    pub category: Option<String>,
    pub due_date: Option<NaiveDate>,
    pub document_number: Option<String>,
    pub reference_date: Option<NaiveDate>,
    pub amount_cents: Option<i64>,
}

impl ItemFields {
    pub fn new() -> Self {
        Self {
            title: RwSignal::new(String::new()),
            description: RwSignal::new(String::new()),
            category: RwSignal::new(String::new()),
            due_date: RwSignal::new(String::new()),
            document_number: RwSignal::new(String::new()),
            reference_date: RwSignal::new(String::new()),
            amount: RwSignal::new(String::new()),
            problems: RwSignal::new(Vec::new()),
        }
    }

    /// The fields of an existing item, for editing.
    pub fn from_item(item: &PendingItem) -> Self {
        let fields = Self::new();
        fields.title.set(item.title.clone());
        fields.description.set(item.description.clone());
        fields
            .category
            .set(item.category.clone().unwrap_or_default());
        fields
            .due_date
            .set(item.due_date.map(pending::day).unwrap_or_default());
        fields
            .document_number
            .set(item.document_number.clone().unwrap_or_default());
        fields
            .reference_date
            .set(item.reference_date.map(pending::day).unwrap_or_default());
        fields.amount.set(
            item.amount_cents
                .map(pending::amount_input)
                .unwrap_or_default(),
        );
        fields
    }

    /// Reads the typed values; `None` (with the problems shown at their
    /// fields) when some are not what they should be.
    pub fn parse(self, locale: Locale) -> Option<ParsedFields> {
        let mut problems = Vec::new();
        let title = self.title.get_untracked().trim().to_owned();
        if title.is_empty() {
            problems.push((
                "title",
                crate::i18n::t(locale, Key::TitleRequired).to_owned(),
            ));
        }
        let mut day = |field: &'static str, typed: String| match pending::parse_day(locale, &typed)
        {
            Ok(day) => day,
            Err(message) => {
                problems.push((field, message));
                None
            }
        };
        let due_date = day("due_date", self.due_date.get_untracked());
        let reference_date = day("reference_date", self.reference_date.get_untracked());
        let amount_cents = match pending::parse_amount(locale, &self.amount.get_untracked()) {
            Ok(cents) => cents,
            Err(message) => {
                problems.push(("amount_cents", message));
                None
            }
        };
        let optional = |value: String| Some(value.trim().to_owned()).filter(|v| !v.is_empty());
        let ok = problems.is_empty();
        self.problems.set(problems);
        ok.then(|| ParsedFields {
            title,
            description: self.description.get_untracked(),
            category: optional(self.category.get_untracked()),
            due_date,
            document_number: optional(self.document_number.get_untracked()),
            reference_date,
            amount_cents,
        })
    }

    /// The message for `field`: found here, else the server's (tracked).
    pub fn error(self, submission: Submission, field: &'static str) -> Signal<Option<String>> {
        let server = submission.field_error(field);
        Signal::derive(move || {
            self.problems
                .with(|p| p.iter().find(|(f, _)| *f == field).map(|(_, m)| m.clone()))
                .or_else(|| server.get())
        })
    }
}

impl Default for ItemFields {
    fn default() -> Self {
        Self::new()
    }
}

/// The server's fields that the form shows beside their input.
pub const INLINE_FIELDS: &[&str] = &[
    "title",
    "description",
    "category",
    "due_date",
    "document_number",
    "reference_date",
    "amount_cents",
    "company_id",
];

/// The inputs of an item (all but the company).
#[component]
pub fn ItemFormFields(fields: ItemFields, submission: Submission) -> impl IntoView {
    let i18n = use_i18n();
    let description_error = fields.error(submission, "description");
    view! {
        <TextField
            id="pending-title"
            label=Key::Title
            value=fields.title
            maxlength=200
            testid="pending-form-title"
            error=fields.error(submission, "title")
            required=true
        />
        <div class="field">
            <label class="label" for="pending-description">{i18n.text(Key::Description)}</label>
            <textarea
                id="pending-description"
                class="textarea"
                rows="6"
                data-testid="pending-form-description"
                aria-invalid=move || description_error.with(Option::is_some).then_some("true")
                prop:value=move || fields.description.get()
                on:input=move |ev| fields.description.set(event_target_value(&ev))
            ></textarea>
            {move || description_error.get().map(|m| view! { <p class="field-error">{m}</p> })}
        </div>
        <div class="form-grid">
            <TextField
                id="pending-category"
                label=Key::Category
                value=fields.category
                maxlength=100
                testid="pending-form-category"
                error=fields.error(submission, "category")
            />
            <TextField
                id="pending-document"
                label=Key::PendingDocumentNumber
                value=fields.document_number
                maxlength=100
                testid="pending-form-document"
                error=fields.error(submission, "document_number")
            />
            <TextField
                id="pending-due-date"
                label=Key::PendingDueDate
                value=fields.due_date
                inputmode="numeric"
                placeholder="dd/mm/aaaa"
                hint=Key::PendingDateHint
                testid="pending-form-due-date"
                error=fields.error(submission, "due_date")
            />
            <TextField
                id="pending-reference-date"
                label=Key::PendingReferenceDate
                value=fields.reference_date
                inputmode="numeric"
                placeholder="dd/mm/aaaa"
                hint=Key::PendingDateHint
                testid="pending-form-reference-date"
                error=fields.error(submission, "reference_date")
            />
            <TextField
                id="pending-amount"
                label=Key::PendingAmountLabel
                value=fields.amount
                inputmode="decimal"
                placeholder="1.234,56"
                hint=Key::PendingAmountHint
                testid="pending-form-amount"
                error=fields.error(submission, "amount_cents")
            />
        </div>
    }
}

#[component]
fn NewPendingItem() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let navigate = StoredValue::new_local(use_navigate());
    let companies = use_client_companies();
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
    let fields = ItemFields::new();
    let submission = Submission::new();

    let save = move |submit: bool| {
        let Some(parsed) = fields.parse(i18n.locale_untracked()) else {
            submission.reset();
            return;
        };
        let Ok(company_id) = Uuid::parse_str(&company.get_untracked()) else {
            submission.complain(Some("company_id"), Key::CompanyRequired);
            return;
        };
        let create = PendingItemCreate {
            title: parsed.title,
            description: parsed.description,
            company_id,
            category: parsed.category,
            due_date: parsed.due_date,
            document_number: parsed.document_number,
            reference_date: parsed.reference_date,
            amount_cents: parsed.amount_cents,
            submit,
        };
        submission.run(
            async move {
                api.send_json::<_, PendingItem>(Method::POST, "/api/v1/pending-items", &create)
                    .await
            },
            move |item| {
                let path = format!("{}?criada=1", pending::item_path(item.id));
                navigate.with_value(|go| go(&path, Default::default()));
            },
        );
    };
    let company_error = submission.field_error("company_id");

    view! {
        <div class="page page--narrow">
            <p class="ticket__back">
                <A href="/pendencias" attr:data-testid="pending-back">{i18n.text(Key::PendingBackToList)}</A>
            </p>
            <header class="page__header">
                <h1 class="page__title" data-testid="page-title">{i18n.text(Key::PendingNew)}</h1>
                <p class="page__lead">{i18n.text(Key::PendingNewLead)}</p>
            </header>
            <form
                class="form card"
                novalidate
                data-testid="pending-form"
                on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    save(false);
                }
            >
                {move || match companies.get() {
                    None => view! { <Loading /> }.into_any(),
                    Some(list) if list.is_empty() => {
                        view! {
                            <p class="notice notice--warning" data-testid="pending-no-company">
                                {i18n.text(Key::NoCompanyToOpen)}
                            </p>
                        }
                            .into_any()
                    }
                    Some(list) => {
                        view! {
                            <div class="field">
                                <label class="label" for="pending-company">{i18n.text(Key::Company)}</label>
                                <select
                                    id="pending-company"
                                    class="select"
                                    data-testid="pending-form-company"
                                    required
                                    aria-invalid=move || company_error.with(Option::is_some).then_some("true")
                                    on:change=move |ev| company.set(event_target_value(&ev))
                                >
                                    <option value="">{i18n.text(Key::ChooseCompany)}</option>
                                    {company_options(list, company)}
                                </select>
                                {move || company_error.get().map(|m| view! { <p class="field-error">{m}</p> })}
                            </div>
                        }
                            .into_any()
                    }
                }}
                <ItemFormFields fields submission />
                <FormError submission inline_fields=INLINE_FIELDS testid="pending-form-error" />
                <div class="button-row">
                    <button
                        type="button"
                        class="button button--primary"
                        data-testid="pending-form-submit"
                        disabled=move || submission.pending()
                        on:click=move |_| save(true)
                    >
                        {move || pending::step_label(i18n.locale(), "submit")}
                    </button>
                    <button
                        type="submit"
                        class="button button--secondary"
                        data-testid="pending-form-draft"
                        disabled=move || submission.pending()
                    >
                        {i18n.text(Key::PendingSaveDraft)}
                    </button>
                    <A href="/pendencias" attr:class="button button--ghost">{i18n.text(Key::Cancel)}</A>
                </div>
            </form>
        </div>
    }
}
