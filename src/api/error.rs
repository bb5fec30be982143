//! `ApiError`: every way loading the log can fail, with a title and advice in plain words.

use engine::{ParseError, ParseReport};

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
    /// The download stopped part-way (the connection dropped, a proxy cut the body): what had
    /// arrived is dropped, not shown as if complete.
    #[error("the download was interrupted after {bytes} bytes and {records} records")]
    Interrupted { bytes: usize, records: usize },
    /// An answer, but not JSON, or cut off.
    #[error("the answer is not a readable activity log: {0}")]
    Body(ParseError),
    /// JSON records, but of another dataset.
    #[error("the records lack the activity log's fields: {}", missing.join(", "))]
    NotActivityLog { missing: Vec<String> },
    /// Imported files were asked for, but none are held (they are not kept across reloads).
    #[error("no imported files: files are not kept after the page is reloaded")]
    NoImport,
    /// The link's or the form's portal is not an `http:`/`https:` address: nothing was asked.
    #[error("{portal:?} is not a portal address")]
    NotAPortal { portal: String },
}

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
            ApiError::Interrupted { .. } => "The download was interrupted".into(),
            ApiError::Body(ParseError::Truncated { .. }) => "The answer was cut off".into(),
            ApiError::Body(_) => "The answer is not JSON".into(),
            ApiError::NotActivityLog { .. } => "This dataset is not the activity log".into(),
            ApiError::NoImport => "The imported files are gone".into(),
            ApiError::NotAPortal { .. } => "This is not a portal address".into(),
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
            ApiError::Interrupted { bytes, records } => format!(
                "It stopped after {} ({} records): the connection dropped or a proxy cut it. Nothing of it is shown as if complete. Retry.",
                crate::numbers::format_bytes(*bytes),
                crate::numbers::grouped(*records as u64)
            ),
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
            ApiError::NotAPortal { .. } => {
                "A portal address starts with https:// (or http://), like https://yourportal.opendatasoft.com. Nothing was requested. Enter the address on the Connect page.".into()
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
            } | ApiError::NotActivityLog { .. }
                | ApiError::NoImport
                | ApiError::NotAPortal { .. }
        )
    }

    /// Whether to retry by itself, with backoff: server errors and a lost connection.
    pub fn transient(&self) -> bool {
        match self {
            ApiError::Http { status, .. } => *status >= 500,
            ApiError::Network { .. }
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
                | ApiError::NotActivityLog { .. }
                | ApiError::NotAPortal { .. }
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
