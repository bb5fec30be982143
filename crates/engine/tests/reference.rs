//! The engine's aggregates against a deliberately simple reference implementation (owned records,
//! chrono-tz dates, hash maps), over generated logs with the awkward cases: DST transitions,
//! events exactly at local midnight, null and empty fields, unknown action names, unicode ids and
//! HTML in diffs.
//!
//! Longer than 400 lines on purpose: the reference implementation and the awkward-case
//! generator it is checked on belong in one file, apart from the code under test.

// A test may unwrap and panic: a failure there is the point, and nothing here reads outside data.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Timelike, Utc};
use chrono_tz::Tz;
use engine::dashboard::Dashboard;
use engine::filter::{visible_rows, window_rows};
use engine::generator::{generate, DemoOptions};
use engine::grouped::{DayGroup, Groups, ObjectUserGroup};
use engine::series::{actions_over_time, weekday_counts};
use engine::stats::{action_counts, object_stats, top_users_by_action, user_stats};
use engine::{DateWindow, IndexedLog, ObjectType, Record, SeriesMode, Store};

fn set(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.is_empty())
}

/// The object rule, written out plainly.
fn reference_object(r: &Record) -> (&'static str, String) {
    if let Some(v) = set(&r.dataset_id) {
        ("dataset", v.into())
    } else if let Some(v) = set(&r.page_id) {
        ("page", v.into())
    } else if let Some(v) = set(&r.map_id) {
        ("map", v.into())
    } else if let Some(v) = set(&r.group_id) {
        ("group", v.into())
    } else if let Some(v) = set(&r.reuse_title) {
        ("reuse", v.into())
    } else if let Some(v) = set(&r.username) {
        ("user", v.into())
    } else {
        (
            "workspace",
            set(&r.subdomain_id).unwrap_or(&r.domain_id).into(),
        )
    }
}

fn workspace(r: &Record) -> &str {
    set(&r.subdomain_id).unwrap_or(&r.domain_id)
}

fn type_rank(name: &str) -> usize {
    [
        "dataset",
        "page",
        "map",
        "group",
        "reuse",
        "user",
        "workspace",
    ]
    .iter()
    .position(|t| *t == name)
    .unwrap()
}

/// Awkward records around `now` in Europe/Paris and New York.
fn edge_records(now: DateTime<Utc>) -> Vec<Record> {
    let paris = chrono_tz::Europe::Paris;
    let base = Record {
        timestamp: now,
        domain_id: "main".into(),
        user_id: "edge".into(),
        action: "edit_dataset".into(),
        ..Record::default()
    };
    let mut records = Vec::new();
    let today = now.with_timezone(&paris).date_naive();
    for back in 0..40 {
        let date = today - Duration::days(back);
        // Exactly local midnight, one millisecond before, and the instant of the DST changes.
        if let Some(midnight) = paris
            .from_local_datetime(&date.and_hms_opt(0, 0, 0).unwrap())
            .earliest()
        {
            let at = midnight.with_timezone(&Utc);
            records.push(Record {
                timestamp: at,
                dataset_id: Some("midnight".into()),
                ..base.clone()
            });
            records.push(Record {
                timestamp: at - Duration::milliseconds(1),
                page_id: Some("veille".into()),
                ..base.clone()
            });
        }
    }
    for instant in [
        "2024-03-31T00:59:59Z",
        "2024-03-31T01:00:00Z",
        "2024-10-27T00:59:59Z",
        "2024-10-27T01:00:00Z",
        "2024-10-27T01:30:00Z",
        "2024-11-03T05:59:59Z",
        "2024-11-03T06:00:00Z",
    ] {
        records.push(Record {
            timestamp: instant.parse().unwrap(),
            action: "publish_dataset".into(),
            dataset_id: Some("dst".into()),
            ..base.clone()
        });
    }
    let odd = [
        Record {
            dataset_id: Some(String::new()),
            page_id: Some("données-été✓".into()),
            ..base.clone()
        },
        Record {
            user_id: String::new(),
            action: "mystery_action_🙂".into(),
            ..base.clone()
        },
        Record {
            username: Some("新しい".into()),
            action: "add_user_to_domain".into(),
            ..base.clone()
        },
        Record {
            subdomain_id: Some("sub-€".into()),
            action: "edit_domain_property".into(),
            ..base.clone()
        },
        Record {
            subdomain_id: Some(String::new()),
            group_id: Some(String::new()),
            action: "frobnicate".into(),
            ..base.clone()
        },
        Record {
            reuse_title: Some("<b>Reuse</b>".into()),
            diff: Some("<script>alert(1)</script>".into()),
            ..base.clone()
        },
        Record {
            map_id: Some("m&p".into()),
            diff: Some("{\"html\": \"<p>x</p>\"}".into()),
            ..base.clone()
        },
    ];
    for (i, record) in odd.into_iter().enumerate() {
        records.push(Record {
            timestamp: now - Duration::hours(i as i64 * 7),
            ..record
        });
    }
    records
}

