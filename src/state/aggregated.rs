//! Portal mode's producer: a window's groups asked of the portal (`group_by` answers read into
//! `engine::groups::Groups`), the same intermediate browser mode counts from the events. Asked
//! again only when the window, the zone, the workspace, the marks or the source changes (or on
//! Retry, Refresh, Live): the legend and the series mode filter what is held and ask nothing.
//! The marking views' own filters (`state::counted`) are asked in the same round. Answers
//! are kept by query until the next Retry, so going back to a window asks nothing either; the
//! figures on screen stay until the new ones arrive, and an older answer is dropped when a newer
//! change came.

use std::sync::Arc;

use engine::groups::{Groups, GroupsBuilder};
use engine::{Store, ViewFilter, Zone};
use leptos::prelude::{StoredValue, UpdateValue, WithValue};

use super::{GroupsShown, LogData, Shown};
use crate::api::aggregates::{self, FigureQueries, NotableQueries, Rule};
use crate::api::{ApiError, Auth, ExploreQuery, Source};
use crate::colours::SeriesColours;

/// A change within this long of the one before is part of a burst: it waits this long for the
/// next before its queries go, so that a burst asks once more, not once per change. A change
/// after a quiet spell asks at once (a click on a mark should not wait for a burst that is not
/// coming).
#[cfg(target_arch = "wasm32")]
const SETTLE_MS: i32 = 120;

/// How many windows' groups are kept (each window's and, when comparing, its previous one's).
const KEPT_WINDOWS: usize = 8;

