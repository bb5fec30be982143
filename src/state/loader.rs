//! The effect that carries out the load plan when the URL's source, window or zone changes (or
//! on Retry and Refresh): the kept copy shown at once, only what it lacks asked of the portal,
//! what arrives drawn as it comes, transient failures retried, the result kept for next time.

use super::LogData;

#[cfg(target_arch = "wasm32")]
pub fn start_loading(data: LogData) {
    use std::sync::Arc;

    use leptos::prelude::*;
    use leptos::task::spawn_local;
    use web_sys::AbortController;

    use super::mode::Mode;
    use super::plan::{plan_load, Learned, LoadPlan, LoadRequest};
    use super::{LoadState, LoadedLog, Shown};
    use crate::api::ApiError;
    use crate::api::ExploreQuery;

    let in_flight: StoredValue<Option<AbortController>, LocalStorage> =
        StoredValue::new_local(None);
    // A load that is no longer the newest drops its results.
    let latest = super::latest::Latest::new();
    // The request whose fetch produced the log on screen.
    let held: StoredValue<Option<LoadRequest>> = StoredValue::new(None);
    let kept: StoredValue<Option<download::KeptLog>, LocalStorage> = StoredValue::new_local(None);
    Effect::new(move |_| {
        data.kept_cleared.track();
        kept.set_value(None);
    });
    Effect::new(move |_| {
        let view = data.view.get();
        // Comparing loads both periods in one request.
        let window = match data.compare.get() {
            true => view.window.spanning(&view.window.previous()),
            false => view.window,
        };
        let request = LoadRequest {
            source: data.source.get(),
            window,
            zone: view.zone,
            from_files: data.from_files.get(),
            reloads: data.reloads.get(),
            choice: data.aggregation.get(),
            threshold: crate::settings::aggregation_threshold(),
        };
        let ready = data
            .state
            .with_untracked(|s| matches!(s, LoadState::Ready(_)));
        let plan =
            held.with_value(|held| plan_load(&request, held.as_ref(), ready, Learned::default()));
        if plan == LoadPlan::Keep {
            return;
        }
        held.set_value(None);
        if let Some(previous) = in_flight.get_value() {
            previous.abort();
        }
        // A kept copy's groups are only ever drawn by the load that read them.
        data.first_groups.set(None);
        let ticket = latest.next();
        if plan == LoadPlan::Files {
            set_mode(data, Mode::Browser(super::mode::Why::NoCount));
            load_files(data, request.zone, move || ticket.is_current());
            return;
        }
        // A link's portal that is not an http(s) address is refused before any request.
        if !crate::api::is_portal_address(&request.source.portal) {
            data.state.set(LoadState::Failed(ApiError::NotAPortal {
                portal: request.source.portal.clone(),
            }));
            return;
        }
        // What is already shown of this source stays shown until the new log is ready.
        let show_loading = move |request: &LoadRequest| {
            let shown = data.state.with_untracked(LoadState::ready);
            data.state.set(LoadState::Loading {
                progress: Default::default(),
                partial: shown.filter(|shown| {
                    shown.events().is_some_and(|log| log.zone() == request.zone)
                        && kept_is_of(kept, request)
                }),
            });
        };
        let start_fetch = move |request: LoadRequest| {
            let Ok(controller) = AbortController::new() else {
                return;
            };
            in_flight.set_value(Some(controller.clone()));
            let load = download::EventsDownload {
                data,
                request: request.clone(),
                signal: controller.signal(),
                is_current: Arc::new(move || ticket.is_current()),
            };
            show_loading(&request);
            spawn_local(async move {
                let previous = kept.with_value(|k| k.clone());
                if let Some(new_kept) = load.run(previous).await {
                    held.set_value(Some(request));
                    kept.set_value(Some(new_kept));
                }
            });
        };
        // What the plan asks first (the count, one group), then the mode it decides, unless a
        // newer load began meanwhile: set, and the events downloaded unless the portal counts.
        spawn_local(async move {
            let mut learned = Learned::default();
            loop {
                if !ticket.is_current() {
                    return;
                }
                match plan_load(&request, None, false, learned) {
                    LoadPlan::Count => {
                        show_loading(&request);
                        learned.count = Some(window_count(&request).await);
                    }
                    LoadPlan::Probe => {
                        learned.groups_ignored = Some(ignores_groups(&request).await);
                    }
                    LoadPlan::Fetch(mode) => {
                        set_mode(data, mode);
                        start_fetch(request);
                        return;
                    }
                    LoadPlan::Aggregate(mode) => {
                        set_mode(data, mode);
                        return;
                    }
                    // Decided before: a load has begun.
                    LoadPlan::Keep | LoadPlan::Files => return,
                }
            }
        });
    });

    /// How many events the request's window holds (none when the portal does not say).
    async fn window_count(request: &LoadRequest) -> Option<usize> {
        let count = ExploreQuery::count_of(
            &ExploreQuery::window_export(&request.source.dataset, &request.window, request.zone),
            &request.source.dataset,
        )
        .url(&request.source.portal);
        let auth = crate::credentials::auth_for(&request.source.portal);
        crate::api::fetch_count(&count, &request.source.portal, &auth).await
    }

    /// Whether the portal answers a `group_by` with rows (it, or a proxy before it, does not
    /// aggregate): one small request, a group or a row. An answer that tells nothing (an error,
    /// an empty window) counts as groups: portal mode then reports what is wrong.
    async fn ignores_groups(request: &LoadRequest) -> bool {
        let source = &request.source;
        let probe =
            crate::api::aggregates::groups_probe(&source.dataset, &request.window, request.zone);
        let auth = crate::credentials::auth_for(&source.portal);
        match crate::api::fetch_text(&probe.url(&source.portal), &source.portal, &auth).await {
            Ok(body) => !crate::api::aggregates::answers_groups(&body),
            Err(_) => false,
        }
    }

    /// Sets the mode, telling its readers only when it changes.
    fn set_mode(data: LogData, mode: Mode) {
        if data.mode.get_untracked() != Some(mode) {
            data.mode.set(Some(mode));
        }
    }

    fn kept_is_of(
        kept: StoredValue<Option<download::KeptLog>, LocalStorage>,
        request: &LoadRequest,
    ) -> bool {
        kept.with_value(|k| k.as_ref().is_some_and(|k| k.source == request.source))
    }

    /// The imported files: already in memory, else read back from the browser's storage
    /// (unless another load has begun meanwhile).
    fn load_files(data: LogData, zone: engine::Zone, is_current: impl Fn() -> bool + 'static) {
        if let Some(files) = data.imported.get_untracked() {
            data.state
                .set(LoadState::Ready(Shown::Events(Arc::new(LoadedLog::new(
                    files.store.clone(),
                    files.report.clone(),
                    zone,
                )))));
            return;
        }
        data.state.set(LoadState::starting());
        spawn_local(async move {
            let restored = super::imports::restore(data).await;
            if !is_current() {
                return;
            }
            match restored {
                Some(files) => {
                    data.state
                        .set(LoadState::Ready(Shown::Events(Arc::new(LoadedLog::new(
                            files.store.clone(),
                            files.report.clone(),
                            zone,
                        )))))
                }
                None => data.state.set(LoadState::Failed(ApiError::NoImport)),
            }
        });
    }
}

