//! Filters made by clicking the figures' marks: local days (or runs of days), weekdays, local
//! hours, actions and users. Values of one kind are alternatives (OR); kinds narrow each other
//! (AND). Read from the URL's values (`day=2024-03-26..2024-03-28`, `weekday=tue`, `hour=1`,
//! `action=…`, `user=…`), applied to a view's rows here and, in portal mode, written as ODSQL
//! by the app.

use std::borrow::Cow;
use std::collections::BTreeSet;

use crate::calendar::{date_of_day, day_of_date, weekday_of_day};
use crate::indexed::IndexedLog;
use crate::record::TextField;
use crate::store::EMPTY;

/// The kinds of marks, each one URL name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MarkKind {
    Day,
    Weekday,
    Hour,
    Action,
    User,
}

impl MarkKind {
    pub const ALL: [MarkKind; 5] = [
        MarkKind::Day,
        MarkKind::Weekday,
        MarkKind::Hour,
        MarkKind::Action,
        MarkKind::User,
    ];

    /// Its URL name, also its `[data-filter]` value.
    pub fn name(self) -> &'static str {
        match self {
            MarkKind::Day => "day",
            MarkKind::Weekday => "weekday",
            MarkKind::Hour => "hour",
            MarkKind::Action => "action",
            MarkKind::User => "user",
        }
    }
}

/// The weekdays' URL names, Monday first (the engine's weekday numbers).
pub const WEEKDAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// An inclusive run of local days (day numbers).
pub type DayRun = (i32, i32);

/// The marks in force. Empty: nothing narrowed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Marks {
    /// Runs of local days, in the order given.
    pub days: Vec<DayRun>,
    /// 0 = Monday … 6 = Sunday.
    pub weekdays: BTreeSet<u8>,
    /// Local hours, 0–23.
    pub hours: BTreeSet<u8>,
    pub actions: BTreeSet<String>,
    pub users: BTreeSet<String>,
}

/// A mark's URL value that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadMark {
    pub kind: MarkKind,
    pub value: String,
}

impl Marks {
    pub fn is_empty(&self) -> bool {
        self.days.is_empty()
            && self.weekdays.is_empty()
            && self.hours.is_empty()
            && self.actions.is_empty()
            && self.users.is_empty()
    }

    /// Whether a kind has a value in force.
    pub fn has(&self, kind: MarkKind) -> bool {
        match kind {
            MarkKind::Day => !self.days.is_empty(),
            MarkKind::Weekday => !self.weekdays.is_empty(),
            MarkKind::Hour => !self.hours.is_empty(),
            MarkKind::Action => !self.actions.is_empty(),
            MarkKind::User => !self.users.is_empty(),
        }
    }

    /// These marks without those of `kinds`: what a view whose marks made them draws, so that
    /// its other marks stay in sight.
    pub fn without(&self, kinds: &[MarkKind]) -> Marks {
        let mut marks = self.clone();
        for kind in kinds {
            match kind {
                MarkKind::Day => marks.days.clear(),
                MarkKind::Weekday => marks.weekdays.clear(),
                MarkKind::Hour => marks.hours.clear(),
                MarkKind::Action => marks.actions.clear(),
                MarkKind::User => marks.users.clear(),
            }
        }
        marks
    }

    /// Adds one URL value of `kind`; a value that cannot be read is returned, not kept.
    pub fn add(&mut self, kind: MarkKind, value: &str) -> Result<(), BadMark> {
        let bad = || BadMark {
            kind,
            value: value.chars().take(64).collect(),
        };
        match kind {
            MarkKind::Day => self.days.push(parse_day_run(value).ok_or_else(bad)?),
            MarkKind::Weekday => {
                let day = WEEKDAY_NAMES.iter().position(|name| *name == value);
                self.weekdays.insert(day.ok_or_else(bad)? as u8);
            }
            MarkKind::Hour => {
                let hour = value.parse::<u8>().ok().filter(|h| *h < 24);
                self.hours.insert(hour.ok_or_else(bad)?);
            }
            MarkKind::Action => {
                (!value.is_empty()).then_some(()).ok_or_else(bad)?;
                self.actions.insert(value.to_string());
            }
            MarkKind::User => {
                (!value.is_empty()).then_some(()).ok_or_else(bad)?;
                self.users.insert(value.to_string());
            }
        }
        Ok(())
    }

    /// Whether a local day and hour pass the day, weekday and hour marks.
    pub fn keeps_time(&self, day: i32, hour: u8) -> bool {
        self.time_marks().keeps(day, hour)
    }

