//! The app's shared state: the URL's view, the loaded log and the dashboard computed from it,
//! in one context every route reads.

pub mod aggregated;
pub mod counted;
pub mod event_pages;
pub mod events;
pub mod first_draw;
pub mod imports;
pub mod kept;
pub mod latest;
mod live;
mod loaded;
mod loader;
mod measured;
pub mod mode;
mod off_screen;
pub mod plan;
mod portal_round;
mod provide;
pub mod retry;
mod stages;
pub mod subject;
mod titles;
mod url;
mod warm_up;

use std::sync::Arc;

use engine::compare::PreviousPeriod;
use engine::dashboard::Dashboard;
use engine::groups::Groups;
use engine::ViewFilter;
use leptos::prelude::*;

use crate::api::Source;
use crate::query::ViewQuery;
use crate::storage::StorageError;

pub use loaded::{GroupsShown, Imported, LoadState, LoadedLog, Shown};
pub use provide::provide_log_data;
pub use stages::Stages;
pub use titles::DatasetTitles;
pub use url::{filter_change, set, use_link, use_mark_toggle, use_query_value, use_query_writer};

/// The shared data of the app, in context.
#[derive(Clone, Copy)]
pub struct LogData {
    /// The URL query's pairs, form-decoded.
    pub query: Memo<Vec<(String, String)>>,
    pub view: Memo<ViewQuery>,
    pub source: Memo<Source>,
    /// Window, workspace, marks and series filters of the views.
    pub filter: Memo<ViewFilter>,
    pub state: RwSignal<LoadState>,
    /// The view is drawing its figures in stages ([`Stages`]): not ready to read yet.
    pub drawing: RwSignal<Option<Stages>>,
    /// How many parts off screen have yet to catch up with a change (`off_screen`).
    catching_up: RwSignal<u32>,
    /// What is shown (loaded, or partial while loading): changes only when that does, not
    /// with every chunk's progress, so that what is computed from it is not computed again.
    shown: Memo<Option<Shown>>,
    /// Everything the dashboard shows (and the lists behind *Show more*), for the current filter;
    /// computed when first read, shared by every route.
    pub dashboard: Memo<Option<Arc<Dashboard>>>,
    /// `agg=`: where the link asks the figures to be computed.
    pub aggregation: Memo<crate::query::Choice>,
    /// Where they are computed, and why: decided by each load.
    pub mode: RwSignal<Option<mode::Mode>>,
    /// The window's groups, every figure's intermediate (either mode's): the dashboard and
    /// the lists are finalized from these, so the legend filters them without counting again.
    pub groups: Memo<Option<Arc<Groups>>>,
    /// `compare=previous`: the dashboard shows the previous period's figures beside its own.
    pub compare: Memo<bool>,
    /// The language of the page: the URL's `lang`, else the browser's.
    pub lang: Memo<crate::i18n::Lang>,
    /// The previous period's figures, when comparing (under the same filters).
    pub previous: Memo<Option<Arc<PreviousPeriod>>>,
    /// `source=files`: the log comes from imported files, not from the portal.
    pub from_files: Memo<bool>,
    pub imported: RwSignal<Option<Arc<Imported>>>,
    /// Dataset titles from the portal, for the loaded log.
    pub titles: RwSignal<Arc<DatasetTitles>>,
    /// When the log shown was last brought up to date from the portal (UTC milliseconds).
    pub updated_at: RwSignal<Option<i64>>,
    /// `live=1`: new events are fetched every minute while the page is visible.
    pub live: Memo<bool>,
    /// The browser refused to keep the log (told once; the app works without it).
    pub storage_problem: RwSignal<Option<StorageError>>,
    storage_told: StoredValue<bool>,
    /// Counts "Clear local data": the loader then forgets the copy it holds.
    kept_cleared: RwSignal<u32>,
    /// How many times the log was asked for again: Retry, Refresh, a live update, an import.
    /// Kept answers of an earlier count are not used again.
    reloads: RwSignal<u32>,
    cancels: RwSignal<u32>,
    /// The parts of the view asking the portal now (portal mode).
    asking: StoredValue<Vec<&'static str>>,
    /// The groups of the filters the marking views draw (see `counted`).
    pub counted: counted::CountedGroups,
    /// The notable actions' card has been in view: from then on a portal is asked for their
    /// candidates too (`aggregated`); before, they cost nothing.
    pub notable_wanted: RwSignal<bool>,
    /// A kept copy's window's groups, drawn on a second visit before any event is read
    /// (`first_draw`), with the groups key they are of. Set by the loader (in a browser only).
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    first_groups: RwSignal<Option<(ViewFilter, Arc<Groups>)>>,
}

impl LogData {
    /// Loads again with the same URL (and so the same filters): what is kept is shown, and
    /// only what it lacks or what is new is asked of the portal.
    pub fn retry(&self) {
        self.reloads.update(|count| *count += 1);
    }

