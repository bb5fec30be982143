//! Local time on the demo portal: each row's UTC offset in a zone, computed once per zone (on
//! both cores) and kept, so that `hour(timestamp)` and `date_format` cost an addition per row.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use crate::zone::Zone;

use crate::table::Table;

/// Each row's UTC offset (seconds) in one zone, once computed.
type ZoneOffsets = Arc<OnceLock<Arc<Vec<i32>>>>;

/// The offsets of every row, per zone asked so far.
#[derive(Debug, Default)]
pub struct Offsets {
    by_zone: Mutex<HashMap<&'static str, ZoneOffsets>>,
}

impl Offsets {
    /// Each row's UTC offset in `zone`, in seconds. Requests that come together for a zone not
    /// yet known wait for the first to compute it, rather than each computing it.
    pub fn of(&self, table: &Table, zone: Zone) -> Arc<Vec<i32>> {
        let cell = match self.by_zone.lock() {
            Ok(mut by_zone) => by_zone.entry(zone.name()).or_default().clone(),
            Err(_) => Arc::default(),
        };
        cell.get_or_init(|| Arc::new(offsets_of(table.timestamps(), zone)))
            .clone()
    }
}

/// The offsets of `timestamps`, in two halves on two threads. An offset holds until the zone's
/// next transition: rows in time order ask the zone once per transition, not once each.
fn offsets_of(timestamps: &[i64], zone: Zone) -> Vec<i32> {
    let offsets_in = |part: &[i64]| -> Vec<i32> {
        // The offset known to hold over [from, until).
        let (mut from, mut until, mut offset) = (i64::MAX, i64::MIN, 0);
        part.iter()
            .map(|&ms| {
                if ms < from || ms >= until {
                    let (offset_ms, next) = zone.offset_until(ms);
                    (from, until, offset) = (ms, next, (offset_ms / 1000) as i32);
                }
                offset
            })
            .collect()
    };
    let (first, second) = timestamps.split_at(timestamps.len() / 2);
    std::thread::scope(|scope| {
        let later = scope.spawn(|| offsets_in(second));
        let mut offsets = offsets_in(first);
        match later.join() {
            Ok(rest) => offsets.extend(rest),
            Err(_) => offsets.extend(offsets_in(second)),
        }
        offsets
    })
}

/// A row's local time in milliseconds (as if the zone were UTC).
pub fn local_ms(timestamp_ms: i64, offset_seconds: i32) -> i64 {
    timestamp_ms + i64::from(offset_seconds) * 1000
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_follow_daylight_saving_time() {
        let paris: Zone = "Europe/Paris".parse().unwrap();
        let at = |t: &str| {
            t.parse::<chrono::DateTime<chrono::Utc>>()
                .unwrap()
                .timestamp_millis()
        };
        // Clocks go forward at 01:00Z on 2025-03-30.
        let timestamps = [
            at("2025-03-30T00:59:59Z"),
            at("2025-03-30T01:00:00Z"),
            at("2025-07-01T00:00:00Z"),
        ];
        assert_eq!(offsets_of(&timestamps, paris), [3600, 7200, 7200]);
        assert_eq!(offsets_of(&timestamps, Zone::UTC), [0, 0, 0]);
        assert_eq!(offsets_of(&[], paris), Vec::<i32>::new());
    }

    /// Each row's offset asked of the zone alone, row by row, on instants out of order around
    /// both of a year's transitions (and the instants of the transitions themselves).
    #[test]
    fn offsets_by_transition_are_each_rows_own() {
        for name in [
            "Europe/Paris",
            "America/New_York",
            "Australia/Lord_Howe",
            "UTC",
        ] {
            let zone: Zone = name.parse().unwrap();
            let spring = 1_743_296_400_000; // 2025-03-30T01:00:00Z
            let autumn = 1_761_440_400_000; // 2025-10-26T01:00:00Z
            let mut timestamps = Vec::new();
            for around in [
                spring,
                autumn,
                spring + 3_600_000 * 5,
                autumn - 3_600_000 * 6,
            ] {
                for step in -40..40_i64 {
                    timestamps.push(around + step * 450_000 - 1);
                    timestamps.push(around + step * 450_000);
                }
            }
            timestamps.extend([spring - 1, spring, autumn, 0, spring]);
            let own: Vec<i32> = timestamps
                .iter()
                .map(|&ms| (zone.offset_ms(ms) / 1000) as i32)
                .collect();
            assert_eq!(offsets_of(&timestamps, zone), own, "{name}");
            timestamps.sort_unstable();
            let own: Vec<i32> = timestamps
                .iter()
                .map(|&ms| (zone.offset_ms(ms) / 1000) as i32)
                .collect();
            assert_eq!(offsets_of(&timestamps, zone), own, "{name}, in order");
        }
    }
}
