//! A list of events asked of the portal a page at a time (portal mode): `/log`'s, and a
//! history's (its subject's events). Page N starts after page N − 1's last event (keyset
//! paging, `api::log_pages`); the pages' starts are kept while the filters stay, so that the
//! next page is one request, and a page past the last is the last, asked directly.

use std::sync::Arc;

use leptos::prelude::*;

use crate::api::log_pages::PageStart;
use crate::api::Source;
use crate::state::{LoadedLog, LogData};
#[cfg(target_arch = "wasm32")]
use crate::{api::log_pages, api::ApiError, query::page_number};

/// The pages walked through for one scope and source: where each starts, and the scope's
/// count of events (the first page's answer).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
struct Walked {
    /// The `where` of the events listed, and the source.
    of: Option<(String, Source)>,
    starts: Vec<PageStart>,
    total: Option<usize>,
}

impl Default for Walked {
    /// Nothing walked yet: the first page starts at the newest event.
    fn default() -> Self {
        Walked {
            of: None,
            starts: vec![PageStart::default()],
            total: None,
        }
    }
}

/// When the portal counts (portal mode): asks for the page the URL names whenever it, the
/// filters or `subject` (an ODSQL condition on the window's events; none: all of them) change,
/// into `shown` with the count of events listed; the starts of the pages walked through are
/// kept for the same filters, so that the next page is one request.
#[cfg(target_arch = "wasm32")]
pub fn fetch_pages(
    data: LogData,
    page_param: Memo<Option<String>>,
    subject: Signal<Option<String>>,
    shown: RwSignal<Option<(Arc<LoadedLog>, usize)>>,
) {
    let starts = StoredValue::new(Walked::default());
    let latest = super::latest::Latest::new();
    Effect::new(move |_| {
        if !data.on_portal() {
            return;
        }
        data.track_reloads();
        let zone = data.view.get().zone;
        let scope = data
            .filter
            .with(|f| log_pages::scope(f, zone, subject.get().as_deref()));
        let source = data.source.get();
        let wanted = page_number(page_param.get().as_deref()).max(1);
        let key = Some((scope.clone(), source.clone()));
        if starts.with_value(|walked| walked.of != key) {
            starts.set_value(Walked {
                of: key,
                ..Walked::default()
            });
        }
        let ticket = latest.next();
        let is_current = move || ticket.is_current();
        let held = data.start_asking("events");
        on_cleanup(move || data.finish_asking("events", Ok(None)));
        leptos::task::spawn_local(async move {
            let answer = page_of(&source, &scope, zone, wanted, starts, &is_current).await;
            if !is_current() {
                return;
            }
            data.finish_asking(
                "events",
                answer.map(|page| {
                    shown.set(Some(page));
                    held
                }),
            );
        });
    });
}

#[cfg(target_arch = "wasm32")]
/// Page `wanted` (from 1), or the last when there are fewer: walked from the nearest start
/// known.
async fn page_of(
    source: &Source,
    scope: &str,
    zone: engine::Zone,
    wanted: usize,
    starts: StoredValue<Walked>,
    is_current: &impl Fn() -> bool,
) -> Result<(Arc<LoadedLog>, usize), ApiError> {
    let auth = crate::credentials::auth_for(&source.portal);
    loop {
        // Past the first page, the window's count is known: a page past the last is the
        // last, and the last is asked directly when it is not the next one.
        let (total, walked) = starts.with_value(|w| (w.total, w.starts.len()));
        let wanted = total.map_or(wanted, |total| log_pages::log_page_in_range(wanted, total));
        if let Some(total) = total.filter(|&total| {
            wanted > walked && wanted == log_pages::log_page_in_range(usize::MAX, total)
        }) {
            return last_page(source, scope, zone, total, &auth).await;
        }
        let (known, start) = starts.with_value(|walked| {
            let index = walked.starts.len().min(wanted).max(1) - 1;
            let start = walked.starts.get(index).cloned().unwrap_or_default();
            (index + 1, start)
        });
        let (events, next, count) = page_at(source, scope, zone, &start, &auth).await?;
        if let Some(count) = count.filter(|_| start.before.is_none()) {
            starts.update_value(|walked| walked.total = Some(count));
        }
        let total = starts
            .with_value(|walked| walked.total)
            .or(count)
            .unwrap_or(0);
        if known >= wanted || next.is_none() || !is_current() {
            return Ok((shown_log(events, zone)?, total));
        }
        if let Some(next) = next {
            starts.update_value(|walked| {
                if walked.starts.len() == known {
                    walked.starts.push(next);
                }
            });
        }
    }
}

#[cfg(target_arch = "wasm32")]
/// The page from `start`: the start's second's events not shown yet (all of that second
/// asked for, told apart by content), then the older ones; where the next page starts; and
/// the `records` answer's count when one was asked.
async fn page_at(
    source: &Source,
    scope: &str,
    zone: engine::Zone,
    start: &PageStart,
    auth: &crate::api::Auth,
) -> Result<(Vec<serde_json::Value>, Option<PageStart>, Option<usize>), ApiError> {
    let ask = |query: crate::api::ExploreQuery| async move {
        crate::api::fetch_text(&query.url(&source.portal), &source.portal, auth).await
    };
    let head = match start.before {
        Some(second) => {
            let query = log_pages::log_ties_query(&source.dataset, scope, zone, second);
            log_pages::unshown_ties(start, log_pages::events_of(&ask(query).await?)?)
        }
        None => Vec::new(),
    };
    let (mut older, mut count) = (Vec::new(), None);
    if head.len() < log_pages::LOG_PAGE {
        let limit = log_pages::LOG_PAGE - head.len();
        let query = log_pages::log_page_query(&source.dataset, scope, zone, start.before, limit);
        let (total, events) = log_pages::read_records(&ask(query).await?)?;
        (older, count) = (events, Some(total));
    }
    let (events, next) = log_pages::log_page(start, head, older, zone);
    Ok((events, next, count))
}

#[cfg(target_arch = "wasm32")]
/// The window's last page, in one request (oldest first), reversed to newest first.
async fn last_page(
    source: &Source,
    scope: &str,
    zone: engine::Zone,
    total: usize,
    auth: &crate::api::Auth,
) -> Result<(Arc<LoadedLog>, usize), ApiError> {
    let query = log_pages::last_log_page_query(&source.dataset, scope, zone, total);
    let body = crate::api::fetch_text(&query.url(&source.portal), &source.portal, auth).await?;
    let (_, mut events) = log_pages::read_records(&body)?;
    events.reverse();
    Ok((shown_log(events, zone)?, total))
}

#[cfg(target_arch = "wasm32")]
/// A page's events (newest first) as the log the table shows, read as any export is.
fn shown_log(
    events: Vec<serde_json::Value>,
    zone: engine::Zone,
) -> Result<Arc<LoadedLog>, ApiError> {
    let mut store = engine::Store::new();
    let body = serde_json::Value::Array(events).to_string();
    let report =
        engine::parse::parse_json_array(body.as_bytes(), &mut store).map_err(ApiError::Body)?;
    Ok(Arc::new(LoadedLog::new(store, report, zone)))
}

/// Natively there is no portal to ask.
#[cfg(not(target_arch = "wasm32"))]
pub fn fetch_pages(
    _: LogData,
    _: Memo<Option<String>>,
    _: Signal<Option<String>>,
    _: RwSignal<Option<(Arc<LoadedLog>, usize)>>,
) {
}
