//! The one finalizer: every figure of a view from [`Groups`] and the series it hides — KPIs,
//! series, weekdays, objects, users, actions, users by action, the weekday × hour table, the
//! notable actions (rows made in `notable_rows`), the previous period's KPIs and series.

use std::collections::BTreeSet;

use super::{GroupId, Groups, Shown, NO_USER};
use crate::aggregate::Kpis;
use crate::calendar::DateWindow;
use crate::compare::PreviousPeriod;
use crate::dashboard::{Dashboard, TOP_USERS_BY_ACTION};
use crate::families::{ranked_families, ActionFamily};
use crate::filter::SeriesMode;
use crate::objects::ObjectType;
use crate::series::{series_order, Bucket, Series, TimeSeries};
use crate::stats::{sort_by_column, ObjectSort, ObjectStat, UserSort, UserStat, UsersByAction};

/// Counts of one object or one user.
#[derive(Clone, Copy)]
struct Tally {
    actions: u64,
    last: i64,
    /// Distinct users of an object, distinct objects of a user.
    others: u32,
}

const EMPTY_TALLY: Tally = Tally {
    actions: 0,
    last: i64::MIN,
    others: 0,
};

/// Per object and per user number, the visible activity's tallies.
struct Tallies {
    objects: Vec<Tally>,
    users: Vec<Tally>,
    actions: u64,
}

impl Groups {
    /// Every figure of the view of `window` with the series `hidden` (names of `mode`).
    pub fn dashboard(
        &self,
        window: &DateWindow,
        mode: SeriesMode,
        hidden: &BTreeSet<String>,
    ) -> Dashboard {
        let shown = Shown::new(self, mode, hidden);
        let tallies = self.tallies(&shown);
        let users = self.user_stats(&tallies);
        let week_hours = self.week_hours(&shown);
        Dashboard {
            series: self.series(window, mode),
            kpis: kpis(&tallies),
            weekdays: week_hours.map(|hours| hours.iter().sum()),
            objects: self.object_stats(&tallies),
            actions: self.action_counts(&shown),
            users_by_action: self.users_by_action(&shown, &users),
            users,
            week_hours,
            notable: self.notable(&shown),
        }
    }

    /// The previous period's figures: these groups are the previous window's.
    pub fn previous_period(
        &self,
        window: &DateWindow,
        mode: SeriesMode,
        hidden: &BTreeSet<String>,
    ) -> PreviousPeriod {
        let shown = Shown::new(self, mode, hidden);
        PreviousPeriod {
            window: *window,
            kpis: kpis(&self.tallies(&shown)),
            series: self.series(window, mode),
        }
    }

    /// Each action's family (the type most of its events are about), as
    /// [`action_families`](crate::families::action_families) finds it in a log.
    pub fn families(&self) -> Vec<ActionFamily> {
        let mut per_action = vec![[0u64; 7]; self.names.actions.len()];
        for day in &self.days {
            if let Some(count) = per_action
                .get_mut(day.action as usize)
                .and_then(|kinds| kinds.get_mut(day.kind as usize))
            {
                *count += day.count;
            }
        }
        ranked_families(
            per_action
                .into_iter()
                .enumerate()
                .filter(|(action, counts)| {
                    !self.action_name(*action as GroupId).is_empty()
                        && counts.iter().sum::<u64>() > 0
                })
                .map(|(action, counts)| (self.action_name(action as GroupId).to_string(), counts)),
        )
    }

    /// One pass over the activity (sorted by object, then user): each (object, user) pair is
    /// one run, so distinct users of an object and distinct objects of a user are counted as
    /// runs with something shown.
    fn tallies(&self, shown: &Shown) -> Tallies {
        let mut objects = vec![EMPTY_TALLY; self.names.objects.len()];
        let mut users = vec![EMPTY_TALLY; self.names.users.len()];
        let mut actions = 0;
        let mut last_pair = None;
        for group in &self.activity {
            if !shown.shows_object(group.object, group.action) {
                continue;
            }
            actions += group.count;
            let new_pair = last_pair != Some((group.object, group.user));
            last_pair = Some((group.object, group.user));
            if let Some(object) = objects.get_mut(group.object as usize) {
                object.actions += group.count;
                object.last = object.last.max(group.last);
                object.others += u32::from(new_pair && group.user != NO_USER);
            }
            if group.user == NO_USER {
                continue;
            }
            if let Some(user) = users.get_mut(group.user as usize) {
                user.actions += group.count;
                user.last = user.last.max(group.last);
                user.others += u32::from(new_pair);
            }
        }
        Tallies {
            objects,
            users,
            actions,
        }
    }

