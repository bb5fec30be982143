//! Aggregating on the portal gives the figures the browser computes: every query of
//! `api::aggregates` asked of the demo portal (in-process), the answers assembled by
//! `engine::groups`, compared with `Dashboard::compute` over the same events. On the
//! hand-checked log (both DST changes, empty fields, two workspaces) and a generated one, in
//! two zones, with hidden series of both kinds and a workspace filter.
#![cfg(not(target_arch = "wasm32"))]
// A test may unwrap and panic: a failure there is the point.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::Request;
use axum::Router;
use backoffice_analytics::api::aggregates::{self, FigureQueries, Rule};
use backoffice_analytics::api::log_pages;
use backoffice_analytics::api::ExploreQuery;
use demo_portal::{app, Portal, ACTIVITY_LOG_ID};
use engine::dashboard::Dashboard;
use engine::groups::{Groups, GroupsBuilder};
use engine::{DateWindow, IndexedLog, Record, SeriesMode, Store, ViewFilter, Zone};
use http_body_util::BodyExt;
use tower::ServiceExt;

#[path = "../crates/engine/tests/common/reference_model.rs"]
mod reference_model;

fn hand_checked_records() -> Vec<Record> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/e2e/fixtures/hand-checked-log.json"
    );
    let bytes = std::fs::read(path).unwrap();
    let mut store = Store::new();
    engine::parse::parse_any(&bytes, &mut store).unwrap();
    (0..store.len()).map(|row| store.record(row)).collect()
}

fn generated_records() -> Vec<Record> {
    let now = "2024-11-06T11:00:00Z".parse().unwrap();
    let options = engine::generator::DemoOptions {
        seed: 5,
        events: 3_000,
        days: 120,
    };
    engine::generator::generate(&options, now)
}

/// The body of a GET to the portal, which must answer 200.
fn get(runtime: &tokio::runtime::Runtime, portal: &Router, query: &ExploreQuery) -> String {
    let uri = query.url("");
    runtime.block_on(async {
        let request = Request::get(&uri).body(Body::empty()).unwrap();
        let response = portal.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        let body = String::from_utf8(body.to_vec()).unwrap();
        assert!(status.is_success(), "{uri}: {status} {body}");
        body
    })
}

/// The demo portal in-process, serving `records` with `faults` switched on.
fn demo_portal(records: &[Record], faults: demo_portal::faults::Faults) -> Router {
    let mut portal = Portal::new(records.to_vec(), std::env::temp_dir());
    portal.switches = demo_portal::faults::Switches::new(faults);
    app(portal)
}

/// A runtime to ask the in-process portal on, one request at a time.
fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
}

/// What the dashboard asks of the portal for `filter`'s window, read as portal mode reads it:
/// the figures' groups, then the notable actions' candidates.
fn portal_groups(records: &[Record], filter: &ViewFilter, zone: Zone) -> Groups {
    let runtime = runtime();
    let portal = demo_portal(records, Default::default());
    let queries = FigureQueries::new(ACTIVITY_LOG_ID, filter, zone);
    let mut builder = figure_groups(&runtime, &portal, &queries, zone);
    let names = aggregates::actions_query(ACTIVITY_LOG_ID, filter, zone);
    let names = aggregates::read_action_names(&get(&runtime, &portal, &names)).unwrap();
    let mut counted = builder.action_names().to_vec();
    counted.sort();
    assert_eq!(names, counted, "the window's actions");
    let notable = aggregates::NotableQueries::new(ACTIVITY_LOG_ID, filter, zone, &names);
    let mut first = 0;
    for (_, query) in &notable.removals {
        let body = get(&runtime, &portal, query);
        let mut removals = Store::new();
        engine::parse::parse_json_array(body.as_bytes(), &mut removals).unwrap();
        aggregates::read_removals(&removals, first, &mut builder);
        first += removals.len();
    }
    assert!(first < records.len(), "only the rows the rules need");
    if let Some(query) = &notable.access {
        let body = get(&runtime, &portal, query);
        aggregates::read_rule_groups(&body, zone, Rule::Access, &mut builder).unwrap();
    }
    let body = get(&runtime, &portal, &notable.night);
    aggregates::read_rule_groups(&body, zone, Rule::Night, &mut builder).unwrap();
    builder.finish()
}

