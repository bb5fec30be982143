//! The object and user lists: the top-10 tables of the dashboard and the full lists behind
//! *Show more*, with links to each object's and user's history.

use engine::calendar::Zone;
use engine::stats::{ObjectStat, UserStat};
use engine::ObjectType;
use leptos::prelude::*;

use crate::components::object_name::ObjectName;
use crate::numbers::grouped;
use leptos_router::components::A;

use crate::api::encode_segment;
use crate::i18n::t;
use crate::labels::type_label;
use crate::state::{set, use_link, use_query_writer};

/// `YYYY-MM-DD HH:MM` in the zone.
pub fn short_time(zone: Zone, timestamp_ms: i64) -> String {
    zone.format(timestamp_ms).chars().take(16).collect()
}

pub fn object_path(kind: engine::ObjectType, id: &str) -> String {
    format!("/objects/{}/{}", kind.name(), encode_segment(id))
}

pub fn user_path(user: &str) -> String {
    format!("/users/{}", encode_segment(user))
}

/// A column header; a button that sorts by it when the table is sortable (`sort` holds the
/// URL's `sort`, e.g. `-actions`).
#[component]
fn Header(
    label: &'static str,
    column: &'static str,
    sort: Option<Signal<String>>,
    numeric: bool,
) -> impl IntoView {
    let class = if numeric { "num" } else { "" };
    let Some(sort) = sort else {
        return view! { <th scope="col" class=class>{label}</th> }.into_any();
    };
    let write = use_query_writer();
    let state = move || {
        let current = sort.get();
        match current.strip_prefix('-') {
            Some(name) if name == column => "descending",
            None if current == column => "ascending",
            _ => "none",
        }
    };
    let on_click = move |_| {
        // Numbers sort biggest first on the first click, text A to Z.
        let next = match (state(), numeric) {
            ("descending", _) => column.to_string(),
            ("ascending", _) => format!("-{column}"),
            (_, true) => format!("-{column}"),
            (_, false) => column.to_string(),
        };
        write(&[set("sort", Some(next)), set("page", None)], false);
    };
    view! {
        <th scope="col" class=class aria-sort=state>
            <button type="button" class="sort" on:click=on_click>
                {label}
                <span class="sort__arrow" aria-hidden="true">
                    {move || match state() { "ascending" => "▲", "descending" => "▼", _ => "↕" }}
                </span>
            </button>
        </th>
    }
    .into_any()
}

/// A column of a list: the name `sort` gives it (its header is [`column_label`]), and whether
/// it holds numbers.
pub struct Column {
    pub sort: &'static str,
    pub numeric: bool,
}

const fn column(sort: &'static str, numeric: bool) -> Column {
    Column { sort, numeric }
}

/// A list column's header in the page's language.
pub fn column_label(sort: &str) -> &'static str {
    match sort {
        "type" => t("column.type"),
        "id" => t("column.object"),
        "actions" => t("column.actions"),
        "users" => t("column.users"),
        "user" => t("column.user"),
        "objects" => t("column.objects"),
        _ => t("column.last"),
    }
}

pub const OBJECT_COLUMNS: [Column; 5] = [
    column("type", false),
    column("id", false),
    column("actions", true),
    column("users", true),
    column("last", true),
];

/// The objects of one user: the number of users of each would always be 1.
pub const ONE_USER_OBJECT_COLUMNS: [Column; 4] = [
    column("type", false),
    column("id", false),
    column("actions", true),
    column("last", true),
];

pub const USER_COLUMNS: [Column; 4] = [
    column("user", false),
    column("actions", true),
    column("objects", true),
    column("last", true),
];

/// One line of a list, which its row's cells read: a change writes the cells whose text
/// changed instead of building the row again.
pub type Line<T> = Memo<Option<T>>;

/// The first `shown` lines of `rows`, each drawn by `row` (a `<tr>`, given what the line is
/// about and the line) and keyed by what it is about (`about`: an object, a user…). A line that
/// a change keeps keeps its row (moved if it moved) and only its changed cells are written;
/// keyed by the lines themselves, a mark's click built every row of the tables on screen
/// again, since all their counts change: a third of the click's page work.
pub fn rows_in_place<T, K, R>(
    rows: Signal<Vec<T>>,
    shown: usize,
    about: fn(&T) -> K,
    row: R,
) -> impl IntoView
where
    T: Clone + PartialEq + Send + Sync + 'static,
    K: Clone + Eq + std::hash::Hash + Send + Sync + 'static,
    R: Fn(K, Line<T>) -> AnyView + Clone + Send + Sync + 'static,
{
    // The lines shown with their keys, read once per change (`rows` may be derived: each
    // read computes it).
    let lines = Memo::new(move |_| {
        rows.with(|rows| {
            let shown = &rows[..rows.len().min(shown)];
            line_keys(shown.iter().map(about))
                .into_iter()
                .zip(shown.iter().cloned())
                .collect::<Vec<_>>()
        })
    });
    let row_of = move |at: ReadSignal<usize>, key: (K, usize)| {
        let found = key.clone();
        // The line at the row's place, checked to be its own (while a change is applied the
        // place may still be the old one's).
        let line: Line<T> = Memo::new(move |_| {
            lines.with(|lines| {
                let at = match lines.get(at.get()) {
                    Some((k, _)) if *k == found => Some(at.get()),
                    _ => lines.iter().position(|(k, _)| *k == found),
                };
                at.and_then(|at| lines.get(at))
                    .map(|(_, line)| line.clone())
            })
        });
        row(key.0, line)
    };
    let keys =
        move || lines.with(|lines| lines.iter().map(|(key, _)| key.clone()).collect::<Vec<_>>());
    view! { <ForEnumerate each=keys key=|key| key.clone() children=row_of /> }
}

