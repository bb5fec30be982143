//! The object and user lists: the top-10 tables of the dashboard and the full lists behind
//! *Show more*, with links to each object's and user's history.

use engine::calendar::Zone;
use engine::stats::{ObjectStat, UserStat};
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

/// A table of a list (`table[data-table=<name>]`): a header per column, sortable when `sort`
/// is given, and a row per line drawn by `row` in `zone`. A line that a change leaves as it
/// was (in the same zone) keeps its elements: rebuilding every row's links on each click cost
/// more page work than the figures.
#[component]
fn ListTable<T, R>(
    name: &'static str,
    caption: String,
    columns: &'static [Column],
    rows: Signal<Vec<T>>,
    zone: Signal<Zone>,
    sort: Option<Signal<String>>,
    row: R,
) -> impl IntoView
where
    T: Clone + Eq + std::hash::Hash + Send + Sync + 'static,
    R: Fn(&T, Zone) -> AnyView + Clone + Send + Sync + 'static,
{
    let each = move || {
        let zone = zone.get();
        rows.with(|rows| {
            rows.iter()
                .map(|line| (zone, line.clone()))
                .collect::<Vec<_>>()
        })
    };
    let key = |(zone, line): &(Zone, T)| (zone.name(), line.clone());
    let children = move |(zone, line): (Zone, T)| row(&line, zone);
    view! {
        <div class="table-scroll">
            <table class="data-table" data-table=name>
                <caption class="visually-hidden">{caption}</caption>
                <thead>
                    <tr>
                        {columns.iter().map(|c| view! { <Header label=column_label(c.sort) column=c.sort sort=sort numeric=c.numeric /> }).collect_view()}
                    </tr>
                </thead>
                <tbody><For each=each key=key children=children /></tbody>
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
    let row = move |o: &ObjectStat, zone: Zone| {
        let href = link(&object_path(o.kind, &o.id));
        // Owned: a link's text is rendered later, after `o` is gone.
        let id = o.id.clone();
        view! {
            <tr>
                <td>{type_label(o.kind)}</td>
                <th scope="row"><ObjectName kind=o.kind id=id href=href /></th>
                <td class="num">{grouped(o.actions)}</td>
                {(!one_user).then(|| view! { <td class="num">{grouped(u64::from(o.users))}</td> })}
                <td class="num nowrap">{short_time(zone, o.last)}</td>
            </tr>
        }
        .into_any()
    };
    let columns: &'static [Column] = if one_user {
        &ONE_USER_OBJECT_COLUMNS
    } else {
        &OBJECT_COLUMNS
    };
    view! { <ListTable name caption columns rows zone sort row /> }
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
    let row = move |u: &UserStat, zone: Zone| {
        let href = link(&user_path(&u.user));
        let user = u.user.clone();
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
        view! {
            <tr data-selected=move || picked().then_some("")>
                <th scope="row"><A href=href>{user}</A>{filter}</th>
                <td class="num">{grouped(u.actions)}</td>
                <td class="num">{grouped(u64::from(u.objects))}</td>
                <td class="num nowrap">{short_time(zone, u.last)}</td>
            </tr>
        }
        .into_any()
    };
    view! { <ListTable name caption columns=&USER_COLUMNS rows zone sort row /> }
}
