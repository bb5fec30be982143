//! The entry point: mounts the app on a page; in the loader worker (no window), serves loads.

fn main() {
    if web_sys::window().is_some() {
        leptos::mount::mount_to_body(backoffice_analytics::App);
        backoffice_analytics::browser::mark("app:mounted");
    } else {
        backoffice_analytics::loader_worker::run();
    }
}
