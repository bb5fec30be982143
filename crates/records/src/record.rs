//! The activity-log record: its 12 fields, the borrowed form parsed from the API, and an owned
//! form used by the demo generator and by tests.

use std::borrow::Cow;
use std::fmt;

use chrono::{DateTime, Utc};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

/// Every field of the activity log, in the order the platform lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Timestamp,
    Text(TextField),
    Diff,
}

/// The text fields kept as interned ids in the store (everything but `timestamp` and `diff`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TextField {
    DomainId,
    UserId,
    DatasetId,
    Username,
    Action,
    GroupId,
    PageId,
    MapId,
    ReuseTitle,
    SubdomainId,
}

impl TextField {
    pub const ALL: [TextField; 10] = [
        TextField::DomainId,
        TextField::UserId,
        TextField::DatasetId,
        TextField::Username,
        TextField::Action,
        TextField::GroupId,
        TextField::PageId,
        TextField::MapId,
        TextField::ReuseTitle,
        TextField::SubdomainId,
    ];

    /// Position of this field's column in the store.
    pub fn index(self) -> usize {
        self as usize
    }

    pub fn name(self) -> &'static str {
        match self {
            TextField::DomainId => "domain_id",
            TextField::UserId => "user_id",
            TextField::DatasetId => "dataset_id",
            TextField::Username => "username",
            TextField::Action => "action",
            TextField::GroupId => "group_id",
            TextField::PageId => "page_id",
            TextField::MapId => "map_id",
            TextField::ReuseTitle => "reuse_title",
            TextField::SubdomainId => "subdomain_id",
        }
    }
}

impl Field {
    /// The 12 fields in the platform's order.
    pub const ALL: [Field; 12] = [
        Field::Timestamp,
        Field::Text(TextField::DomainId),
        Field::Text(TextField::UserId),
        Field::Text(TextField::DatasetId),
        Field::Text(TextField::Username),
        Field::Text(TextField::Action),
        Field::Text(TextField::GroupId),
        Field::Text(TextField::PageId),
        Field::Diff,
        Field::Text(TextField::MapId),
        Field::Text(TextField::ReuseTitle),
        Field::Text(TextField::SubdomainId),
    ];

    pub fn name(self) -> &'static str {
        match self {
            Field::Timestamp => "timestamp",
            Field::Diff => "diff",
            Field::Text(field) => field.name(),
        }
    }
}

/// One record as it comes from an export, borrowing from the response bytes where it can.
///
/// Every field is optional here: validation (what a record must have) is the store's job, so a
/// record with a missing field is counted and reported rather than failing the whole body.
/// Numbers and booleans are accepted as text; objects and arrays are not.
#[derive(Debug, Default, Deserialize)]
pub struct RawRecord<'a> {
    #[serde(borrow, default, deserialize_with = "lenient_text")]
    pub timestamp: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "lenient_text")]
    pub domain_id: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "lenient_text")]
    pub user_id: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "lenient_text")]
    pub dataset_id: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "lenient_text")]
    pub username: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "lenient_text")]
    pub action: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "lenient_text")]
    pub group_id: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "lenient_text")]
    pub page_id: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "lenient_text")]
    pub diff: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "lenient_text")]
    pub map_id: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "lenient_text")]
    pub reuse_title: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "lenient_text")]
    pub subdomain_id: Option<Cow<'a, str>>,
}

impl<'a> RawRecord<'a> {
    /// The text fields in [`TextField::ALL`]'s order: read at once for each record parsed,
    /// rather than field by field through [`RawRecord::text`]'s match.
    pub fn texts(&self) -> [Option<&str>; TextField::ALL.len()] {
        [
            self.domain_id.as_deref(),
            self.user_id.as_deref(),
            self.dataset_id.as_deref(),
            self.username.as_deref(),
            self.action.as_deref(),
            self.group_id.as_deref(),
            self.page_id.as_deref(),
            self.map_id.as_deref(),
            self.reuse_title.as_deref(),
            self.subdomain_id.as_deref(),
        ]
    }

    /// Which fields the record gives (null or absent: not given), in [`Field::ALL`]'s order.
    pub fn given(&self) -> [bool; Field::ALL.len()] {
        [
            self.timestamp.is_some(),
            self.domain_id.is_some(),
            self.user_id.is_some(),
            self.dataset_id.is_some(),
            self.username.is_some(),
            self.action.is_some(),
            self.group_id.is_some(),
            self.page_id.is_some(),
            self.diff.is_some(),
            self.map_id.is_some(),
            self.reuse_title.is_some(),
            self.subdomain_id.is_some(),
        ]
    }

    pub fn text(&self, field: TextField) -> Option<&str> {
        let value = match field {
            TextField::DomainId => &self.domain_id,
            TextField::UserId => &self.user_id,
            TextField::DatasetId => &self.dataset_id,
            TextField::Username => &self.username,
            TextField::Action => &self.action,
            TextField::GroupId => &self.group_id,
            TextField::PageId => &self.page_id,
            TextField::MapId => &self.map_id,
            TextField::ReuseTitle => &self.reuse_title,
            TextField::SubdomainId => &self.subdomain_id,
        };
        value.as_deref()
    }
}

