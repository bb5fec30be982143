//! `/users`: every active user of the view (the list behind *Show more*), with a search, a
//! filter on the type of object they touched, sortable columns and pages.

use engine::dashboard::{sort_users, user_stats, UserSort};
use engine::ObjectType;
use leptos::prelude::*;

use crate::components::list_filters::ListFilters;
use crate::components::pager::{use_pages, Pager};
use crate::components::UserTable;
use crate::query::sort_param;
use crate::state::{use_log_data, use_query_value};

const COLUMNS: [(&str, UserSort); 4] = [
    ("user", UserSort::User),
    ("actions", UserSort::Actions),
    ("objects", UserSort::Objects),
    ("last", UserSort::Last),
];

#[component]
pub fn Users() -> impl IntoView {
    let data = use_log_data();
    let search = use_query_value("q");
    let kind = use_query_value("type");
    let sort = use_query_value("sort");
    let listed = Memo::new_with_compare(
        move |_| {
            let d = data.dashboard.get()?;
            let needle = search.get().unwrap_or_default().trim().to_lowercase();
            let mut list = match kind.get().as_deref().and_then(ObjectType::from_name) {
                None => d.users.clone(),
                // Only their actions on that type of object.
                Some(kind) => {
                    let loaded = data.ready()?;
                    let rows: Vec<u32> = d
                        .rows
                        .iter()
                        .copied()
                        .filter(|&row| loaded.log.objects.kind_of_row(row as usize) == kind)
                        .collect();
                    user_stats(&loaded.log, &rows)
                }
            };
            list.retain(|u| needle.is_empty() || u.user.to_lowercase().contains(&needle));
            let (by, descending) =
                sort_param(sort.get().as_deref(), &COLUMNS, (UserSort::Actions, true));
            sort_users(&mut list, by, descending);
            Some(list)
        },
        |_, _| true,
    );
    let (count, page, rows) = use_pages(listed);
    let zone = Signal::derive(move || data.view.get().zone);
    let sort_signal = Signal::derive(move || sort.get().unwrap_or_else(|| "-actions".into()));

    view! {
        <h1 class="page-title">"Active users"</h1>
        <ListFilters search_label="Search users" placeholder="user id…" type_label="Acted on" any_type="Any object" />
        <p class="summary" role="status" aria-live="polite">{move || format!("{} users.", count.get())}</p>
        <UserTable name="users" caption="Every active user" rows=rows zone=zone sort=sort_signal />
        <Pager page=page rows=count />
    }
}
