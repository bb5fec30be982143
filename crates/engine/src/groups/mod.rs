//! The one intermediate every dashboard figure is computed from: counts per group, each group
//! keyed with its series (object type and action) so that hiding a series, or switching what the
//! series are, filters groups instead of events.
//!
//! Two producers fill it: one pass over a window's rows ([`Groups::of_rows`], browser mode) and
//! a portal's `group_by` answers (the app's `api::aggregates`, through [`GroupsBuilder`]). One
//! finalizer ([`Groups::dashboard`], [`Groups::previous_period`]) computes every figure from it.
//! What it holds grows with the groups (objects × users × actions, days × series), not with the
//! events: a legend click re-finalizes what is held, without a pass over events or a request.

mod encoded;
mod finish;
mod notable_rows;
mod of_rows;
#[cfg(test)]
mod week_hours_tests;

use std::collections::{BTreeSet, HashMap};

use crate::filter::SeriesMode;
use crate::objects::ObjectType;

pub use encoded::object_type;
pub use finish::users_of_type;
pub use of_rows::{Finishing, GroupsCounter};

/// Dense number of an action name, a user or an object within one [`Groups`].
pub type GroupId = u32;

/// The user number of events without a `user_id`.
pub const NO_USER: GroupId = 0;

/// The names behind the dense numbers of one [`Groups`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Names {
    /// Per action number: its name (possibly empty).
    pub actions: Vec<String>,
    /// Per user number: its `user_id`; number 0 ([`NO_USER`]) is "".
    pub users: Vec<String>,
    /// Per object number: its type and id.
    pub objects: Vec<(ObjectType, String)>,
}

/// Events of one object by one user under one action: their count and latest instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Activity {
    pub object: GroupId,
    pub user: GroupId,
    pub action: GroupId,
    pub count: u64,
    /// Milliseconds since the epoch.
    pub last: i64,
}

/// Events of one object type and action on one local day (a day number, see
/// [`day_of_date`](crate::calendar::day_of_date)).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DayCount {
    pub kind: ObjectType,
    pub action: GroupId,
    pub day: i32,
    pub count: u64,
}

/// Events of one object type and action at one local weekday (0 = Monday) and hour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HourCount {
    pub kind: ObjectType,
    pub action: GroupId,
    pub weekday: u8,
    pub hour: u8,
    pub count: u64,
}

/// One removal by a user (the bursts need each one's instant). `order` breaks ties between
/// removals of the same instant: the order the producer met them in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Removal {
    pub at: i64,
    pub order: u32,
    pub user: GroupId,
    pub object: GroupId,
    pub action: GroupId,
}

/// A user's actions on one object under one action, for a rule of one row per user (access
/// changes, night actions): count, first and last instants.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleCount {
    pub user: GroupId,
    pub object: GroupId,
    pub action: GroupId,
    pub count: u64,
    pub first: i64,
    pub last: i64,
}

/// Every group a window's figures need (of every series: hidden ones are filtered out when
/// the figures are computed).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Groups {
    pub names: Names,
    /// Sorted by (object, user, action), one entry per key.
    pub activity: Vec<Activity>,
    pub days: Vec<DayCount>,
    pub hours: Vec<HourCount>,
    /// Removals with a user (the candidates of a burst), sorted by (user, instant, order) once
    /// by the producers ([`sort_removals`]), so that a click only filters them.
    pub removals: Vec<Removal>,
    /// Access changes with a user, one entry per (user, object, action).
    pub access: Vec<RuleCount>,
    /// Night actions (local hours 0 to 5) with a user, one entry per (user, object, action).
    pub night: Vec<RuleCount>,
    /// Whether the notable actions' candidates (`removals`, `access`, `night`) were left out:
    /// a portal is asked for them only once their card comes into view (at ten million events
    /// they are three quarters of a window's answers). The finalizer then finds no notable
    /// row, which says "not asked", not "none".
    pub notable_left_out: bool,
}

impl Groups {
    /// The type of an object number.
    pub fn kind_of(&self, object: GroupId) -> ObjectType {
        self.names
            .objects
            .get(object as usize)
            .map_or(ObjectType::Workspace, |(kind, _)| *kind)
    }

