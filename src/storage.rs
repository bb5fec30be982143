//! Files the app keeps in the browser's origin-private file system (OPFS), in one directory of
//! its own: read, write, list, remove, and clear it all. Any refusal (private browsing, a
//! browser without OPFS, a full disk) is a `StorageError`; the app then works without them.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{FileSystemDirectoryHandle, FileSystemFileHandle, FileSystemWritableFileStream};

/// The app's directory under the origin's root.
const DIRECTORY: &str = "backoffice-analytics";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StorageError {
    /// The browser refused (or has no) storage for this page.
    Refused,
    /// The quota is used up.
    Full,
}

impl StorageError {
    fn from_js(error: &wasm_bindgen::JsValue) -> Self {
        match error.dyn_ref::<web_sys::DomException>().map(|e| e.name()) {
            Some(name) if name == "QuotaExceededError" => StorageError::Full,
            _ => StorageError::Refused,
        }
    }
}

async fn resolve<T: JsCast>(promise: js_sys::Promise) -> Result<T, StorageError> {
    let value = JsFuture::from(promise)
        .await
        .map_err(|error| StorageError::from_js(&error))?;
    value.dyn_into().map_err(|_| StorageError::Refused)
}

async fn root() -> Result<FileSystemDirectoryHandle, StorageError> {
    let window = web_sys::window().ok_or(StorageError::Refused)?;
    let storage = window.navigator().storage();
    // A browser without OPFS has no `getDirectory`: calling it throws, caught here.
    let has_opfs = js_sys::Reflect::has(&storage, &"getDirectory".into()).unwrap_or(false);
    if !has_opfs {
        return Err(StorageError::Refused);
    }
    resolve(storage.get_directory()).await
}

async fn directory() -> Result<FileSystemDirectoryHandle, StorageError> {
    let options = web_sys::FileSystemGetDirectoryOptions::new();
    options.set_create(true);
    resolve(
        root()
            .await?
            .get_directory_handle_with_options(DIRECTORY, &options),
    )
    .await
}

/// A file's bytes; none when there is no such file.
pub async fn read(name: &str) -> Result<Option<Vec<u8>>, StorageError> {
    let Some(file) = stored_file(name).await? else {
        return Ok(None);
    };
    let buffer: js_sys::ArrayBuffer = resolve(file.array_buffer()).await?;
    Ok(Some(js_sys::Uint8Array::new(&buffer).to_vec()))
}

/// A stored file opened for reading in parts (the browser's own snapshot of it: a part read
/// after the file was written again fails rather than mixing two versions).
pub struct OpenFile(web_sys::File);

impl OpenFile {
    /// The file named `name`; `None` when there is no such file.
    pub async fn open(name: &str) -> Result<Option<OpenFile>, StorageError> {
        Ok(stored_file(name).await?.map(OpenFile))
    }

    pub fn size(&self) -> usize {
        self.0.size() as usize
    }

    /// Its bytes `start..end` (fewer where the file is shorter). Reads only that part.
    pub async fn read(&self, start: usize, end: usize) -> Result<Vec<u8>, StorageError> {
        let part = self
            .0
            .slice_with_f64_and_f64(start as f64, end.min(self.size()) as f64)
            .map_err(|error| StorageError::from_js(&error))?;
        let buffer: js_sys::ArrayBuffer = resolve(part.array_buffer()).await?;
        Ok(js_sys::Uint8Array::new(&buffer).to_vec())
    }
}

/// A stored file, to read; none when there is no such file.
async fn stored_file(name: &str) -> Result<Option<web_sys::File>, StorageError> {
    let directory = directory().await?;
    let handle = match JsFuture::from(directory.get_file_handle(name)).await {
        Ok(handle) => handle.unchecked_into::<FileSystemFileHandle>(),
        Err(error) if is_not_found(&error) => return Ok(None),
        Err(error) => return Err(StorageError::from_js(&error)),
    };
    Ok(Some(resolve(handle.get_file()).await?))
}

/// A file held by a writer that has not closed yet.
fn is_locked(error: &wasm_bindgen::JsValue) -> bool {
    error
        .dyn_ref::<web_sys::DomException>()
        .is_some_and(|e| e.name() == "NoModificationAllowedError")
}

fn is_not_found(error: &wasm_bindgen::JsValue) -> bool {
    error
        .dyn_ref::<web_sys::DomException>()
        .is_some_and(|e| e.name() == "NotFoundError")
}

/// The most a piece written at once copies out of the wasm memory: a task of a few ms.
const PIECE_BYTES: usize = 4 << 20;

