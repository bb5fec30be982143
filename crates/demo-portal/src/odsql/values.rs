//! A condition on one text field alone (`NOT (dataset_id IS NULL OR dataset_id = "")`, an `IN`
//! list), decided once per distinct value of that field: a row then costs one lookup of its
//! code, however many leaves the condition has.

use engine::TextField;

use super::condition::{Condition, Searched};
use crate::table::Column;

impl Condition {
    /// The one text field it reads, when it reads nothing else.
    pub fn only_field(&self) -> Option<TextField> {
        match self {
            Condition::TextEquals(field, _)
            | Condition::TextNotEquals(field, _)
            | Condition::TextIn(field, _)
            | Condition::IsNull(field)
            | Condition::IsNotNull(field)
            | Condition::StartsWith(field, _)
            | Condition::Search(Some(Searched::Field(field)), _) => Some(*field),
            Condition::All(parts) | Condition::Any(parts) => {
                let first = parts.first()?.only_field()?;
                parts
                    .iter()
                    .all(|part| part.only_field() == Some(first))
                    .then_some(first)
            }
            Condition::Not(inner) => inner.only_field(),
            Condition::Timestamp(..) | Condition::Hour(..) | Condition::Search(..) => None,
        }
    }

    /// For each code of `column` (the field `only_field` names), whether the condition holds
    /// for a row with that code.
    pub fn by_value(&self, column: &Column) -> Vec<bool> {
        let size = column.dictionary.len();
        let each = |test: &dyn Fn(&str) -> bool| -> Vec<bool> {
            (0..size as u32)
                .map(|code| test(column.dictionary.value(code)))
                .collect()
        };
        match self {
            Condition::TextEquals(_, value) => one_code(size, column, value),
            Condition::TextNotEquals(_, value) => negated(one_code(size, column, value)),
            Condition::TextIn(_, values) => {
                let mut wanted = vec![false; size];
                for code in values.iter().filter_map(|v| column.dictionary.lookup(v)) {
                    wanted[code as usize] = true;
                }
                wanted
            }
            // Code 0 is the empty string, which stands for null.
            Condition::IsNull(_) => (0..size).map(|code| code == 0).collect(),
            Condition::IsNotNull(_) => (0..size).map(|code| code != 0).collect(),
            Condition::StartsWith(_, prefix) => each(&|value| value.starts_with(prefix.as_str())),
            Condition::Search(_, text) => {
                each(&|value| value.to_lowercase().contains(text.as_str()))
            }
            Condition::All(parts) => joined(parts, column, true, |a, b| a && b),
            Condition::Any(parts) => joined(parts, column, false, |a, b| a || b),
            Condition::Not(inner) => negated(inner.by_value(column)),
            Condition::Timestamp(..) | Condition::Hour(..) => vec![false; size],
        }
    }
}

/// Only the code of `value` (none when no row has it).
fn one_code(size: usize, column: &Column, value: &str) -> Vec<bool> {
    let mut table = vec![false; size];
    if let Some(code) = column.dictionary.lookup(value) {
        table[code as usize] = true;
    }
    table
}

fn negated(mut table: Vec<bool>) -> Vec<bool> {
    table.iter_mut().for_each(|holds| *holds = !*holds);
    table
}

fn joined(
    parts: &[Condition],
    column: &Column,
    empty: bool,
    join: fn(bool, bool) -> bool,
) -> Vec<bool> {
    let mut table = vec![empty; column.dictionary.len()];
    for part in parts {
        for (holds, other) in table.iter_mut().zip(part.by_value(column)) {
            *holds = join(*holds, other);
        }
    }
    table
}
