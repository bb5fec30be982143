#!/usr/bin/env bash
# Runs every test: formatting and lints, native tests (engine, demo portal, the app's URL
# builder), component tests in headless Chromium, and end-to-end tests in Chromium against the
# demo portal. Installs what a fresh machine lacks first.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-tools.sh
export PATH="$PWD/target/tools/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export CHROMEDRIVER=/usr/bin/chromedriver

# Each step says how long the run has taken so far (the README quotes these).
step() { printf '\n== %s (at %dm%02ds)\n' "$*" $((SECONDS / 60)) $((SECONDS % 60)); }

step "format and lints"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings
cargo clippy -p backoffice-analytics --target wasm32-unknown-unknown --all-targets -- -D warnings

step "native tests"
cargo test --workspace

step "component tests in headless Chromium"
cargo test -p backoffice-analytics --target wasm32-unknown-unknown --test web

step "build the app and the demo portal"
trunk build --release
cargo build -p demo-portal

step "end-to-end tests in Chromium"
(cd e2e && npx playwright test)