/// The dashboard portal mode shows for `filter`: its window's groups, finalized.
fn portal_dashboard(records: &[Record], filter: &ViewFilter, zone: Zone) -> Dashboard {
    portal_groups(records, filter, zone).dashboard(&filter.window, filter.mode, &filter.hidden)
}

fn check(records: &[Record], zone_name: &str, filter: ViewFilter) {
    let label = format!("{zone_name} {filter:?}");
    let zone: Zone = zone_name.parse().unwrap();
    let log = IndexedLog::new(Store::from_records(records), zone);
    let browser = Dashboard::compute(&log, &filter);
    assert!(
        browser.kpis.actions > 0,
        "{label}: the case selects nothing"
    );
    let portal = portal_dashboard(records, &filter, zone);
    check_against_reference(records, zone_name, &filter, &portal, &label);
    assert_eq!(portal.kpis, browser.kpis, "{label}: KPIs");
    assert_eq!(portal.series, browser.series, "{label}: series");
    assert_eq!(portal.weekdays, browser.weekdays, "{label}: weekdays");
    assert_eq!(
        portal.week_hours, browser.week_hours,
        "{label}: weekday × hour"
    );
    assert_eq!(portal.actions, browser.actions, "{label}: actions");
    let objects = |d: &Dashboard| -> Vec<_> {
        d.objects
            .iter()
            .map(|o| (o.kind, o.id.clone(), o.actions, o.users, o.last))
            .collect()
    };
    assert_eq!(objects(&portal), objects(&browser), "{label}: objects");
    assert_eq!(portal.users, browser.users, "{label}: users");
    assert_eq!(
        portal.users_by_action, browser.users_by_action,
        "{label}: users by action"
    );
    assert_eq!(portal.notable, browser.notable, "{label}: notable");
    // A history's figures: the subject's groups, against the reference over its events alone.
    if filter.hidden.is_empty() {
        check_histories(records, zone_name, &filter, &browser, &label);
    }
    // A history fetches only its subject's rows (every series: histories ignore the legend).
    if filter.hidden.is_empty() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let portal = demo_portal(records, Default::default());
        let events = |condition: &str| {
            let query = aggregates::rows_query(ACTIVITY_LOG_ID, &filter, zone, Some(condition));
            let body = get(&runtime, &portal, &query);
            serde_json::from_str::<Vec<serde_json::Value>>(&body)
                .unwrap()
                .len() as u64
        };
        for object in &browser.objects {
            let condition = aggregates::object_condition(object.kind, &object.id);
            assert_eq!(
                events(&condition),
                object.actions,
                "{label}: rows of {object:?}"
            );
        }
        for user in &browser.users {
            let condition = aggregates::user_condition(&user.user);
            assert_eq!(
                events(&condition),
                user.actions,
                "{label}: rows of {user:?}"
            );
        }
    }
}

/// The groups of one subject (a history's), as portal mode asks them.
fn subject_groups(
    records: &[Record],
    filter: &ViewFilter,
    zone: Zone,
    (subject, kind): (&str, Option<engine::ObjectType>),
) -> Groups {
    let runtime = runtime();
    let portal = demo_portal(records, Default::default());
    let queries = FigureQueries::new(ACTIVITY_LOG_ID, filter, zone).of_subject(subject, kind);
    figure_groups(&runtime, &portal, &queries, zone).finish()
}

