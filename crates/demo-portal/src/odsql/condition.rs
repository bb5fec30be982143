//! ODSQL `where`: comparisons of `timestamp` with `date'…'` literals, of a text field with a
//! quoted string (`=`, `!=`), `field IN ("a", "b")`, `is [not] null`, `startswith(field, "x")`,
//! `search("x")` and `search(field, "x")` (the demo portal's reading of the platform's full-text
//! search: the text found anywhere, ignoring case; `diff` searchable too), joined by `AND`, `OR`,
//! `NOT` and parentheses (`AND` binds tighter than `OR`). Anything else is an error that the
//! portal answers with a 400 `ODSQLError`.

use crate::zone::Zone;
use engine::TextField;

use super::tokens::{tokenize, Token};
use super::{Comparison, DateLiteral};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Condition {
    /// `timestamp <op> date'…'`.
    Timestamp(Comparison, DateLiteral),
    /// `hour(timestamp) <op> n`: the hour of the day in the request's time zone.
    Hour(Comparison, u8),
    TextEquals(TextField, String),
    TextNotEquals(TextField, String),
    TextIn(TextField, Vec<String>),
    IsNull(TextField),
    IsNotNull(TextField),
    /// `startswith(field, "x")`.
    StartsWith(TextField, String),
    /// `search("x")` (every text field and the diff: none) or `search(field, "x")`; the text
    /// kept lowercase.
    Search(Option<Searched>, String),
    /// All must hold (an empty `where` is `All(vec![])`).
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
}

/// What `search(field, …)` looks in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Searched {
    Field(TextField),
    Diff,
}

/// How deeply parentheses and `NOT` may nest. The parser descends once per level: without a
/// bound, one request of 30,000 `(` overflowed the stack and ended the whole process.
pub const MAX_DEPTH: usize = 64;

/// Parses a `where` clause.
pub fn parse_where(text: &str) -> Result<Condition, String> {
    let tokens = tokenize(text)?;
    if tokens.is_empty() {
        return Ok(Condition::All(Vec::new()));
    }
    let mut parser = Parser {
        tokens: &tokens,
        at: 0,
        depth: 0,
    };
    let condition = parser.any()?;
    match parser.tokens.get(parser.at) {
        None => Ok(condition),
        Some(other) => Err(format!("unexpected {other:?}")),
    }
}

impl Condition {
    /// The UTC span `[start, end)` outside which it cannot hold (so that the time-sorted
    /// records can be narrowed by binary search before the rest is checked).
    pub fn time_bounds(&self, zone: Zone) -> (i64, i64) {
        const ALWAYS: (i64, i64) = (i64::MIN, i64::MAX);
        match self {
            Condition::Timestamp(op, date) => {
                let (start, end) = (date.start_ms(zone), date.end_ms(zone));
                match op {
                    Comparison::Less => (i64::MIN, start),
                    Comparison::LessOrEqual => (i64::MIN, end),
                    Comparison::Greater => (end, i64::MAX),
                    Comparison::GreaterOrEqual => (start, i64::MAX),
                    Comparison::Equal => (start, end),
                    Comparison::NotEqual => ALWAYS,
                }
            }
            Condition::All(parts) => parts.iter().fold(ALWAYS, |(start, end), part| {
                let (s, e) = part.time_bounds(zone);
                (start.max(s), end.min(e))
            }),
            Condition::Any(parts) if !parts.is_empty() => {
                parts
                    .iter()
                    .fold((i64::MAX, i64::MIN), |(start, end), part| {
                        let (s, e) = part.time_bounds(zone);
                        (start.min(s), end.max(e))
                    })
            }
            _ => ALWAYS,
        }
    }
}

struct Parser<'a> {
    tokens: &'a [Token],
    at: usize,
    /// The parentheses and `NOT`s open at this point.
    depth: usize,
}

