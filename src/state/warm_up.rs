//! The passes over a million rows run once over a slice first. A wasm function runs as
//! unoptimised baseline code on its first calls, and the browser optimises it only once it is
//! hot, for the calls after: a first pass over a million rows ran unoptimised to its end (a
//! second visit, which has no partial loads to warm it, counted its window's groups in
//! 117–136 ms, 74–105 after this). Here: the groups' pass as a log is made, the mark pass
//! while the page is idle after its first draw.

use std::sync::Arc;
use std::time::Duration;

use engine::groups::Groups;
use engine::{IndexedLog, MarkKind, Marks, ViewFilter};

use super::LoadedLog;

/// Rows of the window the warm-up passes: enough for the browser to find the code hot (a few
/// milliseconds), few enough to stay well under a long task.
const ROWS: usize = 50_000;
/// After the first draw, when the page has painted and the user has not clicked yet.
const AFTER: Duration = Duration::from_millis(800);

/// Runs the groups' pass over the first rows of `log`; the result is dropped.
pub fn warm_groups(log: &IndexedLog) {
    let rows: Vec<u32> = (0..log.store.len().min(ROWS) as u32).collect();
    std::hint::black_box(Groups::of_rows(log, &rows));
}

/// Runs the mark pass (the rows marks keep, their groups, a view's figures) over the first
/// rows of `window_rows` a little after the draw; the results are dropped.
pub fn warm_mark_pass(loaded: Arc<LoadedLog>, window_rows: Arc<Vec<u32>>, filter: ViewFilter) {
    leptos::prelude::set_timeout(
        move || {
            let rows = window_rows.get(..ROWS).unwrap_or(&window_rows);
            for marks in sample_marks(&loaded, rows) {
                let kept = marks.rows(&loaded.log, rows);
                let groups = Groups::of_rows(&loaded.log, &kept);
                let figures = groups.dashboard(&filter.window, filter.mode, &filter.hidden);
                std::hint::black_box(figures);
            }
        },
        AFTER,
    );
}

/// Marks of every kind the pass tests: time (six weekdays, all hours but one, a day run)
/// and names (the first row's user and action).
fn sample_marks(loaded: &LoadedLog, rows: &[u32]) -> [Marks; 2] {
    let mut by_time = Marks::default();
    by_time.weekdays.extend(0..6);
    by_time.hours.extend(1..24);
    let mut by_name = Marks::default();
    if let Some(&row) = rows.first() {
        let store = &loaded.log.store;
        for (kind, field) in [
            (MarkKind::User, engine::record::TextField::UserId),
            (MarkKind::Action, engine::record::TextField::Action),
        ] {
            let id = store.ids(field).get(row as usize).copied();
            if let Some(id) = id.filter(|&id| id != engine::store::EMPTY) {
                let _ = by_name.add(kind, store.strings().get(id));
            }
        }
    }
    [by_time, by_name]
}
