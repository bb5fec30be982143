//! A view's sections drawn one frame after another when its figures first arrive, so that no
//! single task builds and lays out the whole view (input waits until a task ends).

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::LogData;

/// Which sections of a view are drawn: the first at once, each next one a frame later, from
/// the moment the view has figures to show; afterwards every section follows its figures as
/// usual. While stages remain, `main[data-state]` says `loading`.
#[derive(Clone, Copy)]
pub struct Stages {
    /// Whether there are figures, and how many times they have arrived (after none).
    arrivals: Memo<(bool, u32)>,
    /// The arrival drawn so far, and up to which stage.
    drawn: RwSignal<(u32, usize)>,
    count: usize,
}

impl Stages {
    /// `count` stages, started whenever `has_figures` becomes true.
    pub fn new(has_figures: Signal<bool>, count: usize) -> Self {
        // Counted in a memo, not an effect: at the moment the figures arrive the later
        // sections must already be held back, before they build anything.
        let arrivals = Memo::new(move |before: Option<&(bool, u32)>| {
            let has = has_figures.get();
            let (had, arrived) = before.copied().unwrap_or((false, 0));
            (has, arrived + u32::from(has && !had))
        });
        let drawn = RwSignal::new((0, 1));
        let stages = Stages {
            arrivals,
            drawn,
            count,
        };
        // The shell's `main[data-state]` waits for the last stage.
        if let Some(data) = use_context::<LogData>() {
            data.drawing.set(Some(stages));
            on_cleanup(move || data.drawing.set(None));
        }
        Effect::new(move |_| {
            let (has, arrival) = arrivals.get();
            if !has {
                return;
            }
            spawn_local(async move {
                for stage in 2..=count {
                    crate::browser::next_frame().await;
                    // A newer arrival, or the view closed: that one draws itself.
                    if arrivals.try_get_untracked() != Some((true, arrival)) {
                        return;
                    }
                    drawn.set((arrival, stage));
                }
            });
        });
        stages
    }

    /// Whether stages remain to be drawn.
    pub fn drawing(&self) -> bool {
        let (has, arrival) = self.arrivals.get();
        has && self.count > 1 && self.drawn.get() != (arrival, self.count)
    }

    /// Whether the sections of `stage` (1 for the first) are drawn.
    pub fn shows(&self, stage: usize) -> bool {
        let (has, arrival) = self.arrivals.get();
        if !has {
            return stage == 1;
        }
        self.drawn.with(|(drawn_arrival, drawn)| {
            stage == 1 || (*drawn_arrival == arrival && stage <= *drawn)
        })
    }
}
