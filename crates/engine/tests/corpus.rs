//! The checked-in corpus (`tests/corpus/`): export files as they come, broken and not, each
//! with its outcome written here by hand. Every file is read whole and in chunks of every size
//! up to 64 bytes, and both reads must give the outcome below. The property tests mutate these
//! files too (`properties.rs`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use engine::parse::{parse_any, AnyReader};
use engine::{ParseError, ParseReport, SkipReason, Store, TextField};

fn corpus() -> BTreeMap<String, Vec<u8>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect()
}

/// What reading a file gives: records kept and skipped by reason, or the error's kind.
#[derive(Debug, PartialEq)]
enum Outcome {
    Read {
        accepted: usize,
        skipped: BTreeMap<SkipReason, usize>,
    },
    Failed(&'static str),
}

fn outcome(result: &Result<ParseReport, ParseError>) -> Outcome {
    match result {
        Ok(report) => Outcome::Read {
            accepted: report.accepted,
            skipped: report.skipped.clone(),
        },
        Err(ParseError::NotAnArray { .. }) => Outcome::Failed("not an array"),
        Err(ParseError::NotJson { .. }) => Outcome::Failed("not JSON"),
        Err(ParseError::Truncated { .. }) => Outcome::Failed("truncated"),
        Err(ParseError::TrailingData { .. }) => Outcome::Failed("trailing data"),
        Err(ParseError::Empty) => Outcome::Failed("empty"),
        Err(ParseError::NoKnownColumns { .. }) => Outcome::Failed("no known columns"),
    }
}

fn read(accepted: usize, skipped: &[(SkipReason, usize)]) -> Outcome {
    Outcome::Read {
        accepted,
        skipped: skipped.iter().copied().collect(),
    }
}

/// Each file's outcome, worked out by reading the file.
fn expected() -> BTreeMap<&'static str, Outcome> {
    use SkipReason::*;
    BTreeMap::from([
        ("array-basic.json", read(3, &[])),
        ("array-bom-whitespace.json", read(2, &[])),
        (
            "array-mixed-bad.json",
            // no timestamp; "not a date"; 42, "a string" and user_id [1]; no action; `tru`.
            read(
                2,
                &[
                    (NoTimestamp, 1),
                    (BadTimestamp, 1),
                    (NotARecord, 3),
                    (NoAction, 1),
                    (InvalidJson, 1),
                ],
            ),
        ),
        ("array-brackets-in-strings.json", read(2, &[])),
        ("array-truncated.json", Outcome::Failed("truncated")),
        ("array-broken-midway.json", Outcome::Failed("not JSON")),
        ("array-trailing.json", Outcome::Failed("trailing data")),
        ("unicode.json", read(3, &[])),
        // Three records; "not json at all"; `[1,2]`.
        ("lines.jsonl", read(3, &[(InvalidJson, 1), (NotARecord, 1)])),
        ("platform.csv", read(2, &[(BadTimestamp, 1)])),
        ("commas.csv", read(2, &[(NoTimestamp, 1)])),
        ("not-a-log.csv", Outcome::Failed("no known columns")),
        ("empty.json", Outcome::Failed("empty")),
        ("blank.jsonl", Outcome::Failed("empty")),
    ])
}

fn read_in_chunks(bytes: &[u8], size: usize) -> (Store, Result<ParseReport, ParseError>) {
    let mut store = Store::new();
    let mut reader = AnyReader::new();
    for chunk in bytes.chunks(size) {
        if let Err(error) = reader.feed(chunk, &mut store) {
            return (store, Err(error));
        }
    }
    let result = reader.finish(&mut store);
    (store, result)
}

#[test]
fn every_file_of_the_corpus_reads_as_written_by_hand_whole_and_in_chunks() {
    let expected = expected();
    let files = corpus();
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    let listed: Vec<&str> = expected.keys().copied().collect();
    assert_eq!(names, listed, "every corpus file has its outcome here");
    for (name, bytes) in &files {
        let mut whole = Store::new();
        let result = parse_any(bytes, &mut whole);
        assert_eq!(outcome(&result), expected[name.as_str()], "{name}");
        for size in 1..=64 {
            let (store, chunked) = read_in_chunks(bytes, size);
            assert_eq!(
                outcome(&chunked),
                expected[name.as_str()],
                "{name} in chunks of {size}"
            );
            assert_eq!(store.len(), whole.len(), "{name} in chunks of {size}");
        }
    }
}

#[test]
fn what_the_corpus_records_hold() {
    let files = corpus();
    let store = |name: &str| {
        let mut store = Store::new();
        parse_any(&files[name], &mut store).unwrap();
        store
    };
    let brackets = store("array-brackets-in-strings.json");
    assert_eq!(brackets.diff(0), r#"{"x": [1, "]}"], "y": "\\"}"#);
    assert_eq!(brackets.text(1, TextField::UserId), r#"a"]},{"#);
    let unicode = store("unicode.json");
    assert_eq!(
        unicode.text(0, TextField::Username),
        "Zoë 🚀 <script>alert(1)</script>"
    );
    assert_eq!(unicode.text(2, TextField::Action), "frobnicate_widget");
    // Two identical records in one file are two events.
    assert_eq!(unicode.len(), 3);
    let csv = store("platform.csv");
    assert_eq!(csv.diff(0), "{\"a\": \"x;y\"}\nsecond line");
    let commas = store("commas.csv");
    assert_eq!(commas.text(1, TextField::UserId), "v, w");
    // 2024-03-31T03:30:00+02:00, just after the spring change in Paris.
    assert_eq!(store("array-basic.json").timestamp(1), 1_711_848_600_000);
}

#[test]
fn errors_say_where() {
    let files = corpus();
    let mut store = Store::new();
    let broken = &files["array-broken-midway.json"];
    let second = broken.windows(3).position(|w| w == b", {").unwrap() + 2;
    assert_eq!(
        parse_any(broken, &mut store),
        Err(ParseError::NotJson { offset: second })
    );
    let trailing = &files["array-trailing.json"];
    let at = trailing.iter().position(|&b| b == b'<').unwrap();
    assert_eq!(
        parse_any(trailing, &mut store),
        Err(ParseError::TrailingData { offset: at })
    );
    let truncated = &files["array-truncated.json"];
    assert_eq!(
        parse_any(truncated, &mut store),
        Err(ParseError::Truncated {
            bytes: truncated.len()
        })
    );
}
