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
use crate::state::{use_link, use_log_data, LoadedLog};

/// What a history page shows, computed once per log, filter and subject.
pub struct HistoryData<T> {
    /// The subject's rows in the window and workspace, newest first.
    pub rows: Vec<u32>,
    pub series: TimeSeries,
    /// Who or what the other side of its actions is (users of an object, objects of a user).
    pub counterparts: T,
}

/// The history of the subject whose rows `select` picks among the window's rows of `log` (none
/// when the subject is not valid), with its series by `mode` and the `counterparts` of its rows.
pub fn use_history<T, S, C>(
    log: Signal<Option<Arc<LoadedLog>>>,
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
            let loaded = log.get()?;
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

/// The log a history is drawn from: the loaded log; in portal mode, the subject's own rows in
/// the window and workspace, fetched with `condition` (an ODSQL `where`; none for a subject that
/// is not valid) and asked again when the filters change.
pub fn use_subject_log(
    condition: impl Fn() -> Option<String> + Send + Sync + 'static,
) -> Signal<Option<Arc<LoadedLog>>> {
    let data = use_log_data();
    let fetched = RwSignal::new(None::<Arc<LoadedLog>>);
    let on_portal = Memo::new(move |_| data.on_portal());
    #[cfg(target_arch = "wasm32")]
    fetch_subject_rows(data, on_portal, condition, fetched);
    #[cfg(not(target_arch = "wasm32"))]
    let _ = condition;
    Signal::derive(move || {
        if on_portal.get() {
            fetched.get()
        } else {
            data.ready()
        }
    })
}

#[cfg(target_arch = "wasm32")]
fn fetch_subject_rows(
    data: crate::state::LogData,
    on_portal: Memo<bool>,
    condition: impl Fn() -> Option<String> + Send + Sync + 'static,
    fetched: RwSignal<Option<Arc<LoadedLog>>>,
) {
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        if !on_portal.get() {
            return;
        }
        data.track_retries();
        let Some(condition) = condition() else {
            fetched.set(None);
            return;
        };
        let filter = data.filter.get();
        let zone = data.view.get().zone;
        let source = data.source.get();
        generation.update_value(|g| *g += 1);
        let this = generation.get_value();
        // The view is not ready until its rows are in.
        let shown = data.start_asking();
        leptos::task::spawn_local(async move {
            let query =
                crate::api::aggregates::rows_query(&source.dataset, &filter, zone, &condition);
            let auth = crate::credentials::auth_for(&source.portal);
            let url = query.url(&source.portal);
            let answer = crate::api::fetch_log(&url, &source.portal, &auth, None, |_, _| {}).await;
            if generation.try_get_value() != Some(this) {
                return;
            }
            let answer = answer.map(|rows| {
                fetched.set(Some(Arc::new(LoadedLog::new(
                    rows.store,
                    rows.report,
                    zone,
                ))));
                shown
            });
            data.finish_asking(answer);
        });
    });
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
    /// The log the history is drawn from ([`use_subject_log`]).
    log: Signal<Option<Arc<LoadedLog>>>,
    chart_label: &'static str,
    counterparts_title: &'static str,
    counterpart: Counterpart,
    children: Children,
) -> impl IntoView {
    let link = use_link();
    let (subject, chart_table, log_table) = match counterpart {
        Counterpart::User => ("object", "object-actions", "object-log"),
        Counterpart::Object => ("user", "user-actions", "user-log"),
    };
    let id = |part: &str| format!("{subject}-{part}-title");
    let rows = Signal::derive(move || {
        history.with(|h| h.as_ref().map(|h| h.rows.clone()).unwrap_or_default())
    });
    let series = Signal::derive(move || history.with(|h| h.as_ref().map(|h| h.series.clone())));
    view! {
        <p class="breadcrumb"><A href=move || link(back.0)>{back.1}</A></p>
        <PageTitle text=title />
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
            <History name=log_table log=log rows=rows counterpart=counterpart />
            <crate::components::Downloads name=log_table what=crate::i18n::t("history.download_what") table=move || {
                match log.get_untracked() {
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
