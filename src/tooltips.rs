//! The text of each chart's tooltip, for the bar under the pointer or the arrow keys. Pure, so
//! what a keyboard user reads is tested natively.

use std::collections::BTreeSet;

use engine::series::{Bucket, TimeSeries};
use engine::stats::UsersByAction;

use crate::i18n::tf;
use crate::labels::{series_label, weekdays};
use crate::numbers::grouped;

/// "Fri Nov 15 2024: 230 actions — Datasets 150, Pages 40": one bar (day, week, month) of an
/// Actions chart, hidden series left out.
pub fn day(series: &TimeSeries, hidden: &BTreeSet<String>, day: usize) -> Option<String> {
    let date = series.days.get(day)?;
    let shown = || series.series.iter().filter(|s| !hidden.contains(&s.name));
    let parts: Vec<String> = shown()
        .filter(|s| s.counts[day] > 0)
        .map(|s| {
            format!(
                "{} {}",
                series_label(series.mode, &s.name),
                grouped(u64::from(s.counts[day]))
            )
        })
        .collect();
    let total: u64 = shown().map(|s| u64::from(s.counts[day])).sum();
    let when = match series.bucket {
        Bucket::Day => crate::labels::date_long(*date),
        Bucket::Week => tf(
            "tooltip.week_of",
            &[("date", &crate::labels::date_long(*date))],
        ),
        Bucket::Month => crate::labels::month_year_long(*date),
    };
    Some(format!("{}{}", actions_of(&when, total), breakdown(&parts)))
}

/// "Monday: 120 actions".
pub fn weekday(counts: &[u64; 7], day: usize) -> Option<String> {
    Some(actions_of(weekdays().get(day)?, *counts.get(day)?))
}

/// "edit_dataset: 40 actions".
pub fn count(counts: &[(String, u64)], index: usize) -> Option<String> {
    let (name, count) = counts.get(index)?;
    Some(actions_of(name, *count))
}

/// "ann: 12 actions — edit_dataset 10, publish_dataset 2".
pub fn user_by_action(data: &UsersByAction, index: usize) -> Option<String> {
    let user = data.users.get(index)?;
    let counts = data.counts.get(index)?;
    let parts: Vec<String> = data
        .actions
        .iter()
        .zip(counts)
        .filter(|(_, count)| **count > 0)
        .map(|(action, count)| format!("{action} {}", grouped(*count)))
        .collect();
    Some(format!(
        "{}{}",
        actions_of(user, counts.iter().sum::<u64>()),
        breakdown(&parts)
    ))
}

/// "Monday: 120 actions".
fn actions_of(what: &str, count: u64) -> String {
    let count_text = grouped(count);
    let values = [("what", what), ("count", count_text.as_str())];
    if count == 1 {
        tf("tooltip.action", &values)
    } else {
        tf("tooltip.actions", &values)
    }
}

fn breakdown(parts: &[String]) -> String {
    if parts.is_empty() {
        String::new()
    } else {
        format!(" — {}", parts.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use engine::series::Series;
    use engine::SeriesMode;

    fn series(name: &str, counts: Vec<u32>) -> Series {
        Series {
            name: name.into(),
            total: counts.iter().map(|&c| u64::from(c)).sum(),
            counts,
        }
    }

    #[test]
    fn a_day_lists_its_visible_series_with_their_labels() {
        let mut data = TimeSeries {
            mode: SeriesMode::ObjectType,
            bucket: Bucket::Day,
            days: vec![NaiveDate::from_ymd_opt(2024, 11, 15).unwrap()],
            series: vec![series("dataset", vec![150]), series("page", vec![40])],
        };
        assert_eq!(
            day(&data, &BTreeSet::new(), 0).as_deref(),
            Some("Fri Nov 15 2024: 190 actions — Datasets 150, Pages 40")
        );
        let hidden = BTreeSet::from(["page".to_string()]);
        assert_eq!(
            day(&data, &hidden, 0).as_deref(),
            Some("Fri Nov 15 2024: 150 actions — Datasets 150")
        );
        assert_eq!(day(&data, &hidden, 1), None);

        data.bucket = Bucket::Week;
        data.days = vec![NaiveDate::from_ymd_opt(2024, 11, 11).unwrap()];
        data.series[0].counts = vec![1500];
        assert_eq!(
            day(&data, &hidden, 0).as_deref(),
            Some("Week of Mon Nov 11 2024: 1,500 actions — Datasets 1,500")
        );
        data.bucket = Bucket::Month;
        assert!(day(&data, &hidden, 0).is_some_and(|t| t.starts_with("November 2024: ")));
    }

    #[test]
    fn weekday_count_and_user_tooltips() {
        assert_eq!(
            weekday(&[1, 2, 3, 4, 5, 6, 7], 6).as_deref(),
            Some("Sunday: 7 actions")
        );
        assert_eq!(weekday(&[0; 7], 7), None);
        let counts = vec![("edit".to_string(), 40)];
        assert_eq!(count(&counts, 0).as_deref(), Some("edit: 40 actions"));
        let data = UsersByAction {
            users: vec!["ann".into()],
            actions: vec!["edit".into(), "add".into()],
            counts: vec![vec![10, 0]],
        };
        assert_eq!(
            user_by_action(&data, 0).as_deref(),
            Some("ann: 10 actions — edit 10")
        );
    }
}
