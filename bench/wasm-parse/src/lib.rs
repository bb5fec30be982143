//! The loader worker's parse without the browser: an export's bytes, fed to the engine's reader
//! in 64 kB chunks as a stream brings them, into a store.

use records::parse::JsonArrayReader;
use records::Store;

/// Room for `len` bytes in the module's memory, for the caller to fill.
#[no_mangle]
pub extern "C" fn alloc(len: usize) -> *mut u8 {
    let mut bytes = Vec::<u8>::with_capacity(len);
    let at = bytes.as_mut_ptr();
    std::mem::forget(bytes);
    at
}

/// Parses the `len` bytes at `at` in chunks of `chunk` bytes; the records kept.
///
/// # Safety
/// `at..at + len` must be memory `alloc` gave, filled by the caller.
#[no_mangle]
pub unsafe extern "C" fn parse(at: *const u8, len: usize, chunk: usize) -> u32 {
    let body = unsafe { std::slice::from_raw_parts(at, len) };
    let mut store = Store::new();
    let mut reader = JsonArrayReader::new();
    for part in body.chunks(chunk.max(1)) {
        if reader.feed(part, &mut store).is_err() {
            return 0;
        }
    }
    store.len() as u32
}
