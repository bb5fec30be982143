//! The browser's time zones (`Intl`) as the engine's zone source: the wasm carries no tz database.

use engine::calendar::{OffsetAt, ZoneSource};
use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// The zone source of the page and of the loader worker: both call [`use_browser_zones`] first.
pub const BROWSER_ZONES: ZoneSource = ZoneSource {
    offsets: offsets_of,
    names,
};

/// Makes the browser's zones the engine's, before the first zone is read.
pub fn use_browser_zones() {
    engine::calendar::set_zone_source(BROWSER_ZONES);
}

fn offsets_of(name: &str) -> Option<(String, OffsetAt)> {
    type Read = fn(&str, i64) -> Option<i32>;
    let (formatter, read): (_, Read) = match formatter(name, &[("timeZoneName", "longOffset")]) {
        Some(formatter) => (formatter, read_long_offset),
        // Browsers before 2022 have no `longOffset`: the local time's fields, minus the instant.
        None => (formatter(name, &LOCAL_FIELDS)?, read_local_fields),
    };
    // The browser's spelling fixes a name's case; an alias it resolves to another name (Chromium
    // answers `Asia/Katmandu` for `Asia/Kathmandu`) keeps the name the link gave.
    let resolved = Reflect::get(&formatter.resolved_options(), &"timeZone".into())
        .ok()?
        .as_string()?;
    let spelled = match resolved.eq_ignore_ascii_case(name) {
        true => resolved,
        false => name.to_string(),
    };
    let format: Function = Reflect::get(&formatter, &"format".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let timer = SamplingTimer(crate::browser::precise_now());
    let offset_at = move |instant_ms: i64| {
        let _ = &timer;
        format
            .call1(&JsValue::NULL, &JsValue::from_f64(instant_ms as f64))
            .ok()
            .and_then(|text| text.as_string())
            .and_then(|text| read(&text, instant_ms))
            .unwrap_or(0)
    };
    Some((spelled, Box::new(offset_at)))
}

/// Records `zone:sample` (the benchmarks read it) when the engine is done sampling a zone,
/// which is when it drops the offsets' function that holds this.
struct SamplingTimer(f64);

impl Drop for SamplingTimer {
    fn drop(&mut self) {
        let now = crate::browser::precise_now();
        crate::browser::measure("zone:sample", self.0, now - self.0);
    }
}

const LOCAL_FIELDS: [(&str, &str); 7] = [
    ("year", "numeric"),
    ("month", "numeric"),
    ("day", "numeric"),
    ("hour", "numeric"),
    ("minute", "numeric"),
    ("second", "numeric"),
    ("hourCycle", "h23"),
];

/// An `en-US` `Intl.DateTimeFormat` of a zone with these options; `None` when the browser
/// refuses the zone's name or an option.
fn formatter(zone: &str, options: &[(&str, &str)]) -> Option<js_sys::Intl::DateTimeFormat> {
    let settings = Object::new();
    for (key, value) in options.iter().chain(&[("timeZone", zone)]) {
        Reflect::set(&settings, &(*key).into(), &(*value).into()).ok()?;
    }
    let intl = Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
    let class: Function = Reflect::get(&intl, &"DateTimeFormat".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let arguments = Array::of2(&"en-US".into(), &settings);
    Reflect::construct(&class, &arguments).ok()?.dyn_into().ok()
}

/// `…, GMT+05:45` → 20,700 seconds; a bare `GMT` is UTC.
pub fn read_long_offset(text: &str, _instant_ms: i64) -> Option<i32> {
    let (_, after) = text.rsplit_once("GMT")?;
    if after.is_empty() {
        return Some(0);
    }
    let (sign, digits) = if let Some(digits) = after.strip_prefix('+') {
        (1, digits)
    } else if let Some(digits) = after.strip_prefix(['-', '\u{2212}']) {
        (-1, digits)
    } else {
        return None;
    };
    let mut parts = digits
        .split(':')
        .map(|part| part.trim().parse::<i32>().ok());
    let hours = parts.next()??;
    let minutes = parts.next().unwrap_or(Some(0))?;
    let seconds = parts.next().unwrap_or(Some(0))?;
    Some(sign * (hours * 3600 + minutes * 60 + seconds))
}

/// `1/31/2024, 13:05:09` (the zone's local time of the instant) → its offset in seconds.
pub fn read_local_fields(text: &str, instant_ms: i64) -> Option<i32> {
    let numbers: Vec<u32> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|part| !part.is_empty())
        .map(|part| part.parse().ok())
        .collect::<Option<_>>()?;
    let [month, day, year, hour, minute, second] = numbers[..] else {
        return None;
    };
    let local = chrono::NaiveDate::from_ymd_opt(year as i32, month, day)?
        .and_hms_opt(hour, minute, second)?
        .and_utc()
        .timestamp();
    Some((local - instant_ms.div_euclid(1000)) as i32)
}

/// Every zone the browser knows (`Intl.supportedValuesOf`), none where it cannot say.
fn names() -> Vec<String> {
    let listed = Reflect::get(&js_sys::global(), &"Intl".into())
        .and_then(|intl| {
            let list: Function = Reflect::get(&intl, &"supportedValuesOf".into())?.dyn_into()?;
            list.call1(&intl, &"timeZone".into())
        })
        .ok()
        .and_then(|names| names.dyn_into::<Array>().ok());
    listed
        .map(|names| names.iter().filter_map(|name| name.as_string()).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_offsets_are_read_to_the_second() {
        assert_eq!(read_long_offset("1/1/2024, GMT+05:45", 0), Some(20_700));
        assert_eq!(read_long_offset("1/1/2024, GMT-03:00", 0), Some(-10_800));
        assert_eq!(read_long_offset("1/1/1970, GMT-00:44:30", 0), Some(-2_670));
        assert_eq!(read_long_offset("1/1/2024, GMT", 0), Some(0));
        assert_eq!(read_long_offset("1/1/2024, UTC+1", 0), None);
    }

    #[test]
    fn local_fields_give_the_offset() {
        // 2024-01-31T12:05:09Z shown as 13:05:09 in Paris.
        let instant_ms = 1_706_702_709_000;
        assert_eq!(
            read_local_fields("1/31/2024, 13:05:09", instant_ms),
            Some(3600)
        );
        assert_eq!(
            read_local_fields("1/31/2024, 01:35:09", instant_ms + 999),
            Some(-37_800)
        );
        assert_eq!(read_local_fields("not a date", instant_ms), None);
    }
}
