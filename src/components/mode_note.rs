//! Where the figures are computed and why (the header's note), and, in portal mode, what a view
//! that needs the events themselves offers instead.

use leptos::prelude::*;

use crate::i18n::{t, tf};
use crate::numbers::grouped;
use crate::state::mode::{Mode, Why};
use crate::state::use_log_data;

/// The mode in force, in plain words: `[data-mode="portal" | "browser"]`.
#[component]
pub fn ModeNote() -> impl IntoView {
    let data = use_log_data();
    move || {
        let mode = data.mode.get()?;
        let name = if mode.on_portal() {
            "portal"
        } else {
            "browser"
        };
        let (Mode::Portal(why) | Mode::Browser(why)) = mode;
        let (events, threshold) = match why {
            Why::Count { events, threshold } => (grouped(events as u64), grouped(threshold as u64)),
            Why::Asked | Why::NoCount | Why::GroupsIgnored => Default::default(),
        };
        let counts = [
            ("events", events.as_str()),
            ("threshold", threshold.as_str()),
        ];
        // Each key literal in its call, where the catalogs' test finds it.
        let text = match mode {
            Mode::Portal(Why::Asked | Why::NoCount | Why::GroupsIgnored) => {
                t("mode.portal.asked").to_string()
            }
            Mode::Portal(Why::Count { .. }) => tf("mode.portal.count", &counts),
            Mode::Browser(Why::Asked) => t("mode.browser.asked").to_string(),
            Mode::Browser(Why::Count { .. }) => tf("mode.browser.count", &counts),
            Mode::Browser(Why::NoCount) => t("mode.browser.no_count").to_string(),
            Mode::Browser(Why::GroupsIgnored) => t("mode.browser.groups_ignored").to_string(),
        };
        Some(view! { <span class="app-header__mode" data-mode=name>{text}</span> })
    }
}
