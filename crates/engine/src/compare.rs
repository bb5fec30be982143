//! Compare with the previous period (`compare=previous`): the window of the same number of
//! local days that ends the day before `from` ([`DateWindow::previous`]), under the same
//! workspace, mode and hidden series.

use std::collections::{BTreeMap, BTreeSet};

use crate::aggregate::Kpis;
use crate::calendar::DateWindow;
use crate::dashboard::window_groups;
use crate::filter::ViewFilter;
use crate::indexed::IndexedLog;
use crate::series::TimeSeries;

/// The previous period's figures.
#[derive(Clone, Debug, PartialEq)]
pub struct PreviousPeriod {
    pub window: DateWindow,
    pub kpis: Kpis,
    /// Its series, hidden ones included (as the dashboard's).
    pub series: TimeSeries,
}

impl PreviousPeriod {
    pub fn compute(log: &IndexedLog, filter: &ViewFilter) -> Self {
        let previous = Self::filter(filter);
        window_groups(log, &previous).previous_period(&previous.window, filter.mode, &filter.hidden)
    }

    /// The previous period's filter: the same, over [`DateWindow::previous`], without the day
    /// marks (days of the current window).
    pub fn filter(filter: &ViewFilter) -> ViewFilter {
        ViewFilter {
            window: filter.window.previous(),
            marks: filter.marks.without(&[crate::marks::MarkKind::Day]),
            ..filter.clone()
        }
    }

    /// The total of the visible series per bucket: the line drawn over the current period's
    /// bars, bucket by bucket.
    pub fn totals(&self, hidden: &BTreeSet<String>) -> Vec<u64> {
        (0..self.series.days.len())
            .map(|bucket| self.series.day_total(bucket, |s| !hidden.contains(&s.name)))
            .collect()
    }
}

/// One line of the comparison table: a type or action name and its count in each period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompareRow {
    pub name: String,
    pub current: u64,
    pub previous: u64,
}

