//! The demo portal's filter cache, as a search engine keeps one: which of the table's rows a
//! `where` part on one text field keeps (a mark's `user_id IN (…)`, an object type's
//! `dataset_id IS NULL`), computed once over the whole table and shared by every request that
//! carries the part, whatever its window: the requests of a round all do. Bounded in bytes;
//! the least recently used go first.

use std::sync::{Arc, Mutex, OnceLock};

/// The rows a part keeps, once computed.
type Cell = Arc<OnceLock<Arc<Vec<bool>>>>;

/// At most this many bytes of kept masks (a mask costs a byte per row of its span).
const BUDGET_BYTES: usize = 256 << 20;

#[derive(Debug, Default)]
pub struct FilterCache {
    /// By the part's text, the most recently used last.
    entries: Mutex<Vec<(String, Cell)>>,
}

impl FilterCache {
    /// The mask, over a table of `rows` rows, of the part written `part`: kept, else
    /// `compute`d (by the first request that needs it; the others that come meanwhile wait).
    pub fn mask(
        &self,
        part: String,
        rows: usize,
        compute: impl FnOnce() -> Vec<bool>,
    ) -> Arc<Vec<bool>> {
        let key = part;
        let cell = match self.entries.lock() {
            Ok(mut entries) => {
                let found = entries.iter().position(|(k, _)| *k == key);
                let cell = match found {
                    Some(at) => entries.remove(at).1,
                    None => Cell::default(),
                };
                entries.push((key, cell.clone()));
                let room = (BUDGET_BYTES / rows.max(1)).max(1);
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
    fn a_mask_is_computed_once_per_part_and_the_budget_drops_the_oldest() {
        let cache = FilterCache::default();
        let computed = std::cell::Cell::new(0);
        let mask = |part: &str| {
            cache.mask(part.to_string(), 3, || {
                computed.set(computed.get() + 1);
                vec![true; 3]
            })
        };
        assert_eq!(*mask("a"), vec![true; 3]);
        mask("a");
        assert_eq!(computed.get(), 1);
        mask("b");
        assert_eq!(computed.get(), 2);
        // Tables so long that only one mask fits: each new one drops the one before.
        cache.mask("c".into(), BUDGET_BYTES, Vec::new);
        cache.mask("d".into(), BUDGET_BYTES, Vec::new);
        mask("b");
        mask("a");
        assert_eq!(computed.get(), 4);
    }
}
