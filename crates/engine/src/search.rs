//! The source-data view: rows newest first, and text found ignoring case (the search itself,
//! with its qualifiers, is `log_search`).

use crate::store::Store;

/// Row ids sorted newest first; ties keep store order.
pub fn newest_first(store: &Store, rows: &[u32]) -> Vec<u32> {
    let timestamps = store.timestamps();
    let mut sorted = rows.to_vec();
    sorted.sort_by_key(|&row| std::cmp::Reverse(timestamps[row as usize]));
    sorted
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
}
