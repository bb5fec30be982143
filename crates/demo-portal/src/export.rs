//! `exports/<format>/`: the whole selection as JSON, JSONL or the platform's CSV.

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::datasets::check_dataset;
use crate::error::{bad_parameter, PortalError};
use crate::select::{int_param, Selector, COMMON};
use crate::table::Table;
use crate::{off_the_runtime, Params, Shared, API_MONITORING_ID, DATASETS_ID};
use axum::body::{Body, Bytes};
use std::sync::Arc;

pub async fn export(
    State(portal): State<Shared>,
    Path((id, format)): Path<(String, String)>,
    Query(params): Query<Params>,
) -> Result<Response, PortalError> {
    if id == API_MONITORING_ID {
        return Ok(api_calls_export());
    }
    if id == DATASETS_ID && !portal.switches.titles_hidden() {
        return Ok(crate::titles::titles_export(&portal));
    }
    check_dataset(&id)?;
    off_the_runtime(move || {
        let params = crate::select::as_read(&portal, &params);
        log_export(portal, &format, &params)
    })
    .await
}

fn log_export(portal: Shared, format: &str, params: &Params) -> Result<Response, PortalError> {
    let allowed: Vec<&str> = COMMON.iter().copied().chain(["limit"]).collect();
    let selector = Selector::from_params(params, &allowed)?;
    let limit = usize::try_from(int_param(params, "limit", -1)?).unwrap_or(usize::MAX);
    let selection = selector.select(&portal);
    if let Some(aggregation) = &selector.aggregation {
        let mut rows = aggregation.rows(&selection.span, &selection.mask);
        rows.truncate(limit);
        return groups_export(format, rows);
    }
    let selected: Vec<usize> = selection.rows().take(limit).collect();
    let table = &portal.table;
    let response = match format {
        "json" => {
            let body = streamed_array(Arc::clone(&portal), selector, selected);
            (
                [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
                body,
            )
                .into_response()
        }
        "jsonl" => {
            let mut body = String::new();
            for row in &selected {
                body.push_str(&selector.render_text(table, *row));
                body.push('\n');
            }
            (
                [(header::CONTENT_TYPE, "application/jsonl; charset=utf-8")],
                body,
            )
                .into_response()
        }
        "csv" => (
            [(header::CONTENT_TYPE, "text/csv; charset=utf-8")],
            csv_export(&selector, table, &selected),
        )
            .into_response(),
        other => {
            return Err(bad_parameter(format!(
                "Unknown export format {other:?}: use json, jsonl or csv"
            )))
        }
    };
    Ok(response)
}

/// How much of an export is written before it goes out.
const CHUNK_BYTES: usize = 256 * 1024;

/// The rows as a JSON array written a chunk at a time on a blocking thread while the body goes
/// out, as a real portal streams an export: the client reads (and parses) the first rows while
/// the last are written. A client that leaves stops the writing.
fn streamed_array(portal: Shared, selector: Selector, rows: Vec<usize>) -> Body {
    let (sender, receiver) = tokio::sync::mpsc::channel::<Vec<u8>>(4);
    tokio::task::spawn_blocking(move || {
        let mut chunk = Vec::with_capacity(CHUNK_BYTES + 4096);
        chunk.push(b'[');
        for (i, &row) in rows.iter().enumerate() {
            if i > 0 {
                chunk.extend_from_slice(b", ");
            }
            selector.write_row(&portal.table, row, &mut chunk);
            if chunk.len() >= CHUNK_BYTES {
                let full = std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK_BYTES + 4096));
                if sender.blocking_send(full).is_err() {
                    return;
                }
            }
        }
        chunk.push(b']');
        let _ = sender.blocking_send(chunk);
    });
    let chunks = futures_util::stream::unfold(receiver, |mut receiver| async move {
        let chunk = receiver.recv().await?;
        Some((
            Ok::<_, std::convert::Infallible>(Bytes::from(chunk)),
            receiver,
        ))
    });
    // Fused: a layer after it (compression, a slow network) may ask again once it has ended.
    Body::from_stream(futures_util::StreamExt::fuse(chunks))
}

/// Groups exported: as a JSON array or JSON lines (the demo portal writes no CSV of groups).
fn groups_export(format: &str, rows: Vec<crate::odsql::GroupRow>) -> Result<Response, PortalError> {
    match format {
        "json" => Ok(Json(rows).into_response()),
        "jsonl" => {
            let body: String = rows
                .into_iter()
                .filter_map(|row| serde_json::to_string(&row).ok())
                .map(|line| line + "\n")
                .collect();
            Ok((
                [(header::CONTENT_TYPE, "application/jsonl; charset=utf-8")],
                body,
            )
                .into_response())
        }
        other => Err(bad_parameter(format!(
            "The demo portal exports groups as json or jsonl, not {other:?}"
        ))),
    }
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

/// CSV as the platform writes it (the engine's writer): a BOM, `;` between fields, a header of
/// field names.
fn csv_export(selector: &Selector, table: &Table, rows: &[usize]) -> Vec<u8> {
    let mut writer = engine::export::CsvWriter::new();
    for &row in rows {
        let record = table.record(row);
        let timestamp = selector.zone.format_rfc3339(record.timestamp);
        let cells = engine::Field::ALL.map(|field| match field {
            engine::Field::Timestamp => timestamp.as_str(),
            engine::Field::Diff => record.diff.as_deref().unwrap_or(""),
            engine::Field::Text(text) => record.text(text).unwrap_or(""),
        });
        writer.push(&cells);
    }
    writer.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::generator::{generate, DemoOptions};
    use engine::Record;

    /// The export's writer gives, byte for byte, the JSON of the row's value as `render` builds
    /// it (the way every other answer of the portal writes a row).
    #[test]
    fn a_row_is_written_as_its_value_renders() {
        let now = "2024-03-31T12:00:00Z".parse().unwrap();
        let mut records = generate(
            &DemoOptions {
                seed: 3,
                events: 3000,
                days: 40,
            },
            now,
        );
        records.push(Record {
            timestamp: now,
            action: "edit_dataset".into(),
            username: Some("Zoé \"z\" \\ </script> 😀\u{1}".into()),
            diff: Some("{\"a\": \"x\\ny\"}\n\t".into()),
            ..Record::default()
        });
        let table = Table::from_records(&records);
        for zone in ["UTC", "Europe/Paris", "America/New_York"] {
            let params: Params = [("timezone".to_string(), zone.to_string())].into();
            let selector = Selector::from_params(&params, &COMMON).unwrap();
            for row in 0..table.len() {
                let mut written = Vec::new();
                selector.write_row(&table, row, &mut written);
                let rendered = selector.render(&table, row).to_string();
                assert_eq!(
                    String::from_utf8(written).unwrap(),
                    rendered,
                    "row {row} in {zone}"
                );
            }
        }
    }
}