/// The answers to `queries` (activity, days, hours), read as portal mode reads them.
fn figure_groups(
    runtime: &tokio::runtime::Runtime,
    portal: &Router,
    queries: &FigureQueries,
    zone: Zone,
) -> GroupsBuilder {
    let mut builder = GroupsBuilder::new();
    for (_, query) in &queries.activity {
        let body = get(runtime, portal, query);
        aggregates::read_activity(&body, zone, &mut builder).unwrap();
    }
    for (kind, query) in &queries.days {
        aggregates::read_days(*kind, &get(runtime, portal, query), &mut builder).unwrap();
    }
    for (kind, query) in &queries.hours {
        aggregates::read_hours(*kind, &get(runtime, portal, query), &mut builder).unwrap();
    }
    builder
}

/// The two most active objects' and users' histories (their series by action, who or what
/// they concern, their counts) from their groups, against the reference over their events.
fn check_histories(
    records: &[Record],
    zone_name: &str,
    filter: &ViewFilter,
    browser: &Dashboard,
    label: &str,
) {
    use reference_model::{reference_object, Reference};
    let zone: Zone = zone_name.parse().unwrap();
    let every = BTreeSet::new();
    type Subject<'a> = (&'a str, Option<engine::ObjectType>);
    let check_one = |subject: Subject, of_it: &dyn Fn(&Record) -> bool, mode: SeriesMode| {
        let events: Vec<Record> = records.iter().filter(|r| of_it(r)).cloned().collect();
        let window = &filter.window;
        let ws = filter.workspace.as_deref();
        let reference = Reference::new(&events, zone_name, window, ws, mode, &every);
        let history =
            subject_groups(records, filter, zone, subject).dashboard(window, mode, &every);
        let label = format!("{label}: history of {}", subject.0);
        reference_model::assert_is_reference(
            &history, &reference, &reference, window, mode, &label,
        );
    };
    for object in browser.objects.iter().take(2) {
        let condition = aggregates::object_condition(object.kind, &object.id);
        let is_it = |r: &Record| reference_object(r) == (object.kind.name(), object.id.clone());
        check_one((&condition, Some(object.kind)), &is_it, SeriesMode::Action);
    }
    for user in browser.users.iter().take(2) {
        let condition = aggregates::user_condition(&user.user);
        let of_user = |r: &Record| r.user_id == user.user;
        check_one((&condition, None), &of_user, SeriesMode::ObjectType);
    }
}

/// Portal mode's figures (the demo portal's answers, on its own calendar, assembled as the app
/// does) against the reference model alone: no engine figure is the expected value.
fn check_against_reference(
    records: &[Record],
    zone: &str,
    filter: &ViewFilter,
    portal: &Dashboard,
    label: &str,
) {
    use reference_model::Reference;
    let window = &filter.window;
    let reference = Reference::new(
        records,
        zone,
        window,
        filter.workspace.as_deref(),
        filter.mode,
        &filter.hidden,
    );
    let every_series = Reference::new(
        records,
        zone,
        window,
        filter.workspace.as_deref(),
        filter.mode,
        &BTreeSet::new(),
    );
    reference_model::assert_is_reference(
        portal,
        &reference,
        &every_series,
        window,
        filter.mode,
        &format!("{label}: against the reference"),
    );
}

fn filter(from: &str, to: &str, mode: SeriesMode, hidden: &[&str], ws: Option<&str>) -> ViewFilter {
    ViewFilter {
        window: DateWindow {
            from: from.parse().unwrap(),
            to: to.parse().unwrap(),
        },
        workspace: ws.map(String::from),
        mode,
        hidden: hidden
            .iter()
            .map(|h| h.to_string())
            .collect::<BTreeSet<_>>(),
        marks: Default::default(),
    }
}

/// (from, to, series mode, hidden series, workspace)
type Case = (
    &'static str,
    &'static str,
    SeriesMode,
    &'static [&'static str],
    Option<&'static str>,
);

fn check_all(records: &[Record], zones: &[&str], cases: &[Case]) {
    for zone in zones {
        for &(from, to, mode, hidden, ws) in cases {
            check(records, zone, filter(from, to, mode, hidden, ws));
        }
    }
}

