//! The pure-Rust core of Back office analytics.
//!
//! Everything here runs natively and in wasm alike: no web-sys, no clock, no global time zone,
//! no display text. "Now" and the zone are always parameters; the words people read are the
//! app's. Data from outside (API bodies, files) enters through [`parse`] only, which validates
//! every record and counts what it had to skip.
//!
//! From the bottom up: `record` → `store` → `parse` (the `records` crate, re-exported here);
//! `calendar` and `objects` → `indexed` (the store with per-event days and objects) → `filter`
//! (rows of a view) → `series`, `stats`, `aggregate` (with `distinct`) → `dashboard` (all of a view at once); beyond the platform's
//! page: `compare` (the previous period), `notable` (what to look
//! at); `groups` (the one intermediate every figure is finalized from, filled from rows or from a portal's group counts); `export` writes rows back in the platform's formats; `coverage` and `snapshot` keep a log
//! between visits (what spans it holds, its binary form; `bytes` reads and writes the fields of
//! that form and of the kept groups).

pub mod aggregate;
pub mod bytes;
pub mod calendar;
pub mod compare;
pub mod coverage;
pub mod dashboard;
pub mod date_text;
pub mod diff;
mod distinct;
pub mod export;
pub mod families;
pub mod filter;
#[cfg(feature = "demo")]
pub mod generator;
pub mod groups;
pub mod indexed;
pub mod log_search;
pub mod marks;
pub mod notable;
pub mod objects;
pub mod search;
pub mod series;
pub mod snapshot;
pub mod sorting;
pub mod stats;
#[cfg(feature = "tzdb")]
pub mod tzdb;
pub mod zone;

// The load's hot path, a crate of its own (compiled for speed, see `records`).
pub use records::{parse, record, spreadsheet, store};

pub use aggregate::Kpis;
pub use calendar::{DateWindow, LocalDays, Zone};
pub use filter::{SeriesMode, ViewFilter};
pub use indexed::IndexedLog;
pub use marks::{MarkKind, Marks};
pub use objects::{ObjectIndex, ObjectType};
pub use parse::{JsonArrayReader, ParseError, ParseReport};
pub use record::{Field, RawRecord, Record, SkipReason, TextField};
pub use store::Store;
