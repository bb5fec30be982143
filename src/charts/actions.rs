//! **Actions**: stacked bars, one per local day, one colour per series.

use std::collections::BTreeSet;

use engine::series::TimeSeries;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::frame::{stacked, BarFrame, Direction};
use super::{palette, ChartStyle, DrawResult};

/// Hidden series (by name) are not drawn; series `i` has the colour [`palette::series_color`]
/// `(i)`, as in the legend.
pub fn draw_actions<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    data: &TimeSeries,
    hidden: &BTreeSet<String>,
    style: ChartStyle,
) -> DrawResult {
    let is_shown = |i: &usize| !hidden.contains(&data.series[*i].name);
    let max = (0..data.days.len())
        .map(|day| data.day_total(day, |s| !hidden.contains(&s.name)))
        .max()
        .unwrap_or(0);
    let labels: Vec<String> = data
        .days
        .iter()
        .map(|d| d.format("%b %d").to_string())
        .collect();
    let frame = BarFrame::new(root, &labels, max, Direction::Up, style)?;
    let bars = (0..data.days.len())
        .flat_map(|day| {
            let counts = (0..data.series.len())
                .filter(is_shown)
                .map(|i| (i, u64::from(data.series[i].counts[day])));
            stacked(&frame, day, counts, palette::series_color)
        })
        .collect();
    frame.finish(bars)
}
