//! The frame of an object's or a user's history page: a way back to the list, the heading, a
//! summary, the actions over time, a table of who or what, and every action.
//!
//! Its figures come from the subject's groups, finalized as the dashboard's are: counted from
//! the loaded log's rows in browser mode, asked of the portal (`group_by` with the subject's
//! condition) in portal mode. Its events are the loaded log's rows, or, in portal mode, asked a
//! page at a time as `/log`'s are.

use std::sync::Arc;

use engine::dashboard::Dashboard;
use engine::filter::window_rows;
use engine::groups::Groups;
use engine::search::newest_first;
use engine::series::TimeSeries;
use engine::{IndexedLog, ObjectType, SeriesMode};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::downloads::{save_table, FetchedDownloads};
use crate::components::history::{Counterpart, History, HistoryChart};
use crate::components::PageTitle;
use crate::state::{use_link, use_log_data, use_query_value, LoadedLog};

/// What a history page shows, computed once per log, filter and subject.
pub struct HistoryData<T> {
    /// The subject's rows in the loaded log, newest first (browser mode; in portal mode its
    /// events come a page at a time).
    pub rows: Vec<u32>,
    /// Its actions in the window and workspace.
    pub actions: usize,
    pub series: TimeSeries,
    /// Who or what the other side of its actions is (users of an object, objects of a user).
    pub counterparts: T,
}

/// The subject of a history: which rows of a loaded log are its own, and the same as an ODSQL
/// condition for the portal (both none when the subject is not valid), with its object type
/// (none for a user).
pub struct Subject<S, Q> {
    pub select: S,
    pub condition: Q,
    pub kind: Option<Memo<Option<ObjectType>>>,
}

/// The history of a subject: its series by `mode` and its `counterparts`, from its groups in
/// either mode.
pub fn use_history<T, S, Q, C>(
    mode: SeriesMode,
    subject: Subject<S, Q>,
    counterparts: C,
) -> Memo<Option<Arc<HistoryData<T>>>>
where
    T: Send + Sync + 'static,
    S: Fn(&IndexedLog, &[u32]) -> Option<Vec<u32>> + Send + Sync + 'static,
    Q: Fn() -> Option<String> + Send + Sync + 'static,
    C: Fn(&Dashboard) -> T + Send + Sync + 'static,
{
    let data = use_log_data();
    let on_portal = Memo::new(move |_| data.on_portal());
    let asked = RwSignal::new(None::<Arc<Groups>>);
    let condition = Memo::new(move |_| (subject.condition)());
    let kind = subject.kind;
    let asking = Memo::new(move |_| {
        let kind = kind.and_then(|kind| kind.get());
        condition.get().map(|condition| (condition, kind))
    });
    #[cfg(target_arch = "wasm32")]
    ask_subject_groups(data, on_portal, asking, asked);
    #[cfg(not(target_arch = "wasm32"))]
    let _ = asking;
    let select = subject.select;
    // A new history always counts as changed: comparing two would cost more than it saves.
    Memo::new_with_compare(
        move |_| {
            let filter = data.filter.get();
            let (groups, rows) = match on_portal.get() {
                true => (asked.get()?, Vec::new()),
                false => {
                    let loaded = data.ready()?;
                    let log = &loaded.log;
                    let in_window = window_rows(log, &filter.window, filter.workspace.as_deref());
                    let rows = select(log, &in_window)?;
                    let groups = Arc::new(Groups::of_rows(log, &rows));
                    (groups, newest_first(&log.store, &rows))
                }
            };
            let dashboard = groups.dashboard(&filter.window, mode, &Default::default());
            Some(Arc::new(HistoryData {
                rows,
                actions: dashboard.kpis.actions,
                series: dashboard.series.clone(),
                counterparts: counterparts(&dashboard),
            }))
        },
        |_, _| true,
    )
}

/// Portal mode: the subject's groups in the window and workspace, asked again when the filters
/// or the subject change (or on Retry).
#[cfg(target_arch = "wasm32")]
fn ask_subject_groups(
    data: crate::state::LogData,
    on_portal: Memo<bool>,
    asking: Memo<Option<(String, Option<ObjectType>)>>,
    asked: RwSignal<Option<Arc<Groups>>>,
) {
    use crate::state::aggregated::{Kept, Wanted};
    let kept = Kept::new();
    let latest = crate::state::latest::Latest::new();
    Effect::new(move |_| {
        if !on_portal.get() {
            return;
        }
        let retries = data.retry_count();
        let Some((condition, kind)) = asking.get() else {
            asked.set(None);
            return;
        };
        let filter = data.filter.get();
        let zone = data.view.get().zone;
        let source = data.source.get();
        let ticket = latest.next();
        // The view is not ready until its figures are in.
        let shown = data.start_asking("history");
        on_cleanup(move || data.finish_asking("history", Ok(None)));
        leptos::task::spawn_local(async move {
            let subject = (&filter, Some((condition.as_str(), kind)));
            let answer = kept
                .groups(&source, subject, zone, retries, Wanted::Counts)
                .await;
            if !ticket.is_current() {
                return;
            }
            data.finish_asking(
                "history",
                answer.map(|held| {
                    asked.set(Some(held.groups));
                    shown
                }),
            );
        });
    });
}

