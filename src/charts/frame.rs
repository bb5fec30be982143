//! The frame every bar chart shares: a white background, a count axis labelled with whole
//! numbers and light grid lines, a category axis with a label per bar, and bars placed on it.

use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::{Axes, ChartStyle, DrawResult, PlotArea};

/// Half the thickness of a bar, in category slots.
const HALF_BAR: f64 = 0.36;

/// Which way the bars go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Columns, first category on the left.
    Up,
    /// Rows, first category on top.
    Right,
}

/// A bar chart's axes, ready for bars.
pub struct BarFrame<'a, DB: DrawingBackend> {
    chart: ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    direction: Direction,
    slots: usize,
}

impl<'a, DB: DrawingBackend> BarFrame<'a, DB> {
    /// Draws the frame for `categories` (in bar order) and counts up to `max`.
    pub fn new<T: AsRef<str>>(
        root: &'a DrawingArea<DB, Shift>,
        categories: &[T],
        max: u64,
        direction: Direction,
        axes: Axes,
        style: ChartStyle,
    ) -> Result<Self, String> {
        let theme = style.theme;
        root.fill(&theme.background).map_err(error)?;
        let slots = categories.len();
        let count_range = 0f64..max.max(1) as f64 * 1.08;
        let slot_range = -0.5f64..(slots.max(1) as f64 - 0.5);
        let px = |css: f64| (css * style.scale).round() as u32;
        let font = ("sans-serif", 15.0 * style.scale)
            .into_font()
            .color(&theme.text);
        let mut builder = ChartBuilder::on(root);
        builder.margin(px(8.0)).x_label_area_size(px(46.0));
        let mut chart = match direction {
            Direction::Up => builder
                .y_label_area_size(px(64.0))
                .build_cartesian_2d(slot_range, count_range),
            Direction::Right => builder
                .y_label_area_size(px(name_width(root, style)))
                .build_cartesian_2d(count_range, slot_range),
        }
        .map_err(error)?;
        let slot_label = |value: &f64| match direction {
            Direction::Up => label_at(categories, *value),
            // Row i is drawn at y = slots - 1 - i so that the first is on top.
            // About 8 CSS pixels a character; the full name is in the tooltip and the table.
            Direction::Right => shorten(
                &label_at(categories, slots as f64 - 1.0 - value),
                (name_width(root, style) / 8.0) as usize,
            ),
        };
        let count_label = |value: &f64| whole_number(*value, style.thousands);
        let (x_title, y_title) = match direction {
            Direction::Up => (axes.category, axes.count),
            Direction::Right => (axes.count, axes.category),
        };
        // The mesh borrows the chart until it is drawn.
        {
            let mut mesh = chart.configure_mesh();
            match direction {
                Direction::Up => mesh
                    .disable_x_mesh()
                    .x_labels(slots.clamp(1, max_ticks(root, style)))
                    .y_labels(5)
                    .x_label_formatter(&slot_label)
                    .y_label_formatter(&count_label),
                Direction::Right => mesh
                    .disable_y_mesh()
                    .y_labels(slots.max(1))
                    .x_labels(5)
                    .y_label_formatter(&slot_label)
                    .x_label_formatter(&count_label),
            };
            mesh.label_style(font.clone())
                .axis_desc_style(font)
                .x_desc(x_title)
                .y_desc(y_title)
                .max_light_lines(0)
                .bold_line_style(theme.grid)
                .axis_style(theme.axis)
                .draw()
                .map_err(error)?;
        }
        Ok(BarFrame {
            chart,
            direction,
            slots,
        })
    }

    /// The bar of category `slot` spanning counts `from` to `to` (stacked bars start where the
    /// previous one ended).
    pub fn bar(&self, slot: usize, from: f64, to: f64, color: RGBColor) -> Rectangle<(f64, f64)> {
        let corners = match self.direction {
            Direction::Up => {
                let x = slot as f64;
                [(x - HALF_BAR, from), (x + HALF_BAR, to)]
            }
            Direction::Right => {
                let y = (self.slots - 1 - slot) as f64;
                [(from, y - HALF_BAR), (to, y + HALF_BAR)]
            }
        };
        Rectangle::new(corners, color.filled())
    }

