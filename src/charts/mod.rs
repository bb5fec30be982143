//! One `draw_*` function per chart, generic over the plotters backend: the browser draws on a
//! canvas, tests draw to an SVG string. Each returns the pixel box of its plot so that the
//! tooltip can map a pointer position to a bar ([`PlotArea::bucket_at`]).

use engine::dashboard::{TimeSeries, UsersByAction, WEEKDAYS};
use plotters::coord::Shift;
use plotters::prelude::*;

pub mod palette;

pub use palette::series_color;

/// Sizes scale with the device pixel ratio so that a canvas drawn at 2× stays crisp.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ChartStyle {
    pub scale: f64,
}

impl ChartStyle {
    fn px(&self, css_pixels: f64) -> u32 {
        (css_pixels * self.scale).round() as u32
    }

    fn font(&self, css_pixels: f64) -> TextStyle<'static> {
        ("sans-serif", css_pixels * self.scale)
            .into_font()
            .color(&palette::TEXT)
    }
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

fn area_of<
    DB: DrawingBackend,
    X: plotters::coord::ranged1d::Ranged,
    Y: plotters::coord::ranged1d::Ranged,
>(
    chart: &ChartContext<DB, Cartesian2d<X, Y>>,
    buckets: usize,
    horizontal: bool,
) -> PlotArea {
    let (x, y) = chart.plotting_area().get_pixel_range();
    PlotArea {
        left: x.start,
        right: x.end,
        top: y.start,
        bottom: y.end,
        buckets,
        horizontal,
    }
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

/// Counts are whole: label only whole tick values.
fn count_label(value: f64) -> String {
    if (value - value.round()).abs() < 1e-9 {
        format!("{value:.0}")
    } else {
        String::new()
    }
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

/// **Actions**: stacked bars, one per local day, one colour per series; hidden series are not
/// drawn. `colors[i]` is the colour of `data.series[i]`.
pub fn draw_actions<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    data: &TimeSeries,
    visible: &[bool],
    colors: &[RGBColor],
    style: ChartStyle,
) -> DrawResult {
    root.fill(&WHITE).map_err(error)?;
    let days = data.days.len();
    let is_visible = |i: usize| visible.get(i).copied().unwrap_or(true);
    let totals: Vec<u64> = (0..days)
        .map(|day| {
            data.series
                .iter()
                .enumerate()
                .filter(|(i, _)| is_visible(*i))
                .map(|(_, s)| u64::from(s.counts[day]))
                .sum()
        })
        .collect();
    let max = totals.iter().copied().max().unwrap_or(0).max(1) as f64;
    let labels: Vec<String> = data
        .days
        .iter()
        .map(|d| d.format("%b %d").to_string())
        .collect();
    let mut chart = ChartBuilder::on(root)
        .margin(style.px(8.0))
        .x_label_area_size(style.px(28.0))
        .y_label_area_size(style.px(44.0))
        .build_cartesian_2d(-0.5f64..(days.max(1) as f64 - 0.5), 0f64..max * 1.08)
        .map_err(error)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(days.clamp(1, 10))
        .y_labels(5)
        .x_label_formatter(&|x| label_at(&labels, *x))
        .y_label_formatter(&|y| count_label(*y))
        .label_style(style.font(15.0))
        .max_light_lines(0)
        .bold_line_style(palette::GRID)
        .axis_style(palette::AXIS)
        .draw()
        .map_err(error)?;
    let mut bars = Vec::new();
    for day in 0..days {
        let mut base = 0.0;
        for (i, series) in data
            .series
            .iter()
            .enumerate()
            .filter(|(i, _)| is_visible(*i))
        {
            let count = f64::from(series.counts[day]);
            if count > 0.0 {
                let color = colors.get(i).copied().unwrap_or(palette::OTHER);
                let x = day as f64;
                bars.push(Rectangle::new(
                    [(x - 0.38, base), (x + 0.38, base + count)],
                    color.filled(),
                ));
                base += count;
            }
        }
    }
    chart.draw_series(bars).map_err(error)?;
    Ok(area_of(&chart, days, false))
}

/// **Users activity**: actions per day of the week, Monday first.
pub fn draw_weekday<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    counts: &[u64; 7],
    style: ChartStyle,
) -> DrawResult {
    root.fill(&WHITE).map_err(error)?;
    let max = counts.iter().copied().max().unwrap_or(0).max(1) as f64;
    let labels: Vec<&str> = WEEKDAYS.iter().map(|d| &d[..3]).collect();
    let mut chart = ChartBuilder::on(root)
        .margin(style.px(8.0))
        .x_label_area_size(style.px(28.0))
        .y_label_area_size(style.px(44.0))
        .build_cartesian_2d(-0.5f64..6.5, 0f64..max * 1.08)
        .map_err(error)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(7)
        .y_labels(5)
        .x_label_formatter(&|x| label_at(&labels, *x))
        .y_label_formatter(&|y| count_label(*y))
        .label_style(style.font(15.0))
        .max_light_lines(0)
        .bold_line_style(palette::GRID)
        .axis_style(palette::AXIS)
        .draw()
        .map_err(error)?;
    chart
        .draw_series(counts.iter().enumerate().map(|(day, &count)| {
            let x = day as f64;
            Rectangle::new(
                [(x - 0.35, 0.0), (x + 0.35, count as f64)],
                palette::ACCENT.filled(),
            )
        }))
        .map_err(error)?;
    Ok(area_of(&chart, 7, false))
}

