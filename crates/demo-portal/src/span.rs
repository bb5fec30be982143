//! The rows a request reads: the part of the table its time bounds leave, in the request's
//! zone, with each row's offset when it reads local time.

use std::sync::Arc;

use crate::zone::Zone;

use crate::filters::FilterCache;
use crate::local::local_ms;
use crate::table::Table;

pub struct Span<'a> {
    pub table: &'a Table,
    /// Rows `start..end` of the table.
    pub start: usize,
    pub end: usize,
    pub zone: Zone,
    /// The zone a bare date (`date'2024-03-25'`) is read in: `zone`, or UTC under the
    /// `bare_dates=utc` switch (the platform's documentation says neither).
    pub date_zone: Zone,
    /// How aggregated instants are rendered (the `instants=` switch).
    pub instants: crate::faults::Instants,
    /// Every row's UTC offset in `zone` (seconds), when the request reads local time.
    pub offsets: Option<Arc<Vec<i32>>>,
    /// Where the masks of `where` parts on one field are kept (none: each is computed).
    pub filters: Option<Arc<FilterCache>>,
}

impl<'a> Span<'a> {
    /// Every row of `table`, with their offsets in `zone` (tests).
    #[cfg(test)]
    pub fn whole(table: &'a Table, zone: Zone) -> Span<'a> {
        let offsets = crate::local::Offsets::default().of(table, zone);
        Span {
            table,
            start: 0,
            end: table.len(),
            zone,
            date_zone: zone,
            instants: Default::default(),
            offsets: Some(offsets),
            filters: None,
        }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }

    /// Every row of its table, as a span.
    pub fn whole_table(&self) -> Span<'a> {
        Span {
            start: 0,
            end: self.table.len(),
            offsets: self.offsets.clone(),
            filters: self.filters.clone(),
            ..*self
        }
    }

    /// Its rows `first..last` (counted from its start), as a span of their own.
    pub fn part(&self, first: usize, last: usize) -> Span<'a> {
        Span {
            start: self.start + first,
            end: self.start + last,
            offsets: self.offsets.clone(),
            filters: self.filters.clone(),
            ..*self
        }
    }

    /// The timestamps of the span's rows.
    pub fn timestamps(&self) -> &[i64] {
        &self.table.timestamps()[self.start..self.end]
    }

    /// The UTC offsets (seconds) of the span's rows (empty when the request reads no local
    /// time).
    pub fn offsets(&self) -> &[i32] {
        self.offsets
            .as_ref()
            .map_or(&[], |offsets| &offsets[self.start..self.end])
    }

    /// The local time (ms, as if the zone were UTC) of the span's `i`-th row.
    pub fn local_ms(&self, i: usize) -> i64 {
        let row = self.start + i;
        let offset = self.offsets.as_ref().map_or(0, |offsets| offsets[row]);
        local_ms(self.table.timestamps()[row], offset)
    }
}