    /// Draws the bars, then `line` (a value per category, over the bars: the previous period)
    /// in `line_color` with a dot per value, and returns the plot's box, one bucket per
    /// category.
    pub fn finish_with_line(
        mut self,
        bars: Vec<Rectangle<(f64, f64)>>,
        line: &[u64],
        line_color: RGBColor,
    ) -> DrawResult {
        self.chart.draw_series(bars).map_err(error)?;
        let points: Vec<(f64, f64)> = line
            .iter()
            .enumerate()
            .map(|(slot, &value)| (slot as f64, value as f64))
            .collect();
        let style = ShapeStyle::from(line_color).stroke_width(2);
        self.chart
            .draw_series(LineSeries::new(points.iter().copied(), style))
            .map_err(error)?;
        self.chart
            .draw_series(
                points
                    .iter()
                    .map(|&point| Circle::new(point, 3, line_color.filled())),
            )
            .map_err(error)?;
        self.finish(Vec::new())
    }

    /// Draws the bars and returns the plot's box, one bucket per category.
    pub fn finish(mut self, bars: Vec<Rectangle<(f64, f64)>>) -> DrawResult {
        self.chart.draw_series(bars).map_err(error)?;
        let (x, y) = self.chart.plotting_area().get_pixel_range();
        Ok(PlotArea {
            left: x.start,
            right: x.end,
            top: y.start,
            bottom: y.end,
            buckets: self.slots,
            horizontal: self.direction == Direction::Right,
        })
    }
}

/// Bars stacked from zero, one per non-zero count, coloured by `color_of` its index; each with
/// that index, for [`colour_by_colour`].
pub fn stacked<DB: DrawingBackend>(
    frame: &BarFrame<DB>,
    slot: usize,
    counts: impl IntoIterator<Item = (usize, u64)>,
    color_of: impl Fn(usize) -> RGBColor,
) -> Vec<(usize, Rectangle<(f64, f64)>)> {
    let mut base = 0.0;
    let mut bars = Vec::new();
    for (index, count) in counts {
        if count > 0 {
            let top = base + count as f64;
            bars.push((index, frame.bar(slot, base, top, color_of(index))));
            base = top;
        }
    }
    bars
}

/// Stacked bars in the order to draw them: a colour (a series) at a time, so that the canvas
/// is told each colour once rather than once per bar. Stacked bars do not overlap: the order
/// does not show.
pub fn colour_by_colour(
    mut bars: Vec<(usize, Rectangle<(f64, f64)>)>,
) -> Vec<Rectangle<(f64, f64)>> {
    engine::sorting::sort_by_key(&mut bars, |(index, _)| *index);
    bars.into_iter().map(|(_, bar)| bar).collect()
}

fn error<E: std::fmt::Display>(error: E) -> String {
    error.to_string()
}

/// Integer tick labels only (plotters may ask about fractional positions).
fn label_at<T: AsRef<str>>(labels: &[T], value: f64) -> String {
    let index = value.round();
    if (value - index).abs() > 1e-6 || index < 0.0 {
        return String::new();
    }
    labels
        .get(index as usize)
        .map(|label| label.as_ref().to_string())
        .unwrap_or_default()
}

/// Counts are whole: label only whole tick values, thousands grouped.
pub fn whole_number(value: f64, thousands: &str) -> String {
    if (value - value.round()).abs() < 1e-9 && value >= 0.0 {
        crate::numbers::grouped_with(value.round() as u64, thousands)
    } else {
        String::new()
    }
}

/// The width (CSS pixels) of the names beside horizontal bars: 200, less on a narrow screen.
fn name_width<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, style: ChartStyle) -> f64 {
    let width = f64::from(root.dim_in_pixel().0) / style.scale;
    (width * 0.4).min(200.0)
}

/// How many category labels fit across the plot: one per ~90 CSS pixels, so that dates never
/// overlap on a phone, at most 12.
fn max_ticks<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, style: ChartStyle) -> usize {
    let width = f64::from(root.dim_in_pixel().0) / style.scale;
    ((width - 80.0) / 90.0).clamp(2.0, 12.0) as usize
}

/// A short label: at most `max` characters, with an ellipsis.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut short: String = text.chars().take(max.saturating_sub(1)).collect();
        short.push('…');
        short
    }
}

/// A bar's colour when a selection is in force and the bar is not in it: two thirds of the way
/// to the background, so the selected bars stand out and the others stay in sight.
pub fn dimmed(colour: RGBColor, background: RGBColor) -> RGBColor {
    let mix = |a: u8, b: u8| ((u16::from(a) + 2 * u16::from(b)) / 3) as u8;
    RGBColor(
        mix(colour.0, background.0),
        mix(colour.1, background.1),
        mix(colour.2, background.2),
    )
}

/// The colour of bar `slot`: `colour`, dimmed when `selected` marks some bars but not this one.
pub fn marked(colour: RGBColor, selected: &[bool], slot: usize, background: RGBColor) -> RGBColor {
    let picked = selected.get(slot).copied().unwrap_or(false);
    match selected.iter().any(|s| *s) && !picked {
        true => dimmed(colour, background),
        false => colour,
    }
}
