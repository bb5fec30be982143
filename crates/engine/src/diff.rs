//! The `diff` field for people.

/// A diff for people: pretty-printed when it is JSON, as is otherwise.
pub fn pretty_diff(diff: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(diff) {
        Ok(value @ (serde_json::Value::Object(_) | serde_json::Value::Array(_))) => {
            serde_json::to_string_pretty(&value).unwrap_or_else(|_| diff.to_string())
        }
        _ => diff.to_string(),
    }
}
