//! Distinct counting per group (distinct users per object, distinct objects per user): a group ×
//! member bitmap when it is small, sorted pairs otherwise.

/// Counts distinct members per group, one (group, member) pair at a time: with a bitmap of
/// group × member bits when that is small (one probe per pair), else by sorting the pairs.
pub enum Distinct {
    Bitmap {
        bits: Vec<u64>,
        members: usize,
        counts: Vec<u32>,
    },
    Pairs {
        pairs: Vec<u64>,
        groups: usize,
    },
}

/// The largest bitmap worth allocating: 2^27 bits, 16 MiB.
const MAX_BITMAP_BITS: usize = 1 << 27;

impl Distinct {
    pub fn new(groups: usize, members: usize) -> Self {
        match groups.checked_mul(members) {
            Some(bits) if bits <= MAX_BITMAP_BITS => Distinct::Bitmap {
                bits: vec![0; bits.div_ceil(64)],
                members,
                counts: vec![0; groups],
            },
            _ => Distinct::Pairs {
                pairs: Vec::new(),
                groups,
            },
        }
    }

    pub fn add(&mut self, group: usize, member: usize) {
        match self {
            Distinct::Bitmap {
                bits,
                members,
                counts,
            } => {
                let bit = group * *members + member;
                let (word, mask) = (bit / 64, 1u64 << (bit % 64));
                if bits[word] & mask == 0 {
                    bits[word] |= mask;
                    counts[group] += 1;
                }
            }
            Distinct::Pairs { pairs, .. } => pairs.push(((group as u64) << 32) | member as u64),
        }
    }

    pub fn finish(self) -> Vec<u32> {
        match self {
            Distinct::Bitmap { counts, .. } => counts,
            Distinct::Pairs { mut pairs, groups } => {
                pairs.sort_unstable();
                pairs.dedup();
                let mut counts = vec![0u32; groups];
                for pair in pairs {
                    counts[(pair >> 32) as usize] += 1;
                }
                counts
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both ways of counting distinct members agree (the reference tests only reach the bitmap).
    #[test]
    fn bitmap_and_sorted_pairs_count_the_same() {
        let pairs: Vec<(usize, usize)> =
            (0..5_000).map(|i| ((i * 7) % 13, (i * 31) % 97)).collect();
        let mut bitmap = Distinct::new(13, 97);
        let mut sorted = Distinct::Pairs {
            pairs: Vec::new(),
            groups: 13,
        };
        for &(group, member) in &pairs {
            bitmap.add(group, member);
            sorted.add(group, member);
        }
        assert!(matches!(bitmap, Distinct::Bitmap { .. }));
        let expected: Vec<u32> = (0..13)
            .map(|g| {
                let members: std::collections::BTreeSet<_> =
                    pairs.iter().filter(|p| p.0 == g).map(|p| p.1).collect();
                members.len() as u32
            })
            .collect();
        assert_eq!(bitmap.finish(), expected);
        assert_eq!(sorted.finish(), expected);
        assert!(matches!(
            Distinct::new(1 << 20, 1 << 20),
            Distinct::Pairs { .. }
        ));
    }
}
