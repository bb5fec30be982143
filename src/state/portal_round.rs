//! One round of portal mode's queries for a window: its answers kept by query (and its groups
//! by window) until the next reload, read into `engine::groups::Groups`.

use std::sync::Arc;

use engine::groups::GroupsBuilder;
use engine::{Store, ViewFilter, Zone};
use leptos::prelude::{StoredValue, UpdateValue, WithValue};

use super::aggregated::{HeldGroups, Wanted};
use crate::api::aggregates::{self, FigureQueries, NotableQueries, Rule};
use crate::api::{ApiError, Auth, ExploreQuery, Source};

/// How many windows' groups are kept (each window's and, when comparing, its previous one's).
const KEPT_WINDOWS: usize = 8;

/// How many bytes of answers are kept by query (at ten million events a round's answers are
/// about 15 MB of JSON).
const KEPT_BODY_BYTES: usize = 48 << 20;

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
