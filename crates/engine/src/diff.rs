//! The `diff` field read as a list of changes, one per changed path.
//!
//! The shape the platform writes is `{path: [before, after]}`, with paths nested as objects
//! (`{"metas": {"title": ["Draft", "Final"]}}` is the path `metas.title`). A pair of lists is
//! read as what was added to and removed from the list; a pair of objects as changes of their
//! keys. Anything else (not JSON, another shape) is kept as text: it is never an error.

use serde_json::{Map, Value};

/// What happened at a path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeKind {
    /// A value appeared (or an item was added to a list): `after` holds it.
    Added,
    /// A value went away (or an item left a list): `before` holds it.
    Removed,
    /// A value was replaced: `before` → `after`.
    Changed,
}

impl ChangeKind {
    /// `added`, `removed` or `changed`, as the markup's `data-change` holds it.
    pub fn name(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        }
    }
}

/// One change: a dotted path, what happened, and the values as text (strings without their
/// quotes, anything else as compact JSON).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub path: String,
    pub kind: ChangeKind,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// A diff as people read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadableDiff {
    /// No diff, or one that changes nothing (`{}`).
    Empty,
    /// The `{path: [before, after]}` shape, read as changes.
    Changes(Vec<Change>),
    /// Any other text, shown as it is.
    Text(String),
}

/// Reads a diff; never fails (a diff that is not the expected shape is [`ReadableDiff::Text`]).
pub fn read_diff(diff: &str) -> ReadableDiff {
    if diff.trim().is_empty() {
        return ReadableDiff::Empty;
    }
    let Ok(Value::Object(paths)) = serde_json::from_str::<Value>(diff) else {
        return ReadableDiff::Text(diff.to_string());
    };
    let mut changes = Vec::new();
    if !collect(&paths, "", &mut changes) {
        return ReadableDiff::Text(diff.to_string());
    }
    if changes.is_empty() {
        ReadableDiff::Empty
    } else {
        ReadableDiff::Changes(changes)
    }
}

/// A diff for people: pretty-printed when it is JSON, as is otherwise (the "Raw" view).
pub fn pretty_diff(diff: &str) -> String {
    match serde_json::from_str::<Value>(diff) {
        Ok(value @ (Value::Object(_) | Value::Array(_))) => {
            serde_json::to_string_pretty(&value).unwrap_or_else(|_| diff.to_string())
        }
        _ => diff.to_string(),
    }
}

/// Adds the changes of `{key: [before, after] or {…}}` under `prefix`; false when a value is
/// neither a pair nor a nested object (the diff is not the expected shape).
fn collect(paths: &Map<String, Value>, prefix: &str, changes: &mut Vec<Change>) -> bool {
    paths.iter().all(|(key, value)| {
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            Value::Object(nested) => collect(nested, &path, changes),
            Value::Array(pair) => match pair.as_slice() {
                [before, after] => {
                    compare(&path, before, after, changes);
                    true
                }
                _ => false,
            },
            _ => false,
        }
    })
}

/// The changes from `before` to `after` at `path`.
fn compare(path: &str, before: &Value, after: &Value, changes: &mut Vec<Change>) {
    let change = |kind, before: Option<&Value>, after: Option<&Value>| Change {
        path: path.to_string(),
        kind,
        before: before.map(text),
        after: after.map(text),
    };
    match (before, after) {
        (Value::Array(old), Value::Array(new)) => {
            let added = new.iter().filter(|item| !old.contains(item));
            let removed = old.iter().filter(|item| !new.contains(item));
            changes.extend(added.map(|item| change(ChangeKind::Added, None, Some(item))));
            changes.extend(removed.map(|item| change(ChangeKind::Removed, Some(item), None)));
        }
        (Value::Object(old), Value::Object(new)) => {
            let mut keys: Vec<&String> = old.keys().chain(new.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                let at = format!("{path}.{key}");
                let (old, new) = (old.get(key), new.get(key));
                compare(
                    &at,
                    old.unwrap_or(&Value::Null),
                    new.unwrap_or(&Value::Null),
                    changes,
                );
            }
        }
        _ if before == after => {}
        (Value::Null, _) => changes.push(change(ChangeKind::Added, None, Some(after))),
        (_, Value::Null) => changes.push(change(ChangeKind::Removed, Some(before), None)),
        _ => changes.push(change(ChangeKind::Changed, Some(before), Some(after))),
    }
}

/// A value as text: a string without its quotes, anything else as compact JSON.
fn text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(path: &str, kind: ChangeKind, before: Option<&str>, after: Option<&str>) -> Change {
        Change {
            path: path.into(),
            kind,
            before: before.map(str::to_string),
            after: after.map(str::to_string),
        }
    }

    #[test]
    fn pairs_become_one_change_per_path() {
        let diff =
            r#"{"metas": {"title": ["Draft 443", "Dataset 443"], "keyword": [[], ["open data"]]}}"#;
        assert_eq!(
            read_diff(diff),
            ReadableDiff::Changes(vec![
                change("metas.keyword", ChangeKind::Added, None, Some("open data")),
                change(
                    "metas.title",
                    ChangeKind::Changed,
                    Some("Draft 443"),
                    Some("Dataset 443")
                ),
            ])
        );
    }

    #[test]
    fn lists_and_objects_inside_a_pair_are_compared_item_by_item() {
        let diff = r#"{"permissions": [{"edit": ["alice", "bob"], "view": null}, {"edit": ["bob"], "view": "all"}], "count": [1, null], "size": [null, 2]}"#;
        assert_eq!(
            read_diff(diff),
            ReadableDiff::Changes(vec![
                change("count", ChangeKind::Removed, Some("1"), None),
                change("permissions.edit", ChangeKind::Removed, Some("alice"), None),
                change("permissions.view", ChangeKind::Added, None, Some("all")),
                change("size", ChangeKind::Added, None, Some("2")),
            ])
        );
    }

    #[test]
    fn anything_else_is_text_and_nothing_is_empty() {
        for text in [
            "changed from the back office",
            r#"{"permissions": {"added": ["explore_monitoring"], "user": "ann"}}"#,
            r#"{"processors": {"added": [{"name": "a"}, {"name": "b"}, {"name": "c"}]}}"#,
            "[1, 2]",
            r#"{"a": ["x", "y""#,
        ] {
            assert_eq!(
                read_diff(text),
                ReadableDiff::Text(text.to_string()),
                "{text}"
            );
        }
        assert_eq!(read_diff(""), ReadableDiff::Empty);
        assert_eq!(read_diff("{}"), ReadableDiff::Empty);
        assert_eq!(read_diff(r#"{"a": ["same", "same"]}"#), ReadableDiff::Empty);
    }

    #[test]
    fn html_stays_text_in_the_values() {
        let diff = r#"{"content": {"html": ["<p>Intro</p>", "<p>Intro</p><script>x()</script>"]}}"#;
        let ReadableDiff::Changes(changes) = read_diff(diff) else {
            panic!("a pair");
        };
        assert_eq!(
            changes[0].after.as_deref(),
            Some("<p>Intro</p><script>x()</script>")
        );
    }
}
