//! What every request on the log shares: its parameters checked as the platform checks them,
//! then the rows they select (zone, `where`, order) and, when it aggregates, its groups.

use crate::zone::Zone;
use axum::http::StatusCode;

use crate::error::{bad_parameter, PortalError};
use std::sync::Arc;

use crate::odsql::{self, Aggregation, Cell, Condition, GroupRow};
use crate::span::Span;
use crate::table::Table;
use crate::{Params, Portal};
use std::borrow::Cow;

/// What every request on the log shares: the zone, the condition, the order.
pub struct Selector {
    pub zone: Zone,
    condition: Condition,
    newest_first: bool,
    /// `select` with aggregates and `group_by`, when asked.
    pub aggregation: Option<Aggregation>,
    /// `select` of plain fields without `group_by`: the rows with those fields only.
    projection: Option<std::sync::Arc<[String]>>,
}

/// The parameters as the portal reads them: without `select`, `group_by` and `order_by` under
/// the `ignore_group_by` switch (rows are answered, not groups).
pub fn as_read(portal: &Portal, params: &Params) -> Params {
    let mut read = params.clone();
    if portal.switches.get().ignore_group_by {
        for name in ["select", "group_by", "order_by"] {
            read.remove(name);
        }
    }
    read
}

impl Selector {
    pub fn from_params(params: &Params, allowed: &[&str]) -> Result<Self, PortalError> {
        for name in params.keys() {
            if !allowed.contains(&name.as_str()) {
                return Err(bad_parameter(format!(
                    "The parameter {name:?} is not supported by the demo portal on this endpoint"
                )));
            }
        }
        let zone = match params.get("timezone") {
            None => Zone::UTC,
            Some(name) => name.parse().map_err(|_| {
                bad_parameter(format!(
                    "Unknown timezone {name:?}: use an IANA name such as Europe/Paris"
                ))
            })?,
        };
        let odsql_error =
            |message: String| PortalError::new(StatusCode::BAD_REQUEST, "ODSQLError", message);
        let condition = match params.get("where") {
            None => Condition::All(Vec::new()),
            Some(clause) => odsql::parse_where(clause).map_err(odsql_error)?,
        };
        let projection = projection(
            params.get("select").map(String::as_str),
            params.get("group_by").map(String::as_str),
        );
        let aggregation = match projection {
            Some(_) => None,
            None => Aggregation::parse(
                params.get("select").map(String::as_str),
                params.get("group_by").map(String::as_str),
                params.get("order_by").map(String::as_str),
            )
            .map_err(odsql_error)?,
        };
        if aggregation.is_some() {
            return Ok(Selector {
                zone,
                condition,
                newest_first: false,
                aggregation,
                projection: None,
            });
        }
        let newest_first = match params.get("order_by").map(|o| o.trim()) {
            None | Some("timestamp") | Some("timestamp asc") => false,
            Some("timestamp desc") | Some("-timestamp") => true,
            Some(other) => {
                return Err(PortalError::new(
                    StatusCode::BAD_REQUEST,
                    "ODSQLError",
                    format!("The demo portal orders by timestamp only, not {other:?}"),
                ))
            }
        };
        Ok(Selector {
            zone,
            condition,
            newest_first,
            aggregation: None,
            projection,
        })
    }

