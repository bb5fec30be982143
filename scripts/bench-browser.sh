#!/usr/bin/env bash
# Browser benchmark: our dashboard and DuckDB-WASM on the same data in headless Chromium, at
# 100k and 1M events (or the sizes given). Results: the printed table and target/bench/browser.json.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-tools.sh
export PATH="$PWD/target/tools/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
if ! [ -d bench/browser/node_modules/@duckdb/duckdb-wasm ] || [ bench/browser/package-lock.json -nt bench/browser/node_modules/.package-lock.json ]; then
  (cd bench/browser && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund >/dev/null)
fi
trunk build --release
cargo build --release -p demo-portal
cd bench/browser && node run.js "$@"
