//! Property tests of what reads bytes from the network and from dropped files: the streamed
//! parse equals the one-shot parse for any chunking (of records, of any bytes, and of the
//! corpus's files mutated), JSON and JSONL give the same records, CSV round-trips, merging
//! exports is a multiset union, and any diff text can be rendered. `PROPTEST_CASES` sets the
//! number of cases (256 by default; see FUZZING.md).

// A test may unwrap and panic: a failure there is the point.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use engine::export::csv_of_rows;
use engine::parse::{parse_any, parse_csv, parse_json_array, parse_jsonl, AnyReader};
use engine::{JsonArrayReader, ParseError, ParseReport, Record, Store, TextField, Zone};
use proptest::prelude::*;

/// Text as people and systems put it in the log: plain, unicode, emoji, quotes, brackets,
/// separators, HTML, empty.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z0-9_-]{0,12}",
        "\\PC{0,16}",
        Just(String::new()),
        Just("<b>\"x\";y\n]}{[".to_string()),
        Just("Zoë 🚀 日本".to_string()),
    ]
}

fn record() -> impl Strategy<Value = Record> {
    (
        0i64..4_102_444_800,
        text(),
        "[a-z]{1,8}",
        proptest::option::of(text()),
        proptest::option::of(text()),
    )
        .prop_map(|(seconds, user, action, dataset, diff)| Record {
            timestamp: chrono::DateTime::from_timestamp(seconds, 0).unwrap(),
            domain_id: "ws".into(),
            user_id: user,
            action,
            dataset_id: dataset,
            diff,
            ..Record::default()
        })
}

fn json_of(record: &Record) -> String {
    record
        .to_json_with_timestamp(&record.timestamp.to_rfc3339())
        .to_string()
}

/// The rows the records should give, written from the records' own fields (not through the
/// store): what a parse of their JSON or CSV must give back.
fn rows_of_records(records: &[Record]) -> Vec<(i64, Vec<String>, String)> {
    records
        .iter()
        .map(|record| {
            let texts = TextField::ALL
                .iter()
                .map(|&f| record.text(f).unwrap_or_default().to_string())
                .collect();
            let diff = record.diff.clone().unwrap_or_default();
            (record.timestamp.timestamp_millis(), texts, diff)
        })
        .collect()
}

/// Every row of a store, field by field.
fn rows(store: &Store) -> Vec<(i64, Vec<String>, String)> {
    (0..store.len())
        .map(|row| {
            let texts = TextField::ALL
                .iter()
                .map(|&f| store.text(row, f).to_string())
                .collect();
            (store.timestamp(row), texts, store.diff(row).to_string())
        })
        .collect()
}

