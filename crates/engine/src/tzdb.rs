//! The tz database bundled by chrono-tz as a zone source: the engine's own default natively
//! (the demo portal, tests, benchmarks). The app's wasm uses the browser's instead.

use chrono::{DateTime, Offset, TimeZone};
use chrono_tz::Tz;

use crate::zone::{OffsetAt, ZoneSource};

pub const SOURCE: ZoneSource = ZoneSource {
    offsets: offsets_of,
    names: || {
        chrono_tz::TZ_VARIANTS
            .iter()
            .map(|tz| tz.name().to_string())
            .collect()
    },
};

fn offsets_of(name: &str) -> Option<(String, OffsetAt)> {
    let tz: Tz = name.parse().ok()?;
    let offset_at = move |instant_ms: i64| {
        DateTime::from_timestamp_millis(instant_ms).map_or(0, |instant| {
            tz.offset_from_utc_datetime(&instant.naive_utc())
                .fix()
                .local_minus_utc()
        })
    };
    Some((tz.name().to_string(), Box::new(offset_at)))
}
