//! `/connect`: point the dashboard at a portal with an API key and pick its activity log, or
//! import files exported from the platform instead.

use leptos::prelude::*;

use crate::i18n::{t, tf};
use crate::numbers::grouped;

use crate::components::PageTitle;
use leptos_router::hooks::use_navigate;

use crate::api::{discover, ApiError, Auth, MonitoringDataset};
use crate::state::use_log_data;

#[component]
pub fn Connect() -> impl IntoView {
    // Counts the imports, so that the list of kept files is read again after each.
    let kept_changes = RwSignal::new(0u32);
    view! {
        <PageTitle text=t("nav.connect") />
        <div class="grid-2">
            <PortalForm />
            <ImportFiles kept_changes />
        </div>
        <crate::components::KeptFiles changes=kept_changes />
        <ThresholdSetting />
    }
}

/// Past how many events the portal computes the figures (kept on this device).
#[component]
fn ThresholdSetting() -> impl IntoView {
    let typed = RwSignal::new(crate::settings::aggregation_threshold().to_string());
    let saved = RwSignal::new(None::<String>);
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let threshold = crate::settings::parse_threshold(&typed.get_untracked());
        crate::settings::set_aggregation_threshold(threshold);
        let now = crate::settings::aggregation_threshold();
        typed.set(now.to_string());
        saved.set(Some(tf(
            "connect.threshold_saved",
            &[("events", &grouped(now as u64))],
        )));
    };
    view! {
        <section class="card" aria-labelledby="threshold-title">
            <h2 id="threshold-title">{t("connect.threshold_title")}</h2>
            <p class="card__hint">{t("connect.threshold_hint")}</p>
            <form class="form" on:submit=save>
                <label class="field">
                    <span class="field__label">{t("connect.threshold_label")}</span>
                    <input type="text" inputmode="numeric" name="threshold" autocomplete="off"
                        prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev)) />
                </label>
                <div class="status__actions">
                    <button class="button" type="submit">{t("connect.threshold_save")}</button>
                </div>
                <p role="status">{move || saved.get()}</p>
            </form>
        </section>
    }
}

/// Returns a function that navigates to the dashboard with query changes (keeping the window
/// and zone), and loads again even when the URL did not change. Made during setup: the router
/// is not reachable from an async task.
fn use_open_dashboard() -> impl Fn(&[(&str, Vec<String>)]) + Clone + 'static {
    let data = use_log_data();
    let navigate = use_navigate();
    move |changes| {
        let current = data.query.get_untracked();
        let search = crate::query::with_changes(&current, changes);
        navigate(&format!("/{search}"), Default::default());
        data.retry();
    }
}

