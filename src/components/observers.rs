//! The browser's observers of one element, for as long as the view that starts them: whether
//! the element is on screen (`IntersectionObserver`) and its laid-out width (`ResizeObserver`,
//! told after layout instead of read during a draw, which forces one).

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Tells `on_screen` whether `node`'s element is in the viewport, from when it is mounted
/// until the view that calls this is gone.
pub fn watch_screen<E>(node: NodeRef<E>, on_screen: RwSignal<bool>)
where
    E: leptos::html::ElementType,
    E::Output: JsCast + Clone + 'static,
{
    watch_while_mounted(node, move |element| screen_observer(element, on_screen));
}

/// Tells `width` the laid-out width of `node`'s element (CSS pixels) whenever it changes.
pub fn watch_width<E>(node: NodeRef<E>, width: RwSignal<Option<f64>>)
where
    E: leptos::html::ElementType,
    E::Output: JsCast + Clone + 'static,
{
    watch_while_mounted(node, move |element| width_observer(element, width));
}

/// Starts an observer on `node`'s element once mounted; it stops with the calling view.
fn watch_while_mounted<E>(
    node: NodeRef<E>,
    start: impl Fn(&web_sys::Element) -> Option<Observing> + 'static,
) where
    E: leptos::html::ElementType,
    E::Output: JsCast + Clone + 'static,
{
    let observing = StoredValue::new_local(None::<Observing>);
    Effect::new(move |_| {
        if let Some(element) = node.get() {
            observing.set_value(start(element.unchecked_ref()));
        }
    });
    on_cleanup(move || {
        observing.try_set_value(None);
    });
}

/// An observer at work, and the callback it calls; disconnected when dropped.
struct Observing {
    disconnect: Box<dyn Fn()>,
    _on_change: Closure<dyn FnMut(js_sys::Array)>,
}

impl Drop for Observing {
    fn drop(&mut self) {
        (self.disconnect)();
    }
}

fn screen_observer(element: &web_sys::Element, on_screen: RwSignal<bool>) -> Option<Observing> {
    let on_change = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
        // The last entry is the latest state of the one element observed.
        let last = entries.get(entries.length().saturating_sub(1));
        if let Ok(entry) = last.dyn_into::<web_sys::IntersectionObserverEntry>() {
            // Told late, the block may be gone: its signal with it.
            let seen = entry.is_intersecting();
            if on_screen.try_get_untracked().is_some_and(|was| was != seen) {
                on_screen.try_set(seen);
            }
        }
    });
    let observer = web_sys::IntersectionObserver::new(on_change.as_ref().unchecked_ref()).ok()?;
    observer.observe(element);
    Some(Observing {
        disconnect: Box::new(move || observer.disconnect()),
        _on_change: on_change,
    })
}

fn width_observer(element: &web_sys::Element, width: RwSignal<Option<f64>>) -> Option<Observing> {
    let on_change = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
        let entry = entries.get(0).dyn_into::<web_sys::ResizeObserverEntry>();
        if let Ok(entry) = entry {
            let laid_out = Some(entry.content_rect().width());
            if width.try_get_untracked().is_some_and(|was| was != laid_out) {
                width.try_set(laid_out);
            }
        }
    });
    let Ok(observer) = web_sys::ResizeObserver::new(on_change.as_ref().unchecked_ref()) else {
        // No ResizeObserver: the width as it is now, read once.
        width.set(Some(f64::from(element.client_width())));
        return None;
    };
    observer.observe(element);
    Some(Observing {
        disconnect: Box::new(move || observer.disconnect()),
        _on_change: on_change,
    })
}
