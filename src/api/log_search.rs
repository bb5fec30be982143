//! `/log`'s search (`engine::log_search`) as an ODSQL condition, for the portal's pages: a
//! qualifier's value with `=` (or `startswith` for a prefix), a type and an object through the
//! object rule, a workspace through the workspace rule, `field:` and plain words through the
//! portal's own text search (`search(diff, …)`, `search(…)`: the platform's full-text search,
//! which matches words where the browser matches any part of a text).

use engine::log_search::{LogSearch, Pattern, Qualifier, Term};
use engine::{ObjectType, TextField};

use super::aggregates::{quoted, type_condition, workspace_where};

/// The condition of `search`, none when it holds no term.
pub fn search_condition(search: &LogSearch) -> Option<String> {
    let parts: Vec<String> = search
        .terms
        .iter()
        .map(|term| {
            let condition = term_condition(&term.term);
            match term.excluded {
                true => format!("NOT ({condition})"),
                false => format!("({condition})"),
            }
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join(" AND "))
}

fn term_condition(term: &Term) -> String {
    match term {
        Term::Qualified(Qualifier::User, p) => matching(TextField::UserId, p),
        Term::Qualified(Qualifier::Action, p) => matching(TextField::Action, p),
        Term::Qualified(Qualifier::Type, p) => {
            let kinds: Vec<String> = ObjectType::ALL
                .into_iter()
                .filter(|kind| p.matches(kind.name()))
                .map(|kind| format!("({})", type_condition(kind)))
                .collect();
            any_of(kinds)
        }
        Term::Qualified(Qualifier::Object, p) => {
            let kinds: Vec<String> = ObjectType::ALL
                .into_iter()
                .map(|kind| {
                    let is_it = match kind.field() {
                        Some(field) => matching(field, p),
                        None => workspace_where(&|field| matching(field, p)),
                    };
                    format!("({} AND {is_it})", type_condition(kind))
                })
                .collect();
            any_of(kinds)
        }
        Term::Qualified(Qualifier::Workspace, p) => workspace_where(&|field| matching(field, p)),
        Term::Qualified(Qualifier::Field, p) => format!("search(diff, {})", quoted(&p.text)),
        Term::Word(word) => format!("search({})", quoted(word)),
    }
}

/// `field` holds the value, or starts with it.
fn matching(field: TextField, pattern: &Pattern) -> String {
    match pattern.prefix {
        true => format!("startswith({}, {})", field.name(), quoted(&pattern.text)),
        false => format!("{} = {}", field.name(), quoted(&pattern.text)),
    }
}

fn any_of(parts: Vec<String>) -> String {
    match parts.is_empty() {
        // No type matches: nothing does.
        true => "timestamp < date'1970-01-01T00:00:00.000Z' AND timestamp >= date'1970-01-01T00:00:00.000Z'"
            .to_string(),
        false => parts.join(" OR "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn condition(text: &str) -> Option<String> {
        search_condition(&LogSearch::parse(text).unwrap())
    }

    #[test]
    fn qualifiers_become_conditions_and_exclusions_not() {
        assert_eq!(
            condition(r#"user:ann -action:delete_* "old trees""#).as_deref(),
            Some(
                r#"(user_id = "ann") AND NOT (startswith(action, "delete_")) AND (search("old trees"))"#
            )
        );
        assert_eq!(condition("  "), None);
        // A page: no dataset id, a page id.
        assert_eq!(
            condition("type:page").as_deref(),
            Some(
                r#"((((dataset_id is null OR dataset_id = "") AND NOT (page_id is null OR page_id = ""))))"#
            )
        );
    }
}
