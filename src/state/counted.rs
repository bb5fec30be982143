//! The groups of a filter (its window, workspace and marks), kept by filter: browser mode's
//! counted from the events held, portal mode's asked for the views whose own marks narrow the
//! others. A view that made a selection draws its figures without its own marks (the selected
//! ones marked, the others in sight), every other figure with all of them.

use std::sync::Arc;

use engine::groups::Groups;
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

/// Groups by the filter they count, the most recent last.
type ByFilter = Vec<(ViewFilter, Arc<Groups>)>;

#[derive(Clone, Copy)]
pub struct CountedGroups {
    /// Browser mode's, counted from `of_log`'s events, the most recent last.
    browser: StoredValue<(Option<Arc<LoadedLog>>, ByFilter)>,
    /// Portal mode's, for the marking views ([`view_filters`]).
    pub portal: RwSignal<ByFilter>,
}

impl CountedGroups {
    pub fn new() -> Self {
        CountedGroups {
            browser: StoredValue::new((None, Vec::new())),
            portal: RwSignal::new(Vec::new()),
        }
    }

    /// Browser mode's groups of `key` (a [`ViewFilter::counted`]) over `loaded`: kept ones,
    /// else counted (a pass over the window's rows).
    pub fn browser(&self, loaded: &Arc<LoadedLog>, key: &ViewFilter) -> Arc<Groups> {
        let found = self.browser.with_value(|(of, kept)| {
            let same_log = of.as_ref().is_some_and(|of| Arc::ptr_eq(of, loaded));
            same_log
                .then(|| kept.iter().find(|(k, _)| k == key).map(|(_, g)| g.clone()))
                .flatten()
        });
        if let Some(groups) = found {
            return groups;
        }
        let groups = Arc::new(super::measured::compute_groups(&loaded.log, key));
        self.browser.update_value(|(of, kept)| {
            if !of.as_ref().is_some_and(|of| Arc::ptr_eq(of, loaded)) {
                *of = Some(loaded.clone());
                kept.clear();
            }
            kept.push((key.clone(), groups.clone()));
            let extra = kept.len().saturating_sub(KEPT);
            kept.drain(..extra);
        });
        groups
    }

    /// Portal mode's groups of `key`, once answered.
    pub fn portal(&self, key: &ViewFilter) -> Option<Arc<Groups>> {
        self.portal.with(|held| {
            held.iter()
                .find(|(k, _)| k == key)
                .map(|(_, groups)| groups.clone())
        })
    }
}

impl Default for CountedGroups {
    fn default() -> Self {
        Self::new()
    }
}