/// Natively there is no browser to load from: the state stays as it is.
#[cfg(not(target_arch = "wasm32"))]
pub fn start_loading(_: LogData) {}

#[cfg(target_arch = "wasm32")]
mod download {
    //! One load from a portal: the kept copy, the spans it lacks fetched, the result kept.

    use std::cell::Cell;
    use std::rc::Rc;
    use std::sync::Arc;

    use engine::snapshot::Snapshot;
    use engine::{ParseReport, Store, ViewFilter};
    use leptos::prelude::*;
    use leptos::task::spawn_local;
    use web_sys::AbortSignal;

    use super::super::plan::LoadRequest;
    use super::super::retry::{count_down, seconds_before_retry, Countdown, ATTEMPTS};
    use super::super::{first_draw, kept};
    use super::super::{LoadState, LoadedLog, LogData, Shown};
    use crate::api::{ApiError, Auth, ExploreQuery, Progress, Source};
    use crate::browser;

    /// Counts the view's groups of `log` a slice at a time and holds them, with the window's
    /// rows, so that drawing the log and the first mark count nothing in one long task.
    async fn count_ahead(data: &LogData, log: &Arc<LoadedLog>) {
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

    /// Figures are redrawn from what has arrived when the load offers it (`api::partial`), and
    /// never sooner than this many times what the last redraw's index took on the page.
    const PARTIAL_COST_FACTOR: f64 = 10.0;

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

        fn new_log(&self, store: Store) -> LoadedLog {
            LoadedLog::new(store, ParseReport::default(), self.request.zone)
        }

        /// The groups kept beside the source's kept copy for the view's window, drawn at once
        /// when they are of that copy (`first_draw`): with the key they are of and the copy's
        /// `saved_at_ms`.
        async fn kept_groups(&self) -> Option<(ViewFilter, Arc<engine::groups::Groups>, i64)> {
            let started = browser::precise_now();
            let source = &self.request.source;
            // Both files at once: the storage takes tens of ms to answer each the first time.
            let (description, kept_groups) = futures_util::future::join(
                kept::read_description(source),
                first_draw::read_file(source),
            )
            .await;
            let (description, kept_groups) = (description?, kept_groups?);
            let key = self.data.filter.get_untracked().counted();
            let wanted = first_draw::Wanted {
                key: &key,
                zone: self.request.zone,
                log_name: &description.name,
                saved_at_ms: description.saved_at_ms,
            };
            let (groups, shown) = first_draw::read(&kept_groups, wanted).await?;
            if !(self.is_current)() {
                return None;
            }
            browser::measure("cache:groups", started, browser::precise_now() - started);
            self.data
                .first_groups
                .set(Some((key.clone(), groups.clone())));
            self.data.state.set(LoadState::Loading {
                progress: Progress::default(),
                partial: Some(shown),
            });
            Some((key, groups, description.saved_at_ms))
        }

        /// The copy kept of the source (in memory from the last load, else in the browser's
        /// storage), and the log made of it to show meanwhile (none when it holds nothing).
        async fn kept_copy(&self, previous: Option<KeptLog>) -> (Snapshot, Option<Arc<LoadedLog>>) {
            let source = &self.request.source;
            let empty = Snapshot {
                name: kept::log_name(source),
                ..Snapshot::default()
            };
            if let Some(previous) = previous.filter(|k| &k.source == source) {
                let log = match previous.log.zone() == self.request.zone {
                    true => previous.log,
                    false => Arc::new(self.new_log(previous.log.log.store.clone())),
                };
                return (previous.snapshot, Some(log));
            }
            // Its window's figures first, from the groups kept beside it (a few MB); then its
            // events' counts and figures, from the file's first part (the diffs are its
            // largest part, and no figure needs them); then the rest of the file.
            let first_groups = self.kept_groups().await;
            let started = browser::precise_now();
            if let Ok(Some((head, store))) = kept::read_log_head(source).await {
                browser::measure("cache:head", started, browser::precise_now() - started);
                if !store.is_empty() && (self.is_current)() {
                    let zone = self.request.zone;
                    let report = ParseReport::default();
                    let log =
                        Arc::new(LoadedLog::in_steps(store, report, zone, "cache:index").await);
                    // The groups kept are these rows' when the file is the one they were
                    // counted from.
                    match first_groups {
                        Some((key, groups, saved_at_ms))
                            if head.snapshot().saved_at_ms == saved_at_ms =>
                        {
                            self.data.counted.keep(&log, &key, groups);
                            super::super::warm_up::warm_groups(&log.log);
                            // The window's rows for the first mark, in a task of their own.
                            browser::sleep(0).await;
                            self.data.counted.hold_window_rows(&log, &key);
                        }
                        _ => count_ahead(&self.data, &log).await,
                    }
                    // Drawn while the rest is read (the page draws between its steps).
                    self.data.state.set(LoadState::Loading {
                        progress: Progress::default(),
                        partial: Some(Shown::Events(log.clone())),
                    });
                    let started = browser::precise_now();
                    // None when written again meanwhile: read whole below.
                    if let Some((snapshot, store)) = kept::read_log_rest(head, &log.log.store).await
                    {
                        let read = browser::precise_now() - started;
                        browser::measure("cache:read", started, read);
                        return (snapshot, Some(Arc::new(log.with_diffs(store))));
                    }
                }
            }
            let started = browser::precise_now();
            match kept::read_log(source).await {
                Ok(Some((snapshot, store))) => {
                    browser::measure("cache:read", started, browser::precise_now() - started);
                    let shown = (!store.is_empty()).then(|| Arc::new(self.new_log(store)));
                    (snapshot, shown)
                }
                Ok(None) => (empty, None),
                Err(error) => {
                    self.data.tell_storage_problem(error);
                    (empty, None)
                }
            }
        }

        /// Fetches every gap, retrying transient failures; the parts in the gaps' order and
        /// their reports merged, or none when the load failed or was replaced.
        async fn fetch_with_retries(
            &self,
            gaps: &[(i64, i64)],
            shown: Option<Arc<LoadedLog>>,
        ) -> Option<(Vec<Store>, ParseReport)> {
            let data = self.data;
            let cancels_at_start = data.cancels.get_untracked();
            for attempt in 1..=ATTEMPTS {
                let error = match self.fetch_gaps(gaps, shown.clone()).await {
                    Ok(fetched) => return Some(fetched),
                    Err(error) => error,
                };
                if !(self.is_current)() {
                    return None;
                }
                let Some(seconds) = seconds_before_retry(&error, attempt) else {
                    data.state.set(LoadState::Failed(error));
                    return None;
                };
                let is_current = self.is_current.clone();
                let waited = count_down(
                    seconds,
                    |left| {
                        data.state.set(LoadState::Retrying {
                            error: error.clone(),
                            attempt,
                            of: ATTEMPTS,
                            seconds: left,
                        })
                    },
                    || !is_current() || data.cancels.get_untracked() != cancels_at_start,
                )
                .await;
                if waited == Countdown::Stopped {
                    // A newer load owns the state; a Cancel leaves the error with its Retry.
                    if (self.is_current)() {
                        data.state.set(LoadState::Failed(error));
                    }
                    return None;
                }
                data.state.set(LoadState::Loading {
                    progress: Progress::default(),
                    partial: shown.clone().map(Shown::Events),
                });
            }
            None
        }

        /// One attempt: each gap fetched in turn, in the loader worker. While the first visit's
        /// only gap arrives, the events so far are drawn every half second or so.
        async fn fetch_gaps(
            &self,
            gaps: &[(i64, i64)],
            shown: Option<Arc<LoadedLog>>,
        ) -> Result<(Vec<Store>, ParseReport), ApiError> {
            let source = &self.request.source;
            let auth = crate::credentials::auth_for(&source.portal);
            let started = browser::precise_now();
            let expected = Rc::new(Cell::new(None::<usize>));
            let mut done = Progress::default();
            let mut parts = Vec::new();
            let mut report = ParseReport::default();
            // When the last partial log was made and what it took; whether one is being made.
            let paced = Rc::new(Cell::new((started, 0.0f64)));
            let busy = Rc::new(Cell::new(false));
            for &(start, end) in gaps {
                let query = self.export_of(start, end);
                let url = query.url(&source.portal);
                let count_url = ExploreQuery::count_of(&query, &source.dataset).url(&source.portal);
                let mut count_asked = false;
                let is_current = self.is_current.clone();
                let data = self.data;
                let fetched = crate::api::fetch_log_in_worker(
                    &url,
                    &source.portal,
                    &auth,
                    &self.signal,
                    |progress, arrived| {
                        if !is_current() {
                            return;
                        }
                        // The count is asked once the export answers, so that it never
                        // delays it.
                        if !count_asked {
                            count_asked = true;
                            ask_count(
                                &count_url,
                                &source.portal,
                                &auth,
                                expected.clone(),
                                done.records,
                            );
                        }
                        let now = browser::precise_now();
                        let progress = Progress {
                            bytes: done.bytes + progress.bytes,
                            records: done.records + progress.records,
                            expected: expected.get(),
                            elapsed_ms: (now - started) as u64,
                        };
                        let mut partial = shown.clone().map(Shown::Events);
                        // With nothing kept, what has arrived is drawn as it grows.
                        if shown.is_none() && gaps.len() == 1 {
                            let (at, cost) = paced.get();
                            let due = !busy.get() && now - at >= PARTIAL_COST_FACTOR * cost;
                            if let Some(arrived) = arrived.filter(|_| due) {
                                busy.set(true);
                                spawn_local(Self::draw_partial(
                                    data,
                                    arrived,
                                    self.request.zone,
                                    Rc::clone(&paced),
                                    Rc::clone(&busy),
                                    is_current.clone(),
                                ));
                            }
                            partial = data.state.with_untracked(LoadState::ready);
                        }
                        data.state.set(LoadState::Loading { progress, partial });
                    },
                )
                .await?;
                done.bytes += fetched.bytes;
                done.records += fetched.report.records();
                report.merge(&fetched.report);
                parts.push(fetched.store);
            }
            Ok((parts, report))
        }

        /// What has arrived so far, read and indexed in tasks of their own (the message that
        /// brought it ends at once), then shown if the load still has no other.
        async fn draw_partial(
            data: LogData,
            arrived: crate::api::Arrived,
            zone: engine::Zone,
            paced: Rc<Cell<(f64, f64)>>,
            busy: Rc<Cell<bool>>,
            is_current: Arc<dyn Fn() -> bool>,
        ) {
            browser::sleep(0).await;
            let started = browser::precise_now();
            let log = match arrived.into_store().await {
                Some(store) => {
                    let report = ParseReport::default();
                    let name = "load:partial-index";
                    let log = Arc::new(LoadedLog::in_steps(store, report, zone, name).await);
                    count_ahead(&data, &log).await;
                    Some(log)
                }
                None => None,
            };
            // The steps' time, waits included: the pace stays as slow as the page is busy.
            let made = browser::precise_now();
            paced.set((made, made - started));
            browser::sleep(0).await;
            busy.set(false);
            let Some(log) = log.filter(|_| is_current()) else {
                return;
            };
            // The whole log may have come meanwhile: it is not replaced by a part.
            data.state.update(|state| {
                if let LoadState::Loading { partial, .. } = state {
                    *partial = Some(Shown::Events(log));
                }
            });
        }

        /// The export of a gap: the window's own local days when the gap is the whole window
        /// (the first visit), else the span in instants.
        fn export_of(&self, start: i64, end: i64) -> ExploreQuery {
            let request = &self.request;
            let dataset = &request.source.dataset;
            if (start, end) == request.window.utc_span(request.zone) {
                ExploreQuery::window_export(dataset, &request.window, request.zone)
            } else {
                ExploreQuery::span_export(dataset, start, end, request.zone)
            }
        }
    }

