//! Where the log comes from: a portal's base URL and the activity log's dataset id.

use super::query::encode_segment;

/// The demo portal's activity log, the default when the URL names no dataset.
pub const DEFAULT_DATASET: &str = "ods-backoffice-activity";

/// A portal's base URL and the activity log's dataset id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    pub portal: String,
    pub dataset: String,
}

impl Source {
    /// The dataset's page on the portal, as the platform's "See source data" links it.
    pub fn portal_page(&self) -> String {
        format!(
            "{}/explore/dataset/{}/?source=monitoring",
            self.portal.trim_end_matches('/'),
            encode_segment(&self.dataset)
        )
    }
}
