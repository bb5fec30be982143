//! Aggregating on the portal: the `group_by` queries behind every dashboard figure for a view's
//! filters, ODSQL conditions that select exactly what the browser's filters select (the object
//! type from which fields are set, empty strings as unset), and their answers read into
//! an `engine::groups::GroupsBuilder`. What crosses the network grows with the groups, not the
//! events.

use engine::groups::{Activity, DayCount, GroupsBuilder, HourCount, Removal, RuleCount};
use engine::notable::{is_access_change, is_removal, NIGHT_HOURS};
use engine::objects::{object_fields, object_of, object_of_text, WORKSPACE_RULE};
use engine::{ObjectType, Store, TextField, ViewFilter, Zone};
use serde_json::Value;
use std::borrow::Cow;

use super::group_rows::{rows, Row, Scalar};

use super::query::{ExploreQuery, ExportFormat};

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

/// An ODSQL string literal: double quotes, with `\` and `"` escaped.
pub fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

fn unset(field: TextField) -> String {
    format!("({0} is null OR {0} = \"\")", field.name())
}

/// The events whose object is of `kind`: its field set and every field before it in the rule
/// unset (a workspace: none set).
pub fn type_condition(kind: ObjectType) -> String {
    let mut parts = Vec::new();
    for earlier in ObjectType::ALL.into_iter().take_while(|k| *k != kind) {
        if let Some(field) = earlier.field() {
            parts.push(unset(field));
        }
    }
    if let Some(field) = kind.field() {
        parts.push(format!("NOT {}", unset(field)));
    }
    format!("({})", parts.join(" AND "))
}

/// The window's local days in `zone`, as UTC instants: right whether a portal reads a bare
/// date at midnight in the request's `timezone` or in UTC (its documentation says neither).
fn dates_condition(window: &engine::DateWindow, zone: Zone) -> String {
    let (start, end) = window.utc_span(zone);
    format!(
        "timestamp >= date'{}' AND timestamp < date'{}'",
        instant_literal(start),
        instant_literal(end)
    )
}

/// The window's local days, the workspace and the marks picked on the figures.
pub fn window_condition(filter: &ViewFilter, zone: Zone) -> String {
    let mut condition = dates_condition(&filter.window, zone);
    if let Some(workspace) = &filter.workspace {
        condition.push_str(&format!(" AND {}", workspace_condition(workspace)));
    }
    if let Some(marks) = super::marks::marks_condition(&filter.marks, &filter.window, zone) {
        condition.push_str(&format!(" AND {marks}"));
    }
    condition
}

/// The events of workspace `name`: the first set field of the workspace rule holds it.
fn workspace_condition(name: &str) -> String {
    let name = quoted(name);
    workspace_where(&|field| format!("{} = {name}", field.name()))
}

/// The events whose workspace passes `test` (an ODSQL condition on one of the workspace
/// rule's fields): the first set field of the rule passes it.
pub(super) fn workspace_where(test: &dyn Fn(TextField) -> String) -> String {
    let alternatives: Vec<String> = WORKSPACE_RULE
        .iter()
        .enumerate()
        .map(|(position, field)| {
            let mut parts: Vec<String> = WORKSPACE_RULE
                .iter()
                .take(position)
                .map(|earlier| unset(*earlier))
                .collect();
            parts.push(test(*field));
            format!("({})", parts.join(" AND "))
        })
        .collect();
    format!("({})", alternatives.join(" OR "))
}

/// The events of one object: those of its type whose id field holds `id` (a workspace: its
/// `subdomain_id`, else its `domain_id`).
pub fn object_condition(kind: ObjectType, id: &str) -> String {
    let is_it = match kind.field() {
        Some(field) => format!("{} = {}", field.name(), quoted(id)),
        None => workspace_condition(id),
    };
    format!("{} AND {is_it}", type_condition(kind))
}

