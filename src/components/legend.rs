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
            <For each=move || items.get() key=|item| (item.name.clone(), item.visible, item.total) let:item>
                <li>
                    <button type="button" class="legend__item" aria-pressed=item.visible.to_string()
                        data-series=item.name.clone()
                        title=if item.visible { "Click to hide this series" } else { "Click to show this series" }
                        on:click={
                            let name = item.name.clone();
                            move |_| on_toggle.run(name.clone())
                        }>
                        <span class="legend__swatch" style=format!("background: {}", item.color) aria-hidden="true"></span>
                        <span class="legend__label">{item.label.clone()}</span>
                        <span class="legend__total">{item.total.to_string()}</span>
                    </button>
                </li>
            </For>
        </ul>
    }
}
