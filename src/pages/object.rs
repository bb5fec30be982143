//! `/objects/<type>/<id>`: one object's history in the window — its actions over time, who did
//! them, and every action with its diff.

use std::sync::Arc;

use engine::dashboard::{
    actions_over_time, count_by_text, rows_of_object, window_rows, TimeSeries,
};
use engine::search::newest_first;
use engine::{ObjectType, SeriesMode, TextField};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::components::history::{Counterpart, History, HistoryChart};
use crate::components::tables::user_path;
use crate::state::{use_link, use_log_data};

/// What the page shows, computed once per log, filter and object.
struct ObjectHistory {
    /// Newest first.
    rows: Vec<u32>,
    series: TimeSeries,
    users: Vec<(String, u64)>,
}

#[component]
pub fn ObjectPage() -> impl IntoView {
    let data = use_log_data();
    let params = use_params_map();
    let link = use_link();
    let kind_name = Memo::new(move |_| params.with(|p| p.get("kind").unwrap_or_default()));
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let kind = Memo::new(move |_| ObjectType::from_name(&kind_name.get()));
    let history = Memo::new_with_compare(
        move |_| {
            let loaded = data.ready()?;
            let kind = kind.get()?;
            let filter = data.filter.get();
            let log = &loaded.log;
            let in_window = window_rows(log, &filter.window, filter.workspace.as_deref());
            let rows = match log.objects.find(&log.store, kind, &id.get()) {
                Some(object) => rows_of_object(log, &in_window, object),
                None => Vec::new(),
            };
            Some(Arc::new(ObjectHistory {
                series: actions_over_time(log, &rows, &filter.window, SeriesMode::Action),
                users: count_by_text(log, &rows, TextField::UserId),
                rows: newest_first(&log.store, &rows),
            }))
        },
        |_, _| true,
    );
    let title = move || match kind.get() {
        Some(kind) => format!("{} {}", kind.label(), id.get()),
        None => format!("Unknown object type {:?}", kind_name.get()),
    };
    let summary = move || {
        history.with(|h| match h {
            None if kind.get().is_none() => {
                "Object types are dataset, page, map, group, reuse, user and workspace.".to_string()
            }
            None => String::new(),
            Some(h) if h.rows.is_empty() => {
                "No action on this object in the selected window and workspace.".into()
            }
            Some(h) => format!(
                "{} actions by {} users in the window.",
                h.rows.len(),
                h.users.len()
            ),
        })
    };
    let loaded = Signal::derive(move || data.ready());
    let rows = Signal::derive(move || {
        history.with(|h| h.as_ref().map(|h| h.rows.clone()).unwrap_or_default())
    });
    let series = Signal::derive(move || history.with(|h| h.as_ref().map(|h| h.series.clone())));

    view! {
        <p class="breadcrumb"><A href=move || link("/objects")>"All objects"</A></p>
        <h1 class="page-title">{title}</h1>
        <p class="summary" role="status">{summary}</p>
        <section class="card" aria-labelledby="object-time-title">
            <h2 id="object-time-title">"Actions over time"</h2>
            <HistoryChart name="object-actions" label="This object's actions per day, by action" series=series />
        </section>
        <section class="card" aria-labelledby="object-users-title">
            <h2 id="object-users-title">"Who did them"</h2>
            <div class="table-scroll">
                <table class="data-table" data-table="object-users">
                    <thead><tr><th scope="col">"User"</th><th scope="col" class="num">"Actions"</th></tr></thead>
                    <tbody>
                        {move || history.with(|h| h.as_ref().map(|h| h.users.iter().map(|(user, count)| {
                            let href = link(&user_path(user));
                            let user = user.clone();
                            view! { <tr><th scope="row"><A href=href>{user}</A></th><td class="num">{count.to_string()}</td></tr> }
                        }).collect_view()))}
                    </tbody>
                </table>
            </div>
        </section>
        <section class="card" aria-labelledby="object-log-title">
            <h2 id="object-log-title">"Every action"</h2>
            <History name="object-log" log=loaded rows=rows counterpart=Counterpart::User />
        </section>
    }
}
