//! The dashboard assembled from counts per group, as a portal answers `group_by` queries: the
//! same figures as [`Dashboard::compute`](crate::dashboard::Dashboard::compute) gives from the
//! events, from what grows with the number of groups instead (objects × users, days × series).

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::aggregate::Kpis;
use crate::calendar::{day_of_date, DateWindow};
use crate::dashboard::{Dashboard, TOP_USERS_BY_ACTION};
use crate::families::{ranked_families, ActionFamily};
use crate::filter::SeriesMode;
use crate::objects::{object_of_text, ObjectType};
use crate::record::TextField;
use crate::series::{series_order, Bucket, Series, TimeSeries};
use crate::stats::{sort_by_column, ObjectSort, ObjectStat, UserSort, UserStat, UsersByAction};

/// The fields an event's object is derived from, in the order a portal query groups them.
pub const OBJECT_FIELDS: [TextField; 8] = [
    TextField::DatasetId,
    TextField::PageId,
    TextField::MapId,
    TextField::GroupId,
    TextField::ReuseTitle,
    TextField::Username,
    TextField::SubdomainId,
    TextField::DomainId,
];

/// Events that share their object fields and their user: one group of the portal's answer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ObjectUserGroup {
    /// The values of [`OBJECT_FIELDS`], in that order; `None` or empty when unset.
    pub fields: [Option<String>; 8],
    pub user: Option<String>,
    pub actions: u64,
    /// Milliseconds since the epoch of the group's latest event.
    pub last: i64,
}

impl ObjectUserGroup {
    /// The object these events concern, by the rule every view uses.
    pub fn object(&self) -> (ObjectType, &str) {
        object_of_text(|field| {
            OBJECT_FIELDS
                .iter()
                .position(|f| *f == field)
                .and_then(|i| self.fields[i].as_deref())
                .unwrap_or("")
        })
    }
}

/// Events of one object type and action on one local day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DayGroup {
    pub kind: ObjectType,
    pub action: String,
    pub day: NaiveDate,
    pub events: u64,
}

/// Everything the portal answered for one view.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Groups {
    pub object_users: Vec<ObjectUserGroup>,
    /// Per object type, action and local day: its events (of every series, hidden or not).
    pub days: Vec<DayGroup>,
    /// Per local weekday (0 = Monday) and hour: its events.
    pub week_hours: Vec<(u8, u8, u64)>,
    /// Per action name: its events.
    pub actions: Vec<(String, u64)>,
    /// Per user and action, for the most active users: their events.
    pub users_by_action: Vec<(String, String, u64)>,
}

impl Dashboard {
    /// The dashboard of `window` from the portal's groups (of the visible series, but `days`
    /// of every series, as the legend shows hidden ones' totals). No row numbers, and nothing
    /// that needs rows: `rows` and `notable` are empty.
    pub fn from_groups(groups: &Groups, window: &DateWindow, mode: SeriesMode) -> Dashboard {
        let stats = object_and_user_stats(&groups.object_users);
        Dashboard::from_groups_and_stats(groups, stats, window, mode)
    }

    /// The same, with the objects' and users' stats already counted from
    /// `groups.object_users` (the caller needed them first, for [`top_users`]).
    pub fn from_groups_and_stats(
        groups: &Groups,
        (objects, users, kpis): ObjectAndUserStats,
        window: &DateWindow,
        mode: SeriesMode,
    ) -> Dashboard {
        let week_hours = week_hours(&groups.week_hours);
        Dashboard {
            series: series_of_days(&groups.days, window, mode),
            rows: Vec::new(),
            kpis,
            weekdays: week_hours.map(|hours| hours.iter().sum()),
            users_by_action: users_by_action(&groups.users_by_action, &users),
            objects,
            users,
            actions: ranked(&groups.actions),
            week_hours,
            notable: Vec::new(),
        }
    }
}

