//! Take it with you: buttons that download a table (CSV, JSON) with every row of the view's
//! filters, not only the page shown, under a name that says the view and the window; and the
//! view's link, copied.

use leptos::prelude::*;

use crate::components::TableData;
use crate::export::{file_name, table_csv, table_json};
use crate::i18n::{t, tf};
use crate::state::use_log_data;

/// "Download CSV · JSON" for a table; `table` is computed only when a button is pressed.
#[component]
pub fn Downloads<F>(
    /// The view's name in the file's name (`objects`, `actions-by-type`…).
    #[prop(into)]
    name: Signal<&'static str>,
    /// What the buttons say they download, for screen readers ("the object list").
    #[prop(into)]
    what: String,
    table: F,
) -> impl IntoView
where
    F: Fn() -> TableData + Copy + Send + Sync + 'static,
{
    let data = use_log_data();
    let save = move |extension: &'static str| {
        move |_| {
            let window = data.view.get_untracked().window;
            let table = table();
            let (text, mime) = match extension {
                "csv" => (table_csv(&table), "text/csv;charset=utf-8"),
                _ => (table_json(&table), "application/json"),
            };
            let file = file_name(name.get_untracked(), &window, extension);
            crate::browser::download(&file, mime, text.as_bytes());
        }
    };
    let csv_label = tf("download.csv", &[("what", &what)]);
    let json_label = tf("download.json", &[("what", &what)]);
    let group = tf("download.group", &[("what", &what)]);
    view! {
        <div class="downloads" role="group" aria-label=group>
            <span class="downloads__label" aria-hidden="true">{t("download.label")}</span>
            <button type="button" class="link-button" data-download="csv" aria-label=csv_label on:click=save("csv")>"CSV"</button>
            <button type="button" class="link-button" data-download="json" aria-label=json_label on:click=save("json")>"JSON"</button>
        </div>
    }
}

/// Copies the view's address: a link that reproduces it (filters, window, zone, language).
#[component]
pub fn CopyLink() -> impl IntoView {
    let copied = RwSignal::new(None::<bool>);
    let copy = move |_| {
        leptos::task::spawn_local(async move {
            let done = crate::browser::copy_text(&crate::browser::current_url()).await;
            copied.set(Some(done));
        });
    };
    view! {
        <button type="button" class="button button--quiet" data-copy-link on:click=copy>{t("copy.button")}</button>
        <span class="muted" role="status">
            {move || match copied.get() {
                Some(true) => t("copy.done"),
                Some(false) => t("copy.refused"),
                None => "",
            }}
        </span>
    }
}
