//! Parsing of the API's exports into a [`Store`], streaming and defensive.
//!
//! A body is split into top-level elements as bytes arrive ([`JsonArrayReader::feed`]), so a
//! load shows progress and a partial count while it runs, and one malformed record is counted and
//! skipped instead of failing the body. Only errors of the body as a whole (not JSON, cut off
//! mid-way) are a [`ParseError`].

use std::collections::BTreeMap;
use std::fmt;

use crate::record::{Field, RawRecord, TextField};
use crate::store::Store;

fn field_position(field: Field) -> usize {
    Field::ALL.iter().position(|f| *f == field).unwrap_or(0)
}

/// Why one record was skipped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SkipReason {
    /// Not valid JSON (a JSONL line, or an element of the array).
    InvalidJson,
    /// Valid JSON, but not an object, or a field holds an object or an array.
    NotARecord,
    NoTimestamp,
    BadTimestamp,
    NoAction,
    /// A CSV row that could not be read (bad quoting, not UTF-8).
    InvalidCsv,
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(match self {
            SkipReason::InvalidJson => "not valid JSON",
            SkipReason::NotARecord => "not a record of the activity log",
            SkipReason::NoTimestamp => "no timestamp",
            SkipReason::BadTimestamp => "timestamp not a date and time",
            SkipReason::NoAction => "no action",
            SkipReason::InvalidCsv => "not a readable CSV row",
        })
    }
}

