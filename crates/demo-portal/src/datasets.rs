//! `monitoring/datasets/`: the monitoring datasets (the activity log, the list of the
//! workspace's datasets with their titles, and API calls, so that discovering the log means
//! something), their metadata and fields.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::error::PortalError;
use crate::{Params, Shared, ACTIVITY_LOG_ID, API_MONITORING_ID, DATASETS_ID};

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

/// The monitoring datasets, in the order the portal lists them.
const MONITORING: [&str; 3] = [ACTIVITY_LOG_ID, DATASETS_ID, API_MONITORING_ID];

fn dataset_json(id: &str) -> serde_json::Value {
    let fields = if id == ACTIVITY_LOG_ID {
        field_list()
    } else if id == DATASETS_ID {
        ["dataset_id", "title", "publishing_status"]
            .iter()
            .map(|name| json!({ "name": name, "label": name, "type": "text" }))
            .collect()
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
        "metas": { "default": { "title": match id {
            ACTIVITY_LOG_ID => "Back office activity log",
            DATASETS_ID => "Datasets of the workspace",
            _ => "API calls",
        } } },
        "fields": fields,
    })
}

pub async fn list_datasets(State(portal): State<Shared>, Query(params): Query<Params>) -> Response {
    let readable: Vec<&str> = MONITORING
        .into_iter()
        .filter(|id| *id != DATASETS_ID || !portal.switches.titles_hidden())
        .collect();
    let only_ids = params
        .get("select")
        .is_some_and(|s| s.trim() == "dataset_id");
    let results: Vec<serde_json::Value> = readable
        .iter()
        .map(|id| {
            if only_ids {
                json!({ "dataset_id": id })
            } else {
                dataset_json(id)
            }
        })
        .collect();
    Json(json!({ "total_count": results.len(), "results": results })).into_response()
}

pub async fn dataset_metadata(
    State(portal): State<Shared>,
    Path(id): Path<String>,
) -> Result<Response, PortalError> {
    let titles_readable = id == DATASETS_ID && !portal.switches.titles_hidden();
    if id != API_MONITORING_ID && !titles_readable {
        check_dataset(&id)?;
    }
    Ok(Json(dataset_json(&id)).into_response())
}

pub fn check_dataset(id: &str) -> Result<(), PortalError> {
    if id == ACTIVITY_LOG_ID {
        Ok(())
    } else {
        Err(PortalError::new(
            StatusCode::NOT_FOUND,
            "NoSuchDataset",
            format!("Unknown dataset: {id}"),
        ))
    }
}
