//! Native engine benchmarks at 10k, 100k and 1M events: parse, index, each aggregate, and a full
//! dashboard update. `cargo bench -p engine` (numbers in BENCHMARKS.md).

// A benchmark may unwrap and panic: a failure there is the point, and nothing here reads outside data.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::sync::OnceLock;

use divan::counter::{BytesCount, ItemsCount};
use divan::Bencher;
use engine::dashboard::Dashboard;
use engine::filter::window_rows;
use engine::groups::Groups;
use engine::parse::parse_json_array;
use engine::{DateWindow, IndexedLog, SeriesMode, Store, ViewFilter, Zone};

mod shared;

const SIZES: [usize; 3] = [10_000, 100_000, 1_000_000];

fn main() {
    divan::main();
}

struct Fixture {
    body: Vec<u8>,
    log: IndexedLog,
}

fn fixture(events: usize) -> &'static Fixture {
    static CACHE: [OnceLock<Fixture>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let slot = SIZES.iter().position(|&n| n == events).unwrap_or(0);
    CACHE[slot].get_or_init(|| {
        let records = shared::records(events);
        let body = shared::json_body(&records);
        let mut store = Store::new();
        let _ = parse_json_array(&body, &mut store);
        Fixture {
            body,
            log: IndexedLog::new(store, paris()),
        }
    })
}

fn paris() -> Zone {
    "Europe/Paris".parse().expect("a known zone")
}

/// The whole 90 days: every event is in the window.
fn filter() -> ViewFilter {
    ViewFilter {
        window: DateWindow::parse("2024-08-07", "2024-11-05").expect("valid dates"),
        workspace: None,
        mode: SeriesMode::ObjectType,
        hidden: BTreeSet::new(),
        marks: Default::default(),
    }
}

#[divan::bench(args = SIZES, sample_count = 5)]
fn parse(bencher: Bencher, events: usize) {
    let body = &fixture(events).body;
    bencher.counter(BytesCount::new(body.len())).bench(|| {
        let mut store = Store::new();
        parse_json_array(body, &mut store)
    });
}

#[divan::bench(args = SIZES, sample_count = 5)]
fn index(bencher: Bencher, events: usize) {
    let store = &fixture(events).log.store;
    bencher
        .counter(ItemsCount::new(events))
        .with_inputs(|| store.clone())
        .bench_values(|store| IndexedLog::new(store, paris()));
}

#[divan::bench(args = SIZES, sample_count = 10)]
fn window(bencher: Bencher, events: usize) {
    let log = &fixture(events).log;
    let f = filter();
    bencher.bench(|| window_rows(log, &f.window, None));
}

/// Browser mode's producer: the window's rows counted into groups (a window change).
#[divan::bench(args = SIZES, sample_count = 10)]
fn groups_of_rows(bencher: Bencher, events: usize) {
    let log = &fixture(events).log;
    let rows = window_rows(log, &filter().window, None);
    bencher.bench(|| Groups::of_rows(log, &rows));
}

/// A new mark (Tuesdays) in browser mode: the window's kept rows it passes, their groups.
#[divan::bench(args = SIZES, sample_count = 10)]
fn weekday_mark(bencher: Bencher, events: usize) {
    let log = &fixture(events).log;
    // Held with their day runs, as the app holds a window's rows for the marks.
    let window = engine::marks::WindowRows::new(log, window_rows(log, &filter().window, None));
    let mut marks = engine::Marks::default();
    marks.add(engine::MarkKind::Weekday, "tue").unwrap();
    bencher.bench(|| Groups::of_rows(log, &marks.rows_of_window(log, &window)));
}

/// The finalizer alone: what a legend click recomputes (every figure from the groups held).
#[divan::bench(args = SIZES, sample_count = 10)]
fn legend_click(bencher: Bencher, events: usize) {
    let log = &fixture(events).log;
    let groups = Groups::of_rows(log, &window_rows(log, &filter().window, None));
    let mut hidden = filter();
    hidden.hidden.insert("page".to_string());
    bencher.bench(|| groups.dashboard(&hidden.window, hidden.mode, &hidden.hidden));
}

/// What a window change recomputes: the window's rows, their groups, every figure.
#[divan::bench(args = SIZES, sample_count = 10)]
fn dashboard_update(bencher: Bencher, events: usize) {
    let log = &fixture(events).log;
    let mut hidden = filter();
    hidden.hidden.insert("page".to_string());
    bencher.bench(|| Dashboard::compute(log, &hidden));
}
