//! What every request on the log shares: its parameters checked as the platform checks them,
//! then the records they select (zone, `where`, order) and, when it aggregates, its groups.

use axum::http::StatusCode;
use engine::calendar::Zone;
use engine::Record;

use crate::error::{bad_parameter, PortalError};
use crate::odsql::{self, Aggregation, Condition};
use crate::Params;

/// What every request on the log shares: the zone, the condition, the order.
pub struct Selector {
    pub zone: Zone,
    condition: Condition,
    newest_first: bool,
    /// `select` with aggregates and `group_by`, when asked.
    pub aggregation: Option<Aggregation>,
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
        let aggregation = Aggregation::parse(
            params.get("select").map(String::as_str),
            params.get("group_by").map(String::as_str),
            params.get("order_by").map(String::as_str),
        )
        .map_err(odsql_error)?;
        if aggregation.is_some() {
            return Ok(Selector {
                zone,
                condition,
                newest_first: false,
                aggregation,
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
        })
    }

    /// The matching records, in the requested order.
    pub fn select<'a>(&self, records: &'a [Record]) -> Vec<&'a Record> {
        // The time bounds narrow the sorted records by binary search; the rest is a scan.
        let (from, to) = self.condition.time_bounds(self.zone);
        let at = |ms: i64| records.partition_point(|r| r.timestamp.timestamp_millis() < ms);
        let (start, end) = (at(from), at(to));
        let slice = records.get(start..end).unwrap_or(&[]);
        let mut selected: Vec<&Record> = slice
            .iter()
            .filter(|r| self.condition.holds(r, self.zone))
            .collect();
        if self.newest_first {
            selected.reverse();
        }
        selected
    }

    pub fn render(&self, record: &Record) -> serde_json::Value {
        record.to_json_with_timestamp(&self.zone.format_rfc3339(record.timestamp))
    }
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
