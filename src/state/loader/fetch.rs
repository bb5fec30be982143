//! The events a load lacks, fetched in the loader worker: transient failures retried, what
//! has arrived drawn as it grows, the count asked beside the export.

use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;

use engine::{ParseReport, Store};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::super::retry::{count_down, seconds_before_retry, Countdown, ATTEMPTS};
use super::super::{LoadState, LoadedLog, LogData, Shown};
use super::download::{count_ahead, EventsDownload};
use crate::api::{ApiError, Auth, ExploreQuery, ExportFetch, Progress};
use crate::browser;

/// Figures are redrawn from what has arrived when the load offers it (`api::partial`), never
/// sooner than this many times what the last redraw's index took on the page, and not when the
/// rest should come within a second.
const PARTIAL_COST_FACTOR: f64 = 10.0;

impl EventsDownload {
    /// Fetches every gap, retrying transient failures; the parts in the gaps' order and
    /// their reports merged, or none when the load failed or was replaced.
    pub(super) async fn fetch_with_retries(
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
                // A Cancel leaves the error with its Retry.
                self.show(LoadState::Failed(error));
                return None;
            }
            let again = LoadState::Loading {
                progress: Progress::default(),
                partial: shown.clone().map(Shown::Events),
            };
            if !self.show(again) {
                return None;
            }
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
            let export = ExportFetch {
                url: &url,
                portal: &source.portal,
                auth: &auth,
                signal: &self.signal,
            };
            let fetched = crate::api::fetch_log_in_worker(export, |progress, arrived| {
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
                    let due = !busy.get()
                        && now - at >= PARTIAL_COST_FACTOR * cost
                        && !progress.ends_within_a_second();
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
            })
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
