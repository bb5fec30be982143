//! Counting a span's selected rows into groups. A row's key packs its parts' codes (a field's
//! code in its dictionary; a local day, hour, minute or second number) into one integer, so
//! the count is one hash-map step per row (a 128-bit integer when 64 bits are too few: an
//! object × user × action key has ten parts); each distinct key is then written out once, and
//! keys that read the same (two Mondays, for `date_format(timestamp, 'e')`) are merged.

use std::borrow::Cow;
use std::hash::Hash;

use engine::TextField;
use rustc_hash::{FxHashMap, FxHashSet};

use super::aggregate::Expr;
use crate::local::local_ms;
use crate::span::Span;
use crate::table::Dictionary;

const MS_PER_DAY: i64 = 86_400_000;
const MS_PER_HOUR: i64 = 3_600_000;
const MS_PER_MINUTE: i64 = 60_000;

/// What is summed of a group.
#[derive(Clone, Debug, Default)]
pub struct Group {
    pub count: u64,
    /// UTC ms of the newest and oldest rows.
    pub newest: Option<i64>,
    pub oldest: Option<i64>,
    /// One set of codes per `count(distinct …)`, in the order of `select`.
    pub distinct: Vec<FxHashSet<u32>>,
}

impl Group {
    fn new(sets: usize) -> Self {
        Group {
            distinct: vec![FxHashSet::default(); sets],
            ..Group::default()
        }
    }

    fn add(&mut self, ms: i64, distinct_codes: &[&[u32]], i: usize) {
        self.count += 1;
        // Rows come in time order: the first is the oldest, the last the newest.
        self.oldest.get_or_insert(ms);
        self.newest = Some(ms);
        for (set, codes) in self.distinct.iter_mut().zip(distinct_codes) {
            if codes[i] != 0 {
                set.insert(codes[i]);
            }
        }
    }

    fn merge(&mut self, other: Group) {
        self.count += other.count;
        self.newest = self.newest.max(other.newest);
        self.oldest = match (self.oldest, other.oldest) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        for (set, more) in self.distinct.iter_mut().zip(other.distinct) {
            set.extend(more);
        }
    }
}

/// One grouping expression over the span: where its codes come from and how many there are.
enum Part<'a> {
    /// `codes` are the span's rows' (the `i`-th row's code is `codes[i]`).
    Field {
        codes: &'a [u32],
        dictionary: &'a Dictionary,
    },
    /// Local time in units of `unit_ms`, counted from `first` (a day before the span starts,
    /// so that no offset makes a code negative).
    Time {
        unit_ms: i64,
        pattern: &'a str,
        first: i64,
        count: u64,
    },
}

impl<'a> Part<'a> {
    fn cardinality(&self) -> u64 {
        match self {
            Part::Field { dictionary, .. } => dictionary.len() as u64,
            Part::Time { count, .. } => *count,
        }
    }

    /// The code of the span's `i`-th row.
    fn code(&self, span: &Span, i: usize) -> u64 {
        match self {
            Part::Field { codes, .. } => u64::from(codes[i]),
            Part::Time { unit_ms, first, .. } => {
                (span.local_ms(i).div_euclid(*unit_ms) - first) as u64
            }
        }
    }

    /// Packs the codes of the span's rows `rows` (their places in the span) into `keys`:
    /// `key × size + code`.
    fn pack_into<K: Packed>(&self, span: &Span, rows: &[u32], keys: &mut [K], size: u64) {
        match self {
            Part::Field { codes, .. } => {
                for (key, &row) in keys.iter_mut().zip(rows) {
                    *key = key.push(size, u64::from(codes[row as usize]));
                }
            }
            // A division by a constant is a multiplication: one loop per unit.
            Part::Time { unit_ms, first, .. } => match *unit_ms {
                MS_PER_DAY => pack_local::<MS_PER_DAY, K>(span, rows, *first, keys, size),
                MS_PER_HOUR => pack_local::<MS_PER_HOUR, K>(span, rows, *first, keys, size),
                MS_PER_MINUTE => pack_local::<MS_PER_MINUTE, K>(span, rows, *first, keys, size),
                _ => pack_local::<1000, K>(span, rows, *first, keys, size),
            },
        }
    }

    /// What a code reads as (none: a null field), borrowed from the dictionary for a field.
    fn text(&self, code: u64) -> Option<Cow<'a, str>> {
        match self {
            Part::Field { dictionary, .. } => {
                Some(Cow::Borrowed(dictionary.value(code as u32))).filter(|v| !v.is_empty())
            }
            Part::Time {
                unit_ms,
                pattern,
                first,
                ..
            } => {
                let local_ms = (first + code as i64) * unit_ms;
                let local = chrono::DateTime::from_timestamp_millis(local_ms)?;
                Some(Cow::Owned(local.naive_utc().format(pattern).to_string()))
            }
        }
    }
}

