//! `/log`'s pages in portal mode: keyset paging, since `records` refuses
//! `offset + limit > 10000`. Pages meet at seconds (a portal renders seconds, whatever it holds);
//! the boundary second is asked for whole and its events told apart from those already shown by
//! their content, since a portal promises no order among events of one instant. A link's page
//! past the end is the last page, asked directly.

use std::collections::HashMap;

use engine::{ViewFilter, Zone};
use serde_json::Value;

use super::aggregates::{instant, instant_literal, window_condition, BadAnswer};
use super::query::{ExploreQuery, ExportFormat};

/// Where a page of `/log` starts, newest first: the events up to the end of the second that
/// starts at `before` (ms; the first page: none), less those of that second earlier pages
/// showed (`shown`: each one's JSON, its keys sorted; identical events count twice).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageStart {
    pub before: Option<i64>,
    pub shown: Vec<String>,
}

/// How many events a page of `/log` shows.
pub const LOG_PAGE: usize = 100;

/// The events a list pages through: the window's and workspace's (`/log`), and of one subject
/// (`subject`: an ODSQL condition; a history's object or user).
pub fn scope(filter: &ViewFilter, zone: Zone, subject: Option<&str>) -> String {
    let window = window_condition(filter, zone);
    match subject {
        Some(subject) => format!("({window}) AND ({subject})"),
        None => window,
    }
}

/// Every event of `scope` in the second starting at `second` (an export: no cap on them, in
/// any order). Pages meet at seconds, not instants: a portal renders seconds, whatever it holds.
pub fn log_ties_query(dataset: &str, scope: &str, zone: Zone, second: i64) -> ExploreQuery {
    ExploreQuery::export(dataset, ExportFormat::Json)
        .where_(scope)
        .where_(&format!(
            "timestamp >= date'{}' AND timestamp < date'{}'",
            instant_literal(second),
            instant_literal(second + 1000)
        ))
        .timezone(zone.name())
}

/// The start of the second an event's timestamp falls in (milliseconds).
fn second_of(event: &Value, zone: Zone) -> Option<i64> {
    let ms = instant(event.as_object()?, "timestamp", zone)?;
    Some(ms.div_euclid(1000) * 1000)
}

/// The `limit` newest events of `scope` before the second `before` starts (on the first page,
/// the newest of all).
pub fn log_page_query(
    dataset: &str,
    scope: &str,
    zone: Zone,
    before: Option<i64>,
    limit: usize,
) -> ExploreQuery {
    let mut query = ExploreQuery::records(dataset).where_(scope);
    if let Some(before) = before {
        query = query.where_(&format!("timestamp < date'{}'", instant_literal(before)));
    }
    query
        .order_by("timestamp desc")
        .limit(limit as i64)
        .timezone(zone.name())
}

/// The events of the start's second that earlier pages did not show, in the order of their
/// JSON: the head of the page (every answer gives the same head, whatever order ties came in).
/// Linear in the second's events, however many earlier pages showed.
pub fn unshown_ties(start: &PageStart, ties: Vec<Value>) -> Vec<Value> {
    let mut shown: HashMap<&str, usize> = HashMap::new();
    for text in &start.shown {
        *shown.entry(text).or_default() += 1;
    }
    let mut ties: Vec<(String, Value)> = ties.into_iter().map(|t| (t.to_string(), t)).collect();
    engine::sorting::sort_by(&mut ties, |a, b| a.0.cmp(&b.0));
    ties.into_iter()
        .filter(|(text, _)| match shown.get_mut(text.as_str()) {
            Some(left) if *left > 0 => {
                *left -= 1;
                false
            }
            _ => true,
        })
        .map(|(_, tie)| tie)
        .collect()
}

/// A page from its head (the start's unshown ties) and the older events asked after them, and
/// where the next page starts (none after the last): at the page's last second, with every
/// event of that second it shows.
pub fn log_page(
    start: &PageStart,
    head: Vec<Value>,
    older: Vec<Value>,
    zone: Zone,
) -> (Vec<Value>, Option<PageStart>) {
    let page: Vec<Value> = head.into_iter().chain(older).take(LOG_PAGE).collect();
    // The last page; or a timestamp that cannot be read, where no next page could start.
    let Some(last) = page.last().and_then(|event| second_of(event, zone)) else {
        return (page, None);
    };
    if page.len() < LOG_PAGE {
        return (page, None);
    }
    let mut shown: Vec<String> = page
        .iter()
        .filter(|event| second_of(event, zone) == Some(last))
        .map(Value::to_string)
        .collect();
    if start.before == Some(last) {
        shown.extend(start.shown.iter().cloned());
    }
    let next = PageStart {
        before: Some(last),
        shown,
    };
    (page, Some(next))
}

/// The events of an export's answer (a JSON array).
pub fn events_of(body: &str) -> Result<Vec<Value>, BadAnswer> {
    match serde_json::from_str(body) {
        Ok(Value::Array(events)) => Ok(events),
        Ok(_) => Err(BadAnswer::Unreadable("not a JSON array".into())),
        Err(error) => Err(BadAnswer::Unreadable(format!("not JSON: {error}"))),
    }
}

/// The last page of `scope`'s `total` events, asked directly (oldest first, as many as that
/// page holds) instead of walked to: a link's `page=99999999` costs one request. The rows come
/// oldest first; the page shows them reversed.
pub fn last_log_page_query(dataset: &str, scope: &str, zone: Zone, total: usize) -> ExploreQuery {
    let on_last_page = match total % LOG_PAGE {
        0 => LOG_PAGE.min(total),
        rest => rest,
    };
    ExploreQuery::records(dataset)
        .where_(scope)
        .order_by("timestamp asc")
        .limit(on_last_page as i64)
        .timezone(zone.name())
}

/// The page `/log` shows for the URL's `wanted` page of a window of `total` events: the last
/// page when the link asks for one past it.
pub fn log_page_in_range(wanted: usize, total: usize) -> usize {
    wanted.clamp(1, total.div_ceil(LOG_PAGE).max(1))
}

/// A `records` answer: its `total_count` and its events.
pub fn read_records(body: &str) -> Result<(usize, Vec<Value>), BadAnswer> {
    let mut value: Value = serde_json::from_str(body)
        .map_err(|error| BadAnswer::Unreadable(format!("not JSON: {error}")))?;
    let total = value
        .get("total_count")
        .and_then(Value::as_u64)
        .ok_or_else(|| BadAnswer::Unreadable("no total_count".into()))?;
    match value.get_mut("results").map(Value::take) {
        Some(Value::Array(events)) => Ok((total as usize, events)),
        _ => Err(BadAnswer::Unreadable("no results".into())),
    }
}
