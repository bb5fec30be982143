//! The browser side of the API: a GET whose failures become `ApiError`, and the log's export
//! read as a stream, parsed chunk by chunk. It compiles natively too (web-sys has stubs) but
//! only runs in a browser.

use engine::{JsonArrayReader, ParseError, ParseReport, Store};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

use super::{ApiError, Auth};
use crate::browser::{self, StreamError};

/// The most bytes any answer but the log's export may have (dataset lists, metadata, titles,
/// groups, `/log` pages, counts): far above what they hold (the 10M-event demo's figures come
/// in 4 MB), far below what hurts a tab.
pub const MAX_ANSWER_BYTES: usize = 64 << 20;
/// How long any answer but the log's export may take, from the request to its last byte.
pub const ANSWER_SECONDS: u32 = 120;
/// Of an error's body, only this much is read (its `message` is at the start).
const MAX_ERROR_BODY_BYTES: usize = 64 << 10;

/// Progress of a load, reported after every chunk of the body.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub bytes: usize,
    pub records: usize,
    /// The events the portal said the load would send (a count asked beside it), once known.
    pub expected: Option<usize>,
    /// Milliseconds since the load began.
    pub elapsed_ms: u64,
}

impl Progress {
    /// How far the load is, 0–100, when the events to come are known.
    pub fn percent(&self) -> Option<u8> {
        let expected = self.expected?;
        if expected == 0 {
            return Some(100);
        }
        Some((self.records.min(expected) * 100 / expected) as u8)
    }

    /// Seconds left at the pace so far; none before a second has passed or a record came.
    pub fn seconds_left(&self) -> Option<u64> {
        let expected = self.expected? as u64;
        let records = self.records as u64;
        if self.elapsed_ms < 1000 || records == 0 {
            return None;
        }
        let left = expected.saturating_sub(records);
        Some((left * self.elapsed_ms).div_ceil(records * 1000))
    }

    /// Whether the rest should arrive within a second at the pace so far: too soon for a
    /// redraw of what has arrived to be worth its cost (a third of a second of the page's work
    /// at a million events, while the parse needs the cores).
    pub fn ends_within_a_second(&self) -> bool {
        self.seconds_left().is_some_and(|seconds| seconds <= 1)
    }
}

/// Sends a GET; a non-OK answer becomes `ApiError::Http`, no answer `Network` or `Cors`.
async fn send(
    url: &str,
    portal: &str,
    auth: &Auth,
    signal: Option<&AbortSignal>,
) -> Result<gloo_net::http::Response, ApiError> {
    let mut request = gloo_net::http::Request::get(&auth.request_url(url))
        .header("Accept", "application/json")
        .abort_signal(signal);
    if let Some(value) = auth.header() {
        request = request.header("Authorization", &value);
    }
    let response = match request.send().await {
        Ok(response) => response,
        // Aborted (a newer load, or the time limit): no probe, which would wait as long again.
        Err(error) if signal.is_some_and(AbortSignal::aborted) => {
            return Err(ApiError::Network {
                portal: portal.to_string(),
                detail: auth.redact(&error.to_string()),
            })
        }
        Err(error) => return Err(no_answer(url, portal, auth, &error.to_string()).await),
    };
    if !response.ok() {
        let reset = response.headers().get("x-ratelimit-reset");
        // Its start only: a portal's or a proxy's error page can be of any size.
        let body = match read_body(&response, MAX_ERROR_BODY_BYTES).await {
            Ok(Body::Whole(bytes) | Body::TooLarge(bytes)) => bytes,
            Err(_) => Vec::new(),
        };
        return Err(ApiError::from_response(
            response.status(),
            &auth.redact(&String::from_utf8_lossy(&body)),
            reset.as_deref(),
        ));
    }
    Ok(response)
}

/// A body read up to a cap.
enum Body {
    Whole(Vec<u8>),
    /// Past the cap: the first `cap` bytes, the rest not read.
    TooLarge(Vec<u8>),
}

