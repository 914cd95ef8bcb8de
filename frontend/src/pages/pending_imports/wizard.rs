//! `/pendencias/importar`: "Importar planilhas". Four steps:
//!
//! 1. the file (`.xlsx`, `.xls`, `.ods`, `.csv`; picked or dropped), what
//!    the items start as (draft or awaiting approval) and optionally a
//!    saved column mapping; sending it gets the server's preview;
//! 2. the columns: which column fills each field, as the server recognised
//!    them; changing one previews again with the new mapping, which can be
//!    saved as a template;
//! 3. the review: rows accepted and rejected, each row error (line, column,
//!    message) and a warning when the very file was imported before;
//!    confirming is possible only when every row is good (all or nothing);
//! 4. the import itself: done at once, or for a large file a background
//!    job polled every second with its progress, then a link to the items.

use std::collections::BTreeMap;

use atende_types::imports::ImportTemplate;
use leptos::{html, prelude::*};
use leptos_router::components::A;

use super::{
    FIELDS, HISTORY_PATH, Import, commit, describe, fetch, field_label, file_bytes, header_choices,
    in_language, is_csv, is_supported, items_path, preview, save_template, sleep, target_label,
    templates,
};
use crate::api::{Api, ApiFailure, use_api};
use crate::components::guard::RequirePermission;
use crate::components::layout::use_document_title;
use crate::format;
use crate::i18n::{Key, use_i18n};

/// Bytes of a CSV read in the browser to find its header row.
const SNIFF_BYTES: i32 = 64 * 1024;

/// How often a background commit is asked about, in milliseconds.
const POLL_MS: i32 = 1_000;

/// `/pendencias/importar`.
#[component]
pub fn ImportWizardPage() -> impl IntoView {
    use_document_title(Key::ImportTitle);
    view! {
        <RequirePermission any_of=&["imports.run"]>
            <Wizard />
        </RequirePermission>
    }
}

/// Where the wizard stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Upload,
    Columns,
    Review,
    Import,
}

impl Step {
    const ALL: [Step; 4] = [Step::Upload, Step::Columns, Step::Review, Step::Import];

    fn key(self) -> Key {
        match self {
            Step::Upload => Key::ImportStepFile,
            Step::Columns => Key::ImportStepColumns,
            Step::Review => Key::ImportStepReview,
            Step::Import => Key::ImportStepImport,
        }
    }

    fn index(self) -> usize {
        Step::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }
}

/// Everything the steps share. Cheap to copy.
#[derive(Clone, Copy)]
struct State {
    api: Api,
    step: RwSignal<Step>,
    file: StoredValue<Option<web_sys::File>, LocalStorage>,
    /// Name and size of the picked file.
    picked: RwSignal<Option<(String, i64)>>,
    /// A CSV's header row, read here.
    sniffed: RwSignal<Vec<String>>,
    target: RwSignal<String>,
    template: RwSignal<String>,
    /// The latest preview.
    record: RwSignal<Option<Import>>,
    /// The mapping being edited.
    mapping: RwSignal<BTreeMap<String, String>>,
    sending: RwSignal<bool>,
    problem: RwSignal<Option<ApiFailure>>,
    complaint: RwSignal<Option<Key>>,
    /// Bumped to clear the file input.
    reset: RwSignal<u64>,
    /// The last poll of a background commit failed (it is retried).
    poll_trouble: RwSignal<bool>,
}

impl State {
    fn new(api: Api) -> Self {
        Self {
            api,
            step: RwSignal::new(Step::Upload),
            file: StoredValue::new_local(None),
            picked: RwSignal::new(None),
            sniffed: RwSignal::new(Vec::new()),
            target: RwSignal::new("draft".to_owned()),
            template: RwSignal::new(String::new()),
            record: RwSignal::new(None),
            mapping: RwSignal::new(BTreeMap::new()),
            sending: RwSignal::new(false),
            problem: RwSignal::new(None),
            complaint: RwSignal::new(None),
            reset: RwSignal::new(0),
            poll_trouble: RwSignal::new(false),
        }
    }

