//! The comparison with the previous period (`compare=previous`): the switch that turns it on,
//! and the table of each type's (or action's) actions in both periods
//! (`table[data-table=compare-by-type]`, `compare-by-action` with `by=action`).

use engine::compare::compare_totals;
use engine::SeriesMode;
use leptos::prelude::*;

use crate::i18n::{t, tf};
use crate::state::{set, use_log_data, use_query_writer};

/// A checkbox that writes `compare=previous` into the URL, or removes it.
#[component]
pub fn CompareSwitch() -> impl IntoView {
    let data = use_log_data();
    let write = use_query_writer();
    let on_change = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        write(&[set("compare", on.then(|| "previous".to_string()))], false);
    };
    view! {
        <label class="field field--check">
            <input type="checkbox" name="compare" prop:checked=move || data.compare.get() on:change=on_change />
            <span>{t("compare.switch")}</span>
        </label>
    }
}

/// The previous period's dates and the table of both periods, shown when comparing.
#[component]
pub fn ComparisonCard() -> impl IntoView {
    let data = use_log_data();
    let table = Signal::derive(move || {
        let dashboard = data.dashboard.get()?;
        let previous = data.previous.get()?;
        let filter = data.filter.get();
        let rows = compare_totals(&dashboard.series, &previous.series, &filter.hidden);
        Some((
            crate::twins::comparison(&rows, filter.mode),
            filter.mode,
            previous.window,
        ))
    });
    let table_data = table;
    move || {
        let (table, mode, window) = table.get()?;
        let name = match mode {
            SeriesMode::ObjectType => "compare-by-type",
            SeriesMode::Action => "compare-by-action",
        };
        let hint = tf(
            "compare.hint",
            &[
                ("from", &window.from.to_string()),
                ("to", &window.to.to_string()),
            ],
        );
        Some(view! {
            <section class="card" aria-labelledby="compare-title">
                <h2 id="compare-title">{t("compare.title")}</h2>
                <p class="card__hint">{hint}</p>
                <div class="table-scroll" tabindex="0" role="region" aria-label=tf("table.region", &[("caption", t("compare.title"))])>
                    <table class="data-table" data-table=name>
                        <thead><tr>{table.headers.iter().map(|h| view! { <th scope="col">{h.clone()}</th> }).collect_view()}</tr></thead>
                        <tbody>{crate::components::data_table::body_rows(&table)}</tbody>
                    </table>
                </div>
                <crate::components::Downloads name=name what=t("compare.title") table=move || {
                    table_data.get_untracked().map(|(table, _, _)| table).unwrap_or_default()
                } />
            </section>
        })
    }
}
