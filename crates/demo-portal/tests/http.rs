//! The demo portal over HTTP: shapes, limits, error bodies, CORS, compression, SPA fallback.
//!
//! Longer than 400 lines on purpose: one file holds every HTTP behaviour of the stand-in portal,
//! so that its fixture log and request helpers are written once.

// A test may unwrap and panic: a failure there is the point, and nothing here reads outside data.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Read;
use std::path::PathBuf;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use demo_portal::{app, Portal, ACTIVITY_LOG_ID};
use engine::Record;
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

const BASE: &str = "/api/explore/v2.1/monitoring/datasets";

fn record(at: &str, user: &str, action: &str) -> Record {
    Record {
        timestamp: at.parse().unwrap(),
        domain_id: "ws".into(),
        user_id: user.into(),
        action: action.into(),
        dataset_id: Some("trees".into()),
        diff: Some("{\"a\": \"x;y\"}\nsecond line".into()),
        ..Record::default()
    }
}

/// A built app stand-in, written once: tests run in parallel and must not rewrite it under
/// each other's feet.
fn dist_dir() -> PathBuf {
    static DIST: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIST.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("demo-portal-dist-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("index.html"), "<html>app</html>").unwrap();
        std::fs::write(dir.join("app.js"), "console.log(1)").unwrap();
        std::fs::write(dir.join("app-0123456789abcdef_bg.wasm"), "wasm").unwrap();
        dir
    })
    .clone()
}

fn portal() -> Router {
    app(Portal::new(records(), dist_dir()))
}

/// The portal with `/_demo/faults` open, as `--fault-switches` starts it.
fn portal_with_switches() -> Router {
    let mut portal = Portal::new(records(), dist_dir());
    portal.switches_route = true;
    app(portal)
}

fn records() -> Vec<Record> {
    vec![
        record("2024-01-01T22:30:00Z", "ann", "edit_dataset"), // 2024-01-01 UTC, 2024-01-01 23:30 Paris
        record("2024-01-01T23:30:00Z", "bob", "publish_dataset"), // 2024-01-02 in Paris
        record("2024-01-03T10:00:00Z", "ann", "add_page"),
        record("2024-01-15T10:00:00Z", "cid", "edit_dataset"),
    ]
}

async fn get(router: &Router, uri: &str) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    get_with(router, uri, None).await
}

async fn get_json(router: &Router, uri: &str) -> (StatusCode, Value) {
    let (status, _, body) = get(router, uri).await;
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

/// A CORS preflight of the log's export that asks for the `Authorization` header.
async fn preflight(router: &Router) -> axum::response::Response {
    let request = Request::builder()
        .method("OPTIONS")
        .uri(format!("{BASE}/{ACTIVITY_LOG_ID}/exports/json"))
        .header(header::ORIGIN, "http://localhost:9999")
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "GET")
        .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization")
        .body(Body::empty())
        .unwrap();
    router.clone().oneshot(request).await.unwrap()
}

fn encode(text: &str) -> String {
    text.replace(' ', "+")
        .replace('\'', "%27")
        .replace('>', "%3E")
        .replace('<', "%3C")
        .replace('=', "%3D")
        .replace('"', "%22")
        .replace('`', "%60")
}

#[tokio::test]
async fn lists_the_monitoring_datasets() {
    let (status, body) = get_json(&portal(), &format!("{BASE}/")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["total_count"], 3);
    assert_eq!(body["results"][0]["dataset_id"], ACTIVITY_LOG_ID);
    assert_eq!(body["results"][1]["dataset_id"], "ods-datasets");
    let fields: Vec<&str> = body["results"][0]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(fields.len(), 12);
    assert!(fields.contains(&"subdomain_id"));
    let (_, select) = get_json(&portal(), &format!("{BASE}/?select=dataset_id")).await;
    assert_eq!(
        select["results"][2],
        serde_json::json!({ "dataset_id": "ods-api-monitoring" })
    );
}

