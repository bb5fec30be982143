//! The loaded log, shared by every route: fetched when the source, window or zone in the URL
//! changes (or on Retry), with the previous request aborted.

use std::sync::Arc;

use engine::calendar::Zone;
use engine::dashboard::{window_rows, Dashboard, WindowSlice};
use engine::search::newest_first;
use engine::{DateWindow, IndexedLog, ParseReport, Store, ViewFilter};
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

use crate::api::{ApiError, Progress, Source};
use crate::query::{self, ViewQuery};

/// A log loaded for one window and zone, indexed once (local days, objects).
#[derive(Debug)]
pub struct LoadedLog {
    pub log: IndexedLog,
    pub report: ParseReport,
    pub window: DateWindow,
    /// The distinct workspaces, for the workspace filter.
    pub workspaces: Vec<String>,
}

impl LoadedLog {
    pub fn new(store: Store, report: ParseReport, window: DateWindow, zone: Zone) -> Self {
        let log = IndexedLog::new(store, zone);
        let workspaces = log.workspaces();
        LoadedLog {
            log,
            report,
            window,
            workspaces,
        }
    }

    pub fn zone(&self) -> Zone {
        self.log.zone()
    }

    /// The rows of the window and workspace (not the hidden series), newest first.
    pub fn newest_first(&self, filter: &ViewFilter) -> Vec<u32> {
        let rows = window_rows(&self.log, &filter.window, filter.workspace.as_deref());
        newest_first(&self.log.store, &rows)
    }
}

#[derive(Clone, Debug)]
pub enum LoadState {
    Loading(Progress),
    /// A transient failure, retried by itself in `seconds` (attempt `attempt` of `of`); the
    /// user can cancel.
    Retrying {
        error: ApiError,
        attempt: usize,
        of: usize,
        seconds: u32,
    },
    Ready(Arc<LoadedLog>),
    Failed(ApiError),
}

/// Files imported by the user, merged, duplicates dropped.
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
            LoadState::Loading(_) | LoadState::Retrying { .. } => "loading",
            LoadState::Ready(_) => "ready",
            LoadState::Failed(_) => "error",
        }
    }

    pub fn ready(&self) -> Option<Arc<LoadedLog>> {
        match self {
            LoadState::Ready(log) => Some(log.clone()),
            _ => None,
        }
    }
}

/// The window's slice (rows, per-day series), recording `agg:window` and `agg:series`.
fn compute_slice(
    log: &IndexedLog,
    window: &DateWindow,
    workspace: Option<&str>,
    mode: engine::SeriesMode,
) -> WindowSlice {
    let started = crate::browser::precise_now();
    let rows = window_rows(log, window, workspace);
    let between = crate::browser::precise_now();
    crate::browser::measure("agg:window", started, between - started);
    let series = engine::dashboard::actions_over_time(log, &rows, window, mode);
    crate::browser::measure(
        "agg:series",
        between,
        crate::browser::precise_now() - between,
    );
    WindowSlice { rows, series }
}

/// The dashboard for a filter from its window's slice, recording `performance.measure` entries:
/// `update` for the whole and `agg:<step>` for each aggregate (the browser benchmark reads them).
fn compute_dashboard(log: &IndexedLog, filter: &ViewFilter, slice: &WindowSlice) -> Dashboard {
    let started = crate::browser::precise_now();
    let mut step_start = started;
    let dashboard = Dashboard::from_slice(log, filter, slice, |step| {
        let now = crate::browser::precise_now();
        crate::browser::measure(&format!("agg:{step}"), step_start, now - step_start);
        step_start = now;
    });
    crate::browser::measure("update", started, crate::browser::precise_now() - started);
    dashboard
}

/// The shared data of the app, in context.
#[derive(Clone, Copy)]
pub struct LogData {
    /// The URL query's pairs, form-decoded.
    pub query: Memo<Vec<(String, String)>>,
    pub view: Memo<ViewQuery>,
    pub source: Memo<Source>,
    /// Window, workspace and series filters of the views.
    pub filter: Memo<ViewFilter>,
    pub state: RwSignal<LoadState>,
    /// Everything the dashboard shows (and the lists behind *Show more*), for the current filter;
    /// computed when first read, shared by every route.
    pub dashboard: Memo<Option<Arc<Dashboard>>>,
    /// `source=files`: the log comes from imported files, not from the portal.
    pub from_files: Memo<bool>,
    pub imported: RwSignal<Option<Arc<Imported>>>,
    retries: RwSignal<u32>,
    cancels: RwSignal<u32>,
}