#[test]
fn the_hand_checked_log_gives_the_same_figures_from_the_portal() {
    use SeriesMode::{Action, ObjectType};
    let records = hand_checked_records();
    // The whole log, and the two DST weeks of Europe/Paris, in three zones.
    check_all(
        &records,
        &["Europe/Paris", "America/New_York", "UTC"],
        &[
            ("2025-03-01", "2025-11-30", ObjectType, &[], None),
            ("2025-03-29", "2025-04-02", Action, &[], None),
            ("2025-10-24", "2025-11-04", ObjectType, &[], None),
        ],
    );
    // Hidden series of both kinds, and each workspace.
    check_all(
        &records,
        &["Europe/Paris"],
        &[
            ("2025-03-01", "2025-11-30", ObjectType, &["dataset"], None),
            ("2025-03-01", "2025-11-30", Action, &["edit_dataset"], None),
            ("2025-03-01", "2025-11-30", ObjectType, &[], Some("lab")),
            ("2025-03-01", "2025-11-30", ObjectType, &[], Some("acme")),
        ],
    );
}

#[test]
fn a_generated_log_gives_the_same_figures_from_the_portal() {
    use SeriesMode::{Action, ObjectType};
    let records = generated_records();
    check_all(
        &records,
        &["Europe/Paris", "Asia/Kolkata"],
        &[
            ("2024-07-10", "2024-11-06", ObjectType, &[], None),
            ("2024-10-20", "2024-11-06", Action, &[], None),
        ],
    );
    check_all(
        &records,
        &["Europe/Paris"],
        &[(
            "2024-07-10",
            "2024-11-06",
            ObjectType,
            &["page", "workspace"],
            None,
        )],
    );
}

