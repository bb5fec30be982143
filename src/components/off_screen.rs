//! A block of a view whose figures, while it is off screen, follow a change of the filter or of
//! the figures a frame late (`LogData::seen_from`): a click paints what is on screen in its
//! frame.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::state::{use_log_data, LogData};

/// A block's view of the data, made by the view that holds the block: it outlives the block's
/// elements (a stage hidden and shown again), which may still read it as they go.
#[derive(Clone, Copy)]
pub struct OffScreenPart {
    on_screen: RwSignal<bool>,
    data: LogData,
}

impl OffScreenPart {
    /// One for the view being built (its data from context).
    pub fn of_view() -> Self {
        // On screen until the browser says otherwise: without an observer nothing waits.
        let on_screen = RwSignal::new(true);
        let data = use_log_data().seen_from(on_screen.into());
        OffScreenPart { on_screen, data }
    }
}

/// Its children read the view's data as `part` sees it (in context); `class` is the block's own
/// (a grid, say).
#[component]
pub fn OffScreenLater(
    part: OffScreenPart,
    #[prop(optional)] class: &'static str,
    children: Children,
) -> impl IntoView {
    let block = NodeRef::<leptos::html::Div>::new();
    watch_screen(block, part.on_screen);
    provide_context(part.data);
    view! { <div class=class node_ref=block>{children()}</div> }
}

/// Tells `on_screen` whether `node`'s element is in the viewport, from when it is mounted
/// until the view that calls this is gone.
pub fn watch_screen<E>(node: NodeRef<E>, on_screen: RwSignal<bool>)
where
    E: leptos::html::ElementType,
    E::Output: JsCast + Clone + 'static,
{
    let observer = StoredValue::new_local(None::<ScreenObserver>);
    Effect::new(move |_| {
        if let Some(element) = node.get() {
            let element: &web_sys::Element = element.unchecked_ref();
            observer.set_value(ScreenObserver::start(element, on_screen));
        }
    });
    on_cleanup(move || {
        observer.try_set_value(None);
    });
}

/// Tells `on_screen` whether an element is in the viewport; disconnects when dropped.
struct ScreenObserver {
    observer: web_sys::IntersectionObserver,
    _on_change: wasm_bindgen::closure::Closure<dyn FnMut(js_sys::Array)>,
}

impl ScreenObserver {
    fn start(element: &web_sys::Element, on_screen: RwSignal<bool>) -> Option<Self> {
        let on_change = wasm_bindgen::closure::Closure::<dyn FnMut(js_sys::Array)>::new(
            move |entries: js_sys::Array| {
                // The last entry is the latest state of the one element observed.
                let last = entries.get(entries.length().saturating_sub(1));
                if let Ok(entry) = last.dyn_into::<web_sys::IntersectionObserverEntry>() {
                    // Told late, the block may be gone: its signal with it.
                    let seen = entry.is_intersecting();
                    if on_screen.try_get_untracked().is_some_and(|was| was != seen) {
                        on_screen.try_set(seen);
                    }
                }
            },
        );
        let observer =
            web_sys::IntersectionObserver::new(on_change.as_ref().unchecked_ref()).ok()?;
        observer.observe(element);
        Some(ScreenObserver {
            observer,
            _on_change: on_change,
        })
    }
}

impl Drop for ScreenObserver {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}
