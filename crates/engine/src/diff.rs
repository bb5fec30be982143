//! The `diff` field read as a list of changes, one per changed path.
//!
//! The shape the platform writes is `{path: [before, after]}`, with paths nested as objects
//! (`{"metas": {"title": ["Draft", "Final"]}}` is the path `metas.title`). A pair of lists is
//! read as what was added to and removed from the list; a pair of objects as changes of their
//! keys. The shapes other audit logs write are read too: `{"field", "old", "new"}`,
//! `{"before", "after"}` and `{"old", "new"}` objects, lists of those, and JSON Patch lists
//! (`[{"op", "path", "value"}]`). Anything else (not JSON, another shape) is kept as text: it is
//! never an error.
//!
//! The work is linear in the diff's size: lists are compared by hashing their items, and at most
//! [`MAX_CHANGES`] changes are kept (the rest only counted), so a hostile diff of a hundred
//! thousand items costs milliseconds and a short list.

use std::collections::HashSet;

use serde_json::{Map, Value};

/// At most this many changes are listed; the others are counted ([`ReadableDiff::Changes`]'s
/// `more`).
pub const MAX_CHANGES: usize = 200;

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
    /// A known shape, read as changes: the first [`MAX_CHANGES`], and how many more there are.
    Changes { changes: Vec<Change>, more: usize },
    /// Any other text, shown as it is.
    Text(String),
}