/// The visible series of either period, with their totals in both: most actions now first,
/// then most actions before, then by name.
pub fn compare_totals(
    current: &TimeSeries,
    previous: &TimeSeries,
    hidden: &BTreeSet<String>,
) -> Vec<CompareRow> {
    let mut totals: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
    for series in current.series.iter().filter(|s| !hidden.contains(&s.name)) {
        totals.entry(&series.name).or_default().0 += series.total;
    }
    for series in previous.series.iter().filter(|s| !hidden.contains(&s.name)) {
        totals.entry(&series.name).or_default().1 += series.total;
    }
    let mut rows: Vec<CompareRow> = totals
        .into_iter()
        .map(|(name, (current, previous))| CompareRow {
            name: name.to_string(),
            current,
            previous,
        })
        .collect();
    crate::sorting::sort_by(&mut rows, |a, b| {
        b.current
            .cmp(&a.current)
            .then(b.previous.cmp(&a.previous))
            .then_with(|| a.name.cmp(&b.name))
    });
    rows
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::filter::SeriesMode;
    use crate::record::Record;
    use crate::store::Store;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn event(at: &str, user: &str, dataset: Option<&str>, page: Option<&str>) -> Record {
        Record {
            timestamp: at.parse().unwrap(),
            domain_id: "ws".into(),
            user_id: user.into(),
            action: if dataset.is_some() {
                "edit_dataset"
            } else {
                "edit_page"
            }
            .into(),
            dataset_id: dataset.map(str::to_string),
            page_id: page.map(str::to_string),
            ..Record::default()
        }
    }

    #[test]
    fn the_previous_period_has_as_many_days_and_ends_the_day_before() {
        let window = DateWindow {
            from: date("2025-03-01"),
            to: date("2025-03-14"),
        };
        let previous = window.previous();
        assert_eq!(
            (previous.from, previous.to),
            (date("2025-02-15"), date("2025-02-28"))
        );
        assert_eq!(previous.day_count(), 14);
        let one = DateWindow {
            from: date("2024-03-01"),
            to: date("2024-03-01"),
        };
        assert_eq!(one.previous().from, date("2024-02-29"));
        assert_eq!(window.spanning(&previous).from, date("2025-02-15"));
        assert_eq!(window.spanning(&previous).to, date("2025-03-14"));
    }

    /// The reference, written another way: owned records, their local date from chrono, the
    /// previous period's dates counted back with chrono's calendar, per type by the fixed rule.
    #[test]
    fn the_previous_period_matches_a_reference_on_generated_logs() {
        use std::collections::{BTreeMap, HashSet};

        use chrono::{DateTime, Days, Utc};

        use crate::generator::{generate, DemoOptions};

        let now: DateTime<Utc> = "2024-11-05T12:00:00Z".parse().unwrap();
        let records = generate(
            &DemoOptions {
                seed: 5,
                events: 6_000,
                days: 120,
            },
            now,
        );
        let kind_of = |r: &Record| {
            let set = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.is_empty());
            if set(&r.dataset_id) {
                "dataset"
            } else if set(&r.page_id) {
                "page"
            } else if set(&r.map_id) {
                "map"
            } else if set(&r.group_id) {
                "group"
            } else if set(&r.reuse_title) {
                "reuse"
            } else if set(&r.username) {
                "user"
            } else {
                "workspace"
            }
        };
        for zone in ["Europe/Paris", "America/New_York", "UTC"] {
            let tz: chrono_tz::Tz = zone.parse().unwrap();
            let log = IndexedLog::new(Store::from_records(&records), zone.parse().unwrap());
            // Windows whose previous period holds the autumn DST changes.
            for (from, to, days) in [
                ("2024-10-28", "2024-11-05", 9),
                ("2024-11-01", "2024-11-05", 5),
            ] {
                let filter = ViewFilter {
                    window: DateWindow::parse(from, to).unwrap(),
                    workspace: None,
                    mode: SeriesMode::ObjectType,
                    hidden: BTreeSet::from(["page".to_string()]),
                    marks: Default::default(),
                };
                let previous = PreviousPeriod::compute(&log, &filter);
                let last = date(from) - Days::new(1);
                let first = last - Days::new(days - 1);
                assert_eq!((previous.window.from, previous.window.to), (first, last));
                let in_previous: Vec<&Record> = records
                    .iter()
                    .filter(|r| {
                        let local = r.timestamp.with_timezone(&tz).date_naive();
                        first <= local && local <= last
                    })
                    .collect();
                let visible: Vec<&&Record> = in_previous
                    .iter()
                    .filter(|r| kind_of(r) != "page")
                    .collect();
                let users: HashSet<&str> = visible
                    .iter()
                    .map(|r| r.user_id.as_str())
                    .filter(|u| !u.is_empty())
                    .collect();
                assert_eq!(
                    (previous.kpis.actions, previous.kpis.users),
                    (visible.len(), users.len()),
                    "{zone} {from}"
                );
                let mut per_kind: BTreeMap<&str, u64> = BTreeMap::new();
                for record in &in_previous {
                    *per_kind.entry(kind_of(record)).or_default() += 1;
                }
                let current = crate::dashboard::Dashboard::compute(&log, &filter);
                for row in compare_totals(&current.series, &previous.series, &filter.hidden) {
                    assert_eq!(
                        row.previous,
                        per_kind.get(row.name.as_str()).copied().unwrap_or(0)
                    );
                    assert_ne!(row.name, "page");
                }
                assert!(visible.len() > 10, "{zone} {from}: a period with events");
            }
        }
    }

    #[test]
    fn figures_of_both_periods_worked_out_by_hand() {
        // Window: Mar 3–4 (Paris). Previous: Mar 1–2.
        let records = vec![
            event("2025-03-01T09:00:00Z", "ann", Some("trees"), None),
            event("2025-03-02T09:00:00Z", "ann", None, Some("home")),
            event("2025-03-02T22:59:59Z", "bob", None, Some("home")), // Mar 2, 23:59:59 Paris
            event("2025-03-02T23:00:00Z", "bob", Some("trees"), None), // Mar 3, 00:00 Paris
            event("2025-03-04T09:00:00Z", "zoe", Some("bikes"), None),
            event("2025-03-05T09:00:00Z", "zoe", Some("bikes"), None), // after the window
        ];
        let log = IndexedLog::new(
            Store::from_records(&records),
            "Europe/Paris".parse().unwrap(),
        );
        let filter = ViewFilter {
            window: DateWindow {
                from: date("2025-03-03"),
                to: date("2025-03-04"),
            },
            workspace: None,
            mode: SeriesMode::ObjectType,
            hidden: BTreeSet::new(),
            marks: Default::default(),
        };
        let previous = PreviousPeriod::compute(&log, &filter);
        assert_eq!((previous.kpis.actions, previous.kpis.users), (3, 2));
        assert_eq!(previous.totals(&BTreeSet::new()), [1, 2]);
        let hidden = BTreeSet::from(["page".to_string()]);
        assert_eq!(previous.totals(&hidden), [1, 0]);
        let current = crate::dashboard::Dashboard::compute(&log, &filter);
        let rows = compare_totals(&current.series, &previous.series, &BTreeSet::new());
        let table: Vec<_> = rows
            .iter()
            .map(|r| (r.name.as_str(), r.current, r.previous))
            .collect();
        assert_eq!(table, [("dataset", 2, 1), ("page", 0, 2)]);
        let hidden_filter = ViewFilter {
            hidden: hidden.clone(),
            marks: Default::default(),
            ..filter
        };
        let without_pages = PreviousPeriod::compute(&log, &hidden_filter);
        assert_eq!(
            (without_pages.kpis.actions, without_pages.kpis.users),
            (1, 1)
        );
        assert_eq!(
            compare_totals(&current.series, &previous.series, &hidden).len(),
            1
        );
    }
}