#[component]
fn PortalForm() -> impl IntoView {
    let data = use_log_data();
    let portal = RwSignal::new(data.source.get_untracked().portal);
    let key = RwSignal::new(String::new());
    let remember = RwSignal::new(crate::credentials::is_remembered(&portal.get_untracked()));
    let in_query = RwSignal::new(crate::credentials::auth_for(&portal.get_untracked()).in_query);
    let has_key = RwSignal::new(
        crate::credentials::auth_for(&portal.get_untracked())
            .key
            .is_some(),
    );
    let datasets = RwSignal::new(Vec::<MonitoringDataset>::new());
    let selected = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);

    let list = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let portal_url = portal
            .get_untracked()
            .trim()
            .trim_end_matches('/')
            .to_string();
        if !crate::api::is_portal_address(&portal_url) {
            datasets.set(Vec::new());
            error.set(Some(ApiError::NotAPortal { portal: portal_url }));
            return;
        }
        // A typed key replaces the kept one, but is kept only once the portal has accepted it;
        // the choices (remember, key in the URL) apply to whichever key is kept.
        let typed = key.get_untracked().trim().to_string();
        let kept = crate::credentials::auth_for(&portal_url).key;
        let auth = Auth {
            key: Some(typed).filter(|k| !k.is_empty()).or(kept),
            in_query: in_query.get_untracked(),
        };
        let remember = remember.get_untracked();
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let result = discover(&portal_url, &auth).await;
            busy.set(false);
            match result {
                Ok(found) => {
                    if let Some(accepted) = &auth.key {
                        crate::credentials::save(&portal_url, accepted, remember, auth.in_query);
                        key.set(String::new());
                    }
                    has_key.set(auth.key.is_some());
                    selected.set(crate::api::best_match(&found).map(|d| d.id.clone()));
                    datasets.set(found);
                }
                Err(e) => {
                    datasets.set(Vec::new());
                    error.set(Some(e));
                }
            }
        });
    };
    let forget = move |_| {
        crate::credentials::forget(portal.get_untracked().trim().trim_end_matches('/'));
        has_key.set(false);
        key.set(String::new());
    };
    let open_dashboard = use_open_dashboard();
    let open = move |_| {
        let Some(dataset) = selected.get_untracked() else {
            return;
        };
        let portal_url = portal
            .get_untracked()
            .trim()
            .trim_end_matches('/')
            .to_string();
        open_dashboard(&[
            ("portal", vec![portal_url]),
            ("dataset", vec![dataset]),
            ("source", vec![]),
            ("hide", vec![]),
            ("ws", vec![]),
        ]);
    };

    view! {
        <section class="card" aria-labelledby="portal-title">
            <h2 id="portal-title">{t("connect.portal_title")}</h2>
            <form class="form" on:submit=list>
                <label class="field">
                    <span class="field__label">{t("connect.address")}</span>
                    <input type="url" name="portal" required placeholder="https://yourportal.opendatasoft.com"
                        prop:value=move || portal.get() on:input=move |ev| portal.set(event_target_value(&ev)) />
                </label>
                <AddressChecks portal has_key />
                <label class="field">
                    <span class="field__label">{t("connect.key")}</span>
                    <input type="password" name="apikey" autocomplete="off" spellcheck="false"
                        placeholder=move || if has_key.get() { t("connect.key_kept") } else { "" }
                        prop:value=move || key.get() on:input=move |ev| key.set(event_target_value(&ev)) />
                </label>
                <label class="check">
                    <input type="checkbox" name="remember" prop:checked=move || remember.get()
                        on:change=move |ev| remember.set(event_target_checked(&ev)) />
                    {t("connect.remember")}
                </label>
                <label class="check">
                    <input type="checkbox" name="in_query" prop:checked=move || in_query.get()
                        on:change=move |ev| in_query.set(event_target_checked(&ev)) />
                    {t("connect.in_query")}
                </label>
                <p class="note" hidden=move || !in_query.get()>
                    {t("connect.in_query_note")}
                </p>
                <div class="status__actions">
                    <button class="button button--primary" type="submit" disabled=move || busy.get()>{t("connect.list")}</button>
                    <button class="button" type="button" on:click=forget disabled=move || !has_key.get()>{t("connect.forget")}</button>
                </div>
            </form>
            {move || error.get().map(|e| view! {
                <div class="status status--error" role="alert">
                    <h3 class="status__title">{e.title()}</h3>
                    <p>{e.detail()}</p>
                    <p>{e.advice()}</p>
                </div>
            })}
            <Show when=move || !datasets.with(Vec::is_empty)>
                <fieldset class="datasets">
                    <legend>{t("connect.datasets")}</legend>
                    {move || datasets.get().into_iter().map(|d| {
                        let id = d.id.clone();
                        let checked = { let id = id.clone(); move || selected.get().as_deref() == Some(id.as_str()) };
                        let badge = d.is_activity_log().then_some(t("connect.matches"));
                        view! {
                            <label class="check">
                                <input type="radio" name="dataset" value=id.clone() prop:checked=checked
                                    on:change={ let id = id.clone(); move |_| selected.set(Some(id.clone())) } />
                                <span class="mono">{id.clone()}</span>
                                {d.title.clone().map(|t| view! { <span class="muted">{format!(" — {t}")}</span> })}
                                {badge.map(|b| view! { <span class="badge">{b}</span> })}
                            </label>
                        }
                    }).collect_view()}
                    <button class="button button--primary" type="button" on:click=open.clone() disabled=move || selected.get().is_none()>
                        {t("connect.open")}
                    </button>
                </fieldset>
            </Show>
        </section>
    }
}

/// What the typed address is, large, and what to know before a key goes to it: that the key
/// kept on this device belongs to another portal (a link may pre-fill a look-alike), and that an
/// `http://` address would receive the key unencrypted.
#[component]
fn AddressChecks(portal: RwSignal<String>, has_key: RwSignal<bool>) -> impl IntoView {
    let typed = move || portal.get().trim().trim_end_matches('/').to_string();
    let host = move || crate::api::portal_host(&typed());
    // Said only of an address (not while the field is empty or half typed).
    let kept_elsewhere = move || {
        has_key.track();
        let host = host()?;
        let kept = crate::credentials::portals_with_keys();
        (!kept.is_empty() && !kept.contains(&typed())).then(|| (kept.join(", "), host))
    };
    view! {
        {move || host().map(|host| view! {
            <p class="portal-host">{t("connect.host")}" "<strong data-portal-host>{host}</strong></p>
        })}
        {move || kept_elsewhere().map(|(kept, host)| view! {
            <p class="note" data-warning="other-portal">
                {tf("connect.other_portal", &[("kept", &kept), ("typed", &host)])}
            </p>
        })}
        <Show when=move || crate::api::sends_key_in_clear(&typed())>
            <p class="note" data-warning="clear-text">{t("connect.clear_text")}</p>
        </Show>
    }
}