/// Reads a response's body, stopping at `cap` bytes. A read that fails after the status came
/// is [`ApiError::Interrupted`] with the bytes received, none included.
async fn read_body(response: &gloo_net::http::Response, cap: usize) -> Result<Body, ApiError> {
    let Some(stream) = response.body() else {
        return Ok(Body::Whole(Vec::new()));
    };
    let mut bytes = Vec::new();
    let mut too_large = false;
    browser::read_chunks(stream, |chunk| {
        let room = cap - bytes.len();
        bytes.extend_from_slice(chunk.get(..room.min(chunk.len())).unwrap_or_default());
        too_large = chunk.len() > room;
        !too_large
    })
    .await
    .map_err(|_| ApiError::Interrupted {
        bytes: bytes.len(),
        records: 0,
    })?;
    Ok(match too_large {
        true => Body::TooLarge(bytes),
        false => Body::Whole(bytes),
    })
}

/// Tells a CORS refusal from no answer: a `no-cors` request reaches a portal that is up even
/// when CORS forbids reading it.
async fn no_answer(url: &str, portal: &str, auth: &Auth, detail: &str) -> ApiError {
    let init = web_sys::RequestInit::new();
    init.set_mode(web_sys::RequestMode::NoCors);
    // The page's or the worker's fetch: both have one.
    let global = js_sys::global();
    let fetch = js_sys::Reflect::get(&global, &"fetch".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let reachable = match fetch.and_then(|f| f.call2(&global, &url.into(), &init).ok()) {
        Some(answer) => JsFuture::from(js_sys::Promise::resolve(&answer))
            .await
            .is_ok(),
        None => false,
    };
    if reachable {
        ApiError::Cors {
            portal: portal.to_string(),
            with_key: auth.header().is_some(),
        }
    } else {
        ApiError::Network {
            portal: portal.to_string(),
            detail: auth.redact(detail),
        }
    }
}

/// A whole answer as text: anything but the log's export (dataset lists, metadata, titles,
/// groups, `/log` pages, counts), held to [`MAX_ANSWER_BYTES`] and [`ANSWER_SECONDS`].
pub async fn fetch_text(url: &str, portal: &str, auth: &Auth) -> Result<String, ApiError> {
    let deadline = browser::Deadline::after(ANSWER_SECONDS as i32 * 1000);
    let signal = deadline.as_ref().map(browser::Deadline::signal);
    let answer = async {
        let response = send(url, portal, auth, signal.as_ref()).await?;
        match read_body(&response, MAX_ANSWER_BYTES).await? {
            Body::Whole(bytes) => Ok(String::from_utf8_lossy(&bytes).into_owned()),
            Body::TooLarge(_) => Err(ApiError::TooLarge {
                limit: MAX_ANSWER_BYTES,
            }),
        }
    }
    .await;
    // An abort for the time limit fails the request or the read: say which it was.
    answer.map_err(|error| match &deadline {
        Some(deadline) if deadline.expired() => ApiError::TimedOut {
            seconds: ANSWER_SECONDS,
        },
        _ => error,
    })
}

/// An export fetched and parsed: the store, what the parse kept and skipped, what it took.
pub struct FetchedLog {
    pub store: Store,
    pub report: ParseReport,
    /// The body's bytes.
    pub bytes: usize,
    /// From the request to the last byte, in ms.
    pub fetch_ms: f64,
    /// Of which parsing, in ms.
    pub parse_ms: f64,
}

/// Fetches an export of the log and parses it into a store as it arrives; after each chunk,
/// `on_progress` sees the bytes and records so far and the store as it stands. The loader
/// worker runs it (`crate::loader_worker`); the page, only where a worker cannot start.
pub async fn fetch_log(
    url: &str,
    portal: &str,
    auth: &Auth,
    signal: Option<&AbortSignal>,
    mut on_progress: impl FnMut(Progress, &Store),
) -> Result<FetchedLog, ApiError> {
    let started = browser::precise_now();
    let response = send(url, portal, auth, signal).await?;
    let mut store = Store::new();
    let mut reader = JsonArrayReader::new();
    let mut progress = Progress::default();
    let mut bad_body: Option<ParseError> = None;
    // Parsing happens while bytes arrive: its time is summed apart from the wait.
    let mut parse_ms = 0.0;
    if let Some(stream) = response.body() {
        browser::read_chunks(stream, |bytes| {
            let before = browser::precise_now();
            if let Err(error) = reader.feed(bytes, &mut store) {
                bad_body = Some(error);
                return false;
            }
            parse_ms += browser::precise_now() - before;
            progress.bytes += bytes.len();
            progress.records = reader.report().records();
            on_progress(progress, &store);
            true
        })
        .await
        .map_err(|error| match error {
            // The browser cannot read the body as a stream: nothing was received.
            StreamError::NotAStream => ApiError::StreamUnsupported {
                portal: portal.to_string(),
            },
            // The portal answered (its status came), then the body stopped: it was reached,
            // and cut, even when no byte of the body had arrived yet.
            StreamError::Read(_) => ApiError::Interrupted {
                bytes: progress.bytes,
                records: progress.records,
            },
        })?;
    }
    if let Some(error) = bad_body {
        return Err(ApiError::Body(error));
    }
    let report = reader.finish().map_err(|error| match error {
        ParseError::Truncated { bytes } => ApiError::Interrupted {
            bytes,
            records: progress.records,
        },
        other => ApiError::Body(other),
    })?;
    ApiError::check_fields(&report)?;
    Ok(FetchedLog {
        store,
        report,
        bytes: progress.bytes,
        fetch_ms: browser::precise_now() - started,
        parse_ms,
    })
}

/// The `total_count` of a `records/` answer (how many events a `where` selects).
pub async fn fetch_count(url: &str, portal: &str, auth: &Auth) -> Option<usize> {
    let text = fetch_text(url, portal, auth).await.ok()?;
    let answer: serde_json::Value = serde_json::from_str(&text).ok()?;
    answer
        .get("total_count")?
        .as_u64()
        .map(|count| count as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_and_time_left_come_from_the_records_expected() {
        let progress = |records, expected, elapsed_ms| Progress {
            bytes: 0,
            records,
            expected,
            elapsed_ms,
        };
        assert_eq!(progress(250, Some(1000), 2000).percent(), Some(25));
        // A quarter in 2 s: the other three quarters take 6 s.
        assert_eq!(progress(250, Some(1000), 2000).seconds_left(), Some(6));
        assert_eq!(progress(250, None, 2000).percent(), None);
        assert_eq!(progress(0, Some(1000), 2000).seconds_left(), None);
        assert_eq!(
            progress(10, Some(1000), 500).seconds_left(),
            None,
            "too early to say"
        );
        // More than announced (events logged since the count): full, nothing left.
        assert_eq!(progress(1200, Some(1000), 3000).percent(), Some(100));
        assert_eq!(progress(1200, Some(1000), 3000).seconds_left(), Some(0));
        assert_eq!(progress(0, Some(0), 0).percent(), Some(100));
    }

    #[test]
    fn a_load_ends_within_a_second_only_when_its_pace_says_so() {
        let progress = |records, expected, elapsed_ms| Progress {
            bytes: 0,
            records,
            expected,
            elapsed_ms,
        };
        // 864 of 990 in 3 s: 126 more take 0.44 s.
        assert!(progress(864, Some(990), 3000).ends_within_a_second());
        // 600 of 990 in 3 s: 390 more take 1.95 s.
        assert!(!progress(600, Some(990), 3000).ends_within_a_second());
        assert!(
            !progress(864, None, 3000).ends_within_a_second(),
            "the count not known yet"
        );
        assert!(
            !progress(864, Some(990), 900).ends_within_a_second(),
            "too early to say"
        );
    }
}
