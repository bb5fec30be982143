//! A one-pass reader of the common record: a flat JSON object whose values are strings or null,
//! read where it lies in the buffer. Anything else (numbers, nested values, `\u` escapes, a key
//! twice, a record cut by the chunk's end, a syntax error) is left to serde through the element
//! splitter, so that both paths give the same record or the same skip.

use std::borrow::Cow;

use crate::record::RawRecord;

/// Reads the object starting at `bytes[0]` (which must be `{`): the record, and how many bytes
/// it took (up to and including its `}`); `None` when it is not the common shape or not all
/// there yet, for the slower path to decide. A diff with escapes (most of them: a diff is JSON
/// in a string) is unescaped into `diff_buffer`, which the caller keeps from record to record
/// rather than allocating a string for each.
pub fn read_flat_record<'a>(
    bytes: &'a [u8],
    diff_buffer: &'a mut Vec<u8>,
) -> Option<(RawRecord<'a>, usize)> {
    let mut cursor = Cursor { bytes, at: 1 };
    let record = cursor.object(diff_buffer)?;
    Some((record, cursor.at))
}

/// Where a string's text is once read.
enum Text<'a> {
    /// As it lies in the bytes (no escape).
    Borrowed(&'a [u8]),
    /// Unescaped into the buffer given, not yet checked as UTF-8.
    Unescaped,
}

struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    /// The members after `{`, through the closing `}`.
    fn object(&mut self, diff_buffer: &'a mut Vec<u8>) -> Option<RawRecord<'a>> {
        let mut record = RawRecord::default();
        let mut seen: u16 = 0;
        let mut diff_unescaped = false;
        if self.next_token()? == b'}' {
            self.at += 1;
            return Some(record);
        }
        loop {
            if self.next_token()? != b'"' {
                return None;
            }
            let key = self.plain_string()?;
            if self.next_token()? != b':' {
                return None;
            }
            self.at += 1;
            let value = if key == b"diff" && self.next_token()? == b'"' {
                match self.string(diff_buffer)? {
                    Text::Borrowed(text) => Some(Cow::Borrowed(std::str::from_utf8(text).ok()?)),
                    // Filled in once the object is read, when the buffer is no longer written.
                    Text::Unescaped => {
                        diff_unescaped = true;
                        None
                    }
                }
            } else {
                self.value()?
            };
            if let Some((bit, slot)) = slot_of(&mut record, key) {
                // serde refuses a field given twice: so does this path, by leaving it to serde.
                if seen & bit != 0 {
                    return None;
                }
                seen |= bit;
                *slot = value;
            }
            match self.next_token()? {
                b',' => self.at += 1,
                b'}' => {
                    self.at += 1;
                    break;
                }
                _ => return None,
            }
        }
        if diff_unescaped {
            let text: &'a [u8] = diff_buffer;
            record.diff = Some(Cow::Borrowed(std::str::from_utf8(text).ok()?));
        }
        Some(record)
    }

    /// The next byte that is not JSON white space, left in place. Inlined for its usual case,
    /// no white space at all (exports are compact).
    #[inline]
    fn next_token(&mut self) -> Option<u8> {
        match *self.bytes.get(self.at)? {
            b' ' | b'\t' | b'\n' | b'\r' => self.after_space(),
            byte => Some(byte),
        }
    }

    fn after_space(&mut self) -> Option<u8> {
        while let Some(&byte) = self.bytes.get(self.at) {
            if !matches!(byte, b' ' | b'\t' | b'\n' | b'\r') {
                return Some(byte);
            }
            self.at += 1;
        }
        None
    }

    /// A string or `null`.
    fn value(&mut self) -> Option<Option<Cow<'a, str>>> {
        match self.next_token()? {
            b'"' => {
                let mut unescaped = Vec::new();
                let text = match self.string(&mut unescaped)? {
                    Text::Borrowed(text) => Cow::Borrowed(std::str::from_utf8(text).ok()?),
                    Text::Unescaped => Cow::Owned(String::from_utf8(unescaped).ok()?),
                };
                Some(Some(text))
            }
            b'n' => {
                let end = self.at + 4;
                (self.bytes.get(self.at..end)? == b"null").then(|| {
                    self.at = end;
                    None
                })
            }
            _ => None,
        }
    }

    /// A string without escapes (a key), as bytes.
    fn plain_string(&mut self) -> Option<&'a [u8]> {
        let start = self.at + 1;
        let length = string_stop(self.bytes.get(start..)?)?;
        let raw = self.bytes.get(start..start + length)?;
        // Escapes, control characters and non-ASCII keys (whose UTF-8 serde checks) are serde's.
        if self.bytes.get(start + length) != Some(&b'"') || !raw.is_ascii() {
            return None;
        }
        self.at = start + length + 1;
        Some(raw)
    }

    /// A string value at its opening quote: borrowed when it has no escape. With escapes, the
    /// text is gathered into `unescaped` (emptied first) as bytes, for the caller to check as
    /// UTF-8 once (an escape here always stands for an ASCII byte, so that check is the same as
    /// checking each run apart).
    fn string(&mut self, unescaped: &mut Vec<u8>) -> Option<Text<'a>> {
        let start = self.at + 1;
        let mut at = start;
        let mut escaped = false;
        let mut run_start = start;
        loop {
            at += string_stop(self.bytes.get(at..)?)?;
            let run = self.bytes.get(run_start..at)?;
            match *self.bytes.get(at)? {
                b'"' => {
                    self.at = at + 1;
                    if !escaped {
                        return Some(Text::Borrowed(run));
                    }
                    unescaped.extend_from_slice(run);
                    return Some(Text::Unescaped);
                }
                b'\\' => {
                    if !escaped {
                        escaped = true;
                        unescaped.clear();
                        // Room to spare from the start: grown from empty, each diff was
                        // reallocated several times (the parse in wasm 6 % slower).
                        unescaped.reserve(2 * run.len() + 32);
                    }
                    unescaped.extend_from_slice(run);
                    unescaped.push(match *self.bytes.get(at + 1)? {
                        b'"' => b'"',
                        b'\\' => b'\\',
                        b'/' => b'/',
                        b'b' => 0x08,
                        b'f' => 0x0c,
                        b'n' => b'\n',
                        b'r' => b'\r',
                        b't' => b'\t',
                        // `\u` escapes (and invalid ones) are serde's.
                        _ => return None,
                    });
                    at += 2;
                    run_start = at;
                }
                // A raw control character is invalid JSON: serde says so.
                _ => return None,
            }
        }
    }
}

