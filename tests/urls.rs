//! The app's URL builder against the official client's own URLs
//! (`@opendatasoft/api-client` 21.8.1, vectors in tests/fixtures/official-client-urls.txt):
//! the same query must give the same path and parameters, byte for byte.

// A test may unwrap and panic: a failure there is the point, and nothing here reads outside data.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;

use backoffice_analytics::api::{ExploreQuery, ExportFormat};

const VECTORS: &str = include_str!("fixtures/official-client-urls.txt");
const PORTAL: &str = "https://example.opendatasoft.com";
const ID: &str = "ACTIVITY_LOG_ID";

struct Vector {
    relative: String,
    request: String,
}

fn vectors() -> BTreeMap<String, Vector> {
    let mut vectors = BTreeMap::new();
    let mut name: Option<String> = None;
    let mut relative: Option<String> = None;
    for line in VECTORS.lines() {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("# ") {
            if !rest.contains(' ') {
                name = Some(rest.to_string());
            }
        } else if let Some(rest) = line.strip_prefix("toString():") {
            relative = Some(rest.trim().to_string());
        } else if let Some(rest) = line.strip_prefix("request  :") {
            if let (Some(name), Some(relative)) = (name.take(), relative.take()) {
                let request = rest.trim().to_string();
                vectors.insert(name, Vector { relative, request });
            }
        }
    }
    vectors
}

fn range(query: ExploreQuery) -> ExploreQuery {
    query
        .where_("timestamp >= date'2024-01-01'")
        .where_("timestamp < date'2024-01-15'")
}

fn ours() -> Vec<(&'static str, ExploreQuery)> {
    vec![
        (
            "actions_by_action_per_day",
            range(ExploreQuery::records(ID).select("count(*) as n"))
                .group_by("action, date_format(timestamp, 'yyyy-MM-dd') as day")
                .limit(20000)
                .timezone("Europe/Paris"),
        ),
        (
            "users_activity_dow",
            range(ExploreQuery::records(ID).select("count(*) as n"))
                .group_by("date_format(timestamp, 'e') as dow")
                .timezone("Europe/Paris"),
        ),
        (
            "top_datasets",
            range(ExploreQuery::records(ID).select("count(*) as n"))
                .where_("dataset_id is not null")
                .group_by("dataset_id")
                .order_by("n desc")
                .limit(5),
        ),
        (
            "top_users",
            range(ExploreQuery::records(ID).select("count(*) as n"))
                .group_by("user_id")
                .order_by("n desc")
                .limit(5),
        ),
        (
            "user_detail",
            range(ExploreQuery::records(ID))
                .where_("`user_id`=\"jdoe\"")
                .order_by("timestamp desc")
                .limit(100)
                .offset(0),
        ),
        (
            "full_export_json",
            range(ExploreQuery::export(ID, ExportFormat::Json)).order_by("timestamp desc"),
        ),
        (
            "export_jsonl",
            range(ExploreQuery::export(ID, ExportFormat::Jsonl)),
        ),
        (
            "monitoring_catalog",
            ExploreQuery::monitoring_datasets().select("dataset_id"),
        ),
    ]
}

#[test]
fn the_fixture_has_the_vectors_we_expect() {
    let vectors = vectors();
    assert!(vectors.len() >= 9, "only {} vectors parsed", vectors.len());
    for (name, _) in ours() {
        assert!(vectors.contains_key(name), "no vector named {name}");
    }
}

#[test]
fn our_urls_equal_the_official_clients() {
    let vectors = vectors();
    for (name, query) in ours() {
        let vector = &vectors[name];
        assert_eq!(query.relative(), vector.relative, "relative URL of {name}");
        assert_eq!(query.url(PORTAL), vector.request, "absolute URL of {name}");
        assert_eq!(
            query.url(&format!("{PORTAL}/")),
            vector.request,
            "{name} with a trailing slash on the portal"
        );
    }
}

#[test]
fn an_export_of_a_window_is_the_official_export() {
    // The official vector's window is two bare dates; the app sends a window's bounds as
    // instants (ExploreQuery::window_export, tested in src/api/query.rs), which both readings
    // of a bare date answer alike. The path, the `where` and its encoding are the client's.
    let ours = range(ExploreQuery::export(ID, ExportFormat::Jsonl)).url(PORTAL);
    let official = &vectors()["export_jsonl"].request;
    let (path, query) = ours.split_once('?').unwrap();
    assert_eq!(path, official.split_once('?').unwrap().0);
    let official_where = official.split_once("where=").unwrap().1;
    assert!(
        query.ends_with(&format!("where={official_where}")),
        "{query}"
    );
}
