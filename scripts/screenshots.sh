#!/usr/bin/env bash
# Regenerates the README's screenshots (docs/screenshots/*.png) from the demo portal in Debian's
# Chromium: the dashboard and a dataset's history, light and dark, at 1366×900.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-tools.sh
export PATH="$PWD/target/tools/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
trunk build --release
cargo build -p demo-portal
(cd e2e && npx playwright test -c screenshots.config.js)
echo "Screenshots written to docs/screenshots/"
