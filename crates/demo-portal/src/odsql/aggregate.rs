//! ODSQL aggregation: `select` with `count(*)`, `count(distinct field)`, `min`/`max(timestamp)`
//! and aliases; `group_by` on text fields and on `date_format(timestamp, '…')` (read in the
//! request's time zone); `order_by` on what is selected or grouped. What the portal computes on
//! its side, so that a client receives groups, not events. A null key is a group of its own;
//! `count(distinct …)` does not count nulls.

use std::cmp::Ordering;

use crate::faults::Instants;
use engine::TextField;
use std::sync::Arc;

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;
use std::borrow::Cow;

use super::condition::field_named;
use super::groups::{count_groups, Group, Key};
use super::tokens::{tokenize, Token};
use crate::span::Span;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expr {
    Field(TextField),
    /// `date_format(timestamp, '<pattern>')`, with the pattern as chrono writes it and the
    /// finest unit it shows (a day, an hour, a minute or a second, in ms).
    DateFormat {
        pattern: String,
        unit_ms: i64,
    },
    CountAll,
    CountDistinct(TextField),
    MaxTimestamp,
    MinTimestamp,
}

impl Expr {
    fn is_aggregate(&self) -> bool {
        !matches!(self, Expr::Field(_) | Expr::DateFormat { .. })
    }
}

/// An expression and the name its values have in the results (its alias, else its text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    pub expr: Expr,
    pub name: String,
}

/// A request's `select`, `group_by` and `order_by`, when it aggregates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Aggregation {
    select: Vec<Column>,
    group_by: Vec<Column>,
    /// Column names, descending or not.
    order_by: Vec<(String, bool)>,
}

impl Aggregation {
    /// The aggregation a request asks for; none when it asks for records (`select` absent or
    /// `*`, no `group_by`).
    pub fn parse(
        select: Option<&str>,
        group_by: Option<&str>,
        order_by: Option<&str>,
    ) -> Result<Option<Aggregation>, String> {
        let select = match select.map(str::trim) {
            None | Some("*") => Vec::new(),
            Some(text) => columns(text)?,
        };
        let group_by = match group_by {
            None => Vec::new(),
            Some(text) => columns(text)?,
        };
        if select.is_empty() && group_by.is_empty() {
            return Ok(None);
        }
        if let Some(column) = group_by.iter().find(|c| c.expr.is_aggregate()) {
            return Err(format!("cannot group by the aggregate {}", column.name));
        }
        // Outside an aggregate, a selected field must be one of the groups.
        for column in select.iter().filter(|c| !c.expr.is_aggregate()) {
            if !group_by.iter().any(|g| g.expr == column.expr) {
                return Err(format!(
                    "{} is neither aggregated nor in group_by",
                    column.name
                ));
            }
        }
        let mut order = Vec::new();
        if let Some(text) = order_by {
            for part in text.split(',') {
                let words: Vec<&str> = part.split_whitespace().collect();
                let (name, descending) = match words.as_slice() {
                    [name] => (*name, false),
                    [name, way] if way.eq_ignore_ascii_case("asc") => (*name, false),
                    [name, way] if way.eq_ignore_ascii_case("desc") => (*name, true),
                    _ => return Err(format!("cannot order by {part:?}")),
                };
                let name = name.trim_matches('`');
                if !select.iter().chain(&group_by).any(|c| c.name == name) {
                    return Err(format!("cannot order by {name:?}: it is not selected"));
                }
                order.push((name.to_string(), descending));
            }
        }
        Ok(Some(Aggregation {
            select,
            group_by,
            order_by: order,
        }))
    }

    /// Whether it has groups (without, it is one row over every record).
    pub fn is_grouped(&self) -> bool {
        !self.group_by.is_empty()
    }

    /// Whether a key reads local time (and so needs the rows' offsets).
    pub fn needs_local_time(&self) -> bool {
        self.group_by
            .iter()
            .any(|c| matches!(c.expr, Expr::DateFormat { .. }))
    }

