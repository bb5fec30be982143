//! A stand-in Opendatasoft portal: the Explore API v2.1 monitoring endpoints the dashboard uses,
//! with the platform's shapes, limits and error bodies, over a generated activity log; and the
//! built app (`dist/`) with an SPA fallback, so one process serves the whole demo.

pub mod faults;
pub mod odsql;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use chrono::NaiveDate;
use engine::calendar::Zone;
use engine::dashboard::Dashboard;
use engine::{DateWindow, IndexedLog, Record, SeriesMode, Store, ViewFilter};
use serde_json::json;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{Any, CorsLayer};
use tower_http::services::ServeDir;

use odsql::{Comparison, Condition};

/// The activity log's id on the demo portal (on a real portal it is configuration).
pub const ACTIVITY_LOG_ID: &str = "ods-backoffice-activity";
/// Another monitoring dataset, so that discovering the log means something.
pub const API_MONITORING_ID: &str = "ods-api-monitoring";

const RECORDS_MAX_LIMIT: i64 = 100;
const RECORDS_MAX_WINDOW: i64 = 10_000;

pub struct Portal {
    /// Oldest first.
    pub records: Vec<Record>,
    pub store: Store,
    pub dist: PathBuf,
    pub switches: faults::Switches,
}

impl Portal {
    pub fn new(mut records: Vec<Record>, dist: PathBuf) -> Self {
        records.sort_by_key(|record| record.timestamp);
        let store = Store::from_records(&records);
        Portal {
            records,
            store,
            dist,
            switches: faults::Switches::default(),
        }
    }
}

pub(crate) type Shared = Arc<Portal>;
type Params = HashMap<String, String>;

pub fn app(portal: Portal) -> Router {
    let dist = portal.dist.clone();
    let portal = Arc::new(portal);
    let spa = get(spa_index).with_state(portal.clone());
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::HEAD, Method::OPTIONS])
        .allow_headers([header::AUTHORIZATION, header::ACCEPT, header::CONTENT_TYPE])
        .expose_headers([
            HeaderName::from_static("x-ratelimit-limit"),
            HeaderName::from_static("x-ratelimit-remaining"),
            HeaderName::from_static("x-ratelimit-reset"),
        ]);
    let api = Router::new()
        .route("/monitoring/datasets", get(list_datasets))
        .route("/monitoring/datasets/", get(list_datasets))
        .route("/monitoring/datasets/{id}", get(dataset_metadata))
        .route("/monitoring/datasets/{id}/", get(dataset_metadata))
        .route("/monitoring/datasets/{id}/records", get(records))
        .route("/monitoring/datasets/{id}/records/", get(records))
        .route("/monitoring/datasets/{id}/exports/{format}", get(export))
        .route("/monitoring/datasets/{id}/exports/{format}/", get(export))
        .fallback(api_not_found)
        .layer(axum::middleware::from_fn_with_state(
            portal.clone(),
            faults::api_guard,
        ))
        .with_state(portal.clone());
    Router::new()
        .route("/_demo/kpis", get(demo_kpis))
        .route("/_demo/dashboard", get(demo_dashboard))
        .route("/_demo/faults", get(faults::set_faults))
        .with_state(portal.clone())
        .nest("/api/explore/v2.1", api)
        .fallback_service(ServeDir::new(dist).fallback(spa))
        .layer(CompressionLayer::new())
        .layer(cors)
        .layer(axum::middleware::from_fn_with_state(
            portal,
            faults::cors_guard,
        ))
}

/// An API error with the platform's body: `{"message", "error_code"}`.
#[derive(Debug)]
pub struct PortalError {
    status: StatusCode,
    error_code: &'static str,
    message: String,
}

impl PortalError {
    fn new(status: StatusCode, error_code: &'static str, message: impl Into<String>) -> Self {
        PortalError {
            status,
            error_code,
            message: message.into(),
        }
    }
}

