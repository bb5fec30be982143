//! Browser mode's producer: a window's rows counted into [`Groups`] in one pass, with dense
//! numbers and `Vec` state where the key space is small (each series' days and hours, in the
//! style of DataFusion's `GroupsAccumulator`), a fast hash map where it is a product (object ×
//! user × action).

use rustc_hash::FxHashMap;

use super::{
    merge_activity, merge_rules, Activity, DayCount, GroupId, Groups, HourCount, Removal,
    RuleCount, NO_USER,
};
use crate::calendar::weekday_of_day;
use crate::indexed::{IndexedLog, NO_USER as LOG_NO_USER};
use crate::notable::{is_access_change, is_removal, NIGHT_HOURS};
use crate::objects::ObjectType;
use crate::record::TextField;
use crate::store::StrId;

const UNSEEN: GroupId = GroupId::MAX;

/// Days a series' counts are kept in an array for (past that span, in a map).
const DENSE_DAYS: i32 = 4096;

/// The dense numbers of one window, handed out as rows meet them.
struct Numbering {
    /// Per interned string: its action number, or [`UNSEEN`].
    actions: Vec<GroupId>,
    /// Per log user number: its user number here, or [`UNSEEN`].
    users: Vec<GroupId>,
    /// Per log object number: its object number here, or [`UNSEEN`].
    objects: Vec<GroupId>,
    /// Per action number: removal, access change.
    rules: Vec<(bool, bool)>,
}

/// Per series (object type × action): its events per day and per weekday × hour.
struct SeriesCounts {
    /// Per action number, per object type: its series' number, or `usize::MAX`.
    number: Vec<[usize; 7]>,
    keys: Vec<(ObjectType, GroupId)>,
    /// Per series, per day from `first_day` (when the span is at most [`DENSE_DAYS`]).
    days: Vec<Vec<u32>>,
    /// Per (series, day) when the span is wider.
    sparse_days: FxHashMap<(usize, i32), u64>,
    hours: Vec<[u32; 168]>,
    first_day: i32,
    span: Option<usize>,
}

impl SeriesCounts {
    fn new(first_day: i32, last_day: i32) -> Self {
        // No rows: first after last, an empty span.
        let span = i64::from(last_day) - i64::from(first_day) + 1;
        SeriesCounts {
            number: Vec::new(),
            keys: Vec::new(),
            days: Vec::new(),
            sparse_days: FxHashMap::default(),
            hours: Vec::new(),
            first_day,
            span: (0..=i64::from(DENSE_DAYS))
                .contains(&span)
                .then_some(span as usize),
        }
    }

    fn add(&mut self, kind: ObjectType, action: GroupId, day: i32, hour: u8) {
        let index = action as usize;
        if self.number.len() <= index {
            self.number.resize(index + 1, [usize::MAX; 7]);
        }
        let Some(slot) = self
            .number
            .get_mut(index)
            .and_then(|kinds| kinds.get_mut(kind as usize))
        else {
            return;
        };
        if *slot == usize::MAX {
            *slot = self.keys.len();
            self.keys.push((kind, action));
            self.days.push(vec![0; self.span.unwrap_or(0)]);
            self.hours.push([0; 168]);
        }
        let series = *slot;
        let offset = i64::from(day) - i64::from(self.first_day);
        let offset = usize::try_from(offset).unwrap_or(usize::MAX);
        match self
            .days
            .get_mut(series)
            .and_then(|days| days.get_mut(offset))
        {
            Some(count) => *count += 1,
            None => *self.sparse_days.entry((series, day)).or_default() += 1,
        }
        let cell = usize::from(weekday_of_day(day)) * 24 + usize::from(hour);
        if let Some(count) = self.hours.get_mut(series).and_then(|h| h.get_mut(cell)) {
            *count += 1;
        }
    }

    fn into_groups(self, groups: &mut Groups) {
        for (series, &(kind, action)) in self.keys.iter().enumerate() {
            let days = self.days.get(series).map_or(&[][..], Vec::as_slice);
            for (offset, &count) in days.iter().enumerate().filter(|(_, &n)| n > 0) {
                let day = self.first_day + offset as i32;
                let count = u64::from(count);
                groups.days.push(DayCount {
                    kind,
                    action,
                    day,
                    count,
                });
            }
            let hours = self.hours.get(series).map_or(&[][..], |h| h.as_slice());
            for (cell, &count) in hours.iter().enumerate().filter(|(_, &n)| n > 0) {
                groups.hours.push(HourCount {
                    kind,
                    action,
                    weekday: (cell / 24) as u8,
                    hour: (cell % 24) as u8,
                    count: u64::from(count),
                });
            }
        }
        for ((series, day), count) in self.sparse_days {
            if let Some(&(kind, action)) = self.keys.get(series) {
                groups.days.push(DayCount {
                    kind,
                    action,
                    day,
                    count,
                });
            }
        }
    }
}