    /// One row per group of the span's rows where `mask` holds, each with its keys and its
    /// aggregates, in the requested order (else by the keys).
    pub fn rows<'a>(&'a self, span: &Span<'a>, mask: &[bool]) -> Vec<GroupRow<'a>> {
        let names: Arc<[String]> = self.row_names().into();
        let keys: Vec<&Expr> = self.group_by.iter().map(|c| &c.expr).collect();
        let distinct: Vec<TextField> = self
            .select
            .iter()
            .filter_map(|c| match c.expr {
                Expr::CountDistinct(field) => Some(field),
                _ => None,
            })
            .collect();
        let mut groups = count_groups(&keys, &distinct, span, mask);
        if self.group_by.is_empty() && groups.is_empty() {
            let sets = vec![Default::default(); distinct.len()];
            groups.insert(
                Vec::new(),
                Group {
                    distinct: sets,
                    ..Group::default()
                },
            );
        }
        if self.order_by.is_empty() {
            // Ordered by the keys alone: a key's values compare as its row's would (a null
            // first, then text), so the groups are sorted before they become rows.
            let mut groups: Vec<_> = groups.into_iter().collect();
            groups.sort_unstable_by(|(a, _), (b, _)| a.cmp(b));
            return groups
                .into_iter()
                .map(|(key, group)| self.row(&names, key, group, span))
                .collect();
        }
        let rows: Vec<GroupRow> = groups
            .into_iter()
            .map(|(key, group)| self.row(&names, key, group, span))
            .collect();
        let mut order = self.order_by.clone();
        order.extend(self.group_by.iter().map(|c| (c.name.clone(), false)));
        in_order(rows, &order)
    }

    /// The names of a row's values: the groups', then the aggregates'.
    fn row_names(&self) -> Vec<String> {
        let aggregates = self.select.iter().filter(|c| c.expr.is_aggregate());
        self.group_by
            .iter()
            .chain(aggregates)
            .map(|c| c.name.clone())
            .collect()
    }

    fn row<'a>(
        &self,
        names: &Arc<[String]>,
        key: Key<'a>,
        group: Group,
        span: &Span,
    ) -> GroupRow<'a> {
        let mut values: Vec<Cell<'a>> = key
            .into_iter()
            .map(|value| value.map_or(Cell::Json(Value::Null), Cell::Text))
            .collect();
        let mut distinct = group.distinct.into_iter();
        for column in self.select.iter().filter(|c| c.expr.is_aggregate()) {
            let instant = |ms: Option<i64>| {
                let Some(at) = ms.and_then(chrono::DateTime::from_timestamp_millis) else {
                    return Value::Null;
                };
                match span.instants {
                    Instants::Rfc3339 => Value::String(span.zone.format_rfc3339(at)),
                    Instants::Naive => Value::String(span.zone.format_naive(at)),
                    Instants::EpochMs => Value::from(at.timestamp_millis()),
                }
            };
            let value = match column.expr {
                Expr::CountAll => Value::from(group.count),
                Expr::CountDistinct(_) => Value::from(distinct.next().map_or(0, |s| s.len())),
                Expr::MaxTimestamp => instant(group.newest),
                Expr::MinTimestamp => instant(group.oldest),
                Expr::Field(_) | Expr::DateFormat { .. } => Value::Null,
            };
            values.push(Cell::Json(value));
        }
        GroupRow {
            names: Arc::clone(names),
            values,
        }
    }
}

/// One row of an answer (a group's keys and aggregates, or a projection's fields): its values,
/// named by the names every row of the answer shares (written as a JSON object; no map is
/// built per row).
#[derive(Clone, Debug)]
pub struct GroupRow<'a> {
    names: Arc<[String]>,
    values: Vec<Cell<'a>>,
}

/// A value of a row: a text borrowed from the table where it can be (a group's key), or any
/// JSON value.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell<'a> {
    Text(Cow<'a, str>),
    Json(Value),
}

impl<'a> GroupRow<'a> {
    /// `values` named by `names`, in order.
    pub fn new(names: Arc<[String]>, values: Vec<Cell<'a>>) -> Self {
        GroupRow { names, values }
    }

    /// The value named `name`.
    pub fn get(&self, name: &str) -> Option<&Cell<'_>> {
        let position = self.names.iter().position(|n| n == name)?;
        self.values.get(position)
    }
}

