//! **Actions** over time (`table[data-table=actions-by-type|actions-by-action]`): series by
//! object type or action name, a legend whose entries hide series (and filter every other
//! view), days that are marks (`day=`), and the chart's table twin.

use std::collections::BTreeSet;
use std::sync::Arc;

use engine::dashboard::Dashboard;
use engine::series::{Bucket, TimeSeries};
use engine::SeriesMode;
use leptos::prelude::*;
use plotters::style::RGBColor;

use crate::charts::{self, palette};
use crate::colours::folded;
use crate::components::{ChartCanvas, DataTable, Legend, LegendItem};
use crate::i18n::{t, tf};
use crate::labels::series_label;
use crate::scheme::use_colour_scheme;
use crate::state::{counted, set, use_log_data, use_query_writer};
use crate::{tooltips, twins};

/// The local days (day numbers, inclusive) of bar `bucket` of `series`: to the day before the
/// next bar, the last one to the window's `last_day`.
fn bucket_run(series: &TimeSeries, bucket: usize, last_day: i32) -> Option<(i32, i32)> {
    let day = |i: usize| {
        series
            .days
            .get(i)
            .map(|d| engine::calendar::day_of_date(*d))
    };
    let first = day(bucket)?;
    let last = day(bucket + 1).map_or(last_day, |next| next - 1);
    Some((first, last.max(first)))
}

/// What the legend calls the group of the smallest actions (its `data-series`).
const OTHER_ACTIONS: &str = "other-actions";

/// The Actions chart: series by object type or action name, a legend that hides series (and
/// filters every other view), and its table twin. With many actions, the smallest share one
/// legend entry and one grey until the user lists them all.
#[component]
pub fn ActionsOverTime() -> impl IntoView {
    let data = use_log_data();
    // Drawn without its own day marks: the picked days marked, the others in sight.
    let dashboard = Memo::new_with_compare(
        move |_| data.dashboard_without(counted::ACTIONS_CHART),
        |_, _| true,
    );
    let filter = data.filter;
    let (picked_days, pick_day) = use_day_marks(dashboard);
    let scheme = use_colour_scheme();
    let write = use_query_writer();
    let mode = Memo::new(move |_| filter.get().mode);
    let expanded = RwSignal::new(false);
    let (folded_names, can_expand) = folded_series(dashboard, mode, expanded);
    let color_of = move |name: &str| {
        let theme = scheme.theme();
        if folded_names.with(|f| f.contains(name)) {
            return theme.other;
        }
        data.shown().map_or(theme.other, |loaded| {
            loaded.colours().of(mode.get(), name, theme)
        })
    };
    let legend = Signal::derive(move || {
        let Some(d) = dashboard.get() else {
            return Vec::new();
        };
        let other = scheme.theme().other;
        let folded = folded_names.get();
        filter.with(|f| legend_items(&d.series, &folded, &f.hidden, color_of, other))
    });
    let toggle = move |name: String| {
        let hidden = filter.get_untracked().hidden;
        let hidden = toggle_hidden(hidden, &name, &folded_names.get_untracked());
        write(&[("hide", hidden.into_iter().collect())], false);
    };
    let bucket = Signal::derive(move || {
        dashboard.with(|d| d.as_ref().map_or(Bucket::Day, |d| d.series.bucket).name())
    });
    view! {
        <section class="card" aria-labelledby="actions-title">
            <div class="card__header">
                <h2 id="actions-title">{t("kpi.actions")}</h2>
                <SeriesSwitch mode />
            </div>
            <p class="card__hint">{move || hint(bucket.get())}</p>
            <Legend label=t("dashboard.legend") items=legend on_toggle=toggle />
            <FoldSwitch can_expand expanded />
            <div data-bucket=bucket>
                <ChartCanvas label=t("history.over_time") height=260 file="actions"
                    draw=move |root, style| {
                        let d = dashboard.get();
                        let none = TimeSeries::default();
                        let series = d.as_ref().map_or(&none, |d| &d.series);
                        let colors: Vec<RGBColor> = series.series.iter().map(|s| color_of(&s.name)).collect();
                        let color_of = |i: usize| colors.get(i).copied().unwrap_or(style.theme.other);
                        let previous = data.previous.get().map(|p| filter.with(|f| p.totals(&f.hidden)));
                        let picked = picked_days.get();
                        filter.with(|f| charts::draw_actions(root, series, &f.hidden, color_of, previous.as_deref(), &picked, style))
                    }
                    tooltip=move |bucket| tooltips::day(&dashboard.get()?.series, &filter.get().hidden, bucket)
                    on_pick=pick_day />
            </div>
            <DataTable name=Signal::derive(move || if mode.get() == SeriesMode::Action { "actions-by-action" } else { "actions-by-type" })
                caption=t("history.over_time") data=table_of(dashboard) bucket=bucket selected=picked_days />
        </section>
    }
}

