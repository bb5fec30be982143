//! What every request on the log shares: its parameters checked as the platform checks them,
//! then the records they select (zone, `where`, order).

use axum::http::StatusCode;
use engine::calendar::Zone;
use engine::Record;

use crate::error::{bad_parameter, PortalError};
use crate::odsql::{self, Comparison, Condition};
use crate::Params;

/// What every request on the log shares: the zone, the conditions, the order.
pub struct Selector {
    pub zone: Zone,
    conditions: Vec<Condition>,
    newest_first: bool,
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
        let conditions = match params.get("where") {
            None => Vec::new(),
            Some(clause) => odsql::parse_where(clause).map_err(|message| {
                PortalError::new(StatusCode::BAD_REQUEST, "ODSQLError", message)
            })?,
        };
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
        if let Some(select) = params.get("select") {
            if select.trim() != "*" {
                return Err(bad_parameter("The demo portal supports select=* only"));
            }
        }
        Ok(Selector {
            zone,
            conditions,
            newest_first,
        })
    }

    /// The matching records, in the requested order.
    pub fn select<'a>(&self, records: &'a [Record]) -> Vec<&'a Record> {
        let (mut start, mut end) = (0, records.len());
        // Time bounds narrow the sorted records by binary search; the rest is a scan.
        for condition in &self.conditions {
            if let Condition::Timestamp(op, date) = condition {
                let at = |ms: i64| records.partition_point(|r| r.timestamp.timestamp_millis() < ms);
                let (from, to) = (date.start_ms(self.zone), date.end_ms(self.zone));
                match op {
                    Comparison::GreaterOrEqual => start = start.max(at(from)),
                    Comparison::Greater => start = start.max(at(to)),
                    Comparison::Less => end = end.min(at(from)),
                    Comparison::LessOrEqual => end = end.min(at(to)),
                    Comparison::Equal => {
                        start = start.max(at(from));
                        end = end.min(at(to));
                    }
                    Comparison::NotEqual => {}
                }
            }
        }
        let slice = if start < end {
            &records[start..end]
        } else {
            &[]
        };
        let mut selected: Vec<&Record> = slice.iter().filter(|r| self.matches(r)).collect();
        if self.newest_first {
            selected.reverse();
        }
        selected
    }

    fn matches(&self, record: &Record) -> bool {
        self.conditions.iter().all(|condition| match condition {
            Condition::Timestamp(Comparison::NotEqual, date) => {
                let ms = record.timestamp.timestamp_millis();
                !(date.start_ms(self.zone)..date.end_ms(self.zone)).contains(&ms)
            }
            Condition::Timestamp(..) => true,
            Condition::TextEquals(field, value) => record.text(*field).unwrap_or("") == value,
            Condition::TextNotEquals(field, value) => record.text(*field).unwrap_or("") != value,
            Condition::IsNull(field) => record.text(*field).is_none_or(str::is_empty),
            Condition::IsNotNull(field) => record.text(*field).is_some_and(|v| !v.is_empty()),
        })
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

pub const COMMON: [&str; 6] = ["where", "timezone", "order_by", "select", "lang", "apikey"];
