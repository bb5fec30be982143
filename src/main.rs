//! The entry point: mounts the app on a page; in the loader worker (no window), serves loads.

fn main() {
    backoffice_analytics::zones::use_browser_zones();
    if web_sys::window().is_none() {
        backoffice_analytics::loader_worker::run();
        return;
    }
    // Mounted in a task after the one that compiled and started the wasm: each of the two is
    // shorter than both (the browser compiles each function on its first call). The shell
    // replaces index.html's frame a task later still (`Shell`).
    wasm_bindgen_futures::spawn_local(async {
        backoffice_analytics::browser::sleep(0).await;
        leptos::mount::mount_to_body(backoffice_analytics::App);
        backoffice_analytics::browser::mark("app:mounted");
    });
}
