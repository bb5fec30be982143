//! Imported files kept in the browser: each file's events written once imported, read back and
//! merged when `source=files` is opened again, listed on Connect, removed one by one.

use std::sync::Arc;

use engine::snapshot::Snapshot;
use engine::{ParseReport, Store};
use leptos::prelude::*;

use super::{kept, Imported, LogData};
use crate::storage::{self, StorageError};

/// A file kept in the browser, as Connect lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeptFile {
    /// Its name in the browser's storage (what Remove removes).
    pub storage_name: String,
    /// The file's own name.
    pub name: String,
    pub events: usize,
    /// Oldest and newest event, UTC milliseconds.
    pub range: Option<(i64, i64)>,
    pub bytes: u64,
}

impl KeptFile {
    fn new(storage_name: String, snapshot: &Snapshot, store: &Store) -> Self {
        KeptFile {
            storage_name,
            name: snapshot.name.clone(),
            events: store.len(),
            range: store.time_range(),
            bytes: snapshot.source_bytes,
        }
    }
}

/// Replaces the kept files with these (name, size, events), as a new import replaces the
/// files on show.
pub async fn keep(files: &[(String, u64, Store)], now_ms: i64) -> Result<(), StorageError> {
    for old in kept::imported_names().await? {
        storage::remove(&old).await?;
    }
    for (number, (name, bytes, store)) in files.iter().enumerate() {
        let snapshot = Snapshot {
            name: name.clone(),
            saved_at_ms: now_ms,
            source_bytes: *bytes,
            ..Snapshot::default()
        };
        // Numbered from the import's time, so that names sort in import order.
        let storage_name = kept::imported_file(now_ms as u64 * 1000 + number as u64);
        storage::write(&storage_name, &snapshot.encode(store)).await?;
    }
    Ok(())
}

/// The files kept, in import order.
pub async fn list() -> Result<Vec<KeptFile>, StorageError> {
    Ok(listing(&kept::read_imported().await?))
}

fn listing(files: &[(String, Snapshot, Store)]) -> Vec<KeptFile> {
    files
        .iter()
        .map(|(storage_name, snapshot, store)| KeptFile::new(storage_name.clone(), snapshot, store))
        .collect()
}

/// The kept files merged into the imported log, set in `data.imported`; none when no file is
/// kept (or storage is refused, which is told).
pub async fn restore(data: LogData) -> Option<Arc<Imported>> {
    match kept::read_imported().await {
        Ok(files) => merge_into(data, files),
        Err(error) => {
            data.tell_storage_problem(error);
            None
        }
    }
}

/// The files read back, merged and set in `data.imported`.
fn merge_into(data: LogData, files: Vec<(String, Snapshot, Store)>) -> Option<Arc<Imported>> {
    if files.is_empty() {
        data.imported.set(None);
        return None;
    }
    let names = files.iter().map(|(_, s, _)| s.name.clone()).collect();
    let stores: Vec<Store> = files.into_iter().map(|(_, _, store)| store).collect();
    let (store, duplicates) = match stores.len() {
        1 => (stores.into_iter().next().unwrap_or_default(), 0),
        _ => Store::merged(&stores),
    };
    let report = ParseReport {
        accepted: store.len(),
        ..ParseReport::default()
    };
    let imported = Arc::new(Imported {
        store,
        report,
        files: names,
        duplicates,
    });
    data.imported.set(Some(imported.clone()));
    Some(imported)
}

/// Removes one kept file; the others are merged again and shown. Returns them as listed
/// (read once, for both).
pub async fn remove(data: LogData, storage_name: &str) -> Result<Vec<KeptFile>, StorageError> {
    storage::remove(storage_name).await?;
    let files = kept::read_imported().await?;
    let listed = listing(&files);
    merge_into(data, files);
    data.retry();
    Ok(listed)
}
