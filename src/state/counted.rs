//! The groups of a filter (its window, workspace and marks), kept by filter: browser mode's
//! counted from the events held, portal mode's asked for the views whose own marks narrow the
//! others. A view that made a selection draws its figures without its own marks (the selected
//! ones marked, the others in sight), every other figure with all of them.

use std::sync::Arc;

use engine::dashboard::Dashboard;
use engine::groups::Groups;
use engine::marks::WindowRows;
use engine::{MarkKind, ViewFilter};
use leptos::prelude::*;

use super::LoadedLog;

/// The mark kinds of each view that picks marks: the Actions chart (days), Users activity
/// (weekdays), the weekday × hour table (weekdays and hours), the distribution of actions,
/// the top users.
pub const ACTIONS_CHART: &[MarkKind] = &[MarkKind::Day];
pub const WEEKDAY_CHART: &[MarkKind] = &[MarkKind::Weekday];
pub const WEEK_HOURS: &[MarkKind] = &[MarkKind::Weekday, MarkKind::Hour];
pub const ACTIONS_BY_NAME: &[MarkKind] = &[MarkKind::Action];
pub const TOP_USERS: &[MarkKind] = &[MarkKind::User];
pub const MARKING_VIEWS: [&[MarkKind]; 5] = [
    ACTIONS_CHART,
    WEEKDAY_CHART,
    WEEK_HOURS,
    ACTIONS_BY_NAME,
    TOP_USERS,
];

/// How many filters' groups browser mode keeps (a click back to a selection counts nothing).
const KEPT: usize = 8;

/// The filters a view's own marks leave out, for `filter`: one per marking view whose marks
/// are in force, each once.
pub fn view_filters(filter: &ViewFilter) -> Vec<ViewFilter> {
    let mut filters: Vec<ViewFilter> = Vec::new();
    for kinds in MARKING_VIEWS {
        if kinds.iter().any(|kind| filter.marks.has(*kind)) {
            let key = filter.without_marks(kinds).counted();
            if !filters.contains(&key) {
                filters.push(key);
            }
        }
    }
    filters
}

/// Values by the filter they are of, the most recent last.
type ByFilter<T> = Vec<(ViewFilter, Arc<T>)>;

/// A marking view's figures: its filter, the groups they came from, the figures.
type ViewFigures = (ViewFilter, Arc<Groups>, Arc<Dashboard>);

/// What browser mode keeps of one log: its window's rows (by window and workspace) and the
/// groups of each filter counted from them.
#[derive(Default)]
struct Held {
    log: Option<Arc<LoadedLog>>,
    window_rows: Option<(ViewFilter, Arc<WindowRows>)>,
    groups: ByFilter<Groups>,
}

impl Held {
    /// Holds `loaded`: what was counted holds when it has the same rows (a kept log's head,
    /// then the same with its diffs), else is let go. The newer log is held.
    fn hold(&mut self, loaded: &Arc<LoadedLog>) {
        if !self.has_rows_of(loaded) {
            *self = Held::default();
        }
        self.log = Some(loaded.clone());
    }

    fn has_rows_of(&self, loaded: &LoadedLog) -> bool {
        self.log
            .as_ref()
            .is_some_and(|of| of.rows_number == loaded.rows_number)
    }
}

#[derive(Clone, Copy)]
pub struct CountedGroups {
    browser: StoredValue<Held>,
    /// Portal mode's, for the marking views ([`view_filters`]).
    pub portal: RwSignal<ByFilter<Groups>>,
    /// The marking views' figures, by their filter (hidden series and mode included) and the
    /// groups they came from: two views with the same filter share them, and picking a mark
    /// again finalizes nothing.
    views: StoredValue<Vec<ViewFigures>>,
}

impl CountedGroups {
    pub fn new() -> Self {
        CountedGroups {
            browser: StoredValue::new(Held::default()),
            portal: RwSignal::new(Vec::new()),
            views: StoredValue::new(Vec::new()),
        }
    }

    /// Browser mode's groups of `key` (a [`ViewFilter::counted`]) over `loaded`: kept ones,
    /// else counted (a pass over the window's rows the marks keep).
    pub fn browser(&self, loaded: &Arc<LoadedLog>, key: &ViewFilter) -> Arc<Groups> {
        self.browser.update_value(|held| held.hold(loaded));
        let found = self.browser.with_value(|held| find(&held.groups, key));
        if let Some(groups) = found {
            return groups;
        }
        let rows = self.window_rows(loaded, key);
        let groups = Arc::new(super::measured::compute_groups(&loaded.log, &rows, key));
        self.browser
            .update_value(|held| keep(&mut held.groups, key, groups.clone()));
        groups
    }