impl IntoResponse for PortalError {
    fn into_response(self) -> Response {
        let body = json!({
            "status_code": self.status.as_u16(),
            "error_code": self.error_code,
            "message": self.message,
        });
        (self.status, Json(body)).into_response()
    }
}

fn api_error(
    status: StatusCode,
    error_code: &'static str,
    message: impl Into<String>,
) -> PortalError {
    PortalError::new(status, error_code, message)
}

fn bad_parameter(message: impl Into<String>) -> PortalError {
    api_error(
        StatusCode::BAD_REQUEST,
        "InvalidRESTParameterError",
        message,
    )
}

async fn api_not_found(uri: Uri) -> PortalError {
    let hint = if uri.path().contains("/catalog/") {
        " (monitoring datasets live under monitoring/, not catalog/)"
    } else {
        ""
    };
    api_error(
        StatusCode::NOT_FOUND,
        "NotFound",
        format!("Unknown resource {}{hint}", uri.path()),
    )
}

fn field_list() -> Vec<serde_json::Value> {
    engine::Field::ALL
        .iter()
        .map(|field| {
            let kind = if *field == engine::Field::Timestamp {
                "datetime"
            } else {
                "text"
            };
            json!({ "name": field.name(), "label": field.name(), "type": kind })
        })
        .collect()
}

fn dataset_json(id: &str) -> serde_json::Value {
    let fields = if id == ACTIVITY_LOG_ID {
        field_list()
    } else {
        [
            "timestamp",
            "user_id",
            "api_key_id",
            "endpoint",
            "status_code",
            "duration_ms",
        ]
        .iter()
        .map(|name| json!({ "name": name, "label": name, "type": "text" }))
        .collect()
    };
    json!({
        "dataset_id": id,
        "dataset_uid": format!("da_{}", id.len()),
        "has_records": true,
        "metas": { "default": { "title": if id == ACTIVITY_LOG_ID { "Back office activity log" } else { "API calls" } } },
        "fields": fields,
    })
}

async fn list_datasets(Query(params): Query<Params>) -> Response {
    if let Some(select) = params.get("select") {
        if select.trim() == "dataset_id" {
            let results =
                [ACTIVITY_LOG_ID, API_MONITORING_ID].map(|id| json!({ "dataset_id": id }));
            return Json(json!({ "total_count": 2, "results": results })).into_response();
        }
    }
    let results = [ACTIVITY_LOG_ID, API_MONITORING_ID].map(dataset_json);
    Json(json!({ "total_count": 2, "results": results })).into_response()
}

async fn dataset_metadata(Path(id): Path<String>) -> Result<Response, PortalError> {
    if id != API_MONITORING_ID {
        check_dataset(&id)?;
    }
    Ok(Json(dataset_json(&id)).into_response())
}

fn check_dataset(id: &str) -> Result<(), PortalError> {
    if id == ACTIVITY_LOG_ID {
        Ok(())
    } else {
        Err(api_error(
            StatusCode::NOT_FOUND,
            "NoSuchDataset",
            format!("Unknown dataset: {id}"),
        ))
    }
}

/// What every request on the log shares: the zone, the conditions, the order.
struct Selector {
    zone: Zone,
    conditions: Vec<Condition>,
    newest_first: bool,
}

