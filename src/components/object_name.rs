//! An object as people name it: a dataset's title (from the portal) with its id beneath, its id
//! alone with a quiet note when the portal no longer knows it, any other object by its id.

use engine::ObjectType;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::state::use_log_data;

/// A link to the object's history, named by its title when it has one.
#[component]
pub fn ObjectName(kind: ObjectType, #[prop(into)] id: String, href: String) -> impl IntoView {
    let data = use_log_data();
    let name = {
        let id = id.clone();
        move || {
            data.titles
                .with(|t| t.name_of(kind, &id).map(str::to_string))
        }
    };
    let unknown = {
        let id = id.clone();
        move || kind == ObjectType::Dataset && data.titles.with(|t| t.is_unknown(&id))
    };
    let link_text = {
        let (id, name) = (id.clone(), name.clone());
        move || name().unwrap_or_else(|| id.clone())
    };
    view! {
        <A href=href>{link_text}</A>
        <Show when={ let name = name.clone(); move || name().is_some() }>
            <span class="object-id">{id.clone()}</span>
        </Show>
        <Show when=unknown.clone()>
            <span class="object-note">{crate::i18n::t("object.not_on_portal")}</span>
        </Show>
    }
}
