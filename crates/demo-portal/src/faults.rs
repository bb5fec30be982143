//! The demo portal's API key and fault switches: what end-to-end tests use to make the portal
//! fail the way real portals do. Set at start (command-line flags) or, when started with
//! `--fault-switches`, at run time with `GET /_demo/faults?…` (`reset=1` first clears everything).

use std::sync::Mutex;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::error::PortalError;
use crate::Shared;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Faults {
    /// Requests to the API must carry this key (`Authorization: Apikey <key>` or `apikey=`).
    pub api_key: Option<String>,
    /// Added latency, in milliseconds, before each API answer.
    pub latency_ms: u64,
    /// Answer API requests with this status (429, 500, 503, …) and the platform's body.
    pub status: Option<u16>,
    /// Cut API bodies after this many bytes.
    pub cut_after: Option<usize>,
    /// Replace API bodies with something that is not JSON.
    pub garbage: bool,
    /// Keep the records of the first this-many bytes of API bodies, then end with a record that
    /// stops being JSON part-way (as a proxy's error page spliced into an answer).
    pub broken_after: Option<usize>,
    /// CORS preflights refuse the Authorization header (as some portals' CORS rules do).
    pub refuse_auth_header: bool,
    /// How many API requests the status, cut and garbage faults affect; none means all.
    pub times: Option<u32>,
    /// The key cannot read the monitoring dataset of dataset titles: it is neither listed nor
    /// exported, and titles come from the catalog.
    pub hide_titles_dataset: bool,
    /// Serve the log as it was at this instant (UTC milliseconds): later events have not
    /// happened yet. Clearing it makes them arrive, as new events do.
    pub until_ms: Option<i64>,
    /// Send API bodies at this many bytes per second (a slow network).
    pub bytes_per_second: Option<u64>,
    /// Send the status and headers and this many bytes of API bodies, then drop the connection
    /// (a read error in the browser, not a clean end).
    pub reset_after: Option<usize>,
    /// Read a bare date of a `where` (`date'2024-03-25'`) as UTC midnight rather than midnight
    /// in the request's `timezone`: the other reading the platform's documentation allows.
    pub bare_dates_utc: bool,
    /// How `min`/`max(timestamp)` are rendered: the platform's documentation does not say.
    pub instants: Instants,
    /// Ignore `select`, `group_by` and `order_by`, and answer rows (as a proxy that drops them
    /// would, or a portal that does not aggregate).
    pub ignore_group_by: bool,
    /// Order the events of one instant differently in every answer (a search engine promises
    /// no order among ties).
    pub shuffle_ties: bool,
}

/// The ways a portal may render an aggregated instant.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Instants {
    /// `2024-03-31T03:00:00+02:00`, in the request's zone.
    #[default]
    Rfc3339,
    /// `2024-03-31T03:00:00`: the request's zone's local time, without its offset.
    Naive,
    /// `1711846800000`: milliseconds since the epoch, a number.
    EpochMs,
}

/// Runtime switches, shared by the handlers.
#[derive(Debug, Default)]
pub struct Switches(Mutex<Faults>);

impl Switches {
    pub fn new(faults: Faults) -> Self {
        Switches(Mutex::new(faults))
    }

    pub fn get(&self) -> Faults {
        self.0.lock().map(|f| f.clone()).unwrap_or_default()
    }

    fn set(&self, faults: Faults) {
        if let Ok(mut current) = self.0.lock() {
            *current = faults;
        }
    }

    /// Whether the monitoring dataset of titles is out of the key's reach.
    pub fn titles_hidden(&self) -> bool {
        self.get().hide_titles_dataset
    }

    /// Whether the next API request gets the one-off faults, counting it down.
    fn take_one(&self) -> bool {
        let Ok(mut faults) = self.0.lock() else {
            return false;
        };
        match faults.times {
            None => true,
            Some(0) => false,
            Some(n) => {
                faults.times = Some(n - 1);
                true
            }
        }
    }
}

