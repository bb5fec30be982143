//! Time zones, local days and date windows.
//!
//! A day is a local calendar day of the selected zone, numbered as days since 1970-01-01
//! (a plain `i32`, so that bucketing is integer work). A DST day has 23 or 25 hours; a window
//! `[from, to]` covers `[from 00:00, to + 1 day 00:00)` local time.

use chrono::{DateTime, Days, NaiveDate, NaiveDateTime, NaiveTime, Utc};

use crate::store::Store;
pub use crate::zone::{set_zone_source, zone_names, OffsetAt, UnknownZone, Zone, ZoneSource};

const MS_PER_DAY: i64 = 86_400_000;

impl Zone {
    /// The local day number of an instant (milliseconds since the epoch).
    pub fn local_day(&self, timestamp_ms: i64) -> i32 {
        self.local_day_and_hour(timestamp_ms).0
    }

    /// The local day number and hour (0–23) of an instant. On the day clocks go forward the
    /// skipped hour never occurs; on the day they go back the repeated hour occurs twice.
    pub fn local_day_and_hour(&self, timestamp_ms: i64) -> (i32, u8) {
        day_and_hour_of_local(timestamp_ms + self.offset_ms(timestamp_ms))
    }

    /// The first instant of a local date: midnight, or the end of a DST gap that skips it.
    pub fn start_of_day_ms(&self, date: NaiveDate) -> i64 {
        self.instant_of_local(date.and_time(NaiveTime::MIN))
    }

    /// The instant (UTC milliseconds) a local time of the zone names: the earlier one when the
    /// clocks went back over it; in a gap the clocks skipped, where they resumed.
    pub fn instant_of_local(&self, local: NaiveDateTime) -> i64 {
        // A gap is at most a few hours; step forward until a local time exists.
        let local_ms = local.and_utc().timestamp_millis();
        (0..=24 * 4)
            .map(|quarters| local_ms + quarters * 15 * 60_000)
            .find_map(|shifted| self.earliest_instant_of_local_ms(shifted))
            .unwrap_or(local_ms)
    }

    /// Today's local date at the instant `now_ms`.
    pub fn today(&self, now_ms: i64) -> NaiveDate {
        date_of_day(self.local_day(now_ms))
    }

    /// `YYYY-MM-DD HH:MM:SS` in this zone.
    pub fn format(&self, timestamp_ms: i64) -> String {
        match self.naive_local(timestamp_ms) {
            Some(local) => crate::date_text::date_time_text(local),
            None => String::from("(out of range)"),
        }
    }

    /// RFC 3339 in this zone, as the API renders timestamps for `timezone=<zone>`.
    pub fn format_rfc3339(&self, instant: DateTime<Utc>) -> String {
        self.local_date_time(instant)
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
    }
}

/// Day number (days since 1970-01-01) of a date.
pub fn day_of_date(date: NaiveDate) -> i32 {
    (date - NaiveDate::default()).num_days() as i32
}

/// The date of a day number.
pub fn date_of_day(day: i32) -> NaiveDate {
    NaiveDate::default()
        .checked_add_signed(chrono::Duration::days(i64::from(day)))
        .unwrap_or_default()
}

/// Day of the week of a day number: 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday).
pub fn weekday_of_day(day: i32) -> u8 {
    (day + 3).rem_euclid(7) as u8
}

/// An inclusive range of local dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateWindow {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum WindowError {
    #[error("{0:?} is not a date: expected YYYY-MM-DD")]
    NotADate(String),
    #[error("the window starts ({from}) after it ends ({to})")]
    Reversed { from: NaiveDate, to: NaiveDate },
}

impl DateWindow {
    /// The `days` days ending with `today`, today included.
    pub fn last_days(today: NaiveDate, days: u32) -> Self {
        let from = today
            .checked_sub_days(Days::new(u64::from(days.saturating_sub(1))))
            .unwrap_or(today);
        DateWindow { from, to: today }
    }

    /// The platform's default: the last two weeks, today included.
    pub fn default_for(today: NaiveDate) -> Self {
        Self::last_days(today, 14)
    }

