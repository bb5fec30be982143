//! One subject's view (an object's or a user's history), whichever way the figures are had: its
//! groups in the window and workspace, counted from its rows of the held log or asked of the
//! portal (the figures' `group_by` queries with its condition), and its events listed
//! (`events`).

use std::sync::Arc;

use engine::filter::view_rows;
use engine::groups::Groups;
use engine::search::newest_first;
use engine::{IndexedLog, ObjectType};
use leptos::prelude::*;

use super::events::{use_event_list, EventList, HeldRows};
use super::use_log_data;

/// The subject of a history: which rows of a held log are its own, and the same as an ODSQL
/// condition for the portal (both none when the subject is not valid), with its object type
/// (none for a user).
pub struct Subject<S, Q> {
    pub select: S,
    pub condition: Q,
    pub kind: Option<Memo<Option<ObjectType>>>,
}

/// What a history shows, whichever way it is had.
#[derive(Clone, Copy)]
pub struct SubjectView {
    /// The subject's groups in the window and workspace.
    pub groups: Memo<Option<Arc<Groups>>>,
    /// Its events, newest first.
    pub events: EventList,
}

/// The view of `subject`, computed again when the log, the filters or the subject change.
pub fn use_subject<S, Q>(subject: Subject<S, Q>) -> SubjectView
where
    S: Fn(&IndexedLog, &[u32]) -> Option<Vec<u32>> + Send + Sync + 'static,
    Q: Fn() -> Option<String> + Send + Sync + 'static,
{
    let data = use_log_data();
    let condition = Memo::new(move |_| (subject.condition)());
    let select = subject.select;
    // The events held: the subject's rows (newest first) and their groups. A new answer
    // always counts as changed: comparing two would cost more than it saves.
    let held = Memo::new_with_compare(
        move |_| {
            let loaded = data.held_events()?;
            let filter = data.filter.get();
            let log = &loaded.log;
            let in_window = view_rows(log, &filter);
            let rows = select(log, &in_window)?;
            let groups = Arc::new(Groups::of_rows(log, &rows));
            let rows = newest_first(&log.store, &rows);
            let held = HeldRows {
                log: loaded.clone(),
                unsearched: rows.len(),
                rows: Arc::new(rows),
            };
            Some((held, groups))
        },
        |_, _| true,
    );
    let asked = RwSignal::new(None::<Arc<Groups>>);
    let kind = subject.kind;
    let asking = Memo::new(move |_| {
        let kind = kind.and_then(|kind| kind.get());
        condition.get().map(|condition| (condition, kind))
    });
    #[cfg(target_arch = "wasm32")]
    ask_subject_groups(asking, asked);
    #[cfg(not(target_arch = "wasm32"))]
    let _ = asking;
    let groups = Memo::new_with_compare(
        move |_| match data.on_portal() {
            true => asked.get(),
            false => held.with(|held| held.as_ref().map(|(_, groups)| groups.clone())),
        },
        |_, _| true,
    );
    let held_rows = Memo::new_with_compare(
        move |_| held.with(|held| held.as_ref().map(|(rows, _)| rows.clone())),
        |_, _| true,
    );
    let events = use_event_list(held_rows, Signal::derive(move || condition.get()));
    SubjectView { groups, events }
}

/// When the portal counts: the subject's groups in the window and workspace, asked again when
/// the filters or the subject change (or on Retry).
#[cfg(target_arch = "wasm32")]
fn ask_subject_groups(
    asking: Memo<Option<(String, Option<ObjectType>)>>,
    asked: RwSignal<Option<Arc<Groups>>>,
) {
    use super::aggregated::{Kept, Wanted};
    let data = use_log_data();
    let kept = Kept::new();
    let latest = super::latest::Latest::new();
    Effect::new(move |_| {
        if !data.on_portal() {
            return;
        }
        let reloads = data.reload_count();
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
                .groups(&source, subject, zone, reloads, Wanted::Counts)
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
