//! The words the app shows for the engine's values: object types, weekdays, series names and
//! skipped records. The engine holds none (it has names, numbers and reasons only).

use engine::{ObjectType, ParseReport, SeriesMode, SkipReason};

/// Days of the week, Monday first, as the engine numbers them (0 = Monday).
pub const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

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
        ObjectType::Dataset => ("Dataset", "Datasets"),
        ObjectType::Page => ("Page", "Pages"),
        ObjectType::Map => ("Map", "Maps"),
        ObjectType::Group => ("Group", "Groups"),
        ObjectType::Reuse => ("Reuse", "Reuses"),
        ObjectType::User => ("User", "Users"),
        ObjectType::Workspace => ("Workspace", "Workspaces"),
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
        SkipReason::InvalidJson => "not valid JSON",
        SkipReason::NotARecord => "not a record of the activity log",
        SkipReason::NoTimestamp => "no timestamp",
        SkipReason::BadTimestamp => "timestamp not a date and time",
        SkipReason::NoAction => "no action",
        SkipReason::InvalidCsv => "not a readable CSV row",
        SkipReason::TooLarge => "larger than 4 MB, too large for a record",
    }
}

/// One sentence per reason, e.g. "312 records skipped: no timestamp".
pub fn skipped_sentences(report: &ParseReport) -> Vec<String> {
    report
        .skipped
        .iter()
        .map(|(reason, count)| {
            let noun = if *count == 1 { "record" } else { "records" };
            format!("{count} {noun} skipped: {}", skip_reason(*reason))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
