//! The last window's groups kept beside the kept copy, so that the next visit draws the
//! dashboard before reading a single event: a kept copy of a million events is 160 MB to read
//! and index; its window's groups are a few MB. Kept only for a window without marks, and used
//! only when the copy beside it is the one they were counted from (its `saved_at_ms`) and the
//! view asks the same window, workspace and zone.

// Read and written by the loader, which runs in a browser only.
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

use std::sync::Arc;

use engine::families::ActionFamily;
use engine::groups::Groups;
use engine::ViewFilter;
use serde::{Deserialize, Serialize};

use crate::api::Source;
use crate::colours::SeriesColours;

use super::{GroupsShown, Shown};

/// Bumped whenever what is written changes: an older file is then ignored.
const VERSION: u32 = 1;

/// What is kept: the groups and what they were counted from.
#[derive(Serialize, Deserialize)]
struct KeptGroups {
    version: u32,
    /// The kept copy's name and `saved_at_ms`: the groups are of that copy.
    log_name: String,
    saved_at_ms: i64,
    /// The window (`YYYY-MM-DD`), the workspace and the zone counted.
    from: String,
    to: String,
    workspace: Option<String>,
    zone: String,
    /// The whole log's action families, which fix the series' colours.
    families: Vec<ActionFamily>,
    workspaces: Vec<String>,
    groups: Groups,
}

/// The file beside a source's kept copy.
pub fn file(source: &Source) -> String {
    super::kept::log_file(source).replace("log-", "groups-")
}

/// What [`read`] is checked against: the view's groups key (its window, workspace and marks)
/// and the kept copy's description.
pub struct Wanted<'a> {
    pub key: &'a ViewFilter,
    pub zone: engine::Zone,
    pub log_name: &'a str,
    pub saved_at_ms: i64,
}

/// The kept groups of `source` when they are of `wanted`: the groups and what the page shows
/// with them (the colours and workspaces). `None` when there are none, or of something else.
pub async fn read(source: &Source, wanted: Wanted<'_>) -> Option<(Arc<Groups>, Shown)> {
    let bytes = crate::storage::read(&file(source)).await.ok()??;
    let kept: KeptGroups = serde_json::from_slice(&bytes).ok()?;
    let key = wanted.key;
    let same = kept.version == VERSION
        && kept.log_name == wanted.log_name
        && kept.saved_at_ms == wanted.saved_at_ms
        && kept.from == key.window.from.to_string()
        && kept.to == key.window.to.to_string()
        && kept.workspace == key.workspace
        && kept.zone == wanted.zone.name()
        && key.marks.is_empty();
    same.then(|| {
        let shown = Shown::Groups(Arc::new(GroupsShown {
            colours: SeriesColours::new(&kept.families),
            workspaces: kept.workspaces,
        }));
        (Arc::new(kept.groups), shown)
    })
}

/// What [`write`] keeps: a window's groups, counted from a kept copy.
pub struct Counted<'a> {
    pub key: &'a ViewFilter,
    pub log: &'a super::LoadedLog,
    pub groups: &'a Groups,
    pub log_name: String,
    pub saved_at_ms: i64,
}

/// Keeps `counted` beside the kept copy (nothing for a view with marks); a refusal is not
/// told (the kept copy's own write tells it).
pub async fn write(source: &Source, counted: Counted<'_>) {
    let key = counted.key;
    if !key.marks.is_empty() {
        let _ = crate::storage::remove(&file(source)).await;
        return;
    }
    let kept = KeptGroups {
        version: VERSION,
        log_name: counted.log_name,
        saved_at_ms: counted.saved_at_ms,
        from: key.window.from.to_string(),
        to: key.window.to.to_string(),
        workspace: key.workspace.clone(),
        zone: counted.log.zone().name().to_string(),
        families: engine::families::action_families(&counted.log.log),
        workspaces: counted.log.workspaces.clone(),
        groups: counted.groups.clone(),
    };
    crate::browser::sleep(0).await;
    if let Ok(bytes) = serde_json::to_vec(&kept) {
        let _ = crate::storage::write(&file(source), &bytes).await;
    }
}