    /// A new file was picked or dropped: everything about the last one goes.
    fn choose(self, file: web_sys::File) {
        let name = file.name();
        // File sizes are far below 2^53 bytes.
        #[allow(clippy::cast_possible_truncation)]
        let size = file.size() as i64;
        self.picked.set(Some((name.clone(), size)));
        self.record.set(None);
        self.mapping.set(BTreeMap::new());
        self.sniffed.set(Vec::new());
        self.problem.set(None);
        self.complaint.set(if is_supported(&name) {
            None
        } else {
            Some(Key::ImportUnsupported)
        });
        self.file.set_value(Some(file.clone()));
        if is_csv(&name) {
            leptos::task::spawn_local(async move {
                let Ok(head) = file.slice_with_i32_and_i32(0, SNIFF_BYTES) else {
                    return;
                };
                if let Some(bytes) = file_bytes(&head).await {
                    let headers = super::sniff_headers(&super::decode_text(&bytes));
                    // A newer file may have been picked meanwhile.
                    if self.picked.try_get_untracked().flatten().map(|p| p.0) == Some(name) {
                        self.sniffed.set(headers);
                    }
                }
            });
        }
    }

    /// Starts over with another file.
    fn restart(self) {
        self.file.set_value(None);
        self.picked.set(None);
        self.sniffed.set(Vec::new());
        self.record.set(None);
        self.mapping.set(BTreeMap::new());
        self.problem.set(None);
        self.complaint.set(None);
        self.poll_trouble.set(false);
        self.reset.update(|n| *n += 1);
        self.step.set(Step::Upload);
    }

    /// Sends the file for a preview: with the edited mapping (`true`), else
    /// with the chosen template or the server's guess.
    fn send(self, with_mapping: bool) {
        if self.sending.get_untracked() {
            return;
        }
        let Some(file) = self.file.get_value() else {
            self.complaint.set(Some(Key::ImportNoFile));
            return;
        };
        if !is_supported(&file.name()) {
            self.complaint.set(Some(Key::ImportUnsupported));
            return;
        }
        let mapping = with_mapping.then(|| {
            self.mapping
                .get_untracked()
                .into_iter()
                .filter(|(_, header)| !header.trim().is_empty())
                .collect::<BTreeMap<_, _>>()
        });
        if let Some(mapping) = &mapping
            && FIELDS
                .iter()
                .any(|(field, required)| *required && !mapping.contains_key(*field))
        {
            self.complaint.set(Some(Key::ImportRequiredMissing));
            return;
        }
        let template = (!with_mapping).then(|| self.template.get_untracked());
        let target = self.target.get_untracked();
        self.sending.set(true);
        self.problem.set(None);
        self.complaint.set(None);
        let api = self.api;
        leptos::task::spawn_local(async move {
            let result = preview(api, &file, &target, template, mapping).await;
            if self.sending.try_set(false).is_some() {
                return;
            }
            match result {
                Ok(record) => {
                    self.mapping.set(record.mapping.clone());
                    self.record.set(Some(record));
                    self.step.set(if with_mapping {
                        Step::Review
                    } else {
                        Step::Columns
                    });
                }
                Err(failure) => {
                    // A mapping the sheet does not fit is fixed on the
                    // columns step; anything else where it happened.
                    if failure.field() == Some("mapping") {
                        self.step.set(Step::Columns);
                    }
                    self.problem.set(Some(failure));
                }
            }
        });
    }

    /// Whether the mapping differs from the one the preview used.
    fn mapping_changed(self) -> bool {
        let mapping = self.mapping.get();
        self.record.with(|record| match record {
            Some(record) => {
                let edited: BTreeMap<&String, &String> = mapping
                    .iter()
                    .filter(|(_, h)| !h.trim().is_empty())
                    .collect();
                let used: BTreeMap<&String, &String> = record.mapping.iter().collect();
                edited != used
            }
            None => true,
        })
    }

