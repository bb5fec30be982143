//! The view's state as it lives in the URL query, parsed and validated in one place.
//!
//! Public names (a contract: links rely on them; README lists what each means): `portal`,
//! `dataset`, `source`, `from`, `to`, `tz`, `ws`, `by`, `hide`, `compare`, `lang`, `live`, which hold
//! across views, and each view's own `q`, `type`, `sort`, `page`.

use std::collections::BTreeSet;

use engine::calendar::{WindowError, Zone};
use engine::{DateWindow, MarkKind, Marks, SeriesMode, ViewFilter};

use crate::api::{Source, DEFAULT_DATASET};
use crate::i18n::tf;

/// The date window and zone of the view, with what had to be corrected in the link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ViewQuery {
    pub window: DateWindow,
    pub zone: Zone,
    /// Sentences for the user about values of the link that were not usable.
    pub notices: Vec<String>,
}

/// Reads `from`, `to` and `tz`; falls back to the browser's zone and the last 14 days (in that
/// zone, at `now_ms`) for what is missing or invalid, and says so.
pub fn view_query(
    from: Option<&str>,
    to: Option<&str>,
    tz: Option<&str>,
    browser_zone: &str,
    now_ms: i64,
) -> ViewQuery {
    let mut notices = Vec::new();
    let fallback_zone = browser_zone.parse().unwrap_or(Zone::UTC);
    let zone = match tz.filter(|tz| !tz.is_empty()) {
        None => fallback_zone,
        Some(name) => name
            .parse()
            .unwrap_or_else(|error: engine::calendar::UnknownZone| {
                notices.push(tf(
                    "notice.unknown_zone",
                    &[("zone", &error.0), ("fallback", fallback_zone.name())],
                ));
                fallback_zone
            }),
    };
    let default = DateWindow::default_for(zone.today(now_ms));
    let window = match (from.filter(|f| !f.is_empty()), to.filter(|t| !t.is_empty())) {
        (None, None) => default,
        (from, to) => {
            let from = from
                .map(str::to_string)
                .unwrap_or_else(|| default.from.to_string());
            let to = to
                .map(str::to_string)
                .unwrap_or_else(|| default.to.to_string());
            DateWindow::parse(&from, &to).unwrap_or_else(|error| {
                let reason = match error {
                    WindowError::NotADate(text) => tf("notice.not_a_date", &[("text", &text)]),
                    WindowError::Reversed { from, to } => tf(
                        "notice.reversed",
                        &[("from", &from.to_string()), ("to", &to.to_string())],
                    ),
                };
                notices.push(tf("notice.bad_dates", &[("reason", &reason)]));
                default
            })
        }
    };
    let (window, bounded) = window.bounded();
    if bounded {
        notices.push(tf(
            "notice.bounded",
            &[
                ("from", &window.from.to_string()),
                ("to", &window.to.to_string()),
            ],
        ));
    }
    ViewQuery {
        window,
        zone,
        notices,
    }
}

/// The source named by `portal` and `dataset`, defaulting to the page's own origin (the demo
/// portal serves the app) and the demo's dataset.
pub fn source(portal: Option<&str>, dataset: Option<&str>, origin: &str) -> Source {
    let portal = portal
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .unwrap_or(origin)
        .trim_end_matches('/')
        .to_string();
    let dataset = dataset
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .unwrap_or(DEFAULT_DATASET)
        .to_string();
    Source { portal, dataset }
}

/// A query string (`?a=1&b=2`, or empty) from `current` pairs with `changes` applied: each
/// changed name takes the given values (none removes it). Unchanged names keep their order;
/// changed ones are appended.
pub fn with_changes(current: &[(String, String)], changes: &[(&str, Vec<String>)]) -> String {
    let mut pairs: Vec<(String, String)> = current
        .iter()
        .filter(|(name, _)| !changes.iter().any(|(changed, _)| changed == name))
        .cloned()
        .collect();
    for (name, values) in changes {
        pairs.extend(values.iter().map(|value| (name.to_string(), value.clone())));
    }
    encode_pairs(&pairs)
}

/// `?a=1&b=2` (form encoding), or an empty string for no pairs.
pub fn encode_pairs(pairs: &[(String, String)]) -> String {
    if pairs.is_empty() {
        return String::new();
    }
    let query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    format!("?{query}")
}

/// Names that hold across routes: the source, the window, the zone and the dashboard's filters.
/// Route-specific names (`q`, `page`, `type`, `sort`) are dropped when going to another view.
pub const GLOBAL_NAMES: [&str; 18] = [
    "portal", "dataset", "source", "from", "to", "tz", "ws", "by", "hide", "compare", "lang",
    "live", "agg", "day", "weekday", "hour", "action", "user",
];