impl Groups {
    /// The groups of `rows` (a window's, every series) of `log`.
    pub fn of_rows(log: &IndexedLog, rows: &[u32]) -> Groups {
        Groups::of_rows_within(log, rows, span_of(log, rows))
    }

    /// [`Groups::of_rows`] of rows known to lie within the local days `span` (a window's first
    /// and last): their days are not read once more to find it. The span only sizes the
    /// series' arrays: a row outside it is counted all the same.
    pub fn of_rows_within(log: &IndexedLog, rows: &[u32], span: (i32, i32)) -> Groups {
        let mut counter = GroupsCounter::within(log, span);
        counter.count(rows);
        counter.finish()
    }
}

/// The first and last local days of `rows` (first after last when there are none).
fn span_of(log: &IndexedLog, rows: &[u32]) -> (i32, i32) {
    let local_days = &log.days.days;
    rows.iter()
        .filter_map(|&row| local_days.get(row as usize))
        .fold((i32::MAX, i32::MIN), |(lo, hi), &d| (lo.min(d), hi.max(d)))
}

/// [`Groups::of_rows`] a slice of rows at a time, so that a caller can yield between slices
/// (a million rows are one pass of 60–100 ms on a page's thread).
pub struct GroupsCounter<'a> {
    log: &'a IndexedLog,
    groups: Groups,
    numbers: Numbering,
    series: SeriesCounts,
    /// Per (object, user, action): its count and latest instant, kept in the map itself: a
    /// row then touches one place in memory, not the map and then a list (at a million rows,
    /// the second place's cache misses were a quarter of the pass).
    activity: FxHashMap<(GroupId, GroupId, GroupId), (u64, i64)>,
    access: Vec<RuleCount>,
    night: Vec<RuleCount>,
    /// Rows counted so far: the order of the next one.
    counted: usize,
}

impl<'a> GroupsCounter<'a> {
    /// A counter for rows within the local days `span` (see [`Groups::of_rows_within`]), all
    /// of which [`GroupsCounter::count`] is then given, in order.
    pub fn within(log: &'a IndexedLog, (first_day, last_day): (i32, i32)) -> Self {
        let mut groups = Groups::default();
        groups.names.users.push(String::new());
        GroupsCounter {
            log,
            groups,
            numbers: Numbering {
                actions: vec![UNSEEN; log.store.strings().len()],
                users: vec![UNSEEN; log.user_count],
                objects: vec![UNSEEN; log.objects.len()],
                rules: Vec::new(),
            },
            series: SeriesCounts::new(first_day, last_day),
            activity: FxHashMap::default(),
            access: Vec::new(),
            night: Vec::new(),
            counted: 0,
        }
    }

    /// Counts the next `rows`.
    pub fn count(&mut self, rows: &[u32]) {
        let log = self.log;
        let store = &log.store;
        let (action_ids, user_ids) = (store.ids(TextField::Action), store.ids(TextField::UserId));
        let groups = &mut self.groups;
        let numbers = &mut self.numbers;
        for (order, &row) in (self.counted..).zip(rows) {
            let index = row as usize;
            let (Some(&action_id), Some(&user_id), Some(&object), Some(&day), Some(&hour)) = (
                action_ids.get(index),
                user_ids.get(index),
                log.objects.row_object.get(index),
                log.days.days.get(index),
                log.days.hours.get(index),
            ) else {
                continue;
            };
            let at = store.timestamp(index);
            let action = numbers.action(groups, log, action_id);
            let user = numbers.user(groups, log, user_id);
            let object = numbers.object(groups, log, object);
            let (count, last) = self
                .activity
                .entry((object, user, action))
                .or_insert((0, i64::MIN));
            *count += 1;
            *last = (*last).max(at);
            self.series.add(groups.kind_of(object), action, day, hour);
            if user == NO_USER {
                continue;
            }
            let (removal, access_change) = numbers.rules_of(action);
            let rule = RuleCount {
                user,
                object,
                action,
                count: 1,
                first: at,
                last: at,
            };
            if removal {
                let order = order as u32;
                groups.removals.push(Removal {
                    at,
                    order,
                    user,
                    object,
                    action,
                });
            }
            if access_change {
                self.access.push(rule);
            }
            if NIGHT_HOURS.contains(&hour) {
                self.night.push(rule);
            }
        }
        self.counted += rows.len();
    }

