//! Automatic retries of a transient failure: when to retry, and the countdown the user sees.

use crate::api::ApiError;

/// The delays before automatic retries of a transient failure, in milliseconds.
pub const RETRY_DELAYS_MS: [u32; 3] = [1_000, 2_000, 4_000];

/// How many attempts a load makes in all: the first and one per delay.
pub const ATTEMPTS: usize = RETRY_DELAYS_MS.len() + 1;

/// The seconds to wait before the next attempt after attempt `attempt` (from 1) failed with
/// `error`; none when it is not worth retrying by itself or no attempt is left.
pub fn seconds_before_retry(error: &ApiError, attempt: usize) -> Option<u32> {
    if !error.transient() {
        return None;
    }
    let delay = RETRY_DELAYS_MS.get(attempt.checked_sub(1)?)?;
    Some(delay.div_ceil(1000))
}

/// How a countdown ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Countdown {
    Elapsed,
    /// `stop` said to stop (a newer load, or Cancel).
    Stopped,
}

/// Counts `seconds` down by the second, calling `tick` with the seconds left before each one,
/// and stops early when `stop` says so after a second.
pub async fn count_down(
    seconds: u32,
    mut tick: impl FnMut(u32),
    stop: impl Fn() -> bool,
) -> Countdown {
    for left in (1..=seconds).rev() {
        tick(left);
        crate::browser::sleep(1000).await;
        if stop() {
            return Countdown::Stopped;
        }
    }
    Countdown::Elapsed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transient_failures_are_retried_after_1_2_and_4_seconds_then_given_up() {
        let down = ApiError::from_response(503, "", None);
        let waits: Vec<Option<u32>> = (1..=ATTEMPTS)
            .map(|attempt| seconds_before_retry(&down, attempt))
            .collect();
        assert_eq!(waits, [Some(1), Some(2), Some(4), None]);
        assert_eq!(seconds_before_retry(&down, 0), None);
    }

    #[test]
    fn other_failures_are_not_retried_by_themselves() {
        for status in [400, 401, 404, 429] {
            let error = ApiError::from_response(status, "", None);
            assert_eq!(seconds_before_retry(&error, 1), None, "{status}");
        }
    }
}
