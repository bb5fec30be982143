//! The object an event concerns, derived from which fields are set (the log has no type field).
//!
//! Rule (fixed, so that every number is reproducible): `dataset` if `dataset_id` is set, else
//! `page` if `page_id`, else `map` if `map_id`, else `group` if `group_id`, else `reuse` if
//! `reuse_title`, else `user` if `username`, else `workspace`. The id is that field's value; for a
//! workspace it is `subdomain_id` when set, else `domain_id`. Empty strings count as unset.

use std::collections::HashMap;

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

    /// The field that, when set, makes an event concern this type (none for a workspace).
    pub fn field(self) -> Option<TextField> {
        match self {
            ObjectType::Dataset => Some(TextField::DatasetId),
            ObjectType::Page => Some(TextField::PageId),
            ObjectType::Map => Some(TextField::MapId),
            ObjectType::Group => Some(TextField::GroupId),
            ObjectType::Reuse => Some(TextField::ReuseTitle),
            ObjectType::User => Some(TextField::Username),
            ObjectType::Workspace => None,
        }
    }
}

/// The workspace of an event: `subdomain_id` when set, else `domain_id`.
pub fn workspace_of(store: &Store, row: usize) -> StrId {
    match store.id(row, TextField::SubdomainId) {
        EMPTY => store.id(row, TextField::DomainId),
        sub => sub,
    }
}

/// The object an event concerns: its type and the interned id.
pub fn object_of(store: &Store, row: usize) -> (ObjectType, StrId) {
    for kind in ObjectType::ALL {
        match kind.field() {
            Some(field) => {
                let id = store.id(row, field);
                if id != EMPTY {
                    return (kind, id);
                }
            }
            None => return (kind, workspace_of(store, row)),
        }
    }
    (ObjectType::Workspace, workspace_of(store, row))
}

/// The object of an event from its fields' text ("" when unset): the rule of [`object_of`].
pub fn object_of_text<'a>(text: impl Fn(TextField) -> &'a str) -> (ObjectType, &'a str) {
    for kind in ObjectType::ALL {
        if let Some(field) = kind.field() {
            let value = text(field);
            if !value.is_empty() {
                return (kind, value);
            }
        }
    }
    match text(TextField::SubdomainId) {
        "" => (ObjectType::Workspace, text(TextField::DomainId)),
        subdomain => (ObjectType::Workspace, subdomain),
    }
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
    numbers: HashMap<(ObjectType, StrId), u32>,
}

impl ObjectIndex {
    pub fn build(store: &Store) -> Self {
        let mut index = ObjectIndex::default();
        index.row_object.reserve(store.len());
        for row in 0..store.len() {
            let key = object_of(store, row);
            let next = index.kinds.len() as u32;
            let number = *index.numbers.entry(key).or_insert(next);
            if number == next {
                index.kinds.push(key.0);
                index.names.push(key.1);
            }
            index.row_object.push(number);
        }
        index
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
        assert_eq!(index.find(&store, ObjectType::Page, "a"), Some(1));
        assert_eq!(index.find(&store, ObjectType::Map, "a"), None);
        assert_eq!(index.kind_of_row(1), ObjectType::Page);
        assert_eq!(ObjectType::from_name("reuse"), Some(ObjectType::Reuse));
    }
}