    /// The day, weekday and hour marks as tables, to test many rows.
    fn time_marks(&self) -> TimeMarks<'_> {
        TimeMarks {
            weekdays: std::array::from_fn(|d| {
                self.weekdays.is_empty() || self.weekdays.contains(&(d as u8))
            }),
            hours: std::array::from_fn(|h| {
                self.hours.is_empty() || self.hours.contains(&(h as u8))
            }),
            days: &self.days,
        }
    }

    /// The rows among `rows` that pass every mark, in their order (`rows` itself when no mark
    /// is in force).
    pub fn rows<'a>(&self, log: &IndexedLog, rows: &'a [u32]) -> Cow<'a, [u32]> {
        if self.is_empty() {
            return Cow::Borrowed(rows);
        }
        Cow::Owned(self.rows_in_runs(log, rows, &DayRuns::of(log, rows)))
    }

    /// [`Marks::rows`] of a window's rows held with their day runs.
    pub fn rows_of_window<'a>(&self, log: &IndexedLog, window: &'a WindowRows) -> Cow<'a, [u32]> {
        if self.is_empty() {
            return Cow::Borrowed(&window.rows);
        }
        Cow::Owned(self.rows_in_runs(log, &window.rows, &window.runs))
    }

    /// The rows of `rows` that pass, `runs` being theirs: a day the marks leave out is skipped
    /// whole, and a day they keep is taken whole when only days and weekdays are marked.
    fn rows_in_runs(&self, log: &IndexedLog, rows: &[u32], runs: &DayRuns) -> Vec<u32> {
        let store = &log.store;
        // Names the log does not have match nothing: u32::MAX is no string's id.
        let ids = |names: &BTreeSet<String>| -> Option<Vec<u32>> {
            (!names.is_empty()).then(|| {
                names
                    .iter()
                    .map(|name| store.strings().lookup(name).unwrap_or(u32::MAX))
                    .filter(|&id| id != EMPTY)
                    .collect()
            })
        };
        let (actions, users) = (ids(&self.actions), ids(&self.users));
        let (action_ids, user_ids) = (store.ids(TextField::Action), store.ids(TextField::UserId));
        let hours = &log.days.hours;
        let listed = |wanted: &Option<Vec<u32>>, ids: &[u32], row: usize| {
            wanted
                .as_ref()
                .is_none_or(|wanted| ids.get(row).is_some_and(|id| wanted.contains(id)))
        };
        let times = self.time_marks();
        let whole_days = self.hours.is_empty() && actions.is_none() && users.is_none();
        let mut kept = Vec::new();
        let mut start = 0;
        for &(day, end) in &runs.0 {
            let Some(run) = rows.get(start..end) else {
                break;
            };
            start = end;
            if day == NO_DAY || !times.keeps_day(day) {
                continue;
            }
            if whole_days {
                kept.extend_from_slice(run);
                continue;
            }
            kept.extend(run.iter().copied().filter(|&row| {
                let row = row as usize;
                hours.get(row).is_some_and(|&hour| times.keeps_hour(hour))
                    && listed(&actions, action_ids, row)
                    && listed(&users, user_ids, row)
            }));
        }
        kept
    }

    /// The day runs as URL values: `2024-03-26`, or `2024-03-26..2024-03-28`.
    pub fn day_values(&self) -> Vec<String> {
        self.days.iter().map(|&run| day_run_value(run)).collect()
    }
}

/// The local day of a row the log has no day for: no mark keeps it.
const NO_DAY: i32 = i32::MIN;

/// Rows cut where their local day changes: each stretch's day and where it ends. A window's
/// rows come a day at a time (the log is in time order), so that a day or weekday mark keeps
/// or skips a stretch at once instead of testing each row; rows in any order are cut right
/// all the same, in more stretches.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DayRuns(Vec<(i32, usize)>);

impl DayRuns {
    pub fn of(log: &IndexedLog, rows: &[u32]) -> DayRuns {
        let days = &log.days.days;
        let mut runs = Vec::new();
        let mut current = None;
        for (at, &row) in rows.iter().enumerate() {
            let day = days.get(row as usize).copied().unwrap_or(NO_DAY);
            if current != Some(day) {
                if let Some(previous) = current {
                    runs.push((previous, at));
                }
                current = Some(day);
            }
        }
        if let Some(last) = current {
            runs.push((last, rows.len()));
        }
        DayRuns(runs)
    }
}

/// A window's rows (its days and workspace), held with their [`DayRuns`] for the marks to
/// pick among.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WindowRows {
    rows: Vec<u32>,
    runs: DayRuns,
}

impl WindowRows {
    pub fn new(log: &IndexedLog, rows: Vec<u32>) -> WindowRows {
        let runs = DayRuns::of(log, &rows);
        WindowRows { rows, runs }
    }

    pub fn rows(&self) -> &[u32] {
        &self.rows
    }
}

/// The day, weekday and hour marks, ready to test rows.
struct TimeMarks<'a> {
    weekdays: [bool; 7],
    hours: [bool; 24],
    days: &'a [DayRun],
}

