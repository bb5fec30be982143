//! The Explore API v2.1: URL builders that write what the official client writes, one streaming
//! fetch, and a typed error for every way a request can fail.
//!
//! URLs follow `@opendatasoft/api-client`'s habits, so that the same query gives the same path and
//! parameters (tests/urls.rs checks them against its vectors): parameters sorted by name, form
//! encoding (space as `+`), and each added `where` combined as `(previous) AND (new)`.

use std::collections::BTreeMap;

use engine::calendar::Zone;
use engine::{DateWindow, ParseError};

/// The API's base path on a portal.
pub const API_BASE: &str = "/api/explore/v2.1/";

/// The demo portal's activity log, the default when the URL names no dataset.
pub const DEFAULT_DATASET: &str = "ods-backoffice-activity";

/// Where the log comes from: a portal's base URL and the activity log's dataset id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    pub portal: String,
    pub dataset: String,
}

impl Source {
    /// The dataset's page on the portal, as the platform's "See source data" links it.
    pub fn portal_page(&self) -> String {
        format!(
            "{}/explore/dataset/{}/?source=monitoring",
            self.portal.trim_end_matches('/'),
            encode_segment(&self.dataset)
        )
    }
}

/// Export formats of the `exports/` endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    Json,
    Jsonl,
    Csv,
}

impl ExportFormat {
    fn name(self) -> &'static str {
        match self {
            ExportFormat::Json => "json",
            ExportFormat::Jsonl => "jsonl",
            ExportFormat::Csv => "csv",
        }
    }
}

/// One Explore API request, built the way the official client builds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExploreQuery {
    path: String,
    params: BTreeMap<&'static str, String>,
}

impl ExploreQuery {
    /// `monitoring/datasets/` — the monitoring datasets the key can read.
    pub fn monitoring_datasets() -> Self {
        ExploreQuery {
            path: "monitoring/datasets/".into(),
            params: BTreeMap::new(),
        }
    }

    /// `monitoring/datasets/<id>/` — one dataset's metadata (its fields).
    pub fn dataset(dataset: &str) -> Self {
        ExploreQuery {
            path: format!("monitoring/datasets/{}/", encode_segment(dataset)),
            params: BTreeMap::new(),
        }
    }

    /// `monitoring/datasets/<id>/records/`.
    pub fn records(dataset: &str) -> Self {
        ExploreQuery {
            path: format!("monitoring/datasets/{}/records/", encode_segment(dataset)),
            params: BTreeMap::new(),
        }
    }

    /// `monitoring/datasets/<id>/exports/<format>/`.
    pub fn export(dataset: &str, format: ExportFormat) -> Self {
        ExploreQuery {
            path: format!(
                "monitoring/datasets/{}/exports/{}/",
                encode_segment(dataset),
                format.name()
            ),
            params: BTreeMap::new(),
        }
    }

    /// The export of a date window, the zone's local days, as the dashboard loads it.
    pub fn window_export(dataset: &str, window: &DateWindow, zone: Zone) -> Self {
        Self::export(dataset, ExportFormat::Json)
            .where_(&format!("timestamp >= date'{}'", window.from))
            .where_(&format!("timestamp < date'{}'", window.end_exclusive()))
            .timezone(zone.name())
    }

    pub fn select(self, select: &str) -> Self {
        self.param("select", select)
    }

    /// Adds a condition; conditions combine as `(previous) AND (new)`.
    pub fn where_(mut self, condition: &str) -> Self {
        let combined = match self.params.remove("where") {
            Some(previous) => format!("({previous}) AND ({condition})"),
            None => condition.to_string(),
        };
        self.param("where", &combined)
    }

    pub fn group_by(self, group_by: &str) -> Self {
        self.param("group_by", group_by)
    }

    pub fn order_by(self, order_by: &str) -> Self {
        self.param("order_by", order_by)
    }

    pub fn limit(self, limit: i64) -> Self {
        self.param("limit", &limit.to_string())
    }

    pub fn offset(self, offset: i64) -> Self {
        self.param("offset", &offset.to_string())
    }

    pub fn timezone(self, zone: &str) -> Self {
        self.param("timezone", zone)
    }

    fn param(mut self, name: &'static str, value: &str) -> Self {
        self.params.insert(name, value.to_string());
        self
    }

