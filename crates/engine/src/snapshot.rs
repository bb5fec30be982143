//! The compact binary form of a kept log (a store, what spans it holds, when it was saved): what
//! the browser keeps between visits. Columns are written as they are held, little-endian, so
//! reading one back is a few copies, not a parse; a form written by another version of the app
//! is refused, never misread.

use crate::bytes::{put_bytes, put_u32, ByteReader};
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
        let mut out = Vec::new();
        for part in 0..HEAD_PARTS {
            self.write_head_part(store, part, &mut out);
        }
        out
    }

    /// Part `part` of [`Snapshot::encode_head`], in `0..HEAD_PARTS`: the header and strings,
    /// then each column alone, so that a writer can yield between them (a column of a
    /// million events is a few ms to encode; all of them, a long task).
    pub fn encode_head_part(&self, store: &Store, part: usize) -> Vec<u8> {
        let mut out = Vec::new();
        self.write_head_part(store, part, &mut out);
        out
    }

    /// Appends part `part` of the head to `out`.
    fn write_head_part(&self, store: &Store, part: usize, out: &mut Vec<u8>) {
        match part {
            0 => {
                out.extend_from_slice(MAGIC);
                put_u32(out, FORMAT_VERSION);
                put_bytes(out, self.name.as_bytes());
                out.extend_from_slice(&self.saved_at_ms.to_le_bytes());
                out.extend_from_slice(&self.source_bytes.to_le_bytes());
                put_u32(out, self.coverage.spans().len() as u32);
                for &(start, end) in self.coverage.spans() {
                    out.extend_from_slice(&start.to_le_bytes());
                    out.extend_from_slice(&end.to_le_bytes());
                }
                put_u32(out, store.strings().len() as u32);
                for (_, value) in store.strings().iter().skip(1) {
                    put_bytes(out, value.as_bytes());
                }
                put_u32(out, store.len() as u32);
            }
            1 => put_column(out, store.timestamps(), i64::to_le_bytes),
            _ => match TextField::ALL.get(part - 2) {
                Some(field) => put_column(out, store.ids(*field), u32::to_le_bytes),
                None if part == HEAD_PARTS - 1 => {
                    put_column(out, store.diff_ends(), u32::to_le_bytes);
                    put_u32(out, store.diff_text().len() as u32);
                }
                None => {}
            },
        }
    }

    /// Reads a snapshot and its store back, checking everything a damaged one could break.
    pub fn decode(bytes: &[u8]) -> Result<(Snapshot, Store), SnapshotError> {
        Self::decode_owned(bytes.to_vec())
    }

    /// [`Snapshot::decode`] of bytes it may keep: the diff text, most of a log's bytes, becomes
    /// the store's without a copy.
    pub fn decode_owned(mut bytes: Vec<u8>) -> Result<(Snapshot, Store), SnapshotError> {
        let mut reader = ByteReader::new(&bytes);
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
        head.into_store(diff_text)
    }

    /// The snapshot's description alone, from its first bytes (a few hundred, before the
    /// strings); `None` when `prefix` is too short to hold it.
    pub fn describe(prefix: &[u8]) -> Result<Option<Snapshot>, SnapshotError> {
        match Snapshot::read(&mut ByteReader::new(prefix)) {
            Ok(snapshot) => Ok(Some(snapshot)),
            Err(SnapshotError::Truncated) => Ok(None),
            Err(other) => Err(other),
        }
    }

    /// The description at the start of a snapshot's header.
    fn read(reader: &mut ByteReader) -> Result<Snapshot, SnapshotError> {
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
        Ok(Snapshot {
            name,
            saved_at_ms,
            source_bytes,
            coverage: Coverage::from_spans(spans),
        })
    }

    /// How many bytes of a snapshot come before its diff text, read from its first bytes;
    /// `None` when `prefix` is too short to tell (the header and strings are not all there).
    pub fn head_length(prefix: &[u8]) -> Result<Option<usize>, SnapshotError> {
        let mut reader = ByteReader::new(prefix);
        match Head::read_header(&mut reader) {
            Ok(head) => Ok(Some(reader.at + head.rows.saturating_mul(ROW_BYTES) + 4)),
            Err(SnapshotError::Truncated) => Ok(None),
            Err(other) => Err(other),
        }
    }
}

