//! **Actions**: stacked bars, one per day, week or month, one colour per series.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use engine::series::{Bucket, TimeSeries};
use plotters::coord::Shift;
use plotters::prelude::*;

use super::frame::{colour_by_colour, marked, stacked, BarFrame, Direction};
use super::{Axes, ChartStyle, DrawResult};
use crate::i18n::t;

/// Hidden series (by name) are not drawn; series `i` has the colour `color_of(i)`, as in the
/// legend. `previous`, when comparing, is the previous period's total per bucket, drawn as a
/// line over the bars, bucket by bucket. When `selected` marks some buckets (the days picked),
/// the others are dimmed.
pub fn draw_actions<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    data: &TimeSeries,
    hidden: &BTreeSet<String>,
    color_of: impl Fn(usize) -> RGBColor,
    previous: Option<&[u64]>,
    selected: &[bool],
    style: ChartStyle,
) -> DrawResult {
    let is_shown = |i: &usize| !hidden.contains(&data.series[*i].name);
    let previous = previous.map(|line| &line[..line.len().min(data.days.len())]);
    let max = (0..data.days.len())
        .map(|day| data.day_total(day, |s| !hidden.contains(&s.name)))
        .chain(previous.unwrap_or_default().iter().copied())
        .max()
        .unwrap_or(0);
    let labels = bucket_labels(&data.days, data.bucket);
    let axes = Axes {
        category: bucket_title(data.bucket),
        count: t("chart.actions"),
    };
    let frame = BarFrame::new(root, &labels, max, Direction::Up, axes, style)?;
    let bars = (0..data.days.len())
        .flat_map(|day| {
            let counts = (0..data.series.len())
                .filter(is_shown)
                .map(|i| (i, u64::from(data.series[i].counts[day])));
            let colour = |i: usize| marked(color_of(i), selected, day, style.theme.background);
            stacked(&frame, day, counts, colour)
        })
        .collect();
    let bars = colour_by_colour(bars);
    match previous {
        Some(line) => frame.finish_with_line(bars, line, style.theme.text),
        None => frame.finish(bars),
    }
}

/// What one bar is: "Day", "Week (from Monday)", "Month".
pub fn bucket_title(bucket: Bucket) -> &'static str {
    match bucket {
        Bucket::Day => t("chart.bucket.day"),
        Bucket::Week => t("chart.bucket.week"),
        Bucket::Month => t("chart.bucket.month"),
    }
}

/// A tick label per bucket: "Nov 15", with the year when the window spans more than one
/// ("Nov 15, 2025"); a month as "Nov 2025".
pub fn bucket_labels(days: &[NaiveDate], bucket: Bucket) -> Vec<String> {
    let spans_years = days.first().map(NaiveDate::year) != days.last().map(NaiveDate::year);
    days.iter()
        .map(|&day| match bucket {
            Bucket::Month => crate::labels::month_year(day),
            _ => crate::labels::date_short(day, spans_years),
        })
        .collect()
}
