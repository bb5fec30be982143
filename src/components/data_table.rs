//! The data-table twin of a chart: the same numbers in a real table, shown on demand.

use leptos::prelude::*;

/// A table's content: header cells and rows of text cells.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TableData {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// What the rows leave out, said under the table.
    pub note: Option<String>,
}

/// A table's body rows: the first cell of each is its row header, the others numbers.
pub fn body_rows(data: &TableData) -> impl IntoView + use<> {
    marked_rows(data, &[])
}

/// [`body_rows`], the rows of the chart's selected marks marked `[data-selected]`.
fn marked_rows(data: &TableData, selected: &[bool]) -> impl IntoView + use<> {
    data.rows
        .iter()
        .enumerate()
        .map(|(at, row)| {
            let mut cells = row.iter();
            let first = cells.next().cloned().unwrap_or_default();
            let picked = selected.get(at).copied().unwrap_or(false);
            view! {
                <tr data-selected=picked.then_some("")>
                    <th scope="row">{first}</th>
                    {cells.map(|c| view! { <td class="num">{c.clone()}</td> }).collect_view()}
                </tr>
            }
        })
        .collect_view()
}

/// The data-table twin of a chart: a real table with `<th>` headers, marked
/// `table[data-table=<name>]`, shown on demand.
#[component]
pub fn DataTable(
    /// The `data-table` marker.
    #[prop(into)]
    name: Signal<&'static str>,
    #[prop(into)] caption: String,
    #[prop(into)] data: Signal<TableData>,
    /// The `data-bucket` marker of a table over time (`day`, `week`, `month`).
    #[prop(optional, into)]
    bucket: Option<Signal<&'static str>>,
    /// Which rows are the chart's selected marks.
    #[prop(optional, into)]
    selected: Option<Signal<Vec<bool>>>,
) -> impl IntoView {
    let region = crate::i18n::tf("table.region", &[("caption", &caption)]);
    let table_caption = caption.clone();
    view! {
        <details class="twin">
            <summary>{crate::i18n::t("table.show")}</summary>
            // Focusable, so that a keyboard can scroll it (axe: scrollable-region-focusable).
            <div class="table-scroll" tabindex="0" role="region" aria-label=region>
                <table class="data-table" data-table=move || name.get() data-bucket=move || bucket.map(|b| b.get())>
                    <caption class="visually-hidden">{caption}</caption>
                    <thead>
                        <tr>
                            {move || data.with(|d| d.headers.iter().map(|h| view! { <th scope="col">{h.clone()}</th> }).collect_view())}
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let selected = selected.map(|s| s.get()).unwrap_or_default();
                            data.with(|d| marked_rows(d, &selected))
                        }}
                    </tbody>
                </table>
            </div>
            {move || data.with(|d| d.note.clone()).map(|note| view! { <p class="twin__note">{note}</p> })}
            <crate::components::Downloads name=name what=crate::i18n::tf("table.download_what", &[("caption", &table_caption)]) table=move || data.get_untracked() />
        </details>
    }
}
