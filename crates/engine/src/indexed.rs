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
    pub fn new(mut store: Store, zone: Zone) -> Self {
        store.shrink_to_fit();
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