fn pack_local<const UNIT_MS: i64, K: Packed>(
    span: &Span,
    rows: &[u32],
    first: i64,
    keys: &mut [K],
    size: u64,
) {
    let timestamps = span.timestamps();
    let offsets = span.offsets();
    for (key, &row) in keys.iter_mut().zip(rows) {
        let row = row as usize;
        let unit = local_ms(timestamps[row], offsets[row]).div_euclid(UNIT_MS) - first;
        *key = key.push(size, unit as u64);
    }
}

/// An integer that holds a row's parts' codes, packed: `key × size + code` for each part.
trait Packed: Copy + Default + Eq + Hash {
    fn push(self, size: u64, code: u64) -> Self;
    /// The last code pushed (of a part of `size` codes), and the key before it.
    fn pop(self, size: u64) -> (u64, Self);
    /// The key as an index into an array (only asked of keys that fit one).
    fn index(self) -> usize;
}

impl Packed for u64 {
    fn push(self, size: u64, code: u64) -> Self {
        self * size + code
    }
    fn pop(self, size: u64) -> (u64, Self) {
        (self % size, self / size)
    }
    fn index(self) -> usize {
        self as usize
    }
}

impl Packed for u128 {
    fn push(self, size: u64, code: u64) -> Self {
        self * u128::from(size) + u128::from(code)
    }
    fn pop(self, size: u64) -> (u64, Self) {
        let size = u128::from(size);
        ((self % size) as u64, self / size)
    }
    fn index(self) -> usize {
        self as usize
    }
}

/// What a group's keys read (none: null), the texts of fields borrowed from the table.
pub type Key<'a> = Vec<Option<Cow<'a, str>>>;

/// The groups of the span's rows where `mask` holds, by what their keys read, with the sums of
/// `count(distinct …)` over `distinct` fields.
pub fn count_groups<'a>(
    group_by: &[&'a Expr],
    distinct: &[TextField],
    span: &Span<'a>,
    mask: &[bool],
) -> FxHashMap<Key<'a>, Group> {
    // Aggregates are refused in group_by when the request is read: every expression is a part.
    let parts: Vec<Part> = group_by.iter().filter_map(|e| part_of(e, span)).collect();
    let distinct_codes: Vec<&[u32]> = distinct
        .iter()
        .map(|field| &span.table.column(*field).codes[span.start..span.end])
        .collect();
    let codes_of = |key: &[u64]| -> Key<'a> {
        parts
            .iter()
            .zip(key)
            .map(|(part, &code)| part.text(code))
            .collect()
    };
    let mut merged: FxHashMap<Key<'a>, Group> = FxHashMap::default();
    let mut merge = |key: Key<'a>, group: Group| match merged.get_mut(&key) {
        Some(known) => known.merge(group),
        None => {
            merged.insert(key, group);
        }
    };
    let cardinalities: Vec<u64> = parts.iter().map(Part::cardinality).collect();
    let radix = cardinalities
        .iter()
        .try_fold(1u64, |product, &size| product.checked_mul(size));
    let wide_radix = cardinalities.iter().try_fold(1u128, |product, &size| {
        product.checked_mul(u128::from(size))
    });
    let counted = Counting {
        parts: &parts,
        cardinalities: &cardinalities,
        span,
        mask,
        distinct_codes: &distinct_codes,
    };
    match (radix, wide_radix) {
        // The usual case: every key fits one integer, few enough ones an array.
        (Some(radix), _) if radix <= DENSE_KEYS => {
            let sink = Sink::Dense(vec![NO_GROUP; radix as usize], Vec::new());
            for (codes, group) in counted.packed::<u64>(sink) {
                merge(codes_of(&codes), group);
            }
        }
        (Some(_), _) => {
            for (codes, group) in counted.packed::<u64>(Sink::Hashed(FxHashMap::default())) {
                merge(codes_of(&codes), group);
            }
        }
        (None, Some(_)) => {
            for (codes, group) in counted.packed::<u128>(Sink::Hashed(FxHashMap::default())) {
                merge(codes_of(&codes), group);
            }
        }
        // So many distinct values that even 128 bits overflow: a key per row as a list.
        (None, None) => {
            let wide = |i: usize| -> Vec<u64> { parts.iter().map(|p| p.code(span, i)).collect() };
            for (key, group) in accumulate(span, mask, &distinct_codes, wide) {
                merge(codes_of(&key), group);
            }
        }
    }
    merged
}

