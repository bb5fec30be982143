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

/// Every way loading the log can fail, each with words a workspace administrator can act on.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// The portal answered with an HTTP error; `message` is the body's `message` when it had one.
    #[error("the portal answered {status}{}", message.as_deref().map(|m| format!(": {m}")).unwrap_or_default())]
    Http {
        status: u16,
        message: Option<String>,
        error_code: Option<String>,
    },
    /// No answer at all: the network, a wrong address, or a CORS refusal (the browser does not
    /// say which).
    #[error("no answer from {portal}: {detail}")]
    Network { portal: String, detail: String },
    /// An answer, but not an activity log.
    #[error("the answer is not an activity log: {0}")]
    Body(ParseError),
}

impl ApiError {
    /// The error from a non-OK response: status and, when the body is the API's JSON, its
    /// `message` and `error_code`.
    pub fn from_response(status: u16, body: &str) -> Self {
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
        ApiError::Http {
            status,
            message,
            error_code: text("error_code"),
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
            ApiError::Body(_) => "The answer is not an activity log".into(),
        }
    }

    /// What the user can do about it.
    pub fn advice(&self) -> &'static str {
        match self {
            ApiError::Http { status: 401 | 403, .. } => {
                "The key is missing or wrong, or its user lacks the \"Browse analytics\" permission. Check the key, then retry."
            }
            ApiError::Http { status: 404, .. } => {
                "Check the dataset id in the address. Monitoring datasets live under monitoring/, not catalog/."
            }
            ApiError::Http { status: 429, .. } => {
                "The portal's API quota is used up. Retry once it resets."
            }
            ApiError::Http { status: 400, .. } => {
                "The portal did not accept the query shown above. Check the dates and time zone."
            }
            ApiError::Http { status, .. } if *status >= 500 => {
                "The portal had a problem. Retry in a moment."
            }
            ApiError::Http { .. } => "Retry; if it persists, check the portal address.",
            ApiError::Network { .. } => {
                "Check the portal address and your connection. If the portal is up, its CORS rules may refuse this page."
            }
            ApiError::Body(_) => {
                "Check that the dataset is the back office activity log, then retry."
            }
        }
    }

    /// Whether retrying the same request can help.
    pub fn retryable(&self) -> bool {
        !matches!(
            self,
            ApiError::Http {
                status: 400 | 404,
                ..
            }
        )
    }
}

#[cfg(target_arch = "wasm32")]
pub use fetch::fetch_log;

/// Progress of a load, reported after every chunk of the body.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub bytes: usize,
    pub records: usize,
}

#[cfg(target_arch = "wasm32")]
mod fetch {
    //! The browser side: fetch with the body read as a stream, parsed chunk by chunk.

    use engine::{JsonArrayReader, ParseReport, Store};
    use js_sys::{Reflect, Uint8Array};
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{AbortSignal, ReadableStreamDefaultReader};

    use super::{ApiError, Progress};

    /// Fetches an export of the log and parses it into a store as it arrives.
    pub async fn fetch_log(
        url: &str,
        portal: &str,
        signal: &AbortSignal,
        mut on_progress: impl FnMut(Progress),
    ) -> Result<(Store, ParseReport), ApiError> {
        let network = |detail: String| ApiError::Network {
            portal: portal.to_string(),
            detail,
        };
        let response = gloo_net::http::Request::get(url)
            .header("Accept", "application/json")
            .abort_signal(Some(signal))
            .send()
            .await
            .map_err(|error| network(error.to_string()))?;
        if !response.ok() {
            let body = response.text().await.unwrap_or_default();
            return Err(ApiError::from_response(response.status(), &body));
        }
        let mut store = Store::new();
        let mut reader = JsonArrayReader::new();
        let mut progress = Progress::default();
        let Some(stream) = response.body() else {
            return reader
                .finish()
                .map(|report| (store, report))
                .map_err(ApiError::Body);
        };
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
            reader.feed(&bytes, &mut store).map_err(ApiError::Body)?;
            progress.bytes += bytes.len();
            progress.records = reader.report().accepted + reader.report().skipped_total();
            on_progress(progress);
        }
        let report = reader.finish().map_err(ApiError::Body)?;
        Ok((store, report))
    }

    fn describe(error: &JsValue) -> String {
        error
            .dyn_ref::<js_sys::Error>()
            .map(|error| String::from(error.message()))
            .unwrap_or_else(|| format!("{error:?}"))
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
        let error = ApiError::from_response(400, body);
        assert_eq!(
            error,
            ApiError::Http {
                status: 400,
                message: Some("ODSQL query is malformed: foo".into()),
                error_code: Some("ODSQLError".into())
            }
        );
        assert_eq!(
            error.to_string(),
            "the portal answered 400: ODSQL query is malformed: foo"
        );
        assert!(!error.retryable());

        let quota =
            ApiError::from_response(429, r#"{"errorcode": 10002, "error": "Too many requests"}"#);
        assert_eq!(quota.title(), "API quota reached (429)");
        assert!(quota.to_string().contains("Too many requests"));

        let html = ApiError::from_response(502, "<html>Bad gateway</html>");
        assert!(html.retryable());
        assert!(html.title().contains("502"));
        assert!(ApiError::from_response(404, "")
            .advice()
            .contains("monitoring/"));
    }
}
