//! The data-table twin of each chart: engine results as header and text cells. Pure, so the
//! numbers a screen-reader user reads are tested natively.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use engine::series::{Bucket, TimeSeries};
use engine::stats::UsersByAction;

use crate::components::TableData;
use crate::i18n::{t, tf};
use crate::labels::{series_label, weekdays};
use crate::numbers::grouped;

/// A bucket's first day as a table cell: `2024-01-08`, a month as `2024-01`.
pub fn bucket_text(date: chrono::NaiveDate, bucket: engine::series::Bucket) -> String {
    match bucket {
        engine::series::Bucket::Month => engine::date_text::month_text(date),
        _ => date.to_string(),
    }
}

/// One row per local day (week, month), a column per visible series, and the row's total.
/// Months without any action at the start and end of the window are left out, and the note
/// says so: a window of decades would otherwise be a table of empty months.
///
/// `previous`, when comparing, is the previous period's total per bucket: a last column.
pub fn actions_over_time(
    series: &TimeSeries,
    hidden: &BTreeSet<String>,
    previous: Option<&[u64]>,
) -> TableData {
    let visible: Vec<_> = series
        .series
        .iter()
        .filter(|s| !hidden.contains(&s.name))
        .collect();
    let mut headers = vec![crate::charts::actions::bucket_title(series.bucket).to_string()];
    headers.extend(visible.iter().map(|s| series_label(series.mode, &s.name)));
    headers.push(t("table.total").into());
    if previous.is_some() {
        headers.push(t("table.previous_period").into());
    }
    let total_of = |slot: usize| -> u64 { visible.iter().map(|s| u64::from(s.counts[slot])).sum() };
    let slots = 0..series.days.len();
    let shown = if series.bucket != Bucket::Month {
        slots
    } else {
        let first = slots.clone().find(|&slot| total_of(slot) > 0);
        let last = slots.clone().rev().find(|&slot| total_of(slot) > 0);
        match (first, last) {
            (Some(first), Some(last)) => first..last + 1,
            _ => 0..0,
        }
    };
    let note = empty_ends_note(series, &shown);
    let rows = shown
        .map(|slot| {
            let mut row = vec![bucket_text(series.days[slot], series.bucket)];
            row.extend(visible.iter().map(|s| grouped(u64::from(s.counts[slot]))));
            row.push(grouped(total_of(slot)));
            if let Some(previous) = previous {
                row.push(previous.get(slot).map(|&n| grouped(n)).unwrap_or_default());
            }
            row
        })
        .collect();
    TableData {
        headers,
        rows,
        note,
    }
}

/// Each type (or action) with its actions in this period and the previous one, and the change.
pub fn comparison(rows: &[engine::compare::CompareRow], mode: engine::SeriesMode) -> TableData {
    let first = match mode {
        engine::SeriesMode::ObjectType => t("table.type"),
        engine::SeriesMode::Action => t("table.action"),
    };
    TableData {
        headers: vec![
            first.into(),
            t("table.this_period").into(),
            t("table.previous_period").into(),
            t("table.change").into(),
        ],
        rows: rows
            .iter()
            .map(|row| {
                vec![
                    series_label(mode, &row.name),
                    grouped(row.current),
                    grouped(row.previous),
                    crate::components::kpis::change_text(
                        row.current as f64,
                        row.previous as f64,
                        0,
                    ),
                ]
            })
            .collect(),
        note: None,
    }
}

/// What the table of buckets `shown` leaves out at either end, in words.
fn empty_ends_note(series: &TimeSeries, shown: &std::ops::Range<usize>) -> Option<String> {
    let (Some(first), Some(last)) = (series.days.first(), series.days.last()) else {
        return None;
    };
    let text = |date: NaiveDate| bucket_text(date, series.bucket);
    let span = |from: NaiveDate, to: NaiveDate| match from == to {
        true => text(from),
        false => tf("table.range", &[("from", &text(from)), ("to", &text(to))]),
    };
    let before = (shown.start > 0).then(|| span(*first, series.days[shown.start - 1]));
    let after = (shown.end < series.days.len()).then(|| span(series.days[shown.end], *last));
    match (before, after) {
        _ if shown.is_empty() => Some(t("table.no_actions").into()),
        (Some(before), Some(after)) => Some(tf(
            "table.empty_months_two",
            &[("before", &before), ("after", &after)],
        )),
        (Some(one), None) | (None, Some(one)) => {
            Some(tf("table.empty_months_one", &[("months", &one)]))
        }
        (None, None) => None,
    }
}

/// Monday … Sunday with the count.
pub fn weekday(counts: &[u64; 7]) -> TableData {
    TableData {
        headers: vec![t("chart.weekday").into(), t("chart.actions").into()],
        rows: weekdays()
            .iter()
            .zip(counts)
            .map(|(day, count)| vec![day.to_string(), grouped(*count)])
            .collect(),
        note: None,
    }
}

