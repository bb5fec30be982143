//! The frame of an object's or a user's history page: a way back to the list, the heading, a
//! summary, the actions over time, a table of who or what, and every action.
//!
//! Its figures come from the subject's groups, finalized as the dashboard's are; its events
//! from the subject's list (`state::subject`, the same for both ways the figures are had).

use std::sync::Arc;

use engine::dashboard::Dashboard;
use engine::series::TimeSeries;
use engine::SeriesMode;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::downloads::{save_table, FetchedDownloads};
use crate::components::history::{Counterpart, History, HistoryChart};
use crate::components::PageTitle;
use crate::i18n::t;
use crate::state::events::EventList;
use crate::state::subject::{use_subject, Subject};
use crate::state::{use_link, use_log_data};

/// What a history page shows, computed once per log, filter and subject.
pub struct HistoryData<T> {
    /// Its actions in the window and workspace.
    pub actions: usize,
    pub series: TimeSeries,
    /// Who or what the other side of its actions is (users of an object, objects of a user).
    pub counterparts: T,
}

/// A history as a page reads it: none until its groups are had.
pub type HistoryMemo<T> = Memo<Option<Arc<HistoryData<T>>>>;

/// The history of a subject: its series by `mode` and its `counterparts`, from its groups;
/// and its events.
pub fn use_history<T, S, Q, C>(
    mode: SeriesMode,
    subject: Subject<S, Q>,
    counterparts: C,
) -> (HistoryMemo<T>, EventList)
where
    T: Send + Sync + 'static,
    S: Fn(&engine::IndexedLog, &[u32]) -> Option<Vec<u32>> + Send + Sync + 'static,
    Q: Fn() -> Option<String> + Send + Sync + 'static,
    C: Fn(&Dashboard) -> T + Send + Sync + 'static,
{
    let data = use_log_data();
    let view = use_subject(subject);
    // A new history always counts as changed: comparing two would cost more than it saves.
    let history = Memo::new_with_compare(
        move |_| {
            let groups = view.groups.get()?;
            let window = data.filter.with(|filter| filter.window);
            let dashboard = groups.dashboard(&window, mode, &Default::default());
            Some(Arc::new(HistoryData {
                actions: dashboard.kpis.actions,
                series: dashboard.series.clone(),
                counterparts: counterparts(&dashboard),
            }))
        },
        |_, _| true,
    );
    (history, view.events)
}

/// The counterparts of a history's summary: the message's name for them, how many there are,
/// and their words for one and for many.
pub struct CounterpartCount<'a> {
    pub name: &'a str,
    pub count: usize,
    pub one: &'a str,
    pub many: &'a str,
}

/// A history's summary ("12 actions by 3 users"): `no_action` when it has none, else
/// `message` (a `tf` of the page's key) given its actions and its counterparts.
pub fn history_summary(
    actions: usize,
    no_action: &str,
    counterparts: CounterpartCount,
    message: impl Fn(&[(&str, &str)]) -> String,
) -> String {
    if actions == 0 {
        return no_action.to_string();
    }
    let actions = crate::numbers::counted(actions, t("count.action"), t("count.actions"));
    let CounterpartCount {
        name,
        count,
        one,
        many,
    } = counterparts;
    let others = crate::numbers::counted(count, one, many);
    message(&[("actions", &actions), (name, &others)])
}

/// The page around a history: an object's when the counterparts are users, a user's when they
/// are objects, which names its tables (`object-actions`, `object-log` or `user-actions`,
/// `user-log`); `children` is the counterparts' table; `events` the subject's events.
#[component]
pub fn HistoryPage<T: Send + Sync + 'static>(
    /// The list the page belongs to, and its link's text.
    back: (&'static str, &'static str),
    #[prop(into)] title: Signal<String>,
    #[prop(into)] summary: Signal<String>,
    history: Memo<Option<Arc<HistoryData<T>>>>,
    events: EventList,
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
            <HistoryEvents name=log_table events counterpart />
        </section>
    }
}

/// Every action of the subject, a page at a time, with downloads of all of them (asked for
/// when pressed, when they are not held).
#[component]
fn HistoryEvents(name: &'static str, events: EventList, counterpart: Counterpart) -> impl IntoView {
    let page = Signal::derive(move || events.page());
    let save = save_table(Signal::derive(move || name));
    let failed = RwSignal::new(None);
    let fetch = move |extension: &'static str| {
        leptos::task::spawn_local(async move {
            // A download that fails says so beside its buttons; the page keeps its figures.
            match events.every().await {
                Ok(Some((log, rows))) => {
                    let table = crate::export::history_table(
                        &log.log.store,
                        &rows,
                        log.zone(),
                        counterpart == Counterpart::User,
                    );
                    save(extension, table);
                }
                Ok(None) => {}
                Err(error) => failed.set(Some(error)),
            }
        });
    };
    view! {
        <History name=name page=page counterpart=counterpart />
        <FetchedDownloads what=crate::i18n::t("history.download_what") fetch=fetch failed=failed />
    }
}