    pub fn action_name(&self, action: GroupId) -> &str {
        self.names
            .actions
            .get(action as usize)
            .map_or("", |name| name)
    }

    pub fn user_name(&self, user: GroupId) -> &str {
        self.names.users.get(user as usize).map_or("", |name| name)
    }
}

/// Which series a view shows: a table per type and per action number, built once per
/// finalization from the hidden names.
pub struct Shown {
    types: [bool; 7],
    actions: Vec<bool>,
    /// Whether each object's type is shown, by object number: a click reads it once per group
    /// (hundreds of thousands at 10M), a byte apart rather than a name apart.
    objects: Vec<bool>,
}

impl Shown {
    pub fn new(groups: &Groups, mode: SeriesMode, hidden: &BTreeSet<String>) -> Self {
        let types = ObjectType::ALL
            .map(|kind| mode != SeriesMode::ObjectType || !hidden.contains(kind.name()));
        let actions = groups
            .names
            .actions
            .iter()
            .map(|name| mode != SeriesMode::Action || !hidden.contains(name))
            .collect();
        let objects = groups
            .names
            .objects
            .iter()
            .map(|(kind, _)| types.get(*kind as usize).copied().unwrap_or(true))
            .collect();
        Shown {
            types,
            actions,
            objects,
        }
    }

    /// Whether events of this object (by number) and action are shown.
    pub fn shows_object(&self, object: GroupId, action: GroupId) -> bool {
        match self.objects.get(object as usize) {
            Some(kind_shown) => {
                *kind_shown && self.actions.get(action as usize).copied().unwrap_or(true)
            }
            // An object without a name is read as a workspace's, as `Groups::kind_of` does.
            None => self.shows(ObjectType::Workspace, action),
        }
    }

    /// Whether events of this type and action are shown.
    pub fn shows(&self, kind: ObjectType, action: GroupId) -> bool {
        self.types.get(kind as usize).copied().unwrap_or(true)
            && self.actions.get(action as usize).copied().unwrap_or(true)
    }
}

/// Fills a [`Groups`] from answers that name things by text (a portal's groups): each name gets
/// its number once, and groups of one key that come apart (an object's other fields differ)
/// are merged by [`GroupsBuilder::finish`].
#[derive(Default)]
pub struct GroupsBuilder {
    groups: Groups,
    actions: HashMap<String, GroupId>,
    users: HashMap<String, GroupId>,
    objects: HashMap<(ObjectType, String), GroupId>,
}

impl GroupsBuilder {
    pub fn new() -> Self {
        let mut builder = GroupsBuilder::default();
        builder.groups.names.users.push(String::new());
        builder
    }

    pub fn action(&mut self, name: &str) -> GroupId {
        number_of(&mut self.actions, &mut self.groups.names.actions, name)
    }

    /// A user's number; "" is [`NO_USER`].
    pub fn user(&mut self, name: &str) -> GroupId {
        if name.is_empty() {
            return NO_USER;
        }
        number_of(&mut self.users, &mut self.groups.names.users, name)
    }

    pub fn object(&mut self, kind: ObjectType, id: &str) -> GroupId {
        if let Some(&number) = self.objects.get(&(kind, id.to_string())) {
            return number;
        }
        let number = self.groups.names.objects.len() as GroupId;
        self.groups.names.objects.push((kind, id.to_string()));
        self.objects.insert((kind, id.to_string()), number);
        number
    }

    /// The action names met so far.
    pub fn action_names(&self) -> &[String] {
        &self.groups.names.actions
    }

    pub fn groups_mut(&mut self) -> &mut Groups {
        &mut self.groups
    }

    /// The groups, each key once (counts summed, first the earliest, last the latest).
    pub fn finish(self) -> Groups {
        let mut groups = self.groups;
        sort_removals(&mut groups.removals);
        merge_activity(&mut groups.activity);
        merge_days(&mut groups.days);
        merge_hours(&mut groups.hours);
        merge_rules(&mut groups.access);
        merge_rules(&mut groups.night);
        groups
    }
}

