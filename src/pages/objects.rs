//! `/objects`: every object of the view (the list behind *Show more*), with a search on its id,
//! a type filter, sortable columns and pages. Follows the dashboard's filters.

use engine::dashboard::{sort_objects, ObjectSort, ObjectStat};
use engine::ObjectType;
use leptos::prelude::*;

use crate::components::list_filters::ListFilters;
use crate::components::pager::{use_pages, Pager};
use crate::components::ObjectTable;
use crate::query::sort_param;
use crate::state::{use_log_data, use_query_value};

const COLUMNS: [(&str, ObjectSort); 5] = [
    ("type", ObjectSort::Type),
    ("id", ObjectSort::Id),
    ("actions", ObjectSort::Actions),
    ("users", ObjectSort::Users),
    ("last", ObjectSort::Last),
];

#[component]
pub fn Objects() -> impl IntoView {
    let data = use_log_data();
    let search = use_query_value("q");
    let kind = use_query_value("type");
    let sort = use_query_value("sort");
    let listed = Memo::new_with_compare(
        move |_| {
            let d = data.dashboard.get()?;
            let needle = search.get().unwrap_or_default().trim().to_lowercase();
            let kind = kind.get().as_deref().and_then(ObjectType::from_name);
            let mut list: Vec<ObjectStat> = d
                .objects
                .iter()
                .filter(|o| kind.is_none_or(|k| o.kind == k))
                .filter(|o| needle.is_empty() || o.id.to_lowercase().contains(&needle))
                .cloned()
                .collect();
            let (by, descending) =
                sort_param(sort.get().as_deref(), &COLUMNS, (ObjectSort::Actions, true));
            sort_objects(&mut list, by, descending);
            Some(list)
        },
        |_, _| true,
    );
    let (count, page, rows) = use_pages(listed);
    let zone = Signal::derive(move || data.view.get().zone);
    let sort_signal = Signal::derive(move || sort.get().unwrap_or_else(|| "-actions".into()));

    view! {
        <h1 class="page-title">"Modified datasets, pages and workspaces"</h1>
        <ListFilters search_label="Search objects" placeholder="dataset, page, workspace id…" type_label="Type" any_type="All types" />
        <p class="summary" role="status" aria-live="polite">
            {move || format!("{} objects, sorted by {}.", count.get(), describe_sort(&sort_signal.get()))}
        </p>
        <ObjectTable name="objects" caption="Every modified object" rows=rows zone=zone sort=sort_signal />
        <Pager page=page rows=count />
    }
}

fn describe_sort(sort: &str) -> String {
    let (name, direction) = match sort.strip_prefix('-') {
        Some(name) => (name, "descending"),
        None => (sort, "ascending"),
    };
    let column = match name {
        "type" => "type",
        "id" => "object",
        "users" => "users",
        "last" => "last action",
        _ => "actions",
    };
    format!("{column}, {direction}")
}
