//! The columnar, in-memory store of the activity log.
//!
//! Invariants:
//! - every column has exactly `len()` entries; row `i` of each column is the same event;
//! - text values are interned once in [`Interner`]; id 0 is the empty string, which stands for
//!   null too (the log does not distinguish them in any view);
//! - diffs are concatenated into one buffer, row `i` spanning `diff_end[i-1]..diff_end[i]`.
//!
//! 52 bytes per event (an i64 timestamp, ten u32 ids and a u32 diff offset) plus the text.

use std::collections::HashMap;

use crate::record::{RawRecord, Record, SkipReason, TextField};

/// A string id in the store's interner. `EMPTY` (0) is the empty string and null.
pub type StrId = u32;
pub const EMPTY: StrId = 0;

/// One second in the store's milliseconds: a fetch starts again at the newest event's second
/// ([`Store::append_fetched`]).
pub const SECOND_MS: i64 = 1000;

/// Gives every distinct string a dense id, once.
#[derive(Debug, Clone)]
pub struct Interner {
    /// foldhash: the standard SipHash was 6 % of the parse in wasm. Natively each map is
    /// seeded at random; in the browser's wasm, which has no system randomness, neither hasher's
    /// seed is secret.
    ids: HashMap<Box<str>, StrId, foldhash::fast::RandomState>,
    values: Vec<Box<str>>,
}

impl Default for Interner {
    fn default() -> Self {
        let mut interner = Interner {
            ids: HashMap::default(),
            values: Vec::new(),
        };
        interner.values.push("".into());
        interner.ids.insert("".into(), EMPTY);
        interner
    }
}

impl Interner {
    pub fn intern(&mut self, value: &str) -> StrId {
        if let Some(&id) = self.ids.get(value) {
            return id;
        }
        let id = self.values.len() as StrId;
        self.values.push(value.into());
        self.ids.insert(value.into(), id);
        id
    }

    pub fn get(&self, id: StrId) -> &str {
        self.values.get(id as usize).map_or("", |value| value)
    }

    /// The id of a string already interned, if it is.
    pub fn lookup(&self, value: &str) -> Option<StrId> {
        self.ids.get(value).copied()
    }

    /// Number of distinct strings, the empty one included.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.len() <= 1
    }

    pub fn iter(&self) -> impl Iterator<Item = (StrId, &str)> {
        self.values
            .iter()
            .enumerate()
            .map(|(id, value)| (id as StrId, &**value))
    }
}

#[derive(Debug, Default, Clone)]
pub struct Store {
    strings: Interner,
    /// Milliseconds since the Unix epoch, UTC.
    timestamps: Vec<i64>,
    text: [Vec<StrId>; TextField::ALL.len()],
    diff_text: String,
    /// End offsets of each row's diff in `diff_text` (u32: a browser's memory is below 4 GiB).
    diff_end: Vec<u32>,
}

