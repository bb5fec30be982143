//! Writes the demo log's export as the API streams it (a JSON array, Paris time) to a file, for
//! `bench/wasm-parse`: `cargo run --release -p engine --features demo --example demo_export --
//! 100000 target/bench/export-100000.json`. The same log and bytes as the engine's benchmarks.

// The shared fixture expects its fixed instant and zone to parse: nothing here reads outside data.
#![allow(clippy::expect_used)]

use std::process::ExitCode;

#[path = "../benches/shared/mod.rs"]
mod shared;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(events), Some(path)) = (args.next().and_then(|n| n.parse().ok()), args.next()) else {
        eprintln!("usage: demo_export EVENTS FILE");
        return ExitCode::FAILURE;
    };
    let body = shared::json_body(&shared::records(events));
    match std::fs::write(&path, &body) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{path}: {error}");
            ExitCode::FAILURE
        }
    }
}
