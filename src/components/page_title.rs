//! A view's heading: it names the browser tab too, and takes the keyboard focus when the view
//! is reached by navigation (see `Shell`), so that a screen reader announces where the user is.

use leptos::prelude::*;

/// `<h1>` of a view; `document.title` follows it ("Dataset x · Back office analytics").
#[component]
pub fn PageTitle(#[prop(into)] text: Signal<String>) -> impl IntoView {
    Effect::new(move |_| {
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            document.set_title(&format!(
                "{} · {}",
                text.get(),
                crate::i18n::t("shell.title")
            ));
        }
    });
    // tabindex -1: focusable by script, not a stop of the Tab order.
    view! { <h1 class="page-title" tabindex="-1">{text}</h1> }
}
