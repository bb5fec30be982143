//! `/`: the dashboard — KPIs, Actions over time with a legend that filters every view, Users
//! activity by weekday, top users by action, the distribution of actions, the most modified
//! objects and the most active users.

use engine::marks::WEEKDAY_NAMES;
use engine::{MarkKind, SeriesMode};
use leptos::prelude::*;

use crate::components::PageTitle;
use leptos_router::components::A;
use plotters::style::RGBColor;

use crate::charts::{self, palette};
use crate::colours::LEGEND_LIMIT;
use crate::components::actions_card::ActionsOverTime;
use crate::components::{
    ActiveFilters, ChartCanvas, ColourKey, CompareSwitch, ComparisonCard, DataTable, Downloads,
    KpiCards, NotableCard, ObjectTable, OffScreenLater, OffScreenPart, UserTable, WeekHoursCard,
};
use crate::i18n::{t, tf};
use crate::scheme::use_colour_scheme;
use crate::state::{counted, use_link, use_log_data, use_mark_toggle, Stages};
use crate::{tooltips, twins};

/// How many rows the top tables show before *Show more*.
const TOP: usize = 10;

/// The dashboard's sections, drawn one frame after another ([`Stages`]): the KPIs first, then
/// the Actions chart (and the comparison), the weekday and users-by-action charts, the
/// distribution of actions, the top tables, the heatmap, and the notable actions with the
/// source. The heatmap and the notable actions are each a few hundred elements: drawn in one
/// task they made the load's longest at 1M (44 ms in a trace, 55–62 ms in `bench/browser/run.js`
/// runs under the parse's contention).
const ACTIONS: usize = 2;
const CHARTS: usize = 3;
const ACTION_NAMES: usize = 4;
const TOPS: usize = 5;
const WEEK_HOURS: usize = 6;
const LAST: usize = 7;

/// The route `/`: every figure of the window, as on the platform's Analytics > Back office.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let data = use_log_data();
    let dashboard = data.dashboard;
    let kpis = Signal::derive(move || dashboard.get().map(|d| d.kpis));
    let previous_kpis = Signal::derive(move || data.previous.get().map(|p| p.kpis));
    let stages = Stages::new(
        Signal::derive(move || dashboard.with(Option::is_some)),
        LAST,
    );
    // Each card but the KPIs follows a filter change a frame late while off screen.
    let [actions, comparison, charts, names, tops, last] =
        [(); 6].map(|_| OffScreenPart::of_view());

    view! {
        <PageTitle text=t("dashboard.title") />
        <div class="toolbar"><CompareSwitch /></div>
        <ActiveFilters />
        <KpiCards kpis=kpis previous=previous_kpis />
        <Show when=move || stages.shows(ACTIONS)>
            <OffScreenLater part=actions><ActionsOverTime /></OffScreenLater>
            <OffScreenLater part=comparison><ComparisonCard /></OffScreenLater>
        </Show>
        <Show when=move || stages.shows(CHARTS)>
            // Two charts of similar height side by side; the distribution, as tall as there
            // are action names, takes the whole width below.
            <OffScreenLater part=charts class="grid-2">
                <WeekdayCard />
                <UsersByAction />
            </OffScreenLater>
        </Show>
        <Show when=move || stages.shows(ACTION_NAMES)>
            <OffScreenLater part=names><ActionNamesCard /></OffScreenLater>
        </Show>
        <Show when=move || stages.shows(TOPS)>
            <OffScreenLater part=tops class="grid-2"><TopCards /></OffScreenLater>
        </Show>
        <Show when=move || stages.shows(WEEK_HOURS)>
            // The heatmap and the notable actions side by side, each drawn in a frame of its own.
            <OffScreenLater part=last class="grid-2">
                <WeekHoursCard />
                <Show when=move || stages.shows(LAST)><NotableCard /></Show>
            </OffScreenLater>
            <Show when=move || stages.shows(LAST)><SourceCard /></Show>
        </Show>
    }
}

