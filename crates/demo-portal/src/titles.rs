//! Dataset titles, served the two ways a portal offers them: a monitoring dataset listing the
//! workspace's datasets (`dataset_id`, `title`), and the catalog's dataset metadata
//! (`metas.default.title`). A few datasets of the log have no title anywhere, as if deleted.

use std::collections::BTreeSet;

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::error::{bad_parameter, PortalError};
use crate::{Params, Shared};

/// Every `DELETED_EVERY`-th dataset of the log (in id order) is unknown to the portal.
const DELETED_EVERY: usize = 7;

/// The log's datasets the portal still knows, with their titles, in id order.
pub fn known_titles(portal: &Shared) -> Vec<(String, String)> {
    let ids: BTreeSet<&str> = portal
        .table
        .column(engine::TextField::DatasetId)
        .dictionary
        .values()
        .collect();
    ids.into_iter()
        .enumerate()
        .filter(|(i, _)| i % DELETED_EVERY != DELETED_EVERY - 1)
        .map(|(_, id)| (id.to_string(), title_of(id)))
        .collect()
}

/// A title as a person would write it for an id: "schools-forecast" → "Schools forecast".
pub fn title_of(id: &str) -> String {
    let words = id.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `monitoring/datasets/<titles>/exports/json`: `[{"dataset_id", "title"}]`.
pub fn titles_export(portal: &Shared) -> Response {
    let rows: Vec<serde_json::Value> = known_titles(portal)
        .into_iter()
        .map(|(id, title)| json!({ "dataset_id": id, "title": title }))
        .collect();
    Json(rows).into_response()
}

/// `catalog/datasets/?where=dataset_id="a" OR dataset_id="b"&limit=N`: the metadata of the
/// named datasets the portal knows (the only `where` this stand-in understands).
pub async fn catalog_datasets(
    State(portal): State<Shared>,
    Query(params): Query<Params>,
) -> Result<Response, PortalError> {
    let wanted = match params.get("where") {
        Some(condition) => quoted_ids(condition)?,
        None => Vec::new(),
    };
    let limit = match params.get("limit") {
        Some(text) => text
            .parse::<usize>()
            .ok()
            .filter(|n| *n <= 100)
            .ok_or_else(|| bad_parameter("limit must be between 0 and 100"))?,
        None => 10,
    };
    let results: Vec<serde_json::Value> = known_titles(&portal)
        .into_iter()
        .filter(|(id, _)| wanted.is_empty() || wanted.contains(id))
        .take(limit)
        .map(|(id, title)| json!({ "dataset_id": id, "metas": { "default": { "title": title } } }))
        .collect();
    Ok(Json(json!({ "total_count": results.len(), "results": results })).into_response())
}

/// The ids of `dataset_id = "a" OR dataset_id = "b"` (a backslash escapes a quote).
fn quoted_ids(condition: &str) -> Result<Vec<String>, PortalError> {
    let mut ids = Vec::new();
    for clause in condition.split(" OR ") {
        let value = clause
            .trim()
            .trim_start_matches('(')
            .trim_end_matches(')')
            .strip_prefix("dataset_id")
            .map(str::trim_start)
            .and_then(|rest| rest.strip_prefix('='))
            .map(str::trim)
            .and_then(|rest| rest.strip_prefix('"')?.strip_suffix('"'))
            .ok_or_else(|| bad_parameter(format!("unsupported where clause: {clause}")))?;
        ids.push(value.replace("\\\"", "\"").replace("\\\\", "\\"));
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_read_like_titles_and_where_names_ids() {
        assert_eq!(title_of("schools-forecast"), "Schools forecast");
        assert_eq!(
            quoted_ids(r#"dataset_id = "a-b" OR dataset_id="c\"d""#).ok(),
            Some(vec!["a-b".to_string(), "c\"d".to_string()])
        );
        assert!(quoted_ids("title = \"x\"").is_err());
    }
}
