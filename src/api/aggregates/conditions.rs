//! ODSQL conditions that select exactly what the browser's filters select: the object type
//! from which fields are set, empty strings as unset, a window's local days, a workspace.

use engine::objects::WORKSPACE_RULE;
use engine::{ObjectType, TextField, ViewFilter, Zone};

/// An ODSQL string literal: double quotes, with `\` and `"` escaped.
pub fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

pub(super) fn unset(field: TextField) -> String {
    format!("({0} is null OR {0} = \"\")", field.name())
}

/// The events whose object is of `kind`: its field set and every field before it in the rule
/// unset (a workspace: none set).
pub fn type_condition(kind: ObjectType) -> String {
    let mut parts = Vec::new();
    for earlier in ObjectType::ALL.into_iter().take_while(|k| *k != kind) {
        if let Some(field) = earlier.field() {
            parts.push(unset(field));
        }
    }
    if let Some(field) = kind.field() {
        parts.push(format!("NOT {}", unset(field)));
    }
    format!("({})", parts.join(" AND "))
}

/// The window's local days in `zone`, as UTC instants: right whether a portal reads a bare
/// date at midnight in the request's `timezone` or in UTC (its documentation says neither).
pub(super) fn dates_condition(window: &engine::DateWindow, zone: Zone) -> String {
    let (start, end) = window.utc_span(zone);
    format!(
        "timestamp >= date'{}' AND timestamp < date'{}'",
        instant_literal(start),
        instant_literal(end)
    )
}

/// The window's local days, the workspace and the marks picked on the figures.
pub fn window_condition(filter: &ViewFilter, zone: Zone) -> String {
    let mut condition = dates_condition(&filter.window, zone);
    if let Some(workspace) = &filter.workspace {
        condition.push_str(&format!(" AND {}", workspace_condition(workspace)));
    }
    if let Some(marks) = crate::api::marks::marks_condition(&filter.marks, &filter.window, zone) {
        condition.push_str(&format!(" AND {marks}"));
    }
    condition
}

/// The events of workspace `name`: the first set field of the workspace rule holds it.
fn workspace_condition(name: &str) -> String {
    let name = quoted(name);
    workspace_where(&|field| format!("{} = {name}", field.name()))
}

/// The events whose workspace passes `test` (an ODSQL condition on one of the workspace
/// rule's fields): the first set field of the rule passes it.
pub(in crate::api) fn workspace_where(test: &dyn Fn(TextField) -> String) -> String {
    let alternatives: Vec<String> = WORKSPACE_RULE
        .iter()
        .enumerate()
        .map(|(position, field)| {
            let mut parts: Vec<String> = WORKSPACE_RULE
                .iter()
                .take(position)
                .map(|earlier| unset(*earlier))
                .collect();
            parts.push(test(*field));
            format!("({})", parts.join(" AND "))
        })
        .collect();
    format!("({})", alternatives.join(" OR "))
}

/// The events of one object: those of its type whose id field holds `id` (a workspace: its
/// `subdomain_id`, else its `domain_id`).
pub fn object_condition(kind: ObjectType, id: &str) -> String {
    let is_it = match kind.field() {
        Some(field) => format!("{} = {}", field.name(), quoted(id)),
        None => workspace_condition(id),
    };
    format!("{} AND {is_it}", type_condition(kind))
}

/// The events of one user.
pub fn user_condition(user: &str) -> String {
    format!("user_id = {}", quoted(user))
}

/// An instant as an ODSQL date literal's text, to the millisecond.
pub(in crate::api) fn instant_literal(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
