//! Everything the dashboard and its detail views show, computed from an [`IndexedLog`] and a
//! [`ViewFilter`]. Each aggregate is one pass over the selected rows with its state in vectors
//! indexed by interned id or object number.
//!
//! Ordering rules (so that every list is reproducible): counts descending, then the name
//! ascending; objects tie-break on type (rule order) then id.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use crate::aggregate::Kpis;
use crate::calendar::{date_of_day, weekday_of_day, DateWindow, LocalDays, Zone};
use crate::objects::{workspace_of, ObjectIndex, ObjectType};
use crate::record::TextField;
use crate::store::{Store, StrId, EMPTY};

/// The store with what every view needs precomputed: local days (for one zone) and objects.
#[derive(Clone, Debug)]
pub struct IndexedLog {
    pub store: Store,
    pub days: LocalDays,
    pub objects: ObjectIndex,
    /// Per interned string: its dense number among the users (`user_id`s), or [`NO_USER`].
    pub user_numbers: Vec<u32>,
    pub user_count: usize,
}

/// Not a user (the string is never a non-empty `user_id`).
pub const NO_USER: u32 = u32::MAX;

impl IndexedLog {
    pub fn new(store: Store, zone: Zone) -> Self {
        let days = LocalDays::compute(&store, zone);
        let objects = ObjectIndex::build(&store);
        let mut user_numbers = vec![NO_USER; store.strings().len()];
        let mut user_count = 0;
        for &id in store.ids(TextField::UserId) {
            if id != EMPTY && user_numbers[id as usize] == NO_USER {
                user_numbers[id as usize] = user_count as u32;
                user_count += 1;
            }
        }
        IndexedLog {
            store,
            days,
            objects,
            user_numbers,
            user_count,
        }
    }

    pub fn zone(&self) -> Zone {
        self.days.zone
    }

    /// The distinct workspaces (`subdomain_id`, else `domain_id`) of the log, sorted.
    pub fn workspaces(&self) -> Vec<String> {
        let mut seen = vec![false; self.store.strings().len()];
        for row in 0..self.store.len() {
            seen[workspace_of(&self.store, row) as usize] = true;
        }
        let mut names: Vec<String> = seen
            .iter()
            .enumerate()
            .filter(|(id, &seen)| seen && *id != EMPTY as usize)
            .map(|(id, _)| self.store.strings().get(id as StrId).to_string())
            .collect();
        names.sort();
        names
    }
}

/// What the Actions chart's series are.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SeriesMode {
    #[default]
    ObjectType,
    Action,
}

/// The filters of a view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ViewFilter {
    pub window: DateWindow,
    /// Only this workspace (`subdomain_id`, else `domain_id`), when set.
    pub workspace: Option<String>,
    pub mode: SeriesMode,
    /// Series hidden with the legend: type names (`page`) or action names, per `mode`.
    pub hidden: BTreeSet<String>,
}

/// Rows in the window (local days) and the workspace, in store order. Hidden series are not
/// applied here: the legend needs their totals.
pub fn window_rows(log: &IndexedLog, window: &DateWindow, workspace: Option<&str>) -> Vec<u32> {
    // A workspace the log does not have selects nothing (no row has id u32::MAX).
    let workspace = workspace.map(|name| log.store.strings().lookup(name).unwrap_or(u32::MAX));
    let (first, last) = (window.first_day(), window.last_day());
    (0..log.store.len())
        .filter(|&row| {
            let day = log.days.days[row];
            first <= day
                && day <= last
                && workspace.is_none_or(|ws| workspace_of(&log.store, row) == ws)
        })
        .map(|row| row as u32)
        .collect()
}

