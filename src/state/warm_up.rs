//! The groups' pass over a million rows runs once over a slice first. A wasm function runs as
//! unoptimised baseline code on its first calls, and the browser optimises it only once it is
//! hot, for the calls after: a first pass over a million rows ran unoptimised to its end (a
//! second visit, which has no partial loads to warm it, counted its window's groups in
//! 117–136 ms, 74–105 after this).

// The loader's, which runs in a browser only.
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

use engine::groups::Groups;
use engine::IndexedLog;

/// Rows the warm-up passes: enough for the browser to find the code hot (a few
/// milliseconds), few enough to stay well under a long task.
const ROWS: usize = 50_000;

/// Runs the groups' pass over the first rows of `log`; the result is dropped.
pub fn warm_groups(log: &IndexedLog) {
    let rows: Vec<u32> = (0..log.store.len().min(ROWS) as u32).collect();
    std::hint::black_box(Groups::of_rows(log, &rows));
}
