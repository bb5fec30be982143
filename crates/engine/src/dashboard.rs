//! `Dashboard`: everything the dashboard shows for one filter. Computed from
//! [`Groups`](crate::groups::Groups), whichever produced them (a window's rows, a portal's
//! answers).

use crate::aggregate::Kpis;
use crate::filter::{view_rows, ViewFilter};
use crate::groups::Groups;
use crate::indexed::IndexedLog;
use crate::notable::Notable;
use crate::series::TimeSeries;
use crate::stats::{ObjectStat, UserStat, UsersByAction};

/// Everything the dashboard shows for one filter.
#[derive(Clone, Debug, PartialEq)]
pub struct Dashboard {
    /// Per-day series over the window and workspace, hidden ones included (the legend shows
    /// their totals; the chart leaves them out).
    pub series: TimeSeries,
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

/// The groups of a view's window, workspace and marks (every series): what the legend does not
/// change.
pub fn window_groups(log: &IndexedLog, filter: &ViewFilter) -> Groups {
    let rows = view_rows(log, filter);
    Groups::of_rows(log, &rows)
}

impl Dashboard {
    /// The dashboard of `filter` over `log`: its window's groups, finalized.
    pub fn compute(log: &IndexedLog, filter: &ViewFilter) -> Self {
        window_groups(log, filter).dashboard(&filter.window, filter.mode, &filter.hidden)
    }
}
