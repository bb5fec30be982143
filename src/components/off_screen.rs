//! A block of a view whose figures, while it is off screen, follow a change of the filter or of
//! the figures a frame late (`LogData::seen_from`): a click paints what is on screen in its
//! frame.

use leptos::prelude::*;

use crate::state::{use_log_data, LogData};

/// A block's view of the data, made by the view that holds the block: it outlives the block's
/// elements (a stage hidden and shown again), which may still read it as they go.
#[derive(Clone, Copy)]
pub struct OffScreenPart {
    on_screen: RwSignal<bool>,
    data: LogData,
}

impl OffScreenPart {
    /// One for the view being built (its data from context).
    pub fn of_view() -> Self {
        // On screen until the browser says otherwise: without an observer nothing waits.
        let on_screen = RwSignal::new(true);
        let data = use_log_data().seen_from(on_screen.into());
        OffScreenPart { on_screen, data }
    }
}

/// Its children read the view's data as `part` sees it (in context); `class` is the block's own
/// (a grid, say).
#[component]
pub fn OffScreenLater(
    part: OffScreenPart,
    #[prop(optional)] class: &'static str,
    children: Children,
) -> impl IntoView {
    let block = NodeRef::<leptos::html::Div>::new();
    super::observers::watch_screen(block, part.on_screen);
    provide_context(part.data);
    view! { <div class=class node_ref=block>{children()}</div> }
}