    /// The path and query relative to the API base, e.g. `monitoring/datasets/?select=dataset_id`.
    pub fn relative(&self) -> String {
        if self.params.is_empty() {
            return self.path.clone();
        }
        let query = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(self.params.iter())
            .finish();
        format!("{}?{query}", self.path)
    }

    /// The absolute URL on a portal (`https://example.opendatasoft.com`, with or without a
    /// trailing slash).
    pub fn url(&self, portal: &str) -> String {
        format!(
            "{}{API_BASE}{}",
            portal.trim_end_matches('/'),
            self.relative()
        )
    }
}

/// A path segment with anything outside `[A-Za-z0-9-_.~]` percent-encoded.
pub fn encode_segment(segment: &str) -> String {
    let mut encoded = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// How requests prove who they are: the API key, sent as `Authorization: Apikey <key>`, or
/// (only where a portal's CORS rules refuse that header) as `apikey=` in the request URL.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Auth {
    pub key: Option<String>,
    pub in_query: bool,
}

impl std::fmt::Debug for Auth {
    // Never print the key.
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.debug_struct("Auth")
            .field("key", &self.key.as_ref().map(|_| "•••"))
            .field("in_query", &self.in_query)
            .finish()
    }
}

impl Auth {
    /// The URL to request: with `apikey=` appended when the key goes in the query.
    pub fn request_url(&self, url: &str) -> String {
        match (&self.key, self.in_query) {
            (Some(key), true) => {
                let separator = if url.contains('?') { '&' } else { '?' };
                let pair = form_urlencoded::Serializer::new(String::new())
                    .append_pair("apikey", key)
                    .finish();
                format!("{url}{separator}{pair}")
            }
            _ => url.to_string(),
        }
    }

    /// The `Authorization` header's value, when the key goes in a header.
    pub fn header(&self) -> Option<String> {
        match (&self.key, self.in_query) {
            (Some(key), false) => Some(format!("Apikey {key}")),
            _ => None,
        }
    }

    /// `text` with every occurrence of the key masked, for anything shown or logged.
    pub fn redact(&self, text: &str) -> String {
        match &self.key {
            Some(key) if !key.is_empty() => text.replace(key.as_str(), "•••"),
            _ => text.to_string(),
        }
    }
}

/// Every way loading the log can fail, each with words a workspace administrator can act on.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// The portal answered with an HTTP error; `message` is the body's `message` when it had one.
    #[error("the portal answered {status}{}", message.as_deref().map(|m| format!(": {m}")).unwrap_or_default())]
    Http {
        status: u16,
        message: Option<String>,
        error_code: Option<String>,
        /// For 429: when the quota resets (UTC, as the portal said it).
        reset: Option<String>,
    },
    /// No answer at all: a wrong address, the portal down, or no network.
    #[error("no answer from {portal}: {detail}")]
    Network { portal: String, detail: String },
    /// The portal answers, but its CORS rules do not let this page read it.
    #[error("{portal} answers, but its CORS rules refuse requests from this page{}", if *with_key { " with the Authorization header" } else { "" })]
    Cors { portal: String, with_key: bool },
    /// An answer, but not JSON, or cut off.
    #[error("the answer is not a readable activity log: {0}")]
    Body(ParseError),
    /// JSON records, but of another dataset.
    #[error("the records lack the activity log's fields: {}", missing.join(", "))]
    NotActivityLog { missing: Vec<String> },
    /// Imported files were asked for, but none are held (they are not kept across reloads).
    #[error("no imported files: files are not kept after the page is reloaded")]
    NoImport,
}

impl ApiError {
    /// The error from a non-OK response: status and, when the body is the API's JSON, its
    /// `message` (or `error`) and `error_code`; for 429, the reset time from the body's
    /// `reset_time` or the `X-RateLimit-Reset` header (epoch seconds).
    pub fn from_response(status: u16, body: &str, rate_limit_reset: Option<&str>) -> Self {
        let json: Option<serde_json::Value> = serde_json::from_str(body).ok();
        let text = |key: &str| {
            json.as_ref()
                .and_then(|value| value.get(key))
                .and_then(|value| value.as_str())
                .map(str::to_string)
        };
        let message = text("message").or_else(|| text("error")).or_else(|| {
            let trimmed = body.trim();
            (!trimmed.is_empty() && json.is_none() && trimmed.len() <= 300)
                .then(|| trimmed.to_string())
        });
        let reset = (status == 429)
            .then(|| {
                text("reset_time").map(|t| readable_reset(&t)).or_else(|| {
                    let seconds: i64 = rate_limit_reset?.trim().parse().ok()?;
                    chrono::DateTime::from_timestamp(seconds, 0)
                        .map(|at| at.format("%Y-%m-%d %H:%M UTC").to_string())
                })
            })
            .flatten();
        ApiError::Http {
            status,
            message,
            error_code: text("error_code"),
            reset,
        }
    }

