//! `/users`: every active user of the view (the list behind *Show more*), with a search, a
//! filter on the type of object they touched, sortable columns and pages.

use engine::stats::UserSort;
use leptos::prelude::*;

use crate::components::PageTitle;
use crate::i18n::{t, tf};
use crate::numbers::grouped;

use crate::components::list_filters::{use_sorted_list, ListFilters};
use crate::components::pager::Pager;
use crate::components::{Downloads, UserTable};
use crate::state::use_log_data;

/// The URL's `sort` names.
const SORTS: [(&str, UserSort); 4] = [
    ("user", UserSort::User),
    ("actions", UserSort::Actions),
    ("objects", UserSort::Objects),
    ("last", UserSort::Last),
];

#[component]
pub fn Users() -> impl IntoView {
    let data = use_log_data();
    let list = use_sorted_list(&SORTS, UserSort::Actions, move |dashboard, kind, needle| {
        let mut users = match kind {
            None => dashboard.users.clone(),
            // Only their actions on that type of object, from the window's groups.
            Some(kind) => {
                let groups = data.groups.get()?;
                data.filter
                    .with(|f| engine::groups::users_of_type(&groups, f.mode, &f.hidden, kind))
            }
        };
        users.retain(|u| needle.is_empty() || u.user.to_lowercase().contains(needle));
        Some(users)
    });
    let zone = Signal::derive(move || data.view.get().zone);
    let all = list.all;
    view! {
        <PageTitle text=t("dashboard.users.title") />
        <ListFilters search_label=t("users.search") placeholder=t("users.placeholder") type_label=t("users.acted_on") any_type=t("users.any_object") />
        <p class="summary" role="status" aria-live="polite">{move || tf("users.summary", &[("count", &grouped(list.count.get() as u64))])}</p>
        <UserTable name="users" caption=t("users.caption") rows=list.rows zone=zone sort=list.sort />
        <Downloads name="users" what=t("users.download_what") table=move || {
            crate::export::users_table(&all.get_untracked().unwrap_or_default(), zone.get_untracked())
        } />
        <Pager page=list.page rows=list.count />
    }
}
