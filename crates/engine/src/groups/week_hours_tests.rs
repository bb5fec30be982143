//! When in the week: actions by local weekday and local hour, in the log's zone, DST-correct
//! (the hour skipped in spring holds nothing; the hour repeated in autumn holds both), as the
//! groups count them.
use chrono::{DateTime, Datelike, Timelike, Utc};

use crate::generator::{generate, DemoOptions};
use crate::groups::Groups;
use crate::indexed::IndexedLog;
use crate::record::Record;
use crate::store::Store;

fn at(rfc3339: &str) -> Record {
    Record {
        timestamp: rfc3339.parse().unwrap(),
        domain_id: "ws".into(),
        user_id: "u".into(),
        action: "edit_dataset".into(),
        ..Record::default()
    }
}

fn counts_of(records: &[Record], zone: &str) -> [[u64; 24]; 7] {
    let log = IndexedLog::new(Store::from_records(records), zone.parse().unwrap());
    let rows: Vec<u32> = (0..records.len() as u32).collect();
    let any_window = crate::DateWindow::parse("2025-01-01", "2025-01-01").unwrap();
    let groups = Groups::of_rows(&log, &rows);
    let shown = groups.dashboard(
        &any_window,
        crate::SeriesMode::ObjectType,
        &Default::default(),
    );
    shown.week_hours
}

#[test]
fn the_skipped_hour_holds_nothing_and_the_repeated_one_both() {
    // Paris, Sunday 2025-03-30: 01:59:59 CET, then 03:00 CEST.
    let spring = counts_of(
        &[at("2025-03-30T00:59:59Z"), at("2025-03-30T01:00:00Z")],
        "Europe/Paris",
    );
    assert_eq!((spring[6][1], spring[6][2], spring[6][3]), (1, 0, 1));
    // Paris, Sunday 2025-10-26: 02:30 CEST, then 02:30 CET.
    let autumn = counts_of(
        &[at("2025-10-26T00:30:00Z"), at("2025-10-26T01:30:00Z")],
        "Europe/Paris",
    );
    assert_eq!(autumn[6][2], 2);
    // New York, Sunday 2025-11-02: 01:30 EDT, then 01:30 EST; and midnight is hour 0.
    let new_york = counts_of(
        &[
            at("2025-11-02T05:30:00Z"),
            at("2025-11-02T06:30:00Z"),
            at("2025-11-03T05:00:00Z"),
        ],
        "America/New_York",
    );
    assert_eq!((new_york[6][1], new_york[0][0]), (2, 1));
}

/// The reference: chrono's own local time of each record.
#[test]
fn matches_chrono_on_generated_logs_in_several_zones() {
    let now: DateTime<Utc> = "2025-11-05T12:00:00Z".parse().unwrap();
    let options = DemoOptions {
        seed: 7,
        events: 5_000,
        days: 300,
    };
    let records = generate(&options, now);
    for zone in ["Europe/Paris", "America/New_York", "Asia/Kolkata", "UTC"] {
        let tz: chrono_tz::Tz = zone.parse().unwrap();
        let mut expected = [[0u64; 24]; 7];
        for record in &records {
            let local = record.timestamp.with_timezone(&tz);
            let weekday = local.weekday().num_days_from_monday() as usize;
            expected[weekday][local.hour() as usize] += 1;
        }
        assert_eq!(counts_of(&records, zone), expected, "{zone}");
    }
}
