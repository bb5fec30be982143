//! The full lists behind *Show more* (`/objects`, `/users`): their search box and type filter,
//! and the list they select, sorted and paged, all from the URL (`q`, `type`, `sort`, `page`).

use engine::dashboard::Dashboard;
use engine::stats::{sort_by_column, Sortable};
use engine::ObjectType;
use leptos::prelude::*;

use crate::components::pager::use_pages;
use crate::components::search_box::SearchBox;
use crate::query::sort_param;
use crate::state::{filter_change, use_log_data, use_query_value, use_query_writer};

/// The search box and the object-type filter of a full list, both kept in the URL (`q`,
/// `type`); changing either goes back to the first page.
#[component]
pub fn ListFilters(
    search_label: &'static str,
    placeholder: &'static str,
    type_label: &'static str,
    any_type: &'static str,
) -> impl IntoView {
    let write = use_query_writer();
    let kind = use_query_value("type");
    let on_kind = move |ev| write(&filter_change("type", event_target_value(&ev)), false);
    view! {
        <div class="toolbar">
            <SearchBox label=search_label placeholder=placeholder />
            <label class="field">
                <span class="field__label">{type_label}</span>
                <select name="type" on:change=on_kind prop:value=move || kind.get().unwrap_or_default()>
                    <option value="" selected=move || kind.get().is_none()>{any_type}</option>
                    {ObjectType::ALL.into_iter().map(|k| view! {
                        <option value=k.name() selected=move || kind.get().as_deref() == Some(k.name())>{crate::labels::type_plural(k)}</option>
                    }).collect_view()}
                </select>
            </label>
        </div>
    }
}

/// A full list as the page shows it: how many lines match, the page shown, its lines, and the
/// sort in force: the URL's `sort` when it names a column, else `-actions`.
pub struct SortedList<T: Send + Sync + 'static> {
    pub count: Signal<usize>,
    pub page: Signal<usize>,
    pub rows: Signal<Vec<T>>,
    pub sort: Signal<String>,
    /// Every matching line, sorted, not only the page (what a download holds).
    pub all: Memo<Option<Vec<T>>>,
}

/// The list `select` gives for the dashboard, the type filter and the lowercased search text,
/// sorted by the URL's `sort` (a name of `columns`; by default most actions first), then paged.
pub fn use_sorted_list<T, S>(
    columns: &'static [(&'static str, T::Column)],
    default: T::Column,
    select: S,
) -> SortedList<T>
where
    T: Sortable + Clone + Send + Sync + 'static,
    T::Column: Send + Sync,
    S: Fn(&Dashboard, Option<ObjectType>, &str) -> Option<Vec<T>> + Send + Sync + 'static,
{
    let data = use_log_data();
    let search = use_query_value("q");
    let kind = use_query_value("type");
    let sort = use_query_value("sort");
    // A new list always counts as changed: comparing two would cost more than it saves.
    let listed = Memo::new_with_compare(
        move |_| {
            let dashboard = data.dashboard.get()?;
            let needle = search.get().unwrap_or_default().trim().to_lowercase();
            let kind = kind.get().as_deref().and_then(ObjectType::from_name);
            let mut list = select(&dashboard, kind, &needle)?;
            let (by, descending) = sort_param(sort.get().as_deref(), columns, (default, true));
            sort_by_column(&mut list, by, descending);
            Some(list)
        },
        |_, _| true,
    );
    let (count, page, rows) = use_pages(listed);
    // What the headers and the summary show is the sort applied: `sort=bogus` is most actions
    // first, as the rows are.
    let sort = Signal::derive(move || {
        sort.get()
            .filter(|asked| {
                let name = asked.strip_prefix('-').unwrap_or(asked);
                columns.iter().any(|(column, _)| *column == name)
            })
            .unwrap_or_else(|| "-actions".into())
    });
    SortedList {
        count,
        page,
        rows,
        sort,
        all: listed,
    }
}
