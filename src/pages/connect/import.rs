//! `/connect`'s import: files exported from the platform read a chunk at a time, parsed, merged
//! and kept in the browser, then opened on the dashboard.

use engine::{ParseReport, Store};
use leptos::prelude::*;

use super::use_open_dashboard;
use crate::i18n::{t, tf};
use crate::state::{use_log_data, Imported, LogData};

/// Progress of an import.
#[derive(Clone, Debug, Default, PartialEq)]
struct ImportProgress {
    file: String,
    index: usize,
    of: usize,
    percent: u32,
}

#[component]
pub fn ImportFiles(kept_changes: RwSignal<u32>) -> impl IntoView {
    let data = use_log_data();
    let progress = RwSignal::new(None::<ImportProgress>);
    let cancelled = RwSignal::new(false);
    let problems = RwSignal::new(Vec::<String>::new());
    let open_dashboard = use_open_dashboard();
    let import = move |files: Vec<web_sys::File>| {
        if files.is_empty() {
            return;
        }
        let open_dashboard = open_dashboard.clone();
        cancelled.set(false);
        problems.set(Vec::new());
        leptos::task::spawn_local(async move {
            let outcome = import_files(data, files, progress, cancelled).await;
            kept_changes.update(|n| *n += 1);
            progress.set(None);
            match outcome {
                Ok((imported, notes)) => {
                    problems.set(notes);
                    open_dashboard(&dashboard_of(data, imported));
                }
                Err(notes) => problems.set(notes),
            }
        });
    };
    view! {
        <section class="card" aria-labelledby="import-title">
            <h2 id="import-title">{t("connect.files_title")}</h2>
            <p class="card__hint">{t("connect.files_hint")}</p>
            <DropZone import />
            {move || progress.get().map(|p| view! {
                <div class="status status--loading" role="status" aria-live="polite">
                    <span class="spinner" aria-hidden="true"></span>
                    {tf("connect.reading", &[("file", &p.file), ("index", &p.index.to_string()), ("of", &p.of.to_string()), ("percent", &p.percent.to_string())])}
                    <button class="button" type="button" on:click=move |_| cancelled.set(true)>{t("load.cancel")}</button>
                </div>
            })}
            <ul class="problems" role="status">
                {move || problems.get().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
            </ul>
        </section>
    }
}

/// Sets the imported log and returns the dashboard's query changes that show it: the files as
/// the source, over their dates.
fn dashboard_of(data: LogData, imported: Imported) -> Vec<(&'static str, Vec<String>)> {
    let zone = data.view.get_untracked().zone;
    let range = date_range(&imported.store, zone);
    data.imported.set(Some(std::sync::Arc::new(imported)));
    let mut changes = vec![
        ("source", vec!["files".to_string()]),
        ("hide", vec![]),
        ("ws", vec![]),
    ];
    if let Some((from, to)) = range {
        changes.push(("from", vec![from]));
        changes.push(("to", vec![to]));
    }
    changes
}

/// Where files are dropped, with a button that picks them.
#[component]
fn DropZone(import: impl Fn(Vec<web_sys::File>) + Clone + 'static) -> impl IntoView {
    let dragging = RwSignal::new(false);
    let on_pick = {
        let import = import.clone();
        move |ev: leptos::ev::Event| {
            use wasm_bindgen::JsCast;
            let Some(input) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            else {
                return;
            };
            import(file_list(input.files()));
            input.set_value("");
        }
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        import(file_list(ev.data_transfer().and_then(|t| t.files())));
    };
    view! {
        <div class="dropzone" class:dropzone--active=move || dragging.get()
            on:dragover=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); dragging.set(true); }
            on:dragleave=move |_| dragging.set(false)
            on:drop=on_drop>
            <p>{t("connect.drop")}</p>
            <label class="button">
                {t("connect.choose")}
                <input type="file" name="files" multiple accept=".json,.jsonl,.csv,application/json,text/csv" class="visually-hidden" on:change=on_pick />
            </label>
        </div>
    }
}

