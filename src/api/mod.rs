//! The Explore API v2.1: URLs as the official client writes them, the API key, one streaming
//! fetch, dataset discovery, and a typed error for every way a request can fail.

#![deny(clippy::indexing_slicing)]

pub mod aggregates;
pub mod auth;
pub mod discovery;
pub mod error;
pub mod fetch;
#[cfg(target_arch = "wasm32")]
pub mod fetch_in_worker;
pub mod group_rows;
pub mod log_pages;
pub mod log_search;
pub mod marks;
pub mod partial;
pub mod query;
pub mod source;
pub mod titles;
pub mod worker_protocol;

pub use auth::Auth;
pub use discovery::{best_match, discover, parse_datasets, MonitoringDataset};
pub use error::ApiError;
pub use fetch::{fetch_count, fetch_log, fetch_text, FetchedLog, Progress};
#[cfg(target_arch = "wasm32")]
pub use fetch_in_worker::{fetch_log_in_worker, Arrived, ExportFetch};
pub use query::{encode_segment, ExploreQuery, ExportFormat, API_BASE};
pub use source::{is_portal_address, portal_host, sends_key_in_clear, Source, DEFAULT_DATASET};
