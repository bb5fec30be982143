//! The load's start: the request read from the URL's state, the plan decided (asking the
//! count or a probe first when it needs them), then the mode set and the events fetched.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::AbortController;

use super::super::latest::{Latest, Ticket};
use super::super::mode::{Mode, Why};
use super::super::plan::{plan_load, Learned, LoadPlan, LoadRequest};
use super::super::{LoadState, LoadedLog, LogData, Shown};
use super::download::{EventsDownload, KeptLog};
use crate::api::{ApiError, ExploreQuery};

/// Starts the effect that loads what the view asks for, whenever it changes.
pub fn start_loading(data: LogData) {
    let loader = Loader {
        data,
        in_flight: StoredValue::new_local(None),
        latest: Latest::new(),
        held: StoredValue::new(None),
        kept: StoredValue::new_local(None),
    };
    Effect::new(move |_| {
        data.kept_cleared.track();
        loader.kept.set_value(None);
    });
    Effect::new(move |_| loader.follow(request_of(data)));
}

/// The loads' shared handles (all `Copy`).
#[derive(Clone, Copy)]
struct Loader {
    data: LogData,
    in_flight: StoredValue<Option<AbortController>, LocalStorage>,
    /// A load that is no longer the newest drops its results.
    latest: Latest,
    /// The request whose fetch produced the log on screen.
    held: StoredValue<Option<LoadRequest>>,
    kept: StoredValue<Option<KeptLog>, LocalStorage>,
}

/// The load the view asks for (read in the effect: it runs again when any of these change).
fn request_of(data: LogData) -> LoadRequest {
    let view = data.view.get();
    // Comparing loads both periods in one request.
    let window = match data.compare.get() {
        true => view.window.spanning(&view.window.previous()),
        false => view.window,
    };
    LoadRequest {
        source: data.source.get(),
        window,
        zone: view.zone,
        from_files: data.from_files.get(),
        reloads: data.reloads.get(),
        choice: data.aggregation.get(),
        threshold: crate::settings::aggregation_threshold(),
    }
}

impl Loader {
    /// Begins the load `request` needs, unless the log on screen already answers it.
    fn follow(self, request: LoadRequest) {
        let data = self.data;
        let ready = data
            .state
            .with_untracked(|s| matches!(s, LoadState::Ready(_)));
        let plan = self
            .held
            .with_value(|held| plan_load(&request, held.as_ref(), ready, Learned::default()));
        if plan == LoadPlan::Keep {
            return;
        }
        self.held.set_value(None);
        if let Some(previous) = self.in_flight.get_value() {
            previous.abort();
        }
        // A kept copy's groups are only ever drawn by the load that read them.
        data.first_groups.set(None);
        let ticket = self.latest.next();
        if plan == LoadPlan::Files {
            set_mode(data, Mode::Browser(Why::NoCount));
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
        spawn_local(self.decide(request, ticket));
    }

    /// What the plan asks first (the count, one group), then the mode it decides, unless a
    /// newer load began meanwhile: set, and the events downloaded unless the portal counts.
    async fn decide(self, request: LoadRequest, ticket: Ticket) {
        let mut learned = Learned::default();
        loop {
            if !ticket.is_current() {
                return;
            }
            match plan_load(&request, None, false, learned) {
                LoadPlan::Count => {
                    self.show_loading(&request);
                    learned.count = Some(window_count(&request).await);
                }
                LoadPlan::Probe => {
                    learned.groups_ignored = Some(ignores_groups(&request).await);
                }
                LoadPlan::Fetch(mode) => {
                    set_mode(self.data, mode);
                    self.start_fetch(request, ticket);
                    return;
                }
                LoadPlan::Aggregate(mode) => {
                    set_mode(self.data, mode);
                    return;
                }
                // Decided before: a load has begun.
                LoadPlan::Keep | LoadPlan::Files => return,
            }
        }
    }

    /// Downloads the request's events (browser mode), keeping the result for the next load.
    fn start_fetch(self, request: LoadRequest, ticket: Ticket) {
        let Ok(controller) = AbortController::new() else {
            return;
        };
        self.in_flight.set_value(Some(controller.clone()));
        let load = EventsDownload {
            data: self.data,
            request: request.clone(),
            signal: controller.signal(),
            is_current: Arc::new(move || ticket.is_current()),
        };
        self.show_loading(&request);
        spawn_local(async move {
            let previous = self.kept.with_value(|k| k.clone());
            if let Some(new_kept) = load.run(previous).await {
                self.held.set_value(Some(request));
                self.kept.set_value(Some(new_kept));
            }
        });
    }

    /// Loading; what is already shown of this source stays shown until the new log is ready.
    fn show_loading(self, request: &LoadRequest) {
        let shown = self.data.state.with_untracked(LoadState::ready);
        let kept_is_of_request = self
            .kept
            .with_value(|k| k.as_ref().is_some_and(|k| k.source == request.source));
        self.data.state.set(LoadState::Loading {
            progress: Default::default(),
            partial: shown.filter(|shown| {
                shown.events().is_some_and(|log| log.zone() == request.zone) && kept_is_of_request
            }),
        });
    }
}

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

/// The imported files: already in memory, else read back from the browser's storage
/// (unless another load has begun meanwhile).
fn load_files(data: LogData, zone: engine::Zone, is_current: impl Fn() -> bool + 'static) {
    let show = move |files: &super::super::Imported| {
        let log = LoadedLog::new(files.store.clone(), files.report.clone(), zone);
        data.state
            .set(LoadState::Ready(Shown::Events(Arc::new(log))));
    };
    if let Some(files) = data.imported.get_untracked() {
        show(&files);
        return;
    }
    data.state.set(LoadState::starting());
    spawn_local(async move {
        let restored = super::super::imports::restore(data).await;
        if !is_current() {
            return;
        }
        match restored {
            Some(files) => show(&files),
            None => data.state.set(LoadState::Failed(ApiError::NoImport)),
        }
    });
}
