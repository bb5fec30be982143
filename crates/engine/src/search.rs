//! The source-data view: rows newest first, and a case-insensitive search over every field.

use crate::record::TextField;
use crate::store::Store;

/// Row ids sorted newest first; ties keep store order.
pub fn newest_first(store: &Store, rows: &[u32]) -> Vec<u32> {
    let timestamps = store.timestamps();
    let mut sorted = rows.to_vec();
    sorted.sort_by_key(|&row| std::cmp::Reverse(timestamps[row as usize]));
    sorted
}

/// The rows (kept in their order) where some text field or the diff contains `query`, ignoring
/// case. An empty or blank query keeps every row.
pub fn search(store: &Store, rows: &[u32], query: &str) -> Vec<u32> {
    let needle = query.trim().to_lowercase();
    if needle.is_empty() {
        return rows.to_vec();
    }
    // Test each distinct string once, then rows are id lookups.
    let matching: Vec<bool> = store
        .strings()
        .iter()
        .map(|(_, value)| value.to_lowercase().contains(&needle))
        .collect();
    rows.iter()
        .copied()
        .filter(|&row| {
            let row = row as usize;
            TextField::ALL
                .iter()
                .any(|&field| matching[store.id(row, field) as usize])
                || contains_ignoring_case(store.diff(row), &needle)
        })
        .collect()
}

/// Whether `haystack` contains `needle` (already lowercase), ignoring case. An ASCII needle —
/// the usual case — is compared in place, without lowercasing a copy of every diff on every
/// keystroke.
pub(crate) fn contains_ignoring_case(haystack: &str, needle: &str) -> bool {
    if !needle.is_ascii() {
        return haystack.to_lowercase().contains(needle);
    }
    let needle = needle.as_bytes();
    let Some(&first) = needle.first() else {
        return true;
    };
    let bytes = haystack.as_bytes();
    (0..bytes.len().saturating_sub(needle.len() - 1)).any(|start| {
        bytes[start].to_ascii_lowercase() == first
            && bytes[start..start + needle.len()].eq_ignore_ascii_case(needle)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Record;

    fn record(at: &str, user: &str, diff: Option<&str>) -> Record {
        Record {
            timestamp: at.parse().unwrap(),
            user_id: user.into(),
            action: "edit_page".into(),
            diff: diff.map(Into::into),
            ..Record::default()
        }
    }

    #[test]
    fn case_is_ignored_with_and_without_ascii() {
        assert!(contains_ignoring_case("{\"Title\": 1}", "title"));
        assert!(contains_ignoring_case("abc", "abc"));
        assert!(!contains_ignoring_case("ab", "abc"));
        assert!(contains_ignoring_case("Données ÉTÉ", "été"));
        assert!(!contains_ignoring_case("Données", "été"));
        assert!(contains_ignoring_case("x", ""));
    }

    #[test]
    fn newest_first_sorts_by_time_descending() {
        let store = Store::from_records(&[
            record("2024-01-02T00:00:00Z", "a", None),
            record("2024-01-03T00:00:00Z", "b", None),
            record("2024-01-01T00:00:00Z", "c", None),
        ]);
        assert_eq!(newest_first(&store, &[0, 1, 2]), vec![1, 0, 2]);
    }

    #[test]
    fn search_looks_in_every_field_and_the_diff_ignoring_case() {
        let store = Store::from_records(&[
            record("2024-01-02T00:00:00Z", "Alice", None),
            record("2024-01-03T00:00:00Z", "bob", Some("{\"title\": \"Élan\"}")),
            record("2024-01-01T00:00:00Z", "carol", None),
        ]);
        let all = [0, 1, 2];
        assert_eq!(search(&store, &all, "ALI"), vec![0]);
        assert_eq!(search(&store, &all, "élan"), vec![1]);
        assert_eq!(search(&store, &all, "edit_page"), vec![0, 1, 2]);
        assert_eq!(search(&store, &all, "  "), vec![0, 1, 2]);
        assert!(search(&store, &all, "zzz").is_empty());
    }
}