/// The events of one user.
pub fn user_condition(user: &str) -> String {
    format!("user_id = {}", quoted(user))
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

/// The queries behind the notable actions' candidates, every series (the legend filters
/// them once held). Only the bursts need events (their instants, one after the other); the
/// access changes and the night actions are one row per user, counted from groups per object,
/// user and action.
pub struct NotableQueries {
    /// The removals with a user, per object type (the rows then carry only that type's id
    /// fields, beside the core ones); none when the window has no removal action.
    pub removals: Vec<(ObjectType, ExploreQuery)>,
    /// The access changes' groups; none when the window has no such action.
    pub access: Option<ExploreQuery>,
    /// The night actions' (local hours 0 to 5) groups.
    pub night: ExploreQuery,
}

/// The window's action names (in `filter`'s workspace): what the notable actions' queries
/// name. A small answer asked beside the figures' groups, so that those queries need not wait
/// for the figures' largest answer.
pub fn actions_query(dataset: &str, filter: &ViewFilter, zone: Zone) -> ExploreQuery {
    capped(ExploreQuery::export(dataset, ExportFormat::Json))
        .where_(&window_condition(filter, zone))
        .select("count(*) as n")
        .group_by("action")
        .timezone(zone.name())
}

/// The action names of an [`actions_query`] answer.
pub fn read_action_names(body: &str) -> Result<Vec<String>, BadAnswer> {
    Ok(rows(body)?
        .iter()
        .filter_map(|row| row.text("action").map(Cow::into_owned))
        .filter(|name| !name.is_empty())
        .collect())
}

impl NotableQueries {
    /// For `filter`'s window and workspace, among `actions` (the window's action names).
    pub fn new(dataset: &str, filter: &ViewFilter, zone: Zone, actions: &[String]) -> Self {
        let named = |rule: fn(&str) -> bool| {
            let names: Vec<String> = actions
                .iter()
                .filter(|name| rule(name))
                .map(|name| quoted(name))
                .collect();
            (!names.is_empty()).then(|| format!("action IN ({})", names.join(", ")))
        };
        let of_users = |condition: &str| {
            capped(ExploreQuery::export(dataset, ExportFormat::Json))
                .where_(&window_condition(filter, zone))
                .where_(&format!("NOT {}", unset(TextField::UserId)))
                .where_(condition)
                .timezone(zone.name())
        };
        let groups = |condition: &str| {
            of_users(condition)
                .select("count(*) as n, min(timestamp) as first, max(timestamp) as last")
                .group_by(&object_user_action())
        };
        let night = format!(
            "hour(timestamp) >= {} AND hour(timestamp) < {}",
            NIGHT_HOURS.start, NIGHT_HOURS.end
        );
        NotableQueries {
            // Only what a burst reads of a removal: not its diff, most of an event's bytes.
            removals: named(is_removal).map_or_else(Vec::new, |condition| {
                ObjectType::ALL
                    .into_iter()
                    .map(|kind| {
                        let query = of_users(&format!("{condition} AND {}", type_condition(kind)))
                            .select(&format!("timestamp, {}", removal_fields(kind)));
                        (kind, query)
                    })
                    .collect()
            }),
            access: named(is_access_change).map(|condition| groups(&condition)),
            night: groups(&night),
        }
    }
}

/// What a burst reads of a removal of `kind`: the type's id fields, and the log's core fields
/// (without which an answer is not the activity log's), not its diff (most of an event's
/// bytes).
fn removal_fields(kind: ObjectType) -> String {
    let mut fields = id_fields(kind);
    for core in ["domain_id", "user_id", "action"] {
        if !fields.contains(&core) {
            fields.push(core);
        }
    }
    fields.join(", ")
}

/// The removals' rows (events with a user) of one answer into `builder`, each with its place
/// (`first` and on, across the answers) to order removals of one instant.
pub fn read_removals(removals: &Store, first: usize, builder: &mut GroupsBuilder) {
    for row in 0..removals.len() {
        let (kind, id) = object_of(removals, row);
        let object = builder.object(kind, removals.strings().get(id));
        let user = builder.user(removals.text(row, TextField::UserId));
        let action = builder.action(removals.text(row, TextField::Action));
        let removal = Removal {
            at: removals.timestamp(row),
            order: (first + row) as u32,
            user,
            object,
            action,
        };
        builder.groups_mut().removals.push(removal);
    }
}

/// An instant as an ODSQL date literal's text, to the millisecond.
pub(super) fn instant_literal(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Why an answer could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BadAnswer {
    /// Not the groups or rows asked for; why, in the developer's words.
    Unreadable(String),
    /// More than [`MAX_GROUPS`] groups.
    TooManyGroups,
}

/// An unreadable answer is the portal's [`ApiError::UnexpectedAnswer`] (plain words, and the
/// advice to download the events instead); one past the cap, [`ApiError::TooManyGroups`].
impl From<BadAnswer> for super::ApiError {
    fn from(bad: BadAnswer) -> Self {
        match bad {
            BadAnswer::Unreadable(why) => super::ApiError::UnexpectedAnswer { why },
            BadAnswer::TooManyGroups => super::ApiError::TooManyGroups { limit: MAX_GROUPS },
        }
    }
}

fn count(row: &Row) -> Result<u64, BadAnswer> {
    match row.get("n") {
        Some(Scalar::Number(n)) => n.as_u64(),
        _ => None,
    }
    .ok_or_else(|| BadAnswer::Unreadable("a group without its count".into()))
}

/// A group's `min`/`max(timestamp)`: see [`instant`].
fn group_instant(row: &Row, key: &str, zone: Zone) -> Option<i64> {
    match row.get(key)? {
        Scalar::Number(ms) => ms.as_i64(),
        Scalar::Text(text) => instant_of_text(text, zone),
        Scalar::Other => None,
    }
}

/// `min`/`max(timestamp)` as a portal may render it (its documentation does not say): RFC 3339
/// with an offset, a local time without one (in the request's `zone`), or epoch milliseconds.
pub(super) fn instant(row: &serde_json::Map<String, Value>, key: &str, zone: Zone) -> Option<i64> {
    match row.get(key)? {
        Value::Number(ms) => ms.as_i64(),
        Value::String(text) => instant_of_text(text, zone),
        _ => None,
    }
}

/// An instant written as RFC 3339 with an offset, or as a local time without one (in `zone`).
fn instant_of_text(text: &str, zone: Zone) -> Option<i64> {
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|at| at.timestamp_millis())
        .ok()
        .or_else(|| {
            let local =
                chrono::NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%dT%H:%M:%S%.f").ok()?;
            Some(zone.instant_of_local(local))
        })
}

/// A group's object (by the rule, from its object fields), user and action, numbered by
/// `builder`.
fn object_user_action_of(row: &Row, builder: &mut GroupsBuilder) -> (u32, u32, u32) {
    let texts: Vec<(TextField, Cow<str>)> = object_fields()
        .into_iter()
        .map(|field| (field, row.text(field.name()).unwrap_or_default()))
        .collect();
    let (kind, id) = object_of_text(|field| {
        texts
            .iter()
            .find(|(f, _)| *f == field)
            .map_or("", |(_, value)| value.as_ref())
    });
    let object = builder.object(kind, id);
    let user = builder.user(&row.text("user_id").unwrap_or_default());
    let action = builder.action(&row.text("action").unwrap_or_default());
    (object, user, action)
}

/// The answer of [`FigureQueries::activity`], asked in `zone`, into `builder`.
pub fn read_activity(body: &str, zone: Zone, builder: &mut GroupsBuilder) -> Result<(), BadAnswer> {
    for row in rows(body)? {
        let (object, user, action) = object_user_action_of(&row, builder);
        let last = group_instant(&row, "last", zone)
            .ok_or_else(|| BadAnswer::Unreadable("a group without its latest time".into()))?;
        let count = count(&row)?;
        builder.groups_mut().activity.push(Activity {
            object,
            user,
            action,
            count,
            last,
        });
    }
    Ok(())
}

/// Which rule a [`NotableQueries`] answer is of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    Access,
    Night,
}

