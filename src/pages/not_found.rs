//! Any path that is not a route of the app.

use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <h1 class="page-title">"Page not found"</h1>
        <p>"This address is not a view of the dashboard. " <A href="/">"Back to the dashboard"</A></p>
    }
}
