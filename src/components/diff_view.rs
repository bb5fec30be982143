//! What changed in one action: its diff as a list of changes (`title: Draft → Final`,
//! `keyword: + open data`), the raw JSON behind a "Raw" toggle, or the text as it is. Always
//! text nodes, never HTML.

use engine::diff::{pretty_diff, read_diff, Change, ChangeKind, ReadableDiff};
use leptos::prelude::*;

/// Values longer than this show their start, and the rest on demand.
const VALUE_PREVIEW: usize = 80;
/// Text diffs longer than this too.
const TEXT_PREVIEW: usize = 120;

/// `[data-diff]` holding one `[data-change][data-path]` per change (the first
/// [`engine::diff::MAX_CHANGES`], then "and N more changes"); a dash for no diff.
pub fn diff_view(diff: &str) -> AnyView {
    match read_diff(diff) {
        ReadableDiff::Empty => view! { <span class="muted">"—"</span> }.into_any(),
        ReadableDiff::Text(text) => {
            view! { <div class="diff-view" data-diff="text">{text_view(text)}</div> }.into_any()
        }
        ReadableDiff::Changes { changes, more } => {
            let raw = pretty_diff(diff);
            let more = (more > 0).then(|| {
                let count = crate::numbers::grouped(more as u64);
                view! { <li class="change change--more" data-more=more>{crate::i18n::tf("diff.more", &[("count", &count)])}</li> }
            });
            view! {
                <div class="diff-view" data-diff="changes">
                    <ul class="changes">{changes.into_iter().map(change_item).collect_view()}{more}</ul>
                    <details class="diff-raw">
                        <summary>{crate::i18n::t("diff.raw")}</summary>
                        <pre class="diff" tabindex="0">{raw}</pre>
                    </details>
                </div>
            }
            .into_any()
        }
    }
}

/// A text diff; a long one shows its start, and the whole of it on demand.
fn text_view(text: String) -> AnyView {
    if text.chars().count() <= TEXT_PREVIEW {
        return view! { <pre class="diff" tabindex="0">{text}</pre> }.into_any();
    }
    let start: String = text.chars().take(TEXT_PREVIEW).collect();
    view! {
        <details>
            <summary class="mono">{format!("{start}…")}</summary>
            <pre class="diff" tabindex="0">{text}</pre>
        </details>
    }
    .into_any()
}

/// `path: before → after`, `path: + added` or `path: − removed`.
fn change_item(change: Change) -> AnyView {
    let Change {
        path,
        kind,
        before,
        after,
    } = change;
    let what = match kind {
        ChangeKind::Added => view! { <span class="change__sign">"+ "</span>{value(after, "change__after")}}.into_any(),
        ChangeKind::Removed => view! { <span class="change__sign">"− "</span>{value(before, "change__before")}}.into_any(),
        ChangeKind::Changed => view! {
            {value(before, "change__before")}<span class="change__sign">" → "</span>{value(after, "change__after")}
        }
        .into_any(),
    };
    // A diff of one value (`{"old": 1, "new": 2}`) has no path to name.
    let shown = (!path.is_empty()).then(|| {
        view! { <span class="change__path">{path.clone()}</span>": " }
    });
    view! {
        <li class="change" data-change=kind.name() data-path=path>
            {shown}{what}
        </li>
    }
    .into_any()
}

/// A value, its start only when it is long (the whole of it one click away).
fn value(text: Option<String>, class: &'static str) -> AnyView {
    let text = text.unwrap_or_default();
    if text.chars().count() <= VALUE_PREVIEW {
        return view! { <span class=class>{text}</span> }.into_any();
    }
    let start: String = text.chars().take(VALUE_PREVIEW).collect();
    view! {
        <details class=format!("change__long {class}")>
            <summary>{format!("{start}…")}</summary>
            <span>{text}</span>
        </details>
    }
    .into_any()
}
