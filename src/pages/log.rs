//! `/log`: the source data, every field of every action in the window, newest first, searchable
//! and paged (100 rows a page) so that 100,000 rows never freeze the page.

use std::sync::Arc;

use engine::{Field, TextField};
use leptos::prelude::*;

use crate::components::PageTitle;

use crate::components::diff_view::diff_view;
use crate::components::pager::{clamp_page, Pager, PAGE_SIZE};
use crate::components::search_box::SearchBox;
use crate::query::page_number;
use crate::state::{use_log_data, use_query_value, LoadedLog};

#[component]
pub fn SourceData() -> impl IntoView {
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
                if rows.is_empty() {
                    format!("No action matches, out of {total}.")
                } else if rows.len() == *total {
                    format!("Actions {}–{end} of {total}, newest first.", start + 1)
                } else {
                    format!(
                        "Actions {}–{end} of {} matching, out of {total}.",
                        start + 1,
                        rows.len()
                    )
                }
            }
        })
    };

    view! {
        <PageTitle text="Source data" />
        <div class="toolbar">
            <SearchBox label="Search every field" placeholder="user, dataset, action, diff…" />
        </div>
        <p class="summary" role="status" aria-live="polite">{summary}</p>
        <div class="table-scroll" tabindex="0" role="region" aria-label="Activity log">
            <table class="data-table" data-table="log">
                <thead>
                    <tr>{Field::ALL.iter().map(|f| view! { <th scope="col">{f.name()}</th> }).collect_view()}</tr>
                </thead>
                <tbody>
                    {move || matching.with(|m| match m {
                        None => Vec::new(),
                        Some((log, _, rows)) => {
                            let start = (page.get() - 1) * PAGE_SIZE;
                            rows.iter().skip(start).take(PAGE_SIZE).map(|&row| log_row(log, row as usize)).collect()
                        }
                    })}
                </tbody>
            </table>
        </div>
        <Pager page=page rows=row_count />
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
