//! What a part of a view off screen draws from: a change of the filter or of the figures
//! reaches it after the next painted frame, so that a click's frame paints what is on screen
//! first and the parts off screen catch up in the task after it (`main[data-state]` says
//! `drawing` until they have).

use std::sync::Arc;

use engine::compare::PreviousPeriod;
use engine::dashboard::Dashboard;
use engine::ViewFilter;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::LogData;

/// The page's filter and figures as a part of the view last took them.
#[derive(Clone)]
struct Seen {
    filter: ViewFilter,
    dashboard: Option<Arc<Dashboard>>,
    previous: Option<Arc<PreviousPeriod>>,
}

impl Seen {
    /// The page's, now (tracked where read in a tracking scope).
    fn of(page: &LogData) -> Self {
        Seen {
            filter: page.filter.get(),
            dashboard: page.dashboard.get(),
            previous: page.previous.get(),
        }
    }

    /// The same filter and the same figures (not compared in depth).
    fn same_as(&self, other: &Seen) -> bool {
        self.filter == other.filter
            && same_arc(Some(&self.dashboard), Some(&other.dashboard))
            && same_arc(Some(&self.previous), Some(&other.previous))
    }
}

/// Same `Arc`, or both none: what the figures' memos call unchanged (never compared in depth).
fn same_arc<T>(a: Option<&Option<Arc<T>>>, b: Option<&Option<Arc<T>>>) -> bool {
    match (a, b) {
        (Some(Some(a)), Some(Some(b))) => Arc::ptr_eq(a, b),
        (Some(None), Some(None)) => true,
        _ => false,
    }
}

impl LogData {
    /// This data as a part of the view sees it: the page's while `on_screen`; off screen, a
    /// change arrives after the next painted frame.
    pub fn seen_from(&self, on_screen: Signal<bool>) -> LogData {
        let page = *self;
        let held = RwSignal::new(untrack(|| Seen::of(&page)));
        let waiting = StoredValue::new(false);
        Effect::new(move |_| {
            let now = Seen::of(&page);
            if on_screen.get() {
                held.set(now);
                return;
            }
            // Gone off screen, say: nothing to catch up with.
            if held.with_untracked(|seen| seen.same_as(&now)) || waiting.get_value() {
                return; // a catch-up already on its way takes the latest
            }
            waiting.set_value(true);
            page.catching_up.update(|parts| *parts += 1);
            spawn_local(async move {
                crate::browser::next_frame().await;
                waiting.try_set_value(false);
                held.try_set(untrack(|| Seen::of(&page)));
                page.catching_up
                    .update(|parts| *parts = parts.saturating_sub(1));
            });
        });
        LogData {
            filter: Memo::new(move |_| held.with(|seen| seen.filter.clone())),
            dashboard: Memo::new_with_compare(
                move |_| held.with(|seen| seen.dashboard.clone()),
                |a, b| !same_arc(a, b),
            ),
            previous: Memo::new_with_compare(
                move |_| held.with(|seen| seen.previous.clone()),
                |a, b| !same_arc(a, b),
            ),
            ..page
        }
    }
}
