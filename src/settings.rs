//! Settings kept on this device (localStorage, under the app's prefix, so that "Clear local
//! data" removes them): the number of events past which the portal computes the figures.

use crate::state::mode::DEFAULT_THRESHOLD;

const THRESHOLD_KEY: &str = "backoffice-analytics.agg-threshold";

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Past how many events in the window the portal computes the figures: the saved setting, else
/// [`DEFAULT_THRESHOLD`].
pub fn aggregation_threshold() -> usize {
    local_storage()
        .and_then(|storage| storage.get_item(THRESHOLD_KEY).ok().flatten())
        .and_then(|text| parse_threshold(&text))
        .unwrap_or(DEFAULT_THRESHOLD)
}

/// Saves the threshold; none goes back to the default.
pub fn set_aggregation_threshold(threshold: Option<usize>) {
    let Some(storage) = local_storage() else {
        return;
    };
    let _ = match threshold {
        Some(value) => storage.set_item(THRESHOLD_KEY, &value.to_string()),
        None => storage.remove_item(THRESHOLD_KEY),
    };
}

/// A threshold as typed: a whole number of events, spaces and separators allowed ("300 000").
pub fn parse_threshold(text: &str) -> Option<usize> {
    let digits: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | ',' | '.' | '\u{202f}' | '\u{a0}' | '_'))
        .collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_threshold_reads_with_or_without_separators() {
        assert_eq!(parse_threshold("300000"), Some(300_000));
        assert_eq!(parse_threshold("300 000"), Some(300_000));
        assert_eq!(parse_threshold("1,000,000"), Some(1_000_000));
        assert_eq!(parse_threshold(""), None);
        assert_eq!(parse_threshold("-5"), None);
        assert_eq!(parse_threshold("lots"), None);
    }
}
