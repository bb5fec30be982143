//! Take it with you: buttons that download a table (CSV, JSON) with every row of the view's
//! filters, not only the page shown, under a name that says the view and the window; and the
//! view's link, copied.

use leptos::prelude::*;

use crate::api::ApiError;
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
    let save = save_table(name);
    view! { <DownloadButtons what=what on_save=move |extension| save(extension, table()) /> }
}

/// The same buttons for a table that must be asked for first (a history's every event, in
/// portal mode): `fetch` is called with the format when a button is pressed, and saves
/// through [`save_table`]. A fetch that fails sets `failed`, said beside the buttons (the
/// page and its filters stay; pressing again asks again).
#[component]
pub fn FetchedDownloads<F>(
    #[prop(into)] what: String,
    fetch: F,
    failed: RwSignal<Option<ApiError>>,
) -> impl IntoView
where
    F: Fn(&'static str) + Copy + Send + Sync + 'static,
{
    let on_save = move |extension| {
        failed.set(None);
        fetch(extension);
    };
    view! {
        <DownloadButtons what=what on_save=on_save />
        <DownloadFailed failed=failed />
    }
}

/// What went wrong with a download, what to do, and whether pressing again may help.
fn failure_text(error: &ApiError) -> String {
    let text = tf(
        "download.failed",
        &[
            ("title", &error.title()),
            ("detail", &error.detail()),
            ("advice", &error.advice()),
        ],
    );
    match error.retryable() {
        true => format!("{text} {}", t("download.again")),
        false => text,
    }
}

/// What went wrong with a download asked of the portal and what to do, while `failed` holds it.
#[component]
pub fn DownloadFailed(failed: RwSignal<Option<ApiError>>) -> impl IntoView {
    view! {
        <Show when=move || failed.with(Option::is_some)>
            <p class="download-failed" role="alert" data-download-failed>
                {move || failed.with(|error| error.as_ref().map(failure_text))}
            </p>
        </Show>
    }
}

/// Saves a table as the file a download button names: `csv` or `json`, under the view's name
/// and window.
pub fn save_table(name: Signal<&'static str>) -> impl Fn(&'static str, TableData) + Copy {
    let data = use_log_data();
    move |extension, table| {
        let window = data.view.get_untracked().window;
        let (text, mime) = match extension {
            "csv" => (table_csv(&table), "text/csv;charset=utf-8"),
            _ => (table_json(&table), "application/json"),
        };
        let file = file_name(name.get_untracked(), &window, extension);
        crate::browser::download(&file, mime, text.as_bytes());
    }
}

#[component]
fn DownloadButtons<F>(what: String, on_save: F) -> impl IntoView
where
    F: Fn(&'static str) + Copy + Send + Sync + 'static,
{
    let csv_label = tf("download.csv", &[("what", &what)]);
    let json_label = tf("download.json", &[("what", &what)]);
    let group = tf("download.group", &[("what", &what)]);
    view! {
        <div class="downloads" role="group" aria-label=group>
            <span class="downloads__label" aria-hidden="true">{t("download.label")}</span>
            <button type="button" class="link-button" data-download="csv" aria-label=csv_label on:click=move |_| on_save("csv")>"CSV"</button>
            <button type="button" class="link-button" data-download="json" aria-label=json_label on:click=move |_| on_save("json")>"JSON"</button>
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
