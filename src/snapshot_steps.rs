//! A snapshot read in steps with the page free between them, from any source of its bytes (the
//! loader worker's buffer, a kept file): its head a column at a time (4 MB at a million
//! events), its diff text a piece at a time (the most of its bytes).

use std::future::Future;

use engine::snapshot::{char_boundary_at_most, DiffReader, PieceReader, SnapshotError};

/// What reads a snapshot in steps: the head's columns, then the diff text.
pub trait Steps {
    /// The bytes of the head's next column; `None` once the head is read.
    fn next_head_part(&self) -> Option<usize>;
    fn push_head_part(&mut self, bytes: &[u8]) -> Result<(), SnapshotError>;
    fn push_diff_text(&mut self, piece: &str) -> Result<(), SnapshotError>;
}

impl Steps for PieceReader {
    fn next_head_part(&self) -> Option<usize> {
        PieceReader::next_head_part(self)
    }

    fn push_head_part(&mut self, bytes: &[u8]) -> Result<(), SnapshotError> {
        PieceReader::push_head_part(self, bytes)
    }

    fn push_diff_text(&mut self, piece: &str) -> Result<(), SnapshotError> {
        PieceReader::push_diff_text(self, piece)
    }
}

/// The diff text alone: its head was read before.
impl Steps for DiffReader {
    fn next_head_part(&self) -> Option<usize> {
        None
    }

    fn push_head_part(&mut self, _: &[u8]) -> Result<(), SnapshotError> {
        Err(SnapshotError::Damaged("a column after the head"))
    }

    fn push_diff_text(&mut self, piece: &str) -> Result<(), SnapshotError> {
        DiffReader::push_diff_text(self, piece)
    }
}

/// How much of the diff text is copied and checked at a time: a few ms of work.
const DIFF_PIECE: usize = 16 << 20;

/// Reads what `reader` still lacks of a snapshot up to byte `length`, from byte `at` on, through
/// `read(start, end)` (the snapshot's bytes `start..end`), yielding to the page between
/// steps. Returns the steps' time in ms (reading included, the waits between steps aside);
/// `None` when the bytes do not read as the rest of the snapshot.
pub async fn read_rest<Bytes, Read>(
    reader: &mut impl Steps,
    mut at: usize,
    length: usize,
    read: Read,
) -> Option<f64>
where
    Read: Fn(usize, usize) -> Bytes,
    Bytes: Future<Output = Option<Vec<u8>>>,
{
    use crate::browser::precise_now;

    let mut work = 0.0;
    loop {
        crate::browser::sleep(0).await;
        if let Some(part) = reader.next_head_part() {
            let end = at.checked_add(part).filter(|&end| end <= length)?;
            let started = precise_now();
            let bytes = read(at, end).await?;
            reader.push_head_part(&bytes).ok()?;
            work += precise_now() - started;
            at = end;
        } else if at < length {
            // One byte past the piece tells whether its end falls inside a character.
            let started = precise_now();
            let mut bytes = read(at, length.min(at + DIFF_PIECE + 1)).await?;
            let end = match bytes.len() > DIFF_PIECE {
                true => char_boundary_at_most(&bytes, DIFF_PIECE),
                false => bytes.len(),
            };
            if end == 0 {
                return None;
            }
            bytes.truncate(end);
            reader
                .push_diff_text(std::str::from_utf8(&bytes).ok()?)
                .ok()?;
            work += precise_now() - started;
            at += end;
        } else {
            return Some(work);
        }
    }
}
