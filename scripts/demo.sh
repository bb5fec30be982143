#!/usr/bin/env bash
# Builds the app and serves it with the demo portal on http://127.0.0.1:${PORT:-8080}/.
# Extra arguments go to the demo portal (e.g. --events 100000, --port 9000).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-tools.sh --app-only
export PATH="$PWD/target/tools/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

trunk build --release
cargo build -p demo-portal --release
exec target/release/demo-portal --dist dist --port "${PORT:-8080}" "$@"
