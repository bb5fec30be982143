//! What the page and the loader worker say to each other: the page sends a `Job`, the worker
//! answers `Report`s. Both travel as JSON text; a store travels beside it as a snapshot's bytes
//! in a transferred `ArrayBuffer` (moved, not copied).

use engine::ParseReport;
use serde::{Deserialize, Serialize};

use super::ApiError;

/// An export to fetch and parse.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Job {
    pub url: String,
    pub portal: String,
    pub key: Option<String>,
    pub key_in_query: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub enum Report {
    /// The worker has started and waits for its job.
    Ready,
    /// Bytes and records so far.
    Progress {
        bytes: usize,
        records: usize,
    },
    /// Bytes and records so far, with what has arrived as a snapshot without diffs.
    Partial {
        bytes: usize,
        records: usize,
    },
    /// The export parsed (`bytes` of body), with the whole store as a snapshot.
    Done {
        report: ParseReport,
        bytes: usize,
        fetch_ms: f64,
        parse_ms: f64,
    },
    Failed(ApiError),
}

impl Report {
    pub fn to_text(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn from_text(text: &str) -> Option<Report> {
        serde_json::from_str(text).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_and_jobs_cross_as_text_unchanged() {
        let mut report = ParseReport {
            accepted: 3,
            ..ParseReport::default()
        };
        report.skipped.insert(engine::SkipReason::NoTimestamp, 2);
        let reports = [
            Report::Ready,
            Report::Progress {
                bytes: 10,
                records: 2,
            },
            Report::Done {
                report,
                bytes: 100,
                fetch_ms: 1.5,
                parse_ms: 0.5,
            },
            Report::Failed(ApiError::Interrupted {
                bytes: 5,
                records: 1,
            }),
            Report::Failed(ApiError::Body(engine::ParseError::NotJson { offset: 7 })),
        ];
        for sent in reports {
            assert_eq!(Report::from_text(&sent.to_text()), Some(sent));
        }
        assert_eq!(Report::from_text("{\"Nonsense\":1}"), None);
        let job = Job {
            url: "https://x/api".into(),
            portal: "https://x".into(),
            key: Some("k&=".into()),
            key_in_query: true,
        };
        let text = serde_json::to_string(&job).unwrap_or_default();
        assert_eq!(serde_json::from_str::<Job>(&text).ok(), Some(job));
    }
}