impl Selector {
    fn from_params(params: &Params, allowed: &[&str]) -> Result<Self, PortalError> {
        for name in params.keys() {
            if !allowed.contains(&name.as_str()) {
                return Err(bad_parameter(format!(
                    "The parameter {name:?} is not supported by the demo portal on this endpoint"
                )));
            }
        }
        let zone = match params.get("timezone") {
            None => Zone::UTC,
            Some(name) => name.parse().map_err(|_| {
                bad_parameter(format!(
                    "Unknown timezone {name:?}: use an IANA name such as Europe/Paris"
                ))
            })?,
        };
        let conditions = match params.get("where") {
            None => Vec::new(),
            Some(clause) => odsql::parse_where(clause)
                .map_err(|message| api_error(StatusCode::BAD_REQUEST, "ODSQLError", message))?,
        };
        let newest_first = match params.get("order_by").map(|o| o.trim()) {
            None | Some("timestamp") | Some("timestamp asc") => false,
            Some("timestamp desc") | Some("-timestamp") => true,
            Some(other) => {
                return Err(api_error(
                    StatusCode::BAD_REQUEST,
                    "ODSQLError",
                    format!("The demo portal orders by timestamp only, not {other:?}"),
                ))
            }
        };
        if let Some(select) = params.get("select") {
            if select.trim() != "*" {
                return Err(bad_parameter("The demo portal supports select=* only"));
            }
        }
        Ok(Selector {
            zone,
            conditions,
            newest_first,
        })
    }

    /// The matching records, in the requested order.
    fn select<'a>(&self, records: &'a [Record]) -> Vec<&'a Record> {
        let (mut start, mut end) = (0, records.len());
        // Time bounds narrow the sorted records by binary search; the rest is a scan.
        for condition in &self.conditions {
            if let Condition::Timestamp(op, date) = condition {
                let at = |date: NaiveDate| {
                    let ms = self.zone.start_of_day_ms(date);
                    records.partition_point(|r| r.timestamp.timestamp_millis() < ms)
                };
                let next = |date: NaiveDate| date.succ_opt().unwrap_or(date);
                match op {
                    Comparison::GreaterOrEqual => start = start.max(at(*date)),
                    Comparison::Greater => start = start.max(at(next(*date))),
                    Comparison::Less => end = end.min(at(*date)),
                    Comparison::LessOrEqual => end = end.min(at(next(*date))),
                    Comparison::Equal => {
                        start = start.max(at(*date));
                        end = end.min(at(next(*date)));
                    }
                    Comparison::NotEqual => {}
                }
            }
        }
        let slice = if start < end {
            &records[start..end]
        } else {
            &[]
        };
        let mut selected: Vec<&Record> = slice.iter().filter(|r| self.matches(r)).collect();
        if self.newest_first {
            selected.reverse();
        }
        selected
    }

    fn matches(&self, record: &Record) -> bool {
        self.conditions.iter().all(|condition| match condition {
            Condition::Timestamp(Comparison::NotEqual, date) => {
                let ms = record.timestamp.timestamp_millis();
                self.zone.start_of_day_ms(*date) > ms
                    || ms >= self.zone.start_of_day_ms(date.succ_opt().unwrap_or(*date))
            }
            Condition::Timestamp(..) => true,
            Condition::TextEquals(field, value) => record.text(*field).unwrap_or("") == value,
            Condition::TextNotEquals(field, value) => record.text(*field).unwrap_or("") != value,
            Condition::IsNull(field) => record.text(*field).is_none_or(str::is_empty),
            Condition::IsNotNull(field) => record.text(*field).is_some_and(|v| !v.is_empty()),
        })
    }

    fn render(&self, record: &Record) -> serde_json::Value {
        record.to_json_with_timestamp(&self.zone.format_rfc3339(record.timestamp))
    }
}

fn int_param(params: &Params, name: &str, default: i64) -> Result<i64, PortalError> {
    match params.get(name) {
        None => Ok(default),
        Some(text) => text
            .trim()
            .parse()
            .map_err(|_| bad_parameter(format!("{name} must be an integer, not {text:?}"))),
    }
}

const COMMON: [&str; 6] = ["where", "timezone", "order_by", "select", "lang", "apikey"];

