//! A one-pass reader of the common record: a flat JSON object whose values are strings or null,
//! read where it lies in the buffer. Anything else (numbers, nested values, `\u` escapes, a key
//! twice, a record cut by the chunk's end, a syntax error) is left to serde through the element
//! splitter, so that both paths give the same record or the same skip.

use crate::record::{Field, RawRecord};

/// Reads the common record, keeping from record to record what makes the next one faster.
#[derive(Debug, Default)]
pub struct FlatReader {
    /// Where values with escapes (most diffs: a diff is JSON in a string) are unescaped, rather
    /// than into a string allocated for each.
    unescaped: Vec<u8>,
    /// The key that followed each key (by its slot; `START` for the first) last time: exports
    /// give every record's keys in one order, so the next key is checked against it first.
    next_key: [u8; START + 1],
}

/// The slot before a record's first key, in [`FlatReader::next_key`].
const START: usize = Field::ALL.len();

impl FlatReader {
    /// Reads the object starting at `bytes[0]` (which must be `{`): the record, and how many
    /// bytes it took (up to and including its `}`); `None` when it is not the common shape or
    /// not all there yet, for the slower path to decide.
    pub fn read<'a>(&'a mut self, bytes: &'a [u8]) -> Option<(RawRecord<'a>, usize)> {
        // Room for every value unescaped (never longer than the bytes it comes from) and for
        // the eight-byte copies' overshoot; grown, never shrunk, so zeroed only as it grows.
        if self.unescaped.len() < bytes.len() + 8 {
            self.unescaped.resize(bytes.len() + 8, 0);
        }
        let mut cursor = Cursor {
            bytes,
            at: 1,
            unescaped: &mut self.unescaped,
            written: 0,
            next_key: &mut self.next_key,
        };
        let values = cursor.members()?;
        let length = cursor.at;
        let unescaped: &'a [u8] = &self.unescaped;
        Some((record_of(values, unescaped)?, length))
    }
}

/// The record of the values read, its escaped ones in `unescaped`; `None` if one of them is not
/// UTF-8.
fn record_of<'a>(values: Values<'a>, unescaped: &'a [u8]) -> Option<RawRecord<'a>> {
    let mut fields = values.into_iter().map(|value| match value {
        None => Some(None),
        Some(Text::Borrowed(text)) => std::str::from_utf8(text).ok().map(|t| Some(t.into())),
        Some(Text::Unescaped(start, end)) => {
            let text = unescaped.get(start..end)?;
            std::str::from_utf8(text).ok().map(|t| Some(t.into()))
        }
    });
    let mut next = || fields.next().flatten();
    // In `Field::ALL`'s order, as `slot_of` numbers the keys.
    Some(RawRecord {
        timestamp: next()?,
        domain_id: next()?,
        user_id: next()?,
        dataset_id: next()?,
        username: next()?,
        action: next()?,
        group_id: next()?,
        page_id: next()?,
        diff: next()?,
        map_id: next()?,
        reuse_title: next()?,
        subdomain_id: next()?,
    })
}

/// Where a string value's text is once read.
#[derive(Clone, Copy)]
enum Text<'a> {
    /// As it lies in the bytes (no escape).
    Borrowed(&'a [u8]),
    /// Unescaped, at this range of the unescaped buffer; not yet checked as UTF-8.
    Unescaped(usize, usize),
}

/// Each field's value (`None`: null or absent), in `Field::ALL`'s order.
type Values<'a> = [Option<Text<'a>>; Field::ALL.len()];

struct Cursor<'a, 'u> {
    bytes: &'a [u8],
    at: usize,
    unescaped: &'u mut [u8],
    /// How much of `unescaped` this record's values take.
    written: usize,
    next_key: &'u mut [u8; START + 1],
}

