//! `/objects`: every object of the view (the list behind *Show more*), with a search on its id,
//! a type filter, sortable columns and pages. Follows the dashboard's filters.

use engine::stats::ObjectSort;
use leptos::prelude::*;

use crate::components::PageTitle;
use crate::i18n::{t, tf};
use crate::numbers::grouped;

use crate::components::list_filters::{use_sorted_list, ListFilters};
use crate::components::pager::Pager;
use crate::components::{Downloads, ObjectTable};
use crate::state::use_log_data;

/// The URL's `sort` names.
const SORTS: [(&str, ObjectSort); 5] = [
    ("type", ObjectSort::Type),
    ("id", ObjectSort::Id),
    ("actions", ObjectSort::Actions),
    ("users", ObjectSort::Users),
    ("last", ObjectSort::Last),
];

#[component]
pub fn Objects() -> impl IntoView {
    let data = use_log_data();
    // The search matches an object's id, and a dataset's title too.
    let list = use_sorted_list(
        &SORTS,
        ObjectSort::Actions,
        move |dashboard, kind, needle| {
            let titles = data.titles.get();
            let matches = |o: &&engine::stats::ObjectStat| {
                needle.is_empty()
                    || o.id.to_lowercase().contains(needle)
                    || titles
                        .name_of(o.kind, &o.id)
                        .is_some_and(|t| t.to_lowercase().contains(needle))
            };
            let matching = dashboard
                .objects
                .iter()
                .filter(|o| kind.is_none_or(|k| o.kind == k))
                .filter(matches);
            Some(matching.cloned().collect())
        },
    );
    let zone = Signal::derive(move || data.view.get().zone);
    let sort = list.sort;
    let all = list.all;
    view! {
        <PageTitle text=t("objects.title") />
        <ListFilters search_label=t("objects.search") placeholder=t("objects.placeholder") type_label=t("column.type") any_type=t("objects.all_types") />
        <p class="summary" role="status" aria-live="polite">
            {move || tf("objects.summary", &[("count", &grouped(list.count.get() as u64)), ("sort", &describe_sort(&sort.get()))])}
        </p>
        <ObjectTable name="objects" caption=t("objects.caption") rows=list.rows zone=zone sort=sort />
        <Downloads name="objects" what=t("objects.download_what") table=move || {
            crate::export::objects_table(&all.get_untracked().unwrap_or_default(), zone.get_untracked())
        } />
        <Pager page=list.page rows=list.count />
    }
}

fn describe_sort(sort: &str) -> String {
    let (name, direction) = match sort.strip_prefix('-') {
        Some(name) => (name, t("sort.descending")),
        None => (sort, t("sort.ascending")),
    };
    let column = match name {
        "type" => t("sort.type"),
        "id" => t("sort.object"),
        "users" => t("sort.users"),
        "last" => t("sort.last"),
        _ => t("sort.actions"),
    };
    tf(
        "sort.described",
        &[("column", column), ("direction", direction)],
    )
}
