//! `ApiError`: every way loading the log can fail, with a title and advice in plain words.

use engine::{ParseError, ParseReport};

use crate::i18n::{t, tf};

/// Every way loading the log can fail, each with words a workspace administrator can act on.
/// Its text (`Display`) is [`ApiError::detail`], in the page's language.
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

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.detail())
    }
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
        let status_text = |status: &u16| status.to_string();
        match self {
            ApiError::Http { status: 401, .. } => t("error.title.401").into(),
            ApiError::Http { status: 403, .. } => t("error.title.403").into(),
            ApiError::Http { status: 404, .. } => t("error.title.404").into(),
            ApiError::Http { status: 429, .. } => t("error.title.429").into(),
            ApiError::Http { status: 400, .. } => t("error.title.400").into(),
            ApiError::Http { status, .. } if *status >= 500 => {
                tf("error.title.5xx", &[("status", &status_text(status))])
            }
            ApiError::Http { status, .. } => {
                tf("error.title.other", &[("status", &status_text(status))])
            }
            ApiError::Network { .. } => t("error.title.network").into(),
            ApiError::Cors { .. } => t("error.title.cors").into(),
            ApiError::Interrupted { .. } => t("error.title.interrupted").into(),
            ApiError::Body(ParseError::Truncated { .. }) => t("error.title.truncated").into(),
            ApiError::Body(_) => t("error.title.not_json").into(),
            ApiError::NotActivityLog { .. } => t("error.title.not_log").into(),
            ApiError::NoImport => t("error.title.no_import").into(),
            ApiError::NotAPortal { .. } => t("error.title.not_portal").into(),
            ApiError::UnexpectedAnswer { .. } => t("error.title.unexpected_answer").into(),
            ApiError::TooLarge { .. } => t("error.title.too_large").into(),
            ApiError::TimedOut { .. } => t("error.title.timed_out").into(),
            ApiError::TooManyGroups { .. } => t("error.title.too_many_groups").into(),
            ApiError::TooManyEvents { .. } => t("error.title.too_many_events").into(),
        }
    }

    /// What happened, in the page's language; the portal's own `message` as it came.
    pub fn detail(&self) -> String {
        match self {
            ApiError::Http {
                status, message, ..
            } => {
                let status = status.to_string();
                match message {
                    Some(message) => tf(
                        "error.detail.http_message",
                        &[("status", &status), ("message", message)],
                    ),
                    None => tf("error.detail.http", &[("status", &status)]),
                }
            }
            ApiError::Network { portal, detail } => tf(
                "error.detail.network",
                &[("portal", portal), ("detail", detail)],
            ),
            ApiError::Cors {
                portal,
                with_key: true,
            } => tf("error.detail.cors_key", &[("portal", portal)]),
            ApiError::Cors { portal, .. } => tf("error.detail.cors", &[("portal", portal)]),
            ApiError::Interrupted { bytes, records } => tf(
                "error.detail.interrupted",
                &[
                    ("size", &crate::numbers::format_bytes(*bytes)),
                    ("records", &crate::numbers::grouped(*records as u64)),
                ],
            ),
            ApiError::Body(error) => tf(
                "error.detail.body",
                &[("reason", &crate::labels::parse_error(error))],
            ),
            ApiError::NotActivityLog { missing } => {
                tf("error.detail.not_log", &[("fields", &missing.join(", "))])
            }
            ApiError::NoImport => t("error.detail.no_import").into(),
            ApiError::UnexpectedAnswer { why } => {
                tf("error.detail.unexpected_answer", &[("why", why)])
            }
            ApiError::NotAPortal { portal } => tf(
                "error.detail.not_portal",
                &[("portal", &format!("{portal:?}"))],
            ),
            ApiError::TooLarge { limit } => tf(
                "error.detail.too_large",
                &[("size", &crate::numbers::format_bytes(*limit))],
            ),
            ApiError::TimedOut { seconds } => tf(
                "error.detail.timed_out",
                &[("seconds", &seconds.to_string())],
            ),
            ApiError::TooManyGroups { limit } => tf(
                "error.detail.too_many_groups",
                &[("limit", &crate::numbers::grouped(*limit as u64))],
            ),
            ApiError::TooManyEvents { events, limit } => tf(
                "error.detail.too_many_events",
                &[
                    ("events", &crate::numbers::grouped(*events as u64)),
                    ("limit", &crate::numbers::grouped(*limit as u64)),
                ],
            ),
        }
    }

    /// What the user can do about it.
    pub fn advice(&self) -> String {
        match self {
            ApiError::Http {
                status: 401 | 403, ..
            } => t("error.advice.key").into(),
            ApiError::Http { status: 404, .. } => t("error.advice.404").into(),
            ApiError::Http {
                status: 429, reset, ..
            } => match reset {
                Some(at) => tf("error.advice.429_at", &[("at", at)]),
                None => t("error.advice.429").into(),
            },
            ApiError::Http { status: 400, .. } => t("error.advice.400").into(),
            ApiError::Http { status, .. } if *status >= 500 => t("error.advice.5xx").into(),
            ApiError::Http { .. } => t("error.advice.other").into(),
            ApiError::Network { .. } => t("error.advice.network").into(),
            ApiError::Cors { with_key: true, .. } => t("error.advice.cors_key").into(),
            ApiError::Cors { .. } => t("error.advice.cors").into(),
            ApiError::Interrupted { bytes, records } => tf(
                "error.advice.interrupted",
                &[
                    ("size", &crate::numbers::format_bytes(*bytes)),
                    ("records", &crate::numbers::grouped(*records as u64)),
                ],
            ),
            ApiError::Body(ParseError::Truncated { .. }) => t("error.advice.truncated").into(),
            ApiError::Body(_) => t("error.advice.not_json").into(),
            ApiError::NotActivityLog { .. } => t("error.advice.not_log").into(),
            ApiError::NoImport => t("error.advice.no_import").into(),
            ApiError::NotAPortal { .. } => t("error.advice.not_portal").into(),
            ApiError::UnexpectedAnswer { .. } => t("error.advice.unexpected_answer").into(),
            ApiError::TooLarge { .. } => t("error.advice.too_large").into(),
            ApiError::TimedOut { .. } => t("error.advice.timed_out").into(),
            ApiError::TooManyGroups { .. } => t("error.advice.too_many_groups").into(),
            ApiError::TooManyEvents { .. } => t("error.advice.too_many_events").into(),
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
    fn caps_and_time_limits_say_which_and_what_to_do() {
        let large = ApiError::TooLarge { limit: 64 << 20 };
        assert_eq!(large.title(), "The portal's answer is too large");
        assert!(large.to_string().contains("67.1 MB"), "{large}");
        assert!(!large.retryable());
        let slow = ApiError::TimedOut { seconds: 120 };
        assert!(slow.to_string().contains("120 seconds"), "{slow}");
        assert!(slow.retryable() && !slow.transient());
        let groups = ApiError::TooManyGroups { limit: 500_000 };
        assert!(groups.to_string().contains("500,000 groups"), "{groups}");
        assert!(groups.advice().contains("Narrow the window"));
        assert!(!groups.retryable());
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