impl Serialize for GroupRow<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.values.len()))?;
        for (name, value) in self.names.iter().zip(&self.values) {
            match value {
                Cell::Text(text) => map.serialize_entry(name, text.as_ref())?,
                Cell::Json(value) => map.serialize_entry(name, value)?,
            }
        }
        map.end()
    }
}

/// `rows` sorted by the columns of `order` (each ascending, or descending when its flag is
/// set). Each row's values are looked up once, not on every comparison: with 100,000 groups of
/// ten keys, the lookups were most of the answer's time.
fn in_order<'a>(rows: Vec<GroupRow<'a>>, order: &[(String, bool)]) -> Vec<GroupRow<'a>> {
    let values: Vec<Vec<Option<&Cell>>> = rows
        .iter()
        .map(|row| order.iter().map(|(name, _)| row.get(name)).collect())
        .collect();
    let mut positions: Vec<usize> = (0..rows.len()).collect();
    positions.sort_by(|&a, &b| {
        order
            .iter()
            .zip(values[a].iter().zip(&values[b]))
            .map(|((_, descending), (x, y))| {
                let ordering = compare(*x, *y);
                if *descending {
                    ordering.reverse()
                } else {
                    ordering
                }
            })
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal)
    });
    drop(values);
    let mut slots: Vec<Option<GroupRow>> = rows.into_iter().map(Some).collect();
    positions
        .into_iter()
        .filter_map(|position| slots[position].take())
        .collect()
}

/// Nulls first, numbers by value, text by its characters.
fn compare(a: Option<&Cell>, b: Option<&Cell>) -> Ordering {
    fn text<'c>(v: Option<&'c Cell>) -> Option<&'c str> {
        match v {
            Some(Cell::Text(text)) => Some(text.as_ref()),
            Some(Cell::Json(Value::String(text))) => Some(text.as_str()),
            _ => None,
        }
    }
    let number = |v: Option<&Cell>| match v {
        Some(Cell::Json(Value::Number(n))) => Some(n.as_f64().unwrap_or(0.0)),
        _ => None,
    };
    let rank = |v: Option<&Cell>| match (number(v), text(v)) {
        (Some(_), _) => 1,
        (_, Some(_)) => 2,
        _ => 0,
    };
    match (number(a), number(b), text(a), text(b)) {
        (Some(x), Some(y), _, _) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
        (_, _, Some(x), Some(y)) => x.cmp(y),
        _ => rank(a).cmp(&rank(b)),
    }
}

/// A comma-separated list of expressions, each with an optional `as alias`.
fn columns(text: &str) -> Result<Vec<Column>, String> {
    let tokens = tokenize(text)?;
    // Commas inside parentheses are a function's, not the list's.
    let mut depth = 0i32;
    let mut columns = Vec::new();
    let mut start = 0;
    for (i, token) in tokens.iter().enumerate() {
        match token {
            Token::Open => depth += 1,
            Token::Close => depth -= 1,
            Token::Comma if depth == 0 => {
                columns.push(column(&tokens[start..i])?);
                start = i + 1;
            }
            _ => {}
        }
    }
    columns.push(column(&tokens[start..])?);
    Ok(columns)
}

fn column(tokens: &[Token]) -> Result<Column, String> {
    let is_as = |t: &Token| matches!(t, Token::Word(w) if w.eq_ignore_ascii_case("as"));
    let (expression, alias) = match tokens.iter().position(is_as) {
        Some(at) => match &tokens[at + 1..] {
            [Token::Word(alias) | Token::Name(alias)] => (&tokens[..at], Some(alias.clone())),
            _ => return Err("as takes one name".into()),
        },
        None => (tokens, None),
    };
    let (expr, text) = expression_of(expression)?;
    Ok(Column {
        expr,
        name: alias.unwrap_or(text),
    })
}