    /// Asks the portal for the events that are new since the last load.
    pub fn refresh(&self) {
        self.retry();
    }

    /// The figures a view draws whose own marks are of `kinds`: under the filter without them
    /// (its other marks stay in sight), else the dashboard's. None until counted or answered.
    pub fn dashboard_without(&self, kinds: &[engine::MarkKind]) -> Option<Arc<Dashboard>> {
        let filter = self.filter.get();
        if !kinds.iter().any(|kind| filter.marks.has(*kind)) {
            return self.dashboard.get();
        }
        let view_filter = filter.without_marks(kinds);
        let key = view_filter.counted();
        let groups = match self.on_portal() {
            true => self.counted.portal(&key)?,
            false => self.counted.browser(&self.held_events()?, &key),
        };
        Some(self.counted.view_figures(&view_filter, groups))
    }

    /// Whether the portal computes the figures (portal mode).
    pub fn on_portal(&self) -> bool {
        self.mode.get().is_some_and(mode::Mode::on_portal)
    }

    /// [`Self::on_portal`], not tracked.
    pub fn on_portal_untracked(&self) -> bool {
        self.mode.get_untracked().is_some_and(mode::Mode::on_portal)
    }

    /// `who` (a view's part: `figures`, `events`, `history`) starts asking the portal for what
    /// it shows (portal mode): the page says it is loading and keeps what it shows; returns
    /// that, to show again with [`Self::finish_asking`]. A newer ask of the same part replaces
    /// an older one.
    pub fn start_asking(&self, who: &'static str) -> Option<Shown> {
        let shown = self.state.with_untracked(LoadState::ready);
        self.asking.update_value(|asking| {
            if !asking.contains(&who) {
                asking.push(who);
            }
        });
        self.state.set(LoadState::Loading {
            progress: Default::default(),
            partial: shown.clone(),
        });
        shown
    }

    /// `who`'s answer is in: a failure is shown with its Retry at once; what is shown is ready
    /// again once no other part is still asking (`None`: `who` gave up, a view that left).
    pub fn finish_asking(
        &self,
        who: &'static str,
        answer: Result<Option<Shown>, crate::api::ApiError>,
    ) {
        self.asking
            .update_value(|asking| asking.retain(|part| *part != who));
        let done = self.asking.with_value(Vec::is_empty);
        match answer {
            Err(error) => self.state.set(LoadState::Failed(error)),
            Ok(Some(shown)) if done => self.state.set(LoadState::Ready(shown)),
            Ok(Some(shown)) => self.state.set(LoadState::Loading {
                progress: Default::default(),
                partial: Some(shown),
            }),
            Ok(None) if done => {
                let partial = self.state.with_untracked(|state| match state {
                    LoadState::Loading { partial, .. } => partial.clone(),
                    _ => None,
                });
                if let Some(shown) = partial {
                    self.state.set(LoadState::Ready(shown));
                }
            }
            Ok(None) => {}
        }
    }

    /// Reads the reload count, so that what is asked of the portal is asked again on Retry.
    pub fn track_reloads(&self) {
        self.reloads.track();
    }

    /// How many times the log was asked for again (Retry, Refresh, Live); read, it is tracked.
    pub fn reload_count(&self) -> u32 {
        self.reloads.get()
    }

    /// After "Clear local data": nothing kept is used again (what is shown stays shown).
    pub fn forget_kept(&self) {
        self.imported.set(None);
        self.kept_cleared.update(|count| *count += 1);
    }

    /// Shows a storage refusal, the first time only.
    pub fn tell_storage_problem(&self, problem: StorageError) {
        if !self.storage_told.get_value() {
            self.storage_told.set_value(true);
            self.storage_problem.set(Some(problem));
        }
    }

    /// Stops automatic retries; the error stays, with its Retry button.
    pub fn cancel_retries(&self) {
        self.cancels.update(|count| *count += 1);
    }

    /// The value of `main[data-state]`: `ready` only once the view is drawn in full;
    /// `drawing` while what is on screen is drawn and parts off screen catch up with a change
    /// of the filter or the figures (a frame later).
    pub fn state_name(&self) -> &'static str {
        let name = self.state.with(LoadState::name);
        if name != "ready" {
            name
        } else if self.drawing.get().is_some_and(|stages| stages.drawing()) {
            "loading"
        } else if self.catching_up.get() > 0 {
            "drawing"
        } else {
            name
        }
    }

    /// What is shown besides the figures, partial while loading (tracked).
    pub fn shown(&self) -> Option<Shown> {
        self.shown.get()
    }

    /// The events held, to cut lists from (tracked): none in portal mode, which asks the
    /// portal for them.
    pub fn held_events(&self) -> Option<Arc<LoadedLog>> {
        self.shown.with(|shown| shown.as_ref()?.events().cloned())
    }
}

pub fn use_log_data() -> LogData {
    expect_context::<LogData>()
}
