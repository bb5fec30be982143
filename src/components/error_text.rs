//! The words of an [`ApiError`]: a title for its panel, what happened and what to do, in the
//! page's language (the API layer only tells errors apart).

use engine::ParseError;

use crate::api::ApiError;
use crate::i18n::{t, tf};

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.detail())
    }
}

impl ApiError {
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
            ApiError::Network { .. } | ApiError::StreamUnsupported { .. } => {
                t("error.title.network").into()
            }
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
            ApiError::StreamUnsupported { portal } => tf(
                "error.detail.network",
                &[("portal", portal), ("detail", t("fetch.not_a_stream"))],
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
            ApiError::Network { .. } | ApiError::StreamUnsupported { .. } => {
                t("error.advice.network").into()
            }
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