impl Store {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.timestamps.len()
    }

    pub fn is_empty(&self) -> bool {
        self.timestamps.is_empty()
    }

    /// Validates and appends one record. A record needs a valid `timestamp` and an `action`;
    /// every other field may be missing. On error nothing is appended.
    pub fn push(&mut self, raw: &RawRecord) -> Result<(), SkipReason> {
        let timestamp = match raw.timestamp.as_deref().map(str::trim) {
            None | Some("") => return Err(SkipReason::NoTimestamp),
            Some(text) => parse_timestamp(text).ok_or(SkipReason::BadTimestamp)?,
        };
        if raw
            .action
            .as_deref()
            .is_none_or(|action| action.trim().is_empty())
        {
            return Err(SkipReason::NoAction);
        }
        self.timestamps.push(timestamp);
        for (column, value) in self.text.iter_mut().zip(raw.texts()) {
            let id = match value {
                // Values repeat in runs (one domain, a user's session, a burst of one action):
                // the previous record's value is checked before the hash map.
                Some(value) => match column.last() {
                    Some(&last) if self.strings.get(last) == value => last,
                    _ => self.strings.intern(value),
                },
                None => EMPTY,
            };
            column.push(id);
        }
        self.push_diff(raw.diff.as_deref().unwrap_or(""));
        Ok(())
    }

    /// Appends an owned record (generator, tests).
    pub fn push_record(&mut self, record: &Record) {
        self.timestamps.push(record.timestamp.timestamp_millis());
        for field in TextField::ALL {
            let id = self.strings.intern(record.text(field).unwrap_or(""));
            self.text[field.index()].push(id);
        }
        self.push_diff(record.diff.as_deref().unwrap_or(""));
    }

    /// Appends a row's diff. Past 4 GiB of diff text (more than a browser holds) diffs are
    /// left empty rather than overflow the offsets.
    fn push_diff(&mut self, diff: &str) {
        if self.diff_text.len() + diff.len() <= u32::MAX as usize {
            self.diff_text.push_str(diff);
        }
        self.diff_end.push(self.diff_text.len() as u32);
    }

    /// Row `row` as an owned record: an empty text is `None` (the store does not tell them
    /// apart), a timestamp out of chrono's range is the epoch.
    pub fn record(&self, row: usize) -> Record {
        let text = |field: TextField| Some(self.text(row, field).to_string());
        let optional = |field: TextField| text(field).filter(|value| !value.is_empty());
        Record {
            timestamp: chrono::DateTime::from_timestamp_millis(self.timestamp(row))
                .unwrap_or_default(),
            domain_id: text(TextField::DomainId).unwrap_or_default(),
            user_id: text(TextField::UserId).unwrap_or_default(),
            dataset_id: optional(TextField::DatasetId),
            username: optional(TextField::Username),
            action: text(TextField::Action).unwrap_or_default(),
            group_id: optional(TextField::GroupId),
            page_id: optional(TextField::PageId),
            diff: Some(self.diff(row).to_string()).filter(|diff| !diff.is_empty()),
            map_id: optional(TextField::MapId),
            reuse_title: optional(TextField::ReuseTitle),
            subdomain_id: optional(TextField::SubdomainId),
        }
    }

    pub fn from_records<'a>(records: impl IntoIterator<Item = &'a Record>) -> Self {
        let mut store = Store::new();
        for record in records {
            store.push_record(record);
        }
        store
    }

    /// Appends row `row` of another store, re-interning its text.
    pub fn push_row_of(&mut self, other: &Store, row: usize) {
        self.timestamps.push(other.timestamp(row));
        for field in TextField::ALL {
            let id = self.strings.intern(other.text(row, field));
            self.text[field.index()].push(id);
        }
        self.push_diff(other.diff(row));
    }

    /// Several exports merged, oldest first, dropping only what they share: a record found in
    /// several files is kept as many times as the one file that holds it most often (a multiset
    /// union). One file loses nothing: the same change made twice within the timestamp's
    /// precision is two events. Returns the merge and how many shared copies were dropped.
    pub fn merged(files: &[Store]) -> (Store, usize) {
        // Per record (every field equal): the most copies one file holds, and its first copy.
        let mut kept: HashMap<RecordKey<'_>, (usize, (usize, usize))> = HashMap::new();
        let mut order: Vec<RecordKey<'_>> = Vec::new();
        for (index, file) in files.iter().enumerate() {
            let mut in_file: HashMap<RecordKey<'_>, usize> = HashMap::new();
            for row in 0..file.len() {
                let key = file.record_key(row);
                let copies = in_file.entry(key).or_default();
                *copies += 1;
                let entry = kept.entry(key).or_insert_with(|| {
                    order.push(key);
                    (0, (index, row))
                });
                entry.0 = entry.0.max(*copies);
            }
        }
        // Oldest first; records of the same instant in the order they were first met.
        order.sort_by_key(|key| key.0);
        let mut merged = Store::new();
        for key in &order {
            if let Some(&(copies, (file, row))) = kept.get(key) {
                for _ in 0..copies {
                    merged.push_row_of(&files[file], row);
                }
            }
        }
        let total: usize = files.iter().map(Store::len).sum();
        let dropped = total - merged.len();
        (merged, dropped)
    }

    /// Appends a fetch of the span that starts at `start`. A fetch starts again at the second
    /// of the newest event held (the portal is asked in whole seconds), so the events of its
    /// first second that this store already holds are recognised, copy for copy, and not added
    /// twice. Returns how many were recognised. An empty store becomes the fetch, moved: a
    /// first visit's million events are not interned again one by one.
    pub fn append_fetched(&mut self, fetched: Store, start: i64) -> usize {
        if self.is_empty() {
            *self = fetched;
            return 0;
        }
        let first_second = start..start.saturating_add(SECOND_MS);
        let mut held: HashMap<OwnedKey, usize> = HashMap::new();
        for row in 0..self.len() {
            if first_second.contains(&self.timestamp(row)) {
                *held.entry(self.owned_key(row)).or_default() += 1;
            }
        }
        let mut recognised = 0;
        for row in 0..fetched.len() {
            if first_second.contains(&fetched.timestamp(row)) {
                if let Some(copies) = held.get_mut(&fetched.owned_key(row)) {
                    if *copies > 0 {
                        *copies -= 1;
                        recognised += 1;
                        continue;
                    }
                }
            }
            self.push_row_of(&fetched, row);
        }
        recognised
    }

    fn owned_key(&self, row: usize) -> OwnedKey {
        let (timestamp, texts, diff) = self.record_key(row);
        (timestamp, texts.map(str::to_string), diff.to_string())
    }

    /// The oldest and newest timestamps, if any.
    pub fn time_range(&self) -> Option<(i64, i64)> {
        let oldest = self.timestamps.iter().min()?;
        let newest = self.timestamps.iter().max()?;
        Some((*oldest, *newest))
    }

    /// The newest timestamp in `[start, end)`, if an event falls there.
    pub fn newest_in(&self, start: i64, end: i64) -> Option<i64> {
        self.timestamps
            .iter()
            .copied()
            .filter(|ts| (start..end).contains(ts))
            .max()
    }

    /// Every field of a row, as text: equal keys are identical records, across stores.
    fn record_key(&self, row: usize) -> RecordKey<'_> {
        let texts = std::array::from_fn(|i| self.strings.get(self.text[i][row]));
        (self.timestamps[row], texts, self.diff(row))
    }

    pub fn timestamps(&self) -> &[i64] {
        &self.timestamps
    }

    pub fn timestamp(&self, row: usize) -> i64 {
        self.timestamps[row]
    }

    /// The id column of a text field.
    pub fn ids(&self, field: TextField) -> &[StrId] {
        &self.text[field.index()]
    }

    pub fn id(&self, row: usize, field: TextField) -> StrId {
        self.text[field.index()][row]
    }

    pub fn text(&self, row: usize, field: TextField) -> &str {
        self.strings.get(self.id(row, field))
    }

    pub fn diff(&self, row: usize) -> &str {
        let start = if row == 0 {
            0
        } else {
            self.diff_end[row - 1] as usize
        };
        self.diff_text
            .get(start..self.diff_end[row] as usize)
            .unwrap_or("")
    }

    /// A store from its columns (a decoded snapshot's), checked: every id names a string, every
    /// column has a row per timestamp, and diff offsets rise within the text on char boundaries.
    pub fn from_columns(
        strings: Vec<String>,
        timestamps: Vec<i64>,
        text: [Vec<StrId>; TextField::ALL.len()],
        diff_text: String,
        diff_end: Vec<u32>,
    ) -> Result<Store, &'static str> {
        let mut interner = Interner::default();
        for value in &strings {
            if value.is_empty() || interner.lookup(value).is_some() {
                return Err("a string twice");
            }
            interner.intern(value);
        }
        let rows = timestamps.len();
        if text.iter().any(|column| column.len() != rows) || diff_end.len() != rows {
            return Err("columns of different lengths");
        }
        let count = interner.len() as StrId;
        // Each column's largest id (a plain pass per column), not a test per id.
        if text
            .iter()
            .any(|column| column.iter().max().is_some_and(|&id| id >= count))
        {
            return Err("an id past the strings");
        }
        check_diff_offsets(&diff_text, &diff_end)?;
        Ok(Store {
            strings: interner,
            timestamps,
            text,
            diff_text,
            diff_end,
        })
    }

    /// This store's rows with `diff_text` and its offsets as their diffs (a store read without
    /// them, then given them): the columns copied, the offsets checked as in
    /// [`Store::from_columns`].
    pub fn with_diffs(&self, diff_text: String, diff_end: Vec<u32>) -> Result<Store, &'static str> {
        if diff_end.len() != self.len() {
            return Err("columns of different lengths");
        }
        check_diff_offsets(&diff_text, &diff_end)?;
        Ok(Store {
            strings: self.strings.clone(),
            timestamps: self.timestamps.clone(),
            text: self.text.clone(),
            diff_text,
            diff_end,
        })
    }

    /// A copy without the diffs (every row's diff empty): what a partial view needs, at 52
    /// bytes an event, not the diff text's hundreds.
    pub fn without_diffs(&self) -> Store {
        Store {
            strings: self.strings.clone(),
            timestamps: self.timestamps.clone(),
            text: self.text.clone(),
            diff_text: String::new(),
            diff_end: vec![0; self.len()],
        }
    }

    pub fn diff_text(&self) -> &str {
        &self.diff_text
    }

    pub fn diff_ends(&self) -> &[u32] {
        &self.diff_end
    }

    pub fn strings(&self) -> &Interner {
        &self.strings
    }

    /// Releases spare capacity (the engine's `IndexedLog::new` does, once the store is complete).
    pub fn shrink_to_fit(&mut self) {
        self.timestamps.shrink_to_fit();
        self.text.iter_mut().for_each(Vec::shrink_to_fit);
        self.diff_end.shrink_to_fit();
        self.diff_text.shrink_to_fit();
    }

    /// Bytes held, diff text aside: what the per-event memory target is about.
    pub fn column_bytes(&self) -> usize {
        self.timestamps.capacity() * 8
            + self.text.iter().map(|c| c.capacity() * 4).sum::<usize>()
            + self.diff_end.capacity() * 4
    }
}