/// The page around a history: an object's when the counterparts are users, a user's when they
/// are objects, which names its tables (`object-actions`, `object-log` or `user-actions`,
/// `user-log`); `children` is the counterparts' table; `condition` the subject as an ODSQL
/// condition (portal mode lists its events from the portal).
#[component]
pub fn HistoryPage<T: Send + Sync + 'static>(
    /// The list the page belongs to, and its link's text.
    back: (&'static str, &'static str),
    #[prop(into)] title: Signal<String>,
    #[prop(into)] summary: Signal<String>,
    history: Memo<Option<Arc<HistoryData<T>>>>,
    #[prop(into)] condition: Signal<Option<String>>,
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
    let series = Signal::derive(move || history.with(|h| h.as_ref().map(|h| h.series.clone())));
    let on_portal = Memo::new(move |_| data.on_portal());
    let events = move || match on_portal.get() {
        true => view! { <PortalHistory name=log_table condition counterpart /> }.into_any(),
        false => view! { <LoadedHistory name=log_table history counterpart /> }.into_any(),
    };
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
            {events}
        </section>
    }
}

/// Every action of the subject from the loaded log, paged in the browser, with its downloads.
#[component]
fn LoadedHistory<T: Send + Sync + 'static>(
    name: &'static str,
    history: Memo<Option<Arc<HistoryData<T>>>>,
    counterpart: Counterpart,
) -> impl IntoView {
    let data = use_log_data();
    let log = Signal::derive(move || data.ready());
    let rows = Signal::derive(move || {
        history.with(|h| h.as_ref().map(|h| h.rows.clone()).unwrap_or_default())
    });
    view! {
        <History name=name log=log rows=rows counterpart=counterpart />
        <crate::components::Downloads name=name what=crate::i18n::t("history.download_what") table=move || {
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
    }
}

/// Every action of the subject asked of the portal a page at a time (portal mode); its
/// downloads ask for all of them when pressed.
#[component]
fn PortalHistory(
    name: &'static str,
    condition: Signal<Option<String>>,
    counterpart: Counterpart,
) -> impl IntoView {
    let data = use_log_data();
    let page_param = use_query_value("page");
    let shown = RwSignal::new(None::<(Arc<LoadedLog>, usize)>);
    crate::state::event_pages::fetch_pages(data, page_param, condition, shown);
    let log = Signal::derive(move || shown.with(|s| s.as_ref().map(|(log, _)| log.clone())));
    let rows = Signal::derive(move || {
        shown.with(|s| {
            s.as_ref().map_or_else(Vec::new, |(log, _)| {
                (0..log.log.store.len() as u32).collect()
            })
        })
    });
    let total = Signal::derive(move || shown.with(|s| s.as_ref().map_or(0, |(_, total)| *total)));
    let save = save_table(Signal::derive(move || name));
    let failed = RwSignal::new(None);
    let fetch = move |extension: &'static str| {
        let Some(condition) = condition.get_untracked() else {
            return;
        };
        let (filter, zone, source) = (
            data.filter.get_untracked(),
            data.view.get_untracked().zone,
            data.source.get_untracked(),
        );
        leptos::task::spawn_local(async move {
            let query =
                crate::api::aggregates::rows_query(&source.dataset, &filter, zone, &condition);
            let auth = crate::credentials::auth_for(&source.portal);
            let url = query.url(&source.portal);
            // A download that fails says so beside its buttons; the page keeps its figures.
            match crate::api::fetch_log(&url, &source.portal, &auth, None, |_, _| {}).await {
                Ok(rows) => {
                    let every: Vec<u32> = (0..rows.store.len() as u32).collect();
                    let ordered = newest_first(&rows.store, &every);
                    let table = crate::export::history_table(
                        &rows.store,
                        &ordered,
                        zone,
                        counterpart == Counterpart::User,
                    );
                    save(extension, table);
                }
                Err(error) => failed.set(Some(error)),
            }
        });
    };
    view! {
        <History name=name log=log rows=rows counterpart=counterpart total=total />
        <FetchedDownloads what=crate::i18n::t("history.download_what") fetch=fetch failed=failed />
    }
}
