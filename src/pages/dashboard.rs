//! `/`: the dashboard — KPIs, Actions over time with a legend that filters every view, Users
//! activity by weekday, top users by action, the distribution of actions, the most modified
//! objects and the most active users.

use engine::series::TimeSeries;
use engine::SeriesMode;
use leptos::prelude::*;

use crate::components::PageTitle;
use leptos_router::components::A;
use plotters::style::RGBColor;

use crate::charts::{self, palette, series_color};
use crate::components::{
    ChartCanvas, ColourKey, DataTable, KpiCards, Legend, LegendItem, ObjectTable, UserTable,
};
use crate::labels::series_label;
use crate::state::{set, use_link, use_log_data, use_query_writer};
use crate::{tooltips, twins};

/// How many rows the top tables show before *Show more*.
const TOP: usize = 10;
/// Actions that get their own colour in the stacked chart; the rest share "other".
const STACKED_COLOURS: usize = 8;

#[component]
pub fn Dashboard() -> impl IntoView {
    let data = use_log_data();
    let dashboard = data.dashboard;
    let zone = Signal::derive(move || data.view.get().zone);
    let kpis = Signal::derive(move || dashboard.get().map(|d| d.kpis));
    let link = use_link();
    let top_objects = Signal::derive(move || {
        dashboard
            .get()
            .map(|d| d.objects.iter().take(TOP).cloned().collect())
            .unwrap_or_default()
    });
    let top_users = Signal::derive(move || {
        dashboard
            .get()
            .map(|d| d.users.iter().take(TOP).cloned().collect())
            .unwrap_or_default()
    });
    let portal_page = move || data.source.get().portal_page();

    view! {
        <PageTitle text="Back office activity" />
        <KpiCards kpis=kpis />
        <ActionsOverTime />
        <div class="grid-2">
            <section class="card" aria-labelledby="weekday-title">
                <h2 id="weekday-title">"Users activity"</h2>
                <p class="card__hint">"Actions by day of the week, in the selected time zone."</p>
                <ChartCanvas label="Users activity by day of the week" height=220
                    draw=move |root, style| {
                        let counts = dashboard.get().map(|d| d.weekdays).unwrap_or_default();
                        charts::draw_weekday(root, &counts, style)
                    }
                    tooltip=move |bucket| tooltips::weekday(&dashboard.get()?.weekdays, bucket) />
                <DataTable name="weekday" caption="Actions by day of the week"
                    data=Signal::derive(move || dashboard.get().map(|d| twins::weekday(&d.weekdays)).unwrap_or_default()) />
            </section>
            <section class="card" aria-labelledby="names-title">
                <h2 id="names-title">"Distribution of actions"</h2>
                <p class="card__hint">"Actions by action name."</p>
                <ChartCanvas label="Distribution of actions by action name"
                    height=Signal::derive(move || ranked_height(dashboard.get().map_or(8, |d| d.actions.len())))
                    draw=move |root, style| {
                        let counts = dashboard.get().map(|d| d.actions.clone()).unwrap_or_default();
                        charts::draw_actions_by_name(root, &counts, style)
                    }
                    tooltip=move |bucket| tooltips::count(&dashboard.get()?.actions, bucket) />
                <DataTable name="actions-by-name" caption="Actions by action name"
                    data=Signal::derive(move || dashboard.get().map(|d| twins::counts("Action", &d.actions)).unwrap_or_default()) />
            </section>
        </div>
        <UsersByAction />
        <div class="grid-2">
            <section class="card" aria-labelledby="objects-title">
                <h2 id="objects-title">"Modified datasets, pages or workspaces"</h2>
                <ObjectTable name="top-objects" caption="The most modified objects" rows=top_objects zone=zone />
                <p class="card__more"><A href=move || link("/objects")>"Show more"</A></p>
            </section>
            <section class="card" aria-labelledby="users-title">
                <h2 id="users-title">"Active users"</h2>
                <UserTable name="top-users" caption="The most active users" rows=top_users zone=zone />
                <p class="card__more"><A href=move || link("/users")>"Show more"</A></p>
            </section>
        </div>
        <section class="card" aria-labelledby="source-title">
            <h2 id="source-title">"See source data"</h2>
            <p>
                "Every action of the window, with every field: "
                <A href=move || link("/log")>"the activity log"</A>
                ". On the portal: "
                <a href=portal_page rel="noopener" target="_blank">"the dataset page"</a>
                "."
            </p>
        </section>
    }
}

/// Height of a ranked (horizontal) chart with `rows` bars.
fn ranked_height(rows: usize) -> u32 {
    (rows.clamp(3, 40) as u32) * 24 + 50
}

