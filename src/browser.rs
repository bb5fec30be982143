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
