//! API errors with the platform's body: `{"status_code", "error_code", "message"}`.

use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// An API error with the platform's body: `{"message", "error_code"}`.
#[derive(Debug)]
pub struct PortalError {
    status: StatusCode,
    error_code: &'static str,
    message: String,
}

impl PortalError {
    pub fn new(status: StatusCode, error_code: &'static str, message: impl Into<String>) -> Self {
        PortalError {
            status,
            error_code,
            message: message.into(),
        }
    }
}

impl IntoResponse for PortalError {
    fn into_response(self) -> Response {
        let body = json!({
            "status_code": self.status.as_u16(),
            "error_code": self.error_code,
            "message": self.message,
        });
        (self.status, Json(body)).into_response()
    }
}

pub fn bad_parameter(message: impl Into<String>) -> PortalError {
    PortalError::new(
        StatusCode::BAD_REQUEST,
        "InvalidRESTParameterError",
        message,
    )
}

pub async fn api_not_found(uri: Uri) -> PortalError {
    let hint = if uri.path().contains("/catalog/") {
        " (monitoring datasets live under monitoring/, not catalog/)"
    } else {
        ""
    };
    PortalError::new(
        StatusCode::NOT_FOUND,
        "NotFound",
        format!("Unknown resource {}{hint}", uri.path()),
    )
}
