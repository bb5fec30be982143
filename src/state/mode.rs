//! Where the figures are computed: in the browser from the downloaded events, or by the portal
//! (`group_by` queries) when the window holds more events than a browser loads in a few seconds.
//! Pure, so the decision is tested natively.

use crate::query::Choice;

/// Above this many events in the window, the portal aggregates: about what an ordinary
/// connection downloads and a browser parses in 5 s (the export is about 400 MB of JSON per
/// million events, about 18 MB gzipped: BENCHMARKS.md).
pub const DEFAULT_THRESHOLD: usize = 300_000;

/// The mode in force and why, as the header says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The events are downloaded and counted in the browser.
    Browser(Why),
    /// The portal counts; only figures cross the network.
    Portal(Why),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Why {
    /// The link says so (`agg=`).
    Asked,
    /// The window holds `events`, compared with `threshold`.
    Count { events: usize, threshold: usize },
    /// The count could not be had (imported files, or the portal did not answer it).
    NoCount,
    /// The portal answered a `group_by` with rows: it (or a proxy before it) does not aggregate,
    /// so the events are downloaded whatever the count or the link.
    GroupsIgnored,
}

impl Mode {
    pub fn on_portal(self) -> bool {
        matches!(self, Mode::Portal(_))
    }
}

/// The mode for a choice and, when asked, the window's count of events.
pub fn decide(choice: Choice, events: Option<usize>, threshold: usize) -> Mode {
    match (choice, events) {
        (Choice::Portal, _) => Mode::Portal(Why::Asked),
        (Choice::Browser, _) => Mode::Browser(Why::Asked),
        (Choice::Auto, None) => Mode::Browser(Why::NoCount),
        (Choice::Auto, Some(events)) => {
            let why = Why::Count { events, threshold };
            if events > threshold {
                Mode::Portal(why)
            } else {
                Mode::Browser(why)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_link_decides_first_then_the_count() {
        assert_eq!(
            decide(Choice::Portal, Some(5), 10),
            Mode::Portal(Why::Asked)
        );
        assert_eq!(
            decide(Choice::Browser, Some(50), 10),
            Mode::Browser(Why::Asked)
        );
        let count = |events| Why::Count {
            events,
            threshold: 10,
        };
        assert_eq!(decide(Choice::Auto, Some(10), 10), Mode::Browser(count(10)));
        assert_eq!(decide(Choice::Auto, Some(11), 10), Mode::Portal(count(11)));
        // Without a count, the browser downloads, as before there were modes.
        assert_eq!(decide(Choice::Auto, None, 10), Mode::Browser(Why::NoCount));
    }
}
