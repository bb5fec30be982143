//! Live mode (`live=1`): while the page is visible and the log is loaded from a portal, the
//! events that are new are asked for every minute.

use leptos::prelude::*;

use super::{LoadState, LogData};

pub const LIVE_EVERY_MS: u64 = 60_000;

pub fn start_live_updates(data: LogData) {
    Effect::new(move |previous: Option<Option<IntervalHandle>>| {
        if let Some(Some(handle)) = previous {
            handle.clear();
        }
        if !data.live.get() {
            return None;
        }
        set_interval_with_handle(
            move || {
                let loaded = data
                    .state
                    .with_untracked(|s| matches!(s, LoadState::Ready(_)));
                if loaded && !data.from_files.get_untracked() && crate::browser::page_is_visible() {
                    data.refresh();
                }
            },
            std::time::Duration::from_millis(LIVE_EVERY_MS),
        )
        .ok()
    });
}
