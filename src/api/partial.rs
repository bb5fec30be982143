//! When a load in progress offers what has arrived so far for drawing: at most every half
//! second, and only once the events have tripled since the last offer, so that the redraws
//! cost a fraction of the load however long it is. (Grown by half, a million events made five
//! offers, each a copy of the columns so far made while the parse waits; the page, which redraws
//! no sooner than ten times its last redraw took, drew two of them. Tripled: three offers.)

pub struct PartialPace {
    at_ms: f64,
    rows: usize,
}

impl PartialPace {
    pub const EVERY_MS: f64 = 500.0;
    /// How many times the events of the last offer make the next one.
    pub const GROWTH: usize = 3;

    pub fn new(now_ms: f64) -> Self {
        PartialPace {
            at_ms: now_ms,
            rows: 0,
        }
    }

    /// Whether `rows` events at `now_ms` are worth offering; if so, the next offer counts from
    /// them.
    pub fn due(&mut self, now_ms: f64, rows: usize) -> bool {
        let due = now_ms - self.at_ms >= Self::EVERY_MS && rows >= Self::GROWTH * self.rows.max(1);
        if due {
            self.at_ms = now_ms;
            self.rows = rows;
        }
        due
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offers_come_half_a_second_apart_and_once_tripled() {
        let mut pace = PartialPace::new(0.0);
        assert!(!pace.due(100.0, 10), "too soon");
        assert!(!pace.due(600.0, 0), "nothing yet");
        assert!(pace.due(600.0, 10));
        assert!(!pace.due(1200.0, 29), "10 → 29 is not three times");
        assert!(pace.due(1200.0, 30));
        assert!(!pace.due(1300.0, 100), "too soon after the last");
        assert!(pace.due(1700.0, 100));
    }
}
