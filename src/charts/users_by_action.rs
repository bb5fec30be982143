//! **Top users by action**: one horizontal stacked bar per user, one colour per action.

use engine::stats::UsersByAction;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::frame::{colour_by_colour, stacked, BarFrame, Direction};
use super::{Axes, ChartStyle, DrawResult};
use crate::i18n::t;

/// `colors[a]` is the colour of `data.actions[a]`; actions past the end are "other" (the
/// theme's colour).
pub fn draw_users_by_action<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    data: &UsersByAction,
    colors: &[RGBColor],
    style: ChartStyle,
) -> DrawResult {
    let max = data
        .counts
        .iter()
        .map(|row| row.iter().sum::<u64>())
        .max()
        .unwrap_or(0);
    let axes = Axes {
        category: t("chart.user"),
        count: t("chart.actions"),
    };
    let frame = BarFrame::new(root, &data.users, max, Direction::Right, axes, style)?;
    let color_of = |a: usize| colors.get(a).copied().unwrap_or(style.theme.other);
    let bars = data
        .counts
        .iter()
        .enumerate()
        .flat_map(|(u, counts)| stacked(&frame, u, counts.iter().copied().enumerate(), color_of))
        .collect();
    frame.finish(colour_by_colour(bars))
}
