//! The dashboard's aggregates as the app computes them, each timed with a
//! `performance.measure` entry that the browser benchmark reads.

use engine::dashboard::{Dashboard, WindowSlice};
use engine::filter::window_rows;
use engine::series::actions_over_time;
use engine::{DateWindow, IndexedLog, ViewFilter};

/// The window's slice (rows, per-day series), recording `agg:window` and `agg:series`.
pub fn compute_slice(
    log: &IndexedLog,
    window: &DateWindow,
    workspace: Option<&str>,
    mode: engine::SeriesMode,
) -> WindowSlice {
    let started = crate::browser::precise_now();
    let rows = window_rows(log, window, workspace);
    let between = crate::browser::precise_now();
    crate::browser::measure("agg:window", started, between - started);
    let series = actions_over_time(log, &rows, window, mode);
    crate::browser::measure(
        "agg:series",
        between,
        crate::browser::precise_now() - between,
    );
    WindowSlice { rows, series }
}

/// The dashboard for a filter from its window's slice, recording `performance.measure` entries:
/// `update` for the whole and `agg:<step>` for each aggregate (the browser benchmark reads them).
pub fn compute_dashboard(log: &IndexedLog, filter: &ViewFilter, slice: &WindowSlice) -> Dashboard {
    let started = crate::browser::precise_now();
    let mut step_start = started;
    let dashboard = Dashboard::from_slice(log, filter, slice, |step| {
        let now = crate::browser::precise_now();
        crate::browser::measure(&format!("agg:{step}"), step_start, now - step_start);
        step_start = now;
    });
    crate::browser::measure("update", started, crate::browser::precise_now() - started);
    dashboard
}