    /// A short title for the error panel.
    pub fn title(&self) -> String {
        match self {
            ApiError::Http { status: 401, .. } => "The portal refused the API key (401)".into(),
            ApiError::Http { status: 403, .. } => "Access forbidden (403)".into(),
            ApiError::Http { status: 404, .. } => "Dataset not found (404)".into(),
            ApiError::Http { status: 429, .. } => "API quota reached (429)".into(),
            ApiError::Http { status: 400, .. } => "The portal rejected the query (400)".into(),
            ApiError::Http { status, .. } if *status >= 500 => {
                format!("The portal failed to answer ({status})")
            }
            ApiError::Http { status, .. } => {
                format!("Unexpected answer from the portal ({status})")
            }
            ApiError::Network { .. } => "The portal could not be reached".into(),
            ApiError::Cors { .. } => "The portal's CORS rules refuse this page".into(),
            ApiError::Body(ParseError::Truncated { .. }) => "The answer was cut off".into(),
            ApiError::Body(_) => "The answer is not JSON".into(),
            ApiError::NotActivityLog { .. } => "This dataset is not the activity log".into(),
            ApiError::NoImport => "The imported files are gone".into(),
        }
    }

    /// What the user can do about it.
    pub fn advice(&self) -> String {
        match self {
            ApiError::Http { status: 401 | 403, .. } => {
                "The key is missing or wrong, or its user lacks the \"Browse analytics\" permission. Enter a key on the Connect page, then retry.".into()
            }
            ApiError::Http { status: 404, .. } => {
                "Check the dataset id, or pick the log on the Connect page. Monitoring datasets live under monitoring/, not catalog/.".into()
            }
            ApiError::Http { status: 429, reset, .. } => match reset {
                Some(at) => format!("The portal's API quota is used up. It resets at {at}; retry then."),
                None => "The portal's API quota is used up. Retry once it resets.".into(),
            },
            ApiError::Http { status: 400, .. } => {
                "The portal did not accept the query: its message is above. Check the dates and the time zone.".into()
            }
            ApiError::Http { status, .. } if *status >= 500 => {
                "The portal had a problem. Retry in a moment.".into()
            }
            ApiError::Http { .. } => "Retry; if it persists, check the portal address.".into(),
            ApiError::Network { .. } => {
                "Check the portal address and your connection, then retry.".into()
            }
            ApiError::Cors { with_key: true, .. } => {
                "Ask the portal's administrator to allow this page's origin, or on the Connect page tick \"Send the key in the URL\" (the key then ends up in the portal's logs).".into()
            }
            ApiError::Cors { .. } => {
                "Ask the portal's administrator to allow this page's origin in the portal's CORS settings.".into()
            }
            ApiError::Body(ParseError::Truncated { .. }) => {
                "The connection dropped or a proxy cut the answer. Retry.".into()
            }
            ApiError::Body(_) => {
                "Something between you and the portal (a proxy, a login page) answered instead. Check the portal address, then retry.".into()
            }
            ApiError::NotActivityLog { .. } => {
                "Pick the back office activity log on the Connect page.".into()
            }
            ApiError::NoImport => "Import the files again on the Connect page.".into(),
        }
    }

    /// Whether retrying the same request can help.
    pub fn retryable(&self) -> bool {
        !matches!(
            self,
            ApiError::Http {
                status: 400 | 404,
                ..
            } | ApiError::NotActivityLog { .. }
                | ApiError::NoImport
        )
    }

    /// Whether to retry by itself, with backoff: server errors and a lost connection.
    pub fn transient(&self) -> bool {
        match self {
            ApiError::Http { status, .. } => *status >= 500,
            ApiError::Network { .. } | ApiError::Body(ParseError::Truncated { .. }) => true,
            _ => false,
        }
    }