    fn object_stats(&self, tallies: &Tallies) -> Vec<ObjectStat> {
        let mut stats: Vec<ObjectStat> = tallies
            .objects
            .iter()
            .zip(&self.names.objects)
            .enumerate()
            .filter(|(_, (tally, _))| tally.actions > 0)
            .map(|(number, (tally, (kind, id)))| ObjectStat {
                object: number as u32,
                kind: *kind,
                id: id.clone(),
                actions: tally.actions,
                users: tally.others,
                last: tally.last,
            })
            .collect();
        sort_by_column(&mut stats, ObjectSort::Actions, true);
        stats
    }

    fn user_stats(&self, tallies: &Tallies) -> Vec<UserStat> {
        let mut stats: Vec<UserStat> = tallies
            .users
            .iter()
            .zip(&self.names.users)
            .filter(|(tally, _)| tally.actions > 0)
            .map(|(tally, user)| UserStat {
                user: user.clone(),
                actions: tally.actions,
                objects: tally.others,
                last: tally.last,
            })
            .collect();
        sort_by_column(&mut stats, UserSort::Actions, true);
        stats
    }

    /// The Actions chart's series (every series: the legend shows hidden ones' totals),
    /// bucketed and ordered as [`actions_over_time`](crate::series::actions_over_time) does.
    fn series(&self, window: &DateWindow, mode: SeriesMode) -> TimeSeries {
        let bucket = Bucket::for_days(window.day_count());
        let days = bucket.starts(window);
        let (first, last) = (window.first_day(), window.last_day());
        let key_count = match mode {
            SeriesMode::ObjectType => ObjectType::ALL.len(),
            SeriesMode::Action => self.names.actions.len(),
        };
        let mut counts: Vec<Vec<u32>> = vec![Vec::new(); key_count];
        for group in self.days.iter().filter(|d| first <= d.day && d.day <= last) {
            let key = match mode {
                SeriesMode::ObjectType => group.kind as usize,
                SeriesMode::Action => group.action as usize,
            };
            let Some(series) = counts.get_mut(key) else {
                continue;
            };
            if series.is_empty() {
                series.resize(days.len(), 0);
            }
            if let Some(slot) = series.get_mut(bucket.slot(window.from, group.day)) {
                *slot = slot.saturating_add(u32::try_from(group.count).unwrap_or(u32::MAX));
            }
        }
        let mut series: Vec<Series> = counts
            .into_iter()
            .enumerate()
            .filter(|(_, counts)| !counts.is_empty())
            .map(|(key, counts)| Series {
                name: match mode {
                    SeriesMode::ObjectType => ObjectType::ALL
                        .get(key)
                        .map_or("", |kind| kind.name())
                        .to_string(),
                    SeriesMode::Action => self.action_name(key as GroupId).to_string(),
                },
                total: counts.iter().map(|&c| u64::from(c)).sum(),
                counts,
            })
            .filter(|series| series.total > 0)
            .collect();
        crate::sorting::sort_by(&mut series, |a, b| series_order(mode, a, b));
        TimeSeries {
            mode,
            bucket,
            days,
            series,
        }
    }

    /// Actions per name, most first then by name; empty names left out.
    fn action_counts(&self, shown: &Shown) -> Vec<(String, u64)> {
        let mut counts = vec![0u64; self.names.actions.len()];
        for group in &self.activity {
            if shown.shows_object(group.object, group.action) {
                if let Some(count) = counts.get_mut(group.action as usize) {
                    *count += group.count;
                }
            }
        }
        self.ranked(counts)
    }

