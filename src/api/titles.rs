//! Dataset titles: the log holds only ids. They come from the monitoring dataset that lists the
//! workspace's datasets (fields `dataset_id` and `title`) when the key can read it, else from
//! the catalog's metadata (`metas.default.title`), asked in batches.

use std::collections::HashMap;

use engine::ParseError;

use super::MonitoringDataset;
use super::{discover, fetch_text, parse_datasets, ApiError, Auth, ExploreQuery, ExportFormat};

/// How many ids one catalog request names.
pub const BATCH: usize = 50;

/// Titles by dataset id.
pub type Titles = HashMap<String, String>;

/// The monitoring dataset that lists datasets with their titles, if the key can read one.
pub fn titles_dataset(datasets: &[MonitoringDataset]) -> Option<&MonitoringDataset> {
    datasets.iter().find(|d| {
        let has = |name: &str| {
            d.fields
                .as_ref()
                .is_some_and(|f| f.iter().any(|n| n == name))
        };
        has("dataset_id") && has("title") && !d.is_activity_log()
    })
}

/// The export of that dataset's two columns.
pub fn titles_export(dataset: &str) -> ExploreQuery {
    ExploreQuery::export(dataset, ExportFormat::Json).select("dataset_id,title")
}

/// The catalog request for a batch of ids: `dataset_id = "a" OR dataset_id = "b"`.
pub fn catalog_batch(ids: &[String]) -> ExploreQuery {
    let condition = ids
        .iter()
        .map(|id| {
            format!(
                "dataset_id = \"{}\"",
                id.replace('\\', "\\\\").replace('"', "\\\"")
            )
        })
        .collect::<Vec<_>>()
        .join(" OR ");
    ExploreQuery::catalog_datasets()
        .where_(&condition)
        .limit(ids.len() as i64)
}

/// `[{"dataset_id": …, "title": …}]`; rows without both are left out.
pub fn parse_export(body: &str) -> Result<Titles, ApiError> {
    let rows: Vec<serde_json::Value> = serde_json::from_str(body).map_err(|_| {
        ApiError::Body(ParseError::NotAnArray {
            found: body.chars().take(40).collect(),
        })
    })?;
    Ok(rows
        .iter()
        .filter_map(|row| {
            let id = row.get("dataset_id")?.as_str()?;
            let title = row.get("title")?.as_str()?.trim();
            (!title.is_empty()).then(|| (id.to_string(), title.to_string()))
        })
        .collect())
}

/// The titles of a catalog answer.
pub fn parse_catalog(body: &str) -> Result<Titles, ApiError> {
    Ok(parse_datasets(body)?
        .into_iter()
        .filter_map(|d| Some((d.id, d.title.filter(|t| !t.trim().is_empty())?)))
        .collect())
}

/// The titles of `ids` (a dataset the portal does not know has none).
pub async fn fetch_titles(portal: &str, auth: &Auth, ids: &[String]) -> Result<Titles, ApiError> {
    let datasets = discover(portal, auth).await?;
    if let Some(listing) = titles_dataset(&datasets) {
        let url = titles_export(&listing.id).url(portal);
        if let Ok(titles) = parse_export(&fetch_text(&url, portal, auth).await?) {
            return Ok(titles);
        }
    }
    let mut titles = Titles::new();
    for batch in ids.chunks(BATCH) {
        let url = catalog_batch(batch).url(portal);
        titles.extend(parse_catalog(&fetch_text(&url, portal, auth).await?)?);
    }
    Ok(titles)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn monitoring(id: &str, fields: &[&str]) -> MonitoringDataset {
        MonitoringDataset {
            id: id.into(),
            title: None,
            fields: Some(fields.iter().map(|f| f.to_string()).collect()),
        }
    }

    #[test]
    fn the_titles_dataset_has_dataset_id_and_title() {
        let log_fields: Vec<&str> = engine::Field::ALL.iter().map(|f| f.name()).collect();
        let datasets = [
            monitoring("log", &log_fields),
            monitoring("calls", &["timestamp", "endpoint"]),
            monitoring(
                "ods-datasets",
                &["dataset_id", "title", "publishing_status"],
            ),
        ];
        assert_eq!(
            titles_dataset(&datasets).map(|d| d.id.as_str()),
            Some("ods-datasets")
        );
        assert!(titles_dataset(&datasets[..2]).is_none());
    }

    #[test]
    fn urls_ask_for_two_columns_or_a_batch_of_ids() {
        assert_eq!(
            titles_export("ods-datasets").url("https://p.example"),
            "https://p.example/api/explore/v2.1/monitoring/datasets/ods-datasets/exports/json/?select=dataset_id%2Ctitle"
        );
        let ids = ["a-b".to_string(), "q\"x".to_string()];
        assert_eq!(
            catalog_batch(&ids).relative(),
            "catalog/datasets/?limit=2&where=dataset_id+%3D+%22a-b%22+OR+dataset_id+%3D+%22q%5C%22x%22"
        );
    }

    #[test]
    fn answers_become_titles_and_odd_rows_are_left_out() {
        let export = r#"[{"dataset_id": "trees", "title": "Trees of Paris"},
            {"dataset_id": "blank", "title": "  "}, {"dataset_id": "none"}, {"title": "orphan"}]"#;
        let titles = parse_export(export).unwrap();
        assert_eq!(titles.len(), 1);
        assert_eq!(titles["trees"], "Trees of Paris");
        assert!(parse_export("<html>").is_err());

        let catalog = r#"{"total_count": 2, "results": [
            {"dataset_id": "trees", "metas": {"default": {"title": "Trees"}}},
            {"dataset_id": "bare", "metas": {"default": {}}}]}"#;
        let titles = parse_catalog(catalog).unwrap();
        assert_eq!(titles.len(), 1);
        assert_eq!(titles["trees"], "Trees");
    }
}