/// A snapshot read in steps: its header, each column of its head, then its diff text in
/// pieces, so that a reader can yield between them (at a million events the head is 50 MB and
/// the diff text over 100: read whole, a long task).
pub struct PieceReader {
    head: Head,
    /// How many of the head's [`COLUMN_PARTS`] have been read.
    parts_read: usize,
    diff_text: String,
}

impl PieceReader {
    /// Reads a snapshot's header and strings from its first bytes: the reader and how many
    /// bytes they took; `None` when `prefix` is too short to hold them.
    pub fn start(prefix: &[u8]) -> Result<Option<(PieceReader, usize)>, SnapshotError> {
        let mut reader = ByteReader::new(prefix);
        match Head::read_header(&mut reader) {
            Ok(head) => Ok(Some((
                PieceReader {
                    head,
                    parts_read: 0,
                    diff_text: String::new(),
                },
                reader.at,
            ))),
            Err(SnapshotError::Truncated) => Ok(None),
            Err(other) => Err(other),
        }
    }

    /// Reads a snapshot's first [`Snapshot::head_length`] bytes at once; the diff text follows
    /// with [`PieceReader::push_diff_text`].
    pub fn new(head: &[u8]) -> Result<PieceReader, SnapshotError> {
        let (mut pieces, mut at) = Self::start(head)?.ok_or(SnapshotError::Truncated)?;
        while let Some(length) = pieces.next_head_part() {
            let end = at.checked_add(length).ok_or(SnapshotError::Truncated)?;
            pieces.push_head_part(head.get(at..end).ok_or(SnapshotError::Truncated)?)?;
            at = end;
        }
        match at == head.len() {
            true => Ok(pieces),
            false => Err(SnapshotError::Damaged("bytes after the head")),
        }
    }

    /// How many bytes the head's next part (its next column) takes; `None` once all are read.
    pub fn next_head_part(&self) -> Option<usize> {
        (self.parts_read < COLUMN_PARTS).then(|| self.head.part_length(self.parts_read))
    }

    /// The head's next part, [`PieceReader::next_head_part`] bytes long.
    pub fn push_head_part(&mut self, bytes: &[u8]) -> Result<(), SnapshotError> {
        if self.next_head_part() != Some(bytes.len()) {
            return Err(SnapshotError::Damaged("a column of another length"));
        }
        let mut reader = ByteReader::new(bytes);
        self.head.read_part(self.parts_read, &mut reader)?;
        self.parts_read += 1;
        if self.parts_read == COLUMN_PARTS {
            self.diff_text = String::with_capacity(self.head.diff_length.min(MAX_RESERVED));
        }
        Ok(())
    }

    /// The snapshot's description (its name, its coverage), read with its header.
    pub fn snapshot(&self) -> &Snapshot {
        &self.head.snapshot
    }

    /// How many bytes of diff text the head says follow it.
    pub fn diff_length(&self) -> usize {
        self.head.diff_length
    }

    /// The next piece of the diff text (pieces cut between characters), after the whole head.
    pub fn push_diff_text(&mut self, piece: &str) -> Result<(), SnapshotError> {
        if self.next_head_part().is_some() {
            return Err(SnapshotError::Damaged("diff text before the columns"));
        }
        push_piece(&mut self.diff_text, piece, self.head.diff_length)
    }

    /// Once the head is read: its columns as a store without diffs (each one empty), to count
    /// and draw, and what reads the diff text after it. The columns are moved, not copied.
    pub fn into_head_store(self) -> Result<(Store, DiffReader), SnapshotError> {
        if self.next_head_part().is_some() {
            return Err(SnapshotError::Truncated);
        }
        let head = self.head;
        let diffs = DiffReader {
            snapshot: head.snapshot.clone(),
            diff_ends: head.diff_ends,
            diff_length: head.diff_length,
            diff_text: self.diff_text,
        };
        let store = Store::from_columns(
            head.strings,
            head.timestamps,
            head.text,
            String::new(),
            vec![0; head.rows],
        )
        .map_err(SnapshotError::Damaged)?;
        Ok((store, diffs))
    }