/// `/log`'s pages in portal mode, walked with keyset paging: every event once, newest first, even
/// when hundreds share one instant across page boundaries, and whatever order a portal gives
/// the events of one instant in (the demo portal's `shuffle_ties` switch: another order on every
/// answer).
#[test]
fn the_log_pages_walk_every_event_once_newest_first() {
    use demo_portal::faults::Faults;
    let mut records = generated_records();
    let crowded = records
        .iter()
        .find(|r| r.timestamp.to_rfc3339().starts_with("2024-10"))
        .unwrap()
        .clone();
    for i in 0..250 {
        let mut same = crowded.clone();
        same.user_id = format!("crowd-{i}");
        records.push(same);
    }
    let filter = filter(
        "2024-07-10",
        "2024-11-06",
        SeriesMode::ObjectType,
        &[],
        None,
    );
    let zone: Zone = "Europe/Paris".parse().unwrap();
    let log = IndexedLog::new(Store::from_records(&records), zone);
    let mut expected: Vec<(i64, String)> = engine::filter::window_rows(&log, &filter.window, None)
        .iter()
        .map(|&row| {
            let user = log.store.text(row as usize, engine::TextField::UserId);
            (log.store.timestamp(row as usize), user.to_string())
        })
        .collect();
    expected.sort();
    let runtime = runtime();
    let scope = log_pages::scope(&filter, zone, None);
    for shuffle_ties in [false, true] {
        let portal = demo_portal(
            &records,
            Faults {
                shuffle_ties,
                ..Faults::default()
            },
        );
        let ask_ties = |query: &ExploreQuery| log_pages::events_of(&get(&runtime, &portal, query));
        let ask_older = |query: &ExploreQuery| {
            log_pages::read_records(&get(&runtime, &portal, query)).map(|r| r.1)
        };
        let mut start = log_pages::PageStart::default();
        let mut walked: Vec<(i64, String)> = Vec::new();
        let mut last_walked = Vec::new();
        let mut pages = 0;
        loop {
            let head = match start.before {
                Some(second) => {
                    let ties = log_pages::log_ties_query(ACTIVITY_LOG_ID, &scope, zone, second);
                    log_pages::unshown_ties(&start, ask_ties(&ties).unwrap())
                }
                None => Vec::new(),
            };
            let limit = log_pages::LOG_PAGE.saturating_sub(head.len());
            let older = match limit {
                0 => Vec::new(),
                _ => {
                    let query = log_pages::log_page_query(
                        ACTIVITY_LOG_ID,
                        &scope,
                        zone,
                        start.before,
                        limit,
                    );
                    ask_older(&query).unwrap()
                }
            };
            let (events, next) = log_pages::log_page(&start, head, older, zone);
            let mut store = Store::new();
            let body = serde_json::Value::Array(events).to_string();
            engine::parse::parse_json_array(body.as_bytes(), &mut store).unwrap();
            let page: Vec<(i64, String)> = (0..store.len())
                .map(|row| {
                    let user = store.text(row, engine::TextField::UserId);
                    (store.timestamp(row), user.to_string())
                })
                .collect();
            assert!(
                page.windows(2).all(|w| w[0].0 >= w[1].0),
                "page {pages} newest first (shuffled ties: {shuffle_ties})"
            );
            walked.extend(page.iter().cloned());
            last_walked.clone_from(&page);
            pages += 1;
            match next {
                Some(next) => start = next,
                None => break,
            }
        }
        assert_eq!(pages, expected.len().div_ceil(log_pages::LOG_PAGE));
        walked.sort();
        assert_eq!(
            walked, expected,
            "every event once (shuffled ties: {shuffle_ties})"
        );
        // A link's page past the end shows the last page, asked in one request: the same events.
        assert_eq!(
            log_pages::log_page_in_range(99_999_999, expected.len()),
            pages
        );
        let query = log_pages::last_log_page_query(ACTIVITY_LOG_ID, &scope, zone, expected.len());
        let (_, results) = log_pages::read_records(&get(&runtime, &portal, &query)).unwrap();
        let mut store = Store::new();
        let body = serde_json::Value::Array(results).to_string();
        engine::parse::parse_json_array(body.as_bytes(), &mut store).unwrap();
        let mut last: Vec<(i64, String)> = (0..store.len())
            .map(|row| {
                let user = store.text(row, engine::TextField::UserId).to_string();
                (store.timestamp(row), user)
            })
            .collect();
        assert_eq!(last.len(), last_walked.len());
        last.sort();
        last_walked.sort();
        assert_eq!(last, last_walked, "the last page, asked directly");
    }
}

#[test]
fn a_page_past_the_end_is_the_last_page() {
    use log_pages::{log_page_in_range, LOG_PAGE};
    // By hand: 250 events are 3 pages (100, 100, 50); none is 1 empty page.
    assert_eq!(log_page_in_range(99_999_999, 250), 3);
    assert_eq!(log_page_in_range(2, 250), 2);
    assert_eq!(log_page_in_range(0, 250), 1);
    assert_eq!(log_page_in_range(7, 0), 1);
    assert_eq!(log_page_in_range(9, 2 * LOG_PAGE), 2);
}

/// The workspace filter's choices stay every workspace of the window while one is chosen (a
/// test in both modes found portal mode listing only the chosen one).
#[test]
fn the_workspaces_are_the_windows_whatever_the_workspace_filter() {
    let records = hand_checked_records();
    let runtime = runtime();
    let portal = demo_portal(&records, Default::default());
    let zone: Zone = "Europe/Paris".parse().unwrap();
    for ws in [None, Some("lab"), Some("acme")] {
        let view = filter("2025-03-01", "2025-11-30", SeriesMode::ObjectType, &[], ws);
        let query = FigureQueries::new(ACTIVITY_LOG_ID, &view, zone).workspaces;
        let names = aggregates::read_workspaces(&get(&runtime, &portal, &query)).unwrap();
        // By hand: the fixture's events are in acme, except four in lab.
        assert_eq!(names, ["acme", "lab"], "{ws:?}");
    }
}