/// Writes a whole file. The browser swaps it in on close, so a reader never sees half of it.
pub async fn write(name: &str, bytes: &[u8]) -> Result<(), StorageError> {
    write_pieces(name, &[bytes]).await
}

/// Writes a file from several slices, in pieces of at most 4 MB, each copied out of the wasm
/// memory and written before the next: no long task, however big the file.
pub async fn write_pieces(name: &str, parts: &[&[u8]]) -> Result<(), StorageError> {
    let directory = directory().await?;
    let options = web_sys::FileSystemGetFileOptions::new();
    options.set_create(true);
    let handle: FileSystemFileHandle =
        resolve(directory.get_file_handle_with_options(name, &options)).await?;
    // Some browsers write OPFS files only from a worker: no `createWritable` here, and calling
    // it would throw through the wasm.
    if !js_sys::Reflect::has(&handle, &"createWritable".into()).unwrap_or(false) {
        return Err(StorageError::Refused);
    }
    let writable: FileSystemWritableFileStream = resolve(handle.create_writable()).await?;
    for piece in parts.iter().flat_map(|part| part.chunks(PIECE_BYTES)) {
        // A copy, not a view: the wasm memory may grow before the write reads it.
        let copy = js_sys::Uint8Array::from(piece);
        let written = match writable.write_with_js_u8_array(&copy) {
            Ok(promise) => JsFuture::from(promise).await,
            Err(error) => Err(error),
        };
        if let Err(error) = written {
            let _ = JsFuture::from(writable.abort()).await;
            return Err(StorageError::from_js(&error));
        }
    }
    JsFuture::from(writable.close())
        .await
        .map_err(|error| StorageError::from_js(&error))?;
    Ok(())
}

pub async fn remove(name: &str) -> Result<(), StorageError> {
    let directory = directory().await?;
    match JsFuture::from(directory.remove_entry(name)).await {
        Ok(_) => Ok(()),
        Err(error) if is_not_found(&error) => Ok(()),
        Err(error) => Err(StorageError::from_js(&error)),
    }
}

/// The names of the files kept, in no order.
pub async fn names() -> Result<Vec<String>, StorageError> {
    let directory = directory().await?;
    let entries = directory.keys();
    let mut names = Vec::new();
    loop {
        let next = entries
            .next()
            .map_err(|error| StorageError::from_js(&error))?;
        // A plain `{ done, value }` object: not an instance of anything to check.
        let step: js_sys::IteratorNext = JsFuture::from(next)
            .await
            .map_err(|error| StorageError::from_js(&error))?
            .unchecked_into();
        if step.done() {
            return Ok(names);
        }
        if let Some(name) = step.value().as_string() {
            names.push(name);
        }
    }
}

/// Removes the app's directory and everything in it. A file being written is locked until
/// its writer closes: the removal is tried again for a few seconds.
pub async fn clear() -> Result<(), StorageError> {
    let options = web_sys::FileSystemRemoveOptions::new();
    options.set_recursive(true);
    let mut attempts = 0;
    loop {
        match JsFuture::from(root().await?.remove_entry_with_options(DIRECTORY, &options)).await {
            Ok(_) => return Ok(()),
            Err(error) if is_not_found(&error) => return Ok(()),
            Err(error) if attempts < 20 && is_locked(&error) => {
                attempts += 1;
                crate::browser::sleep(250).await;
            }
            Err(error) => return Err(StorageError::from_js(&error)),
        }
    }
}

/// Removes everything the app stored in this browser: its files, and its keys and settings in
/// local and session storage (names that start with `boa.` or `backoffice-analytics.`).
pub async fn clear_all() -> Result<(), StorageError> {
    if let Some(window) = web_sys::window() {
        let storages = [window.local_storage(), window.session_storage()];
        for storage in storages.into_iter().filter_map(|s| s.ok().flatten()) {
            let names: Vec<String> = (0..storage.length().unwrap_or(0))
                .filter_map(|i| storage.key(i).ok().flatten())
                .filter(|name| is_the_apps(name))
                .collect();
            for name in names {
                let _ = storage.remove_item(&name);
            }
        }
    }
    clear().await
}

fn is_the_apps(name: &str) -> bool {
    name.starts_with("boa.") || name.starts_with("backoffice-analytics.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_apps_own_names_are_cleared() {
        assert!(is_the_apps("boa.apikey:https://p.example.com"));
        assert!(is_the_apps("backoffice-analytics.scheme"));
        assert!(!is_the_apps("boat"));
        assert!(!is_the_apps("other-app.scheme"));
    }
}