/// The most active users (of `users`, most active first), whose actions
/// [`Groups::users_by_action`] needs.
pub fn top_users(users: &[UserStat]) -> Vec<String> {
    users
        .iter()
        .take(TOP_USERS_BY_ACTION)
        .map(|stat| stat.user.clone())
        .collect()
}

/// Objects and users with their counts (most active first), and the KPIs.
pub type ObjectAndUserStats = (Vec<ObjectStat>, Vec<UserStat>, Kpis);

/// Users with their actions on objects of one type only (the users list's type filter).
pub fn users_of_type(groups: &[ObjectUserGroup], kind: ObjectType) -> Vec<UserStat> {
    let of_type: Vec<ObjectUserGroup> = groups
        .iter()
        .filter(|group| group.object().0 == kind)
        .cloned()
        .collect();
    object_and_user_stats(&of_type).1
}

/// Objects and users with their counts, and the KPIs: distinct users and objects are exact
/// because each group is one (object fields, user) pair.
pub fn object_and_user_stats(groups: &[ObjectUserGroup]) -> ObjectAndUserStats {
    #[derive(Default)]
    struct Tally<'a> {
        actions: u64,
        last: i64,
        /// Distinct users of an object (with ""), or (type, id) of a user's objects.
        others: Vec<(&'a str, &'a str)>,
    }
    let mut objects: HashMap<(ObjectType, &str), Tally> = HashMap::new();
    let mut users: HashMap<&str, Tally> = HashMap::new();
    let mut actions = 0;
    for group in groups {
        actions += group.actions;
        let object = group.object();
        let user = group.user.as_deref().unwrap_or("");
        let tally = objects.entry(object).or_insert_with(|| Tally {
            last: i64::MIN,
            ..Tally::default()
        });
        tally.actions += group.actions;
        tally.last = tally.last.max(group.last);
        if user.is_empty() {
            continue;
        }
        tally.others.push((user, ""));
        let tally = users.entry(user).or_insert_with(|| Tally {
            last: i64::MIN,
            ..Tally::default()
        });
        tally.actions += group.actions;
        tally.last = tally.last.max(group.last);
        // Objects of different types may share an id: a user's are counted by (type, id).
        tally.others.push((object.0.name(), object.1));
    }
    let mut object_stats: Vec<ObjectStat> = objects
        .into_iter()
        .enumerate()
        .map(|(number, ((kind, id), tally))| ObjectStat {
            object: number as u32,
            kind,
            id: id.to_string(),
            actions: tally.actions,
            users: distinct_count(tally.others),
            last: tally.last,
        })
        .collect();
    sort_by_column(&mut object_stats, ObjectSort::Actions, true);
    let mut user_stats: Vec<UserStat> = users
        .into_iter()
        .map(|(user, tally)| UserStat {
            user: user.to_string(),
            actions: tally.actions,
            objects: distinct_count(tally.others),
            last: tally.last,
        })
        .collect();
    sort_by_column(&mut user_stats, UserSort::Actions, true);
    let kpis = Kpis {
        actions: actions as usize,
        users: user_stats.len(),
    };
    (object_stats, user_stats, kpis)
}

fn distinct_count(mut items: Vec<(&str, &str)>) -> u32 {
    items.sort_unstable();
    items.dedup();
    items.len() as u32
}