    /// The groups of every row counted.
    pub fn finish(self) -> Groups {
        let mut finishing = self.finishing();
        loop {
            if let Some(groups) = finishing.step() {
                return groups;
            }
        }
    }

    /// The groups of every row counted, in steps that a page can run in tasks of their own:
    /// at a million rows the whole is a long task on a busy or slow device.
    pub fn finishing(self) -> Finishing<'a> {
        Finishing {
            counter: self,
            done: 0,
        }
    }
}

/// Counted groups being finished (sorted and merged), a step at a time.
pub struct Finishing<'a> {
    counter: GroupsCounter<'a>,
    /// Steps done.
    done: u8,
}

impl<'a> Finishing<'a> {
    /// Runs the next step (at the benchmarks' million rows, natively: 5, 2 and 7 ms of 14);
    /// the groups after the last, once.
    pub fn step(&mut self) -> Option<Groups> {
        let counter = &mut self.counter;
        let groups = &mut counter.groups;
        match self.done {
            0 => {
                groups.activity = std::mem::take(&mut counter.activity)
                    .into_iter()
                    .map(|((object, user, action), (count, last))| Activity {
                        object,
                        user,
                        action,
                        count,
                        last,
                    })
                    .collect();
                merge_activity(&mut groups.activity);
            }
            1 => {
                super::sort_removals(&mut groups.removals);
                let series = std::mem::replace(&mut counter.series, SeriesCounts::new(0, -1));
                series.into_groups(groups);
            }
            _ => {
                merge_rules(&mut counter.access);
                merge_rules(&mut counter.night);
                let mut groups = std::mem::take(&mut counter.groups);
                groups.access = std::mem::take(&mut counter.access);
                groups.night = std::mem::take(&mut counter.night);
                return Some(groups);
            }
        }
        self.done += 1;
        None
    }
}

impl Numbering {
    fn action(&mut self, groups: &mut Groups, log: &IndexedLog, id: StrId) -> GroupId {
        let Some(slot) = self.actions.get_mut(id as usize) else {
            return UNSEEN;
        };
        if *slot == UNSEEN {
            let name = log.store.strings().get(id);
            *slot = groups.names.actions.len() as GroupId;
            groups.names.actions.push(name.to_string());
            self.rules.push((is_removal(name), is_access_change(name)));
        }
        *slot
    }

    fn user(&mut self, groups: &mut Groups, log: &IndexedLog, id: StrId) -> GroupId {
        let number = log
            .user_numbers
            .get(id as usize)
            .copied()
            .unwrap_or(LOG_NO_USER);
        let Some(slot) = self.users.get_mut(number as usize) else {
            return NO_USER;
        };
        if *slot == UNSEEN {
            *slot = groups.names.users.len() as GroupId;
            groups
                .names
                .users
                .push(log.store.strings().get(id).to_string());
        }
        *slot
    }

    fn object(&mut self, groups: &mut Groups, log: &IndexedLog, object: u32) -> GroupId {
        let Some(slot) = self.objects.get_mut(object as usize) else {
            return UNSEEN;
        };
        if *slot == UNSEEN {
            *slot = groups.names.objects.len() as GroupId;
            let index = &log.objects;
            let kind = index.kinds.get(object as usize).copied();
            let name = index.names.get(object as usize).copied().unwrap_or(0);
            groups.names.objects.push((
                kind.unwrap_or(ObjectType::Workspace),
                log.store.strings().get(name).to_string(),
            ));
        }
        *slot
    }

