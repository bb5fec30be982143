//! The effect that carries out the load plan when the URL's source, window or zone changes (or
//! on Retry): the previous request aborted, progress shown, transient failures retried.

use super::LogData;

#[cfg(target_arch = "wasm32")]
pub fn start_loading(data: LogData) {
    use std::sync::Arc;

    use leptos::prelude::*;
    use leptos::task::spawn_local;
    use web_sys::AbortController;

    use super::plan::{plan_load, LoadPlan, LoadRequest};
    use super::retry::{count_down, seconds_before_retry, Countdown, ATTEMPTS};
    use super::{LoadState, LoadedLog};
    use crate::api::{ApiError, ExploreQuery, Progress};

    let in_flight: StoredValue<Option<AbortController>, LocalStorage> =
        StoredValue::new_local(None);
    // Each load has a number; a load that is no longer the newest drops its results.
    let generation = StoredValue::new(0u64);
    // The request whose fetch produced the log on screen.
    let held: StoredValue<Option<LoadRequest>> = StoredValue::new(None);
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
            retries: data.retries.get(),
        };
        let ready = data.state.with_untracked(|s| s.ready().is_some());
        let plan = held.with_value(|held| plan_load(&request, held.as_ref(), ready));
        if plan == LoadPlan::Keep {
            return;
        }
        held.set_value(None);
        if let Some(previous) = in_flight.get_value() {
            previous.abort();
        }
        generation.update_value(|g| *g += 1);
        if plan == LoadPlan::Files {
            data.state.set(match data.imported.get() {
                Some(files) => LoadState::Ready(Arc::new(LoadedLog::new(
                    files.store.clone(),
                    files.report.clone(),
                    request.zone,
                ))),
                None => LoadState::Failed(ApiError::NoImport),
            });
            return;
        }
        // A link's portal that is not an http(s) address is refused before any request.
        if !crate::api::is_portal_address(&request.source.portal) {
            data.state.set(LoadState::Failed(ApiError::NotAPortal {
                portal: request.source.portal.clone(),
            }));
            return;
        }
        let Ok(controller) = AbortController::new() else {
            return;
        };
        in_flight.set_value(Some(controller.clone()));
        let this_load = generation.get_value();
        let is_current = move || generation.get_value() == this_load;
        let source = request.source.clone();
        let url = ExploreQuery::window_export(&source.dataset, &request.window, request.zone)
            .url(&source.portal);
        let auth = crate::credentials::auth_for(&source.portal);
        data.state.set(LoadState::Loading(Progress::default()));
        spawn_local(async move {
            let cancels_at_start = data.cancels.get_untracked();
            for attempt in 1..=ATTEMPTS {
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
                        let started = crate::browser::precise_now();
                        let log = LoadedLog::new(store, report, request.zone);
                        let took = crate::browser::precise_now() - started;
                        crate::browser::measure("load:index", started, took);
                        held.set_value(Some(request.clone()));
                        data.state.set(LoadState::Ready(Arc::new(log)));
                        return;
                    }
                    Err(error) => error,
                };
                let Some(seconds) = seconds_before_retry(&error, attempt) else {
                    data.state.set(LoadState::Failed(error));
                    return;
                };
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
                    if is_current() {
                        data.state.set(LoadState::Failed(error));
                    }
                    return;
                }
                data.state.set(LoadState::Loading(Progress::default()));
            }
        });
    });
}

/// Natively there is no browser to load from: the state stays as it is.
#[cfg(not(target_arch = "wasm32"))]
pub fn start_loading(_: LogData) {}
