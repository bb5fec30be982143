//! The data-table twin of each chart: engine results as header and text cells. Pure, so the
//! numbers a screen-reader user reads are tested natively.

use std::collections::BTreeSet;

use engine::series::TimeSeries;
use engine::stats::UsersByAction;

use crate::components::TableData;
use crate::labels::{series_label, WEEKDAYS};

/// One row per local day, a column per visible series, and the day's total.
pub fn actions_over_time(series: &TimeSeries, hidden: &BTreeSet<String>) -> TableData {
    let visible: Vec<_> = series
        .series
        .iter()
        .filter(|s| !hidden.contains(&s.name))
        .collect();
    let mut headers = vec!["Day".to_string()];
    headers.extend(visible.iter().map(|s| series_label(series.mode, &s.name)));
    headers.push("Total".into());
    let rows = series
        .days
        .iter()
        .enumerate()
        .map(|(day, date)| {
            let mut row = vec![date.to_string()];
            row.extend(visible.iter().map(|s| s.counts[day].to_string()));
            let total: u64 = visible.iter().map(|s| u64::from(s.counts[day])).sum();
            row.push(total.to_string());
            row
        })
        .collect();
    TableData { headers, rows }
}

/// Monday … Sunday with the count.
pub fn weekday(counts: &[u64; 7]) -> TableData {
    TableData {
        headers: vec!["Day of the week".into(), "Actions".into()],
        rows: WEEKDAYS
            .iter()
            .zip(counts)
            .map(|(day, count)| vec![day.to_string(), count.to_string()])
            .collect(),
    }
}

/// A name and its count per row.
pub fn counts(first_header: &str, counts: &[(String, u64)]) -> TableData {
    TableData {
        headers: vec![first_header.to_string(), "Actions".into()],
        rows: counts
            .iter()
            .map(|(name, count)| vec![name.clone(), count.to_string()])
            .collect(),
    }
}

/// One row per user, a column per action, and the user's total.
pub fn users_by_action(data: &UsersByAction) -> TableData {
    let mut headers = vec!["User".to_string()];
    headers.extend(data.actions.iter().cloned());
    headers.push("Total".into());
    let rows = data
        .users
        .iter()
        .zip(&data.counts)
        .map(|(user, counts)| {
            let mut row = vec![user.clone()];
            row.extend(counts.iter().map(u64::to_string));
            row.push(counts.iter().sum::<u64>().to_string());
            row
        })
        .collect();
    TableData { headers, rows }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use engine::series::Series;
    use engine::SeriesMode;

    #[test]
    fn actions_table_has_a_row_per_day_and_a_column_per_visible_series() {
        let day = |d| NaiveDate::from_ymd_opt(2024, 1, d).unwrap();
        let series = TimeSeries {
            mode: SeriesMode::ObjectType,
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
        let table = actions_over_time(&series, &BTreeSet::new());
        assert_eq!(table.headers, ["Day", "Datasets", "Pages", "Total"]);
        assert_eq!(
            table.rows,
            [["2024-01-01", "2", "1", "3"], ["2024-01-02", "0", "3", "3"]]
        );
        let hidden = actions_over_time(&series, &BTreeSet::from(["page".to_string()]));
        assert_eq!(hidden.headers, ["Day", "Datasets", "Total"]);
        assert_eq!(hidden.rows[1], ["2024-01-02", "0", "0"]);
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
