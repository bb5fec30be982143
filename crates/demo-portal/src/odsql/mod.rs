//! The part of ODSQL the demo portal understands, as the platform reads it: `where` clauses
//! (`condition`) and aggregation with `select`, `group_by` and `order_by` (`aggregate`) over
//! its tokens (`tokens`), with `date'…'` literals and dates read in the request's time zone.
//! Anything else is an error the portal answers with a 400 `ODSQLError`.

mod aggregate;
mod condition;
mod evaluate;
mod groups;
mod instants;
mod tokens;
mod values;

use crate::zone::Zone;
use chrono::NaiveDate;

pub use aggregate::{Aggregation, Cell, GroupRow};
pub use condition::{field_named, parse_where, Condition};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comparison {
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Equal,
    NotEqual,
}

/// A `date'…'` literal: a day, read in the request's time zone, or an instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateLiteral {
    Day(NaiveDate),
    /// UTC milliseconds.
    Instant(i64),
}

impl DateLiteral {
    fn parse(text: &str) -> Result<Self, String> {
        if text.contains('T') {
            return chrono::DateTime::parse_from_rfc3339(text)
                .map(|instant| DateLiteral::Instant(instant.timestamp_millis()))
                .map_err(|_| format!("invalid date literal date'{text}'"));
        }
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(DateLiteral::Day)
            .map_err(|_| format!("invalid date literal date'{text}'"))
    }

    /// Where it starts, in UTC milliseconds.
    pub fn start_ms(self, zone: Zone) -> i64 {
        match self {
            DateLiteral::Day(day) => zone.start_of_day_ms(day),
            DateLiteral::Instant(ms) => ms,
        }
    }

    /// Where it ends (the next day's start; an instant lasts a millisecond).
    pub fn end_ms(self, zone: Zone) -> i64 {
        match self {
            DateLiteral::Day(day) => zone.start_of_day_ms(day.succ_opt().unwrap_or(day)),
            DateLiteral::Instant(ms) => ms.saturating_add(1),
        }
    }
}