    pub fn parse(from: &str, to: &str) -> Result<Self, WindowError> {
        let date = |text: &str| {
            crate::date_text::parse_date(text)
                .ok_or_else(|| WindowError::NotADate(text.to_string()))
        };
        let window = DateWindow {
            from: date(from)?,
            to: date(to)?,
        };
        if window.from > window.to {
            return Err(WindowError::Reversed {
                from: window.from,
                to: window.to,
            });
        }
        Ok(window)
    }

    /// The first and last dates a window may hold: a link asking for years 1 to 9999 would
    /// otherwise size every per-day array by ten thousand years.
    pub const EARLIEST: NaiveDate = match NaiveDate::from_ymd_opt(1970, 1, 1) {
        Some(date) => date,
        None => NaiveDate::MIN,
    };
    pub const LATEST: NaiveDate = match NaiveDate::from_ymd_opt(2100, 12, 31) {
        Some(date) => date,
        None => NaiveDate::MAX,
    };

    /// The window within [`Self::EARLIEST`], [`Self::LATEST`] (still at least one day), and
    /// whether that changed it.
    pub fn bounded(self) -> (DateWindow, bool) {
        let clamp = |date: NaiveDate| date.clamp(Self::EARLIEST, Self::LATEST);
        let bounded = DateWindow {
            from: clamp(self.from),
            to: clamp(self.to),
        };
        (bounded, bounded != self)
    }

    pub fn first_day(&self) -> i32 {
        day_of_date(self.from)
    }

    pub fn last_day(&self) -> i32 {
        day_of_date(self.to)
    }

    pub fn day_count(&self) -> usize {
        (self.last_day() - self.first_day() + 1).max(0) as usize
    }

    /// The period to compare with: as many local days, ending the day before `from`.
    pub fn previous(&self) -> DateWindow {
        let days = self.day_count() as u64;
        let to = self.from.pred_opt().unwrap_or(self.from);
        let from = to
            .checked_sub_days(Days::new(days.saturating_sub(1)))
            .unwrap_or(to);
        DateWindow { from, to }
    }

    /// From the start of one window to the end of the other: what to load to show both.
    pub fn spanning(&self, other: &DateWindow) -> DateWindow {
        DateWindow {
            from: self.from.min(other.from),
            to: self.to.max(other.to),
        }
    }

    /// `[start, end)` of the window in UTC milliseconds, for a zone.
    pub fn utc_span(&self, zone: Zone) -> (i64, i64) {
        (
            zone.start_of_day_ms(self.from),
            zone.start_of_day_ms(self.end_exclusive()),
        )
    }

    /// The day after `to`: the exclusive end the API's `where` is given.
    pub fn end_exclusive(&self) -> NaiveDate {
        self.to.succ_opt().unwrap_or(self.to)
    }
}

/// The day number and hour (0–23) of a local time (milliseconds since the local epoch).
fn day_and_hour_of_local(local_ms: i64) -> (i32, u8) {
    let day = local_ms.div_euclid(MS_PER_DAY) as i32;
    let hour = (local_ms.rem_euclid(MS_PER_DAY) / 3_600_000) as u8;
    (day, hour)
}

/// The local day and hour of every event of a store, for one zone: computed once per zone,
/// then every day, weekday and hour bucket is an integer lookup.
#[derive(Clone, Debug)]
pub struct LocalDays {
    pub zone: Zone,
    pub days: Vec<i32>,
    /// 0–23, local.
    pub hours: Vec<u8>,
}

impl LocalDays {
    pub fn compute(store: &Store, zone: Zone) -> Self {
        let mut days = LocalDays::empty(zone);
        days.extend_to(store, store.len());
        days
    }

    /// No rows yet: [`LocalDays::extend_to`] adds them.
    pub fn empty(zone: Zone) -> Self {
        LocalDays {
            zone,
            days: Vec::new(),
            hours: Vec::new(),
        }
    }

