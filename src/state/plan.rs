//! What must be loaded for a view: nothing, the imported files, or the window from the portal.
//! Pure, so the decision is tested natively; `loader` carries it out.

use engine::calendar::Zone;
use engine::DateWindow;

use crate::api::Source;

/// What a view needs loaded, from its URL (and the Retry count).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadRequest {
    pub source: Source,
    pub window: DateWindow,
    pub zone: Zone,
    /// `source=files`: the imported files, not the portal.
    pub from_files: bool,
    /// How many times the user pressed Retry: a new count always loads again.
    pub retries: u32,
}

/// What to do for a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoadPlan {
    /// The log already held covers the request: the engine filters it by local day.
    Keep,
    /// Build the log from the imported files.
    Files,
    /// Fetch the request's window from the portal.
    Fetch,
}

/// `held` is the request whose fetch produced the log on screen (none after a failure, during a
/// load or for files); `ready` whether that log is shown. A window inside the held one, of the
/// same source, zone and Retry count, needs no request.
pub fn plan_load(request: &LoadRequest, held: Option<&LoadRequest>, ready: bool) -> LoadPlan {
    if request.from_files {
        return LoadPlan::Files;
    }
    let covered = held.is_some_and(|held| {
        !held.from_files
            && held.source == request.source
            && held.zone == request.zone
            && held.retries == request.retries
            && held.window.from <= request.window.from
            && request.window.to <= held.window.to
    });
    if covered && ready {
        LoadPlan::Keep
    } else {
        LoadPlan::Fetch
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
            retries: 0,
        }
    }

    #[test]
    fn a_window_inside_the_held_one_is_kept() {
        let held = request("2024-01-01", "2024-01-31");
        let narrower = request("2024-01-10", "2024-01-20");
        assert_eq!(plan_load(&narrower, Some(&held), true), LoadPlan::Keep);
        assert_eq!(plan_load(&held, Some(&held), true), LoadPlan::Keep);
    }

    #[test]
    fn anything_the_held_log_does_not_cover_is_fetched() {
        let held = request("2024-01-01", "2024-01-31");
        assert_eq!(plan_load(&held, None, true), LoadPlan::Fetch);
        // Shown no longer (a load failed since): fetch again.
        assert_eq!(plan_load(&held, Some(&held), false), LoadPlan::Fetch);
        let wider = request("2023-12-31", "2024-01-31");
        assert_eq!(plan_load(&wider, Some(&held), true), LoadPlan::Fetch);
        let later = request("2024-01-10", "2024-02-01");
        assert_eq!(plan_load(&later, Some(&held), true), LoadPlan::Fetch);
        let other_zone = LoadRequest {
            zone: Zone::UTC,
            ..held.clone()
        };
        assert_eq!(plan_load(&other_zone, Some(&held), true), LoadPlan::Fetch);
        let other_dataset = LoadRequest {
            source: Source {
                portal: held.source.portal.clone(),
                dataset: "other".into(),
            },
            ..held.clone()
        };
        assert_eq!(
            plan_load(&other_dataset, Some(&held), true),
            LoadPlan::Fetch
        );
        let retried = LoadRequest {
            retries: 1,
            ..held.clone()
        };
        assert_eq!(plan_load(&retried, Some(&held), true), LoadPlan::Fetch);
    }

    #[test]
    fn imported_files_are_always_rebuilt() {
        let held = request("2024-01-01", "2024-01-31");
        let files = LoadRequest {
            from_files: true,
            ..held.clone()
        };
        assert_eq!(plan_load(&files, Some(&held), true), LoadPlan::Files);
        assert_eq!(plan_load(&files, None, false), LoadPlan::Files);
    }
}
