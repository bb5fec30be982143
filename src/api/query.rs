//! Explore API URLs, written the way the official client writes them.
//!
//! URLs follow `@opendatasoft/api-client`'s habits, so that the same query gives the same path and
//! parameters (tests/urls.rs checks them against its vectors): parameters sorted by name, form
//! encoding (space as `+`), and each added `where` combined as `(previous) AND (new)`.

use std::collections::BTreeMap;

use engine::calendar::Zone;
use engine::DateWindow;

/// The API's base path on a portal.
pub const API_BASE: &str = "/api/explore/v2.1/";

/// An instant as an ODSQL date literal's text: `2024-01-01T08:02:00Z` (milliseconds when any).
fn instant(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
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

    /// `catalog/datasets/` — the portal's datasets and their metadata.
    pub fn catalog_datasets() -> Self {
        ExploreQuery {
            path: "catalog/datasets/".into(),
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

    /// The export of a date window, the zone's local days, as the dashboard loads it: its
    /// bounds as UTC instants (the first instant of `from` and of the day after `to` in the
    /// zone). A bare date (`date'2024-03-25'`) may be read at midnight in the request's zone or
    /// in UTC (the platform's documentation says neither); an instant reads the same either way.
    pub fn window_export(dataset: &str, window: &DateWindow, zone: Zone) -> Self {
        let (start, end) = window.utc_span(zone);
        Self::span_export(dataset, start, end, zone)
    }

    /// The export of `[start, end)` in UTC milliseconds: what a kept log lacks.
    pub fn span_export(dataset: &str, start_ms: i64, end_ms: i64, zone: Zone) -> Self {
        Self::export(dataset, ExportFormat::Json)
            .where_(&format!("timestamp >= date'{}'", instant(start_ms)))
            .where_(&format!("timestamp < date'{}'", instant(end_ms)))
            .timezone(zone.name())
    }

    /// How many events an export would send: its `where` on `records/` with no rows
    /// (`total_count` of the answer).
    pub fn count_of(export: &ExploreQuery, dataset: &str) -> Self {
        let mut count = Self::records(dataset).limit(0);
        for name in ["where", "timezone"] {
            if let Some(value) = export.params.get(name) {
                count.params.insert(name, value.clone());
            }
        }
        count
    }

    // `records`, `select`, `group_by`, `order_by`, `limit` and `offset` are what aggregating on
    // the portal takes (the issue "Any size"); the app does not send them yet, and tests/urls.rs
    // holds them to the official client's URLs byte for byte, so they are kept.

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Source;

    #[test]
    fn window_export_sends_the_local_days_as_instants_and_the_zone() {
        let window = DateWindow::parse("2024-01-01", "2024-01-14").unwrap();
        let zone: Zone = "Europe/Paris".parse().unwrap();
        let url =
            ExploreQuery::window_export("activity", &window, zone).url("https://x.example.com/");
        // By hand: Paris is UTC+1 in January; its January 1st starts at 23:00 UTC the day before.
        assert_eq!(
            url,
            "https://x.example.com/api/explore/v2.1/monitoring/datasets/activity/exports/json/?timezone=Europe%2FParis&where=%28timestamp+%3E%3D+date%272023-12-31T23%3A00%3A00Z%27%29+AND+%28timestamp+%3C+date%272024-01-14T23%3A00%3A00Z%27%29"
        );
    }

    #[test]
    fn a_span_is_asked_in_instants_and_counted_on_records() {
        let zone: Zone = "Europe/Paris".parse().unwrap();
        // 2024-01-01T08:02:00Z and 2024-01-02T00:00:00.5Z.
        let export = ExploreQuery::span_export("log", 1_704_096_120_000, 1_704_153_600_500, zone);
        assert_eq!(
            export.relative(),
            "monitoring/datasets/log/exports/json/?timezone=Europe%2FParis&where=%28timestamp+%3E%3D+date%272024-01-01T08%3A02%3A00Z%27%29+AND+%28timestamp+%3C+date%272024-01-02T00%3A00%3A00.500Z%27%29"
        );
        assert_eq!(
            ExploreQuery::count_of(&export, "log").relative(),
            "monitoring/datasets/log/records/?limit=0&timezone=Europe%2FParis&where=%28timestamp+%3E%3D+date%272024-01-01T08%3A02%3A00Z%27%29+AND+%28timestamp+%3C+date%272024-01-02T00%3A00%3A00.500Z%27%29"
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
            source.portal_page().as_deref(),
            Some("https://p.example.com/explore/dataset/log/?source=monitoring")
        );
    }
}