/// An expression and its text as the results name it when it has no alias.
fn expression_of(tokens: &[Token]) -> Result<(Expr, String), String> {
    let word = |t: &Token, w: &str| matches!(t, Token::Word(x) if x.eq_ignore_ascii_case(w));
    match tokens {
        [Token::Word(name) | Token::Name(name)] => {
            Ok((Expr::Field(field_named(name)?), name.clone()))
        }
        [f, Token::Open, Token::Star, Token::Close] if word(f, "count") => {
            Ok((Expr::CountAll, "count(*)".into()))
        }
        [f, Token::Open, d, Token::Word(name) | Token::Name(name), Token::Close]
            if word(f, "count") && word(d, "distinct") =>
        {
            Ok((
                Expr::CountDistinct(field_named(name)?),
                format!("count(distinct {name})"),
            ))
        }
        [f, Token::Open, t, Token::Close] if word(t, "timestamp") && word(f, "max") => {
            Ok((Expr::MaxTimestamp, "max(timestamp)".into()))
        }
        [f, Token::Open, t, Token::Close] if word(t, "timestamp") && word(f, "min") => {
            Ok((Expr::MinTimestamp, "min(timestamp)".into()))
        }
        [f, Token::Open, t, Token::Comma, Token::Quoted(pattern), Token::Close]
            if word(f, "date_format") && word(t, "timestamp") =>
        {
            Ok((
                Expr::DateFormat {
                    pattern: chrono_pattern(pattern)?,
                    unit_ms: finest_unit_ms(pattern),
                },
                format!("date_format(timestamp, '{pattern}')"),
            ))
        }
        _ => Err("the demo portal does not understand this expression".into()),
    }
}

/// The finest unit a `date_format` pattern shows, in ms: instants in the same unit format the
/// same, so groups are counted per unit and formatted once each.
fn finest_unit_ms(pattern: &str) -> i64 {
    if pattern.contains('s') {
        1_000
    } else if pattern.contains('m') {
        60_000
    } else if pattern.contains('H') {
        3_600_000
    } else {
        86_400_000
    }
}

