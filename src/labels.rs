//! The words the app shows for the engine's values: object types, weekdays, series names and
//! skipped records. The engine holds none (it has names, numbers and reasons only).

use engine::{ObjectType, ParseReport, SeriesMode, SkipReason};

use crate::i18n::{t, tf};

/// Days of the week, Monday first, as the engine numbers them (0 = Monday): "Monday", "lundi".
pub fn weekdays() -> [&'static str; 7] {
    [
        t("weekday.monday"),
        t("weekday.tuesday"),
        t("weekday.wednesday"),
        t("weekday.thursday"),
        t("weekday.friday"),
        t("weekday.saturday"),
        t("weekday.sunday"),
    ]
}

/// Short names of the days of the week, Monday first: "Mon", "lun.".
pub fn weekdays_short() -> [&'static str; 7] {
    [
        t("weekday.short.monday"),
        t("weekday.short.tuesday"),
        t("weekday.short.wednesday"),
        t("weekday.short.thursday"),
        t("weekday.short.friday"),
        t("weekday.short.saturday"),
        t("weekday.short.sunday"),
    ]
}

/// Short names of the months, January first: "Jan", "janv.".
pub fn months_short() -> [&'static str; 12] {
    [
        t("month.short.1"),
        t("month.short.2"),
        t("month.short.3"),
        t("month.short.4"),
        t("month.short.5"),
        t("month.short.6"),
        t("month.short.7"),
        t("month.short.8"),
        t("month.short.9"),
        t("month.short.10"),
        t("month.short.11"),
        t("month.short.12"),
    ]
}

/// A date as a chart's tick: "Nov 15", "15 nov."; with the year: "Nov 15, 2025".
pub fn date_short(date: chrono::NaiveDate, with_year: bool) -> String {
    use chrono::Datelike;
    let month = months_short()[date.month0() as usize];
    let day = format!("{:02}", date.day());
    let year = date.year().to_string();
    let values = [
        ("month", month),
        ("day", day.as_str()),
        ("year", year.as_str()),
    ];
    if with_year {
        tf("date.short_year", &values)
    } else {
        tf("date.short", &values)
    }
}

/// A month: "Nov 2025", "nov. 2025".
pub fn month_year(date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let month = months_short()[date.month0() as usize];
    tf(
        "date.month_year",
        &[("month", month), ("year", &date.year().to_string())],
    )
}

/// A month in full: "November 2024", "novembre 2024".
pub fn month_year_long(date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let months = [
        t("month.long.1"),
        t("month.long.2"),
        t("month.long.3"),
        t("month.long.4"),
        t("month.long.5"),
        t("month.long.6"),
        t("month.long.7"),
        t("month.long.8"),
        t("month.long.9"),
        t("month.long.10"),
        t("month.long.11"),
        t("month.long.12"),
    ];
    let month = months[date.month0() as usize];
    tf(
        "date.month_year",
        &[("month", month), ("year", &date.year().to_string())],
    )
}

/// A day in full: "Fri Nov 15 2024", "ven. 15 nov. 2024".
pub fn date_long(date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let weekday = weekdays_short()[date.weekday().num_days_from_monday() as usize];
    let month = months_short()[date.month0() as usize];
    let day = format!("{:02}", date.day());
    let year = date.year().to_string();
    tf(
        "date.long",
        &[
            ("weekday", weekday),
            ("month", month),
            ("day", &day),
            ("year", &year),
        ],
    )
}

/// One object of a type: "Dataset".
pub fn type_label(kind: ObjectType) -> &'static str {
    type_labels(kind).0
}

/// Objects of a type: "Datasets".
pub fn type_plural(kind: ObjectType) -> &'static str {
    type_labels(kind).1
}

fn type_labels(kind: ObjectType) -> (&'static str, &'static str) {
    match kind {
        ObjectType::Dataset => (t("type.dataset"), t("type.datasets")),
        ObjectType::Page => (t("type.page"), t("type.pages")),
        ObjectType::Map => (t("type.map"), t("type.maps")),
        ObjectType::Group => (t("type.group"), t("type.groups")),
        ObjectType::Reuse => (t("type.reuse"), t("type.reuses")),
        ObjectType::User => (t("type.user"), t("type.users")),
        ObjectType::Workspace => (t("type.workspace"), t("type.workspaces")),
    }
}

