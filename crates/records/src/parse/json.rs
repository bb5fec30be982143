//! JSON exports: the array the API streams (split into elements as bytes arrive) and JSONL.

use super::flat_record::FlatReader;
use super::{ParseError, ParseReport};
use crate::record::{RawRecord, SkipReason};
use crate::store::Store;

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

/// The largest element the reader holds: a back-office record with its diff is kilobytes; an
/// element that never closes would otherwise grow the buffer until the body ends.
pub const MAX_ELEMENT_BYTES: usize = 4 << 20;

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
    /// The current element outgrew [`MAX_ELEMENT_BYTES`]: its bytes are dropped as they come
    /// and it counts as skipped when it ends.
    oversized: bool,
    /// The common record's reader, kept from record to record.
    flat: FlatReader,
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
            oversized: false,
            flat: FlatReader::default(),
            report: ParseReport::default(),
        }
    }

    /// The report so far: records accepted and skipped until now.
    pub fn report(&self) -> &ParseReport {
        &self.report
    }

    /// Takes the next chunk of the body; every element it completes goes into `store`.
    pub fn feed(&mut self, chunk: &[u8], store: &mut Store) -> Result<(), ParseError> {
        if self.buffer.is_empty() {
            // Nothing held over from the chunk before (the usual case): the chunk is read where
            // it lies and only its unfinished end is kept, rather than every chunk copied into
            // the buffer first (in wasm, the same within the spread but for a fresh reader's
            // first body, 155–168 ms instead of 189–190 for 40 MB).
            self.read(chunk, store)?;
            let keep_from = self.keep_from(chunk.len());
            self.buffer
                .extend_from_slice(chunk.get(keep_from..).unwrap_or_default());
            self.forget(keep_from);
        } else {
            self.buffer.extend_from_slice(chunk);
            let buffer = std::mem::take(&mut self.buffer);
            let read = self.read(&buffer, store);
            self.buffer = buffer;
            read?;
            let keep_from = self.keep_from(self.buffer.len());
            self.buffer.drain(..keep_from);
            self.forget(keep_from);
        }
        Ok(())
    }

    /// Reads `data` (what the buffer held, then the new chunk) from the scan on.
    fn read(&mut self, data: &[u8], store: &mut Store) -> Result<(), ParseError> {
        loop {
            // Inside a string only `"` and `\` matter: jump to the next one.
            if self.position == Position::InElement && self.in_string && !self.escaped {
                let rest = data.get(self.scan..).unwrap_or_default();
                match rest.iter().position(|&b| b == b'"' || b == b'\\') {
                    Some(skip) => self.scan += skip,
                    None => {
                        self.scan = data.len();
                        return Ok(());
                    }
                }
            }
            let Some(&byte) = data.get(self.scan) else {
                return Ok(());
            };
            match self.position {
                Position::BeforeArray => self.before_array(byte, data)?,
                Position::BetweenElements => self.between_elements(byte, data, store),
                Position::InElement => self.in_element(byte, data, store),
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
            Position::InElement if !self.oversized && self.unfinished_element_is_invalid() => {
                Err(ParseError::NotJson {
                    offset: self.consumed + self.element_start,
                })
            }
            _ => Err(ParseError::Truncated {
                bytes: self.consumed + self.buffer.len(),
            }),
        }
    }

    /// Whether the element the body ended in is broken before its end, rather than cut: a cut
    /// element is a valid start of JSON that ends too soon.
    fn unfinished_element_is_invalid(&self) -> bool {
        let element = self.buffer.get(self.element_start..).unwrap_or_default();
        match serde_json::from_slice::<serde::de::IgnoredAny>(element) {
            Err(error) => error.is_syntax(),
            Ok(_) => false,
        }
    }

    fn before_array(&mut self, byte: u8, data: &[u8]) -> Result<(), ParseError> {
        const BOM: [u8; 3] = [0xEF, 0xBB, 0xBF];
        let at_bom =
            self.consumed + self.scan < 3 && BOM.get(self.consumed + self.scan) == Some(&byte);
        if byte == b'[' {
            self.position = Position::BetweenElements;
        } else if !byte.is_ascii_whitespace() && !at_bom {
            let start = self.scan;
            let end = (start + 40).min(data.len());
            let found = String::from_utf8_lossy(data.get(start..end).unwrap_or_default());
            let found = found.into_owned();
            return Err(ParseError::NotAnArray { found });
        }
        Ok(())
    }

    fn between_elements(&mut self, byte: u8, data: &[u8], store: &mut Store) {
        match byte {
            b']' => self.position = Position::AfterArray,
            b',' => {}
            byte if byte.is_ascii_whitespace() => {}
            b'{' if self.read_flat(data, store) => {}
            byte => {
                self.position = Position::InElement;
                self.element_start = self.scan;
                self.depth = 0;
                // Re-read this byte as the element's first.
                self.in_element(byte, data, store);
            }
        }
    }

    /// The common record read in one pass where it lies ([`FlatReader`]), leaving the
    /// scan on its `}`; `false` (nothing read) when the element is for the splitter and serde.
    fn read_flat(&mut self, data: &[u8], store: &mut Store) -> bool {
        let rest = data.get(self.scan..).unwrap_or_default();
        match self.flat.read(rest) {
            Some((record, length)) if length <= MAX_ELEMENT_BYTES => {
                self.report.note_fields(&record);
                let outcome = store.push(&record);
                self.report.count(outcome);
                self.scan += length - 1;
                true
            }
            _ => false,
        }
    }

    fn in_element(&mut self, byte: u8, data: &[u8], store: &mut Store) {
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
                    self.complete_element(self.scan + 1, data, store);
                }
            }
            // A scalar element (or a stray `]`) ends at the next separator at depth 0.
            b',' | b']' if self.depth == 0 => {
                self.complete_element(self.scan, data, store);
                if byte == b']' {
                    self.position = Position::AfterArray;
                }
            }
            _ => {}
        }
    }

    fn complete_element(&mut self, end: usize, data: &[u8], store: &mut Store) {
        if self.oversized {
            self.report.count_skip(SkipReason::TooLarge);
            self.oversized = false;
        } else {
            let bytes = data.get(self.element_start..end).unwrap_or_default();
            push_json_record(bytes, store, &mut self.report);
        }
        self.position = Position::BetweenElements;
    }

    /// Where the bytes to keep start in the `length` bytes just read: an unfinished element's
    /// start (unless it is too large to be a record: then only the scan goes on, to find its
    /// end), else nothing is kept.
    fn keep_from(&mut self, length: usize) -> usize {
        if self.position == Position::InElement && length - self.element_start > MAX_ELEMENT_BYTES {
            self.oversized = true;
        }
        match self.position {
            Position::InElement if !self.oversized => self.element_start,
            _ => length,
        }
    }

    /// Counts the first `dropped` bytes read as gone: the positions move back by as many.
    fn forget(&mut self, dropped: usize) {
        self.consumed += dropped;
        self.scan -= dropped;
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

/// Reads JSONL chunk by chunk: one record per line; blank lines are ignored.
#[derive(Debug, Default)]
pub struct JsonlReader {
    /// The unfinished last line.
    line: Vec<u8>,
    started: bool,
    /// The current line outgrew [`MAX_ELEMENT_BYTES`]: dropped, counted when it ends.
    oversized: bool,
    report: ParseReport,
}

impl JsonlReader {
    pub fn new() -> Self {
        Self::default()
    }

    /// Takes the next chunk; every line it completes goes into `store`.
    pub fn feed(&mut self, mut chunk: &[u8], store: &mut Store) {
        while let Some(end) = chunk.iter().position(|&b| b == b'\n') {
            let (line, rest) = chunk.split_at(end);
            self.take(line);
            self.end_line(store);
            chunk = rest.get(1..).unwrap_or_default();
        }
        self.take(chunk);
    }

    pub fn finish(mut self, store: &mut Store) -> ParseReport {
        self.end_line(store);
        self.report
    }

    fn take(&mut self, bytes: &[u8]) {
        if self.oversized {
            return;
        }
        self.line.extend_from_slice(bytes);
        if self.line.len() > MAX_ELEMENT_BYTES {
            self.oversized = true;
            self.line = Vec::new();
        }
    }

    fn end_line(&mut self, store: &mut Store) {
        let mut line = std::mem::take(&mut self.line);
        if !std::mem::replace(&mut self.started, true) {
            if let Some(rest) = line.strip_prefix(b"\xEF\xBB\xBF") {
                line = rest.to_vec();
            }
        }
        if std::mem::take(&mut self.oversized) {
            self.report.count_skip(SkipReason::TooLarge);
        } else if !line.trim_ascii().is_empty() {
            push_json_record(&line, store, &mut self.report);
        }
        // Keep the allocation for the next line.
        line.clear();
        self.line = line;
    }
}

/// Parses a JSONL body: one record per line; blank lines are ignored.
pub fn parse_jsonl(bytes: &[u8], store: &mut Store) -> ParseReport {
    let mut reader = JsonlReader::new();
    reader.feed(bytes, store);
    reader.finish(store)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::parse::GOOD;
    use crate::record::TextField;

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
    fn an_element_too_large_for_a_record_is_skipped_without_being_held() {
        let mut reader = JsonArrayReader::new();
        let mut store = Store::new();
        let head = r#"[{"timestamp":"2024-01-01T00:00:00Z","action":"a","diff":""#;
        reader.feed(head.as_bytes(), &mut store).unwrap();
        // 6 MB of diff in 64 kB chunks: the buffer never holds much more than the cap.
        let chunk = vec![b'x'; 64 << 10];
        let mut largest = 0;
        for _ in 0..96 {
            reader.feed(&chunk, &mut store).unwrap();
            largest = largest.max(reader.buffer.len());
        }
        assert!(largest <= MAX_ELEMENT_BYTES + chunk.len(), "{largest}");
        reader
            .feed(format!(r#""}}, {GOOD}]"#).as_bytes(), &mut store)
            .unwrap();
        let report = reader.finish().unwrap();
        assert_eq!(report.accepted, 1);
        assert_eq!(report.skipped.get(&SkipReason::TooLarge), Some(&1));
        assert_eq!(store.len(), 1);
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
        let garbage = r#"[{"timestamp": "2024-01-01T00:00:00Z", "action": garbage"#;
        assert_eq!(parse(garbage).1, Err(ParseError::NotJson { offset: 1 }));
        let garbage_after_a_record = format!("[{GOOD}, {{\"action\": <html>");
        assert_eq!(
            parse(&garbage_after_a_record).1,
            Err(ParseError::NotJson {
                offset: GOOD.len() + 3
            })
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
    fn any_chunking_gives_the_same_error_offsets() {
        let after_a_record = format!("[{GOOD}] x");
        for size in [1, 2, 3, 7, 64] {
            let mut reader = JsonArrayReader::new();
            let error = after_a_record
                .as_bytes()
                .chunks(size)
                .find_map(|chunk| reader.feed(chunk, &mut Store::new()).err());
            assert_eq!(
                error,
                Some(ParseError::TrailingData {
                    offset: GOOD.len() + 3
                }),
                "chunk size {size}"
            );
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
}
