//! The search box of a list or of the log: its text is the URL's `q`, and typing goes back to
//! the first page without a history entry per keystroke.

use leptos::prelude::*;

use crate::state::{filter_change, use_query_value, use_query_writer};

#[component]
pub fn SearchBox(label: &'static str, placeholder: &'static str) -> impl IntoView {
    let write = use_query_writer();
    let search = use_query_value("q");
    // Replace, not push: no history entry per keystroke.
    let on_input = move |ev| write(&filter_change("q", event_target_value(&ev)), true);
    view! {
        <label class="field field--grow">
            <span class="field__label">{label}</span>
            <input type="search" name="q" placeholder=placeholder
                prop:value=move || search.get().unwrap_or_default() on:input=on_input />
        </label>
    }
}
