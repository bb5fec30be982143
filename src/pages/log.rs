//! `/log`: the source data, every field of every action in the window, newest first, searchable
//! and paged (100 rows a page) so that 100,000 rows never freeze the page.

use std::sync::Arc;

use engine::{Field, TextField};
use leptos::prelude::*;

use crate::components::PageTitle;
use crate::i18n::{t, tf};
use crate::numbers::grouped;

use crate::components::diff_view::diff_view;
use crate::components::pager::{clamp_page, Pager, PAGE_SIZE};
use crate::components::search_box::SearchBox;
use crate::query::page_number;
use crate::state::{use_log_data, use_query_value, LoadedLog};

#[component]
pub fn SourceData() -> impl IntoView {
    let data = use_log_data();
    let on_portal = Memo::new(move |_| data.on_portal());
    move || {
        if on_portal.get() {
            view! { <PortalLog /> }.into_any()
        } else {
            view! { <LoadedLogPages /> }.into_any()
        }
    }
}

/// The log's pages from the loaded log: searched and paged in the browser.
#[component]
fn LoadedLogPages() -> impl IntoView {
    let data = use_log_data();
    let search_text = use_query_value("q");
    let page_param = use_query_value("page");
    // Recomputed when the log, the filter or the search text changes, not when the page does;
    // a new result always counts as a change (comparing logs would cost more than it saves).
    let matching = Memo::new_with_compare(
        move |_| {
            let log = data.ready()?;
            let ordered = data.filter.with(|f| log.newest_first(f));
            let rows = engine::search::search(
                &log.log.store,
                &ordered,
                &search_text.get().unwrap_or_default(),
            );
            Some((log, ordered.len(), Arc::new(rows)))
        },
        |_, _| true,
    );
    let row_count =
        Signal::derive(move || matching.with(|m| m.as_ref().map_or(0, |(_, _, rows)| rows.len())));
    let page = Signal::derive(move || {
        clamp_page(page_number(page_param.get().as_deref()), row_count.get())
    });

    let summary = move || {
        matching.with(|m| match m {
            None => String::new(),
            Some((_, total, rows)) => {
                let start = (page.get() - 1) * PAGE_SIZE;
                let end = (start + PAGE_SIZE).min(rows.len());
                let every = rows.len() == *total;
                let total = grouped(*total as u64);
                let first = grouped(start as u64 + 1);
                let end = grouped(end as u64);
                if rows.is_empty() {
                    tf("log.none", &[("total", &total)])
                } else if every {
                    tf(
                        "log.all",
                        &[("first", &first), ("end", &end), ("total", &total)],
                    )
                } else {
                    let matching = grouped(rows.len() as u64);
                    tf(
                        "log.some",
                        &[
                            ("first", &first),
                            ("end", &end),
                            ("matching", &matching),
                            ("total", &total),
                        ],
                    )
                }
            }
        })
    };

    // Every matching action, in the platform's own export formats, timestamps in the view's zone.
    let save = move |format: &'static str| {
        move |_| {
            matching.with_untracked(|m| {
                let Some((log, _, rows)) = m else { return };
                let (store, zone) = (&log.log.store, log.zone());
                let (bytes, mime) = match format {
                    "csv" => (
                        engine::export::csv_of_rows(store, rows, &zone),
                        "text/csv;charset=utf-8",
                    ),
                    _ => (
                        engine::export::json_of_rows(store, rows, &zone),
                        "application/json",
                    ),
                };
                let window = data.view.get_untracked().window;
                let name = crate::export::file_name("log", &window, format);
                crate::browser::download(&name, mime, &bytes);
            })
        }
    };
    view! {
        <PageTitle text=t("nav.log") />
        <div class="toolbar">
            <SearchBox label=t("log.search") placeholder=t("log.placeholder") />
        </div>
        <p class="summary" role="status" aria-live="polite">{summary}</p>
        <LogTable rows=move || matching.with(|m| match m {
            None => Vec::new(),
            Some((log, _, rows)) => {
                let start = (page.get() - 1) * PAGE_SIZE;
                rows.iter().skip(start).take(PAGE_SIZE).map(|&row| log_row(log, row as usize)).collect()
            }
        }) />
        <Pager page=page rows=row_count />
        <div class="downloads" role="group" aria-label=t("log.download_group")>
            <span class="downloads__label">{t("log.download_label")}</span>
            <button type="button" class="link-button" data-download="platform-json" on:click=save("json")>"JSON"</button>
            <button type="button" class="link-button" data-download="platform-csv" on:click=save("csv")>"CSV"</button>
        </div>
    }
}

