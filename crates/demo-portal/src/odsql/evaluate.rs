//! A `where` condition over a span of the table, a column at a time: each leaf compares a
//! column of codes (or of timestamps) with a constant, and `AND`, `OR`, `NOT` combine the
//! masks. One `bool` per row; no record is built.

use engine::TextField;

use super::condition::{Condition, Searched};
use super::instants::{mask_of_ranges, ranges_of_all, row_bounds};
use super::Comparison;
use crate::span::Span;

const MS_PER_DAY: i64 = 86_400_000;
const MS_PER_HOUR: i64 = 3_600_000;

impl Condition {
    /// Whether it reads local hours (and so needs the rows' offsets).
    pub fn needs_local_time(&self) -> bool {
        match self {
            Condition::Hour(..) => true,
            Condition::All(parts) | Condition::Any(parts) => {
                parts.iter().any(Condition::needs_local_time)
            }
            Condition::Not(inner) => inner.needs_local_time(),
            _ => false,
        }
    }

    /// For each row of the span, whether it holds.
    pub fn mask(&self, span: &Span) -> Vec<bool> {
        // On the timestamp alone (the window, a mark's days or weekdays as an `OR` of many
        // days), the rows in time order are cut by binary searches, not tested one by one.
        if let Some(ranges) = self.time_ranges(span.date_zone) {
            return mask_of_ranges(span.timestamps(), &ranges);
        }
        if let Some(field) = self.only_field() {
            return by_values(span, field, self);
        }
        match self {
            Condition::Hour(op, hour) => (0..span.len())
                .map(|i| {
                    let local = (span.local_ms(i).rem_euclid(MS_PER_DAY) / MS_PER_HOUR) as u8;
                    compare(*op, local, *hour)
                })
                .collect(),
            Condition::Search(Some(Searched::Diff), text) => diff_contains(span, text),
            Condition::Search(None, text) => {
                let mut mask = diff_contains(span, text);
                for field in TextField::ALL {
                    let found = Condition::Search(Some(Searched::Field(field)), text.clone());
                    for (holds, other) in mask.iter_mut().zip(found.mask(span)) {
                        *holds |= other;
                    }
                }
                mask
            }
            Condition::All(parts) => all_of(span, parts),
            Condition::Any(parts) => any_of(span, parts),
            Condition::Not(inner) => negated(inner.mask(span)),
            // Leaves on the timestamp or on one text field, answered by the two tests above;
            // written out so that a new kind of leaf has to say how it is read.
            Condition::Timestamp(..) => {
                let ranges = self.time_ranges(span.date_zone).unwrap_or_default();
                mask_of_ranges(span.timestamps(), &ranges)
            }
            Condition::TextEquals(field, _)
            | Condition::TextNotEquals(field, _)
            | Condition::TextIn(field, _)
            | Condition::IsNull(field)
            | Condition::IsNotNull(field)
            | Condition::StartsWith(field, _)
            | Condition::Search(Some(Searched::Field(field)), _) => by_values(span, *field, self),
        }
    }
}

fn compare(op: Comparison, value: u8, with: u8) -> bool {
    match op {
        Comparison::Less => value < with,
        Comparison::LessOrEqual => value <= with,
        Comparison::Greater => value > with,
        Comparison::GreaterOrEqual => value >= with,
        Comparison::Equal => value == with,
        Comparison::NotEqual => value != with,
    }
}

fn codes<'a>(span: &Span<'a>, field: TextField) -> &'a [u32] {
    &span.table.column(field).codes[span.start..span.end]
}

/// The rows whose diff holds `text` (lowercase), ignoring case.
fn diff_contains(span: &Span, text: &str) -> Vec<bool> {
    (span.start..span.end)
        .map(|row| span.table.diff_text(row).to_lowercase().contains(text))
        .collect()
}

fn negated(mut mask: Vec<bool>) -> Vec<bool> {
    for holds in &mut mask {
        *holds = !*holds;
    }
    mask
}

