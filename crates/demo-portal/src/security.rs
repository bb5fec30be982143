//! Headers every answer carries: no MIME sniffing, no referrer, and for the app's pages the
//! part of the Content-Security-Policy a meta tag cannot carry (the API's answers are data).

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// What the page's own meta policy (index.html) cannot say: a header is needed for
/// `frame-ancestors`. The meta policy holds the rest; browsers enforce both.
const PAGE_POLICY: &str = "frame-ancestors 'none'; object-src 'none'; base-uri 'self'";

/// `nosniff` and `no-referrer` on every answer; the page policy on the app's HTML.
pub async fn headers(request: Request, next: Next) -> Response {
    let is_api = request.uri().path().starts_with("/api/");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    let is_page = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_api && is_page {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(PAGE_POLICY),
        );
    }
    response
}
