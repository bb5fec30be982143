//! `/log`: the source data, every field of every action in the window, newest first, searchable
//! and paged (100 rows a page) so that 100,000 rows never freeze the page.

use std::sync::Arc;

use engine::{Field, TextField};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::query::page_number;
use crate::state::{use_log_data, use_query_writer, LoadedLog};

const PAGE_SIZE: usize = 100;
/// Diffs longer than this are folded behind a <details>.
const DIFF_PREVIEW: usize = 80;

#[component]
pub fn SourceData() -> impl IntoView {
    let data = use_log_data();
    let query = use_query_map();
    let write = use_query_writer();
    let search_text = Memo::new(move |_| query.with(|q| q.get_str("q").unwrap_or("").to_string()));
    let page = Memo::new(move |_| query.with(|q| page_number(q.get_str("page"))));
    // Recomputed when the log or the search text changes, not when the page does; a new
    // result always counts as a change (comparing logs would cost more than it saves).
    let matching = Memo::new_with_compare(
        move |_| {
            let log = data.ready()?;
            let rows = engine::search::search(&log.store, &log.newest_first, &search_text.get());
            Some((log, Arc::new(rows)))
        },
        |_, _| true,
    );
    let page_count = move || {
        matching.with(|m| {
            m.as_ref()
                .map_or(1, |(_, rows)| rows.len().div_ceil(PAGE_SIZE).max(1))
        })
    };
    let current_page = move || page.get().min(page_count());

    let on_search = {
        let write = write.clone();
        move |ev| {
            let text = event_target_value(&ev);
            write(
                &[("q", (!text.is_empty()).then_some(text)), ("page", None)],
                true,
            );
        }
    };
    let go_to_page =
        move |target: usize| write(&[("page", (target > 1).then(|| target.to_string()))], false);
    let previous = {
        let go_to_page = go_to_page.clone();
        move |_: leptos::ev::MouseEvent| go_to_page(current_page().saturating_sub(1).max(1))
    };
    let next = move |_: leptos::ev::MouseEvent| go_to_page(current_page() + 1);
    let summary = move || {
        matching.with(|m| match m {
            None => String::new(),
            Some((log, rows)) => {
                let total = log.newest_first.len();
                let start = (current_page() - 1) * PAGE_SIZE;
                let end = (start + PAGE_SIZE).min(rows.len());
                if rows.is_empty() {
                    format!("No action matches, out of {total}.")
                } else if rows.len() == total {
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
        <h1 class="page-title">"Source data"</h1>
        <div class="toolbar">
            <label class="field field--grow">
                <span class="field__label">"Search every field"</span>
                <input type="search" name="q" placeholder="user, dataset, action, diff…"
                    prop:value=move || search_text.get() on:input=on_search />
            </label>
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
                        Some((log, rows)) => {
                            let start = (current_page() - 1) * PAGE_SIZE;
                            rows.iter().skip(start).take(PAGE_SIZE).map(|&row| log_row(log, row as usize)).collect()
                        }
                    })}
                </tbody>
            </table>
        </div>
        <nav class="pager" aria-label="Pages">
            <button type="button" class="button" disabled={move || current_page() <= 1} on:click=previous>"Previous"</button>
            <span>{move || format!("Page {} of {}", current_page(), page_count())}</span>
            <button type="button" class="button" disabled={move || current_page() >= page_count()} on:click=next>"Next"</button>
        </nav>
    }
}

/// One row: every field as text (never HTML), the timestamp in the view's zone.
fn log_row(log: &LoadedLog, row: usize) -> AnyView {
    let cells = Field::ALL
        .iter()
        .map(|field| match field {
            Field::Timestamp => {
                let ts = log.store.timestamp(row);
                view! { <td class="nowrap"><time datetime=log.zone.format(ts)>{log.zone.format(ts)}</time></td> }.into_any()
            }
            Field::Diff => diff_cell(log.store.diff(row)),
            Field::Text(text) => {
                let value = log.store.text(row, *text).to_string();
                let class = if *text == TextField::Action { "nowrap mono" } else { "" };
                view! { <td class=class>{value}</td> }.into_any()
            }
        })
        .collect_view();
    view! { <tr>{cells}</tr> }.into_any()
}

fn diff_cell(diff: &str) -> AnyView {
    if diff.chars().count() <= DIFF_PREVIEW {
        return view! { <td class="mono diff-cell">{diff.to_string()}</td> }.into_any();
    }
    let preview: String = diff.chars().take(DIFF_PREVIEW).collect();
    view! {
        <td class="mono diff-cell">
            <details>
                <summary>{format!("{preview}…")}</summary>
                <pre class="diff">{diff.to_string()}</pre>
            </details>
        </td>
    }
    .into_any()
}