/// The rows whose series is not hidden. Each hidden name is looked up once, then rows are
/// filtered by a table indexed by type or action id.
pub fn visible_rows(
    log: &IndexedLog,
    rows: &[u32],
    mode: SeriesMode,
    hidden: &BTreeSet<String>,
) -> Vec<u32> {
    if hidden.is_empty() {
        return rows.to_vec();
    }
    match mode {
        SeriesMode::ObjectType => {
            let hidden_type: Vec<bool> = ObjectType::ALL
                .iter()
                .map(|k| hidden.contains(k.name()))
                .collect();
            rows.iter()
                .copied()
                .filter(|&row| !hidden_type[log.objects.kind_of_row(row as usize) as usize])
                .collect()
        }
        SeriesMode::Action => {
            let hidden_action: Vec<bool> = log
                .store
                .strings()
                .iter()
                .map(|(_, name)| hidden.contains(name))
                .collect();
            let actions = log.store.ids(TextField::Action);
            rows.iter()
                .copied()
                .filter(|&row| !hidden_action[actions[row as usize] as usize])
                .collect()
        }
    }
}

/// One series of the Actions chart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Series {
    /// The type name or action name (the URL's `hide` holds these).
    pub name: String,
    /// What the legend says: "Datasets", or the action name.
    pub label: String,
    /// One count per day of the window.
    pub counts: Vec<u32>,
    pub total: u64,
}

/// Actions per local day, one series per type or action; every day of the window is present
/// (a day without events is a zero).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeSeries {
    pub days: Vec<NaiveDate>,
    pub series: Vec<Series>,
}

impl TimeSeries {
    /// Sum over the given series of one day.
    pub fn day_total(&self, day: usize, visible: impl Fn(&Series) -> bool) -> u64 {
        self.series
            .iter()
            .filter(|s| visible(s))
            .map(|s| u64::from(s.counts[day]))
            .sum()
    }
}

/// Series are ordered by total descending (types: datasets, workspaces, pages first when tied);
/// a series with no action in the rows is left out.
pub fn actions_over_time(
    log: &IndexedLog,
    rows: &[u32],
    window: &DateWindow,
    mode: SeriesMode,
) -> TimeSeries {
    let first = window.first_day();
    let day_count = window.day_count();
    let days = (0..day_count as i32)
        .map(|i| date_of_day(first + i))
        .collect();
    // Series key: type index, or interned action id.
    let key_count = match mode {
        SeriesMode::ObjectType => ObjectType::ALL.len(),
        SeriesMode::Action => log.store.strings().len(),
    };
    let mut counts: Vec<Vec<u32>> = vec![Vec::new(); key_count];
    let actions = log.store.ids(TextField::Action);
    for &row in rows {
        let row = row as usize;
        let offset = log.days.days[row] - first;
        if offset < 0 || offset as usize >= day_count {
            continue;
        }
        let key = match mode {
            SeriesMode::ObjectType => log.objects.kind_of_row(row) as usize,
            SeriesMode::Action => actions[row] as usize,
        };
        let series = &mut counts[key];
        if series.is_empty() {
            series.resize(day_count, 0);
        }
        series[offset as usize] += 1;
    }
    let mut series: Vec<(usize, Series)> = counts
        .into_iter()
        .enumerate()
        .filter(|(_, c)| !c.is_empty())
        .map(|(key, counts)| {
            let (name, label) = match mode {
                SeriesMode::ObjectType => {
                    let kind = ObjectType::ALL[key];
                    (kind.name().to_string(), kind.plural_label().to_string())
                }
                SeriesMode::Action => {
                    let name = log.store.strings().get(key as StrId).to_string();
                    (name.clone(), name)
                }
            };
            let total = counts.iter().map(|&c| u64::from(c)).sum();
            (
                key,
                Series {
                    name,
                    label,
                    counts,
                    total,
                },
            )
        })
        .collect();
    series.sort_by(|(ka, a), (kb, b)| {
        b.total.cmp(&a.total).then_with(|| match mode {
            SeriesMode::ObjectType => headline_rank(*ka).cmp(&headline_rank(*kb)),
            SeriesMode::Action => a.name.cmp(&b.name),
        })
    });
    TimeSeries {
        days,
        series: series.into_iter().map(|(_, s)| s).collect(),
    }
}

