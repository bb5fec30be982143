//! Dataset discovery: the monitoring datasets a key can read, and which one is the activity log.

use engine::ParseError;

use super::{fetch_text, ApiError, Auth, ExploreQuery};

/// One monitoring dataset the key can read, and how well its fields match the activity log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MonitoringDataset {
    pub id: String,
    pub title: Option<String>,
    /// Its field names, when the portal said.
    pub fields: Option<Vec<String>>,
}

impl MonitoringDataset {
    /// How many of the activity log's 12 fields it has (0 when unknown).
    pub fn matching_fields(&self) -> usize {
        let Some(fields) = &self.fields else { return 0 };
        engine::Field::ALL
            .iter()
            .filter(|f| fields.iter().any(|name| name == f.name()))
            .count()
    }

    /// Has every core field of the activity log.
    pub fn is_activity_log(&self) -> bool {
        let Some(fields) = &self.fields else {
            return false;
        };
        engine::parse::CORE_FIELDS
            .iter()
            .all(|f| fields.iter().any(|name| name == f.name()))
    }
}

/// The datasets of a `monitoring/datasets/` answer (or of one dataset's metadata).
pub fn parse_datasets(body: &str) -> Result<Vec<MonitoringDataset>, ApiError> {
    let json: serde_json::Value = serde_json::from_str(body).map_err(|_| {
        ApiError::Body(ParseError::NotAnArray {
            found: body.chars().take(40).collect(),
        })
    })?;
    let entries: Vec<&serde_json::Value> = match json.get("results").and_then(|r| r.as_array()) {
        Some(results) => results.iter().collect(),
        None => vec![&json],
    };
    Ok(entries
        .into_iter()
        .filter_map(|entry| {
            let id = entry.get("dataset_id")?.as_str()?.to_string();
            let fields = entry
                .get("fields")
                .and_then(|f| f.as_array())
                .map(|fields| {
                    fields
                        .iter()
                        .filter_map(|f| f.get("name").and_then(|n| n.as_str()).map(str::to_string))
                        .collect()
                });
            let title = entry
                .pointer("/metas/default/title")
                .and_then(|t| t.as_str())
                .map(str::to_string);
            Some(MonitoringDataset { id, title, fields })
        })
        .collect())
}

/// The dataset to preselect: the first that has the activity log's core fields, the one with
/// the most matching fields otherwise.
pub fn best_match(datasets: &[MonitoringDataset]) -> Option<&MonitoringDataset> {
    datasets.iter().find(|d| d.is_activity_log()).or_else(|| {
        datasets
            .iter()
            .filter(|d| d.matching_fields() > 0)
            .max_by_key(|d| d.matching_fields())
    })
}

/// The monitoring datasets of a portal, with their fields (asked one by one when the list does
/// not say).
pub async fn discover(portal: &str, auth: &Auth) -> Result<Vec<MonitoringDataset>, ApiError> {
    let url = ExploreQuery::monitoring_datasets().url(portal);
    let mut datasets = parse_datasets(&fetch_text(&url, portal, auth).await?)?;
    for dataset in datasets.iter_mut().filter(|d| d.fields.is_none()).take(20) {
        let url = ExploreQuery::dataset(&dataset.id).url(portal);
        if let Ok(text) = fetch_text(&url, portal, auth).await {
            if let Ok(mut found) = parse_datasets(&text) {
                dataset.fields = found.pop().and_then(|d| d.fields);
            }
        }
    }
    Ok(datasets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datasets_are_listed_and_the_activity_log_preselected() {
        let body = r#"{"total_count": 3, "results": [
            {"dataset_id": "api-calls", "fields": [{"name": "timestamp"}, {"name": "user_id"}, {"name": "endpoint"}]},
            {"dataset_id": "backoffice", "metas": {"default": {"title": "Activity"}}, "fields": [{"name": "timestamp"}, {"name": "domain_id"}, {"name": "user_id"}, {"name": "action"}, {"name": "diff"}]},
            {"dataset_id": "bare"}
        ]}"#;
        let datasets = parse_datasets(body).unwrap();
        assert_eq!(datasets.len(), 3);
        assert_eq!(datasets[1].title.as_deref(), Some("Activity"));
        assert_eq!(datasets[2].fields, None);
        assert_eq!(
            best_match(&datasets).map(|d| d.id.as_str()),
            Some("backoffice")
        );
        assert_eq!(
            best_match(&datasets[..1]).map(|d| d.id.as_str()),
            Some("api-calls")
        );
        let one = parse_datasets(r#"{"dataset_id": "x", "fields": []}"#).unwrap();
        assert_eq!(one[0].id, "x");
        assert!(parse_datasets("<html>").is_err());
    }
}
