//! What must be loaded for a view: nothing, the imported files, the window's events from the
//! portal, or its figures from the portal's groups; and, before deciding between those two, what
//! must be asked first (the window's count, whether the portal aggregates). Pure, so every
//! decision is tested natively; `loader` carries it out, asking what the plan says until it
//! says what to load.

use engine::calendar::Zone;
use engine::DateWindow;

use super::mode::{decide, Mode, Why};
use crate::api::Source;
use crate::query::Choice;

/// What a view needs loaded, from its URL (and the reload count).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadRequest {
    pub source: Source,
    pub window: DateWindow,
    pub zone: Zone,
    /// `source=files`: the imported files, not the portal.
    pub from_files: bool,
    /// How many times the user pressed Retry: a new count always loads again.
    pub reloads: u32,
    /// What the link's `agg` asks.
    pub choice: Choice,
    /// Events past which the portal computes, when the count decides.
    pub threshold: usize,
}

/// What a load has learned from the portal so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Learned {
    /// The window's count of events, once asked (`Some(None)`: asked, not answered).
    pub count: Option<Option<usize>>,
    /// Whether the portal answers a `group_by` with rows, once asked.
    pub groups_ignored: Option<bool>,
}

/// What to do next for a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoadPlan {
    /// The log already held covers the request: the engine filters it by local day.
    Keep,
    /// Build the log from the imported files.
    Files,
    /// Ask the window's count of events first: the mode depends on it.
    Count,
    /// Ask one group first: a portal (or a proxy before it) may answer `group_by` with rows.
    Probe,
    /// Download the window's events; the browser counts them.
    Fetch(Mode),
    /// The portal counts: its `group_by` answers fill the groups.
    Aggregate(Mode),
}

