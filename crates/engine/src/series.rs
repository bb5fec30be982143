//! Counts over time: actions per local day, week or month (one series per object type or
//! action name) and per day of the week.

use chrono::{Datelike, NaiveDate};

use crate::calendar::{date_of_day, weekday_of_day, DateWindow};
use crate::filter::SeriesMode;
use crate::indexed::IndexedLog;
use crate::objects::ObjectType;
use crate::record::TextField;
use crate::store::StrId;

/// One series of the Actions chart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Series {
    /// The type name or action name (the URL's `hide` holds these).
    pub name: String,
    /// One count per bucket (day, week or month) of the window.
    pub counts: Vec<u32>,
    pub total: u64,
}

/// How long one bar of a chart over time is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Bucket {
    #[default]
    Day,
    /// Monday to Sunday.
    Week,
    /// A calendar month.
    Month,
}

impl Bucket {
    /// Up to about three months, a bar per day; up to about two years, a bar per week; beyond,
    /// a bar per month: enough bars to see a trend, few enough to read each.
    pub fn for_days(day_count: usize) -> Bucket {
        match day_count {
            0..=92 => Bucket::Day,
            93..=731 => Bucket::Week,
            _ => Bucket::Month,
        }
    }

    /// `day`, `week` or `month` (the charts' `data-bucket`).
    pub fn name(self) -> &'static str {
        match self {
            Bucket::Day => "day",
            Bucket::Week => "week",
            Bucket::Month => "month",
        }
    }

    /// The first day of the bucket that holds `date`.
    pub fn start_of(self, date: NaiveDate) -> NaiveDate {
        match self {
            Bucket::Day => date,
            Bucket::Week => {
                date - chrono::Duration::days(i64::from(date.weekday().num_days_from_monday()))
            }
            Bucket::Month => date.with_day(1).unwrap_or(date),
        }
    }
}

/// Actions per local day, week or month, one series per type or action; every bucket of the
/// window is present (one without events is a zero).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TimeSeries {
    /// Whether the series are object types or action names.
    pub mode: SeriesMode,
    pub bucket: Bucket,
    /// The first day of each bucket within the window (the window's first day for a week or
    /// month that began before it).
    pub days: Vec<NaiveDate>,
    pub series: Vec<Series>,
}

impl TimeSeries {
    /// Sum over the given series of one day.
    pub fn day_total(&self, day: usize, visible: impl Fn(&Series) -> bool) -> u64 {
        self.series
            .iter()
            .filter(|s| visible(s))
            .map(|s| u64::from(s.counts[day]))
            .sum()
    }
}

/// Series are ordered by total descending (types: datasets, workspaces, pages first when tied);
/// a series with no action in the rows is left out. Counts go straight into buckets, so the
/// arrays are sized by the bars drawn (at most 92 days, 105 weeks, or a month per month), never
/// by the days the window spans.
pub fn actions_over_time(
    log: &IndexedLog,
    rows: &[u32],
    window: &DateWindow,
    mode: SeriesMode,
) -> TimeSeries {
    let bucket = Bucket::for_days(window.day_count());
    let days = bucket.starts(window);
    let (first, last) = (window.first_day(), window.last_day());
    // Series key: type index, or interned action id.
    let key_count = match mode {
        SeriesMode::ObjectType => ObjectType::ALL.len(),
        SeriesMode::Action => log.store.strings().len(),
    };
    let mut counts: Vec<Vec<u32>> = vec![Vec::new(); key_count];
    let actions = log.store.ids(TextField::Action);
    for &row in rows {
        let row = row as usize;
        let day = log.days.days[row];
        if day < first || day > last {
            continue;
        }
        let key = match mode {
            SeriesMode::ObjectType => log.objects.kind_of_row(row) as usize,
            SeriesMode::Action => actions[row] as usize,
        };
        let series = &mut counts[key];
        if series.is_empty() {
            series.resize(days.len(), 0);
        }
        if let Some(count) = series.get_mut(bucket.slot(window.from, day)) {
            *count += 1;
        }
    }
    let mut series: Vec<(usize, Series)> = counts
        .into_iter()
        .enumerate()
        .filter(|(_, c)| !c.is_empty())
        .map(|(key, counts)| {
            let name = match mode {
                SeriesMode::ObjectType => ObjectType::ALL[key].name().to_string(),
                SeriesMode::Action => log.store.strings().get(key as StrId).to_string(),
            };
            let total = counts.iter().map(|&c| u64::from(c)).sum();
            (
                key,
                Series {
                    name,
                    counts,
                    total,
                },
            )
        })
        .collect();
    crate::sorting::sort_by(&mut series, |(_, a), (_, b)| series_order(mode, a, b));
    TimeSeries {
        mode,
        bucket,
        days,
        series: series.into_iter().map(|(_, s)| s).collect(),
    }
}

