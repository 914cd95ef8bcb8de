//! Lists that load a page at a time ("carregar mais"), following the
//! API's `next_cursor`.

use atende_types::Page;
use leptos::prelude::*;
use serde::de::DeserializeOwned;

use crate::api::{Api, ApiFailure, with_param};
use crate::components::feedback::{FailureNotice, Loading};
use crate::i18n::{Key, use_i18n};

/// Where a paged list stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadState {
    /// The first page is on its way.
    Loading,
    /// A further page is on its way.
    LoadingMore,
    Loaded,
    Failed(ApiFailure),
}

/// A list read page by page from `path`. Cheap to copy.
pub struct Paged<T: Send + Sync + 'static> {
    api: Api,
    path: StoredValue<String>,
    items: RwSignal<Vec<T>>,
    next: RwSignal<Option<String>>,
    state: RwSignal<LoadState>,
    /// Bumped by every new first load, so answers to an older filter are
    /// dropped.
    generation: StoredValue<u64>,
}

impl<T: Send + Sync + 'static> Clone for Paged<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Paged<T> {}

impl<T> Paged<T>
where
    T: DeserializeOwned + Clone + Send + Sync + 'static,
{
    pub fn new(api: Api) -> Self {
        Self {
            api,
            path: StoredValue::new(String::new()),
            items: RwSignal::new(Vec::new()),
            next: RwSignal::new(None),
            state: RwSignal::new(LoadState::Loading),
            generation: StoredValue::new(0),
        }
    }

    /// The items loaded so far (tracked).
    pub fn items(self) -> Vec<T> {
        self.items.get()
    }

    /// Whether nothing was found (tracked).
    pub fn is_empty(self) -> bool {
        self.state.with(|s| *s == LoadState::Loaded) && self.items.with(Vec::is_empty)
    }

    /// Where the list stands (tracked).
    pub fn state(self) -> LoadState {
        self.state.get()
    }

    /// Whether a further page exists (tracked).
    pub fn has_more(self) -> bool {
        self.next.with(Option::is_some)
    }

    /// Loads the first page of `path`, replacing what was shown.
    pub fn load(self, path: String) {
        self.path.set_value(path);
        self.reload();
    }

    /// Loads the first page again (after a change).
    pub fn reload(self) {
        let generation = self.generation.get_value().wrapping_add(1);
        self.generation.set_value(generation);
        self.state.set(LoadState::Loading);
        self.fetch(self.path.get_value(), generation, false);
    }

    /// Loads the first page again without showing the spinner: what is
    /// shown stays until the answer replaces it (live updates).
    pub fn refresh(self) {
        if self.state.with_untracked(|s| *s == LoadState::Loading) {
            return;
        }
        let generation = self.generation.get_value().wrapping_add(1);
        self.generation.set_value(generation);
        self.fetch(self.path.get_value(), generation, false);
    }

    /// Appends the next page.
    pub fn load_more(self) {
        let Some(cursor) = self.next.get_untracked() else {
            return;
        };
        if self.state.with_untracked(|s| *s == LoadState::LoadingMore) {
            return;
        }
        self.state.set(LoadState::LoadingMore);
        let path = with_param(&self.path.get_value(), "cursor", &cursor);
        self.fetch(path, self.generation.get_value(), true);
    }

    fn fetch(self, path: String, generation: u64, append: bool) {
        leptos::task::spawn_local(async move {
            let result = self.api.get_json::<Page<T>>(&path).await;
            // The list may be gone, or showing another filter by now.
            if self.generation.try_get_value() != Some(generation) {
                return;
            }
            match result {
                Ok(page) => {
                    self.next.set(page.next_cursor);
                    if append {
                        self.items.update(|items| items.extend(page.items));
                    } else {
                        self.items.set(page.items);
                    }
                    self.state.set(LoadState::Loaded);
                }
                Err(failure) => self.state.set(LoadState::Failed(failure)),
            }
        });
    }
}

/// Below a paged list: the spinner, the error with a retry, or the "load
/// more" button while there is more.
#[component]
pub fn PagedFooter<T>(
    paged: Paged<T>,
    /// `data-testid` of the "load more" button.
    testid: &'static str,
) -> impl IntoView
where
    T: DeserializeOwned + Clone + Send + Sync + 'static,
{
    let i18n = use_i18n();
    let retry = Callback::new(move |()| {
        if paged.items.with_untracked(Vec::is_empty) {
            paged.reload();
        } else {
            paged.state.set(LoadState::Loaded);
            paged.load_more();
        }
    });
    move || match paged.state() {
        LoadState::Loading | LoadState::LoadingMore => view! { <Loading /> }.into_any(),
        LoadState::Failed(failure) => view! { <FailureNotice failure on_retry=retry /> }.into_any(),
        LoadState::Loaded => paged
            .has_more()
            .then(|| {
                view! {
                    <p class="load-more">
                        <button
                            type="button"
                            class="button button--secondary"
                            data-testid=testid
                            on:click=move |_| paged.load_more()
                        >
                            {move || i18n.t(Key::LoadMore)}
                        </button>
                    </p>
                }
            })
            .into_any(),
    }
}