/// Horizontal bars, first item on top: the frame shared by the two ranked charts.
fn ranked_frame<'a, DB: DrawingBackend>(
    root: &'a DrawingArea<DB, Shift>,
    names: &[String],
    max: f64,
    style: ChartStyle,
) -> Result<
    ChartContext<
        'a,
        DB,
        Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
    >,
    String,
> {
    root.fill(&WHITE).map_err(error)?;
    let rows = names.len().max(1);
    // Row i is drawn at y = rows - 1 - i so that the first is on top.
    let labels: Vec<String> = (0..rows)
        .map(|y| {
            names
                .get(rows - 1 - y)
                .map(|n| shorten(n, 22))
                .unwrap_or_default()
        })
        .collect();
    let mut chart = ChartBuilder::on(root)
        .margin(style.px(8.0))
        .x_label_area_size(style.px(28.0))
        .y_label_area_size(style.px(200.0))
        .build_cartesian_2d(0f64..max * 1.08, -0.5f64..(rows as f64 - 0.5))
        .map_err(error)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(rows)
        .x_labels(5)
        .y_label_formatter(&|y| label_at(&labels, *y))
        .x_label_formatter(&|x| count_label(*x))
        .label_style(style.font(15.0))
        .max_light_lines(0)
        .bold_line_style(palette::GRID)
        .axis_style(palette::AXIS)
        .draw()
        .map_err(error)?;
    Ok(chart)
}

/// **Distribution of actions** by action name, most frequent on top.
pub fn draw_actions_by_name<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    counts: &[(String, u64)],
    style: ChartStyle,
) -> DrawResult {
    let names: Vec<String> = counts.iter().map(|(name, _)| name.clone()).collect();
    let max = counts.iter().map(|(_, c)| *c).max().unwrap_or(0).max(1) as f64;
    let mut chart = ranked_frame(root, &names, max, style)?;
    let rows = counts.len();
    chart
        .draw_series(counts.iter().enumerate().map(|(i, (_, count))| {
            let y = (rows - 1 - i) as f64;
            Rectangle::new(
                [(0.0, y - 0.35), (*count as f64, y + 0.35)],
                palette::ACCENT.filled(),
            )
        }))
        .map_err(error)?;
    Ok(area_of(&chart, rows, true))
}

