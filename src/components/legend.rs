//! Legends: toggle buttons that hide or show a chart's series, and a static colour key.

use leptos::prelude::*;

/// One series in a legend.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LegendItem {
    /// The key kept in the URL (`hide=<name>`).
    pub name: String,
    pub label: String,
    pub total: u64,
    /// CSS colour of its swatch.
    pub color: String,
    pub visible: bool,
    /// A group some of whose series are shown and some hidden (`aria-pressed="mixed"`).
    pub partly: bool,
}

/// An HTML legend: each label is a toggle button (`aria-pressed` = shown) that shows or hides
/// its series; `on_toggle` gets the series name.
#[component]
pub fn Legend(
    #[prop(into)] label: String,
    #[prop(into)] items: Signal<Vec<LegendItem>>,
    #[prop(into)] on_toggle: Callback<String>,
) -> impl IntoView {
    view! {
        <ul class="legend" aria-label=label>
            // Keyed by name only, so that a button keeps its element (and the keyboard focus)
            // while its state changes.
            <For each=move || items.get() key=|item| item.name.clone() let:item>
                {
                    let name = item.name.clone();
                    let current = {
                        let name = name.clone();
                        move || items.with(|all| all.iter().find(|i| i.name == name).cloned().unwrap_or_else(|| item.clone()))
                    };
                    let visible = {
                        let current = current.clone();
                        move || current().visible
                    };
                    let swatch = {
                        let current = current.clone();
                        move || format!("background: {}", current().color)
                    };
                    let label_text = {
                        let current = current.clone();
                        move || current().label
                    };
                    let pressed = {
                        let current = current.clone();
                        move || {
                            let item = current();
                            if item.partly { "mixed".to_string() } else { item.visible.to_string() }
                        }
                    };
                    let total = move || crate::numbers::grouped(current().total);
                    view! {
                        <li>
                            <button type="button" class="legend__item" data-series=name.clone()
                                aria-pressed=pressed
                                title=move || if visible() { crate::i18n::t("legend.hide") } else { crate::i18n::t("legend.show") }
                                on:click=move |_| on_toggle.run(name.clone())>
                                <span class="legend__swatch" style=swatch aria-hidden="true"></span>
                                <span class="legend__label">{label_text}</span>
                                <span class="legend__total">{total}</span>
                            </button>
                        </li>
                    }
                }
            </For>
        </ul>
    }
}

/// A chart's colour key that does nothing when clicked: (text, CSS colour) per entry.
#[component]
pub fn ColourKey(
    #[prop(into)] label: String,
    #[prop(into)] items: Signal<Vec<(String, String)>>,
) -> impl IntoView {
    view! {
        <ul class="legend legend--static" aria-label=label>
            {move || items.get().into_iter().map(|(text, color)| view! {
                <li class="legend__item"><span class="legend__swatch" style=format!("background: {color}") aria-hidden="true"></span>{text}</li>
            }).collect_view()}
        </ul>
    }
}