    /// Browser mode's groups of `key` over `loaded` if counted already (nothing is counted).
    pub fn held(&self, loaded: &LoadedLog, key: &ViewFilter) -> Option<Arc<Groups>> {
        self.browser
            .with_value(|held| held.has_rows_of(loaded).then(|| find(&held.groups, key)))
            .flatten()
    }

    /// Holds `groups` as the groups of `key` over `loaded` (counted before, from the same rows).
    pub fn keep(&self, loaded: &Arc<LoadedLog>, key: &ViewFilter, groups: Arc<Groups>) {
        self.browser.update_value(|held| {
            held.hold(loaded);
            keep(&mut held.groups, key, groups);
        });
    }

    /// Holds `rows` as the rows of `key`'s window and workspace over `loaded` (a load's count
    /// found them): the first mark then only picks among them.
    pub fn keep_window_rows(&self, loaded: &Arc<LoadedLog>, key: &ViewFilter, rows: WindowRows) {
        self.browser.update_value(|held| {
            held.hold(loaded);
            held.window_rows = Some((window_of(key), Arc::new(rows)));
        });
    }

    /// Finds and holds the rows of `key`'s window and workspace over `loaded`, unless held.
    pub fn hold_window_rows(&self, loaded: &Arc<LoadedLog>, key: &ViewFilter) {
        self.browser.update_value(|held| held.hold(loaded));
        self.window_rows(loaded, key);
    }

    /// The rows of `key`'s window and workspace, kept for the next marks.
    fn window_rows(&self, loaded: &Arc<LoadedLog>, key: &ViewFilter) -> Arc<WindowRows> {
        let window = window_of(key);
        let kept = self.browser.with_value(|held| {
            held.window_rows
                .as_ref()
                .filter(|(of, _)| *of == window)
                .map(|(_, rows)| rows.clone())
        });
        kept.unwrap_or_else(|| {
            let rows = engine::filter::window_rows(
                &loaded.log,
                &window.window,
                window.workspace.as_deref(),
            );
            let rows = Arc::new(WindowRows::new(&loaded.log, rows));
            self.browser
                .update_value(|held| held.window_rows = Some((window, rows.clone())));
            rows
        })
    }

    /// A marking view's figures for `filter` from `groups`, unless kept from the same groups.
    pub fn view_figures(&self, filter: &ViewFilter, groups: Arc<Groups>) -> Arc<Dashboard> {
        let kept = self.views.with_value(|views| {
            views
                .iter()
                .find(|(k, of, _)| k == filter && Arc::ptr_eq(of, &groups))
                .map(|(_, _, figures)| figures.clone())
        });
        if let Some(figures) = kept {
            return figures;
        }
        let figures = Arc::new(groups.dashboard(&filter.window, filter.mode, &filter.hidden));
        self.remember_figures(filter, groups, figures.clone());
        figures
    }

    /// Keeps `figures` as those of `filter` from `groups`, for the marking views: the page's
    /// own figures are kept too, so that the first mark's view, drawn without its own marks
    /// (the figures the page showed before the click), finalizes nothing.
    pub fn remember_figures(
        &self,
        filter: &ViewFilter,
        groups: Arc<Groups>,
        figures: Arc<Dashboard>,
    ) {
        self.views.update_value(|views| {
            views.retain(|(k, _, _)| k != filter);
            views.push((filter.clone(), groups, figures));
            let extra = views.len().saturating_sub(KEPT);
            views.drain(..extra);
        });
    }

    /// Portal mode's groups of `key`, once answered.
    pub fn portal(&self, key: &ViewFilter) -> Option<Arc<Groups>> {
        self.portal.with(|held| find(held, key))
    }
}

/// `key` without its marks: the window and workspace whose rows the marks pick among.
fn window_of(key: &ViewFilter) -> ViewFilter {
    ViewFilter {
        marks: Default::default(),
        ..key.clone()
    }
}

fn find<T>(kept: &ByFilter<T>, key: &ViewFilter) -> Option<Arc<T>> {
    kept.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
}

fn keep<T>(kept: &mut ByFilter<T>, key: &ViewFilter, value: Arc<T>) {
    kept.retain(|(k, _)| k != key);
    kept.push((key.clone(), value));
    let extra = kept.len().saturating_sub(KEPT);
    kept.drain(..extra);
}

impl Default for CountedGroups {
    fn default() -> Self {
        Self::new()
    }
}