/// Each line's key: what it is about, with its rank among the lines about the same thing (a
/// user's second burst of removals), so that no two lines share one.
fn line_keys<K: Clone + Eq + std::hash::Hash>(about: impl Iterator<Item = K>) -> Vec<(K, usize)> {
    let mut seen: std::collections::HashMap<K, usize> = std::collections::HashMap::new();
    about
        .map(|key| {
            let rank = seen.entry(key.clone()).or_default();
            *rank += 1;
            (key, *rank - 1)
        })
        .collect()
}

/// A cell's text from its line (empty while the line is gone), as a `Signal`: one type for
/// every cell, so that the code drawing a changing text is not made again for each cell's own
/// closure.
pub fn text_of<T: Send + Sync + 'static>(
    line: Line<T>,
    text: impl Fn(&T) -> String + Send + Sync + 'static,
) -> Signal<String> {
    Signal::derive(move || line.with(|line| line.as_ref().map(&text).unwrap_or_default()))
}

/// A table of a list (`table[data-table=<name>]`): a header per column, sortable when `sort`
/// is given, and its `body` rows (drawn in place, [`rows_in_place`]).
#[component]
fn ListTable(
    name: &'static str,
    caption: String,
    columns: &'static [Column],
    sort: Option<Signal<String>>,
    body: AnyView,
) -> impl IntoView {
    view! {
        <div class="table-scroll">
            <table class="data-table" data-table=name>
                <caption class="visually-hidden">{caption}</caption>
                <thead>
                    <tr>
                        {columns.iter().map(|c| view! { <Header label=column_label(c.sort) column=c.sort sort=sort numeric=c.numeric /> }).collect_view()}
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

/// Objects with their actions, users and last action, each linking to its history.
/// `one_user`: the objects of one user, without the users column (always 1).
#[component]
pub fn ObjectTable(
    name: &'static str,
    #[prop(into)] caption: String,
    #[prop(into)] rows: Signal<Vec<ObjectStat>>,
    #[prop(into)] zone: Signal<Zone>,
    #[prop(optional, into)] sort: Option<Signal<String>>,
    #[prop(optional)] one_user: bool,
) -> impl IntoView {
    let link = use_link();
    let row = move |(kind, id): (ObjectType, String), line: Line<ObjectStat>| {
        let href = {
            let id = id.clone();
            Signal::derive(move || link(&object_path(kind, &id)))
        };
        view! {
            <tr>
                <td>{type_label(kind)}</td>
                <th scope="row"><ObjectName kind id href /></th>
                <td class="num">{text_of(line, |o| grouped(o.actions))}</td>
                {(!one_user).then(|| view! { <td class="num">{text_of(line, |o| grouped(u64::from(o.users)))}</td> })}
                <td class="num nowrap">{text_of(line, move |o| short_time(zone.get(), o.last))}</td>
            </tr>
        }
        .into_any()
    };
    let columns: &'static [Column] = if one_user {
        &ONE_USER_OBJECT_COLUMNS
    } else {
        &OBJECT_COLUMNS
    };
    let about = |o: &ObjectStat| (o.kind, o.id.clone());
    let body = rows_in_place(rows, usize::MAX, about, row).into_any();
    view! { <ListTable name caption columns sort body /> }
}

/// Users with their actions, objects and last action, each linking to their history.
#[component]
pub fn UserTable(
    name: &'static str,
    #[prop(into)] caption: String,
    #[prop(into)] rows: Signal<Vec<UserStat>>,
    #[prop(into)] zone: Signal<Zone>,
    #[prop(optional, into)] sort: Option<Signal<String>>,
    /// Each name with a button that filters every figure to that user (`user=`).
    #[prop(optional)]
    filters: bool,
) -> impl IntoView {
    let link = use_link();
    let data = crate::state::use_log_data();
    let mark = StoredValue::new_local(crate::state::use_mark_toggle());
    let row = move |user: String, line: Line<UserStat>| {
        let picked = {
            let user = user.clone();
            move || data.filter.with(|f| f.marks.users.contains(&user))
        };
        let filter = filters.then(|| {
            let (label, picked, value) = (
                crate::i18n::tf("marks.user_filter", &[("user", &user)]),
                picked.clone(),
                user.clone(),
            );
            view! {
                " "
                <button type="button" class="mark mark--filter" data-filter-user=user.clone() aria-label=label
                    aria-pressed=move || picked().to_string()
                    on:click=move |_| mark.with_value(|mark| mark(engine::MarkKind::User, value.clone()))>
                    {crate::i18n::t("marks.filter")}
                </button>
            }
        });
        let href = {
            let user = user.clone();
            move || link(&user_path(&user))
        };
        view! {
            <tr data-selected=move || picked().then_some("")>
                <th scope="row"><A href=href>{user}</A>{filter}</th>
                <td class="num">{text_of(line, |u| grouped(u.actions))}</td>
                <td class="num">{text_of(line, |u| grouped(u64::from(u.objects)))}</td>
                <td class="num nowrap">{text_of(line, move |u| short_time(zone.get(), u.last))}</td>
            </tr>
        }
        .into_any()
    };
    let about = |u: &UserStat| u.user.clone();
    let body = rows_in_place(rows, usize::MAX, about, row).into_any();
    view! { <ListTable name caption columns=&USER_COLUMNS sort body /> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_about_the_same_thing_are_told_apart_by_their_rank() {
        // A user's three bursts of removals and another user's one, in the list's order.
        let about = ["ann", "bob", "ann", "ann"];
        assert_eq!(
            line_keys(about.into_iter()),
            vec![("ann", 0), ("bob", 0), ("ann", 1), ("ann", 2)]
        );
        assert_eq!(line_keys(std::iter::empty::<&str>()), vec![]);
    }
}