/// `live=1`: the new events are asked for every minute (any other value is off).
pub fn is_live(pairs: &[(String, String)]) -> bool {
    first(pairs, "live") == Some("1")
}

/// The language: the URL's `lang` (`fr`, `en`), else the browser's (French for any French).
pub fn language(pairs: &[(String, String)], browser_language: &str) -> crate::i18n::Lang {
    first(pairs, "lang")
        .and_then(crate::i18n::Lang::from_code)
        .unwrap_or_else(|| crate::i18n::Lang::from_browser(browser_language))
}

/// `compare=previous`: the dashboard compares the window with the previous period (any other
/// value is no comparison).
pub fn compares_with_previous(pairs: &[(String, String)]) -> bool {
    first(pairs, "compare") == Some("previous")
}

/// What the URL's `agg` asks: where the figures are computed (`state::mode` decides).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Choice {
    /// Decided by the window's count of events.
    #[default]
    Auto,
    Portal,
    Browser,
}

/// `agg=portal` or `agg=browser`: where the figures are computed (anything else: decided by
/// the window's count of events).
pub fn aggregation_choice(pairs: &[(String, String)]) -> Choice {
    match first(pairs, "agg") {
        Some("portal") => Choice::Portal,
        Some("browser") => Choice::Browser,
        _ => Choice::Auto,
    }
}

/// The query string keeping only the global names.
pub fn global_query(current: &[(String, String)]) -> String {
    let kept: Vec<(String, String)> = current
        .iter()
        .filter(|(name, _)| GLOBAL_NAMES.contains(&name.as_str()))
        .cloned()
        .collect();
    encode_pairs(&kept)
}

/// The first value of a name.
pub fn first<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, value)| value.as_str())
}

/// Every value of a name.
pub fn all<'a>(pairs: &'a [(String, String)], name: &str) -> Vec<&'a str> {
    pairs
        .iter()
        .filter(|(n, _)| n == name)
        .map(|(_, value)| value.as_str())
        .collect()
}

/// The dashboard's series filters: `by=action` switches series to action names; each `hide`
/// names a hidden series; `ws` keeps one workspace.
pub fn view_filter(pairs: &[(String, String)], window: DateWindow) -> ViewFilter {
    let mode = match first(pairs, "by") {
        Some("action") => SeriesMode::Action,
        _ => SeriesMode::ObjectType,
    };
    ViewFilter {
        window,
        workspace: first(pairs, "ws")
            .filter(|ws| !ws.is_empty())
            .map(str::to_string),
        mode,
        hidden: all(pairs, "hide")
            .into_iter()
            .filter(|name| !name.is_empty())
            .map(str::to_string)
            .collect::<BTreeSet<_>>(),
        marks: marks(pairs),
    }
}

/// The marks picked on the figures (`day`, `weekday`, `hour`, `action`, `user`, each repeated):
/// a value that cannot be read is left out (a link is untrusted; at most 64 values a kind).
pub fn marks(pairs: &[(String, String)]) -> Marks {
    let mut marks = Marks::default();
    for kind in MarkKind::ALL {
        for value in all(pairs, kind.name()).into_iter().take(MARKS_PER_KIND) {
            let _ = marks.add(kind, value);
        }
    }
    marks
}

/// The values of `name` after a click on the mark `value`: removed when in force, else added.
pub fn toggled(pairs: &[(String, String)], name: &str, value: &str) -> Vec<String> {
    let mut values: Vec<String> = all(pairs, name).into_iter().map(str::to_string).collect();
    match values.iter().position(|v| v == value) {
        Some(at) => {
            values.remove(at);
        }
        None => values.push(value.to_string()),
    }
    values
}

/// The `day` values after a Shift+click on the run `run` (a day, or a week's or a month's
/// days): the last picked run stretched to cover it, or `run` alone when none is picked.
pub fn stretched_days(pairs: &[(String, String)], run: engine::marks::DayRun) -> Vec<String> {
    let mut runs: Vec<engine::marks::DayRun> = all(pairs, "day")
        .into_iter()
        .filter_map(engine::marks::parse_day_run)
        .collect();
    match runs.last_mut() {
        Some(last) => *last = (last.0.min(run.0), last.1.max(run.1)),
        None => runs.push(run),
    }
    runs.into_iter().map(engine::marks::day_run_value).collect()
}

/// How many values of one mark kind a link may set.
const MARKS_PER_KIND: usize = 64;

/// A sort from the URL: a column name, `-` first for descending; `default` when missing or
/// unknown.
pub fn sort_param<T: Copy>(
    text: Option<&str>,
    columns: &[(&str, T)],
    default: (T, bool),
) -> (T, bool) {
    let Some(text) = text else {
        return default;
    };
    let (name, descending) = match text.strip_prefix('-') {
        Some(name) => (name, true),
        None => (text, false),
    };
    columns
        .iter()
        .find(|(column, _)| *column == name)
        .map_or(default, |(_, value)| (*value, descending))
}

