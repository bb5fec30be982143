//! Dates and times read from and written to text, without chrono's `strftime` machinery.
//!
//! `parse_from_str` and `format` bring chrono's general format parser and writer into the wasm
//! (about 25 kB of code) for four fixed shapes; these functions write and read those shapes
//! directly, with chrono's own `Display` of a date and its RFC 3339 reader.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Timelike};

/// `YYYY-MM-DD`, as in a link's `from`, `to` and `day`, a date input's value or a portal's
/// day group; the month and the day may have one digit (`2024-3-5`), as chrono's `%Y-%m-%d`
/// allowed. The year has four digits: this log's dates are all of years 1–9999.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let mut parts = text.split('-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let year = number(year, 4..=4)?;
    let month = number(month, 1..=2)?;
    let day = number(day, 1..=2)?;
    NaiveDate::from_ymd_opt(year as i32, month, day)
}

/// The value of `text` if it is only ASCII digits, as many as `digits` allows.
fn number(text: &str, digits: std::ops::RangeInclusive<usize>) -> Option<u32> {
    if !digits.contains(&text.len()) || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// `YYYY-MM-DDTHH:MM:SS` with an optional fraction and no offset: a local time as a portal
/// may write a group's date (`2024-03-05T00:00:00`). Read by chrono's RFC 3339 reader, as if
/// it were UTC, so that it keeps its fields as written.
pub fn parse_local_date_time(text: &str) -> Option<NaiveDateTime> {
    // A text with an offset of its own fails here: the reader refuses a second one.
    DateTime::parse_from_rfc3339(&format!("{}Z", text.trim()))
        .ok()
        .map(|at| at.naive_utc())
}

/// `YYYY-MM-DD HH:MM:SS`: an event's local time in a table, a tooltip or a CSV.
pub fn date_time_text(local: NaiveDateTime) -> String {
    format!(
        "{} {:02}:{:02}:{:02}",
        local.date(),
        local.hour(),
        local.minute(),
        local.second()
    )
}

/// `YYYY-MM-DD HH:MM`: a time to the minute.
pub fn date_minute_text(local: NaiveDateTime) -> String {
    format!("{} {:02}:{:02}", local.date(), local.hour(), local.minute())
}

/// `YYYY-MM`: a month (the month of `date`).
pub fn month_text(date: NaiveDate) -> String {
    let mut text = date.to_string();
    // A date's text ends with `-DD`.
    text.truncate(text.len().saturating_sub(3));
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).unwrap()
    }

    #[test]
    fn dates_read_as_written() {
        assert_eq!(parse_date("2024-03-05"), Some(ymd(2024, 3, 5)));
        assert_eq!(parse_date("2024-3-5"), Some(ymd(2024, 3, 5)));
        assert_eq!(parse_date("0001-01-01"), Some(ymd(1, 1, 1)));
        assert_eq!(parse_date("9999-12-31"), Some(ymd(9999, 12, 31)));
        assert_eq!(parse_date("2024-02-29"), Some(ymd(2024, 2, 29)));
    }

    #[test]
    fn what_is_not_a_date_is_refused() {
        for text in [
            "",
            "2024",
            "2024-03",
            "2023-02-29",
            "2024-13-01",
            "2024-00-10",
            "2024-03-00",
            "2024-03-32",
            "2024-03-05-01",
            "24-03-05",
            "02024-03-05",
            "2024-003-05",
            "2024-03-005",
            "2024-+3-05",
            "+024-03-05",
            "2024-03-05T00:00",
            " 2024-03-05",
            "2024/03/05",
            "２０２４-03-05",
        ] {
            assert_eq!(parse_date(text), None, "{text:?}");
        }
    }

    proptest::proptest! {
        /// chrono's general parser, which these functions replace, is the reference: the
        /// same date from the same text, padded or not, and the same refusals.
        #[test]
        fn dates_agree_with_chrono(
            year in 0i32..=9999,
            month in 0u32..=13,
            day in 0u32..=32,
            pad_month: bool,
            pad_day: bool,
        ) {
            let month = if pad_month { format!("{month:02}") } else { month.to_string() };
            let day = if pad_day { format!("{day:02}") } else { day.to_string() };
            let text = format!("{year:04}-{month}-{day}");
            let chrono = NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok();
            proptest::prop_assert_eq!(parse_date(&text), chrono);
        }

        #[test]
        fn what_is_read_is_what_chrono_reads(text in "[0-9]{3,5}-[0-9+ ]{1,3}-[0-9 ]{1,3}") {
            if let Some(date) = parse_date(&text) {
                proptest::prop_assert_eq!(Some(date), NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok());
            }
        }

        #[test]
        fn written_times_agree_with_chrono(seconds in -62_135_596_800i64..253_402_300_799) {
            let local = DateTime::from_timestamp(seconds, 0).unwrap().naive_utc();
            proptest::prop_assert_eq!(date_time_text(local), local.format("%Y-%m-%d %H:%M:%S").to_string());
            proptest::prop_assert_eq!(date_minute_text(local), local.format("%Y-%m-%d %H:%M").to_string());
            proptest::prop_assert_eq!(month_text(local.date()), local.format("%Y-%m").to_string());
        }
    }

    #[test]
    fn local_date_times_keep_their_fields() {
        let at = |h, m, s, ms| ymd(2024, 3, 31).and_hms_milli_opt(h, m, s, ms).unwrap();
        assert_eq!(
            parse_local_date_time("2024-03-31T02:30:00"),
            Some(at(2, 30, 0, 0))
        );
        assert_eq!(
            parse_local_date_time(" 2024-03-31T23:59:59.250 "),
            Some(at(23, 59, 59, 250))
        );
        for text in [
            "2024-03-31T02:30:00Z",
            "2024-03-31T02:30:00+01:00",
            "2024-03-31T02:30:00-05:00",
            "2024-03-31",
            "2024-03-31T25:00:00",
            "nonsense",
        ] {
            assert_eq!(parse_local_date_time(text), None, "{text:?}");
        }
    }

    #[test]
    fn times_written_to_the_second_and_the_minute() {
        let local = ymd(987, 7, 4).and_hms_milli_opt(9, 5, 7, 999).unwrap();
        assert_eq!(date_time_text(local), "0987-07-04 09:05:07");
        assert_eq!(date_minute_text(local), "0987-07-04 09:05");
        let local = ymd(2024, 12, 31).and_hms_opt(23, 59, 59).unwrap();
        assert_eq!(date_time_text(local), "2024-12-31 23:59:59");
    }

    #[test]
    fn months_written_with_four_digit_years() {
        assert_eq!(month_text(ymd(2024, 1, 31)), "2024-01");
        assert_eq!(month_text(ymd(12, 11, 1)), "0012-11");
        assert_eq!(month_text(ymd(9999, 12, 31)), "9999-12");
    }
}
