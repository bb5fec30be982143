//! `/users/<id>`: one user's history in the window — their actions over time by object type,
//! the objects they touched (each linking to its page), and every action with its diff.

use std::sync::Arc;

use engine::dashboard::{
    actions_over_time, object_stats, rows_of_user, window_rows, ObjectStat, TimeSeries,
};
use engine::search::newest_first;
use engine::SeriesMode;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::components::history::{Counterpart, History, HistoryChart};
use crate::components::ObjectTable;
use crate::state::{use_link, use_log_data};

struct UserHistory {
    /// Newest first.
    rows: Vec<u32>,
    series: TimeSeries,
    objects: Vec<ObjectStat>,
}

#[component]
pub fn UserPage() -> impl IntoView {
    let data = use_log_data();
    let params = use_params_map();
    let link = use_link();
    let user = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let history = Memo::new_with_compare(
        move |_| {
            let loaded = data.ready()?;
            let filter = data.filter.get();
            let log = &loaded.log;
            let in_window = window_rows(log, &filter.window, filter.workspace.as_deref());
            let rows = rows_of_user(log, &in_window, &user.get());
            Some(Arc::new(UserHistory {
                series: actions_over_time(log, &rows, &filter.window, SeriesMode::ObjectType),
                objects: object_stats(log, &rows),
                rows: newest_first(&log.store, &rows),
            }))
        },
        |_, _| true,
    );
    let summary = move || {
        history.with(|h| match h {
            None => String::new(),
            Some(h) if h.rows.is_empty() => {
                "No action by this user in the selected window and workspace.".into()
            }
            Some(h) => format!(
                "{} actions on {} objects in the window.",
                h.rows.len(),
                h.objects.len()
            ),
        })
    };
    let loaded = Signal::derive(move || data.ready());
    let rows = Signal::derive(move || {
        history.with(|h| h.as_ref().map(|h| h.rows.clone()).unwrap_or_default())
    });
    let series = Signal::derive(move || history.with(|h| h.as_ref().map(|h| h.series.clone())));
    let objects = Signal::derive(move || {
        history.with(|h| h.as_ref().map(|h| h.objects.clone()).unwrap_or_default())
    });
    let zone = Signal::derive(move || data.view.get().zone);

    view! {
        <p class="breadcrumb"><A href=move || link("/users")>"All users"</A></p>
        <h1 class="page-title">{move || format!("User {}", user.get())}</h1>
        <p class="summary" role="status">{summary}</p>
        <section class="card" aria-labelledby="user-time-title">
            <h2 id="user-time-title">"Actions over time"</h2>
            <HistoryChart name="user-actions" label="This user's actions per day, by object type" series=series />
        </section>
        <section class="card" aria-labelledby="user-objects-title">
            <h2 id="user-objects-title">"Objects they modified"</h2>
            <ObjectTable name="user-objects" caption="Objects this user acted on" rows=objects zone=zone />
        </section>
        <section class="card" aria-labelledby="user-log-title">
            <h2 id="user-log-title">"Every action"</h2>
            <History name="user-log" log=loaded rows=rows counterpart=Counterpart::Object />
        </section>
    }
}
