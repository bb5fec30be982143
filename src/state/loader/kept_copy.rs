//! Where a load starts: the copy kept of its source, shown at once (its window's groups first,
//! then its events without their diffs, then the rest).

use std::sync::Arc;

use engine::snapshot::Snapshot;
use engine::{ParseReport, ViewFilter};
use leptos::prelude::*;

use super::super::{first_draw, kept};
use super::super::{LoadState, LoadedLog, Shown};
use super::download::{count_ahead, EventsDownload, KeptLog};
use crate::api::Progress;
use crate::browser;

impl EventsDownload {
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
    pub(super) async fn kept_copy(
        &self,
        previous: Option<KeptLog>,
    ) -> (Snapshot, Option<Arc<LoadedLog>>) {
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
                let log = Arc::new(LoadedLog::in_steps(store, report, zone, "cache:index").await);
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
                // Drawn while the rest is read (the page draws between its steps), unless a
                // newer load (files imported meanwhile, say) owns the state by now.
                let drawn = LoadState::Loading {
                    progress: Progress::default(),
                    partial: Some(Shown::Events(log.clone())),
                };
                if !self.show(drawn) {
                    return (head.snapshot().clone(), None);
                }
                let started = browser::precise_now();
                // None when written again meanwhile: read whole below.
                if let Some((snapshot, store)) = kept::read_log_rest(head, &log.log.store).await {
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
}
