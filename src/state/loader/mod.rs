//! The effect that carries out the load plan when the URL's source, window or zone changes (or
//! on Retry and Refresh): the kept copy shown at once, only what it lacks asked of the portal,
//! what arrives drawn as it comes, transient failures retried, the result kept for next time.

#[cfg(target_arch = "wasm32")]
mod download;
#[cfg(target_arch = "wasm32")]
mod fetch;
#[cfg(target_arch = "wasm32")]
mod kept_copy;
#[cfg(target_arch = "wasm32")]
mod save;
#[cfg(target_arch = "wasm32")]
mod start;

#[cfg(target_arch = "wasm32")]
pub use start::start_loading;

/// Natively there is no browser to load from: the state stays as it is.
#[cfg(not(target_arch = "wasm32"))]
pub fn start_loading(_: super::LogData) {}