/// The platform's documentation does not say whether a bare date (`date'2025-11-01'`) is
/// midnight in the request's `timezone` or in UTC. The app sends instants, which both readings
/// answer alike; a bare date would not (the demo portal's `bare_dates=utc` switch reads it in UTC).
#[test]
fn the_window_reads_the_same_whichever_way_a_portal_reads_a_bare_date() {
    use demo_portal::faults::Faults;
    let records = hand_checked_records();
    let runtime = runtime();
    let answer = |bare_dates_utc: bool, query: &ExploreQuery| {
        let portal = demo_portal(
            &records,
            Faults {
                bare_dates_utc,
                ..Faults::default()
            },
        );
        get(&runtime, &portal, query)
    };
    let zone: Zone = "America/New_York".parse().unwrap();
    let view = filter(
        "2025-11-01",
        "2025-11-03",
        SeriesMode::ObjectType,
        &[],
        None,
    );
    let queries = FigureQueries::new(ACTIVITY_LOG_ID, &view, zone);
    let queries = [
        &queries.activity[0].1,
        &queries.days[0].1,
        &queries.hours[0].1,
    ];
    for query in queries {
        assert_eq!(answer(false, query), answer(true, query), "{query:?}");
    }
    // By hand: event 26 (2025-11-01T03:59:59Z) is on October 31 in New York, but on November 1
    // when the bare date is read in UTC.
    let bare = ExploreQuery::records(ACTIVITY_LOG_ID)
        .where_("timestamp >= date'2025-11-01' AND timestamp < date'2025-11-04'")
        .timezone(zone.name())
        .limit(0);
    assert_ne!(answer(false, &bare), answer(true, &bare));
}

/// Nor does it say how `min`/`max(timestamp)` come back: RFC 3339 with an offset, a local time
/// without one, or epoch milliseconds (the demo portal's `instants=` switch). Each reads to the
/// same instants.
#[test]
fn an_aggregated_instant_reads_the_same_in_each_form_a_portal_may_send() {
    use demo_portal::faults::{Faults, Instants};
    let records = hand_checked_records();
    let runtime = runtime();
    let zone: Zone = "Europe/Paris".parse().unwrap();
    // Paris's autumn change: events 9–14.
    let view = filter(
        "2025-10-25",
        "2025-10-27",
        SeriesMode::ObjectType,
        &[],
        None,
    );
    let queries = FigureQueries::new(ACTIVITY_LOG_ID, &view, zone);
    let night = aggregates::NotableQueries::new(ACTIVITY_LOG_ID, &view, zone, &[]).night;
    let read = |instants: Instants| {
        let portal = demo_portal(
            &records,
            Faults {
                instants,
                ..Faults::default()
            },
        );
        let mut builder = GroupsBuilder::new();
        for (_, query) in &queries.activity {
            let body = get(&runtime, &portal, query);
            aggregates::read_activity(&body, zone, &mut builder).unwrap();
        }
        let groups = builder.finish();
        let mut builder = GroupsBuilder::new();
        let body = get(&runtime, &portal, &night);
        aggregates::read_rule_groups(&body, zone, Rule::Night, &mut builder).unwrap();
        (groups, builder.finish(), body)
    };
    let (groups, rules, offset_body) = read(Instants::Rfc3339);
    // By hand: zoë edited café-terrasses at 02:30 twice (events 9 and 10: 00:30Z in summer
    // time, 01:30Z after the clocks went back); the group's latest is the second. With an offset
    // or as a number it reads so; a local time without offset cannot tell the two 02:30 apart
    // and reads the first. Every other group reads the same in all three forms.
    let on_cafe = |groups: &Groups, g: &engine::groups::Activity| {
        groups.names.objects[g.object as usize].1 == "café-terrasses"
            && groups.user_name(g.user) == "zoë🚀"
    };
    let last_on_cafe = |groups: &Groups| {
        let lasts = groups.activity.iter().filter(|g| on_cafe(groups, g));
        lasts.map(|g| g.last).max()
    };
    let others = |groups: &Groups| -> Vec<_> {
        let others = groups.activity.iter().filter(|g| !on_cafe(groups, g));
        others.copied().collect()
    };
    let at = |text: &str| {
        chrono::DateTime::parse_from_rfc3339(text)
            .unwrap()
            .timestamp_millis()
    };
    assert_eq!(last_on_cafe(&groups), Some(at("2025-10-26T01:30:00Z")));
    let pairs: BTreeSet<_> = groups.activity.iter().map(|g| (g.object, g.user)).collect();
    assert_eq!(pairs.len(), 5, "events 9–14 by (object, user)");
    assert!(offset_body.contains("+01:00"), "{offset_body}");
    let (epoch_groups, epoch_rules, epoch_body) = read(Instants::EpochMs);
    assert!(
        !epoch_body.contains("T0"),
        "numbers, not text: {epoch_body}"
    );
    assert_eq!((&epoch_groups, &epoch_rules), (&groups, &rules));
    let (naive_groups, naive_rules, naive_body) = read(Instants::Naive);
    assert!(
        naive_body.contains("\"2025-10-26T02:30:00\""),
        "{naive_body}"
    );
    assert_eq!(
        last_on_cafe(&naive_groups),
        Some(at("2025-10-26T00:30:00Z"))
    );
    assert_eq!(others(&naive_groups), others(&groups));
    assert_eq!(naive_rules.night.len(), rules.night.len());
}