/// The pairs of a query string (with or without its leading `?`), decoded.
pub fn parse_pairs(search: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(search.trim_start_matches('?').as_bytes())
        .into_owned()
        .collect()
}

/// A positive page number from the URL, 1 when missing or invalid.
pub fn page_number(text: Option<&str>) -> usize {
    text.and_then(|t| t.parse::<usize>().ok())
        .filter(|&page| page >= 1)
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    // 2024-03-04T23:30:00Z: already the 5th in Paris.
    const NOW: i64 = 1_709_595_000_000;

    #[test]
    fn a_mark_click_adds_or_removes_its_value_and_bad_values_are_dropped() {
        let query = pairs("?weekday=tue&weekday=wed&day=2024-03-26");
        assert_eq!(toggled(&query, "weekday", "tue"), vec!["wed"]);
        assert_eq!(toggled(&query, "weekday", "fri"), vec!["tue", "wed", "fri"]);
        assert_eq!(toggled(&query, "hour", "3"), vec!["3"]);
        let day = |text| engine::calendar::day_of_date(date(text));
        // Shift+click stretches the last run, either way.
        assert_eq!(
            stretched_days(&query, (day("2024-03-28"), day("2024-03-28"))),
            vec!["2024-03-26..2024-03-28"]
        );
        assert_eq!(
            stretched_days(&query, (day("2024-03-20"), day("2024-03-20"))),
            vec!["2024-03-20..2024-03-26"]
        );
        assert_eq!(
            stretched_days(&pairs(""), (day("2024-03-20"), day("2024-03-21"))),
            vec!["2024-03-20..2024-03-21"]
        );
        let marks = marks(&pairs(
            "?weekday=tue&weekday=tuesday&hour=25&hour=0&user=&user=alice",
        ));
        assert_eq!(marks.weekdays, BTreeSet::from([1]));
        assert_eq!(marks.hours, BTreeSet::from([0]));
        assert_eq!(marks.users, BTreeSet::from(["alice".to_string()]));
    }

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn defaults_to_the_last_two_weeks_in_the_browser_zone() {
        let view = view_query(None, None, None, "Europe/Paris", NOW);
        assert_eq!(view.zone.name(), "Europe/Paris");
        assert_eq!(
            view.window,
            DateWindow {
                from: date("2024-02-21"),
                to: date("2024-03-05")
            }
        );
        assert!(view.notices.is_empty());
        let utc = view_query(None, None, Some("UTC"), "Europe/Paris", NOW);
        assert_eq!(utc.window.to, date("2024-03-04"));
    }

    #[test]
    fn keeps_valid_links_and_explains_bad_ones() {
        let view = view_query(
            Some("2024-01-01"),
            Some("2024-01-31"),
            Some("Asia/Tokyo"),
            "UTC",
            NOW,
        );
        assert_eq!(
            view.window,
            DateWindow {
                from: date("2024-01-01"),
                to: date("2024-01-31")
            }
        );
        assert_eq!(view.zone.name(), "Asia/Tokyo");

        let bad = view_query(
            Some("2024-02-01"),
            Some("2024-01-01"),
            Some("Nowhere/Land"),
            "UTC",
            NOW,
        );
        assert_eq!(bad.zone, Zone::UTC);
        assert_eq!(bad.window.day_count(), 14);
        assert_eq!(bad.notices.len(), 2);
        assert!(bad.notices[0].contains("Nowhere/Land"));
    }

    #[test]
    fn a_window_of_ten_thousand_years_is_bounded_and_says_so() {
        let view = view_query(Some("0001-01-01"), Some("9999-12-31"), None, "UTC", NOW);
        assert_eq!(
            view.window,
            DateWindow {
                from: date("1970-01-01"),
                to: date("2100-12-31")
            }
        );
        assert_eq!(view.notices.len(), 1);
        assert!(view.notices[0].contains("showing 1970-01-01 to 2100-12-31"));
    }

    #[test]
    fn a_missing_end_means_today() {
        let view = view_query(Some("2024-03-01"), None, Some("UTC"), "UTC", NOW);
        assert_eq!(
            view.window,
            DateWindow {
                from: date("2024-03-01"),
                to: date("2024-03-04")
            }
        );
    }

    #[test]
    fn source_defaults_to_the_page_origin_and_the_demo_dataset() {
        let source = source(None, Some(" "), "http://127.0.0.1:8080");
        assert_eq!(source.portal, "http://127.0.0.1:8080");
        assert_eq!(source.dataset, DEFAULT_DATASET);
        let named = super::source(Some("https://p.example.com/"), Some("log"), "x");
        assert_eq!(
            (named.portal.as_str(), named.dataset.as_str()),
            ("https://p.example.com", "log")
        );
    }

    #[test]
    fn query_changes_keep_other_names() {
        let current = vec![
            ("portal".to_string(), "https://p.example.com".to_string()),
            ("q".to_string(), "a b".to_string()),
        ];
        assert_eq!(
            with_changes(
                &current,
                &[("from", vec!["2024-01-01".into()]), ("q", vec![])]
            ),
            "?portal=https%3A%2F%2Fp.example.com&from=2024-01-01"
        );
        assert_eq!(with_changes(&[], &[("q", vec![])]), "");
        assert_eq!(
            with_changes(&[], &[("hide", vec!["page".into(), "a,b".into()])]),
            "?hide=page&hide=a%2Cb"
        );
        assert_eq!(
            parse_pairs("?q=a+b&tz=Europe%2FParis"),
            vec![
                ("q".to_string(), "a b".to_string()),
                ("tz".to_string(), "Europe/Paris".to_string())
            ]
        );
    }

    fn pairs(query: &str) -> Vec<(String, String)> {
        parse_pairs(query)
    }

    #[test]
    fn series_filters_come_from_the_url() {
        let window = DateWindow::parse("2024-01-01", "2024-01-02").unwrap();
        let filter = view_filter(
            &pairs("?by=action&hide=edit_page&hide=add+page&ws=sub"),
            window,
        );
        assert_eq!(filter.mode, SeriesMode::Action);
        assert_eq!(filter.workspace.as_deref(), Some("sub"));
        assert_eq!(
            filter.hidden.iter().map(String::as_str).collect::<Vec<_>>(),
            ["add page", "edit_page"]
        );
        let plain = view_filter(&pairs(""), window);
        assert_eq!(
            (plain.mode, plain.workspace, plain.hidden.len()),
            (SeriesMode::ObjectType, None, 0)
        );
    }

    #[test]
    fn links_to_other_views_keep_only_global_names() {
        let current = pairs("?q=x&from=2024-01-01&page=3&hide=page&sort=-users&tz=UTC&live=1");
        assert_eq!(
            global_query(&current),
            "?from=2024-01-01&hide=page&tz=UTC&live=1"
        );
        assert!(is_live(&current));
        assert!(!is_live(&pairs("?live=yes")));
    }

    #[test]
    fn sorts_read_a_column_and_a_direction() {
        let columns = [("actions", 1), ("id", 2)];
        assert_eq!(sort_param(Some("-id"), &columns, (1, true)), (2, true));
        assert_eq!(sort_param(Some("actions"), &columns, (1, true)), (1, false));
        assert_eq!(sort_param(Some("nope"), &columns, (1, true)), (1, true));
        assert_eq!(sort_param(None, &columns, (2, false)), (2, false));
    }

    #[test]
    fn page_numbers_are_positive() {
        assert_eq!(page_number(Some("3")), 3);
        assert_eq!(page_number(Some("0")), 1);
        assert_eq!(page_number(Some("x")), 1);
        assert_eq!(page_number(None), 1);
    }
}

