//! `/`: the dashboard.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::KpiCards;
use crate::state::{use_log_data, use_query_suffix};

#[component]
pub fn Dashboard() -> impl IntoView {
    let data = use_log_data();
    let kpis = Signal::derive(move || data.ready().map(|log| log.kpis));
    let suffix = use_query_suffix();
    let portal_page = move || data.source.get().portal_page();
    view! {
        <h1 class="page-title">"Back office activity"</h1>
        <KpiCards kpis=kpis />
        <section class="card" aria-labelledby="source-title">
            <h2 id="source-title">"See source data"</h2>
            <p>
                "Every action of the window, with every field: "
                <A href=move || format!("/log{}", suffix.get())>"the activity log"</A>
                ". On the portal: "
                <a href=portal_page rel="noopener" target="_blank">"the dataset page"</a>
                "."
            </p>
        </section>
    }
}