/// What a count of packed keys reads: the parts and their sizes, the span's rows and which of
/// them are selected.
struct Counting<'a> {
    parts: &'a [Part<'a>],
    cardinalities: &'a [u64],
    span: &'a Span<'a>,
    mask: &'a [bool],
    distinct_codes: &'a [&'a [u32]],
}

impl Counting<'_> {
    /// Each group's parts' codes and what was summed of it, its keys counted in `sink`.
    fn packed<K: Packed>(&self, mut sink: Sink<K>) -> Vec<(Vec<u64>, Group)> {
        // A chunk of rows at a time: its selected rows' keys are packed a column at a time
        // (tight loops over one column; rows the condition leaves out cost nothing more), then
        // counted, and the buffers stay in the cache.
        let mut buffer = [K::default(); CHUNK];
        let mut selected: Vec<u32> = Vec::with_capacity(CHUNK);
        let timestamps = self.span.timestamps();
        let sets = self.distinct_codes.len();
        for start in (0..self.span.len()).step_by(CHUNK) {
            let end = self.span.len().min(start + CHUNK);
            selected.clear();
            selected_rows(&self.mask[start..end], start, &mut selected);
            let keys = &mut buffer[..selected.len()];
            keys.fill(K::default());
            for (part, &size) in self.parts.iter().zip(self.cardinalities) {
                part.pack_into(self.span, &selected, keys, size);
            }
            for (&row, &key) in selected.iter().zip(keys.iter()) {
                let row = row as usize;
                sink.group(key, sets)
                    .add(timestamps[row], self.distinct_codes, row);
            }
        }
        let groups: Vec<(K, Group)> = match sink {
            Sink::Dense(_, groups) => groups,
            Sink::Hashed(groups) => groups.into_iter().collect(),
        };
        groups
            .into_iter()
            .map(|(key, group)| {
                let mut codes = vec![0; self.parts.len()];
                let mut rest = key;
                for (code, &size) in codes.iter_mut().zip(self.cardinalities).rev() {
                    (*code, rest) = rest.pop(size);
                }
                (codes, group)
            })
            .collect()
    }
}

/// The places (from `offset`) of `mask`'s rows that hold, appended to `selected`. Eight rows
/// at a time, as one word whose byte `j` is 1 when row `j` holds: a run the condition leaves
/// out (another weekday's days) costs one test per eight, and a row kept one step of a loop
/// over the word's set bits.
fn selected_rows(mask: &[bool], offset: usize, selected: &mut Vec<u32>) {
    let mut words = mask.chunks_exact(8);
    let mut at = offset as u32;
    for word in &mut words {
        let mut bits = u64::from_le_bytes(std::array::from_fn(|j| u8::from(word[j])));
        while bits != 0 {
            selected.push(at + bits.trailing_zeros() / 8);
            bits &= bits - 1;
        }
        at += 8;
    }
    let at = at as usize;
    let rest = words.remainder().iter().enumerate();
    selected.extend(
        rest.filter(|(_, holds)| **holds)
            .map(|(j, _)| (at + j) as u32),
    );
}

/// Keys up to this many are counted in an array, not a hash map.
const DENSE_KEYS: u64 = 1 << 20;
/// Rows whose keys are packed at a time.
const CHUNK: usize = 4096;
const NO_GROUP: u32 = u32::MAX;

/// Where packed keys are counted: an array from key to group when keys are few, else a hash map.
enum Sink<K> {
    Dense(Vec<u32>, Vec<(K, Group)>),
    Hashed(FxHashMap<K, Group>),
}

impl<K: Packed> Sink<K> {
    fn group(&mut self, key: K, sets: usize) -> &mut Group {
        match self {
            Sink::Dense(slots, groups) => {
                let slot = &mut slots[key.index()];
                if *slot == NO_GROUP {
                    *slot = groups.len() as u32;
                    groups.push((key, Group::new(sets)));
                }
                &mut groups[*slot as usize].1
            }
            Sink::Hashed(groups) => groups.entry(key).or_insert_with(|| Group::new(sets)),
        }
    }
}

/// The groups of the selected rows, by key, in a hash map.
fn accumulate<K: Hash + Eq>(
    span: &Span,
    mask: &[bool],
    distinct_codes: &[&[u32]],
    key: impl Fn(usize) -> K,
) -> FxHashMap<K, Group> {
    let mut groups: FxHashMap<K, Group> = FxHashMap::default();
    let timestamps = span.timestamps();
    for (i, _) in mask.iter().enumerate().filter(|(_, holds)| **holds) {
        groups
            .entry(key(i))
            .or_insert_with(|| Group::new(distinct_codes.len()))
            .add(timestamps[i], distinct_codes, i);
    }
    groups
}

