//! The filters of a view and the rows they select: the window (local days), the workspace, the
//! hidden series, the marks picked on the figures, one object or one user. Rows are store row numbers, in store order.

use std::collections::BTreeSet;

use crate::calendar::DateWindow;
use crate::indexed::IndexedLog;
use crate::objects::workspace_of;
use crate::record::TextField;
use crate::store::EMPTY;

/// What the Actions chart's series are.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SeriesMode {
    #[default]
    ObjectType,
    Action,
}

/// The filters of a view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ViewFilter {
    pub window: DateWindow,
    /// Only this workspace (`subdomain_id`, else `domain_id`), when set.
    pub workspace: Option<String>,
    pub mode: SeriesMode,
    /// Series hidden with the legend: type names (`page`) or action names, per `mode`.
    pub hidden: BTreeSet<String>,
    /// Days, weekdays, hours, actions and users picked on the figures.
    pub marks: crate::marks::Marks,
}

impl ViewFilter {
    /// What a window's groups depend on: this filter without the legend's hidden series and
    /// the series mode (they filter the groups held; the window, workspace and marks count).
    pub fn counted(&self) -> ViewFilter {
        ViewFilter {
            hidden: BTreeSet::new(),
            mode: SeriesMode::default(),
            ..self.clone()
        }
    }

    /// This filter with the marks of `kinds` left out.
    pub fn without_marks(&self, kinds: &[crate::marks::MarkKind]) -> ViewFilter {
        ViewFilter {
            marks: self.marks.without(kinds),
            ..self.clone()
        }
    }
}

/// Rows in the window (local days) and the workspace, in store order. Hidden series are not
/// applied here: the legend needs their totals.
pub fn window_rows(log: &IndexedLog, window: &DateWindow, workspace: Option<&str>) -> Vec<u32> {
    window_rows_among(log, window, workspace, 0..log.store.len())
}

/// [`window_rows`] among the rows of `among` (a range of the store's): a window read a slice
/// at a time, the page free between slices.
pub fn window_rows_among(
    log: &IndexedLog,
    window: &DateWindow,
    workspace: Option<&str>,
    among: std::ops::Range<usize>,
) -> Vec<u32> {
    // A workspace the log does not have selects nothing (no row has id u32::MAX).
    let workspace = workspace.map(|name| log.store.strings().lookup(name).unwrap_or(u32::MAX));
    let (first, last) = (window.first_day(), window.last_day());
    let among = among.start.min(log.store.len())..among.end.min(log.store.len());
    among
        .filter(|&row| {
            let day = log.days.days[row];
            first <= day
                && day <= last
                && workspace.is_none_or(|ws| workspace_of(&log.store, row) == ws)
        })
        .map(|row| row as u32)
        .collect()
}

/// Rows of a view: its window, its workspace and its marks (hidden series aside), in store order.
pub fn view_rows(log: &IndexedLog, filter: &ViewFilter) -> Vec<u32> {
    let rows = window_rows(log, &filter.window, filter.workspace.as_deref());
    match filter.marks.rows(log, &rows) {
        std::borrow::Cow::Borrowed(_) => rows,
        std::borrow::Cow::Owned(marked) => marked,
    }
}

/// The rows of one object.
pub fn rows_of_object(log: &IndexedLog, rows: &[u32], object: u32) -> Vec<u32> {
    rows.iter()
        .copied()
        .filter(|&row| log.objects.row_object[row as usize] == object)
        .collect()
}

/// The rows of one user (`user_id`).
pub fn rows_of_user(log: &IndexedLog, rows: &[u32], user: &str) -> Vec<u32> {
    let Some(id) = log.store.strings().lookup(user).filter(|&id| id != EMPTY) else {
        return Vec::new();
    };
    let users = log.store.ids(TextField::UserId);
    rows.iter()
        .copied()
        .filter(|&row| users[row as usize] == id)
        .collect()
}