proptest! {
    #[test]
    fn a_streamed_parse_equals_the_one_shot_parse_for_any_chunking(
        records in proptest::collection::vec(record(), 0..20),
        cuts in proptest::collection::vec(1usize..64, 0..40),
    ) {
        let body = format!("[{}]", records.iter().map(json_of).collect::<Vec<_>>().join(","));
        let mut whole = Store::new();
        let whole_report = parse_json_array(body.as_bytes(), &mut whole).unwrap();
        let mut streamed = Store::new();
        let mut reader = JsonArrayReader::new();
        let mut rest = body.as_bytes();
        for cut in cuts {
            let (chunk, tail) = rest.split_at(cut.min(rest.len()));
            reader.feed(chunk, &mut streamed).unwrap();
            rest = tail;
        }
        reader.feed(rest, &mut streamed).unwrap();
        let report = reader.finish().unwrap();
        prop_assert_eq!(report, whole_report);
        prop_assert_eq!(rows(&streamed), rows(&whole));
        prop_assert_eq!(rows(&whole), rows_of_records(&records));
    }

    #[test]
    fn json_and_jsonl_give_the_same_records(records in proptest::collection::vec(record(), 0..20)) {
        let lines: Vec<String> = records.iter().map(json_of).collect();
        let mut array = Store::new();
        parse_json_array(format!("[{}]", lines.join(",")).as_bytes(), &mut array).unwrap();
        let mut jsonl = Store::new();
        parse_jsonl(lines.join("\n").as_bytes(), &mut jsonl);
        prop_assert_eq!(rows(&array), rows_of_records(&records));
        prop_assert_eq!(rows(&jsonl), rows_of_records(&records));
    }

    #[test]
    fn any_bytes_read_in_any_chunks_give_what_they_give_whole(
        bytes in proptest::collection::vec(any::<u8>(), 0..512),
        size in 1usize..64,
    ) {
        same_whole_and_in_chunks(&bytes, size)?;
    }

    #[test]
    fn the_corpus_mutated_reads_the_same_whole_and_in_chunks(
        file in 0usize..64,
        edits in proptest::collection::vec((any::<proptest::sample::Index>(), any::<u8>(), 0u8..3), 1..8),
        size in 1usize..64,
    ) {
        let corpus = corpus();
        let mut bytes = corpus[file % corpus.len()].clone();
        for (at, byte, kind) in edits {
            let at = at.index(bytes.len() + 1);
            match kind {
                0 => bytes.insert(at, byte),
                1 if at < bytes.len() => bytes[at] = byte,
                _ if at < bytes.len() => { bytes.remove(at); }
                _ => {}
            }
        }
        same_whole_and_in_chunks(&bytes, size)?;
    }

    #[test]
    fn csv_round_trips(records in proptest::collection::vec(record(), 0..20)) {
        let store = Store::from_records(&records);
        let all: Vec<u32> = (0..store.len() as u32).collect();
        let csv = csv_of_rows(&store, &all, &Zone::UTC);
        let mut read = Store::new();
        let report = parse_csv(&csv, &mut read).unwrap();
        prop_assert_eq!(report.accepted, records.len());
        prop_assert_eq!(rows(&read), rows_of_records(&records));
        prop_assert_eq!(csv_of_rows(&read, &all, &Zone::UTC), csv);
    }

    #[test]
    fn a_defused_cell_never_starts_a_formula_and_reads_back(cell in "[=+@\t\r' -]{0,3}\\PC{0,8}") {
        let written = engine::spreadsheet::defuse(&cell);
        let first = written.chars().next();
        prop_assert!(
            !matches!(first, Some('=' | '+' | '-' | '@' | '\t' | '\r'))
                || written.trim_start_matches(['+', '-']).starts_with(|c: char| c.is_ascii_digit()),
            "{:?} written {:?}", cell, written
        );
        prop_assert_eq!(engine::spreadsheet::restore(&written), cell.as_str());
    }

    #[test]
    fn merging_exports_is_a_multiset_union(
        shared in proptest::collection::vec(record(), 0..8),
        only_a in proptest::collection::vec(record(), 0..6),
        only_b in proptest::collection::vec(record(), 0..6),
        twice in proptest::collection::vec(any::<proptest::sample::Index>(), 0..3),
    ) {
        // Two files that overlap on purpose, as successive exports do: both hold `shared`, each
        // has its own records, and `a` holds a few records twice (two actions in one second).
        let mut a: Vec<Record> = shared.iter().chain(&only_a).cloned().collect();
        if !a.is_empty() {
            for index in &twice {
                a.push(a[index.index(a.len())].clone());
            }
        }
        let b: Vec<Record> = only_b.iter().chain(shared.iter().rev()).cloned().collect();
        // The union counted independently: each distinct record as many times as the file that
        // has it most.
        let mut most = std::collections::BTreeMap::new();
        for file in [&a, &b] {
            let mut here = std::collections::BTreeMap::new();
            for row in rows_of_records(file) {
                *here.entry(row).or_insert(0usize) += 1;
            }
            for (row, count) in here {
                let best = most.entry(row).or_insert(0usize);
                *best = (*best).max(count);
            }
        }
        let expected: Vec<_> = most
            .into_iter()
            .flat_map(|(row, count)| std::iter::repeat_n(row, count))
            .collect();
        let (a, b) = (Store::from_records(&a), Store::from_records(&b));
        let (merged, dropped) = Store::merged(&[a.clone(), b.clone()]);
        let mut merged_rows = rows(&merged);
        merged_rows.sort();
        prop_assert_eq!(&merged_rows, &expected);
        prop_assert_eq!(dropped, a.len() + b.len() - expected.len());
        // Idempotent, and one file alone loses nothing.
        prop_assert_eq!(Store::merged(&[merged.clone(), a.clone(), b]).0.len(), merged.len());
        prop_assert_eq!(Store::merged(std::slice::from_ref(&a)).0.len(), a.len());
    }

    #[test]
    fn any_diff_text_can_be_rendered(diff in "\\PC{0,200}") {
        let _ = engine::diff::read_diff(&diff);
        let _ = engine::diff::pretty_diff(&diff);
    }

    #[test]
    fn any_json_diff_can_be_rendered(value in json_value()) {
        let _ = engine::diff::read_diff(&value.to_string());
    }
}

/// The checked-in corpus's files (see `corpus.rs`), read once.
fn corpus() -> &'static [Vec<u8>] {
    static CORPUS: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
    CORPUS.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        paths
            .iter()
            .map(|path| std::fs::read(path).unwrap())
            .collect()
    })
}

/// Reads `bytes` whole and in chunks of `size`: the same records, and the same report or the
/// same kind of error.
fn same_whole_and_in_chunks(bytes: &[u8], size: usize) -> Result<(), TestCaseError> {
    let mut whole = Store::new();
    let whole_result = parse_any(bytes, &mut whole);
    if let Ok(report) = &whole_result {
        prop_assert_eq!(report.accepted, whole.len());
    }
    let mut chunked = Store::new();
    let mut reader = AnyReader::new();
    let mut chunked_result: Option<Result<ParseReport, ParseError>> = None;
    for chunk in bytes.chunks(size) {
        if let Err(error) = reader.feed(chunk, &mut chunked) {
            chunked_result = Some(Err(error));
            break;
        }
    }
    let chunked_result = match chunked_result {
        Some(error) => error,
        None => reader.finish(&mut chunked),
    };
    match (&whole_result, &chunked_result) {
        (Ok(a), Ok(b)) => prop_assert_eq!(a, b),
        (Err(a), Err(b)) => {
            prop_assert_eq!(std::mem::discriminant(a), std::mem::discriminant(b))
        }
        (a, b) => prop_assert!(false, "whole {:?}, in chunks {:?}", a, b),
    }
    prop_assert_eq!(rows(&chunked), rows(&whole));
    Ok(())
}

/// Arbitrary JSON, nested a few levels, shaped like diffs and not.
fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i32>().prop_map(serde_json::Value::from),
        text().prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
            proptest::collection::btree_map("[a-z.]{0,6}", inner, 0..4)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}
