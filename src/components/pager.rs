//! Long tables cut into pages of 100 rows by the URL's `page`, and the pager that moves
//! between them.

use leptos::prelude::*;

use crate::state::{set, use_query_writer};

pub use crate::state::events::{clamp_page, PAGE_SIZE};

/// A long list cut into pages by the URL's `page`: its length, the page shown (kept within the
/// pages there are) and that page's rows.
pub fn use_pages<T: Clone + Send + Sync + 'static>(
    listed: Memo<Option<Vec<T>>>,
) -> (Signal<usize>, Signal<usize>, Signal<Vec<T>>) {
    let page_param = crate::state::use_query_value("page");
    let count = Signal::derive(move || listed.with(|l| l.as_ref().map_or(0, Vec::len)));
    let page = Signal::derive(move || {
        clamp_page(
            crate::query::page_number(page_param.get().as_deref()),
            count.get(),
        )
    });
    let rows = Signal::derive(move || {
        listed.with(|l| {
            l.as_ref()
                .map(|l| {
                    l.iter()
                        .skip((page.get() - 1) * PAGE_SIZE)
                        .take(PAGE_SIZE)
                        .cloned()
                        .collect()
                })
                .unwrap_or_default()
        })
    });
    (count, page, rows)
}

/// Previous / next buttons writing `page` to the URL.
#[component]
pub fn Pager(
    #[prop(into)] page: Signal<usize>,
    #[prop(into)] rows: Signal<usize>,
) -> impl IntoView {
    let write = use_query_writer();
    let nav = NodeRef::<leptos::html::Nav>::new();
    let pages = move || rows.get().div_ceil(PAGE_SIZE).max(1);
    let go = move |target: usize| {
        write(
            &[set("page", (target > 1).then(|| target.to_string()))],
            false,
        );
        request_animation_frame(move || show_table_top(nav));
    };
    let previous = {
        let go = go.clone();
        move |_: leptos::ev::MouseEvent| go(page.get_untracked().saturating_sub(1).max(1))
    };
    let next = move |_: leptos::ev::MouseEvent| go(page.get_untracked() + 1);
    view! {
        <nav class="pager" aria-label=crate::i18n::t("pager.pages") node_ref=nav>
            <button type="button" class="button" disabled={move || page.get() <= 1} on:click=previous>{crate::i18n::t("pager.previous")}</button>
            <span>{move || crate::i18n::tf("pager.page", &[("page", &page.get().to_string()), ("of", &pages().to_string())])}</span>
            <button type="button" class="button" disabled={move || page.get() >= pages()} on:click=next>{crate::i18n::t("pager.next")}</button>
        </nav>
    }
}

/// A new page starts at its top: the table just before the pager scrolls to its first row, and
/// the page scrolls up to the table when its top is out of sight.
fn show_table_top(nav: NodeRef<leptos::html::Nav>) {
    let Some(table) = nav
        .get_untracked()
        .and_then(|n| n.previous_element_sibling())
    else {
        return;
    };
    table.set_scroll_top(0);
    if table.get_bounding_client_rect().top() < 0.0 {
        table.scroll_into_view();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_stay_within_range() {
        assert_eq!(clamp_page(0, 0), 1);
        assert_eq!(clamp_page(5, 250), 3);
        assert_eq!(clamp_page(2, 250), 2);
    }
}
