//! What the app keeps in the browser between visits: a portal's log (one file per portal and
//! dataset) and each imported file, in the engine's snapshot form. A copy that is damaged, of
//! another format or of something else is ignored (and rebuilt), never misread.

// The loader, which reads a portal's kept log, runs in a browser only.
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

use engine::snapshot::{DiffReader, PieceReader, Snapshot};
use engine::Store;

use crate::api::Source;
use crate::storage::{self, OpenFile, StorageError};

/// What a kept copy is of: checked on reading, so that two sources never share a file.
pub fn log_name(source: &Source) -> String {
    format!("{}\n{}", source.portal, source.dataset)
}

/// The file a portal's log is kept in: a hash of the portal and dataset (a file name cannot
/// hold any URL).
pub fn log_file(source: &Source) -> String {
    format!("log-{:016x}.bin", fnv1a(log_name(source).as_bytes()))
}

/// The file of an imported file, by its number.
pub fn imported_file(number: u64) -> String {
    format!("file-{number:016x}.bin")
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A kept copy's bytes read back, if they are one of `name` (any name when none).
pub fn decode(bytes: Vec<u8>, name: Option<&str>) -> Option<(Snapshot, Store)> {
    let (snapshot, store) = Snapshot::decode_owned(bytes).ok()?;
    match name {
        Some(name) if snapshot.name != name => None,
        _ => Some((snapshot, store)),
    }
}

/// The kept log of a source, if there is a readable one.
pub async fn read_log(source: &Source) -> Result<Option<(Snapshot, Store)>, StorageError> {
    let bytes = storage::read(&log_file(source)).await?;
    Ok(bytes.and_then(|bytes| decode(bytes, Some(&log_name(source)))))
}

/// The description of a source's kept copy (its name, when it was saved, what it covers),
/// read from its first bytes; `None` when there is no readable copy of that source.
pub async fn read_description(source: &Source) -> Option<Snapshot> {
    let file = OpenFile::open(&log_file(source)).await.ok()??;
    // The description comes before the strings: a few hundred bytes but for a log kept in
    // thousands of pieces. Never past the first MB (as before): a damaged count of pieces must
    // not make a second visit read a 160 MB file for its first bytes.
    let mut snapshot = None;
    for length in [1 << 12, 1 << 20] {
        let prefix = file.read(0, length).await.ok()?;
        snapshot = Snapshot::describe(&prefix).ok()?;
        if snapshot.is_some() || length >= file.size() {
            break;
        }
    }
    snapshot.filter(|snapshot| snapshot.name == log_name(source))
}

/// What is left to read of a kept log's file after its head: its diff text
/// ([`read_log_rest`]).
pub struct KeptHead {
    file: OpenFile,
    diffs: DiffReader,
    head_length: usize,
}

impl KeptHead {
    /// The kept copy's description (its name, when it was saved, what it covers).
    pub fn snapshot(&self) -> &Snapshot {
        self.diffs.snapshot()
    }
}

/// The kept log of a source without its diffs, read from the first part of its file only (a
/// third of it at a million events), a column at a time with the page free between them:
/// drawn while the rest is read. `None` when there is no readable copy.
pub async fn read_log_head(source: &Source) -> Result<Option<(KeptHead, Store)>, StorageError> {
    let Some(file) = OpenFile::open(&log_file(source)).await? else {
        return Ok(None);
    };
    // The header and the strings first (a megabyte holds them but for a huge catalogue), then
    // the rows' columns, whose length they tell.
    let mut prefix = 1 << 20;
    let (mut reader, at, head_length) = loop {
        let bytes = file.read(0, prefix).await?;
        match (PieceReader::start(&bytes), Snapshot::head_length(&bytes)) {
            (Ok(Some((reader, at))), Ok(Some(head_length))) => break (reader, at, head_length),
            (Ok(None), _) if prefix < file.size() => prefix = prefix.saturating_mul(4),
            _ => return Ok(None),
        }
    };
    if reader.snapshot().name != log_name(source) {
        return Ok(None);
    }
    let failed = std::cell::RefCell::new(None::<StorageError>);
    let read = |from: usize, to: usize| read_part(&file, from, to, &failed);
    let read_all = crate::snapshot_steps::read_rest(&mut reader, at, head_length, read).await;
    if let Some(error) = failed.take() {
        return Err(error);
    }
    if read_all.is_none() {
        return Ok(None);
    }
    Ok(reader.into_head_store().ok().map(|(store, diffs)| {
        let head = KeptHead {
            file,
            diffs,
            head_length,
        };
        (head, store)
    }))
}

/// The rest of a kept log after its head (its diff text), read in steps with the page free
/// between them: the whole log (`head`'s columns copied, with their diffs). `None` when the
/// rest does not read as the head's (the file was written again meanwhile, or is damaged).
pub async fn read_log_rest(kept: KeptHead, head: &Store) -> Option<(Snapshot, Store)> {
    let KeptHead {
        file,
        mut diffs,
        head_length,
    } = kept;
    // A part that cannot be read is most likely of a file written again since the head was
    // read: the whole is then read anew, which tells any other failure.
    let read = |from: usize, to: usize| {
        let file = &file;
        async move { file.read(from, to).await.ok() }
    };
    let size = file.size();
    let read_all = crate::snapshot_steps::read_rest(&mut diffs, head_length, size, read).await;
    read_all.and_then(|_| diffs.finish(head).ok())
}

/// Bytes `from..to` of an open kept file; `None` when reading failed (the error left in
/// `failed`).
async fn read_part(
    file: &OpenFile,
    from: usize,
    to: usize,
    failed: &std::cell::RefCell<Option<StorageError>>,
) -> Option<Vec<u8>> {
    file.read(from, to)
        .await
        .map_err(|error| failed.replace(Some(error)))
        .ok()
}

/// The storage names of the imported files kept, oldest first.
pub async fn imported_names() -> Result<Vec<String>, StorageError> {
    let mut names: Vec<String> = storage::names()
        .await?
        .into_iter()
        .filter(|name| name.starts_with("file-"))
        .collect();
    engine::sorting::sort(&mut names);
    Ok(names)
}

/// The imported files kept, each with its file name in the storage, oldest first.
pub async fn read_imported() -> Result<Vec<(String, Snapshot, Store)>, StorageError> {
    let mut files = Vec::new();
    for name in imported_names().await? {
        match storage::read(&name).await?.and_then(|b| decode(b, None)) {
            Some((snapshot, store)) => files.push((name, snapshot, store)),
            // Unreadable (another format): removed, so that it is not listed as kept.
            None => storage::remove(&name).await?,
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(portal: &str, dataset: &str) -> Source {
        Source {
            portal: portal.into(),
            dataset: dataset.into(),
        }
    }

    #[test]
    fn each_source_has_its_own_file_and_a_copy_of_another_is_refused() {
        let a = source("https://a.example.com", "log");
        let b = source("https://a.example.com", "log2");
        assert_ne!(log_file(&a), log_file(&b));
        assert_eq!(log_file(&a), log_file(&a.clone()));
        assert!(log_file(&a).starts_with("log-") && log_file(&a).len() == 24);
        let snapshot = Snapshot {
            name: log_name(&a),
            ..Snapshot::default()
        };
        let bytes = snapshot.encode(&Store::new());
        assert!(decode(bytes.clone(), Some(&log_name(&a))).is_some());
        assert!(decode(bytes.clone(), Some(&log_name(&b))).is_none());
        assert!(decode(bytes[..10].to_vec(), None).is_none());
    }

    #[test]
    fn fnv1a_matches_its_published_vectors() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
