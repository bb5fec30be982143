//! What the app holds of a load: what is shown (the indexed log, or what the portal's groups
//! tell besides the figures), the load's state, the imported files.

use std::sync::Arc;

use engine::calendar::Zone;
use engine::filter::view_rows;
use engine::search::newest_first;
use engine::{IndexedLog, ParseReport, Store, ViewFilter};

use crate::api::{ApiError, Progress};
use crate::colours::SeriesColours;

/// A log loaded for one zone, indexed once (local days, objects).
#[derive(Debug)]
pub struct LoadedLog {
    pub log: IndexedLog,
    pub report: ParseReport,
    /// The distinct workspaces, for the workspace filter.
    pub workspaces: Vec<String>,
    /// Each series' colour, fixed for this log.
    pub colours: SeriesColours,
    /// Which rows it holds: two logs of the same number hold the same rows in the same order
    /// (one may have their diffs, the other not), so that what was counted of one holds for
    /// the other.
    pub rows_number: u64,
}

/// The number the next log of new rows is given.
static NEXT_ROWS_NUMBER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

impl LoadedLog {
    pub fn new(store: Store, report: ParseReport, zone: Zone) -> Self {
        Self::of_index(IndexedLog::new(store, zone), report)
    }

    /// [`LoadedLog::new`] in steps with the page free between them (a million events'
    /// local days and objects, a slice of rows at a time, then the rest); the performance measure
    /// `name` times the steps' work, the waits aside.
    pub async fn in_steps(store: Store, report: ParseReport, zone: Zone, name: &str) -> Self {
        use crate::browser::{precise_now, sleep};
        use crate::task_steps::Steps;
        let started = precise_now();
        let mut work = 0.0;
        let mut steps = Steps::new();
        let mut days = engine::LocalDays::empty(zone);
        let mut objects = engine::ObjectIndex::default();
        for start in (0..store.len()).step_by(Steps::ROWS) {
            steps.pause_if_due().await;
            let step = precise_now();
            days.extend_to(&store, start + Steps::ROWS);
            objects.extend_to(&store, start + Steps::ROWS);
            work += precise_now() - step;
        }
        sleep(0).await;
        let step = precise_now();
        let log = IndexedLog::of_parts(store, days, objects);
        let workspaces = log.workspaces();
        work += precise_now() - step;
        sleep(0).await;
        let step = precise_now();
        let colours = Self::colours_of(&log);
        let log = Self::assemble(log, report, workspaces, colours);
        work += precise_now() - step;
        crate::browser::measure(name, started, work);
        log
    }

    /// This log's rows with their diffs (`store`: the same rows read again, whole): its index,
    /// workspaces and colours kept, not computed again.
    pub fn with_diffs(&self, store: Store) -> Self {
        let days = self.log.days.clone();
        LoadedLog {
            log: IndexedLog::of_parts(store, days, self.log.objects.clone()),
            report: self.report.clone(),
            workspaces: self.workspaces.clone(),
            colours: self.colours.clone(),
            rows_number: self.rows_number,
        }
    }

    fn of_index(log: IndexedLog, report: ParseReport) -> Self {
        let workspaces = log.workspaces();
        let colours = Self::colours_of(&log);
        Self::assemble(log, report, workspaces, colours)
    }

    fn colours_of(log: &IndexedLog) -> SeriesColours {
        SeriesColours::new(&engine::families::action_families(log))
    }

    /// A log of rows new to the app (a number of its own), with what was found of them.
    fn assemble(
        log: IndexedLog,
        report: ParseReport,
        workspaces: Vec<String>,
        colours: SeriesColours,
    ) -> Self {
        LoadedLog {
            log,
            report,
            workspaces,
            colours,
            rows_number: NEXT_ROWS_NUMBER.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }

    pub fn zone(&self) -> Zone {
        self.log.zone()
    }

    /// The rows of the window, workspace and marks (not the hidden series), newest first.
    pub fn newest_first(&self, filter: &ViewFilter) -> Vec<u32> {
        let rows = view_rows(&self.log, filter);
        newest_first(&self.log.store, &rows)
    }
}

/// What a view shows besides its figures: in browser mode the events held (their colours and
/// workspaces with them), in portal mode the colours and workspaces the portal's groups tell.
/// Cheap to clone; two are the same when they hold the same thing (not merely equal ones).
#[derive(Clone, Debug)]
pub enum Shown {
    Events(Arc<LoadedLog>),
    Groups(Arc<GroupsShown>),
}

/// What a portal-mode view shows besides its figures.
#[derive(Debug)]
pub struct GroupsShown {
    pub colours: SeriesColours,
    pub workspaces: Vec<String>,
}

impl Shown {
    /// The events held: none in portal mode.
    pub fn events(&self) -> Option<&Arc<LoadedLog>> {
        match self {
            Shown::Events(log) => Some(log),
            Shown::Groups(_) => None,
        }
    }

