//! Reading and writing the URL query from components: every filter lives there.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

use super::use_log_data;
use crate::query;

/// Returns a function that applies changes to the URL query, keeping the path and every other
/// name. `replace` avoids a history entry per keystroke.
pub fn use_query_writer() -> impl Fn(&[(&str, Vec<String>)], bool) + Clone + 'static {
    let navigate = use_navigate();
    let location = use_location();
    move |changes, replace| {
        let current = query::parse_pairs(&location.search.get_untracked());
        let search = query::with_changes(&current, changes);
        let path = location.pathname.get_untracked();
        navigate(
            &format!("{path}{search}"),
            NavigateOptions {
                replace,
                scroll: false,
                ..NavigateOptions::default()
            },
        );
    }
}

/// A link to another view: the path with the query's global names (source, window, zone,
/// filters), so that the filters follow the user.
pub fn use_link() -> impl Fn(&str) -> String + Copy + Send + Sync + 'static {
    let data = use_log_data();
    move |path: &str| format!("{path}{}", data.query.with(|q| query::global_query(q)))
}

/// The value of one query name, for a view's own parameters.
pub fn use_query_value(name: &'static str) -> Memo<Option<String>> {
    let data = use_log_data();
    Memo::new(move |_| {
        data.query
            .with(|q| query::first(q, name).map(str::to_string))
    })
}

/// One single-valued change to the query.
pub fn set(name: &str, value: Option<String>) -> (&str, Vec<String>) {
    (name, value.into_iter().collect())
}

/// A list filter's change (`q`, `type`): the name takes the value (none when empty), and the
/// list goes back to its first page.
pub fn filter_change(name: &str, value: String) -> [(&str, Vec<String>); 2] {
    [
        set(name, (!value.is_empty()).then_some(value)),
        set("page", None),
    ]
}

/// Returns a function that toggles a mark (`day`, `weekday`, `hour`, `action`, `user` and its
/// value) in the URL: one history entry per click, so Back undoes it.
pub fn use_mark_toggle() -> impl Fn(engine::MarkKind, String) + Clone + 'static {
    let write = use_query_writer();
    let location = use_location();
    move |kind, value| {
        let current = query::parse_pairs(&location.search.get_untracked());
        let values = query::toggled(&current, kind.name(), &value);
        write(&[(kind.name(), values)], false);
    }
}
