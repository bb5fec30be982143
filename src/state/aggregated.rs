//! The dashboard's figures aggregated by the portal (when the mode says so): asked again when
//! the filters change, a burst of changes sending one set of queries, the figures on screen kept
//! until the new ones arrive, an older answer dropped when a newer change came.

use engine::compare::PreviousPeriod;
use engine::dashboard::Dashboard;
use std::collections::HashMap;

use engine::grouped::{
    families_of_days, object_and_user_stats, series_of_days, top_users, DayGroup, Groups,
    ObjectUserGroup,
};
use engine::{ParseReport, Store, ViewFilter, Zone};
use leptos::prelude::{StoredValue, UpdateValue, WithValue};

use super::{LoadedLog, LogData};
use crate::api::aggregates::{self, FigureQueries};
use crate::api::{ApiError, Auth, ExploreQuery, Source};
use crate::colours::SeriesColours;

/// How long a change waits for the next before its queries go: a burst of legend clicks asks
/// once.
#[cfg(target_arch = "wasm32")]
const SETTLE_MS: i32 = 120;

/// Starts the effect. Call once, with the other loaders.
#[cfg(target_arch = "wasm32")]
pub fn start_aggregating(data: LogData) {
    use std::sync::Arc;

    use leptos::prelude::*;
    use leptos::task::spawn_local;

    let generation = StoredValue::new(0u64);
    let known_days = StoredValue::new(HashMap::new());
    Effect::new(move |_| {
        if !data.on_portal() {
            return;
        }
        let filter = data.filter.get();
        let zone = data.view.get().zone;
        let source = data.source.get();
        let compare = data.compare.get();
        let known = KnownDays::new(known_days, data.retry_count());
        generation.update_value(|g| *g += 1);
        let this = generation.get_value();
        let is_current = move || generation.try_get_value() == Some(this);
        // What is on screen stays, marked as being brought up to date.
        data.start_asking();
        spawn_local(async move {
            crate::browser::sleep(SETTLE_MS).await;
            if !is_current() {
                return;
            }
            let started = crate::browser::precise_now();
            let (answer, previous) =
                futures_util::join!(ask_figures(&source, &filter, zone, known), async {
                    match compare {
                        true => ask_previous(&source, &filter, zone, known).await.map(Some),
                        false => Ok(None),
                    }
                });
            if !is_current() {
                return;
            }
            let answer = answer.and_then(|figures| Ok((figures, previous?)));
            crate::browser::measure(
                "agg:portal",
                started,
                crate::browser::precise_now() - started,
            );
            let answer = answer.map(|((dashboard, log, groups), previous)| {
                data.portal_groups.set(Some(Arc::new(groups)));
                data.portal_previous.set(previous.map(Arc::new));
                data.portal_figures.set(Some(Arc::new(dashboard)));
                data.updated_at.set(Some(crate::browser::now_ms()));
                Some(Arc::new(log))
            });
            data.finish_asking(answer);
        });
    });
}

/// Natively there is no portal to ask.
#[cfg(not(target_arch = "wasm32"))]
pub fn start_aggregating(_: LogData) {}

/// Every figure of the dashboard for `filter`, and the (empty) log that carries the series'
/// colours and the workspaces.
pub async fn ask_figures(
    source: &Source,
    filter: &ViewFilter,
    zone: Zone,
    known: KnownDays,
) -> Result<(Dashboard, LoadedLog, Vec<ObjectUserGroup>), ApiError> {
    let auth = crate::credentials::auth_for(&source.portal);
    let queries = FigureQueries::new(&source.dataset, filter, zone);
    let get = |query: &ExploreQuery| ask(source, &auth, query.clone());
    let (object_users, week_hours, actions, days, workspaces) = futures_util::join!(
        get(&queries.object_users),
        get(&queries.week_hours),
        get(&queries.actions),
        days_of(source, &auth, &queries, known),
        get(&queries.workspaces),
    );
    let object_users = aggregates::read_object_users(&object_users?, zone)?;
    let actions = aggregates::read_actions(&actions?)?;
    // Both need the first answers; they are asked together.
    // Counted once: the top users are asked about, and the dashboard shows them.
    let stats = object_and_user_stats(&object_users);
    let top = top_users(&stats.1);
    let (users_by_action, notable) = futures_util::join!(
        async {
            if top.is_empty() {
                return Ok(Vec::new());
            }
            let query = aggregates::users_by_action_query(&source.dataset, filter, zone, &top);
            Ok::<_, ApiError>(aggregates::read_users_by_action(&get(&query).await?)?)
        },
        notable_of(source, &auth, filter, zone, &actions),
    );
    let (users_by_action, notable) = (users_by_action?, notable?);
    let groups = Groups {
        week_hours: aggregates::read_week_hours(&week_hours?)?,
        actions,
        users_by_action,
        days: days?,
        object_users,
    };
    let mut log = LoadedLog::new(Store::new(), ParseReport::default(), zone);
    log.colours = SeriesColours::new(&families_of_days(&groups.days));
    log.workspaces = aggregates::read_workspaces(&workspaces?)?;
    let mut dashboard =
        Dashboard::from_groups_and_stats(&groups, stats, &filter.window, filter.mode);
    dashboard.notable = notable;
    Ok((dashboard, log, groups.object_users))
}

