//! Time zones as tables of UTC offsets from 1970 to 2100, sampled from a source as they are used.
//!
//! The engine does not carry the tz database: a source gives a zone's offset at an instant
//! (the bundled database natively, with the `tzdb` feature; the browser's `Intl` in the app,
//! which saves the wasm a megabyte) and the engine samples it into a table of changes, ten
//! years at a time as they are asked about. Every question after that (offset, local day,
//! local time to instant) is a binary search.

use std::fmt;
use std::str::FromStr;
use std::sync::{Mutex, OnceLock};

use chrono::{DateTime, FixedOffset, NaiveDateTime, Offset, Utc};

/// The instants the table covers: from 1970 (the earliest window) to the end of 2100 (the
/// latest). Before, the zone keeps its 1970 offset; after, its last one.
const TABLE_START_MS: i64 = 0;
const TABLE_END_MS: i64 = 4_133_980_800_000; // 2101-01-01T00:00:00Z
/// Offsets are sampled five days apart, then each change is found by bisection to the second.
/// Two changes closer than that which cancel out would be missed: the closest pair in the tz
/// database since 1970 is Gaza's, 6.96 days apart (this module's tests check every change
/// jiff's tables list; at a 14-day step they fail).
const SAMPLE_STEP_MS: i64 = 5 * 86_400_000;
const PRECISION_MS: i64 = 1000;
const TWO_DAYS_MS: i64 = 2 * 86_400_000;

/// Where zones come from: a zone's offsets by name, and the names to offer.
#[derive(Clone, Copy)]
pub struct ZoneSource {
    /// The zone's name as the source spells it and its offset (seconds east of UTC) at a UTC
    /// instant in milliseconds; `None` for a name the source does not know.
    pub offsets: fn(&str) -> Option<(String, OffsetAt)>,
    /// Every zone name the source knows.
    pub names: fn() -> Vec<String>,
}

/// A zone's UTC offset in seconds at an instant in milliseconds.
pub type OffsetAt = Box<dyn FnMut(i64) -> i32>;

static SOURCE: OnceLock<ZoneSource> = OnceLock::new();

/// Sets where zones come from, once per thread of the program (later calls change nothing):
/// the app gives the browser's `Intl` before it reads its first zone.
pub fn set_zone_source(source: ZoneSource) {
    let _ = SOURCE.set(source);
}

fn source() -> Option<ZoneSource> {
    SOURCE.get().copied().or(DEFAULT_SOURCE)
}

#[cfg(feature = "tzdb")]
const DEFAULT_SOURCE: Option<ZoneSource> = Some(crate::tzdb::SOURCE);
#[cfg(not(feature = "tzdb"))]
const DEFAULT_SOURCE: Option<ZoneSource> = None;

/// The table is sampled a span of a year at a time, when an instant of it is first asked
/// about: a view of this quarter samples one span or two (about 110 offsets each, a ms on a
/// page's first task, where ten years took 7–11), not 131 years.
const SPAN_MS: i64 = 365 * 86_400_000;
const SPANS: usize = ((TABLE_END_MS - TABLE_START_MS + SPAN_MS - 1) / SPAN_MS) as usize;

/// A zone's offsets: fixed (UTC), or sampled from its source a span at a time.
struct OffsetTable {
    name: &'static str,
    fixed_offset_ms: Option<i64>,
    spans: [OnceLock<Span>; SPANS],
}

/// The offsets of one span: the one at its start, then each change with the instant it takes
/// effect (`(instant_ms, offset_ms)`, by instant).
#[derive(Debug, PartialEq, Eq)]
struct Span {
    first_offset_ms: i64,
    changes: Vec<(i64, i64)>,
}

impl Span {
    fn offset_at(&self, instant_ms: i64) -> i64 {
        match self.changes.partition_point(|&(at, _)| at <= instant_ms) {
            0 => self.first_offset_ms,
            after => self.changes.get(after - 1).map_or(0, |&(_, offset)| offset),
        }
    }
}

static UTC_TABLE: OffsetTable = OffsetTable {
    name: "UTC",
    fixed_offset_ms: Some(0),
    spans: [const { OnceLock::new() }; SPANS],
};

/// The zones named so far: each is kept for the program's life (a few kilobytes once sampled),
/// which makes `Zone` a copyable reference.
static BUILT: Mutex<Vec<&'static OffsetTable>> = Mutex::new(Vec::new());

