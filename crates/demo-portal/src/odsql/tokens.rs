//! ODSQL's tokens: words, back-quoted names, strings (in double or single quotes, `\` escaping
//! the next character), `date'…'` literals, numbers, comparison operators and punctuation.

use super::Comparison;

#[derive(Clone, Debug, PartialEq)]
pub enum Token {
    /// A bare word: a field name, a function or a keyword.
    Word(String),
    /// A back-quoted name (never a keyword).
    Name(String),
    Quoted(String),
    Date(String),
    Number(String),
    Operator(Comparison),
    Open,
    Close,
    Comma,
    Star,
}

pub fn tokenize(text: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let single = match c {
            '(' => Some(Token::Open),
            ')' => Some(Token::Close),
            ',' => Some(Token::Comma),
            '*' => Some(Token::Star),
            _ => None,
        };
        if let Some(token) = single {
            tokens.push(token);
            i += 1;
            continue;
        }
        match c {
            c if c.is_whitespace() => i += 1,
            '"' | '\'' | '`' => {
                let (inner, next) = quoted(&chars, i)?;
                tokens.push(match c {
                    '`' => Token::Name(inner),
                    _ => Token::Quoted(inner),
                });
                i = next;
            }
            '<' | '>' | '=' | '!' => {
                let next = chars.get(i + 1).copied();
                let (op, len) = match (c, next) {
                    ('<', Some('=')) => (Comparison::LessOrEqual, 2),
                    ('>', Some('=')) => (Comparison::GreaterOrEqual, 2),
                    ('!', Some('=')) | ('<', Some('>')) => (Comparison::NotEqual, 2),
                    ('<', _) => (Comparison::Less, 1),
                    ('>', _) => (Comparison::Greater, 1),
                    ('=', _) => (Comparison::Equal, 1),
                    _ => return Err("unexpected '!'".into()),
                };
                tokens.push(Token::Operator(op));
                i += len;
            }
            c if c.is_ascii_digit() => {
                let start = i;
                while chars
                    .get(i)
                    .is_some_and(|d| d.is_ascii_digit() || *d == '.')
                {
                    i += 1;
                }
                tokens.push(Token::Number(chars[start..i].iter().collect()));
            }
            c if c.is_alphanumeric() || c == '_' => {
                let start = i;
                while chars
                    .get(i)
                    .is_some_and(|d| d.is_alphanumeric() || *d == '_')
                {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                if word.eq_ignore_ascii_case("date") && chars.get(i) == Some(&'\'') {
                    let (inner, next) = quoted(&chars, i)?;
                    tokens.push(Token::Date(inner));
                    i = next;
                } else {
                    tokens.push(Token::Word(word));
                }
            }
            other => return Err(format!("unexpected character {other:?}")),
        }
    }
    Ok(tokens)
}

/// The text of the quoted token starting at `open` (its quote character), and where the
/// token ends. A backslash takes the next character as it is.
fn quoted(chars: &[char], open: usize) -> Result<(String, usize), String> {
    let quote = chars[open];
    let mut inner = String::new();
    let mut i = open + 1;
    loop {
        match chars.get(i) {
            None => return Err(format!("unclosed {quote}")),
            Some('\\') => {
                let escaped = chars.get(i + 1).ok_or(format!("unclosed {quote}"))?;
                inner.push(*escaped);
                i += 2;
            }
            Some(&c) if c == quote => return Ok((inner, i + 1)),
            Some(&c) => {
                inner.push(c);
                i += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_with_a_backslash_and_names_are_back_quoted() {
        assert_eq!(
            tokenize(r#"`day` = "say \"hi\"" AND x != 'it\'s' , count(*) 20000"#).unwrap(),
            vec![
                Token::Name("day".into()),
                Token::Operator(Comparison::Equal),
                Token::Quoted("say \"hi\"".into()),
                Token::Word("AND".into()),
                Token::Word("x".into()),
                Token::Operator(Comparison::NotEqual),
                Token::Quoted("it's".into()),
                Token::Comma,
                Token::Word("count".into()),
                Token::Open,
                Token::Star,
                Token::Close,
                Token::Number("20000".into()),
            ]
        );
        assert_eq!(
            tokenize("timestamp<date'2024-01-01'").unwrap(),
            vec![
                Token::Word("timestamp".into()),
                Token::Operator(Comparison::Less),
                Token::Date("2024-01-01".into()),
            ]
        );
        assert!(tokenize("\"unclosed").is_err());
        assert!(tokenize("\"ends in a backslash\\").is_err());
        assert!(tokenize("a ; b").is_err());
    }
}
