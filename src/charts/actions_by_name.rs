//! **Distribution of actions** by action name: horizontal bars, most frequent on top.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::frame::{marked, BarFrame, Direction};
use super::{Axes, ChartStyle, DrawResult};
use crate::i18n::t;

pub fn draw_actions_by_name<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    counts: &[(String, u64)],
    selected: &[bool],
    style: ChartStyle,
) -> DrawResult {
    let names: Vec<&str> = counts.iter().map(|(name, _)| name.as_str()).collect();
    let max = counts.iter().map(|(_, count)| *count).max().unwrap_or(0);
    let axes = Axes {
        category: t("chart.action"),
        count: t("chart.actions"),
    };
    let frame = BarFrame::new(root, &names, max, Direction::Right, axes, style)?;
    let bars = counts
        .iter()
        .enumerate()
        .map(|(i, (_, count))| {
            let colour = marked(style.theme.neutral, selected, i, style.theme.background);
            frame.bar(i, 0.0, *count as f64, colour)
        })
        .collect();
    frame.finish(bars)
}