impl TimeMarks<'_> {
    fn keeps(&self, day: i32, hour: u8) -> bool {
        self.keeps_day(day) && self.keeps_hour(hour)
    }

    /// Whether the day and weekday marks keep the local `day`.
    fn keeps_day(&self, day: i32) -> bool {
        self.weekdays[usize::from(weekday_of_day(day))]
            && (self.days.is_empty() || self.days.iter().any(|&(a, b)| a <= day && day <= b))
    }

    fn keeps_hour(&self, hour: u8) -> bool {
        self.hours.get(usize::from(hour)).copied().unwrap_or(false)
    }
}

/// A run of days as its URL value.
pub fn day_run_value((first, last): DayRun) -> String {
    match first == last {
        true => date_of_day(first).to_string(),
        false => format!("{}..{}", date_of_day(first), date_of_day(last)),
    }
}

/// `2024-03-26` or `2024-03-26..2024-03-28` (either order) as a run of day numbers.
pub fn parse_day_run(value: &str) -> Option<DayRun> {
    let date = |text: &str| crate::date_text::parse_date(text.trim());
    let (first, last) = match value.split_once("..") {
        Some((a, b)) => (date(a)?, date(b)?),
        None => (date(value)?, date(value)?),
    };
    let (first, last) = (day_of_date(first), day_of_date(last));
    Some((first.min(last), first.max(last)))
}

