//! The shared data made once, inside the router: the URL's memos, the figures' memos (either
//! mode's groups, finished for the view's filter) and the effects that load and update them.

use std::sync::Arc;

use engine::compare::PreviousPeriod;
use engine::dashboard::Dashboard;
use engine::groups::Groups;
use engine::ViewFilter;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use super::{aggregated, counted, live, loader, measured, mode, titles};
use super::{LoadState, LogData, Shown};
use crate::query;

/// Creates the shared data and the effect that loads it. Call once, inside the router.
pub fn provide_log_data() -> LogData {
    let location = use_location();
    let query = Memo::new(move |_| query::parse_pairs(&location.search.get()));
    let view = view_memo(query);
    let filter = Memo::new(move |_| query.with(|q| query::view_filter(q, view.get().window)));
    let state = RwSignal::new(LoadState::starting());
    let shown = shown_memo(state);
    let mode = RwSignal::new(None::<mode::Mode>);
    // What portal mode's producer answered: held apart, read only by the groups memos.
    let portal = aggregated::PortalGroups::new();
    let compare = Memo::new(move |_| query.with(|q| query::compares_with_previous(q)));
    let counted = counted::CountedGroups::new();
    let first_groups = RwSignal::new(None::<(ViewFilter, Arc<Groups>)>);
    let inputs = FigureInputs {
        key: Memo::new(move |_| filter.with(ViewFilter::counted)),
        compare,
        on_portal: Memo::new(move |_| mode.get().is_some_and(mode::Mode::on_portal)),
        shown,
        portal,
        counted,
        first_groups,
    };
    let (groups, previous_groups) = (inputs.groups(), inputs.previous_groups());
    let browser_language = crate::browser::language();
    let data = LogData {
        query,
        view,
        source: source_memo(query),
        filter,
        state,
        drawing: RwSignal::new(None),
        catching_up: RwSignal::new(0),
        notable_wanted: RwSignal::new(false),
        shown,
        dashboard: page_figures(groups, filter, counted),
        aggregation: Memo::new(move |_| query.with(|q| query::aggregation_choice(q))),
        mode,
        groups,
        compare,
        lang: Memo::new(move |_| query.with(|q| query::language(q, &browser_language))),
        previous: finished(previous_groups, filter, measured::compute_previous),
        from_files: Memo::new(move |_| query.with(|q| query::first(q, "source") == Some("files"))),
        imported: RwSignal::new(None),
        titles: RwSignal::new(Arc::default()),
        updated_at: RwSignal::new(None),
        live: Memo::new(move |_| query.with(|q| query::is_live(q))),
        storage_problem: RwSignal::new(None),
        storage_told: StoredValue::new(false),
        kept_cleared: RwSignal::new(0),
        reloads: RwSignal::new(0),
        cancels: RwSignal::new(0),
        asking: StoredValue::new(Vec::new()),
        counted,
        first_groups,
    };
    provide_context(data);
    loader::start_loading(data);
    aggregated::start_aggregating(data, portal);
    live::start_live_updates(data);
    titles::load_titles(data);
    data
}

/// The window and zone of the URL (today's, in the browser's zone, when it names none).
fn view_memo(query: Memo<Vec<(String, String)>>) -> Memo<query::ViewQuery> {
    let browser_zone = crate::browser::time_zone();
    Memo::new(move |_| {
        query.with(|q| {
            query::view_query(
                query::first(q, "from"),
                query::first(q, "to"),
                query::first(q, "tz"),
                &browser_zone,
                crate::browser::now_ms(),
            )
        })
    })
}

/// The portal and dataset of the URL (the demo's own, on this page's origin, by default).
fn source_memo(query: Memo<Vec<(String, String)>>) -> Memo<crate::api::Source> {
    let origin = crate::browser::origin();
    Memo::new(move |_| {
        query.with(|q| {
            query::source(
                query::first(q, "portal"),
                query::first(q, "dataset"),
                &origin,
            )
        })
    })
}