    /// Confirms the preview; a background commit is then polled.
    fn confirm(self) {
        let Some(record) = self.record.get_untracked() else {
            return;
        };
        if self.sending.get_untracked() || record.blocker().is_some() {
            return;
        }
        self.sending.set(true);
        self.problem.set(None);
        self.step.set(Step::Import);
        let api = self.api;
        leptos::task::spawn_local(async move {
            let result = commit(api, record.id).await;
            if self.sending.try_set(false).is_some() {
                return;
            }
            match result {
                Ok(fresh) => {
                    let background = fresh.is_committing();
                    self.record.set(Some(fresh));
                    if background {
                        self.poll(record.id);
                    }
                }
                Err(failure) => {
                    self.problem.set(Some(failure));
                    self.step.set(Step::Review);
                }
            }
        });
    }

    /// Asks about a background commit every second until it ends (or the
    /// wizard moved on to another file, or the page was left).
    fn poll(self, id: uuid::Uuid) {
        let api = self.api;
        leptos::task::spawn_local(async move {
            loop {
                sleep(POLL_MS).await;
                let current = self.record.try_with_untracked(|r| r.as_ref().map(|r| r.id));
                if current != Some(Some(id)) {
                    return;
                }
                match fetch(api, id).await {
                    Ok(fresh) => {
                        let running = fresh.is_committing();
                        self.poll_trouble.set(false);
                        self.record.set(Some(fresh));
                        if !running {
                            return;
                        }
                    }
                    Err(_) => {
                        if self.poll_trouble.try_set(true).is_some() {
                            return;
                        }
                    }
                }
            }
        });
    }
}

#[component]
fn Wizard() -> impl IntoView {
    let i18n = use_i18n();
    let state = State::new(use_api());
    let problem = move || {
        state.problem.get().map(|failure| {
            let request_id = failure.request_id().map(str::to_owned);
            view! {
                <div class="notice notice--error" role="alert" data-testid="import-error">
                    <p class="notice__message">{move || describe(i18n.locale(), &failure)}</p>
                    {request_id
                        .map(|id| {
                            view! {
                                <p class="notice__meta">{i18n.text(Key::ErrorRequestId)} ": " <code>{id}</code></p>
                            }
                        })}
                </div>
            }
        })
    };
    let complaint = move || {
        state.complaint.get().map(|key| {
            view! {
                <p class="notice notice--warning" role="alert" data-testid="import-complaint">{i18n.text(key)}</p>
            }
        })
    };
    view! {
        <div class="page page--wide import-wizard">
            <header class="page__header page__header--actions">
                <div>
                    <h1 class="page__title" data-testid="page-title">{i18n.text(Key::ImportTitle)}</h1>
                    <p class="page__lead">{i18n.text(Key::ImportLead)}</p>
                </div>
                <A href=HISTORY_PATH attr:class="button button--ghost" attr:data-testid="import-history-link">
                    {i18n.text(Key::ImportHistoryLink)}
                </A>
            </header>
            <Steps step=state.step />
            {problem}
            {complaint}
            {move || match state.step.get() {
                Step::Upload => view! { <UploadStep state /> }.into_any(),
                Step::Columns => view! { <ColumnsStep state /> }.into_any(),
                Step::Review => view! { <ReviewStep state /> }.into_any(),
                Step::Import => view! { <ImportStep state /> }.into_any(),
            }}
        </div>
    }
}

