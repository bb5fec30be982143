//! Reusable pieces of the views. Each is thin: it reads engine results and renders them.

pub mod date_filter;
pub mod kpis;
pub mod load_status;

pub use date_filter::DateFilter;
pub use kpis::KpiCards;
pub use load_status::LoadStatus;
