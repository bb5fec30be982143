//! The load's status above every view: progress, a failure with what to do and Retry, skipped
//! records.

use leptos::prelude::*;

use crate::numbers::format_bytes;

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
        LoadState::Loading(progress) => view! {
            <div class="status status--loading" role="status" aria-live="polite">
                <span class="spinner" aria-hidden="true"></span>
                {format!(
                    "Loading the activity log… {} received, {} records",
                    format_bytes(progress.bytes),
                    progress.records,
                )}
            </div>
        }
        .into_any(),
        LoadState::Retrying { error, attempt, of, seconds } => view! {
            <div class="status status--error" role="alert">
                <h2 class="status__title">{error.title()}</h2>
                <p class="status__detail">{capitalize(&error.to_string())}</p>
                <p class="status__advice" aria-live="polite">
                    {format!("Trying again in {seconds} s (attempt {} of {of}).", attempt + 1)}
                </p>
                <button class="button" type="button" on:click=move |_| data.cancel_retries()>"Cancel"</button>
            </div>
        }
        .into_any(),
        LoadState::Failed(error) => {
            let retryable = error.retryable();
            let connect = error.needs_connect();
            view! {
                <div class="status status--error" role="alert">
                    <h2 class="status__title">{error.title()}</h2>
                    <p class="status__detail">{capitalize(&error.to_string())}</p>
                    <p class="status__advice">{error.advice()}</p>
                    <div class="status__actions">
                        <button class="button" type="button" on:click=move |_| data.retry()>
                            {if retryable { "Retry" } else { "Try again" }}
                        </button>
                        {connect.then(|| view! { <A href=move || link("/connect") attr:class="button">"Connect…"</A> })}
                    </div>
                </div>
            }
            .into_any()
        }
        LoadState::Ready(log) => {
            let mut sentences = crate::labels::skipped_sentences(&log.report);
            if data.from_files.get_untracked() {
                if let Some(files) = data.imported.get_untracked() {
                    if files.duplicates > 0 {
                        let records = if files.duplicates == 1 { "record" } else { "records" };
                        sentences.push(format!("{} {records} present in several files counted once", files.duplicates));
                    }
                }
            }
            if sentences.is_empty() {
                ().into_any()
            } else {
                view! {
                    <div class="status status--warning" role="status">
                        <p>"Some records were left out:"</p>
                        <ul>{sentences.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul>
                    </div>
                }
                .into_any()
            }
        }
    }
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
