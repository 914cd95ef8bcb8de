//! The application root: contexts, frame and routes.

use leptos::prelude::*;
use leptos_router::{
    components::{Route, Router, Routes},
    path,
};

use crate::api::provide_api;
use crate::components::layout::Layout;
use crate::i18n::provide_i18n;
use crate::pages::{home::Home, not_found::NotFound};

/// The whole SPA.
#[component]
pub fn App() -> impl IntoView {
    let i18n = provide_i18n();
    provide_api(i18n);
    view! {
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home />
                </Routes>
            </Layout>
        </Router>
    }
}