    /// Adds the local days and hours of `store`'s rows after those already here, up to `end`
    /// (a page indexes a large store a slice at a time).
    pub fn extend_to(&mut self, store: &Store, end: usize) {
        let start = self.days.len();
        let timestamps = store
            .timestamps()
            .get(start..end.min(store.len()))
            .unwrap_or_default();
        self.days.reserve(timestamps.len());
        self.hours.reserve(timestamps.len());
        // Rows mostly come in time order: the offset found for one holds for the next ones
        // until the zone's next change.
        let mut in_force = (0, 0..0);
        for &ts in timestamps {
            if !in_force.1.contains(&ts) {
                in_force = self.zone.offset_in_force(ts);
            }
            let (day, hour) = day_and_hour_of_local(ts + in_force.0);
            self.days.push(day);
            self.hours.push(hour);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paris() -> Zone {
        "Europe/Paris".parse().unwrap()
    }

    fn ms(rfc3339: &str) -> i64 {
        DateTime::parse_from_rfc3339(rfc3339)
            .unwrap()
            .timestamp_millis()
    }

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn utc_bounds(window: &DateWindow, zone: Zone) -> (i64, i64) {
        window.utc_span(zone)
    }

    /// The pass over a store that reuses an offset until the zone's next change gives each
    /// row the day and hour of its own instant, in time order or not.
    #[test]
    fn local_days_of_a_store_are_each_instants_own() {
        const HOUR_MS: i64 = 3_600_000;
        let start = ms("2024-03-28T00:00:00Z");
        let mut instants: Vec<i64> = (0..24 * 8 * 4).map(|i| start + i * HOUR_MS / 4).collect();
        instants.extend((0..24 * 4).map(|i| ms("2024-10-25T00:00:00Z") + i * HOUR_MS * 3 / 2));
        // A fixed shuffle: out of time order, back and forth across the changes.
        let shuffled: Vec<i64> = (0..instants.len())
            .map(|i| instants[(i * 97) % instants.len()])
            .collect();
        for order in [instants, shuffled] {
            let records: Vec<crate::Record> = order
                .iter()
                .map(|&at| crate::Record {
                    timestamp: DateTime::from_timestamp_millis(at).unwrap(),
                    ..crate::Record::default()
                })
                .collect();
            let store = Store::from_records(&records);
            for zone in [paris(), "America/New_York".parse().unwrap(), Zone::UTC] {
                // Whole, and a slice at a time as the page computes them.
                let mut in_slices = LocalDays::empty(zone);
                for end in (7..store.len() + 7).step_by(7) {
                    in_slices.extend_to(&store, end);
                }
                in_slices.extend_to(&store, 1);
                for days in [LocalDays::compute(&store, zone), in_slices] {
                    assert_eq!(days.days.len(), order.len());
                    for (row, &at) in order.iter().enumerate() {
                        let expected = zone.local_day_and_hour(at);
                        assert_eq!((days.days[row], days.hours[row]), expected, "{at}");
                    }
                }
            }
        }
    }

    #[test]
    fn local_day_follows_the_zone_not_utc() {
        let instant = ms("2024-01-01T23:30:00Z");
        assert_eq!(
            date_of_day(Zone::UTC.local_day(instant)),
            date("2024-01-01")
        );
        assert_eq!(date_of_day(paris().local_day(instant)), date("2024-01-02"));
        let tokyo_eve = ms("2024-01-01T14:59:59Z");
        let tokyo: Zone = "Asia/Tokyo".parse().unwrap();
        assert_eq!(date_of_day(tokyo.local_day(tokyo_eve)), date("2024-01-01"));
        assert_eq!(
            date_of_day(tokyo.local_day(tokyo_eve + 1000)),
            date("2024-01-02")
        );
    }

    #[test]
    fn dst_days_have_23_and_25_hours() {
        let spring = DateWindow::parse("2024-03-31", "2024-03-31").unwrap();
        let (start, end) = utc_bounds(&spring, paris());
        assert_eq!(end - start, 23 * 3_600_000);
        let autumn = DateWindow::parse("2024-10-27", "2024-10-27").unwrap();
        let (start, end) = utc_bounds(&autumn, paris());
        assert_eq!(end - start, 25 * 3_600_000);
        // The last second of the 25-hour day is still that day.
        assert_eq!(
            date_of_day(paris().local_day(end - 1000)),
            date("2024-10-27")
        );
    }

    #[test]
    fn a_day_whose_midnight_does_not_exist_starts_when_it_does() {
        // Santiago skipped from 2022-09-11 00:00 to 01:00.
        let santiago: Zone = "America/Santiago".parse().unwrap();
        let start = santiago.start_of_day_ms(date("2022-09-11"));
        assert_eq!(start, ms("2022-09-11T01:00:00-03:00"));
        assert_eq!(date_of_day(santiago.local_day(start)), date("2022-09-11"));
        assert_eq!(
            date_of_day(santiago.local_day(start - 1)),
            date("2022-09-10")
        );
    }

    #[test]
    fn event_exactly_at_local_midnight_belongs_to_the_new_day() {
        let midnight = ms("2024-06-10T00:00:00+02:00");
        assert_eq!(date_of_day(paris().local_day(midnight)), date("2024-06-10"));
        assert_eq!(
            date_of_day(paris().local_day(midnight - 1)),
            date("2024-06-09")
        );
    }

    #[test]
    fn days_follow_the_zone_across_dst() {
        let store = Store::from_records(&[crate::Record {
            timestamp: "2024-03-31T00:59:59Z".parse().unwrap(),
            action: "a".into(),
            ..crate::Record::default()
        }]);
        let local = LocalDays::compute(&store, paris());
        // 01:59:59 in Paris, an hour before the spring change.
        assert_eq!(date_of_day(local.days[0]), date("2024-03-31"));
        assert_eq!(weekday_of_day(local.days[0]), 6); // a Sunday
    }

    #[test]
    fn weekday_is_monday_first() {
        assert_eq!(weekday_of_day(day_of_date(date("2024-01-01"))), 0); // a Monday
        assert_eq!(weekday_of_day(day_of_date(date("2024-01-07"))), 6);
        assert_eq!(weekday_of_day(day_of_date(date("1969-12-29"))), 0);
    }

    #[test]
    fn default_window_is_fourteen_days_ending_today() {
        let window = DateWindow::default_for(date("2024-03-05"));
        assert_eq!(window.from, date("2024-02-21"));
        assert_eq!(window.to, date("2024-03-05"));
        assert_eq!(window.day_count(), 14);
    }

    #[test]
    fn today_depends_on_the_zone() {
        let now = ms("2024-03-04T23:30:00Z");
        assert_eq!(Zone::UTC.today(now), date("2024-03-04"));

        let huge = DateWindow::parse("0001-01-01", "9999-12-31").unwrap();
        assert_eq!(
            huge.bounded(),
            (DateWindow::parse("1970-01-01", "2100-12-31").unwrap(), true)
        );
        let ancient = DateWindow::parse("0001-01-01", "0002-01-01").unwrap();
        assert_eq!(ancient.bounded().0.day_count(), 1);
        let usual = DateWindow::parse("2024-01-01", "2024-01-14").unwrap();
        assert_eq!(usual.bounded(), (usual, false));
        assert_eq!(paris().today(now), date("2024-03-05"));
    }

    #[test]
    fn bad_windows_and_zones_are_errors() {
        assert!(matches!(
            DateWindow::parse("2024-13-01", "2024-01-01"),
            Err(WindowError::NotADate(_))
        ));
        assert!(matches!(
            DateWindow::parse("2024-02-01", "2024-01-01"),
            Err(WindowError::Reversed { .. })
        ));
        assert!("Mars/Olympus".parse::<Zone>().is_err());
    }

    #[test]
    fn formats_in_the_zone() {
        let instant = ms("2024-07-01T10:00:00Z");
        assert_eq!(paris().format(instant), "2024-07-01 12:00:00");
        let utc = DateTime::from_timestamp_millis(instant).unwrap();
        assert_eq!(paris().format_rfc3339(utc), "2024-07-01T12:00:00+02:00");
    }
}