/// **Top users by action**: one stacked bar per user, one colour per action
/// (`colors[a]` for `data.actions[a]`).
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
        .unwrap_or(0)
        .max(1) as f64;
    let mut chart = ranked_frame(root, &data.users, max, style)?;
    let rows = data.users.len();
    let mut bars = Vec::new();
    for (u, counts) in data.counts.iter().enumerate() {
        let y = (rows - 1 - u) as f64;
        let mut base = 0.0;
        for (a, &count) in counts.iter().enumerate() {
            if count > 0 {
                let color = colors.get(a).copied().unwrap_or(palette::OTHER);
                bars.push(Rectangle::new(
                    [(base, y - 0.35), (base + count as f64, y + 0.35)],
                    color.filled(),
                ));
                base += count as f64;
            }
        }
    }
    chart.draw_series(bars).map_err(error)?;
    Ok(area_of(&chart, rows, true))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use engine::dashboard::Series;

    fn svg(draw: impl FnOnce(&DrawingArea<SVGBackend, Shift>) -> DrawResult) -> (String, PlotArea) {
        let mut text = String::new();
        let area = {
            let root = SVGBackend::with_string(&mut text, (800, 300)).into_drawing_area();
            let area = draw(&root).unwrap();
            root.present().unwrap();
            area
        };
        (text, area)
    }

    fn hex(color: RGBColor) -> String {
        format!("#{:02X}{:02X}{:02X}", color.0, color.1, color.2)
    }

    fn series(name: &str, counts: Vec<u32>) -> Series {
        Series {
            name: name.into(),
            label: name.into(),
            total: counts.iter().map(|&c| u64::from(c)).sum(),
            counts,
        }
    }

    fn sample() -> TimeSeries {
        let day = |d: u32| NaiveDate::from_ymd_opt(2024, 3, d).unwrap();
        TimeSeries {
            days: vec![day(30), day(31), day(1).with_month(4).unwrap()],
            series: vec![
                series("dataset", vec![3, 0, 2]),
                series("page", vec![1, 1, 0]),
            ],
        }
    }

    use chrono::Datelike;

    #[test]
    fn actions_chart_stacks_visible_series_only() {
        let colors = [palette::SERIES[0], palette::SERIES[1]];
        let (all, area) = svg(|root| {
            draw_actions(
                root,
                &sample(),
                &[true, true],
                &colors,
                ChartStyle { scale: 1.0 },
            )
        });
        assert_eq!(all.matches(&hex(colors[0])).count(), 2, "two dataset bars");
        assert_eq!(all.matches(&hex(colors[1])).count(), 2, "two page bars");
        assert!(all.contains("Mar 30") && all.contains("Apr 01"));
        assert_eq!(area.buckets, 3);

        let (hidden, _) = svg(|root| {
            draw_actions(
                root,
                &sample(),
                &[true, false],
                &colors,
                ChartStyle { scale: 1.0 },
            )
        });
        assert_eq!(
            hidden.matches(&hex(colors[1])).count(),
            0,
            "the hidden series is not drawn"
        );
        assert_eq!(hidden.matches(&hex(colors[0])).count(), 2);
    }

    #[test]
    fn weekday_chart_has_seven_labelled_bars() {
        let (text, area) =
            svg(|root| draw_weekday(root, &[5, 4, 3, 2, 1, 0, 9], ChartStyle { scale: 1.0 }));
        for day in ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] {
            assert!(text.contains(&format!("\n{day}\n")), "{day} label");
        }
        assert_eq!(text.matches(&hex(palette::ACCENT)).count(), 7);
        assert_eq!(area.buckets, 7);
    }

    #[test]
    fn ranked_charts_put_the_first_item_on_top_and_escape_names() {
        let counts = vec![
            ("edit_dataset".to_string(), 10),
            ("<b>odd</b>".to_string(), 2),
        ];
        let (text, area) =
            svg(|root| draw_actions_by_name(root, &counts, ChartStyle { scale: 1.0 }));
        assert!(text.contains("edit_dataset"));
        assert!(!text.contains("<b>"), "names are escaped in SVG");
        assert!(area.horizontal);
        assert_eq!(area.bucket_at(area.left + 1, area.top + 1), Some(0));
        assert_eq!(area.bucket_at(area.left + 1, area.bottom - 1), Some(1));

        let data = UsersByAction {
            users: vec!["ann".into(), "bob".into()],
            actions: vec!["edit".into(), "add".into()],
            counts: vec![vec![3, 1], vec![0, 2]],
        };
        let colors = [palette::SERIES[2], palette::SERIES[3]];
        let (text, _) =
            svg(|root| draw_users_by_action(root, &data, &colors, ChartStyle { scale: 2.0 }));
        assert_eq!(text.matches(&hex(colors[0])).count(), 1);
        assert_eq!(text.matches(&hex(colors[1])).count(), 2);
    }

    #[test]
    fn buckets_split_the_plot_evenly() {
        let area = PlotArea {
            left: 100,
            right: 400,
            top: 10,
            bottom: 110,
            buckets: 3,
            horizontal: false,
        };
        assert_eq!(area.bucket_at(100, 50), Some(0));
        assert_eq!(area.bucket_at(199, 50), Some(0));
        assert_eq!(area.bucket_at(200, 50), Some(1));
        assert_eq!(area.bucket_at(399, 50), Some(2));
        assert_eq!(area.bucket_at(400, 50), None);
        assert_eq!(area.bucket_at(150, 5), None);
        assert_eq!(PlotArea::default().bucket_at(0, 0), None);
        assert_eq!(shorten("abcdef", 4), "abc…");
        assert_eq!(count_label(2.0), "2");
        assert_eq!(count_label(0.5), "");
    }
}
