//! The dashboard's figures as the app computes them, each step timed with a
//! `performance.measure` entry that the browser benchmark reads.

use engine::compare::PreviousPeriod;
use engine::dashboard::Dashboard;
use engine::groups::{Groups, GroupsCounter};
use engine::marks::WindowRows;
use engine::{IndexedLog, ViewFilter};

/// Browser mode's groups of `key` (a [`ViewFilter::counted`]) from its window's rows
/// (`window_rows`, its workspace's), recording `agg:window` (the rows its marks keep) and
/// `agg:groups` (one pass counting them).
pub fn compute_groups(log: &IndexedLog, window_rows: &WindowRows, key: &ViewFilter) -> Groups {
    let started = crate::browser::precise_now();
    let rows = key.marks.rows_of_window(log, window_rows);
    let between = crate::browser::precise_now();
    crate::browser::measure("agg:window", started, between - started);
    let groups = Groups::of_rows_within(log, &rows, day_span(key));
    crate::browser::measure(
        "agg:groups",
        between,
        crate::browser::precise_now() - between,
    );
    groups
}

/// [`compute_groups`] of `key`'s window a slice of rows at a time, the page free between
/// slices: a window of a million events is read and counted without a long task. Also gives
/// the rows of the window and workspace (before the marks), for the next marks to start from.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))] // the loader's, in a browser
pub async fn count_in_steps(log: &IndexedLog, key: &ViewFilter) -> (Groups, WindowRows) {
    use crate::browser::{measure, precise_now, sleep};
    use crate::task_steps::Steps;
    let started = precise_now();
    let workspace = key.workspace.as_deref();
    let mut window = Vec::new();
    let mut window_work = 0.0;
    let mut steps = Steps::new();
    for start in (0..log.store.len()).step_by(Steps::ROWS) {
        steps.pause_if_due().await;
        let step = precise_now();
        let among = start..start + Steps::ROWS;
        window.extend(engine::filter::window_rows_among(
            log,
            &key.window,
            workspace,
            among,
        ));
        window_work += precise_now() - step;
    }
    steps.pause_if_due().await;
    let step = precise_now();
    let window = WindowRows::new(log, window);
    let rows = key.marks.rows_of_window(log, &window);
    let mut counter = GroupsCounter::within(log, day_span(key));
    let counting = precise_now();
    measure("agg:window", started, window_work + (counting - step));
    let mut work = 0.0;
    for slice in rows.chunks(Steps::ROWS) {
        steps.pause_if_due().await;
        let step = precise_now();
        counter.count(slice);
        work += precise_now() - step;
    }
    // Finished in steps too: sorting and merging a million rows' groups is a long task on a
    // busy machine (53 ms once, under the loader worker's parse).
    let mut finishing = counter.finishing();
    let groups = loop {
        sleep(0).await;
        let step = precise_now();
        let finished = finishing.step();
        work += precise_now() - step;
        if let Some(groups) = finished {
            break groups;
        }
    };
    measure("agg:groups", counting, work);
    // What draws them runs in a task of its own.
    sleep(0).await;
    (groups, window)
}

/// The first and last local days of `key`'s window: its rows' days, without reading them.
fn day_span(key: &ViewFilter) -> (i32, i32) {
    (key.window.first_day(), key.window.last_day())
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
