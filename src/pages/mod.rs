//! One file per route.

pub mod connect;
pub mod dashboard;
pub mod log;
pub mod not_found;
pub mod object;
pub mod objects;
pub mod user;
pub mod users;
