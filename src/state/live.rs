//! Live mode (`live=1`): while the page is visible and the log is loaded from a portal, the
//! events that are new are asked for every minute.

use leptos::prelude::*;

use super::{LoadState, LogData};

const LIVE_EVERY_MS: u64 = 60_000;

/// One timer for the app's life, which does something only while `live` is on: simpler than
/// starting and stopping one as the URL changes.
pub fn start_live_updates(data: LogData) {
    let tick = move || {
        let loaded = data
            .state
            .with_untracked(|s| matches!(s, LoadState::Ready(_)));
        if data.live.get_untracked()
            && loaded
            && !data.from_files.get_untracked()
            && crate::browser::page_is_visible()
        {
            data.refresh();
        }
    };
    if let Ok(handle) =
        set_interval_with_handle(tick, std::time::Duration::from_millis(LIVE_EVERY_MS))
    {
        on_cleanup(move || handle.clear());
    }
}
