//! The few facts the app takes from the browser: the clock, the zone, the page's origin.
//! Everything else receives them as parameters.

/// Milliseconds since the epoch, now.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// The browser's IANA time zone, `UTC` when it does not say.
pub fn time_zone() -> String {
    let format = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new());
    js_sys::Reflect::get(&format.resolved_options(), &"timeZone".into())
        .ok()
        .and_then(|zone| zone.as_string())
        .unwrap_or_else(|| "UTC".to_string())
}

/// The page's origin (`http://127.0.0.1:8080`): where the demo portal serves the API too.
pub fn origin() -> String {
    web_sys::window()
        .and_then(|window| window.location().origin().ok())
        .unwrap_or_default()
}

/// Resolves after `ms` milliseconds.
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Resolves in a task after the next frame has been drawn (at once where there are no frames:
/// in a worker, or a browser without `requestAnimationFrame`).
pub async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let Some(window) = web_sys::window() else {
            let _ = resolve.call0(&wasm_bindgen::JsValue::UNDEFINED);
            return;
        };
        if window.request_animation_frame(&resolve).is_err() {
            let _ = resolve.call0(&wasm_bindgen::JsValue::UNDEFINED);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    // The frame callback runs before that frame's style and layout: a timer starts the work
    // after them.
    sleep(0).await;
}

/// An `AbortController` that aborts by itself after a time (on the page or in a worker): a
/// request's time limit. Dropping it clears its timer.
pub struct Deadline {
    controller: web_sys::AbortController,
    expired: std::rc::Rc<std::cell::Cell<bool>>,
    timer: wasm_bindgen::JsValue,
    _on_time: wasm_bindgen::closure::Closure<dyn FnMut()>,
}

impl Deadline {
    /// Aborts after `ms`; none where the browser offers no `AbortController` or timer.
    pub fn after(ms: i32) -> Option<Self> {
        use wasm_bindgen::JsCast;
        let controller = web_sys::AbortController::new().ok()?;
        let expired = std::rc::Rc::new(std::cell::Cell::new(false));
        let on_time = {
            let (controller, expired) = (controller.clone(), expired.clone());
            wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
                expired.set(true);
                controller.abort();
            })
        };
        let global = js_sys::global();
        let set_timeout: js_sys::Function = js_sys::Reflect::get(&global, &"setTimeout".into())
            .ok()?
            .dyn_into()
            .ok()?;
        let timer = set_timeout
            .call2(&global, on_time.as_ref(), &ms.into())
            .ok()?;
        Some(Deadline {
            controller,
            expired,
            timer,
            _on_time: on_time,
        })
    }

    pub fn signal(&self) -> web_sys::AbortSignal {
        self.controller.signal()
    }

    /// Whether the time ran out (and the request was aborted for it).
    pub fn expired(&self) -> bool {
        self.expired.get()
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        use wasm_bindgen::JsCast;
        let global = js_sys::global();
        if let Some(clear) = js_sys::Reflect::get(&global, &"clearTimeout".into())
            .ok()
            .and_then(|clear| clear.dyn_into::<js_sys::Function>().ok())
        {
            let _ = clear.call1(&global, &self.timer);
        }
    }
}

/// Why a stream could not be read to its end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StreamError {
    /// The browser offers no reader for it.
    NotAStream,
    /// A read failed, with the browser's message when it gave one.
    Read(Option<String>),
}

/// Reads a stream chunk by chunk (a download or a file); `on_chunk` returns false to stop
/// early (cancel, or a chunk that cannot be used).
pub async fn read_chunks(
    stream: web_sys::ReadableStream,
    mut on_chunk: impl FnMut(&[u8]) -> bool,
) -> Result<(), StreamError> {
    use wasm_bindgen::{JsCast, JsValue};
    let reader: web_sys::ReadableStreamDefaultReader = stream
        .get_reader()
        .dyn_into()
        .map_err(|_| StreamError::NotAStream)?;
    loop {
        let chunk = wasm_bindgen_futures::JsFuture::from(reader.read())
            .await
            .map_err(|error| {
                StreamError::Read(
                    error
                        .dyn_ref::<js_sys::Error>()
                        .map(|error| String::from(error.message())),
                )
            })?;
        let done = js_sys::Reflect::get(&chunk, &JsValue::from_str("done"))
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(true);
        if done {
            return Ok(());
        }
        let value =
            js_sys::Reflect::get(&chunk, &JsValue::from_str("value")).unwrap_or(JsValue::UNDEFINED);
        if !on_chunk(&js_sys::Uint8Array::new(&value).to_vec()) {
            let _ = reader.cancel();
            return Ok(());
        }
    }
}

