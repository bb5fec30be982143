//! The object and user lists: the top-10 tables of the dashboard and the full lists behind
//! *Show more*, with links to each object's and user's history.

use engine::calendar::Zone;
use engine::dashboard::{ObjectStat, UserStat};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::encode_segment;
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

#[component]
pub fn ObjectTable(
    name: &'static str,
    #[prop(into)] caption: String,
    #[prop(into)] rows: Signal<Vec<ObjectStat>>,
    #[prop(into)] zone: Signal<Zone>,
    #[prop(optional, into)] sort: Option<Signal<String>>,
) -> impl IntoView {
    let link = use_link();
    view! {
        <div class="table-scroll">
            <table class="data-table" data-table=name>
                <caption class="visually-hidden">{caption}</caption>
                <thead>
                    <tr>
                        <Header label="Type" column="type" sort=sort numeric=false />
                        <Header label="Object" column="id" sort=sort numeric=false />
                        <Header label="Actions" column="actions" sort=sort numeric=true />
                        <Header label="Users" column="users" sort=sort numeric=true />
                        <Header label="Last action" column="last" sort=sort numeric=true />
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        let zone = zone.get();
                        rows.with(|rows| {
                            rows.iter()
                                .map(|o| {
                                    let href = link(&object_path(o.kind, &o.id));
                                    let id = o.id.clone();
                                    view! {
                                        <tr>
                                            <td>{o.kind.label()}</td>
                                            <th scope="row"><A href=href>{id}</A></th>
                                            <td class="num">{o.actions.to_string()}</td>
                                            <td class="num">{o.users.to_string()}</td>
                                            <td class="num nowrap">{short_time(zone, o.last)}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()
                        })
                    }}
                </tbody>
            </table>
        </div>
    }
}

#[component]
pub fn UserTable(
    name: &'static str,
    #[prop(into)] caption: String,
    #[prop(into)] rows: Signal<Vec<UserStat>>,
    #[prop(into)] zone: Signal<Zone>,
    #[prop(optional, into)] sort: Option<Signal<String>>,
) -> impl IntoView {
    let link = use_link();
    view! {
        <div class="table-scroll">
            <table class="data-table" data-table=name>
                <caption class="visually-hidden">{caption}</caption>
                <thead>
                    <tr>
                        <Header label="User" column="user" sort=sort numeric=false />
                        <Header label="Actions" column="actions" sort=sort numeric=true />
                        <Header label="Objects" column="objects" sort=sort numeric=true />
                        <Header label="Last action" column="last" sort=sort numeric=true />
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        let zone = zone.get();
                        rows.with(|rows| {
                            rows.iter()
                                .map(|u| {
                                    let href = link(&user_path(&u.user));
                                    let user = u.user.clone();
                                    view! {
                                        <tr>
                                            <th scope="row"><A href=href>{user}</A></th>
                                            <td class="num">{u.actions.to_string()}</td>
                                            <td class="num">{u.objects.to_string()}</td>
                                            <td class="num nowrap">{short_time(zone, u.last)}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()
                        })
                    }}
                </tbody>
            </table>
        </div>
    }
}
