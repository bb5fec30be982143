//! The reference implementation the engine's aggregates are checked against: owned records,
//! the object rule written out plainly, jiff's calendar and time-zone database (not the
//! engine's chrono-tz), hash maps. Shared by `reference.rs` (the engine) and the app's
//! `tests/portal_aggregation.rs` (the demo portal's answers, assembled as portal mode does),
//! so that each is checked against this and nothing else.

// Each test crate that includes it uses a part of it.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::{Datelike, Duration, NaiveDate};
use engine::dashboard::Dashboard;
use engine::groups::{Activity, DayCount, Groups, GroupsBuilder, HourCount, Removal, RuleCount};
use engine::series::TimeSeries;
use engine::stats::UsersByAction;
use engine::{DateWindow, ObjectType, Record, SeriesMode};

pub fn set(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.is_empty())
}

/// The object rule, written out plainly.
pub fn reference_object(r: &Record) -> (&'static str, String) {
    if let Some(v) = set(&r.dataset_id) {
        ("dataset", v.into())
    } else if let Some(v) = set(&r.page_id) {
        ("page", v.into())
    } else if let Some(v) = set(&r.map_id) {
        ("map", v.into())
    } else if let Some(v) = set(&r.group_id) {
        ("group", v.into())
    } else if let Some(v) = set(&r.reuse_title) {
        ("reuse", v.into())
    } else if let Some(v) = set(&r.username) {
        ("user", v.into())
    } else {
        (
            "workspace",
            set(&r.subdomain_id).unwrap_or(&r.domain_id).into(),
        )
    }
}

pub fn workspace(r: &Record) -> &str {
    set(&r.subdomain_id).unwrap_or(&r.domain_id)
}

/// The object types in the rule's order.
pub const TYPES: [&str; 7] = [
    "dataset",
    "page",
    "map",
    "group",
    "reuse",
    "user",
    "workspace",
];

pub fn type_rank(name: &str) -> usize {
    TYPES.iter().position(|t| *t == name).unwrap()
}

/// Per key: actions, the distinct things seen with it, the latest timestamp.
pub type Tally<'a, T> = (u64, HashSet<T>, i64);

pub struct Reference<'a> {
    pub rows: Vec<&'a Record>,
    pub tz: jiff::tz::TimeZone,
}

/// An instant's local date, weekday (0 = Monday) and hour, by jiff.
pub fn local(r: &Record, tz: &jiff::tz::TimeZone) -> (NaiveDate, usize, u8) {
    let zoned = jiff::Timestamp::from_millisecond(r.timestamp.timestamp_millis())
        .unwrap()
        .to_zoned(tz.clone());
    let date = NaiveDate::from_ymd_opt(
        i32::from(zoned.year()),
        zoned.month() as u32,
        zoned.day() as u32,
    )
    .unwrap();
    let weekday = zoned.weekday().to_monday_zero_offset() as usize;
    (date, weekday, zoned.hour() as u8)
}

/// The first day of the Actions chart's bar that holds `day`: the day itself up to 92 days, its
/// week (from Monday) up to 731, its month past that; never before the window's first day.
pub fn bucket_of(window: &DateWindow, day: NaiveDate) -> NaiveDate {
    let days = (window.to - window.from).num_days() + 1;
    let start = if days <= 92 {
        day
    } else if days <= 731 {
        day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
    } else {
        day.with_day(1).unwrap()
    };
    start.max(window.from)
}

impl<'a> Reference<'a> {
    pub fn new(
        records: &'a [Record],
        zone: &str,
        window: &DateWindow,
        workspace_filter: Option<&str>,
        mode: SeriesMode,
        hidden: &BTreeSet<String>,
    ) -> Self {
        let tz = jiff::tz::TimeZone::get(zone).unwrap();
        let rows = records
            .iter()
            .filter(|r| {
                let (day, ..) = local(r, &tz);
                window.from <= day && day <= window.to
            })
            .filter(|r| workspace_filter.is_none_or(|w| workspace(r) == w))
            .filter(|r| {
                let name = match mode {
                    SeriesMode::ObjectType => reference_object(r).0.to_string(),
                    SeriesMode::Action => r.action.clone(),
                };
                !hidden.contains(&name)
            })
            .collect();
        Reference { rows, tz }
    }