/// What a parse kept and what it skipped, by reason.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
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
            .filter(|field| self.field_counts[field_position(**field)] == 0)
            .map(|field| field.name())
            .collect()
    }

    fn note_fields(&mut self, record: &RawRecord) {
        for (i, field) in Field::ALL.iter().enumerate() {
            let set = match field {
                Field::Timestamp => record.timestamp.is_some(),
                Field::Diff => record.diff.is_some(),
                Field::Text(text) => record.text(*text).is_some(),
            };
            if set {
                self.field_counts[i] += 1;
            }
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

    /// One sentence per reason, e.g. "312 records skipped: no timestamp".
    pub fn skipped_sentences(&self) -> Vec<String> {
        self.skipped
            .iter()
            .map(|(reason, count)| {
                let noun = if *count == 1 { "record" } else { "records" };
                format!("{count} {noun} skipped: {reason}")
            })
            .collect()
    }
}

/// A failure of the body as a whole.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("the answer is not a JSON array (it starts with {found:?})")]
    NotAnArray { found: String },
    #[error("the answer was cut off after {bytes} bytes, in the middle of the data")]
    Truncated { bytes: usize },
    #[error("unexpected data after the end of the JSON array, at byte {offset}")]
    TrailingData { offset: usize },
    #[error("the file is not JSON, JSONL or CSV")]
    NotCsv,
    #[error("the CSV has none of the activity log's columns (its header starts with {found:?})")]
    NoKnownColumns { found: Vec<String> },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Position {
    /// Before the opening `[` (a UTF-8 BOM and white space are allowed).
    BeforeArray,
    /// Inside the array, between elements.
    BetweenElements,
    /// Inside an element that started at `element_start`.
    InElement,
    /// After the closing `]`.
    AfterArray,
}

/// Reads a JSON array of records chunk by chunk, pushing each complete record into a store.
#[derive(Debug)]
pub struct JsonArrayReader {
    buffer: Vec<u8>,
    /// Bytes dropped from the front of `buffer` so far (for offsets in errors).
    consumed: usize,
    scan: usize,
    element_start: usize,
    position: Position,
    depth: u32,
    in_string: bool,
    escaped: bool,
    report: ParseReport,
}

impl Default for JsonArrayReader {
    fn default() -> Self {
        Self::new()
    }
}

impl JsonArrayReader {
    pub fn new() -> Self {
        JsonArrayReader {
            buffer: Vec::new(),
            consumed: 0,
            scan: 0,
            element_start: 0,
            position: Position::BeforeArray,
            depth: 0,
            in_string: false,
            escaped: false,
            report: ParseReport::default(),
        }
    }

    /// The report so far: records accepted and skipped until now.
    pub fn report(&self) -> &ParseReport {
        &self.report
    }

    /// Takes the next chunk of the body; every element it completes goes into `store`.
    pub fn feed(&mut self, chunk: &[u8], store: &mut Store) -> Result<(), ParseError> {
        self.buffer.extend_from_slice(chunk);
        while self.scan < self.buffer.len() {
            // Inside a string only `"` and `\` matter: jump to the next one.
            if self.position == Position::InElement && self.in_string && !self.escaped {
                match self.buffer[self.scan..]
                    .iter()
                    .position(|&b| b == b'"' || b == b'\\')
                {
                    Some(skip) => self.scan += skip,
                    None => {
                        self.scan = self.buffer.len();
                        break;
                    }
                }
            }
            let byte = self.buffer[self.scan];
            match self.position {
                Position::BeforeArray => self.before_array(byte)?,
                Position::BetweenElements => self.between_elements(byte, store),
                Position::InElement => self.in_element(byte, store),
                Position::AfterArray => {
                    if !byte.is_ascii_whitespace() {
                        return Err(ParseError::TrailingData {
                            offset: self.consumed + self.scan,
                        });
                    }
                }
            }
            self.scan += 1;
        }
        self.compact();
        Ok(())
    }

    /// Ends the body: it must have closed its array.
    pub fn finish(self) -> Result<ParseReport, ParseError> {
        match self.position {
            Position::AfterArray => Ok(self.report),
            Position::BeforeArray if self.consumed + self.buffer.len() == 0 => {
                Err(ParseError::NotAnArray {
                    found: "nothing: the body is empty".into(),
                })
            }
            _ => Err(ParseError::Truncated {
                bytes: self.consumed + self.buffer.len(),
            }),
        }
    }

    fn before_array(&mut self, byte: u8) -> Result<(), ParseError> {
        const BOM: [u8; 3] = [0xEF, 0xBB, 0xBF];
        let at_bom =
            self.consumed + self.scan < 3 && BOM.get(self.consumed + self.scan) == Some(&byte);
        if byte == b'[' {
            self.position = Position::BetweenElements;
        } else if !byte.is_ascii_whitespace() && !at_bom {
            let start = self.scan;
            let end = (start + 40).min(self.buffer.len());
            let found = String::from_utf8_lossy(&self.buffer[start..end]).into_owned();
            return Err(ParseError::NotAnArray { found });
        }
        Ok(())
    }

    fn between_elements(&mut self, byte: u8, store: &mut Store) {
        match byte {
            b']' => self.position = Position::AfterArray,
            b',' => {}
            byte if byte.is_ascii_whitespace() => {}
            byte => {
                self.position = Position::InElement;
                self.element_start = self.scan;
                self.depth = 0;
                // Re-read this byte as the element's first.
                self.in_element(byte, store);
            }
        }
    }

    fn in_element(&mut self, byte: u8, store: &mut Store) {
        if self.in_string {
            match byte {
                _ if self.escaped => self.escaped = false,
                b'\\' => self.escaped = true,
                b'"' => self.in_string = false,
                _ => {}
            }
            return;
        }
        match byte {
            b'"' => self.in_string = true,
            b'{' | b'[' => self.depth += 1,
            b'}' | b']' if self.depth > 0 => {
                self.depth -= 1;
                if self.depth == 0 {
                    self.complete_element(self.scan + 1, store);
                }
            }
            // A scalar element (or a stray `]`) ends at the next separator at depth 0.
            b',' | b']' if self.depth == 0 => {
                self.complete_element(self.scan, store);
                if byte == b']' {
                    self.position = Position::AfterArray;
                }
            }
            _ => {}
        }
    }

    fn complete_element(&mut self, end: usize, store: &mut Store) {
        let bytes = &self.buffer[self.element_start..end];
        push_json_record(bytes, store, &mut self.report);
        self.position = Position::BetweenElements;
    }

    /// Drops the bytes already parsed, keeping an unfinished element.
    fn compact(&mut self) {
        let keep_from = match self.position {
            Position::InElement => self.element_start,
            _ => self.buffer.len(),
        };
        self.buffer.drain(..keep_from);
        self.consumed += keep_from;
        self.scan -= keep_from;
        self.element_start = 0;
    }
}

fn push_json_record(bytes: &[u8], store: &mut Store, report: &mut ParseReport) {
    let trimmed = bytes.trim_ascii();
    let outcome = if trimmed.first() != Some(&b'{') {
        Err(
            if serde_json::from_slice::<serde::de::IgnoredAny>(trimmed).is_ok() {
                SkipReason::NotARecord
            } else {
                SkipReason::InvalidJson
            },
        )
    } else {
        match serde_json::from_slice::<RawRecord>(trimmed) {
            Ok(record) => {
                report.note_fields(&record);
                store.push(&record)
            }
            Err(error) if error.is_data() => Err(SkipReason::NotARecord),
            Err(_) => Err(SkipReason::InvalidJson),
        }
    };
    report.count(outcome);
}

/// Parses a whole JSON-array body.
pub fn parse_json_array(bytes: &[u8], store: &mut Store) -> Result<ParseReport, ParseError> {
    let mut reader = JsonArrayReader::new();
    reader.feed(bytes, store)?;
    reader.finish()
}

/// Parses a JSONL body: one record per line; blank lines are ignored.
pub fn parse_jsonl(bytes: &[u8], store: &mut Store) -> ParseReport {
    let mut report = ParseReport::default();
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    for line in bytes.split(|&b| b == b'\n') {
        if line.trim_ascii().is_empty() {
            continue;
        }
        push_json_record(line, store, &mut report);
    }
    report
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
    match Format::detect(bytes) {
        Format::JsonArray => parse_json_array(bytes, store),
        Format::Jsonl => Ok(parse_jsonl(bytes, store)),
        Format::Csv => parse_csv(bytes, store),
    }
}

/// Parses CSV as the platform writes it: a BOM, a header of field names, `;` between fields
/// (`,` is accepted too), quoted fields that may hold separators and newlines. An empty cell is
/// null; unknown columns are ignored.
pub fn parse_csv(bytes: &[u8], store: &mut Store) -> Result<ParseReport, ParseError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let header_end = bytes
        .iter()
        .position(|&b| b == b'\n')
        .unwrap_or(bytes.len());
    let header_line = &bytes[..header_end];
    let delimiter = if header_line.contains(&b';') {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(bytes);
    let headers = reader.headers().map_err(|_| ParseError::NotCsv)?.clone();
    let columns: Vec<Option<Field>> = headers
        .iter()
        .map(|name| Field::ALL.iter().copied().find(|f| f.name() == name.trim()))
        .collect();
    let mut report = ParseReport::default();
    if !columns.iter().any(Option::is_some) {
        let found: Vec<String> = headers.iter().take(12).map(str::to_string).collect();
        return Err(ParseError::NoKnownColumns { found });
    }
    let mut row = csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut row) {
            Ok(false) => break,
            Ok(true) => {
                let outcome = match csv_record(&columns, &row) {
                    Some(record) => {
                        report.note_fields(&record);
                        store.push(&record)
                    }
                    None => Err(SkipReason::InvalidCsv),
                };
                report.count(outcome);
            }
            // A broken row: count it and go on with the next.
            Err(_) => report.count(Err(SkipReason::InvalidCsv)),
        }
    }
    Ok(report)
}

