//! Which spans of time a kept log holds completely, and what a new window still lacks: the
//! arithmetic of the cached second visit (only what is missing is asked of the portal).

/// One second: bounds the portal is asked about are whole seconds, so a span that ended at the
/// newest event held ends at that event's second, and the next fetch starts there (the events
/// of that second fetched again are recognised as held: see [`crate::Store::append_fetched`]).
pub use crate::store::SECOND_MS;

/// Disjoint, sorted, half-open spans `[start, end)` of UTC milliseconds, each held completely.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Coverage {
    spans: Vec<(i64, i64)>,
}

impl Coverage {
    pub fn new() -> Self {
        Self::default()
    }

    /// From spans in any order, overlapping or not (a decoded snapshot's).
    pub fn from_spans(spans: impl IntoIterator<Item = (i64, i64)>) -> Self {
        let mut coverage = Coverage::new();
        for (start, end) in spans {
            coverage.add(start, end);
        }
        coverage
    }

    pub fn spans(&self) -> &[(i64, i64)] {
        &self.spans
    }

    /// Marks `[start, end)` as held, merging it with the spans it touches.
    pub fn add(&mut self, start: i64, end: i64) {
        if start >= end {
            return;
        }
        let (mut start, mut end) = (start, end);
        let mut kept = Vec::with_capacity(self.spans.len() + 1);
        for &(s, e) in &self.spans {
            if e < start || end < s {
                kept.push((s, e));
            } else {
                start = start.min(s);
                end = end.max(e);
            }
        }
        kept.push((start, end));
        crate::sorting::sort(&mut kept);
        self.spans = kept;
    }

    /// The parts of `[start, end)` not held, oldest first.
    pub fn missing(&self, start: i64, end: i64) -> Vec<(i64, i64)> {
        let mut gaps = Vec::new();
        let mut from = start;
        for &(s, e) in &self.spans {
            if e <= from || s >= end {
                continue;
            }
            if s > from {
                gaps.push((from, s));
            }
            from = from.max(e);
        }
        if from < end {
            gaps.push((from, end));
        }
        gaps
    }

    /// What a completed fetch of `[start, end)` adds, at `now_ms`: all of it when it is past;
    /// otherwise events may still come, so only up to the second of the newest event fetched
    /// (`newest_ms`, none when the span held nothing yet).
    pub fn add_fetched(&mut self, start: i64, end: i64, newest_ms: Option<i64>, now_ms: i64) {
        if end <= now_ms {
            self.add(start, end);
        } else if let Some(newest) = newest_ms {
            self.add(start, floor_second(newest).min(end));
        }
    }
}

/// The start of the second `ms` falls in.
pub fn floor_second(ms: i64) -> i64 {
    ms.div_euclid(SECOND_MS) * SECOND_MS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_merge_when_they_touch_or_overlap() {
        let mut coverage = Coverage::from_spans([(30, 40), (0, 10), (10, 20)]);
        assert_eq!(coverage.spans(), [(0, 20), (30, 40)]);
        coverage.add(15, 35);
        assert_eq!(coverage.spans(), [(0, 40)]);
        coverage.add(50, 50);
        assert_eq!(coverage.spans(), [(0, 40)], "an empty span adds nothing");
    }

    #[test]
    fn missing_is_what_no_span_holds() {
        let coverage = Coverage::from_spans([(10, 20), (30, 40)]);
        assert_eq!(coverage.missing(0, 50), [(0, 10), (20, 30), (40, 50)]);
        assert_eq!(coverage.missing(12, 18), []);
        assert_eq!(coverage.missing(15, 35), [(20, 30)]);
        assert_eq!(coverage.missing(40, 45), [(40, 45)]);
        assert_eq!(Coverage::new().missing(5, 6), [(5, 6)]);
    }

    #[test]
    fn a_fetch_reaching_now_holds_up_to_its_newest_second() {
        let mut coverage = Coverage::new();
        // The window ends tomorrow; the newest event is at 5.25 s: held up to 5 s.
        coverage.add_fetched(0, 100_000, Some(5_250), 60_000);
        assert_eq!(coverage.spans(), [(0, 5_000)]);
        // Nothing fetched yet in an open window: nothing is held.
        let mut empty = Coverage::new();
        empty.add_fetched(0, 100_000, None, 60_000);
        assert_eq!(empty.spans(), []);
        // A past window is held whole, events or not.
        empty.add_fetched(0, 50_000, None, 60_000);
        assert_eq!(empty.spans(), [(0, 50_000)]);
    }

    #[test]
    fn seconds_floor_before_the_epoch_too() {
        assert_eq!(floor_second(-1), -1000);
        assert_eq!(floor_second(1999), 1000);
    }
}
