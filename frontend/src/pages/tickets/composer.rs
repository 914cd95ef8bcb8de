//! The box under a ticket's thread: a public reply or (staff) an internal
//! note, in Markdown. Notes look different on purpose, so nobody sends a
//! note to the client by mistake. In a note, `@` offers the colleagues who
//! work the ticket's company (arrows to choose, Enter or Tab to pick,
//! Escape to close). Staff can insert a canned response, filled for this
//! ticket by the server. Files picked are attached to the message.

use atende_types::tickets::{CannedResponse, RenderedResponse, TicketMessage, TicketMessageCreate};
use gloo_net::http::Method;
use leptos::{html, prelude::*};
use uuid::Uuid;

use crate::api::{ApiFailure, use_api};
use crate::components::feedback::FailureNotice;
use crate::components::forms::{FormError, Submission};
use crate::i18n::{Key, use_i18n};
use crate::pages::tickets::shared::{
    FilePicker, UploadFailures, load_staff, picked_files, upload_all,
};
use crate::tickets::{MentionQuery, insert_block, insert_mention, matching_staff, mention_at};

/// How many colleagues the `@` list offers.
const MENTION_CHOICES: usize = 6;

#[component]
pub fn Composer(
    ticket_id: Uuid,
    company_id: Uuid,
    /// Staff who may write internal notes get the public/note switch.
    can_note: bool,
    /// Staff get the canned responses.
    can_use_canned: bool,
    /// Whether the server takes attachments.
    #[prop(into)]
    attachments_ready: Signal<bool>,
    /// Called once a message is added.
    on_sent: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let body = RwSignal::new(String::new());
    let internal = RwSignal::new(false);
    let textarea = NodeRef::<html::Textarea>::new();
    let files = NodeRef::<html::Input>::new();
    let reset_files = RwSignal::new(0u64);
    let submission = Submission::new();
    let upload_failed = RwSignal::new(Vec::<(String, ApiFailure)>::new());

    // `@mentions`.
    let staff = LocalResource::new(move || async move {
        if can_note {
            load_staff(api, Some(company_id)).await
        } else {
            None
        }
    });
    let mention = RwSignal::new(None::<MentionQuery>);
    let active = RwSignal::new(0usize);
    let candidates = Memo::new(move |_| {
        if !internal.get() {
            return Vec::new();
        }
        let Some(typed) = mention.get() else {
            return Vec::new();
        };
        staff
            .get()
            .flatten()
            .map(|list| {
                matching_staff(&list, &typed.query, MENTION_CHOICES)
                    .into_iter()
                    .cloned()
                    .collect()
            })
            .unwrap_or_default()
    });
    let caret = move || {
        textarea
            .get_untracked()
            .and_then(|t| t.selection_start().ok().flatten())
            .unwrap_or_else(|| crate::tickets::utf16_len(&body.get_untracked()))
    };
    let follow_caret = move || {
        let typed = mention_at(&body.get_untracked(), caret());
        if typed != mention.get_untracked() {
            active.set(0);
        }
        mention.set(typed);
    };
    let write = move |text: String, position: u32| {
        if let Some(element) = textarea.get_untracked() {
            element.set_value(&text);
            let _ = element.focus();
            let _ = element.set_selection_range(position, position);
        }
        body.set(text);
    };
    let pick = move |handle: String| {
        let Some(typed) = mention.get_untracked() else {
            return;
        };
        let (text, position) = insert_mention(&body.get_untracked(), &typed, caret(), &handle);
        mention.set(None);
        write(text, position);
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let list = candidates.get_untracked();
        if list.is_empty() {
            return;
        }
        let count = list.len();
        match ev.key().as_str() {
            "ArrowDown" => {
                ev.prevent_default();
                active.update(|i| *i = (*i + 1) % count);
            }
            "ArrowUp" => {
                ev.prevent_default();
                active.update(|i| *i = (*i + count - 1) % count);
            }
            "Enter" | "Tab" => {
                ev.prevent_default();
                if let Some(member) = list.get(active.get_untracked().min(count - 1)) {
                    pick(member.handle.clone());
                }
            }
            "Escape" => {
                ev.prevent_default();
                ev.stop_propagation();
                mention.set(None);
            }
            _ => {}
        }
    };
    let on_keyup = move |ev: leptos::ev::KeyboardEvent| {
        if matches!(
            ev.key().as_str(),
            "ArrowLeft" | "ArrowRight" | "Home" | "End"
        ) {
            follow_caret();
        }
    };

    // Canned responses.
    let canned = LocalResource::new(move || async move {
        if can_use_canned {
            api.get_list::<CannedResponse>("/api/v1/canned-responses")
                .await
                .ok()
        } else {
            None
        }
    });
    let chosen_canned = RwSignal::new(String::new());
    let canned_failure = RwSignal::new(None::<ApiFailure>);
    let inserting = RwSignal::new(false);
    let insert_canned = move |_| {
        let Ok(canned_id) = Uuid::parse_str(&chosen_canned.get_untracked()) else {
            return;
        };
        let at = caret();
        inserting.set(true);
        canned_failure.set(None);
        leptos::task::spawn_local(async move {
            let result = api
                .send_empty::<RenderedResponse>(
                    Method::POST,
                    &format!("/api/v1/tickets/{ticket_id}/canned-responses/{canned_id}/render"),
                )
                .await;
            inserting.set(false);
            match result {
                Ok(rendered) => {
                    let (text, position) = insert_block(&body.get_untracked(), at, &rendered.body);
                    write(text, position);
                }
                Err(failure) => canned_failure.set(Some(failure)),
            }
        });
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let message = TicketMessageCreate {
            body: body.get_untracked(),
            internal: can_note && internal.get_untracked(),
            auto_submitted: false,
        };
        if message.body.trim().is_empty() {
            submission.complain(Some("body"), Key::MessageRequired);
            return;
        }
        let chosen = files
            .get_untracked()
            .map(|input| picked_files(&input))
            .unwrap_or_default();
        upload_failed.set(Vec::new());
        submission.run(
            async move {
                let added = api
                    .send_json::<_, TicketMessage>(
                        Method::POST,
                        &format!("/api/v1/tickets/{ticket_id}/messages"),
                        &message,
                    )
                    .await?;
                Ok(upload_all(api, ticket_id, chosen, Some(added.id)).await)
            },
            move |failed| {
                write(String::new(), 0);
                mention.set(None);
                reset_files.update(|n| *n += 1);
                upload_failed.set(failed);
                on_sent.run(());
            },
        );
    };

    let body_error = submission.field_error("body");
    let listbox_open = move || !candidates.with(Vec::is_empty);

    view! {
        <form
            class="composer"
            class:composer--internal=move || internal.get()
            on:submit=on_submit
            novalidate
            data-testid="composer"
            aria-labelledby="composer-titulo"
        >
            <h2 class="composer__title" id="composer-titulo">
                {move || i18n.t(if internal.get() { Key::InternalNote } else { Key::Reply })}
            </h2>
            <Show when=move || can_note>
                <fieldset class="segmented">
                    <legend class="visually-hidden">{i18n.text(Key::MessageKind)}</legend>
                    <label class="segmented__option" class:segmented__option--on=move || !internal.get()>
                        <input
                            type="radio"
                            name="composer-mode"
                            data-testid="composer-mode-public"
                            prop:checked=move || !internal.get()
                            on:change=move |_| internal.set(false)
                        />
                        {i18n.text(Key::PublicReply)}
                    </label>
                    <label class="segmented__option segmented__option--note" class:segmented__option--on=move || internal.get()>
                        <input
                            type="radio"
                            name="composer-mode"
                            data-testid="composer-mode-internal"
                            prop:checked=move || internal.get()
                            on:change=move |_| internal.set(true)
                        />
                        {i18n.text(Key::InternalNote)}
                    </label>
                </fieldset>
            </Show>
            {move || {
                canned
                    .get()
                    .flatten()
                    .filter(|list| !list.is_empty())
                    .map(|list| {
                        view! {
                            <div class="composer__tools">
                                <label class="label" for="canned-select">{i18n.text(Key::CannedResponse)}</label>
                                <div class="input-group">
                                    <select
                                        id="canned-select"
                                        class="select"
                                        data-testid="canned-select"
                                        on:change=move |ev| chosen_canned.set(event_target_value(&ev))
                                    >
                                        <option value="">{i18n.text(Key::ChooseCannedResponse)}</option>
                                        {list
                                            .into_iter()
                                            .map(|c| view! { <option value=c.id.to_string()>{c.title}</option> })
                                            .collect_view()}
                                    </select>
                                    <button
                                        type="button"
                                        class="button button--secondary"
                                        data-testid="canned-insert"
                                        disabled=move || chosen_canned.with(String::is_empty) || inserting.get()
                                        on:click=insert_canned
                                    >
                                        {i18n.text(Key::Insert)}
                                    </button>
                                </div>
                                {move || canned_failure.get().map(|failure| view! { <FailureNotice failure /> })}
                            </div>
                        }
                    })
            }}
            <div class="field composer__field">
                <label class="visually-hidden" for="composer-body">
                    {move || i18n.t(if internal.get() { Key::InternalNote } else { Key::Reply })}
                </label>
                <div class="composer__input">
                    <textarea
                        id="composer-body"
                        class="textarea composer__body"
                        rows="6"
                        data-testid="composer-body"
                        node_ref=textarea
                        placeholder=move || {
                            i18n.t(if internal.get() { Key::NotePlaceholder } else { Key::ReplyPlaceholder })
                        }
                        aria-autocomplete="list"
                        aria-controls="mention-list"
                        aria-expanded=move || listbox_open().to_string()
                        aria-activedescendant=move || {
                            listbox_open().then(|| format!("mention-option-{}", active.get()))
                        }
                        aria-describedby="composer-dica"
                        aria-invalid=move || body_error.with(Option::is_some).then_some("true")
                        prop:value=move || body.get()
                        on:input=move |ev| {
                            body.set(event_target_value(&ev));
                            follow_caret();
                        }
                        on:click=move |_| follow_caret()
                        on:keydown=on_keydown
                        on:keyup=on_keyup
                        on:blur=move |_| mention.set(None)
                    ></textarea>
                    <ul
                        id="mention-list"
                        class="mentions"
                        role="listbox"
                        aria-label=i18n.text(Key::MentionColleague)
                        data-testid="mention-list"
                        hidden=move || !listbox_open()
                    >
                        {move || {
                            candidates
                                .get()
                                .into_iter()
                                .enumerate()
                                .map(|(index, member)| {
                                    let handle = member.handle.clone();
                                    let data_handle = member.handle.clone();
                                    view! {
                                        <li
                                            id=format!("mention-option-{index}")
                                            class="mentions__option"
                                            class:mentions__option--active=move || active.get() == index
                                            role="option"
                                            aria-selected=move || (active.get() == index).to_string()
                                            data-testid="mention-option"
                                            data-handle=data_handle
                                            on:mousedown=move |ev: leptos::ev::MouseEvent| {
                                                ev.prevent_default();
                                                pick(handle.clone());
                                            }
                                        >
                                            <span class="mentions__name">{member.name}</span>
                                            <span class="mentions__handle">"@" {member.handle}</span>
                                        </li>
                                    }
                                })
                                .collect_view()
                        }}
                    </ul>
                </div>
                <p class="hint" id="composer-dica">
                    {move || i18n.t(if internal.get() { Key::NoteHint } else { Key::ReplyHint })}
                </p>
                {move || body_error.get().map(|m| view! { <p class="field-error">{m}</p> })}
            </div>
            <Show when=move || attachments_ready.get()>
                <FilePicker id="composer-files" input=files reset=reset_files testid="composer-files" />
            </Show>
            <FormError submission inline_fields=&["body"] testid="composer-error" />
            <UploadFailures failed=upload_failed testid="composer-upload-failed" />
            <div class="button-row">
                <button
                    type="submit"
                    class="button"
                    class:button--primary=move || !internal.get()
                    class:button--note=move || internal.get()
                    data-testid="composer-submit"
                    disabled=move || submission.pending()
                >
                    {move || {
                        i18n.t(
                            if submission.pending() {
                                Key::Sending
                            } else if internal.get() {
                                Key::AddNote
                            } else {
                                Key::SendReply
                            },
                        )
                    }}
                </button>
            </div>
        </form>
    }
}