/// The answer of [`NotableQueries::access`] or [`NotableQueries::night`], asked in `zone`,
/// into `builder`.
pub fn read_rule_groups(
    body: &str,
    zone: Zone,
    rule: Rule,
    builder: &mut GroupsBuilder,
) -> Result<(), BadAnswer> {
    for row in rows(body)? {
        let at = |key: &str| {
            group_instant(&row, key, zone)
                .ok_or_else(|| BadAnswer::Unreadable(format!("a group without its {key} time")))
        };
        let (first, last, count) = (at("first")?, at("last")?, count(&row)?);
        let (object, user, action) = object_user_action_of(&row, builder);
        let group = RuleCount {
            user,
            object,
            action,
            count,
            first,
            last,
        };
        let groups = builder.groups_mut();
        match rule {
            Rule::Access => groups.access.push(group),
            Rule::Night => groups.night.push(group),
        }
    }
    Ok(())
}

/// The answer of one of [`FigureQueries::days`] (events of `kind`), into `builder`.
pub fn read_days(
    kind: ObjectType,
    body: &str,
    builder: &mut GroupsBuilder,
) -> Result<(), BadAnswer> {
    for row in rows(body)? {
        let day = row
            .text(DAY)
            .and_then(|d| d.parse().ok())
            .map(engine::calendar::day_of_date)
            .ok_or_else(|| BadAnswer::Unreadable("a day that is not a date".into()))?;
        let action = builder.action(&row.text("action").unwrap_or_default());
        let count = count(&row)?;
        builder.groups_mut().days.push(DayCount {
            kind,
            action,
            day,
            count,
        });
    }
    Ok(())
}

/// The answer of one of [`FigureQueries::hours`] (events of `kind`), into `builder`.
pub fn read_hours(
    kind: ObjectType,
    body: &str,
    builder: &mut GroupsBuilder,
) -> Result<(), BadAnswer> {
    for row in rows(body)? {
        let number = |key| row.text(key).and_then(|t| t.parse::<u8>().ok());
        let (weekday, hour) = match (number(WEEKDAY), number(HOUR)) {
            (Some(weekday @ 1..=7), Some(hour @ 0..=23)) => (weekday - 1, hour),
            _ => {
                return Err(BadAnswer::Unreadable(
                    "a weekday or hour out of range".into(),
                ))
            }
        };
        let action = builder.action(&row.text("action").unwrap_or_default());
        let count = count(&row)?;
        builder.groups_mut().hours.push(HourCount {
            kind,
            action,
            weekday,
            hour,
            count,
        });
    }
    Ok(())
}

/// The answer of [`FigureQueries::workspaces`]: each group's workspace (the first set field of
/// the workspace rule), sorted, once each.
pub fn read_workspaces(body: &str) -> Result<Vec<String>, BadAnswer> {
    let mut names: Vec<String> = rows(body)?
        .iter()
        .filter_map(|row| {
            WORKSPACE_RULE
                .iter()
                .filter_map(|field| row.text(field.name()))
                .find(|name| !name.is_empty())
                .map(Cow::into_owned)
        })
        .collect();
    names.sort();
    names.dedup();
    Ok(names)
}
