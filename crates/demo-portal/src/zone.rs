//! The demo portal's time zones, on jiff and its own copy of the time-zone database: a calendar
//! apart from the engine's (chrono and chrono-tz), so that a mistake in either one's local days,
//! hours or date bounds fails the tests that compare the app's figures with the portal's.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use jiff::tz::TimeZone;
use jiff::Timestamp;

/// A time zone a request named (`timezone=`), by its IANA name.
#[derive(Clone, Copy, Debug)]
pub struct Zone {
    name: &'static str,
    tz: &'static TimeZone,
}

impl PartialEq for Zone {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for Zone {}

static UTC_ZONE: TimeZone = TimeZone::UTC;

impl Zone {
    pub const UTC: Zone = Zone {
        name: "UTC",
        tz: &UTC_ZONE,
    };

    /// The zone's IANA name, as the database spells it.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The zone's offset from UTC at an instant, in milliseconds.
    pub fn offset_ms(&self, timestamp_ms: i64) -> i64 {
        Timestamp::from_millisecond(timestamp_ms).map_or(0, |instant| {
            i64::from(self.tz.to_offset(instant).seconds()) * 1000
        })
    }

    /// The zone's offset at an instant (as [`Self::offset_ms`]) and the first instant after it
    /// whose offset may differ (its next transition; `i64::MAX` when none comes): the offset
    /// holds from the instant until then.
    pub fn offset_until(&self, timestamp_ms: i64) -> (i64, i64) {
        let Ok(instant) = Timestamp::from_millisecond(timestamp_ms) else {
            return (0, timestamp_ms.saturating_add(1));
        };
        let offset = i64::from(self.tz.to_offset(instant).seconds()) * 1000;
        let next = self.tz.following(instant).next();
        (
            offset,
            next.map_or(i64::MAX, |t| t.timestamp().as_millisecond()),
        )
    }

    /// The first instant of a local date (midnight, or the end of a gap that skips it), in UTC
    /// milliseconds; dates out of jiff's range are clamped to its ends.
    pub fn start_of_day_ms(&self, date: NaiveDate) -> i64 {
        let civil = jiff::civil::Date::new(
            date.year().clamp(-9999, 9999) as i16,
            date.month() as i8,
            date.day() as i8,
        );
        let start = civil
            .and_then(|day| day.to_zoned(self.tz.clone()))
            .and_then(|zoned| zoned.start_of_day());
        match start {
            Ok(zoned) => zoned.timestamp().as_millisecond(),
            Err(_) if date.year() < 0 => i64::MIN,
            Err(_) => i64::MAX,
        }
    }

    /// An instant as the API renders it for `timezone=<zone>`: `2024-03-31T03:00:00+02:00`.
    pub fn format_rfc3339(&self, instant: DateTime<Utc>) -> String {
        self.format(instant, "%Y-%m-%dT%H:%M:%S%:z")
    }

    /// An instant's local time in the zone without its offset: `2024-03-31T03:00:00`.
    pub fn format_naive(&self, instant: DateTime<Utc>) -> String {
        self.format(instant, "%Y-%m-%dT%H:%M:%S")
    }

    /// An instant in the zone, to the second, with a `strftime` pattern.
    fn format(&self, instant: DateTime<Utc>, pattern: &str) -> String {
        Timestamp::from_second(instant.timestamp())
            .map(|at| at.to_zoned(self.tz.clone()).strftime(pattern).to_string())
            .unwrap_or_default()
    }
}

impl std::str::FromStr for Zone {
    type Err = String;

    /// A zone of jiff's database. Each zone is loaded once and kept for the process (there are
    /// a few hundred), keyed by its own name so that no spelling of a request adds one.
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        static KNOWN: OnceLock<Mutex<HashMap<&'static str, Zone>>> = OnceLock::new();
        if name == "UTC" {
            return Ok(Zone::UTC);
        }
        let unknown = || format!("unknown time zone {name:?}");
        let tz = jiff::tz::db().get(name).map_err(|_| unknown())?;
        let canonical = tz.iana_name().ok_or_else(unknown)?.to_string();
        let mut known = KNOWN
            .get_or_init(Mutex::default)
            .lock()
            .map_err(|_| unknown())?;
        if let Some(zone) = known.get(canonical.as_str()) {
            return Ok(*zone);
        }
        let zone = Zone {
            name: Box::leak(canonical.into_boxed_str()),
            tz: Box::leak(Box::new(tz)),
        };
        known.insert(zone.name, zone);
        Ok(zone)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    /// Expected values from the published rules (not from a library): Paris is UTC+1 in
    /// winter, UTC+2 from the last Sunday of March 01:00 UTC to the last Sunday of October
    /// 01:00 UTC; Lord Howe Island moves by 30 minutes; Santiago's clocks skip midnight.
    #[test]
    fn offsets_days_and_renderings_follow_the_rules() {
        let paris: Zone = "Europe/Paris".parse().unwrap();
        let ms = |text: &str| at(text).timestamp_millis();
        assert_eq!(paris.offset_ms(ms("2024-03-31T00:59:59Z")), 3_600_000);
        assert_eq!(paris.offset_ms(ms("2024-03-31T01:00:00Z")), 7_200_000);
        assert_eq!(paris.offset_ms(ms("2024-10-27T00:59:59Z")), 7_200_000);
        assert_eq!(paris.offset_ms(ms("2024-10-27T01:00:00Z")), 3_600_000);
        assert_eq!(
            paris.format_rfc3339(at("2024-03-31T01:00:00Z")),
            "2024-03-31T03:00:00+02:00"
        );
        assert_eq!(
            Zone::UTC.format_rfc3339(at("2024-03-31T01:00:00Z")),
            "2024-03-31T01:00:00+00:00"
        );
        let day = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap();
        assert_eq!(
            paris.start_of_day_ms(day("2024-03-31")),
            ms("2024-03-30T23:00:00Z")
        );
        let lord_howe: Zone = "Australia/Lord_Howe".parse().unwrap();
        // +10:30 in winter (July), +11:00 in summer (January).
        assert_eq!(lord_howe.offset_ms(ms("2024-07-01T00:00:00Z")), 37_800_000);
        assert_eq!(lord_howe.offset_ms(ms("2024-01-01T00:00:00Z")), 39_600_000);
        let santiago: Zone = "America/Santiago".parse().unwrap();
        // 2024-09-08: clocks go from 00:00 (-04) to 01:00 (-03); the day starts at 01:00 -03.
        assert_eq!(
            santiago.start_of_day_ms(day("2024-09-08")),
            ms("2024-09-08T04:00:00Z")
        );
    }

    #[test]
    fn names_are_the_databases_and_unknown_ones_are_refused() {
        let paris: Zone = "Europe/Paris".parse().unwrap();
        assert_eq!(paris.name(), "Europe/Paris");
        assert_eq!("UTC".parse::<Zone>().unwrap(), Zone::UTC);
        assert_eq!("Europe/Paris".parse::<Zone>().unwrap(), paris);
        assert!("Mars/Base".parse::<Zone>().is_err());
    }
}
