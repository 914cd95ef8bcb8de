//! `/minha-conta/notificacoes`: how each event reaches the signed-in
//! person: by e-mail, in the notification centre (the bell), both or
//! neither. Reached from the user menu in the header.

use atende_types::notifications::NotificationPreference;
use gloo_net::http::Method;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{ApiFailure, use_api};
use crate::components::feedback::{FailureNotice, Loading, Success};
use crate::components::forms::{FormError, Submission};
use crate::components::layout::use_document_title;
use crate::i18n::{Key, use_i18n};
use crate::labels;

/// Path of the page.
pub const PREFERENCES_PATH: &str = "/minha-conta/notificacoes";

/// The events in the order the page lists them: the known ones first, in
/// [`labels::NOTIFICATION_EVENTS`] order, then any others the server has.
fn ordered(mut list: Vec<NotificationPreference>) -> Vec<NotificationPreference> {
    let rank = |event: &str| {
        labels::NOTIFICATION_EVENTS
            .iter()
            .position(|(e, ..)| *e == event)
            .unwrap_or(usize::MAX)
    };
    list.sort_by(|a, b| {
        rank(&a.event)
            .cmp(&rank(&b.event))
            .then_with(|| a.event.cmp(&b.event))
    });
    list
}

/// `/minha-conta/notificacoes`.
#[component]
pub fn NotificationPreferencesPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    use_document_title(Key::NotificationPrefsTitle);
    // The events (drawn once per answer) and their switches (followed by
    // the checkboxes, so ticking one keeps the focus where it is).
    let rows = RwSignal::new(None::<Result<Vec<String>, ApiFailure>>);
    let values = RwSignal::new(Vec::<NotificationPreference>::new());
    let saved = RwSignal::new(false);
    let submission = Submission::new();
    let load = move || {
        leptos::task::spawn_local(async move {
            let result = api
                .get_json::<Vec<NotificationPreference>>("/api/v1/me/notification-preferences")
                .await
                .map(ordered);
            match result {
                Ok(list) => {
                    rows.set(Some(Ok(list.iter().map(|p| p.event.clone()).collect())));
                    values.set(list);
                }
                Err(failure) => rows.set(Some(Err(failure))),
            }
        });
    };
    load();

    let set = move |event: String, email: bool, on: bool| {
        saved.set(false);
        values.update(|list| {
            if let Some(row) = list.iter_mut().find(|r| r.event == event) {
                if email {
                    row.email = on;
                } else {
                    row.in_app = on;
                }
            }
        });
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let list = values.get_untracked();
        submission.run(
            async move {
                api.send_json::<_, Vec<NotificationPreference>>(
                    Method::PUT,
                    "/api/v1/me/notification-preferences",
                    &list,
                )
                .await
            },
            move |fresh| {
                values.set(ordered(fresh));
                saved.set(true);
            },
        );
    };

    view! {
        <div class="page">
            <header class="page__header">
                <p class="ticket__back">
                    <A href="/minha-conta">{i18n.text(Key::BackToAccount)}</A>
                </p>
                <h1 class="page__title" data-testid="page-title">{i18n.text(Key::NotificationPrefsTitle)}</h1>
                <p class="page__lead">{i18n.text(Key::NotificationPrefsLead)}</p>
            </header>
            {move || match rows.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(failure)) => {
                    view! { <FailureNotice failure on_retry=Callback::new(move |()| load()) /> }.into_any()
                }
                Some(Ok(list)) => {
                    // Drawn once per answer; the checkboxes follow the rows.
                    let body = list
                        .into_iter()
                        .map(|event| {
                            let row_event = event.clone();
                            let (email_event, app_event) = (event.clone(), event.clone());
                            let (email_read, app_read) = (event.clone(), event.clone());
                            let name = {
                                let event = event.clone();
                                move || labels::notification_event(i18n.locale(), &event)
                            };
                            let hint = {
                                let event = event.clone();
                                move || labels::notification_event_hint(i18n.locale(), &event)
                            };
                            let toggle_label = move |channel: Key| {
                                let event = event.clone();
                                move || {
                                    i18n.t(Key::PrefToggle)
                                        .replace("{channel}", i18n.t(channel))
                                        .replace("{event}", &labels::notification_event(i18n.locale(), &event))
                                }
                            };
                            let checked = move |event: String, email: bool| {
                                move || {
                                    values.with(|list| {
                                        list.iter()
                                            .find(|r| r.event == event)
                                            .is_some_and(|r| if email { r.email } else { r.in_app })
                                    })
                                }
                            };
                            view! {
                                <tr data-testid="pref-row" data-event=row_event.clone()>
                                    <th scope="row">
                                        <span class="cell-title">{name}</span>
                                        <span class="cell-sub">{hint}</span>
                                    </th>
                                    <td class="cell-check">
                                        <input
                                            type="checkbox"
                                            class="check__input"
                                            data-testid=format!("pref-email-{row_event}")
                                            aria-label=toggle_label(Key::PrefEmail)
                                            prop:checked=checked(email_read, true)
                                            on:change=move |ev| set(email_event.clone(), true, event_target_checked(&ev))
                                        />
                                    </td>
                                    <td class="cell-check">
                                        <input
                                            type="checkbox"
                                            class="check__input"
                                            data-testid=format!("pref-in-app-{row_event}")
                                            aria-label=toggle_label(Key::PrefInApp)
                                            prop:checked=checked(app_read, false)
                                            on:change=move |ev| set(app_event.clone(), false, event_target_checked(&ev))
                                        />
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view();
                    view! {
                        <form class="form card prefs-form" on:submit=on_submit novalidate data-testid="prefs-form">
                            <div class="table-wrap">
                                <table class="table prefs-table" data-testid="prefs-table">
                                    <caption class="visually-hidden">{i18n.text(Key::NotificationPrefsTitle)}</caption>
                                    <thead>
                                        <tr>
                                            <th scope="col">{i18n.text(Key::PrefEvent)}</th>
                                            <th scope="col" class="cell-check">{i18n.text(Key::PrefEmail)}</th>
                                            <th scope="col" class="cell-check">{i18n.text(Key::PrefInApp)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>{body}</tbody>
                                </table>
                            </div>
                            <FormError submission testid="prefs-error" />
                            <Show when=move || saved.get()>
                                <Success text=Key::PrefsSaved testid="prefs-saved" />
                            </Show>
                            <div class="button-row">
                                <button
                                    type="submit"
                                    class="button button--primary"
                                    data-testid="prefs-save"
                                    disabled=move || submission.pending()
                                >
                                    {move || i18n.t(if submission.pending() { Key::Saving } else { Key::Save })}
                                </button>
                            </div>
                        </form>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pref(event: &str) -> NotificationPreference {
        NotificationPreference {
            event: event.into(),
            email: true,
            in_app: true,
        }
    }

    #[test]
    fn known_events_come_first_in_their_order() {
        let list = ordered(vec![
            pref("sla_breach"),
            pref("zzz"),
            pref("created"),
            pref("aaa"),
            pref("mentioned"),
        ]);
        let events: Vec<&str> = list.iter().map(|p| p.event.as_str()).collect();
        assert_eq!(
            events,
            vec!["created", "mentioned", "sla_breach", "aaa", "zzz"]
        );
    }
}