/// `held` is the request whose download produced the log on screen (none after a failure,
/// during a load, for files or in portal mode); `ready` whether that log is shown; `learned`
/// what this load has asked so far. A window inside the held one, of the same source, zone,
/// choice and reload count, needs no request.
pub fn plan_load(
    request: &LoadRequest,
    held: Option<&LoadRequest>,
    ready: bool,
    learned: Learned,
) -> LoadPlan {
    if request.from_files {
        return LoadPlan::Files;
    }
    let covered = held.is_some_and(|held| {
        !held.from_files
            && held.source == request.source
            && held.zone == request.zone
            && held.reloads == request.reloads
            && held.choice == request.choice
            && held.window.from <= request.window.from
            && request.window.to <= held.window.to
    });
    if covered && ready {
        return LoadPlan::Keep;
    }
    let mode = match (request.choice, learned.count) {
        (Choice::Auto, None) => return LoadPlan::Count,
        (choice, count) => decide(choice, count.flatten(), request.threshold),
    };
    if !mode.on_portal() {
        return LoadPlan::Fetch(mode);
    }
    match learned.groups_ignored {
        None => LoadPlan::Probe,
        Some(true) => LoadPlan::Fetch(Mode::Browser(Why::GroupsIgnored)),
        Some(false) => LoadPlan::Aggregate(mode),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(from: &str, to: &str) -> LoadRequest {
        LoadRequest {
            source: Source {
                portal: "https://p.example.com".into(),
                dataset: "log".into(),
            },
            window: DateWindow::parse(from, to).unwrap(),
            zone: "Europe/Paris".parse().unwrap(),
            from_files: false,
            reloads: 0,
            choice: Choice::Browser,
            threshold: 100,
        }
    }

    const NOTHING: Learned = Learned {
        count: None,
        groups_ignored: None,
    };
    const DOWNLOAD: LoadPlan = LoadPlan::Fetch(Mode::Browser(Why::Asked));

    #[test]
    fn a_window_inside_the_held_one_is_kept() {
        let held = request("2024-01-01", "2024-01-31");
        let narrower = request("2024-01-10", "2024-01-20");
        assert_eq!(
            plan_load(&narrower, Some(&held), true, NOTHING),
            LoadPlan::Keep
        );
        assert_eq!(plan_load(&held, Some(&held), true, NOTHING), LoadPlan::Keep);
    }

    #[test]
    fn anything_the_held_log_does_not_cover_is_fetched() {
        let held = request("2024-01-01", "2024-01-31");
        assert_eq!(plan_load(&held, None, true, NOTHING), DOWNLOAD);
        // Shown no longer (a load failed since): fetch again.
        assert_eq!(plan_load(&held, Some(&held), false, NOTHING), DOWNLOAD);
        let wider = request("2023-12-31", "2024-01-31");
        assert_eq!(plan_load(&wider, Some(&held), true, NOTHING), DOWNLOAD);
        let later = request("2024-01-10", "2024-02-01");
        assert_eq!(plan_load(&later, Some(&held), true, NOTHING), DOWNLOAD);
        let other_zone = LoadRequest {
            zone: Zone::UTC,
            ..held.clone()
        };
        assert_eq!(plan_load(&other_zone, Some(&held), true, NOTHING), DOWNLOAD);
        let other_dataset = LoadRequest {
            source: Source {
                portal: held.source.portal.clone(),
                dataset: "other".into(),
            },
            ..held.clone()
        };
        assert_eq!(
            plan_load(&other_dataset, Some(&held), true, NOTHING),
            DOWNLOAD
        );
        let retried = LoadRequest {
            reloads: 1,
            ..held.clone()
        };
        assert_eq!(plan_load(&retried, Some(&held), true, NOTHING), DOWNLOAD);
    }

    #[test]
    fn imported_files_are_always_rebuilt() {
        let held = request("2024-01-01", "2024-01-31");
        let files = LoadRequest {
            from_files: true,
            ..held.clone()
        };
        assert_eq!(
            plan_load(&files, Some(&held), true, NOTHING),
            LoadPlan::Files
        );
        assert_eq!(plan_load(&files, None, false, NOTHING), LoadPlan::Files);
    }

    #[test]
    fn another_choice_of_mode_loads_again() {
        let held = request("2024-01-01", "2024-01-31");
        let portal = LoadRequest {
            choice: Choice::Portal,
            ..held.clone()
        };
        assert_eq!(
            plan_load(&portal, Some(&held), true, NOTHING),
            LoadPlan::Probe
        );
    }

    #[test]
    fn the_link_then_the_count_then_the_probe_decide_the_mode() {
        let auto = LoadRequest {
            choice: Choice::Auto,
            ..request("2024-01-01", "2024-01-31")
        };
        // Left to the count: asked first.
        assert_eq!(plan_load(&auto, None, false, NOTHING), LoadPlan::Count);
        let counted = |events| Learned {
            count: Some(events),
            groups_ignored: None,
        };
        let why = |events| Why::Count {
            events,
            threshold: 100,
        };
        // At the threshold the browser downloads; past it, one group is asked first.
        assert_eq!(
            plan_load(&auto, None, false, counted(Some(100))),
            LoadPlan::Fetch(Mode::Browser(why(100)))
        );
        assert_eq!(
            plan_load(&auto, None, false, counted(Some(101))),
            LoadPlan::Probe
        );
        // No count: the browser downloads, as before there were modes.
        assert_eq!(
            plan_load(&auto, None, false, counted(None)),
            LoadPlan::Fetch(Mode::Browser(Why::NoCount))
        );
        // The probe's answer: groups, or rows (then the events are downloaded whatever the
        // count or the link).
        let probed = |ignored| Learned {
            count: Some(Some(101)),
            groups_ignored: Some(ignored),
        };
        assert_eq!(
            plan_load(&auto, None, false, probed(false)),
            LoadPlan::Aggregate(Mode::Portal(why(101)))
        );
        assert_eq!(
            plan_load(&auto, None, false, probed(true)),
            LoadPlan::Fetch(Mode::Browser(Why::GroupsIgnored))
        );
        let asked = LoadRequest {
            choice: Choice::Portal,
            ..auto.clone()
        };
        assert_eq!(plan_load(&asked, None, false, NOTHING), LoadPlan::Probe);
        let groups = Learned {
            count: None,
            groups_ignored: Some(false),
        };
        assert_eq!(
            plan_load(&asked, None, false, groups),
            LoadPlan::Aggregate(Mode::Portal(Why::Asked))
        );
    }
}
