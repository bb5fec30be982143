//! The demo portal's filter cache, as a search engine keeps one: the rows a `where` part on one
//! text field keeps (a mark's `user_id IN (…)`, an object type's `dataset_id IS NULL`), per span
//! of rows, computed once and shared by the requests of a round, which all carry those parts.
//! Bounded in bytes; the least recently used go first.

use std::sync::{Arc, Mutex, OnceLock};

/// The rows of one span (`start..end`) a part keeps, once computed.
type Cell = Arc<OnceLock<Arc<Vec<bool>>>>;

/// A part's text and the span's bounds.
type Key = (String, usize, usize);

/// At most this many bytes of kept masks (a mask costs a byte per row of its span).
const BUDGET_BYTES: usize = 256 << 20;

#[derive(Debug, Default)]
pub struct FilterCache {
    /// By the part's text and the span's bounds, the most recently used last.
    entries: Mutex<Vec<(Key, Cell)>>,
}

impl FilterCache {
    /// The mask of the part written `part` over rows `start..end`: kept, else `compute`d (by
    /// the first request that needs it; the others that come meanwhile wait for it).
    pub fn mask(
        &self,
        part: String,
        (start, end): (usize, usize),
        compute: impl FnOnce() -> Vec<bool>,
    ) -> Arc<Vec<bool>> {
        let key = (part, start, end);
        let cell = match self.entries.lock() {
            Ok(mut entries) => {
                let found = entries.iter().position(|(k, _)| *k == key);
                let cell = match found {
                    Some(at) => entries.remove(at).1,
                    None => Cell::default(),
                };
                entries.push((key, cell.clone()));
                let room = (BUDGET_BYTES / (end - start).max(1)).max(1);
                let extra = entries.len().saturating_sub(room);
                entries.drain(..extra);
                cell
            }
            Err(_) => Cell::default(),
        };
        cell.get_or_init(|| Arc::new(compute())).clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mask_is_computed_once_per_part_and_span_and_the_budget_drops_the_oldest() {
        let cache = FilterCache::default();
        let computed = std::cell::Cell::new(0);
        let mask = |part: &str, bounds| {
            cache.mask(part.to_string(), bounds, || {
                computed.set(computed.get() + 1);
                vec![true; bounds.1 - bounds.0]
            })
        };
        assert_eq!(*mask("a", (0, 3)), vec![true; 3]);
        mask("a", (0, 3));
        assert_eq!(computed.get(), 1);
        mask("a", (1, 3));
        mask("b", (0, 3));
        assert_eq!(computed.get(), 3);
        // Spans so long that only one mask fits: each new one drops the one before.
        let long = BUDGET_BYTES;
        cache.mask("c".into(), (0, long), Vec::new);
        cache.mask("d".into(), (0, long), Vec::new);
        mask("b", (0, 3));
        assert_eq!(computed.get(), 4);
    }
}