    pub fn colours(&self) -> &SeriesColours {
        match self {
            Shown::Events(log) => &log.colours,
            Shown::Groups(groups) => &groups.colours,
        }
    }

    /// The distinct workspaces, for the workspace filter.
    pub fn workspaces(&self) -> &[String] {
        match self {
            Shown::Events(log) => &log.workspaces,
            Shown::Groups(groups) => &groups.workspaces,
        }
    }

    /// Whether both hold the very same thing.
    pub fn same(&self, other: &Shown) -> bool {
        match (self, other) {
            (Shown::Events(a), Shown::Events(b)) => Arc::ptr_eq(a, b),
            (Shown::Groups(a), Shown::Groups(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

#[derive(Clone, Debug)]
pub enum LoadState {
    /// On its way. `partial` is what can be shown meanwhile: the kept copy, or the events that
    /// have arrived so far; figures drawn from it are marked partial.
    Loading {
        progress: Progress,
        partial: Option<Shown>,
    },
    /// A transient failure, retried by itself in `seconds` (attempt `attempt` of `of`); the
    /// user can cancel.
    Retrying {
        error: ApiError,
        attempt: usize,
        of: usize,
        seconds: u32,
    },
    Ready(Shown),
    Failed(ApiError),
}

/// Files imported by the user, merged (what several files share counted once).
#[derive(Debug)]
pub struct Imported {
    pub store: Store,
    pub report: ParseReport,
    pub files: Vec<String>,
    pub duplicates: usize,
}

impl LoadState {
    /// The value of `main[data-state]`.
    pub fn name(&self) -> &'static str {
        match self {
            LoadState::Loading { .. } | LoadState::Retrying { .. } => "loading",
            LoadState::Ready(_) => "ready",
            LoadState::Failed(_) => "error",
        }
    }

    /// What to show: the loaded log or groups, or what is shown while they load.
    pub fn ready(&self) -> Option<Shown> {
        match self {
            LoadState::Ready(shown) => Some(shown.clone()),
            LoadState::Loading { partial, .. } => partial.clone(),
            _ => None,
        }
    }

    /// What is shown once completely loaded; none while partial.
    pub fn complete(&self) -> Option<Shown> {
        match self {
            LoadState::Ready(shown) => Some(shown.clone()),
            _ => None,
        }
    }

    /// Nothing shown yet and nothing failed: the start of a load.
    pub fn starting() -> Self {
        LoadState::Loading {
            progress: Progress::default(),
            partial: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::dashboard::Dashboard;
    use engine::{DateWindow, Record};

    #[test]
    fn shown_is_the_same_only_when_it_holds_the_very_same_thing() {
        let zone: Zone = "Europe/Paris".parse().unwrap();
        let log = || Arc::new(LoadedLog::new(Store::new(), ParseReport::default(), zone));
        let (one, other) = (log(), log());
        let groups = Arc::new(GroupsShown {
            colours: SeriesColours::new(&[]),
            workspaces: vec!["lab".into()],
        });
        assert!(Shown::Events(one.clone()).same(&Shown::Events(one.clone())));
        assert!(!Shown::Events(one.clone()).same(&Shown::Events(other)));
        assert!(Shown::Groups(groups.clone()).same(&Shown::Groups(groups.clone())));
        assert!(!Shown::Groups(groups.clone()).same(&Shown::Events(one.clone())));
        assert!(Shown::Groups(groups.clone()).events().is_none());
        assert_eq!(Shown::Groups(groups).workspaces(), ["lab".to_string()]);
        assert!(Shown::Events(one).events().is_some());
    }

    #[test]
    fn loaded_log_keeps_only_the_window_and_sorts_newest_first() {
        use std::collections::BTreeSet;
        let at = |ts: &str, user: &str| Record {
            timestamp: ts.parse().unwrap(),
            user_id: user.into(),
            action: "edit_dataset".into(),
            ..Record::default()
        };
        // The portal sent one event too many (the day before the window, in Paris).
        let store = Store::from_records(&[
            at("2024-01-01T22:59:00Z", "early"),
            at("2024-01-02T08:00:00Z", "ann"),
            at("2024-01-03T08:00:00Z", "bob"),
        ]);
        let window = DateWindow::parse("2024-01-02", "2024-01-03").unwrap();
        let log = LoadedLog::new(
            store,
            ParseReport::default(),
            "Europe/Paris".parse().unwrap(),
        );
        let filter = ViewFilter {
            window,
            workspace: None,
            mode: engine::SeriesMode::ObjectType,
            hidden: BTreeSet::new(),
            marks: Default::default(),
        };
        assert_eq!(log.newest_first(&filter), vec![2, 1]);
        let dashboard = Dashboard::compute(&log.log, &filter);
        assert_eq!((dashboard.kpis.actions, dashboard.kpis.users), (2, 2));
    }
}