/// The log's pages asked of the portal one at a time (portal mode): page N after page N − 1's
/// last event (keyset paging), the pages' starts kept while the filters stay; the search needs
/// the events, and says so.
#[component]
fn PortalLog() -> impl IntoView {
    let search_text = use_query_value("q");
    let page_param = use_query_value("page");
    // This page's events, and how many the window holds.
    let shown = RwSignal::new(None::<(Arc<LoadedLog>, usize)>);
    let row_count =
        Signal::derive(move || shown.with(|s| s.as_ref().map_or(0, |(_, total)| *total)));
    let page = Signal::derive(move || {
        clamp_page(page_number(page_param.get().as_deref()), row_count.get())
    });
    crate::state::event_pages::fetch_pages(
        use_log_data(),
        page_param,
        Signal::derive(|| None),
        shown,
    );
    let summary = move || {
        shown.with(|s| match s {
            None => String::new(),
            Some((_, 0)) => tf("log.none", &[("total", "0")]),
            Some((log, total)) => {
                let start = (page.get() - 1) * PAGE_SIZE;
                let end = start + log.log.store.len();
                tf(
                    "log.all",
                    &[
                        ("first", &grouped(start as u64 + 1)),
                        ("end", &grouped(end as u64)),
                        ("total", &grouped(*total as u64)),
                    ],
                )
            }
        })
    };
    view! {
        <PageTitle text=t("nav.log") />
        <Show when=move || search_text.with(|q| q.as_deref().is_some_and(|q| !q.is_empty()))>
            <crate::components::NeedsEvents />
        </Show>
        <p class="summary" role="status" aria-live="polite">{summary}</p>
        <LogTable rows=move || shown.with(|s| match s {
            None => Vec::new(),
            Some((log, _)) => (0..log.log.store.len()).map(|row| log_row(log, row)).collect(),
        }) />
        <Pager page=page rows=row_count />
    }
}

/// The log's table (`table[data-table=log]`): every field a column, `rows` its body.
#[component]
fn LogTable(rows: impl Fn() -> Vec<AnyView> + Send + Sync + 'static) -> impl IntoView {
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label="Activity log">
            <table class="data-table" data-table="log">
                <thead>
                    <tr>{Field::ALL.iter().map(|f| view! { <th scope="col">{f.name()}</th> }).collect_view()}</tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// One row: every field as text (never HTML), the timestamp in the view's zone.
fn log_row(log: &LoadedLog, row: usize) -> AnyView {
    let cells = Field::ALL
        .iter()
        .map(|field| match field {
            Field::Timestamp => {
                let ts = log.log.store.timestamp(row);
                view! { <td class="nowrap"><time>{log.zone().format(ts)}</time></td> }.into_any()
            }
            Field::Diff => diff_cell(log.log.store.diff(row)),
            Field::Text(text) => {
                let value = log.log.store.text(row, *text).to_string();
                let class = if *text == TextField::Action {
                    "nowrap mono"
                } else {
                    ""
                };
                view! { <td class=class>{value}</td> }.into_any()
            }
        })
        .collect_view();
    view! { <tr>{cells}</tr> }.into_any()
}

fn diff_cell(diff: &str) -> AnyView {
    view! { <td class="diff-cell">{diff_view(diff)}</td> }.into_any()
}