/// An IANA time zone.
#[derive(Clone, Copy)]
pub struct Zone(&'static OffsetTable);

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown time zone {0:?}: expected an IANA name such as Europe/Paris or UTC")]
pub struct UnknownZone(pub String);

impl Zone {
    pub const UTC: Zone = Zone(&UTC_TABLE);

    pub fn name(&self) -> &'static str {
        self.0.name
    }

    /// The zone's UTC offset at an instant, in milliseconds.
    pub fn offset_ms(&self, timestamp_ms: i64) -> i64 {
        match self.0.fixed_offset_ms {
            Some(offset) => offset,
            None => self.span(span_of(timestamp_ms)).offset_at(timestamp_ms),
        }
    }

    /// The offset in force at an instant and the instants it holds over (`[from, until)`,
    /// within one span of the table): a pass over instants in time order looks each change
    /// up once instead of searching the table at every instant.
    pub fn offset_in_force(&self, timestamp_ms: i64) -> (i64, std::ops::Range<i64>) {
        if let Some(offset) = self.0.fixed_offset_ms {
            return (offset, i64::MIN..i64::MAX);
        }
        let index = span_of(timestamp_ms);
        let span = self.span(index);
        // Before the first span and after the last, the span's first and last offsets hold.
        let span_start = match index {
            0 => i64::MIN,
            _ => TABLE_START_MS + index as i64 * SPAN_MS,
        };
        let span_end = match index + 1 < SPANS {
            true => TABLE_START_MS + (index as i64 + 1) * SPAN_MS,
            false => i64::MAX,
        };
        let after = span.changes.partition_point(|&(at, _)| at <= timestamp_ms);
        let (from, offset) = match after.checked_sub(1).and_then(|i| span.changes.get(i)) {
            Some(&(at, offset)) => (at, offset),
            None => (span_start, span.first_offset_ms),
        };
        let until = span.changes.get(after).map_or(span_end, |&(at, _)| at);
        (offset, from..until)
    }

    /// Span `index` of the table, sampled the first time it is asked for.
    fn span(&self, index: usize) -> &'static Span {
        let table = self.0;
        // `span_of` keeps indexes within the table; the clamp says so to the reader.
        let lock = &table.spans[index.min(SPANS - 1)];
        lock.get_or_init(|| {
            let start = TABLE_START_MS + index as i64 * SPAN_MS;
            let end = (start + SPAN_MS).min(TABLE_END_MS);
            match source().and_then(|source| (source.offsets)(table.name)) {
                Some((_, offset_at)) => sample(offset_at, start, end),
                None => Span {
                    first_offset_ms: 0,
                    changes: Vec::new(),
                },
            }
        })
    }

    /// The earliest instant a local time (read as milliseconds since the local epoch) names,
    /// `None` in a gap the clocks skipped.
    pub(crate) fn earliest_instant_of_local_ms(&self, local_ms: i64) -> Option<i64> {
        // An instant is right when its own offset is the one assumed. Offsets are at most a
        // day from UTC, so the instant lies within a day of the local time: the candidates are
        // the offsets in force within two days of it.
        let in_force_before = self.offset_ms(local_ms - TWO_DAYS_MS);
        std::iter::once(in_force_before)
            .chain(self.changes_near(local_ms))
            .map(|offset| local_ms - offset)
            .filter(|&instant| self.offset_ms(instant) == local_ms - instant)
            .min()
    }

    /// Every offset that takes effect within two days of an instant.
    fn changes_near(&self, instant_ms: i64) -> Vec<i64> {
        if self.0.fixed_offset_ms.is_some() {
            return Vec::new();
        }
        let (from, to) = (instant_ms - TWO_DAYS_MS, instant_ms + TWO_DAYS_MS);
        (span_of(from)..=span_of(to))
            .flat_map(|index| &self.span(index).changes)
            .filter(|&&(at, _)| (from..=to).contains(&at))
            .map(|&(_, offset)| offset)
            .collect()
    }

    /// The local date and time of an instant.
    pub fn local_date_time(&self, instant: DateTime<Utc>) -> DateTime<FixedOffset> {
        let offset_ms = self.offset_ms(instant.timestamp_millis());
        let offset = FixedOffset::east_opt((offset_ms / 1000) as i32).unwrap_or(Utc.fix());
        instant.with_timezone(&offset)
    }

    /// The local time of an instant, as a naive date and time.
    pub fn naive_local(&self, timestamp_ms: i64) -> Option<NaiveDateTime> {
        DateTime::from_timestamp_millis(timestamp_ms + self.offset_ms(timestamp_ms))
            .map(|local| local.naive_utc())
    }
}

impl PartialEq for Zone {
    fn eq(&self, other: &Self) -> bool {
        self.0.name == other.0.name
    }
}

impl Eq for Zone {}

