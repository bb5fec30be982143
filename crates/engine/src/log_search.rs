//! `/log`'s search with qualifiers: `user:alice action:delete_* type:dataset object:trees-2023
//! ws:lab field:permissions`, quoted values (`user:"Jean Dupont"`), `-` to leave out, plain words
//! searched in every field. Terms narrow each other (AND). A value matches ignoring case, whole,
//! or as a prefix when it ends with `*`; `field:` matches a path changed in the diff (a dotted
//! path, or one of its segments); a plain word is found anywhere in any field or the diff.

use crate::diff::{read_diff, ReadableDiff};
use crate::objects::{object_of, workspace_of, ObjectType};
use crate::record::TextField;
use crate::store::Store;

/// What a qualifier looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Qualifier {
    User,
    Action,
    Type,
    Object,
    Workspace,
    Field,
}

impl Qualifier {
    pub const ALL: [Qualifier; 6] = [
        Qualifier::User,
        Qualifier::Action,
        Qualifier::Type,
        Qualifier::Object,
        Qualifier::Workspace,
        Qualifier::Field,
    ];

    /// Its name before the colon.
    pub fn name(self) -> &'static str {
        match self {
            Qualifier::User => "user",
            Qualifier::Action => "action",
            Qualifier::Type => "type",
            Qualifier::Object => "object",
            Qualifier::Workspace => "ws",
            Qualifier::Field => "field",
        }
    }
}

/// A value to match: whole, or a prefix (it ended with `*`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    pub text: String,
    pub prefix: bool,
}

impl Pattern {
    fn new(value: &str) -> Self {
        match value.strip_suffix('*') {
            Some(text) => Pattern {
                text: text.to_string(),
                prefix: true,
            },
            None => Pattern {
                text: value.to_string(),
                prefix: false,
            },
        }
    }

    /// Whether `value` matches.
    pub fn matches(&self, value: &str) -> bool {
        match self.prefix {
            true => value.starts_with(&self.text),
            false => value == self.text,
        }
    }
}

/// One term of a search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Term {
    /// `qualifier:value`.
    Qualified(Qualifier, Pattern),
    /// A plain word (or quoted words), searched in every field; lowercase.
    Word(String),
}

/// A term, whether `-` leaves its matches out, and where it is in the search (characters).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchTerm {
    pub term: Term,
    pub excluded: bool,
    pub at: std::ops::Range<usize>,
}

/// A parsed search: every term must hold.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogSearch {
    pub terms: Vec<SearchTerm>,
}

/// What is wrong with a search, and where (a character offset into it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchError {
    pub at: usize,
    pub problem: SearchProblem,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SearchProblem {
    /// `name:` is not one of the qualifiers.
    UnknownQualifier(String),
    /// `name:` with nothing after it.
    NoValue(Qualifier),
    /// A `"` that is never closed.
    UnclosedQuote,
    /// `type:` with a name that is no object type.
    UnknownType(String),
}

/// How many terms a search may hold (a link is untrusted).
pub const MAX_TERMS: usize = 32;

