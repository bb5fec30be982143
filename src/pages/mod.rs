//! One file per route.

pub mod dashboard;
pub mod log;
pub mod not_found;