    /// Asks how many events an export sends, adding them to `expected` (after `before` events
    /// of earlier gaps) when the portal answers.
    fn ask_count(
        url: &str,
        portal: &str,
        auth: &Auth,
        expected: Rc<Cell<Option<usize>>>,
        before: usize,
    ) {
        let (url, portal, auth) = (url.to_string(), portal.to_string(), auth.clone());
        spawn_local(async move {
            if let Some(count) = crate::api::fetch_count(&url, &portal, &auth).await {
                expected.set(Some(before + count));
            }
        });
    }

    /// Writes the kept copy after the log is drawn; a refusal is told once. A "Clear local
    /// data" since the load began (`clears`, its count then) wins: the copy is not written, or
    /// removed again.
    fn save(data: LogData, source: &Source, snapshot: &Snapshot, log: Arc<LoadedLog>, clears: u32) {
        let (file, snapshot) = (kept::log_file(source), snapshot.clone());
        let source = source.clone();
        let cleared = move || data.kept_cleared.get_untracked() != clears;
        spawn_local(async move {
            browser::sleep(0).await;
            let started = browser::precise_now();
            // A part at a time, yielding between them: no long task while the page is used.
            let mut parts = Vec::new();
            for part in 0..engine::snapshot::HEAD_PARTS {
                parts.push(snapshot.encode_head_part(&log.log.store, part));
                browser::sleep(0).await;
            }
            if cleared() {
                return;
            }
            let mut slices: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
            slices.push(log.log.store.diff_text().as_bytes());
            let result = crate::storage::write_pieces(&file, &slices).await;
            drop(slices);
            // The view's window's groups beside it, when counted (for the next first draw).
            let key = data.filter.get_untracked().counted();
            if let (Ok(()), Some(groups)) = (&result, data.counted.held(&log, &key)) {
                let counted = first_draw::Counted {
                    key: &key,
                    log: &log,
                    groups: &groups,
                    log_name: snapshot.name.clone(),
                    saved_at_ms: snapshot.saved_at_ms,
                };
                first_draw::write(&source, counted).await;
            }
            drop(log);
            browser::measure("cache:write", started, browser::precise_now() - started);
            if cleared() {
                let _ = crate::storage::remove(&file).await;
                let _ = crate::storage::remove(&first_draw::file(&source)).await;
            } else if let Err(error) = result {
                data.tell_storage_problem(error);
            }
        });
    }
}
