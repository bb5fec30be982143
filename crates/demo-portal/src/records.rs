//! `records/`: a page of records, with the platform's limits (limit ≤ 100, offset + limit ≤
//! 10,000).

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::datasets::check_dataset;
use crate::error::{bad_parameter, PortalError};
use crate::select::{int_param, Selector, COMMON};
use crate::{Params, Shared};

const RECORDS_MAX_LIMIT: i64 = 100;
const RECORDS_MAX_WINDOW: i64 = 10_000;

pub async fn records(
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
    let selected = selector.select(portal.served_records());
    let results: Vec<_> = selected
        .iter()
        .skip(offset as usize)
        .take(limit as usize)
        .map(|record| selector.render(record))
        .collect();
    Ok(Json(json!({ "total_count": selected.len(), "results": results })).into_response())
}