fn lenient_text<'de, D>(deserializer: D) -> Result<Option<Cow<'de, str>>, D::Error>
where
    D: Deserializer<'de>,
{
    deserializer.deserialize_any(LenientText)
}

/// Accepts a string (borrowed when it has no escapes), a number, a boolean or null.
struct LenientText;

impl<'de> Visitor<'de> for LenientText {
    type Value = Option<Cow<'de, str>>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("text, a number, a boolean or null")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Some(Cow::Borrowed(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v)))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v.to_string())))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v.to_string())))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v.to_string())))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v.to_string())))
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(LenientText)
    }
}

/// An owned record: what the demo generator makes and tests build by hand.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub timestamp: DateTime<Utc>,
    pub domain_id: String,
    pub user_id: String,
    pub dataset_id: Option<String>,
    pub username: Option<String>,
    pub action: String,
    pub group_id: Option<String>,
    pub page_id: Option<String>,
    pub diff: Option<String>,
    pub map_id: Option<String>,
    pub reuse_title: Option<String>,
    pub subdomain_id: Option<String>,
}

impl Record {
    /// The record as the API renders it, with `timestamp` already formatted by the caller
    /// (the API renders it in the `timezone` asked for).
    pub fn to_json_with_timestamp(&self, timestamp: &str) -> serde_json::Value {
        serde_json::json!({
            "timestamp": timestamp,
            "domain_id": self.domain_id,
            "user_id": self.user_id,
            "dataset_id": self.dataset_id,
            "username": self.username,
            "action": self.action,
            "group_id": self.group_id,
            "page_id": self.page_id,
            "diff": self.diff,
            "map_id": self.map_id,
            "reuse_title": self.reuse_title,
            "subdomain_id": self.subdomain_id,
        })
    }

    /// The value of a text field, `None` when unset.
    pub fn text(&self, field: TextField) -> Option<&str> {
        match field {
            TextField::DomainId => Some(&self.domain_id),
            TextField::UserId => Some(&self.user_id),
            TextField::Action => Some(&self.action),
            TextField::DatasetId => self.dataset_id.as_deref(),
            TextField::Username => self.username.as_deref(),
            TextField::GroupId => self.group_id.as_deref(),
            TextField::PageId => self.page_id.as_deref(),
            TextField::MapId => self.map_id.as_deref(),
            TextField::ReuseTitle => self.reuse_title.as_deref(),
            TextField::SubdomainId => self.subdomain_id.as_deref(),
        }
    }
}

/// Why one record was skipped.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum SkipReason {
    /// Not valid JSON (a JSONL line, or an element of the array).
    InvalidJson,
    /// Valid JSON, but not an object, or a field holds an object or an array.
    NotARecord,
    NoTimestamp,
    BadTimestamp,
    NoAction,
    /// A CSV row that could not be read (bad quoting, not UTF-8).
    InvalidCsv,
    /// An element larger than any record could be (see `parse::json::MAX_ELEMENT_BYTES`):
    /// skipped without being held in memory.
    TooLarge,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_and_given_are_each_field_in_its_place() {
        let json = r#"{"timestamp":"t","domain_id":"d","user_id":"u","dataset_id":"ds",
            "username":"un","action":"a","group_id":"g","page_id":null,"diff":"df",
            "map_id":"m","reuse_title":"r"}"#;
        let record: RawRecord = serde_json::from_str(json).unwrap();
        let texts = record.texts();
        for (position, field) in TextField::ALL.into_iter().enumerate() {
            assert_eq!(field.index(), position, "{field:?}: the store's column");
            assert_eq!(texts[position], record.text(field), "{field:?}");
        }
        let given: Vec<&str> = Field::ALL
            .iter()
            .zip(record.given())
            .filter(|(_, given)| *given)
            .map(|(field, _)| field.name())
            .collect();
        // Hand-listed: every field of the JSON above but the null and the absent one.
        let expected = "timestamp domain_id user_id dataset_id username action group_id diff \
            map_id reuse_title";
        assert_eq!(given.join(" "), expected);
    }

    #[test]
    fn raw_record_borrows_plain_strings_and_accepts_numbers() {
        let json = r#"{"timestamp":"2024-01-01T00:00:00Z","user_id":42,"action":"edit\u0041","diff":null}"#;
        let record: RawRecord = serde_json::from_str(json).unwrap();
        assert!(matches!(record.timestamp, Some(Cow::Borrowed(_))));
        assert_eq!(record.user_id.as_deref(), Some("42"));
        assert_eq!(record.action.as_deref(), Some("editA"));
        assert_eq!(record.diff, None);
        assert_eq!(record.page_id, None);
    }

    #[test]
    fn raw_record_rejects_an_object_as_a_field() {
        let json = r#"{"timestamp":"2024-01-01T00:00:00Z","user_id":{"a":1}}"#;
        assert!(serde_json::from_str::<RawRecord>(json).is_err());
    }

    #[test]
    fn field_names_follow_the_platform_order() {
        let names: Vec<_> = Field::ALL.iter().map(|f| f.name()).collect();
        assert_eq!(
            names,
            [
                "timestamp",
                "domain_id",
                "user_id",
                "dataset_id",
                "username",
                "action",
                "group_id",
                "page_id",
                "diff",
                "map_id",
                "reuse_title",
                "subdomain_id"
            ]
        );
    }
}
