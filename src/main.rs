//! The entry point: mounts the app on a page; in the loader worker (no window), serves loads.

fn main() {
    backoffice_analytics::zones::use_browser_zones();
    if web_sys::window().is_some() {
        leptos::mount::mount_to_body(backoffice_analytics::App);
        backoffice_analytics::browser::mark("app:mounted");
    } else {
        backoffice_analytics::loader_worker::run();
    }
}
