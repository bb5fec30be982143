//! The load's status above every view: progress, a failure with what to do and Retry, skipped
//! records.

use leptos::prelude::*;

use crate::api::Progress;
use crate::i18n::{t, tf};
use crate::numbers::{format_bytes, grouped};

use leptos_router::components::A;

use crate::state::{use_link, use_log_data, LoadState};

/// Progress while the log loads, the error with its cause and a Retry when it failed, and the
/// count of skipped records when some were.
#[component]
pub fn LoadStatus() -> impl IntoView {
    let data = use_log_data();
    let link = use_link();
    move || {
        match data.state.get() {
        LoadState::Loading { progress, partial } => loading(progress, partial.is_some()).into_any(),
        LoadState::Retrying { error, attempt, of, seconds } => view! {
            <div class="status status--error" role="alert">
                <h2 class="status__title">{error.title()}</h2>
                <p class="status__detail">{capitalize(&error.detail())}</p>
                <p class="status__advice" aria-live="polite">
                    {tf("load.retrying", &[("seconds", &seconds.to_string()), ("attempt", &(attempt + 1).to_string()), ("of", &of.to_string())])}
                </p>
                <button class="button" type="button" on:click=move |_| data.cancel_retries()>{t("load.cancel")}</button>
            </div>
        }
        .into_any(),
        LoadState::Failed(error) => {
            let retryable = error.retryable();
            let connect = error.needs_connect();
            view! {
                <div class="status status--error" role="alert">
                    <h2 class="status__title">{error.title()}</h2>
                    <p class="status__detail">{capitalize(&error.detail())}</p>
                    <p class="status__advice">{error.advice()}</p>
                    <div class="status__actions">
                        <button class="button" type="button" on:click=move |_| data.retry()>
                            {if retryable { t("load.retry") } else { t("load.try_again") }}
                        </button>
                        {connect.then(|| view! { <A href=move || link("/connect") attr:class="button">{t("load.connect")}</A> })}
                    </div>
                </div>
            }
            .into_any()
        }
        LoadState::Ready(shown) => {
            let mut sentences = shown
                .events()
                .map(|log| crate::labels::skipped_sentences(&log.report))
                .unwrap_or_default();
            if data.from_files.get_untracked() {
                if let Some(files) = data.imported.get_untracked() {
                    if files.duplicates > 0 {
                        let count = grouped(files.duplicates as u64);
                        sentences.push(if files.duplicates == 1 {
                            tf("load.shared_one", &[("count", &count)])
                        } else {
                            tf("load.shared_many", &[("count", &count)])
                        });
                    }
                }
            }
            if sentences.is_empty() {
                ().into_any()
            } else {
                view! {
                    <div class="status status--warning" role="status">
                        <p>{t("load.left_out")}</p>
                        <ul>{sentences.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul>
                    </div>
                }
                .into_any()
            }
        }
    }
    }
}

/// The progress bar (percent and time left when the portal said how many events come), what
/// has arrived, and what the figures shown meanwhile are.
fn loading(progress: Progress, partial: bool) -> impl IntoView {
    let percent = progress.percent();
    let value_text = percent.map(|percent| match progress.seconds_left() {
        Some(seconds) => tf(
            "load.percent_left",
            &[
                ("percent", &percent.to_string()),
                ("seconds", &seconds.to_string()),
            ],
        ),
        None => tf("load.percent", &[("percent", &percent.to_string())]),
    });
    // With nothing received yet and a copy shown, the figures are the kept copy's.
    let note = match (partial, progress.records) {
        (false, _) => None,
        (true, 0) => Some(t("load.kept")),
        (true, _) => Some(t("load.partial")),
    };
    view! {
        <div class="status status--loading">
            <div class="progress" role="progressbar" aria-label=t("load.progress_label")
                aria-valuemin="0" aria-valuemax="100"
                aria-valuenow=percent.map(|p| p.to_string())
                aria-valuetext=value_text.clone()
                class:progress--unknown=percent.is_none()>
                <div class="progress__bar" style:width=percent.map(|p| format!("{p}%"))></div>
            </div>
            <p role="status" aria-live="polite">
                {tf("load.loading", &[("bytes", &format_bytes(progress.bytes)), ("records", &grouped(progress.records as u64))])}
                {value_text.map(|text| format!(" · {text}"))}
            </p>
            {note.map(|note| view! { <p class="status__note" data-partial="">{note}</p> })}
        </div>
    }
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_start_with_a_capital() {
        assert_eq!(capitalize("the portal"), "The portal");
    }
}
