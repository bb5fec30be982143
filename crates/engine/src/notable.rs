//! What to look at: actions an administrator should not miss in a window. Three rules, each in
//! the page and in README:
//! - `bulk-delete`: a burst of removals — a maximal run of one user's actions whose name starts
//!   with `delete_` or `remove_`, each within 10 minutes of the previous one in the run, holding
//!   at least 10 actions (one row per burst);
//! - `access`: actions that change who can do what — names containing `security`,
//!   `permission`, `_user_to_` or `_user_from_` (one row per user);
//! - `night`: actions at local hours 0 to 5 (00:00–05:59) in the log's zone (one row per user).
//!
//! Only actions with a `user_id` count. Rows are sorted by kind in that order, then count
//! descending, then user, then first action.

use crate::objects::ObjectType;

/// The rules, in the order rows are sorted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NotableKind {
    BulkDelete,
    Access,
    Night,
}

impl NotableKind {
    pub const ALL: [NotableKind; 3] = [
        NotableKind::BulkDelete,
        NotableKind::Access,
        NotableKind::Night,
    ];

    /// `bulk-delete`, `access`, `night`.
    pub fn name(self) -> &'static str {
        match self {
            NotableKind::BulkDelete => "bulk-delete",
            NotableKind::Access => "access",
            NotableKind::Night => "night",
        }
    }
}

/// Two removals at most this far apart belong to the same burst.
pub const BURST_GAP_MS: i64 = 10 * 60 * 1000;
/// A burst holds at least this many removals.
pub const BURST_MIN_ACTIONS: usize = 10;
/// Local hours that are night: 00:00 to 05:59.
pub const NIGHT_HOURS: std::ops::Range<u8> = 0..6;

/// Whether an action name removes something.
pub fn is_removal(action: &str) -> bool {
    action.starts_with("delete_") || action.starts_with("remove_")
}

/// Whether an action name changes who can do what.
pub fn is_access_change(action: &str) -> bool {
    ["security", "permission", "_user_to_", "_user_from_"]
        .iter()
        .any(|part| action.contains(part))
}

/// One row of the table: a burst, or a user's actions of one kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notable {
    pub kind: NotableKind,
    pub user: String,
    pub count: usize,
    /// Timestamps (ms) of the first and last action.
    pub first: i64,
    pub last: i64,
    /// The objects concerned, each once, in the order of their first action. Their ids are
    /// shared with every other row that lists them: at 10M events a click's bursts list some
    /// hundred thousand objects, each once a copy.
    pub objects: Vec<(ObjectType, std::sync::Arc<str>)>,
}