    /// The rows it selects among those the portal serves.
    pub fn select<'a>(&self, portal: &'a Portal) -> Selection<'a> {
        let table = &portal.table;
        let switches = portal.switches.get();
        let served = table.rows_until(switches.until_ms);
        let date_zone = match switches.bare_dates_utc {
            true => Zone::UTC,
            false => self.zone,
        };
        // The time bounds narrow the rows (in time order) by binary search; the rest is a scan.
        let (from, to) = self.condition.time_bounds(date_zone);
        let timestamps = &table.timestamps()[..served];
        let start = timestamps.partition_point(|&ms| ms < from);
        let end = timestamps.partition_point(|&ms| ms < to).max(start);
        let local = self.condition.needs_local_time()
            || self
                .aggregation
                .as_ref()
                .is_some_and(Aggregation::needs_local_time);
        let span = Span {
            table,
            start,
            end,
            zone: self.zone,
            date_zone,
            instants: switches.instants,
            offsets: local.then(|| portal.offsets.of(table, self.zone)),
            filters: Some(portal.filters.clone()),
        };
        let mask = self.condition.mask(&span);
        let ties_order = switches.shuffle_ties.then(|| {
            portal
                .answers
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        });
        Selection {
            span,
            mask,
            newest_first: self.newest_first,
            ties_order,
        }
    }

    /// A row as the API renders it, its timestamp in the request's zone (only the fields
    /// selected, when `select` names fields).
    pub fn render(&self, table: &Table, row: usize) -> serde_json::Value {
        if let Some(fields) = &self.projection {
            let row = self.render_fields(table, row, fields);
            return serde_json::to_value(row).unwrap_or_default();
        }
        let record = table.record(row);
        record.to_json_with_timestamp(&self.zone.format_rfc3339(record.timestamp))
    }

    /// A row as the API writes it in an export: its JSON text.
    pub fn render_text(&self, table: &Table, row: usize) -> String {
        let mut text = Vec::new();
        self.write_row(table, row, &mut text);
        String::from_utf8(text).unwrap_or_default()
    }

    /// [`Selector::render_text`] appended to `out`. A whole row is written field by field, its
    /// texts borrowed from the table, in the order and form of [`Selector::render`]'s JSON (keys
    /// sorted, `null` for an unset field): an export of millions of rows builds no value.
    pub fn write_row(&self, table: &Table, row: usize, out: &mut Vec<u8>) {
        if let Some(fields) = &self.projection {
            let _ = serde_json::to_writer(&mut *out, &self.render_fields(table, row, fields));
            return;
        }
        let timestamp = table
            .timestamps()
            .get(row)
            .and_then(|&ms| chrono::DateTime::from_timestamp_millis(ms))
            .unwrap_or_default();
        let timestamp = self.zone.format_rfc3339(timestamp);
        let diff = table.diff_text(row);
        let text = |field| table.record_text(row, field);
        use engine::TextField::*;
        let fields = [
            ("action", text(Action)),
            ("dataset_id", text(DatasetId)),
            ("diff", Some(&*diff).filter(|diff| !diff.is_empty())),
            ("domain_id", text(DomainId)),
            ("group_id", text(GroupId)),
            ("map_id", text(MapId)),
            ("page_id", text(PageId)),
            ("reuse_title", text(ReuseTitle)),
            ("subdomain_id", text(SubdomainId)),
            ("timestamp", Some(timestamp.as_str())),
            ("user_id", text(UserId)),
            ("username", text(Username)),
        ];
        out.push(b'{');
        for (i, (key, value)) in fields.into_iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.push(b'"');
            out.extend_from_slice(key.as_bytes());
            out.extend_from_slice(b"\":");
            match value {
                Some(value) => {
                    let _ = serde_json::to_writer(&mut *out, value);
                }
                None => out.extend_from_slice(b"null"),
            }
        }
        out.push(b'}');
    }

    /// Only `fields` of a row, read from the table's columns, its texts borrowed from them
    /// (its diff is written only when asked for: it is most of a row's cost).
    fn render_fields<'t>(
        &self,
        table: &'t Table,
        row: usize,
        fields: &Arc<[String]>,
    ) -> GroupRow<'t> {
        let null = || Cell::Json(serde_json::Value::Null);
        let values = fields.iter().map(|name| match name.as_str() {
            "timestamp" => table
                .timestamps()
                .get(row)
                .and_then(|&ms| chrono::DateTime::from_timestamp_millis(ms))
                .map_or_else(null, |at| {
                    Cell::Text(Cow::Owned(self.zone.format_rfc3339(at)))
                }),
            "diff" => table
                .record(row)
                .diff
                .map_or_else(null, |diff| Cell::Text(Cow::Owned(diff))),
            name => match odsql::field_named(name) {
                Ok(field) => table
                    .record_text(row, field)
                    .map_or_else(null, |text| Cell::Text(Cow::Borrowed(text))),
                Err(_) => null(),
            },
        });
        GroupRow::new(Arc::clone(fields), values.collect())
    }
}

/// The rows a request selects: a span of the table and, for each of its rows, whether the
/// condition holds.
pub struct Selection<'a> {
    pub span: Span<'a>,
    pub mask: Vec<bool>,
    newest_first: bool,
    /// Under the `shuffle_ties` switch, this answer's number: the order of its ties.
    ties_order: Option<u64>,
}

impl Selection<'_> {
    pub fn count(&self) -> usize {
        self.mask.iter().filter(|holds| **holds).count()
    }

    /// The selected rows of the table, in the requested order.
    pub fn rows(&self) -> Box<dyn Iterator<Item = usize> + '_> {
        let start = self.span.start;
        let selected = self
            .mask
            .iter()
            .enumerate()
            .filter(|(_, holds)| **holds)
            .map(move |(i, _)| start + i);
        let ordered: Box<dyn Iterator<Item = usize>> = match self.newest_first {
            true => Box::new(selected.rev()),
            false => Box::new(selected),
        };
        match self.ties_order {
            Some(answer) => Box::new(self.shuffled_ties(ordered.collect(), answer).into_iter()),
            None => ordered,
        }
    }

    /// `rows` with each run of one instant's events rotated by the answer's number, and reversed
    /// on odd answers: another order among ties on every answer.
    fn shuffled_ties(&self, mut rows: Vec<usize>, answer: u64) -> Vec<usize> {
        let timestamps = self.span.table.timestamps();
        let mut start = 0;
        while start < rows.len() {
            let at = timestamps.get(rows[start]);
            let length = rows[start..]
                .iter()
                .take_while(|&&row| timestamps.get(row) == at)
                .count();
            let run = &mut rows[start..start + length];
            run.rotate_left((answer as usize) % length);
            if answer % 2 == 1 {
                run.reverse();
            }
            start += length;
        }
        rows
    }
}

/// The fields `select` names when it names only fields of the log and nothing is grouped (a
/// projection of the rows); none otherwise (an aggregation, or an error it reports).
fn projection(select: Option<&str>, group_by: Option<&str>) -> Option<Arc<[String]>> {
    let select = select?.trim();
    if group_by.is_some() || select == "*" {
        return None;
    }
    let is_field =
        |name: &str| ["timestamp", "diff"].contains(&name) || odsql::field_named(name).is_ok();
    let names: Vec<String> = select.split(',').map(|n| n.trim().to_string()).collect();
    names
        .iter()
        .all(|name| is_field(name))
        .then(|| names.into())
}

pub fn int_param(params: &Params, name: &str, default: i64) -> Result<i64, PortalError> {
    match params.get(name) {
        None => Ok(default),
        Some(text) => text
            .trim()
            .parse()
            .map_err(|_| bad_parameter(format!("{name} must be an integer, not {text:?}"))),
    }
}

pub const COMMON: [&str; 7] = [
    "where", "timezone", "order_by", "select", "group_by", "lang", "apikey",
];