async fn records(
    State(portal): State<Shared>,
    Path(id): Path<String>,
    Query(params): Query<Params>,
) -> Result<Response, PortalError> {
    check_dataset(&id)?;
    let allowed: Vec<&str> = COMMON.iter().copied().chain(["limit", "offset"]).collect();
    let selector = Selector::from_params(&params, &allowed)?;
    let limit = int_param(&params, "limit", 10)?;
    let offset = int_param(&params, "offset", 0)?;
    if !(0..=RECORDS_MAX_LIMIT).contains(&limit) {
        return Err(bad_parameter(format!(
            "Invalid value for limit: {limit}. It must be between 0 and {RECORDS_MAX_LIMIT} (use exports for more)"
        )));
    }
    if offset < 0 || offset + limit > RECORDS_MAX_WINDOW {
        return Err(bad_parameter(format!(
            "Invalid value for offset + limit: {}. It must be at most {RECORDS_MAX_WINDOW} (use exports for more)",
            offset + limit
        )));
    }
    let selected = selector.select(&portal.records);
    let results: Vec<_> = selected
        .iter()
        .skip(offset as usize)
        .take(limit as usize)
        .map(|record| selector.render(record))
        .collect();
    Ok(Json(json!({ "total_count": selected.len(), "results": results })).into_response())
}

async fn export(
    State(portal): State<Shared>,
    Path((id, format)): Path<(String, String)>,
    Query(params): Query<Params>,
) -> Result<Response, PortalError> {
    if id == API_MONITORING_ID {
        return Ok(api_calls_export());
    }
    check_dataset(&id)?;
    let allowed: Vec<&str> = COMMON.iter().copied().chain(["limit"]).collect();
    let selector = Selector::from_params(&params, &allowed)?;
    let limit = int_param(&params, "limit", -1)?;
    let mut selected = selector.select(&portal.records);
    if limit >= 0 {
        selected.truncate(limit as usize);
    }
    let response = match format.as_str() {
        "json" => {
            let mut body = String::from("[");
            for (i, record) in selected.iter().enumerate() {
                if i > 0 {
                    body.push_str(", ");
                }
                body.push_str(&selector.render(record).to_string());
            }
            body.push(']');
            (
                [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
                body,
            )
                .into_response()
        }
        "jsonl" => {
            let mut body = String::new();
            for record in &selected {
                body.push_str(&selector.render(record).to_string());
                body.push('\n');
            }
            (
                [(header::CONTENT_TYPE, "application/jsonl; charset=utf-8")],
                body,
            )
                .into_response()
        }
        "csv" => match csv_export(&selector, &selected) {
            Ok(body) => ([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], body).into_response(),
            Err(message) => api_error(StatusCode::INTERNAL_SERVER_ERROR, "InternalError", message)
                .into_response(),
        },
        other => {
            return Err(bad_parameter(format!(
                "Unknown export format {other:?}: use json, jsonl or csv"
            )))
        }
    };
    Ok(response)
}

/// The other monitoring dataset's export: API calls, not back-office actions.
fn api_calls_export() -> Response {
    let calls: Vec<serde_json::Value> = (0..20)
        .map(|i| {
            json!({
                "timestamp": format!("2024-01-01T10:{:02}:00+00:00", i),
                "user_id": "robot",
                "api_key_id": "k1",
                "endpoint": "/api/explore/v2.1/catalog/datasets",
                "status_code": 200,
                "duration_ms": 12 + i,
            })
        })
        .collect();
    Json(calls).into_response()
}

/// CSV as the platform writes it: a BOM, `;` between fields, a header of field names.
fn csv_export(selector: &Selector, records: &[&Record]) -> Result<Vec<u8>, String> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    let names: Vec<&str> = engine::Field::ALL.iter().map(|f| f.name()).collect();
    writer.write_record(&names).map_err(|e| e.to_string())?;
    for record in records {
        let timestamp = selector.zone.format_rfc3339(record.timestamp);
        let row: Vec<&str> = engine::Field::ALL
            .iter()
            .map(|field| match field {
                engine::Field::Timestamp => timestamp.as_str(),
                engine::Field::Diff => record.diff.as_deref().unwrap_or(""),
                engine::Field::Text(text) => record.text(*text).unwrap_or(""),
            })
            .collect();
        writer.write_record(&row).map_err(|e| e.to_string())?;
    }
    writer.into_inner().map_err(|e| e.to_string())
}

