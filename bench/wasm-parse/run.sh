#!/usr/bin/env bash
# The engine's JSON reader in wasm against V8's JSON.parse, in Node, on the demo export of N
# events (default 100,000): bench/wasm-parse/run.sh [EVENTS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
events="${1:-100000}"
export_file="target/bench/export-$events.json"
mkdir -p target/bench
[ -f "$export_file" ] || cargo run -q --release -p engine --features demo --example demo_export -- "$events" "$export_file"
(cd bench/wasm-parse && CARGO_TARGET_DIR=../../target/wasm-parse cargo build -q --release --target wasm32-unknown-unknown)
node bench/wasm-parse/run.mjs target/wasm-parse/wasm32-unknown-unknown/release/wasm_parse.wasm "$export_file" "${2:-7}"