/// Per key: actions, the distinct things seen with it, the latest timestamp.
type Tally<'a, T> = (u64, HashSet<T>, i64);

struct Reference<'a> {
    rows: Vec<&'a Record>,
    tz: Tz,
}

impl<'a> Reference<'a> {
    fn new(
        records: &'a [Record],
        zone: &str,
        window: &DateWindow,
        workspace_filter: Option<&str>,
        mode: SeriesMode,
        hidden: &BTreeSet<String>,
    ) -> Self {
        let tz: Tz = zone.parse().unwrap();
        let rows = records
            .iter()
            .filter(|r| {
                let local = r.timestamp.with_timezone(&tz).date_naive();
                window.from <= local && local <= window.to
            })
            .filter(|r| workspace_filter.is_none_or(|w| workspace(r) == w))
            .filter(|r| {
                let name = match mode {
                    SeriesMode::ObjectType => reference_object(r).0.to_string(),
                    SeriesMode::Action => r.action.clone(),
                };
                !hidden.contains(&name)
            })
            .collect();
        Reference { rows, tz }
    }

    fn per_day(&self, mode: SeriesMode) -> BTreeMap<(NaiveDate, String), u32> {
        let mut counts = BTreeMap::new();
        for r in &self.rows {
            let name = match mode {
                SeriesMode::ObjectType => reference_object(r).0.to_string(),
                SeriesMode::Action => r.action.clone(),
            };
            *counts
                .entry((r.timestamp.with_timezone(&self.tz).date_naive(), name))
                .or_default() += 1;
        }
        counts
    }

