//! Light or dark: the system's `prefers-color-scheme` unless the user chose one with the switch,
//! which the browser remembers. The page's colours follow `html[data-scheme]`; charts read
//! [`ColourScheme::theme`].

use leptos::prelude::*;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::JsCast;

use crate::charts::palette::{self, Theme};

const STORAGE_KEY: &str = "backoffice-analytics.scheme";

/// What the user chose: follow the system, or one scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    System,
    Light,
    Dark,
}

impl Choice {
    pub fn name(self) -> &'static str {
        match self {
            Choice::System => "system",
            Choice::Light => "light",
            Choice::Dark => "dark",
        }
    }

    fn from_name(name: &str) -> Choice {
        match name {
            "light" => Choice::Light,
            "dark" => Choice::Dark,
            _ => Choice::System,
        }
    }
}

/// The scheme in use, shared by the whole app.
#[derive(Clone, Copy)]
pub struct ColourScheme {
    pub choice: RwSignal<Choice>,
    system_dark: RwSignal<bool>,
}

impl ColourScheme {
    pub fn is_dark(&self) -> bool {
        match self.choice.get() {
            Choice::System => self.system_dark.get(),
            Choice::Light => false,
            Choice::Dark => true,
        }
    }

    pub fn theme(&self) -> Theme {
        if self.is_dark() {
            palette::DARK
        } else {
            palette::LIGHT
        }
    }

    /// Sets and remembers the user's choice.
    pub fn choose(&self, choice: Choice) {
        self.choice.set(choice);
        if let Some(storage) = local_storage() {
            let _ = storage.set_item(STORAGE_KEY, choice.name());
        }
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Reads the remembered choice and the system's preference (and follows its changes), keeps
/// `html[data-scheme]` up to date, and shares the scheme with every component.
pub fn provide_colour_scheme() -> ColourScheme {
    let remembered = local_storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .map_or(Choice::System, |name| Choice::from_name(&name));
    let query = web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten());
    let scheme = ColourScheme {
        choice: RwSignal::new(remembered),
        system_dark: RwSignal::new(query.as_ref().is_some_and(|q| q.matches())),
    };
    if let Some(query) = query {
        let system_dark = scheme.system_dark;
        let on_change = Closure::<dyn Fn(web_sys::MediaQueryListEvent)>::new(
            move |event: web_sys::MediaQueryListEvent| system_dark.set(event.matches()),
        );
        query.set_onchange(Some(on_change.as_ref().unchecked_ref()));
        // The app lives as long as the page.
        on_change.forget();
    }
    Effect::new(move |_| {
        let name = if scheme.is_dark() { "dark" } else { "light" };
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("data-scheme", name);
        }
    });
    provide_context(scheme);
    scheme
}

pub fn use_colour_scheme() -> ColourScheme {
    use_context().unwrap_or(ColourScheme {
        choice: RwSignal::new(Choice::Light),
        system_dark: RwSignal::new(false),
    })
}

/// The header's switch: System, Light, Dark, as a group of pressed buttons.
#[component]
pub fn SchemeSwitch() -> impl IntoView {
    let scheme = use_colour_scheme();
    let button = move |choice: Choice, label: &'static str| {
        view! {
            <button type="button" aria-pressed=move || (scheme.choice.get() == choice).to_string()
                on:click=move |_| scheme.choose(choice)>{label}</button>
        }
    };
    view! {
        <div class="segmented segmented--small" role="group" aria-label=crate::i18n::t("scheme.label")>
            {button(Choice::System, crate::i18n::t("scheme.auto"))}
            {button(Choice::Light, crate::i18n::t("scheme.light"))}
            {button(Choice::Dark, crate::i18n::t("scheme.dark"))}
        </div>
    }
}
