//! The object an event concerns, derived from which fields are set (the log has no type field).
//!
//! Rule (fixed, so that every number is reproducible; written once, in [`OBJECT_RULE`] and
//! [`WORKSPACE_RULE`]): `dataset` if `dataset_id` is set, else `page` if `page_id`, else `map`
//! if `map_id`, else `group` if `group_id`, else `reuse` if `reuse_title`, else `user` if
//! `username`, else `workspace`. The id is that field's value; for a workspace it is
//! `subdomain_id` when set, else `domain_id`. Empty strings count as unset.

use rustc_hash::FxHashMap;

use crate::record::TextField;
use crate::store::{Store, StrId, EMPTY};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ObjectType {
    Dataset,
    Page,
    Map,
    Group,
    Reuse,
    User,
    Workspace,
}

impl ObjectType {
    /// In the order of the derivation rule.
    pub const ALL: [ObjectType; 7] = [
        ObjectType::Dataset,
        ObjectType::Page,
        ObjectType::Map,
        ObjectType::Group,
        ObjectType::Reuse,
        ObjectType::User,
        ObjectType::Workspace,
    ];

    /// The name used in URLs and legends' keys: `dataset`, `page`, …
    pub fn name(self) -> &'static str {
        match self {
            ObjectType::Dataset => "dataset",
            ObjectType::Page => "page",
            ObjectType::Map => "map",
            ObjectType::Group => "group",
            ObjectType::Reuse => "reuse",
            ObjectType::User => "user",
            ObjectType::Workspace => "workspace",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.name() == name)
    }

    /// Its place in [`ObjectType::ALL`], as kept files write it.
    pub fn number(self) -> u8 {
        Self::ALL.iter().position(|kind| *kind == self).unwrap_or(0) as u8
    }

    /// The type at `number` in [`ObjectType::ALL`].
    pub fn from_number(number: u8) -> Option<Self> {
        Self::ALL.get(number as usize).copied()
    }

    /// The field that, when set, makes an event concern this type (none for a workspace), as
    /// [`OBJECT_RULE`] says.
    pub fn field(self) -> Option<TextField> {
        OBJECT_RULE
            .iter()
            .find(|(kind, _)| *kind == self)
            .map(|(_, field)| *field)
    }
}

/// The object rule as a table, the one place it is written: an event concerns the first type
/// whose field is set (empty counts as unset), else its workspace. Read by the interpreters
/// below (on a store's rows, on fields' text) and by the app's ODSQL one (`api::aggregates`).
pub const OBJECT_RULE: [(ObjectType, TextField); 6] = [
    (ObjectType::Dataset, TextField::DatasetId),
    (ObjectType::Page, TextField::PageId),
    (ObjectType::Map, TextField::MapId),
    (ObjectType::Group, TextField::GroupId),
    (ObjectType::Reuse, TextField::ReuseTitle),
    (ObjectType::User, TextField::Username),
];

/// The workspace rule: the first of these fields that is set.
pub const WORKSPACE_RULE: [TextField; 2] = [TextField::SubdomainId, TextField::DomainId];

/// Every field the object rule reads, in the rule's order: what a portal query groups by to
/// know each group's object.
pub fn object_fields() -> Vec<TextField> {
    OBJECT_RULE
        .iter()
        .map(|(_, field)| *field)
        .chain(WORKSPACE_RULE)
        .collect()
}

/// The workspace of an event: `subdomain_id` when set, else `domain_id`.
pub fn workspace_of(store: &Store, row: usize) -> StrId {
    WORKSPACE_RULE
        .iter()
        .map(|&field| store.id(row, field))
        .find(|&id| id != EMPTY)
        .unwrap_or(EMPTY)
}

/// The object an event concerns: its type and the interned id.
pub fn object_of(store: &Store, row: usize) -> (ObjectType, StrId) {
    OBJECT_RULE
        .iter()
        .map(|&(kind, field)| (kind, store.id(row, field)))
        .find(|&(_, id)| id != EMPTY)
        .unwrap_or_else(|| (ObjectType::Workspace, workspace_of(store, row)))
}

/// The object of an event from its fields' text ("" when unset): the rule of [`object_of`].
pub fn object_of_text<'a>(text: impl Fn(TextField) -> &'a str) -> (ObjectType, &'a str) {
    let workspace = || {
        WORKSPACE_RULE
            .iter()
            .map(|&field| text(field))
            .find(|value| !value.is_empty())
            .unwrap_or("")
    };
    OBJECT_RULE
        .iter()
        .map(|&(kind, field)| (kind, text(field)))
        .find(|(_, value)| !value.is_empty())
        .unwrap_or_else(|| (ObjectType::Workspace, workspace()))
}

