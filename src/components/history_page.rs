//! The frame of an object's or a user's history page: a way back to the list, the heading, a
//! summary, the actions over time, a table of who or what, and every action.

use std::sync::Arc;

use engine::filter::window_rows;
use engine::search::newest_first;
use engine::series::{actions_over_time, TimeSeries};
use engine::{IndexedLog, SeriesMode};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::history::{Counterpart, History, HistoryChart};
use crate::components::PageTitle;
use crate::state::{use_link, use_log_data};

/// What a history page shows, computed once per log, filter and subject.
pub struct HistoryData<T> {
    /// The subject's rows in the window and workspace, newest first.
    pub rows: Vec<u32>,
    pub series: TimeSeries,
    /// Who or what the other side of its actions is (users of an object, objects of a user).
    pub counterparts: T,
}

/// The history of the subject whose rows `select` picks among the window's (none when the
/// subject is not valid), with its series by `mode` and the `counterparts` of its rows.
pub fn use_history<T, S, C>(
    mode: SeriesMode,
    select: S,
    counterparts: C,
) -> Memo<Option<Arc<HistoryData<T>>>>
where
    T: Send + Sync + 'static,
    S: Fn(&IndexedLog, &[u32]) -> Option<Vec<u32>> + Send + Sync + 'static,
    C: Fn(&IndexedLog, &[u32]) -> T + Send + Sync + 'static,
{
    let data = use_log_data();
    // A new history always counts as changed: comparing two would cost more than it saves.
    Memo::new_with_compare(
        move |_| {
            let loaded = data.ready()?;
            let filter = data.filter.get();
            let log = &loaded.log;
            let in_window = window_rows(log, &filter.window, filter.workspace.as_deref());
            let rows = select(log, &in_window)?;
            Some(Arc::new(HistoryData {
                series: actions_over_time(log, &rows, &filter.window, mode),
                counterparts: counterparts(log, &rows),
                rows: newest_first(&log.store, &rows),
            }))
        },
        |_, _| true,
    )
}

/// The page around a history: an object's when the counterparts are users, a user's when they
/// are objects, which names its tables (`object-actions`, `object-log` or `user-actions`,
/// `user-log`); `children` is the counterparts' table.
#[component]
pub fn HistoryPage<T: Send + Sync + 'static>(
    /// The list the page belongs to, and its link's text.
    back: (&'static str, &'static str),
    #[prop(into)] title: Signal<String>,
    #[prop(into)] summary: Signal<String>,
    history: Memo<Option<Arc<HistoryData<T>>>>,
    chart_label: &'static str,
    counterparts_title: &'static str,
    counterpart: Counterpart,
    children: Children,
) -> impl IntoView {
    let data = use_log_data();
    let link = use_link();
    let (subject, chart_table, log_table) = match counterpart {
        Counterpart::User => ("object", "object-actions", "object-log"),
        Counterpart::Object => ("user", "user-actions", "user-log"),
    };
    let id = |part: &str| format!("{subject}-{part}-title");
    let loaded = Signal::derive(move || data.ready());
    let rows = Signal::derive(move || {
        history.with(|h| h.as_ref().map(|h| h.rows.clone()).unwrap_or_default())
    });
    let series = Signal::derive(move || history.with(|h| h.as_ref().map(|h| h.series.clone())));
    view! {
        <p class="breadcrumb"><A href=move || link(back.0)>{back.1}</A></p>
        <PageTitle text=title />
        <crate::components::NeedsEvents />
        <p class="summary" role="status">{summary}</p>
        <section class="card" aria-labelledby=id("time")>
            <h2 id=id("time")>{crate::i18n::t("history.over_time")}</h2>
            <HistoryChart name=chart_table label=chart_label series=series />
        </section>
        <section class="card" aria-labelledby=id("counterparts")>
            <h2 id=id("counterparts")>{counterparts_title}</h2>
            {children()}
        </section>
        <section class="card" aria-labelledby=id("log")>
            <h2 id=id("log")>{crate::i18n::t("history.every_action")}</h2>
            <History name=log_table log=loaded rows=rows counterpart=counterpart />
            <crate::components::Downloads name=log_table what=crate::i18n::t("history.download_what") table=move || {
                match loaded.get_untracked() {
                    Some(log) => crate::export::history_table(
                        &log.log.store,
                        &rows.get_untracked(),
                        log.zone(),
                        counterpart == Counterpart::User,
                    ),
                    None => Default::default(),
                }
            } />
        </section>
    }
}
