//! Per object, per user and per value counts: the lists of the dashboard and behind *Show more*,
//! and the top users broken down by action.
//!
//! Ordering rules (so that every list is reproducible): counts descending, then the name
//! ascending; objects tie-break on type (rule order) then id.

use std::cmp::Ordering;

use crate::distinct::Distinct;
use crate::indexed::{IndexedLog, NO_USER};
use crate::objects::ObjectType;
use crate::record::TextField;
use crate::store::{StrId, EMPTY};

/// A line of a list that sorts by a column, with a fixed tie-break so that every order is
/// reproducible.
pub trait Sortable {
    type Column: Copy;
    /// The order by one column, ascending.
    fn cmp_by(&self, other: &Self, column: Self::Column) -> Ordering;
    /// The order between lines that tie on the column: most actions first, then the name.
    fn tie_break(&self, other: &Self) -> Ordering;
}

/// Sorts a list by a column, either way; ties always in the same order. The standard sort, not
/// [`crate::sorting`]'s shared one: the lists of objects, thousands of lines, are sorted at every
/// click, which is where the shared sort's indirect comparison would be felt.
pub fn sort_by_column<T: Sortable>(stats: &mut [T], column: T::Column, descending: bool) {
    stats.sort_by(|a, b| {
        let primary = a.cmp_by(b, column);
        let primary = if descending {
            primary.reverse()
        } else {
            primary
        };
        primary.then_with(|| a.tie_break(b))
    });
}

/// One object's line in the "Modified datasets, pages or workspaces" lists.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
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
    sort_by_column(&mut stats, ObjectSort::Actions, true);
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

impl Sortable for ObjectStat {
    type Column = ObjectSort;

    fn cmp_by(&self, other: &Self, column: ObjectSort) -> Ordering {
        match column {
            ObjectSort::Type => self.kind.cmp(&other.kind),
            ObjectSort::Id => self.id.cmp(&other.id),
            ObjectSort::Actions => self.actions.cmp(&other.actions),
            ObjectSort::Users => self.users.cmp(&other.users),
            ObjectSort::Last => self.last.cmp(&other.last),
        }
    }

    fn tie_break(&self, other: &Self) -> Ordering {
        other
            .actions
            .cmp(&self.actions)
            .then_with(|| self.kind.cmp(&other.kind))
            .then_with(|| self.id.cmp(&other.id))
    }
}

/// One user's line in the "Active users" lists.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
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

impl Sortable for UserStat {
    type Column = UserSort;

    fn cmp_by(&self, other: &Self, column: UserSort) -> Ordering {
        match column {
            UserSort::User => self.user.cmp(&other.user),
            UserSort::Actions => self.actions.cmp(&other.actions),
            UserSort::Objects => self.objects.cmp(&other.objects),
            UserSort::Last => self.last.cmp(&other.last),
        }
    }

    fn tie_break(&self, other: &Self) -> Ordering {
        other
            .actions
            .cmp(&self.actions)
            .then_with(|| self.user.cmp(&other.user))
    }
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
    crate::sorting::sort_by(&mut named, |a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    named
}

/// The top users broken down by action: `counts[u][a]` is user `users[u]`'s actions named
/// `actions[a]`. Users are the `top` most active; actions are those they did, most frequent first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UsersByAction {
    pub users: Vec<String>,
    pub actions: Vec<String>,
    pub counts: Vec<Vec<u64>>,
}