/// The platform's headline order for ties: datasets, workspaces, pages, then the rest.
fn headline_rank(type_index: usize) -> usize {
    match ObjectType::ALL[type_index] {
        ObjectType::Dataset => 0,
        ObjectType::Workspace => 1,
        ObjectType::Page => 2,
        _ => 3 + type_index,
    }
}

/// Actions per day of the week, Monday first, in the log's zone.
pub fn weekday_counts(log: &IndexedLog, rows: &[u32]) -> [u64; 7] {
    let mut counts = [0u64; 7];
    for &row in rows {
        counts[weekday_of_day(log.days.days[row as usize]) as usize] += 1;
    }
    counts
}

pub const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Counts distinct members per group, one (group, member) pair at a time: with a bitmap of
/// group × member bits when that is small (one probe per pair), else by sorting the pairs.
enum Distinct {
    Bitmap {
        bits: Vec<u64>,
        members: usize,
        counts: Vec<u32>,
    },
    Pairs {
        pairs: Vec<u64>,
        groups: usize,
    },
}

/// The largest bitmap worth allocating: 2^27 bits, 16 MiB.
const MAX_BITMAP_BITS: usize = 1 << 27;

impl Distinct {
    fn new(groups: usize, members: usize) -> Self {
        match groups.checked_mul(members) {
            Some(bits) if bits <= MAX_BITMAP_BITS => Distinct::Bitmap {
                bits: vec![0; bits.div_ceil(64)],
                members,
                counts: vec![0; groups],
            },
            _ => Distinct::Pairs {
                pairs: Vec::new(),
                groups,
            },
        }
    }

    fn add(&mut self, group: usize, member: usize) {
        match self {
            Distinct::Bitmap {
                bits,
                members,
                counts,
            } => {
                let bit = group * *members + member;
                let (word, mask) = (bit / 64, 1u64 << (bit % 64));
                if bits[word] & mask == 0 {
                    bits[word] |= mask;
                    counts[group] += 1;
                }
            }
            Distinct::Pairs { pairs, .. } => pairs.push(((group as u64) << 32) | member as u64),
        }
    }

    fn finish(self) -> Vec<u32> {
        match self {
            Distinct::Bitmap { counts, .. } => counts,
            Distinct::Pairs { mut pairs, groups } => {
                pairs.sort_unstable();
                pairs.dedup();
                let mut counts = vec![0u32; groups];
                for pair in pairs {
                    counts[(pair >> 32) as usize] += 1;
                }
                counts
            }
        }
    }
}

/// One object's line in the "Modified datasets, pages or workspaces" lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectStat {
    pub object: u32,
    pub kind: ObjectType,
    pub id: String,
    pub actions: u64,
    /// Distinct non-empty `user_id`s.
    pub users: u32,
    /// Milliseconds since the epoch of its latest action.
    pub last: i64,
}

/// Every object with at least one action in `rows`, most actions first.
pub fn object_stats(log: &IndexedLog, rows: &[u32]) -> Vec<ObjectStat> {
    let object_count = log.objects.len();
    let mut actions = vec![0u64; object_count];
    let mut last = vec![i64::MIN; object_count];
    let users = log.store.ids(TextField::UserId);
    let timestamps = log.store.timestamps();
    let mut distinct = Distinct::new(object_count, log.user_count);
    for &row in rows {
        let row = row as usize;
        let object = log.objects.row_object[row] as usize;
        actions[object] += 1;
        last[object] = last[object].max(timestamps[row]);
        let user = log.user_numbers[users[row] as usize];
        if user != NO_USER {
            distinct.add(object, user as usize);
        }
    }
    let distinct = distinct.finish();
    let mut stats: Vec<ObjectStat> = (0..object_count)
        .filter(|&object| actions[object] > 0)
        .map(|object| ObjectStat {
            object: object as u32,
            kind: log.objects.kinds[object],
            id: log
                .store
                .strings()
                .get(log.objects.names[object])
                .to_string(),
            actions: actions[object],
            users: distinct[object],
            last: last[object],
        })
        .collect();
    sort_objects(&mut stats, ObjectSort::Actions, true);
    stats
}