impl Parser<'_> {
    fn next(&mut self) -> Option<&Token> {
        let token = self.tokens.get(self.at);
        self.at += 1;
        token
    }

    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    /// Takes the keyword `word` (a bare word, any case) if it comes next.
    fn keyword(&mut self, word: &str) -> bool {
        let found = matches!(self.peek(), Some(Token::Word(w)) if w.eq_ignore_ascii_case(word));
        if found {
            self.at += 1;
        }
        found
    }

    fn take(&mut self, token: &Token) -> Result<(), String> {
        match self.next() {
            Some(found) if found == token => Ok(()),
            Some(found) => Err(format!("expected {token:?}, found {found:?}")),
            None => Err(format!("expected {token:?} at the end")),
        }
    }

    fn any(&mut self) -> Result<Condition, String> {
        self.joined("or", Self::all, Condition::Any)
    }

    fn all(&mut self) -> Result<Condition, String> {
        self.joined("and", Self::unary, Condition::All)
    }

    /// One or more `part`s joined by `keyword`: the part alone, or `join` of them all.
    fn joined(
        &mut self,
        keyword: &str,
        part: fn(&mut Self) -> Result<Condition, String>,
        join: fn(Vec<Condition>) -> Condition,
    ) -> Result<Condition, String> {
        let mut parts = vec![part(self)?];
        while self.keyword(keyword) {
            parts.push(part(self)?);
        }
        Ok(match parts.len() {
            1 => parts.remove(0),
            _ => join(parts),
        })
    }

    fn unary(&mut self) -> Result<Condition, String> {
        if self.keyword("not") {
            let inner = self.nested(Self::unary)?;
            return Ok(Condition::Not(Box::new(inner)));
        }
        if self.peek() == Some(&Token::Open) {
            self.at += 1;
            let inner = self.nested(Self::any)?;
            self.take(&Token::Close)?;
            return Ok(inner);
        }
        self.comparison()
    }

    /// `part` one level deeper, refused past [`MAX_DEPTH`].
    fn nested(
        &mut self,
        part: fn(&mut Self) -> Result<Condition, String>,
    ) -> Result<Condition, String> {
        if self.depth >= MAX_DEPTH {
            return Err(format!(
                "the condition nests parentheses or NOT more than {MAX_DEPTH} deep"
            ));
        }
        self.depth += 1;
        let inner = part(self);
        self.depth -= 1;
        inner
    }

    fn comparison(&mut self) -> Result<Condition, String> {
        let field = match self.next() {
            Some(Token::Word(name) | Token::Name(name)) => name.clone(),
            Some(other) => return Err(format!("expected a field name, found {other:?}")),
            None => return Err("the clause ends where a condition was expected".into()),
        };
        if field == "hour" && self.tokens.get(self.at) == Some(&Token::Open) {
            return self.hour();
        }
        if (field == "startswith" || field == "search")
            && self.tokens.get(self.at) == Some(&Token::Open)
        {
            return self.text_function(&field);
        }
        if self.keyword("is") {
            let not = self.keyword("not");
            if !self.keyword("null") {
                return Err(format!("expected null after {field} is"));
            }
            let field = field_named(&field)?;
            return Ok(match not {
                true => Condition::IsNotNull(field),
                false => Condition::IsNull(field),
            });
        }
        if self.keyword("in") {
            return Ok(Condition::TextIn(field_named(&field)?, self.string_list()?));
        }
        let op = match self.next() {
            Some(Token::Operator(op)) => *op,
            _ => {
                return Err(format!(
                    "the demo portal does not understand the condition on {field:?}"
                ))
            }
        };
        match (self.next(), field.as_str(), op) {
            (Some(Token::Date(date)), "timestamp", _) => {
                Ok(Condition::Timestamp(op, DateLiteral::parse(date)?))
            }
            (Some(Token::Quoted(value)), _, Comparison::Equal) => {
                Ok(Condition::TextEquals(field_named(&field)?, value.clone()))
            }
            (Some(Token::Quoted(value)), _, Comparison::NotEqual) => Ok(Condition::TextNotEquals(
                field_named(&field)?,
                value.clone(),
            )),
            _ => Err(format!(
                "the demo portal does not understand the condition on {field:?}"
            )),
        }
    }

    /// `hour(timestamp) <op> n`, after `hour`.
    fn hour(&mut self) -> Result<Condition, String> {
        self.take(&Token::Open)?;
        if !matches!(self.next(), Some(Token::Word(word)) if word == "timestamp") {
            return Err("hour() takes timestamp".into());
        }
        self.take(&Token::Close)?;
        let op = match self.next() {
            Some(Token::Operator(op)) => *op,
            _ => return Err("hour(timestamp) is compared with a number".into()),
        };
        match self.next() {
            Some(Token::Number(number)) => number
                .parse::<u8>()
                .ok()
                .filter(|hour| *hour < 24)
                .map(|hour| Condition::Hour(op, hour))
                .ok_or_else(|| format!("{number} is not an hour")),
            _ => Err("hour(timestamp) is compared with a number".into()),
        }
    }

    /// `startswith(field, "x")`, `search("x")` or `search(field, "x")`, after the name.
    fn text_function(&mut self, function: &str) -> Result<Condition, String> {
        self.take(&Token::Open)?;
        let searched = match self.next().cloned() {
            Some(Token::Quoted(text)) if function == "search" => {
                self.take(&Token::Close)?;
                return Ok(Condition::Search(None, text.to_lowercase()));
            }
            Some(Token::Word(name) | Token::Name(name)) => match name.as_str() {
                "diff" if function == "search" => Searched::Diff,
                _ => Searched::Field(field_named(&name)?),
            },
            _ => return Err(format!("{function}() takes a field and a quoted text")),
        };
        self.take(&Token::Comma)?;
        let text = match self.next() {
            Some(Token::Quoted(text)) => text.clone(),
            _ => return Err(format!("{function}() takes a field and a quoted text")),
        };
        self.take(&Token::Close)?;
        Ok(match (function, searched) {
            ("startswith", Searched::Field(field)) => Condition::StartsWith(field, text),
            _ => Condition::Search(Some(searched), text.to_lowercase()),
        })
    }

    /// `("a", "b", …)`.
    fn string_list(&mut self) -> Result<Vec<String>, String> {
        self.take(&Token::Open)?;
        let mut values = Vec::new();
        loop {
            match self.next() {
                Some(Token::Quoted(value)) => values.push(value.clone()),
                _ => return Err("IN takes a list of quoted strings".into()),
            }
            match self.next() {
                Some(Token::Comma) => {}
                Some(Token::Close) => return Ok(values),
                _ => return Err("IN's list is not closed".into()),
            }
        }
    }
}