/// Any link's query is read without a panic, into a window within the engine's bounds.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use engine::DateWindow;
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn any_query_gives_a_bounded_view(search in "\\PC{0,120}", from in "\\PC{0,12}", to in "\\PC{0,12}", tz in "\\PC{0,20}") {
            let pairs = parse_pairs(&search);
            let _ = global_query(&pairs);
            let view = view_query(Some(&from), Some(&to), Some(&tz), "Europe/Paris", 1_709_595_000_000);
            prop_assert!(view.window.from >= DateWindow::EARLIEST && view.window.to <= DateWindow::LATEST);
            prop_assert!(view.window.from <= view.window.to);
            let _ = view_filter(&pairs, view.window);
        }

        #[test]
        fn any_date_pair_in_range_is_kept_or_explained(a in 0i32..80_000, b in 0i32..80_000) {
            let day = |n: i32| chrono::NaiveDate::from_num_days_from_ce_opt(n + 1).unwrap_or_default();
            let (from, to) = (day(a), day(b));
            let view = view_query(Some(&from.to_string()), Some(&to.to_string()), Some("UTC"), "UTC", 1_709_595_000_000);
            prop_assert!(view.window.day_count() >= 1);
            prop_assert!(view.window.to <= DateWindow::LATEST);
            let usable = from <= to && from >= DateWindow::EARLIEST && to <= DateWindow::LATEST;
            prop_assert_eq!(view.notices.is_empty(), usable);
            if usable {
                prop_assert_eq!(view.window, DateWindow { from, to });
            }
        }
    }
}
