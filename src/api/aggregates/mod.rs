//! Aggregating on the portal: the `group_by` queries behind every dashboard figure for a view's
//! filters (here), the ODSQL conditions they select with (`conditions`), the notable actions'
//! queries (`notable`), and their answers read into an `engine::groups::GroupsBuilder`
//! (`answers`). What crosses the network grows with the groups, not the events.

use engine::objects::{object_fields, WORKSPACE_RULE};
use engine::{ObjectType, ViewFilter, Zone};
use serde_json::Value;

use super::query::{ExploreQuery, ExportFormat};

mod answers;
mod conditions;
mod notable;

use conditions::dates_condition;

pub use answers::*;
pub use conditions::*;
pub use notable::*;

/// The queries of one window's groups (every series: the legend filters what is held, it asks
/// nothing). Every one is an export (no cap on its groups: a list of objects or users may pass
/// the 20,000 groups `records` answers).
pub struct FigureQueries {
    /// Per object type: events per (the type's id fields, user, action), with the latest:
    /// objects, users, actions, users by action and the KPIs. One query per type rather than
    /// one of every object field: answers without a null field per group (half the bytes),
    /// and the portal counts the types side by side.
    pub activity: Vec<(ObjectType, ExploreQuery)>,
    /// Per object type: events per action and local day.
    pub days: Vec<(ObjectType, ExploreQuery)>,
    /// Per object type: events per action, local weekday and hour.
    pub hours: Vec<(ObjectType, ExploreQuery)>,
    /// The window's workspaces, whatever the workspace filter (its choices).
    pub workspaces: ExploreQuery,
}

/// The most groups (or rows) one answer is read with. Each query asks for one more
/// ([`capped`]), so that the portal stops there and an answer past the cap says so
/// ([`ApiError::TooManyGroups`](super::ApiError::TooManyGroups)) instead of being read whole.
pub const MAX_GROUPS: usize = 500_000;

/// `query` asking for at most one group more than [`MAX_GROUPS`].
fn capped(query: ExploreQuery) -> ExploreQuery {
    query.limit(MAX_GROUPS as i64 + 1)
}

/// `date_format` patterns' aliases (not ODSQL reserved words such as `day` or `hour`).
const DAY: &str = "local_day";
const WEEKDAY: &str = "local_weekday";
const HOUR: &str = "local_hour";

fn workspace_fields() -> Vec<&'static str> {
    WORKSPACE_RULE.iter().map(|field| field.name()).collect()
}

/// The fields an object of `kind` is named by: its type's field, or for a workspace the
/// workspace rule's.
fn id_fields(kind: ObjectType) -> Vec<&'static str> {
    match kind.field() {
        Some(field) => vec![field.name()],
        None => workspace_fields(),
    }
}

/// The fields an object is derived from, then the user's and the action's: the key of the
/// activity and rule groups.
fn object_user_action() -> String {
    let mut fields: Vec<&str> = object_fields().iter().map(|f| f.name()).collect();
    fields.extend(["user_id", "action"]);
    fields.join(", ")
}

impl FigureQueries {
    /// The groups of `filter`'s window and workspace (its mode and hidden series are not
    /// asked about).
    pub fn new(dataset: &str, filter: &ViewFilter, zone: Zone) -> Self {
        let window = window_condition(filter, zone);
        let export = |condition: &str| {
            capped(ExploreQuery::export(dataset, ExportFormat::Json))
                .where_(condition)
                .timezone(zone.name())
        };
        let per_type = |select: &str, group_by: &dyn Fn(ObjectType) -> String| {
            ObjectType::ALL
                .into_iter()
                .map(|kind| {
                    let query = export(&format!("({window}) AND {}", type_condition(kind)))
                        .select(select)
                        .group_by(&group_by(kind));
                    (kind, query)
                })
                .collect::<Vec<_>>()
        };
        let count = "count(*) as n";
        FigureQueries {
            activity: per_type("count(*) as n, max(timestamp) as last", &|kind| {
                let mut fields = id_fields(kind);
                fields.extend(["user_id", "action"]);
                fields.join(", ")
            }),
            days: per_type(count, &|_| {
                format!("action, date_format(timestamp, 'yyyy-MM-dd') as {DAY}")
            }),
            hours: per_type(count, &|_| {
                format!(
                    "action, date_format(timestamp, 'e') as {WEEKDAY}, date_format(timestamp, 'HH') as {HOUR}"
                )
            }),
            workspaces: export(&dates_condition(&filter.window, zone))
                .select("count(*) as n")
                .group_by(&workspace_fields().join(", ")),
        }
    }
}

impl FigureQueries {
    /// What tells these queries apart from another window's, subject's or portal's: their
    /// activity queries' URLs.
    pub fn key(&self, portal: &str) -> String {
        let urls: Vec<String> = self.activity.iter().map(|(_, q)| q.url(portal)).collect();
        urls.join("\n")
    }

    /// The same queries, of the events `subject` (an ODSQL condition) selects only: a
    /// history's groups. An object's events are all of its type (`kind`): the other types'
    /// queries, which would answer nothing, are not asked.
    pub fn of_subject(self, subject: &str, kind: Option<ObjectType>) -> Self {
        let narrowed = |query: ExploreQuery| query.where_(subject);
        let each = |queries: Vec<(ObjectType, ExploreQuery)>| {
            queries
                .into_iter()
                .filter(|(of, _)| kind.is_none_or(|kind| kind == *of))
                .map(|(of, query)| (of, narrowed(query)))
                .collect()
        };
        FigureQueries {
            activity: each(self.activity),
            days: each(self.days),
            hours: each(self.hours),
            workspaces: self.workspaces,
        }
    }
}

/// The window's first group of actions, one group asked of `records`: what tells a portal
/// that aggregates from one that ignores `group_by` (a proxy before it, an older version) and
/// answers rows, before it is asked for every figure.
pub fn groups_probe(dataset: &str, window: &engine::DateWindow, zone: Zone) -> ExploreQuery {
    ExploreQuery::records(dataset)
        .where_(&dates_condition(window, zone))
        .select("count(*) as n")
        .group_by("action")
        .limit(1)
        .timezone(zone.name())
}

/// Whether a [`groups_probe`] answer holds groups: its first result has the count `n` and no
/// `timestamp`. An empty window, or an answer that is not the API's, tells nothing: taken as
/// groups (portal mode then reports what is wrong).
pub fn answers_groups(body: &str) -> bool {
    let first = serde_json::from_str::<Value>(body)
        .ok()
        .and_then(|answer| answer.get("results")?.get(0).cloned());
    match first {
        Some(first) => first.get("n").is_some() && first.get("timestamp").is_none(),
        None => true,
    }
}

/// The rows `condition` selects in the view's window and workspace (none: all of them), as the
/// log's export: what a download of a list's every event needs in portal mode.
pub fn rows_query(
    dataset: &str,
    filter: &ViewFilter,
    zone: Zone,
    condition: Option<&str>,
) -> ExploreQuery {
    let query = ExploreQuery::export(dataset, ExportFormat::Json)
        .where_(&window_condition(filter, zone))
        .timezone(zone.name());
    match condition {
        Some(condition) => query.where_(condition),
        None => query,
    }
}
