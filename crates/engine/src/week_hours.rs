//! When in the week: actions by local weekday and local hour, in the log's zone, DST-correct
//! (the hour skipped in spring holds nothing; the hour repeated in autumn holds both).

use crate::calendar::weekday_of_day;
use crate::indexed::IndexedLog;

/// Actions per local weekday (Monday first) and local hour (0–23).
pub fn weekday_hours(log: &IndexedLog, rows: &[u32]) -> [[u64; 24]; 7] {
    let mut counts = [[0u64; 24]; 7];
    for &row in rows {
        let row = row as usize;
        let weekday = usize::from(weekday_of_day(log.days.days[row]));
        let hour = usize::from(log.days.hours[row]);
        if let Some(cell) = counts.get_mut(weekday).and_then(|day| day.get_mut(hour)) {
            *cell += 1;
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Datelike, Timelike, Utc};

    use super::*;
    use crate::generator::{generate, DemoOptions};
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
        weekday_hours(&log, &rows)
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
}
