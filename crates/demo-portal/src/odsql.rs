//! The small part of ODSQL `where` the demo portal understands: comparisons of `timestamp`
//! with `date'YYYY-MM-DD'` or an instant `date'2024-01-01T08:02:00Z'`, equality of a text field with a quoted string, `is [not] null`,
//! joined by AND, with parentheses. Anything else is an error the portal answers with a 400.

use chrono::NaiveDate;
use engine::calendar::Zone;
use engine::TextField;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comparison {
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Equal,
    NotEqual,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Condition {
    /// `timestamp <op> date'…'`.
    Timestamp(Comparison, DateLiteral),
    TextEquals(TextField, String),
    TextNotEquals(TextField, String),
    IsNull(TextField),
    IsNotNull(TextField),
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

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Word(String),
    Quoted(String),
    Date(String),
    Operator(Comparison),
    Open,
    Close,
}

/// Parses a `where` clause into the conditions that must all hold.
pub fn parse_where(text: &str) -> Result<Vec<Condition>, String> {
    let tokens = tokenize(text)?;
    let mut conditions = Vec::new();
    let mut expect_condition = true;
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            Token::Open | Token::Close => i += 1,
            Token::Word(word) if word.eq_ignore_ascii_case("and") && !expect_condition => {
                expect_condition = true;
                i += 1;
            }
            Token::Word(word)
                if word.eq_ignore_ascii_case("or") || word.eq_ignore_ascii_case("not") =>
            {
                return Err(format!(
                    "the demo portal does not support {word:?} in where"
                ));
            }
            Token::Word(_) if expect_condition => {
                let (condition, used) = parse_condition(&tokens[i..])?;
                conditions.push(condition);
                expect_condition = false;
                i += used;
            }
            other => return Err(format!("unexpected {other:?} in where")),
        }
    }
    if expect_condition && !tokens.is_empty() {
        return Err("the where clause ends with AND".into());
    }
    Ok(conditions)
}

fn field_named(name: &str) -> Result<TextField, String> {
    TextField::ALL
        .into_iter()
        .find(|field| field.name() == name)
        .ok_or_else(|| format!("unknown field {name:?}"))
}

fn parse_condition(tokens: &[Token]) -> Result<(Condition, usize), String> {
    let Some(Token::Word(field)) = tokens.first() else {
        return Err("expected a field name".into());
    };
    match (tokens.get(1), tokens.get(2), tokens.get(3)) {
        (Some(Token::Word(is)), Some(Token::Word(not)), Some(Token::Word(null)))
            if is.eq_ignore_ascii_case("is")
                && not.eq_ignore_ascii_case("not")
                && null.eq_ignore_ascii_case("null") =>
        {
            Ok((Condition::IsNotNull(field_named(field)?), 4))
        }
        (Some(Token::Word(is)), Some(Token::Word(null)), _)
            if is.eq_ignore_ascii_case("is") && null.eq_ignore_ascii_case("null") =>
        {
            Ok((Condition::IsNull(field_named(field)?), 3))
        }
        (Some(Token::Operator(op)), Some(Token::Date(date)), _) if field == "timestamp" => {
            Ok((Condition::Timestamp(*op, DateLiteral::parse(date)?), 3))
        }
        (Some(Token::Operator(Comparison::Equal)), Some(Token::Quoted(value)), _) => {
            Ok((Condition::TextEquals(field_named(field)?, value.clone()), 3))
        }
        (Some(Token::Operator(Comparison::NotEqual)), Some(Token::Quoted(value)), _) => Ok((
            Condition::TextNotEquals(field_named(field)?, value.clone()),
            3,
        )),
        _ => Err(format!(
            "the demo portal does not understand the condition on {field:?}"
        )),
    }
}

fn tokenize(text: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            c if c.is_whitespace() => i += 1,
            '(' => {
                tokens.push(Token::Open);
                i += 1;
            }
            ')' => {
                tokens.push(Token::Close);
                i += 1;
            }
            '"' | '\'' | '`' => {
                let end = chars[i + 1..]
                    .iter()
                    .position(|&d| d == c)
                    .ok_or_else(|| format!("unclosed {c} in where"))?;
                let inner: String = chars[i + 1..i + 1 + end].iter().collect();
                tokens.push(if c == '`' {
                    Token::Word(inner)
                } else {
                    Token::Quoted(inner)
                });
                i += end + 2;
            }
            '<' | '>' | '=' | '!' => {
                let two: String = chars[i..(i + 2).min(chars.len())].iter().collect();
                let (op, len) = match two.as_str() {
                    "<=" => (Comparison::LessOrEqual, 2),
                    ">=" => (Comparison::GreaterOrEqual, 2),
                    "!=" | "<>" => (Comparison::NotEqual, 2),
                    _ if c == '<' => (Comparison::Less, 1),
                    _ if c == '>' => (Comparison::Greater, 1),
                    _ if c == '=' => (Comparison::Equal, 1),
                    _ => return Err("unexpected '!' in where".into()),
                };
                tokens.push(Token::Operator(op));
                i += len;
            }
            c if c.is_alphanumeric() || c == '_' => {
                let start = i;
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                if word == "date" && chars.get(i) == Some(&'\'') {
                    let end = chars[i + 1..]
                        .iter()
                        .position(|&d| d == '\'')
                        .ok_or("unclosed date literal in where")?;
                    tokens.push(Token::Date(chars[i + 1..i + 1 + end].iter().collect()));
                    i += end + 2;
                } else {
                    tokens.push(Token::Word(word));
                }
            }
            other => return Err(format!("unexpected character {other:?} in where")),
        }
    }
    Ok(tokens)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> DateLiteral {
        DateLiteral::Day(NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap())
    }

    #[test]
    fn parses_the_clauses_the_official_client_writes() {
        let clause = "((timestamp >= date'2024-01-01') AND (timestamp < date'2024-01-15')) AND (`user_id`=\"jdoe\")";
        assert_eq!(
            parse_where(clause).unwrap(),
            vec![
                Condition::Timestamp(Comparison::GreaterOrEqual, date("2024-01-01")),
                Condition::Timestamp(Comparison::Less, date("2024-01-15")),
                Condition::TextEquals(TextField::UserId, "jdoe".into()),
            ]
        );
        assert_eq!(
            parse_where("dataset_id is not null").unwrap(),
            vec![Condition::IsNotNull(TextField::DatasetId)]
        );
    }

    #[test]
    fn an_instant_is_a_millisecond_in_utc() {
        let clause = "timestamp >= date'2024-01-01T08:02:00Z' AND timestamp < date'2024-01-01T10:02:00.5+01:00'";
        assert_eq!(
            parse_where(clause).unwrap(),
            vec![
                Condition::Timestamp(
                    Comparison::GreaterOrEqual,
                    DateLiteral::Instant(1_704_096_120_000)
                ),
                Condition::Timestamp(Comparison::Less, DateLiteral::Instant(1_704_099_720_500)),
            ]
        );
        assert_eq!(DateLiteral::Instant(7).end_ms(Zone::UTC), 8);
        assert!(parse_where("timestamp >= date'2024-01-01T25:00:00Z'").is_err());
    }

    #[test]
    fn refuses_what_it_does_not_understand() {
        assert!(parse_where("timestamp >= date'2024-13-01'").is_err());
        assert!(parse_where("user_id = \"a\" OR user_id = \"b\"").is_err());
        assert!(parse_where("search(\"x\")").is_err());
        assert!(parse_where("timestamp >= date'2024-01-01' AND").is_err());
        assert!(parse_where("nosuchfield = \"x\"").is_err());
    }
}
