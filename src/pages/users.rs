//! `/users`: every active user of the view (the list behind *Show more*), with a search, a
//! filter on the type of object they touched, sortable columns and pages.

use engine::dashboard::{sort_users, user_stats, UserSort};
use engine::ObjectType;
use leptos::prelude::*;

use crate::components::pager::{clamp_page, Pager, PAGE_SIZE};
use crate::components::UserTable;
use crate::query::{page_number, sort_param};
use crate::state::{set, use_log_data, use_query_value, use_query_writer};

const COLUMNS: [(&str, UserSort); 4] = [
    ("user", UserSort::User),
    ("actions", UserSort::Actions),
    ("objects", UserSort::Objects),
    ("last", UserSort::Last),
];

#[component]
pub fn Users() -> impl IntoView {
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
        <h1 class="page-title">"Active users"</h1>
        <div class="toolbar">
            <label class="field field--grow">
                <span class="field__label">"Search users"</span>
                <input type="search" name="q" placeholder="user id…"
                    prop:value=move || search.get().unwrap_or_default() on:input=on_search />
            </label>
            <label class="field">
                <span class="field__label">"Acted on"</span>
                <select name="type" on:change=on_kind prop:value=move || kind.get().unwrap_or_default()>
                    <option value="" selected=move || kind.get().is_none()>"Any object"</option>
                    {ObjectType::ALL.into_iter().map(|k| view! {
                        <option value=k.name() selected=move || kind.get().as_deref() == Some(k.name())>{k.plural_label()}</option>
                    }).collect_view()}
                </select>
            </label>
        </div>
        <p class="summary" role="status" aria-live="polite">{move || format!("{} users.", count.get())}</p>
        <UserTable name="users" caption="Every active user" rows=rows zone=zone sort=sort_signal />
        <Pager page=page rows=count />
    }
}
