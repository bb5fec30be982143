//! Portal mode's producer: a window's groups asked of the portal (`group_by` answers read into
//! `engine::groups::Groups`), the same intermediate browser mode counts from the events. Asked
//! again only when the window, the zone, the workspace, the marks or the source changes (or on
//! Retry, Refresh, Live): the legend and the series mode filter what is held and ask nothing.
//! The marking views' own filters (`state::counted`) are asked in the same round. Answers
//! are kept by query until the next Retry, so going back to a window asks nothing either; the
//! figures on screen stay until the new ones arrive, and an older answer is dropped when a newer
//! change came.

use std::sync::Arc;

use engine::groups::Groups;

pub use super::portal_round::Kept;
use super::{GroupsShown, LogData, Shown};
use crate::colours::SeriesColours;

/// A change within this long of the one before is part of a burst: it waits this long for the
/// next before its queries go, so that a burst asks once more, not once per change. A change
/// after a quiet spell asks at once (a click on a mark should not wait for a burst that is not
/// coming).
#[cfg(target_arch = "wasm32")]
const SETTLE_MS: i32 = 120;

/// What portal mode's producer answered: the window's groups and, when comparing, the previous
/// window's. Only the state's groups memos read them; views read `LogData::groups`, whichever
/// mode filled it.
#[derive(Clone, Copy)]
pub struct PortalGroups {
    pub current: leptos::prelude::RwSignal<Option<Arc<Groups>>>,
    pub previous: leptos::prelude::RwSignal<Option<Arc<Groups>>>,
}

impl PortalGroups {
    pub fn new() -> Self {
        PortalGroups {
            current: leptos::prelude::RwSignal::new(None),
            previous: leptos::prelude::RwSignal::new(None),
        }
    }
}

impl Default for PortalGroups {
    fn default() -> Self {
        Self::new()
    }
}

/// Starts the effect that fills `portal`. Call once, with the other loaders.
#[cfg(target_arch = "wasm32")]
pub fn start_aggregating(data: LogData, portal: PortalGroups) {
    use engine::ViewFilter;
    use leptos::prelude::*;
    use leptos::task::spawn_local;

    let latest = super::latest::Latest::new();
    let kept = Kept::new();
    let last_change = StoredValue::new(f64::NEG_INFINITY);
    // What the groups depend on: not the legend, not the series mode; and whether the
    // notable actions' card has been in view (their candidates are asked from then on).
    let asked = Memo::new(move |_| Round {
        filter: data.filter.with(ViewFilter::counted),
        zone: data.view.get().zone,
        source: data.source.get(),
        compare: data.compare.get(),
        notable: data.notable_wanted.get(),
    });
    Effect::new(move |_| {
        if !data.on_portal() {
            return;
        }
        let round = asked.get();
        let reloads = data.reload_count();
        let ticket = latest.next();
        // What is on screen stays, marked as being brought up to date.
        data.start_asking("figures");
        let now = crate::browser::precise_now();
        let in_a_burst = now - last_change.get_value() < f64::from(SETTLE_MS);
        last_change.set_value(now);
        spawn_local(async move {
            crate::browser::sleep(if in_a_burst { SETTLE_MS } else { 0 }).await;
            if !ticket.is_current() {
                return;
            }
            let started = crate::browser::precise_now();
            let answer = ask_round(kept, &round, reloads).await;
            if !ticket.is_current() {
                return;
            }
            crate::browser::measure(
                "agg:portal",
                started,
                crate::browser::precise_now() - started,
            );
            let answer = answer.map(|(held, previous, views)| {
                data.counted.portal.set(views);
                portal.previous.set(previous.map(|p| p.groups));
                portal.current.set(Some(held.groups.clone()));
                data.updated_at.set(Some(crate::browser::now_ms()));
                Some(shown_of(held))
            });
            data.finish_asking("figures", answer);
        });
    });
}

/// Natively there is no portal to ask.
#[cfg(not(target_arch = "wasm32"))]
pub fn start_aggregating(_: LogData, _: PortalGroups) {}

/// What a round asks for: the groups depend on these, not on the legend or the series mode.
#[cfg(target_arch = "wasm32")]
#[derive(Clone, PartialEq)]
struct Round {
    filter: engine::ViewFilter,
    zone: engine::Zone,
    source: crate::api::Source,
    compare: bool,
    /// The notable actions' card has been in view: their candidates are asked too.
    notable: bool,
}

/// One round's answer: the window's groups, the previous window's (when comparing) and each
/// marking view's.
#[cfg(target_arch = "wasm32")]
type RoundAnswer = (
    HeldGroups,
    Option<HeldGroups>,
    Vec<(engine::ViewFilter, Arc<Groups>)>,
);

/// Every group `round` needs, asked together (kept ones ask nothing): the window's, the
/// previous window's when comparing, and the marking views' own filters (a first mark's is
/// the window's own, asked before).
#[cfg(target_arch = "wasm32")]
async fn ask_round(
    kept: Kept,
    round: &Round,
    reloads: u32,
) -> Result<RoundAnswer, crate::api::ApiError> {
    let Round {
        filter,
        zone,
        source,
        compare,
        notable,
    } = round;
    let zone = *zone;
    let previous_filter = engine::compare::PreviousPeriod::filter(filter);
    let views =
        futures_util::future::join_all(super::counted::view_filters(filter).into_iter().map(
            |key| async move {
                let held = kept
                    .groups(source, (&key, None), zone, reloads, Wanted::View)
                    .await;
                held.map(|held| (key, held.groups))
            },
        ));
    let (answer, previous, views) = futures_util::join!(
        kept.groups(
            source,
            (filter, None),
            zone,
            reloads,
            Wanted::Dashboard { notable: *notable }
        ),
        async {
            match compare {
                true => kept
                    .groups(
                        source,
                        (&previous_filter, None),
                        zone,
                        reloads,
                        Wanted::Counts,
                    )
                    .await
                    .map(Some),
                false => Ok(None),
            }
        },
        views
    );
    let views = views.into_iter().collect::<Result<Vec<_>, _>>()?;
    Ok((answer?, previous?, views))
}

/// What a window's groups are for: the dashboard needs them all (the notable actions'
/// candidates once their card has been in view); the comparison and a history only the counts
/// behind the KPIs, the lists and the series (activity and days).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wanted {
    Dashboard {
        notable: bool,
    },
    /// A marking view's: the figures' groups without the notable actions' candidates or the
    /// workspaces (the view draws its own figure only).
    View,
    Counts,
}

/// A window's groups and its workspaces (the workspace filter's choices).
#[derive(Clone)]
pub struct HeldGroups {
    pub groups: Arc<Groups>,
    pub workspaces: Vec<String>,
}

/// What the page shows of a portal-mode view besides its figures: the series' colours and the
/// workspaces.
pub fn shown_of(held: HeldGroups) -> Shown {
    Shown::Groups(Arc::new(GroupsShown {
        colours: SeriesColours::new(&held.groups.families()),
        workspaces: held.workspaces,
    }))
}
