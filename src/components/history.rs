//! The full list of actions of one object or one user, newest first, paged, each diff shown
//! as a list of changes (or its text), never as HTML; and the chart of those actions.

use std::collections::BTreeSet;

use engine::series::TimeSeries;
use engine::TextField;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::charts::{self, palette};
use crate::components::diff_view::diff_view;
use crate::components::object_name::ObjectName;
use crate::components::pager::Pager;
use crate::components::tables::{object_path, short_time, user_path};
use crate::components::{ChartCanvas, ColourKey, DataTable};
use crate::i18n::t;
use crate::labels::series_label;
use crate::numbers::grouped;
use crate::scheme::use_colour_scheme;
use crate::state::events::EventPage;
use crate::state::{use_link, use_log_data};

/// Which column names the other side of the history: the user (on an object's page) or the
/// object (on a user's page).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counterpart {
    User,
    Object,
}

#[component]
pub fn History(
    name: &'static str,
    /// The page of the subject's events shown (none until it is had).
    #[prop(into)]
    page: Signal<Option<EventPage>>,
    counterpart: Counterpart,
) -> impl IntoView {
    let link = use_link();
    let number = Signal::derive(move || page.with(|p| p.as_ref().map_or(1, |p| p.number)));
    let row_count = Signal::derive(move || page.with(|p| p.as_ref().map_or(0, |p| p.total)));
    let other_header = match counterpart {
        Counterpart::User => t("column.user"),
        Counterpart::Object => t("column.object"),
    };
    view! {
        <div class="table-scroll">
            <table class="data-table" data-table=name>
                <thead>
                    <tr>
                        <th scope="col">{t("history.time")}</th>
                        <th scope="col">{other_header}</th>
                        <th scope="col">{t("chart.action")}</th>
                        <th scope="col">{t("history.changed")}</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        page.with(|page| {
                            let Some(page) = page else { return Vec::new() };
                            let store = &page.log.log.store;
                            let zone = page.log.zone();
                            page.rows.iter()
                                .map(|&row| {
                                    let row = row as usize;
                                    let other = match counterpart {
                                        Counterpart::User => {
                                            let user = store.text(row, TextField::UserId).to_string();
                                            view! { <A href=link(&user_path(&user))>{user.clone()}</A> }.into_any()
                                        }
                                        Counterpart::Object => {
                                            let (kind, id) = engine::objects::object_of(store, row);
                                            let id = store.strings().get(id).to_string();
                                            let href = link(&object_path(kind, &id));
                                            view! {
                                                <span class="object-type">{crate::labels::type_label(kind)}</span>
                                                " "
                                                <ObjectName kind=kind id=id href=href />
                                            }.into_any()
                                        }
                                    };
                                    view! {
                                        <tr>
                                            <td class="nowrap">{short_time(zone, store.timestamp(row))}</td>
                                            <td>{other}</td>
                                            <td class="mono nowrap">{store.text(row, TextField::Action).to_string()}</td>
                                            <td class="diff-cell">{diff_view(store.diff(row))}</td>
                                        </tr>
                                    }
                                })
                                .collect::<Vec<_>>()
                        })
                    }}
                </tbody>
            </table>
        </div>
        <Pager page=number rows=row_count />
    }
}

/// An object's or a user's actions over time: the stacked chart with its colour key and table
/// twin (`data-table=<name>`), each action in its colour of the dashboard.
#[component]
pub fn HistoryChart(
    name: &'static str,
    #[prop(into)] label: String,
    #[prop(into)] series: Signal<Option<TimeSeries>>,
) -> impl IntoView {
    let data = use_log_data();
    let scheme = use_colour_scheme();
    let none_hidden = BTreeSet::new();
    let colors = Memo::new(move |_| {
        let theme = scheme.theme();
        let loaded = data.shown();
        series.with(|data| {
            data.as_ref().map_or_else(Vec::new, |data| {
                data.series
                    .iter()
                    .map(|s| {
                        loaded
                            .as_ref()
                            .map_or(theme.other, |l| l.colours().of(data.mode, &s.name, theme))
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    let key = Signal::derive(move || {
        let colors = colors.get();
        series.with(|data| {
            let Some(data) = data else { return Vec::new() };
            data.series
                .iter()
                .zip(colors)
                .map(|(s, color)| {
                    let text = format!(
                        "{} ({})",
                        series_label(data.mode, &s.name),
                        grouped(s.total)
                    );
                    (text, palette::css(color))
                })
                .collect()
        })
    });
    let table = Signal::derive(move || {
        series
            .with(|data| {
                data.as_ref()
                    .map(|data| crate::twins::actions_over_time(data, &BTreeSet::new(), None))
            })
            .unwrap_or_default()
    });
    let bucket =
        Signal::derive(move || series.with(|s| s.as_ref().map_or("day", |s| s.bucket.name())));
    view! {
        <ColourKey label=t("history.colours") items=key />
        <div data-bucket=bucket>
            <ChartCanvas label=label height=220 file=name
                draw=move |root, style| {
                    let data = series.get().unwrap_or_default();
                    let colors = colors.get();
                    let color_of = |i: usize| colors.get(i).copied().unwrap_or(style.theme.other);
                    charts::draw_actions(root, &data, &none_hidden, color_of, None, &[], style)
                }
                tooltip=move |day| crate::tooltips::day(&series.get()?, &BTreeSet::new(), day) />
        </div>
        <DataTable name=name caption=t("history.over_time") data=table bucket=bucket />
    }
}
