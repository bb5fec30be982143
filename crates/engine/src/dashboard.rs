//! `Dashboard`: everything the dashboard shows for one filter, computed in one go from the
//! window's slice; each aggregate is one pass over the selected rows.

use crate::aggregate::Kpis;
use crate::filter::{visible_rows, window_rows, ViewFilter};
use crate::indexed::IndexedLog;
use crate::notable::{notable, Notable};
use crate::series::{actions_over_time, weekday_counts, TimeSeries};
use crate::stats::{
    action_counts, object_stats, top_users_by_action, user_stats, ObjectStat, UserStat,
    UsersByAction,
};
use crate::week_hours::weekday_hours;

/// Everything the dashboard shows for one filter, computed in one go.
#[derive(Clone, Debug, PartialEq)]
pub struct Dashboard {
    /// Per-day series over the window and workspace, hidden ones included (the legend shows
    /// their totals; the chart leaves them out).
    pub series: TimeSeries,
    /// The rows every other view counts: window, workspace, visible series.
    pub rows: Vec<u32>,
    pub kpis: Kpis,
    pub weekdays: [u64; 7],
    /// Every object, most actions first.
    pub objects: Vec<ObjectStat>,
    /// Every user, most actions first.
    pub users: Vec<UserStat>,
    pub actions: Vec<(String, u64)>,
    pub users_by_action: UsersByAction,
    /// Actions per local weekday (Monday first) and hour.
    pub week_hours: [[u64; 24]; 7],
    /// What to look at: bursts of removals, access changes, night actions.
    pub notable: Vec<Notable>,
}

/// How many users the "top users by action" chart shows.
pub const TOP_USERS_BY_ACTION: usize = 10;

/// What depends on the window, workspace and series mode but not on the hidden series: the rows
/// of the window and the per-day series. Kept while the legend toggles.
#[derive(Clone, Debug, PartialEq)]
pub struct WindowSlice {
    pub rows: Vec<u32>,
    pub series: TimeSeries,
}

impl WindowSlice {
    pub fn compute(log: &IndexedLog, filter: &ViewFilter) -> Self {
        let rows = window_rows(log, &filter.window, filter.workspace.as_deref());
        let series = actions_over_time(log, &rows, &filter.window, filter.mode);
        WindowSlice { rows, series }
    }
}

impl Dashboard {
    pub fn compute(log: &IndexedLog, filter: &ViewFilter) -> Self {
        let slice = WindowSlice::compute(log, filter);
        Self::from_slice(log, filter, &slice, |_| {})
    }

    /// The dashboard from a window's slice (which must be of the same window, workspace and
    /// mode), calling `after` with each step's name once it is done (`visible`, `kpis`,
    /// `weekday`, `objects`, `users`, `actions`, `users_by_action`, `week_hours`, `notable`):
    /// how the browser benchmark
    /// times each aggregate without the engine knowing of clocks.
    pub fn from_slice(
        log: &IndexedLog,
        filter: &ViewFilter,
        slice: &WindowSlice,
        mut after: impl FnMut(&'static str),
    ) -> Self {
        let rows = visible_rows(log, &slice.rows, filter.mode, &filter.hidden);
        after("visible");
        let kpis = Kpis::compute(log, &rows);
        after("kpis");
        let weekdays = weekday_counts(log, &rows);
        after("weekday");
        let objects = object_stats(log, &rows);
        after("objects");
        let users = user_stats(log, &rows);
        after("users");
        let actions = action_counts(log, &rows);
        after("actions");
        let users_by_action = top_users_by_action(log, &rows, &users, TOP_USERS_BY_ACTION);
        after("users_by_action");
        let week_hours = weekday_hours(log, &rows);
        after("week_hours");
        let notable = notable(log, &rows);
        after("notable");
        Dashboard {
            series: slice.series.clone(),
            rows,
            kpis,
            weekdays,
            objects,
            users,
            actions,
            users_by_action,
            week_hours,
            notable,
        }
    }
}