/// Where the plain text of a JSON string stops in `bytes`: the first `"`, `\` or control
/// character. Eight bytes at a time: a byte is flagged where it equals `"` or `\` or is below
/// 0x20 (the flags above a true one may be false, the lowest never is, and only it is read).
fn string_stop(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGH: u64 = u64::from_le_bytes([0x80; 8]);
    let below = |word: u64, limit: u8| word.wrapping_sub(ONES * u64::from(limit)) & !word;
    let mut chunks = bytes.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().ok()?);
        let flags = (below(word ^ (ONES * u64::from(b'"')), 1)
            | below(word ^ (ONES * u64::from(b'\\')), 1)
            | below(word, 0x20))
            & HIGH;
        if flags != 0 {
            return Some(offset + (flags.trailing_zeros() / 8) as usize);
        }
        offset += 8;
    }
    let rest = chunks.remainder();
    let stop = rest
        .iter()
        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
    Some(offset + stop)
}

/// The record's field named `key` and its bit among the fields seen; `None` for a key the
/// record does not have (serde ignores those too).
fn slot_of<'r, 'a>(
    record: &'r mut RawRecord<'a>,
    key: &[u8],
) -> Option<(u16, &'r mut Option<Cow<'a, str>>)> {
    Some(match key {
        b"timestamp" => (1, &mut record.timestamp),
        b"domain_id" => (1 << 1, &mut record.domain_id),
        b"user_id" => (1 << 2, &mut record.user_id),
        b"dataset_id" => (1 << 3, &mut record.dataset_id),
        b"username" => (1 << 4, &mut record.username),
        b"action" => (1 << 5, &mut record.action),
        b"group_id" => (1 << 6, &mut record.group_id),
        b"page_id" => (1 << 7, &mut record.page_id),
        b"diff" => (1 << 8, &mut record.diff),
        b"map_id" => (1 << 9, &mut record.map_id),
        b"reuse_title" => (1 << 10, &mut record.reuse_title),
        b"subdomain_id" => (1 << 11, &mut record.subdomain_id),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What serde makes of the same bytes: the reference this path must agree with.
    fn by_serde(bytes: &[u8]) -> Option<String> {
        serde_json::from_slice::<RawRecord>(bytes)
            .ok()
            .map(|record| format!("{record:?}"))
    }

    fn by_this(bytes: &[u8]) -> Option<String> {
        read_flat_record(bytes, &mut Vec::new()).map(|(record, length)| {
            assert_eq!(length, bytes.len(), "the whole object is read");
            format!("{record:?}")
        })
    }

    #[test]
    fn reads_the_common_record_as_serde_does() {
        let body = br#"{ "timestamp" : "2024-03-26T10:00:00+00:00", "action":"edit_dataset",
            "user_id":"al\"ice\\", "diff":"{\"a\": [1, \"x\\ny\"]}\t\n", "map_id": null,
            "unknown": "ignored", "username": "Zo\u00e9 \u{1F600}"}"#;
        let body = String::from_utf8_lossy(body)
            .replace("\\u00e9", "é")
            .replace("\\u{1F600}", "😀");
        assert_eq!(by_this(body.as_bytes()), by_serde(body.as_bytes()));
        assert!(by_this(body.as_bytes()).is_some());
        assert_eq!(by_this(b"{}"), by_serde(b"{}"));
    }

    #[test]
    fn leaves_everything_else_to_serde() {
        for body in [
            &br#"{"action": 3}"#[..],
            br#"{"action": true}"#,
            br#"{"action": "\u00e9"}"#,
            br#"{"action": "a", "action": "b"}"#,
            br#"{"unknown": {"nested": 1}, "action": "a"}"#,
            br#"{"act\u0069on": "a"}"#,
            br#"{"action": "a",}"#,
            br#"{"action": "a""#,
            b"{\"action\": \"a\x01\"}",
            b"{\"action\": \"\xff\"}",
            b"{\"\xff\": \"a\"}",
            br#"{"action": "a\q"}"#,
            br#"{"action" "a"}"#,
        ] {
            assert!(by_this(body).is_none(), "{}", String::from_utf8_lossy(body));
        }
    }

    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![
                Just("a".to_string()),
                Just("é".to_string()),
                Just("\\\"".to_string()),
                Just("\\\\".to_string()),
                Just("\\n".to_string()),
                Just("\\/".to_string()),
                Just("\\u0041".to_string()),
                Just("\\x".to_string()),
                Just("\u{1}".to_string()),
                Just("\"".to_string()),
                Just(" ".to_string()),
            ],
            0..6,
        )
        .prop_map(|parts| parts.concat())
    }

    fn value() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => text().prop_map(|t| format!("\"{t}\"")),
            1 => Just("null".to_string()),
            1 => Just("12".to_string()),
            1 => Just("[1]".to_string()),
            1 => Just("nul".to_string()),
        ]
    }

    fn key() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("timestamp"),
            Just("action"),
            Just("user_id"),
            Just("diff"),
            Just("subdomain_id"),
            Just("other"),
            Just("act\\u0069on"),
        ]
        .prop_map(str::to_string)
    }

    proptest! {
        /// Eight bytes at a time finds the same stop as a byte at a time, wherever it lies in
        /// a word and whatever bytes (any of the 256) come before and after it.
        #[test]
        fn string_stop_agrees_with_a_byte_at_a_time(
            bytes in prop::collection::vec(prop_oneof![
                8 => 0x20u8..0x7f,
                1 => Just(b'"'),
                1 => Just(b'\\'),
                1 => 0u8..0x20,
                2 => 0x80u8..=0xff,
            ], 0..40),
        ) {
            let one_by_one = bytes.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20);
            prop_assert_eq!(string_stop(&bytes), one_by_one);
        }
    }

    proptest! {
        /// Whenever this path reads a record, serde reads the same one from the same bytes.
        #[test]
        fn agrees_with_serde_whenever_it_reads(
            members in prop::collection::vec((key(), value()), 0..5),
            space in prop_oneof![Just(""), Just(" "), Just("\n\t")],
        ) {
            let body = format!(
                "{{{space}{}{space}}}",
                members
                    .iter()
                    .map(|(k, v)| format!("\"{k}\"{space}:{space}{v}"))
                    .collect::<Vec<_>>()
                    .join(",")
            );
            if let Some(read) = by_this(body.as_bytes()) {
                prop_assert_eq!(Some(read), by_serde(body.as_bytes()), "{}", body);
            }
        }
    }
}