/// Reads a diff; never fails (a diff that is not a known shape is [`ReadableDiff::Text`]).
pub fn read_diff(diff: &str) -> ReadableDiff {
    if diff.trim().is_empty() {
        return ReadableDiff::Empty;
    }
    let mut found = Found::default();
    let known =
        serde_json::from_str::<Value>(diff).is_ok_and(|value| read_value(&value, &mut found));
    if !known {
        return ReadableDiff::Text(diff.to_string());
    }
    if found.changes.is_empty() {
        ReadableDiff::Empty
    } else {
        ReadableDiff::Changes {
            changes: found.changes,
            more: found.more,
        }
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

/// The changes found so far: the first [`MAX_CHANGES`] kept, the others counted.
#[derive(Default)]
struct Found {
    changes: Vec<Change>,
    more: usize,
}

impl Found {
    /// Keeps the change `make` builds, or only counts it once the list is full (so that a
    /// hostile diff's values are never copied out).
    fn push(&mut self, make: impl FnOnce() -> Change) {
        if self.changes.len() < MAX_CHANGES {
            self.changes.push(make());
        } else {
            self.more += 1;
        }
    }
}

/// Adds the changes of a diff of any known shape; false when it is none of them.
fn read_value(value: &Value, found: &mut Found) -> bool {
    match value {
        Value::Object(map) => match explicit_pair(map) {
            Some((path, before, after)) => {
                compare(&path, before, after, found);
                true
            }
            None => collect(map, "", found),
        },
        Value::Array(items) => items.iter().all(|item| read_list_item(item, found)),
        _ => false,
    }
}

/// `{"field": f, "old": a, "new": b}` (or `before`/`after` beside `field`), `{"before": a,
/// "after": b}` and `{"old": a, "new": b}`: the path (empty without `field`) and both sides.
/// Only an object with exactly these keys, so that a platform diff of a field named `old` is
/// still read as the platform's shape.
fn explicit_pair(map: &Map<String, Value>) -> Option<(String, &Value, &Value)> {
    let sides = |before: &str, after: &str| Some((map.get(before)?, map.get(after)?));
    let field = match map.get("field") {
        Some(Value::String(field)) => Some(field.clone()),
        Some(_) => return None,
        None => None,
    };
    let expected = if field.is_some() { 3 } else { 2 };
    if map.len() != expected {
        return None;
    }
    let (before, after) = sides("old", "new").or_else(|| sides("before", "after"))?;
    Some((field.unwrap_or_default(), before, after))
}

/// One item of a list diff: a JSON Patch operation or an explicit pair; false otherwise.
fn read_list_item(item: &Value, found: &mut Found) -> bool {
    let Value::Object(map) = item else {
        return false;
    };
    if let Some((path, before, after)) = explicit_pair(map) {
        compare(&path, before, after, found);
        return true;
    }
    read_patch_operation(map, found)
}

/// A JSON Patch operation (RFC 6902): `add`, `remove`, `replace`, `move`, `copy`, `test`.
/// `remove` and `replace` carry no old value unless the log adds one as `old`.
fn read_patch_operation(map: &Map<String, Value>, found: &mut Found) -> bool {
    let (Some(Value::String(op)), Some(Value::String(pointer))) = (map.get("op"), map.get("path"))
    else {
        return false;
    };
    let path = dotted(pointer);
    let value = map.get("value");
    let old = map.get("old");
    let from = || match map.get("from") {
        Some(Value::String(from)) => Some(dotted(from)),
        _ => None,
    };
    let change = |kind, before: Option<&Value>, after: Option<&Value>| Change {
        path: path.clone(),
        kind,
        before: before.map(text),
        after: after.map(text),
    };
    match op.as_str() {
        "add" => found.push(|| change(ChangeKind::Added, None, value)),
        "remove" => found.push(|| change(ChangeKind::Removed, old, None)),
        "replace" => found.push(|| change(ChangeKind::Changed, old, value)),
        "move" | "copy" => {
            let Some(from) = from() else {
                return false;
            };
            found.push(|| Change {
                path: path.clone(),
                kind: ChangeKind::Added,
                before: None,
                after: Some(from.clone()),
            });
            if op == "move" {
                found.push(|| Change {
                    path: from,
                    kind: ChangeKind::Removed,
                    before: None,
                    after: None,
                });
            }
        }
        "test" => {}
        _ => return false,
    }
    true
}

/// A JSON Pointer (`/metas/title`, `~1` for `/`, `~0` for `~`) as a dotted path.
fn dotted(pointer: &str) -> String {
    pointer
        .split('/')
        .skip(1)
        .map(|part| part.replace("~1", "/").replace("~0", "~"))
        .collect::<Vec<_>>()
        .join(".")
}

/// `prefix.key`, or `key` at the top.
fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

/// Adds the changes of `{key: [before, after] or {…}}` under `prefix`; false when a value is
/// neither a pair nor a nested object (the diff is not the expected shape).
fn collect(paths: &Map<String, Value>, prefix: &str, found: &mut Found) -> bool {
    paths.iter().all(|(key, value)| {
        let path = join(prefix, key);
        match value {
            Value::Object(nested) => collect(nested, &path, found),
            Value::Array(pair) => match pair.as_slice() {
                [before, after] => {
                    compare(&path, before, after, found);
                    true
                }
                _ => false,
            },
            _ => false,
        }
    })
}

/// The changes from `before` to `after` at `path`.
fn compare(path: &str, before: &Value, after: &Value, found: &mut Found) {
    let change = |kind, before: Option<&Value>, after: Option<&Value>| Change {
        path: path.to_string(),
        kind,
        before: before.map(text),
        after: after.map(text),
    };
    match (before, after) {
        (Value::Array(old), Value::Array(new)) => compare_lists(old, new, |kind, item| {
            found.push(|| match kind {
                ChangeKind::Added => change(kind, None, Some(item)),
                _ => change(kind, Some(item), None),
            })
        }),
        (Value::Object(old), Value::Object(new)) => {
            let mut keys: Vec<&String> = old.keys().chain(new.keys()).collect();
            crate::sorting::sort(&mut keys);
            keys.dedup();
            for key in keys {
                let (old, new) = (old.get(key), new.get(key));
                compare(
                    &join(path, key),
                    old.unwrap_or(&Value::Null),
                    new.unwrap_or(&Value::Null),
                    found,
                );
            }
        }
        _ if before == after => {}
        (Value::Null, _) => found.push(|| change(ChangeKind::Added, None, Some(after))),
        (_, Value::Null) => found.push(|| change(ChangeKind::Removed, Some(before), None)),
        _ => found.push(|| change(ChangeKind::Changed, Some(before), Some(after))),
    }
}

/// Calls `each` with every item of `new` not in `old` (added), then every item of `old` not in
/// `new` (removed), in list order. Items are compared by their compact JSON in hash sets:
/// linear, where comparing each item with every other was quadratic.
fn compare_lists(old: &[Value], new: &[Value], mut each: impl FnMut(ChangeKind, &Value)) {
    let old_keys: Vec<String> = old.iter().map(Value::to_string).collect();
    let new_keys: Vec<String> = new.iter().map(Value::to_string).collect();
    let in_old: HashSet<&str> = old_keys.iter().map(String::as_str).collect();
    let in_new: HashSet<&str> = new_keys.iter().map(String::as_str).collect();
    for (item, key) in new.iter().zip(&new_keys) {
        if !in_old.contains(key.as_str()) {
            each(ChangeKind::Added, item);
        }
    }
    for (item, key) in old.iter().zip(&old_keys) {
        if !in_new.contains(key.as_str()) {
            each(ChangeKind::Removed, item);
        }
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

    fn changes(changes: Vec<Change>) -> ReadableDiff {
        ReadableDiff::Changes { changes, more: 0 }
    }

    #[test]
    fn pairs_become_one_change_per_path() {
        let diff =
            r#"{"metas": {"title": ["Draft 443", "Dataset 443"], "keyword": [[], ["open data"]]}}"#;
        assert_eq!(
            read_diff(diff),
            changes(vec![
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
            changes(vec![
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
        let ReadableDiff::Changes { changes, .. } = read_diff(diff) else {
            panic!("a pair");
        };
        assert_eq!(
            changes[0].after.as_deref(),
            Some("<p>Intro</p><script>x()</script>")
        );
    }

    #[test]
    fn other_audit_logs_shapes_are_read_as_changes() {
        let title = |kind, before: Option<&str>, after: Option<&str>| {
            changes(vec![change("metas.title", kind, before, after)])
        };
        let changed = title(ChangeKind::Changed, Some("Draft"), Some("Final"));
        for diff in [
            r#"{"field": "metas.title", "old": "Draft", "new": "Final"}"#,
            r#"[{"field": "metas.title", "old": "Draft", "new": "Final"}]"#,
            r#"{"before": {"metas": {"title": "Draft"}}, "after": {"metas": {"title": "Final"}}}"#,
            r#"{"old": {"metas": {"title": "Draft", "x": 1}}, "new": {"metas": {"title": "Final", "x": 1}}}"#,
            r#"[{"op": "replace", "path": "/metas/title", "value": "Final", "old": "Draft"}]"#,
        ] {
            assert_eq!(read_diff(diff), changed, "{diff}");
        }
        assert_eq!(
            read_diff(r#"[{"op": "replace", "path": "/metas/title", "value": "Final"}]"#),
            title(ChangeKind::Changed, None, Some("Final"))
        );
        let patch = r#"[
            {"op": "add", "path": "/metas/keyword/-", "value": "trees"},
            {"op": "remove", "path": "/fields~1x/0"},
            {"op": "test", "path": "/a", "value": 1},
            {"op": "move", "from": "/a", "path": "/b"}
        ]"#;
        assert_eq!(
            read_diff(patch),
            changes(vec![
                change("metas.keyword.-", ChangeKind::Added, None, Some("trees")),
                change("fields/x.0", ChangeKind::Removed, None, None),
                change("b", ChangeKind::Added, None, Some("a")),
                change("a", ChangeKind::Removed, None, None),
            ])
        );
        assert_eq!(
            read_diff(r#"{"old": null, "new": "x"}"#),
            changes(vec![change("", ChangeKind::Added, None, Some("x"))])
        );
    }

    #[test]
    fn near_misses_of_those_shapes_stay_text() {
        for text in [
            r#"[{"op": "frobnicate", "path": "/a"}]"#,
            r#"[{"op": "move", "path": "/a"}]"#,
            r#"[{"op": "add", "path": "/a", "value": 1}, 3]"#,
            r#"{"field": 3, "old": 1, "new": 2}"#,
            r#"{"field": "a", "old": 1}"#,
        ] {
            assert_eq!(
                read_diff(text),
                ReadableDiff::Text(text.to_string()),
                "{text}"
            );
        }
        // A platform diff of a field named `old` beside others is still the platform's shape.
        assert_eq!(
            read_diff(r#"{"old": [1, 2], "title": ["a", "b"], "new": [3, 3]}"#),
            changes(vec![
                change("old", ChangeKind::Changed, Some("1"), Some("2")),
                change("title", ChangeKind::Changed, Some("a"), Some("b")),
            ])
        );
    }

    #[test]
    fn a_huge_list_diff_is_read_in_linear_time_and_keeps_the_first_changes() {
        // Two lists of 150,000 items (2 MB), none in common: 300,000 changes. Comparing each item
        // with every other would take minutes; hashing takes milliseconds.
        let items = |prefix: &str| -> Vec<Value> {
            (0..150_000)
                .map(|i| Value::String(format!("{prefix}{i}")))
                .collect()
        };
        let diff = serde_json::json!({ "keywords": [items("old-"), items("new-")] }).to_string();
        let ReadableDiff::Changes { changes, more } = read_diff(&diff) else {
            panic!("a pair of lists");
        };
        assert_eq!(changes.len(), MAX_CHANGES);
        assert_eq!(more, 300_000 - MAX_CHANGES);
        assert_eq!(
            changes[0],
            change("keywords", ChangeKind::Added, None, Some("new-0"))
        );
        assert_eq!(
            changes[MAX_CHANGES - 1].after.as_deref(),
            Some(format!("new-{}", MAX_CHANGES - 1).as_str())
        );
    }

    #[test]
    fn items_in_both_lists_are_not_changes_whatever_their_order() {
        let diff = r#"{"tags": [["a", {"k": 1}, "b"], [{"k": 1}, "b", "c", "a"]]}"#;
        assert_eq!(
            read_diff(diff),
            changes(vec![change("tags", ChangeKind::Added, None, Some("c"))])
        );
    }
}