fn csv_record<'a>(columns: &[Option<Field>], row: &'a csv::ByteRecord) -> Option<RawRecord<'a>> {
    let mut record = RawRecord::default();
    for (column, cell) in columns.iter().zip(row.iter()) {
        let Some(field) = column else { continue };
        let text = std::str::from_utf8(cell).ok()?;
        if text.is_empty() {
            continue;
        }
        let value = Some(std::borrow::Cow::Borrowed(text));
        match field {
            Field::Timestamp => record.timestamp = value,
            Field::Diff => record.diff = value,
            Field::Text(TextField::DomainId) => record.domain_id = value,
            Field::Text(TextField::UserId) => record.user_id = value,
            Field::Text(TextField::DatasetId) => record.dataset_id = value,
            Field::Text(TextField::Username) => record.username = value,
            Field::Text(TextField::Action) => record.action = value,
            Field::Text(TextField::GroupId) => record.group_id = value,
            Field::Text(TextField::PageId) => record.page_id = value,
            Field::Text(TextField::MapId) => record.map_id = value,
            Field::Text(TextField::ReuseTitle) => record.reuse_title = value,
            Field::Text(TextField::SubdomainId) => record.subdomain_id = value,
        }
    }
    Some(record)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{"timestamp":"2024-01-01T10:00:00+00:00","user_id":"a","action":"edit_dataset","diff":"{\"x\": [1, \"]}\"]}"}"#;

    fn parse(body: &str) -> (Store, Result<ParseReport, ParseError>) {
        let mut store = Store::new();
        let result = parse_json_array(body.as_bytes(), &mut store);
        (store, result)
    }

    #[test]
    fn parses_an_array_with_brackets_inside_strings() {
        let (store, result) = parse(&format!("\u{feff} [ {GOOD} ,\n{GOOD}]\n"));
        let report = result.unwrap();
        assert_eq!(report.accepted, 2);
        assert_eq!(store.len(), 2);
        assert_eq!(store.diff(1), r#"{"x": [1, "]}"]}"#);
    }

    #[test]
    fn empty_array_is_fine_and_empty_body_is_not() {
        assert_eq!(parse("[]").1.unwrap().accepted, 0);
        assert!(matches!(parse("").1, Err(ParseError::NotAnArray { .. })));
    }

    #[test]
    fn counts_and_skips_malformed_records_and_keeps_the_rest() {
        let body = format!(
            r#"[{GOOD}, {{"action":"x"}}, {{"timestamp":"nope","action":"x"}}, 42, {{"timestamp":"2024-01-01T00:00:00Z"}}, {{"timestamp":"2024-01-01T00:00:00Z","action":"x","user_id":[1]}}, {{"timestamp": tru}}, {GOOD}]"#
        );
        let (store, result) = parse(&body);
        let report = result.unwrap();
        assert_eq!(store.len(), 2);
        assert_eq!(report.accepted, 2);
        let expected: BTreeMap<_, _> = [
            (SkipReason::NoTimestamp, 1),
            (SkipReason::BadTimestamp, 1),
            (SkipReason::NotARecord, 2),
            (SkipReason::NoAction, 1),
            (SkipReason::InvalidJson, 1),
        ]
        .into();
        assert_eq!(report.skipped, expected);
        assert_eq!(report.skipped_total(), 6);
        assert!(report
            .skipped_sentences()
            .contains(&"1 record skipped: no timestamp".to_string()));
    }

    #[test]
    fn unknown_actions_are_kept() {
        let body =
            r#"[{"timestamp":"2024-01-01T00:00:00Z","action":"frobnicate_widget","user_id":"u"}]"#;
        let (store, result) = parse(body);
        assert_eq!(result.unwrap().accepted, 1);
        assert_eq!(store.text(0, TextField::Action), "frobnicate_widget");
    }

    #[test]
    fn whole_body_errors_say_what_is_wrong() {
        assert!(matches!(
            parse(r#"{"message":"boom"}"#).1,
            Err(ParseError::NotAnArray { found }) if found.starts_with("{\"message\"")
        ));
        let cut = format!("[{GOOD}, {}", &GOOD[..30]);
        assert_eq!(
            parse(&cut).1,
            Err(ParseError::Truncated { bytes: cut.len() })
        );
        assert!(matches!(
            parse("[] x").1,
            Err(ParseError::TrailingData { offset: 3 })
        ));
    }

    #[test]
    fn any_chunking_gives_the_same_store() {
        let body =
            format!("[{GOOD},{GOOD}, {{\"timestamp\":\"2024-02-01T00:00:00Z\",\"action\":\"é\"}}]");
        let bytes = body.as_bytes();
        for size in [1, 2, 3, 7, 64, bytes.len()] {
            let mut store = Store::new();
            let mut reader = JsonArrayReader::new();
            for chunk in bytes.chunks(size) {
                reader.feed(chunk, &mut store).unwrap();
            }
            assert_eq!(reader.finish().unwrap().accepted, 3, "chunk size {size}");
            assert_eq!(store.text(2, TextField::Action), "é");
            assert_eq!(store.diff(0), r#"{"x": [1, "]}"]}"#);
        }
    }

    #[test]
    fn jsonl_skips_bad_lines() {
        let body = format!("{GOOD}\n\nnot json\n{GOOD}\r\n");
        let mut store = Store::new();
        let report = parse_jsonl(body.as_bytes(), &mut store);
        assert_eq!(report.accepted, 2);
        assert_eq!(report.skipped[&SkipReason::InvalidJson], 1);
    }

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

    const CSV: &str = "\u{feff}timestamp;domain_id;user_id;dataset_id;username;action;group_id;page_id;diff;map_id;reuse_title;subdomain_id\n\
        2024-01-01T10:00:00+01:00;ws;ann;trees;;edit_dataset;;;\"{\"\"a\"\": \"\"x;y\"\"}\nsecond line\";;;\n\
        2024-01-02T10:00:00+01:00;ws;bob;;;add_page;;home;;;;sub\n\
        not a date;ws;bob;;;add_page;;home;;;;\n";

    #[test]
    fn csv_as_the_platform_writes_it() {
        let mut store = Store::new();
        let report = parse_csv(CSV.as_bytes(), &mut store).unwrap();
        assert_eq!(report.accepted, 2);
        assert_eq!(report.skipped[&SkipReason::BadTimestamp], 1);
        assert_eq!(store.diff(0), "{\"a\": \"x;y\"}\nsecond line");
        assert_eq!(store.text(0, TextField::Username), "");
        assert_eq!(store.text(1, TextField::SubdomainId), "sub");
        assert_eq!(store.timestamp(0), 1_704_099_600_000);
        assert_eq!(Format::detect(CSV.as_bytes()), Format::Csv);
    }

    #[test]
    fn csv_with_commas_and_unknown_columns() {
        let mut store = Store::new();
        let text = "extra,timestamp,action,user_id\n1,2024-01-01T00:00:00Z,a,u\n";
        assert_eq!(parse_csv(text.as_bytes(), &mut store).unwrap().accepted, 1);
        assert!(matches!(
            parse_csv(b"a;b\n1;2\n", &mut store),
            Err(ParseError::NoKnownColumns { .. })
        ));
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
