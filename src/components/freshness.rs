//! How fresh the portal's data is ("Updated 3 min ago"), with Refresh and the Live switch
//! (`live=1`: new events fetched every minute while the page is visible).

use leptos::prelude::*;

use crate::i18n::{t, tf};
use crate::state::{set, use_log_data, use_query_writer};

/// How often the "… ago" is written again.
const TICK_MS: u64 = 30_000;

#[component]
pub fn Freshness() -> impl IntoView {
    let data = use_log_data();
    let write = use_query_writer();
    let now = RwSignal::new(crate::browser::now_ms());
    if let Ok(handle) = set_interval_with_handle(
        move || now.set(crate::browser::now_ms()),
        std::time::Duration::from_millis(TICK_MS),
    ) {
        on_cleanup(move || handle.clear());
    }
    let updated = move || {
        let at = data.updated_at.get()?;
        Some(tf(
            "fresh.updated",
            &[("ago", &crate::labels::ago(now.get(), at))],
        ))
    };
    let toggle_live = move |_| {
        let on = !data.live.get_untracked();
        write(&[set("live", on.then(|| "1".to_string()))], false);
    };
    view! {
        <Show when=move || !data.from_files.get() && data.updated_at.get().is_some()>
            <div class="freshness" role="group" aria-label=t("fresh.label")>
                <span data-updated="">{updated}</span>
                <button class="button" type="button" on:click=move |_| data.refresh()
                    disabled=move || data.state.with(|s| s.name() == "loading")>
                    {t("fresh.refresh")}
                </button>
                <button class="button" type="button" title=t("fresh.live_hint")
                    aria-pressed=move || data.live.get().to_string() on:click=toggle_live.clone()>
                    {t("fresh.live")}
                </button>
            </div>
        </Show>
    }
}