/// `AND` of the parts (nested `AND`s flattened): the rows within the ranges of the parts on
/// the timestamp alone; narrowed in place by each part on one text field (a lookup per row
/// still kept, nothing allocated); then by the others, tested only within the ranges (a
/// weekday's or a day's rows, not the whole window's).
fn all_of(span: &Span, parts: &[Condition]) -> Vec<bool> {
    let zone = span.date_zone;
    let mut timed = Vec::new();
    let mut by_value = Vec::new();
    let mut by_rows = Vec::new();
    for part in flattened(parts) {
        match (part.time_ranges(zone), part.only_field()) {
            (Some(_), _) => timed.push(part),
            (None, Some(field)) => by_value.push((field, part)),
            (None, None) => by_rows.push(part),
        }
    }
    let ranges = ranges_of_all(timed.into_iter(), zone).unwrap_or_default();
    let bounds = row_bounds(span.timestamps(), &ranges);
    let mut mask = vec![false; span.len()];
    for &(first, last) in &bounds {
        mask[first..last].fill(true);
    }
    narrow_by_values(span, &mut mask, by_value);
    for part in by_rows {
        for &(first, last) in &bounds {
            let kept = part.mask(&span.part(first, last));
            for (holds, other) in mask[first..last].iter_mut().zip(kept) {
                *holds &= other;
            }
        }
    }
    mask
}

/// `mask` narrowed by each part on one text field: its rows, kept by the portal's filter
/// cache over the whole table (the requests of a round share a mark's and the object types'
/// parts, whatever rows their time bounds leave).
fn narrow_by_values(span: &Span, mask: &mut [bool], parts: Vec<(TextField, &Condition)>) {
    for (field, part) in parts {
        match &span.filters {
            Some(filters) => {
                let table = span.whole_table();
                let kept = filters.mask(format!("{part:?}"), table.len(), || {
                    by_values(&table, field, part)
                });
                narrowed(mask, kept.get(span.start..span.end).unwrap_or_default());
            }
            None => narrowed(mask, &by_values(span, field, part)),
        }
    }
}

fn narrowed(mask: &mut [bool], kept: &[bool]) {
    for (keeps, &other) in mask.iter_mut().zip(kept) {
        *keeps &= other;
    }
}

/// For each row of the span, whether `part` (on `field` alone) holds: a lookup of its code.
fn by_values(span: &Span, field: TextField, part: &Condition) -> Vec<bool> {
    let passing = part.by_value(span.table.column(field));
    codes(span, field)
        .iter()
        .map(|&code| passing.get(code as usize).copied().unwrap_or(false))
        .collect()
}

/// The parts, those of nested `AND`s in their place.
fn flattened(parts: &[Condition]) -> Vec<&Condition> {
    let mut flat = Vec::with_capacity(parts.len());
    for part in parts {
        match part {
            Condition::All(inner) => flat.extend(flattened(inner)),
            other => flat.push(other),
        }
    }
    flat
}