impl LogData {
    /// Loads again with the same URL (and so the same filters).
    pub fn retry(&self) {
        self.retries.update(|count| *count += 1);
    }

    /// Stops automatic retries; the error stays, with its Retry button.
    pub fn cancel_retries(&self) {
        self.cancels.update(|count| *count += 1);
    }

    pub fn ready(&self) -> Option<Arc<LoadedLog>> {
        self.state.with(LoadState::ready)
    }
}

pub fn use_log_data() -> LogData {
    expect_context::<LogData>()
}

/// Creates the shared data and the effect that loads it. Call once, inside the router.
pub fn provide_log_data() -> LogData {
    let location = use_location();
    let query = Memo::new(move |_| query::parse_pairs(&location.search.get()));
    let origin = crate::browser::origin();
    let browser_zone = crate::browser::time_zone();
    let view = Memo::new(move |_| {
        query.with(|q| {
            query::view_query(
                query::first(q, "from"),
                query::first(q, "to"),
                query::first(q, "tz"),
                &browser_zone,
                crate::browser::now_ms(),
            )
        })
    });
    let source = Memo::new(move |_| {
        query.with(|q| {
            query::source(
                query::first(q, "portal"),
                query::first(q, "dataset"),
                &origin,
            )
        })
    });
    let filter = Memo::new(move |_| query.with(|q| query::view_filter(q, view.get().window)));
    let state = RwSignal::new(LoadState::Loading(Progress::default()));
    // The window's rows and series do not depend on the hidden series: a legend toggle reuses
    // them. Keyed on what they do depend on.
    let slice_key = Memo::new(move |_| filter.with(|f| (f.window, f.workspace.clone(), f.mode)));
    let slice = Memo::new_with_compare(
        move |_| {
            let loaded = state.with(LoadState::ready)?;
            let (window, workspace, mode) = slice_key.get();
            Some(Arc::new(compute_slice(
                &loaded.log,
                &window,
                workspace.as_deref(),
                mode,
            )))
        },
        |_, _| true,
    );
    // A new dashboard always counts as changed: comparing two would cost more than it saves.
    let dashboard = Memo::new_with_compare(
        move |_| {
            let loaded = state.with(LoadState::ready)?;
            let slice = slice.get()?;
            Some(Arc::new(
                filter.with(|f| compute_dashboard(&loaded.log, f, &slice)),
            ))
        },
        |_, _| true,
    );
    let from_files = Memo::new(move |_| query.with(|q| query::first(q, "source") == Some("files")));
    let data = LogData {
        query,
        view,
        source,
        filter,
        state,
        dashboard,
        from_files,
        imported: RwSignal::new(None),
        retries: RwSignal::new(0),
        cancels: RwSignal::new(0),
    };
    provide_context(data);
    start_loading(data);
    data
}

