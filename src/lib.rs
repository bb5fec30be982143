//! Back office analytics: the app. `App` holds the shell and the whole route table.

pub mod api;
pub mod browser;
pub mod charts;
pub mod components;
pub mod pages;
pub mod query;
pub mod state;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::path;

use crate::components::{DateFilter, LoadStatus};
use crate::pages::dashboard::Dashboard;
use crate::pages::log::SourceData;
use crate::pages::not_found::NotFound;
use crate::state::{provide_log_data, use_query_suffix};

#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router>
            <Shell />
        </Router>
    }
}

/// Header, filters and status shared by every route; `main[data-state]` tells people and tests
/// whether the log is `loading`, `ready` or in `error`.
#[component]
fn Shell() -> impl IntoView {
    let data = provide_log_data();
    let suffix = use_query_suffix();
    let source_label = move || {
        let source = data.source.get();
        format!("{} · {}", source.portal, source.dataset)
    };
    view! {
        <a class="skip-link" href="#content">"Skip to content"</a>
        <header class="app-header">
            <div class="app-header__brand">
                <span class="app-header__title">"Back office analytics"</span>
                <span class="app-header__source">{source_label}</span>
            </div>
            <nav class="app-nav" aria-label="Views">
                <A href=move || format!("/{}", suffix.get()) exact=true>"Dashboard"</A>
                <A href=move || format!("/log{}", suffix.get())>"Source data"</A>
            </nav>
        </header>
        <DateFilter />
        <main id="content" data-state=move || data.state.with(|s| s.name())>
            <LoadStatus />
            <Routes fallback=NotFound>
                <Route path=path!("/") view=Dashboard />
                <Route path=path!("/log") view=SourceData />
            </Routes>
        </main>
    }
}
