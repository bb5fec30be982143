//! A stable sort that every list shares: the positions are sorted, then the items moved.
//!
//! Each `slice::sort_by` call with its own item type and closure compiles its own copy of the
//! standard library's sort (about 3 kB of wasm each, 19 copies in the app once). Lists of tens to
//! thousands of lines, sorted once per click or less, go through [`sort_by`] instead: the one sort
//! underneath is compiled once, for positions and a comparison behind a reference, and each item
//! type adds only the few instructions that move its items into place. Hot paths over rows (a
//! million at a time) and the lists of objects and users sorted at every click
//! ([`crate::stats::sort_by_column`]) keep the standard sort.

use std::cmp::Ordering;

/// Sorts `items` by `compare`, stably: items that compare equal keep their order.
pub fn sort_by<T>(items: &mut [T], compare: impl Fn(&T, &T) -> Ordering) {
    let mut positions: Vec<usize> = (0..items.len()).collect();
    {
        let items = &*items;
        let by_position = |a: usize, b: usize| match (items.get(a), items.get(b)) {
            (Some(a), Some(b)) => compare(a, b),
            _ => Ordering::Equal,
        };
        sort_positions(&mut positions, &by_position);
    }
    move_into_place(items, &mut positions);
}

/// Sorts `items` in their own order, stably.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// Sorts `items` by the key `key` gives, stably.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// The one instantiation of the standard sort: positions, by a comparison behind a reference.
fn sort_positions(positions: &mut [usize], compare: &dyn Fn(usize, usize) -> Ordering) {
    positions.sort_by(|&a, &b| compare(a, b));
}

/// Moves `items` so that the item at `i` is the one that was at `sources[i]`, following each
/// cycle of the permutation with swaps (no copy of the items, no `Clone`). `sources` is used up:
/// each settled place is marked as its own source.
fn move_into_place<T>(items: &mut [T], sources: &mut [usize]) {
    for start in 0..sources.len() {
        let mut place = start;
        while let Some(source) = sources.get_mut(place) {
            let from = *source;
            *source = place;
            if from == start || from == place {
                break;
            }
            items.swap(place, from);
            place = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// By hand: ties keep their order, the rest comes out by key.
    #[test]
    fn sorts_by_key_keeping_ties_in_order() {
        let mut lines = [("b", 2), ("a", 1), ("c", 2), ("d", 0), ("e", 1)];
        sort_by_key(&mut lines, |line| line.1);
        assert_eq!(
            lines,
            [("d", 0), ("a", 1), ("e", 1), ("b", 2), ("c", 2)],
            "ties in their first order"
        );
        sort_by(&mut lines, |a, b| b.1.cmp(&a.1));
        assert_eq!(lines, [("b", 2), ("c", 2), ("a", 1), ("e", 1), ("d", 0)]);
        let mut words = ["pear", "fig", "apple", "fig"];
        sort(&mut words);
        assert_eq!(words, ["apple", "fig", "fig", "pear"]);
    }

    /// Items that are neither `Copy` nor `Clone` are moved, not copied.
    #[test]
    fn moves_owned_items() {
        struct Owned(String);
        let mut items: Vec<Owned> = ["pear", "apple", "fig"]
            .into_iter()
            .map(|s| Owned(s.to_string()))
            .collect();
        sort_by(&mut items, |a, b| a.0.cmp(&b.0));
        let names: Vec<&str> = items.iter().map(|o| o.0.as_str()).collect();
        assert_eq!(names, ["apple", "fig", "pear"]);
    }

    proptest! {
        /// Against the standard library's stable sort: same order, ties included (the second
        /// field tells equal keys apart, so a tie put out of order shows).
        #[test]
        fn agrees_with_the_standard_stable_sort(keys in prop::collection::vec(0u8..6, 0..300)) {
            let items: Vec<(u8, usize)> = keys.into_iter().enumerate().map(|(i, k)| (k, i)).collect();
            let mut ours = items.clone();
            sort_by_key(&mut ours, |item| item.0);
            let mut standard = items;
            standard.sort_by_key(|item| item.0);
            prop_assert_eq!(ours, standard);
        }
    }
}