/// Every field of a record: timestamp, the text fields, the diff.
type RecordKey<'a> = (i64, [&'a str; TextField::ALL.len()], &'a str);
type OwnedKey = (i64, [String; TextField::ALL.len()], String);

pub use crate::parse::parse_timestamp;

/// Diff offsets rise within the text, each on a character boundary, the last at its end.
fn check_diff_offsets(diff_text: &str, diff_end: &[u32]) -> Result<(), &'static str> {
    let mut start = 0;
    for &end in diff_end {
        if end < start || !diff_text.is_char_boundary(end as usize) {
            return Err("a diff offset out of place");
        }
        start = end;
    }
    match start as usize == diff_text.len() {
        true => Ok(()),
        false => Err("diff text past the last offset"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw<'a>(timestamp: Option<&'a str>, action: Option<&'a str>) -> RawRecord<'a> {
        RawRecord {
            timestamp: timestamp.map(Into::into),
            action: action.map(Into::into),
            user_id: Some("jdoe".into()),
            diff: Some("{\"a\":1}".into()),
            ..RawRecord::default()
        }
    }

    #[test]
    fn push_interns_text_and_keeps_diffs_apart() {
        let mut store = Store::new();
        store
            .push(&raw(
                Some("2024-01-01T10:00:00+01:00"),
                Some("edit_dataset"),
            ))
            .unwrap();
        store
            .push(&raw(Some("2024-01-01T09:30:00Z"), Some("edit_dataset")))
            .unwrap();
        assert_eq!(store.len(), 2);
        assert_eq!(store.timestamp(0), 1_704_099_600_000);
        assert_eq!(store.timestamp(1), 1_704_101_400_000);
        assert_eq!(
            store.id(0, TextField::Action),
            store.id(1, TextField::Action)
        );
        assert_eq!(store.text(1, TextField::UserId), "jdoe");
        assert_eq!(store.text(1, TextField::PageId), "");
        assert_eq!(store.diff(0), "{\"a\":1}");
        assert_eq!(store.diff(1), "{\"a\":1}");
    }

    #[test]
    fn push_rejects_records_without_timestamp_or_action_and_appends_nothing() {
        let mut store = Store::new();
        assert_eq!(
            store.push(&raw(None, Some("a"))),
            Err(SkipReason::NoTimestamp)
        );
        assert_eq!(
            store.push(&raw(Some(" "), Some("a"))),
            Err(SkipReason::NoTimestamp)
        );
        assert_eq!(
            store.push(&raw(Some("yesterday"), Some("a"))),
            Err(SkipReason::BadTimestamp)
        );
        assert_eq!(
            store.push(&raw(Some("2024-01-01T00:00:00Z"), None)),
            Err(SkipReason::NoAction)
        );
        assert!(store.is_empty());
        assert_eq!(store.column_bytes(), 0);
    }

    /// A file of these records, by (timestamp, action).
    fn file(records: &[(&str, &str)]) -> Store {
        let mut store = Store::new();
        for (at, action) in records {
            store.push(&raw(Some(at), Some(action))).unwrap();
        }
        store
    }

    #[test]
    fn one_file_loses_nothing_even_identical_records() {
        let one = file(&[
            ("2024-01-02T00:00:00Z", "edit"),
            ("2024-01-01T00:00:00Z", "edit"),
            ("2024-01-02T00:00:00Z", "edit"),
        ]);
        let (merged, dropped) = Store::merged(std::slice::from_ref(&one));
        assert_eq!((merged.len(), dropped), (3, 0));
        assert_eq!(merged.timestamp(0), 1_704_067_200_000, "oldest first");
    }

    #[test]
    fn files_drop_only_what_they_share() {
        // A holds x twice and y; B holds x once, y, and z. Kept: x twice, y once, z.
        let a = file(&[
            ("2024-01-02T00:00:00Z", "x"),
            ("2024-01-02T00:00:00Z", "x"),
            ("2024-01-03T00:00:00Z", "y"),
        ]);
        let b = file(&[
            ("2024-01-02T00:00:00Z", "x"),
            ("2024-01-03T00:00:00Z", "y"),
            ("2024-01-01T00:00:00Z", "z"),
        ]);
        let (merged, dropped) = Store::merged(&[a.clone(), b.clone()]);
        let actions: Vec<&str> = (0..merged.len())
            .map(|row| merged.text(row, TextField::Action))
            .collect();
        assert_eq!(actions, ["z", "x", "x", "y"]);
        assert_eq!(dropped, 2);
        // Merging is idempotent: the same files again change nothing.
        let (again, _) = Store::merged(&[merged.clone(), a, b]);
        assert_eq!(again.len(), merged.len());
        // A different diff is a different record.
        let mut other = raw(Some("2024-01-02T00:00:00Z"), Some("x"));
        other.diff = Some("{\"a\":2}".into());
        let mut c = Store::new();
        c.push(&other).unwrap();
        assert_eq!(Store::merged(&[merged.clone(), c]).0.len(), 5);
    }

    #[test]
    fn columns_that_do_not_fit_together_are_refused() {
        let ids = || std::array::from_fn(|_| vec![0]);
        assert!(Store::from_columns(vec![], vec![1], ids(), "ab".into(), vec![2]).is_ok());
        // Diffs given afterwards are checked alike.
        let bare = Store::from_columns(vec![], vec![1], ids(), "".into(), vec![0]).unwrap();
        assert_eq!(bare.with_diffs("ab".into(), vec![2]).unwrap().diff(0), "ab");
        assert!(bare.with_diffs("ab".into(), vec![1]).is_err());
        assert!(bare.with_diffs("é".into(), vec![1]).is_err());
        assert!(bare.with_diffs("ab".into(), vec![1, 2]).is_err());
        let mut past = ids();
        past[0][0] = 1;
        assert!(Store::from_columns(vec![], vec![1], past, "".into(), vec![0]).is_err());
        assert!(Store::from_columns(vec![], vec![1, 2], ids(), "".into(), vec![0]).is_err());
        assert!(Store::from_columns(vec![], vec![1], ids(), "é".into(), vec![1]).is_err());
        assert!(Store::from_columns(vec![], vec![1], ids(), "ab".into(), vec![1]).is_err());
        assert!(Store::from_columns(
            vec!["a".into(), "a".into()],
            vec![],
            std::array::from_fn(|_| vec![]),
            "".into(),
            vec![]
        )
        .is_err());
    }

    #[test]
    fn a_fetch_from_the_newest_second_adds_only_what_is_new() {
        // Held: two identical edits at 10:00:00.5 and one at 10:00:00.9 (the newest second).
        let mut held = file(&[
            ("2024-01-01T09:00:00Z", "old"),
            ("2024-01-01T10:00:00.500Z", "x"),
            ("2024-01-01T10:00:00.500Z", "x"),
            ("2024-01-01T10:00:00.900Z", "y"),
        ]);
        // The next fetch starts at 10:00:00: it returns the second's three events again, a
        // third copy of x that arrived since, and a later event.
        let fetched = file(&[
            ("2024-01-01T10:00:00.500Z", "x"),
            ("2024-01-01T10:00:00.500Z", "x"),
            ("2024-01-01T10:00:00.500Z", "x"),
            ("2024-01-01T10:00:00.900Z", "y"),
            ("2024-01-01T10:00:05Z", "z"),
        ]);
        let start = parse_timestamp("2024-01-01T10:00:00Z").unwrap();
        assert_eq!(held.append_fetched(fetched.clone(), start), 3);
        let actions: Vec<&str> = (0..held.len())
            .map(|row| held.text(row, TextField::Action))
            .collect();
        assert_eq!(actions, ["old", "x", "x", "y", "x", "z"]);
        // A fetch of a span that held nothing adds everything.
        let mut empty = Store::new();
        assert_eq!(empty.append_fetched(fetched, start), 0);
        let actions: Vec<&str> = (0..empty.len())
            .map(|row| empty.text(row, TextField::Action))
            .collect();
        assert_eq!(actions, ["x", "x", "x", "y", "z"]);
    }

    #[test]
    fn fractional_seconds_are_kept_to_the_millisecond() {
        assert_eq!(parse_timestamp("1970-01-01T00:00:01.250Z"), Some(1250));
    }
}