impl<'a> Cursor<'a, '_> {
    /// The members after `{`, through the closing `}`.
    fn members(&mut self) -> Option<Values<'a>> {
        let mut values: Values<'a> = [None; Field::ALL.len()];
        let mut seen: u16 = 0;
        let mut previous = START;
        if self.next_token()? == b'}' {
            self.at += 1;
            return Some(values);
        }
        loop {
            if self.next_token()? != b'"' {
                return None;
            }
            let slot = match self.next_key.get(previous).copied().map(usize::from) {
                Some(expected) if self.is_key(expected) => Some(expected),
                _ => slot_of(self.plain_string()?),
            };
            if let Some(slot) = slot {
                if let Some(next) = self.next_key.get_mut(previous) {
                    *next = slot as u8;
                }
                previous = slot;
            }
            if self.next_token()? != b':' {
                return None;
            }
            self.at += 1;
            let value = self.value()?;
            if let Some(slot) = slot {
                // serde refuses a field given twice: so does this path, by leaving it to serde.
                if seen & (1 << slot) != 0 {
                    return None;
                }
                seen |= 1 << slot;
                *values.get_mut(slot)? = value;
            }
            match self.next_token()? {
                b',' => self.at += 1,
                b'}' => {
                    self.at += 1;
                    return Some(values);
                }
                _ => return None,
            }
        }
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

    /// A string or `null` (`Some(None)`).
    fn value(&mut self) -> Option<Option<Text<'a>>> {
        match self.next_token()? {
            b'"' => self.string().map(Some),
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

    /// Whether the key at the cursor (at its opening quote) is the field in `slot`, stepping
    /// over it if so: its quoted name compared with the next sixteen bytes at once.
    fn is_key(&mut self, slot: usize) -> bool {
        let (Some(key), Some(next)) = (KEYS.get(slot), self.bytes.get(self.at..self.at + 16))
        else {
            return false;
        };
        let next = next.try_into().map_or(0, u128::from_le_bytes);
        if next & key.mask != key.quoted {
            return false;
        }
        self.at += key.length;
        true
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

    /// A string value at its opening quote: borrowed when it has no escape, else unescaped.
    fn string(&mut self) -> Option<Text<'a>> {
        let start = self.at + 1;
        let stop = start + string_stop(self.bytes.get(start..)?)?;
        let run = self.bytes.get(start..stop)?;
        if *self.bytes.get(stop)? == b'"' {
            self.at = stop + 1;
            return Some(Text::Borrowed(run));
        }
        let first = self.written;
        self.unescaped
            .get_mut(first..first + run.len())?
            .copy_from_slice(run);
        self.written += run.len();
        self.unescape_from(stop)?;
        Some(Text::Unescaped(first, self.written))
    }

    /// Unescapes a string's text from `at` (a stop: an escape, the closing quote or a control
    /// character) into the unescaped buffer, through its closing quote. Between escapes, the
    /// text is copied eight bytes at a time as it is scanned (a diff has an escape every few
    /// words: a copy call for each run was a fifth of the parse in wasm). Its text is gathered
    /// as bytes, to be checked as UTF-8 once (an escape here always stands for an ASCII byte, so
    /// that check is the same as checking each run apart).
    fn unescape_from(&mut self, mut at: usize) -> Option<()> {
        let mut written = self.written;
        loop {
            match *self.bytes.get(at)? {
                b'"' => {
                    self.at = at + 1;
                    self.written = written;
                    return Some(());
                }
                b'\\' => {
                    *self.unescaped.get_mut(written)? = match *self.bytes.get(at + 1)? {
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
                    };
                    written += 1;
                    at += 2;
                }
                // A raw control character is invalid JSON: serde says so.
                _ => return None,
            }
            // The run up to the next stop. Each word is stored whole (the buffer has room to
            // spare); only its bytes before the stop count.
            loop {
                let Some(word) = self.bytes.get(at..at + 8) else {
                    let rest = self.bytes.get(at..)?;
                    let length = string_stop(rest)?;
                    self.unescaped
                        .get_mut(written..written + length)?
                        .copy_from_slice(rest.get(..length)?);
                    at += length;
                    written += length;
                    break;
                };
                let word: [u8; 8] = word.try_into().ok()?;
                let target: &mut [u8; 8] = self
                    .unescaped
                    .get_mut(written..written + 8)?
                    .try_into()
                    .ok()?;
                *target = word;
                let flags = stop_flags(u64::from_le_bytes(word));
                if flags == 0 {
                    at += 8;
                    written += 8;
                } else {
                    let length = (flags.trailing_zeros() / 8) as usize;
                    at += length;
                    written += length;
                    break;
                }
            }
        }
    }
}

/// The bytes of `word` (little-endian) that stop a string's plain text, flagged by their high
/// bit: `"`, `\` or a control character. The flags above a true one may be false; the lowest
/// never is, and only it is read.
fn stop_flags(word: u64) -> u64 {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGH: u64 = u64::from_le_bytes([0x80; 8]);
    let below = |word: u64, limit: u8| word.wrapping_sub(ONES * u64::from(limit)) & !word;
    (below(word ^ (ONES * u64::from(b'"')), 1)
        | below(word ^ (ONES * u64::from(b'\\')), 1)
        | below(word, 0x20))
        & HIGH
}

