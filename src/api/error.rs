//! `ApiError`: every way loading the log can fail, typed; its words (a title, what happened,
//! what to do) are the view's (`components::error_text`).

use engine::{ParseError, ParseReport};

/// Every way loading the log can fail, each told apart so that the view can say it in words a
/// workspace administrator can act on (`components::error_text`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ApiError {
    /// The portal answered with an HTTP error; `message` is the body's `message` when it had one.
    Http {
        status: u16,
        message: Option<String>,
        error_code: Option<String>,
        /// For 429: when the quota resets (UTC, as the portal said it).
        reset: Option<String>,
    },
    /// No answer at all: a wrong address, the portal down, or no network.
    Network { portal: String, detail: String },
    /// The browser cannot read the answer as a stream: nothing was received.
    StreamUnsupported { portal: String },
    /// The portal answers, but its CORS rules do not let this page read it.
    Cors { portal: String, with_key: bool },
    /// The download stopped part-way (the connection dropped, a proxy cut the body): what had
    /// arrived is dropped, not shown as if complete.
    Interrupted { bytes: usize, records: usize },
    /// An answer, but not JSON, or cut off.
    Body(ParseError),
    /// JSON records, but of another dataset.
    NotActivityLog { missing: Vec<String> },
    /// Imported files were asked for, but none are held (they are not kept across reloads).
    NoImport,
    /// The link's or the form's portal is not an `http:`/`https:` address: nothing was asked.
    NotAPortal { portal: String },
    /// In portal mode, an answer that is not the groups or rows asked for; `why` says what was
    /// wrong with it.
    UnexpectedAnswer { why: String },
    /// An answer other than the log's export passed `limit` bytes; the rest was not read.
    TooLarge { limit: usize },
    /// An answer other than the log's export took more than `seconds`; it was abandoned.
    TimedOut { seconds: u32 },
    /// A portal's group answer held more than `limit` groups.
    TooManyGroups { limit: usize },
    /// A download of a list's every event (portal mode) would hold `events`, more than the
    /// `limit` past which the portal counts instead of the browser: nothing was asked.
    TooManyEvents { events: usize, limit: usize },
}

impl std::error::Error for ApiError {}

impl ApiError {
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
                        .map(|at| utc_minute_text(at.naive_utc()))
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

    /// Whether retrying the same request can help.
    pub fn retryable(&self) -> bool {
        !matches!(
            self,
            ApiError::Http {
                status: 400 | 404,
                ..
            } | ApiError::NotActivityLog { .. }
                | ApiError::NoImport
                | ApiError::NotAPortal { .. }
                | ApiError::TooLarge { .. }
                | ApiError::TooManyGroups { .. }
                | ApiError::TooManyEvents { .. }
        )
    }

    /// Whether to retry by itself, with backoff: server errors and a lost connection.
    pub fn transient(&self) -> bool {
        match self {
            ApiError::Http { status, .. } => *status >= 500,
            ApiError::Network { .. }
            | ApiError::StreamUnsupported { .. }
            | ApiError::Interrupted { .. }
            | ApiError::Body(ParseError::Truncated { .. }) => true,
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
                | ApiError::StreamUnsupported { .. }
                | ApiError::NotActivityLog { .. }
                | ApiError::NotAPortal { .. }
                | ApiError::NoImport
        )
    }
}

/// `2024-03-05T00:00:00.000000Z` → `2024-03-05 00:00 UTC`; other text as is.
fn readable_reset(text: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|at| utc_minute_text(at.naive_utc()))
        .unwrap_or_else(|_| text.to_string())
}

/// `2024-03-05 00:00 UTC`.
fn utc_minute_text(at: chrono::NaiveDateTime) -> String {
    format!("{} UTC", engine::date_text::date_minute_text(at))
}
