//! Any path that is not a route of the app.

use leptos::prelude::*;

use crate::components::PageTitle;
use leptos_router::components::A;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <PageTitle text="Page not found" />
        <p>"This address is not a view of the dashboard. " <A href="/">"Back to the dashboard"</A></p>
    }
}
