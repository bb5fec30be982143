//! Every chart drawn to SVG: what is drawn, in which colour, and where its bars are.

use std::collections::BTreeSet;

use chrono::Datelike;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::actions::bucket_labels;
use super::frame::whole_number;
use super::{
    draw_actions, draw_actions_by_name, draw_users_by_action, draw_weekday, palette, shorten,
    ChartStyle, DrawResult, PlotArea,
};
use chrono::NaiveDate;
use engine::series::{Bucket, Series, TimeSeries};
use engine::stats::UsersByAction;

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
        total: counts.iter().map(|&c| u64::from(c)).sum(),
        counts,
    }
}

fn sample() -> TimeSeries {
    let day = |d: u32| NaiveDate::from_ymd_opt(2024, 3, d).unwrap();
    TimeSeries {
        mode: engine::SeriesMode::ObjectType,
        bucket: Bucket::Day,
        days: vec![day(30), day(31), day(1).with_month(4).unwrap()],
        series: vec![
            series("dataset", vec![3, 0, 2]),
            series("page", vec![1, 1, 0]),
        ],
    }
}

#[test]
fn picked_days_keep_their_colours_and_the_others_are_dimmed() {
    let colors = [RGBColor(0x12, 0x34, 0x56), RGBColor(0xAB, 0x12, 0x34)];
    // 31 March picked: its one page bar keeps its colour; the 30th's and 1st's three bars
    // (dataset 3, page 1; dataset 2) are two thirds of the way to white, worked out here.
    let third = |c: RGBColor| {
        let mix = |a: u8| ((u16::from(a) + 2 * 255) / 3) as u8;
        RGBColor(mix(c.0), mix(c.1), mix(c.2))
    };
    let (text, _) = svg(|root| {
        draw_actions(
            root,
            &sample(),
            &BTreeSet::new(),
            |i| colors[i],
            None,
            &[false, true, false],
            ChartStyle::PLAIN,
        )
    });
    assert_eq!(
        text.matches(&hex(colors[1])).count(),
        1,
        "the picked day's page bar"
    );
    assert_eq!(text.matches(&hex(colors[0])).count(), 0);
    assert_eq!(
        text.matches(&hex(third(colors[0]))).count(),
        2,
        "two dimmed dataset bars"
    );
    assert_eq!(
        text.matches(&hex(third(colors[1]))).count(),
        1,
        "one dimmed page bar"
    );
}

#[test]
fn actions_chart_stacks_visible_series_only() {
    // Series i has the colour the caller gives it, as in the legend.
    let colors = [RGBColor(0x12, 0x34, 0x56), RGBColor(0xAB, 0x12, 0x34)];
    let color_of = |i: usize| colors[i];
    let (all, area) = svg(|root| {
        draw_actions(
            root,
            &sample(),
            &BTreeSet::new(),
            color_of,
            None,
            &[],
            ChartStyle::PLAIN,
        )
    });
    assert_eq!(all.matches(&hex(colors[0])).count(), 2, "two dataset bars");
    assert_eq!(all.matches(&hex(colors[1])).count(), 2, "two page bars");
    assert!(all.contains("Mar 30") && all.contains("Apr 01"));
    assert_eq!(area.buckets, 3);

    // Comparing: the previous period's totals as a line with a dot per bucket, in the text
    // colour, its peak raising the scale.
    let (compared, _) = svg(|root| {
        draw_actions(
            root,
            &sample(),
            &BTreeSet::new(),
            color_of,
            Some(&[1, 40, 2]),
            &[],
            ChartStyle::PLAIN,
        )
    });
    let line = hex(palette::LIGHT.text);
    assert!(compared.contains("<polyline"), "a line");
    assert_eq!(compared.matches("<circle").count(), 3, "a dot per bucket");
    assert!(compared.matches(&line).count() >= 4);
    let ticks: Vec<u64> = compared
        .split("</text>")
        .filter_map(|piece| piece.rsplit('>').next()?.trim().parse().ok())
        .collect();
    assert!(
        ticks.iter().max() >= Some(&35),
        "the scale reaches the line: {ticks:?}"
    );

    let (hidden, _) = svg(|root| {
        draw_actions(
            root,
            &sample(),
            &BTreeSet::from(["page".to_string()]),
            color_of,
            None,
            &[],
            ChartStyle::PLAIN,
        )
    });
    assert_eq!(
        hidden.matches(&hex(colors[1])).count(),
        0,
        "the hidden series is not drawn"
    );
    assert_eq!(hidden.matches(&hex(colors[0])).count(), 2);
    assert!(
        all.contains("\nDay\n") && all.contains("\nActions\n"),
        "axis titles"
    );
}