#[tokio::test]
async fn serves_dataset_titles_from_monitoring_and_from_the_catalog() {
    let portal = portal();
    let (status, rows) = get_json(
        &portal,
        &format!("{BASE}/ods-datasets/exports/json/?select=dataset_id%2Ctitle"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let rows = rows.as_array().unwrap();
    assert!(!rows.is_empty());
    let first = rows[0]["dataset_id"].as_str().unwrap();
    let (status, catalog) = get_json(
        &portal,
        &format!(
            "/api/explore/v2.1/catalog/datasets/?limit=5&where={}",
            encode(&format!(
                "dataset_id = \"{first}\" OR dataset_id = \"no-such\""
            ))
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(catalog["total_count"], 1);
    assert_eq!(
        catalog["results"][0]["metas"]["default"]["title"],
        rows[0]["title"]
    );
    let (status, _) = get_json(
        &portal,
        "/api/explore/v2.1/catalog/datasets/?where=title%3D%22x%22",
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn json_export_honours_where_bounds_in_the_time_zone_and_order() {
    let clause = encode("(timestamp >= date'2024-01-02') AND (timestamp < date'2024-01-04')");
    let uri = format!("{BASE}/{ACTIVITY_LOG_ID}/exports/json/?order_by=timestamp+desc&timezone=Europe%2FParis&where={clause}");
    let (status, body) = get_json(&portal(), &uri).await;
    assert_eq!(status, StatusCode::OK);
    let rows = body.as_array().unwrap();
    assert_eq!(rows.len(), 2, "{body}");
    assert_eq!(rows[0]["timestamp"], "2024-01-03T11:00:00+01:00");
    assert_eq!(rows[1]["user_id"], "bob");
    assert_eq!(rows[1]["page_id"], Value::Null);
    assert_eq!(rows[1].as_object().unwrap().len(), 12);

    // The same bounds in UTC take the 22:30 event of the 1st out and keep bob's.
    let uri = format!("{BASE}/{ACTIVITY_LOG_ID}/exports/json?where={clause}");
    let (_, body) = get_json(&portal(), &uri).await;
    let users: Vec<&str> = body
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["user_id"].as_str().unwrap())
        .collect();
    assert_eq!(users, ["ann"]);
}

#[tokio::test]
async fn a_select_of_fields_answers_the_rows_with_those_fields_only() {
    let uri = format!(
        "{BASE}/{ACTIVITY_LOG_ID}/exports/json/?select={}&where={}",
        encode("timestamp, user_id, dataset_id, page_id"),
        encode("user_id = \"ann\"")
    );
    let (status, body) = get_json(&portal(), &uri).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let expected = serde_json::json!([
        {"timestamp": "2024-01-01T22:30:00+00:00", "user_id": "ann", "dataset_id": "trees", "page_id": null},
        {"timestamp": "2024-01-03T10:00:00+00:00", "user_id": "ann", "dataset_id": "trees", "page_id": null},
    ]);
    assert_eq!(body, expected);
    // A name that is no field is still refused.
    let uri = format!("{BASE}/{ACTIVITY_LOG_ID}/exports/json/?select=user_id,+colour");
    assert_eq!(get_json(&portal(), &uri).await.0, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn jsonl_and_csv_exports() {
    let (status, _, body) = get(
        &portal(),
        &format!("{BASE}/{ACTIVITY_LOG_ID}/exports/jsonl"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let text = String::from_utf8(body).unwrap();
    assert_eq!(text.lines().count(), 4);
    assert!(text
        .lines()
        .all(|line| serde_json::from_str::<Value>(line).is_ok()));

    let (status, headers, body) =
        get(&portal(), &format!("{BASE}/{ACTIVITY_LOG_ID}/exports/csv")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    assert!(body.starts_with(b"\xEF\xBB\xBFtimestamp;domain_id;user_id;"));
    let text = String::from_utf8(body).unwrap();
    assert!(
        text.contains("\"{\"\"a\"\": \"\"x;y\"\"}\nsecond line\""),
        "{text}"
    );
}

#[tokio::test]
async fn records_endpoint_has_the_platform_limits() {
    let (status, body) = get_json(
        &portal(),
        &format!("{BASE}/{ACTIVITY_LOG_ID}/records/?limit=2&offset=1"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["total_count"], 4);
    assert_eq!(body["results"].as_array().unwrap().len(), 2);
    assert_eq!(body["results"][0]["user_id"], "bob");
    let (status, _) = get_json(
        &portal(),
        &format!("{BASE}/{ACTIVITY_LOG_ID}/records?limit=100&offset=9900"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (_, body) = get_json(
        &portal(),
        &format!(
            "{BASE}/{ACTIVITY_LOG_ID}/records?where={}",
            encode("`user_id`=\"ann\"")
        ),
    )
    .await;
    assert_eq!(body["total_count"], 2);
}

/// A request the portal refuses: its path and query, the status, and what the body says
/// (`error_code` when given, and a part of its `message`).
struct Refusal {
    uri: String,
    status: StatusCode,
    error_code: Option<&'static str>,
    message_has: &'static str,
}

fn refusal(
    uri: String,
    status: StatusCode,
    error_code: Option<&'static str>,
    message_has: &'static str,
) -> Refusal {
    Refusal {
        uri,
        status,
        error_code,
        message_has,
    }
}

#[tokio::test]
async fn clear_errors_for_what_it_does_not_understand() {
    let log = format!("{BASE}/{ACTIVITY_LOG_ID}");
    let bad = StatusCode::BAD_REQUEST;
    let refusals = [
        refusal(
            format!("{log}/records?limit=101"),
            bad,
            Some("InvalidRESTParameterError"),
            "",
        ),
        refusal(
            format!("{log}/records?limit=100&offset=9901"),
            bad,
            Some("InvalidRESTParameterError"),
            "10000",
        ),
        refusal(
            format!("{log}/exports/json?where=foo+OR+bar"),
            bad,
            Some("ODSQLError"),
            "",
        ),
        refusal(
            format!("{log}/exports/json?timezone=Mars%2FBase"),
            bad,
            None,
            "timezone",
        ),
        refusal(
            format!("{log}/records?group_by=action&limit=20001"),
            bad,
            Some("InvalidRESTParameterError"),
            "20000",
        ),
        refusal(
            format!("{log}/exports/json?select=sum(user_id)"),
            bad,
            Some("ODSQLError"),
            "",
        ),
        refusal(
            format!("{log}/exports/csv?group_by=action"),
            bad,
            None,
            "json",
        ),
        refusal(format!("{log}/exports/xml"), bad, None, ""),
        // 30,000 nested parentheses: a 400, where the parser's descent overflowed the stack
        // and ended the process.
        refusal(
            format!(
                "{log}/exports/json?where={}",
                encode(&format!(
                    "{}user_id = 'a'{}",
                    "(".repeat(30_000),
                    ")".repeat(30_000)
                ))
            ),
            bad,
            Some("ODSQLError"),
            "deep",
        ),
        refusal(
            format!("{BASE}/nope/exports/json"),
            StatusCode::NOT_FOUND,
            None,
            "nope",
        ),
        refusal(
            format!("/api/explore/v2.1/catalog/datasets/{ACTIVITY_LOG_ID}/exports/json"),
            StatusCode::NOT_FOUND,
            None,
            "monitoring/",
        ),
    ];
    for expected in refusals {
        let (status, body) = get_json(&portal(), &expected.uri).await;
        assert_eq!(status, expected.status, "{}", expected.uri);
        if let Some(code) = expected.error_code {
            assert_eq!(body["error_code"], code, "{}", expected.uri);
        }
        let message = body["message"].as_str().unwrap_or_default();
        assert!(
            message.contains(expected.message_has),
            "{}: {body}",
            expected.uri
        );
    }
}

#[tokio::test]
async fn answers_cors_preflights_and_compresses() {
    let response = preflight(&portal()).await;
    assert!(response.status().is_success());
    assert_eq!(response.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
    assert!(response.headers()[header::ACCESS_CONTROL_ALLOW_HEADERS]
        .to_str()
        .unwrap()
        .contains("authorization"));

    let request = Request::get(format!("{BASE}/{ACTIVITY_LOG_ID}/exports/json"))
        .header(header::ACCEPT_ENCODING, "gzip")
        .body(Body::empty())
        .unwrap();
    let response = portal().oneshot(request).await.unwrap();
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "gzip");
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let mut text = String::new();
    flate2::read::GzDecoder::new(&bytes[..])
        .read_to_string(&mut text)
        .unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(&text)
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        4
    );
}

#[tokio::test]
async fn serves_the_app_with_an_spa_fallback() {
    let router = portal();
    let app: &[u8] = b"<html>app</html>";
    let cases: [(&str, StatusCode, Option<&[u8]>); 6] = [
        ("/", StatusCode::OK, Some(app)),
        ("/users/42?from=2024-01-01", StatusCode::OK, Some(app)),
        ("/app.js", StatusCode::OK, Some(b"console.log(1)")),
        ("/missing.js", StatusCode::NOT_FOUND, None),
        // User ids often contain dots: still a route of the app.
        ("/users/alice.a", StatusCode::OK, Some(app)),
        (
            "/objects/dataset/trees.v2?from=2024-01-01",
            StatusCode::OK,
            None,
        ),
    ];
    for (uri, expected_status, expected_body) in cases {
        let (status, _, body) = get(&router, uri).await;
        assert_eq!(status, expected_status, "{uri}");
        if let Some(expected_body) = expected_body {
            assert_eq!(body.as_slice(), expected_body, "{uri}");
        }
    }
    // A file named by its content's hash is kept a year; the page and the others are asked
    // again before each use.
    let cache_control = |headers: &axum::http::HeaderMap| {
        headers
            .get(header::CACHE_CONTROL)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let (_, headers, _) = get(&router, "/app-0123456789abcdef_bg.wasm").await;
    assert_eq!(
        cache_control(&headers).as_deref(),
        Some("public, max-age=31536000, immutable")
    );
    for uri in ["/", "/users/alice.a", "/app.js"] {
        let (_, headers, _) = get(&router, uri).await;
        assert_eq!(
            cache_control(&headers).as_deref(),
            Some("no-cache"),
            "{uri}"
        );
    }
}

async fn set_faults(router: &Router, query: &str) {
    let (status, _) = get_json(router, &format!("/_demo/faults?reset=1&{query}")).await;
    assert_eq!(status, StatusCode::OK);
}

async fn get_with(
    router: &Router,
    uri: &str,
    authorization: Option<&str>,
) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let mut request = Request::get(uri);
    if let Some(value) = authorization {
        request = request.header(header::AUTHORIZATION, value);
    }
    let response = router
        .clone()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    (status, headers, body)
}

#[tokio::test]
async fn an_api_key_is_required_when_set() {
    let router = portal_with_switches();
    set_faults(&router, "api_key=SECRET").await;
    let uri = format!("{BASE}/{ACTIVITY_LOG_ID}/exports/json");
    let (status, _, body) = get_with(&router, &uri, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(String::from_utf8_lossy(&body).contains("Browse analytics"));
    assert_eq!(
        get_with(&router, &uri, Some("Apikey WRONG")).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        get_with(&router, &uri, Some("Apikey SECRET")).await.0,
        StatusCode::OK
    );
    assert_eq!(
        get_with(&router, &uri, Some("ApiKey SECRET")).await.0,
        StatusCode::OK,
        "the scheme is case-insensitive"
    );
    assert_eq!(
        get_with(&router, &format!("{uri}?apikey=SECRET"), None)
            .await
            .0,
        StatusCode::OK
    );
    // A key with reserved characters arrives form-encoded in `apikey=`.
    set_faults(&router, "api_key=a%2Bb%26c%3Dd+e").await;
    assert_eq!(
        get_with(&router, &format!("{uri}?apikey=a%2Bb%26c%3Dd+e"), None)
            .await
            .0,
        StatusCode::OK
    );
    assert_eq!(
        get_with(&router, &format!("{uri}?apikey=a+b"), None)
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
    // The app itself is not behind the key.
    assert_eq!(get_with(&router, "/", None).await.0, StatusCode::OK);
    // Nothing under /_demo tells the log's contents: the engine's figures it once served
    // without the key are gone (the end-to-end tests compute their own).
    set_faults(&router, "api_key=SECRET").await;
    for gone in [
        "/_demo/kpis?from=2024-01-01&to=2024-01-03&tz=UTC",
        "/_demo/dashboard",
    ] {
        let (status, _, body) = get_with(&router, gone, None).await;
        let figures = serde_json::from_slice::<Value>(&body).is_ok();
        assert!(!figures, "{gone}: {status}");
    }
}

#[tokio::test]
async fn a_quota_fault_answers_like_the_platform_then_clears() {
    let router = portal_with_switches();
    set_faults(&router, "status=429&times=1").await;
    let uri = format!("{BASE}/{ACTIVITY_LOG_ID}/exports/json");
    let (status, headers, body) = get_with(&router, &uri, None).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    let body: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(body["errorcode"], 10002);
    assert!(body["reset_time"].as_str().unwrap().ends_with('Z'));
    assert_eq!(headers["x-ratelimit-remaining"], "0");
    assert!(headers.contains_key("x-ratelimit-reset"));
    assert_eq!(
        get_with(&router, &uri, None).await.0,
        StatusCode::OK,
        "times=1: only once"
    );
}

#[tokio::test]
async fn server_errors_garbage_and_cut_bodies() {
    let router = portal_with_switches();
    let uri = format!("{BASE}/{ACTIVITY_LOG_ID}/exports/json");
    set_faults(&router, "status=503").await;
    let (status, _, body) = get_with(&router, &uri, None).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(String::from_utf8_lossy(&body).contains("ServiceUnavailable"));
    set_faults(&router, "garbage=1").await;
    let (status, _, body) = get_with(&router, &uri, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.starts_with(b"<html>"));
    set_faults(&router, "cut_after=100").await;
    let (_, _, body) = get_with(&router, &uri, None).await;
    assert_eq!(body.len(), 100);
    set_faults(&router, "broken_after=5000").await;
    let (_, _, body) = get_with(&router, &uri, None).await;
    let text = String::from_utf8_lossy(&body);
    // Whole records, then one that stops being JSON.
    assert!(text.len() < 5100, "{}", text.len());
    let (records, broken) = text.rsplit_once("}, {").unwrap();
    assert!(serde_json::from_str::<Value>(&format!("{records}}}]")).is_ok());
    assert!(broken.contains("garbage<html>"), "{broken}");
    // The status, then 10 bytes, then the connection drops: reading the body fails.
    for after in [0, 10] {
        set_faults(&router, &format!("reset_after={after}")).await;
        let request = Request::get(&uri).body(Body::empty()).unwrap();
        let response = router.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let mut body = response.into_body();
        let mut received = 0;
        let error = loop {
            match body.frame().await {
                Some(Ok(frame)) => received += frame.data_ref().map_or(0, |d| d.len()),
                Some(Err(error)) => break error.to_string(),
                None => panic!("the body ended cleanly after {received} bytes"),
            }
        };
        assert_eq!(received, after);
        assert!(error.contains("dropped the connection"), "{error}");
    }
    set_faults(&router, "").await;
    assert!(serde_json::from_slice::<Value>(&get_with(&router, &uri, None).await.2).is_ok());
}

#[tokio::test]
async fn instants_in_where_and_events_that_have_not_happened_yet() {
    let router = portal_with_switches();
    let users = |body: Value| -> Vec<String> {
        body.as_array()
            .unwrap()
            .iter()
            .map(|r| r["user_id"].as_str().unwrap().to_string())
            .collect()
    };
    // From the second of bob's event (23:30:00 UTC), to the end of the 3rd.
    let clause = encode(
        "timestamp >= date'2024-01-01T23:30:00Z' AND timestamp < date'2024-01-03T10:00:00.001Z'",
    );
    let uri = format!("{BASE}/{ACTIVITY_LOG_ID}/exports/json?where={clause}");
    assert_eq!(users(get_json(&router, &uri).await.1), ["bob", "ann"]);
    // As the log was at 2024-01-02: the later events are not served, by exports or records.
    set_faults(&router, "until=2024-01-02T00:00:00Z").await;
    let all = format!("{BASE}/{ACTIVITY_LOG_ID}/exports/json");
    assert_eq!(users(get_json(&router, &all).await.1), ["ann", "bob"]);
    let (_, page) = get_json(
        &router,
        &format!("{BASE}/{ACTIVITY_LOG_ID}/records?limit=0"),
    )
    .await;
    assert_eq!(page["total_count"], 2);
    set_faults(&router, "").await;
    assert_eq!(get_json(&router, &all).await.1.as_array().unwrap().len(), 4);
}

#[tokio::test]
async fn a_slow_network_sends_the_same_bytes_over_time() {
    let router = portal_with_switches();
    let uri = format!("{BASE}/{ACTIVITY_LOG_ID}/exports/json");
    let whole = get(&router, &uri).await.2;
    // 4 records of about 300 bytes at 2 kB/s: over half a second.
    set_faults(&router, "bytes_per_second=2000").await;
    let started = std::time::Instant::now();
    let slow = get(&router, &uri).await.2;
    assert!(
        started.elapsed()
            >= std::time::Duration::from_millis(whole.len() as u64 * 1000 / 2000 - 50)
    );
    assert_eq!(slow, whole);
}

#[tokio::test]
async fn cors_can_refuse_the_authorization_header() {
    let router = portal_with_switches();
    set_faults(&router, "refuse_auth_header=1").await;
    let response = preflight(&router).await;
    let allowed = response.headers()[header::ACCESS_CONTROL_ALLOW_HEADERS]
        .to_str()
        .unwrap()
        .to_string();
    assert!(!allowed.contains("authorization"), "{allowed}");
}

#[tokio::test]
async fn the_api_monitoring_dataset_exports_other_fields() {
    let (status, body) = get_json(
        &portal(),
        &format!("{BASE}/ods-api-monitoring/exports/json"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(body[0].get("endpoint").is_some());
    assert!(body[0].get("action").is_none());
}

#[tokio::test]
async fn fault_switches_need_the_flag() {
    // Without it the path is just the app's fallback page, and the API keeps answering.
    for (router, api_status) in [
        (portal(), StatusCode::OK),
        (portal_with_switches(), StatusCode::INTERNAL_SERVER_ERROR),
    ] {
        let (_, headers, _) = get(&router, "/_demo/faults?status=500").await;
        let json = headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .contains("json");
        assert_eq!(json, api_status != StatusCode::OK);
        assert_eq!(get(&router, &format!("{BASE}/")).await.0, api_status);
    }
}

#[tokio::test]
async fn security_headers_and_cors_for_the_api_only() {
    let router = portal();
    let with_origin = |uri: &str| {
        Request::get(uri)
            .header(header::ORIGIN, "http://elsewhere.example")
            .body(Body::empty())
            .unwrap()
    };
    let page = router
        .clone()
        .oneshot(with_origin("/objects"))
        .await
        .unwrap();
    let headers = page.headers();
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(headers[header::REFERRER_POLICY], "no-referrer");
    let policy = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    assert!(
        headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none(),
        "the app's files are not open to other origins"
    );
    let api = router
        .clone()
        .oneshot(with_origin(&format!("{BASE}/")))
        .await
        .unwrap();
    assert_eq!(api.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
    assert_eq!(api.headers()[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert!(api.headers().get(header::CONTENT_SECURITY_POLICY).is_none());
}

#[tokio::test]
async fn aggregates_on_its_side_with_select_group_by_and_order_by() {
    let log = format!("{BASE}/{ACTIVITY_LOG_ID}");
    // The four fixture events: edit_dataset twice (ann, cid), publish_dataset (bob), add_page.
    let (status, body) = get_json(
        &portal(),
        &format!(
            "{log}/records?select={}&group_by=action&order_by={}&limit=100",
            encode("count(*) as n, count(distinct user_id) as users"),
            encode("n desc")
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["total_count"], 3);
    assert_eq!(
        body["results"],
        serde_json::json!([
            {"action": "edit_dataset", "n": 2, "users": 2},
            {"action": "add_page", "n": 1, "users": 1},
            {"action": "publish_dataset", "n": 1, "users": 1},
        ])
    );
    // Local days in Paris: 22:30 UTC is the 1st, 23:30 UTC the 2nd; the where keeps January's
    // first week.
    let (status, body) = get_json(
        &portal(),
        &format!(
            "{log}/exports/json?select={}&group_by={}&timezone=Europe%2FParis&where={}",
            encode("count(*) as n"),
            encode("date_format(timestamp, 'yyyy-MM-dd') as day"),
            encode("timestamp < date'2024-01-08' AND (user_id = 'ann' OR user_id = 'bob')")
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body,
        serde_json::json!([
            {"day": "2024-01-01", "n": 1},
            {"day": "2024-01-02", "n": 1},
            {"day": "2024-01-03", "n": 1},
        ])
    );
    // Without group_by: one row over every selected event.
    let (_, body) = get_json(
        &portal(),
        &format!("{log}/records?select={}", encode("count(*) as n")),
    )
    .await;
    assert_eq!(body["results"], serde_json::json!([{"n": 4}]));
}