impl fmt::Debug for Zone {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.debug_tuple("Zone").field(&self.0.name).finish()
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Zone {
    type Err = UnknownZone;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        if name == "UTC" {
            return Ok(Zone::UTC);
        }
        let unknown = || UnknownZone(name.to_string());
        let mut built = BUILT.lock().map_err(|_| unknown())?;
        if let Some(table) = built.iter().find(|table| table.name == name) {
            return Ok(Zone(table));
        }
        let (spelled, offset_at) = source()
            .and_then(|source| (source.offsets)(name))
            .ok_or_else(unknown)?;
        if let Some(table) = built.iter().find(|table| table.name == spelled) {
            return Ok(Zone(table));
        }
        // The source knows the name: its offsets are sampled when first asked for.
        drop(offset_at);
        let table: &'static OffsetTable = Box::leak(Box::new(OffsetTable {
            name: Box::leak(spelled.into_boxed_str()),
            fixed_offset_ms: None,
            spans: [const { OnceLock::new() }; SPANS],
        }));
        built.push(table);
        Ok(Zone(table))
    }
}

/// The span of the table an instant falls in (the first before 1970, the last after 2100).
fn span_of(instant_ms: i64) -> usize {
    let index = (instant_ms - TABLE_START_MS).div_euclid(SPAN_MS);
    index.clamp(0, SPANS as i64 - 1) as usize
}

/// Samples a zone's offsets over `[start, end)` into a span's table of changes.
fn sample(mut offset_at: OffsetAt, start: i64, end: i64) -> Span {
    let mut offset_ms = |instant: i64| i64::from(offset_at(instant)) * 1000;
    let first_offset_ms = offset_ms(start);
    let mut changes = Vec::new();
    let (mut before, mut before_offset) = (start, first_offset_ms);
    while before < end {
        let after = (before + SAMPLE_STEP_MS).min(end);
        let after_offset = offset_ms(after);
        if after_offset != before_offset {
            // The offset changed in (before, after]: bisect to the first instant of the new one.
            // A change inside the step that the sampling could not see is found here too when
            // the offset at `after` differs.
            let (mut low, mut high) = (before, after);
            while high - low > PRECISION_MS {
                let middle = low + (high - low) / 2 / PRECISION_MS * PRECISION_MS;
                let middle = if middle == low {
                    low + PRECISION_MS
                } else {
                    middle
                };
                if offset_ms(middle) == before_offset {
                    low = middle;
                } else {
                    high = middle;
                }
            }
            let at_high = offset_ms(high);
            changes.push((high, at_high));
            if at_high != after_offset {
                // Two changes in one step: go on from the first.
                (before, before_offset) = (high, at_high);
                continue;
            }
        }
        (before, before_offset) = (after, after_offset);
    }
    Span {
        first_offset_ms,
        changes,
    }
}