    /// Whether the Connect page can fix it (another key, portal or dataset).
    pub fn needs_connect(&self) -> bool {
        matches!(
            self,
            ApiError::Http {
                status: 401 | 403 | 404,
                ..
            } | ApiError::Cors { .. }
                | ApiError::Network { .. }
                | ApiError::NotActivityLog { .. }
                | ApiError::NoImport
        )
    }
}

/// `2024-03-05T00:00:00.000000Z` → `2024-03-05 00:00 UTC`; other text as is.
fn readable_reset(text: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|at| {
            at.with_timezone(&chrono::Utc)
                .format("%Y-%m-%d %H:%M UTC")
                .to_string()
        })
        .unwrap_or_else(|_| text.to_string())
}

/// The delays before automatic retries of a transient failure, in milliseconds.
pub const RETRY_DELAYS_MS: [u32; 3] = [1_000, 2_000, 4_000];

/// Progress of a load, reported after every chunk of the body.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub bytes: usize,
    pub records: usize,
}

/// One monitoring dataset the key can read, and how well its fields match the activity log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MonitoringDataset {
    pub id: String,
    pub title: Option<String>,
    /// Its field names, when the portal said.
    pub fields: Option<Vec<String>>,
}

impl MonitoringDataset {
    /// How many of the activity log's 12 fields it has (0 when unknown).
    pub fn matching_fields(&self) -> usize {
        let Some(fields) = &self.fields else { return 0 };
        engine::Field::ALL
            .iter()
            .filter(|f| fields.iter().any(|name| name == f.name()))
            .count()
    }

    /// Has every core field of the activity log.
    pub fn is_activity_log(&self) -> bool {
        let Some(fields) = &self.fields else {
            return false;
        };
        engine::parse::CORE_FIELDS
            .iter()
            .all(|f| fields.iter().any(|name| name == f.name()))
    }
}

/// The datasets of a `monitoring/datasets/` answer (or of one dataset's metadata).
pub fn parse_datasets(body: &str) -> Result<Vec<MonitoringDataset>, ApiError> {
    let json: serde_json::Value = serde_json::from_str(body).map_err(|_| {
        ApiError::Body(ParseError::NotAnArray {
            found: body.chars().take(40).collect(),
        })
    })?;
    let entries: Vec<&serde_json::Value> = match json.get("results").and_then(|r| r.as_array()) {
        Some(results) => results.iter().collect(),
        None => vec![&json],
    };
    Ok(entries
        .into_iter()
        .filter_map(|entry| {
            let id = entry.get("dataset_id")?.as_str()?.to_string();
            let fields = entry
                .get("fields")
                .and_then(|f| f.as_array())
                .map(|fields| {
                    fields
                        .iter()
                        .filter_map(|f| f.get("name").and_then(|n| n.as_str()).map(str::to_string))
                        .collect()
                });
            let title = entry
                .pointer("/metas/default/title")
                .and_then(|t| t.as_str())
                .map(str::to_string);
            Some(MonitoringDataset { id, title, fields })
        })
        .collect())
}

/// The dataset to preselect: the first that has the activity log's core fields, the one with
/// the most matching fields otherwise.
pub fn best_match(datasets: &[MonitoringDataset]) -> Option<&MonitoringDataset> {
    datasets.iter().find(|d| d.is_activity_log()).or_else(|| {
        datasets
            .iter()
            .filter(|d| d.matching_fields() > 0)
            .max_by_key(|d| d.matching_fields())
    })
}

pub use fetch::{fetch_log, fetch_text};

mod fetch {
    //! The browser side: fetch with the body read as a stream, parsed chunk by chunk. It
    //! compiles natively too (web-sys has stubs) but only runs in a browser.

    use engine::{JsonArrayReader, ParseReport, Store};
    use js_sys::{Reflect, Uint8Array};
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{AbortSignal, ReadableStreamDefaultReader};