impl Bucket {
    /// The first day of each bucket within the window: the window's first day, then each
    /// boundary (day, Monday, first of the month) up to its last day.
    pub fn starts(self, window: &DateWindow) -> Vec<NaiveDate> {
        let mut starts = vec![window.from];
        let mut start = window.from;
        loop {
            let next = match self {
                Bucket::Day => start.succ_opt(),
                Bucket::Week => self.start_of(start).checked_add_days(chrono::Days::new(7)),
                Bucket::Month => self
                    .start_of(start)
                    .checked_add_months(chrono::Months::new(1)),
            };
            match next {
                Some(next) if next <= window.to => {
                    starts.push(next);
                    start = next;
                }
                _ => return starts,
            }
        }
    }

    /// The index, among [`Bucket::starts`], of the bucket holding `day` (a day of the window
    /// that starts on `from`): arithmetic, without a table of the window's days.
    pub fn slot(self, from: NaiveDate, day: i32) -> usize {
        let first = crate::calendar::day_of_date(from);
        let slot = match self {
            Bucket::Day => i64::from(day - first),
            Bucket::Week => {
                let monday = |d: i32| d - i32::from(weekday_of_day(d));
                i64::from((monday(day) - monday(first)) / 7)
            }
            Bucket::Month => {
                let date = date_of_day(day);
                let months = |d: NaiveDate| i64::from(d.year()) * 12 + i64::from(d.month0());
                months(date) - months(from)
            }
        };
        usize::try_from(slot).unwrap_or(usize::MAX)
    }
}

/// The order of the series: most actions first; ties in the platform's headline order for types,
/// by name for actions.
pub(crate) fn series_order(mode: SeriesMode, a: &Series, b: &Series) -> std::cmp::Ordering {
    b.total.cmp(&a.total).then_with(|| match mode {
        SeriesMode::ObjectType => headline_rank(&a.name).cmp(&headline_rank(&b.name)),
        SeriesMode::Action => a.name.cmp(&b.name),
    })
}

