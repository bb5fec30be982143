//! Writes the demo log's export as the API streams it (a JSON array, Paris time) to a file, for
//! `bench/wasm-parse`: `cargo run --release -p engine --features demo --example demo_export --
//! 100000 target/bench/export-100000.json`.

use std::process::ExitCode;

use engine::generator::{generate, DemoOptions};
use engine::Zone;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(events), Some(path)) = (args.next().and_then(|n| n.parse().ok()), args.next()) else {
        eprintln!("usage: demo_export EVENTS FILE");
        return ExitCode::FAILURE;
    };
    // The benchmarks' fixed "now" and seed, so that every run writes the same bytes.
    let Ok(now) = "2024-11-05T16:00:00Z".parse() else {
        return ExitCode::FAILURE;
    };
    let records = generate(
        &DemoOptions {
            seed: 7,
            events,
            days: 90,
        },
        now,
    );
    let Ok(zone) = "Europe/Paris".parse::<Zone>() else {
        return ExitCode::FAILURE;
    };
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
    match std::fs::write(&path, &body) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{path}: {error}");
            ExitCode::FAILURE
        }
    }
}
