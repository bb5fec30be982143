//! A `where` condition over a span of the table, a column at a time: each leaf compares a
//! column of codes (or of timestamps) with a constant, and `AND`, `OR`, `NOT` combine the
//! masks. One `bool` per row; no record is built.

use engine::TextField;

use super::condition::{Condition, Searched};
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
        match self {
            Condition::Timestamp(op, date) => {
                let (start, end) = (date.start_ms(span.date_zone), date.end_ms(span.date_zone));
                let holds = |ms: i64| match op {
                    Comparison::Less => ms < start,
                    Comparison::LessOrEqual => ms < end,
                    Comparison::Greater => ms >= end,
                    Comparison::GreaterOrEqual => ms >= start,
                    Comparison::Equal => (start..end).contains(&ms),
                    Comparison::NotEqual => !(start..end).contains(&ms),
                };
                let timestamps = span.timestamps();
                // Within the span the request's time bounds cut, its own bounds usually hold
                // from the first row to the last: no need to look at each.
                let monotonic = !matches!(op, Comparison::NotEqual);
                match (timestamps.first(), timestamps.last()) {
                    (Some(&first), Some(&last)) if monotonic && holds(first) && holds(last) => {
                        vec![true; span.len()]
                    }
                    _ => timestamps.iter().map(|&ms| holds(ms)).collect(),
                }
            }
            Condition::Hour(op, hour) => (0..span.len())
                .map(|i| {
                    let local = (span.local_ms(i).rem_euclid(MS_PER_DAY) / MS_PER_HOUR) as u8;
                    compare(*op, local, *hour)
                })
                .collect(),
            Condition::TextEquals(field, value) => equals(span, *field, value),
            Condition::TextNotEquals(field, value) => negated(equals(span, *field, value)),
            Condition::TextIn(field, values) => {
                let column = span.table.column(*field);
                let mut wanted = vec![false; column.dictionary.len()];
                for code in values.iter().filter_map(|v| column.dictionary.lookup(v)) {
                    wanted[code as usize] = true;
                }
                codes(span, *field)
                    .iter()
                    .map(|&code| wanted[code as usize])
                    .collect()
            }
            Condition::StartsWith(field, prefix) => {
                by_dictionary(span, *field, |value| value.starts_with(prefix.as_str()))
            }
            Condition::Search(Some(Searched::Field(field)), text) => {
                by_dictionary(span, *field, |value| {
                    value.to_lowercase().contains(text.as_str())
                })
            }
            Condition::Search(Some(Searched::Diff), text) => diff_contains(span, text),
            Condition::Search(None, text) => {
                let mut mask = diff_contains(span, text);
                for field in TextField::ALL {
                    let found = by_dictionary(span, field, |value| {
                        value.to_lowercase().contains(text.as_str())
                    });
                    for (holds, other) in mask.iter_mut().zip(found) {
                        *holds |= other;
                    }
                }
                mask
            }
            Condition::IsNull(field) => codes(span, *field).iter().map(|&c| c == 0).collect(),
            Condition::IsNotNull(field) => codes(span, *field).iter().map(|&c| c != 0).collect(),
            Condition::All(parts) => combined(span, parts, true, |a, b| a && b),
            Condition::Any(parts) => combined(span, parts, false, |a, b| a || b),
            Condition::Not(inner) => negated(inner.mask(span)),
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

/// The rows whose `field` is `value` (an empty value: those where it is unset).
fn equals(span: &Span, field: TextField, value: &str) -> Vec<bool> {
    match span.table.column(field).dictionary.lookup(value) {
        Some(code) => codes(span, field).iter().map(|&c| c == code).collect(),
        None => vec![false; span.len()],
    }
}

/// The rows whose `field`'s value passes `test`, each distinct value tested once.
fn by_dictionary(span: &Span, field: TextField, test: impl Fn(&str) -> bool) -> Vec<bool> {
    let column = span.table.column(field);
    let passing: Vec<bool> = (0..column.dictionary.len() as u32)
        .map(|code| test(column.dictionary.value(code)))
        .collect();
    codes(span, field)
        .iter()
        .map(|&code| passing.get(code as usize).copied().unwrap_or(false))
        .collect()
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

/// The parts' masks joined by `join` (an empty list: `empty` everywhere).
fn combined(
    span: &Span,
    parts: &[Condition],
    empty: bool,
    join: fn(bool, bool) -> bool,
) -> Vec<bool> {
    let mut parts = parts.iter();
    let Some(first) = parts.next() else {
        return vec![empty; span.len()];
    };
    let mut mask = first.mask(span);
    for part in parts {
        for (holds, other) in mask.iter_mut().zip(part.mask(span)) {
            *holds = join(*holds, other);
        }
    }
    mask
}