/// Users activity by weekday: its bars are marks (`weekday=`), drawn without its own marks (the
/// picked ones marked, the others in sight); every other figure follows them.
#[component]
fn WeekdayCard() -> impl IntoView {
    let data = use_log_data();
    let mark = use_mark_toggle();
    let figures = Memo::new_with_compare(
        move |_| data.dashboard_without(counted::WEEKDAY_CHART),
        |_, _| true,
    );
    let picked = Signal::derive(move || {
        data.filter.with(|f| {
            (0..7)
                .map(|day| f.marks.weekdays.contains(&day))
                .collect::<Vec<bool>>()
        })
    });
    let pick = Callback::new(move |(bucket, _): (usize, bool)| {
        if let Some(name) = WEEKDAY_NAMES.get(bucket) {
            mark(MarkKind::Weekday, name.to_string());
        }
    });
    view! {
        <section class="card" aria-labelledby="weekday-title">
            <h2 id="weekday-title">{t("dashboard.weekday.title")}</h2>
            <p class="card__hint">{t("dashboard.weekday.hint")}" "{t("marks.weekday_hint")}</p>
            <ChartCanvas label=t("dashboard.weekday.chart") height=280 file="weekday"
                draw=move |root, style| {
                    let counts = figures.get().map(|d| d.weekdays).unwrap_or_default();
                    charts::draw_weekday(root, &counts, &picked.get(), style)
                }
                tooltip=move |bucket| tooltips::weekday(&figures.get()?.weekdays, bucket)
                on_pick=pick />
            <DataTable name="weekday" caption=t("dashboard.weekday.table") selected=picked
                data=Signal::derive(move || figures.get().map(|d| twins::weekday(&d.weekdays)).unwrap_or_default()) />
        </section>
    }
}

/// The distribution of actions: its bars are marks (`action=`), drawn without its own marks.
#[component]
fn ActionNamesCard() -> impl IntoView {
    let data = use_log_data();
    let mark = use_mark_toggle();
    let figures = Memo::new_with_compare(
        move |_| data.dashboard_without(counted::ACTIONS_BY_NAME),
        |_, _| true,
    );
    let picked = Signal::derive(move || {
        let actions = figures.with(|d| d.as_ref().map(|d| d.actions.clone()).unwrap_or_default());
        data.filter.with(|f| {
            actions
                .iter()
                .map(|(name, _)| f.marks.actions.contains(name))
                .collect::<Vec<bool>>()
        })
    });
    let pick = Callback::new(move |(bucket, _): (usize, bool)| {
        let name =
            figures.with_untracked(|d| d.as_ref()?.actions.get(bucket).map(|(n, _)| n.clone()));
        if let Some(name) = name {
            mark(MarkKind::Action, name);
        }
    });
    view! {
        <section class="card" aria-labelledby="names-title">
            <h2 id="names-title">{t("dashboard.names.title")}</h2>
            <p class="card__hint">{t("dashboard.names.hint")}". "{t("marks.names_hint")}</p>
            <ChartCanvas label=t("dashboard.names.chart") file="actions-by-name"
                height=Signal::derive(move || ranked_height(figures.get().map_or(8, |d| d.actions.len())))
                draw=move |root, style| {
                    let counts = figures.get().map(|d| d.actions.clone()).unwrap_or_default();
                    charts::draw_actions_by_name(root, &counts, &picked.get(), style)
                }
                tooltip=move |bucket| tooltips::count(&figures.get()?.actions, bucket)
                on_pick=pick />
            <DataTable name="actions-by-name" caption=t("dashboard.names.hint") selected=picked
                data=Signal::derive(move || figures.get().map(|d| twins::counts(t("chart.action"), &d.actions)).unwrap_or_default()) />
        </section>
    }
}

/// The most modified objects and the most active users, each with *Show more*. The top users
/// are drawn without their own marks: the picked users among the others.
#[component]
fn TopCards() -> impl IntoView {
    let data = use_log_data();
    let dashboard = data.dashboard;
    let zone = Signal::derive(move || data.view.get().zone);
    let link = use_link();
    let top_objects = Signal::derive(move || {
        dashboard
            .get()
            .map(|d| d.objects.iter().take(TOP).cloned().collect())
            .unwrap_or_default()
    });
    let users_figures = Memo::new_with_compare(
        move |_| data.dashboard_without(counted::TOP_USERS),
        |_, _| true,
    );
    let top_users = Signal::derive(move || {
        users_figures
            .get()
            .map(|d| d.users.iter().take(TOP).cloned().collect())
            .unwrap_or_default()
    });
    view! {
        <section class="card" aria-labelledby="objects-title">
            <h2 id="objects-title">{t("dashboard.objects.title")}</h2>
            <ObjectTable name="top-objects" caption=t("dashboard.objects.caption") rows=top_objects zone=zone />
            <Downloads name="objects" what=t("objects.download_what") table=move || {
                let objects = dashboard.get_untracked().map(|d| d.objects.clone()).unwrap_or_default();
                crate::export::objects_table(&objects, zone.get_untracked())
            } />
            <p class="card__more"><A href=move || link("/objects")>{t("dashboard.more")}</A></p>
        </section>
        <section class="card" aria-labelledby="users-title">
            <h2 id="users-title">{t("dashboard.users.title")}</h2>
            <UserTable name="top-users" caption=t("dashboard.users.caption") rows=top_users zone=zone filters=true />
            <Downloads name="users" what=t("users.download_what") table=move || {
                let users = dashboard.get_untracked().map(|d| d.users.clone()).unwrap_or_default();
                crate::export::users_table(&users, zone.get_untracked())
            } />
            <p class="card__more"><A href=move || link("/users")>{t("dashboard.more")}</A></p>
        </section>
    }
}