    fn rules_of(&self, action: GroupId) -> (bool, bool) {
        self.rules.get(action as usize).copied().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Record;
    use crate::store::Store;
    use crate::DateWindow;

    fn edit(at: &str, page: Option<&str>) -> Record {
        Record {
            timestamp: at.parse().unwrap(),
            domain_id: "ws".into(),
            user_id: "ann".into(),
            action: "edit".into(),
            page_id: page.map(String::from),
            ..Record::default()
        }
    }

    /// Counted a slice at a time, rows give the groups of one pass: removals of one instant keep
    /// their order across slices, and a series' days their span.
    #[test]
    fn rows_counted_in_slices_are_counted_once() {
        let removal = |at: &str, user: &str, dataset: &str| Record {
            timestamp: at.parse().unwrap(),
            user_id: user.into(),
            action: "delete_dataset".into(),
            dataset_id: Some(dataset.into()),
            ..Record::default()
        };
        let access = |at: &str, user: &str| Record {
            action: "edit_dataset_permissions".into(),
            ..removal(at, user, "trees")
        };
        let records = [
            removal("2024-03-26T01:00:00Z", "ann", "b"),
            removal("2024-03-26T01:00:00Z", "ann", "a"),
            edit("2024-03-27T12:00:00Z", Some("home")),
            access("2024-03-28T02:00:00Z", "bob"),
            removal("2024-03-26T01:00:00Z", "ann", "c"),
            access("2024-03-29T23:00:00Z", "bob"),
            edit("2024-04-30T12:00:00Z", None),
        ];
        let log = IndexedLog::new(Store::from_records(&records), crate::Zone::UTC);
        let rows: Vec<u32> = vec![6, 0, 1, 2, 3, 4, 5];
        let whole = Groups::of_rows(&log, &rows);
        assert_eq!(whole.removals.len(), 3);
        assert_eq!(
            whole.removals.iter().map(|r| r.order).collect::<Vec<_>>(),
            [1, 2, 5]
        );
        for size in 1..rows.len() {
            let mut counter = GroupsCounter::within(&log, span_of(&log, &rows));
            rows.chunks(size).for_each(|slice| counter.count(slice));
            assert_eq!(counter.finish(), whole, "slices of {size}");
        }
        // Finished in three steps, the page's turn between them: the groups only at the last.
        let mut counter = GroupsCounter::within(&log, span_of(&log, &rows));
        counter.count(&rows);
        let mut finishing = counter.finishing();
        assert_eq!(finishing.step(), None);
        assert_eq!(finishing.step(), None);
        assert_eq!(finishing.step(), Some(whole));
    }

    /// The span given only sizes the arrays: too narrow, too wide or empty, the same groups
    /// as the rows' own span gives.
    #[test]
    fn any_span_given_counts_the_same_groups() {
        let records = [
            edit("2024-03-26T12:00:00Z", None),
            edit("2024-03-27T13:00:00Z", Some("home")),
            edit("2024-03-29T09:00:00Z", Some("home")),
        ];
        let log = IndexedLog::new(Store::from_records(&records), crate::Zone::UTC);
        let rows = [2, 0, 1];
        let day = |text: &str| crate::calendar::day_of_date(text.parse().unwrap());
        // The days in their order, the rest as it is (a day outside the span comes last).
        let sorted_days = |mut groups: Groups| {
            let mut days = std::mem::take(&mut groups.days);
            days.sort_by_key(|d| (d.kind, d.action, d.day));
            (days, groups)
        };
        let own = sorted_days(Groups::of_rows(&log, &rows));
        assert_eq!(own.0.len(), 3);
        for span in [
            (day("2024-03-27"), day("2024-03-28")),
            (day("2024-03-01"), day("2024-04-30")),
            (i32::MAX, i32::MIN),
        ] {
            let within = sorted_days(Groups::of_rows_within(&log, &rows, span));
            assert_eq!(within, own, "{span:?}");
        }
    }

    /// Rows 30 years apart: past the dense span, each series' days are counted in a map, and
    /// the same days come out.
    #[test]
    fn days_far_apart_are_counted_apart() {
        let records = [
            edit("1995-06-01T12:00:00Z", None),
            edit("1995-06-01T13:00:00Z", Some("home")),
            edit("2025-06-01T12:00:00Z", None),
        ];
        let log = IndexedLog::new(Store::from_records(&records), crate::Zone::UTC);
        let groups = Groups::of_rows(&log, &[0, 1, 2]);
        let mut days: Vec<(ObjectType, i32, u64)> = groups
            .days
            .iter()
            .map(|d| (d.kind, d.day, d.count))
            .collect();
        days.sort();
        let day = |text: &str| crate::calendar::day_of_date(text.parse().unwrap());
        assert_eq!(
            days,
            [
                (ObjectType::Page, day("1995-06-01"), 1),
                (ObjectType::Workspace, day("1995-06-01"), 1),
                (ObjectType::Workspace, day("2025-06-01"), 1),
            ]
        );
        let window = DateWindow::parse("1995-01-01", "2025-12-31").unwrap();
        let dashboard =
            groups.dashboard(&window, crate::SeriesMode::ObjectType, &Default::default());
        let totals: Vec<(&str, u64)> = dashboard
            .series
            .series
            .iter()
            .map(|s| (s.name.as_str(), s.total))
            .collect();
        assert_eq!(totals, [("workspace", 2), ("page", 1)]);
        assert_eq!(
            dashboard.week_hours[3][12], 1,
            "a Thursday at noon, in 1995"
        );
    }
}