    /// The snapshot and its store, once all its diff text has come.
    pub fn finish(self) -> Result<(Snapshot, Store), SnapshotError> {
        if self.next_head_part().is_some() || self.diff_text.len() < self.head.diff_length {
            return Err(SnapshotError::Truncated);
        }
        self.head.into_store(self.diff_text)
    }
}

/// The diff text of a snapshot whose head was read into a store
/// ([`PieceReader::into_head_store`]), read after it in pieces.
pub struct DiffReader {
    snapshot: Snapshot,
    diff_ends: Vec<u32>,
    diff_length: usize,
    diff_text: String,
}

impl DiffReader {
    /// The snapshot's description (its name, when it was saved, what it covers).
    pub fn snapshot(&self) -> &Snapshot {
        &self.snapshot
    }

    /// The next piece of the diff text (pieces cut between characters).
    pub fn push_diff_text(&mut self, piece: &str) -> Result<(), SnapshotError> {
        push_piece(&mut self.diff_text, piece, self.diff_length)
    }

    /// The snapshot and the whole store (`head`'s columns copied, with their diffs), once all
    /// the diff text has come.
    pub fn finish(self, head: &Store) -> Result<(Snapshot, Store), SnapshotError> {
        if self.diff_text.len() < self.diff_length {
            return Err(SnapshotError::Truncated);
        }
        let store = head
            .with_diffs(self.diff_text, self.diff_ends)
            .map_err(SnapshotError::Damaged)?;
        Ok((self.snapshot, store))
    }
}

/// Adds a piece of diff text, refusing more than `length` bytes in all.
fn push_piece(text: &mut String, piece: &str, length: usize) -> Result<(), SnapshotError> {
    if text.len() + piece.len() > length {
        return Err(SnapshotError::Damaged("bytes after the end"));
    }
    text.push_str(piece);
    Ok(())
}

/// The most a head's stated diff length reserves ahead of the text (a damaged head could state
/// 4 GB): past it, the text grows as it comes.
const MAX_RESERVED: usize = 1 << 30;

/// Where to cut `bytes` (UTF-8 text) near `at`, at most `at`, between two characters: before
/// the first byte of the character that `at` falls in. At most three bytes back.
pub fn char_boundary_at_most(bytes: &[u8], at: usize) -> usize {
    let at = at.min(bytes.len());
    (at.saturating_sub(3)..=at)
        .rev()
        .find(|&i| bytes.get(i).is_none_or(|&b| b & 0xC0 != 0x80))
        .unwrap_or(at)
}

/// The head's parts after its header: the timestamps, each text column, the diff offsets.
const COLUMN_PARTS: usize = TextField::ALL.len() + 2;

/// The bytes of a row before the diff text: its timestamp, its text ids and its diff's end.
const ROW_BYTES: usize = 8 + 4 * (TextField::ALL.len() + 1);

/// Everything in a snapshot before its diff text.
struct Head {
    snapshot: Snapshot,
    strings: Vec<String>,
    rows: usize,
    timestamps: Vec<i64>,
    text: [Vec<u32>; TextField::ALL.len()],
    diff_ends: Vec<u32>,
    diff_length: usize,
}

impl Head {
    fn read(reader: &mut ByteReader) -> Result<Head, SnapshotError> {
        let mut head = Self::read_header(reader)?;
        // Found cut before anything is allocated for its rows.
        if head.rows.saturating_mul(ROW_BYTES) > reader.bytes.len() - reader.at {
            return Err(SnapshotError::Truncated);
        }
        for part in 0..COLUMN_PARTS {
            head.read_part(part, reader)?;
        }
        Ok(head)
    }

    /// The bytes of column part `part`: the timestamps, each text column, the diff offsets
    /// with the diff text's length.
    fn part_length(&self, part: usize) -> usize {
        match part {
            0 => self.rows.saturating_mul(8),
            _ if part <= TextField::ALL.len() => self.rows.saturating_mul(4),
            _ => self.rows.saturating_mul(4).saturating_add(4),
        }
    }

    fn read_part(&mut self, part: usize, reader: &mut ByteReader) -> Result<(), SnapshotError> {
        let rows = self.rows;
        match part.checked_sub(1).map(|column| self.text.get_mut(column)) {
            None => self.timestamps = reader.i64s(rows)?,
            Some(Some(column)) => *column = reader.u32s(rows)?,
            Some(None) => {
                self.diff_ends = reader.u32s(rows)?;
                self.diff_length = reader.u32()? as usize;
            }
        }
        Ok(())
    }