/// Whether the page is on screen (not a background tab or a minimised window).
pub fn page_is_visible() -> bool {
    web_sys::window()
        .and_then(|window| window.document())
        .is_some_and(|document| document.visibility_state() == web_sys::VisibilityState::Visible)
}

/// Milliseconds since the page (or the worker) started, precise (for performance measures).
pub fn precise_now() -> f64 {
    performance().map_or(0.0, |performance| performance.now())
}

/// The page's or the worker's `performance`: both have one. Unchecked, as web-sys's own
/// `window.performance()` is: a test's fake clock replaces it with an object of its own.
fn performance() -> Option<web_sys::Performance> {
    use wasm_bindgen::JsCast;
    let performance = js_sys::Reflect::get(&js_sys::global(), &"performance".into()).ok()?;
    performance
        .is_object()
        .then(|| performance.unchecked_into())
}

/// Records a `performance.measure` entry `name` from `start` (a [`precise_now`] value) lasting
/// `duration` ms; the browser benchmark reads these (`load:fetch`, `load:parse`, `load:index`,
/// `update`).
pub fn measure(name: &str, start: f64, duration: f64) {
    use wasm_bindgen::JsValue;
    let Some(performance) = performance() else {
        return;
    };
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"start".into(), &JsValue::from_f64(start));
    let _ = js_sys::Reflect::set(
        &options,
        &"duration".into(),
        &JsValue::from_f64(duration.max(0.0)),
    );
    if let Ok(function) = js_sys::Reflect::get(&performance, &"measure".into()) {
        if let Some(function) = wasm_bindgen::JsCast::dyn_ref::<js_sys::Function>(&function) {
            let _ = function.call2(&performance, &JsValue::from_str(name), &options);
        }
    }
}

/// Records a `performance.mark` entry `name` now (the browser benchmark reads `app:mounted`).
pub fn mark(name: &str) {
    if let Some(performance) = performance() {
        let _ = performance.mark(name);
    }
}

/// The browser's preferred language tag (`en-US`), `en` when it does not say.
pub fn language() -> String {
    web_sys::window()
        .and_then(|window| window.navigator().language())
        .unwrap_or_else(|| "en".to_string())
}

/// Saves `bytes` as a file named `name`: a Blob, a link with `download`, a click. Whether it
/// could (a browser without Blob URLs cannot).
pub fn download(name: &str, mime: &str, bytes: &[u8]) -> bool {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options) else {
        return false;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return false;
    };
    let saved = download_url(name, &url);
    // Released once the download has surely started.
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(60),
    );
    saved
}

/// Follows `url` (a Blob or a data URL) as a download named `name`.
pub fn download_url(name: &str, url: &str) -> bool {
    use wasm_bindgen::JsCast;
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return false;
    };
    let Some(link) = document
        .create_element("a")
        .ok()
        .and_then(|element| element.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    else {
        return false;
    };
    link.set_href(url);
    link.set_download(name);
    link.click();
    true
}

/// Copies `text` to the clipboard; whether the browser took it.
pub async fn copy_text(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let promise = window.navigator().clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

/// The page's address as it is now.
pub fn current_url() -> String {
    web_sys::window()
        .and_then(|window| window.location().href().ok())
        .unwrap_or_default()
}

/// `<html lang>`: the language the page is in, for screen readers and hyphenation.
pub fn set_document_language(code: &str) {
    if let Some(root) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.document_element())
    {
        let _ = root.set_attribute("lang", code);
    }
}