/// `OR` of the parts' masks (no part: none holds).
fn any_of(span: &Span, parts: &[Condition]) -> Vec<bool> {
    let mut mask = vec![false; span.len()];
    for part in parts {
        for (holds, other) in mask.iter_mut().zip(part.mask(span)) {
            *holds |= other;
        }
    }
    mask
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};
    use engine::generator::DemoOptions;

    use super::*;
    use crate::odsql::{parse_where, Comparison};
    use crate::table::Table;
    use crate::zone::Zone;

    /// Whether row `row` satisfies `condition`, read one row at a time straight from the
    /// condition's meaning (the reference for the column-wise, range-cut and per-value masks).
    fn holds(condition: &Condition, table: &Table, row: usize, zone: Zone) -> bool {
        let ms = table.timestamps()[row];
        let text = |field| table.record_text(row, field).unwrap_or("");
        match condition {
            Condition::Timestamp(op, date) => {
                let (start, end) = (date.start_ms(zone), date.end_ms(zone));
                match op {
                    Comparison::Less => ms < start,
                    Comparison::LessOrEqual => ms < end,
                    Comparison::Greater => ms >= end,
                    Comparison::GreaterOrEqual => ms >= start,
                    Comparison::Equal => start <= ms && ms < end,
                    Comparison::NotEqual => ms < start || ms >= end,
                }
            }
            Condition::Hour(op, hour) => {
                let local = (ms + zone.offset_ms(ms)).rem_euclid(MS_PER_DAY) / MS_PER_HOUR;
                compare(*op, local as u8, *hour)
            }
            Condition::TextEquals(field, value) => text(*field) == value,
            Condition::TextNotEquals(field, value) => text(*field) != value,
            Condition::TextIn(field, values) => values.iter().any(|v| v == text(*field)),
            Condition::IsNull(field) => text(*field).is_empty(),
            Condition::IsNotNull(field) => !text(*field).is_empty(),
            Condition::StartsWith(field, prefix) => text(*field).starts_with(prefix.as_str()),
            Condition::Search(Some(Searched::Field(field)), word) => {
                text(*field).to_lowercase().contains(word.as_str())
            }
            Condition::Search(_, _) => unreachable!("not among the cases below"),
            Condition::All(parts) => parts.iter().all(|p| holds(p, table, row, zone)),
            Condition::Any(parts) => parts.iter().any(|p| holds(p, table, row, zone)),
            Condition::Not(inner) => !holds(inner, table, row, zone),
        }
    }

    #[test]
    fn every_mask_is_the_condition_read_row_by_row() {
        let now: DateTime<Utc> = "2024-04-02T10:00:00Z".parse().unwrap();
        let options = DemoOptions {
            seed: 7,
            events: 6_000,
            days: 30,
        };
        let table = Table::generated(&options, now);
        let paris: Zone = "Europe/Paris".parse().unwrap();
        let user = table
            .record_text(17, TextField::UserId)
            .unwrap_or("")
            .to_string();
        let window = "timestamp >= date'2024-03-05' AND timestamp < date'2024-04-01'";
        // Tuesdays around the spring change, as the app asks for a weekday mark.
        let tuesdays = "((timestamp >= date'2024-03-18T23:00:00Z' AND timestamp < date'2024-03-19T23:00:00Z') \
             OR (timestamp >= date'2024-03-25T22:00:00Z' AND timestamp < date'2024-03-26T22:00:00Z'))";
        let datasets = "NOT (dataset_id IS NULL OR dataset_id = \"\")";
        let pages =
            "(dataset_id IS NULL OR dataset_id = \"\") AND NOT (page_id IS NULL OR page_id = \"\")";
        let clauses = [
            format!("{window} AND {tuesdays} AND ({datasets})"),
            format!(
                "{window} AND {tuesdays} AND ({pages}) AND user_id IN (\"{user}\", \"nobody\")"
            ),
            format!("({window} AND {tuesdays}) AND hour(timestamp) >= 1 AND hour(timestamp) < 10"),
            format!("{window} AND user_id = \"{user}\" AND NOT {tuesdays}"),
            format!("{tuesdays} OR user_id = \"{user}\""),
            format!("NOT ({window}) OR ({datasets} AND timestamp != date'2024-03-20')"),
            format!(
                "{window} AND (startswith(action, \"delete\") OR search(dataset_id, \"TREE\"))"
            ),
            "timestamp > date'2024-03-31' AND timestamp <= date'2024-03-30'".to_string(),
            "user_id != \"\" AND (action = \"publish_dataset\" OR NOT action IN (\"edit_page\"))"
                .to_string(),
        ];
        // Every clause without the filter cache, then twice with one cache for all (the
        // second time from it).
        let uncached = Span::whole(&table, paris);
        let cached = Span {
            filters: Some(Default::default()),
            ..Span::whole(&table, paris)
        };
        for clause in clauses {
            let condition = parse_where(&clause).unwrap();
            let expected: Vec<bool> = (0..table.len())
                .map(|row| holds(&condition, &table, row, paris))
                .collect();
            assert!(
                expected.contains(&true) || clause.contains("> date'2024-03-31'"),
                "{clause}"
            );
            for span in [&uncached, &cached, &cached] {
                assert_eq!(condition.mask(span), expected, "{clause}");
            }
            // A part of the table, its masks cut from the cache's whole-table ones.
            let (first, last) = (1_000, table.len() - 700);
            let part = cached.part(first, last);
            assert_eq!(condition.mask(&part), expected[first..last], "{clause}");
        }
    }
}
