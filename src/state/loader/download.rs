//! One load from a portal: the kept copy, the spans it lacks fetched, the result kept.

use std::sync::Arc;

use engine::snapshot::Snapshot;
use engine::{ParseReport, Store};
use leptos::prelude::*;
use web_sys::AbortSignal;

use super::super::plan::LoadRequest;
use super::super::{LoadState, LoadedLog, LogData, Shown};
use super::save::save;
use crate::api::{ExploreQuery, Progress, Source};
use crate::browser;

/// Counts the view's groups of `log` a slice at a time and holds them, with the window's
/// rows, so that drawing the log and the first mark count nothing in one long task.
pub(super) async fn count_ahead(data: &LogData, log: &Arc<LoadedLog>) {
    let key = data.filter.get_untracked().counted();
    let (groups, window) = super::super::measured::count_in_steps(&log.log, &key).await;
    data.counted.keep(log, &key, Arc::new(groups));
    data.counted.keep_window_rows(log, &key, window);
}

/// The log kept of a source: what it holds (its snapshot) and the log made of it.
#[derive(Clone)]
pub struct KeptLog {
    pub source: Source,
    pub snapshot: Snapshot,
    pub log: Arc<LoadedLog>,
}

/// Browser mode's load of a request: the kept copy shown at once, then the events it
/// lacks downloaded (in the loader worker), indexed and kept.
pub struct EventsDownload {
    pub data: LogData,
    pub request: LoadRequest,
    pub signal: AbortSignal,
    pub is_current: Arc<dyn Fn() -> bool>,
}

impl EventsDownload {
    /// Runs the load; the log kept afterwards, if it completed and is still wanted.
    pub async fn run(self, previous: Option<KeptLog>) -> Option<KeptLog> {
        // A "Clear local data" after this load began wins over its copy.
        let clears = self.data.kept_cleared.get_untracked();
        let source = self.request.source.clone();
        let zone = self.request.zone;
        let (snapshot, shown) = self.kept_copy(previous).await;
        if !(self.is_current)() {
            return None;
        }
        let (start, end) = self.request.window.utc_span(zone);
        let gaps = snapshot.coverage.missing(start, end);
        if gaps.is_empty() {
            let log = shown.unwrap_or_else(|| Arc::new(self.new_log(Store::new())));
            self.data.updated_at.set(Some(snapshot.saved_at_ms));
            self.data
                .state
                .set(LoadState::Ready(Shown::Events(log.clone())));
            return Some(KeptLog {
                source,
                snapshot,
                log,
            });
        }
        if let Some(shown) = &shown {
            self.data.state.set(LoadState::Loading {
                progress: Progress::default(),
                partial: Some(Shown::Events(shown.clone())),
            });
        }
        let (fetched, report) = self.fetch_with_retries(&gaps, shown.clone()).await?;
        // A newer load may have begun as the last byte came: its state is not this one's.
        if !(self.is_current)() {
            return None;
        }
        let now = browser::now_ms();
        let mut snapshot = snapshot;
        let mut store = shown.map(|log| log.log.store.clone()).unwrap_or_default();
        for ((gap_start, gap_end), part) in gaps.iter().copied().zip(fetched) {
            store.append_fetched(part, gap_start);
            let newest = store.newest_in(gap_start, gap_end);
            snapshot
                .coverage
                .add_fetched(gap_start, gap_end, newest, now);
        }
        snapshot.saved_at_ms = now;
        // Reading the store back, indexing it and drawing it are three tasks, not one:
        // the page can answer between them.
        browser::sleep(0).await;
        let log = LoadedLog::in_steps(store, report, zone, "load:index").await;
        let log = Arc::new(log);
        count_ahead(&self.data, &log).await;
        if !(self.is_current)() {
            return None;
        }
        self.data.updated_at.set(Some(now));
        self.data
            .state
            .set(LoadState::Ready(Shown::Events(log.clone())));
        save(self.data, &source, &snapshot, log.clone(), clears);
        Some(KeptLog {
            source,
            snapshot,
            log,
        })
    }

    /// Sets the page's load state unless a newer load has begun, which owns it: a state set by
    /// a replaced load after one of its waits would stay on screen, loading for good. Whether
    /// it was set.
    pub(super) fn show(&self, state: LoadState) -> bool {
        let current = (self.is_current)();
        if current {
            self.data.state.set(state);
        }
        current
    }

    pub(super) fn new_log(&self, store: Store) -> LoadedLog {
        LoadedLog::new(store, ParseReport::default(), self.request.zone)
    }

    /// The export of a gap: the window's own local days when the gap is the whole window
    /// (the first visit), else the span in instants.
    pub(super) fn export_of(&self, start: i64, end: i64) -> ExploreQuery {
        let request = &self.request;
        let dataset = &request.source.dataset;
        if (start, end) == request.window.utc_span(request.zone) {
            ExploreQuery::window_export(dataset, &request.window, request.zone)
        } else {
            ExploreQuery::span_export(dataset, start, end, request.zone)
        }
    }
}