impl LogSearch {
    /// Parses a search; an empty or blank one holds no term.
    pub fn parse(text: &str) -> Result<LogSearch, SearchError> {
        let chars: Vec<char> = text.chars().collect();
        let mut terms = Vec::new();
        let mut at = 0;
        while at < chars.len() && terms.len() < MAX_TERMS {
            if chars[at].is_whitespace() {
                at += 1;
                continue;
            }
            let (term, next) = parse_term(&chars, at)?;
            terms.extend(term);
            at = next;
        }
        Ok(LogSearch { terms })
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// `text` (the search this was parsed from) without term `index`, spaces tidied.
    pub fn without_term(&self, text: &str, index: usize) -> String {
        let Some(term) = self.terms.get(index) else {
            return text.to_string();
        };
        let kept: String = text
            .chars()
            .enumerate()
            .filter(|(at, _)| !term.at.contains(at))
            .map(|(_, c)| c)
            .collect();
        kept.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// The rows among `rows` (kept in order) that every term holds for.
    pub fn rows(&self, store: &Store, rows: &[u32]) -> Vec<u32> {
        if self.terms.is_empty() {
            return rows.to_vec();
        }
        let prepared: Vec<(Prepared, bool)> = self
            .terms
            .iter()
            .map(|term| (Prepared::new(store, &term.term), term.excluded))
            .collect();
        rows.iter()
            .copied()
            .filter(|&row| {
                prepared
                    .iter()
                    .all(|(term, excluded)| term.holds(store, row as usize) != *excluded)
            })
            .collect()
    }
}

/// A term ready to test rows: each distinct string tested once, then rows are id lookups.
enum Prepared {
    /// Which strings match, and the field (or rule) whose string a row is tested by.
    Strings(Vec<bool>, Looked),
    /// A path changed in the diff.
    Field(Pattern),
    /// A word: which strings contain it, and the word for the diff.
    Word(Vec<bool>, String),
}

#[derive(Clone, Copy)]
enum Looked {
    Field(TextField),
    Object,
    Workspace,
    Type,
}

impl Prepared {
    fn new(store: &Store, term: &Term) -> Prepared {
        let strings = |test: &dyn Fn(&str) -> bool| -> Vec<bool> {
            store
                .strings()
                .iter()
                .map(|(_, value)| test(value))
                .collect()
        };
        match term {
            Term::Qualified(Qualifier::Field, p) => Prepared::Field(p.clone()),
            Term::Qualified(Qualifier::Type, p) => {
                // Tested against the type's name: no string to look up.
                let types = ObjectType::ALL
                    .iter()
                    .map(|k| p.matches(k.name()))
                    .collect();
                Prepared::Strings(types, Looked::Type)
            }
            Term::Qualified(qualifier, p) => {
                let looked = match qualifier {
                    Qualifier::User => Looked::Field(TextField::UserId),
                    Qualifier::Action => Looked::Field(TextField::Action),
                    Qualifier::Object => Looked::Object,
                    _ => Looked::Workspace,
                };
                Prepared::Strings(strings(&|value| p.matches(value)), looked)
            }
            Term::Word(word) => {
                let matching = strings(&|value| value.to_lowercase().contains(word.as_str()));
                Prepared::Word(matching, word.clone())
            }
        }
    }

    fn holds(&self, store: &Store, row: usize) -> bool {
        match self {
            Prepared::Strings(matching, looked) => {
                let index = match looked {
                    Looked::Field(field) => store.id(row, *field) as usize,
                    Looked::Object => object_of(store, row).1 as usize,
                    Looked::Workspace => workspace_of(store, row) as usize,
                    Looked::Type => {
                        let kind = object_of(store, row).0;
                        ObjectType::ALL
                            .iter()
                            .position(|k| *k == kind)
                            .unwrap_or(usize::MAX)
                    }
                };
                matching.get(index).copied().unwrap_or(false)
            }
            Prepared::Field(pattern) => changed_paths(store.diff(row))
                .iter()
                .any(|path| path_matches(pattern, path)),
            Prepared::Word(matching, word) => {
                TextField::ALL.iter().any(|&field| {
                    matching
                        .get(store.id(row, field) as usize)
                        .copied()
                        .unwrap_or(false)
                }) || crate::search::contains_ignoring_case(store.diff(row), word)
            }
        }
    }
}

/// The term starting at `start` (a `-`, a qualifier, a value or a word), and where the next
/// one may start; none for a lone `-`.
fn parse_term(chars: &[char], start: usize) -> Result<(Option<SearchTerm>, usize), SearchError> {
    let excluded = chars.get(start) == Some(&'-');
    let begin = start + usize::from(excluded);
    // A qualifier is letters before a colon.
    let name_end = (begin..chars.len())
        .find(|&i| !chars[i].is_ascii_alphabetic())
        .unwrap_or(chars.len());
    if name_end > begin && chars.get(name_end) == Some(&':') {
        let name: String = chars[begin..name_end].iter().collect();
        let qualifier = Qualifier::ALL
            .into_iter()
            .find(|q| q.name() == name.to_lowercase())
            .ok_or(SearchError {
                at: begin,
                problem: SearchProblem::UnknownQualifier(name),
            })?;
        let (value, next) = parse_value(chars, name_end + 1)?;
        if value.is_empty() {
            return Err(SearchError {
                at: begin,
                problem: SearchProblem::NoValue(qualifier),
            });
        }
        // A type is one of the rule's names, in any case.
        let value = match qualifier {
            Qualifier::Type => {
                let name = value.to_lowercase();
                if ObjectType::from_name(&name).is_none() {
                    return Err(SearchError {
                        at: name_end + 1,
                        problem: SearchProblem::UnknownType(value),
                    });
                }
                name
            }
            _ => value,
        };
        let term = Term::Qualified(qualifier, Pattern::new(&value));
        let at = start..next;
        return Ok((Some(SearchTerm { term, excluded, at }), next));
    }
    let (value, next) = parse_value(chars, begin)?;
    let term = (!value.is_empty()).then(|| SearchTerm {
        term: Term::Word(value.to_lowercase()),
        excluded,
        at: start..next,
    });
    Ok((term, next))
}

/// A value: quoted (to the closing `"`), or up to the next space.
fn parse_value(chars: &[char], start: usize) -> Result<(String, usize), SearchError> {
    if chars.get(start) == Some(&'"') {
        let close = (start + 1..chars.len())
            .find(|&i| chars[i] == '"')
            .ok_or(SearchError {
                at: start,
                problem: SearchProblem::UnclosedQuote,
            })?;
        return Ok((chars[start + 1..close].iter().collect(), close + 1));
    }
    let end = (start..chars.len())
        .find(|&i| chars[i].is_whitespace())
        .unwrap_or(chars.len());
    Ok((chars[start..end].iter().collect(), end))
}

/// The dotted paths a diff changes (none when it is no shape read as changes).
fn changed_paths(diff: &str) -> Vec<String> {
    match read_diff(diff) {
        ReadableDiff::Changes { changes, .. } => changes.into_iter().map(|c| c.path).collect(),
        _ => Vec::new(),
    }
}

/// A path matches the whole pattern, or one of its segments does (a prefix pattern: the path
/// or a segment starts with it).
fn path_matches(pattern: &Pattern, path: &str) -> bool {
    pattern.matches(path) || path.split('.').any(|segment| pattern.matches(segment))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Vec<(Option<&'static str>, String, bool, bool)> {
        LogSearch::parse(text)
            .unwrap()
            .terms
            .into_iter()
            .map(|t| match t.term {
                Term::Qualified(q, p) => (Some(q.name()), p.text, p.prefix, t.excluded),
                Term::Word(w) => (None, w, false, t.excluded),
            })
            .collect()
    }

    #[test]
    fn qualifiers_quotes_prefixes_exclusions_and_words() {
        assert_eq!(
            parsed(r#"user:Alice -action:delete_* ws:"my lab" trees  -draft"#),
            vec![
                (Some("user"), "Alice".into(), false, false),
                (Some("action"), "delete_".into(), true, true),
                (Some("ws"), "my lab".into(), false, false),
                (None, "trees".into(), false, false),
                (None, "draft".into(), false, true),
            ]
        );
        assert!(parsed("   ").is_empty());
        let text = r#"user:ann ws:"my lab" -draft"#;
        let search = LogSearch::parse(text).unwrap();
        assert_eq!(search.terms[1].at, 9..20);
        assert_eq!(search.without_term(text, 1), "user:ann -draft");
        assert_eq!(search.without_term(text, 2), r#"user:ann ws:"my lab""#);
        // A colon after something that is not a bare name is part of a word.
        assert_eq!(parsed("10:30"), vec![(None, "10:30".into(), false, false)]);
    }

    #[test]
    fn errors_say_what_and_where() {
        let error = |text: &str| LogSearch::parse(text).unwrap_err();
        assert_eq!(
            error("trees colour:red"),
            SearchError {
                at: 6,
                problem: SearchProblem::UnknownQualifier("colour".into())
            }
        );
        assert_eq!(
            error("user:"),
            SearchError {
                at: 0,
                problem: SearchProblem::NoValue(Qualifier::User)
            }
        );
        assert_eq!(
            error(r#"ws:"lab"#),
            SearchError {
                at: 3,
                problem: SearchProblem::UnclosedQuote
            }
        );
        assert_eq!(
            error("type:cathedral"),
            SearchError {
                at: 5,
                problem: SearchProblem::UnknownType("cathedral".into())
            }
        );
    }

    fn record(
        user: &str,
        action: &str,
        dataset: &str,
        domain: &str,
        diff: &str,
    ) -> crate::record::Record {
        crate::record::Record {
            timestamp: "2024-01-02T00:00:00Z".parse().unwrap(),
            user_id: user.into(),
            action: action.into(),
            dataset_id: (!dataset.is_empty()).then(|| dataset.to_string()),
            domain_id: domain.into(),
            diff: Some(diff.into()),
            ..Default::default()
        }
    }

    #[test]
    fn rows_pass_every_term() {
        let store = Store::from_records(&[
            // 0: alice deletes a dataset in lab, its permissions changed.
            record(
                "alice",
                "delete_dataset",
                "trees-2023",
                "lab",
                r#"{"security.permissions": ["a", "b"]}"#,
            ),
            // 1: alice edits the lab workspace itself (no dataset).
            record("alice", "edit_domain", "", "lab", "{}"),
            // 2: bob deletes a dataset in acme.
            record(
                "bob",
                "delete_dataset",
                "bikes",
                "acme",
                r#"{"title": ["Old trees", "New"]}"#,
            ),
        ]);
        let all = [0, 1, 2];
        let found = |text: &str| LogSearch::parse(text).unwrap().rows(&store, &all);
        assert_eq!(found("user:alice action:delete_*"), vec![0]);
        assert!(found("user:ALICE").is_empty(), "ids are case-sensitive");
        assert_eq!(found("-user:alice"), vec![2]);
        assert_eq!(found("type:Dataset ws:lab"), vec![0]);
        assert_eq!(found("type:workspace"), vec![1]);
        assert_eq!(found("object:trees-2023"), vec![0]);
        assert_eq!(found("object:lab"), vec![1]);
        assert_eq!(found("field:permissions"), vec![0]);
        // A word is anywhere: an id, a diff's text.
        assert_eq!(found("trees"), vec![0, 2]);
        assert_eq!(found(r#""old trees" -ws:lab"#), vec![2]);
        assert_eq!(found(""), vec![0, 1, 2]);
        // Words ignore case, in ids and in diffs.
        assert_eq!(found("ALI"), vec![0, 1]);
        assert_eq!(found("OLD TREES"), vec![2]);
        assert!(found("zzz").is_empty());
    }

    #[test]
    fn words_ignore_case_beyond_ascii() {
        let store = Store::from_records(&[record(
            "ann",
            "edit_page",
            "",
            "lab",
            r#"{"title": ["Élan", "x"]}"#,
        )]);
        let found = |text: &str| LogSearch::parse(text).unwrap().rows(&store, &[0]);
        assert_eq!(found("élan"), vec![0]);
        assert_eq!(found("ÉLAN"), vec![0]);
    }

    #[test]
    fn a_changed_path_matches_whole_or_by_segment() {
        let p = Pattern::new("permissions");
        assert!(path_matches(&p, "permissions"));
        assert!(path_matches(&p, "security.permissions.read"));
        assert!(!path_matches(&p, "permissions_old"));
        assert!(path_matches(&Pattern::new("perm*"), "security.permissions"));
    }
}
