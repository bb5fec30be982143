#!/usr/bin/env bash
# What weighs in the app's wasm: the release build as Trunk makes it, optimised as Trunk does
# (`wasm-opt -Oz`) but with its function names kept, then each function's size summed by crate,
# and the gzipped size of the same wasm without names: bench/wasm-size/run.sh [TOP]
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$PWD/target/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
out=target/wasm-size
mkdir -p "$out"
cargo build -q --release --target wasm32-unknown-unknown --bin backoffice-analytics
wasm-bindgen --target web --no-typescript --out-dir "$out" \
  target/wasm32-unknown-unknown/release/backoffice-analytics.wasm
features=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-mutable-globals --enable-reference-types --enable-multivalue)
wasm-opt -Oz -g "${features[@]}" "$out/backoffice-analytics_bg.wasm" -o "$out/named.wasm"
wasm-opt --strip-debug --strip-producers "${features[@]}" "$out/named.wasm" -o "$out/bare.wasm"
echo "gzip -9 of the wasm without names: $(gzip -9 -c "$out/bare.wasm" | wc -c) bytes"
python3 bench/wasm-size/weigh.py "$out/named.wasm" "${1:-30}"