/// What is shown, changing only when that does (not with every chunk's progress).
fn shown_memo(state: RwSignal<LoadState>) -> Memo<Option<Shown>> {
    Memo::new_with_compare(
        move |_| state.with(LoadState::ready),
        |a: Option<&Option<Shown>>, b: Option<&Option<Shown>>| {
            let same = |a: &Option<Shown>, b: &Option<Shown>| match (a, b) {
                (Some(a), Some(b)) => a.same(b),
                (None, None) => true,
                _ => false,
            };
            !matches!((a, b), (Some(a), Some(b)) if same(a, b))
        },
    )
}

/// What the groups memos read: either mode's counts, and a kept copy's first groups.
#[derive(Clone, Copy)]
struct FigureInputs {
    /// What the groups depend on: the window, the workspace and the marks, not the legend or
    /// the series mode (a legend click re-finalizes them).
    key: Memo<ViewFilter>,
    compare: Memo<bool>,
    on_portal: Memo<bool>,
    shown: Memo<Option<Shown>>,
    portal: aggregated::PortalGroups,
    counted: counted::CountedGroups,
    first_groups: RwSignal<Option<(ViewFilter, Arc<Groups>)>>,
}

impl FigureInputs {
    /// The groups counted in the browser for `key`, once events are held.
    fn browser_groups(self, key: &ViewFilter) -> Option<Arc<Groups>> {
        let loaded = self.shown.with(|shown| shown.as_ref()?.events().cloned())?;
        Some(self.counted.browser(&loaded, key))
    }

    /// A kept copy's groups, when they are of `key` (a second visit's first draw).
    fn kept_groups(self, key: &ViewFilter) -> Option<Arc<Groups>> {
        self.first_groups.with(|kept| {
            kept.as_ref()
                .filter(|(of, _)| of == key)
                .map(|(_, groups)| groups.clone())
        })
    }

    /// The view's window's groups. A new value always counts as changed: comparing two would
    /// cost more than it saves.
    fn groups(self) -> Memo<Option<Arc<Groups>>> {
        let key = self.key;
        Memo::new_with_compare(
            move |_| match self.on_portal.get() {
                true => self.portal.current.get(),
                false => key.with(|key| self.browser_groups(key).or_else(|| self.kept_groups(key))),
            },
            |_, _| true,
        )
    }

    /// The previous period's groups, when comparing.
    fn previous_groups(self) -> Memo<Option<Arc<Groups>>> {
        let key = self.key;
        Memo::new_with_compare(
            move |_| match (self.compare.get(), self.on_portal.get()) {
                (false, _) => None,
                (true, true) => self.portal.previous.get(),
                (true, false) => key.with(|key| self.browser_groups(&PreviousPeriod::filter(key))),
            },
            |_, _| true,
        )
    }
}

/// Figures finished from `groups` for the view's filter by `finish`, when there are groups.
/// The page's figures: its groups finished for its filter, and remembered for the marking
/// views ([`counted::CountedGroups::remember_figures`]).
fn page_figures(
    groups: Memo<Option<Arc<Groups>>>,
    filter: Memo<ViewFilter>,
    counted: counted::CountedGroups,
) -> Memo<Option<Arc<Dashboard>>> {
    Memo::new_with_compare(
        move |_| {
            let groups = groups.get()?;
            let filter = filter.get();
            let figures = Arc::new(measured::compute_dashboard(&groups, &filter));
            counted.remember_figures(&filter, groups, figures.clone());
            Some(figures)
        },
        |_, _| true,
    )
}

fn finished<T: Send + Sync + 'static>(
    groups: Memo<Option<Arc<Groups>>>,
    filter: Memo<ViewFilter>,
    finish: fn(&Groups, &ViewFilter) -> T,
) -> Memo<Option<Arc<T>>> {
    Memo::new_with_compare(
        move |_| {
            let groups = groups.get()?;
            Some(Arc::new(filter.with(|f| finish(&groups, f))))
        },
        |_, _| true,
    )
}
