//! Fields written one after another in little-endian order, and a reader that checks every
//! length against the bytes left: the kept files (a log's copy, its window's groups) come back
//! from storage that a crash, a full disk or a user may have damaged.

use crate::snapshot::SnapshotError;

pub fn put_u8(out: &mut Vec<u8>, value: u8) {
    out.push(value);
}

pub fn put_u32(out: &mut Vec<u8>, value: u32) {
    out.extend_from_slice(&value.to_le_bytes());
}

pub fn put_u64(out: &mut Vec<u8>, value: u64) {
    out.extend_from_slice(&value.to_le_bytes());
}

pub fn put_i64(out: &mut Vec<u8>, value: i64) {
    out.extend_from_slice(&value.to_le_bytes());
}

/// A count of items: a `u32`, which every list kept is far below.
pub fn put_count(out: &mut Vec<u8>, count: usize) {
    put_u32(out, u32::try_from(count).unwrap_or(u32::MAX));
}

/// Bytes with their length first.
pub fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    put_count(out, bytes.len());
    out.extend_from_slice(bytes);
}

pub fn put_text(out: &mut Vec<u8>, text: &str) {
    put_bytes(out, text.as_bytes());
}

/// Reads what the `put_*` functions wrote, in the same order; a length past the end is
/// [`SnapshotError::Truncated`], found before anything is allocated for it.
pub struct ByteReader<'a> {
    pub(crate) bytes: &'a [u8],
    pub(crate) at: usize,
}

impl<'a> ByteReader<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        ByteReader { bytes, at: 0 }
    }

    /// Whether every byte has been read.
    pub fn is_done(&self) -> bool {
        self.at == self.bytes.len()
    }

    pub fn take(&mut self, count: usize) -> Result<&'a [u8], SnapshotError> {
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

    pub fn u8(&mut self) -> Result<u8, SnapshotError> {
        Ok(u8::from_le_bytes(self.array()?))
    }

    pub fn u32(&mut self) -> Result<u32, SnapshotError> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    pub fn u64(&mut self) -> Result<u64, SnapshotError> {
        Ok(u64::from_le_bytes(self.array()?))
    }

    pub fn i64(&mut self) -> Result<i64, SnapshotError> {
        Ok(i64::from_le_bytes(self.array()?))
    }

    /// A count of items of at least `item_bytes` each: one the bytes left cannot hold is a cut,
    /// found before anything is allocated for it.
    pub fn count(&mut self, item_bytes: usize) -> Result<usize, SnapshotError> {
        let count = self.u32()? as usize;
        let left = self.bytes.len() - self.at;
        if count.saturating_mul(item_bytes) > left {
            return Err(SnapshotError::Truncated);
        }
        Ok(count)
    }

    pub fn u32s(&mut self, count: usize) -> Result<Vec<u32>, SnapshotError> {
        let bytes = self.take(count.checked_mul(4).ok_or(SnapshotError::Truncated)?)?;
        Ok(bytes
            .chunks_exact(4)
            .map(|chunk| u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]))
            .collect())
    }

    pub fn i64s(&mut self, count: usize) -> Result<Vec<i64>, SnapshotError> {
        let bytes = self.take(count.checked_mul(8).ok_or(SnapshotError::Truncated)?)?;
        Ok(bytes
            .chunks_exact(8)
            .map(|chunk| {
                let mut array = [0; 8];
                array.copy_from_slice(chunk);
                i64::from_le_bytes(array)
            })
            .collect())
    }

    /// `count` records of `size` bytes each, to read field by field with [`Fields`] (one bounds
    /// check per record rather than per field).
    pub fn records(
        &mut self,
        count: usize,
        size: usize,
    ) -> Result<std::slice::ChunksExact<'a, u8>, SnapshotError> {
        let bytes = self.take(count.checked_mul(size).ok_or(SnapshotError::Truncated)?)?;
        Ok(bytes.chunks_exact(size.max(1)))
    }

    pub fn text(&mut self) -> Result<String, SnapshotError> {
        let length = self.count(1)?;
        let bytes = self.take(length)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| SnapshotError::Damaged("text not UTF-8"))
    }
}

/// The fields of one fixed-size record from [`ByteReader::records`], read in order. A record's
/// size is the sum of its fields' (a constant beside the reading code): past its end reads 0.
pub struct Fields<'a>(pub &'a [u8]);

impl Fields<'_> {
    fn array<const N: usize>(&mut self) -> [u8; N] {
        let mut array = [0; N];
        if let Some((head, rest)) = self.0.split_first_chunk::<N>() {
            array = *head;
            self.0 = rest;
        }
        array
    }

    pub fn u8(&mut self) -> u8 {
        u8::from_le_bytes(self.array())
    }

    pub fn u32(&mut self) -> u32 {
        u32::from_le_bytes(self.array())
    }

    pub fn u64(&mut self) -> u64 {
        u64::from_le_bytes(self.array())
    }

    pub fn i64(&mut self) -> i64 {
        i64::from_le_bytes(self.array())
    }
}