    use super::{ApiError, Auth, Progress};

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
            Err(error) => return Err(no_answer(url, portal, auth, &error.to_string()).await),
        };
        if !response.ok() {
            let reset = response.headers().get("x-ratelimit-reset");
            let body = response.text().await.unwrap_or_default();
            return Err(ApiError::from_response(
                response.status(),
                &auth.redact(&body),
                reset.as_deref(),
            ));
        }
        Ok(response)
    }

    /// Tells a CORS refusal from no answer: a `no-cors` request reaches a portal that is up
    /// even when CORS forbids reading it.
    async fn no_answer(url: &str, portal: &str, auth: &Auth, detail: &str) -> ApiError {
        let init = web_sys::RequestInit::new();
        init.set_mode(web_sys::RequestMode::NoCors);
        let reachable = match web_sys::window() {
            Some(window) => JsFuture::from(window.fetch_with_str_and_init(url, &init))
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

    /// A whole small answer as text (dataset lists, metadata).
    pub async fn fetch_text(url: &str, portal: &str, auth: &Auth) -> Result<String, ApiError> {
        let response = send(url, portal, auth, None).await?;
        response.text().await.map_err(|error| ApiError::Network {
            portal: portal.to_string(),
            detail: auth.redact(&error.to_string()),
        })
    }

    /// Fetches an export of the log and parses it into a store as it arrives.
    pub async fn fetch_log(
        url: &str,
        portal: &str,
        auth: &Auth,
        signal: &AbortSignal,
        mut on_progress: impl FnMut(Progress),
    ) -> Result<(Store, ParseReport), ApiError> {
        let network = |detail: String| ApiError::Network {
            portal: portal.to_string(),
            detail: auth.redact(&detail),
        };
        let started = crate::browser::precise_now();
        let response = send(url, portal, auth, Some(signal)).await?;
        let mut store = Store::new();
        let mut reader = JsonArrayReader::new();
        let mut progress = Progress::default();
        // Parsing happens while bytes arrive: its time is summed apart from the wait.
        let mut parse_ms = 0.0;
        if let Some(stream) = response.body() {
            let stream_reader: ReadableStreamDefaultReader = stream
                .get_reader()
                .dyn_into()
                .map_err(|_| network("the browser cannot read the answer as a stream".into()))?;
            loop {
                let chunk = JsFuture::from(stream_reader.read())
                    .await
                    .map_err(|error| network(describe(&error)))?;
                let done = Reflect::get(&chunk, &JsValue::from_str("done"))
                    .ok()
                    .and_then(|value| value.as_bool())
                    .unwrap_or(true);
                if done {
                    break;
                }
                let value =
                    Reflect::get(&chunk, &JsValue::from_str("value")).unwrap_or(JsValue::UNDEFINED);
                let bytes = Uint8Array::new(&value).to_vec();
                let before = crate::browser::precise_now();
                reader.feed(&bytes, &mut store).map_err(ApiError::Body)?;
                parse_ms += crate::browser::precise_now() - before;
                progress.bytes += bytes.len();
                progress.records = reader.report().records();
                on_progress(progress);
            }
        }
        let report = reader.finish().map_err(ApiError::Body)?;
        let ended = crate::browser::precise_now();
        crate::browser::measure("load:fetch", started, ended - started);
        crate::browser::measure("load:parse", ended - parse_ms, parse_ms);
        check_fields(&report)?;
        Ok((store, report))
    }

    fn describe(error: &JsValue) -> String {
        error
            .dyn_ref::<js_sys::Error>()
            .map(|error| String::from(error.message()))
            .unwrap_or_else(|| "the connection was interrupted".to_string())
    }

    /// Records of another dataset are an error, not a pile of skipped records.
    pub fn check_fields(report: &ParseReport) -> Result<(), ApiError> {
        let missing = report.missing_core_fields();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(ApiError::NotActivityLog {
                missing: missing.into_iter().map(str::to_string).collect(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_export_sends_local_bounds_and_zone() {
        let window = DateWindow::parse("2024-01-01", "2024-01-14").unwrap();
        let zone: Zone = "Europe/Paris".parse().unwrap();
        let url =
            ExploreQuery::window_export("activity", &window, zone).url("https://x.example.com/");
        assert_eq!(
            url,
            "https://x.example.com/api/explore/v2.1/monitoring/datasets/activity/exports/json/?timezone=Europe%2FParis&where=%28timestamp+%3E%3D+date%272024-01-01%27%29+AND+%28timestamp+%3C+date%272024-01-15%27%29"
        );
    }

    #[test]
    fn dataset_ids_are_encoded_in_paths() {
        let query = ExploreQuery::records("a b/c");
        assert_eq!(query.relative(), "monitoring/datasets/a%20b%2Fc/records/");
        let source = Source {
            portal: "https://p.example.com/".into(),
            dataset: "log".into(),
        };
        assert_eq!(
            source.portal_page(),
            "https://p.example.com/explore/dataset/log/?source=monitoring"
        );
    }

    #[test]
    fn errors_carry_the_status_and_the_api_message() {
        let body = r#"{"message": "ODSQL query is malformed: foo", "error_code": "ODSQLError"}"#;
        let error = ApiError::from_response(400, body, None);
        assert_eq!(
            error,
            ApiError::Http {
                status: 400,
                message: Some("ODSQL query is malformed: foo".into()),
                error_code: Some("ODSQLError".into()),
                reset: None,
            }
        );
        assert_eq!(
            error.to_string(),
            "the portal answered 400: ODSQL query is malformed: foo"
        );
        assert!(!error.retryable() && !error.transient());

        let html = ApiError::from_response(502, "<html>Bad gateway</html>", None);
        assert!(html.retryable() && html.transient());
        assert!(html.title().contains("502"));
        assert!(ApiError::from_response(404, "", None)
            .advice()
            .contains("monitoring/"));
        assert!(ApiError::from_response(401, "", None)
            .advice()
            .contains("Browse analytics"));
    }

    #[test]
    fn a_quota_error_says_when_it_resets() {
        let body = r#"{"errorcode": 10002, "reset_time": "2024-03-05T00:00:00.000000Z", "error": "Too many requests"}"#;
        let quota = ApiError::from_response(429, body, Some("1709596800"));
        assert_eq!(quota.title(), "API quota reached (429)");
        assert!(quota.to_string().contains("Too many requests"));
        assert!(
            quota.advice().contains("2024-03-05 00:00 UTC"),
            "{}",
            quota.advice()
        );
        // Only the header: epoch seconds.
        let header_only = ApiError::from_response(429, "{}", Some("1709596800"));
        assert!(header_only.advice().contains("2024-03-05 00:00 UTC"));
        assert!(ApiError::from_response(429, "{}", None)
            .advice()
            .contains("once it resets"));
    }

    #[test]
    fn the_key_goes_in_a_header_or_only_in_the_request_url() {
        let header = Auth {
            key: Some("S3CRET".into()),
            in_query: false,
        };
        assert_eq!(header.request_url("https://p/x/?a=1"), "https://p/x/?a=1");
        assert_eq!(header.header().as_deref(), Some("Apikey S3CRET"));
        let query = Auth {
            key: Some("a b&c".into()),
            in_query: true,
        };
        assert_eq!(
            query.request_url("https://p/x/?a=1"),
            "https://p/x/?a=1&apikey=a+b%26c"
        );
        assert_eq!(
            query.request_url("https://p/x/"),
            "https://p/x/?apikey=a+b%26c"
        );
        assert_eq!(query.header(), None);
        assert_eq!(header.redact("bad key S3CRET here"), "bad key ••• here");
        assert!(!format!("{header:?}").contains("S3CRET"));
        assert_eq!(Auth::default().request_url("u"), "u");
    }

    #[test]
    fn datasets_are_listed_and_the_activity_log_preselected() {
        let body = r#"{"total_count": 3, "results": [
            {"dataset_id": "api-calls", "fields": [{"name": "timestamp"}, {"name": "user_id"}, {"name": "endpoint"}]},
            {"dataset_id": "backoffice", "metas": {"default": {"title": "Activity"}}, "fields": [{"name": "timestamp"}, {"name": "domain_id"}, {"name": "user_id"}, {"name": "action"}, {"name": "diff"}]},
            {"dataset_id": "bare"}
        ]}"#;
        let datasets = parse_datasets(body).unwrap();
        assert_eq!(datasets.len(), 3);
        assert_eq!(datasets[1].title.as_deref(), Some("Activity"));
        assert_eq!(datasets[2].fields, None);
        assert_eq!(
            best_match(&datasets).map(|d| d.id.as_str()),
            Some("backoffice")
        );
        assert_eq!(
            best_match(&datasets[..1]).map(|d| d.id.as_str()),
            Some("api-calls")
        );
        let one = parse_datasets(r#"{"dataset_id": "x", "fields": []}"#).unwrap();
        assert_eq!(one[0].id, "x");
        assert!(parse_datasets("<html>").is_err());
    }
}