/// Every distinct object gets a dense number once; each row knows its object's number.
#[derive(Clone, Debug, Default)]
pub struct ObjectIndex {
    /// Per object: its type.
    pub kinds: Vec<ObjectType>,
    /// Per object: its id, interned in the store.
    pub names: Vec<StrId>,
    /// Per row: its object's number.
    pub row_object: Vec<u32>,
    /// A fast hash: a million rows are looked up here at every load (SipHash took 30 ns each).
    numbers: FxHashMap<(ObjectType, StrId), u32>,
}

impl ObjectIndex {
    pub fn build(store: &Store) -> Self {
        let mut index = ObjectIndex::default();
        index.extend_to(store, store.len());
        index
    }

    /// Numbers the objects of `store`'s rows after those already here, up to `end` (a page
    /// indexes a large store a slice at a time).
    pub fn extend_to(&mut self, store: &Store, end: usize) {
        let rows = self.row_object.len()..end.min(store.len());
        self.row_object.reserve(rows.len());
        for row in rows {
            let number = self.number_of(object_of(store, row));
            self.row_object.push(number);
        }
    }

    /// The number of an object, given one if it has none yet.
    fn number_of(&mut self, key: (ObjectType, StrId)) -> u32 {
        let next = self.kinds.len() as u32;
        let number = *self.numbers.entry(key).or_insert(next);
        if number == next {
            self.kinds.push(key.0);
            self.names.push(key.1);
        }
        number
    }

    pub fn len(&self) -> usize {
        self.kinds.len()
    }

    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty()
    }

    /// The number of the object with this type and id, if the log has it.
    pub fn find(&self, store: &Store, kind: ObjectType, id: &str) -> Option<u32> {
        let name = store.strings().lookup(id)?;
        self.numbers.get(&(kind, name)).copied()
    }

    /// The type of a row's object.
    pub fn kind_of_row(&self, row: usize) -> ObjectType {
        self.kinds[self.row_object[row] as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Record;

    fn record(edit: impl FnOnce(&mut Record)) -> Record {
        let mut record = Record {
            timestamp: "2024-01-01T00:00:00Z".parse().unwrap(),
            domain_id: "main".into(),
            user_id: "u".into(),
            action: "a".into(),
            ..Record::default()
        };
        edit(&mut record);
        record
    }

    #[test]
    fn the_first_set_field_in_rule_order_wins_and_empty_counts_as_unset() {
        let records = [
            record(|r| {
                r.dataset_id = Some("trees".into());
                r.page_id = Some("home".into());
            }),
            record(|r| {
                r.dataset_id = Some(String::new());
                r.page_id = Some("home".into());
            }),
            record(|r| r.map_id = Some("m".into())),
            record(|r| r.group_id = Some("g".into())),
            record(|r| r.reuse_title = Some("R".into())),
            record(|r| r.username = Some("new".into())),
            record(|r| r.subdomain_id = Some("sub".into())),
            record(|_| {}),
        ];
        let store = Store::from_records(&records);
        let got: Vec<(&str, &str)> = (0..store.len())
            .map(|row| {
                let (kind, id) = object_of(&store, row);
                (kind.name(), store.strings().get(id))
            })
            .collect();
        assert_eq!(
            got,
            [
                ("dataset", "trees"),
                ("page", "home"),
                ("map", "m"),
                ("group", "g"),
                ("reuse", "R"),
                ("user", "new"),
                ("workspace", "sub"),
                ("workspace", "main"),
            ]
        );
    }

    #[test]
    fn index_numbers_objects_once() {
        let records = [
            record(|r| r.dataset_id = Some("a".into())),
            record(|r| r.page_id = Some("a".into())),
            record(|r| r.dataset_id = Some("a".into())),
        ];
        let store = Store::from_records(&records);
        let index = ObjectIndex::build(&store);
        assert_eq!(index.len(), 2);
        assert_eq!(index.row_object, vec![0, 1, 0]);
        // A row at a time, as the page numbers them: the same numbers.
        let mut in_slices = ObjectIndex::default();
        (1..=3).for_each(|end| in_slices.extend_to(&store, end));
        in_slices.extend_to(&store, 10);
        in_slices.extend_to(&store, 1);
        assert_eq!(in_slices.row_object, vec![0, 1, 0]);
        assert_eq!(in_slices.find(&store, ObjectType::Page, "a"), Some(1));
        assert_eq!(index.find(&store, ObjectType::Page, "a"), Some(1));
        assert_eq!(index.find(&store, ObjectType::Map, "a"), None);
        assert_eq!(index.kind_of_row(1), ObjectType::Page);
        assert_eq!(ObjectType::from_name("reuse"), Some(ObjectType::Reuse));
    }
}
