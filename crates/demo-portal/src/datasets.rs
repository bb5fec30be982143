//! `monitoring/datasets/`: the two monitoring datasets (the activity log and another one, so
//! that discovering the log means something), their metadata and fields.

use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::error::PortalError;
use crate::{Params, ACTIVITY_LOG_ID, API_MONITORING_ID};

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

pub async fn list_datasets(Query(params): Query<Params>) -> Response {
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

pub async fn dataset_metadata(Path(id): Path<String>) -> Result<Response, PortalError> {
    if id != API_MONITORING_ID {
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