/// How many bytes of answers are kept by query (at ten million events a round's answers are
/// about 15 MB of JSON).
const KEPT_BODY_BYTES: usize = 48 << 20;

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
    use leptos::prelude::*;
    use leptos::task::spawn_local;

    let latest = super::latest::Latest::new();
    let kept = Kept::new();
    let last_change = StoredValue::new(f64::NEG_INFINITY);
    // What the groups depend on: not the legend, not the series mode; and whether the
    // notable actions' card has been in view (their candidates are asked from then on).
    let asked = Memo::new(move |_| {
        let filter = data.filter.with(ViewFilter::counted);
        (
            filter,
            data.view.get().zone,
            data.source.get(),
            data.compare.get(),
            data.notable_wanted.get(),
        )
    });
    Effect::new(move |_| {
        if !data.on_portal() {
            return;
        }
        let (filter, zone, source, compare, notable) = asked.get();
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
            let previous_filter = engine::compare::PreviousPeriod::filter(&filter);
            // The marking views' own filters, in the same round: kept ones cost nothing (a
            // first mark's is the window's own, asked before).
            let asked_from = &source;
            let views = futures_util::future::join_all(
                super::counted::view_filters(&filter)
                    .into_iter()
                    .map(|key| async move {
                        let held = kept
                            .groups(asked_from, (&key, None), zone, reloads, Wanted::View)
                            .await;
                        held.map(|held| (key, held.groups))
                    }),
            );
            let (answer, previous, views) = futures_util::join!(
                kept.groups(
                    &source,
                    (&filter, None),
                    zone,
                    reloads,
                    Wanted::Dashboard { notable }
                ),
                async {
                    match compare {
                        true => kept
                            .groups(
                                &source,
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
            if !ticket.is_current() {
                return;
            }
            crate::browser::measure(
                "agg:portal",
                started,
                crate::browser::precise_now() - started,
            );
            let views: Result<Vec<_>, ApiError> = views.into_iter().collect();
            let answer = answer.and_then(|held| Ok((held, previous?, views?)));
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

/// The groups answered so far, by the query that asked them and the reload count it was asked
/// at (answers of an earlier count are dropped), the most recent last; and the same way each
/// query's answer, by its URL: a mark's round does not ask again the window's workspaces and
/// action names, nor what a marking view's round already asked.
#[derive(Clone, Copy)]
pub struct Kept {
    answers: StoredValue<Vec<(String, HeldGroups)>>,
    bodies: StoredValue<Vec<(String, String)>>,
}

impl Kept {
    pub fn new() -> Self {
        Kept {
            answers: StoredValue::new(Vec::new()),
            bodies: StoredValue::new(Vec::new()),
        }
    }

    /// The groups of `filter`'s window and workspace (of one subject's events, when `subject`
    /// is an ODSQL condition and, for an object, its type): kept ones, else asked.
    pub async fn groups(
        &self,
        source: &Source,
        (filter, subject): (&ViewFilter, Option<(&str, Option<engine::ObjectType>)>),
        zone: Zone,
        reloads: u32,
        wanted: Wanted,
    ) -> Result<HeldGroups, ApiError> {
        let mut queries = FigureQueries::new(&source.dataset, filter, zone);
        if let Some((condition, kind)) = subject {
            queries = queries.of_subject(condition, kind);
        }
        let key = format!("{reloads}:{wanted:?}:{}", queries.key(&source.portal));
        if let Some(held) = find(&self.answers, &key) {
            return Ok(held);
        }
        let asked = Asked {
            source,
            filter,
            zone,
            reloads,
            kept: *self,
        };
        let held = ask_groups(&asked, &queries, wanted).await?;
        keep(
            &self.answers,
            reloads,
            (key, held.clone()),
            (|_| 1, KEPT_WINDOWS),
        );
        Ok(held)
    }

    /// The answer to `query`: kept, else asked and kept (the most recent ones, up to
    /// [`KEPT_BODY_BYTES`]): a filter asked for a marking view, then for the dashboard (a mark
    /// removed), asks only what the view did not.
    async fn body(&self, asked: &Asked<'_>, query: &ExploreQuery) -> Result<String, ApiError> {
        let key = format!("{}:{}", asked.reloads, query.url(&asked.source.portal));
        if let Some(body) = find(&self.bodies, &key) {
            return Ok(body);
        }
        let auth = crate::credentials::auth_for(&asked.source.portal);
        let body = ask(asked.source, &auth, query.clone()).await?;
        let kept = (key, body.clone());
        keep(
            &self.bodies,
            asked.reloads,
            kept,
            (String::len, KEPT_BODY_BYTES),
        );
        Ok(body)
    }

    /// Each type's answer to its query, kept ones not asked again.
    async fn each_type(
        &self,
        asked: &Asked<'_>,
        queries: &[(engine::ObjectType, ExploreQuery)],
    ) -> Vec<Result<(engine::ObjectType, String), ApiError>> {
        futures_util::future::join_all(
            queries
                .iter()
                .map(|(kind, query)| async move { Ok((*kind, self.body(asked, query).await?)) }),
        )
        .await
    }
}

/// What a round is asked for: the source, the view's filter and zone, the reload count, and
/// where answers are kept.
struct Asked<'a> {
    source: &'a Source,
    filter: &'a ViewFilter,
    zone: Zone,
    reloads: u32,
    kept: Kept,
}

/// What is kept under `key`, if anything.
fn find<T: Clone + Send + Sync + 'static>(
    kept: &StoredValue<Vec<(String, T)>>,
    key: &str,
) -> Option<T> {
    kept.with_value(|kept| kept.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()))
}

/// `value` kept under `key` among `kept`, those of an earlier reload count dropped, then the
/// oldest while the sizes of what is kept (`size` of each) pass `budget` (the newest stays).
fn keep<T: Send + Sync + 'static>(
    kept: &StoredValue<Vec<(String, T)>>,
    reloads: u32,
    (key, value): (String, T),
    (size, budget): (fn(&T) -> usize, usize),
) {
    let current = format!("{reloads}:");
    kept.update_value(|kept| {
        kept.retain(|(k, _)| k.starts_with(&current) && *k != key);
        kept.push((key, value));
        let mut total: usize = kept.iter().map(|(_, v)| size(v)).sum();
        let mut oldest = 0;
        while total > budget && oldest + 1 < kept.len() {
            total -= size(&kept[oldest].1);
            oldest += 1;
        }
        kept.drain(..oldest);
    });
}

impl Default for Kept {
    fn default() -> Self {
        Self::new()
    }
}

/// Every group of one window asked of the portal in one round: the figures' groups and, beside
/// them, the notable actions' candidates (their queries name the window's actions, which a
/// small query asks first, kept for the window's marks). The candidates' queries go first:
/// they take longest, and a browser sends at most six requests at a time to a portal on
/// HTTP/1.1.
async fn ask_groups(
    asked: &Asked<'_>,
    queries: &FigureQueries,
    wanted: Wanted,
) -> Result<HeldGroups, ApiError> {
    let Asked {
        source,
        filter,
        zone,
        ..
    } = *asked;
    let auth = crate::credentials::auth_for(&source.portal);
    let dashboard = matches!(wanted, Wanted::Dashboard { .. });
    let notable = wanted == Wanted::Dashboard { notable: true };
    let hours_queries: &[(engine::ObjectType, ExploreQuery)] = match wanted {
        Wanted::Dashboard { .. } | Wanted::View => &queries.hours,
        Wanted::Counts => &[],
    };
    // The action names of the window without its marks: the marks' own are among them (a
    // name with no event under the marks asks for nothing more), and they are kept.
    let actions = match notable {
        true => {
            let unmarked = ViewFilter {
                marks: Default::default(),
                ..filter.clone()
            };
            let query = aggregates::actions_query(&source.dataset, &unmarked, zone);
            let body = asked.kept.body(asked, &query).await?;
            Some(aggregates::read_action_names(&body)?)
        }
        false => None,
    };
    let (notable, activity, days, hours, workspaces) = futures_util::join!(
        async {
            match &actions {
                Some(names) => notable_answers(source, &auth, filter, zone, names)
                    .await
                    .map(Some),
                None => Ok(None),
            }
        },
        asked.kept.each_type(asked, &queries.activity),
        asked.kept.each_type(asked, &queries.days),
        asked.kept.each_type(asked, hours_queries),
        async {
            match dashboard {
                true => asked.kept.body(asked, &queries.workspaces).await.map(Some),
                false => Ok(None),
            }
        },
    );
    #[cfg(target_arch = "wasm32")]
    let reading = crate::browser::precise_now();
    let mut builder = GroupsBuilder::new();
    for answer in activity {
        let (_, body) = answer?;
        aggregates::read_activity(&body, zone, &mut builder)?;
    }
    for answer in days {
        let (kind, body) = answer?;
        aggregates::read_days(kind, &body, &mut builder)?;
    }
    for answer in hours {
        let (kind, body) = answer?;
        aggregates::read_hours(kind, &body, &mut builder)?;
    }
    let workspaces = match workspaces? {
        Some(body) => aggregates::read_workspaces(&body)?,
        None => Vec::new(),
    };
    match notable? {
        Some(notable) => notable.read_into(zone, &mut builder)?,
        None => builder.groups_mut().notable_left_out = dashboard,
    }
    let groups = Arc::new(builder.finish());
    #[cfg(target_arch = "wasm32")]
    crate::browser::measure("agg:read", reading, crate::browser::precise_now() - reading);
    Ok(HeldGroups { groups, workspaces })
}

/// What the page shows of a portal-mode view besides its figures: the series' colours and the
/// workspaces.
pub fn shown_of(held: HeldGroups) -> Shown {
    Shown::Groups(Arc::new(GroupsShown {
        colours: SeriesColours::new(&held.groups.families()),
        workspaces: held.workspaces,
    }))
}

/// The answers behind the notable actions' candidates: the removals' rows (bursts need each
/// instant; one answer per object type), the access changes' and night actions' groups.
struct NotableAnswers {
    removals: Vec<Store>,
    access: Option<String>,
    night: String,
}

/// The three candidates' queries together, for the window's action `names`.
async fn notable_answers(
    source: &Source,
    auth: &Auth,
    filter: &ViewFilter,
    zone: Zone,
    names: &[String],
) -> Result<NotableAnswers, ApiError> {
    let queries = NotableQueries::new(&source.dataset, filter, zone, names);
    let (removals, access, night) = futures_util::join!(
        futures_util::future::join_all(queries.removals.iter().map(|(_, query)| async move {
            let url = query.url(&source.portal);
            let rows = crate::api::fetch_log(&url, &source.portal, auth, None, |_, _| {}).await?;
            Ok::<_, ApiError>(rows.store)
        })),
        async {
            match &queries.access {
                Some(query) => ask(source, auth, query.clone()).await.map(Some),
                None => Ok(None),
            }
        },
        ask(source, auth, queries.night.clone()),
    );
    Ok(NotableAnswers {
        removals: removals.into_iter().collect::<Result<_, _>>()?,
        access: access?,
        night: night?,
    })
}

impl NotableAnswers {
    /// The candidates into `builder`, after the figures' groups.
    fn read_into(self, zone: Zone, builder: &mut GroupsBuilder) -> Result<(), ApiError> {
        let mut first = 0;
        for removals in &self.removals {
            aggregates::read_removals(removals, first, builder);
            first += removals.len();
        }
        if let Some(body) = self.access {
            aggregates::read_rule_groups(&body, zone, Rule::Access, builder)?;
        }
        aggregates::read_rule_groups(&self.night, zone, Rule::Night, builder)?;
        Ok(())
    }
}

async fn ask(source: &Source, auth: &Auth, query: ExploreQuery) -> Result<String, ApiError> {
    crate::api::fetch_text(&query.url(&source.portal), &source.portal, auth).await
}
