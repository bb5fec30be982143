//! Parsing of the API's exports into a [`Store`], streaming and defensive.
//!
//! A body is split into top-level elements as bytes arrive ([`JsonArrayReader::feed`]), so a
//! load shows progress and a partial count while it runs, and one malformed record is counted and
//! skipped instead of failing the body. Only errors of the body as a whole (not JSON, cut off
//! mid-way) are a [`ParseError`].

#![deny(clippy::indexing_slicing)]

mod csv_export;
mod flat_record;
mod json;
mod timestamp;

use std::collections::BTreeMap;

use crate::record::{Field, RawRecord, SkipReason, TextField};
use crate::store::Store;

pub use csv_export::{parse_csv, CsvReader};
pub use json::{parse_json_array, parse_jsonl, JsonArrayReader, JsonlReader, MAX_ELEMENT_BYTES};
pub use timestamp::parse_timestamp;

/// A well-formed record of the activity log, for tests.
#[cfg(test)]
const GOOD: &str = r#"{"timestamp":"2024-01-01T10:00:00+00:00","user_id":"a","action":"edit_dataset","diff":"{\"x\": [1, \"]}\"]}"}"#;

fn field_position(field: Field) -> usize {
    Field::ALL.iter().position(|f| *f == field).unwrap_or(0)
}

/// What a parse kept and what it skipped, by reason.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ParseReport {
    pub accepted: usize,
    pub skipped: BTreeMap<SkipReason, usize>,
    /// How many records had each field set (non-null), in [`Field::ALL`] order: tells an
    /// activity log from another dataset.
    pub field_counts: [usize; 12],
}

/// The fields without which a body is not an activity log.
pub const CORE_FIELDS: [Field; 4] = [
    Field::Timestamp,
    Field::Text(TextField::DomainId),
    Field::Text(TextField::UserId),
    Field::Text(TextField::Action),
];

impl ParseReport {
    pub fn skipped_total(&self) -> usize {
        self.skipped.values().sum()
    }

    pub(crate) fn count_skip(&mut self, reason: SkipReason) {
        self.count(Err(reason));
    }

    fn count(&mut self, outcome: Result<(), SkipReason>) {
        match outcome {
            Ok(()) => self.accepted += 1,
            Err(reason) => *self.skipped.entry(reason).or_default() += 1,
        }
    }

    /// Records seen, kept or not.
    pub fn records(&self) -> usize {
        self.accepted + self.skipped_total()
    }

    /// The core fields of the activity log that no record had, when there were records: a
    /// non-empty answer means the body is some other dataset.
    pub fn missing_core_fields(&self) -> Vec<&'static str> {
        if self.records() == 0 {
            return Vec::new();
        }
        CORE_FIELDS
            .iter()
            .filter(|field| self.field_counts.get(field_position(**field)) == Some(&0))
            .map(|field| field.name())
            .collect()
    }

    fn note_fields(&mut self, record: &RawRecord) {
        for (count, given) in self.field_counts.iter_mut().zip(record.given()) {
            *count += usize::from(given);
        }
    }

    /// Adds another report's counts (several files imported together).
    pub fn merge(&mut self, other: &ParseReport) {
        self.accepted += other.accepted;
        for (reason, count) in &other.skipped {
            *self.skipped.entry(*reason).or_default() += count;
        }
        for (mine, theirs) in self.field_counts.iter_mut().zip(other.field_counts) {
            *mine += theirs;
        }
    }
}

/// A failure of the body as a whole.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum ParseError {
    #[error("the answer is not a JSON array (it starts with {found:?})")]
    NotAnArray { found: String },
    #[error("not valid JSON (the record at byte {offset} is broken)")]
    NotJson { offset: usize },
    #[error("the answer was cut off after {bytes} bytes, in the middle of the data")]
    Truncated { bytes: usize },
    #[error("unexpected data after the end of the JSON array, at byte {offset}")]
    TrailingData { offset: usize },
    #[error("the file is empty")]
    Empty,
    #[error("the CSV has none of the activity log's columns (its header starts with {found:?})")]
    NoKnownColumns { found: Vec<String> },
}