pub fn field_named(name: &str) -> Result<TextField, String> {
    TextField::ALL
        .into_iter()
        .find(|field| field.name() == name)
        .ok_or_else(|| format!("unknown field {name:?}"))
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn date(text: &str) -> DateLiteral {
        DateLiteral::Day(NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap())
    }

    #[test]
    fn text_functions_are_read() {
        assert_eq!(
            parse_where(
                r#"startswith(action, "delete_") AND NOT search(diff, "Perm") AND search("Trees")"#
            ),
            Ok(Condition::All(vec![
                Condition::StartsWith(TextField::Action, "delete_".into()),
                Condition::Not(Box::new(Condition::Search(
                    Some(Searched::Diff),
                    "perm".into()
                ))),
                Condition::Search(None, "trees".into()),
            ]))
        );
        assert!(parse_where(r#"startswith(diff, "x")"#).is_err());
        assert!(parse_where("search(action)").is_err());
    }

    #[test]
    fn parses_the_clauses_the_official_client_writes() {
        let clause = "((timestamp >= date'2024-01-01') AND (timestamp < date'2024-01-15')) AND (`user_id`=\"jdoe\")";
        assert_eq!(
            parse_where(clause).unwrap(),
            Condition::All(vec![
                Condition::All(vec![
                    Condition::Timestamp(Comparison::GreaterOrEqual, date("2024-01-01")),
                    Condition::Timestamp(Comparison::Less, date("2024-01-15")),
                ]),
                Condition::TextEquals(TextField::UserId, "jdoe".into()),
            ])
        );
        assert_eq!(
            parse_where("dataset_id is not null").unwrap(),
            Condition::IsNotNull(TextField::DatasetId)
        );
        assert_eq!(parse_where("  ").unwrap(), Condition::All(vec![]));
    }

    #[test]
    fn and_binds_tighter_than_or_and_not_applies_to_what_follows() {
        let a = || Condition::TextEquals(TextField::UserId, "a".into());
        let b = || Condition::TextEquals(TextField::UserId, "b".into());
        let null = || Condition::IsNull(TextField::DatasetId);
        assert_eq!(
            parse_where("user_id = 'a' OR user_id = 'b' AND dataset_id is null").unwrap(),
            Condition::Any(vec![a(), Condition::All(vec![b(), null()])])
        );
        assert_eq!(
            parse_where("(user_id = 'a' or user_id = 'b') and not dataset_id is null").unwrap(),
            Condition::All(vec![
                Condition::Any(vec![a(), b()]),
                Condition::Not(Box::new(null()))
            ])
        );
        assert_eq!(
            parse_where("action IN (\"edit_page\", 'delete_page')").unwrap(),
            Condition::TextIn(
                TextField::Action,
                vec!["edit_page".into(), "delete_page".into()]
            )
        );
    }

    #[test]
    fn an_instant_is_a_millisecond_in_utc() {
        let clause = "timestamp >= date'2024-01-01T08:02:00Z' AND timestamp < date'2024-01-01T10:02:00.5+01:00'";
        assert_eq!(
            parse_where(clause).unwrap(),
            Condition::All(vec![
                Condition::Timestamp(
                    Comparison::GreaterOrEqual,
                    DateLiteral::Instant(1_704_096_120_000)
                ),
                Condition::Timestamp(Comparison::Less, DateLiteral::Instant(1_704_099_720_500)),
            ])
        );
        assert_eq!(DateLiteral::Instant(7).end_ms(Zone::UTC), 8);
        assert!(parse_where("timestamp >= date'2024-01-01T25:00:00Z'").is_err());
    }

    #[test]
    fn time_bounds_narrow_through_and_widen_through_or() {
        let day =
            |d: &str| Zone::UTC.start_of_day_ms(NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap());
        let both =
            parse_where("timestamp >= date'2024-01-02' AND timestamp < date'2024-01-05'").unwrap();
        assert_eq!(
            both.time_bounds(Zone::UTC),
            (day("2024-01-02"), day("2024-01-05"))
        );
        let either =
            parse_where("timestamp < date'2024-01-02' OR timestamp >= date'2024-01-05'").unwrap();
        assert_eq!(either.time_bounds(Zone::UTC), (i64::MIN, i64::MAX));
        let negated = parse_where("NOT timestamp < date'2024-01-02'").unwrap();
        assert_eq!(negated.time_bounds(Zone::UTC), (i64::MIN, i64::MAX));
        let equal = parse_where("timestamp = date'2024-01-02'").unwrap();
        assert_eq!(
            equal.time_bounds(Zone::UTC),
            (day("2024-01-02"), day("2024-01-03"))
        );
    }

    #[test]
    fn refuses_what_it_does_not_understand() {
        for clause in [
            "timestamp >= date'2024-13-01'",
            "search(\"x\", \"y\")",
            "timestamp >= date'2024-01-01' AND",
            "nosuchfield = \"x\"",
            "(user_id = 'a'",
            "user_id = 'a')",
            "user_id < 'a'",
            "user_id in ('a'",
            "user_id is nothing",
            "user_id = 'a' user_id = 'b'",
        ] {
            assert!(parse_where(clause).is_err(), "{clause}");
        }
    }

    #[test]
    fn nesting_is_bounded_and_refused_past_the_bound() {
        let nested = |depth: usize, open: &str, close: &str| {
            format!("{}user_id = 'a'{}", open.repeat(depth), close.repeat(depth))
        };
        assert!(parse_where(&nested(MAX_DEPTH, "(", ")")).is_ok());
        assert!(parse_where(&nested(MAX_DEPTH, "NOT ", "")).is_ok());
        // Past the bound, and far past it (this overflowed the stack before the bound).
        for depth in [MAX_DEPTH + 1, 30_000] {
            for (open, close) in [("(", ")"), ("NOT ", ""), ("NOT (", ")")] {
                let error = parse_where(&nested(depth, open, close)).unwrap_err();
                assert!(error.contains("more than 64 deep"), "{error}");
            }
        }
    }
}

#[cfg(test)]
mod hour_tests {
    use engine::Record;

    use super::*;
    use crate::span::Span;
    use crate::table::Table;

    fn at(instant: &str) -> Record {
        Record {
            timestamp: instant.parse().unwrap(),
            ..Record::default()
        }
    }

    impl Condition {
        /// Whether `record` satisfies it, dates read in `zone`.
        fn holds(&self, record: &Record, zone: Zone) -> bool {
            let table = Table::from_records(std::slice::from_ref(record));
            self.mask(&Span::whole(&table, zone)) == [true]
        }
    }

    #[test]
    fn hour_of_timestamp_is_the_local_hour_of_the_requests_zone() {
        let night = parse_where("hour(timestamp) >= 0 AND hour(timestamp) < 6").unwrap();
        let paris: Zone = "Europe/Paris".parse().unwrap();
        // 03:59:59Z is 05:59:59 in Paris in summer (night), 04:00Z is 06:00 (not).
        assert!(night.holds(&at("2025-06-16T03:59:59Z"), paris));
        assert!(!night.holds(&at("2025-06-16T04:00:00Z"), paris));
        // 23:30Z on the 15th is 01:30 on the 16th in Paris.
        assert!(night.holds(&at("2025-06-15T23:30:00Z"), paris));
        assert!(!night.holds(&at("2025-06-15T23:30:00Z"), "UTC".parse().unwrap()));
        assert!(parse_where("hour(timestamp) < 24").is_err());
        assert!(parse_where("hour(user_id) < 6").is_err());
    }
}
