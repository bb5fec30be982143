//! Dataset titles for the loaded log: asked from the portal once per log (not per filter),
//! kept beside it. Until they come, and if they never do, every dataset shows its id.

use std::sync::Arc;

use engine::{IndexedLog, ObjectType};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{LoadState, LogData, Shown};
use crate::api::titles::{fetch_titles, Titles};

/// The titles known so far, and whether the portal has answered (so that a dataset without a
/// title is one the portal no longer knows, not one still being asked about).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DatasetTitles {
    pub titles: Titles,
    pub answered: bool,
}

impl DatasetTitles {
    pub fn title(&self, id: &str) -> Option<&str> {
        self.titles.get(id).map(String::as_str)
    }

    /// The portal answered without a title for this dataset: deleted, or private to this key.
    pub fn is_unknown(&self, id: &str) -> bool {
        self.answered && !self.titles.contains_key(id)
    }

    /// The text of an object's title or id, for search and headings.
    pub fn name_of(&self, kind: ObjectType, id: &str) -> Option<&str> {
        (kind == ObjectType::Dataset)
            .then(|| self.title(id))
            .flatten()
    }
}

/// The distinct dataset ids of a log.
pub fn dataset_ids(log: &IndexedLog) -> Vec<String> {
    let mut ids: Vec<String> = log
        .objects
        .kinds
        .iter()
        .zip(&log.objects.names)
        .filter(|(kind, _)| **kind == ObjectType::Dataset)
        .map(|(_, name)| log.store.strings().get(*name).to_string())
        .collect();
    engine::sorting::sort(&mut ids);
    ids
}

/// Asks for the titles whenever a log from a portal is loaded with other datasets than before
/// (a new zone re-indexes the same log: the titles stay).
pub fn load_titles(data: LogData) {
    Effect::new(
        move |previous: Option<Option<(String, String, Vec<String>)>>| {
            let loaded = data.state.with(LoadState::complete);
            let from_files = data.from_files.get();
            let key = loaded.filter(|_| !from_files).map(|loaded| {
                let source = data.source.get_untracked();
                (source.portal, source.dataset, shown_dataset_ids(&loaded))
            });
            if key.is_some() && key != previous.clone().flatten() {
                if let Some((portal, _, ids)) = key.clone() {
                    data.titles.set(Arc::default());
                    let wanted = key.clone();
                    spawn_local(async move {
                        let auth = crate::credentials::auth_for(&portal);
                        let Ok(titles) = fetch_titles(&portal, &auth, &ids).await else {
                            return;
                        };
                        // Only if the log is still the one asked about.
                        if current_key(data) == wanted {
                            data.titles.set(Arc::new(DatasetTitles {
                                titles,
                                answered: true,
                            }));
                        }
                    });
                }
            }
            key.or(previous.flatten())
        },
    );
}

fn current_key(data: LogData) -> Option<(String, String, Vec<String>)> {
    let loaded = data.state.with_untracked(LoadState::complete)?;
    let source = data.source.get_untracked();
    Some((source.portal, source.dataset, shown_dataset_ids(&loaded)))
}

/// The dataset ids of the events shown (none known in portal mode: the titles dataset, when
/// the portal has one, names them all).
fn shown_dataset_ids(shown: &Shown) -> Vec<String> {
    shown
        .events()
        .map(|loaded| dataset_ids(&loaded.log))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_looked_up_dataset_without_title_is_unknown() {
        let mut titles = DatasetTitles::default();
        assert!(!titles.is_unknown("trees"), "not asked yet");
        titles.titles.insert("trees".into(), "Trees".into());
        titles.answered = true;
        assert_eq!(titles.title("trees"), Some("Trees"));
        assert!(!titles.is_unknown("trees"));
        assert!(titles.is_unknown("gone"));
        assert_eq!(titles.name_of(ObjectType::Page, "trees"), None);
        assert_eq!(titles.name_of(ObjectType::Dataset, "trees"), Some("Trees"));
    }
}