/// The Actions chart: series by object type or action name, a legend that hides series (and
/// filters every other view), and its table twin.
#[component]
fn ActionsOverTime() -> impl IntoView {
    let data = use_log_data();
    let dashboard = data.dashboard;
    let filter = data.filter;
    let write = use_query_writer();
    let mode = Memo::new(move |_| filter.get().mode);
    let legend = Signal::derive(move || {
        let Some(d) = dashboard.get() else {
            return Vec::new();
        };
        filter.with(|f| {
            d.series
                .series
                .iter()
                .enumerate()
                .map(|(i, s)| LegendItem {
                    name: s.name.clone(),
                    label: series_label(d.series.mode, &s.name),
                    total: s.total,
                    color: palette::css(series_color(i)),
                    visible: !f.hidden.contains(&s.name),
                })
                .collect()
        })
    });
    let toggle = {
        let write = write.clone();
        move |name: String| {
            let mut hidden = filter.get_untracked().hidden;
            if !hidden.remove(&name) {
                hidden.insert(name);
            }
            write(&[("hide", hidden.into_iter().collect())], false);
        }
    };
    let switch_to = move |target: SeriesMode| {
        let write = write.clone();
        move |_| {
            let by = (target == SeriesMode::Action).then(|| "action".to_string());
            // Hidden names belong to the other kind of series: start afresh.
            write(&[set("by", by), ("hide", Vec::new())], false);
        }
    };
    let table = Signal::derive(move || {
        dashboard
            .get()
            .map(|d| filter.with(|f| twins::actions_over_time(&d.series, &f.hidden)))
            .unwrap_or_default()
    });
    view! {
        <section class="card" aria-labelledby="actions-title">
            <div class="card__header">
                <h2 id="actions-title">"Actions"</h2>
                <div class="segmented" role="group" aria-label="Series">
                    <button type="button" aria-pressed=move || (mode.get() == SeriesMode::ObjectType).to_string()
                        on:click=switch_to(SeriesMode::ObjectType)>"By object type"</button>
                    <button type="button" aria-pressed=move || (mode.get() == SeriesMode::Action).to_string()
                        on:click=switch_to(SeriesMode::Action)>"By action"</button>
                </div>
            </div>
            <p class="card__hint">"Actions per day. Click a label to hide or show its series: every figure on the page follows."</p>
            <Legend label="Series of the Actions chart" items=legend on_toggle=toggle />
            <ChartCanvas label="Actions per day" height=260
                draw=move |root, style| {
                    let d = dashboard.get();
                    let none = TimeSeries::default();
                    let series = d.as_ref().map_or(&none, |d| &d.series);
                    filter.with(|f| charts::draw_actions(root, series, &f.hidden, style))
                }
                tooltip=move |bucket| tooltips::day(&dashboard.get()?.series, &filter.get().hidden, bucket) />
            <DataTable name=Signal::derive(move || if mode.get() == SeriesMode::Action { "actions-by-action" } else { "actions-by-type" })
                caption="Actions per day" data=table />
        </section>
    }
}

/// Top users broken down by action: a stacked chart, its colour key and its table twin.
#[component]
fn UsersByAction() -> impl IntoView {
    let data = use_log_data();
    let dashboard = data.dashboard;
    // Actions past the first few share the "other" colour.
    let colors: Vec<RGBColor> = (0..STACKED_COLOURS).map(series_color).collect();
    let key = Signal::derive(move || {
        let Some(d) = dashboard.get() else {
            return Vec::new();
        };
        let mut items: Vec<(String, String)> = d
            .users_by_action
            .actions
            .iter()
            .take(STACKED_COLOURS)
            .enumerate()
            .map(|(i, a)| (a.clone(), palette::css(series_color(i))))
            .collect();
        if d.users_by_action.actions.len() > STACKED_COLOURS {
            items.push(("other actions".into(), palette::css(palette::OTHER)));
        }
        items
    });
    view! {
        <section class="card" aria-labelledby="stacked-title">
            <h2 id="stacked-title">"Top users by action"</h2>
            <ColourKey label="Colours of the actions" items=key />
            <ChartCanvas label="Top users broken down by action" height=ranked_height(10)
                draw=move |root, style| {
                    let stacked = dashboard.get().map(|d| d.users_by_action.clone()).unwrap_or_default();
                    charts::draw_users_by_action(root, &stacked, &colors, style)
                }
                tooltip=move |bucket| tooltips::user_by_action(&dashboard.get()?.users_by_action, bucket) />
            <DataTable name="users-by-action" caption="Top users broken down by action"
                data=Signal::derive(move || dashboard.get().map(|d| twins::users_by_action(&d.users_by_action)).unwrap_or_default()) />
        </section>
    }
}