/// Every zone name the source knows, sorted, UTC among them.
pub fn zone_names() -> &'static [&'static str] {
    static NAMES: OnceLock<Vec<&'static str>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names: Vec<&'static str> = source()
            .map(|source| (source.names)())
            .unwrap_or_default()
            .into_iter()
            .map(|name| &*Box::leak(name.into_boxed_str()))
            .collect();
        if !names.contains(&"UTC") {
            names.push("UTC");
        }
        crate::sorting::sort(&mut names);
        names.dedup();
        names
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offsets(changes: &'static [(i64, i32)]) -> OffsetAt {
        Box::new(move |instant| {
            changes
                .iter()
                .take_while(|(at, _)| *at <= instant)
                .last()
                .map_or(0, |(_, offset)| *offset)
        })
    }

    /// `offset_in_force` gives the offset `offset_ms` gives, over a range that holds it at
    /// both ends, around every change of hard zones, at the table's span boundaries and
    /// beyond its ends.
    #[test]
    fn an_offset_in_force_holds_over_its_range() {
        const HOUR_MS: i64 = 3_600_000;
        for name in [
            "Europe/Paris",
            "America/New_York",
            "Australia/Lord_Howe",
            "Pacific/Apia",
            "Asia/Kathmandu",
            "UTC",
        ] {
            let zone: Zone = name.parse().unwrap();
            let mut instants: Vec<i64> = (-24..=1_200).map(|i| i * 30 * 24 * HOUR_MS).collect();
            for span in 0..=SPANS as i64 {
                let start = TABLE_START_MS + span * SPAN_MS;
                instants.extend([start - 1, start, start + 1]);
            }
            let changes: Vec<i64> = (0..SPANS)
                .flat_map(|index| zone_changes(zone, index))
                .collect();
            for at in changes {
                instants.extend([at - 1, at, at + 1, at + 6 * HOUR_MS]);
            }
            instants.extend([TABLE_END_MS + 400 * 24 * HOUR_MS, -400 * 24 * HOUR_MS]);
            for ts in instants {
                let (offset, range) = zone.offset_in_force(ts);
                assert_eq!(offset, zone.offset_ms(ts), "{name} at {ts}");
                assert!(range.contains(&ts), "{name} at {ts}: {range:?}");
                let ends = [range.start, range.end.saturating_sub(1)];
                for end in ends
                    .into_iter()
                    .filter(|t| (-(1 << 50)..1 << 50).contains(t))
                {
                    assert_eq!(zone.offset_ms(end), offset, "{name}: {ts} in {range:?}");
                }
            }
        }
    }

    fn zone_changes(zone: Zone, span: usize) -> Vec<i64> {
        if zone.0.fixed_offset_ms.is_some() {
            return Vec::new();
        }
        zone.span(span).changes.iter().map(|&(at, _)| at).collect()
    }

    #[test]
    fn sampling_finds_each_change_to_the_second() {
        const HOUR: i32 = 3600;
        // A change at an odd second, then two changes four days apart within one week's step
        // (the second one not back to the first offset).
        static CHANGES: [(i64, i32); 3] = [
            (86_400_000 * 100 + 1_234_000, HOUR),
            (86_400_000 * 300, 2 * HOUR),
            (86_400_000 * 304, 3 * HOUR),
        ];
        let table = sample(offsets(&CHANGES), TABLE_START_MS, TABLE_START_MS + SPAN_MS);
        assert_eq!(table.first_offset_ms, 0);
        assert_eq!(
            table.changes,
            CHANGES
                .iter()
                .map(|&(at, offset)| (at, i64::from(offset) * 1000))
                .collect::<Vec<_>>()
        );
    }

    fn ms(rfc3339: &str) -> i64 {
        DateTime::parse_from_rfc3339(rfc3339)
            .unwrap()
            .timestamp_millis()
    }

    fn local_ms(text: &str) -> i64 {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M")
            .unwrap()
            .and_utc()
            .timestamp_millis()
    }

    #[test]
    fn a_local_time_names_its_earliest_instant_or_none_in_a_gap() {
        let paris: Zone = "Europe/Paris".parse().unwrap();
        // 02:30 happened twice on 2024-10-27 (+02:00, then +01:00): the earlier.
        assert_eq!(
            paris.earliest_instant_of_local_ms(local_ms("2024-10-27 02:30")),
            Some(ms("2024-10-27T00:30:00Z"))
        );
        // 02:30 never happened on 2024-03-31.
        assert_eq!(
            paris.earliest_instant_of_local_ms(local_ms("2024-03-31 02:30")),
            None
        );
        // Samoa skipped 2011-12-30 altogether (−10:00 to +14:00).
        let samoa: Zone = "Pacific/Apia".parse().unwrap();
        assert_eq!(
            samoa.earliest_instant_of_local_ms(local_ms("2011-12-30 12:00")),
            None
        );
        assert_eq!(
            samoa.earliest_instant_of_local_ms(local_ms("2011-12-31 00:00")),
            Some(ms("2011-12-30T10:00:00Z"))
        );
    }

    #[test]
    fn zones_are_named_once_and_unknown_names_are_errors() {
        assert_eq!("UTC".parse::<Zone>().unwrap(), Zone::UTC);
        let first: Zone = "America/New_York".parse().unwrap();
        let again: Zone = "America/New_York".parse().unwrap();
        assert!(std::ptr::eq(first.0, again.0));
        assert_eq!(first.name(), "America/New_York");
        assert!("Mars/Olympus".parse::<Zone>().is_err());
        assert!(zone_names().contains(&"Europe/Paris"));
        assert!(zone_names().windows(2).all(|pair| pair[0] < pair[1]));
    }

    /// Sampling misses no change: at every change of every zone from 1970 to 2100 that jiff's
    /// own tables list (an independent list of where to look), and a second before, the table
    /// gives what its source (chrono-tz) gives. (The two databases' versions differ on a few
    /// zones, so the offsets are compared with the source, the instants taken from jiff.)
    #[test]
    fn the_table_keeps_every_change_jiff_knows_of() {
        use jiff::{tz::TimeZone, Timestamp};
        let start = Timestamp::from_millisecond(TABLE_START_MS).unwrap();
        let mut mismatches = Vec::new();
        let mut compared = 0;
        for name in jiff::tz::db().available() {
            let (Ok(zone), Some((_, mut source))) = (
                name.as_str().parse::<Zone>(),
                (crate::tzdb::SOURCE.offsets)(name.as_str()),
            ) else {
                continue;
            };
            let reference = TimeZone::get(name.as_str()).unwrap();
            for transition in reference.following(start) {
                let at = transition.timestamp().as_millisecond();
                if at >= TABLE_END_MS {
                    break;
                }
                for instant in [at - 1000, at] {
                    compared += 1;
                    if zone.offset_ms(instant) != i64::from(source(instant)) * 1000 {
                        mismatches.push((name.to_string(), instant));
                    }
                }
            }
        }
        assert!(compared > 100_000, "only {compared} instants compared");
        assert_eq!(mismatches, Vec::<(String, i64)>::new());
    }
}