fn file_list(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// Reads and parses every file as it is read (a chunk at a time, so neither the file's bytes
/// are held whole nor the page blocked), then merges them, dropping what they share. Returns
/// the notes to show (files that could not be read), or only notes when nothing could be
/// imported or on cancel.
async fn import_files(
    data: LogData,
    files: Vec<web_sys::File>,
    progress: RwSignal<Option<ImportProgress>>,
    cancelled: RwSignal<bool>,
) -> Result<(Imported, Vec<String>), Vec<String>> {
    let mut parsed = Vec::new();
    let mut report = ParseReport::default();
    let mut notes = Vec::new();
    let mut names = Vec::new();
    let count = files.len();
    for (index, file) in files.into_iter().enumerate() {
        let name = file.name();
        let place = ImportProgress {
            file: name.clone(),
            index: index + 1,
            of: count,
            percent: 0,
        };
        match read_file(&file, place, progress, cancelled).await {
            Ok((store, file_report)) => {
                parsed.push((name.clone(), file.size() as u64, store));
                report.merge(&file_report);
                names.push(name);
            }
            Err(FileRefused::Cancelled) => return Err(vec![t("connect.cancelled").into()]),
            Err(FileRefused::Note(note)) => notes.push(format!("{name}: {note}")),
            Err(FileRefused::Whole(note)) => notes.push(note),
        }
    }
    if names.is_empty() {
        notes.push(t("connect.none_imported").into());
        return Err(notes);
    }
    // Kept in the browser for the next visits (a refusal is told; the import goes on).
    if let Err(problem) = crate::state::imports::keep(&parsed, crate::browser::now_ms()).await {
        data.tell_storage_problem(problem);
    }
    // One file is kept as read; several merge, and their own stores go as soon as merged.
    let mut stores: Vec<Store> = parsed.into_iter().map(|(_, _, store)| store).collect();
    let (store, duplicates) = match stores.len() {
        1 => (stores.remove(0), 0),
        _ => Store::merged(&stores),
    };
    drop(stores);
    let files = names;
    let imported = Imported {
        store,
        report,
        files,
        duplicates,
    };
    Ok((imported, notes))
}

/// Why a file was not imported.
enum FileRefused {
    Cancelled,
    /// What is wrong with it, to show after its name.
    Note(String),
    /// The whole note, its name in it.
    Whole(String),
}

/// One file read and parsed a chunk at a time, its progress told in `progress`.
async fn read_file(
    file: &web_sys::File,
    mut place: ImportProgress,
    progress: RwSignal<Option<ImportProgress>>,
    cancelled: RwSignal<bool>,
) -> Result<(Store, ParseReport), FileRefused> {
    let size = file.size().max(1.0);
    let mut read_bytes = 0usize;
    let mut store = Store::new();
    let mut reader = engine::parse::AnyReader::new();
    let mut bad_file = None;
    let read = crate::browser::read_chunks(file.stream(), |chunk| {
        read_bytes += chunk.len();
        if let Err(error) = reader.feed(chunk, &mut store) {
            bad_file = Some(error);
            return false;
        }
        place.percent = ((read_bytes as f64 / size) * 100.0).min(100.0) as u32;
        progress.set(Some(place.clone()));
        !cancelled.get_untracked()
    })
    .await;
    if cancelled.get_untracked() {
        return Err(FileRefused::Cancelled);
    }
    if let Some(error) = bad_file {
        return Err(FileRefused::Note(crate::labels::parse_error(&error)));
    }
    if let Err(problem) = read {
        let problem = match problem {
            crate::browser::StreamError::NotAStream => t("connect.not_a_stream"),
            crate::browser::StreamError::Read(_) => t("connect.unreadable"),
        };
        return Err(FileRefused::Note(problem.to_string()));
    }
    match reader.finish(&mut store) {
        Ok(report) if !report.missing_core_fields().is_empty() => {
            let fields = report.missing_core_fields().join(", ");
            let note = tf(
                "connect.not_the_log",
                &[("name", &file.name()), ("fields", &fields)],
            );
            Err(FileRefused::Whole(note))
        }
        Ok(report) => Ok((store, report)),
        Err(error) => Err(FileRefused::Note(crate::labels::parse_error(&error))),
    }
}

/// The first and last local dates of a store, as `YYYY-MM-DD`.
fn date_range(store: &Store, zone: engine::Zone) -> Option<(String, String)> {
    let first = store.timestamps().iter().min()?;
    let last = store.timestamps().iter().max()?;
    let date = |ts: i64| engine::calendar::date_of_day(zone.local_day(ts)).to_string();
    Some((date(*first), date(*last)))
}
