//! Aggregating on the portal: the `group_by` queries behind every dashboard figure for a view's
//! filters, ODSQL conditions that select exactly what the browser's filters select (the object
//! type from which fields are set, empty strings as unset), and their answers read into
//! `engine::grouped::Groups`. What crosses the network grows with the groups, not the events.

use std::collections::BTreeSet;

use engine::grouped::{DayGroup, ObjectUserGroup, OBJECT_FIELDS};
use engine::notable::{self, Notable, NotableKind, RuleGroup};
use engine::{IndexedLog, ObjectType, SeriesMode, Store, TextField, ViewFilter, Zone};
use serde_json::Value;

use super::query::{ExploreQuery, ExportFormat};

/// The queries of one view's figures. Every one is an export (no cap on its groups: a list of
/// objects or users may pass the 20,000 groups `records` answers).
pub struct FigureQueries {
    /// Events per (object fields, user): objects, users and the KPIs.
    pub object_users: ExploreQuery,
    /// Per object type: events per action and local day, every series (the legend shows the
    /// totals of hidden ones).
    pub days: Vec<(ObjectType, ExploreQuery)>,
    /// Events per local weekday and hour.
    pub week_hours: ExploreQuery,
    /// Events per action name.
    pub actions: ExploreQuery,
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

impl FigureQueries {
    pub fn new(dataset: &str, filter: &ViewFilter, zone: Zone) -> Self {
        let visible = visible_condition(filter, zone);
        let window = window_condition(filter, zone);
        let export = |condition: &str| {
            capped(ExploreQuery::export(dataset, ExportFormat::Json))
                .where_(condition)
                .timezone(zone.name())
        };
        let object_fields: Vec<&str> = OBJECT_FIELDS.iter().map(|f| f.name()).collect();
        FigureQueries {
            object_users: export(&visible)
                .select("count(*) as n, max(timestamp) as last")
                .group_by(&format!("{}, user_id", object_fields.join(", "))),
            days: ObjectType::ALL
                .into_iter()
                .map(|kind| {
                    let query = export(&format!("({window}) AND {}", type_condition(kind)))
                        .select("count(*) as n")
                        .group_by(&format!(
                            "action, date_format(timestamp, 'yyyy-MM-dd') as {DAY}"
                        ));
                    (kind, query)
                })
                .collect(),
            week_hours: export(&visible).select("count(*) as n").group_by(&format!(
                "date_format(timestamp, 'e') as {WEEKDAY}, date_format(timestamp, 'HH') as {HOUR}"
            )),
            actions: export(&visible).select("count(*) as n").group_by("action"),
            workspaces: export(&dates_condition(&filter.window, zone))
                .select("count(*) as n")
                .group_by("subdomain_id, domain_id"),
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

/// Events per user and action of `users` (the most active), under the view's filters.
pub fn users_by_action_query(
    dataset: &str,
    filter: &ViewFilter,
    zone: Zone,
    users: &[String],
) -> ExploreQuery {
    let listed: Vec<String> = users.iter().map(|u| quoted(u)).collect();
    capped(ExploreQuery::export(dataset, ExportFormat::Json))
        .where_(&visible_condition(filter, zone))
        .where_(&format!("user_id IN ({})", listed.join(", ")))
        .timezone(zone.name())
        .select("count(*) as n")
        .group_by("user_id, action")
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

/// The window's local days and the workspace.
pub fn window_condition(filter: &ViewFilter, zone: Zone) -> String {
    let mut condition = dates_condition(&filter.window, zone);
    if let Some(workspace) = &filter.workspace {
        let name = quoted(workspace);
        condition.push_str(&format!(
            " AND (subdomain_id = {name} OR ({} AND domain_id = {name}))",
            unset(TextField::SubdomainId)
        ));
    }
    condition
}

/// The window, the workspace and the series the legend shows.
pub fn visible_condition(filter: &ViewFilter, zone: Zone) -> String {
    let mut condition = window_condition(filter, zone);
    if let Some(hidden) = hidden_condition(filter.mode, &filter.hidden) {
        condition = format!("({condition}) AND {hidden}");
    }
    condition
}

fn hidden_condition(mode: SeriesMode, hidden: &BTreeSet<String>) -> Option<String> {
    if hidden.is_empty() {
        return None;
    }
    match mode {
        SeriesMode::ObjectType => {
            let types: Vec<String> = hidden
                .iter()
                .filter_map(|name| ObjectType::from_name(name))
                .map(|kind| format!("NOT {}", type_condition(kind)))
                .collect();
            (!types.is_empty()).then(|| format!("({})", types.join(" AND ")))
        }
        SeriesMode::Action => {
            let names: Vec<String> = hidden.iter().map(|name| quoted(name)).collect();
            Some(format!("NOT (action IN ({}))", names.join(", ")))
        }
    }
}

/// The events of one object: those of its type whose id field holds `id` (a workspace: its
/// `subdomain_id`, else its `domain_id`).
pub fn object_condition(kind: ObjectType, id: &str) -> String {
    let id = quoted(id);
    let is_it = match kind.field() {
        Some(field) => format!("{} = {id}", field.name()),
        None => format!(
            "(subdomain_id = {id} OR ({} AND domain_id = {id}))",
            unset(TextField::SubdomainId)
        ),
    };
    format!("{} AND {is_it}", type_condition(kind))
}

/// The events of one user.
pub fn user_condition(user: &str) -> String {
    format!("user_id = {}", quoted(user))
}

/// The rows `condition` selects in the view's window and workspace, as the log's export: what
/// a history page needs in portal mode, and nothing more.
pub fn rows_query(dataset: &str, filter: &ViewFilter, zone: Zone, condition: &str) -> ExploreQuery {
    ExploreQuery::export(dataset, ExportFormat::Json)
        .where_(&window_condition(filter, zone))
        .where_(condition)
        .timezone(zone.name())
}

/// The queries behind the notable actions. Only the bursts need events (their instants, one
/// after the other); the access changes and the night actions are one row per user, counted from
/// groups per object and user.
pub struct NotableQueries {
    /// The visible removals with a user; none when the window has no removal action.
    pub removals: Option<ExploreQuery>,
    /// The visible access changes' groups; none when the window has no such action.
    pub access: Option<ExploreQuery>,
    /// The visible night actions' (local hours 0 to 5) groups.
    pub night: ExploreQuery,
}

impl NotableQueries {
    /// For `filter`, among `actions` (the window's action names).
    pub fn new(dataset: &str, filter: &ViewFilter, zone: Zone, actions: &[String]) -> Self {
        use engine::notable::{is_access_change, is_removal, NIGHT_HOURS};
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
                .where_(&visible_condition(filter, zone))
                .where_(&format!("NOT {}", unset(TextField::UserId)))
                .where_(condition)
                .timezone(zone.name())
        };
        let object_fields: Vec<&str> = OBJECT_FIELDS.iter().map(|f| f.name()).collect();
        let groups = |condition: &str| {
            of_users(condition)
                .select("count(*) as n, min(timestamp) as first, max(timestamp) as last")
                .group_by(&format!("{}, user_id", object_fields.join(", ")))
        };
        let night = format!(
            "hour(timestamp) >= {} AND hour(timestamp) < {}",
            NIGHT_HOURS.start, NIGHT_HOURS.end
        );
        NotableQueries {
            removals: named(is_removal).map(|condition| of_users(&condition)),
            access: named(is_access_change).map(|condition| groups(&condition)),
            night: groups(&night),
        }
    }
}

/// The notable actions from the portal's answers: bursts found in the removals' rows (may be
/// empty), access changes and night actions from their groups.
pub fn notable_of_answers(
    removals: Store,
    zone: Zone,
    access: &[RuleGroup],
    night: &[RuleGroup],
) -> Vec<Notable> {
    let log = IndexedLog::new(removals, zone);
    let every: Vec<u32> = (0..log.store.len() as u32).collect();
    // A removal may also change access or happen at night: those rules count from groups.
    let mut found: Vec<Notable> = notable::notable(&log, &every)
        .into_iter()
        .filter(|row| row.kind == NotableKind::BulkDelete)
        .collect();
    found.extend(notable::rows_of_groups(NotableKind::Access, access));
    found.extend(notable::rows_of_groups(NotableKind::Night, night));
    notable::sort_rows(&mut found);
    found
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

fn rows(body: &str) -> Result<Vec<serde_json::Map<String, Value>>, BadAnswer> {
    let value: Value = serde_json::from_str(body)
        .map_err(|error| BadAnswer::Unreadable(format!("not JSON: {error}")))?;
    let Value::Array(items) = value else {
        return Err(BadAnswer::Unreadable("not a JSON array".into()));
    };
    if items.len() > MAX_GROUPS {
        return Err(BadAnswer::TooManyGroups);
    }
    items
        .into_iter()
        .map(|item| match item {
            Value::Object(map) => Ok(map),
            _ => Err(BadAnswer::Unreadable("an element is not an object".into())),
        })
        .collect()
}

fn text(row: &serde_json::Map<String, Value>, key: &str) -> Option<String> {
    match row.get(key)? {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

fn count(row: &serde_json::Map<String, Value>) -> Result<u64, BadAnswer> {
    row.get("n")
        .and_then(Value::as_u64)
        .ok_or_else(|| BadAnswer::Unreadable("a group without its count".into()))
}

/// `min`/`max(timestamp)` as a portal may render it (its documentation does not say): RFC 3339
/// with an offset, a local time without one (in the request's `zone`), or epoch milliseconds.
pub(super) fn instant(row: &serde_json::Map<String, Value>, key: &str, zone: Zone) -> Option<i64> {
    match row.get(key)? {
        Value::Number(ms) => ms.as_i64(),
        Value::String(text) => chrono::DateTime::parse_from_rfc3339(text)
            .map(|at| at.timestamp_millis())
            .ok()
            .or_else(|| {
                let local =
                    chrono::NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%dT%H:%M:%S%.f")
                        .ok()?;
                Some(zone.instant_of_local(local))
            }),
        _ => None,
    }
}

/// The answer of [`FigureQueries::object_users`], asked in `zone`.
pub fn read_object_users(body: &str, zone: Zone) -> Result<Vec<ObjectUserGroup>, BadAnswer> {
    rows(body)?
        .iter()
        .map(|row| {
            let fields = OBJECT_FIELDS.map(|field| text(row, field.name()));
            let last = instant(row, "last", zone)
                .ok_or_else(|| BadAnswer::Unreadable("a group without its latest time".into()))?;
            Ok(ObjectUserGroup {
                fields,
                user: text(row, "user_id"),
                actions: count(row)?,
                last,
            })
        })
        .collect()
}

/// The answer of [`NotableQueries::access`] or [`NotableQueries::night`], asked in `zone`.
pub fn read_rule_groups(body: &str, zone: Zone) -> Result<Vec<RuleGroup>, BadAnswer> {
    rows(body)?
        .iter()
        .map(|row| {
            let at = |key: &str| {
                instant(row, key, zone)
                    .ok_or_else(|| BadAnswer::Unreadable(format!("a group without its {key} time")))
            };
            let group = ObjectUserGroup {
                fields: OBJECT_FIELDS.map(|field| text(row, field.name())),
                user: text(row, "user_id"),
                actions: count(row)?,
                last: at("last")?,
            };
            let (kind, id) = group.object();
            Ok(RuleGroup {
                user: group.user.clone().unwrap_or_default(),
                object: (kind, id.to_string()),
                count: group.actions as usize,
                first: at("first")?,
                last: group.last,
            })
        })
        .collect()
}

/// The answer of one of [`FigureQueries::days`].
pub fn read_days(kind: ObjectType, body: &str) -> Result<Vec<DayGroup>, BadAnswer> {
    rows(body)?
        .iter()
        .map(|row| {
            let day = text(row, DAY)
                .and_then(|d| d.parse().ok())
                .ok_or_else(|| BadAnswer::Unreadable("a day that is not a date".into()))?;
            Ok(DayGroup {
                kind,
                action: text(row, "action").unwrap_or_default(),
                day,
                events: count(row)?,
            })
        })
        .collect()
}

/// The answer of [`FigureQueries::week_hours`]: (weekday, 0 = Monday; hour; events).
pub fn read_week_hours(body: &str) -> Result<Vec<(u8, u8, u64)>, BadAnswer> {
    rows(body)?
        .iter()
        .map(|row| {
            let number = |key| text(row, key).and_then(|t| t.parse::<u8>().ok());
            match (number(WEEKDAY), number(HOUR)) {
                (Some(weekday @ 1..=7), Some(hour @ 0..=23)) => {
                    Ok((weekday - 1, hour, count(row)?))
                }
                _ => Err(BadAnswer::Unreadable(
                    "a weekday or hour out of range".into(),
                )),
            }
        })
        .collect()
}

/// The answer of [`FigureQueries::workspaces`]: each group's `subdomain_id`, else its
/// `domain_id` (the workspace rule), sorted, once each.
pub fn read_workspaces(body: &str) -> Result<Vec<String>, BadAnswer> {
    let mut names: Vec<String> = rows(body)?
        .iter()
        .filter_map(|row| {
            text(row, "subdomain_id")
                .filter(|name| !name.is_empty())
                .or_else(|| text(row, "domain_id"))
                .filter(|name| !name.is_empty())
        })
        .collect();
    names.sort();
    names.dedup();
    Ok(names)
}

/// The answer of [`FigureQueries::actions`].
pub fn read_actions(body: &str) -> Result<Vec<(String, u64)>, BadAnswer> {
    rows(body)?
        .iter()
        .map(|row| Ok((text(row, "action").unwrap_or_default(), count(row)?)))
        .collect()
}

/// The answer of [`users_by_action_query`].
pub fn read_users_by_action(body: &str) -> Result<Vec<(String, String, u64)>, BadAnswer> {
    rows(body)?
        .iter()
        .map(|row| {
            Ok((
                text(row, "user_id").unwrap_or_default(),
                text(row, "action").unwrap_or_default(),
                count(row)?,
            ))
        })
        .collect()
}