/// The platform's headline order for ties: datasets, workspaces, pages, then the rest.
fn headline_rank(type_name: &str) -> usize {
    let Some(type_index) = ObjectType::ALL.iter().position(|k| k.name() == type_name) else {
        return usize::MAX;
    };
    match ObjectType::ALL[type_index] {
        ObjectType::Dataset => 0,
        ObjectType::Workspace => 1,
        ObjectType::Page => 2,
        _ => 3 + type_index,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Zone;
    use crate::record::Record;
    use crate::store::Store;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    /// One dataset edit at noon UTC on each of these days.
    fn log_of(days: &[&str]) -> IndexedLog {
        let records: Vec<Record> = days
            .iter()
            .map(|day| Record {
                timestamp: format!("{day}T12:00:00Z").parse().unwrap(),
                domain_id: "main".into(),
                user_id: "u".into(),
                action: "edit_dataset".into(),
                dataset_id: Some("trees".into()),
                ..Record::default()
            })
            .collect();
        IndexedLog::new(Store::from_records(&records), Zone::UTC)
    }

    fn over(log: &IndexedLog, from: &str, to: &str) -> TimeSeries {
        let rows: Vec<u32> = (0..log.store.len() as u32).collect();
        let window = DateWindow {
            from: date(from),
            to: date(to),
        };
        actions_over_time(log, &rows, &window, SeriesMode::ObjectType)
    }

    #[test]
    fn three_months_are_days_two_years_weeks_and_longer_months() {
        assert_eq!(Bucket::for_days(92), Bucket::Day);
        assert_eq!(Bucket::for_days(93), Bucket::Week);
        assert_eq!(Bucket::for_days(731), Bucket::Week);
        assert_eq!(Bucket::for_days(732), Bucket::Month);
    }

    #[test]
    fn a_long_window_counts_per_week_from_monday() {
        // 2024-01-03 is a Wednesday: its week began on Monday 2024-01-01, before the window.
        let log = log_of(&["2024-01-03", "2024-01-07", "2024-01-08", "2024-04-02"]);
        let series = over(&log, "2024-01-03", "2024-06-30");
        assert_eq!(series.bucket, Bucket::Week);
        assert_eq!(series.days[0], date("2024-01-03"));
        assert_eq!(series.days[1], date("2024-01-08"));
        assert_eq!(series.days[2], date("2024-01-15"));
        // Jan 3 to Jun 30: the partial first week and 25 more Mondays.
        assert_eq!(series.days.len(), 26);
        let counts = &series.series[0].counts;
        assert_eq!((counts[0], counts[1]), (2, 1));
        // 2024-04-02 is in the week of Monday 2024-04-01, the 14th bucket (index 13).
        assert_eq!(series.days[13], date("2024-04-01"));
        assert_eq!(counts[13], 1);
        assert_eq!(counts.iter().sum::<u32>(), 4);
    }

    #[test]
    fn every_day_of_a_window_falls_in_the_last_bucket_started_by_then() {
        // The reference: walk the window day by day, a new bucket at each boundary.
        for (from, to) in [
            ("2024-01-03", "2024-03-31"),
            ("2023-12-25", "2025-01-05"),
            ("2019-02-28", "2024-03-01"),
            ("1970-01-01", "1975-12-31"),
        ] {
            let window = DateWindow {
                from: date(from),
                to: date(to),
            };
            let bucket = Bucket::for_days(window.day_count());
            let starts = bucket.starts(&window);
            let mut expected = 0;
            for (i, day) in window
                .from
                .iter_days()
                .take_while(|d| *d <= window.to)
                .enumerate()
            {
                if i > 0 && bucket.start_of(day) == day {
                    expected += 1;
                }
                let slot = bucket.slot(window.from, crate::calendar::day_of_date(day));
                assert_eq!(slot, expected, "{day} in {from}..{to}");
            }
            assert_eq!(starts.len(), expected + 1, "{from}..{to}");
        }
    }

    #[test]
    fn the_longest_window_holds_a_count_per_month_not_per_day() {
        let log = log_of(&["1970-01-01", "2026-03-29", "2100-12-31"]);
        let series = over(&log, "1970-01-01", "2100-12-31");
        assert_eq!(series.bucket, Bucket::Month);
        assert_eq!(series.days.len(), 131 * 12);
        let counts = &series.series[0].counts;
        assert_eq!(counts.len(), 131 * 12);
        assert_eq!(
            (counts[0], counts[56 * 12 + 2], counts[131 * 12 - 1]),
            (1, 1, 1)
        );
    }

    #[test]
    fn a_window_over_two_years_counts_per_month() {
        let log = log_of(&["2022-01-20", "2022-01-31", "2022-02-01", "2024-06-30"]);
        let series = over(&log, "2022-01-15", "2024-06-30");
        assert_eq!(series.bucket, Bucket::Month);
        assert_eq!(series.days[..2], [date("2022-01-15"), date("2022-02-01")]);
        // January 2022 (partial) to June 2024: 30 months.
        assert_eq!(series.days.len(), 30);
        assert_eq!(series.days[29], date("2024-06-01"));
        let counts = &series.series[0].counts;
        assert_eq!((counts[0], counts[1], counts[29]), (2, 1, 1));
    }
}