/// The formats of the platform's exports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    JsonArray,
    Jsonl,
    Csv,
}

impl Format {
    /// Guessed from the first bytes: `[` is a JSON array, `{` JSONL, anything else CSV.
    pub fn detect(bytes: &[u8]) -> Format {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'[') => Format::JsonArray,
            Some(b'{') => Format::Jsonl,
            _ => Format::Csv,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::JsonArray => "JSON",
            Format::Jsonl => "JSONL",
            Format::Csv => "CSV",
        }
    }
}

/// Parses a whole export in any of the platform's formats.
pub fn parse_any(bytes: &[u8], store: &mut Store) -> Result<ParseReport, ParseError> {
    let mut reader = AnyReader::new();
    reader.feed(bytes, store)?;
    reader.finish(store)
}

/// Reads an export in any of the platform's formats chunk by chunk (a file as it is read), so
/// that the file's bytes are never held whole: the format is told by its first bytes.
#[derive(Debug, Default)]
pub enum AnyReader {
    /// Nothing but white space (and a BOM) so far.
    #[default]
    Detecting,
    Json(JsonArrayReader),
    Jsonl(JsonlReader),
    Csv(Box<CsvReader>),
}

impl AnyReader {
    pub fn new() -> Self {
        Self::default()
    }

    /// Takes the next chunk; every record it completes goes into `store`.
    pub fn feed(&mut self, chunk: &[u8], store: &mut Store) -> Result<(), ParseError> {
        match self {
            AnyReader::Detecting => {
                // White space and a BOM before the first telling byte: every format allows
                // them there, so they are dropped.
                let telling = chunk
                    .iter()
                    .position(|b| !b.is_ascii_whitespace() && ![0xEF, 0xBB, 0xBF].contains(b));
                let Some(rest) = telling.and_then(|at| chunk.get(at..)) else {
                    return Ok(());
                };
                *self = match Format::detect(rest) {
                    Format::JsonArray => AnyReader::Json(JsonArrayReader::new()),
                    Format::Jsonl => AnyReader::Jsonl(JsonlReader::new()),
                    Format::Csv => AnyReader::Csv(Box::default()),
                };
                self.feed(rest, store)
            }
            AnyReader::Json(reader) => reader.feed(chunk, store),
            AnyReader::Jsonl(reader) => {
                reader.feed(chunk, store);
                Ok(())
            }
            AnyReader::Csv(reader) => reader.feed(chunk, store),
        }
    }

    /// Ends the input.
    pub fn finish(self, store: &mut Store) -> Result<ParseReport, ParseError> {
        match self {
            AnyReader::Detecting => Err(ParseError::Empty),
            AnyReader::Json(reader) => reader.finish(),
            AnyReader::Jsonl(reader) => Ok(reader.finish(store)),
            AnyReader::Csv(reader) => reader.finish(store),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_which_core_fields_no_record_had() {
        let mut store = Store::new();
        let report = parse_json_array(
            br#"[{"timestamp":"2024-01-01T00:00:00Z","endpoint":"/x","status":200}]"#,
            &mut store,
        )
        .unwrap();
        assert_eq!(
            report.missing_core_fields(),
            ["domain_id", "user_id", "action"]
        );
        let report = parse_json_array(format!("[{GOOD}]").as_bytes(), &mut store).unwrap();
        assert_eq!(report.missing_core_fields(), ["domain_id"]);
        assert!(ParseReport::default().missing_core_fields().is_empty());
    }

    #[test]
    fn formats_are_detected_from_the_first_bytes() {
        assert_eq!(Format::detect(b"\xEF\xBB\xBF [ {}"), Format::JsonArray);
        assert_eq!(Format::detect(b"\n{\"a\":1}\n{}"), Format::Jsonl);
        assert_eq!(Format::detect(b"timestamp;action"), Format::Csv);
        let mut store = Store::new();
        let jsonl = format!("{GOOD}\n{{broken\n{GOOD}\n");
        let report = parse_any(jsonl.as_bytes(), &mut store).unwrap();
        assert_eq!((report.accepted, report.skipped_total()), (2, 1));
    }
}
