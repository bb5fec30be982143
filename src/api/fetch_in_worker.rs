//! The page's side of a load run by the loader worker (`crate::loader_worker`): the export is
//! fetched and parsed off the page's thread, progress and diff-free partial stores come as it
//! arrives, the whole store at the end. Where a worker cannot start or dies, the page fetches
//! and parses the export itself, as before there was a worker. Only in the browser.

use engine::Store;
use web_sys::AbortSignal;

use super::{ApiError, Auth, FetchedLog, Progress};

/// What has arrived of a load so far (without diffs), to draw meanwhile: read into a store
/// only when wanted.
pub enum Arrived {
    Store(Box<Store>),
    /// A snapshot's bytes from the worker.
    Snapshot(js_sys::ArrayBuffer),
}

impl Arrived {
    /// The store, read in steps with the page free between them (`load:partial`).
    pub async fn into_store(self) -> Option<Store> {
        match self {
            Arrived::Store(store) => Some(*store),
            Arrived::Snapshot(bytes) => read_in_steps(bytes, "load:partial").await,
        }
    }
}

/// An export to fetch: its URL, the portal it is of and the key to send, and what aborts it.
#[derive(Clone, Copy)]
pub struct ExportFetch<'a> {
    pub url: &'a str,
    pub portal: &'a str,
    pub auth: &'a Auth,
    pub signal: &'a AbortSignal,
}

/// Fetches and parses an export in the loader worker; `on_progress` sees the bytes and records
/// so far and, now and then, what has arrived to draw meanwhile.
pub async fn fetch_log_in_worker(
    export: ExportFetch<'_>,
    mut on_progress: impl FnMut(Progress, Option<Arrived>),
) -> Result<FetchedLog, ApiError> {
    use futures_channel::mpsc;
    use futures_util::StreamExt;

    let ExportFetch {
        url,
        portal,
        auth,
        signal,
    } = export;

    use super::worker_protocol::{Job, Report};

    if signal.aborted() {
        return Err(aborted(portal));
    }
    let (sender, mut receiver) = mpsc::unbounded::<Message>();
    let Some(worker) = RunningWorker::start(sender, signal) else {
        return on_the_page(export, on_progress).await;
    };
    let mut progress = Progress::default();
    while let Some(message) = receiver.next().await {
        let (report, snapshot) = match message {
            Message::Report(report, snapshot) => (report, snapshot),
            Message::Aborted => return Err(aborted(portal)),
            Message::Died => break,
        };
        match report {
            Report::Ready => {
                let job = Job {
                    url: url.to_string(),
                    portal: portal.to_string(),
                    key: auth.key.clone(),
                    key_in_query: auth.in_query,
                };
                worker.send(&job);
            }
            Report::Progress { bytes, records } => {
                (progress.bytes, progress.records) = (bytes, records);
                on_progress(progress, None);
            }
            Report::Partial { bytes, records } => {
                (progress.bytes, progress.records) = (bytes, records);
                on_progress(progress, snapshot.map(Arrived::Snapshot));
            }
            Report::Done {
                report,
                bytes,
                fetch_ms,
                parse_ms,
            } => {
                let Some(store) = snapshot else {
                    break;
                };
                let Some(store) = read_in_steps(store, "load:receive").await else {
                    break;
                };
                return Ok(measured(FetchedLog {
                    store,
                    report,
                    bytes,
                    fetch_ms,
                    parse_ms,
                }));
            }
            Report::Failed(error) => return Err(error),
        }
    }
    // The worker died (or sent what cannot be read): the page does the load itself.
    drop(worker);
    on_the_page(export, on_progress).await
}

/// What the worker's messages become on the page.
enum Message {
    Report(super::worker_protocol::Report, Option<js_sys::ArrayBuffer>),
    Aborted,
    /// The worker could not start or stopped with an error.
    Died,
}

fn aborted(portal: &str) -> ApiError {
    ApiError::Network {
        portal: portal.to_string(),
        detail: "aborted".to_string(),
    }
}

/// A snapshot from the worker as a store, read in steps with the page free between them
/// ([`crate::snapshot_steps`]). The performance measure `name` times the steps' work, the
/// waits between them aside.
async fn read_in_steps(snapshot: js_sys::ArrayBuffer, name: &str) -> Option<Store> {
    use crate::browser::precise_now;
    use engine::snapshot::PieceReader;

    let all = js_sys::Uint8Array::new(&snapshot.into());
    let length = all.length() as usize;
    let copy = |from: usize, to: usize| all.subarray(from as u32, to as u32).to_vec();
    let started = precise_now();
    // The header and strings are within the first MB, else the whole is read for them.
    let (mut reader, at) = match PieceReader::start(&copy(0, length.min(1 << 20))).ok()? {
        Some(started) => started,
        None => PieceReader::start(&copy(0, length)).ok()??,
    };
    let mut work = precise_now() - started;
    work += crate::snapshot_steps::read_rest(&mut reader, at, length, |from, to| {
        std::future::ready(Some(copy(from, to)))
    })
    .await?;
    let finished = precise_now();
    let store = reader.finish().ok().map(|(_, store)| store);
    work += precise_now() - finished;
    crate::browser::measure(name, started, work);
    // What the store is handed to is a task of its own.
    crate::browser::sleep(0).await;
    store
}

