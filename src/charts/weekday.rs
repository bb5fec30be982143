//! **Users activity**: actions per day of the week, Monday first.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::frame::{marked, BarFrame, Direction};
use super::{Axes, ChartStyle, DrawResult};
use crate::i18n::t;
use crate::labels::weekdays_short;

pub fn draw_weekday<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    counts: &[u64; 7],
    selected: &[bool],
    style: ChartStyle,
) -> DrawResult {
    let labels = weekdays_short();
    let max = counts.iter().copied().max().unwrap_or(0);
    let axes = Axes {
        category: t("chart.weekday"),
        count: t("chart.actions"),
    };
    let frame = BarFrame::new(root, &labels, max, Direction::Up, axes, style)?;
    let bars = counts
        .iter()
        .enumerate()
        .map(|(day, &count)| {
            let colour = marked(style.theme.neutral, selected, day, style.theme.background);
            frame.bar(day, 0.0, count as f64, colour)
        })
        .collect();
    frame.finish(bars)
}