    /// Counts per action number as (name, count), most first then by name, empty names and
    /// zero counts left out.
    fn ranked(&self, counts: Vec<u64>) -> Vec<(String, u64)> {
        self.ranked_numbers(&counts)
            .into_iter()
            .map(|(action, count)| (self.action_name(action).to_string(), count))
            .collect()
    }

    /// The same as action numbers.
    fn ranked_numbers(&self, counts: &[u64]) -> Vec<(GroupId, u64)> {
        let mut ranked: Vec<(GroupId, u64)> = counts
            .iter()
            .enumerate()
            .map(|(action, &count)| (action as GroupId, count))
            .filter(|&(action, count)| count > 0 && !self.action_name(action).is_empty())
            .collect();
        crate::sorting::sort_by(&mut ranked, |a, b| {
            b.1.cmp(&a.1)
                .then_with(|| self.action_name(a.0).cmp(self.action_name(b.0)))
        });
        ranked
    }

    /// The most active users' actions by name: users in the order of `users` (most active
    /// first), actions most frequent among them first.
    fn users_by_action(&self, shown: &Shown, users: &[UserStat]) -> UsersByAction {
        let top: Vec<String> = users
            .iter()
            .take(TOP_USERS_BY_ACTION)
            .map(|stat| stat.user.clone())
            .collect();
        let mut slot_of_user = vec![None; self.names.users.len()];
        for (number, name) in self.names.users.iter().enumerate().skip(1) {
            if let Some(slot) = top.iter().position(|user| user == name) {
                slot_of_user[number] = Some(slot);
            }
        }
        let width = self.names.actions.len();
        let mut cells = vec![0u64; top.len() * width];
        for group in &self.activity {
            let slot = slot_of_user.get(group.user as usize).copied().flatten();
            if let Some(slot) = slot.filter(|_| shown.shows_object(group.object, group.action)) {
                if let Some(cell) = cells.get_mut(slot * width + group.action as usize) {
                    *cell += group.count;
                }
            }
        }
        let totals: Vec<u64> = (0..width)
            .map(|action| {
                (0..top.len())
                    .map(|slot| cells[slot * width + action])
                    .sum()
            })
            .collect();
        let order: Vec<usize> = self
            .ranked_numbers(&totals)
            .into_iter()
            .map(|(action, _)| action as usize)
            .collect();
        UsersByAction {
            counts: (0..top.len())
                .map(|slot| order.iter().map(|&a| cells[slot * width + a]).collect())
                .collect(),
            actions: order
                .iter()
                .map(|&a| self.action_name(a as GroupId).to_string())
                .collect(),
            users: top,
        }
    }

    /// Actions per local weekday (Monday first) and hour.
    fn week_hours(&self, shown: &Shown) -> [[u64; 24]; 7] {
        let mut cells = [[0u64; 24]; 7];
        for group in self.hours.iter().filter(|h| shown.shows(h.kind, h.action)) {
            if let Some(cell) = cells
                .get_mut(usize::from(group.weekday))
                .and_then(|hours| hours.get_mut(usize::from(group.hour)))
            {
                *cell += group.count;
            }
        }
        cells
    }
}

fn kpis(tallies: &Tallies) -> Kpis {
    Kpis {
        actions: tallies.actions as usize,
        users: tallies.users.iter().filter(|u| u.actions > 0).count(),
    }
}

/// Users with their actions on objects of one type only, under the shown series (the users
/// list's type filter).
pub fn users_of_type(
    groups: &Groups,
    mode: SeriesMode,
    hidden: &BTreeSet<String>,
    kind: ObjectType,
) -> Vec<UserStat> {
    let shown = Shown::new(groups, mode, hidden);
    let of_type = Groups {
        names: groups.names.clone(),
        activity: groups
            .activity
            .iter()
            .filter(|a| groups.kind_of(a.object) == kind)
            .copied()
            .collect(),
        ..Groups::default()
    };
    of_type.user_stats(&of_type.tallies(&shown))
}
