//! `/objects`: every object of the view (the list behind *Show more*), with a search on its id,
//! a type filter, sortable columns and pages. Follows the dashboard's filters.

use engine::dashboard::{sort_objects, ObjectSort, ObjectStat};
use engine::ObjectType;
use leptos::prelude::*;

use crate::components::pager::{clamp_page, Pager, PAGE_SIZE};
use crate::components::ObjectTable;
use crate::query::{page_number, sort_param};
use crate::state::{set, use_log_data, use_query_value, use_query_writer};

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
    let write = use_query_writer();
    let search = use_query_value("q");
    let kind = use_query_value("type");
    let sort = use_query_value("sort");
    let page_param = use_query_value("page");
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
    let count = Signal::derive(move || listed.with(|l| l.as_ref().map_or(0, Vec::len)));
    let page =
        Signal::derive(move || clamp_page(page_number(page_param.get().as_deref()), count.get()));
    let rows = Signal::derive(move || {
        listed.with(|l| {
            l.as_ref()
                .map(|l| {
                    l.iter()
                        .skip((page.get() - 1) * PAGE_SIZE)
                        .take(PAGE_SIZE)
                        .cloned()
                        .collect()
                })
                .unwrap_or_default()
        })
    });
    let on_search = {
        let write = write.clone();
        move |ev| {
            let text = event_target_value(&ev);
            write(
                &[
                    set("q", (!text.is_empty()).then_some(text)),
                    set("page", None),
                ],
                true,
            );
        }
    };
    let on_kind = move |ev| {
        let value = event_target_value(&ev);
        write(
            &[
                set("type", (!value.is_empty()).then_some(value)),
                set("page", None),
            ],
            false,
        );
    };
    let zone = Signal::derive(move || data.view.get().zone);
    let sort_signal = Signal::derive(move || sort.get().unwrap_or_else(|| "-actions".into()));

    view! {
        <h1 class="page-title">"Modified datasets, pages and workspaces"</h1>
        <div class="toolbar">
            <label class="field field--grow">
                <span class="field__label">"Search objects"</span>
                <input type="search" name="q" placeholder="dataset, page, workspace id…"
                    prop:value=move || search.get().unwrap_or_default() on:input=on_search />
            </label>
            <label class="field">
                <span class="field__label">"Type"</span>
                <select name="type" on:change=on_kind prop:value=move || kind.get().unwrap_or_default()>
                    <option value="" selected=move || kind.get().is_none()>"All types"</option>
                    {ObjectType::ALL.into_iter().map(|k| view! {
                        <option value=k.name() selected=move || kind.get().as_deref() == Some(k.name())>{k.plural_label()}</option>
                    }).collect_view()}
                </select>
            </label>
        </div>
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
