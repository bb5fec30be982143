//! Demo logs of a given size, as the API would send them (JSON array, Paris time).

use chrono::{DateTime, Utc};
use engine::generator::{generate, DemoOptions};
use engine::{Record, Zone};

/// A fixed "now", so that every run benchmarks the same log.
pub fn now() -> DateTime<Utc> {
    "2024-11-05T16:00:00Z".parse().expect("a valid instant")
}

pub fn records(events: usize) -> Vec<Record> {
    generate(
        &DemoOptions {
            seed: 7,
            events,
            days: 90,
        },
        now(),
    )
}

pub fn json_body(records: &[Record]) -> Vec<u8> {
    let zone: Zone = "Europe/Paris".parse().expect("a known zone");
    let mut body = Vec::with_capacity(records.len() * 400);
    body.push(b'[');
    for (i, record) in records.iter().enumerate() {
        if i > 0 {
            body.extend_from_slice(b", ");
        }
        let value = record.to_json_with_timestamp(&zone.format_rfc3339(record.timestamp));
        body.extend_from_slice(value.to_string().as_bytes());
    }
    body.push(b']');
    body
}
