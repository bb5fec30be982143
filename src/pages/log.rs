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
    #[cfg(target_arch = "wasm32")]
    portal_pages::fetch_pages(use_log_data(), page_param, shown);
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

#[cfg(target_arch = "wasm32")]
mod portal_pages {
    use std::sync::Arc;

    use engine::{Store, ViewFilter};
    use leptos::prelude::*;

    use crate::api::log_pages::{self, PageStart};
    use crate::api::{ApiError, Source};
    use crate::query::page_number;
    use crate::state::{LoadedLog, LogData};

    /// The pages walked through for one filter and source: where each starts, and the window's
    /// count (the first page's answer).
    struct Walked {
        of: Option<(ViewFilter, Source)>,
        starts: Vec<PageStart>,
        total: Option<usize>,
    }

    impl Default for Walked {
        /// Nothing walked yet: the first page starts at the newest event.
        fn default() -> Self {
            Walked {
                of: None,
                starts: vec![PageStart::default()],
                total: None,
            }
        }
    }

    /// Asks for the page the URL names whenever it or the filters change; the starts of the
    /// pages walked through are kept for the same filters, so that the next page is one request.
    pub fn fetch_pages(
        data: LogData,
        page_param: Memo<Option<String>>,
        shown: RwSignal<Option<(Arc<LoadedLog>, usize)>>,
    ) {
        let starts = StoredValue::new(Walked::default());
        let generation = StoredValue::new(0u64);
        Effect::new(move |_| {
            data.track_retries();
            let filter = data.filter.get();
            let zone = data.view.get().zone;
            let source = data.source.get();
            let wanted = page_number(page_param.get().as_deref()).max(1);
            let key = Some((filter.clone(), source.clone()));
            if starts.with_value(|walked| walked.of != key) {
                starts.set_value(Walked {
                    of: key,
                    ..Walked::default()
                });
            }
            generation.update_value(|g| *g += 1);
            let this = generation.get_value();
            let is_current = move || generation.try_get_value() == Some(this);
            let held = data.start_asking();
            leptos::task::spawn_local(async move {
                let answer = page_of(&source, &filter, zone, wanted, starts, &is_current).await;
                if !is_current() {
                    return;
                }
                data.finish_asking(answer.map(|page| {
                    shown.set(Some(page));
                    held
                }));
            });
        });
    }

    /// Page `wanted` (from 1), or the last when there are fewer: walked from the nearest start
    /// known.
    async fn page_of(
        source: &Source,
        filter: &ViewFilter,
        zone: engine::Zone,
        wanted: usize,
        starts: StoredValue<Walked>,
        is_current: &impl Fn() -> bool,
    ) -> Result<(Arc<LoadedLog>, usize), ApiError> {
        let auth = crate::credentials::auth_for(&source.portal);
        loop {
            // Past the first page, the window's count is known: a page past the last is the
            // last, and the last is asked directly when it is not the next one.
            let (total, walked) = starts.with_value(|w| (w.total, w.starts.len()));
            let wanted = total.map_or(wanted, |total| log_pages::log_page_in_range(wanted, total));
            if let Some(total) = total.filter(|&total| {
                wanted > walked && wanted == log_pages::log_page_in_range(usize::MAX, total)
            }) {
                return last_page(source, filter, zone, total, &auth).await;
            }
            let (known, start) = starts.with_value(|walked| {
                let index = walked.starts.len().min(wanted).max(1) - 1;
                let start = walked.starts.get(index).cloned().unwrap_or_default();
                (index + 1, start)
            });
            let (events, next, count) = page_at(source, filter, zone, &start, &auth).await?;
            if let Some(count) = count.filter(|_| start.before.is_none()) {
                starts.update_value(|walked| walked.total = Some(count));
            }
            let total = starts
                .with_value(|walked| walked.total)
                .or(count)
                .unwrap_or(0);
            if known >= wanted || next.is_none() || !is_current() {
                return Ok((shown_log(events, zone)?, total));
            }
            if let Some(next) = next {
                starts.update_value(|walked| {
                    if walked.starts.len() == known {
                        walked.starts.push(next);
                    }
                });
            }
        }
    }

    /// The page from `start`: the start's second's events not shown yet (all of that second
    /// asked for, told apart by content), then the older ones; where the next page starts; and
    /// the `records` answer's count when one was asked.
    async fn page_at(
        source: &Source,
        filter: &ViewFilter,
        zone: engine::Zone,
        start: &PageStart,
        auth: &crate::api::Auth,
    ) -> Result<(Vec<serde_json::Value>, Option<PageStart>, Option<usize>), ApiError> {
        let ask = |query: crate::api::ExploreQuery| async move {
            crate::api::fetch_text(&query.url(&source.portal), &source.portal, auth).await
        };
        let head = match start.before {
            Some(second) => {
                let query = log_pages::log_ties_query(&source.dataset, filter, zone, second);
                log_pages::unshown_ties(start, log_pages::events_of(&ask(query).await?)?)
            }
            None => Vec::new(),
        };
        let (mut older, mut count) = (Vec::new(), None);
        if head.len() < log_pages::LOG_PAGE {
            let limit = log_pages::LOG_PAGE - head.len();
            let query =
                log_pages::log_page_query(&source.dataset, filter, zone, start.before, limit);
            let (total, events) = log_pages::read_records(&ask(query).await?)?;
            (older, count) = (events, Some(total));
        }
        let (events, next) = log_pages::log_page(start, head, older, zone);
        Ok((events, next, count))
    }

    /// The window's last page, in one request (oldest first), reversed to newest first.
    async fn last_page(
        source: &Source,
        filter: &ViewFilter,
        zone: engine::Zone,
        total: usize,
        auth: &crate::api::Auth,
    ) -> Result<(Arc<LoadedLog>, usize), ApiError> {
        let query = log_pages::last_log_page_query(&source.dataset, filter, zone, total);
        let body = crate::api::fetch_text(&query.url(&source.portal), &source.portal, auth).await?;
        let (_, mut events) = log_pages::read_records(&body)?;
        events.reverse();
        Ok((shown_log(events, zone)?, total))
    }

    /// A page's events (newest first) as the log the table shows, read as any export is.
    fn shown_log(
        events: Vec<serde_json::Value>,
        zone: engine::Zone,
    ) -> Result<Arc<LoadedLog>, ApiError> {
        let mut store = Store::new();
        let body = serde_json::Value::Array(events).to_string();
        let report =
            engine::parse::parse_json_array(body.as_bytes(), &mut store).map_err(ApiError::Body)?;
        Ok(Arc::new(LoadedLog::new(store, report, zone)))
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