/// The notable actions: bursts found by the engine's rules in the removals' rows, access
/// changes and night actions from their groups. All three are asked together.
async fn notable_of(
    source: &Source,
    auth: &Auth,
    filter: &ViewFilter,
    zone: Zone,
    actions: &[(String, u64)],
) -> Result<Vec<engine::notable::Notable>, ApiError> {
    let names: Vec<String> = actions.iter().map(|(name, _)| name.clone()).collect();
    let queries = aggregates::NotableQueries::new(&source.dataset, filter, zone, &names);
    let groups = |query: Option<ExploreQuery>| async move {
        match query {
            Some(query) => Ok(aggregates::read_rule_groups(
                &ask(source, auth, query).await?,
                zone,
            )?),
            None => Ok::<_, ApiError>(Vec::new()),
        }
    };
    let (removals, access, night) = futures_util::join!(
        async {
            let Some(query) = queries.removals else {
                return Ok(Store::new());
            };
            let url = query.url(&source.portal);
            let rows = crate::api::fetch_log(&url, &source.portal, auth, None, |_, _| {}).await?;
            Ok::<_, ApiError>(rows.store)
        },
        groups(queries.access),
        groups(Some(queries.night)),
    );
    Ok(aggregates::notable_of_answers(
        removals?, zone, &access?, &night?,
    ))
}

/// The previous period's KPIs and series (`compare=previous`), from the same queries over the
/// previous window.
pub async fn ask_previous(
    source: &Source,
    filter: &ViewFilter,
    zone: Zone,
    known: KnownDays,
) -> Result<PreviousPeriod, ApiError> {
    let auth = crate::credentials::auth_for(&source.portal);
    let previous = ViewFilter {
        window: filter.window.previous(),
        ..filter.clone()
    };
    let queries = FigureQueries::new(&source.dataset, &previous, zone);
    let get = |query: &ExploreQuery| ask(source, &auth, query.clone());
    let (object_users, day_groups) = futures_util::join!(
        get(&queries.object_users),
        days_of(source, &auth, &queries, known),
    );
    let (_, _, kpis) = object_and_user_stats(&aggregates::read_object_users(&object_users?, zone)?);
    let day_groups = day_groups?;
    Ok(PreviousPeriod {
        window: previous.window,
        kpis,
        series: series_of_days(&day_groups, &previous.window, previous.mode),
    })
}

/// The day groups answered so far, by query URL, with the Retry count they were asked at: the
/// legend changes none of these queries (it shows every series' totals), so a legend click
/// does not ask them again; a Retry or a live refresh (new events) does.
#[derive(Clone, Copy)]
pub struct KnownDays {
    answers: StoredValue<HashMap<String, Vec<DayGroup>>>,
    retries: u32,
}

impl KnownDays {
    /// Kept answers, at the Retry count `retries` (answers of an earlier count are dropped).
    pub fn new(answers: StoredValue<HashMap<String, Vec<DayGroup>>>, retries: u32) -> Self {
        KnownDays { answers, retries }
    }
}

/// Each type's day groups of `queries`: kept ones, the others asked.
async fn days_of(
    source: &Source,
    auth: &Auth,
    queries: &FigureQueries,
    known: KnownDays,
) -> Result<Vec<DayGroup>, ApiError> {
    let keyed = |url: &str| format!("{}:{url}", known.retries);
    let answers = futures_util::future::join_all(queries.days.iter().map(|(kind, query)| {
        let key = keyed(&query.url(&source.portal));
        async move {
            if let Some(days) = known.answers.with_value(|known| known.get(&key).cloned()) {
                return Ok(days);
            }
            let days = aggregates::read_days(*kind, &ask(source, auth, query.clone()).await?)?;
            known.answers.update_value(|known| {
                // Only the current Retry count's answers are worth keeping.
                let current = keyed("");
                known.retain(|key, _| key.starts_with(&current));
                known.insert(key, days.clone());
            });
            Ok::<_, ApiError>(days)
        }
    }))
    .await;
    let mut day_groups = Vec::new();
    for days in answers {
        day_groups.extend(days?);
    }
    Ok(day_groups)
}

async fn ask(source: &Source, auth: &Auth, query: ExploreQuery) -> Result<String, ApiError> {
    crate::api::fetch_text(&query.url(&source.portal), &source.portal, auth).await
}
