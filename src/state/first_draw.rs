//! The last window's groups kept beside the kept copy, so that the next visit draws the
//! dashboard before reading a single event: a kept copy of a million events is 160 MB to read
//! and index; its window's groups are a few MB. Kept only for a window without marks, and used
//! only when the copy beside it is the one they were counted from (its `saved_at_ms`) and the
//! view asks the same window, workspace and zone.

// Read and written by the loader, which runs in a browser only.
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

use std::sync::Arc;

use engine::bytes::{put_count, put_i64, put_text, put_u32, put_u64, put_u8, ByteReader};
use engine::families::ActionFamily;
use engine::groups::Groups;
use engine::snapshot::SnapshotError;
use engine::ViewFilter;

use crate::api::Source;
use crate::colours::SeriesColours;

use super::{GroupsShown, Shown};

/// Bumped whenever what is written changes: an older file is then ignored. (Version 1 was JSON,
/// whose first byte, `{`, is not 2.)
const VERSION: u32 = 2;

/// What is kept: the groups and what they were counted from.
#[derive(Debug, PartialEq)]
struct KeptGroups {
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

impl KeptGroups {
    fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        put_u32(&mut out, VERSION);
        put_text(&mut out, &self.log_name);
        put_i64(&mut out, self.saved_at_ms);
        for text in [&self.from, &self.to, &self.zone] {
            put_text(&mut out, text);
        }
        put_u8(&mut out, u8::from(self.workspace.is_some()));
        put_text(&mut out, self.workspace.as_deref().unwrap_or(""));
        put_count(&mut out, self.families.len());
        for family in &self.families {
            put_text(&mut out, &family.action);
            put_u8(&mut out, family.kind.number());
            put_u64(&mut out, family.total);
        }
        put_count(&mut out, self.workspaces.len());
        self.workspaces.iter().for_each(|w| put_text(&mut out, w));
        self.groups.encode(&mut out);
        out
    }

    /// What [`KeptGroups::encode`] wrote; anything else (another version, a cut, damage) is
    /// refused.
    fn decode(bytes: &[u8]) -> Result<KeptGroups, SnapshotError> {
        let mut reader = ByteReader::new(bytes);
        let version = reader.u32()?;
        if version != VERSION {
            return Err(SnapshotError::OtherVersion(version));
        }
        let log_name = reader.text()?;
        let saved_at_ms = reader.i64()?;
        let [from, to, zone] = [reader.text()?, reader.text()?, reader.text()?];
        let has_workspace = reader.u8()? == 1;
        let workspace = Some(reader.text()?).filter(|_| has_workspace);
        let families = (0..reader.count(13)?)
            .map(|_| {
                Ok(ActionFamily {
                    action: reader.text()?,
                    kind: engine::groups::object_type(reader.u8()?)?,
                    total: reader.u64()?,
                })
            })
            .collect::<Result<_, SnapshotError>>()?;
        let workspaces = (0..reader.count(4)?)
            .map(|_| reader.text())
            .collect::<Result<_, _>>()?;
        let groups = Groups::decode(&mut reader)?;
        if !reader.is_done() {
            return Err(SnapshotError::Damaged("bytes after the end"));
        }
        Ok(KeptGroups {
            log_name,
            saved_at_ms,
            from,
            to,
            workspace,
            zone,
            families,
            workspaces,
            groups,
        })
    }
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

/// The bytes kept beside `source`'s copy, if any (read while the copy's description is).
pub async fn read_file(source: &Source) -> Option<Vec<u8>> {
    crate::storage::read(&file(source)).await.ok()?
}

/// The kept groups in `bytes` when they are of `wanted`: the groups and what the page shows
/// with them (the colours and workspaces). `None` when they are of something else, or damaged.
pub async fn read(bytes: &[u8], wanted: Wanted<'_>) -> Option<(Arc<Groups>, Shown)> {
    let kept = KeptGroups::decode(bytes).ok()?;
    // The figures are then finalized and drawn in a task of their own.
    crate::browser::sleep(0).await;
    let key = wanted.key;
    let same = kept.log_name == wanted.log_name
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
    let _ = crate::storage::write(&file(source), &kept.encode()).await;
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::ObjectType;

    fn kept(workspace: Option<&str>) -> KeptGroups {
        let mut groups = Groups::default();
        groups.names.actions = vec!["publish_dataset".into()];
        KeptGroups {
            log_name: "https://p.example.com ods-backoffice-activity".into(),
            saved_at_ms: 1_733_000_000_123,
            from: "2024-03-25".into(),
            to: "2024-04-07".into(),
            workspace: workspace.map(Into::into),
            zone: "Europe/Paris".into(),
            families: vec![ActionFamily {
                action: "publish_dataset".into(),
                kind: ObjectType::Map,
                total: 12,
            }],
            workspaces: vec!["lab".into(), "".into()],
            groups,
        }
    }

    #[test]
    fn kept_groups_read_back_as_they_were_written() {
        for workspace in [None, Some(""), Some("lab")] {
            let kept = kept(workspace);
            assert_eq!(KeptGroups::decode(&kept.encode()), Ok(kept));
        }
    }

    #[test]
    fn an_older_cut_or_longer_file_is_refused() {
        // The first version's JSON starts with `{`.
        let json = br#"{"version":1,"log_name":"x"}"#;
        assert!(KeptGroups::decode(json).is_err());
        let bytes = kept(Some("lab")).encode();
        for end in 0..bytes.len() {
            assert!(KeptGroups::decode(&bytes[..end]).is_err(), "cut at {end}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(KeptGroups::decode(&longer).is_err());
    }
}