/// Where the plain text of a JSON string stops in `bytes`: the first `"`, `\` or control
/// character, found eight bytes at a time.
fn string_stop(bytes: &[u8]) -> Option<usize> {
    let mut chunks = bytes.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let flags = stop_flags(u64::from_le_bytes(chunk.try_into().ok()?));
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

/// A field's name in quotes, as the first bytes of a little-endian `u128`.
struct QuotedKey {
    quoted: u128,
    /// The bytes of `quoted` (`length` of them).
    mask: u128,
    length: usize,
}

const fn quoted_key(name: &[u8]) -> QuotedKey {
    let mut quoted = b'"' as u128;
    let mut shift = 8;
    let mut rest = name;
    while let [byte, tail @ ..] = rest {
        quoted |= (*byte as u128) << shift;
        shift += 8;
        rest = tail;
    }
    quoted |= (b'"' as u128) << shift;
    let length = name.len() + 2;
    QuotedKey {
        quoted,
        mask: u128::MAX >> (128 - 8 * length),
        length,
    }
}

/// The fields' quoted names, in `Field::ALL`'s order (as `slot_of` numbers them); each fits in
/// sixteen bytes.
const KEYS: [QuotedKey; Field::ALL.len()] = [
    quoted_key(b"timestamp"),
    quoted_key(b"domain_id"),
    quoted_key(b"user_id"),
    quoted_key(b"dataset_id"),
    quoted_key(b"username"),
    quoted_key(b"action"),
    quoted_key(b"group_id"),
    quoted_key(b"page_id"),
    quoted_key(b"diff"),
    quoted_key(b"map_id"),
    quoted_key(b"reuse_title"),
    quoted_key(b"subdomain_id"),
];

/// The position in `Field::ALL` of the record's field named `key`; `None` for a key the record
/// does not have (serde ignores those too).
fn slot_of(key: &[u8]) -> Option<usize> {
    Some(match key {
        b"timestamp" => 0,
        b"domain_id" => 1,
        b"user_id" => 2,
        b"dataset_id" => 3,
        b"username" => 4,
        b"action" => 5,
        b"group_id" => 6,
        b"page_id" => 7,
        b"diff" => 8,
        b"map_id" => 9,
        b"reuse_title" => 10,
        b"subdomain_id" => 11,
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
        FlatReader::default().read(bytes).map(|(record, length)| {
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
    fn unescapes_long_values_wherever_their_escapes_fall() {
        for gap in 0..20 {
            let run = "x".repeat(gap);
            let text = format!("{run}\\\"{run}é\\\\{run}\\n{run}");
            let body = format!(r#"{{"diff":"{text}","username":"{text}","action":"{run}"}}"#);
            assert!(by_this(body.as_bytes()).is_some(), "{body}");
            assert_eq!(
                by_this(body.as_bytes()),
                by_serde(body.as_bytes()),
                "{body}"
            );
        }
    }

    #[test]
    fn one_reader_follows_the_keys_whatever_their_order() {
        let bodies = [
            r#"{"action":"a","timestamp":"t","user_id":"u","diff":"d"}"#,
            // Where the key before was followed by another that begins the same.
            r#"{"action":"a","timestamps":"x","timestamp":"t","username":"n","diff":"d"}"#,
            r#"{"action":"a","diff":"d","timestamp":"t","user_id":"u","username":"n"}"#,
            r#"{"username":"n","timestamp":"t","diff":"d","action":"a","user_id":"u"}"#,
            r#"{"action":"a","actions":"x","diff":"d","timestamps":"t","user_id":"u"}"#,
            r#"{"action":"a","diff":"d","user_id":"u","dataset_id":"ds","map_id":"m"}"#,
            r#"{ "action" : "a" , "diff":"d","user":"u", "subdomain_id":"s","reuse_title":"r"}"#,
        ];
        let mut reader = FlatReader::default();
        for body in bodies.iter().chain(&bodies).chain(&bodies[..2]) {
            let read = reader.read(body.as_bytes()).map(|(record, length)| {
                assert_eq!(length, body.len());
                format!("{record:?}")
            });
            assert!(read.is_some(), "{body}");
            assert_eq!(read, by_serde(body.as_bytes()), "{body}");
        }
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
                // Runs longer than the eight bytes copied at a time, of every length to 17.
                (0..18usize).prop_map(|length| "abcdéfghijklmnopq".chars().take(length).collect()),
            ],
            0..12,
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