    /// Events per object type, action and local day.
    fn day_groups(&self) -> Vec<DayGroup> {
        let mut counts: HashMap<(&'static str, String, NaiveDate), u64> = HashMap::new();
        for r in &self.rows {
            let day = r.timestamp.with_timezone(&self.tz).date_naive();
            *counts
                .entry((reference_object(r).0, r.action.clone(), day))
                .or_default() += 1;
        }
        counts
            .into_iter()
            .map(|((kind, action, day), events)| DayGroup {
                kind: ObjectType::from_name(kind).unwrap(),
                action,
                day,
                events,
            })
            .collect()
    }

    fn weekdays(&self) -> [u64; 7] {
        let mut counts = [0; 7];
        for r in &self.rows {
            counts[r
                .timestamp
                .with_timezone(&self.tz)
                .weekday()
                .num_days_from_monday() as usize] += 1;
        }
        counts
    }

    fn objects(&self) -> Vec<(String, String, u64, u32, i64)> {
        let mut map: HashMap<(&str, String), Tally<&str>> = HashMap::new();
        for r in &self.rows {
            let entry = map
                .entry(reference_object(r))
                .or_insert((0, HashSet::new(), i64::MIN));
            entry.0 += 1;
            if !r.user_id.is_empty() {
                entry.1.insert(&r.user_id);
            }
            entry.2 = entry.2.max(r.timestamp.timestamp_millis());
        }
        let mut list: Vec<_> = map
            .into_iter()
            .map(|((kind, id), (n, users, last))| {
                (kind.to_string(), id, n, users.len() as u32, last)
            })
            .collect();
        list.sort_by(|a, b| {
            b.2.cmp(&a.2)
                .then(type_rank(&a.0).cmp(&type_rank(&b.0)))
                .then(a.1.cmp(&b.1))
        });
        list
    }

    fn users(&self) -> Vec<(String, u64, u32, i64)> {
        let mut map: HashMap<&str, Tally<(&str, String)>> = HashMap::new();
        for r in self.rows.iter().filter(|r| !r.user_id.is_empty()) {
            let entry = map
                .entry(&r.user_id)
                .or_insert((0, HashSet::new(), i64::MIN));
            entry.0 += 1;
            entry.1.insert(reference_object(r));
            entry.2 = entry.2.max(r.timestamp.timestamp_millis());
        }
        let mut list: Vec<_> = map
            .into_iter()
            .map(|(user, (n, objects, last))| (user.to_string(), n, objects.len() as u32, last))
            .collect();
        list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        list
    }

    fn actions(&self) -> Vec<(String, u64)> {
        let mut map: HashMap<&str, u64> = HashMap::new();
        for r in &self.rows {
            *map.entry(&r.action).or_default() += 1;
        }
        let mut list: Vec<_> = map.into_iter().map(|(a, n)| (a.to_string(), n)).collect();
        list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        list
    }
}

fn check(
    records: &[Record],
    zone: &str,
    window: DateWindow,
    workspace_filter: Option<&str>,
    mode: SeriesMode,
    hidden: BTreeSet<String>,
) {
    let label = format!(
        "{zone} {}..{} ws={workspace_filter:?} {mode:?} hide={hidden:?}",
        window.from, window.to
    );
    let log = IndexedLog::new(Store::from_records(records), zone.parse().unwrap());
    let in_window = window_rows(&log, &window, workspace_filter);
    let rows = visible_rows(&log, &in_window, mode, &hidden);
    let reference = Reference::new(records, zone, &window, workspace_filter, mode, &hidden);
    assert_eq!(rows.len(), reference.rows.len(), "{label}: row count");
    assert!(
        !rows.is_empty(),
        "{label}: the case should select something"
    );

    // Actions over time: every day present, zeros where nothing happened.
    let series = actions_over_time(&log, &rows, &window, mode);
    assert_eq!(series.days.len(), window.day_count(), "{label}");
    let mut ours = BTreeMap::new();
    for s in &series.series {
        assert_eq!(s.counts.len(), window.day_count());
        assert_eq!(s.total, s.counts.iter().map(|&c| u64::from(c)).sum::<u64>());
        for (day, &count) in series.days.iter().zip(&s.counts) {
            if count > 0 {
                ours.insert((*day, s.name.clone()), count);
            }
        }
    }
    assert_eq!(ours, reference.per_day(mode), "{label}: per day");
    assert_eq!(
        weekday_counts(&log, &rows),
        reference.weekdays(),
        "{label}: weekdays"
    );

    let objects: Vec<_> = object_stats(&log, &rows)
        .into_iter()
        .map(|o| (o.kind.name().to_string(), o.id, o.actions, o.users, o.last))
        .collect();
    assert_eq!(objects, reference.objects(), "{label}: objects");
    let users: Vec<_> = user_stats(&log, &rows)
        .into_iter()
        .map(|u| (u.user, u.actions, u.objects, u.last))
        .collect();
    assert_eq!(users, reference.users(), "{label}: users");
    assert_eq!(
        action_counts(&log, &rows),
        reference.actions(),
        "{label}: actions"
    );

    // The same figures from the groups a portal answers with (portal-side aggregation).
    let every_series = Reference::new(
        records,
        zone,
        &window,
        workspace_filter,
        mode,
        &BTreeSet::new(),
    );
    let grouped = Dashboard::from_groups(&portal_groups(&reference, &every_series), &window, mode);
    assert_eq!(
        grouped.series,
        actions_over_time(&log, &in_window, &window, mode),
        "{label}: grouped series"
    );
    assert_eq!(
        grouped.weekdays,
        reference.weekdays(),
        "{label}: grouped weekdays"
    );
    let grouped_objects: Vec<_> = grouped
        .objects
        .iter()
        .map(|o| {
            (
                o.kind.name().to_string(),
                o.id.clone(),
                o.actions,
                o.users,
                o.last,
            )
        })
        .collect();
    assert_eq!(
        grouped_objects,
        reference.objects(),
        "{label}: grouped objects"
    );
    let grouped_users: Vec<_> = grouped
        .users
        .iter()
        .map(|u| (u.user.clone(), u.actions, u.objects, u.last))
        .collect();
    assert_eq!(grouped_users, reference.users(), "{label}: grouped users");
    assert_eq!(
        grouped.actions,
        reference.actions(),
        "{label}: grouped actions"
    );
    assert_eq!(
        (grouped.kpis.actions, grouped.kpis.users),
        (reference.rows.len(), reference.users().len()),
        "{label}: grouped KPIs"
    );
    assert_eq!(
        grouped.users_by_action,
        top_users_by_action(&log, &rows, &user_stats(&log, &rows), 10),
        "{label}: grouped users by action"
    );

    let stacked = top_users_by_action(&log, &rows, &user_stats(&log, &rows), 10);
    let top: Vec<_> = reference.users().into_iter().take(10).collect();
    assert_eq!(
        stacked.users,
        top.iter().map(|u| u.0.clone()).collect::<Vec<_>>(),
        "{label}"
    );
    for (u, user) in top.iter().enumerate() {
        assert_eq!(
            stacked.counts[u].iter().sum::<u64>(),
            user.1,
            "{label}: {}'s actions",
            user.0
        );
    }
}

/// What a portal answers to the dashboard's `group_by` queries on these rows: keys exactly as
/// stored (null and "" are different groups), days and hours in the zone, counts per group.
fn portal_groups(visible: &Reference, every_series: &Reference) -> Groups {
    // (object fields, user) → (events, latest)
    type Key = (Vec<Option<String>>, String);
    let mut object_users: HashMap<Key, (u64, i64)> = HashMap::new();
    let mut week_hours: HashMap<(u8, u8), u64> = HashMap::new();
    let mut actions: HashMap<String, u64> = HashMap::new();
    for r in &visible.rows {
        let key = vec![
            r.dataset_id.clone(),
            r.page_id.clone(),
            r.map_id.clone(),
            r.group_id.clone(),
            r.reuse_title.clone(),
            r.username.clone(),
            r.subdomain_id.clone(),
            Some(r.domain_id.clone()),
        ];
        let group = object_users
            .entry((key, r.user_id.clone()))
            .or_insert((0, i64::MIN));
        group.0 += 1;
        group.1 = group.1.max(r.timestamp.timestamp_millis());
        let local = r.timestamp.with_timezone(&visible.tz);
        *week_hours
            .entry((
                local.weekday().num_days_from_monday() as u8,
                local.hour() as u8,
            ))
            .or_default() += 1;
        *actions.entry(r.action.clone()).or_default() += 1;
    }
    let top: Vec<String> = visible.users().into_iter().take(10).map(|u| u.0).collect();
    let mut users_by_action: HashMap<(String, String), u64> = HashMap::new();
    for r in visible.rows.iter().filter(|r| top.contains(&r.user_id)) {
        *users_by_action
            .entry((r.user_id.clone(), r.action.clone()))
            .or_default() += 1;
    }
    Groups {
        object_users: object_users
            .into_iter()
            .map(|((fields, user), (actions, last))| ObjectUserGroup {
                fields: fields.try_into().unwrap(),
                user: Some(user),
                actions,
                last,
            })
            .collect(),
        days: every_series.day_groups(),
        week_hours: week_hours
            .into_iter()
            .map(|((d, h), n)| (d, h, n))
            .collect(),
        actions: actions.into_iter().collect(),
        users_by_action: users_by_action
            .into_iter()
            .map(|((u, a), n)| (u, a, n))
            .collect(),
    }
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

#[test]
fn aggregates_equal_the_reference_across_zones_windows_and_filters() {
    let now: DateTime<Utc> = "2024-11-06T11:00:00Z".parse().unwrap();
    let mut records = generate(
        &DemoOptions {
            seed: 11,
            events: 4_000,
            days: 250,
        },
        now,
    );
    records.extend(edge_records(now));
    let hide = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<BTreeSet<_>>();
    let autumn = DateWindow {
        from: date("2024-10-20"),
        to: date("2024-11-06"),
    };
    let spring = DateWindow {
        from: date("2024-03-25"),
        to: date("2024-04-02"),
    };
    for zone in ["Europe/Paris", "UTC", "America/New_York", "Asia/Kolkata"] {
        check(
            &records,
            zone,
            autumn,
            None,
            SeriesMode::ObjectType,
            hide(&[]),
        );
        check(
            &records,
            zone,
            spring,
            None,
            SeriesMode::ObjectType,
            hide(&[]),
        );
    }
    check(
        &records,
        "Europe/Paris",
        autumn,
        None,
        SeriesMode::ObjectType,
        hide(&["dataset", "page"]),
    );
    check(
        &records,
        "Europe/Paris",
        autumn,
        None,
        SeriesMode::Action,
        hide(&["edit_dataset"]),
    );
    check(
        &records,
        "Europe/Paris",
        autumn,
        Some("demo-regional"),
        SeriesMode::ObjectType,
        hide(&[]),
    );
    check(
        &records,
        "Europe/Paris",
        autumn,
        Some("main"),
        SeriesMode::Action,
        hide(&[]),
    );
    check(
        &records,
        "Europe/Paris",
        DateWindow {
            from: date("2024-10-27"),
            to: date("2024-10-27"),
        },
        None,
        SeriesMode::ObjectType,
        hide(&[]),
    );
}

#[test]
fn a_day_without_events_is_a_zero_not_a_gap() {
    let at = |ts: &str| Record {
        timestamp: ts.parse().unwrap(),
        user_id: "u".into(),
        action: "a".into(),
        dataset_id: Some("d".into()),
        ..Record::default()
    };
    let records = [at("2024-01-01T10:00:00Z"), at("2024-01-03T10:00:00Z")];
    let log = IndexedLog::new(Store::from_records(&records), "UTC".parse().unwrap());
    let window = DateWindow {
        from: date("2024-01-01"),
        to: date("2024-01-04"),
    };
    let rows = window_rows(&log, &window, None);
    let series = actions_over_time(&log, &rows, &window, SeriesMode::ObjectType);
    assert_eq!(series.series.len(), 1);
    assert_eq!(series.series[0].name, "dataset");
    assert_eq!(series.series[0].counts, vec![1, 0, 1, 0]);
}

#[test]
fn the_edge_records_really_are_in_the_log() {
    let now: DateTime<Utc> = "2024-11-06T11:00:00Z".parse().unwrap();
    let records = edge_records(now);
    let log = IndexedLog::new(
        Store::from_records(&records),
        "Europe/Paris".parse().unwrap(),
    );
    assert!(log.workspaces().contains(&"sub-€".to_string()));
    let window = DateWindow {
        from: date("2024-10-01"),
        to: date("2024-11-06"),
    };
    let actions: Vec<String> = action_counts(&log, &window_rows(&log, &window, None))
        .into_iter()
        .map(|a| a.0)
        .collect();
    assert!(actions.contains(&"mystery_action_🙂".to_string()));
}
