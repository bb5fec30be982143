//! The entry point: mounts the app on a page; in the loader worker (no window), serves loads.

fn main() {
    backoffice_analytics::zones::use_browser_zones();
    if web_sys::window().is_none() {
        backoffice_analytics::loader_worker::run();
        return;
    }
    // Mounted in a task after the one that compiled and started the wasm: each of the two is
    // shorter than both (the browser compiles each function on its first call).
    wasm_bindgen_futures::spawn_local(async {
        backoffice_analytics::browser::sleep(0).await;
        let document = web_sys::window().and_then(|window| window.document());
        // index.html's frame, shown while the wasm arrived, gives way to the app.
        if let Some(boot) = document.and_then(|d| d.get_element_by_id("boot")) {
            boot.remove();
        }
        leptos::mount::mount_to_body(backoffice_analytics::App);
        backoffice_analytics::browser::mark("app:mounted");
    });
}