#[test]
fn a_dark_chart_has_a_dark_background_and_light_text() {
    let style = ChartStyle {
        theme: palette::DARK,
        ..ChartStyle::PLAIN
    };
    let (dark, _) = svg(|root| draw_weekday(root, &[1, 2, 3, 4, 5, 6, 7], &[], style));
    assert!(dark.contains(&hex(palette::DARK.background)));
    assert!(dark.contains(&hex(palette::DARK.text)));
    assert!(
        !dark.contains("#FFFFFF"),
        "nothing white in the dark scheme"
    );
}

#[test]
fn long_windows_label_years_and_months() {
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let across = [day(2024, 12, 30), day(2025, 1, 6)];
    assert_eq!(
        bucket_labels(&across, Bucket::Week),
        ["Dec 30, 2024", "Jan 06, 2025"]
    );
    let within = [day(2025, 1, 6), day(2025, 1, 13)];
    assert_eq!(bucket_labels(&within, Bucket::Week), ["Jan 06", "Jan 13"]);
    let months = [day(2015, 1, 1), day(2015, 2, 1)];
    assert_eq!(
        bucket_labels(&months, Bucket::Month),
        ["Jan 2015", "Feb 2015"]
    );

    let mut monthly = sample();
    monthly.bucket = Bucket::Month;
    monthly.days = vec![day(2015, 1, 1), day(2015, 2, 1), day(2015, 3, 1)];
    monthly.series[0].counts = vec![3000, 0, 2];
    let (text, _) = svg(|root| {
        draw_actions(
            root,
            &monthly,
            &BTreeSet::new(),
            |_| palette::LIGHT.other,
            None,
            &[],
            ChartStyle::PLAIN,
        )
    });
    assert!(text.contains("\nMonth\n"));
    assert!(text.contains("Feb 2015"));
    assert!(
        text.contains("3,000"),
        "thousands grouped on the count axis"
    );
}

#[test]
fn weekday_chart_has_seven_labelled_bars() {
    let (text, area) =
        svg(|root| draw_weekday(root, &[5, 4, 3, 2, 1, 0, 9], &[], ChartStyle::PLAIN));
    for day in ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] {
        assert!(text.contains(&format!("\n{day}\n")), "{day} label");
    }
    // One neutral colour: a single series has nothing to tell apart.
    assert_eq!(text.matches(&hex(palette::LIGHT.neutral)).count(), 7);
    assert_eq!(area.buckets, 7);
}

#[test]
fn a_selection_dims_the_other_bars() {
    let tuesday = [false, true, false, false, false, false, false];
    let (text, _) =
        svg(|root| draw_weekday(root, &[5, 4, 3, 2, 1, 1, 9], &tuesday, ChartStyle::PLAIN));
    // The neutral #RRGGBB two thirds of the way to white, by hand.
    let neutral = palette::LIGHT.neutral;
    let third = |c: u8| ((u16::from(c) + 2 * 255) / 3) as u8;
    let dim = RGBColor(third(neutral.0), third(neutral.1), third(neutral.2));
    assert_eq!(text.matches(&hex(neutral)).count(), 1, "Tuesday as it was");
    assert_eq!(text.matches(&hex(dim)).count(), 6, "the other days dimmed");
}

#[test]
fn ranked_charts_put_the_first_item_on_top_and_escape_names() {
    let counts = vec![
        ("edit_dataset".to_string(), 10),
        ("<b>odd</b>".to_string(), 2),
    ];
    let (text, area) = svg(|root| draw_actions_by_name(root, &counts, &[], ChartStyle::PLAIN));
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
    let colors = [RGBColor(0x12, 0x34, 0x56), RGBColor(0xAB, 0x12, 0x34)];
    let style = ChartStyle {
        scale: 2.0,
        ..ChartStyle::PLAIN
    };
    let (text, _) = svg(|root| draw_users_by_action(root, &data, &colors, style));
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
    assert_eq!(whole_number(2.0, ","), "2");
    assert_eq!(whole_number(12000.0, ","), "12,000");
    assert_eq!(whole_number(0.5, ","), "");
}