/// Removals in the order the bursts read them: by user, then instant, then the order met.
pub(crate) fn sort_removals(removals: &mut [Removal]) {
    removals.sort_unstable_by_key(|r| (r.user, r.at, r.order));
}

fn number_of(
    numbers: &mut HashMap<String, GroupId>,
    names: &mut Vec<String>,
    name: &str,
) -> GroupId {
    if let Some(&number) = numbers.get(name) {
        return number;
    }
    let number = names.len() as GroupId;
    names.push(name.to_string());
    numbers.insert(name.to_string(), number);
    number
}

/// Sorts by key and merges entries of one key with `combine`.
fn merge_by<T: Copy, K: Ord>(
    items: &mut Vec<T>,
    key: impl Fn(&T) -> K,
    combine: impl Fn(&mut T, &T),
) {
    items.sort_unstable_by_key(|item| key(item));
    items.dedup_by(|next, kept| {
        let same = key(next) == key(kept);
        if same {
            combine(kept, next);
        }
        same
    });
}

pub(crate) fn merge_activity(activity: &mut Vec<Activity>) {
    merge_by_triple(
        activity,
        |a| (a.object, a.user, a.action),
        |kept, next| {
            kept.count += next.count;
            kept.last = kept.last.max(next.last);
        },
    );
}

fn merge_days(days: &mut Vec<DayCount>) {
    merge_by(
        days,
        |d| (d.kind, d.action, d.day),
        |kept, next| kept.count += next.count,
    );
}

fn merge_hours(hours: &mut Vec<HourCount>) {
    merge_by(
        hours,
        |h| (h.kind, h.action, h.weekday, h.hour),
        |kept, next| kept.count += next.count,
    );
}

pub(crate) fn merge_rules(rules: &mut Vec<RuleCount>) {
    merge_by_triple(
        rules,
        |r| (r.user, r.object, r.action),
        |kept, next| {
            kept.count += next.count;
            kept.first = kept.first.min(next.first);
            kept.last = kept.last.max(next.last);
        },
    );
}

/// [`merge_by`] a triple of numbers, sorted as one integer: it compares faster than three, in
/// the same order.
fn merge_by_triple<T: Copy>(
    items: &mut Vec<T>,
    triple: impl Fn(&T) -> (GroupId, GroupId, GroupId),
    combine: impl Fn(&mut T, &T),
) {
    let packed = |item: &T| {
        let (high, middle, low) = triple(item);
        u128::from(high) << 64 | u128::from(middle) << 32 | u128::from(low)
    };
    merge_by(items, packed, combine);
}

#[cfg(test)]
mod tests {
    use super::{merge_activity, Activity, GroupId};

    fn entry(object: GroupId, user: GroupId, action: GroupId, count: u64) -> Activity {
        Activity {
            object,
            user,
            action,
            count,
            last: count as i64,
        }
    }

    /// Every triple of small and largest numbers, twice each (counts 1 and 2), in a scrambled
    /// order: merged once each, in the triple's order.
    #[test]
    fn activity_merges_in_the_order_of_its_triples() {
        let numbers = [0, 1, 7, 1 << 21, u32::MAX - 1, u32::MAX];
        let mut activity = Vec::new();
        for count in [1, 2] {
            for &object in &numbers {
                for &user in &numbers {
                    for &action in &numbers {
                        activity.push(entry(object, user, action, count));
                    }
                }
            }
        }
        // A fixed scramble: reversed halves interleaved.
        let (front, back) = activity.split_at(activity.len() / 2);
        let mut scrambled: Vec<Activity> = back
            .iter()
            .rev()
            .zip(front.iter())
            .flat_map(|(a, b)| [*a, *b])
            .collect();
        merge_activity(&mut scrambled);
        let triples: Vec<_> = scrambled
            .iter()
            .map(|a| (a.object, a.user, a.action))
            .collect();
        let mut expected = triples.clone();
        expected.sort();
        expected.dedup();
        assert_eq!(triples, expected);
        assert_eq!(triples.len(), numbers.len().pow(3));
        assert!(scrambled.iter().all(|a| a.count == 3 && a.last == 2));
    }
}
