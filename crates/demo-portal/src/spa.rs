//! The built app with an SPA fallback: routes of the app answer with its `index.html`, a missing
//! file is a real 404.

use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use crate::Shared;

/// Routes of the app whose last segment is an id, which may contain a dot (`alice.a`).
const ID_ROUTES: [&str; 2] = ["/objects/", "/users/"];

/// Whether a path asks for a file (a missing one is a real 404) rather than a route of the app:
/// its last segment has an extension, and it is not under a route that ends with an id.
pub fn is_file_request(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or("");
    last.contains('.') && !ID_ROUTES.iter().any(|prefix| path.starts_with(prefix))
}

/// Routes of the app are answered with its index.html; a missing file is a real 404.
pub async fn spa_index(State(portal): State<Shared>, uri: Uri) -> Response {
    if is_file_request(uri.path()) {
        return (StatusCode::NOT_FOUND, "Not found").into_response();
    }
    match tokio::fs::read(portal.dist.join("index.html")).await {
        Ok(html) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8")),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
            ],
            html,
        )
            .into_response(),
        Err(_) => (
            StatusCode::NOT_FOUND,
            format!(
                "The app is not built: no index.html in {}. Run `trunk build --release` (scripts/demo.sh does it).",
                portal.dist.display()
            ),
        )
            .into_response(),
    }
}