fn part_of<'a>(expr: &'a Expr, span: &Span<'a>) -> Option<Part<'a>> {
    let part = match expr {
        Expr::DateFormat { pattern, unit_ms } => {
            let timestamps = span.timestamps();
            let (oldest, newest) = match (timestamps.first(), timestamps.last()) {
                (Some(&oldest), Some(&newest)) => (oldest, newest),
                _ => (0, 0),
            };
            let first = (oldest - MS_PER_DAY).div_euclid(*unit_ms);
            let last = (newest + MS_PER_DAY).div_euclid(*unit_ms);
            Part::Time {
                unit_ms: *unit_ms,
                pattern,
                first,
                count: (last - first + 1) as u64,
            }
        }
        Expr::Field(field) => {
            let column = span.table.column(*field);
            Part::Field {
                codes: &column.codes[span.start..span.end],
                dictionary: &column.dictionary,
            }
        }
        _ => return None,
    };
    Some(part)
}

#[cfg(test)]
mod tests {
    use crate::zone::Zone;
    use engine::Record;

    use super::*;
    use crate::table::Table;

    /// `n` events, each with its own value in every text field, plus one repeat of the first.
    fn distinct_everywhere(n: usize) -> Vec<Record> {
        let value = |field: &str, i: usize| Some(format!("{field}-{i}"));
        let mut records: Vec<Record> = (0..n)
            .map(|i| Record {
                timestamp: chrono::DateTime::from_timestamp(1_700_000_000 + i as i64, 0)
                    .unwrap_or_default(),
                domain_id: format!("domain-{i}"),
                user_id: format!("user-{i}"),
                action: format!("action-{i}"),
                dataset_id: value("dataset", i),
                page_id: value("page", i),
                map_id: value("map", i),
                group_id: value("group", i),
                reuse_title: value("reuse", i),
                username: value("username", i),
                subdomain_id: value("subdomain", i),
                ..Record::default()
            })
            .collect();
        records.push(Record {
            timestamp: chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default(),
            ..records[0].clone()
        });
        records
    }

    /// Counts per key, whichever way the keys were counted: every event is a group of one, but
    /// the first, which is two.
    fn check(fields: &[TextField], n: usize) {
        let table = Table::from_records(&distinct_everywhere(n));
        let span = Span::whole(&table, Zone::UTC);
        let exprs: Vec<Expr> = fields.iter().map(|f| Expr::Field(*f)).collect();
        let keys: Vec<&Expr> = exprs.iter().collect();
        let groups = count_groups(&keys, &[TextField::Action], &span, &vec![true; span.len()]);
        assert_eq!(groups.len(), n);
        for i in 0..n {
            let key: Key = fields
                .iter()
                .map(|f| {
                    Some(Cow::Owned(format!(
                        "{}-{i}",
                        f.name().trim_end_matches("_id").trim_end_matches("_title")
                    )))
                })
                .collect();
            let group = &groups[&key];
            assert_eq!(group.count, if i == 0 { 2 } else { 1 }, "{key:?}");
            assert_eq!(group.distinct[0].len(), 1);
        }
    }

    #[test]
    fn the_selected_rows_are_those_that_hold_in_any_pattern() {
        // Runs, scattered rows and a tail shorter than eight, from a rule written differently.
        let mask: Vec<bool> = (0..203)
            .map(|i| (20..61).contains(&i) || i % 13 == 0 || i > 199)
            .collect();
        let mut selected = vec![7];
        selected_rows(&mask, 1_000, &mut selected);
        let mut expected = vec![7];
        expected.extend((0..203u32).filter(|&i| mask[i as usize]).map(|i| i + 1_000));
        assert_eq!(selected, expected);
        selected.clear();
        selected_rows(&[false; 17], 0, &mut selected);
        assert!(selected.is_empty());
    }

    #[test]
    fn keys_are_counted_in_an_array_a_hash_map_of_64_or_128_bits_or_as_lists() {
        use TextField::*;
        let nine = [
            DatasetId,
            PageId,
            MapId,
            GroupId,
            ReuseTitle,
            Username,
            DomainId,
            SubdomainId,
            UserId,
        ];
        // 11 codes: an array.
        check(&[UserId], 10);
        // 111³ > 2²⁰ packed keys: a hash map.
        check(&[UserId, DatasetId, PageId], 110);
        // 151⁹ overflows 64 bits, not 128.
        check(&nine, 150);
        // 8,002¹⁰ overflows 128 bits: lists.
        let ten = [nine.as_slice(), &[Action]].concat();
        check(&ten, 8000);
    }
}
