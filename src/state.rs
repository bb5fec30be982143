//! The loaded log, shared by every route: fetched when the source, window or zone in the URL
//! changes (or on Retry), with the previous request aborted.

use std::sync::Arc;

use engine::calendar::Zone;
use engine::search::newest_first;
use engine::{DateWindow, Kpis, LocalDays, ParseReport, Selection, Store};
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::api::{ApiError, Progress, Source};
use crate::query::{self, ViewQuery};

/// A log loaded for one window and zone, with what every view derives from it once.
#[derive(Debug)]
pub struct LoadedLog {
    pub store: Store,
    pub report: ParseReport,
    pub window: DateWindow,
    pub zone: Zone,
    pub days: LocalDays,
    /// The rows in the window (the portal may send more than asked: the engine decides).
    pub selection: Selection,
    /// The same rows, newest first.
    pub newest_first: Vec<u32>,
    pub kpis: Kpis,
}

impl LoadedLog {
    pub fn new(store: Store, report: ParseReport, window: DateWindow, zone: Zone) -> Self {
        let days = LocalDays::compute(&store, zone);
        let selection = Selection::in_window(&days, &window);
        let newest_first = newest_first(&store, &selection.rows);
        let kpis = Kpis::compute(&store, &selection.rows);
        LoadedLog {
            store,
            report,
            window,
            zone,
            days,
            selection,
            newest_first,
            kpis,
        }
    }
}

#[derive(Clone, Debug)]
pub enum LoadState {
    Loading(Progress),
    Ready(Arc<LoadedLog>),
    Failed(ApiError),
}

impl LoadState {
    /// The value of `main[data-state]`.
    pub fn name(&self) -> &'static str {
        match self {
            LoadState::Loading(_) => "loading",
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

/// The shared data of the app, in context.
#[derive(Clone, Copy)]
pub struct LogData {
    pub view: Memo<ViewQuery>,
    pub source: Memo<Source>,
    pub state: RwSignal<LoadState>,
    retries: RwSignal<u32>,
}

impl LogData {
    /// Loads again with the same URL (and so the same filters).
    pub fn retry(&self) {
        self.retries.update(|count| *count += 1);
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
    let query = use_query_map();
    let origin = crate::browser::origin();
    let browser_zone = crate::browser::time_zone();
    let view = Memo::new(move |_| {
        query.with(|q| {
            query::view_query(
                q.get_str("from"),
                q.get_str("to"),
                q.get_str("tz"),
                &browser_zone,
                crate::browser::now_ms(),
            )
        })
    });
    let source = Memo::new(move |_| {
        query.with(|q| query::source(q.get_str("portal"), q.get_str("dataset"), &origin))
    });
    let data = LogData {
        view,
        source,
        state: RwSignal::new(LoadState::Loading(Progress::default())),
        retries: RwSignal::new(0),
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
    Effect::new(move |_| {
        let source = data.source.get();
        let view = data.view.get();
        data.retries.track();
        let url = ExploreQuery::window_export(&source.dataset, &view.window, view.zone)
            .url(&source.portal);
        if let Some(previous) = in_flight.get_value() {
            previous.abort();
        }
        let Ok(controller) = AbortController::new() else {
            return;
        };
        in_flight.set_value(Some(controller.clone()));
        generation.update_value(|g| *g += 1);
        let this_load = generation.get_value();
        let is_current = move || generation.get_value() == this_load;
        data.state.set(LoadState::Loading(Progress::default()));
        spawn_local(async move {
            let result =
                crate::api::fetch_log(&url, &source.portal, &controller.signal(), |progress| {
                    if is_current() {
                        data.state.set(LoadState::Loading(progress));
                    }
                })
                .await;
            if !is_current() {
                return;
            }
            data.state.set(match result {
                Ok((store, report)) => LoadState::Ready(Arc::new(LoadedLog::new(
                    store,
                    report,
                    view.window,
                    view.zone,
                ))),
                Err(error) => LoadState::Failed(error),
            });
        });
    });
}

#[cfg(not(target_arch = "wasm32"))]
fn start_loading(_: LogData) {}

/// Returns a function that applies changes to the URL query, keeping the path and every other
/// name. `replace` avoids a history entry per keystroke.
pub fn use_query_writer() -> impl Fn(&[(&str, Option<String>)], bool) + Clone + 'static {
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

/// `?` and the current query, for links to other routes that keep the filters.
pub fn use_query_suffix() -> Memo<String> {
    let location = use_location();
    Memo::new(move |_| {
        let search = location.search.get();
        let search = search.trim_start_matches('?');
        if search.is_empty() {
            String::new()
        } else {
            format!("?{search}")
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::Record;

    #[test]
    fn loaded_log_keeps_only_the_window_and_sorts_newest_first() {
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
        assert_eq!(log.selection.rows, vec![1, 2]);
        assert_eq!(log.newest_first, vec![2, 1]);
        assert_eq!((log.kpis.actions, log.kpis.users), (2, 2));
    }
}