/// The engine's own numbers on the demo data for a view (`from`, `to`, `tz`, and the
/// dashboard's `ws`, `by`, `hide`), so that end-to-end tests can check what the app shows.
fn demo_view(portal: &Portal, params: &[(String, String)]) -> Result<Dashboard, PortalError> {
    let get = |name: &str| {
        params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    };
    let zone: Zone = get("tz")
        .parse()
        .map_err(|e: engine::calendar::UnknownZone| bad_parameter(e.to_string()))?;
    let window =
        DateWindow::parse(get("from"), get("to")).map_err(|e| bad_parameter(e.to_string()))?;
    let filter = ViewFilter {
        window,
        workspace: Some(get("ws"))
            .filter(|ws| !ws.is_empty())
            .map(str::to_string),
        mode: if get("by") == "action" {
            SeriesMode::Action
        } else {
            SeriesMode::ObjectType
        },
        hidden: params
            .iter()
            .filter(|(n, _)| n == "hide")
            .map(|(_, v)| v.clone())
            .collect(),
    };
    let log = IndexedLog::new(portal.store.clone(), zone);
    Ok(Dashboard::compute(&log, &filter))
}

async fn demo_kpis(
    State(portal): State<Shared>,
    Query(params): Query<Vec<(String, String)>>,
) -> Result<Response, PortalError> {
    let view = demo_view(&portal, &params)?;
    Ok(Json(json!({
        "actions": view.kpis.actions,
        "users": view.kpis.users,
        "actions_per_user": view.kpis.actions_per_user_text(),
    }))
    .into_response())
}

/// Everything the dashboard shows, as the engine computes it.
async fn demo_dashboard(
    State(portal): State<Shared>,
    Query(params): Query<Vec<(String, String)>>,
) -> Result<Response, PortalError> {
    let view = demo_view(&portal, &params)?;
    let top_objects: Vec<_> = view
        .objects
        .iter()
        .take(10)
        .map(|o| json!([o.kind.label(), o.id, o.actions, o.users]))
        .collect();
    let top_users: Vec<_> = view
        .users
        .iter()
        .take(10)
        .map(|u| json!([u.user, u.actions, u.objects]))
        .collect();
    let series: Vec<_> = view
        .series
        .series
        .iter()
        .map(|s| json!({ "name": s.name, "label": s.label, "total": s.total }))
        .collect();
    Ok(Json(json!({
        "actions": view.kpis.actions,
        "users": view.kpis.users,
        "actions_per_user": view.kpis.actions_per_user_text(),
        "weekdays": view.weekdays,
        "series": series,
        "days": view.series.days.len(),
        "top_objects": top_objects,
        "top_users": top_users,
        "action_counts": view.actions,
    }))
    .into_response())
}

/// Routes of the app whose last segment is an id, which may contain a dot (`alice.a`).
const ID_ROUTES: [&str; 2] = ["/objects/", "/users/"];

/// Whether a path asks for a file (a missing one is a real 404) rather than a route of the app:
/// its last segment has an extension, and it is not under a route that ends with an id.
pub fn is_file_request(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or("");
    last.contains('.') && !ID_ROUTES.iter().any(|prefix| path.starts_with(prefix))
}

/// Routes of the app are answered with its index.html; a missing file is a real 404.
async fn spa_index(State(portal): State<Shared>, uri: Uri) -> Response {
    if is_file_request(uri.path()) {
        return (StatusCode::NOT_FOUND, "Not found").into_response();
    }
    match tokio::fs::read(portal.dist.join("index.html")).await {
        Ok(html) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8")),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
            ],
            html,
        )
            .into_response(),
        Err(_) => (
            StatusCode::NOT_FOUND,
            format!(
                "The app is not built: no index.html in {}. Run `trunk build --release` (scripts/demo.sh does it).",
                portal.dist.display()
            ),
        )
            .into_response(),
    }
}
