//! A portal's group answers read into an `engine::groups::GroupsBuilder`, each checked: an
//! answer that is not the groups asked for, or past the cap, is a [`BadAnswer`].

use std::borrow::Cow;

use super::{DAY, HOUR, MAX_GROUPS, WEEKDAY};
use crate::api::group_rows::{rows, Row, Scalar};

use engine::groups::{Activity, DayCount, GroupId, GroupsBuilder, HourCount, RuleCount};
use engine::objects::{object_fields, object_of_text, WORKSPACE_RULE};
use engine::{ObjectType, TextField, Zone};
use serde_json::Value;

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
impl From<BadAnswer> for crate::api::ApiError {
    fn from(bad: BadAnswer) -> Self {
        match bad {
            BadAnswer::Unreadable(why) => crate::api::ApiError::UnexpectedAnswer { why },
            BadAnswer::TooManyGroups => crate::api::ApiError::TooManyGroups { limit: MAX_GROUPS },
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
pub(in crate::api) fn instant(
    row: &serde_json::Map<String, Value>,
    key: &str,
    zone: Zone,
) -> Option<i64> {
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
            let local = engine::date_text::parse_local_date_time(text)?;
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
    read_action_counts(body, builder, |row, action, count, builder| {
        let day = row
            .text(DAY)
            .and_then(|d| engine::date_text::parse_date(&d))
            .map(engine::calendar::day_of_date)
            .ok_or_else(|| BadAnswer::Unreadable("a day that is not a date".into()))?;
        builder.groups_mut().days.push(DayCount {
            kind,
            action,
            day,
            count,
        });
        Ok(())
    })
}

/// The answer of one of [`FigureQueries::hours`] (events of `kind`), into `builder`.
pub fn read_hours(
    kind: ObjectType,
    body: &str,
    builder: &mut GroupsBuilder,
) -> Result<(), BadAnswer> {
    read_action_counts(body, builder, |row, action, count, builder| {
        let number = |key| row.text(key).and_then(|t| t.parse::<u8>().ok());
        let (weekday, hour) = match (number(WEEKDAY), number(HOUR)) {
            (Some(weekday @ 1..=7), Some(hour @ 0..=23)) => (weekday - 1, hour),
            _ => {
                let why = "a weekday or hour out of range";
                return Err(BadAnswer::Unreadable(why.into()));
            }
        };
        let hour_count = HourCount {
            kind,
            action,
            weekday,
            hour,
            count,
        };
        builder.groups_mut().hours.push(hour_count);
        Ok(())
    })
}

/// Each group of `body` given to `push` with its action (numbered by `builder`) and its count.
fn read_action_counts(
    body: &str,
    builder: &mut GroupsBuilder,
    mut push: impl FnMut(&Row, GroupId, u64, &mut GroupsBuilder) -> Result<(), BadAnswer>,
) -> Result<(), BadAnswer> {
    for row in rows(body)? {
        let action = builder.action(&row.text("action").unwrap_or_default());
        let count = count(&row)?;
        push(&row, action, count, builder)?;
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
    engine::sorting::sort(&mut names);
    names.dedup();
    Ok(names)
}
