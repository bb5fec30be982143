//! What a view lists of its events, one interface whichever way the figures are had: the page
//! the URL names of the window's events (all of them, or one subject's), newest first, with
//! how many there are; and every one of them, for a download. When the window's events are
//! held (downloaded or imported), a page is cut from the view's rows and the search runs in the
//! browser; when the portal counts, each page is asked of it (`event_pages`, keyset paging) and
//! every event is asked when a download wants them.

use std::sync::Arc;

use leptos::prelude::*;

use super::{use_log_data, use_query_value, LoadedLog, LogData};
use crate::api::ApiError;

/// Events on one page of a list.
pub const PAGE_SIZE: usize = 100;

/// The page to show: the URL's `page`, kept within the pages there are.
pub fn clamp_page(page: usize, rows: usize) -> usize {
    page.clamp(1, rows.div_ceil(PAGE_SIZE).max(1))
}

/// A view's rows of the held log, newest first and narrowed by its search, and how many there
/// were before the search.
#[derive(Clone)]
pub struct HeldRows {
    pub log: Arc<LoadedLog>,
    pub rows: Arc<Vec<u32>>,
    pub unsearched: usize,
}

/// One page of a list of events.
#[derive(Clone)]
pub struct EventPage {
    /// The events the page's rows are rows of.
    pub log: Arc<LoadedLog>,
    /// The page's rows, newest first.
    pub rows: Vec<u32>,
    /// The page's number, from 1.
    pub number: usize,
    /// How many events the list holds.
    pub total: usize,
    /// How many the window holds before the search narrowed them (none: no search did).
    pub unsearched: Option<usize>,
}

impl EventPage {
    /// The place of its first event in the list, from 0.
    pub fn first(&self) -> usize {
        (self.number - 1) * PAGE_SIZE
    }
}

/// A view's list of events; see the module's documentation.
#[derive(Clone, Copy)]
pub struct EventList {
    data: LogData,
    held: Memo<Option<HeldRows>>,
    /// The page asked of the portal and the list's count, when the portal counts.
    asked: RwSignal<Option<(Arc<LoadedLog>, usize)>>,
    condition: Signal<Option<String>>,
    page_param: Memo<Option<String>>,
}

/// The list of the events `held` selects of the held log or, when the portal counts,
/// `condition` selects of the window's (none: all of them) on the portal.
pub fn use_event_list(
    held: Memo<Option<HeldRows>>,
    condition: Signal<Option<String>>,
) -> EventList {
    let data = use_log_data();
    let page_param = use_query_value("page");
    let asked = RwSignal::new(None);
    super::event_pages::fetch_pages(data, page_param, condition, asked);
    EventList {
        data,
        held,
        asked,
        condition,
        page_param,
    }
}

impl EventList {
    /// The page the URL names (the last when there are fewer), once had; read, it is tracked.
    pub fn page(&self) -> Option<EventPage> {
        let wanted = crate::query::page_number(self.page_param.get().as_deref());
        if self.data.on_portal() {
            return self.asked.with(|asked| {
                let (log, total) = asked.as_ref()?;
                Some(EventPage {
                    log: log.clone(),
                    rows: (0..log.log.store.len() as u32).collect(),
                    number: clamp_page(wanted, *total),
                    total: *total,
                    unsearched: None,
                })
            });
        }
        self.held.with(|held| {
            let held = held.as_ref()?;
            let total = held.rows.len();
            let number = clamp_page(wanted, total);
            let first = (number - 1) * PAGE_SIZE;
            Some(EventPage {
                log: held.log.clone(),
                rows: held
                    .rows
                    .iter()
                    .skip(first)
                    .take(PAGE_SIZE)
                    .copied()
                    .collect(),
                number,
                total,
                unsearched: (held.unsearched != total).then_some(held.unsearched),
            })
        })
    }

    /// Every event listed, newest first, for a download: at once when held (none while they
    /// are loading), else asked of the portal (the window's, or its subject's, export), unless
    /// the list holds more than the threshold past which the portal counts.
    pub async fn every(self) -> Result<Option<(Arc<LoadedLog>, Vec<u32>)>, ApiError> {
        if !self.data.on_portal_untracked() {
            let held = self.held.get_untracked();
            return Ok(held.map(|held| (held.log, held.rows.to_vec())));
        }
        // Bounded as a download is: past the threshold the browser does not hold the events.
        let limit = crate::settings::aggregation_threshold();
        if let Some(events) = self
            .asked
            .with_untracked(|asked| asked.as_ref().map(|a| a.1))
        {
            if events > limit {
                return Err(ApiError::TooManyEvents { events, limit });
            }
        }
        let (filter, zone, source) = (
            self.data.filter.get_untracked(),
            self.data.view.get_untracked().zone,
            self.data.source.get_untracked(),
        );
        let condition = self.condition.get_untracked();
        let query = crate::api::aggregates::rows_query(
            &source.dataset,
            &filter,
            zone,
            condition.as_deref(),
        );
        let auth = crate::credentials::auth_for(&source.portal);
        let url = query.url(&source.portal);
        let fetched = crate::api::fetch_log(&url, &source.portal, &auth, None, |_, _| {}).await?;
        let every: Vec<u32> = (0..fetched.store.len() as u32).collect();
        let rows = engine::search::newest_first(&fetched.store, &every);
        let log = LoadedLog::new(fetched.store, fetched.report, zone);
        Ok(Some((Arc::new(log), rows)))
    }
}
