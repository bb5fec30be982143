//! A stand-in Opendatasoft portal: the Explore API v2.1 monitoring endpoints the dashboard uses,
//! with the platform's shapes, limits and error bodies, over a generated activity log; and the
//! built app (`dist/`) with an SPA fallback, so one process serves the whole demo.

pub mod caching;
pub mod datasets;
pub mod error;
pub mod export;
pub mod faults;
pub mod filters;
pub mod local;
pub mod odsql;
pub mod records;
pub mod security;
pub mod select;
pub mod spa;
pub mod span;
pub mod table;
pub mod titles;
pub mod zone;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use axum::http::{header, HeaderName, Method};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use engine::Record;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{Any, CorsLayer};
use tower_http::services::ServeDir;

pub use spa::is_file_request;

/// The activity log's id on the demo portal (on a real portal it is configuration).
pub const ACTIVITY_LOG_ID: &str = "ods-backoffice-activity";
/// Another monitoring dataset, so that discovering the log means something.
pub const API_MONITORING_ID: &str = "ods-api-monitoring";
/// The monitoring dataset that lists the workspace's datasets, with their titles.
pub const DATASETS_ID: &str = "ods-datasets";

pub struct Portal {
    /// The log, oldest first.
    pub table: table::Table,
    /// Each row's UTC offset, per zone asked.
    pub offsets: local::Offsets,
    /// The rows the `where` parts on one field keep, per span, as recently asked.
    pub filters: std::sync::Arc<filters::FilterCache>,
    pub dist: PathBuf,
    pub switches: faults::Switches,
    /// Requests answered so far: under the `shuffle_ties` switch, each answer orders the events
    /// of one instant differently.
    pub answers: std::sync::atomic::AtomicU64,
    /// Whether `GET /_demo/faults` may change the switches (a state-changing GET: only for
    /// tests, with `--fault-switches`).
    pub switches_route: bool,
}

impl Portal {
    pub fn new(records: Vec<Record>, dist: PathBuf) -> Self {
        Portal::of_table(table::Table::from_records(&records), dist)
    }

    pub fn of_table(table: table::Table, dist: PathBuf) -> Self {
        Portal {
            table,
            offsets: local::Offsets::default(),
            filters: Default::default(),
            dist,
            switches: faults::Switches::default(),
            answers: Default::default(),
            switches_route: false,
        }
    }
}

/// Runs a request's work on the blocking pool: a scan of millions of rows must not hold up the
/// runtime's threads, which serve the app's files and the other requests meanwhile.
pub(crate) async fn off_the_runtime(
    work: impl FnOnce() -> Result<Response, error::PortalError> + Send + 'static,
) -> Result<Response, error::PortalError> {
    tokio::task::spawn_blocking(work).await.unwrap_or_else(|_| {
        Err(error::PortalError::new(
            axum::http::StatusCode::INTERNAL_SERVER_ERROR,
            "InternalError",
            "The demo portal failed while answering",
        ))
    })
}

pub(crate) type Shared = Arc<Portal>;
pub(crate) type Params = HashMap<String, String>;

/// The whole portal: the API under `/api/explore/v2.1`, the `/_demo` routes, the app.
pub fn app(portal: Portal) -> Router {
    let dist = portal.dist.clone();
    let portal = Arc::new(portal);
    let spa = get(spa::spa_index).with_state(portal.clone());
    // Open CORS for the API only (as a portal's API is), not for the app's own files.
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
        .route("/monitoring/datasets", get(datasets::list_datasets))
        .route("/monitoring/datasets/", get(datasets::list_datasets))
        .route("/monitoring/datasets/{id}", get(datasets::dataset_metadata))
        .route(
            "/monitoring/datasets/{id}/",
            get(datasets::dataset_metadata),
        )
        .route("/monitoring/datasets/{id}/records", get(records::records))
        .route("/monitoring/datasets/{id}/records/", get(records::records))
        .route(
            "/monitoring/datasets/{id}/exports/{format}",
            get(export::export),
        )
        .route(
            "/monitoring/datasets/{id}/exports/{format}/",
            get(export::export),
        )
        .route("/catalog/datasets", get(titles::catalog_datasets))
        .route("/catalog/datasets/", get(titles::catalog_datasets))
        .fallback(error::api_not_found)
        .layer(axum::middleware::from_fn_with_state(
            portal.clone(),
            faults::api_guard,
        ))
        .layer(cors)
        .layer(axum::middleware::from_fn_with_state(
            portal.clone(),
            faults::cors_guard,
        ))
        .with_state(portal.clone());
    let mut demo = Router::new();
    if portal.switches_route {
        demo = demo.route("/_demo/faults", get(faults::set_faults));
    }
    demo.with_state(portal.clone())
        .nest("/api/explore/v2.1", api)
        .fallback_service(ServeDir::new(dist).fallback(spa))
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn_with_state(
            portal.clone(),
            faults::slow_network,
        ))
        .layer(axum::middleware::from_fn(security::headers))
        .layer(axum::middleware::from_fn(caching::headers))
}
