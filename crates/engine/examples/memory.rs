//! Bytes per event held by the store and its indexes, diff text aside:
//! `cargo run --release -p engine --features demo --example memory [EVENTS]`.

// An example on generated data may unwrap and panic: a failure there is the point, and nothing here reads outside data.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use engine::{IndexedLog, Store};

// Only the records: the export's bytes are the benchmarks' and `demo_export`'s.
#[allow(dead_code)]
#[path = "../benches/shared/mod.rs"]
mod shared;

fn main() {
    let events = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000);
    let records = shared::records(events);
    let mut store = Store::new();
    for record in &records {
        store.push_record(record);
    }
    drop(records);
    // IndexedLog::new releases the store's spare capacity, as it does in the app.
    let log = IndexedLog::new(store, "Europe/Paris".parse().expect("a known zone"));
    let columns = log.store.column_bytes();
    let indexes = log.days.days.capacity() * 4 + log.objects.row_object.capacity() * 4;
    let per_event = |bytes: usize| bytes as f64 / events as f64;
    println!("events: {events}");
    println!("store columns: {:.1} bytes/event", per_event(columns));
    println!(
        "per-zone and object indexes: {:.1} bytes/event",
        per_event(indexes)
    );
    println!(
        "total, diff text aside: {:.1} bytes/event (target ≤ 64)",
        per_event(columns + indexes)
    );
    println!("interned strings: {}", log.store.strings().len());
}