/// Columns the object list sorts by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ObjectSort {
    Type,
    Id,
    Actions,
    Users,
    Last,
}

pub fn sort_objects(stats: &mut [ObjectStat], by: ObjectSort, descending: bool) {
    stats.sort_by(|a, b| {
        let primary = match by {
            ObjectSort::Type => a.kind.cmp(&b.kind),
            ObjectSort::Id => a.id.cmp(&b.id),
            ObjectSort::Actions => a.actions.cmp(&b.actions),
            ObjectSort::Users => a.users.cmp(&b.users),
            ObjectSort::Last => a.last.cmp(&b.last),
        };
        let primary = if descending {
            primary.reverse()
        } else {
            primary
        };
        primary
            .then_with(|| b.actions.cmp(&a.actions))
            .then_with(|| a.kind.cmp(&b.kind))
            .then_with(|| a.id.cmp(&b.id))
    });
}

/// One user's line in the "Active users" lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserStat {
    pub user: String,
    pub actions: u64,
    /// Distinct objects they acted on.
    pub objects: u32,
    pub last: i64,
}

/// Columns the user list sorts by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UserSort {
    User,
    Actions,
    Objects,
    Last,
}

/// Every user (non-empty `user_id`) with at least one action in `rows`, most actions first.
pub fn user_stats(log: &IndexedLog, rows: &[u32]) -> Vec<UserStat> {
    let string_count = log.store.strings().len();
    let mut actions = vec![0u64; string_count];
    let mut last = vec![i64::MIN; string_count];
    let users = log.store.ids(TextField::UserId);
    let timestamps = log.store.timestamps();
    let mut distinct = Distinct::new(log.user_count, log.objects.len());
    for &row in rows {
        let row = row as usize;
        let user = users[row] as usize;
        let number = log.user_numbers[user];
        if number == NO_USER {
            continue;
        }
        actions[user] += 1;
        last[user] = last[user].max(timestamps[row]);
        distinct.add(number as usize, log.objects.row_object[row] as usize);
    }
    let by_number = distinct.finish();
    let distinct: Vec<u32> = log
        .user_numbers
        .iter()
        .map(|&n| {
            if n == NO_USER {
                0
            } else {
                by_number[n as usize]
            }
        })
        .collect();
    let mut stats: Vec<UserStat> = (0..string_count)
        .filter(|&user| actions[user] > 0)
        .map(|user| UserStat {
            user: log.store.strings().get(user as StrId).to_string(),
            actions: actions[user],
            objects: distinct[user],
            last: last[user],
        })
        .collect();
    sort_users(&mut stats, UserSort::Actions, true);
    stats
}

pub fn sort_users(stats: &mut [UserStat], by: UserSort, descending: bool) {
    stats.sort_by(|a, b| {
        let primary = match by {
            UserSort::User => a.user.cmp(&b.user),
            UserSort::Actions => a.actions.cmp(&b.actions),
            UserSort::Objects => a.objects.cmp(&b.objects),
            UserSort::Last => a.last.cmp(&b.last),
        };
        let primary = if descending {
            primary.reverse()
        } else {
            primary
        };
        primary
            .then_with(|| b.actions.cmp(&a.actions))
            .then_with(|| a.user.cmp(&b.user))
    });
}

/// Actions per action name, most frequent first.
pub fn action_counts(log: &IndexedLog, rows: &[u32]) -> Vec<(String, u64)> {
    count_by_text(log, rows, TextField::Action)
}

/// Actions per value of a text field (empty values left out), most frequent first.
pub fn count_by_text(log: &IndexedLog, rows: &[u32], field: TextField) -> Vec<(String, u64)> {
    let ids = log.store.ids(field);
    let mut counts = vec![0u64; log.store.strings().len()];
    for &row in rows {
        counts[ids[row as usize] as usize] += 1;
    }
    let mut named: Vec<(String, u64)> = counts
        .iter()
        .enumerate()
        .filter(|(id, &count)| count > 0 && *id != EMPTY as usize)
        .map(|(id, &count)| (log.store.strings().get(id as StrId).to_string(), count))
        .collect();
    named.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    named
}