    /// Events per bar of the Actions chart (keyed by its first day) and series.
    pub fn per_bucket(
        &self,
        window: &DateWindow,
        mode: SeriesMode,
    ) -> BTreeMap<(NaiveDate, String), u32> {
        let mut counts = BTreeMap::new();
        for r in &self.rows {
            let name = match mode {
                SeriesMode::ObjectType => reference_object(r).0.to_string(),
                SeriesMode::Action => r.action.clone(),
            };
            let bucket = bucket_of(window, local(r, &self.tz).0);
            *counts.entry((bucket, name)).or_default() += 1;
        }
        counts
    }

    /// Each top user's events per action (the users-by-action chart), nonzero cells only.
    pub fn users_by_action(&self, top: usize) -> (Vec<String>, BTreeMap<(String, String), u64>) {
        let users: Vec<String> = self.users().into_iter().take(top).map(|u| u.0).collect();
        let mut cells = BTreeMap::new();
        for r in self.rows.iter().filter(|r| users.contains(&r.user_id)) {
            *cells
                .entry((r.user_id.clone(), r.action.clone()))
                .or_default() += 1;
        }
        (users, cells)
    }

    /// The groups a portal answers for these rows (every series), counted here: objects by
    /// the plain rule, days and hours by jiff, the notable rules' candidates by their
    /// definitions.
    pub fn groups(&self) -> Groups {
        let mut builder = GroupsBuilder::new();
        let (mut activity, mut days, mut hours) = (Vec::new(), Vec::new(), Vec::new());
        let (mut removals, mut access, mut night) = (Vec::new(), Vec::new(), Vec::new());
        for (order, r) in self.rows.iter().enumerate() {
            let (type_name, id) = reference_object(r);
            let kind = ObjectType::from_name(type_name).unwrap();
            let object = builder.object(kind, &id);
            let user = builder.user(&r.user_id);
            let action = builder.action(&r.action);
            let at = r.timestamp.timestamp_millis();
            let (day, weekday, hour) = local(r, &self.tz);
            activity.push(Activity {
                object,
                user,
                action,
                count: 1,
                last: at,
            });
            let day =
                i32::try_from((day - NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()).num_days())
                    .unwrap();
            days.push(DayCount {
                kind,
                action,
                day,
                count: 1,
            });
            hours.push(HourCount {
                kind,
                action,
                weekday: weekday as u8,
                hour,
                count: 1,
            });
            if r.user_id.is_empty() {
                continue;
            }
            let rule = RuleCount {
                user,
                object,
                action,
                count: 1,
                first: at,
                last: at,
            };
            if r.action.starts_with("delete_") || r.action.starts_with("remove_") {
                removals.push(Removal {
                    at,
                    order: order as u32,
                    user,
                    object,
                    action,
                });
            }
            if ["security", "permission", "_user_to_", "_user_from_"]
                .iter()
                .any(|p| r.action.contains(p))
            {
                access.push(rule);
            }
            if hour < 6 {
                night.push(rule);
            }
        }
        let groups = builder.groups_mut();
        (groups.activity, groups.days, groups.hours) = (activity, days, hours);
        (groups.removals, groups.access, groups.night) = (removals, access, night);
        builder.finish()
    }

    /// Events per local weekday (Monday first) and hour.
    pub fn week_hours(&self) -> [[u64; 24]; 7] {
        let mut counts = [[0; 24]; 7];
        for r in &self.rows {
            let (_, weekday, hour) = local(r, &self.tz);
            counts[weekday][hour as usize] += 1;
        }
        counts
    }

    pub fn weekdays(&self) -> [u64; 7] {
        let mut counts = [0; 7];
        for r in &self.rows {
            counts[local(r, &self.tz).1] += 1;
        }
        counts
    }