/// The Actions chart's series from counts per series and local day, bucketed and ordered as
/// [`actions_over_time`](crate::series::actions_over_time) does; days outside the window are
/// left out.
pub fn series_of_days(days: &[DayGroup], window: &DateWindow, mode: SeriesMode) -> TimeSeries {
    let bucket = Bucket::for_days(window.day_count());
    let starts = bucket.starts(window);
    let mut by_name: HashMap<&str, Vec<u32>> = HashMap::new();
    for group in days {
        if group.day < window.from || group.day > window.to {
            continue;
        }
        let name = match mode {
            SeriesMode::ObjectType => group.kind.name(),
            SeriesMode::Action => group.action.as_str(),
        };
        let counts = by_name.entry(name).or_insert_with(|| vec![0; starts.len()]);
        if let Some(slot) = counts.get_mut(bucket.slot(window.from, day_of_date(group.day))) {
            *slot += u32::try_from(group.events).unwrap_or(u32::MAX);
        }
    }
    let mut series: Vec<Series> = by_name
        .into_iter()
        .map(|(name, counts)| Series {
            name: name.to_string(),
            total: counts.iter().map(|&c| u64::from(c)).sum(),
            counts,
        })
        .filter(|s| s.total > 0)
        .collect();
    series.sort_by(|a, b| series_order(mode, a, b));
    TimeSeries {
        mode,
        bucket,
        days: starts,
        series,
    }
}

/// Each action's family (the type most of its events are about), as
/// [`action_families`](crate::families::action_families) finds it in a log.
pub fn families_of_days(days: &[DayGroup]) -> Vec<ActionFamily> {
    let mut per_kind: HashMap<&str, [u64; 7]> = HashMap::new();
    for group in days.iter().filter(|g| !g.action.is_empty()) {
        let slot = ObjectType::ALL
            .iter()
            .position(|k| *k == group.kind)
            .unwrap_or(0);
        if let Some(count) = per_kind.entry(&group.action).or_default().get_mut(slot) {
            *count += group.events;
        }
    }
    ranked_families(
        per_kind
            .into_iter()
            .map(|(action, counts)| (action.to_string(), counts)),
    )
}

/// Per weekday (Monday first) and hour, from counts per weekday and hour.
pub fn week_hours(counts: &[(u8, u8, u64)]) -> [[u64; 24]; 7] {
    let mut cells = [[0u64; 24]; 7];
    for &(weekday, hour, count) in counts {
        if let Some(cell) = cells
            .get_mut(usize::from(weekday))
            .and_then(|hours| hours.get_mut(usize::from(hour)))
        {
            *cell += count;
        }
    }
    cells
}

/// Counts by name, most first then by name, empty names left out (as `count_by_text`).
pub fn ranked(counts: &[(String, u64)]) -> Vec<(String, u64)> {
    let mut merged: HashMap<&str, u64> = HashMap::new();
    for (name, count) in counts {
        if !name.is_empty() {
            *merged.entry(name).or_default() += count;
        }
    }
    let mut named: Vec<(String, u64)> = merged
        .into_iter()
        .filter(|(_, count)| *count > 0)
        .map(|(name, count)| (name.to_string(), count))
        .collect();
    named.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    named
}