/// A portal (or a proxy before it) that ignores `group_by` answers rows: the one-group probe
/// the app asks before portal mode tells it, and the events are downloaded instead.
#[test]
fn a_portal_that_ignores_group_by_is_told_by_one_small_answer() {
    use demo_portal::faults::Faults;
    let records = hand_checked_records();
    let runtime = runtime();
    let zone: Zone = "Europe/Paris".parse().unwrap();
    let window = DateWindow {
        from: "2025-03-01".parse().unwrap(),
        to: "2025-11-30".parse().unwrap(),
    };
    let probe = aggregates::groups_probe(ACTIVITY_LOG_ID, &window, zone);
    let answer = |ignore_group_by: bool| {
        let portal = demo_portal(
            &records,
            Faults {
                ignore_group_by,
                ..Faults::default()
            },
        );
        get(&runtime, &portal, &probe)
    };
    let groups = answer(false);
    assert!(aggregates::answers_groups(&groups), "{groups}");
    let rows = answer(true);
    assert!(!aggregates::answers_groups(&rows), "{rows}");
    // One group, or one row: the probe costs one small answer either way.
    for body in [&groups, &rows] {
        let results: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(results["results"].as_array().unwrap().len(), 1, "{body}");
    }
    // An empty window, or an answer that is not the API's, says nothing against groups.
    assert!(aggregates::answers_groups(
        r#"{"total_count": 0, "results": []}"#
    ));
    assert!(aggregates::answers_groups("<html>"));
}

/// Events of one second already shown are told apart by content, identical ones counted apart:
/// two identical events of which one was shown leave one.
#[test]
fn the_ties_shown_are_removed_as_many_times_as_they_were_shown() {
    let event = |user: &str| serde_json::json!({ "timestamp": "2024-10-01T10:00:00+02:00", "user_id": user });
    let start = log_pages::PageStart {
        before: Some(0),
        shown: vec![event("ann").to_string()],
    };
    // Any order in: the same head out, ordered by content.
    for ties in [
        vec![event("bob"), event("ann"), event("ann")],
        vec![event("ann"), event("bob"), event("ann")],
    ] {
        assert_eq!(
            log_pages::unshown_ties(&start, ties),
            vec![event("ann"), event("bob")]
        );
    }
}
