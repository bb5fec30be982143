//! The engine's aggregates against a deliberately simple reference implementation (owned records,
//! jiff's calendar and time-zone database rather than the engine's chrono-tz, hash maps), over
//! generated logs with the awkward cases: DST transitions (a 30-minute one included), events
//! exactly at local midnight and a millisecond either side of a change, null and empty fields,
//! unknown action names, unicode ids and HTML in diffs. Fixed cases, then a property test over
//! random windows (days, weeks past 92 days, months past 731), zones, hidden series of both kinds
//! and workspaces.
//! The reference itself is `common/reference_model.rs`, which the app's portal test shares.

// A test may unwrap and panic: a failure there is the point, and nothing here reads outside data.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use engine::dashboard::Dashboard;
use engine::filter::{window_rows, window_rows_among};
use engine::generator::{generate, DemoOptions};
use engine::series::actions_over_time;
use engine::{DateWindow, IndexedLog, Record, SeriesMode, Store};
use proptest::prelude::*;

#[path = "common/reference_model.rs"]
mod reference_model;
use reference_model::*;

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
    // A millisecond either side of the changes of zones whose clocks move by 30 minutes (Lord
    // Howe Island, 2024-04-07 and 2024-10-06) or skip midnight (Santiago, 2024-04-07 and
    // 2024-09-08), and of Paris's.
    for change in [
        "2024-04-06T15:00:00Z",
        "2024-10-05T15:30:00Z",
        "2024-04-07T03:00:00Z",
        "2024-09-08T04:00:00Z",
        "2024-03-31T01:00:00Z",
        "2024-10-27T01:00:00Z",
    ] {
        let at: DateTime<Utc> = change.parse().unwrap();
        for shift in [-1, 0, 1] {
            records.push(Record {
                timestamp: at + Duration::milliseconds(shift),
                action: "edit_map".into(),
                map_id: Some("dst-ms".into()),
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
    let rows = window_rows(&log, &window, workspace_filter);
    let reference = Reference::new(records, zone, &window, workspace_filter, mode, &hidden);
    let every_series = Reference::new(
        records,
        zone,
        &window,
        workspace_filter,
        mode,
        &BTreeSet::new(),
    );
    assert_eq!(rows.len(), every_series.rows.len(), "{label}: row count");
    // Read a third of the log at a time (as a load counts its window), the same rows.
    let third = log.store.len() / 3 + 1;
    let in_slices: Vec<u32> = (0..log.store.len())
        .step_by(third)
        .flat_map(|start| window_rows_among(&log, &window, workspace_filter, start..start + third))
        .collect();
    assert_eq!(in_slices, rows, "{label}: the window read in slices");

    // Actions over time from rows (a history's chart): every bar present (days, weeks or
    // months), zeros where nothing happened; the bars' first days are the reference's, day by
    // day.
    let series = actions_over_time(&log, &rows, &window, mode);
    let mut first_days: Vec<NaiveDate> = window
        .from
        .iter_days()
        .take_while(|day| *day <= window.to)
        .map(|day| bucket_of(&window, day))
        .collect();
    first_days.dedup();
    assert_eq!(series.days, first_days, "{label}: bars");
    for s in &series.series {
        assert_eq!(s.counts.len(), first_days.len());
        assert_eq!(s.total, s.counts.iter().map(|&c| u64::from(c)).sum::<u64>());
    }
    assert_eq!(
        bars(&series),
        every_series.per_bucket(&window, mode),
        "{label}: per bar"
    );

    // The dashboard as the app computes it, then the same figures from the groups a portal
    // answers with (portal-side aggregation), each against the reference alone.
    let filter = engine::ViewFilter {
        window,
        workspace: workspace_filter.map(str::to_string),
        mode,
        hidden: hidden.clone(),
        marks: Default::default(),
    };
    let dashboard = Dashboard::compute(&log, &filter);
    assert_is_reference(&dashboard, &reference, &every_series, &window, mode, &label);
    // The same figures from groups counted by the reference (its calendar, its object rule):
    // the finalizer alone, apart from the engine's producer.
    let grouped = every_series
        .groups()
        .dashboard(&window, mode, &filter.hidden);
    // The notable actions' candidates (removals, access changes, night hours) as the
    // reference picks them give the rows the engine's producer gives.
    assert_eq!(grouped.notable, dashboard.notable, "{label}: notable");
    let label = format!("{label} (from groups)");
    assert_is_reference(&grouped, &reference, &every_series, &window, mode, &label);
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
    let filter = engine::ViewFilter {
        window,
        workspace: None,
        mode: SeriesMode::Action,
        hidden: BTreeSet::new(),
        marks: Default::default(),
    };
    let actions: Vec<String> = Dashboard::compute(&log, &filter)
        .actions
        .into_iter()
        .map(|a| a.0)
        .collect();
    assert!(actions.contains(&"mystery_action_🙂".to_string()));
}

/// The generated log with the awkward cases, made once for every case of the property test.
fn shared_log() -> &'static [Record] {
    static LOG: std::sync::OnceLock<Vec<Record>> = std::sync::OnceLock::new();
    LOG.get_or_init(|| {
        let now: DateTime<Utc> = "2024-11-06T11:00:00Z".parse().unwrap();
        let mut records = generate(
            &DemoOptions {
                seed: 23,
                events: 3_000,
                days: 300,
            },
            now,
        );
        records.extend(edge_records(now));
        records
    })
}

/// A view of the shared log: a window of days (bars of days), up to two years (weeks) or more
/// (months), starting anywhere from before the log to its end; a zone; a workspace; hidden
/// series of either kind.
fn any_view() -> impl Strategy<
    Value = (
        String,
        DateWindow,
        Option<&'static str>,
        SeriesMode,
        BTreeSet<String>,
    ),
> {
    let zone = prop_oneof![
        Just("Europe/Paris"),
        Just("UTC"),
        Just("America/New_York"),
        Just("Asia/Kolkata"),
        Just("Australia/Lord_Howe"),
        Just("America/Santiago"),
    ];
    let length = prop_oneof![1i64..=92, 93i64..=731, 732i64..=1_000];
    let workspace = prop_oneof![
        Just(None),
        Just(Some("main")),
        Just(Some("demo-regional")),
        Just(Some("sub-€")),
    ];
    let types = proptest::sample::subsequence(TYPES.to_vec(), 0..3);
    let actions = proptest::sample::subsequence(
        vec![
            "edit_dataset",
            "publish_dataset",
            "edit_map",
            "mystery_action_🙂",
        ],
        0..3,
    );
    let series = prop_oneof![
        types.prop_map(|hidden| (SeriesMode::ObjectType, hidden)),
        actions.prop_map(|hidden| (SeriesMode::Action, hidden)),
    ];
    (zone, 0i64..=330, length, workspace, series).prop_map(
        |(zone, start, length, workspace, (mode, hidden))| {
            let from = date("2023-12-15") + Duration::days(start);
            let window = DateWindow {
                from,
                to: from + Duration::days(length - 1),
            };
            let hidden = hidden.into_iter().map(str::to_string).collect();
            (zone.to_string(), window, workspace, mode, hidden)
        },
    )
}

proptest! {
    // 48 cases by default (under a second); PROPTEST_CASES sets more (FUZZING.md).
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(48)
    ))]

    /// Any view: the engine's figures, and those assembled from a portal's groups, equal the
    /// reference's.
    #[test]
    fn any_view_equals_the_reference((zone, window, workspace, mode, hidden) in any_view()) {
        check(shared_log(), &zone, window, workspace, mode, hidden);
    }
}
