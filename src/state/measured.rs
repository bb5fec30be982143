//! The dashboard's figures as the app computes them, each step timed with a
//! `performance.measure` entry that the browser benchmark reads.

use engine::compare::PreviousPeriod;
use engine::dashboard::Dashboard;
use engine::groups::Groups;
use engine::{IndexedLog, Marks, ViewFilter};

/// Browser mode's groups of a window's rows (`window_rows`, its workspace's) under `marks`,
/// recording `agg:window` (the rows the marks keep) and `agg:groups` (one pass counting them).
pub fn compute_groups(log: &IndexedLog, window_rows: &[u32], marks: &Marks) -> Groups {
    let started = crate::browser::precise_now();
    let rows = marks.rows(log, window_rows);
    let between = crate::browser::precise_now();
    crate::browser::measure("agg:window", started, between - started);
    let groups = Groups::of_rows(log, &rows);
    crate::browser::measure(
        "agg:groups",
        between,
        crate::browser::precise_now() - between,
    );
    groups
}

/// The dashboard for a filter from its window's groups (either mode's), recording `update`:
/// all a legend click computes.
pub fn compute_dashboard(groups: &Groups, filter: &ViewFilter) -> Dashboard {
    let started = crate::browser::precise_now();
    let dashboard = groups.dashboard(&filter.window, filter.mode, &filter.hidden);
    crate::browser::measure("update", started, crate::browser::precise_now() - started);
    dashboard
}

/// The previous period's figures from its window's groups.
pub fn compute_previous(groups: &Groups, filter: &ViewFilter) -> PreviousPeriod {
    let previous = PreviousPeriod::filter(filter);
    groups.previous_period(&previous.window, filter.mode, &filter.hidden)
}
