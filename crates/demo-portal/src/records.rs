//! `records/`: a page of records, with the platform's limits (limit ≤ 100, offset + limit ≤
//! 10,000), or of groups when it aggregates (limit and offset + limit ≤ 20,000).

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::datasets::check_dataset;
use crate::error::{bad_parameter, PortalError};
use crate::select::{int_param, Selector, COMMON};
use crate::{off_the_runtime, Params, Portal, Shared};

const RECORDS_MAX_LIMIT: i64 = 100;
const RECORDS_MAX_WINDOW: i64 = 10_000;
const GROUPS_MAX: i64 = 20_000;

pub async fn records(
    State(portal): State<Shared>,
    Path(id): Path<String>,
    Query(params): Query<Params>,
) -> Result<Response, PortalError> {
    check_dataset(&id)?;
    off_the_runtime(move || page_of(&portal, &crate::select::as_read(&portal, &params))).await
}

fn page_of(portal: &Portal, params: &Params) -> Result<Response, PortalError> {
    let allowed: Vec<&str> = COMMON.iter().copied().chain(["limit", "offset"]).collect();
    let selector = Selector::from_params(params, &allowed)?;
    let limit = int_param(params, "limit", 10)?;
    let offset = int_param(params, "offset", 0)?;
    if let Some(aggregation) = &selector.aggregation {
        if !(0..=GROUPS_MAX).contains(&limit) || offset < 0 || offset + limit > GROUPS_MAX {
            return Err(bad_parameter(format!(
                "Invalid value for offset + limit: {}. With group_by it must be at most {GROUPS_MAX}",
                offset + limit
            )));
        }
        let selection = selector.select(portal);
        let rows = aggregation.rows(&selection.span, &selection.mask);
        let total = rows.len();
        let results: Vec<_> = rows
            .into_iter()
            .skip(offset as usize)
            .take(limit as usize)
            .collect();
        return Ok(Json(json!({ "total_count": total, "results": results })).into_response());
    }
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
    let selection = selector.select(portal);
    let results: Vec<_> = selection
        .rows()
        .skip(offset as usize)
        .take(limit as usize)
        .map(|row| selector.render(&portal.table, row))
        .collect();
    let total = selection.count();
    Ok(Json(json!({ "total_count": total, "results": results })).into_response())
}
