//! On Connect: the imported files this browser keeps (file, events, dates, size) with Remove,
//! and "Clear local data", which removes everything the app stored in this browser.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::{t, tf};
use crate::numbers::{format_bytes, grouped};
use crate::state::imports::{self, KeptFile};
use crate::state::use_log_data;

/// The kept files, read again after an import, a Remove or a Clear (`changes` counts them).
#[component]
pub fn KeptFiles(#[prop(into)] changes: Signal<u32>) -> impl IntoView {
    let data = use_log_data();
    let files = RwSignal::new(Vec::<KeptFile>::new());
    let cleared = RwSignal::new(false);
    Effect::new(move |_| {
        changes.track();
        spawn_local(async move {
            match imports::list().await {
                Ok(list) => files.set(list),
                Err(problem) => data.tell_storage_problem(problem),
            }
        });
    });
    let clear = move |_| {
        // Forgotten first: a load under way keeps nothing from now on, even if its copy would be
        // written while the files are being removed.
        data.forget_kept();
        spawn_local(async move {
            let result = crate::storage::clear_all().await;
            files.set(Vec::new());
            match result {
                Ok(()) => cleared.set(true),
                Err(problem) => data.tell_storage_problem(problem),
            }
        });
    };
    view! {
        <section class="card" aria-labelledby="kept-title">
            <h2 id="kept-title">{t("kept.title")}</h2>
            <Show when=move || !files.with(Vec::is_empty) fallback=|| view! { <p class="card__hint">{t("kept.no_files")}</p> }>
                <KeptFilesTable files />
            </Show>
            <p class="card__hint">{t("kept.clear_hint")}</p>
            <button class="button" type="button" on:click=clear data-clear-local="">{t("kept.clear")}</button>
            <p role="status">{move || cleared.get().then(|| t("kept.cleared"))}</p>
        </section>
    }
}

/// The kept files (`table[data-table=kept-files]`), each with a button that removes it.
#[component]
fn KeptFilesTable(files: RwSignal<Vec<KeptFile>>) -> impl IntoView {
    let data = use_log_data();
    let zone = move || data.view.with(|v| v.zone);
    let dates = move |file: &KeptFile| {
        file.range.map_or(String::new(), |(first, last)| {
            let day = |ms| engine::calendar::date_of_day(zone().local_day(ms)).to_string();
            format!("{} – {}", day(first), day(last))
        })
    };
    let remove = move |storage_name: String| {
        spawn_local(async move {
            match imports::remove(data, &storage_name).await {
                Ok(list) => files.set(list),
                Err(problem) => data.tell_storage_problem(problem),
            }
        });
    };
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=t("kept.files")>
            <table class="data-table" data-table="kept-files">
                <caption class="visually-hidden">{t("kept.files")}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t("kept.file")}</th>
                        <th scope="col">{t("kept.events")}</th>
                        <th scope="col">{t("kept.dates")}</th>
                        <th scope="col">{t("kept.size")}</th>
                        <th scope="col"><span class="visually-hidden">{t("kept.actions")}</span></th>
                    </tr>
                </thead>
                <tbody>
                    {move || files.get().into_iter().map(|file| {
                        let storage_name = file.storage_name.clone();
                        let label = tf("kept.remove_named", &[("name", &file.name)]);
                        view! {
                            <tr>
                                <th scope="row">{file.name.clone()}</th>
                                <td class="num">{grouped(file.events as u64)}</td>
                                <td>{dates(&file)}</td>
                                <td class="num">{format_bytes(file.bytes as usize)}</td>
                                <td>
                                    <button class="button" type="button" aria-label=label
                                        on:click=move |_| remove(storage_name.clone())>
                                        {t("kept.remove")}
                                    </button>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