/// The series folded into one legend entry, by name (none by type, none once `expanded`), and
/// whether there are any to fold (by action).
fn folded_series(
    dashboard: Memo<Option<Arc<Dashboard>>>,
    mode: Memo<SeriesMode>,
    expanded: RwSignal<bool>,
) -> (Memo<BTreeSet<String>>, Signal<bool>) {
    let names = Memo::new(move |_| {
        dashboard.with(|d| {
            let series = d.as_ref().map_or(&[][..], |d| &d.series.series);
            series.iter().map(|s| s.name.clone()).collect::<Vec<_>>()
        })
    });
    let folded_names = Memo::new(move |_| {
        if mode.get() != SeriesMode::Action || expanded.get() {
            return BTreeSet::new();
        }
        names.with(|n| folded(n).iter().cloned().collect::<BTreeSet<_>>())
    });
    let can_expand = Signal::derive(move || {
        mode.get() == SeriesMode::Action && names.with(|n| !folded(n).is_empty())
    });
    (folded_names, can_expand)
}

/// What a bar is (a day, a week, a month) and what a click on the chart does.
fn hint(bucket: &str) -> String {
    let per = match bucket {
        "week" => t("dashboard.actions.per_week"),
        "month" => t("dashboard.actions.per_month"),
        _ => t("dashboard.actions.per_day"),
    };
    format!(
        "{per} {} {}",
        t("dashboard.actions.click"),
        t("marks.days_hint")
    )
}

/// The chart's table twin: a row per bar, a column per series shown (and the previous
/// period's totals when comparing).
fn table_of(dashboard: Memo<Option<Arc<Dashboard>>>) -> Signal<crate::components::TableData> {
    let data = use_log_data();
    Signal::derive(move || {
        let Some(d) = dashboard.get() else {
            return Default::default();
        };
        data.filter.with(|f| {
            let previous = data.previous.get().map(|p| p.totals(&f.hidden));
            twins::actions_over_time(&d.series, &f.hidden, previous.as_deref())
        })
    })
}

/// Series by object type or by action name (`by=`); the hidden names of the other kind go.
#[component]
fn SeriesSwitch(mode: Memo<SeriesMode>) -> impl IntoView {
    let write = use_query_writer();
    let switch_to = move |target: SeriesMode| {
        let write = write.clone();
        move |_| {
            let by = (target == SeriesMode::Action).then(|| "action".to_string());
            // Hidden names belong to the other kind of series: start afresh.
            write(&[set("by", by), ("hide", Vec::new())], false);
        }
    };
    view! {
        <div class="segmented" role="group" aria-label=t("dashboard.series")>
            <button type="button" aria-pressed=move || (mode.get() == SeriesMode::ObjectType).to_string()
                on:click=switch_to(SeriesMode::ObjectType)>{t("dashboard.by_type")}</button>
            <button type="button" aria-pressed=move || (mode.get() == SeriesMode::Action).to_string()
                on:click=switch_to(SeriesMode::Action)>{t("dashboard.by_action")}</button>
        </div>
    }
}

/// Lists every action, or groups the smallest again, when there are some to group.
#[component]
fn FoldSwitch(can_expand: Signal<bool>, expanded: RwSignal<bool>) -> impl IntoView {
    view! {
        <Show when=move || can_expand.get()>
            <button type="button" class="link-button" aria-expanded=move || expanded.get().to_string()
                on:click=move |_| expanded.update(|e| *e = !*e)>
                {move || if expanded.get() { t("dashboard.group_smallest") } else { t("dashboard.list_every") }}
            </button>
        </Show>
    }
}

