use engine::ObjectType;
use leptos::prelude::*;

use crate::state::{set, use_query_value, use_query_writer};

/// The search box and the object-type filter of a full list, both kept in the URL (`q`,
/// `type`); changing either goes back to the first page.
#[component]
pub fn ListFilters(
    search_label: &'static str,
    placeholder: &'static str,
    type_label: &'static str,
    any_type: &'static str,
) -> impl IntoView {
    let write = use_query_writer();
    let search = use_query_value("q");
    let kind = use_query_value("type");
    let on_search = {
        let write = write.clone();
        move |ev| {
            let text = event_target_value(&ev);
            write(
                &[
                    set("q", (!text.is_empty()).then_some(text)),
                    set("page", None),
                ],
                true,
            );
        }
    };
    let on_kind = move |ev| {
        let value = event_target_value(&ev);
        write(
            &[
                set("type", (!value.is_empty()).then_some(value)),
                set("page", None),
            ],
            false,
        );
    };
    view! {
        <div class="toolbar">
            <label class="field field--grow">
                <span class="field__label">{search_label}</span>
                <input type="search" name="q" placeholder=placeholder
                    prop:value=move || search.get().unwrap_or_default() on:input=on_search />
            </label>
            <label class="field">
                <span class="field__label">{type_label}</span>
                <select name="type" on:change=on_kind prop:value=move || kind.get().unwrap_or_default()>
                    <option value="" selected=move || kind.get().is_none()>{any_type}</option>
                    {ObjectType::ALL.into_iter().map(|k| view! {
                        <option value=k.name() selected=move || kind.get().as_deref() == Some(k.name())>{k.plural_label()}</option>
                    }).collect_view()}
                </select>
            </label>
        </div>
    }
}
