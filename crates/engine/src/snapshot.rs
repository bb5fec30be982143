//! The compact binary form of a kept log (a store, what spans it holds, when it was saved): what
//! the browser keeps between visits. Columns are written as they are held, little-endian, so
//! reading one back is a few copies, not a parse; a form written by another version of the app
//! is refused, never misread.

use crate::coverage::Coverage;
use crate::record::TextField;
use crate::store::Store;

const MAGIC: &[u8; 8] = b"BOA-LOG\0";
/// Bumped whenever the layout below changes: an older form is then refused and rebuilt.
pub const FORMAT_VERSION: u32 = 1;
/// How many parts [`Snapshot::encode_head_part`] writes: the header, the timestamps, one per
/// text column, the diff offsets.
pub const HEAD_PARTS: usize = 3 + TextField::ALL.len();

/// What a kept log is, besides its store: a portal's window(s), or one imported file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snapshot {
    /// What it is a copy of (the portal and dataset, or the file's name): checked on reading.
    pub name: String,
    /// When it was last brought up to date, in UTC milliseconds.
    pub saved_at_ms: i64,
    /// The size of what it was read from (an imported file's bytes; 0 for a portal's log).
    pub source_bytes: u64,
    /// The spans held completely (empty for a file).
    pub coverage: Coverage,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SnapshotError {
    #[error("not a kept log")]
    NotASnapshot,
    #[error("a kept log of format {0}, not {FORMAT_VERSION}")]
    OtherVersion(u32),
    #[error("a kept log cut short")]
    Truncated,
    #[error("a damaged kept log ({0})")]
    Damaged(&'static str),
}

impl Snapshot {
    /// The snapshot and its store in binary form.
    pub fn encode(&self, store: &Store) -> Vec<u8> {
        let mut out = self.encode_head(store);
        out.extend_from_slice(store.diff_text().as_bytes());
        out
    }

    /// All of [`Snapshot::encode`] but the diff text, which ends it: so that a writer can
    /// send the diff text from the store in pieces rather than copy it whole first.
    pub fn encode_head(&self, store: &Store) -> Vec<u8> {
        (0..HEAD_PARTS)
            .flat_map(|part| self.encode_head_part(store, part))
            .collect()
    }

    /// Part `part` of [`Snapshot::encode_head`], in `0..HEAD_PARTS`: the header and strings,
    /// then each column alone, so that a writer can yield between them (a column of a
    /// million events is a few ms to encode; all of them, a long task).
    pub fn encode_head_part(&self, store: &Store, part: usize) -> Vec<u8> {
        let mut out = Vec::new();
        let column = |out: &mut Vec<u8>, ids: &[u32]| {
            out.reserve(ids.len() * 4);
            ids.iter().for_each(|id| put_u32(out, *id));
        };
        match part {
            0 => {
                out.extend_from_slice(MAGIC);
                put_u32(&mut out, FORMAT_VERSION);
                put_bytes(&mut out, self.name.as_bytes());
                out.extend_from_slice(&self.saved_at_ms.to_le_bytes());
                out.extend_from_slice(&self.source_bytes.to_le_bytes());
                put_u32(&mut out, self.coverage.spans().len() as u32);
                for &(start, end) in self.coverage.spans() {
                    out.extend_from_slice(&start.to_le_bytes());
                    out.extend_from_slice(&end.to_le_bytes());
                }
                put_u32(&mut out, store.strings().len() as u32);
                for (_, value) in store.strings().iter().skip(1) {
                    put_bytes(&mut out, value.as_bytes());
                }
                put_u32(&mut out, store.len() as u32);
            }
            1 => {
                out.reserve(store.len() * 8);
                for timestamp in store.timestamps() {
                    out.extend_from_slice(&timestamp.to_le_bytes());
                }
            }
            _ => match TextField::ALL.get(part - 2) {
                Some(field) => column(&mut out, store.ids(*field)),
                None if part == HEAD_PARTS - 1 => {
                    column(&mut out, store.diff_ends());
                    put_u32(&mut out, store.diff_text().len() as u32);
                }
                None => {}
            },
        }
        out
    }

    /// Reads a snapshot and its store back, checking everything a damaged one could break.
    pub fn decode(bytes: &[u8]) -> Result<(Snapshot, Store), SnapshotError> {
        Self::decode_owned(bytes.to_vec())
    }

    /// [`Snapshot::decode`] of bytes it may keep: the diff text, most of a log's bytes, becomes
    /// the store's without a copy.
    pub fn decode_owned(mut bytes: Vec<u8>) -> Result<(Snapshot, Store), SnapshotError> {
        let mut reader = Reader {
            bytes: &bytes,
            at: 0,
        };
        let head = Head::read(&mut reader)?;
        match (reader.at + head.diff_length).cmp(&bytes.len()) {
            std::cmp::Ordering::Greater => return Err(SnapshotError::Truncated),
            std::cmp::Ordering::Less => return Err(SnapshotError::Damaged("bytes after the end")),
            std::cmp::Ordering::Equal => {}
        }
        let diff_at = reader.at;
        // The diff text is the tail: moved to the front, the same buffer holds it.
        bytes.drain(..diff_at);
        let diff_text =
            String::from_utf8(bytes).map_err(|_| SnapshotError::Damaged("text not UTF-8"))?;
        let store = Store::from_columns(
            head.strings,
            head.timestamps,
            head.text,
            diff_text,
            head.diff_ends,
        )
        .map_err(SnapshotError::Damaged)?;
        Ok((head.snapshot, store))
    }

    /// How many bytes of a snapshot come before its diff text, read from its first bytes;
    /// `None` when `prefix` is too short to tell (the header and strings are not all there).
    pub fn head_length(prefix: &[u8]) -> Result<Option<usize>, SnapshotError> {
        let mut reader = Reader {
            bytes: prefix,
            at: 0,
        };
        match Head::read_header(&mut reader) {
            Ok((_, _, rows)) => Ok(Some(reader.at + rows.saturating_mul(ROW_BYTES) + 4)),
            Err(SnapshotError::Truncated) => Ok(None),
            Err(other) => Err(other),
        }
    }

    /// A snapshot's first [`Snapshot::head_length`] bytes read back as a store without its
    /// diffs (each one empty): enough to count and draw, before the diff text is read.
    pub fn decode_head(head: &[u8]) -> Result<(Snapshot, Store), SnapshotError> {
        let mut reader = Reader { bytes: head, at: 0 };
        let head = Head::read(&mut reader)?;
        let rows = head.timestamps.len();
        let store = Store::from_columns(
            head.strings,
            head.timestamps,
            head.text,
            String::new(),
            vec![0; rows],
        )
        .map_err(SnapshotError::Damaged)?;
        Ok((head.snapshot, store))
    }
}

/// The bytes of a row before the diff text: its timestamp, its text ids and its diff's end.
const ROW_BYTES: usize = 8 + 4 * (TextField::ALL.len() + 1);

/// Everything in a snapshot before its diff text.
struct Head {
    snapshot: Snapshot,
    strings: Vec<String>,
    timestamps: Vec<i64>,
    text: [Vec<u32>; TextField::ALL.len()],
    diff_ends: Vec<u32>,
    diff_length: usize,
}

impl Head {
    fn read(reader: &mut Reader) -> Result<Head, SnapshotError> {
        let (snapshot, strings, rows) = Self::read_header(reader)?;
        // Found cut before anything is allocated for its rows.
        if rows.saturating_mul(ROW_BYTES) > reader.bytes.len() - reader.at {
            return Err(SnapshotError::Truncated);
        }
        let mut timestamps = Vec::with_capacity(rows);
        for _ in 0..rows {
            timestamps.push(reader.i64()?);
        }
        let mut text: [Vec<u32>; TextField::ALL.len()] = Default::default();
        for column in &mut text {
            *column = reader.u32s(rows)?;
        }
        let diff_ends = reader.u32s(rows)?;
        let diff_length = reader.u32()? as usize;
        Ok(Head {
            snapshot,
            strings,
            timestamps,
            text,
            diff_ends,
            diff_length,
        })
    }

    /// The snapshot's description, its strings and its number of rows.
    fn read_header(reader: &mut Reader) -> Result<(Snapshot, Vec<String>, usize), SnapshotError> {
        if reader.take(MAGIC.len())? != MAGIC {
            return Err(SnapshotError::NotASnapshot);
        }
        let version = reader.u32()?;
        if version != FORMAT_VERSION {
            return Err(SnapshotError::OtherVersion(version));
        }
        let name = reader.text()?;
        let saved_at_ms = reader.i64()?;
        let source_bytes = reader.u64()?;
        let span_count = reader.count(16)?;
        let mut spans = Vec::with_capacity(span_count);
        for _ in 0..span_count {
            spans.push((reader.i64()?, reader.i64()?));
        }
        let string_count = reader.count(4)?;
        let mut strings = Vec::with_capacity(string_count);
        for _ in 1..string_count {
            strings.push(reader.text()?);
        }
        let rows = reader.u32()? as usize;
        let snapshot = Snapshot {
            name,
            saved_at_ms,
            source_bytes,
            coverage: Coverage::from_spans(spans),
        };
        Ok((snapshot, strings, rows))
    }
}

fn put_u32(out: &mut Vec<u8>, value: u32) {
    out.extend_from_slice(&value.to_le_bytes());
}

fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    put_u32(out, bytes.len() as u32);
    out.extend_from_slice(bytes);
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, count: usize) -> Result<&'a [u8], SnapshotError> {
        let end = self.at.checked_add(count).ok_or(SnapshotError::Truncated)?;
        let taken = self
            .bytes
            .get(self.at..end)
            .ok_or(SnapshotError::Truncated)?;
        self.at = end;
        Ok(taken)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], SnapshotError> {
        let mut array = [0; N];
        array.copy_from_slice(self.take(N)?);
        Ok(array)
    }

    fn u32(&mut self) -> Result<u32, SnapshotError> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    fn u64(&mut self) -> Result<u64, SnapshotError> {
        Ok(u64::from_le_bytes(self.array()?))
    }

    fn i64(&mut self) -> Result<i64, SnapshotError> {
        Ok(i64::from_le_bytes(self.array()?))
    }

    /// A count of items of at least `item_bytes` each: one the bytes left cannot hold is a cut,
    /// found before anything is allocated for it.
    fn count(&mut self, item_bytes: usize) -> Result<usize, SnapshotError> {
        let count = self.u32()? as usize;
        let left = self.bytes.len() - self.at;
        if count.saturating_mul(item_bytes) > left {
            return Err(SnapshotError::Truncated);
        }
        Ok(count)
    }

    fn u32s(&mut self, count: usize) -> Result<Vec<u32>, SnapshotError> {
        let bytes = self.take(count * 4)?;
        Ok(bytes
            .chunks_exact(4)
            .map(|chunk| u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]))
            .collect())
    }

    fn text(&mut self) -> Result<String, SnapshotError> {
        let length = self.count(1)?;
        let bytes = self.take(length)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| SnapshotError::Damaged("text not UTF-8"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Record;

    fn sample() -> (Snapshot, Store) {
        let at = |ts: &str, user: &str, diff: Option<&str>| Record {
            timestamp: ts.parse().unwrap(),
            user_id: user.into(),
            action: "edit_dataset".into(),
            dataset_id: Some("trees".into()),
            diff: diff.map(Into::into),
            ..Record::default()
        };
        let snapshot = Snapshot {
            name: "https://p.example.com ods-backoffice-activity".into(),
            saved_at_ms: 1_700_000_000_123,
            source_bytes: 42,
            coverage: Coverage::from_spans([(0, 1000), (5000, 9000)]),
        };
        let store = Store::from_records(&[
            at("2024-01-02T08:00:00Z", "ann", Some("{\"é\":1}")),
            at("2024-01-01T08:00:00.250Z", "björn 🙂", None),
            at("2024-01-03T08:00:00Z", "ann", Some("x")),
        ]);
        (snapshot, store)
    }

    #[test]
    fn a_snapshot_reads_back_as_it_was_written() {
        let (snapshot, store) = sample();
        let (back, back_store) = Snapshot::decode(&snapshot.encode(&store)).unwrap();
        assert_eq!(back.name, snapshot.name);
        assert_eq!(back.saved_at_ms, 1_700_000_000_123);
        assert_eq!(back.source_bytes, 42);
        assert_eq!(back.coverage.spans(), [(0, 1000), (5000, 9000)]);
        assert_eq!(back_store.len(), 3);
        for row in 0..3 {
            assert_eq!(back_store.record(row), store.record(row));
        }
        assert_eq!(back_store.text(1, TextField::UserId), "björn 🙂");
        assert_eq!(back_store.diff(0), "{\"é\":1}");
        assert_eq!(back_store.diff(1), "");
    }

    #[test]
    fn the_head_alone_reads_back_without_the_diffs() {
        let (snapshot, store) = sample();
        let bytes = snapshot.encode(&store);
        // The head's length, known from the head's own count of rows and nothing after.
        let head_length = snapshot.encode_head(&store).len();
        assert_eq!(head_length, bytes.len() - store.diff_text().len());
        let first_told = (0..bytes.len())
            .find(|&n| Snapshot::head_length(&bytes[..n]).unwrap().is_some())
            .unwrap();
        for n in first_told..bytes.len() {
            assert_eq!(
                Snapshot::head_length(&bytes[..n]).unwrap(),
                Some(head_length)
            );
        }
        let (back, head_store) = Snapshot::decode_head(&bytes[..head_length]).unwrap();
        assert_eq!(back.coverage.spans(), snapshot.coverage.spans());
        for row in 0..store.len() {
            let mut expected = store.record(row);
            expected.diff = None;
            assert_eq!(head_store.record(row), expected);
        }
        // Cut short of its head, it is an error, never a panic.
        for n in 0..head_length {
            assert!(Snapshot::decode_head(&bytes[..n]).is_err());
        }
        assert!(Snapshot::head_length(b"not a snapshot at all").is_err());
    }

    #[test]
    fn the_head_and_the_diff_text_are_the_whole() {
        let (snapshot, store) = sample();
        let mut pieces = snapshot.encode_head(&store);
        pieces.extend_from_slice(store.diff_text().as_bytes());
        assert_eq!(pieces, snapshot.encode(&store));
        let bare = store.without_diffs();
        let (_, back) = Snapshot::decode(&snapshot.encode(&bare)).unwrap();
        assert_eq!(back.len(), 3);
        assert_eq!(back.diff(0), "");
        assert_eq!(back.text(1, TextField::UserId), "björn 🙂");
    }

    #[test]
    fn another_format_or_another_file_is_refused() {
        let (snapshot, store) = sample();
        let mut bytes = snapshot.encode(&store);
        bytes[8] = 0; // the version, 1 → 0
        assert_eq!(
            Snapshot::decode(&bytes).unwrap_err(),
            SnapshotError::OtherVersion(0)
        );
        assert_eq!(
            Snapshot::decode(b"[{\"timestamp\": 1}]").unwrap_err(),
            SnapshotError::NotASnapshot
        );
        assert_eq!(Snapshot::decode(b"").unwrap_err(), SnapshotError::Truncated);
    }

    #[test]
    fn a_cut_anywhere_is_an_error_never_a_panic() {
        let (snapshot, store) = sample();
        let bytes = snapshot.encode(&store);
        for end in 0..bytes.len() {
            assert!(Snapshot::decode(&bytes[..end]).is_err(), "cut at {end}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(Snapshot::decode(&longer).is_err());
    }

    #[test]
    fn any_flipped_byte_is_an_error_or_a_store_that_reads() {
        let (snapshot, store) = sample();
        let bytes = snapshot.encode(&store);
        // Every single byte flipped: an error or a store whose every row reads back.
        for at in 0..bytes.len() {
            let mut flipped = bytes.clone();
            flipped[at] ^= 0xff;
            if let Ok((_, back)) = Snapshot::decode(&flipped) {
                for row in 0..back.len() {
                    let _ = back.record(row);
                }
            }
        }
    }

    #[test]
    fn a_kept_log_brought_up_to_date_holds_every_event_once() {
        use chrono::{DateTime, Utc};

        use crate::coverage::floor_second;
        use crate::generator::{generate, DemoOptions};

        let now: DateTime<Utc> = "2024-11-05T12:00:00Z".parse().unwrap();
        let options = DemoOptions {
            seed: 9,
            events: 5_000,
            days: 60,
        };
        let all = generate(&options, now);
        let ms = |r: &Record| r.timestamp.timestamp_millis();
        // The first visit saw the events up to some instant, the second sees them all.
        let (start, end) = (i64::MIN / 2, ms(&all[all.len() - 1]) + 1);
        let first_visit_at = ms(&all[all.len() * 9 / 10]);
        let seen: Vec<Record> = all
            .iter()
            .filter(|r| ms(r) <= first_visit_at)
            .cloned()
            .collect();
        let mut kept = Snapshot::default();
        let store = Store::from_records(&seen);
        let newest = store.newest_in(start, end);
        kept.coverage
            .add_fetched(start, end, newest, first_visit_at);
        let (kept, mut store) = Snapshot::decode(&kept.encode(&store)).unwrap();
        let gaps = kept.coverage.missing(start, end);
        assert_eq!(gaps, [(floor_second(first_visit_at), end)]);
        for (from, to) in gaps {
            let fetched: Vec<Record> = all
                .iter()
                .filter(|r| (from..to).contains(&ms(r)))
                .cloned()
                .collect();
            store.append_fetched(Store::from_records(&fetched), from);
        }
        let mut held: Vec<Record> = (0..store.len()).map(|row| store.record(row)).collect();
        let mut expected = all.clone();
        let key = |r: &Record| (ms(r), format!("{r:?}"));
        held.sort_by_key(key);
        expected.sort_by_key(key);
        assert_eq!(held.len(), expected.len());
        assert!(held == expected);
    }
}