#[cfg(target_arch = "wasm32")]
fn start_loading(data: LogData) {
    use crate::api::ExploreQuery;
    use leptos::task::spawn_local;
    use web_sys::AbortController;

    let in_flight: StoredValue<Option<AbortController>, LocalStorage> =
        StoredValue::new_local(None);
    let generation = StoredValue::new(0u64);
    // What the loaded log covers: a narrower window of the same source and zone needs no fetch
    // (the engine filters by local day anyway).
    let held: StoredValue<Option<(Source, ViewQuery, u32)>> = StoredValue::new(None);
    Effect::new(move |_| {
        let source = data.source.get();
        let view = data.view.get();
        let retries = data.retries.get();
        let covered = held.with_value(|held| {
            held.as_ref().is_some_and(|(s, v, r)| {
                *s == source
                    && v.zone == view.zone
                    && *r == retries
                    && v.window.from <= view.window.from
                    && view.window.to <= v.window.to
            })
        });
        if covered && !data.from_files.get() && data.state.with_untracked(|s| s.ready().is_some()) {
            return;
        }
        held.set_value(None);
        if let Some(previous) = in_flight.get_value() {
            previous.abort();
        }
        generation.update_value(|g| *g += 1);
        if data.from_files.get() {
            data.state.set(match data.imported.get() {
                Some(files) => LoadState::Ready(Arc::new(LoadedLog::new(
                    files.store.clone(),
                    files.report.clone(),
                    view.window,
                    view.zone,
                ))),
                None => LoadState::Failed(ApiError::NoImport),
            });
            return;
        }
        let Ok(controller) = AbortController::new() else {
            return;
        };
        in_flight.set_value(Some(controller.clone()));
        let this_load = generation.get_value();
        let is_current = move || generation.get_value() == this_load;
        let url = ExploreQuery::window_export(&source.dataset, &view.window, view.zone)
            .url(&source.portal);
        let auth = crate::credentials::auth_for(&source.portal);
        data.state.set(LoadState::Loading(Progress::default()));
        spawn_local(async move {
            let cancels_at_start = data.cancels.get_untracked();
            let attempts = crate::api::RETRY_DELAYS_MS.len() + 1;
            for attempt in 1..=attempts {
                let result = crate::api::fetch_log(
                    &url,
                    &source.portal,
                    &auth,
                    &controller.signal(),
                    |progress| {
                        if is_current() {
                            data.state.set(LoadState::Loading(progress));
                        }
                    },
                )
                .await;
                if !is_current() {
                    return;
                }
                let error = match result {
                    Ok((store, report)) => {
                        held.set_value(Some((source.clone(), view.clone(), retries)));
                        let started = crate::browser::precise_now();
                        let log = LoadedLog::new(store, report, view.window, view.zone);
                        crate::browser::measure(
                            "load:index",
                            started,
                            crate::browser::precise_now() - started,
                        );
                        data.state.set(LoadState::Ready(Arc::new(log)));
                        return;
                    }
                    Err(error) => error,
                };
                if !error.transient() || attempt == attempts {
                    data.state.set(LoadState::Failed(error));
                    return;
                }
                // Back off, counting down by the second; Cancel stops here.
                let delay = crate::api::RETRY_DELAYS_MS[attempt - 1];
                for left in (1..=delay.div_ceil(1000)).rev() {
                    data.state.set(LoadState::Retrying {
                        error: error.clone(),
                        attempt,
                        of: attempts,
                        seconds: left,
                    });
                    crate::browser::sleep(1000).await;
                    if !is_current() {
                        return;
                    }
                    if data.cancels.get_untracked() != cancels_at_start {
                        data.state.set(LoadState::Failed(error));
                        return;
                    }
                }
                data.state.set(LoadState::Loading(Progress::default()));
            }
        });
    });
}

#[cfg(not(target_arch = "wasm32"))]
fn start_loading(_: LogData) {}

/// Returns a function that applies changes to the URL query, keeping the path and every other
/// name. `replace` avoids a history entry per keystroke.
pub fn use_query_writer() -> impl Fn(&[(&str, Vec<String>)], bool) + Clone + 'static {
    let navigate = use_navigate();
    let location = use_location();
    move |changes, replace| {
        let current = query::parse_pairs(&location.search.get_untracked());
        let search = query::with_changes(&current, changes);
        let path = location.pathname.get_untracked();
        navigate(
            &format!("{path}{search}"),
            NavigateOptions {
                replace,
                scroll: false,
                ..NavigateOptions::default()
            },
        );
    }
}

/// A link to another view: the path with the query's global names (source, window, zone,
/// filters), so that the filters follow the user.
pub fn use_link() -> impl Fn(&str) -> String + Copy + Send + Sync + 'static {
    let data = use_log_data();
    move |path: &str| format!("{path}{}", data.query.with(|q| query::global_query(q)))
}

/// The value of one query name, for a view's own parameters.
pub fn use_query_value(name: &'static str) -> Memo<Option<String>> {
    let data = use_log_data();
    Memo::new(move |_| {
        data.query
            .with(|q| query::first(q, name).map(str::to_string))
    })
}

/// One single-valued change to the query.
pub fn set(name: &str, value: Option<String>) -> (&str, Vec<String>) {
    (name, value.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::Record;

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
            window,
            "Europe/Paris".parse().unwrap(),
        );
        let filter = ViewFilter {
            window,
            workspace: None,
            mode: engine::SeriesMode::ObjectType,
            hidden: BTreeSet::new(),
        };
        assert_eq!(log.newest_first(&filter), vec![2, 1]);
        let dashboard = Dashboard::compute(&log.log, &filter);
        assert_eq!((dashboard.kpis.actions, dashboard.kpis.users), (2, 2));
    }
}