/// The four steps, the current one marked.
#[component]
fn Steps(step: RwSignal<Step>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ol class="wizard-steps" data-testid="import-steps">
            {Step::ALL
                .into_iter()
                .map(|s| {
                    let current = move || step.get() == s;
                    let done = move || step.get().index() > s.index();
                    view! {
                        <li
                            class="wizard-steps__item"
                            class:wizard-steps__item--current=current
                            class:wizard-steps__item--done=done
                            aria-current=move || current().then_some("step")
                        >
                            <span class="wizard-steps__number" aria-hidden="true">{s.index() + 1}</span>
                            <span class="wizard-steps__label">{i18n.text(s.key())}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

/// Step 1: the file, the target status, a template.
#[component]
fn UploadStep(state: State) -> impl IntoView {
    let i18n = use_i18n();
    let input = NodeRef::<html::Input>::new();
    let dragging = RwSignal::new(false);
    let saved =
        LocalResource::new(move || async move { templates(state.api).await.unwrap_or_default() });
    Effect::new(move |previous: Option<u64>| {
        let generation = state.reset.get();
        if previous.is_some()
            && let Some(input) = input.get_untracked()
        {
            input.set_value("");
        }
        generation
    });
    let on_change = move |_| {
        let picked = input
            .get_untracked()
            .and_then(|el| el.files())
            .and_then(|list| list.get(0));
        if let Some(file) = picked {
            state.choose(file);
        }
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        let dropped = ev
            .data_transfer()
            .and_then(|data| data.files())
            .and_then(|list| list.get(0));
        if let Some(file) = dropped {
            state.choose(file);
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        state.send(false);
    };
    let picked = move || {
        state.picked.get().map(|(name, size)| {
            view! {
                <p class="dropzone__file" data-testid="import-file-name">
                    {name} " · " {move || format::file_size(size, i18n.locale())}
                </p>
            }
        })
    };
    let template_choice = move || {
        let list: Vec<ImportTemplate> = saved.get().unwrap_or_default();
        (!list.is_empty()).then(|| {
            view! {
                <div class="field">
                    <label class="label" for="import-template">{i18n.text(Key::ImportTemplate)}</label>
                    <select
                        id="import-template"
                        class="select"
                        data-testid="import-template"
                        on:change=move |ev| state.template.set(event_target_value(&ev))
                    >
                        <option value="" selected=move || state.template.get().is_empty()>
                            {i18n.text(Key::ImportTemplateNone)}
                        </option>
                        {list
                            .into_iter()
                            .map(|t| {
                                let id = t.id.to_string();
                                let selected = id.clone();
                                view! {
                                    <option value=id selected=move || state.template.get() == selected>
                                        {t.name}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                    <p class="hint">{i18n.text(Key::ImportTemplateHint)}</p>
                </div>
            }
        })
    };
    view! {
        <form class="form card" on:submit=on_submit novalidate data-testid="import-upload-form">
            <div
                class="dropzone"
                class:dropzone--over=move || dragging.get()
                data-testid="import-dropzone"
                on:dragover=move |ev: leptos::ev::DragEvent| {
                    ev.prevent_default();
                    dragging.set(true);
                }
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop
            >
                <label class="label" for="import-file">{i18n.text(Key::ImportFileLabel)}</label>
                <p class="hint" id="import-file-dica">{i18n.text(Key::ImportFileHint)}</p>
                <input
                    id="import-file"
                    class="input input--file"
                    type="file"
                    accept=".xlsx,.xls,.ods,.csv"
                    aria-describedby="import-file-dica"
                    data-testid="import-file"
                    node_ref=input
                    on:change=on_change
                />
                {picked}
            </div>
            <div class="form-grid">
                <div class="field">
                    <label class="label" for="import-target">{i18n.text(Key::ImportTargetLabel)}</label>
                    <select
                        id="import-target"
                        class="select"
                        data-testid="import-target-status"
                        on:change=move |ev| state.target.set(event_target_value(&ev))
                    >
                        <option value="draft" selected=move || state.target.get() == "draft">
                            {i18n.text(Key::ImportTargetDraftChoice)}
                        </option>
                        <option value="awaiting_approval" selected=move || state.target.get() == "awaiting_approval">
                            {i18n.text(Key::ImportTargetApprovalChoice)}
                        </option>
                    </select>
                </div>
                {template_choice}
            </div>
            <div class="button-row">
                <button
                    type="submit"
                    class="button button--primary"
                    data-testid="import-upload"
                    disabled=move || state.sending.get()
                >
                    {move || i18n.t(if state.sending.get() { Key::ImportReading } else { Key::ImportSend })}
                </button>
            </div>
        </form>
    }
}

/// Step 2: which column fills each field.
#[component]
fn ColumnsStep(state: State) -> impl IntoView {
    let i18n = use_i18n();
    let choices = Memo::new(move |_| {
        state
            .record
            .with(|record| header_choices(&state.sniffed.get(), record.as_ref()))
    });
    // Selects need the sheet's whole header row; otherwise the column is
    // typed, with what is known offered.
    let full_row = Memo::new(move |_| {
        !state.sniffed.with(Vec::is_empty)
            || state
                .record
                .with(|r| r.as_ref().is_some_and(|r| !r.headers.is_empty()))
    });
    let rows = FIELDS
        .into_iter()
        .map(|(field, required)| {
            let id = format!("import-map-{field}");
            let testid = id.clone();
            let current = move || state.mapping.with(|m| m.get(field).cloned().unwrap_or_default());
            let set = move |value: String| {
                state.mapping.update(|m| {
                    if value.trim().is_empty() {
                        m.remove(field);
                    } else {
                        m.insert(field.to_owned(), value);
                    }
                });
            };
            let control = {
                let id = id.clone();
                move || {
                    if full_row.get() {
                        let chosen = current();
                        let mut options = choices.get();
                        if !chosen.is_empty() && !options.contains(&chosen) {
                            options.push(chosen.clone());
                        }
                        view! {
                            <select
                                id=id.clone()
                                class="select"
                                data-testid=testid.clone()
                                on:change=move |ev| set(event_target_value(&ev))
                            >
                                <option value="" selected=chosen.is_empty()>{i18n.text(Key::ImportColumnNone)}</option>
                                {options
                                    .into_iter()
                                    .map(|header| {
                                        let selected = header == chosen;
                                        view! { <option value=header.clone() selected=selected>{header.clone()}</option> }
                                    })
                                    .collect_view()}
                            </select>
                        }
                            .into_any()
                    } else {
                        view! {
                            <input
                                id=id.clone()
                                class="input"
                                list="import-header-list"
                                data-testid=testid.clone()
                                prop:value=current
                                on:change=move |ev| set(event_target_value(&ev))
                            />
                        }
                            .into_any()
                    }
                }
            };
            view! {
                <tr data-testid="import-map-row" data-field=field>
                    <th scope="row">
                        <label for=id>{move || field_label(i18n.locale(), field)}</label>
                        {required.then(|| view! { <span class="import-required" title=i18n.text(Key::ImportRequired)>" *"</span> })}
                    </th>
                    <td>{control}</td>
                </tr>
            }
        })
        .collect_view();
    let changed = move || state.mapping_changed();
    let on_next = move |_| {
        let complete = state.mapping.with(|m| {
            FIELDS.iter().all(|(field, required)| {
                !*required || m.get(*field).is_some_and(|h| !h.trim().is_empty())
            })
        });
        if !complete {
            state.complaint.set(Some(Key::ImportRequiredMissing));
        } else if changed() {
            state.send(true);
        } else {
            state.complaint.set(None);
            state.problem.set(None);
            state.step.set(Step::Review);
        }
    };
    view! {
        <section class="card" aria-labelledby="import-columns-title" data-testid="import-mapping">
            <h2 class="card__title" id="import-columns-title">{i18n.text(Key::ImportColumnsTitle)}</h2>
            <p class="hint" data-testid="import-columns-lead">
                {move || {
                    // What the server recognised lacks a required field
                    // (or nothing was recognised): ask for the columns.
                    let recognised = state.record.with(|r| {
                        r.as_ref().is_some_and(|r| {
                            FIELDS.iter().all(|(field, required)| !*required || r.mapping.contains_key(*field))
                        })
                    });
                    i18n.t(if recognised { Key::ImportColumnsLead } else { Key::ImportColumnsNeeded })
                }}
            </p>
            <Show when=move || !full_row.get()>
                <p class="hint" data-testid="import-columns-typed">{i18n.text(Key::ImportColumnsTyped)}</p>
            </Show>
            <datalist id="import-header-list">
                {move || choices.get().into_iter().map(|h| view! { <option value=h></option> }).collect_view()}
            </datalist>
            <div class="table-wrap">
                <table class="table import-mapping">
                    <caption class="visually-hidden">{i18n.text(Key::ImportColumnsTitle)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{i18n.text(Key::ImportField)}</th>
                            <th scope="col">{i18n.text(Key::ImportColumn)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <SaveTemplate state />
            <div class="button-row">
                <button
                    type="button"
                    class="button button--primary"
                    data-testid="import-map-next"
                    disabled=move || state.sending.get()
                    on:click=on_next
                >
                    {move || {
                        i18n.t(
                            if state.sending.get() {
                                Key::ImportReading
                            } else if changed() {
                                Key::ImportApplyMapping
                            } else {
                                Key::ImportContinue
                            },
                        )
                    }}
                </button>
                <button
                    type="button"
                    class="button button--ghost"
                    data-testid="import-back-upload"
                    on:click=move |_| state.step.set(Step::Upload)
                >
                    {i18n.text(Key::ImportBack)}
                </button>
            </div>
        </section>
    }
}

/// "Salvar como modelo": the mapping as shown, under a name.
#[component]
fn SaveTemplate(state: State) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let saving = RwSignal::new(false);
    let saved = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<ApiFailure>);
    let empty_name = RwSignal::new(false);
    let save = move |_| {
        let chosen = name.get_untracked().trim().to_owned();
        if chosen.is_empty() {
            empty_name.set(true);
            return;
        }
        if saving.get_untracked() {
            return;
        }
        empty_name.set(false);
        saving.set(true);
        failure.set(None);
        saved.set(None);
        let mapping: BTreeMap<String, String> = state
            .mapping
            .get_untracked()
            .into_iter()
            .filter(|(_, h)| !h.trim().is_empty())
            .collect();
        leptos::task::spawn_local(async move {
            let result = save_template(state.api, chosen, mapping).await;
            if saving.try_set(false).is_some() {
                return;
            }
            match result {
                Ok(template) => saved.set(Some(template.name)),
                Err(problem) => failure.set(Some(problem)),
            }
        });
    };
    view! {
        <details class="import-template-save">
            <summary data-testid="import-template-open">{i18n.text(Key::ImportSaveTemplate)}</summary>
            <div class="field field--inline">
                <label class="label" for="import-template-name">{i18n.text(Key::ImportTemplateName)}</label>
                <input
                    id="import-template-name"
                    class="input"
                    maxlength="120"
                    data-testid="import-template-name"
                    aria-invalid=move || empty_name.get().then_some("true")
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                />
                <button
                    type="button"
                    class="button button--secondary"
                    data-testid="import-template-save"
                    disabled=move || saving.get()
                    on:click=save
                >
                    {i18n.text(Key::ImportSaveTemplateButton)}
                </button>
            </div>
            <Show when=move || empty_name.get()>
                <p class="field-error">{i18n.text(Key::ImportTemplateNameRequired)}</p>
            </Show>
            {move || {
                saved
                    .get()
                    .map(|n| {
                        view! {
                            <p class="notice notice--success" role="status" data-testid="import-template-saved">
                                {move || i18n.t(Key::ImportTemplateSaved).replace("{name}", &n)}
                            </p>
                        }
                    })
            }}
            {move || {
                failure
                    .get()
                    .map(|problem| {
                        let text = move || {
                            if problem.code() == Some("conflict") {
                                i18n.t(Key::ImportTemplateTaken).to_owned()
                            } else {
                                problem.message(i18n.locale())
                            }
                        };
                        view! {
                            <p class="notice notice--error" role="alert" data-testid="import-template-error">{text}</p>
                        }
                    })
            }}
        </details>
    }
}

/// Step 3: counts, row errors, the duplicate warning, confirmation.
#[component]
fn ReviewStep(state: State) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let Some(record) = state.record.get() else {
            return view! {
                <p class="notice notice--info">{i18n.text(Key::ImportNoPreview)}</p>
            }
            .into_any();
        };
        let blocker = record.blocker();
        let accepted = record.rows_accepted;
        // The server lists at most 1,000 row errors.
        let more_errors = record.errors.len() >= 1_000;
        let target = record.target_status.clone();
        let duplicate = record.duplicate_of.map(|earlier| {
            view! {
                <div class="notice notice--warning" role="alert" data-testid="import-duplicate">
                    <p class="notice__message">{i18n.text(Key::ImportDuplicateWarning)}</p>
                    <A href=HISTORY_PATH attr:class="notice__action" attr:data-earlier=earlier.to_string()>
                        {i18n.text(Key::ImportHistoryLink)}
                    </A>
                </div>
            }
        });
        let errors = (!record.errors.is_empty()).then(|| {
            let rows = record
                .errors
                .iter()
                .map(|e| {
                    let message = e.message.clone();
                    // Row 0 is the whole sheet (a field without a column).
                    let line = if e.row == 0 { "—".to_owned() } else { e.row.to_string() };
                    let field = e.field.clone();
                    let column = e.column.clone();
                    let column = move || {
                        if column.is_empty() {
                            field_label(i18n.locale(), &field)
                        } else {
                            column.clone()
                        }
                    };
                    view! {
                        <tr data-testid="import-error-row" data-row=e.row.to_string() data-field=e.field.clone()>
                            <td class="numeric" data-testid="import-error-line">{line}</td>
                            <td data-testid="import-error-column">{column}</td>
                            <td data-testid="import-error-message">{move || in_language(&message, i18n.locale())}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <section class="card" aria-labelledby="import-errors-title">
                    <h2 class="card__title" id="import-errors-title">{i18n.text(Key::ImportErrorsTitle)}</h2>
                    <div class="table-wrap">
                        <table class="table" data-testid="import-errors">
                            <caption class="visually-hidden">{i18n.text(Key::ImportErrorsTitle)}</caption>
                            <thead>
                                <tr>
                                    <th scope="col" class="numeric">{i18n.text(Key::ImportLine)}</th>
                                    <th scope="col">{i18n.text(Key::ImportColumn)}</th>
                                    <th scope="col">{i18n.text(Key::ImportMessage)}</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                    {more_errors.then(|| view! { <p class="hint">{i18n.text(Key::ImportErrorsCapped)}</p> })}
                </section>
            }
        });
        let kpi = |label: Key, value: i32, testid: &'static str, tone: &'static str| {
            view! {
                <div class=format!("kpi kpi--{tone}")>
                    <span class="kpi__label">{i18n.text(label)}</span>
                    <span class="kpi__value" data-testid=testid>{value}</span>
                </div>
            }
        };
        view! {
            <div class="import-review" data-testid="import-preview" data-import-id=record.id.to_string()>
                <p class="hint" data-testid="import-preview-file">
                    {record.file_name.clone()} " · " {move || target_label(i18n.locale(), &target)}
                </p>
                <section class="kpis" aria-label=i18n.text(Key::ImportStepReview)>
                    {kpi(Key::ImportRowsTotal, record.rows_total, "import-count-total", "info")}
                    {kpi(Key::ImportRowsAccepted, record.rows_accepted, "import-count-accepted", "success")}
                    {kpi(
                        Key::ImportRowsRejected,
                        record.rows_rejected,
                        "import-count-rejected",
                        if record.rows_rejected > 0 { "danger" } else { "success" },
                    )}
                </section>
                {duplicate}
                {errors}
                {blocker
                    .map(|key| {
                        view! { <p class="notice notice--info" data-testid="import-blocked">{i18n.text(key)}</p> }
                    })}
                <div class="button-row">
                    <button
                        type="button"
                        class="button button--primary"
                        data-testid="import-confirm"
                        disabled=move || blocker.is_some() || state.sending.get()
                        on:click=move |_| state.confirm()
                    >
                        {move || i18n.t(Key::ImportConfirm).replace("{n}", &accepted.to_string())}
                    </button>
                    <button
                        type="button"
                        class="button button--secondary"
                        data-testid="import-back-mapping"
                        on:click=move |_| state.step.set(Step::Columns)
                    >
                        {i18n.text(Key::ImportBackToColumns)}
                    </button>
                    <button type="button" class="button button--ghost" data-testid="import-restart" on:click=move |_| state.restart()>
                        {i18n.text(Key::ImportAnotherFile)}
                    </button>
                </div>
            </div>
        }
        .into_any()
    }
}

/// Step 4: the import running, then done.
#[component]
fn ImportStep(state: State) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let record = state.record.get();
        match record {
            Some(record) if record.is_committed() => {
                let created = record.rows_accepted;
                let target = record.target_status.clone();
                let text = move || {
                    i18n.t(Key::ImportDone)
                        .replace("{n}", &created.to_string())
                        .replace("{status}", &target_label(i18n.locale(), &target))
                };
                view! {
                    <section class="card" data-testid="import-done" data-import-id=record.id.to_string()>
                        <div class="notice notice--success" role="status">
                            <p class="notice__message">{text}</p>
                        </div>
                        <div class="button-row">
                            <A href=items_path(record.id) attr:class="button button--primary" attr:data-testid="import-items-link">
                                {i18n.text(Key::ImportSeeItems)}
                            </A>
                            <A href=HISTORY_PATH attr:class="button button--secondary">{i18n.text(Key::ImportHistoryLink)}</A>
                            <button type="button" class="button button--ghost" data-testid="import-again" on:click=move |_| state.restart()>
                                {i18n.text(Key::ImportAnother)}
                            </button>
                        </div>
                    </section>
                }
                    .into_any()
            }
            // Running in the background, or the commit request is on its
            // way (the record is still the preview then).
            Some(record) if record.is_committing() || record.status == "previewed" => {
                view! { <Progress record state /> }.into_any()
            }
            Some(record) => {
                // Neither running nor done: the background commit failed.
                let status = record.status.clone();
                let reasons: Vec<String> = record
                    .errors
                    .iter()
                    .filter(|e| e.row == 0)
                    .map(|e| e.message.clone())
                    .collect();
                view! {
                    <section class="card" data-testid="import-failed">
                        <div class="notice notice--error" role="alert">
                            <p class="notice__message">
                                {move || i18n.t(Key::ImportFailed).replace("{status}", &super::status_label(i18n.locale(), &status))}
                            </p>
                            {reasons
                                .into_iter()
                                .map(|reason| view! { <p class="notice__meta">{move || in_language(&reason, i18n.locale())}</p> })
                                .collect_view()}
                        </div>
                        <button type="button" class="button button--secondary" on:click=move |_| state.restart()>
                            {i18n.text(Key::ImportAnotherFile)}
                        </button>
                    </section>
                }
                    .into_any()
            }
            None => view! { <p class="notice notice--info">{i18n.text(Key::ImportNoPreview)}</p> }
                .into_any(),
        }
    }
}

/// The progress bar of a commit: rows written of rows accepted when the
/// server says, else a bar that only says "working".
#[component]
fn Progress(record: Import, state: State) -> impl IntoView {
    let i18n = use_i18n();
    let total = record.rows_accepted.max(0);
    let done = record.rows_committed.map(|n| n.clamp(0, total));
    let label = move || match done {
        Some(n) => i18n
            .t(Key::ImportProgressOf)
            .replace("{done}", &n.to_string())
            .replace("{total}", &total.to_string()),
        None => i18n
            .t(Key::ImportProgressRunning)
            .replace("{total}", &total.to_string()),
    };
    let bar = match done {
        Some(n) => view! {
            <progress
                class="import-progress"
                max=total.to_string()
                value=n.to_string()
                aria-label=label
                data-testid="import-progress"
                data-done=n.to_string()
            ></progress>
        }
        .into_any(),
        None => view! {
            <progress class="import-progress" aria-label=label data-testid="import-progress"></progress>
        }
        .into_any(),
    };
    view! {
        <section class="card" aria-busy="true" data-testid="import-running">
            <h2 class="card__title">{i18n.text(Key::ImportRunningTitle)}</h2>
            {bar}
            <p class="hint" role="status">{label}</p>
            <Show when=move || state.poll_trouble.get()>
                <p class="notice notice--warning" data-testid="import-poll-trouble">{i18n.text(Key::ImportPollTrouble)}</p>
            </Show>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_numbered_in_order() {
        assert_eq!(Step::Upload.index(), 0);
        assert_eq!(Step::Import.index(), 3);
        assert_eq!(Step::Columns.key(), Key::ImportStepColumns);
    }
}