/// Progress of an import.
#[derive(Clone, Debug, Default, PartialEq)]
struct ImportProgress {
    file: String,
    index: usize,
    of: usize,
    percent: u32,
}

#[component]
fn ImportFiles(kept_changes: RwSignal<u32>) -> impl IntoView {
    let data = use_log_data();
    let progress = RwSignal::new(None::<ImportProgress>);
    let cancelled = RwSignal::new(false);
    let problems = RwSignal::new(Vec::<String>::new());
    let dragging = RwSignal::new(false);

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
                    open_dashboard(&changes);
                }
                Err(notes) => problems.set(notes),
            }
        });
    };
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
        <section class="card" aria-labelledby="import-title">
            <h2 id="import-title">{t("connect.files_title")}</h2>
            <p class="card__hint">{t("connect.files_hint")}</p>
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

fn file_list(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// Reads and parses every file as it is read (a chunk at a time, so neither the file's bytes
/// are held whole nor the page blocked), then merges them, dropping what they share. Returns
/// the notes to show (files that could not be read), or only notes when nothing could be
/// imported or on cancel.
async fn import_files(
    data: crate::state::LogData,
    files: Vec<web_sys::File>,
    progress: RwSignal<Option<ImportProgress>>,
    cancelled: RwSignal<bool>,
) -> Result<(crate::state::Imported, Vec<String>), Vec<String>> {
    let mut parsed = Vec::new();
    let mut report = engine::ParseReport::default();
    let mut notes = Vec::new();
    let mut names = Vec::new();
    let count = files.len();
    for (index, file) in files.into_iter().enumerate() {
        let name = file.name();
        let size = file.size().max(1.0);
        let mut read_bytes = 0usize;
        let mut file_store = engine::Store::new();
        let mut reader = engine::parse::AnyReader::new();
        let mut bad_file = None;
        let read = crate::browser::read_chunks(file.stream(), |chunk| {
            read_bytes += chunk.len();
            if let Err(error) = reader.feed(chunk, &mut file_store) {
                bad_file = Some(error);
                return false;
            }
            progress.set(Some(ImportProgress {
                file: name.clone(),
                index: index + 1,
                of: count,
                percent: ((read_bytes as f64 / size) * 100.0).min(100.0) as u32,
            }));
            !cancelled.get_untracked()
        })
        .await;
        if cancelled.get_untracked() {
            return Err(vec![t("connect.cancelled").into()]);
        }
        if let Some(error) = bad_file {
            notes.push(format!("{name}: {}", crate::labels::parse_error(&error)));
            continue;
        }
        if let Err(problem) = read {
            let problem = match problem {
                crate::browser::StreamError::NotAStream => t("connect.not_a_stream"),
                crate::browser::StreamError::Read(_) => t("connect.unreadable"),
            };
            notes.push(format!("{name}: {problem}"));
            continue;
        }
        match reader.finish(&mut file_store) {
            Ok(file_report) if !file_report.missing_core_fields().is_empty() => notes.push(tf(
                "connect.not_the_log",
                &[
                    ("name", &name),
                    ("fields", &file_report.missing_core_fields().join(", ")),
                ],
            )),
            Ok(file_report) => {
                parsed.push((name.clone(), file.size() as u64, file_store));
                report.merge(&file_report);
                names.push(name);
            }
            Err(error) => notes.push(format!("{name}: {}", crate::labels::parse_error(&error))),
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
    let mut stores: Vec<engine::Store> = parsed.into_iter().map(|(_, _, store)| store).collect();
    let (store, duplicates) = match stores.len() {
        1 => (stores.remove(0), 0),
        _ => engine::Store::merged(&stores),
    };
    drop(stores);
    Ok((
        crate::state::Imported {
            store,
            report,
            files: names,
            duplicates,
        },
        notes,
    ))
}

/// The first and last local dates of a store, as `YYYY-MM-DD`.
fn date_range(store: &engine::Store, zone: engine::Zone) -> Option<(String, String)> {
    let first = store.timestamps().iter().min()?;
    let last = store.timestamps().iter().max()?;
    let date = |ts: i64| engine::calendar::date_of_day(zone.local_day(ts)).to_string();
    Some((date(*first), date(*last)))
}
