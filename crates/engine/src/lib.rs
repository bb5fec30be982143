//! The pure-Rust core of Back office analytics.
//!
//! Everything here runs natively and in wasm alike: no web-sys, no clock, no global time zone.
//! "Now" and the zone are always parameters. Data from outside (API bodies, files) enters through
//! [`parse`] only, which validates every record and counts what it had to skip.

pub mod aggregate;
pub mod calendar;
pub mod dashboard;
#[cfg(feature = "demo")]
pub mod generator;
pub mod objects;
pub mod parse;
pub mod record;
pub mod search;
pub mod store;

pub use aggregate::Kpis;
pub use calendar::{DateWindow, LocalDays, Zone};
pub use dashboard::{IndexedLog, SeriesMode, ViewFilter};
pub use objects::{ObjectIndex, ObjectType};
pub use parse::{JsonArrayReader, ParseError, ParseReport, SkipReason};
pub use record::{Field, RawRecord, Record, TextField};
pub use store::Store;
