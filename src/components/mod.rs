//! Reusable pieces of the views. Each is thin: it reads engine results and renders them.

pub mod chart;
pub mod comparison;
pub mod data_table;
pub mod date_filter;
pub mod diff_view;
pub mod downloads;
pub mod history;
pub mod history_page;
pub mod kpis;
pub mod legend;
pub mod list_filters;
pub mod load_status;
pub mod notable;
pub mod object_name;
pub mod page_title;
pub mod pager;
pub mod search_box;
pub mod tables;
pub mod week_hours;

pub use chart::ChartCanvas;
pub use comparison::{CompareSwitch, ComparisonCard};
pub use data_table::{DataTable, TableData};
pub use date_filter::DateFilter;
pub use downloads::{CopyLink, Downloads};
pub use kpis::KpiCards;
pub use legend::{ColourKey, Legend, LegendItem};
pub use load_status::LoadStatus;
pub use notable::NotableCard;
pub use page_title::PageTitle;
pub use pager::Pager;
pub use tables::{ObjectTable, UserTable};
pub use week_hours::WeekHoursCard;