/// The load on the page's thread: progress after every chunk, a partial store when due.
async fn on_the_page(
    export: ExportFetch<'_>,
    mut on_progress: impl FnMut(Progress, Option<Arrived>),
) -> Result<FetchedLog, ApiError> {
    use super::partial::PartialPace;
    use crate::browser::precise_now;

    let mut pace = PartialPace::new(precise_now());
    let ExportFetch { url, portal, .. } = export;
    let fetched = super::fetch_log(
        url,
        portal,
        export.auth,
        Some(export.signal),
        |progress, store| {
            let partial = pace
                .due(precise_now(), store.len())
                .then(|| Arrived::Store(Box::new(store.without_diffs())));
            on_progress(progress, partial);
        },
    )
    .await?;
    Ok(measured(fetched))
}

/// Records the load's fetch and parse times as the page's `performance.measure` entries
/// (`load:fetch`, `load:parse`: what the browser benchmark reads), ending now.
fn measured(fetched: FetchedLog) -> FetchedLog {
    let now = crate::browser::precise_now();
    crate::browser::measure("load:fetch", now - fetched.fetch_ms, fetched.fetch_ms);
    crate::browser::measure("load:parse", now - fetched.parse_ms, fetched.parse_ms);
    fetched
}

/// A started loader worker and what listens to it; dropping it ends the worker.
struct RunningWorker {
    worker: web_sys::Worker,
    signal: AbortSignal,
    // Kept alive while the worker runs.
    _on_message: wasm_bindgen::closure::Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: wasm_bindgen::closure::Closure<dyn FnMut(web_sys::Event)>,
    on_abort: wasm_bindgen::closure::Closure<dyn FnMut(web_sys::Event)>,
}

impl RunningWorker {
    /// Starts `loader.js` with the page's own JS and wasm; none where the browser refuses.
    fn start(
        sender: futures_channel::mpsc::UnboundedSender<Message>,
        signal: &AbortSignal,
    ) -> Option<RunningWorker> {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;

        let url = worker_url()?;
        let options = web_sys::WorkerOptions::new();
        options.set_type(web_sys::WorkerType::Module);
        let worker = web_sys::Worker::new_with_options(&url, &options).ok()?;
        let to_page = sender.clone();
        let on_message = Closure::new(move |event: web_sys::MessageEvent| {
            let data = event.data();
            let report = js_sys::Reflect::get(&data, &"report".into())
                .ok()
                .and_then(|text| text.as_string())
                .and_then(|text| super::worker_protocol::Report::from_text(&text));
            let snapshot = js_sys::Reflect::get(&data, &"snapshot".into())
                .ok()
                .and_then(|buffer| buffer.dyn_into::<js_sys::ArrayBuffer>().ok());
            let message = match report {
                Some(report) => Message::Report(report, snapshot),
                None => Message::Died,
            };
            let _ = to_page.unbounded_send(message);
        });
        let to_page = sender.clone();
        let on_error = Closure::new(move |_: web_sys::Event| {
            let _ = to_page.unbounded_send(Message::Died);
        });
        let on_abort = Closure::new(move |_: web_sys::Event| {
            let _ = sender.unbounded_send(Message::Aborted);
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let _ = signal.add_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
        Some(RunningWorker {
            worker,
            signal: signal.clone(),
            _on_message: on_message,
            _on_error: on_error,
            on_abort,
        })
    }

    fn send(&self, job: &super::worker_protocol::Job) {
        let text = serde_json::to_string(job).unwrap_or_default();
        let _ = self.worker.post_message(&text.into());
    }
}

impl Drop for RunningWorker {
    fn drop(&mut self) {
        use wasm_bindgen::JsCast;
        self.worker.terminate();
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        let _ = self
            .signal
            .remove_event_listener_with_callback("abort", self.on_abort.as_ref().unchecked_ref());
    }
}

/// `loader.js` beside the page's files, told which JS and wasm the page runs (the tag
/// `start.js` reads: Trunk.toml's `pattern_script`).
fn worker_url() -> Option<String> {
    let document = web_sys::window()?.document()?;
    let tag = document.query_selector("script[data-wasm]").ok()??;
    let (js, wasm) = (
        tag.get_attribute("data-js")?,
        tag.get_attribute("data-wasm")?,
    );
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("js", &js)
        .append_pair("wasm", &wasm)
        .finish();
    let base = document.base_uri().ok()??;
    let url = web_sys::Url::new_with_base("loader.js", &base).ok()?;
    url.set_search(&query);
    Some(url.href())
}
