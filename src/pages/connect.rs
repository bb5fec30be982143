//! `/connect`: point the dashboard at a portal with an API key and pick its activity log, or
//! import files exported from the platform instead.

mod import;
mod portal_form;

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::components::PageTitle;
use crate::i18n::{t, tf};
use crate::numbers::grouped;
use crate::state::use_log_data;
use import::ImportFiles;
use portal_form::PortalSection;

#[component]
pub fn Connect() -> impl IntoView {
    // Counts the imports, so that the list of kept files is read again after each.
    let kept_changes = RwSignal::new(0u32);
    view! {
        <PageTitle text=t("nav.connect") />
        <div class="grid-2">
            <PortalSection />
            <ImportFiles kept_changes />
        </div>
        <crate::components::KeptFiles changes=kept_changes />
        <ThresholdSetting />
    }
}

/// Past how many events the portal computes the figures (kept on this device).
#[component]
fn ThresholdSetting() -> impl IntoView {
    let typed = RwSignal::new(crate::settings::aggregation_threshold().to_string());
    let saved = RwSignal::new(None::<String>);
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let threshold = crate::settings::parse_threshold(&typed.get_untracked());
        crate::settings::set_aggregation_threshold(threshold);
        let now = crate::settings::aggregation_threshold();
        typed.set(now.to_string());
        saved.set(Some(tf(
            "connect.threshold_saved",
            &[("events", &grouped(now as u64))],
        )));
    };
    view! {
        <section class="card" aria-labelledby="threshold-title">
            <h2 id="threshold-title">{t("connect.threshold_title")}</h2>
            <p class="card__hint">{t("connect.threshold_hint")}</p>
            <form class="form" on:submit=save>
                <label class="field">
                    <span class="field__label">{t("connect.threshold_label")}</span>
                    <input type="text" inputmode="numeric" name="threshold" autocomplete="off"
                        prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev)) />
                </label>
                <div class="status__actions">
                    <button class="button" type="submit">{t("connect.threshold_save")}</button>
                </div>
                <p role="status">{move || saved.get()}</p>
            </form>
        </section>
    }
}

/// Returns a function that navigates to the dashboard with query changes (keeping the window
/// and zone), and loads again even when the URL did not change. Made during setup: the router
/// is not reachable from an async task.
fn use_open_dashboard() -> impl Fn(&[(&str, Vec<String>)]) + Clone + 'static {
    let data = use_log_data();
    let navigate = use_navigate();
    move |changes| {
        let current = data.query.get_untracked();
        let search = crate::query::with_changes(&current, changes);
        navigate(&format!("/{search}"), Default::default());
        data.retry();
    }
}