    /// The store of a head read whole and its diff text.
    fn into_store(self, diff_text: String) -> Result<(Snapshot, Store), SnapshotError> {
        let store = Store::from_columns(
            self.strings,
            self.timestamps,
            self.text,
            diff_text,
            self.diff_ends,
        )
        .map_err(SnapshotError::Damaged)?;
        Ok((self.snapshot, store))
    }

    /// The snapshot's description, its strings and its number of rows.
    fn read_header(reader: &mut ByteReader) -> Result<Head, SnapshotError> {
        let snapshot = Snapshot::read(reader)?;
        let string_count = reader.count(4)?;
        let mut strings = Vec::with_capacity(string_count);
        for _ in 1..string_count {
            strings.push(reader.text()?);
        }
        let rows = reader.u32()? as usize;
        Ok(Head {
            snapshot,
            strings,
            rows,
            timestamps: Vec::new(),
            text: Default::default(),
            diff_ends: Vec::new(),
            diff_length: 0,
        })
    }
}

/// Appends a column's values, little-endian, `N` bytes each: sized once and filled in place.
/// Written a value at a time, with the head then collected a byte at a time, a million
/// events took the loader worker 311 ms to encode; this way, 38 ms.
fn put_column<T: Copy, const N: usize>(out: &mut Vec<u8>, values: &[T], bytes: fn(T) -> [u8; N]) {
    let start = out.len();
    out.resize(start + values.len() * N, 0);
    let room = out.get_mut(start..).unwrap_or_default();
    for (slot, &value) in room.chunks_exact_mut(N).zip(values) {
        slot.copy_from_slice(&bytes(value));
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
    fn columns_are_written_little_endian_one_value_after_another() {
        let (snapshot, store) = sample();
        // 2024-01-02T08:00Z, 2024-01-01T08:00:00.250Z, 2024-01-03T08:00Z in ms, by hand.
        let timestamps: Vec<u8> = [1_704_182_400_000i64, 1_704_096_000_250, 1_704_268_800_000]
            .iter()
            .flat_map(|t| t.to_le_bytes())
            .collect();
        assert_eq!(snapshot.encode_head_part(&store, 1), timestamps);
        // The diffs end after 8 bytes ({"é":1} with a two-byte é), 8 (none) and 9 ("x"),
        // followed by the text's length.
        let diff_ends = [8u8, 0, 0, 0, 8, 0, 0, 0, 9, 0, 0, 0, 9, 0, 0, 0];
        assert_eq!(snapshot.encode_head_part(&store, HEAD_PARTS - 1), diff_ends);
        // The head is its parts one after another.
        let parts: Vec<u8> = (0..HEAD_PARTS)
            .flat_map(|part| snapshot.encode_head_part(&store, part))
            .collect();
        assert_eq!(snapshot.encode_head(&store), parts);
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
    fn the_description_reads_from_the_first_bytes_alone() {
        let (snapshot, store) = sample();
        let bytes = snapshot.encode(&store);
        // Magic, version, the name with its length, saved at, source bytes, the spans' count
        // and two spans of two instants: counted by hand from the format.
        let description_length = MAGIC.len() + 4 + (4 + snapshot.name.len()) + 8 + 8 + 4 + 2 * 16;
        for end in 0..description_length {
            assert_eq!(Snapshot::describe(&bytes[..end]), Ok(None), "cut at {end}");
        }
        let described = Snapshot::describe(&bytes[..description_length])
            .unwrap()
            .unwrap();
        assert_eq!(described.name, snapshot.name);
        assert_eq!(described.saved_at_ms, 1_700_000_000_123);
        assert_eq!(described.source_bytes, 42);
        assert_eq!(described.coverage.spans(), [(0, 1000), (5000, 9000)]);
        assert_eq!(
            Snapshot::describe(b"not a kept log at all"),
            Err(SnapshotError::NotASnapshot)
        );
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
        let reader = PieceReader::new(&bytes[..head_length]).unwrap();
        assert_eq!(
            reader.snapshot().coverage.spans(),
            snapshot.coverage.spans()
        );
        let (head_store, mut diffs) = reader.into_head_store().unwrap();
        for row in 0..store.len() {
            let mut expected = store.record(row);
            expected.diff = None;
            assert_eq!(head_store.record(row), expected);
        }
        // Then the diff text after the head, in two pieces: the whole store. Too little is a
        // cut; too much is refused.
        let text = store.diff_text();
        let (first, second) = text.split_at(text.char_indices().nth(3).unwrap().0);
        diffs.push_diff_text(first).unwrap();
        diffs.push_diff_text(second).unwrap();
        assert!(diffs.push_diff_text("x").is_err());
        let (back, whole) = diffs.finish(&head_store).unwrap();
        assert_eq!(back, snapshot);
        for row in 0..store.len() {
            assert_eq!(whole.record(row), store.record(row));
        }
        let (head_store, mut short) = PieceReader::new(&bytes[..head_length])
            .unwrap()
            .into_head_store()
            .unwrap();
        short.push_diff_text(first).unwrap();
        assert_eq!(
            short.finish(&head_store).unwrap_err(),
            SnapshotError::Truncated
        );
        // Cut short of its head, it is an error, never a panic.
        for n in 0..head_length {
            assert!(PieceReader::new(&bytes[..n]).is_err());
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

    /// A head, then its diff text in pieces cut between characters, reads back as the whole
    /// does; too little text is a cut, too much a damage.
    #[test]
    fn a_snapshot_read_in_pieces_is_the_whole() {
        let (snapshot, store) = sample();
        let bytes = snapshot.encode(&store);
        let head_length = Snapshot::head_length(&bytes).unwrap().unwrap();
        let (head, text) = bytes.split_at(head_length);
        for size in 1..=text.len() {
            let mut reader = PieceReader::new(head).unwrap();
            assert_eq!(reader.diff_length(), text.len());
            let mut at = 0;
            while at < text.len() {
                let mut end = char_boundary_at_most(text, at + size);
                if end == at {
                    end = (at + size..=text.len())
                        .find(|&e| std::str::from_utf8(&text[at..e]).is_ok())
                        .unwrap();
                }
                reader
                    .push_diff_text(std::str::from_utf8(&text[at..end]).unwrap())
                    .unwrap();
                at = end;
            }
            let (back, back_store) = reader.finish().unwrap();
            assert_eq!(back, snapshot);
            for row in 0..store.len() {
                assert_eq!(
                    back_store.record(row),
                    store.record(row),
                    "pieces of {size}"
                );
            }
        }
        let whole = std::str::from_utf8(text).unwrap();
        let short = PieceReader::new(head).unwrap();
        assert_eq!(short.finish().unwrap_err(), SnapshotError::Truncated);
        let mut long = PieceReader::new(head).unwrap();
        long.push_diff_text(whole).unwrap();
        assert!(long.push_diff_text("x").is_err());
        assert!(PieceReader::new(&bytes[..head_length - 1]).is_err());
        assert!(PieceReader::new(&bytes[..head_length + 1]).is_err());
        // The header is told from a prefix as soon as it holds it, the same one every time.
        let header: Vec<Option<usize>> = (0..head_length)
            .map(|n| PieceReader::start(&bytes[..n]).unwrap().map(|(_, at)| at))
            .collect();
        let told = header.iter().position(Option::is_some).unwrap();
        assert!(header[told..].iter().all(|&at| at == Some(told)));
        // A column of the wrong length, or diff text before the columns, is refused.
        let (mut early, _) = PieceReader::start(head).unwrap().unwrap();
        assert!(early.push_diff_text("").is_err());
        let length = early.next_head_part().unwrap();
        assert!(early
            .push_head_part(&head[told..told + length - 1])
            .is_err());
        assert!(early.finish().is_err());
    }

    #[test]
    fn a_cut_between_characters_is_never_inside_one() {
        let text = "aé🙂b".as_bytes(); // 1 + 2 + 4 + 1 bytes
        let cuts: Vec<usize> = (0..=text.len() + 2)
            .map(|at| char_boundary_at_most(text, at))
            .collect();
        assert_eq!(cuts, [0, 1, 1, 3, 3, 3, 3, 7, 8, 8, 8]);
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