/// A name and its count per row.
pub fn counts(first_header: &str, counts: &[(String, u64)]) -> TableData {
    TableData {
        headers: vec![first_header.to_string(), t("chart.actions").into()],
        rows: counts
            .iter()
            .map(|(name, count)| vec![name.clone(), grouped(*count)])
            .collect(),
        note: None,
    }
}

/// One row per user, a column per action, and the user's total.
pub fn users_by_action(data: &UsersByAction) -> TableData {
    let mut headers = vec![t("chart.user").to_string()];
    headers.extend(data.actions.iter().cloned());
    headers.push(t("table.total").into());
    let rows = data
        .users
        .iter()
        .zip(&data.counts)
        .map(|(user, counts)| {
            let mut row = vec![user.clone()];
            row.extend(counts.iter().map(|&c| grouped(c)));
            row.push(grouped(counts.iter().sum::<u64>()));
            row
        })
        .collect();
    TableData {
        headers,
        rows,
        note: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::series::Series;
    use engine::SeriesMode;

    #[test]
    fn actions_table_has_a_row_per_day_and_a_column_per_visible_series() {
        let day = |d| NaiveDate::from_ymd_opt(2024, 1, d).unwrap();
        let mut series = TimeSeries {
            mode: SeriesMode::ObjectType,
            bucket: engine::series::Bucket::Day,
            days: vec![day(1), day(2)],
            series: vec![
                Series {
                    name: "dataset".into(),
                    counts: vec![2, 0],
                    total: 2,
                },
                Series {
                    name: "page".into(),
                    counts: vec![1, 3],
                    total: 4,
                },
            ],
        };
        let table = actions_over_time(&series, &BTreeSet::new(), None);
        assert_eq!(table.headers, ["Day", "Datasets", "Pages", "Total"]);
        assert_eq!(
            table.rows,
            [["2024-01-01", "2", "1", "3"], ["2024-01-02", "0", "3", "3"]]
        );
        let hidden = actions_over_time(&series, &BTreeSet::from(["page".to_string()]), None);
        assert_eq!(hidden.headers, ["Day", "Datasets", "Total"]);
        assert_eq!(hidden.rows[1], ["2024-01-02", "0", "0"]);

        series.bucket = engine::series::Bucket::Month;
        series.series[1].counts = vec![1, 3000];
        let monthly = actions_over_time(&series, &BTreeSet::new(), None);
        assert_eq!(monthly.headers[0], "Month");
        assert_eq!(monthly.rows[1], ["2024-01", "0", "3,000", "3,000"]);
        assert_eq!(monthly.note, None);
    }

    #[test]
    fn empty_months_at_either_end_are_left_out_and_said() {
        let month = |m| NaiveDate::from_ymd_opt(2024, m, 1).unwrap();
        let series = TimeSeries {
            mode: SeriesMode::ObjectType,
            bucket: engine::series::Bucket::Month,
            days: (1..=6).map(month).collect(),
            series: vec![Series {
                name: "page".into(),
                counts: vec![0, 0, 4, 0, 1, 0],
                total: 5,
            }],
        };
        let table = actions_over_time(&series, &BTreeSet::new(), Some(&[9, 8, 7, 6, 5, 4]));
        let months: Vec<_> = table.rows.iter().map(|row| row[0].as_str()).collect();
        assert_eq!(months, ["2024-03", "2024-04", "2024-05"]);
        // The previous period's column follows the same months.
        assert_eq!(table.headers.last().unwrap(), "Previous period");
        assert_eq!(table.rows[0].last().unwrap(), "7");
        assert_eq!(
            table.note.as_deref(),
            Some("Months without any action are left out: 2024-01 to 2024-02 and 2024-06.")
        );
        let none = actions_over_time(&series, &BTreeSet::from(["page".to_string()]), None);
        assert!(none.rows.is_empty());
        assert_eq!(none.note.as_deref(), Some("No actions in the window."));
    }

    #[test]
    fn comparison_table() {
        let rows = [
            engine::compare::CompareRow {
                name: "dataset".into(),
                current: 12,
                previous: 10,
            },
            engine::compare::CompareRow {
                name: "page".into(),
                current: 0,
                previous: 4,
            },
        ];
        let table = comparison(&rows, SeriesMode::ObjectType);
        assert_eq!(
            table.headers,
            ["Type", "This period", "Previous period", "Change"]
        );
        assert_eq!(table.rows[0], ["Datasets", "12", "10", "+2 (+20%)"]);
        assert_eq!(table.rows[1], ["Pages", "0", "4", "−4 (−100%)"]);
    }

    #[test]
    fn weekday_and_stacked_tables() {
        let table = weekday(&[1, 2, 3, 4, 5, 6, 7]);
        assert_eq!(table.rows[0], ["Monday", "1"]);
        assert_eq!(table.rows[6], ["Sunday", "7"]);
        let data = UsersByAction {
            users: vec!["ann".into()],
            actions: vec!["edit".into(), "add".into()],
            counts: vec![vec![3, 1]],
        };
        let table = users_by_action(&data);
        assert_eq!(table.headers, ["User", "edit", "add", "Total"]);
        assert_eq!(table.rows, [["ann", "3", "1", "4"]]);
    }
}
