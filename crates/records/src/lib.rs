//! The activity log's records ([`record`]), the readers of the API's exports ([`parse`]) and the
//! columnar store they fill ([`store`]): what a load runs for every event.
//!
//! A crate of its own so that it alone is compiled for speed in the app's wasm, whose other code
//! is compiled for size (the workspace's `Cargo.toml` says what each costs). The engine
//! re-exports its modules under the same names: `engine::parse`, `engine::store`, and so on.

pub mod parse;
pub mod record;
pub mod spreadsheet;
pub mod store;

pub use parse::{JsonArrayReader, ParseError, ParseReport};
pub use record::{Field, RawRecord, Record, SkipReason, TextField};
pub use store::Store;