/// Where the figures come from: the raw log, and the dataset's page on the portal.
#[component]
fn SourceCard() -> impl IntoView {
    let data = use_log_data();
    let link = use_link();
    let portal_page = move || data.source.get().portal_page();
    view! {
        <section class="card" aria-labelledby="source-title">
            <h2 id="source-title">{t("dashboard.source.title")}</h2>
            <p>
                {t("dashboard.source.text")}" "
                <A href=move || link("/log")>{t("dashboard.source.log")}</A>
                "."
                // Only a checked http(s) address becomes a link.
                {move || portal_page().map(|href| view! {
                    " "{t("dashboard.source.portal")}" "
                    <a href=href rel="noopener noreferrer" target="_blank">{t("dashboard.source.dataset_page")}</a>
                    "."
                })}
            </p>
        </section>
    }
}

/// Height of a ranked (horizontal) chart with `rows` bars.
fn ranked_height(rows: usize) -> u32 {
    (rows.clamp(3, 40) as u32) * 24 + 50
}

/// Top users broken down by action: a stacked chart, its colour key and its table twin. The
/// largest actions have their colours (the same as in the Actions chart); the rest share grey.
#[component]
fn UsersByAction() -> impl IntoView {
    let data = use_log_data();
    let dashboard = data.dashboard;
    let scheme = use_colour_scheme();
    // Per action of the chart: its colour, grey past the largest few.
    let colors = Memo::new(move |_| {
        let theme = scheme.theme();
        let (Some(d), Some(loaded)) = (dashboard.get(), data.shown()) else {
            return Vec::new();
        };
        d.users_by_action
            .actions
            .iter()
            .enumerate()
            .map(|(i, a)| {
                if i < LEGEND_LIMIT {
                    loaded.colours().of(SeriesMode::Action, a, theme)
                } else {
                    theme.other
                }
            })
            .collect::<Vec<RGBColor>>()
    });
    let key = Signal::derive(move || {
        let Some(d) = dashboard.get() else {
            return Vec::new();
        };
        let colors = colors.get();
        let actions = &d.users_by_action.actions;
        let mut items: Vec<(String, String)> = actions
            .iter()
            .zip(&colors)
            .take(LEGEND_LIMIT)
            .map(|(a, c)| (a.clone(), palette::css(*c)))
            .collect();
        if actions.len() > LEGEND_LIMIT {
            items.push((
                tf(
                    "dashboard.other_actions",
                    &[("count", &(actions.len() - LEGEND_LIMIT).to_string())],
                ),
                palette::css(scheme.theme().other),
            ));
        }
        items
    });
    view! {
        <section class="card" aria-labelledby="stacked-title">
            <h2 id="stacked-title">{t("dashboard.stacked.title")}</h2>
            <ColourKey label=t("dashboard.stacked.colours") items=key />
            <ChartCanvas label=t("dashboard.stacked.chart") height=ranked_height(10) file="users-by-action"
                draw=move |root, style| {
                    let stacked = dashboard.get().map(|d| d.users_by_action.clone()).unwrap_or_default();
                    charts::draw_users_by_action(root, &stacked, &colors.get(), style)
                }
                tooltip=move |bucket| tooltips::user_by_action(&dashboard.get()?.users_by_action, bucket) />
            <DataTable name="users-by-action" caption=t("dashboard.stacked.chart")
                data=Signal::derive(move || dashboard.get().map(|d| twins::users_by_action(&d.users_by_action)).unwrap_or_default()) />
        </section>
    }
}