/// A `date_format` pattern (Java's letters) as chrono writes it: `yyyy MM dd HH H mm ss`,
/// `e` (day of the week, 1 Monday … 7 Sunday), `ww` (ISO week), `D` (day of the year); other
/// letters are refused, anything else is kept as it is.
fn chrono_pattern(pattern: &str) -> Result<String, String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let run = chars[i..].iter().take_while(|&&d| d == c).count();
        i += run;
        let symbol = match (c, run) {
            ('y', 4) => "%Y",
            ('M', 2) => "%m",
            ('d', 2) => "%d",
            ('H', 2) => "%H",
            ('H', 1) => "%-H",
            ('m', 2) => "%M",
            ('s', 2) => "%S",
            ('e', 1) => "%u",
            ('w', 2) => "%V",
            ('D', 1) => "%-j",
            (c, _) if c.is_ascii_alphabetic() => {
                return Err(format!(
                    "the demo portal does not format {:?}",
                    c.to_string().repeat(run)
                ))
            }
            ('%', _) => {
                out.push_str(&"%%".repeat(run));
                continue;
            }
            (c, _) => {
                out.extend(std::iter::repeat_n(c, run));
                continue;
            }
        };
        out.push_str(symbol);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};
    use engine::Record;
    use serde_json::json;

    use super::*;
    use crate::table::Table;
    use crate::zone::Zone;

    fn at(instant: &str) -> DateTime<Utc> {
        instant.parse().unwrap()
    }

    /// Five events written by hand: two users, two actions, one without a dataset; two of them
    /// either side of midnight in Paris (UTC+1 in January), one on a Sunday.
    fn log() -> Vec<Record> {
        let event = |t: &str, user: &str, action: &str, dataset: Option<&str>| Record {
            timestamp: at(t),
            user_id: user.into(),
            action: action.into(),
            dataset_id: dataset.map(str::to_string),
            ..Record::default()
        };
        vec![
            event("2024-01-06T22:30:00Z", "ann", "edit_dataset", Some("a")), // Sat 23:30 Paris
            event("2024-01-06T23:30:00Z", "ann", "edit_dataset", Some("a")), // Sun 00:30 Paris
            event("2024-01-07T09:00:00Z", "bob", "edit_dataset", Some("b")), // Sun 10:00
            event("2024-01-08T09:00:00Z", "bob", "publish_dataset", Some("a")), // Mon 10:00
            event("2024-01-08T10:00:00Z", "bob", "edit_page", None),         // Mon 11:00
        ]
    }

    fn rows(select: &str, group_by: Option<&str>, order_by: Option<&str>, zone: &str) -> Value {
        let table = Table::from_records(&log());
        let span = Span::whole(&table, zone.parse().unwrap());
        let aggregation = Aggregation::parse(Some(select), group_by, order_by)
            .unwrap()
            .unwrap();
        serde_json::to_value(aggregation.rows(&span, &vec![true; span.len()])).unwrap()
    }

    #[test]
    fn counts_over_everything_without_groups() {
        assert_eq!(
            rows(
                "count(*) as n, count(distinct user_id) as users, count(distinct dataset_id)",
                None,
                None,
                "UTC"
            ),
            json!([{"n": 5, "users": 2, "count(distinct dataset_id)": 2}])
        );
        let empty = Aggregation::parse(Some("count(*) as n"), None, None)
            .unwrap()
            .unwrap();
        let nothing = Table::from_records(&[]);
        let span = Span::whole(&nothing, Zone::UTC);
        assert_eq!(
            serde_json::to_value(empty.rows(&span, &[])).unwrap(),
            json!([{"n": 0}])
        );
    }

    #[test]
    fn groups_by_local_day_and_weekday_in_the_zone_asked() {
        let by_day = |zone| {
            rows(
                "count(*) as n",
                Some("date_format(timestamp, 'yyyy-MM-dd') as day"),
                None,
                zone,
            )
        };
        assert_eq!(
            by_day("Europe/Paris"),
            json!([{"day": "2024-01-06", "n": 1}, {"day": "2024-01-07", "n": 2}, {"day": "2024-01-08", "n": 2}])
        );
        assert_eq!(
            by_day("UTC"),
            json!([{"day": "2024-01-06", "n": 2}, {"day": "2024-01-07", "n": 1}, {"day": "2024-01-08", "n": 2}])
        );
        assert_eq!(
            rows(
                "count(*) as n",
                Some("date_format(timestamp, 'e') as dow, date_format(timestamp, 'H') as h"),
                Some("n desc"),
                "Europe/Paris"
            ),
            json!([
                {"dow": "1", "h": "10", "n": 1}, {"dow": "1", "h": "11", "n": 1},
                {"dow": "6", "h": "23", "n": 1}, {"dow": "7", "h": "0", "n": 1}, {"dow": "7", "h": "10", "n": 1},
            ])
        );
    }

    #[test]
    fn a_null_key_is_a_group_and_order_by_puts_the_largest_first() {
        assert_eq!(
            rows(
                "count(*) as n, count(distinct user_id) as users, max(timestamp) as last",
                Some("dataset_id"),
                Some("n desc"),
                "UTC"
            ),
            json!([
                {"dataset_id": "a", "n": 3, "users": 2, "last": "2024-01-08T09:00:00+00:00"},
                {"dataset_id": null, "n": 1, "users": 1, "last": "2024-01-08T10:00:00+00:00"},
                {"dataset_id": "b", "n": 1, "users": 1, "last": "2024-01-07T09:00:00+00:00"},
            ])
        );
    }

    #[test]
    fn refuses_what_the_platform_would_refuse_or_the_demo_does_not_know() {
        let refused = |select, group_by: Option<&str>, order_by: Option<&str>| {
            Aggregation::parse(Some(select), group_by, order_by).is_err()
        };
        assert!(
            refused("user_id, count(*)", None, None),
            "a field neither grouped nor aggregated"
        );
        assert!(
            refused("count(*)", Some("count(*)"), None),
            "grouping by an aggregate"
        );
        assert!(
            refused("count(*) as n", None, Some("m desc")),
            "ordering by what is not selected"
        );
        assert!(refused("sum(user_id)", None, None));
        assert!(refused(
            "count(*)",
            Some("date_format(timestamp, 'QQ')"),
            None
        ));
        assert!(refused("count(*) as", None, None));
        assert_eq!(Aggregation::parse(Some("*"), None, None), Ok(None));
        assert_eq!(
            Aggregation::parse(None, None, Some("timestamp desc")),
            Ok(None)
        );
    }
}
