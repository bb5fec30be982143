//! Counts over time: actions per local day (one series per object type or action name) and per
//! day of the week.

use chrono::NaiveDate;

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
    /// One count per day of the window.
    pub counts: Vec<u32>,
    pub total: u64,
}

/// Actions per local day, one series per type or action; every day of the window is present
/// (a day without events is a zero).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TimeSeries {
    /// Whether the series are object types or action names.
    pub mode: SeriesMode,
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
/// a series with no action in the rows is left out.
pub fn actions_over_time(
    log: &IndexedLog,
    rows: &[u32],
    window: &DateWindow,
    mode: SeriesMode,
) -> TimeSeries {
    let first = window.first_day();
    let day_count = window.day_count();
    let days = (0..day_count as i32)
        .map(|i| date_of_day(first + i))
        .collect();
    // Series key: type index, or interned action id.
    let key_count = match mode {
        SeriesMode::ObjectType => ObjectType::ALL.len(),
        SeriesMode::Action => log.store.strings().len(),
    };
    let mut counts: Vec<Vec<u32>> = vec![Vec::new(); key_count];
    let actions = log.store.ids(TextField::Action);
    for &row in rows {
        let row = row as usize;
        let offset = log.days.days[row] - first;
        if offset < 0 || offset as usize >= day_count {
            continue;
        }
        let key = match mode {
            SeriesMode::ObjectType => log.objects.kind_of_row(row) as usize,
            SeriesMode::Action => actions[row] as usize,
        };
        let series = &mut counts[key];
        if series.is_empty() {
            series.resize(day_count, 0);
        }
        series[offset as usize] += 1;
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
    series.sort_by(|(ka, a), (kb, b)| {
        b.total.cmp(&a.total).then_with(|| match mode {
            SeriesMode::ObjectType => headline_rank(*ka).cmp(&headline_rank(*kb)),
            SeriesMode::Action => a.name.cmp(&b.name),
        })
    });
    TimeSeries {
        mode,
        days,
        series: series.into_iter().map(|(_, s)| s).collect(),
    }
}

/// The platform's headline order for ties: datasets, workspaces, pages, then the rest.
fn headline_rank(type_index: usize) -> usize {
    match ObjectType::ALL[type_index] {
        ObjectType::Dataset => 0,
        ObjectType::Workspace => 1,
        ObjectType::Page => 2,
        _ => 3 + type_index,
    }
}

/// Actions per day of the week, Monday first, in the log's zone.
pub fn weekday_counts(log: &IndexedLog, rows: &[u32]) -> [u64; 7] {
    let mut counts = [0u64; 7];
    for &row in rows {
        counts[weekday_of_day(log.days.days[row as usize]) as usize] += 1;
    }
    counts
}
