//! `/log`: the source data, every field of every action in the window, newest first, searchable
//! and paged (100 rows a page) so that 100,000 rows never freeze the page; the same page
//! whichever way the figures are had (`state::events`).

use std::sync::Arc;

use engine::{Field, TextField};
use leptos::prelude::*;

use crate::components::PageTitle;
use crate::i18n::{t, tf};
use crate::numbers::grouped;

use crate::api::ApiError;
use crate::components::diff_view::diff_view;
use crate::components::downloads::DownloadFailed;
use crate::components::pager::Pager;
use crate::components::search_box::SearchBox;
use crate::state::events::{use_event_list, EventList, EventPage, HeldRows};
use crate::state::{use_log_data, use_query_value, LoadedLog, LogData};
use engine::log_search::{LogSearch, SearchError, SearchProblem};

#[component]
pub fn SourceData() -> impl IntoView {
    let data = use_log_data();
    let search_text = use_query_value("q");
    let search = Memo::new(move |_| LogSearch::parse(&search_text.get().unwrap_or_default()));
    let held = held_rows(data, search);
    // In portal mode the search is the pages' condition.
    let condition = Signal::derive(move || {
        search.with(|s| {
            s.as_ref()
                .ok()
                .and_then(crate::api::log_search::search_condition)
        })
    });
    let events = use_event_list(held, condition);
    // The window's count beside a search's (portal mode: the figures' own count).
    let page = Signal::derive(move || {
        let mut page = events.page()?;
        if page.unsearched.is_none() && condition.with(Option::is_some) {
            page.unsearched = data.dashboard.with(|d| d.as_ref().map(|d| d.kpis.actions));
        }
        Some(page)
    });
    let number = Signal::derive(move || page.with(|p| p.as_ref().map_or(1, |p| p.number)));
    let row_count = Signal::derive(move || page.with(|p| p.as_ref().map_or(0, |p| p.total)));
    view! {
        <PageTitle text=t("nav.log") />
        <div class="toolbar">
            <SearchBox label=t("log.search") placeholder=t("log.placeholder") />
        </div>
        <SearchTerms search=search text=search_text />
        {move || search.get().err().map(|error| view! {
            <p class="download-failed" role="alert" data-search-error="">{search_error(&error)}</p>
        })}
        <p class="summary" role="status" aria-live="polite">{move || page.with(|p| p.as_ref().map(summary))}</p>
        <LogTable rows=move || page.with(|p| match p {
            None => Vec::new(),
            Some(page) => page.rows.iter().map(|&row| log_row(&page.log, row as usize)).collect(),
        }) />
        <Pager page=number rows=row_count />
        <LogDownloads events />
    }
}

/// The window's events newest first, narrowed by the search, when they are held. Recomputed
/// when the log, the filter or the search text changes, not when the page does; a new result
/// always counts as a change (comparing logs would cost more than it saves).
fn held_rows(
    data: LogData,
    search: Memo<Result<LogSearch, SearchError>>,
) -> Memo<Option<HeldRows>> {
    Memo::new_with_compare(
        move |_| {
            let log = data.held_events()?;
            let ordered = data.filter.with(|f| log.newest_first(f));
            // A search that cannot be read narrows nothing: the page says what is wrong.
            let rows = match search.get() {
                Ok(search) => search.rows(&log.log.store, &ordered),
                Err(_) => ordered.clone(),
            };
            Some(HeldRows {
                log,
                unsearched: ordered.len(),
                rows: Arc::new(rows),
            })
        },
        |_, _| true,
    )
}