/// What a legend, a tooltip or a table header calls a series: "Datasets" for the type
/// `dataset`, an action's own name.
pub fn series_label(mode: SeriesMode, name: &str) -> String {
    match (mode, ObjectType::from_name(name)) {
        (SeriesMode::ObjectType, Some(kind)) => type_plural(kind).to_string(),
        _ => name.to_string(),
    }
}

/// Why a record was skipped, in words.
pub fn skip_reason(reason: SkipReason) -> &'static str {
    match reason {
        SkipReason::InvalidJson => t("skip.invalid_json"),
        SkipReason::NotARecord => t("skip.not_a_record"),
        SkipReason::NoTimestamp => t("skip.no_timestamp"),
        SkipReason::BadTimestamp => t("skip.bad_timestamp"),
        SkipReason::NoAction => t("skip.no_action"),
        SkipReason::InvalidCsv => t("skip.invalid_csv"),
        SkipReason::TooLarge => t("skip.too_large"),
    }
}

/// A failure of a body or a file as a whole, in words.
pub fn parse_error(error: &engine::ParseError) -> String {
    use engine::ParseError;
    match error {
        ParseError::NotAnArray { found } => {
            tf("parse.not_an_array", &[("found", &format!("{found:?}"))])
        }
        ParseError::NotJson { offset } => tf("parse.not_json", &[("offset", &offset.to_string())]),
        ParseError::Truncated { bytes } => tf(
            "parse.truncated",
            &[("size", &crate::numbers::format_bytes(*bytes))],
        ),
        ParseError::TrailingData { offset } => {
            tf("parse.trailing", &[("offset", &offset.to_string())])
        }
        ParseError::Empty => t("parse.empty").into(),
        ParseError::NoKnownColumns { found } => {
            tf("parse.no_columns", &[("found", &format!("{found:?}"))])
        }
    }
}

/// One sentence per reason, e.g. "312 records skipped: no timestamp".
pub fn skipped_sentences(report: &ParseReport) -> Vec<String> {
    report
        .skipped
        .iter()
        .map(|(reason, count)| {
            let count_text = crate::numbers::grouped(*count as u64);
            let values = [
                ("count", count_text.as_str()),
                ("reason", skip_reason(*reason)),
            ];
            if *count == 1 {
                tf("skip.one", &values)
            } else {
                tf("skip.many", &values)
            }
        })
        .collect()
}

/// How long ago `then_ms` was at `now_ms`: "just now", "3 min ago", "2 h ago", "4 days ago".
pub fn ago(now_ms: i64, then_ms: i64) -> String {
    let minutes = (now_ms - then_ms).max(0) / 60_000;
    let count = |n: i64| n.to_string();
    match minutes {
        0 => t("fresh.just_now").to_string(),
        1..=59 => tf("fresh.minutes_ago", &[("count", &count(minutes))]),
        60..=1439 => tf("fresh.hours_ago", &[("count", &count(minutes / 60))]),
        1440..=2879 => t("fresh.yesterday").to_string(),
        _ => tf("fresh.days_ago", &[("count", &count(minutes / 1440))]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ago_rounds_down_to_the_unit() {
        let minute = 60_000;
        assert_eq!(ago(59_999, 0), "just now");
        assert_eq!(ago(3 * minute + 59_000, 0), "3 min ago");
        assert_eq!(ago(60 * minute, 0), "1 h ago");
        assert_eq!(ago(47 * 60 * minute, 0), "yesterday");
        assert_eq!(ago(49 * 60 * minute, 0), "2 days ago");
        assert_eq!(
            ago(0, 5 * minute),
            "just now",
            "a clock set back is not the future"
        );
    }

    #[test]
    fn types_have_a_singular_and_a_plural() {
        assert_eq!(type_label(ObjectType::Dataset), "Dataset");
        assert_eq!(type_plural(ObjectType::Workspace), "Workspaces");
        assert_eq!(series_label(SeriesMode::ObjectType, "dataset"), "Datasets");
        // By action, a series is its action's name, even one that looks like a type.
        assert_eq!(series_label(SeriesMode::Action, "page"), "page");
        assert_eq!(
            series_label(SeriesMode::Action, "edit_dataset"),
            "edit_dataset"
        );
    }

    #[test]
    fn skipped_records_are_counted_in_a_sentence_per_reason() {
        let mut report = ParseReport::default();
        report.skipped.insert(SkipReason::NoTimestamp, 1);
        report.skipped.insert(SkipReason::InvalidJson, 312);
        assert_eq!(
            skipped_sentences(&report),
            [
                "312 records skipped: not valid JSON",
                "1 record skipped: no timestamp"
            ]
        );
    }
}