/// The top users broken down by action: `counts[u][a]` is user `users[u]`'s actions named
/// `actions[a]`. Users are the `top` most active; actions are those they did, most frequent first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsersByAction {
    pub users: Vec<String>,
    pub actions: Vec<String>,
    pub counts: Vec<Vec<u64>>,
}

pub fn users_by_action(log: &IndexedLog, rows: &[u32], top: usize) -> UsersByAction {
    top_users_by_action(log, rows, &user_stats(log, rows), top)
}

/// [`users_by_action`] for users already counted (`users`, most active first): one pass over
/// the rows with a slot per top user and a counter per action id.
pub fn top_users_by_action(
    log: &IndexedLog,
    rows: &[u32],
    users: &[UserStat],
    top: usize,
) -> UsersByAction {
    const NONE: u32 = u32::MAX;
    let strings = log.store.strings();
    let top_users: Vec<String> = users
        .iter()
        .take(top)
        .map(|stat| stat.user.clone())
        .collect();
    let mut slot_of_user = vec![NONE; strings.len()];
    for (slot, user) in top_users.iter().enumerate() {
        if let Some(id) = strings.lookup(user) {
            slot_of_user[id as usize] = slot as u32;
        }
    }
    let user_ids = log.store.ids(TextField::UserId);
    let action_ids = log.store.ids(TextField::Action);
    // counts_by_id[slot * strings + action id]
    let width = strings.len();
    let mut counts_by_id = vec![0u64; top_users.len() * width];
    for &row in rows {
        let slot = slot_of_user[user_ids[row as usize] as usize];
        if slot != NONE {
            counts_by_id[slot as usize * width + action_ids[row as usize] as usize] += 1;
        }
    }
    let mut totals: Vec<(StrId, u64)> = (0..width)
        .map(|id| {
            (
                id as StrId,
                (0..top_users.len())
                    .map(|slot| counts_by_id[slot * width + id])
                    .sum(),
            )
        })
        .filter(|&(id, total)| total > 0 && id != EMPTY)
        .collect();
    totals.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then_with(|| strings.get(a.0).cmp(strings.get(b.0)))
    });
    let counts = (0..top_users.len())
        .map(|slot| {
            totals
                .iter()
                .map(|&(id, _)| counts_by_id[slot * width + id as usize])
                .collect()
        })
        .collect();
    UsersByAction {
        users: top_users,
        actions: totals
            .iter()
            .map(|&(id, _)| strings.get(id).to_string())
            .collect(),
        counts,
    }
}

/// The rows of one object.
pub fn rows_of_object(log: &IndexedLog, rows: &[u32], object: u32) -> Vec<u32> {
    rows.iter()
        .copied()
        .filter(|&row| log.objects.row_object[row as usize] == object)
        .collect()
}

/// The rows of one user (`user_id`).
pub fn rows_of_user(log: &IndexedLog, rows: &[u32], user: &str) -> Vec<u32> {
    let Some(id) = log.store.strings().lookup(user).filter(|&id| id != EMPTY) else {
        return Vec::new();
    };
    let users = log.store.ids(TextField::UserId);
    rows.iter()
        .copied()
        .filter(|&row| users[row as usize] == id)
        .collect()
}

/// Everything the dashboard shows for one filter, computed in one go.
#[derive(Clone, Debug, PartialEq)]
pub struct Dashboard {
    /// Per-day series over the window and workspace, hidden ones included (the legend shows
    /// their totals; the chart leaves them out).
    pub series: TimeSeries,
    /// The rows every other view counts: window, workspace, visible series.
    pub rows: Vec<u32>,
    pub kpis: Kpis,
    pub weekdays: [u64; 7],
    /// Every object, most actions first.
    pub objects: Vec<ObjectStat>,
    /// Every user, most actions first.
    pub users: Vec<UserStat>,
    pub actions: Vec<(String, u64)>,
    pub users_by_action: UsersByAction,
}