/// Every matching action, in the platform's own export formats, timestamps in the view's zone
/// (asked for when pressed, when the events are not held).
#[component]
fn LogDownloads(events: EventList) -> impl IntoView {
    let data = use_log_data();
    let failed = RwSignal::new(None::<ApiError>);
    let save = move |format: &'static str| {
        move |_| {
            failed.set(None);
            leptos::task::spawn_local(async move {
                match events.every().await {
                    Ok(Some((log, rows))) => {
                        let window = data.view.get_untracked().window;
                        save_log(&log, &rows, format, &window);
                    }
                    Ok(None) => {}
                    Err(error) => failed.set(Some(error)),
                }
            });
        }
    };
    view! {
        <div class="downloads" role="group" aria-label=t("log.download_group")>
            <span class="downloads__label">{t("log.download_label")}</span>
            <button type="button" class="link-button" data-download="platform-json" on:click=save("json")>"JSON"</button>
            <button type="button" class="link-button" data-download="platform-csv" on:click=save("csv")>"CSV"</button>
        </div>
        <DownloadFailed failed=failed />
    }
}

/// The search's terms as chips (`[data-search-term]`), each with a button that removes it.
#[component]
fn SearchTerms(
    search: Memo<Result<LogSearch, SearchError>>,
    text: Memo<Option<String>>,
) -> impl IntoView {
    let write = StoredValue::new_local(crate::state::use_query_writer());
    let terms = move || {
        let text = text.get().unwrap_or_default();
        search.with(|s| {
            let Ok(search) = s else { return Vec::new() };
            search
                .terms
                .iter()
                .enumerate()
                .map(|(index, term)| {
                    let label: String = text
                        .chars()
                        .skip(term.at.start)
                        .take(term.at.len())
                        .collect();
                    (label, search.without_term(&text, index))
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <Show when=move || search.with(|s| s.as_ref().is_ok_and(|s| !s.is_empty()))>
            <ul class="chips__list" aria-label=t("log.search_terms")>
                {move || terms().into_iter().map(|(label, rest)| {
                    let remove = tf("marks.remove", &[("label", &label)]);
                    view! {
                        <li class="chip" data-search-term=label.clone()>
                            <span class="chip__label">{label.clone()}</span>
                            <button type="button" class="chip__remove" aria-label=remove
                                on:click=move |_| write.with_value(|write| write(&crate::state::filter_change("q", rest.clone()), false))>"×"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </Show>
    }
}

/// What is wrong with a search, and where (counted from 1, as people count).
fn search_error(error: &SearchError) -> String {
    let at = (error.at + 1).to_string();
    match &error.problem {
        SearchProblem::UnknownQualifier(name) => {
            tf("log.search_error.unknown", &[("name", name), ("at", &at)])
        }
        SearchProblem::NoValue(qualifier) => tf(
            "log.search_error.no_value",
            &[("name", qualifier.name()), ("at", &at)],
        ),
        SearchProblem::UnclosedQuote => tf("log.search_error.quote", &[("at", &at)]),
        SearchProblem::UnknownType(value) => {
            tf("log.search_error.type", &[("value", value), ("at", &at)])
        }
    }
}

/// "Actions 1–100 of 243 matching, out of 10,112", or that there are none.
fn summary(page: &EventPage) -> String {
    let first = page.first();
    let end = grouped((first + page.rows.len()) as u64);
    let first = grouped(first as u64 + 1);
    let total = grouped(page.total as u64);
    match page.unsearched {
        _ if page.total == 0 => {
            let window = grouped(page.unsearched.unwrap_or(0) as u64);
            tf("log.none", &[("total", &window)])
        }
        None => tf(
            "log.all",
            &[("first", &first), ("end", &end), ("total", &total)],
        ),
        Some(window) => tf(
            "log.some",
            &[
                ("first", &first),
                ("end", &end),
                ("matching", &total),
                ("total", &grouped(window as u64)),
            ],
        ),
    }
}

/// Saves `rows` of `log` as the platform exports them (`json` or `csv`), under a name that
/// says the window.
fn save_log(log: &LoadedLog, rows: &[u32], format: &str, window: &engine::DateWindow) {
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
    let name = crate::export::file_name("log", window, format);
    crate::browser::download(&name, mime, &bytes);
}

/// The log's table (`table[data-table=log]`): every field a column, `rows` its body.
#[component]
fn LogTable(rows: impl Fn() -> Vec<AnyView> + Send + Sync + 'static) -> impl IntoView {
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=t("log.region")>
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
