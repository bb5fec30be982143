//! Long work on the page cut in tasks by the clock, so that the page answers between them.

use crate::browser::{precise_now, sleep};

/// Ends the task once it has worked its share: on a slow phone, or with the loader worker and
/// the browser's network sharing the cores, a fixed count of rows (200,000 once) made tasks of
/// 50–80 ms where they had been 10–20.
pub struct Steps {
    since_ms: f64,
}

impl Steps {
    /// Rows between two looks at the clock: under 2 ms of counting in the browser benchmark
    /// (about 65 ms for a million).
    pub const ROWS: usize = 25_000;
    /// A task's share of work before the page gets its turn.
    const TASK_MS: f64 = 12.0;

    pub fn new() -> Self {
        Steps {
            since_ms: precise_now(),
        }
    }

    /// Lets the page run (a task boundary) once this task has worked its share.
    pub async fn pause_if_due(&mut self) {
        if precise_now() - self.since_ms >= Self::TASK_MS {
            sleep(0).await;
            self.since_ms = precise_now();
        }
    }
}

impl Default for Steps {
    fn default() -> Self {
        Self::new()
    }
}
