//! An object as people name it: a dataset's title (from the portal) with its id beneath, its id
//! alone with a quiet note when the portal no longer knows it, any other object by its id.

use engine::ObjectType;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::state::use_log_data;

/// A link to the object's history, named by its title when it has one. The object may change
/// (a row drawn in place): its name, id and note follow it.
#[component]
pub fn ObjectName(
    #[prop(into)] kind: Signal<ObjectType>,
    #[prop(into)] id: Signal<String>,
    /// Follows the page's query (the marks and filters a link carries).
    #[prop(into)]
    href: Signal<String>,
) -> impl IntoView {
    let data = use_log_data();
    let name = Memo::new(move |_| {
        id.with(|id| {
            data.titles
                .with(|t| t.name_of(kind.get(), id).map(str::to_string))
        })
    });
    let unknown = move || {
        kind.get() == ObjectType::Dataset && id.with(|id| data.titles.with(|t| t.is_unknown(id)))
    };
    let link_text = move || name.get().unwrap_or_else(|| id.get());
    // The id beneath a title, and the note, as closures rather than `Show`s: lighter, and a
    // row drawn in place may show another object's name, so they follow `name` and `unknown`.
    let id_beneath = move || {
        name.with(Option::is_some)
            .then(|| view! { <span class="object-id">{move || id.get()}</span> })
    };
    let note = move || {
        unknown().then(
            || view! { <span class="object-note">{crate::i18n::t("object.not_on_portal")}</span> },
        )
    };
    view! {
        <A href=move || href.get()>{link_text}</A>
        {id_beneath}
        {note}
    }
}