/// The top users' actions by name, from counts per user and action, the users in the order of
/// `users` (most active first) and the actions most frequent first.
pub fn users_by_action(counts: &[(String, String, u64)], users: &[UserStat]) -> UsersByAction {
    let top: Vec<String> = users
        .iter()
        .take(TOP_USERS_BY_ACTION)
        .map(|stat| stat.user.clone())
        .collect();
    let in_top = |user: &str| top.iter().position(|u| u == user);
    let totals = ranked(
        &counts
            .iter()
            .filter(|(user, _, _)| in_top(user).is_some())
            .map(|(_, action, count)| (action.clone(), *count))
            .collect::<Vec<_>>(),
    );
    let actions: Vec<String> = totals.into_iter().map(|(action, _)| action).collect();
    let mut table = vec![vec![0u64; actions.len()]; top.len()];
    for (user, action, count) in counts {
        let column = actions.iter().position(|a| a == action);
        if let (Some(row), Some(column)) = (in_top(user), column) {
            table[row][column] += count;
        }
    }
    UsersByAction {
        users: top,
        actions,
        counts: table,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(
        dataset: Option<&str>,
        page: Option<&str>,
        user: &str,
        actions: u64,
        last: i64,
    ) -> ObjectUserGroup {
        let mut fields: [Option<String>; 8] = Default::default();
        fields[0] = dataset.map(String::from);
        fields[1] = page.map(String::from);
        fields[5] = Some("someone-affected".into());
        fields[7] = Some("main".into());
        ObjectUserGroup {
            fields,
            user: Some(user.into()),
            actions,
            last,
        }
    }

    #[test]
    fn objects_and_users_merge_groups_of_one_object_and_count_each_user_once() {
        // Dataset "x" in three groups (one with an empty page_id, one by nobody), page "x"
        // once, and an empty dataset_id that leaves the page as the object.
        let groups = [
            group(Some("x"), None, "ann", 3, 10),
            group(Some("x"), Some(""), "ann", 2, 30),
            group(Some("x"), None, "", 4, 20),
            group(None, Some("x"), "ann", 1, 5),
            group(Some(""), Some("x"), "bob", 1, 7),
        ];
        let (objects, users, kpis) = object_and_user_stats(&groups);
        let objects: Vec<_> = objects
            .iter()
            .map(|o| (o.kind, o.id.as_str(), o.actions, o.users, o.last))
            .collect();
        assert_eq!(
            objects,
            [
                (ObjectType::Dataset, "x", 9, 1, 30),
                (ObjectType::Page, "x", 2, 2, 7),
            ]
        );
        let users: Vec<_> = users
            .iter()
            .map(|u| (u.user.as_str(), u.actions, u.objects, u.last))
            .collect();
        // Ann: dataset x and page x are two objects; the empty user is nobody.
        assert_eq!(users, [("ann", 6, 2, 30), ("bob", 1, 1, 7)]);
        assert_eq!(
            kpis,
            Kpis {
                actions: 11,
                users: 2
            }
        );
    }

    #[test]
    fn days_fall_into_the_window_buckets_and_series_rank_by_total() {
        let window = DateWindow {
            from: "2024-03-30".parse().unwrap(),
            to: "2024-04-01".parse().unwrap(),
        };
        let day = |text: &str| text.parse::<NaiveDate>().unwrap();
        let group = |kind, action: &str, date, events| DayGroup {
            kind,
            action: action.into(),
            day: day(date),
            events,
        };
        let days = [
            group(ObjectType::Page, "edit_page", "2024-03-30", 2),
            group(ObjectType::Dataset, "edit_dataset", "2024-03-31", 1),
            group(ObjectType::Dataset, "edit_page", "2024-04-01", 1),
            // Outside the window: left out.
            group(ObjectType::Page, "edit_page", "2024-04-02", 5),
        ];
        let series = series_of_days(&days, &window, SeriesMode::ObjectType);
        assert_eq!(series.days.len(), 3);
        let named: Vec<_> = series
            .series
            .iter()
            .map(|s| (s.name.as_str(), s.counts.clone(), s.total))
            .collect();
        // A tie of 2: datasets before pages, the platform's headline order.
        assert_eq!(
            named,
            [("dataset", vec![0, 1, 1], 2), ("page", vec![2, 0, 0], 2)]
        );
        let by_action = series_of_days(&days, &window, SeriesMode::Action);
        let named: Vec<_> = by_action
            .series
            .iter()
            .map(|s| (s.name.as_str(), s.counts.clone()))
            .collect();
        assert_eq!(
            named,
            [
                ("edit_page", vec![2, 0, 1]),
                ("edit_dataset", vec![0, 1, 0])
            ]
        );
        // edit_page: 7 page events, 1 dataset event: a page action.
        let families: Vec<_> = families_of_days(&days)
            .into_iter()
            .map(|f| (f.action, f.kind, f.total))
            .collect();
        assert_eq!(
            families,
            [
                ("edit_page".to_string(), ObjectType::Page, 8),
                ("edit_dataset".to_string(), ObjectType::Dataset, 1)
            ]
        );
    }
}
