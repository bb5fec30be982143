//! A part of the page folded behind one button on a phone's narrow screen (the filters, the
//! header's switches); on a wider one the button is hidden and the part always shown (CSS).

use leptos::prelude::*;

/// `label` names the button, and says what the folded part holds in force (for the filters:
/// the window and the zone); `id` ties the button to the part it shows.
#[component]
pub fn Fold(
    #[prop(into)] label: Signal<String>,
    id: &'static str,
    #[prop(optional)] class: &'static str,
    children: Children,
) -> impl IntoView {
    let folded = RwSignal::new(true);
    view! {
        <button type="button" class=format!("fold__toggle {class}") aria-controls=id
            aria-expanded=move || (!folded.get()).to_string() on:click=move |_| folded.update(|f| *f = !*f)>
            {label}
        </button>
        <div id=id class="fold__part" data-folded=move || folded.get().to_string()>
            {children()}
        </div>
    }
}