/// How many users the "top users by action" chart shows.
pub const TOP_USERS_BY_ACTION: usize = 10;

/// What depends on the window, workspace and series mode but not on the hidden series: the rows
/// of the window and the per-day series. Kept while the legend toggles.
#[derive(Clone, Debug, PartialEq)]
pub struct WindowSlice {
    pub rows: Vec<u32>,
    pub series: TimeSeries,
}

impl WindowSlice {
    pub fn compute(log: &IndexedLog, filter: &ViewFilter) -> Self {
        let rows = window_rows(log, &filter.window, filter.workspace.as_deref());
        let series = actions_over_time(log, &rows, &filter.window, filter.mode);
        WindowSlice { rows, series }
    }
}

impl Dashboard {
    pub fn compute(log: &IndexedLog, filter: &ViewFilter) -> Self {
        let slice = WindowSlice::compute(log, filter);
        Self::from_slice(log, filter, &slice, |_| {})
    }

    /// The dashboard from a window's slice (which must be of the same window, workspace and
    /// mode), calling `after` with each step's name once it is done (`visible`, `kpis`,
    /// `weekday`, `objects`, `users`, `actions`, `users_by_action`): how the browser benchmark
    /// times each aggregate without the engine knowing of clocks.
    pub fn from_slice(
        log: &IndexedLog,
        filter: &ViewFilter,
        slice: &WindowSlice,
        mut after: impl FnMut(&'static str),
    ) -> Self {
        let rows = visible_rows(log, &slice.rows, filter.mode, &filter.hidden);
        after("visible");
        let kpis = Kpis::compute(&log.store, &rows);
        after("kpis");
        let weekdays = weekday_counts(log, &rows);
        after("weekday");
        let objects = object_stats(log, &rows);
        after("objects");
        let users = user_stats(log, &rows);
        after("users");
        let actions = action_counts(log, &rows);
        after("actions");
        let users_by_action = top_users_by_action(log, &rows, &users, TOP_USERS_BY_ACTION);
        after("users_by_action");
        Dashboard {
            series: slice.series.clone(),
            rows,
            kpis,
            weekdays,
            objects,
            users,
            actions,
            users_by_action,
        }
    }
}

/// A diff for people: pretty-printed when it is JSON, as is otherwise.
pub fn pretty_diff(diff: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(diff) {
        Ok(value @ (serde_json::Value::Object(_) | serde_json::Value::Array(_))) => {
            serde_json::to_string_pretty(&value).unwrap_or_else(|_| diff.to_string())
        }
        _ => diff.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both ways of counting distinct members agree (the reference tests only reach the bitmap).
    #[test]
    fn bitmap_and_sorted_pairs_count_the_same() {
        let pairs: Vec<(usize, usize)> =
            (0..5_000).map(|i| ((i * 7) % 13, (i * 31) % 97)).collect();
        let mut bitmap = Distinct::new(13, 97);
        let mut sorted = Distinct::Pairs {
            pairs: Vec::new(),
            groups: 13,
        };
        for &(group, member) in &pairs {
            bitmap.add(group, member);
            sorted.add(group, member);
        }
        assert!(matches!(bitmap, Distinct::Bitmap { .. }));
        let expected: Vec<u32> = (0..13)
            .map(|g| {
                let members: std::collections::BTreeSet<_> =
                    pairs.iter().filter(|p| p.0 == g).map(|p| p.1).collect();
                members.len() as u32
            })
            .collect();
        assert_eq!(bitmap.finish(), expected);
        assert_eq!(sorted.finish(), expected);
        assert!(matches!(
            Distinct::new(1 << 20, 1 << 20),
            Distinct::Pairs { .. }
        ));
    }
}
