//! `IndexedLog`: the store with what every view needs precomputed once per load — each event's
//! local day, its object's number, and a dense number per user.

use crate::calendar::{LocalDays, Zone};
use crate::objects::{workspace_of, ObjectIndex};
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
    /// Indexes a complete store (its spare capacity is released: nothing is added after this).
    pub fn new(store: Store, zone: Zone) -> Self {
        let days = LocalDays::compute(&store, zone);
        let objects = ObjectIndex::build(&store);
        Self::of_parts(store, days, objects)
    }

    /// [`IndexedLog::new`] from its local days and objects computed apart (so that a page can
    /// yield between them). Parts of another store's length are computed again.
    pub fn of_parts(mut store: Store, mut days: LocalDays, mut objects: ObjectIndex) -> Self {
        store.shrink_to_fit();
        if days.days.len() != store.len() || days.hours.len() != store.len() {
            days = LocalDays::compute(&store, days.zone);
        }
        if objects.row_object.len() != store.len() {
            objects = ObjectIndex::build(&store);
        }
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
        crate::sorting::sort(&mut names);
        names
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Record;

    fn store(users: &[&str]) -> Store {
        let records: Vec<Record> = users
            .iter()
            .enumerate()
            .map(|(i, user)| Record {
                timestamp: chrono::DateTime::from_timestamp(1_700_000_000 + i as i64 * 50_000, 0)
                    .unwrap(),
                domain_id: "ws".into(),
                user_id: user.to_string(),
                action: "edit".into(),
                dataset_id: Some(format!("set-{}", i % 2)),
                ..Record::default()
            })
            .collect();
        Store::from_records(&records)
    }

    /// Parts computed apart make the same index; parts of another store are not used.
    #[test]
    fn an_index_of_parts_is_the_index() {
        let zone: Zone = "Europe/Paris".parse().unwrap();
        let whole = IndexedLog::new(store(&["ann", "bob", "ann"]), zone);
        let mine = store(&["ann", "bob", "ann"]);
        let (days, objects) = (LocalDays::compute(&mine, zone), ObjectIndex::build(&mine));
        let of_parts = IndexedLog::of_parts(mine, days, objects);
        let other = store(&["cy"]);
        let (days, objects) = (LocalDays::compute(&other, zone), ObjectIndex::build(&other));
        let of_wrong_parts = IndexedLog::of_parts(store(&["ann", "bob", "ann"]), days, objects);
        for log in [of_parts, of_wrong_parts] {
            assert_eq!(log.days.days, whole.days.days);
            assert_eq!(log.days.hours, whole.days.hours);
            assert_eq!(log.objects.row_object, whole.objects.row_object);
            assert_eq!(log.objects.row_object, [0, 1, 0]);
            assert_eq!(log.user_numbers, whole.user_numbers);
            assert_eq!(log.user_count, 2);
        }
    }
}
