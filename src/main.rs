//! The entry point: mounts the app on a page; in the loader worker (no window), serves loads.

fn main() {
    backoffice_analytics::zones::use_browser_zones();
    if let Some(window) = web_sys::window() {
        // index.html's frame, shown while the wasm arrived, gives way to the app.
        if let Some(boot) = window.document().and_then(|d| d.get_element_by_id("boot")) {
            boot.remove();
        }
        leptos::mount::mount_to_body(backoffice_analytics::App);
        backoffice_analytics::browser::mark("app:mounted");
    } else {
        backoffice_analytics::loader_worker::run();
    }
}