    pub fn objects(&self) -> Vec<(String, String, u64, u32, i64)> {
        let mut map: HashMap<(&str, String), Tally<&str>> = HashMap::new();
        for r in &self.rows {
            let entry = map
                .entry(reference_object(r))
                .or_insert((0, HashSet::new(), i64::MIN));
            entry.0 += 1;
            if !r.user_id.is_empty() {
                entry.1.insert(&r.user_id);
            }
            entry.2 = entry.2.max(r.timestamp.timestamp_millis());
        }
        let mut list: Vec<_> = map
            .into_iter()
            .map(|((kind, id), (n, users, last))| {
                (kind.to_string(), id, n, users.len() as u32, last)
            })
            .collect();
        list.sort_by(|a, b| {
            b.2.cmp(&a.2)
                .then(type_rank(&a.0).cmp(&type_rank(&b.0)))
                .then(a.1.cmp(&b.1))
        });
        list
    }

    pub fn users(&self) -> Vec<(String, u64, u32, i64)> {
        let mut map: HashMap<&str, Tally<(&str, String)>> = HashMap::new();
        for r in self.rows.iter().filter(|r| !r.user_id.is_empty()) {
            let entry = map
                .entry(&r.user_id)
                .or_insert((0, HashSet::new(), i64::MIN));
            entry.0 += 1;
            entry.1.insert(reference_object(r));
            entry.2 = entry.2.max(r.timestamp.timestamp_millis());
        }
        let mut list: Vec<_> = map
            .into_iter()
            .map(|(user, (n, objects, last))| (user.to_string(), n, objects.len() as u32, last))
            .collect();
        list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        list
    }

    pub fn actions(&self) -> Vec<(String, u64)> {
        let mut map: HashMap<&str, u64> = HashMap::new();
        for r in &self.rows {
            *map.entry(&r.action).or_default() += 1;
        }
        let mut list: Vec<_> = map.into_iter().map(|(a, n)| (a.to_string(), n)).collect();
        list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        list
    }
}

/// A chart's bars as (first day, series) → count, the zeros left out: the shape of
/// [`Reference::per_bucket`].
pub fn bars(series: &TimeSeries) -> BTreeMap<(NaiveDate, String), u32> {
    let mut bars = BTreeMap::new();
    for s in &series.series {
        for (day, &count) in series.days.iter().zip(&s.counts) {
            if count > 0 {
                bars.insert((*day, s.name.clone()), count);
            }
        }
    }
    bars
}

/// The users-by-action chart as its users, in order, and its nonzero cells: the shape of
/// [`Reference::users_by_action`].
pub fn cells(chart: &UsersByAction) -> (Vec<String>, BTreeMap<(String, String), u64>) {
    let mut cells = BTreeMap::new();
    for (user, counts) in chart.users.iter().zip(&chart.counts) {
        for (action, &count) in chart.actions.iter().zip(counts) {
            if count > 0 {
                cells.insert((user.clone(), action.clone()), count);
            }
        }
    }
    (chart.users.clone(), cells)
}

/// Every figure of `dashboard` equals the reference's: `visible` is the view's events,
/// `every_series` the same with no series hidden (the chart shows hidden series' totals too).
pub fn assert_is_reference(
    dashboard: &Dashboard,
    visible: &Reference,
    every_series: &Reference,
    window: &DateWindow,
    mode: SeriesMode,
    label: &str,
) {
    let users = visible.users();
    assert_eq!(
        (dashboard.kpis.actions, dashboard.kpis.users),
        (visible.rows.len(), users.len()),
        "{label}: KPIs"
    );
    assert_eq!(
        bars(&dashboard.series),
        every_series.per_bucket(window, mode),
        "{label}: series"
    );
    assert_eq!(dashboard.weekdays, visible.weekdays(), "{label}: weekdays");
    assert_eq!(
        dashboard.week_hours,
        visible.week_hours(),
        "{label}: weekday × hour"
    );
    assert_eq!(dashboard.actions, visible.actions(), "{label}: actions");
    let objects: Vec<_> = dashboard
        .objects
        .iter()
        .map(|o| {
            let kind = o.kind.name().to_string();
            (kind, o.id.clone(), o.actions, o.users, o.last)
        })
        .collect();
    assert_eq!(objects, visible.objects(), "{label}: objects");
    let dashboard_users: Vec<_> = dashboard
        .users
        .iter()
        .map(|u| (u.user.clone(), u.actions, u.objects, u.last))
        .collect();
    assert_eq!(dashboard_users, users, "{label}: users");
    assert_eq!(
        cells(&dashboard.users_by_action),
        visible.users_by_action(10),
        "{label}: users by action"
    );
}