/// `GET /_demo/faults?reset=1&status=429&latency_ms=200&cut_after=100&garbage=1&broken_after=5000&api_key=K&refuse_auth_header=1&times=2&hide_titles_dataset=1&until=2024-01-01T00:00:00Z&bytes_per_second=100000&reset_after=0&bare_dates=utc&instants=epoch_ms&ignore_group_by=1&shuffle_ties=1`
pub async fn set_faults(
    State(portal): State<Shared>,
    axum::extract::Query(params): axum::extract::Query<Vec<(String, String)>>,
) -> Response {
    let mut faults = portal.switches.get();
    for (name, value) in &params {
        let flag = value == "1" || value == "true";
        match name.as_str() {
            "reset" if flag => faults = Faults::default(),
            "api_key" => faults.api_key = Some(value.clone()).filter(|v| !v.is_empty()),
            "latency_ms" => faults.latency_ms = value.parse().unwrap_or(0),
            "status" => faults.status = value.parse().ok(),
            "cut_after" => faults.cut_after = value.parse().ok(),
            "garbage" => faults.garbage = flag,
            "broken_after" => faults.broken_after = value.parse().ok(),
            "refuse_auth_header" => faults.refuse_auth_header = flag,
            "times" => faults.times = value.parse().ok(),
            "hide_titles_dataset" => faults.hide_titles_dataset = flag,
            "until" => {
                faults.until_ms = chrono::DateTime::parse_from_rfc3339(value)
                    .ok()
                    .map(|instant| instant.timestamp_millis())
            }
            "bytes_per_second" => faults.bytes_per_second = value.parse().ok().filter(|&v| v > 0),
            "reset_after" => faults.reset_after = value.parse().ok(),
            "bare_dates" => faults.bare_dates_utc = value == "utc",
            "ignore_group_by" => faults.ignore_group_by = flag,
            "shuffle_ties" => faults.shuffle_ties = flag,
            "instants" => {
                faults.instants = match value.as_str() {
                    "naive" => Instants::Naive,
                    "epoch_ms" => Instants::EpochMs,
                    _ => Instants::Rfc3339,
                }
            }
            _ => {}
        }
    }
    portal.switches.set(faults.clone());
    Json(faults).into_response()
}

/// Before the API: latency, the key check and the status fault; after it: garbage and cut bodies.
pub async fn api_guard(State(portal): State<Shared>, request: Request, next: Next) -> Response {
    let faults = portal.switches.get();
    if faults.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(faults.latency_ms)).await;
    }
    if let Some(refused) = refused_without_key(&faults, &request) {
        return refused;
    }
    let faulty = faults.status.is_some()
        || faults.garbage
        || faults.cut_after.is_some()
        || faults.broken_after.is_some()
        || faults.reset_after.is_some();
    if !faulty || !portal.switches.take_one() {
        return next.run(request).await;
    }
    if let Some(status) = faults.status {
        return status_fault(status);
    }
    let response = next.run(request).await;
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    parts.headers.remove(header::CONTENT_LENGTH);
    if let Some(after) = faults.reset_after {
        return Response::from_parts(parts, reset_body(&bytes, after));
    }
    let body = if faults.garbage {
        b"<html><body>Proxy error: upstream returned something else</body></html>".to_vec()
    } else if let Some(after) = faults.broken_after {
        broken_body(&bytes, after)
    } else {
        let cut = faults.cut_after.unwrap_or(bytes.len()).min(bytes.len());
        bytes[..cut].to_vec()
    };
    Response::from_parts(parts, Body::from(body))
}

/// A slow network: API answers, as sent (compressed when asked), go out at the rate of the
/// `bytes_per_second` switch. Outside the compression, so that the rate is the wire's.
pub async fn slow_network(State(portal): State<Shared>, request: Request, next: Next) -> Response {
    let is_api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    match portal.switches.get().bytes_per_second {
        Some(rate) if is_api => throttled(response, rate),
        _ => response,
    }
}

/// The response's body sent in pieces at `rate` bytes per second on average: each piece goes
/// out when the bytes before it are due, counted from the first, so that a timer's coarseness
/// (a sleep lasts at least a millisecond) delays one piece, not the rate.
fn throttled(response: Response, rate: u64) -> Response {
    const PIECE: usize = 4 * 1024;
    let (mut parts, body) = response.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    let stream = futures_util::stream::unfold(
        (body.into_data_stream(), Vec::<u8>::new(), None, 0u64),
        move |(mut source, mut pending, started, sent)| async move {
            use futures_util::StreamExt;
            while pending.len() < PIECE {
                match source.next().await {
                    Some(Ok(bytes)) => pending.extend_from_slice(&bytes),
                    _ => break,
                }
            }
            if pending.is_empty() {
                return None;
            }
            let rest = pending.split_off(pending.len().min(PIECE));
            let started = started.unwrap_or_else(tokio::time::Instant::now);
            let sent = sent + pending.len() as u64;
            tokio::time::sleep(wait_before_next(sent, rate, started.elapsed())).await;
            Some((
                Ok::<_, std::io::Error>(axum::body::Bytes::from(pending)),
                (source, rest, Some(started), sent),
            ))
        },
    );
    Response::from_parts(parts, Body::from_stream(stream))
}

/// How long to wait before bytes up to `sent` go out at `rate` bytes per second, `elapsed`
/// after the first: none when behind.
fn wait_before_next(sent: u64, rate: u64, elapsed: Duration) -> Duration {
    Duration::from_secs_f64(sent as f64 / rate.max(1) as f64).saturating_sub(elapsed)
}