/// The Actions chart's marks: which bars hold a picked day (`day=`), and what a pick does (a
/// bar's days toggled, or with Shift the run stretched to them).
fn use_day_marks(
    dashboard: Memo<Option<Arc<Dashboard>>>,
) -> (Signal<Vec<bool>>, Callback<(usize, bool)>) {
    let filter = use_log_data().filter;
    let location = leptos_router::hooks::use_location();
    // The local days of each bar (a day, or a week's or a month's days within the window).
    let run_of = move |bucket: usize| {
        let window = filter.with_untracked(|f| f.window);
        dashboard.with_untracked(|d| bucket_run(&d.as_ref()?.series, bucket, window.last_day()))
    };
    let picked_days = Signal::derive(move || {
        let runs: Vec<(i32, i32)> = filter.with(|f| f.marks.days.clone());
        let last = filter.with(|f| f.window.last_day());
        dashboard.with(|d| {
            let Some(d) = d else { return Vec::new() };
            (0..d.series.days.len())
                .map(|i| {
                    bucket_run(&d.series, i, last)
                        .is_some_and(|(a, b)| runs.iter().any(|&(x, y)| x <= b && a <= y))
                })
                .collect::<Vec<bool>>()
        })
    });
    let write = use_query_writer();
    let pick_day = Callback::new(move |(bucket, stretch): (usize, bool)| {
        let Some(run) = run_of(bucket) else { return };
        let current = crate::query::parse_pairs(&location.search.get_untracked());
        let days = match stretch {
            true => crate::query::stretched_days(&current, run),
            false => crate::query::toggled(&current, "day", &engine::marks::day_run_value(run)),
        };
        write(&[("day", days)], false);
    });
    (picked_days, pick_day)
}

/// The legend's entries: each series of `series` not `folded` (its colour from `color_of`,
/// shown unless `hidden`), then one entry for the folded ones together, in `other`'s colour,
/// shown when any of them is and "partly" when some are.
pub fn legend_items(
    series: &TimeSeries,
    folded: &BTreeSet<String>,
    hidden: &BTreeSet<String>,
    color_of: impl Fn(&str) -> RGBColor,
    other: RGBColor,
) -> Vec<LegendItem> {
    let mut items: Vec<LegendItem> = series
        .series
        .iter()
        .filter(|s| !folded.contains(&s.name))
        .map(|s| LegendItem {
            name: s.name.clone(),
            label: series_label(series.mode, &s.name),
            total: s.total,
            color: palette::css(color_of(&s.name)),
            visible: !hidden.contains(&s.name),
            partly: false,
        })
        .collect();
    if !folded.is_empty() {
        let shown = folded.iter().filter(|n| !hidden.contains(*n)).count();
        items.push(LegendItem {
            name: OTHER_ACTIONS.into(),
            label: tf(
                "dashboard.other_actions",
                &[("count", &folded.len().to_string())],
            ),
            total: series
                .series
                .iter()
                .filter(|s| folded.contains(&s.name))
                .map(|s| s.total)
                .sum(),
            color: palette::css(other),
            visible: shown > 0,
            partly: shown > 0 && shown < folded.len(),
        });
    }
    items
}

/// The hidden series once the legend entry `name` is clicked: a series toggles; the group of
/// the `folded` ones acts as one (all shown: all hidden; otherwise all shown).
pub fn toggle_hidden(
    mut hidden: BTreeSet<String>,
    name: &str,
    folded: &BTreeSet<String>,
) -> BTreeSet<String> {
    if name == OTHER_ACTIONS {
        if folded.iter().all(|m| !hidden.contains(m)) {
            hidden.extend(folded.iter().cloned());
        } else {
            hidden.retain(|h| !folded.contains(h));
        }
    } else if !hidden.remove(name) {
        hidden.insert(name.to_string());
    }
    hidden
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> BTreeSet<String> {
        list.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn a_series_toggles_and_the_folded_group_acts_as_one() {
        let folded = names(&["a", "b"]);
        assert_eq!(toggle_hidden(names(&[]), "x", &folded), names(&["x"]));
        assert_eq!(toggle_hidden(names(&["x"]), "x", &folded), names(&[]));
        // All of the group shown: all hidden, the others as they were.
        assert_eq!(
            toggle_hidden(names(&["x"]), OTHER_ACTIONS, &folded),
            names(&["a", "b", "x"])
        );
        // Some or all hidden: all shown again.
        assert_eq!(
            toggle_hidden(names(&["a"]), OTHER_ACTIONS, &folded),
            names(&[])
        );
        assert_eq!(
            toggle_hidden(names(&["a", "b", "x"]), OTHER_ACTIONS, &folded),
            names(&["x"])
        );
    }
}
