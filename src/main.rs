//! The entry point: mounts the app, nothing else.

fn main() {
    leptos::mount::mount_to_body(backoffice_analytics::App);
}