/// Puts rows in the table's order: by kind, then count descending, then user, then first
/// action.
pub fn sort_rows(rows: &mut [Notable]) {
    crate::sorting::sort_by(rows, |a, b| {
        a.kind
            .cmp(&b.kind)
            .then(b.count.cmp(&a.count))
            .then_with(|| a.user.cmp(&b.user))
            .then(a.first.cmp(&b.first))
    });
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use chrono::{DateTime, Duration, Timelike, Utc};

    use super::*;
    use crate::generator::{generate, DemoOptions};
    use crate::groups::{Groups, GroupsBuilder, RuleCount};
    use crate::indexed::IndexedLog;
    use crate::record::Record;
    use crate::store::Store;

    fn event(user: &str, action: &str, at: DateTime<Utc>) -> Record {
        Record {
            timestamp: at,
            domain_id: "ws".into(),
            user_id: user.into(),
            action: action.into(),
            dataset_id: Some("trees".into()),
            ..Record::default()
        }
    }

    fn noon() -> DateTime<Utc> {
        "2025-06-02T12:00:00Z".parse().unwrap()
    }

    fn notable_of(records: &[Record], zone: &str) -> Vec<Notable> {
        let log = IndexedLog::new(Store::from_records(records), zone.parse().unwrap());
        let rows: Vec<u32> = (0..records.len() as u32).collect();
        let any_window = crate::DateWindow {
            from: "2025-01-01".parse().unwrap(),
            to: "2025-01-01".parse().unwrap(),
        };
        Groups::of_rows(&log, &rows)
            .dashboard(
                &any_window,
                crate::SeriesMode::ObjectType,
                &Default::default(),
            )
            .notable
    }

    #[test]
    fn access_and_night_rows_from_groups_are_the_rows_found_in_the_events() {
        let records = generate(
            &DemoOptions {
                seed: 11,
                events: 30_000,
                days: 60,
            },
            "2025-04-01T10:00:00Z".parse().unwrap(),
        );
        let from_events = notable_of(&records, "Europe/Paris");
        fn at_night(record: &Record) -> bool {
            let local = record.timestamp.with_timezone(&chrono_tz::Europe::Paris);
            local.hour() < 6
        }
        fn changes_access(record: &Record) -> bool {
            is_access_change(&record.action)
        }
        type Rule = fn(&Record) -> bool;
        let rules = [
            (NotableKind::Access, changes_access as Rule),
            (NotableKind::Night, at_night),
        ];
        for (kind, rule) in rules {
            // The groups a portal would answer (user × object fields × action, one group per
            // record here: the builder merges them), counted with chrono-tz directly.
            let mut builder = GroupsBuilder::new();
            let mut groups = Vec::new();
            for record in records.iter().filter(|r| rule(r) && !r.user_id.is_empty()) {
                let (object_kind, id) =
                    crate::objects::object_of_text(|field| record.text(field).unwrap_or(""));
                let ms = record.timestamp.timestamp_millis();
                groups.push(RuleCount {
                    user: builder.user(&record.user_id),
                    object: builder.object(object_kind, id),
                    action: builder.action(&record.action),
                    count: 1,
                    first: ms,
                    last: ms,
                });
            }
            assert!(groups.len() > 50, "{kind:?}: {} groups", groups.len());
            match kind {
                NotableKind::Access => builder.groups_mut().access = groups,
                _ => builder.groups_mut().night = groups,
            }
            let any_window = crate::DateWindow {
                from: "2025-01-01".parse().unwrap(),
                to: "2025-01-01".parse().unwrap(),
            };
            let from_groups = builder
                .finish()
                .dashboard(
                    &any_window,
                    crate::SeriesMode::ObjectType,
                    &Default::default(),
                )
                .notable;
            let expected: Vec<&Notable> = from_events.iter().filter(|r| r.kind == kind).collect();
            assert_eq!(from_groups.iter().collect::<Vec<_>>(), expected, "{kind:?}");
        }
    }

    /// `n` removals by `user` starting at `start`, `gap` apart.
    fn removals(user: &str, n: usize, start: DateTime<Utc>, gap: Duration) -> Vec<Record> {
        (0..n)
            .map(|i| Record {
                dataset_id: Some(format!("d{}", i % 3)),
                ..event(user, "delete_dataset", start + gap * i as i32)
            })
            .collect()
    }

    #[test]
    fn ten_removals_ten_minutes_apart_are_a_burst_and_nine_are_not() {
        let ten = Duration::minutes(10);
        let mut records = removals("ann", 10, noon(), ten);
        records.extend(removals("bob", 9, noon(), ten));
        let found = notable_of(&records, "UTC");
        assert_eq!(found.len(), 1);
        let burst = &found[0];
        assert_eq!(
            (burst.kind, burst.user.as_str()),
            (NotableKind::BulkDelete, "ann")
        );
        assert_eq!(burst.count, 10);
        assert_eq!(burst.first, noon().timestamp_millis());
        assert_eq!(burst.last, (noon() + ten * 9).timestamp_millis());
        assert_eq!(burst.objects.len(), 3);
    }

    #[test]
    fn a_gap_of_ten_minutes_and_a_millisecond_splits_the_run() {
        let ten = Duration::minutes(10);
        let mut records = removals("ann", 5, noon(), ten);
        let later = noon() + ten * 4 + ten + Duration::milliseconds(1);
        records.extend(removals("ann", 5, later, ten));
        assert!(notable_of(&records, "UTC").is_empty());
        // Without the extra millisecond it is one burst of 10; `remove_` counts as removal, and
        // an action of another kind in between does not break the run.
        let mut records = removals("ann", 5, noon(), ten);
        records.push(event(
            "ann",
            "edit_dataset",
            noon() + ten * 4 + Duration::minutes(5),
        ));
        for i in 0..5 {
            records.push(event("ann", "remove_page", noon() + ten * (5 + i)));
        }
        let found = notable_of(&records, "UTC");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].count, 10);
    }

    #[test]
    fn access_changes_and_night_per_user_sorted_by_kind_count_user() {
        let records = vec![
            event("zoe", "edit_security_policy", noon()),
            event("ann", "add_user_to_group", noon()),
            event("ann", "remove_user_from_group", noon() + Duration::hours(1)),
            event("bob", "change_permission", noon()),
            // 23:30 UTC is 01:30 in Paris in June: night there, not in UTC.
            event(
                "bob",
                "edit_dataset",
                "2025-06-02T23:30:00Z".parse().unwrap(),
            ),
            event("", "edit_security_policy", noon()),
        ];
        let summary = |found: Vec<Notable>| -> Vec<(&'static str, String, usize)> {
            found
                .into_iter()
                .map(|n| (n.kind.name(), n.user, n.count))
                .collect()
        };
        assert_eq!(
            summary(notable_of(&records, "Europe/Paris")),
            [
                ("access", "ann".into(), 2),
                ("access", "bob".into(), 1),
                ("access", "zoe".into(), 1),
                ("night", "bob".into(), 1),
            ]
        );
        assert_eq!(summary(notable_of(&records, "UTC")).len(), 3);
    }

    /// The reference, written another way: owned records grouped in maps, times from chrono.
    fn reference(records: &[Record], zone: &str) -> Vec<(&'static str, String, usize, i64, i64)> {
        let tz: chrono_tz::Tz = zone.parse().unwrap();
        let mut by_user: BTreeMap<&str, Vec<&Record>> = BTreeMap::new();
        for record in records.iter().filter(|r| !r.user_id.is_empty()) {
            by_user.entry(&record.user_id).or_default().push(record);
        }
        let mut rows = Vec::new();
        for (user, mut list) in by_user {
            list.sort_by_key(|r| r.timestamp);
            let span = |l: &[&Record]| {
                (
                    l.len(),
                    l[0].timestamp.timestamp_millis(),
                    l[l.len() - 1].timestamp.timestamp_millis(),
                )
            };
            let deletions: Vec<&Record> = list
                .iter()
                .copied()
                .filter(|r| r.action.starts_with("delete_") || r.action.starts_with("remove_"))
                .collect();
            let mut run: Vec<&Record> = Vec::new();
            for record in deletions {
                if let Some(last) = run.last() {
                    if record.timestamp - last.timestamp > Duration::minutes(10) {
                        if run.len() >= 10 {
                            let (n, a, b) = span(&run);
                            rows.push(("bulk-delete", user.to_string(), n, a, b));
                        }
                        run.clear();
                    }
                }
                run.push(record);
            }
            if run.len() >= 10 {
                let (n, a, b) = span(&run);
                rows.push(("bulk-delete", user.to_string(), n, a, b));
            }
            let access: Vec<&Record> = list
                .iter()
                .copied()
                .filter(|r| {
                    ["security", "permission", "_user_to_", "_user_from_"]
                        .iter()
                        .any(|p| r.action.contains(p))
                })
                .collect();
            if !access.is_empty() {
                let (n, a, b) = span(&access);
                rows.push(("access", user.to_string(), n, a, b));
            }
            let night: Vec<&Record> = list
                .iter()
                .copied()
                .filter(|r| r.timestamp.with_timezone(&tz).hour() < 6)
                .collect();
            if !night.is_empty() {
                let (n, a, b) = span(&night);
                rows.push(("night", user.to_string(), n, a, b));
            }
        }
        let order = |kind: &str| {
            ["bulk-delete", "access", "night"]
                .iter()
                .position(|k| *k == kind)
        };
        rows.sort_by(|a, b| {
            order(a.0)
                .cmp(&order(b.0))
                .then(b.2.cmp(&a.2))
                .then(a.1.cmp(&b.1))
                .then(a.3.cmp(&b.3))
        });
        rows
    }

    #[test]
    fn matches_the_reference_on_generated_logs_with_bursts() {
        let now: DateTime<Utc> = "2025-11-05T12:00:00Z".parse().unwrap();
        let mut records = generate(
            &DemoOptions {
                seed: 11,
                events: 4_000,
                days: 120,
            },
            now,
        );
        // Bursts at and around the edges, among the generated events.
        let start: DateTime<Utc> = "2025-10-26T00:55:00Z".parse().unwrap();
        records.extend(removals("edge.ten", 10, start, Duration::minutes(10)));
        records.extend(removals("edge.nine", 9, start, Duration::minutes(10)));
        records.extend(removals("edge.gap", 12, start, Duration::seconds(601)));
        for zone in ["Europe/Paris", "America/New_York", "UTC"] {
            let found: Vec<_> = notable_of(&records, zone)
                .into_iter()
                .map(|n| (n.kind.name(), n.user, n.count, n.first, n.last))
                .collect();
            assert_eq!(found, reference(&records, zone), "{zone}");
            assert!(found
                .iter()
                .any(|n| n.0 == "bulk-delete" && n.1 == "edge.ten"));
        }
    }
}