/// Runs of consecutive days among `days` (sorted or not), each inclusive.
pub fn runs_of_days(mut days: Vec<i32>) -> Vec<DayRun> {
    crate::sorting::sort(&mut days);
    days.dedup();
    let mut runs: Vec<DayRun> = Vec::new();
    for day in days {
        match runs.last_mut() {
            Some((_, last)) if *last + 1 == day => *last = day,
            _ => runs.push((day, day)),
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> i32 {
        day_of_date(chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap())
    }

    #[test]
    fn url_values_are_read_and_bad_ones_returned() {
        let mut marks = Marks::default();
        marks.add(MarkKind::Day, "2024-03-28..2024-03-26").unwrap();
        marks.add(MarkKind::Day, "2024-03-31").unwrap();
        marks.add(MarkKind::Weekday, "tue").unwrap();
        marks.add(MarkKind::Hour, "23").unwrap();
        assert_eq!(
            marks.days,
            vec![
                (day("2024-03-26"), day("2024-03-28")),
                (day("2024-03-31"), day("2024-03-31"))
            ]
        );
        assert_eq!(marks.weekdays, BTreeSet::from([1]));
        assert_eq!(marks.hours, BTreeSet::from([23]));
        assert_eq!(
            marks.day_values(),
            vec!["2024-03-26..2024-03-28", "2024-03-31"]
        );
        for (kind, value) in [
            (MarkKind::Day, "2024-02-30"),
            (MarkKind::Day, "2024-03-26.."),
            (MarkKind::Weekday, "tuesday"),
            (MarkKind::Hour, "24"),
            (MarkKind::Hour, "-1"),
            (MarkKind::User, ""),
        ] {
            assert!(marks.add(kind, value).is_err(), "{kind:?} {value}");
        }
    }

    #[test]
    fn times_pass_when_every_kind_has_them() {
        let mut marks = Marks::default();
        // 2024-03-26 was a Tuesday.
        marks.add(MarkKind::Weekday, "tue").unwrap();
        marks.add(MarkKind::Hour, "1").unwrap();
        marks.add(MarkKind::Hour, "2").unwrap();
        assert!(marks.keeps_time(day("2024-03-26"), 1));
        assert!(marks.keeps_time(day("2024-03-26"), 2));
        assert!(!marks.keeps_time(day("2024-03-26"), 3));
        assert!(!marks.keeps_time(day("2024-03-27"), 1));
        let no_hours = marks.without(&[MarkKind::Hour]);
        assert!(no_hours.keeps_time(day("2024-03-26"), 3));
        assert!(no_hours.has(MarkKind::Weekday) && !no_hours.has(MarkKind::Hour));
    }

    /// Rows of several days and hours, in an order that goes back and forth between days: the
    /// rows a weekday, an hour and a run of days keep, against each record's own date and hour
    /// read with chrono.
    #[test]
    fn rows_are_kept_by_their_own_day_and_hour() {
        use crate::calendar::Zone;
        use crate::record::Record;
        use crate::store::Store;
        use chrono::{DateTime, Datelike, Timelike, Utc, Weekday};

        // 2024-03-26 was a Tuesday.
        let instants = [
            "2024-03-26T01:10:00Z",
            "2024-03-27T01:20:00Z",
            "2024-03-26T02:00:00Z",
            "2024-03-26T05:00:00Z",
            "2024-04-02T01:30:00Z",
            "2024-03-27T02:40:00Z",
            "2024-04-02T02:50:00Z",
            "2024-03-26T01:59:59Z",
        ];
        let records: Vec<Record> = instants
            .iter()
            .map(|at| Record {
                timestamp: at.parse().unwrap(),
                user_id: "u".into(),
                action: "edit_dataset".into(),
                dataset_id: Some("trees".into()),
                ..Record::default()
            })
            .collect();
        let log = IndexedLog::new(Store::from_records(&records), Zone::UTC);
        let rows: Vec<u32> = (0..instants.len() as u32).collect();
        let mut marks = Marks::default();
        marks.add(MarkKind::Weekday, "tue").unwrap();
        marks.add(MarkKind::Hour, "1").unwrap();
        marks.add(MarkKind::Hour, "2").unwrap();
        let expected = |before: &str| -> Vec<u32> {
            let before: DateTime<Utc> = before.parse().unwrap();
            instants
                .iter()
                .enumerate()
                .filter(|(_, at)| {
                    let at: DateTime<Utc> = at.parse().unwrap();
                    at.weekday() == Weekday::Tue && (1..=2).contains(&at.hour()) && at < before
                })
                .map(|(row, _)| row as u32)
                .collect()
        };
        assert_eq!(
            marks.rows(&log, &rows).to_vec(),
            expected("2100-01-01T00:00:00Z")
        );
        marks.add(MarkKind::Day, "2024-03-20..2024-03-30").unwrap();
        assert_eq!(
            marks.rows(&log, &rows).to_vec(),
            expected("2024-03-31T00:00:00Z")
        );
        // Held with their day runs, the same rows pass.
        let window = WindowRows::new(&log, rows.clone());
        assert_eq!(
            marks.rows_of_window(&log, &window).to_vec(),
            expected("2024-03-31T00:00:00Z")
        );
        // Days and weekdays only: a kept day's rows are taken whole (rows 0, 2, 3 and 7 are
        // the Tuesday 2024-03-26's, 4 and 6 the Tuesday 2024-04-02's).
        let mut tuesdays = Marks::default();
        tuesdays.add(MarkKind::Weekday, "tue").unwrap();
        assert_eq!(
            tuesdays.rows_of_window(&log, &window).to_vec(),
            vec![0, 2, 3, 4, 6, 7]
        );
        assert_eq!(tuesdays.rows(&log, &rows).to_vec(), vec![0, 2, 3, 4, 6, 7]);
        tuesdays
            .add(MarkKind::Day, "2024-04-01..2024-04-30")
            .unwrap();
        assert_eq!(tuesdays.rows_of_window(&log, &window).to_vec(), vec![4, 6]);
    }

    /// Rows going back and forth between days are cut at each change of day.
    #[test]
    fn rows_are_cut_where_their_day_changes() {
        use crate::calendar::Zone;
        use crate::record::Record;
        use crate::store::Store;

        let instants = [
            "2024-03-26T01:00:00Z",
            "2024-03-26T23:00:00Z",
            "2024-03-27T00:00:00Z",
            "2024-03-26T12:00:00Z",
            "2024-03-28T00:00:00Z",
            "2024-03-28T10:00:00Z",
        ];
        let records: Vec<Record> = instants
            .iter()
            .map(|at| Record {
                timestamp: at.parse().unwrap(),
                action: "edit_dataset".into(),
                ..Record::default()
            })
            .collect();
        let log = IndexedLog::new(Store::from_records(&records), Zone::UTC);
        let (d26, d27, d28) = (day("2024-03-26"), day("2024-03-27"), day("2024-03-28"));
        let rows: Vec<u32> = (0..6).collect();
        assert_eq!(
            DayRuns::of(&log, &rows),
            DayRuns(vec![(d26, 2), (d27, 3), (d26, 4), (d28, 6)])
        );
        // A row the log does not have is a stretch no mark keeps.
        assert_eq!(
            DayRuns::of(&log, &[5, 99, 4]),
            DayRuns(vec![(d28, 1), (NO_DAY, 2), (d28, 3)])
        );
        assert_eq!(DayRuns::of(&log, &[]), DayRuns(vec![]));
        let mut marks = Marks::default();
        marks.add(MarkKind::Day, "2024-03-28").unwrap();
        let window = WindowRows::new(&log, vec![5, 99, 4]);
        assert_eq!(marks.rows_of_window(&log, &window).to_vec(), vec![5, 4]);
    }

    #[test]
    fn consecutive_days_make_one_run() {
        let days = vec![
            day("2024-03-05"),
            day("2024-03-03"),
            day("2024-03-04"),
            day("2024-03-10"),
        ];
        assert_eq!(
            runs_of_days(days),
            vec![
                (day("2024-03-03"), day("2024-03-05")),
                (day("2024-03-10"), day("2024-03-10"))
            ]
        );
    }
}
