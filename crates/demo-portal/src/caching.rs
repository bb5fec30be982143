//! How long a browser may keep the app's files: a file whose name carries its content's hash
//! (Trunk's `main-2bb2a459132fd83c.css`) never changes, so it is kept a year without asking
//! again; the others (`index.html`, `loader.js`, `start.js`) are asked again each time. The
//! API's answers are left as they are.

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// A hashed file: kept a year, never revalidated.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Any other file of the app: kept, but checked with the server before each use.
pub const REVALIDATE: &str = "no-cache";

/// The `Cache-Control` of an app file at `path` (none for the API's answers).
pub fn cache_control(path: &str) -> Option<&'static str> {
    if path.starts_with("/api/") || path.starts_with("/_demo/") {
        return None;
    }
    let name = path.rsplit('/').next().unwrap_or("");
    Some(match has_content_hash(name) {
        true => IMMUTABLE,
        false => REVALIDATE,
    })
}

/// Whether a file name ends its stem with `-` and at least 12 hexadecimal digits (Trunk's
/// hash; the wasm's name then adds `_bg`).
fn has_content_hash(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or("");
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() >= 12 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Sets the app's files' `Cache-Control` on successful answers that do not set one.
pub async fn headers(request: Request, next: Next) -> Response {
    let control = cache_control(request.uri().path());
    let mut response = next.run(request).await;
    let succeeded = response.status().is_success();
    let headers = response.headers_mut();
    if let Some(control) = control.filter(|_| succeeded) {
        if !headers.contains_key(header::CACHE_CONTROL) {
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(control));
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_files_are_immutable_the_others_revalidated_the_api_untouched() {
        for path in [
            "/backoffice-analytics-fd2b27fd95af7d56_bg.wasm",
            "/backoffice-analytics-fd2b27fd95af7d56.js",
            "/main-2bb2a459132fd83c.css",
            "/favicon-470090a75b2ffb2.svg",
        ] {
            assert_eq!(cache_control(path), Some(IMMUTABLE), "{path}");
        }
        for path in [
            "/",
            "/index.html",
            "/loader.js",
            "/start.js",
            "/users/alice.a",
            "/a-b.js",
            "/x-123.css",
        ] {
            assert_eq!(cache_control(path), Some(REVALIDATE), "{path}");
        }
        assert_eq!(cache_control("/api/explore/v2.1/catalog/datasets"), None);
        assert_eq!(cache_control("/_demo/faults"), None);
    }
}
