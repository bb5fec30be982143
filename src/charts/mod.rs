//! One `draw_*` function per chart, generic over the plotters backend: the browser draws on a
//! canvas, tests draw to an SVG string. Each returns the pixel box of its plot so that the
//! tooltip can map a pointer position to a bar ([`PlotArea::bucket_at`]).

pub mod actions;
mod actions_by_name;
pub mod backend;
pub mod canvas;
mod frame;
pub mod palette;
mod users_by_action;
mod weekday;

#[cfg(test)]
mod tests;

pub use actions::draw_actions;
pub use actions_by_name::draw_actions_by_name;
pub use frame::shorten;
pub use users_by_action::draw_users_by_action;
pub use weekday::draw_weekday;

/// How a chart is drawn: sizes scale with the device pixel ratio so that a canvas drawn at 2×
/// stays crisp; the frame's colours follow the colour scheme; counts group their thousands.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ChartStyle {
    pub scale: f64,
    pub theme: palette::Theme,
    pub thousands: &'static str,
}

impl ChartStyle {
    /// At 1×, light, with English digits: what tests draw.
    pub const PLAIN: ChartStyle = ChartStyle {
        scale: 1.0,
        theme: palette::LIGHT,
        thousands: ",",
    };
}

/// The titles of a chart's two axes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Axes<'t> {
    /// Along the bars' categories (days, users, action names).
    pub category: &'t str,
    /// Along the counts.
    pub count: &'t str,
}

/// The plot's box in backend pixels, and how many bars it holds along which axis.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PlotArea {
    pub left: i32,
    pub right: i32,
    pub top: i32,
    pub bottom: i32,
    pub buckets: usize,
    /// Bars are rows (top to bottom) rather than columns.
    pub horizontal: bool,
}

impl PlotArea {
    /// The bar under a point, if any.
    pub fn bucket_at(&self, x: i32, y: i32) -> Option<usize> {
        if self.buckets == 0 || x < self.left || x >= self.right || y < self.top || y >= self.bottom
        {
            return None;
        }
        let (offset, length) = if self.horizontal {
            (y - self.top, self.bottom - self.top)
        } else {
            (x - self.left, self.right - self.left)
        };
        let bucket = (offset as i64 * self.buckets as i64 / length.max(1) as i64) as usize;
        Some(bucket.min(self.buckets - 1))
    }
}

pub type DrawResult = Result<PlotArea, String>;
