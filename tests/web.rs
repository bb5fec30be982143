//! Components in a real browser (headless Chromium through wasm-bindgen-test):
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test web`.

// A test may unwrap and panic: a failure there is the point, and nothing here reads outside data.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(target_arch = "wasm32")]

use backoffice_analytics::components::{KpiCards, Legend, LegendItem};
use backoffice_analytics::state::Stages;
use backoffice_analytics::App;
use engine::Kpis;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn container() -> web_sys::HtmlElement {
    backoffice_analytics::zones::use_browser_zones();
    let document = web_sys::window().unwrap().document().unwrap();
    let div = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&div).unwrap();
    div.unchecked_into()
}

fn text_of(root: &web_sys::HtmlElement, selector: &str) -> Option<String> {
    root.query_selector(selector)
        .unwrap()
        .and_then(|e| e.text_content())
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
async fn kpi_cards_show_the_numbers_and_follow_their_signal() {
    let root = container();
    let kpis = RwSignal::new(None::<Kpis>);
    let _handle = leptos::mount::mount_to(root.clone(), move || view! { <KpiCards kpis=kpis /> });
    assert_eq!(text_of(&root, "[data-kpi=actions]").as_deref(), Some("—"));

    kpis.set(Some(Kpis {
        actions: 1234,
        users: 5,
    }));
    leptos::task::tick().await;
    // Thousands grouped as the browser's language does; the plain number beside.
    let shown = text_of(&root, "[data-kpi=actions]").unwrap_or_default();
    assert!(shown == "1,234" || shown == "1\u{202f}234", "{shown}");
    let plain = root
        .query_selector("[data-kpi=actions]")
        .unwrap()
        .and_then(|e| e.get_attribute("data-value"));
    assert_eq!(plain.as_deref(), Some("1234"));
    assert_eq!(text_of(&root, "[data-kpi=users]").as_deref(), Some("5"));
    assert_eq!(
        text_of(&root, "[data-kpi=actions-per-user]").as_deref(),
        Some("246.8")
    );
}

/// The test runner's server has no Explore API: the app must land in `data-state="error"` with
/// the status, advice and a Retry button — never a blank page.
#[wasm_bindgen_test]
async fn app_without_a_portal_says_what_failed_and_offers_retry() {
    let root = container();
    let _handle = leptos::mount::mount_to(root.clone(), App);
    let mut state = String::new();
    for _ in 0..100 {
        leptos::task::tick().await;
        state = root
            .query_selector("main")
            .unwrap()
            .and_then(|main| main.get_attribute("data-state"))
            .unwrap_or_default();
        // No `main` yet (the shell is built a task after the mount), or still loading.
        if !state.is_empty() && state != "loading" {
            break;
        }
        sleep(50).await;
    }
    assert_eq!(state, "error");
    let alert = text_of(&root, "[role=alert]").unwrap_or_default();
    assert!(
        alert.contains("404") || alert.contains("reached"),
        "{alert}"
    );
    let retry = text_of(&root, "[role=alert] button").unwrap_or_default();
    assert!(retry == "Try again" || retry == "Retry", "{retry}");
}

fn item(name: &str, visible: bool) -> LegendItem {
    LegendItem {
        name: name.into(),
        label: name.to_uppercase(),
        total: 3,
        color: "#1d4ed8".into(),
        visible,
        partly: false,
    }
}

/// A legend label is a toggle button: a click reports its series, and the same element shows
/// the new state (so keyboard focus stays on it).
#[wasm_bindgen_test]
async fn legend_buttons_toggle_their_series_and_keep_their_element() {
    let root = container();
    let items = RwSignal::new(vec![item("dataset", true), item("page", true)]);
    let clicked = RwSignal::new(Vec::<String>::new());
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        view! { <Legend label="Series" items=items on_toggle=move |name: String| clicked.update(|c| c.push(name)) /> }
    });
    let button = root
        .query_selector("button[data-series=page]")
        .unwrap()
        .unwrap();
    assert_eq!(
        button.get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    button.unchecked_ref::<web_sys::HtmlElement>().click();
    leptos::task::tick().await;
    assert_eq!(clicked.get_untracked(), vec!["page".to_string()]);

    items.set(vec![item("dataset", true), item("page", false)]);
    leptos::task::tick().await;
    let after = root
        .query_selector("button[data-series=page]")
        .unwrap()
        .unwrap();
    assert_eq!(
        after.get_attribute("aria-pressed").as_deref(),
        Some("false")
    );
    assert!(
        after.is_same_node(Some(&button)),
        "the button was re-created"
    );
    assert_eq!(
        text_of(&root, "button[data-series=dataset] .legend__label").as_deref(),
        Some("DATASET")
    );

    // A group with some series shown and some hidden is half pressed.
    let mut group = item("other-actions", true);
    group.partly = true;
    items.set(vec![item("dataset", true), group]);
    leptos::task::tick().await;
    let group = root
        .query_selector("button[data-series=other-actions]")
        .unwrap()
        .unwrap();
    assert_eq!(
        group.get_attribute("aria-pressed").as_deref(),
        Some("mixed")
    );
}

#[wasm_bindgen_test]
async fn stages_draw_one_section_per_frame_when_figures_first_arrive() {
    let root = container();
    let has_figures = RwSignal::new(false);
    let stages = RwSignal::new(None::<Stages>);
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        let drawn = Stages::new(has_figures.into(), 3);
        stages.set(Some(drawn));
        view! {
            <p id="one">"1"</p>
            <Show when=move || drawn.shows(2)><p id="two">"2"</p></Show>
            <Show when=move || drawn.shows(3)><p id="three">"3"</p></Show>
        }
    });
    let shown = |root: &web_sys::HtmlElement| {
        ["one", "two", "three"]
            .into_iter()
            .filter(|id| root.query_selector(&format!("#{id}")).unwrap().is_some())
            .collect::<Vec<_>>()
    };
    let stages = stages.get_untracked().unwrap();
    // Without figures only the first section is there, and nothing is being drawn.
    assert_eq!(shown(&root), ["one"]);
    assert!(!stages.drawing());

    // They arrive: still the first section only, in this task.
    has_figures.set(true);
    leptos::task::tick().await;
    assert_eq!(shown(&root), ["one"]);
    assert!(stages.drawing());
    let mut seen = vec![shown(&root).len()];
    for _ in 0..200 {
        sleep(2).await;
        seen.push(shown(&root).len());
    }
    // Then one more section per frame (a frame is over 2 ms apart), and the drawing ends.
    assert!(seen.contains(&2), "{seen:?}");
    assert_eq!(seen.last(), Some(&3));
    assert!(!stages.drawing());

    // Later changes of the figures keep every section.
    has_figures.set(true);
    leptos::task::tick().await;
    assert_eq!(shown(&root), ["one", "two", "three"]);
}

/// The browser's zones, sampled into the engine's tables, against the tz database (chrono-tz)
/// every six hours from 1970 to 2029: zones with half-hour and 45-minute offsets, a skipped
/// day (Apia, 2011), DST abolished (Sao Paulo, 2019), DST on both hemispheres.
#[wasm_bindgen_test]
fn the_browsers_zones_agree_with_the_tz_database() {
    use chrono::{Offset, TimeZone};
    backoffice_analytics::zones::use_browser_zones();
    let names = [
        "Europe/Paris",
        "America/New_York",
        "Australia/Lord_Howe",
        "Asia/Kathmandu",
        "Pacific/Apia",
        "America/Sao_Paulo",
        "Asia/Tokyo",
    ];
    let end_ms = 1_893_456_000_000; // 2030-01-01
    for name in names {
        let zone: engine::Zone = name.parse().unwrap();
        assert_eq!(zone.name(), name);
        let tz: chrono_tz::Tz = name.parse().unwrap();
        let mismatches: Vec<i64> = (0..end_ms)
            .step_by(6 * 3_600_000)
            .filter(|&instant| {
                let utc = chrono::DateTime::from_timestamp_millis(instant).unwrap();
                let expected = tz.offset_from_utc_datetime(&utc.naive_utc()).fix();
                zone.offset_ms(instant) != i64::from(expected.local_minus_utc()) * 1000
            })
            .take(5)
            .collect();
        assert_eq!(mismatches, Vec::<i64>::new(), "{name}");
    }
    assert!("Mars/Olympus".parse::<engine::Zone>().is_err());
    assert!(engine::calendar::zone_names().contains(&"Europe/Paris"));
}

/// A kept log's first part read alone (the browser's file storage, ranges of the file): its
/// rows without their diffs, even when its strings outgrow the first read; another source's
/// file is not read as this one's.
#[wasm_bindgen_test]
async fn a_kept_logs_head_reads_back_without_its_diffs() {
    use backoffice_analytics::api::Source;
    use backoffice_analytics::state::kept;
    use backoffice_analytics::storage;
    use engine::snapshot::Snapshot;
    use engine::{Record, Store};

    let source = Source {
        portal: "https://head.example.com".into(),
        dataset: "ods-backoffice-activity".into(),
    };
    // 3,000 users of 400-byte names: 1.2 MB of strings, past the first megabyte read.
    let records: Vec<Record> = (0..3000)
        .map(|i| Record {
            timestamp: chrono::DateTime::from_timestamp(1_700_000_000 + i, 0).unwrap(),
            user_id: format!("user-{i}-{}", "é".repeat(200)),
            action: "edit_dataset".into(),
            // 6 kB of diff each: 18 MB in all, read back in more than one piece.
            diff: Some(format!("{{\"n\": {i}, \"t\": \"{}\"}}", "é".repeat(3000))),
            ..Record::default()
        })
        .collect();
    let store = Store::from_records(&records);
    let mut snapshot = Snapshot {
        name: kept::log_name(&source),
        ..Snapshot::default()
    };
    storage::write(&kept::log_file(&source), &snapshot.encode(&store))
        .await
        .unwrap();
    let (kept_head, head) = kept::read_log_head(&source).await.unwrap().unwrap();
    assert_eq!(head.len(), records.len());
    for row in [0, 1500, 2999] {
        let mut expected = records[row].clone();
        expected.diff = None;
        assert_eq!(head.record(row), expected);
    }
    // The rest after the head: the whole log, diffs and all.
    let (_, whole) = kept::read_log_rest(kept_head, &head).await.unwrap();
    assert_eq!(whole.len(), records.len());
    for row in [0, 1500, 2999] {
        assert_eq!(whole.record(row), records[row]);
    }
    // A file written again between the head and the rest is not read as the head's.
    let (kept_head, head) = kept::read_log_head(&source).await.unwrap().unwrap();
    let fewer = Store::from_records(&records[..2000]);
    storage::write(&kept::log_file(&source), &snapshot.encode(&fewer))
        .await
        .unwrap();
    assert!(kept::read_log_rest(kept_head, &head).await.is_none());
    snapshot.name = "another portal".into();
    storage::write(&kept::log_file(&source), &snapshot.encode(&store))
        .await
        .unwrap();
    assert!(kept::read_log_head(&source).await.unwrap().is_none());
    storage::remove(&kept::log_file(&source)).await.unwrap();
}

/// A window's groups kept beside a kept copy read back as they were, and only for that copy
/// (its name and save time), that window, workspace and zone, and a view without marks.
#[wasm_bindgen_test]
async fn kept_groups_are_read_back_only_for_what_they_were_counted_from() {
    use backoffice_analytics::api::Source;
    use backoffice_analytics::state::first_draw::{self, Counted, Wanted};
    use backoffice_analytics::state::LoadedLog;
    use engine::groups::Groups;
    use engine::{DateWindow, MarkKind, ParseReport, Record, SeriesMode, Store, ViewFilter};

    let source = Source {
        portal: "https://groups.example.com".into(),
        dataset: "ods-backoffice-activity".into(),
    };
    let records: Vec<Record> = (0..50)
        .map(|i| Record {
            timestamp: chrono::DateTime::from_timestamp(1_700_000_000 + i * 3_600, 0).unwrap(),
            domain_id: "ws".into(),
            user_id: format!("user-{}", i % 3),
            action: ["edit_dataset", "delete_page"][i as usize % 2].into(),
            dataset_id: (i % 2 == 0).then(|| "trees".to_string()),
            page_id: (i % 2 == 1).then(|| format!("page-{i}")),
            ..Record::default()
        })
        .collect();
    let zone: engine::Zone = "Europe/Paris".parse().unwrap();
    let log = LoadedLog::new(Store::from_records(&records), ParseReport::default(), zone);
    let rows: Vec<u32> = (0..records.len() as u32).collect();
    let groups = Groups::of_rows(&log.log, &rows);
    let key = ViewFilter {
        window: DateWindow::parse("2023-11-01", "2023-11-30").unwrap(),
        workspace: None,
        mode: SeriesMode::ObjectType,
        hidden: Default::default(),
        marks: Default::default(),
    };
    let counted = Counted {
        key: &key,
        log: &log,
        groups: &groups,
        log_name: "the copy".into(),
        saved_at_ms: 42,
    };
    first_draw::write(&source, counted).await;
    let wanted = |key, log_name, saved_at_ms, zone| Wanted {
        key,
        zone,
        log_name,
        saved_at_ms,
    };
    let bytes = first_draw::read_file(&source).await.unwrap();
    let (back, shown) = first_draw::read(&bytes, wanted(&key, "the copy", 42, zone))
        .await
        .unwrap();
    assert_eq!(*back, groups);
    assert_eq!(shown.workspaces(), ["ws".to_string()]);
    assert!(shown.events().is_none());
    let mut other_window = key.clone();
    other_window.window = DateWindow::parse("2023-11-01", "2023-11-29").unwrap();
    let mut other_workspace = key.clone();
    other_workspace.workspace = Some("lab".into());
    let mut marked = key.clone();
    marked.marks.add(MarkKind::Weekday, "tue").unwrap();
    let utc = engine::Zone::UTC;
    for refused in [
        wanted(&key, "another copy", 42, zone),
        wanted(&key, "the copy", 43, zone),
        wanted(&key, "the copy", 42, utc),
        wanted(&other_window, "the copy", 42, zone),
        wanted(&other_workspace, "the copy", 42, zone),
        wanted(&marked, "the copy", 42, zone),
    ] {
        assert!(first_draw::read(&bytes, refused).await.is_none());
    }
    backoffice_analytics::storage::remove(&first_draw::file(&source))
        .await
        .unwrap();
}
