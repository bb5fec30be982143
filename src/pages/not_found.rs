//! Any path that is not a route of the app.

use leptos::prelude::*;

use crate::components::PageTitle;
use leptos_router::components::A;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <PageTitle text=crate::i18n::t("not_found.title") />
        <p>{crate::i18n::t("not_found.text")}" " <A href="/">{crate::i18n::t("not_found.back")}</A></p>
    }
}
