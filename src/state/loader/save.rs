//! The kept copy written after a load, with its window's groups beside it for the next visit.

use std::sync::Arc;

use engine::snapshot::Snapshot;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::super::first_draw;
use super::super::{kept, LoadedLog, LogData};
use crate::api::Source;
use crate::browser;

/// Writes the kept copy after the log is drawn; a refusal is told once. A "Clear local
/// data" since the load began (`clears`, its count then) wins: the copy is not written, or
/// removed again.
pub(super) fn save(
    data: LogData,
    source: &Source,
    snapshot: &Snapshot,
    log: Arc<LoadedLog>,
    clears: u32,
) {
    let (file, snapshot) = (kept::log_file(source), snapshot.clone());
    let source = source.clone();
    let cleared = move || data.kept_cleared.get_untracked() != clears;
    spawn_local(async move {
        browser::sleep(0).await;
        let started = browser::precise_now();
        // A part at a time, yielding between them: no long task while the page is used.
        let mut parts = Vec::new();
        for part in 0..engine::snapshot::HEAD_PARTS {
            parts.push(snapshot.encode_head_part(&log.log.store, part));
            browser::sleep(0).await;
        }
        if cleared() {
            return;
        }
        let mut slices: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
        slices.push(log.log.store.diff_text().as_bytes());
        let result = crate::storage::write_pieces(&file, &slices).await;
        drop(slices);
        // The view's window's groups beside it, when counted (for the next first draw).
        let key = data.filter.get_untracked().counted();
        if let (Ok(()), Some(groups)) = (&result, data.counted.held(&log, &key)) {
            let counted = first_draw::Counted {
                key: &key,
                log: &log,
                groups: &groups,
                log_name: snapshot.name.clone(),
                saved_at_ms: snapshot.saved_at_ms,
            };
            first_draw::write(&source, counted).await;
        }
        drop(log);
        browser::measure("cache:write", started, browser::precise_now() - started);
        if cleared() {
            let _ = crate::storage::remove(&file).await;
            let _ = crate::storage::remove(&first_draw::file(&source)).await;
        } else if let Err(error) = result {
            data.tell_storage_problem(error);
        }
    });
}
