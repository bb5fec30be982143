#!/usr/bin/env bash
# Installs what building and testing the app needs, skipping what is already there at the right
# version. Safe to run again. Nothing is downloaded from outside the package registries: Trunk is
# pinned (Trunk.toml) and run offline so it never tries to fetch tools from GitHub.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132
# wasm-bindgen-cli must equal the wasm-bindgen crate in Cargo.lock.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock 2>/dev/null || true)
WASM_BINDGEN_VERSION=${WASM_BINDGEN_VERSION:-0.2.130}

say() { printf '[install] %s\n' "$*"; }

# Where `cargo install` puts tools: look there first, so that tools installed by an earlier run
# are found even when the shell's PATH does not list it yet.
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

# --app-only: what building the app needs, without the browser and the test packages.
APP_ONLY=false
[ "${1:-}" = "--app-only" ] && APP_ONLY=true

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION"; then
  say "installing trunk $TRUNK_VERSION (about 4 minutes on 2 cores, once)"
  # A debug build of Trunk itself: it builds in 4 minutes instead of 10, and its own speed does
  # not matter (cargo, wasm-bindgen and wasm-opt do the work, as separate programs).
  cargo install trunk --version "$TRUNK_VERSION" --locked --debug
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 3 minutes, once)"
  # Not --locked: its lock file names a crate version the registry no longer serves.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# wasm-opt from npm's binaryen: Debian's (version 108) produces a wasm that fails at start.
TOOLS_DIR="$PWD/target/tools"
if ! "$TOOLS_DIR/node_modules/.bin/wasm-opt" --version 2>/dev/null | grep -q "version $BINARYEN_VERSION"; then
  say "installing binaryen $BINARYEN_VERSION (wasm-opt) from npm into target/tools"
  mkdir -p "$TOOLS_DIR"
  npm install --prefix "$TOOLS_DIR" --no-audit --no-fund "binaryen@$BINARYEN_VERSION" >/dev/null
fi

if $APP_ONLY; then
  say "tools ready (app only)"
  exit 0
fi

if ! [ -x /usr/bin/chromium ] || ! [ -x /usr/bin/chromedriver ]; then
  say "installing Debian's chromium and chromium-driver"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium chromium-driver >/dev/null
fi

if [ -f e2e/package.json ]; then
  if ! [ -d e2e/node_modules/@playwright/test ] || [ e2e/package-lock.json -nt e2e/node_modules/.package-lock.json ]; then
    say "installing the end-to-end test packages (npm ci in e2e/)"
    (cd e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund >/dev/null)
  fi
fi
say "tools ready"
