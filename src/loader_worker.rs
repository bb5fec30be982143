//! The loader worker: the app's own wasm started in a Web Worker by `loader.js`. It fetches and
//! parses one export off the page's thread, tells the page how far it is (with diff-free copies
//! of what has arrived, for partial figures), and hands over the whole store at the end.

/// Waits for the page's job and carries it out (the worker's `main`).
#[cfg(target_arch = "wasm32")]
pub fn run() {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    use crate::api::worker_protocol::{Job, Report};

    let on_job =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|event: web_sys::MessageEvent| {
            let job = event
                .data()
                .as_string()
                .and_then(|text| serde_json::from_str::<Job>(&text).ok());
            if let Some(job) = job {
                wasm_bindgen_futures::spawn_local(load(job));
            }
        });
    scope().set_onmessage(Some(on_job.as_ref().unchecked_ref()));
    // The worker lives as long as its one load: the page ends it after.
    on_job.forget();
    post(&Report::Ready, None);
}

#[cfg(not(target_arch = "wasm32"))]
pub fn run() {}

#[cfg(target_arch = "wasm32")]
fn scope() -> web_sys::DedicatedWorkerGlobalScope {
    use wasm_bindgen::JsCast;
    js_sys::global().unchecked_into()
}

/// Progress is told at most this often (each chunk of the body would be too often).
#[cfg(target_arch = "wasm32")]
const PROGRESS_EVERY_MS: f64 = 100.0;

#[cfg(target_arch = "wasm32")]
async fn load(job: crate::api::worker_protocol::Job) {
    use engine::snapshot::Snapshot;

    use crate::api::partial::PartialPace;
    use crate::api::worker_protocol::Report;
    use crate::api::{fetch_log, Auth};
    use crate::browser::precise_now;

    let auth = Auth {
        key: job.key,
        in_query: job.key_in_query,
    };
    let mut told_at = 0.0;
    let mut pace = PartialPace::new(precise_now());
    let fetched = fetch_log(&job.url, &job.portal, &auth, None, |progress, store| {
        let now = precise_now();
        let (bytes, records) = (progress.bytes, progress.records);
        if pace.due(now, store.len()) {
            let partial = Snapshot::default().encode_head(&store.without_diffs());
            post(&Report::Partial { bytes, records }, Some(&[&partial]));
        } else if now - told_at >= PROGRESS_EVERY_MS {
            post(&Report::Progress { bytes, records }, None);
        } else {
            return;
        }
        told_at = now;
    })
    .await;
    match fetched {
        Ok(fetched) => {
            // The head, then the diff text straight from the store: no copy of the whole.
            let head = Snapshot::default().encode_head(&fetched.store);
            let report = Report::Done {
                report: fetched.report,
                bytes: fetched.bytes,
                fetch_ms: fetched.fetch_ms,
                parse_ms: fetched.parse_ms,
            };
            let diff_text = fetched.store.diff_text().as_bytes();
            post(&report, Some(&[&head, diff_text]));
        }
        Err(error) => post(&Report::Failed(error), None),
    }
}

/// Posts a report, with a snapshot's bytes (its pieces one after another) copied once into a
/// buffer that is then moved, not copied, to the page.
#[cfg(target_arch = "wasm32")]
fn post(report: &crate::api::worker_protocol::Report, snapshot: Option<&[&[u8]]>) {
    use wasm_bindgen::JsValue;

    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(
        &message,
        &"report".into(),
        &JsValue::from_str(&report.to_text()),
    );
    let transfer = js_sys::Array::new();
    if let Some(pieces) = snapshot {
        let length: usize = pieces.iter().map(|piece| piece.len()).sum();
        let bytes = js_sys::Uint8Array::new_with_length(length as u32);
        let mut at = 0;
        for piece in pieces {
            let end = at + piece.len();
            bytes.subarray(at as u32, end as u32).copy_from(piece);
            at = end;
        }
        let buffer = bytes.buffer();
        let _ = js_sys::Reflect::set(&message, &"snapshot".into(), &buffer);
        transfer.push(&buffer);
    }
    let _ = scope().post_message_with_transfer(&message, &transfer);
}