/// The records that end within the first `after` bytes, then one that turns to garbage.
/// The first `after` bytes of `body`, then, once the status and headers are out (a pause lets
/// them be sent), an error that drops the connection mid-body.
fn reset_body(body: &[u8], after: usize) -> Body {
    use futures_util::StreamExt;
    let head = body[..after.min(body.len())].to_vec();
    let chunks = futures_util::stream::iter([Ok::<_, std::io::Error>(head)]).chain(
        futures_util::stream::once(async {
            tokio::time::sleep(Duration::from_millis(100)).await;
            Err(std::io::Error::new(
                std::io::ErrorKind::ConnectionReset,
                "the demo portal dropped the connection (reset_after)",
            ))
        }),
    );
    Body::from_stream(chunks)
}

fn broken_body(body: &[u8], after: usize) -> Vec<u8> {
    // Between two records the export writes `}, {"`; inside a string a quote is escaped.
    let head = &body[..after.min(body.len())];
    let end = head
        .windows(5)
        .rposition(|window| window == b"}, {\"")
        .map_or(1.min(head.len()), |at| at + 3);
    let mut broken = head[..end].to_vec();
    broken.extend_from_slice(br#"{"timestamp": "2026-01-01T00:00:00Z", "action": garbage<html>"#);
    broken
}

/// The 401 the platform answers when the demo's `--api-key` is set and the request lacks it.
fn refused_without_key(faults: &Faults, request: &Request) -> Option<Response> {
    let key = faults.api_key.as_ref()?;
    if carries_key(request, key) {
        return None;
    }
    let refused = PortalError::new(
        StatusCode::UNAUTHORIZED,
        "Unauthorized",
        "You must be authenticated with an API key whose user has the \"Browse analytics\" (explore_monitoring) permission.",
    );
    Some(refused.into_response())
}

fn carries_key(request: &Request, key: &str) -> bool {
    let header_key = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("apikey"))
        .map(|(_, given)| given.trim() == key);
    // Form-decoded, as the platform reads it: a key with reserved characters arrives encoded.
    let query_key = request.uri().query().map(|query| {
        form_urlencoded::parse(query.as_bytes())
            .any(|(name, value)| name == "apikey" && value == key)
    });
    header_key == Some(true) || query_key == Some(true)
}

/// The platform's answers for a status: 429 with its quota body and rate-limit headers, others
/// with the usual error body.
fn status_fault(status: u16) -> Response {
    let code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if code == StatusCode::TOO_MANY_REQUESTS {
        let reset = chrono::Utc::now() + chrono::Duration::hours(3);
        let body = json!({
            "errorcode": 10002,
            "reset_time": reset.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string(),
            "limit_time_unit": "day",
            "call_limit": 10000,
            "error": "Too many requests on the domain. Please contact the domain administrator.",
        });
        let mut response = (code, Json(body)).into_response();
        let headers = response.headers_mut();
        headers.insert("x-ratelimit-limit", HeaderValue::from_static("10000"));
        headers.insert("x-ratelimit-remaining", HeaderValue::from_static("0"));
        if let Ok(value) = HeaderValue::from_str(&reset.timestamp().to_string()) {
            headers.insert("x-ratelimit-reset", value);
        }
        return response;
    }
    let error_code = match status {
        503 => "ServiceUnavailable",
        500..=599 => "InternalError",
        _ => "DemoFault",
    };
    PortalError::new(
        code,
        error_code,
        format!("The demo portal answers {status} on purpose (fault switch)."),
    )
    .into_response()
}

/// Outermost: when told to, CORS preflights do not allow the Authorization header.
pub async fn cors_guard(State(portal): State<Shared>, request: Request, next: Next) -> Response {
    let is_preflight = request.method() == Method::OPTIONS
        && request
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    let asks_for_auth = request
        .headers()
        .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().contains("authorization"));
    if is_preflight && asks_for_auth && portal.switches.get().refuse_auth_header {
        let mut response = StatusCode::NO_CONTENT.into_response();
        response.headers_mut().insert(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        );
        response.headers_mut().insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static("accept"),
        );
        return response;
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slow_network_keeps_its_rate_whatever_the_pieces_waited() {
        let ms = Duration::from_millis;
        // 8 kB at 4 kB/s are due 2 s after the first byte.
        assert_eq!(wait_before_next(8192, 4096, ms(1500)), ms(500));
        assert_eq!(wait_before_next(8192, 4096, ms(0)), ms(2000));
        // Behind (a sleep lasted longer than asked): the next piece goes at once.
        assert_eq!(wait_before_next(8192, 4096, ms(2500)), Duration::ZERO);
    }
}
